"""The channel chooser: data/channels.yml checks (KB801–KB809) on small trees written into
tmp_path, the real tree's routes, and the built pages in Debian's Chromium (file:// and a
static server under /kb/, zh and en, with and without JavaScript): the interactive chooser
(its data in assets/kb-chooser-data.<lang>.js) and the listing of every question and result."""
import datetime as dt
import json
import os
import re
import shutil

import pytest
from playwright.sync_api import expect

from kb import channels
from kb.site import Site

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FM = "---\ntitle: {t}\nsummary: S.\naudience: [employee]\nreviewed_on: 2026-11-01\n---\n"
PAGES = {
    "guides/channels/petition.md": FM.format(t="信访") + "\n## 怎么开始 { #how-to-start }\n",
    "guides/channels/petition.en.md": FM.format(t="Petitions") + "\n## How to start { #how-to-start }\n",
    "guides/channels/court.md": FM.format(t="向法院起诉") + "\n## 时限 { #time-limit }\n",
    "policies/xinfang-regulations.md": FM.format(t="信访工作条例") + "law: xinfang\n\n### 第三十五条 { #art-35 }\n\n> 信访人对信访处理意见不服的，可以自收到书面答复之日起30日内请求复查。\n",
    "policies/xinfang-regulations.en.md": FM.format(t="Regulations") + "\n### Article 35 { #art-35 }\n\n> 信访人对信访处理意见不服的。\n",
}
# A clean tree: line numbers below are those of this text.
GOOD = """\
start: start
nodes:
  - id: start
    question:
      zh: 你的事？
      en: Your matter?
    answers:
      - zh: 不服处理意见
        en: I disagree with the opinion
        next: review
      - zh: 其他
        en: Something else
        next: ask
  - id: ask
    question:
      zh: 收到答复了吗？
      en: Did you get a reply?
    answers:
      - zh: 收到了
        en: Yes, I did
        next: review
  - id: review
    outcome:
      zh: 请求复查
      en: Ask for review
    first_step:
      zh: 书面请求上一级复查。
      en: Ask the next level up in writing.
    time_limit:
      zh: 30日内（《信访工作条例》第三十五条）。
      en: Within 30 days (Regulations on Letters and Visits Work, Article 35).
    legal_basis:
      zh:
        - 《信访工作条例》第三十五条
      en:
        - Regulations on Letters and Visits Work, Article 35
    guides:
      - guides/channels/petition.md#how-to-start
"""


def make(tmp_path, text: str) -> Site:
    (tmp_path / "data").mkdir(parents=True)
    shutil.copy(os.path.join(ROOT, "data", "laws.yml"), tmp_path / "data" / "laws.yml")
    (tmp_path / "data" / "glossary.yml").write_text("[]\n", encoding="utf-8")
    (tmp_path / "data" / "channels.yml").write_text(text, encoding="utf-8")
    for rel, body in PAGES.items():
        p = tmp_path / "docs" / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(body, encoding="utf-8")
    return Site(str(tmp_path), "docs", today=dt.date(2026, 11, 22))


def findings(tmp_path, text):
    site = make(tmp_path, text)
    return [f.render() for f in site.check_channels()]


def edit(old: str, new: str, text: str = GOOD) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


# -- KB80x on small trees -----------------------------------------------------------------

def test_clean_tree_has_no_findings_and_follows_paths(tmp_path):
    site = make(tmp_path, GOOD)
    assert site.check_channels() == []
    tree = site.data.channels
    assert [("/".join(p), o.id) for p, o in tree.paths()] == [("review", "review"), ("ask/review", "review")]
    assert tree.follow(["ask", "review"]).id == "review"
    assert tree.follow(["review", "ask"]) is None


def test_kb801_answer_to_unknown_node(tmp_path):
    assert findings(tmp_path, edit("        next: ask\n", "        next: aks\n")) == [
        "data/channels.yml:13:15: KB801 answer in 'start' points to unknown node 'aks' (did you mean 'ask'?)",
        "data/channels.yml:14:5: KB803 node 'ask' is not reached by any answer",
    ]


def test_kb801_unknown_start(tmp_path):
    assert findings(tmp_path, edit("start: start\n", "start: begin\n")) == [
        "data/channels.yml:1:8: KB801 start points to unknown node 'begin'",
    ]


def test_kb802_cycle_never_reaches_an_outcome(tmp_path):
    text = edit("        next: review\n  - id: review\n",
                "        next: review\n      - zh: 再问一次\n        en: Ask again\n        next: ask\n  - id: review\n")
    assert findings(tmp_path, text) == [
        "data/channels.yml:24:15: KB802 cycle ask → ask: this path never reaches an outcome",
    ]


def test_kb802_question_without_answers(tmp_path):
    text = edit("    answers:\n      - zh: 收到了\n        en: Yes, I did\n        next: review\n", "    answers: []\n")
    assert findings(tmp_path, text) == [
        "data/channels.yml:14:5: KB802 question 'ask' has no answers: the path stops without an outcome",
    ]


def test_kb803_unreachable_outcome(tmp_path):
    extra = GOOD.split("  - id: review\n")[1]
    assert findings(tmp_path, GOOD + "  - id: orphan\n" + extra) == [
        "data/channels.yml:39:5: KB803 node 'orphan' is not reached by any answer",
    ]


def test_kb804_guide_page_and_anchor(tmp_path):
    text = edit("      - guides/channels/petition.md#how-to-start\n",
                "      - guides/channels/petition.md#how-to-begin\n"
                "      - guides/channels/petiton.md\n"
                "      - guides/channels/court.md#time-limit\n"
                "      - https://example.org/\n")
    assert findings(tmp_path, text) == [
        "data/channels.yml:38:9: KB804 guide 'guides/channels/petition.md#how-to-begin': docs/guides/channels/petition.en.md has no anchor 'how-to-begin' (did you mean 'how-to-start'?)",
        "data/channels.yml:38:9: KB804 guide 'guides/channels/petition.md#how-to-begin': docs/guides/channels/petition.md has no anchor 'how-to-begin' (did you mean 'how-to-start'?)",
        "data/channels.yml:39:9: KB804 guide 'guides/channels/petiton.md': page docs/guides/channels/petiton.md does not exist (did you mean 'guides/channels/petition.md'?)",
        "data/channels.yml:40:9: KB804 guide 'guides/channels/court.md#time-limit': page has no English twin docs/guides/channels/court.en.md",
        "data/channels.yml:41:9: KB804 guide 'https://example.org/' must be a docs page like guides/channels/petition.md#how-to-start",
    ]


def test_kb805_legal_basis_and_inline_citations_verify(tmp_path):
    text = edit("        - 《信访工作条例》第三十五条\n",
                "        - 《信访工作条例》第三十五条\n"
                "        - 《信访工作条例》第九十条\n"
                "        - 《信访工作条例》第三十六条\n"
                "        - 《信访条例》第三十四条\n"
                "        - 《信访法》第一条\n"
                "        - 复查规定\n")
    text = edit("      en: Ask the next level up in writing.\n",
                "      en: Ask the next level up in writing (Regulations on Letters and Visits Work, Article 99).\n", text)
    assert findings(tmp_path, text) == [
        "data/channels.yml:28:7: KB805 citation Regulations on Letters and Visits Work, Article 99 — 信访工作条例 has 50 articles",
        "data/channels.yml:32:5: KB809 outcome 'review': zh and en legal_basis cite different articles (only zh: xinfang 36, xinfang 90, xinfang2005 34; only en: none)",
        "data/channels.yml:35:11: KB805 citation 《信访工作条例》第九十条 — 信访工作条例 has 50 articles",
        "data/channels.yml:36:11: KB805 信访工作条例 article 36 is cited but not quoted on policies/xinfang-regulations.md (add '### 第三十六条 { #art-36 }' with the article text there)",
        "data/channels.yml:37:11: KB805 信访条例 article 34 is cited but not quoted on policies/xinfang-regulations-2005.md (add '### 第三十四条 { #art-34 }' with the article text there)",
        "data/channels.yml:37:11: KB805 信访条例 is repealed; cited as if current (cite the current rule, or mark it 旧《信访条例》 in a history note)",
        "data/channels.yml:38:11: KB805 citation of unknown law 《信访法》 (did you mean '信访条例'?)",
        "data/channels.yml:39:11: KB805 legal_basis entry '复查规定' is not a citation (write e.g. 《信访工作条例》第三十四条)",
    ]


def test_kb806_missing_language(tmp_path):
    text = edit("        en: Something else\n", "")
    text = edit("      en: Within 30 days (Regulations on Letters and Visits Work, Article 35).\n", "", text)
    text = edit("      en:\n        - Regulations on Letters and Visits Work, Article 35\n", "", text)
    assert findings(tmp_path, text) == [
        "data/channels.yml:11:9: KB806 question 'start': answer 2 has no en label",
        "data/channels.yml:28:5: KB806 node 'review': 'time_limit' has no en text",
        "data/channels.yml:31:7: KB806 outcome 'review': legal_basis has no en list",
    ]


def test_kb807_duplicate_id_key_and_label(tmp_path):
    text = edit("        en: Something else\n", "        en: I disagree with the opinion\n")
    text = edit("  - id: review\n", "  - id: ask\n", text)
    text = edit("      zh: 请求复查\n", "      zh: 请求复查\n      zh: 再说一遍\n", text)
    assert findings(tmp_path, text) == [
        "data/channels.yml:10:15: KB801 answer in 'start' points to unknown node 'review'",
        "data/channels.yml:12:9: KB807 question 'start': two answers have the en label 'I disagree with the opinion' (first at line 9)",
        "data/channels.yml:21:15: KB801 answer in 'ask' points to unknown node 'review'",
        "data/channels.yml:22:5: KB807 duplicate node id 'ask' (first at line 14)",
        "data/channels.yml:25:7: KB807 duplicate key 'zh' (the second one would silently win)",
    ]


def test_kb808_wrong_shapes(tmp_path):
    text = edit("  - id: ask\n", "  - id: Ask Me\n")
    text = edit("    first_step:\n      zh: 书面请求上一级复查。\n      en: Ask the next level up in writing.\n",
                "    first_step: 书面请求上一级复查。\n", text)
    text = edit("      - zh: 不服处理意见\n        en: I disagree with the opinion\n",
                "      - zh: 不服处理意见\n        en: yes\n", text)
    text = edit("    guides:\n      - guides/channels/petition.md#how-to-start\n", "    question:\n      zh: 还有吗？\n      en: More?\n", text)
    assert findings(tmp_path, text) == [
        "data/channels.yml:9:9: KB808 question 'start': answer 1 en label must be text (YAML read True: put it in quotes)",
        "data/channels.yml:10:15: KB801 answer in 'start' points to unknown node 'review'",
        "data/channels.yml:13:15: KB801 answer in 'start' points to unknown node 'ask'",
        "data/channels.yml:14:5: KB808 node 2: id 'Ask Me' must be lower-case ASCII letters, digits and hyphens",
        "data/channels.yml:22:5: KB808 node 'review' must have either 'question' (with answers) or 'outcome', not both",
    ]
    text = edit("    question:\n      zh: 还有吗？\n      en: More?\n", "", text)
    assert findings(tmp_path / "again", text) == [
        "data/channels.yml:9:9: KB808 question 'start': answer 1 en label must be text (YAML read True: put it in quotes)",
        "data/channels.yml:13:15: KB801 answer in 'start' points to unknown node 'ask'",
        "data/channels.yml:14:5: KB808 node 2: id 'Ask Me' must be lower-case ASCII letters, digits and hyphens",
        "data/channels.yml:22:5: KB808 outcome 'review' needs 'guides': a list of pages like guides/channels/petition.md#how-to-start",
        "data/channels.yml:26:5: KB808 node 'review': 'first_step' must be a mapping with zh and en text",
    ]


def test_kb809_languages_cite_different_articles(tmp_path):
    text = edit("        - Regulations on Letters and Visits Work, Article 35\n",
                "        - Regulations on Letters and Visits Work, Article 36\n")
    assert findings(tmp_path, text) == [
        "data/channels.yml:32:5: KB809 outcome 'review': zh and en legal_basis cite different articles (only zh: xinfang 35; only en: xinfang 36)",
        "data/channels.yml:36:11: KB805 信访工作条例 article 36 is cited but not quoted on policies/xinfang-regulations.md (add '### 第三十六条 { #art-36 }' with the article text there)",
    ]


def test_bad_yaml_and_missing_tree_are_kb601(tmp_path):
    assert findings(tmp_path, "start: [unclosed\n") == [
        "data/channels.yml:2:1: KB601 data file is not valid YAML: expected ',' or ']', but got '<stream end>'"]
    site = make(tmp_path / "nodata", GOOD)
    (tmp_path / "nodata" / "data" / "channels.yml").unlink()
    (tmp_path / "nodata" / "docs" / "guides" / "channel-chooser.md").write_text(
        FM.format(t="选择器") + "\n" + channels.MARKER + "\n", encoding="utf-8")
    site = Site(str(tmp_path / "nodata"), "docs", today=dt.date(2026, 11, 22))
    assert [f.render() for f in site.check_channels()] == [
        "docs/guides/channel-chooser.md:1:1: KB601 data/channels.yml is missing (this page shows the channel chooser)"]


def test_render_chooser_loads_its_data_asset_relative_to_the_page(tmp_path):
    site = make(tmp_path, GOOD)
    tree = site.data.channels
    assert channels.render(tree, "zh", "guides/chooser.md", site) == \
        '<div class="kb-chooser" data-kb-chooser=""><script src="../assets/kb-chooser-data.zh.js"></script></div>\n'
    assert channels.render(tree, "en", "guides/chooser.en.md", site) == \
        '<div class="kb-chooser" data-kb-chooser=""><script src="../../assets/kb-chooser-data.en.js"></script></div>\n'
    assert channels.data_asset("en") == "assets/kb-chooser-data.en.js"


def test_data_js_has_questions_and_outcome_html_with_relative_links(tmp_path):
    site = make(tmp_path, GOOD)
    text = channels.data_js(site.data.channels, "en", site, "guides/chooser.md")
    data = json.loads(re.fullmatch(r"/\*.*?\*/\nwindow\.kbChooserData = (\{.*\});\n", text, re.S).group(1))
    assert data["start"] == "start" and data["ui"]["back"] == "Back"
    assert data["nodes"]["ask"] == {"q": "Did you get a reply?", "answers": [{"label": "Yes, I did", "next": "review"}]}
    review = data["nodes"]["review"]
    assert review["title"] == "Ask for review"
    assert review["html"] == (
        "<dl><dt>First step</dt><dd>Ask the next level up in writing.</dd>"
        '<dt>Time limit</dt><dd>Within 30 days (<a href="../policies/xinfang-regulations.html#art-35">'
        "Regulations on Letters and Visits Work, Article 35</a>).</dd>"
        '<dt>Legal basis</dt><dd><a href="../policies/xinfang-regulations.html#art-35">'
        "Regulations on Letters and Visits Work, Article 35</a></dd>"
        '<dt>Channel guides</dt><dd><ul class="kb-chooser-guides"><li><a href="channels/petition.html#how-to-start">'
        "Petitions</a></li></ul></dd></dl>")
    assert "你的事" not in text                                  # English data, English text only


def test_listing_questions_link_each_final_answer_to_its_result_once(tmp_path):
    site = make(tmp_path, GOOD)
    tree = site.data.channels
    q = channels.render_questions(tree, "en", "guides/all.en.md", site)
    assert q == (
        '<section class="kb-chooser-tree" aria-label="Every question" data-search-exclude="">'
        '<p class="kb-chooser-q" data-kb-node="start"><strong>Your matter?</strong></p><ul>'
        '<li><p class="kb-chooser-a">I disagree with the opinion</p>'
        '<p class="kb-chooser-to">Suggested channel: <a href="#review">Ask for review</a></p></li>'
        '<li><p class="kb-chooser-a">Something else</p>'
        '<p class="kb-chooser-q" data-kb-node="ask"><strong>Did you get a reply?</strong></p><ul>'
        '<li><p class="kb-chooser-a">Yes, I did</p>'
        '<p class="kb-chooser-to">Suggested channel: <a href="#review">Ask for review</a></p></li></ul></li></ul>'
        "</section>\n")
    r = channels.render_results(tree, "zh", "guides/all.md", site)
    assert r.count('class="kb-chooser-outcome"') == 1                 # each outcome once
    assert r.startswith('<section class="kb-chooser-results" aria-label="全部结果" data-search-exclude="">'
                        '<div class="kb-chooser-outcome" id="review"><p><strong>建议渠道：</strong>请求复查</p><dl>')
    assert '<a href="../policies/xinfang-regulations.html#art-35">《信访工作条例》第三十五条</a>' in r


def test_legal_basis_names_a_law_once_for_consecutive_articles(tmp_path):
    site = make(tmp_path, GOOD)
    node = site.data.channels.nodes["review"]
    node.basis = {"zh": ["《信访工作条例》第三十五条", "《信访工作条例》第三十五条第一款", "《民法典》第二百零一条"],
                  "en": ["Regulations on Letters and Visits Work, Article 35",
                         "Regulations on Letters and Visits Work, Article 35(1)"]}
    reg = site.data.registry
    href = "../policies/xinfang-regulations.html#art-35"
    assert channels.basis_html(node, "en", "guides/x.md", reg) == (
        f'<a href="{href}">Regulations on Letters and Visits Work, Article 35</a>, <a href="{href}">Article 35(1)</a>')
    # 民法典 is not quoted in this small site: named in full, not linked, after a separator
    assert channels.basis_html(node, "zh", "guides/x.md", reg) == (
        f'<a href="{href}">《信访工作条例》第三十五条</a>、<a href="{href}">第三十五条第一款</a>；《民法典》第二百零一条')


# -- the real tree --------------------------------------------------------------------------

# Each problem type the issue names -> (scenario path, outcome id, words the outcome must say).
REQUIRED = {
    "unpaid wages, still employed": ("wages/wages-employed", "wages-employed",
                                     ["劳动保障监察投诉", "《劳动争议调解仲裁法》第二十七条第四款"]),
    "unpaid wages, after leaving": ("wages/wages-left", "wages-left", ["劳动争议仲裁", "1年内"]),
    "dismissal": ("dismissal", "dismissal", ["劳动争议仲裁", "1年", "15日内"]),
    "social insurance": ("social-insurance", "social-insurance", ["劳动保障监察投诉", "第十一条第（七）项"]),
    "work injury": ("injury/injury-recognition", "injury-recognition", ["工伤认定", "30日", "1年"]),
    "work injury decision": ("injury/injury-decision", "injury-decision", ["行政复议", "60日", "6个月"]),
    "occupational disease": ("disease/disease-diagnosis", "disease-diagnosis", ["职业病诊断", "不得拒绝"]),
    "internal disciplinary decision": ("discipline/discipline-internal", "discipline-internal",
                                       ["内部申诉", "不能申请行政复议", "《工会法》第二十二条第一款"]),
    "discipline leading to dismissal": ("discipline/dismissal", "dismissal", ["劳动争议仲裁"]),
    "complaint about a staff member's conduct": ("conduct-report", "conduct-report",
                                                 ["检举控告", "《信访工作条例》第三十条第一款"]),
    "suggestion or opinion": ("suggestion", "suggestion", ["建议", "职工代表大会"]),
    "unhappy with the handling opinion (复查)": ("petition-result/review", "review",
                                                ["复查", "30日内", "《信访工作条例》第三十五条"]),
    "unhappy with the review opinion (复核)": ("petition-result/re-review", "re-review",
                                              ["复核", "30日内", "《信访工作条例》第三十六条第一款"]),
    "after re-review": ("petition-result/after-re-review", "after-re-review", ["不再受理", "第三十六条第三款"]),
    "arbitral award already made": ("decided/award-court", "award-court",
                                    ["向法院起诉", "15日内", "《劳动争议调解仲裁法》第五十条"]),
    "court judgment already made": ("decided/court-judgment", "court-judgment",
                                    ["信访不会重新审理", "《信访工作条例》第二十八条第二款"]),
}


@pytest.fixture(scope="module")
def real():
    return Site(ROOT, "docs")


def test_real_tree_is_clean(real):
    assert real.data.channels is not None
    assert [f.render() for f in real.check_channels()] == []


@pytest.mark.parametrize("problem", sorted(REQUIRED))
def test_real_tree_routes_each_required_problem(real, problem):
    path, outcome, words = REQUIRED[problem]
    node = real.data.channels.follow(path.split("/"))
    assert node is not None and node.id == outcome, (problem, node and node.id)
    zh = " ".join([node.text["zh"], node.first_step["zh"], node.time_limit["zh"]])
    for w in words:
        assert w in zh, (problem, w)


def test_real_tree_traps():
    """The rules the issue calls out, checked on the outcome texts themselves."""
    site = Site(ROOT, "docs")
    n = site.data.channels.nodes
    # an internal disciplinary decision is not an administrative act: no administrative review route
    assert not any(g.startswith("guides/channels/administrative-review.md#how-to-start") for g in n["discipline-internal"].guides)
    # a matter decided by a court is not reopened by a petition; review/re-review are 30 days
    assert "《信访工作条例》第三十一条" in n["court-judgment"].basis["zh"]
    assert "Regulations on Letters and Visits Work, Article 35" in n["review"].basis["en"]
    assert "30 days" in n["re-review"].time_limit["en"] and "Article 36(1)" in n["re-review"].time_limit["en"]
    # every outcome is reached, every path ends in one
    reached = {o.id for _p, o in site.data.channels.paths()}
    assert reached == {o.id for o in site.data.channels.outcomes()}


# -- in Chromium ----------------------------------------------------------------------------

@pytest.fixture(params=["file", "http"])
def base(request, site, server):
    return site.as_uri() + "/" if request.param == "file" else server


def _heading(page):
    return page.locator(".kb-chooser-heading")


def _focused_is_heading(page):
    """The focus moves to the new heading after the hash changes (asynchronously): wait for it."""
    page.wait_for_function("() => document.activeElement && document.activeElement.classList.contains('kb-chooser-heading')",
                           timeout=5000)
    return True


def heading_is(page, text):
    expect(_heading(page)).to_have_text(text, timeout=5000)
    return True


def test_click_through_back_restart_zh(page, base):
    page.goto(base + "guides/channel-chooser.html")
    assert heading_is(page, "你想解决什么事？")
    assert page.locator(".kb-chooser-tree, .kb-chooser-results").count() == 0     # the listing is its own page
    page.get_by_role("button", name="工资、加班费被拖欠或者克扣").click()
    assert heading_is(page, "你现在还在这个单位工作吗？")
    assert _focused_is_heading(page)
    assert page.evaluate("location.hash") == "#path=wages"
    page.get_by_role("button", name="还在这里工作").click()
    assert heading_is(page, re.compile("^建议渠道：先协商"))
    assert page.evaluate("location.hash") == "#path=wages/wages-employed"
    assert page.locator(".kb-chooser-trail").inner_text() == "你的选择：工资、加班费被拖欠或者克扣 › 还在这里工作"
    guides = page.eval_on_selector_all(".kb-chooser-app .kb-chooser-guides a", "els => els.map(e => e.href)")
    assert [g.split("/guides/")[-1] for g in guides] == [
        "channels/negotiation.html#how-to-start", "channels/labour-inspection.html#how-to-start",
        "channels/labour-arbitration.html#how-to-start"]
    assert all("/en/" not in g for g in guides)
    page.get_by_role("button", name="上一步").click()
    assert heading_is(page, "你现在还在这个单位工作吗？")
    assert page.evaluate("location.hash") == "#path=wages"
    page.get_by_role("button", name="重新开始").click()
    assert heading_is(page, "你想解决什么事？")
    assert page.get_by_role("button", name="上一步").is_disabled()
    # the guide link works from here (file:// and /kb/)
    page.get_by_role("button", name="已经信访过，对处理结果不满意").click()
    page.get_by_role("button", name="信访处理意见书，我不服").click()
    page.locator(".kb-chooser-app .kb-chooser-guides a").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("guides/channels/petition.html#next-step")
    assert page.locator("#next-step").count() == 1
    assert page.kb_errors == [] and page.kb_requests.outside == []


def test_hash_opens_scenario_and_survives_reload_en(page, base):
    page.goto(base + "en/guides/channel-chooser.html#path=decided/award-court")
    assert heading_is(page, "Suggested channel: Sue in court (a petition cannot replace this)")
    page.reload()
    assert heading_is(page, "Suggested channel: Sue in court (a petition cannot replace this)")
    box = page.locator(".kb-chooser-app .kb-chooser-outcome")
    assert "within 15 days" in box.inner_text()
    hrefs = box.evaluate("b => [...b.querySelectorAll('a')].map(a => a.href)")
    assert hrefs and all("/en/" in h for h in hrefs), hrefs        # results stay in English
    assert not re.search(r"[\u4e00-\u9fff]", page.locator(".kb-chooser-app").inner_text())
    # the outcome's citation links get the article's words as their title (kb.js), like the page's own
    cite = box.locator("a[href*='labour-dispute-text.html#art-50']").first
    words = page.evaluate("window.kbTooltips.articles['policies/labour-dispute-text.html#art-50']")
    assert words and cite.get_attribute("title") == words
    # a path that leaves the tree stops at its last valid step
    page.goto(base + "en/guides/channel-chooser.html#path=wages/nowhere")
    assert heading_is(page, "Do you still work for this employer?")
    assert page.kb_errors == [] and page.kb_requests.outside == []


def test_keyboard_only_with_visible_focus(page, base):
    page.goto(base + "guides/channel-chooser.html")

    def tab_to(label, limit=400):
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate("() => document.activeElement.textContent") == label:
                return
        raise AssertionError(f"Tab never reached {label!r}")

    tab_to("受了单位的处分")
    outline = page.evaluate("() => { const s = getComputedStyle(document.activeElement);"
                            " return [s.outlineStyle, s.outlineWidth]; }")
    assert outline == ["solid", "3px"]
    page.keyboard.press("Enter")
    assert heading_is(page, "处分带来了什么后果？")
    assert _focused_is_heading(page)
    tab_to("只是处分（警告、记过、降级、撤职等），没有扣钱，也没有解除合同")
    page.keyboard.press("Enter")
    assert heading_is(page, "建议渠道：单位内部申诉，并请工会提出意见（不是行政复议）")
    assert _focused_is_heading(page)
    tab_to("上一步")
    page.keyboard.press("Enter")
    assert heading_is(page, "处分带来了什么后果？")
    assert page.kb_errors == []


ALL = {"zh": ("guides/channel-chooser.html", "渠道选择器：全部问题和结果"),
       "en": ("en/guides/channel-chooser.html", "Channel chooser: every question and result")}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_without_javascript_every_question_and_result_is_reached(browser, site, lang):
    """Scripts off: the chooser page links to the listing, where every path of the tree can be
    followed answer by answer to its result, and every result is shown once, with its links."""
    context = browser.new_context(java_script_enabled=False)
    try:
        pg = context.new_page()
        chooser, title = ALL[lang]
        pg.goto(site.as_uri() + "/" + chooser)
        assert pg.locator(".kb-chooser-app").count() == 0
        link = pg.locator("article a", has_text=title)
        assert link.count() == 1 and link.is_visible()
        link.click()
        pg.wait_for_load_state()
        assert pg.url == site.as_uri() + "/" + chooser.replace("channel-chooser", "channel-chooser-all")
        tree = Site(ROOT, "docs").data.channels
        # each question once, in a nested list under the one before it
        qs = pg.locator(".kb-chooser-tree .kb-chooser-q")
        assert sorted(qs.evaluate_all("els => els.map(e => e.dataset.kbNode)")) == \
            sorted(n.id for n in tree.nodes.values() if n.kind == "question")
        assert all(qs.nth(k).is_visible() for k in range(qs.count()))
        # follow every path: answer labels in order, the last one links to its result
        walk = pg.evaluate("""() => {
          const out = [];
          function visit(q, labels) {
            for (const li of q.nextElementSibling.children) {
              const label = li.querySelector(':scope > .kb-chooser-a').textContent;
              const next = li.querySelector(':scope > .kb-chooser-q');
              if (next) visit(next, labels.concat([label]));
              else out.push([labels.concat([label]), li.querySelector(':scope > .kb-chooser-to a').getAttribute('href')]);
            }
          }
          visit(document.querySelector('.kb-chooser-tree > .kb-chooser-q'), []);
          return out;
        }""")
        expected = []
        for path, outcome in tree.paths():
            node, labels = tree.nodes[tree.start], []
            for nid in path:
                labels.append(next(a.label[lang] for a in node.answers if a.next == nid))
                node = tree.nodes[nid]
            expected.append([labels, "#" + outcome.id])
        assert walk == expected
        # every result once, visible, with its channel line and guide links
        blocks = pg.locator(".kb-chooser-results > .kb-chooser-outcome")
        assert blocks.evaluate_all("els => els.map(e => e.id)") == [o.id for o in tree.outcomes()]
        for i, outcome in enumerate(tree.outcomes()):
            block = blocks.nth(i)
            assert block.is_visible()
            assert block.locator("p").first.inner_text().endswith(outcome.text[lang])
            links = block.locator(".kb-chooser-guides a")
            hrefs = [links.nth(k).get_attribute("href") for k in range(links.count())]
            assert hrefs == ["channels/" + g.split("guides/channels/")[1].replace(".md", ".html") if g.startswith("guides/channels/")
                             else "../" + g.replace(".md", ".html") for g in outcome.guides]
            assert all(links.nth(k).is_visible() for k in range(links.count()))
        # an answer's link lands on its result
        pg.locator(".kb-chooser-to a[href='#award-court']").click()
        assert pg.evaluate("location.hash") == "#award-court"
        assert pg.locator("#award-court").is_visible()
    finally:
        context.close()


def test_page_is_searchable_but_the_tree_does_not_flood_search(site):
    from kb.searchindex import read_built_index
    docs = read_built_index(str(site / "search" / "kb_index.js"))["docs"]   # the index the worker loads
    for page in ("guides/channel-chooser.html", "guides/channel-chooser-all.html"):
        mine = [{k: v.replace("\u200b", "") if isinstance(v, str) else v for k, v in d.items()}
                for d in docs if d["location"].startswith(page)]   # jieba marks words with ZWSP
        assert mine and any("渠道选择器" in d["title"] for d in mine), page
        first_step = Site(ROOT, "docs").data.channels.nodes["wages-employed"].first_step["zh"][:12]
        assert not [d["location"] for d in mine if "还在这里工作" in d["text"] or "建议渠道" in d["text"]
                    or first_step in d["text"]], page


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_article_link_in_the_chooser_data_leads_to_where_the_article_is_quoted(site, lang):
    """Each citation link in the outcomes (legal basis groups included) points at the page that
    quotes the article, so the hover words (assets/kb-articles.js, keyed by that target) exist."""
    data = (site / "assets" / f"kb-chooser-data.{lang}.js").read_text(encoding="utf-8")
    tips = (site / "assets" / "kb-articles.js").read_text(encoding="utf-8")
    articles = json.loads(re.search(r"window\.kbTooltips = (\{.*\});", tips, re.S).group(1))["articles"]
    targets = set(re.findall(r'href=\\"\.\./(policies/[^"\\#]+#art-\d+)\\"', data))
    assert len(targets) > 20
    assert sorted(t for t in targets if t not in articles) == []
