/* Open every collapsed block before printing, so handouts show quiz answers. */
window.addEventListener("beforeprint", function () {
  document.querySelectorAll("details:not([open])").forEach(function (d) {
    d.setAttribute("open", ""); d.setAttribute("data-kb-print-opened", "");
  });
});
window.addEventListener("afterprint", function () {
  document.querySelectorAll("details[data-kb-print-opened]").forEach(function (d) {
    d.removeAttribute("open"); d.removeAttribute("data-kb-print-opened");
  });
});
