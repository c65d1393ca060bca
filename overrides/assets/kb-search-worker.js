/*
 * Knowledge-base search worker, behind Material for MkDocs' own search box.
 *
 * It speaks Material's worker protocol (0 setup -> 1 ready, 2 query -> 3 result). The
 * index is a plain inverted index (term -> postings) built at build time by Node running
 * this same file (build(), hooks/kb/search_prebuild.js) into search/kb_index.js; the
 * worker loads it before the box is used and only parses it (load()), so the first query
 * does not wait for tokenising. Index and queries share one tokeniser (this file).
 *
 * Chinese is indexed as character bigrams plus the jieba words the build marked with
 * U+200B (its jieba user dictionary holds the glossary terms and law names), so words
 * inside compounds are found. A question is segmented with the same vocabulary (the
 * words of the index and the glossary), question words and particles are dropped, and
 * each remaining word is one unit of the query: pages are ranked by how much of the
 * question (units weighted by rarity) they cover, then by BM25 over title, the FAQ's
 * search_questions and text. Glossary aliases (老板 -> 用人单位) count as their unit.
 * English words are stemmed (npm "wink-porter2-stemmer", concatenated in front of this
 * file by the build) after irregular forms and US spellings are mapped to the base word
 * (BASE_EN); a word also finds its -y relative the pages use (variantsEn: injured -> injury,
 * dusty -> dust), and English aliases are matched by stem. Everyday words of a question also
 * search the words the pages use for the concept (RELATED_EN / RELATED_ZH, a small thesaurus,
 * lower weight, same unit of the question). A whole sentence (5+ units) ranks the articles of
 * the law texts a little below the plain-language pages that explain them. The last word
 * typed is also a prefix, long words allow one typo.
 * Runs as a real Worker over http and inside iframe-worker from file://.
 */
/* global kbStem */
(function () {
  "use strict";

  var CJK_RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;
  var LATIN_RUN = /[a-z0-9]+(?:[.'+][a-z0-9]+)*/g;
  var FIELDS = ["title", "questions", "text"];
  var FIELD_BOOST = [4, 3, 1];
  var K1 = 1.2, B = 0.7;
  var IDF_COV = false, COV_POW = 1;
  var REST = 0.05;   // weight of a page's other matching sections (chosen by measurement)
  var COV_BASE = 0.1, COV_DOC = 1;   // chosen by measurement (make search-eval)
  var RELATED_W = 0.5;   // weight of a thesaurus word (RELATED_EN/ZH) against the word typed
  var VARIANT_W = 0.7;   // weight of a word's -y relative (variantsEn) against the word typed
  var CROSS_COV = 0.5;   // coverage weight of a bigram across two words of the question
  var SENTENCE_TERMS = 5, SENTENCE_LAW_W = 0.6;   // chosen by measurement (make search-eval)
  var LAW_TEXT = /^policies\/(?!explained\/|index\.html)[^#]*#/;   // an article of a law text

  // Words that carry no meaning in a question (question words, particles, pronouns).
  var STOP_ZH = {};
  ("怎么 怎样 怎么办 怎么样 咋办 咋 啥 什么 为啥 为什么 哪里 哪儿 去哪 去哪里 在哪 哪个 哪些 如何 是否 能不能 " +
   "可不可以 可以 会不会 是不是 有没有 要不要 请问 一下 我们 你们 他们 她们 咱们 我 你 他 她 它 的 地 得 了 " +
   "吗 呢 吧 啊 呀 哦 嘛 么 着 过 把 被 让 给 对 从 在 和 与 跟 就 都 也 还 又 才 很 太 这 那 这个 那个 " +
   "这种 那种 这样 那样 一个 个 些 有 是 要 想 能 会 该 应该 需要 得到 一直 已经 现在 到底 究竟 多少 几 " +
   "情况 问题 事情 时候 知道 想问 问问 算不算 算 吗？ 的话 自己 人家 他们的 我的 你的 说 做 去 来 上 下 " +
   "里 中 后 前 时 又是 还是 或者 而且 但是 可是 因为 所以 如果 没 不 没有 就是 只是 请 帮 帮忙").split(" ")
    .forEach(function (w) { STOP_ZH[w] = true; });
  var STOP_EN = {};
  ("a an the of for to in on at by with and or is are was were be been being do does did done can could " +
   "should would will shall may might must how what when where which who whom whose why i me my mine we us our " +
   "you your he him his she her they them their it its this that these those there here if about from as get " +
   "got have has had any some all just so than then too very not no yes into out up down over only also " +
   "am im i'm please tell know want need one ever still now go going because since while all time " +
   "many much really would like what's dont don't cant can't isn't won't even keep keeps kept " +
   "anything something nothing everything anybody somebody nobody anyone someone thing things lot bit " +
   "own way here yet again ok okay myself yourself himself herself itself ourselves themselves " +
   "say says said tell tells told ask asks asked let lets").split(" ")
    .forEach(function (w) { STOP_EN[w] = true; });

  // English words the stemmer leaves apart: irregular forms -> the base word, and US -> UK
  // spelling (the pages are written in British English). Applied to pages and questions alike.
  var BASE_EN = {};
  ("paid:pay broke:break broken:break fell:fall fallen:fall gave:give given:give got:get gotten:get " +
   "took:take taken:take told:tell lost:lose sent:send went:go gone:go came:come made:make said:say " +
   "sold:sell threw:throw thrown:throw spent:spend held:hold wrote:write written:write stole:steal " +
   "stolen:steal bought:buy fought:fight laid:lay sued:sue owed:owe " +
   "labor:labour labors:labours laborer:labourer laborers:labourers organize:organise organized:organise " +
   "center:centre behavior:behaviour favor:favour honor:honour").split(" ")
    .forEach(function (p) { var kv = p.split(":"); BASE_EN[kv[0]] = kv[1]; });

  // Everyday words of a question -> the words the pages use for that concept (a small search
  // thesaurus: the pages say "injury", "occupational disease", "dismissal"; people say "broke
  // my arm", "I cough", "they sacked me"). Each line is "page words: everyday words"; a question
  // word listed here also searches the page words at a lower weight, as the same unit of the
  // question. Glossary aliases (data/glossary.yml) remain the place for true synonyms of a term.
  var RELATED_EN_SRC = [
    "injury accident: hurt injure wound broke break fracture sprain slipped tripped fell crushed burnt burned scalded bleeding concussion",
    "occupational disease: cough coughing lungs breathing breathless asthma silicosis pneumoconiosis deafness fumes poisoning poisoned toxic chemicals sick sickness",
    "dismissal termination: fire fired sack sacked kicked layoff layoffs lay dismiss",
    "wages pay: salary salaries paycheck paycheque earnings income owe owes money",
    "group representatives: together coworkers workmates colleagues everyone crowd dozens hundreds collective",
    "closure bankruptcy restructuring: close closing closed shut shutdown bankrupt",
    "employer: boss company firm management manager",
    "angry shouting: shout yell yelling scream screaming swear swearing curse cursing furious rage aggressive abusive rude",
    "suicide harm: kill jump jumping suicidal overdose",
    "repeat repeated: repeatedly",
    "time limit deadline: long",
    "reply: answer answers response respond",
    "group representatives: twenty thirty forty fifty sixty hundred",
    "review appeal: challenge contest overturn",
    "fee free cost: costs cost charge charges price",
    "court lawsuit: sue suing judge",
    "lawyer legal aid: attorney solicitor counsel",
    "penalty detention fine: fined detained arrested jail punished locked",
    "retaliation: revenge payback punish punishing demoted victimised",
    "confidentiality anonymous: anonymously secret identity",
    "elderly disability: old elderly deaf blind wheelchair illiterate disabled"
  ];
  // The same for Chinese: "页面用词: 口语词", matched as substrings of the question.
  var RELATED_ZH = [
    "自杀 自伤: 跳楼 跳河 轻生 寻死 不想活 喝农药 割腕 寻短见",
    "反复 重复: 好几次 十几次 几十次 三番五次 一次又一次 屡次 老是来 天天来",
    "收费 费用: 交钱 花钱 要钱 多少钱 收钱",
    "工伤 受伤: 摔伤 砸伤 烫伤 骨折 摔倒 被机器",
    "职业病 粉尘: 咳嗽 喘不上气 胸闷 尘肺 耳聋 听力下降 听不清",
    "噪声: 噪音",
    "拖欠 欠薪: 压工资 不发工资 迟发 晚发 拖着不发",
    "解除 辞退: 开掉 裁掉 赶走 被裁",
    "情绪激动: 拍桌子 骂人 发火 吵闹 大吵大闹 摔东西"
  ].map(function (line) {
    var parts = line.split(":");
    return { targets: parts[0].trim().split(/\s+/), words: parts[1].trim().split(/\s+/) };
  });
  var RELATED_EN = null;   // stem of an everyday word -> stems of the page words (built on first use)
  function relatedEn(t) {
    if (!RELATED_EN) {
      RELATED_EN = Object.create(null);
      RELATED_EN_SRC.forEach(function (line) {
        var parts = line.split(":");
        var targets = parts[0].trim().split(/\s+/).map(latinTerm);
        parts[1].trim().split(/\s+/).forEach(function (w) {
          var k = latinTerm(w);
          var list = RELATED_EN[k] || (RELATED_EN[k] = []);
          targets.forEach(function (x) { if (x !== k && list.indexOf(x) < 0) list.push(x); });
        });
      });
    }
    return RELATED_EN[t] || [];
  }

  var stem = typeof kbStem === "function" ? kbStem : function (w) { return w; };
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

  var stems = Object.create(null);
  function latinTerm(w) {
    var c = stems[w];
    if (c !== undefined) return c;
    var base = BASE_EN[w] || w;
    return (stems[w] = base.length <= 3 || !/^[a-z]+$/.test(base) ? base : stem(base));
  }

  // The stemmer keeps a final y as i ("injury" -> "injuri", "dusty" -> "dusti") but drops the
  // suffix of other forms ("injured" -> "injur", "dust"): a word typed also finds its relative
  // when the pages have it ("injured" -> "injury", "dusty" -> "dust", "noisy" -> "noise"). Nouns
  // in -cy/-ry/-ny/-ly/-rty are left alone (policy is not police, factory is not factor).
  function variantsEn(w) {
    if (w.length < 5 || !/^[a-z]+$/.test(w)) return [];
    var cands = [];
    var m = /^(.*?)(?:ied|ed|ing)$/.exec(w);
    if (m) cands.push(m[1] + "y");
    if (/y$/.test(w) && !/(cy|ry|ny|ly|rty)$/.test(w)) {
      var b = w.slice(0, -1);
      cands.push(b, b + "e");
      if (/([^aeiou])\1$/.test(b)) cands.push(b.slice(0, -1));
    }
    var t = latinTerm(w);
    var out = [];
    cands.forEach(function (c) {
      if (!(c in stems)) return;   // only words the pages use
      var v = stems[c];
      if (v !== t && out.indexOf(v) < 0 && state.postings.has(v)) out.push(v);
    });
    return out;
  }

  // Index side: bigrams of every CJK run, jieba words (3+ chars) and stemmed Latin words.
  function tokenizeIndex(text, vocab) {
    var s = normalise(text);
    var out = [];
    var runs = s.replace(/\u200b/g, "").match(CJK_RUN) || [];
    for (var r = 0; r < runs.length; r++) {
      var run = runs[r];
      if (run.length === 1) out.push(run);
      for (var i = 0; i + 1 < run.length; i++) out.push(run.substr(i, 2));
    }
    var words = s.split(/[\u200b\s，。、；：？！“”‘’《》（）【】…—,.;:?!()\[\]"]+/);
    for (var k = 0; k < words.length; k++) {
      var w = words[k];
      if (w.length >= 2 && w.length <= 8 && /^[\u3400-\u9fff]+$/.test(w)) {
        if (vocab) vocab.set(w, (vocab.get(w) || 0) + 1);
        if (w.length >= 3) out.push(w);
      }
    }
    var latin = s.match(LATIN_RUN) || [];
    for (var j = 0; j < latin.length; j++) out.push(latinTerm(latin[j]));
    return out;
  }

  // The index, built once: at build time by Node (hooks/kb/search_prebuild.js runs this
  // file) into search/kb_index.js, which the worker loads as soon as it starts. Everything
  // here is plain arrays and objects so it serialises as JSON.
  function build(index) {
    var config = index.config || {};
    var docs = [];
    var seen = {};
    (index.docs || []).forEach(function (doc) {
      if (seen[doc.location]) return;
      seen[doc.location] = true;
      docs.push(doc);
    });
    var postings = new Map();       // term -> [doc * 3 + field, tf, ...] (encoded when written)
    var lengths = new Array(docs.length * 3).fill(0);
    var total = [0, 0, 0];
    var vocab = new Map();
    var pageOf = new Array(docs.length);
    var pages = {};
    var pageList = [];
    docs.forEach(function (doc, d) {
      var page = doc.location.split("#")[0];
      if (!(page in pages)) { pages[page] = pageList.length; pageList.push(page); }
      pageOf[d] = pages[page];
      var values = [doc.title || "", (doc.questions || []).join(" \u3002 "), doc.text || ""];
      for (var f = 0; f < 3; f++) {
        if (!values[f]) continue;
        var toks = tokenizeIndex(values[f], f === 1 ? null : vocab);
        lengths[d * 3 + f] = toks.length;
        total[f] += toks.length;
        var tf = new Map();
        for (var t = 0; t < toks.length; t++) tf.set(toks[t], (tf.get(toks[t]) || 0) + 1);
        tf.forEach(function (count, term) {
          var p = postings.get(term);
          if (p === undefined) { p = []; postings.set(term, p); }
          p.push(d * 3 + f, count);
        });
      }
    });
    var aliases = [];
    var a = config.aliases || {};
    Object.keys(a).forEach(function (k) {
      aliases.push([normalise(k), normalise(a[k])]);
      vocab.set(normalise(k), (vocab.get(normalise(k)) || 0) + 5);
      vocab.set(normalise(a[k]), (vocab.get(normalise(a[k])) || 0) + 5);
    });
    aliases.sort(function (x, y) { return y[0].length - x[0].length || (x[0] < y[0] ? -1 : 1); });
    var terms = Array.from(postings.keys()).sort();
    var words = Array.from(vocab.keys()).sort();
    var rawWords = Object.keys(stems).sort();
    return {
      version: 1,
      docs: docs.map(function (doc) {
        var out = { location: doc.location, title: doc.title || "", text: doc.text || "" };
        if (doc.boost) out.boost = doc.boost;
        return out;
      }),
      pageOf: pageOf, pages: pageList, lengths: lengths,
      avg: total.map(function (t) { return t / Math.max(1, docs.length); }),
      terms: terms, postings: terms.map(function (t) { return encode(postings.get(t)); }),
      words: words, counts: words.map(function (w) { return vocab.get(w); }),
      aliases: aliases,
      latin: rawWords, stems: rawWords.map(function (w) { return stems[w] === w ? 0 : stems[w]; })
    };
  }

  // Postings as written: the gap from the previous key (doc * 3 + field) when tf is 1, else
  // -(gap + 1) followed by tf (a third smaller than [key, tf] pairs). decode() undoes it.
  function encode(pairs) {
    var out = [], prev = 0;
    for (var i = 0; i < pairs.length; i += 2) {
      var gap = pairs[i] - prev;
      prev = pairs[i];
      if (pairs[i + 1] === 1) out.push(gap); else out.push(-gap - 1, pairs[i + 1]);
    }
    return out;
  }

  function decode(coded) {
    var out = [], key = 0;
    for (var i = 0; i < coded.length; i++) {
      var v = coded[i];
      if (v >= 0) { key += v; out.push(key, 1); } else { key += -v - 1; out.push(key, coded[++i]); }
    }
    return out;
  }

  // A term's postings as [key, tf, ...], decoded on first use.
  function postingsOf(term) {
    var p = state.decoded.get(term);
    if (p === undefined) {
      var coded = state.postings.get(term);
      p = coded === undefined ? null : decode(coded);
      state.decoded.set(term, p);
    }
    return p;
  }

  // The worker's state from a built index: maps over its arrays, nothing tokenised.
  function load(built) {
    var postings = new Map();
    for (var i = 0; i < built.terms.length; i++) postings.set(built.terms[i], built.postings[i]);
    var vocab = new Map();
    var maxWord = 1, vocabTotal = 0;
    for (var j = 0; j < built.words.length; j++) {
      var w = built.words[j];
      vocab.set(w, built.counts[j]);
      if (w.length > maxWord) maxWord = w.length;
      vocabTotal += built.counts[j];
    }
    for (var k = 0; k < built.latin.length; k++) stems[built.latin[k]] = built.stems[k] || built.latin[k];
    state = {
      docs: built.docs, postings: postings, lengths: built.lengths, pageOf: built.pageOf, pageList: built.pages,
      avg: built.avg, aliases: built.aliases, vocab: vocab, vocabTotal: vocabTotal, maxWord: Math.min(maxWord, 8),
      keys: built.terms, pageDf: {}, byLocation: {}, decoded: new Map()
    };
    state.docs.forEach(function (doc) { state.byLocation[doc.location] = doc; });
  }

  function setup(index) {
    load(build(index));
  }

  // Sorted term list for prefix and typo matching (the built index's terms are sorted).
  function sortedKeys() {
    return state.keys;
  }

  function prefixTerms(prefix, limit) {
    var keys = sortedKeys();
    var lo = 0, hi = keys.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (keys[mid] < prefix) lo = mid + 1; else hi = mid; }
    var out = [];
    for (var i = lo; i < keys.length && keys[i].lastIndexOf(prefix, 0) === 0 && out.length < limit; i++) {
      if (keys[i] !== prefix) out.push(keys[i]);
    }
    return out;
  }

  function within1(a, b) {   // edit distance <= 1
    if (Math.abs(a.length - b.length) > 1) return false;
    var i = 0, j = 0, edits = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { i++; j++; continue; }
      if (++edits > 1) return false;
      if (a.length > b.length) i++;
      else if (a.length < b.length) j++;
      else { i++; j++; }
    }
    return edits + (a.length - i) + (b.length - j) <= 1;
  }

  // Index terms of the words one edit away from a (mistyped) word: the raw words seen while
  // indexing are kept with their stems, so "arbitraion" finds "arbitration" -> "arbitr".
  function typoTerms(word) {
    var out = [];
    var seen = {};
    for (var raw in stems) {
      if (raw[0] === word[0] && raw !== word && within1(raw, word)) {
        var t = stems[raw];
        if (!seen[t] && state.postings.has(t)) { seen[t] = true; out.push(t); }
      }
    }
    return out;
  }

  // Split a CJK run into words: the most probable path over the vocabulary (unigram model).
  function segment(run) {
    var n = run.length;
    var best = new Array(n + 1);
    var back = new Array(n + 1);
    best[0] = 0;
    var logTotal = Math.log(state.vocabTotal + 1);
    for (var i = 1; i <= n; i++) {
      best[i] = -Infinity;
      for (var l = 1; l <= Math.min(state.maxWord, i); l++) {
        var w = run.substr(i - l, l);
        var c = state.vocab.get(w) || (STOP_ZH[w] ? 50 : 0);
        var score;
        if (c) score = Math.log(c) - logTotal;
        else if (l === 1) score = -logTotal - 4;
        else continue;
        if (best[i - l] + score > best[i]) { best[i] = best[i - l] + score; back[i] = l; }
      }
    }
    var words = [];
    for (var k = n; k > 0; k -= back[k]) words.unshift(run.substr(k - back[k], back[k]));
    return words;
  }

  function bigramsOf(w) {
    var out = [];
    for (var i = 0; i + 1 < w.length; i++) out.push(w.substr(i, 2));
    return out;
  }

  // Bigrams that carry no meaning in a question (question words, particles, pronouns).
  var STOP_BIGRAM = {};
  ("怎么 怎样 怎办 么办 咋办 什么 为啥 哪里 哪儿 去哪 在哪 哪个 哪些 如何 是否 能不 不能 " +
   "可不 不可 以吗 可以 会不 不会 是不 不是 有没 没有 要不 不要 请问 一下 我们 你们 他们 " +
   "我的 你的 的吗 了吗 还能 能要 我在 我被 让我 给我 我想 想问 问一 问下 一个 这个 那个 " +
   "上个 个月 的话 算不 不算 吗呢 多少 么样 应该 我该 该怎 找谁 能否 到底 究竟 觉得 我觉 " +
   "该去 去哪 我应 应该 一直 已经 这种 情况 这样 我们 们该 我给 给我 有个 有人 有没").split(" ")
    .forEach(function (w) { STOP_BIGRAM[w] = true; });

  // Query terms: non-stop bigrams of each CJK run (the question's units, counted for
  // coverage), the run's longer vocabulary words (3+ characters, found by segmenting it
  // with the index's own words), and stemmed Latin words; a lone CJK character and the
  // Latin word being typed are prefixes; long Latin words allow one typo.
  function queryTerms(query) {
    var s = normalise(query);
    var terms = [];
    var runs = s.match(CJK_RUN) || [];
    runs.forEach(function (run) {
      if (run.length === 1) {
        terms.push({ term: run, main: true, w: 1 });
        prefixTerms(run, 80).forEach(function (t) { terms.push({ term: t, w: 0.6 }); });
        return;
      }
      // A bigram that straddles two words of the question (动仲 in 劳动|仲裁) is an accident of
      // writing them together: it counts less towards coverage (CROSS_COV).
      var seg = run.length >= 3 ? segment(run) : [run];
      var cross = {};
      for (var p = 0, s = 0; s + 1 < seg.length; s++) {
        p += seg[s].length;
        if (seg[s].length >= 2 && seg[s + 1].length >= 2) cross[p - 1] = true;
      }
      for (var i = 0; i + 1 < run.length; i++) {
        var bg = run.substr(i, 2);
        if (!STOP_BIGRAM[bg]) terms.push({ term: bg, main: true, w: 1, cov: cross[i] ? CROSS_COV : 1 });
      }
      RELATED_ZH.forEach(function (g) {
        g.words.forEach(function (w) {
          if (run.indexOf(w) < 0) return;
          var unit = bigramsOf(w).filter(function (b) { return !STOP_BIGRAM[b]; })[0];
          g.targets.forEach(function (x) {
            queryTermsPlain(x).forEach(function (t) { terms.push({ term: t, w: RELATED_W, of: unit }); });
          });
        });
      });
      if (run.length >= 3) {
        seg.forEach(function (w) {
          if (w.length >= 3 && state.postings.has(w)) terms.push({ term: w, w: 1 });
        });
      }
    });
    var latin = s.match(LATIN_RUN) || [];
    var typing = /[a-z0-9]$/i.test(query);   // a word still being typed (no space or punctuation after it)
    latin.forEach(function (w, k) {
      if (STOP_EN[w] && latin.length > 1) return;
      var t = latinTerm(w);
      terms.push({ term: t, main: true, w: 1 });
      variantsEn(w).forEach(function (v) { terms.push({ term: v, w: VARIANT_W, of: t }); });
      relatedEn(t).forEach(function (r) {
        if (state.postings.has(r)) terms.push({ term: r, w: RELATED_W, of: t });
      });
      if (k === latin.length - 1 && typing) prefixTerms(w, 40).forEach(function (p) { terms.push({ term: p, w: 0.6, of: t }); });
      if (w.length > 5 && !state.postings.has(t)) typoTerms(w).forEach(function (p) { terms.push({ term: p, w: 0.5, of: t }); });
    });
    return terms;
  }

  // Glossary aliases found in the question: Chinese ones as substrings, English ones as whole
  // words compared by stem ("they fired me" has the alias "firing").
  function aliasTerms(query) {
    var q = normalise(query);
    var qStems = " " + (q.match(LATIN_RUN) || []).map(latinTerm).join(" ") + " ";
    var out = [];
    state.aliases.forEach(function (pair) {
      if (/^[a-z0-9]/.test(pair[0])) {
        var a = " " + (pair[0].match(LATIN_RUN) || []).map(latinTerm).join(" ") + " ";
        if (a.length < 3 || qStems.indexOf(a) < 0) return;
      } else if (q.indexOf(pair[0]) < 0) return;
      queryTermsPlain(pair[1]).forEach(function (t) { out.push({ term: t, w: 0.7 }); });
    });
    return out;
  }

  function queryTermsPlain(text) {
    var out = [];
    (text.match(CJK_RUN) || []).forEach(function (run) {
      if (run.length === 1) out.push(run);
      for (var i = 0; i + 1 < run.length; i++) out.push(run.substr(i, 2));
      if (run.length >= 3 && state.postings.has(run)) out.push(run);
    });
    (text.match(LATIN_RUN) || []).forEach(function (w) { if (!STOP_EN[w]) out.push(latinTerm(w)); });
    return out;
  }

  function idfOf(term) {
    var n = state.pageList.length;
    var df = pageDf(term);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  function pageDf(term) {
    if (state.pageDf[term] !== undefined) return state.pageDf[term];
    var p = postingsOf(term);
    var seen = {};
    var n = 0;
    if (p) for (var i = 0; i < p.length; i += 2) { var pg = state.pageOf[(p[i] / 3) | 0]; if (!seen[pg]) { seen[pg] = 1; n++; } }
    return (state.pageDf[term] = n);
  }

  function search(query) {
    if (!state || !query || !query.trim()) return { items: [] };
    var all = queryTerms(query).concat(aliasTerms(query));
    if (!all.length) return { items: [] };
    var merged = {};
    all.forEach(function (t) {
      var m = merged[t.term];
      var cov = t.main ? (t.cov === undefined ? 1 : t.cov) : 0;
      if (!m) merged[t.term] = { term: t.term, w: t.w, main: !!t.main, of: t.of, cov: cov };
      else { m.w = Math.max(m.w, t.w); m.main = m.main || !!t.main; m.cov = Math.max(m.cov, cov); }
    });
    var mainKeys = {};
    var nMain = 0;
    Object.keys(merged).forEach(function (k) { if (merged[k].main) { mainKeys[k] = true; nMain++; } });
    nMain = nMain || 1;
    var docScore = {};
    var docCovered = {};
    Object.keys(merged).forEach(function (k) {
      var t = merged[k];
      var p = postingsOf(t.term);
      if (!p) return;
      var idf = idfOf(t.term);
      var cover = t.main ? t.term : t.of;
      for (var i = 0; i < p.length; i += 2) {
        var d = (p[i] / 3) | 0, f = p[i] % 3, tf = p[i + 1];
        var len = state.lengths[d * 3 + f] / (state.avg[f] || 1);
        docScore[d] = (docScore[d] || 0) + FIELD_BOOST[f] * idf * t.w * tf * (K1 + 1) / (tf + K1 * (1 - B + B * len));
        if (cover) (docCovered[d] || (docCovered[d] = {}))[cover] = true;
      }
    });
    // Coverage: the share of the question's terms (weighted by rarity) found in the
    // section, and in the page as a whole (a long question is often answered across sections).
    var pageCovered = {};
    for (var dk in docCovered) {
      var pc = pageCovered[state.pageOf[dk]] || (pageCovered[state.pageOf[dk]] = {});
      for (var ck in docCovered[dk]) pc[ck] = true;
    }
    var mainIdf = {};
    var idfTotal = 0;
    Object.keys(mainKeys).forEach(function (k) {
      // English words differ far more in weight than Chinese bigrams: weigh them by rarity
      mainIdf[k] = (IDF_COV || /^[a-z0-9]/.test(k) ? Math.max(0.2, idfOf(k)) : 1) * merged[k].cov;
      idfTotal += mainIdf[k];
    });
    // A whole sentence is a question in everyday words: the plain-language pages answer it
    // before the articles of the law texts (still found, a little lower).
    var sentence = nMain >= SENTENCE_TERMS;
    function coverage(set) {
      var c = 0;
      for (var k in set || {}) if (mainIdf[k]) c += mainIdf[k];
      return idfTotal ? c / idfTotal : 0;
    }
    var groups = {};
    for (var key in docScore) {
      var d = +key;
      var doc = state.docs[d];
      var pg = state.pageOf[d];
      var cov = COV_DOC * coverage(docCovered[d]) + (1 - COV_DOC) * coverage(pageCovered[pg]);
      var score = docScore[d] * (doc.boost || 1) * (COV_BASE + Math.pow(cov, COV_POW));
      if (sentence && LAW_TEXT.test(doc.location)) score *= SENTENCE_LAW_W;
      var g = groups[pg] || (groups[pg] = { page: state.pageList[pg], items: [] });
      g.items.push({ doc: d, score: score });
    }
    var ordered = Object.keys(groups).map(function (k) {
      var g = groups[k];
      g.items.sort(function (x, y) { return y.score - x.score; });
      var rest = 0;
      for (var i = 1; i < g.items.length; i++) rest += g.items[i].score;
      g.rank = g.items[0].score + REST * rest;
      return g;
    });
    ordered.sort(function (x, y) { return y.rank - x.rank || (x.page < y.page ? -1 : 1); });
    var terms = {};
    query.split(/\s+/).filter(Boolean).forEach(function (w) { terms[w] = true; });
    var items = ordered.slice(0, 20).map(function (g) {
      var list = [];
      var pageDoc = state.byLocation[g.page];
      var hasPage = g.items.some(function (i) { return state.docs[i.doc].location === g.page; });
      if (pageDoc && !hasPage) list.push(item(pageDoc, g.rank, terms));
      g.items.slice(0, 6).forEach(function (i, k) {
        var doc = state.docs[i.doc];
        list.push(item(doc, k === 0 || doc.location === g.page ? g.rank : i.score, terms));
      });
      return list;
    });
    return { items: items };
  }

  function item(doc, score, terms) {
    return { location: doc.location, title: doc.title, text: doc.text, score: score, terms: terms };
  }

  self.kbSearch = { tokenizeIndex: tokenizeIndex, queryTerms: queryTerms, segment: segment, setup: setup,
                    build: build, load: load, search: search, decode: decode };

  // Node at build time (hooks/kb/search_prebuild.js) only needs the functions above.
  if (typeof addEventListener !== "function" || typeof postMessage !== "function") return;

  // Load the built index before the search box is used: the worker's URL ends in #zh or #en
  // (overrides/main.html), and the index is <site>/search/kb_index.js or
  // <site>/en/search/kb_index.js. In a real Worker (http) it loads at once, off the page's
  // thread (importScripts is synchronous there). From file:// the iframe-worker shim runs
  // this file in a hidden iframe on the page's own thread, where importScripts returns a
  // promise: there it loads once the page has loaded and the browser is idle, or earlier at
  // the first sign of a search (the pointer over or focus in the search box, any key,
  // Material's setup message), so it never delays showing the page.
  var waiting = false;      // Material's setup message arrived before the index
  var failed = false;
  var started = false;
  function ready() {
    if (waiting) { waiting = false; postMessage({ type: 1 }); }
  }
  var src = typeof document !== "undefined" && document.currentScript ? document.currentScript.src : self.location.href;
  function start() {
    if (started) return;
    started = true;
    var lang = /#en\b/.test(src) ? "en" : "zh";
    var url = new URL((lang === "en" ? "../../en/" : "../../") + "search/kb_index.js", src.split("#")[0]).href;
    function done() {
      if (self.__kbIndex) { load(self.__kbIndex); self.__kbIndex = null; } else failed = true;
      ready();
    }
    try {
      var r = importScripts(url);
      if (r && typeof r.then === "function") r.then(done, function () { failed = true; ready(); });
      else done();
    } catch (err) { console.warn(err); failed = true; ready(); }
  }
  var host = null;
  try { host = typeof document !== "undefined" && parent !== self ? parent.document : null; } catch (err) { host = null; }
  if (host) {
    var intent = function (ev) {
      if (ev.type === "keydown" || (ev.target && ev.target.closest && ev.target.closest(".md-search, label[for='__search']"))) {
        ["pointerover", "focusin", "keydown", "touchstart"].forEach(function (t) { host.removeEventListener(t, intent, true); });
        setTimeout(start, 0);
      }
    };
    ["pointerover", "focusin", "keydown", "touchstart"].forEach(function (t) { host.addEventListener(t, intent, true); });
    var idle = function () {
      var view = host.defaultView || parent;
      if (view.requestIdleCallback) view.requestIdleCallback(start, { timeout: 1000 });
      else setTimeout(start, 200);
    };
    if (host.readyState === "complete") idle();
    else (host.defaultView || parent).addEventListener("load", idle);
  } else {
    start();
  }

  addEventListener("message", function (ev) {
    var msg = ev.data;
    if (msg.type === 0) {
      start();
      if (state) postMessage({ type: 1 });
      else if (failed && msg.data && msg.data.docs && msg.data.docs.length) { setup(msg.data); postMessage({ type: 1 }); }
      else waiting = true;
    } else if (msg.type === 2) {
      var result;
      try { result = search(msg.data); } catch (err) { console.warn(err); result = { items: [] }; }
      postMessage({ type: 3, data: result });
    }
  });
})();
