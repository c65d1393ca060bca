"""Deadline calculator data: the rules (data/deadlines.yml) and the official holiday
arrangements (data/holidays/<year>.yml).

This module validates the data (findings KB811–KB819), writes the parts of the page that
need no JavaScript (rule table, covered years, worked examples) and the form plus the JSON
the browser engine reads. The engine itself is JavaScript, ``docs/assets/kb-deadlines.js``:
one engine for the page and for the checks, which run the worked examples through it
with Node (``run_engine``) and compare the expected dates (KB819).
"""
from __future__ import annotations

import datetime as dt
import json
import os
import posixpath
import re
import shutil
import subprocess
from dataclasses import dataclass, field

import yaml

from .findings import Finding, did_you_mean
from .markdown import Source, relpath

PAGE = "guides/deadline-calculator.md"
ENGINE = "docs/assets/kb-deadlines.js"
RULES_FILE = "data/deadlines.yml"
HOLIDAY_DIR = "data/holidays"
UNITS = ("days", "working_days", "months", "years")
LANGS = ("zh", "en")
MARKERS = {
    "rules": "<!-- kb:deadline-rules -->",
    "years": "<!-- kb:deadline-years -->",
    "examples": "<!-- kb:deadline-examples -->",
    "form": "<!-- kb:deadline-form -->",
}
PERIOD_CITATION = {"zh": "《民法典》第二百零一条、第二百零二条、第二百零三条",
                   "en": "Civil Code, Articles 201, 202 and 203"}
WEEKDAYS = {"zh": "周一 周二 周三 周四 周五 周六 周日".split(),
            "en": "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()}
ID_RE = re.compile(r"[a-z0-9][a-z0-9-]*")


class EngineError(Exception):
    """Node or the engine could not be run."""


# -- YAML with positions ---------------------------------------------------------------

class LDict(dict):
    """A mapping that remembers where it and each of its keys are in the file."""
    pos: tuple = (1, 1)
    key_pos: dict


class LList(list):
    pos: tuple = (1, 1)
    item_pos: list


class BadDate(str):
    """A YAML date that is not a real date (2026-02-30): kept as text so it can be reported."""


class _Loader(yaml.SafeLoader):
    pass


def _mark(node) -> tuple:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _map(loader, node):
    loader.flatten_mapping(node)
    out = LDict()
    out.pos = _mark(node)
    out.key_pos = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_pos[key] = _mark(value_node)
    return out


def _seq(loader, node):
    out = LList(loader.construct_object(n, deep=True) for n in node.value)
    out.pos = _mark(node)
    out.item_pos = [_mark(n) for n in node.value]
    return out


def _timestamp(loader, node):
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return BadDate(node.value)


_Loader.add_constructor("tag:yaml.org,2002:map", _map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _seq)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def parse(text: str, path: str):
    """(data, findings): YAML with positions; invalid YAML is a KB601 finding."""
    try:
        return yaml.load(text, Loader=_Loader), []
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, [Finding(path, (mark.line + 1) if mark else 1, (mark.column + 1) if mark else 1,
                              "KB601", f"data file is not valid YAML: {problem}")]


def _pos(obj, key=None, default=(1, 1)):
    if key is not None and isinstance(obj, LDict) and key in obj.key_pos:
        return obj.key_pos[key]
    return getattr(obj, "pos", default)


def _date(value):
    """A real date (not a datetime), or None."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    return None


# -- the data --------------------------------------------------------------------------

@dataclass
class Rule:
    id: str
    name: dict
    start: dict
    length: int
    unit: str
    citation: dict
    caveats: dict
    extension: dict | None = None
    pos: tuple = (1, 1)


@dataclass
class HolidayYear:
    year: int
    source: dict
    rest: dict          # date -> {zh, en} name of the holiday
    work: dict          # date -> {zh, en} name of the holiday the make-up day belongs to
    path: str = ""


@dataclass
class Example:
    rule: str
    start: dt.date
    due: dt.date
    extension_due: dt.date | None
    uncovered: list
    note: dict
    pos: tuple = (1, 1)


@dataclass
class Deadlines:
    rules: list = field(default_factory=list)
    years: dict = field(default_factory=dict)        # year -> HolidayYear
    caveats: dict = field(default_factory=lambda: {"zh": [], "en": []})
    examples: list = field(default_factory=list)
    findings: list = field(default_factory=list)     # found while loading
    texts: list = field(default_factory=list)        # (pos, lang, text, rule id, what) to check as citations
    present: bool = False
    engine: str = ""                                 # path of the JavaScript engine

    @property
    def by_id(self) -> dict:
        return {r.id: r for r in self.rules}

    # -- checks ----------------------------------------------------------------------

    def check(self, registry, page_exists: bool = False) -> list[Finding]:
        """Load findings, citations that do not verify (KB815), and the worked examples
        run through the engine (KB819)."""
        out = list(self.findings)
        if not self.present:
            if page_exists:
                out.append(Finding(RULES_FILE, 1, 1, "KB811", f"{RULES_FILE} is missing; {PAGE} needs it"))
            return out
        out += self.check_citations(registry)
        out += self.check_examples()
        return out

    def check_citations(self, registry) -> list[Finding]:
        out = []
        laws = {r.id: _first_law(registry, r.citation.get("zh", ""), "zh") for r in self.rules}
        laws_en = {r.id: _first_law(registry, r.citation.get("en", ""), "en") for r in self.rules}
        for (line, col), lang, text, rule_id, what in self.texts:
            context = (laws if lang == "zh" else laws_en).get(rule_id)
            src = Source(path=RULES_FILE, text=text, body=text)
            cits, unknown = registry.citations(src, lang, context)
            where = f"rule '{rule_id}' {what}" if rule_id else what
            for _n, _c, name in unknown:
                out.append(Finding(RULES_FILE, line, col, "KB815",
                                   f"{where} ({lang}): citation of unknown law 《{name}》",
                                   did_you_mean(name, registry.by_zh)))
            if what == "citation" and not cits and not unknown:
                example = ("《信访工作条例》第三十五条" if lang == "zh"
                           else "Regulations on Letters and Visits Work, Article 35")
                out.append(Finding(RULES_FILE, line, col, "KB815",
                                   f"{where} ({lang}) '{text}' is not a citation", f"write e.g. {example}"))
                continue
            for c, _hist, ltext in cits:
                for f in registry.check_one(RULES_FILE, c, False, ltext, None):
                    out.append(Finding(RULES_FILE, line, col, "KB815", f"{where} ({lang}): {f.message}", f.suggestion))
        return out

    def check_examples(self) -> list[Finding]:
        known = [e for e in self.examples if e.rule in self.by_id]
        if not known:
            return []
        try:
            results = run_engine(self.engine, self.browser_data("zh"),
                                 [{"rule": e.rule, "start": e.start.isoformat()} for e in known])
        except EngineError as exc:
            return [Finding(RULES_FILE, known[0].pos[0], known[0].pos[1], "KB819",
                            f"the worked examples cannot be checked: {exc}",
                            "install Node.js (node) or fix docs/assets/kb-deadlines.js")]
        out = []
        for e, r in zip(known, results):
            got = {"due": r.get("due"), "extension_due": (r.get("extension") or {}).get("due"),
                   "uncovered": r.get("uncovered", [])}
            want = {"due": e.due.isoformat(), "extension_due": e.extension_due.isoformat() if e.extension_due else None,
                    "uncovered": list(e.uncovered)}
            diffs = [f"{k} {want[k]!s} but the engine gives {got[k]!s}" for k in ("due", "extension_due", "uncovered")
                     if got[k] != want[k]]
            if r.get("error"):
                diffs = [f"the engine reports '{r['error']}'"]
            if diffs:
                out.append(Finding(RULES_FILE, e.pos[0], e.pos[1], "KB819",
                                   f"example {e.rule} from {e.start.isoformat()}: expected " + "; ".join(diffs)))
        return out

    # -- browser data ----------------------------------------------------------------

    def browser_data(self, lang: str, registry=None, page: str = PAGE) -> dict:
        """What the engine reads: rules, holidays and words of one language. With a registry,
        citations become [{text, href?}] segments linked relative to ``page``."""
        def segs(text):
            return citation_segments(registry, text, lang, page) if registry is not None else [{"text": text}]
        return {
            "lang": lang,
            "rules": [{
                "id": r.id, "name": r.name[lang], "start": r.start[lang], "length": r.length, "unit": r.unit,
                "extension": dict(r.extension) if r.extension else None,
                "citations": segs(r.citation[lang]),
                "caveats": list(r.caveats.get(lang, [])),
            } for r in self.rules],
            "holidays": [{
                "year": y.year, "source": y.source.get(lang, ""),
                "rest": {d.isoformat(): n.get(lang, "") for d, n in sorted(y.rest.items())},   # date: name
                "work": {d.isoformat(): n.get(lang, "") for d, n in sorted(y.work.items())},
            } for _k, y in sorted(self.years.items())],
            "caveats": list(self.caveats.get(lang, [])),
            "periodCitations": segs(PERIOD_CITATION[lang]),
        }

    # -- the page --------------------------------------------------------------------

    def fill_markdown(self, markdown: str, lang: str) -> str:
        """Fill the Markdown markers (before citations are linked and terms annotated)."""
        for key, render in (("rules", self.rules_markdown), ("years", self.years_markdown),
                            ("examples", self.examples_markdown)):
            if MARKERS[key] in markdown:
                markdown = markdown.replace(MARKERS[key], render(lang))
        return markdown

    def fill_html(self, markdown: str, lang: str, registry) -> str:
        """Fill the form marker with raw HTML (after the Markdown transforms, which must not
        touch it)."""
        if MARKERS["form"] in markdown:
            markdown = markdown.replace(MARKERS["form"], self.form_html(lang, registry))
        return markdown

    def length_text(self, length: int, unit: str, lang: str) -> str:
        words = {"zh": {"days": "日", "working_days": "个工作日", "months": "个月", "years": "年"},
                 "en": {"days": "days", "working_days": "working days", "months": "months", "years": "years"}}
        if lang == "en":
            one = {"days": "day", "working_days": "working day", "months": "month", "years": "year"}
            return f"{length} {one[unit] if length == 1 else words['en'][unit]}"
        return f"{length}{words['zh'][unit]}"

    def rule_length(self, r: Rule, lang: str) -> str:
        text = self.length_text(r.length, r.unit, lang)
        if r.extension:
            ext = self.length_text(r.extension["length"], r.extension["unit"], lang)
            text += f"（经批准可再延长，最多{ext}）" if lang == "zh" else f" (up to {ext} more if an extension is approved)"
        return text

    def rules_markdown(self, lang: str) -> str:
        zh = lang == "zh"
        rows = ["| 期限 | 从哪天起算（当日不计入） | 期间 | 依据 |" if zh else
                "| Time limit | Runs from (that day not counted) | Length | Legal basis |", "|---|---|---|---|"]
        for r in self.rules:
            rows.append("| " + " | ".join(_cell(x) for x in (r.name[lang], r.start[lang], self.rule_length(r, lang),
                                                            r.citation[lang])) + " |")
        out = ["\n".join(rows), ""]
        out.append("**各项期限的注意事项**" if zh else "**Points to note for each time limit**")
        out.append("")
        for r in self.rules:
            out.append(f"- **{r.name[lang]}**（{r.citation[lang]}）" if zh else f"- **{r.name[lang]}** ({r.citation[lang]})")
            for c in r.caveats.get(lang, []):
                out.append(f"    - {c}")
        out.append("")
        out.append("**每个结果都附带的提示**" if zh else "**Shown with every result**")
        out.append("")
        for c in self.caveats.get(lang, []):
            out.append(f"- {c}")
        return "\n".join(out) + "\n"

    def years_markdown(self, lang: str) -> str:
        zh = lang == "zh"
        if not self.years:
            return ("本工具目前没有收录任何年份的节假日安排：只按周六、周日判断休息日。\n" if zh else
                    "No holiday arrangement is on file yet: only Saturdays and Sundays are treated as rest days.\n")
        rows = ["| 年份 | 放假 | 调休上班 | 来源 |" if zh else "| Year | Days off | Make-up working days | Source |",
                "|---|---|---|---|"]
        for year, y in sorted(self.years.items()):
            rows.append(f"| {year} | {_cell(_ranges(y.rest, lang))} | {_cell(_days(y.work, lang))} | {_cell(y.source.get(lang, ''))} |")
        years = [str(y) for y in sorted(self.years)]
        if zh:
            tail = (f"已收录：{'、'.join(years)}年。其他年份只按周六、周日判断休息日，计算结果会显示警告；"
                    "请对照国务院办公厅当年的节假日安排通知核对。")
        else:
            tail = (f"On file: {', '.join(years)}. For other years only Saturdays and Sundays are treated as rest days "
                    "and the result carries a warning; check the General Office of the State Council's holiday notice for that year.")
        return "\n".join(rows) + "\n\n" + tail + "\n"

    def examples_markdown(self, lang: str) -> str:
        zh = lang == "zh"
        rows = ["| 期限 | 起算日 | 期间的最后一日 | 说明 |" if zh else "| Time limit | Start date | Last day | Explanation |",
                "|---|---|---|---|"]
        by_id = self.by_id
        for e in self.examples:
            r = by_id.get(e.rule)
            if r is None:
                continue
            due = _with_day(e.due, lang)
            if e.extension_due:
                due += (f"；延长后{_with_day(e.extension_due, lang)}" if zh else
                        f"; with the extension {_with_day(e.extension_due, lang)}")
            name = f"{r.name[lang]}（{self.length_text(r.length, r.unit, lang)}）" if zh else \
                f"{r.name[lang]} ({self.length_text(r.length, r.unit, lang)})"
            rows.append("| " + " | ".join(_cell(x) for x in (name, _with_day(e.start, lang), due, e.note.get(lang, ""))) + " |")
        return "\n".join(rows) + "\n"

    def form_html(self, lang: str, registry) -> str:
        zh = lang == "zh"
        data = self.browser_data(lang, registry)
        esc = _html
        options = "".join(
            f'<option value="{esc(r["id"])}">{esc(r["name"])} — {esc(self.length_text(r["length"], r["unit"], lang))}</option>'
            for r in data["rules"])
        words = {
            "rule": "期限类型" if zh else "Time limit",
            "start": "起算日期" if zh else "Start date",
            "button": "计算最后一日" if zh else "Work out the last day",
            "region": "期限计算器" if zh else "Deadline calculator",
            "noscript": ("浏览器没有运行脚本，计算器无法使用。请用下面的<a href=\"#rules\">规则表</a>和"
                         "<a href=\"#examples\">算例</a>按<a href=\"#counting\">计数规则</a>自己数。") if zh else
                        ("JavaScript is not running, so the calculator is not available. Use the <a href=\"#rules\">rule table</a> "
                         "and the <a href=\"#examples\">worked examples</a> below and count by the <a href=\"#counting\">counting rules</a>."),
        }
        blob = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        blob = blob.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        return (
            f'<div class="kb-deadline" id="kb-deadline-calculator" role="region" aria-label="{words["region"]}" data-search-exclude hidden>\n'
            f'<form class="kb-deadline__form" id="kb-deadline-form" novalidate>\n'
            f'<div class="kb-deadline__field"><label for="kb-deadline-rule">{words["rule"]}</label>\n'
            f'<select id="kb-deadline-rule" name="rule" aria-describedby="kb-deadline-event">{options}</select></div>\n'
            f'<div class="kb-deadline__field"><label for="kb-deadline-start">{words["start"]}</label>\n'
            f'<input type="date" id="kb-deadline-start" name="start" min="1900-01-01" max="2199-12-31" required aria-describedby="kb-deadline-event"></div>\n'
            f'<p class="kb-deadline__event" id="kb-deadline-event"></p>\n'
            f'<p><button type="submit" class="md-button kb-deadline__submit">{words["button"]}</button></p>\n'
            f'</form>\n'
            f'<div class="kb-deadline__result" id="kb-deadline-result" role="status" aria-live="polite"></div>\n'
            f'</div>\n'
            f'<noscript><p class="kb-deadline__noscript">{words["noscript"]}</p></noscript>\n'
            f'<script type="application/json" id="kb-deadline-data">{blob}</script>\n'
        )


def _html(text: str) -> str:
    return (str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _with_day(d: dt.date, lang: str) -> str:
    day = WEEKDAYS[lang][d.weekday()]
    return f"{d.isoformat()}（{day}）" if lang == "zh" else f"{d.isoformat()} ({day})"


def _md(d: dt.date, lang: str) -> str:
    return f"{d.month}月{d.day}日" if lang == "zh" else f"{d.day} {d.strftime('%b')}"


def _ranges(days: dict, lang: str) -> str:
    """{date: name} -> '春节 2月10日至2月17日；…' (consecutive days of one holiday joined)."""
    runs = []
    for d in sorted(days):
        name = days[d].get(lang, "")
        if runs and runs[-1][0] == name and (d - runs[-1][2]).days == 1:
            runs[-1][2] = d
        else:
            runs.append([name, d, d])
    parts = []
    for name, a, b in runs:
        span = _md(a, lang) if a == b else (f"{_md(a, lang)}至{_md(b, lang)}" if lang == "zh" else f"{_md(a, lang)}–{_md(b, lang)}")
        parts.append(f"{name} {span}" if lang == "zh" else f"{name}: {span}")
    return ("；" if lang == "zh" else "; ").join(parts)


def _days(days: dict, lang: str) -> str:
    parts = [f"{_md(d, lang)}（{WEEKDAYS[lang][d.weekday()]}，{days[d].get('zh', '')}）" if lang == "zh"
             else f"{_md(d, lang)} ({WEEKDAYS[lang][d.weekday()]}, {days[d].get('en', '')})" for d in sorted(days)]
    return ("、" if lang == "zh" else "; ").join(parts) or ("无" if lang == "zh" else "none")


def _first_law(registry, text: str, lang: str):
    if not text or registry is None:
        return None
    cits, _ = registry.citations(Source(path=RULES_FILE, text=text, body=text), lang)
    return cits[0][0].law if cits else None


def citation_segments(registry, text: str, lang: str, page: str = PAGE) -> list[dict]:
    """'《劳动争议调解仲裁法》第四十八条、第五十条' -> [{text, href}, {text: '、'}, {…}]:
    each valid citation linked to its article, relative to ``page``; the text in between kept."""
    src = Source(path=RULES_FILE, text=text, body=text)
    cits, _ = registry.citations(src, lang)
    out, at = [], 0
    here = posixpath.dirname(page) or "."
    for c, _h, _t in sorted(cits, key=lambda x: x[0].col):
        if c.law is None or c.article not in registry.quoted.get(c.law.id, {}):
            continue
        s, e = c.col - 1, c.end_col - 1
        if s > at:
            out.append({"text": text[at:s]})
        href = relpath(registry.article_page(c.law, c.article)[:-3] + ".html", here) + f"#art-{c.article}"
        out.append({"text": text[s:e], "href": href})   # kb.js adds the article's words as title
        at = e
    if at < len(text):
        out.append({"text": text[at:]})
    return out


# -- loading ---------------------------------------------------------------------------

def load(root: str) -> Deadlines:
    """Read data/deadlines.yml and data/holidays/*.yml. Missing rules file: an empty,
    not-present Deadlines (the site may not have the calculator)."""
    d = Deadlines(engine=os.path.join(root, ENGINE))
    path = os.path.join(root, RULES_FILE)
    if not os.path.exists(path):
        return d
    d.present = True
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    holidays = {}
    hdir = os.path.join(root, HOLIDAY_DIR)
    if os.path.isdir(hdir):
        for name in sorted(os.listdir(hdir)):
            if name.endswith((".yml", ".yaml")):
                with open(os.path.join(hdir, name), encoding="utf-8") as fh:
                    holidays[f"{HOLIDAY_DIR}/{name}"] = fh.read()
    return load_texts(text, holidays, engine=d.engine)


def load_texts(rules_text: str, holiday_texts: dict, engine: str = "") -> Deadlines:
    """Build Deadlines from file contents ({path: text} for holidays); findings collected."""
    d = Deadlines(present=True, engine=engine)
    for path, text in sorted(holiday_texts.items()):
        year = _load_holiday_year(text, path, d.findings)
        if year is not None:
            if year.year in d.years:
                d.findings.append(Finding(path, 1, 1, "KB816", f"year {year.year} is also in {d.years[year.year].path}"))
            else:
                d.years[year.year] = year
    data, f = parse(rules_text, RULES_FILE)
    d.findings += f
    if data is None:
        return d
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        d.findings.append(Finding(RULES_FILE, *_pos(data), "KB811", "deadlines.yml must be a mapping with a list 'rules'"))
        return d
    seen: dict[str, int] = {}
    for i, raw in enumerate(data["rules"]):
        rule = _load_rule(raw, _pos(data["rules"]) if not isinstance(raw, LDict) else raw.pos, i, d, seen)
        if rule is not None:
            d.rules.append(rule)
    caveats = data.get("caveats")
    if caveats is not None:
        if _check_texts(caveats, "caveats", _pos(data, "caveats"), "", d, is_list=True):
            d.caveats = {lang: list(caveats[lang]) for lang in LANGS}
    examples = data.get("examples")
    if examples is not None:
        if not isinstance(examples, list):
            d.findings.append(Finding(RULES_FILE, *_pos(data, "examples"), "KB811", "examples must be a list"))
        else:
            for i, raw in enumerate(examples):
                ex = _load_example(raw, examples.item_pos[i] if isinstance(examples, LList) else (1, 1), i, d)
                if ex is not None:
                    d.examples.append(ex)
    return d


def _check_texts(value, what, pos, rule_id, d: Deadlines, is_list=False) -> bool:
    """{zh, en} text (or list of texts) present in both languages; queues citation checks."""
    label = f"rule '{rule_id}': {what}" if rule_id else what
    if not isinstance(value, dict):
        d.findings.append(Finding(RULES_FILE, *pos, "KB814", f"{label} must give zh and en"))
        return False
    missing = []
    for lang in LANGS:
        v = value.get(lang)
        ok = (isinstance(v, list) and v and all(isinstance(x, str) and x.strip() for x in v)) if is_list else \
            (isinstance(v, str) and v.strip())
        if not ok:
            missing.append(lang)
    if missing:
        d.findings.append(Finding(RULES_FILE, *pos, "KB814", f"{label} has no {' or '.join(missing)} text"))
        return False
    if is_list and len(value["zh"]) != len(value["en"]):
        d.findings.append(Finding(RULES_FILE, *pos, "KB814",
                                  f"{label}: {len(value['zh'])} in zh but {len(value['en'])} in en (a translation is missing)"))
        return False
    for lang in LANGS:
        items = value[lang] if is_list else [value[lang]]
        positions = value[lang].item_pos if is_list and isinstance(value[lang], LList) else None
        for k, item in enumerate(items):
            where = positions[k] if positions else _pos(value, lang, pos)
            d.texts.append((where, lang, item, rule_id, what))
    return True


def _load_rule(raw, pos, i, d: Deadlines, seen: dict) -> Rule | None:
    if not isinstance(raw, dict):
        d.findings.append(Finding(RULES_FILE, *pos, "KB811", f"rule {i + 1} is not a mapping"))
        return None
    rid = raw.get("id")
    if not isinstance(rid, str) or not ID_RE.fullmatch(rid):
        d.findings.append(Finding(RULES_FILE, *_pos(raw, "id", pos), "KB811",
                                  f"rule {i + 1}: id must be ASCII kebab-case, got {rid!r}"))
        return None
    if rid in seen:
        d.findings.append(Finding(RULES_FILE, *_pos(raw, "id", pos), "KB811", f"duplicate rule id '{rid}' (first at line {seen[rid]})"))
        return None
    seen[rid] = pos[0]
    missing = [k for k in ("name", "start", "length", "unit", "citation") if k not in raw]
    if missing:
        d.findings.append(Finding(RULES_FILE, *pos, "KB811", f"rule '{rid}' has no {', '.join(missing)}"))
        return None
    ok = True
    ok &= _check_length(raw.get("length"), _pos(raw, "length", pos), f"rule '{rid}'", d)
    ok &= _check_unit(raw.get("unit"), _pos(raw, "unit", pos), f"rule '{rid}'", d)
    ext = raw.get("extension")
    if ext is not None:
        if not isinstance(ext, dict) or "length" not in ext or "unit" not in ext:
            d.findings.append(Finding(RULES_FILE, *_pos(raw, "extension", pos), "KB811",
                                      f"rule '{rid}': extension must have length and unit"))
            ok = False
        else:
            ok &= _check_length(ext.get("length"), _pos(ext, "length", pos), f"rule '{rid}' extension", d)
            ok &= _check_unit(ext.get("unit"), _pos(ext, "unit", pos), f"rule '{rid}' extension", d)
    for key in ("name", "start", "citation"):
        ok &= _check_texts(raw.get(key), key, _pos(raw, key, pos), rid, d)
    caveats = raw.get("caveats")
    if caveats is None:
        caveats = {"zh": [], "en": []}
    elif not _check_texts(caveats, "caveats", _pos(raw, "caveats", pos), rid, d, is_list=True):
        ok = False
    if not ok:
        return None
    return Rule(id=rid, name=dict(raw["name"]), start=dict(raw["start"]), length=raw["length"], unit=raw["unit"],
                citation=dict(raw["citation"]), caveats={k: list(v) for k, v in caveats.items() if k in LANGS},
                extension={"length": ext["length"], "unit": ext["unit"]} if ext else None, pos=pos)


def _check_length(value, pos, label, d: Deadlines) -> bool:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        d.findings.append(Finding(RULES_FILE, *pos, "KB813", f"{label}: length must be a positive whole number, got {value!r}"))
        return False
    return True


def _check_unit(value, pos, label, d: Deadlines) -> bool:
    if value not in UNITS:
        d.findings.append(Finding(RULES_FILE, *pos, "KB812", f"{label}: unknown unit {value!r} (one of {', '.join(UNITS)})",
                                  did_you_mean(str(value), UNITS)))
        return False
    return True


def _load_example(raw, pos, i, d: Deadlines) -> Example | None:
    if not isinstance(raw, dict):
        d.findings.append(Finding(RULES_FILE, *pos, "KB818", f"example {i + 1} is not a mapping"))
        return None
    rule = raw.get("rule")
    known = {r.id for r in d.rules}
    if rule not in known:
        d.findings.append(Finding(RULES_FILE, *_pos(raw, "rule", pos), "KB818", f"example {i + 1}: unknown rule {rule!r}",
                                  did_you_mean(str(rule), known)))
        return None
    dates = {}
    for key in ("start", "due", "extension_due"):
        if key == "extension_due" and key not in raw:
            dates[key] = None
            continue
        value = _date(raw.get(key))
        if value is None:
            d.findings.append(Finding(RULES_FILE, *_pos(raw, key, pos), "KB818",
                                      f"example {i + 1} ({rule}): {key} must be a date YYYY-MM-DD, got {str(raw.get(key))!r}"))
            return None
        dates[key] = value
    uncovered = raw.get("uncovered") or []
    if not isinstance(uncovered, list) or not all(isinstance(y, int) and not isinstance(y, bool) for y in uncovered):
        d.findings.append(Finding(RULES_FILE, *_pos(raw, "uncovered", pos), "KB818",
                                  f"example {i + 1} ({rule}): uncovered must be a list of years"))
        return None
    note = raw.get("note")
    if not isinstance(note, dict) or not all(isinstance(note.get(l), str) and note.get(l).strip() for l in LANGS):
        d.findings.append(Finding(RULES_FILE, *_pos(raw, "note", pos), "KB818",
                                  f"example {i + 1} ({rule}): note must give zh and en"))
        return None
    return Example(rule=rule, start=dates["start"], due=dates["due"], extension_due=dates["extension_due"],
                   uncovered=list(uncovered), note=dict(note), pos=pos)


def _load_holiday_year(text: str, path: str, findings: list) -> HolidayYear | None:
    data, f = parse(text, path)
    findings += f
    if data is None:
        return None
    if not isinstance(data, dict):
        findings.append(Finding(path, 1, 1, "KB816", "a holiday file must be a mapping: year, source, rest, work"))
        return None
    m = re.search(r"(\d{4})\.ya?ml$", path)
    year = data.get("year")
    if isinstance(year, bool) or not isinstance(year, int) or (m and int(m.group(1)) != year):
        findings.append(Finding(path, *_pos(data, "year"), "KB816",
                                f"year must be the year in the file name{' (' + m.group(1) + ')' if m else ''}, got {year!r}"))
        return None
    source = data.get("source")
    if not isinstance(source, dict) or not all(isinstance(source.get(l), str) and source.get(l).strip() for l in LANGS):
        findings.append(Finding(path, *_pos(data, "source"), "KB816",
                                "source must name the official notice in zh and en (provenance of the dates)"))
        return None
    rest, work = {}, {}
    ok = True
    where_rest: dict[dt.date, tuple] = {}
    for key in ("rest", "work"):
        items = data.get(key) or []
        if not isinstance(items, list):
            findings.append(Finding(path, *_pos(data, key), "KB816", f"{key} must be a list"))
            ok = False
            continue
        for k, item in enumerate(items):
            ipos = items.item_pos[k] if isinstance(items, LList) else (1, 1)
            name = item.get("name") if isinstance(item, dict) else None
            if not isinstance(name, dict) or not all(isinstance(name.get(l), str) and name.get(l).strip() for l in LANGS):
                findings.append(Finding(path, *ipos, "KB816", f"{key} entry {k + 1}: name must give zh and en"))
                ok = False
                continue
            keys = ("from", "to") if key == "rest" else ("date",)
            days = []
            for dk in keys:
                value = _date(item.get(dk))
                if value is None:
                    findings.append(Finding(path, *_pos(item, dk, ipos), "KB816",
                                            f"{key} entry {k + 1}: {dk} must be a date YYYY-MM-DD, got {str(item.get(dk))!r}"))
                    break
                if value.year != year:
                    findings.append(Finding(path, *_pos(item, dk, ipos), "KB816",
                                            f"{key} entry {k + 1}: {value.isoformat()} is not in {year}"))
                    break
                days.append(value)
            if len(days) != len(keys):
                ok = False
                continue
            if key == "rest":
                a, b = days
                if b < a:
                    findings.append(Finding(path, *_pos(item, "to", ipos), "KB816",
                                            f"rest entry {k + 1}: to {b.isoformat()} is before from {a.isoformat()}"))
                    ok = False
                    continue
                for n in range((b - a).days + 1):
                    day = a + dt.timedelta(days=n)
                    if day in rest:
                        findings.append(Finding(path, *ipos, "KB817", f"{day.isoformat()} is listed twice as a rest day"))
                        ok = False
                    rest[day] = dict(name)
                    where_rest.setdefault(day, ipos)
            else:
                day = days[0]
                if day in work:
                    findings.append(Finding(path, *ipos, "KB817", f"{day.isoformat()} is listed twice as a make-up working day"))
                    ok = False
                if day in rest:
                    findings.append(Finding(path, *ipos, "KB817",
                                            f"{day.isoformat()} is listed both as a rest day (line {where_rest[day][0]}) and as a make-up working day"))
                    ok = False
                if day.weekday() < 5:
                    findings.append(Finding(path, *ipos, "KB817",
                                            f"make-up working day {day.isoformat()} is a {day.strftime('%A')}, not a Saturday or Sunday",
                                            "check the date against the notice"))
                    ok = False
                work[day] = dict(name)
    if not ok:
        return None
    return HolidayYear(year=year, source=dict(source), rest=rest, work=work, path=path)


# -- the engine, in Node ---------------------------------------------------------------

_RUNNER = r"""
const engine = require(process.argv[1]);
let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (c) => { input += c; });
process.stdin.on("end", () => {
  const q = JSON.parse(input);
  const cal = engine.calendar(q.data);
  const rules = {};
  q.data.rules.forEach((r) => { rules[r.id] = r; });
  const out = q.cases.map((c) => {
    const rule = c.ruleObject || rules[c.rule];
    const r = engine.compute(rule, c.start, cal);
    if (q.lang) { r.words = engine.describe(r, q.lang); }
    return r;
  });
  process.stdout.write(JSON.stringify(out));
});
"""


def run_engine(engine: str, data: dict, cases: list[dict], lang: str | None = None) -> list[dict]:
    """Run ``compute`` (and ``describe`` in ``lang``) of the JavaScript engine in Node for
    each {rule, start} (or {ruleObject, start}) case."""
    node = shutil.which("node")
    if node is None:
        raise EngineError("node is not installed")
    if not os.path.exists(engine):
        raise EngineError(f"{engine} does not exist")
    payload = json.dumps({"data": data, "cases": cases, "lang": lang}, ensure_ascii=False)
    try:
        proc = subprocess.run([node, "-e", _RUNNER, os.path.abspath(engine)], input=payload,
                              capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise EngineError(f"node failed: {exc}")
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["no output"])
        raise EngineError(f"node exited with {proc.returncode}: {' '.join(last[-3:])[:300]}")
    return json.loads(proc.stdout)
