/* Channel chooser (guides/channel-chooser): one question at a time over the tree that the
   build wrote into the page as a JSON island beside the nested-list version. Without this
   script the nested lists show every question and result. The path is kept in the URL hash
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
    var island = root.querySelector("script.kb-chooser-data");
    var tree = root.querySelector(".kb-chooser-tree");
    if (!island || !tree) return;
    var data = JSON.parse(island.textContent);
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
    var toggle = el("button", { type: "button", "class": "kb-chooser-toggle", "aria-expanded": "false",
                                "aria-controls": tree.id }, ui.show_tree);
    controls.appendChild(back);
    controls.appendChild(restart);
    controls.appendChild(link);
    [trail, heading, body, controls].forEach(function (e) { app.appendChild(e); });
    var togglePara = el("p", { "class": "kb-chooser-toggle-line" });
    togglePara.appendChild(toggle);
    root.insertBefore(app, tree);
    root.insertBefore(togglePara, tree);
    tree.hidden = true;

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
        /* The outcome as the tree shows it (built from data/channels.yml), without the
           channel line, which the heading already says. */
        var id = state.ids[state.ids.length - 1];
        var box = el("div", { "class": "kb-chooser-outcome" });
        var shown = null;
        tree.querySelectorAll(".kb-chooser-outcome[data-kb-node]").forEach(function (o) {
          if (!shown && o.getAttribute("data-kb-node") === id) shown = o;
        });
        if (shown) {
          Array.prototype.forEach.call(shown.children, function (child) {
            if (!child.classList.contains("kb-chooser-channel")) box.appendChild(child.cloneNode(true));
          });
        }
        body.appendChild(box);
        app.setAttribute("data-kb-outcome", state.ids[state.ids.length - 1]);
      }
      back.disabled = restart.disabled = state.ids.length === 0;
      link.setAttribute("href", "#" + PREFIX + state.ids.join("/"));
      if (focus) heading.focus();
    }

    back.addEventListener("click", function () { go(follow(data, hashPath() || []).ids.slice(0, -1)); });
    restart.addEventListener("click", function () { go([]); });
    toggle.addEventListener("click", function () {
      var open = tree.hidden;
      tree.hidden = !open;
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      toggle.textContent = open ? ui.hide_tree : ui.show_tree;
    });
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
