/* Channel chooser (guides/channel-chooser): one question at a time over the tree that the
   build wrote into assets/kb-chooser-data.<lang>.js (window.kbChooserData: questions, answers
   and each outcome's HTML), which the page loads before this script. Without scripts,
   guides/channel-chooser-all lists every question and result. The path is kept in the URL hash
   (#path=wages/wages-employed), so a link opens a scenario and the browser's back button
   steps back. Works from file:// and under any sub-path; no dependencies. */
(function () {
  "use strict";
  var PREFIX = "path=";

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text) e.textContent = text;
    return e;
  }

  function hashPath() {
    var h = location.hash.replace(/^#/, "");
    if (h.indexOf(PREFIX) !== 0) return null;
    var rest = decodeURIComponent(h.slice(PREFIX.length));
    return rest ? rest.split("/") : [];
  }

  /* The longest prefix of `path` that follows the tree's answers, and the labels chosen. */
  function follow(data, path) {
    var node = data.nodes[data.start], ids = [], labels = [];
    for (var i = 0; i < path.length && node && node.answers; i++) {
      var pick = null;
      node.answers.forEach(function (a) { if (!pick && a.next === path[i]) pick = a; });
      if (!pick || !data.nodes[pick.next]) break;
      ids.push(pick.next);
      labels.push(pick.label);
      node = data.nodes[pick.next];
    }
    return { ids: ids, labels: labels, node: node };
  }

  function setup(root) {
    if (root.hasAttribute("data-kb-ready")) return;
    var data = window.kbChooserData;
    if (!data || !data.nodes) return;
    var ui = data.ui;
    root.setAttribute("data-kb-ready", "");

    var app = el("div", { "class": "kb-chooser-app", role: "region", "aria-label": ui.label });
    var trail = el("p", { "class": "kb-chooser-trail", "aria-live": "polite" });
    var heading = el("h3", { "class": "kb-chooser-heading", tabindex: "-1" });
    var body = el("div", { "class": "kb-chooser-body" });
    var controls = el("p", { "class": "kb-chooser-controls" });
    var back = el("button", { type: "button", "class": "md-button kb-chooser-back" }, ui.back);
    var restart = el("button", { type: "button", "class": "md-button kb-chooser-restart" }, ui.restart);
    var link = el("a", { "class": "kb-chooser-link", href: "#" + PREFIX }, ui.link);
    controls.appendChild(back);
    controls.appendChild(restart);
    controls.appendChild(link);
    [trail, heading, body, controls].forEach(function (e) { app.appendChild(e); });
    root.appendChild(app);

    function go(ids) { location.hash = PREFIX + ids.join("/"); }

    function render(focus) {
      var state = follow(data, hashPath() || []);
      var node = state.node;
      trail.textContent = state.labels.length ? ui.trail + state.labels.join(" › ") : ui.trail_empty;
      body.textContent = "";
      if (node.answers) {
        heading.textContent = node.q;
        var list = el("ul", { "class": "kb-chooser-answers" });
        node.answers.forEach(function (a) {
          var li = el("li");
          var b = el("button", { type: "button", "data-next": a.next }, a.label);
          b.addEventListener("click", function () { go(state.ids.concat([a.next])); });
          li.appendChild(b);
          list.appendChild(li);
        });
        body.appendChild(list);
        app.removeAttribute("data-kb-outcome");
      } else {
        heading.textContent = ui.channel + (ui.sep === "；" ? "：" : ": ") + node.title;
        /* The outcome's facts and guide links, built from data/channels.yml (its channel
           line is the heading); citation links get the article's words as titles (kb.js). */
        var box = el("div", { "class": "kb-chooser-outcome" });
        box.innerHTML = node.html;
        body.appendChild(box);
        if (window.kbFillTooltips) window.kbFillTooltips(box);
        app.setAttribute("data-kb-outcome", state.ids[state.ids.length - 1]);
      }
      back.disabled = restart.disabled = state.ids.length === 0;
      link.setAttribute("href", "#" + PREFIX + state.ids.join("/"));
      if (focus) heading.focus();
    }

    back.addEventListener("click", function () { go(follow(data, hashPath() || []).ids.slice(0, -1)); });
    restart.addEventListener("click", function () { go([]); });
    root.kbRender = render;
    render(false);
  }

  function init() {
    document.querySelectorAll("[data-kb-chooser]").forEach(setup);
  }

  window.addEventListener("hashchange", function () {
    if (location.hash.length > 1 && hashPath() === null) return;   /* an ordinary anchor */
    document.querySelectorAll("[data-kb-chooser][data-kb-ready]").forEach(function (root) {
      if (root.kbRender) root.kbRender(true);
    });
  });

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);          /* Material: also after instant navigation */
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
