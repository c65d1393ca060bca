"""The deadline calculator: the one JavaScript engine (docs/assets/kb-deadlines.js) run in
Node over the case table in data/deadlines.yml, the data checks KB811–KB819 on small
strings, the generated page parts, and the page in Debian's Chromium (file:// and /kb/,
both languages, with and without JavaScript)."""
import datetime as dt
import json
import os
import re

import pytest

from kb import deadlines as dl
from kb.site import Site

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENGINE = os.path.join(ROOT, dl.ENGINE)
DATA = dl.load(ROOT)
CASES = DATA.examples
HOLIDAY = """year: 2026
source: {zh: 通知, en: Notice}
rest:
  - {name: {zh: 国庆节, en: National Day}, from: 2026-10-01, to: 2026-10-07}
work:
  - {date: 2026-10-10, name: {zh: 国庆节, en: National Day}}
"""
RULE = """rules:
  - id: review
    name: {zh: 请求复查, en: Requesting a review}
    start: {zh: 收到书面答复之日, en: the day the written reply was received}
    length: 30
    unit: days
    citation: {zh: 《信访工作条例》第三十五条, en: "Regulations on Letters and Visits Work, Article 35"}
    caveats: {zh: [向上一级提出。], en: [To the level above.]}
"""


@pytest.fixture(scope="module")
def registry():
    return Site(ROOT, "docs", today=dt.date(2026, 11, 22)).data.registry


def findings(rules_text, holidays=None, registry=None):
    d = dl.load_texts(rules_text, {"data/holidays/2026.yml": HOLIDAY} if holidays is None else holidays, engine=ENGINE)
    return [f.render() for f in d.check(registry)] if registry is not None else [f.render() for f in d.findings]


def run(cases, lang=None, data=None):
    return dl.run_engine(ENGINE, data or DATA.browser_data("zh"), cases, lang)


# -- the engine in Node, over the case table ---------------------------------------------

@pytest.fixture(scope="module")
def table_results():
    return run([{"rule": c.rule, "start": c.start.isoformat()} for c in CASES], "zh")


def test_case_table_has_the_cases_the_issue_names():
    rows = {(c.rule, c.start.isoformat(), c.due.isoformat()) for c in CASES}
    assert ("xf-review", "2026-03-02", "2026-04-01") in rows          # written reply 2 March -> 1 April
    assert ("labour-suit", "2026-03-07", "2026-03-23") in rows        # last day a Sunday -> Monday
    assert ("xf-recheck", "2026-09-02", "2026-10-08") in rows         # last day in the National Day holiday
    assert ("labour-suit", "2026-09-05", "2026-09-20") in rows        # make-up working day: not moved
    assert ("admin-suit", "2025-03-31", "2025-09-30") in rows         # month end
    assert ("labour-arbitration", "2024-02-29", "2025-02-28") in rows  # a year from 29 February
    assert len(CASES) >= 12


@pytest.mark.parametrize("i", range(len(CASES)), ids=[f"{c.rule}-{c.start}" for c in CASES])
def test_engine_matches_case_table(table_results, i):
    case, got = CASES[i], table_results[i]
    assert got["due"] == case.due.isoformat()
    assert (got["extension"] or {}).get("due") == (case.extension_due.isoformat() if case.extension_due else None)
    assert got["uncovered"] == case.uncovered


def test_first_day_not_counted_and_day_steps(table_results):
    i = next(k for k, c in enumerate(CASES) if (c.rule, c.start.isoformat()) == ("xf-review", "2026-03-02"))
    r = table_results[i]
    assert (r["first"], r["nominal"], r["due"], r["moved"]) == ("2026-03-03", "2026-04-01", "2026-04-01", [])
    assert r["words"]["steps"] == [
        "起算：2026-03-02当日不计入，从2026-03-03开始计算。",
        "数30日：第30日是2026-04-01（周三）。",
        "2026-04-01（周三）不是休息日，不顺延。",
    ]


def test_sunday_moves_to_monday(table_results):
    i = next(k for k, c in enumerate(CASES) if (c.rule, c.start.isoformat()) == ("labour-suit", "2026-03-07"))
    r = table_results[i]
    assert r["nominal"] == "2026-03-22" and r["nominalInfo"]["kind"] == "weekend"
    assert [m["date"] for m in r["moved"]] == ["2026-03-22"]
    assert r["words"]["steps"][-1] == "2026-03-22（周日）是休息日（周末），期间的最后一日顺延到次日2026-03-23（周一）。"


def test_national_day_moves_to_the_day_after_the_holiday(table_results):
    i = next(k for k, c in enumerate(CASES) if (c.rule, c.start.isoformat()) == ("xf-recheck", "2026-09-02"))
    r = table_results[i]
    assert r["nominal"] == "2026-10-02"
    assert [m["date"] for m in r["moved"]] == [f"2026-10-0{d}" for d in range(2, 8)]
    assert {m["kind"] for m in r["moved"]} == {"holiday"}      # 3-4 October are weekend days but listed as holiday
    assert r["words"]["steps"][-1] == ("2026-10-02（周五）是休息日（国庆节假期），休息日到2026-10-07结束；"
                                       "期间的最后一日顺延到休息日结束的次日2026-10-08（周四）。")


def test_make_up_working_day_is_not_a_rest_day(table_results):
    i = next(k for k, c in enumerate(CASES) if (c.rule, c.start.isoformat()) == ("labour-suit", "2026-09-05"))
    r = table_results[i]
    assert r["nominalInfo"]["kind"] == "makeup" and r["nominalInfo"]["weekday"] == 0
    assert r["moved"] == [] and r["due"] == "2026-09-20"
    assert r["words"]["steps"][-1] == "2026-09-20（周日）是周末，但按官方安排是国庆节调休上班日，本工具按工作日处理，不顺延。"


def test_working_days_skip_holidays_and_count_make_up_days(table_results):
    i = next(k for k, c in enumerate(CASES) if c.rule == "xf-objection")
    r = table_results[i]
    assert r["due"] == "2026-10-13"
    skipped = [s["date"] for s in r["skipped"]]
    assert skipped == [f"2026-10-0{d}" for d in range(1, 8)] + ["2026-10-11"]
    assert "2026-10-10" not in skipped                      # the Saturday make-up working day counted


def test_month_end_and_leap_day():
    rule = {"id": "m", "length": 1, "unit": "months"}
    year = {"id": "y", "length": 1, "unit": "years"}
    out = run([{"ruleObject": rule, "start": "2025-01-31"}, {"ruleObject": rule, "start": "2024-01-31"},
               {"ruleObject": rule, "start": "2025-03-31"}, {"ruleObject": rule, "start": "2025-12-31"},
               {"ruleObject": year, "start": "2024-02-29"}, {"ruleObject": year, "start": "2023-03-01"}])
    assert [(r["nominal"], r["clipped"]) for r in out] == [
        ("2025-02-28", True), ("2024-02-29", True), ("2025-04-30", True), ("2026-01-31", False),
        ("2025-02-28", True), ("2024-03-01", False)]
    # 2026-01-31 is a Saturday: moved to Monday 2 February
    assert [r["due"] for r in out] == ["2025-02-28", "2024-02-29", "2025-04-30", "2026-02-02", "2025-02-28", "2024-03-01"]


def test_uncovered_years_are_reported_only_where_the_counting_looks():
    wd = {"id": "w", "length": 10, "unit": "working_days"}
    days = {"id": "d", "length": 10, "unit": "days"}
    out = run([{"ruleObject": wd, "start": "2026-12-28"}, {"ruleObject": days, "start": "2023-12-30"},
               {"ruleObject": days, "start": "2026-12-25"}], "en")
    assert out[0]["uncovered"] == [2027] and out[0]["due"] == "2027-01-11"
    assert out[1]["uncovered"] == [] and out[1]["due"] == "2024-01-09"      # start year 2023 is not looked at
    assert out[2]["uncovered"] == [2027]
    assert out[2]["words"]["warnings"] == [
        "Warning: there is no official holiday arrangement on file for 2027. For that year only Saturdays and "
        "Sundays are treated as rest days; public holidays and make-up working days are not taken into account. "
        "Check the official arrangement for that year."]


def test_bad_input_is_an_error_not_a_date():
    rule = {"id": "d", "length": 10, "unit": "days"}
    out = run([{"ruleObject": rule, "start": s} for s in ("2026-02-30", "", "2026-3-2", "1899-12-31")] +
              [{"ruleObject": {"id": "x", "length": 0, "unit": "days"}, "start": "2026-03-02"},
               {"ruleObject": {"id": "x", "length": 3, "unit": "weeks"}, "start": "2026-03-02"}], "zh")
    assert [r["error"] for r in out] == ["bad-date"] * 4 + ["bad-rule"] * 2
    assert out[0]["words"] == {"error": "请输入有效日期（年-月-日）。"}


def test_extension_is_a_separate_result(table_results):
    i = next(k for k, c in enumerate(CASES) if c.rule == "xf-handling")
    r = table_results[i]
    assert (r["nominal"], r["due"]) == ("2026-08-30", "2026-08-31")
    assert (r["extension"]["nominal"], r["extension"]["due"]) == ("2026-09-29", "2026-09-29")
    assert r["words"]["extension"]["label"] == "经批准延长（最多再延长30日）的最后期限"


# -- the real data ------------------------------------------------------------------------

def test_real_data_is_clean_and_covers_the_rules_the_issue_names(registry):
    assert DATA.check(registry, True) == []
    got = {r.id: (r.length, r.unit, r.citation["zh"]) for r in DATA.rules}
    assert got["xf-notice"] == (15, "days", "《信访工作条例》第二十三条第二款")
    assert got["xf-handling"] == (60, "days", "《信访工作条例》第三十四条")
    assert DATA.by_id["xf-handling"].extension == {"length": 30, "unit": "days"}
    assert got["xf-review"] == (30, "days", "《信访工作条例》第三十五条")
    assert got["xf-recheck"] == (30, "days", "《信访工作条例》第三十六条第一款")
    assert got["labour-arbitration"] == (1, "years", "《劳动争议调解仲裁法》第二十七条第一款")
    assert got["labour-suit"] == (15, "days", "《劳动争议调解仲裁法》第四十八条、第五十条")
    assert got["work-injury-employer"] == (30, "days", "《工伤保险条例》第十七条第一款")
    assert got["work-injury-employee"] == (1, "years", "《工伤保险条例》第十七条第二款")
    assert got["admin-review"] == (60, "days", "《行政复议法》第二十条第一款")
    assert got["admin-suit"] == (6, "months", "《行政诉讼法》第四十六条第一款")
    assert got["admin-suit-after-review"] == (15, "days", "《行政诉讼法》第四十五条")
    assert sorted(DATA.years) == [2024, 2025, 2026]
    y26 = DATA.years[2026]
    assert len(y26.rest) == 3 + 9 + 3 + 5 + 3 + 3 + 7
    assert sorted(d.isoformat() for d in y26.work) == [
        "2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]
    assert sorted(d.isoformat() for d in DATA.years[2025].work) == [
        "2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"]


def test_browser_data_links_citations_relative_to_the_page(registry):
    data = DATA.browser_data("en", registry)
    suit = next(r for r in data["rules"] if r["id"] == "labour-suit")
    assert [(s["text"], s.get("href")) for s in suit["citations"]] == [
        ("Labour Dispute Mediation and Arbitration Law, Articles 48", "../policies/labour-dispute-text.html#art-48"),
        (" and ", None), ("50", "../policies/labour-dispute-text.html#art-50")]
    assert [s.get("href") for s in data["periodCitations"] if s.get("href")] == [
        f"../policies/civil-code-periods.html#art-{n}" for n in (201, 202, 203)]


def test_generated_page_parts(registry):
    site = Site(ROOT, "docs", today=dt.date(2026, 11, 22))
    for rel, lang in (("guides/deadline-calculator.md", "zh"), ("guides/deadline-calculator.en.md", "en")):
        with open(os.path.join(ROOT, "docs", rel), encoding="utf-8") as fh:
            text = fh.read()
        out = site.render_markdown(rel, text[text.index("\n---\n", 4) + 5:])
        assert not any(m in out for m in dl.MARKERS.values())
        # the engine's data is not in the page: one generated file for both languages
        src = "../assets/kb-deadline-data.js" if lang == "zh" else "../../assets/kb-deadline-data.js"
        assert out.count("<script") == 1 and f'<script src="{src}"></script>' in out
        assert f'data-kb-lang="{lang}"' in out
        body = out
        plain = re.sub(r'\[([^\]]*)\]\([^)"\s]*(?:\s+"[^"]*")?\)(\{ \.kb-(?:term|cite) \})?', r"\1", body)   # links and tooltips out
        for r in DATA.rules:
            assert f"| {r.name[lang]} | {r.start[lang]} | {DATA.rule_length(r, lang)} | {r.citation[lang]} |" in plain
        # the citations in the generated rule table are linked like any citation
        assert "](../policies/xinfang-text-2.md#art-35" in body
        for year in (2024, 2025, 2026):
            assert f"| {year} |" in body
        assert body.count("\n| ") >= len(DATA.rules) + len(CASES) + 3


def test_data_asset_holds_both_languages_with_links_relative_to_the_page(registry):
    text = DATA.data_js(registry)
    m = re.fullmatch(r"/\*.*?\*/\nwindow\.KBDeadlineData = (\{.*\});\n", text, re.S)
    data = json.loads(m.group(1))
    assert data == {"zh": DATA.browser_data("zh", registry), "en": DATA.browser_data("en", registry)}
    site = Site(ROOT, "docs", today=dt.date(2026, 11, 22))
    assert site.generated_assets()[dl.DATA_ASSET] == text


def test_data_asset_is_shared_and_not_repeated_in_the_pages(site):
    asset = (site / "assets" / "kb-deadline-data.js").read_text(encoding="utf-8")
    for rel in PAGES.values():
        html = (site / rel).read_text(encoding="utf-8")
        assert html.count("kb-deadline-data.js") == 1
        assert '"holidays":[' not in html and '"periodCitations":[' not in html
    assert asset.count('"holidays":[') == 2 and asset.count('"periodCitations":[') == 2   # zh and en


# -- data checks on strings: one test per finding code ------------------------------------

def test_kb601_bad_yaml():
    assert findings("rules: [\n") == ["data/deadlines.yml:2:1: KB601 data file is not valid YAML: expected the node content, but found '<stream end>'"]


def test_kb811_structure_duplicate_and_missing_field():
    assert findings("rules: {}\n") == ["data/deadlines.yml:1:1: KB811 deadlines.yml must be a mapping with a list 'rules'"]
    text = RULE + RULE.replace("rules:\n", "") + "  - id: Bad Id\n  - id: short\n    length: 3\n"
    assert findings(text) == [
        "data/deadlines.yml:9:9: KB811 duplicate rule id 'review' (first at line 2)",
        "data/deadlines.yml:16:9: KB811 rule 3: id must be ASCII kebab-case, got 'Bad Id'",
        "data/deadlines.yml:17:5: KB811 rule 'short' has no name, start, unit, citation",
    ]


def test_kb812_unknown_unit():
    assert findings(RULE.replace("unit: days", "unit: weekdays")) == [
        "data/deadlines.yml:6:11: KB812 rule 'review': unknown unit 'weekdays' (one of days, working_days, months, years) (did you mean 'days'?)"]


def test_kb813_length_not_positive_whole_number():
    assert findings(RULE.replace("length: 30", "length: 0")) == [
        "data/deadlines.yml:5:13: KB813 rule 'review': length must be a positive whole number, got 0"]
    assert findings(RULE.replace("length: 30", "length: '30'")) == [
        "data/deadlines.yml:5:13: KB813 rule 'review': length must be a positive whole number, got '30'"]
    text = RULE.replace("    unit: days\n", "    unit: days\n    extension: {length: -30, unit: days}\n")
    assert findings(text) == [
        "data/deadlines.yml:7:25: KB813 rule 'review' extension: length must be a positive whole number, got -30"]


def test_kb814_missing_language():
    assert findings(RULE.replace(", en: Requesting a review", "")) == [
        "data/deadlines.yml:3:11: KB814 rule 'review': name has no en text"]
    assert findings(RULE.replace("en: [To the level above.]", "en: [To the level above., Second.]")) == [
        "data/deadlines.yml:8:14: KB814 rule 'review': caveats: 1 in zh but 2 in en (a translation is missing)"]


def test_kb815_citations_must_verify(registry):
    text = (RULE.replace("《信访工作条例》第三十五条", "《信访工作条例》第九十九条")
                .replace("Article 35", "Article 38")
                .replace("向上一级提出。", "见《劳动合同法》第一百零一条和《信访办法》第三条。"))
    assert findings(text, registry=registry) == [
        "data/deadlines.yml:7:20: KB815 rule 'review' citation (zh): citation 《信访工作条例》第九十九条 — 信访工作条例 has 50 articles",
        "data/deadlines.yml:7:39: KB815 rule 'review' citation (en): 信访工作条例 article 38 is cited but not quoted on policies/xinfang-text-1.md or policies/xinfang-text-2.md "
        "(add '### 第三十八条 { #art-38 }' with the article text there)",
        "data/deadlines.yml:8:20: KB815 rule 'review' caveats (zh): citation of unknown law 《信访办法》 (did you mean '信访条例'?)",
        "data/deadlines.yml:8:20: KB815 rule 'review' caveats (zh): citation 《劳动合同法》第一百零一条 — 劳动合同法 has 98 articles",
    ]
    assert findings(RULE.replace("《信访工作条例》第三十五条", "信访工作条例第三十五条"), registry=registry) == [
        "data/deadlines.yml:7:20: KB815 rule 'review' citation (zh): article '第三十五条' has no law named before it "
        "in the paragraph (name the law, e.g. 《信访工作条例》第三十五条)"]
    assert findings(RULE.replace("《信访工作条例》第三十五条", "有关规定"), registry=registry) == [
        "data/deadlines.yml:7:20: KB815 rule 'review' citation (zh) '有关规定' is not a citation (write e.g. 《信访工作条例》第三十五条)"]


def test_kb816_holiday_file_dates_year_and_source():
    bad = HOLIDAY.replace("to: 2026-10-07", "to: 2026-02-30").replace("date: 2026-10-10", "date: 2027-10-10")
    assert findings(RULE, {"data/holidays/2026.yml": bad}) == [
        "data/holidays/2026.yml:4:63: KB816 rest entry 1: to must be a date YYYY-MM-DD, got '2026-02-30'",
        "data/holidays/2026.yml:6:12: KB816 work entry 1: 2027-10-10 is not in 2026",
    ]
    assert findings(RULE, {"data/holidays/2025.yml": HOLIDAY}) == [
        "data/holidays/2025.yml:1:7: KB816 year must be the year in the file name (2025), got 2026"]
    assert findings(RULE, {"data/holidays/2026.yml": HOLIDAY.replace(", en: Notice", "")}) == [
        "data/holidays/2026.yml:2:9: KB816 source must name the official notice in zh and en (provenance of the dates)"]


def test_kb817_rest_and_work_both_or_make_up_day_on_a_weekday():
    both = HOLIDAY.replace("date: 2026-10-10", "date: 2026-10-03")
    assert findings(RULE, {"data/holidays/2026.yml": both}) == [
        "data/holidays/2026.yml:6:5: KB817 2026-10-03 is listed both as a rest day (line 4) and as a make-up working day"]
    weekday = HOLIDAY.replace("date: 2026-10-10", "date: 2026-10-09")
    assert findings(RULE, {"data/holidays/2026.yml": weekday}) == [
        "data/holidays/2026.yml:6:5: KB817 make-up working day 2026-10-09 is a Friday, not a Saturday or Sunday (check the date against the notice)"]


def test_kb818_example_unknown_rule_or_bad_date():
    text = RULE + ("examples:\n"
                   "  - {rule: reveiw, start: 2026-03-02, due: 2026-04-01, note: {zh: 甲, en: A}}\n"
                   "  - {rule: review, start: 2026-03-32, due: 2026-04-01, note: {zh: 甲, en: A}}\n"
                   "  - {rule: review, start: 2026-03-02, due: 2026-04-01, note: {zh: 甲}}\n")
    assert findings(text) == [
        "data/deadlines.yml:10:12: KB818 example 1: unknown rule 'reveiw' (did you mean 'review'?)",
        "data/deadlines.yml:11:27: KB818 example 2 (review): start must be a date YYYY-MM-DD, got '2026-03-32'",
        "data/deadlines.yml:12:62: KB818 example 3 (review): note must give zh and en",
    ]


def test_kb819_expected_date_differs_from_the_engine(registry):
    text = RULE + ("examples:\n"
                   "  - {rule: review, start: 2026-03-02, due: 2026-04-01, note: {zh: 甲, en: A}}\n"
                   "  - {rule: review, start: 2026-09-02, due: 2026-10-02, note: {zh: 乙, en: B}}\n"
                   "  - {rule: review, start: 2027-03-02, due: 2027-04-01, note: {zh: 丙, en: C}}\n")
    assert findings(text, registry=registry) == [
        "data/deadlines.yml:11:5: KB819 example review from 2026-09-02: expected due 2026-10-02 but the engine gives 2026-10-08",
        "data/deadlines.yml:12:5: KB819 example review from 2027-03-02: expected uncovered [] but the engine gives [2027]",
    ]


def test_kb819_engine_that_cannot_run_is_a_finding(registry, tmp_path):
    broken = tmp_path / "engine.js"
    broken.write_text("throw new Error('broken engine');\n", encoding="utf-8")
    d = dl.load_texts(RULE + "examples:\n  - {rule: review, start: 2026-03-02, due: 2026-04-01, note: {zh: 甲, en: A}}\n",
                      {"data/holidays/2026.yml": HOLIDAY}, engine=str(broken))
    out = [f.render() for f in d.check(registry)]
    assert len(out) == 1 and out[0].startswith(
        "data/deadlines.yml:10:5: KB819 the worked examples cannot be checked: node exited with 1:"), out


def test_site_check_reports_deadline_findings(tmp_path):
    """The data check is part of Site.check(): a broken rule file fails the build."""
    import shutil
    (tmp_path / "data" / "holidays").mkdir(parents=True)
    shutil.copy(os.path.join(ROOT, "data", "laws.yml"), tmp_path / "data" / "laws.yml")
    (tmp_path / "data" / "glossary.yml").write_text("[]\n", encoding="utf-8")
    (tmp_path / "data" / "deadlines.yml").write_text(RULE.replace("unit: days", "unit: weeks"), encoding="utf-8")
    (tmp_path / "docs").mkdir()
    site = Site(str(tmp_path), "docs", today=dt.date(2026, 11, 22))
    assert [f.render() for f in site.check()] == [
        "data/deadlines.yml:6:11: KB812 rule 'review': unknown unit 'weeks' (one of days, working_days, months, years)"]


# -- the page in Chromium -----------------------------------------------------------------

PAGES = {"zh": "guides/deadline-calculator.html", "en": "en/guides/deadline-calculator.html"}


@pytest.fixture(params=["file", "http"])
def base(request, site, server):
    return site.as_uri() + "/" if request.param == "file" else server


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_page_runs_the_case_table(page, base, lang):
    page.goto(base + PAGES[lang])
    assert page.locator("#kb-deadline-calculator").is_visible()
    assert page.get_attribute("#kb-deadline-result", "aria-live") == "polite"
    for c in CASES:
        page.select_option("#kb-deadline-rule", c.rule)
        page.fill("#kb-deadline-start", c.start.isoformat())
        page.click("#kb-deadline-form button[type=submit]")
        got = page.get_attribute("#kb-deadline-result [data-kb-due]", "data-kb-due")
        assert got == c.due.isoformat(), (c.rule, c.start)
        ext = page.locator("#kb-deadline-result [data-kb-extension-due]")
        if c.extension_due:
            assert ext.get_attribute("data-kb-extension-due") == c.extension_due.isoformat()
        else:
            assert ext.count() == 0
        warning = page.locator("#kb-deadline-result [data-kb-uncovered]")
        assert (warning.get_attribute("data-kb-uncovered") if warning.count() else "") == ",".join(map(str, c.uncovered))
    text = page.inner_text("#kb-deadline-result")
    assert ("2027年没有收录" if lang == "zh" else "no official holiday arrangement on file for 2027") in text
    assert page.kb_errors == []
    assert page.kb_requests.outside == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_result_shows_rule_citation_steps_and_caveats(page, base, lang):
    page.goto(base + PAGES[lang])
    page.select_option("#kb-deadline-rule", "xf-review")
    page.fill("#kb-deadline-start", "2026-03-02")
    page.click("#kb-deadline-form button[type=submit]")
    text = page.inner_text("#kb-deadline-result")
    rule = DATA.by_id["xf-review"]
    assert rule.name[lang] in text and rule.caveats[lang][0] in text and DATA.caveats[lang][0] in text
    if lang == "zh":
        assert "期间的最后一日：2026-04-01（周三）" in text
        assert "起算：2026-03-02当日不计入，从2026-03-03开始计算。" in text
    else:
        assert "Last day of the period: 2026-04-01 (Wednesday)" in text
        assert "Start: 2026-03-02 itself is not counted; counting starts on 2026-03-03." in text
    link = page.locator("#kb-deadline-result a[href$='#art-35']")
    assert link.inner_text() == rule.citation[lang]
    page.goto(link.evaluate("a => a.href"))
    assert page.locator("#art-35").count() == 1
    assert page.kb_errors == []


def test_keyboard_only_and_errors(page, base):
    page.goto(base + PAGES["zh"])
    page.focus("#kb-deadline-rule")
    first = page.input_value("#kb-deadline-rule")
    page.keyboard.press("ArrowDown")
    assert page.input_value("#kb-deadline-rule") != first
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "kb-deadline-start"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")          # empty date: an error, not a date
    assert page.get_attribute("#kb-deadline-result [data-kb-error]", "data-kb-error") == "bad-date"
    page.select_option("#kb-deadline-rule", "xf-review")
    page.fill("#kb-deadline-start", "2026-03-02")
    page.focus("#kb-deadline-start")
    page.keyboard.press("Enter")
    assert page.get_attribute("#kb-deadline-result [data-kb-due]", "data-kb-due") == "2026-04-01"
    for sel in ("#kb-deadline-rule", "#kb-deadline-start"):
        assert page.locator(f"label[for='{sel[1:]}']").count() == 1
    assert page.kb_errors == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_without_javascript_the_rule_table_and_examples_are_there(browser, base, lang):
    context = browser.new_context(java_script_enabled=False)
    try:
        pg = context.new_page()
        pg.goto(base + PAGES[lang])
        assert not pg.locator("#kb-deadline-calculator").is_visible()
        assert pg.locator(".kb-deadline__noscript").is_visible()
        table = pg.locator("#rules ~ table").first
        assert table.is_visible()
        text = table.inner_text()
        for r in DATA.rules:
            assert r.name[lang] in text and r.start[lang] in text, r.id
        examples = pg.locator("#examples ~ table").first.inner_text()
        for c in CASES:
            assert c.due.isoformat() in examples
        years = pg.locator("#holidays ~ table").first.inner_text()
        assert all(str(y) in years for y in (2024, 2025, 2026))
        link = pg.locator("#rules ~ table a[href*='xinfang-text-2.html#art-35']")
        assert link.count() >= 1
    finally:
        context.close()
