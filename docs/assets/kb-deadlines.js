/* Deadline calculator: ONE engine for the page (guides/deadline-calculator) and the Node tests.
 *
 * The rules and the official holiday arrangements are data (data/deadlines.yml,
 * data/holidays/<year>.yml); the build turns them into the JSON this engine reads
 * (hooks/kb/deadlines.py: browser_data), which the page loads from the generated
 * assets/kb-deadline-data.js. Counting follows the Civil Code, Articles 201-203:
 *   - the day of the start event is not counted; counting starts the next day (Art. 201);
 *   - a month or year period ends on the corresponding day of the last month, or on that
 *     month's last day when it has no such day (Art. 202);
 *   - a last day that is a statutory rest day moves to the day after the rest ends (Art. 203).
 * Rest days: Saturdays and Sundays, and the official holiday days of a covered year;
 * a make-up working day (调休上班) of a covered year is a working day.
 * Working-day periods count Monday to Friday plus make-up working days, minus holidays.
 *
 * Dates are whole day numbers (days since 1970-01-01, UTC), so time zones never matter.
 * In Node: module.exports; in the browser: window.KBDeadlines, and the form on the page
 * (#kb-deadline-calculator) is attached once the document is ready.
 */
(function (root, factory) {
  var api = factory();
  if (typeof module === "object" && module.exports) {
    module.exports = api;
  } else {
    root.KBDeadlines = api;
  }
  if (typeof document !== "undefined" && document.addEventListener) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", function () { api.attach(document); });
    } else {
      api.attach(document);
    }
    // Material's instant navigation (if it is ever switched on) swaps pages without a reload.
    if (root.document$ && typeof root.document$.subscribe === "function") {
      root.document$.subscribe(function () { api.attach(document); });
    }
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var MS_PER_DAY = 86400000;
  var UNITS = ["days", "working_days", "months", "years"];

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function daysInMonth(y, m) { return new Date(Date.UTC(y, m, 0)).getUTCDate(); }

  /** "2026-03-02" -> day number, or null when it is not a real date between 1900 and 2199. */
  function parseDate(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(text == null ? "" : text).trim());
    if (!m) { return null; }
    var y = +m[1], mo = +m[2], d = +m[3];
    if (y < 1900 || y > 2199 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) { return null; }
    return Date.UTC(y, mo - 1, d) / MS_PER_DAY;
  }

  function parts(n) {
    var dt = new Date(n * MS_PER_DAY);
    return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate(), wd: dt.getUTCDay() };
  }

  function formatDate(n) {
    var p = parts(n);
    return p.y + "-" + pad(p.m) + "-" + pad(p.d);
  }

  /** The same day `months` later; the month's last day when that month is shorter (Art. 202). */
  function addMonths(n, months) {
    var p = parts(n);
    var total = p.y * 12 + (p.m - 1) + months;
    var y = Math.floor(total / 12), mo = total % 12 + 1;
    var last = daysInMonth(y, mo);
    return { day: Date.UTC(y, mo - 1, Math.min(p.d, last)) / MS_PER_DAY, clipped: p.d > last };
  }

  /** Calendar lookup from the data's holiday years: {years: {2026: {rest: {date: name}, work: {date: name}}}}. */
  function calendar(data) {
    var years = {};
    (data.holidays || []).forEach(function (h) {
      years[h.year] = { rest: h.rest || {}, work: h.work || {}, source: h.source };   /* {date: name} */
    });
    return { years: years };
  }

  /** What kind of day n is: holiday | makeup (working) | weekend | workday; rest: true/false. */
  function dayInfo(n, cal) {
    var p = parts(n), key = formatDate(n), year = cal.years[p.y];
    var info = { date: key, weekday: p.wd, covered: !!year, rest: false, kind: "workday", name: "" };
    if (year && Object.prototype.hasOwnProperty.call(year.rest, key)) {
      info.rest = true; info.kind = "holiday"; info.name = year.rest[key];
    } else if (year && Object.prototype.hasOwnProperty.call(year.work, key)) {
      info.kind = "makeup"; info.name = year.work[key];
    } else if (p.wd === 0 || p.wd === 6) {
      info.rest = true; info.kind = "weekend";
    }
    return info;
  }

  /**
   * One period: from the start day (not counted), `length` `unit`s.
   * Returns {nominal, clipped, skipped (rest days passed over while counting working days)}.
   */
  function count(start, length, unit, cal) {
    if (unit === "days") { return { nominal: start + length, clipped: false, skipped: [] }; }
    if (unit === "months" || unit === "years") {
      var r = addMonths(start, unit === "years" ? 12 * length : length);
      return { nominal: r.day, clipped: r.clipped, skipped: [] };
    }
    var n = start, counted = 0, skipped = [];
    while (counted < length) {
      n += 1;
      var info = dayInfo(n, cal);
      if (info.rest) { skipped.push(info); } else { counted += 1; }
    }
    return { nominal: n, clipped: false, skipped: skipped };
  }

  function period(start, length, unit, cal) {
    var c = count(start, length, unit, cal);
    var due = c.nominal, moved = [];
    var endInfo = dayInfo(c.nominal, cal);
    while (dayInfo(due, cal).rest) {
      moved.push(dayInfo(due, cal));
      due += 1;
    }
    var years = {};
    var from = unit === "working_days" ? start + 1 : c.nominal;
    for (var n = from; n <= due; n += 1) { years[parts(n).y] = true; }
    var uncovered = Object.keys(years).map(Number).filter(function (y) { return !cal.years[y]; })
      .sort(function (a, b) { return a - b; });
    return {
      length: length, unit: unit,
      first: formatDate(start + 1),
      nominal: formatDate(c.nominal),
      nominalInfo: endInfo,
      clipped: c.clipped,
      skipped: c.skipped,
      moved: moved,
      due: formatDate(due),
      dueInfo: dayInfo(due, cal),
      uncovered: uncovered
    };
  }

  /**
   * The deadline for one rule and one start date.
   * rule: {id, length, unit, extension?: {length, unit}}; start: "YYYY-MM-DD";
   * cal: calendar(data). Returns {error} or
   * {rule, start, first, nominal, clipped, skipped, moved, due, uncovered, extension}.
   */
  function compute(rule, startText, cal) {
    var start = parseDate(startText);
    if (start === null) { return { error: "bad-date", rule: rule && rule.id }; }
    if (!rule || UNITS.indexOf(rule.unit) < 0 || !(rule.length > 0)) {
      return { error: "bad-rule", rule: rule && rule.id };
    }
    var main = period(start, rule.length, rule.unit, cal);
    var out = { rule: rule.id, start: formatDate(start), startInfo: dayInfo(start, cal) };
    Object.keys(main).forEach(function (k) { out[k] = main[k]; });
    out.extension = null;
    if (rule.extension) {
      // The extension runs on from the unadjusted last day of the main period.
      var ext = period(parseDate(main.nominal), rule.extension.length, rule.extension.unit, cal);
      out.extension = ext;
      ext.uncovered.forEach(function (y) {
        if (out.uncovered.indexOf(y) < 0) { out.uncovered.push(y); }
      });
      out.uncovered.sort(function (a, b) { return a - b; });
    }
    return out;
  }

  // -- words -------------------------------------------------------------------------

  var WEEKDAYS = {
    zh: ["周日", "周一", "周二", "周三", "周四", "周五", "周六"],
    en: ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
  };

  var T = {
    zh: {
      unit: { days: "日", working_days: "个工作日", months: "个月", years: "年" },
      dateWithDay: function (i) { return i.date + "（" + WEEKDAYS.zh[i.weekday] + "）"; },
      kind: function (i) {
        if (i.kind === "holiday") { return i.name + "假期"; }
        if (i.kind === "weekend") { return "周末"; }
        if (i.kind === "makeup") { return i.name + "调休上班日"; }
        return "工作日";
      },
      first: function (r) { return "起算：" + r.start + "当日不计入，从" + r.first + "开始计算。"; },
      countDays: function (r, d) { return "数" + r.length + "日：第" + r.length + "日是" + d + "。"; },
      countMonths: function (r, d) {
        return (r.clipped ? "到期月没有对应日，以该月最后一日" + d + "为期间的最后一日。"
          : "到期月的对应日" + d + "为期间的最后一日。");
      },
      countWork: function (r, d, n) {
        return "数" + r.length + "个工作日（跳过" + n + "个休息日；调休上班日算工作日）：第" + r.length + "个工作日是" + d + "。";
      },
      moved: function (d, reasons, last, due) {
        return d + "是休息日（" + reasons + "），休息日到" + last + "结束；期间的最后一日顺延到休息日结束的次日" + due + "。";
      },
      movedOne: function (d, reasons, due) {
        return d + "是休息日（" + reasons + "），期间的最后一日顺延到次日" + due + "。";
      },
      notMovedMakeup: function (d, name) { return d + "是周末，但按官方安排是" + name + "调休上班日，本工具按工作日处理，不顺延。"; },
      notMoved: function (d) { return d + "不是休息日，不顺延。"; },
      due: "期间的最后一日",
      extension: "经批准延长（最多再延长",
      extensionEnd: "）的最后期限",
      extensionNote: "延长部分从原期间的最后一日（顺延之前）接着计算。这是本工具的做法，条文没有规定，见本页“法律文本没有说清的地方”。",
      uncovered: function (ys) {
        return "注意：" + ys.join("、") + "年没有收录国务院办公厅的节假日安排，" + (ys.length > 1 ? "这些年份" : "这一年") + "只按周六、周日判断休息日，没有考虑法定节假日和调休上班日。请对照当年的官方安排核对。";
      },
      error: { "bad-date": "请输入有效日期（年-月-日）。", "bad-rule": "请选择期限类型。" },
      periodBasis: "计数规则：",
      event: "从这一天起算（当日不计入）：",
      rule: "期限", start: "起算日", citation: "依据", steps: "计算过程", caveats: "注意事项",
      weekday: function (i) { return WEEKDAYS.zh[i.weekday]; },
      sep: "、"
    },
    en: {
      unit: { days: "days", working_days: "working days", months: "months", years: "years" },
      dateWithDay: function (i) { return i.date + " (" + WEEKDAYS.en[i.weekday] + ")"; },
      kind: function (i) {
        if (i.kind === "holiday") { return i.name + " holiday"; }
        if (i.kind === "weekend") { return "weekend"; }
        if (i.kind === "makeup") { return "make-up working day (" + i.name + ")"; }
        return "working day";
      },
      first: function (r) { return "Start: " + r.start + " itself is not counted; counting starts on " + r.first + "."; },
      countDays: function (r, d) { return "Count " + r.length + " days: day " + r.length + " is " + d + "."; },
      countMonths: function (r, d) {
        return (r.clipped ? "The last month has no corresponding day, so its last day, " + d + ", is the last day of the period."
          : "The corresponding day of the last month, " + d + ", is the last day of the period.");
      },
      countWork: function (r, d, n) {
        return "Count " + r.length + " working days (passing over " + n + " rest days; make-up working days count as working days): working day " + r.length + " is " + d + ".";
      },
      moved: function (d, reasons, last, due) {
        return d + " is a rest day (" + reasons + "); the rest days end on " + last + ", so the last day of the period moves to the next day, " + due + ".";
      },
      movedOne: function (d, reasons, due) {
        return d + " is a rest day (" + reasons + "), so the last day of the period moves to the next day, " + due + ".";
      },
      notMovedMakeup: function (d, name) { return d + " is a weekend day but an official make-up working day (" + name + "); this tool treats it as a working day and does not move the last day."; },
      notMoved: function (d) { return d + " is not a rest day; the last day does not move."; },
      due: "Last day of the period",
      extension: "Latest date with an approved extension (at most ",
      extensionEnd: " more)",
      extensionNote: "The extension runs on from the last day of the original period (before any move for rest days). That is this tool's approach; the text does not say, see \"Where the legal texts do not settle the point\" on this page.",
      uncovered: function (ys) {
        return "Warning: there is no official holiday arrangement on file for " + ys.join(", ") + ". For " + (ys.length > 1 ? "those years" : "that year") + " only Saturdays and Sundays are treated as rest days; public holidays and make-up working days are not taken into account. Check the official arrangement for that year.";
      },
      error: { "bad-date": "Enter a valid date (year-month-day).", "bad-rule": "Choose a time limit." },
      periodBasis: "Counting rules: ",
      event: "Runs from (that day is not counted): ",
      rule: "Time limit", start: "Start date", citation: "Legal basis", steps: "How it was counted", caveats: "Points to note",
      weekday: function (i) { return WEEKDAYS.en[i.weekday]; },
      sep: ", "
    }
  };

  function lengthText(p, lang) {
    var t = T[lang] || T.zh;
    if (lang !== "en") { return p.length + t.unit[p.unit]; }
    return p.length + " " + (p.length === 1 ? t.unit[p.unit].replace(/s$/, "") : t.unit[p.unit]);
  }

  /** The counting steps of one period as sentences. */
  function periodSteps(p, lang, withFirst, start) {
    var t = T[lang] || T.zh, out = [];
    if (withFirst) { out.push(t.first({ start: start, first: p.first })); }
    var nominal = t.dateWithDay(p.nominalInfo);
    if (p.unit === "days") {
      out.push(t.countDays(p, nominal));
    } else if (p.unit === "working_days") {
      out.push(t.countWork(p, nominal, p.skipped.length));
    } else {
      out.push(t.countMonths(p, nominal));
    }
    if (p.moved.length) {
      var reasons = [];
      p.moved.forEach(function (i) {
        var k = t.kind(i);
        if (reasons.indexOf(k) < 0) { reasons.push(k); }
      });
      out.push(p.moved.length === 1 ? t.movedOne(nominal, reasons.join(t.sep), t.dateWithDay(p.dueInfo))
        : t.moved(nominal, reasons.join(t.sep), p.moved[p.moved.length - 1].date, t.dateWithDay(p.dueInfo)));
    } else if (p.nominalInfo.kind === "makeup") {
      out.push(t.notMovedMakeup(nominal, p.nominalInfo.name));
    } else if (p.unit !== "working_days") {
      out.push(t.notMoved(nominal));
    }
    return out;
  }

  /** Result as plain sentences: {due, steps, extension, warnings}; used by the page and tests. */
  function describe(result, lang) {
    var t = T[lang] || T.zh;
    if (result.error) { return { error: t.error[result.error] || result.error }; }
    var out = {
      due: t.dateWithDay(result.dueInfo),
      steps: periodSteps(result, lang, true, result.start),
      extension: null,
      warnings: result.uncovered.length ? [t.uncovered(result.uncovered)] : []
    };
    if (result.extension) {
      out.extension = {
        label: t.extension + lengthText(result.extension, lang) + t.extensionEnd,
        due: t.dateWithDay(result.extension.dueInfo),
        steps: periodSteps(result.extension, lang, false).concat([t.extensionNote])
      };
    }
    return out;
  }

  // -- the page ----------------------------------------------------------------------

  function el(doc, tag, cls, text) {
    var e = doc.createElement(tag);
    if (cls) { e.className = cls; }
    if (text != null) { e.textContent = text; }
    return e;
  }

  function link(doc, c) {
    if (!c.href) { return doc.createTextNode(c.text); }
    var a = el(doc, "a", "", c.text);
    a.setAttribute("href", c.href);
    if (c.title) { a.setAttribute("title", c.title); }
    /* The article's words from assets/kb-articles.js (kb.js), as on the rest of the page. */
    if (typeof window !== "undefined" && window.kbFillTooltips) { window.kbFillTooltips(a); }
    return a;
  }

  function list(doc, items) {
    var ul = el(doc, "ul");
    items.forEach(function (s) { ul.appendChild(el(doc, "li", "", s)); });
    return ul;
  }

  function render(doc, box, data, rule, start) {
    var lang = data.lang, t = T[lang] || T.zh;
    var cal = calendar(data);
    var result = compute(rule, start, cal);
    var words = describe(result, lang);
    box.textContent = "";
    if (words.error) {
      var err = el(doc, "p", "kb-deadline__error", words.error);
      err.setAttribute("data-kb-error", result.error);
      box.appendChild(err);
      return;
    }
    var head = el(doc, "p", "kb-deadline__due");
    head.appendChild(el(doc, "span", "", t.due + (lang === "en" ? ": " : "：")));
    var strong = el(doc, "strong", "", words.due);
    strong.setAttribute("data-kb-due", result.due);
    head.appendChild(strong);
    box.appendChild(head);
    if (words.warnings.length) {
      words.warnings.forEach(function (w) {
        var p = el(doc, "p", "kb-deadline__warning", w);
        p.setAttribute("data-kb-uncovered", result.uncovered.join(","));
        box.appendChild(p);
      });
    }
    var dl = el(doc, "dl", "kb-deadline__facts");
    function row(label, node) {
      dl.appendChild(el(doc, "dt", "", label));
      var dd = el(doc, "dd");
      dd.appendChild(node);
      dl.appendChild(dd);
    }
    row(t.rule, doc.createTextNode(rule.name + (lang === "en" ? " — " : "：") + lengthText(rule, lang) +
      (lang === "en" ? " from " : "，自") + rule.start + (lang === "en" ? "" : "起算")));
    row(t.start, doc.createTextNode(t.dateWithDay(result.startInfo)));
    var cites = doc.createDocumentFragment();
    rule.citations.forEach(function (c) { cites.appendChild(link(doc, c)); });
    row(t.citation, cites);
    box.appendChild(dl);
    box.appendChild(el(doc, "p", "kb-deadline__label", t.steps));
    var steps = el(doc, "ol", "kb-deadline__steps");
    words.steps.forEach(function (s) { steps.appendChild(el(doc, "li", "", s)); });
    var law = el(doc, "li", "kb-deadline__law", t.periodBasis);
    data.periodCitations.forEach(function (c) { law.appendChild(link(doc, c)); });
    steps.appendChild(law);
    box.appendChild(steps);
    if (words.extension) {
      var ext = el(doc, "p", "kb-deadline__due kb-deadline__ext");
      ext.appendChild(el(doc, "span", "", words.extension.label + (lang === "en" ? ": " : "：")));
      var s2 = el(doc, "strong", "", words.extension.due);
      s2.setAttribute("data-kb-extension-due", result.extension.due);
      ext.appendChild(s2);
      box.appendChild(ext);
      box.appendChild(list(doc, words.extension.steps));
    }
    var notes = (rule.caveats || []).concat(data.caveats || []);
    if (notes.length) {
      box.appendChild(el(doc, "p", "kb-deadline__label", t.caveats));
      box.appendChild(list(doc, notes));
    }
  }

  /** Wire up the form on the page, if there is one. */
  function attach(doc) {
    var root = doc.getElementById("kb-deadline-calculator");
    if (!root || root.getAttribute("data-kb-ready")) { return; }
    /* assets/kb-deadline-data.js (generated by the build, loaded by the page before this
       script) holds the data of both languages; the form says which one it shows. */
    var all = (doc.defaultView || {}).KBDeadlineData;
    var data = all && all[root.getAttribute("data-kb-lang")];
    if (!data) { return; }
    var byId = {};
    data.rules.forEach(function (r) { byId[r.id] = r; });
    var form = root.querySelector("form");
    var select = root.querySelector("#kb-deadline-rule");
    var input = root.querySelector("#kb-deadline-start");
    var event = root.querySelector("#kb-deadline-event");
    var box = root.querySelector("#kb-deadline-result");
    function showEvent() {
      var rule = byId[select.value];
      event.textContent = rule ? (T[data.lang] || T.zh).event + rule.start : "";
    }
    function run() { render(doc, box, data, byId[select.value], input.value); }
    select.addEventListener("change", function () { showEvent(); if (input.value) { run(); } });
    input.addEventListener("change", function () { if (input.value) { run(); } });
    form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
    showEvent();
    root.hidden = false;
    root.setAttribute("data-kb-ready", "1");
  }

  return {
    UNITS: UNITS,
    parseDate: parseDate,
    formatDate: formatDate,
    addMonths: addMonths,
    calendar: calendar,
    dayInfo: dayInfo,
    compute: compute,
    describe: describe,
    attach: attach
  };
});
