/* Tooltips from the shared assets/kb-articles.js (window.kbTooltips, written by the build
   and loaded before this script): a citation link (to …/policies/x.html#art-34, a quoted
   article) gets the article's words as its title, a glossary link (a.kb-term, to
   …glossary.html#id) the definition. The pages do not carry these words (page weight).
   This runs while the page loads, before Material turns titles into tooltips
   (content.tooltips, on DOMContentLoaded). */
(function () {
  "use strict";
  var tips = window.kbTooltips || {};   // without the file: no words, the links still work
  var lang = (document.documentElement.lang || "").slice(0, 2) === "en" ? "en" : "zh";
  var terms = (tips.terms || {})[lang] || {};
  var articles = tips.articles || {};
  var pages = {};   // "policies/x.html" -> true
  Object.keys(articles).forEach(function (k) { pages[k.split("#")[0]] = true; });
  var pageList = Object.keys(pages);

  function articleWords(a) {
    var url;
    try { url = new URL(a.getAttribute("href") || "", location.href); } catch (e) { return ""; }
    var path = decodeURIComponent(url.pathname);
    for (var i = 0; i < pageList.length; i++) {
      var p = pageList[i];
      if (path === p || path.slice(-(p.length + 1)) === "/" + p) return articles[p + url.hash] || "";
    }
    return "";
  }

  function fillOne(a) {
    var w = "";
    if (a.classList.contains("kb-term")) {
      w = terms[decodeURIComponent((a.getAttribute("href") || "").split("#")[1] || "")] || "";
    } else if (!a.classList.contains("headerlink")) {
      w = articleWords(a);
    }
    if (w) a.setAttribute("title", w);
  }

  /* Every citation and glossary link in root (an element; the page content by default),
     root included. */
  var SEL = 'a[href*="#art-"], a.kb-term[href]';
  function fill(root) {
    root = root || document.querySelector(".md-content") || document;
    if (root.matches && root.matches(SEL)) fillOne(root);
    root.querySelectorAll(SEL).forEach(fillOne);
  }
  window.kbFillTooltips = fill;
  fill();
  var here = lang === "en" ? "Link to this section" : "本节链接";
  document.querySelectorAll(".md-content a.headerlink:not([title])").forEach(function (a) {
    a.setAttribute("title", here);
  });
})();

/* Print (Ctrl+P and `make handouts`): open every collapsed block, so handouts show quiz
   answers, and write each link's target after it, readable on paper.

   kbPreparePrint(targets) marks the page; kbRestorePrint() undoes it. `targets` is optional:
   { "<site path>": { "": "<page title>", "<anchor>": "<heading>" } } (scripts/handouts.py passes
   one built from the whole site). Without it a link to another page shows its site path. */
(function () {
  "use strict";
  var en = (document.documentElement.lang || "").slice(0, 2) === "en";
  var SEE = en ? ["\u00a0(see: ", ")"] : ["（见：", "）"];   // no-break space: kept at the start of an inline block
  var HERE = en ? "this page" : "本页";

  function siteRoot() {
    try { return window.__md_scope ? String(window.__md_scope) : new URL(".", location).href; }
    catch (e) { return new URL(".", location).href; }
  }

  function norm(s) {
    return (s || "").replace(/[\s¶《》〈〉“”"'‘’()（）:：,，.。]/g, "").toLowerCase();
  }

  function headingText(el) {
    if (!el) return "";
    var copy = el.cloneNode(true);
    copy.querySelectorAll(".headerlink").forEach(function (h) { h.remove(); });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  function label(a, targets, root) {
    var raw = a.getAttribute("href") || "";
    if (!raw || a.classList.contains("kb-term") || a.classList.contains("headerlink") ||
        a.classList.contains("footnote-ref") || a.classList.contains("footnote-backref") ||
        a.classList.contains("md-button")) return "";
    var url;
    try { url = new URL(raw, location.href); } catch (e) { return ""; }
    if (url.protocol === "mailto:" || url.protocol === "tel:") return raw.replace(/^(mailto|tel):/, "");
    var internal = url.href.indexOf(root) === 0;
    if (!internal) return url.href;                       // external: the full address
    var path = decodeURIComponent(url.href.slice(root.length).split("#")[0]);
    var anchor = decodeURIComponent(url.hash.slice(1));
    // A citation such as 《信访工作条例》第三十四条 or "…, Article 34" already names its target on paper.
    if (/^art-\d+$/.test(anchor) && /第[〇零一二三四五六七八九十百千]+条|Articles? \d+/.test(a.textContent)) return "";
    var here = url.href.split("#")[0] === location.href.split("#")[0];
    var page, section;
    if (here) {
      page = HERE;
      section = anchor ? headingText(document.getElementById(anchor)) : "";
      if (!anchor) return "";
    } else if (targets && targets[path]) {
      page = targets[path][""] || path;
      section = anchor ? (targets[path][anchor] || "") : "";
    } else {
      return path + (anchor ? "#" + anchor : "");        // no titles known: the site path
    }
    // So does a link whose text holds the heading (or, for a whole page, the title) it points to.
    var text = norm(a.textContent);
    if (section && text.indexOf(norm(section)) !== -1) return "";
    if (!section && text.indexOf(norm(page)) !== -1) return "";
    return section ? page + " › " + section : page;
  }

  window.kbPreparePrint = function (targets) {
    document.querySelectorAll("details:not([open])").forEach(function (d) {
      d.setAttribute("open", ""); d.setAttribute("data-kb-print-opened", "");
    });
    var root = siteRoot();
    document.querySelectorAll("article a[href]").forEach(function (a) {
      var l = label(a, targets || window.kbPrintTargets, root);
      if (l) a.setAttribute("data-kb-print-target", SEE[0] + l + SEE[1]);
      else a.removeAttribute("data-kb-print-target");
    });
  };

  window.kbRestorePrint = function () {
    document.querySelectorAll("details[data-kb-print-opened]").forEach(function (d) {
      d.removeAttribute("open"); d.removeAttribute("data-kb-print-opened");
    });
    document.querySelectorAll("a[data-kb-print-target]").forEach(function (a) {
      a.removeAttribute("data-kb-print-target");
    });
  };

  window.addEventListener("beforeprint", function () { window.kbPreparePrint(); });
  window.addEventListener("afterprint", function () { window.kbRestorePrint(); });
})();

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
