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

/* A table wider than the page scrolls inside Material's wrapper: make that wrapper reachable and
   scrollable from the keyboard (WCAG 2.1.1; axe rule scrollable-region-focusable). */
(function () {
  function focusableScrollwraps() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (el) {
      if (el.scrollWidth > el.clientWidth + 1) {
        el.setAttribute("tabindex", "0");
        el.setAttribute("data-kb-scroll", "");
      } else if (el.hasAttribute("data-kb-scroll")) {
        el.removeAttribute("tabindex");
        el.removeAttribute("data-kb-scroll");
      }
    });
  }
  function later() { setTimeout(focusableScrollwraps, 0); }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(later);
  } else {
    document.addEventListener("DOMContentLoaded", later);
  }
  window.addEventListener("resize", later);
})();
