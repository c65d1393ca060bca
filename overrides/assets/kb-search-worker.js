/*
 * Knowledge-base search worker, behind Material for MkDocs' own search box.
 *
 * It speaks Material's worker protocol (0 setup -> 1 ready, 2 query -> 3 result) and
 * ranks with MiniSearch (npm "minisearch", concatenated in front of this file by the
 * build). Chinese is indexed as character bigrams plus the jieba words the build
 * marked with U+200B, so words inside compounds are found and whole colloquial
 * sentences still match; glossary aliases (老板 -> 用人单位) expand the query.
 * Runs as a real Worker over http and inside iframe-worker from file://.
 */
/* global MiniSearch */
(function () {
  "use strict";

  var CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
  var CJK_RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;
  var LATIN_RUN = /[a-z0-9]+(?:[.'][a-z0-9]+)*/g;

  // Bigrams that carry no meaning in a question (question words, particles, pronouns).
  var STOP_ZH = {};
  ("怎么 怎样 怎办 么办 咋办 什么 为啥 哪里 哪儿 去哪 在哪 哪个 哪些 如何 是否 能不 不能 " +
   "可不 不可 以吗 可以 会不 不会 是不 不是 有没 没有 要不 不要 请问 一下 我们 你们 他们 " +
   "我的 你的 的吗 了吗 吗？ 还能 能要 我在 我被 让我 给我 我想 想问 问一 问下 一个 这个 那个 " +
   "上个 个月 的话 算不 不算 吗呢 呢？ 多少 么样 应该 我该 该怎 找谁 能否 到底 究竟").split(" ")
    .forEach(function (w) { STOP_ZH[w] = true; });
  var STOP_EN = {};
  ("a an the of for to in on at by with and or is are was be been do does did can could " +
   "should would how what when where which who whom why i me my we our you your it its " +
   "this that these those there if about from as get got have has any").split(" ")
    .forEach(function (w) { STOP_EN[w] = true; });

  var state = null;

  function normalise(text) {
    return String(text)
      .replace(/<[^>]*>/g, " ")
      .replace(/&[a-z]+;|&#\d+;/g, " ")
      .replace(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g, function (c) {
        return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
      })
      .toLowerCase();
  }

  function bigrams(run, out) {
    if (run.length === 1) { out.push(run); return; }
    for (var i = 0; i + 1 < run.length; i++) out.push(run.substr(i, 2));
  }

  // Index side: bigrams of every CJK run, jieba words (3+ chars) and Latin words.
  function tokenizeIndex(text) {
    var s = normalise(text);
    var out = [];
    var runs = s.replace(/\u200b/g, "").match(CJK_RUN) || [];
    runs.forEach(function (run) { bigrams(run, out); });
    s.split(/[\u200b\s]+/).forEach(function (w) {
      if (w.length >= 3 && w.length <= 8 && /^[\u3400-\u9fff]+$/.test(w)) out.push(w);
    });
    (s.match(LATIN_RUN) || []).forEach(function (w) { out.push(w); });
    return out;
  }

  // Query side: the same units, less question words; a lone CJK character is a prefix.
  function queryTerms(query) {
    var s = normalise(query);
    var terms = [];
    var runs = s.match(CJK_RUN) || [];
    runs.forEach(function (run) {
      if (run.length === 1) { terms.push({ term: run, prefix: true }); return; }
      for (var i = 0; i + 1 < run.length; i++) {
        var bg = run.substr(i, 2);
        if (!STOP_ZH[bg]) terms.push({ term: bg, prefix: false });
      }
    });
    var words = s.match(LATIN_RUN) || [];
    words.forEach(function (w, k) {
      if (STOP_EN[w] && words.length > 1) return;
      var last = k === words.length - 1 && !/\s$/.test(query);
      terms.push({ term: w, prefix: last || w.length > 3, fuzzy: w.length > 5 ? 0.2 : 0 });
    });
    return terms;
  }

  function expandAliases(query) {
    var extra = [];
    var q = normalise(query);
    var aliases = state.aliases;
    for (var i = 0; i < aliases.length; i++) {
      if (q.indexOf(aliases[i][0]) >= 0) extra.push(aliases[i][1]);
    }
    return extra;
  }

  function setup(index) {
    var config = index.config || {};
    var docs = index.docs || [];
    var map = {};
    var mini = new MiniSearch({
      idField: "location",
      fields: ["title", "questions", "text"],
      tokenize: tokenizeIndex,
      processTerm: function (t) { return t; },
      searchOptions: {
        boostDocument: function (id) { var d = map[id]; return d && d.boost ? d.boost : 1; },
        tokenize: function (t) { return [t]; }, processTerm: function (t) { return t; } }
    });
    var rows = [];
    docs.forEach(function (doc) {
      if (map[doc.location]) return;
      map[doc.location] = doc;
      rows.push({
        location: doc.location,
        title: doc.title || "",
        questions: (doc.questions || []).join(" \u3002 "),
        text: doc.text || ""
      });
    });
    mini.addAll(rows);
    var aliases = [];
    var a = config.aliases || {};
    Object.keys(a).forEach(function (k) { aliases.push([normalise(k), a[k]]); });
    aliases.sort(function (x, y) { return y[0].length - x[0].length; });
    state = { mini: mini, map: map, aliases: aliases };
  }

  function search(query) {
    if (!state || !query || !query.trim()) return { items: [] };
    var main = queryTerms(query);
    var extra = [];
    expandAliases(query).forEach(function (term) {
      queryTerms(term).forEach(function (t) { t.alias = true; extra.push(t); });
    });
    var all = main.concat(extra);
    if (!all.length) return { items: [] };
    var seen = {};
    var queries = [];
    all.forEach(function (t) {
      var key = t.term + (t.prefix ? "*" : "");
      if (seen[key]) return;
      seen[key] = true;
      queries.push({
        queries: [t.term], prefix: t.prefix, fuzzy: t.fuzzy || 0,
        boost: { title: 4, questions: 3, text: 1 }, weights: { fuzzy: 0.3, prefix: 0.6 },
        boostTerm: t.alias ? function () { return 0.7; } : undefined
      });
    });
    var hits = state.mini.search({ combineWith: "OR", queries: queries });
    var mainKeys = {};
    main.forEach(function (t) { mainKeys[t.term] = true; });
    var nMain = Object.keys(mainKeys).length || 1;
    var groups = {};
    hits.forEach(function (hit) {
      // Reward documents that cover more of the question, not one term many times.
      var covered = 0;
      (hit.queryTerms || []).forEach(function (q) { if (mainKeys[q]) covered++; });
      var score = hit.score * (0.35 + covered / nMain);
      var page = hit.id.split("#")[0];
      var g = groups[page] || (groups[page] = { page: page, best: 0, items: [] });
      g.best = Math.max(g.best, score);
      g.items.push({ location: hit.id, score: score });
    });
    var ordered = Object.keys(groups).map(function (k) { return groups[k]; });
    ordered.forEach(function (g) {
      g.items.sort(function (x, y) { return y.score - x.score; });
      var rest = 0;
      for (var i = 1; i < g.items.length; i++) rest += g.items[i].score;
      g.rank = g.best + 0.1 * rest;
    });
    ordered.sort(function (x, y) { return y.rank - x.rank || (x.page < y.page ? -1 : 1); });
    var terms = {};
    query.split(/\s+/).filter(Boolean).forEach(function (w) { terms[w] = true; });
    var items = ordered.slice(0, 20).map(function (g) {
      var list = [];
      var pageDoc = state.map[g.page];
      var hasPage = g.items.some(function (i) { return i.location === g.page; });
      if (pageDoc && !hasPage) list.push(item(pageDoc, g.rank, terms));
      g.items.forEach(function (i, k) {
        list.push(item(state.map[i.location], k === 0 || i.location === g.page ? g.rank : i.score, terms));
      });
      return list;
    });
    return { items: items };
  }

  function item(doc, score, terms) {
    return { location: doc.location, title: doc.title, text: doc.text, score: score, terms: terms };
  }

  self.kbSearch = { tokenizeIndex: tokenizeIndex, queryTerms: queryTerms, setup: setup, search: search };

  addEventListener("message", function (ev) {
    var msg = ev.data;
    if (msg.type === 0) {
      setup(msg.data);
      postMessage({ type: 1 });
    } else if (msg.type === 2) {
      var result;
      try { result = search(msg.data); } catch (err) { console.warn(err); result = { items: [] }; }
      postMessage({ type: 3, data: result });
    }
  });
})();
