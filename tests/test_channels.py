"""The channel chooser: data/channels.yml checks (KB801–KB809) on small trees written into
tmp_path, the real tree's routes, and the built page in Debian's Chromium (file:// and a
static server under /kb/, zh and en, with and without JavaScript)."""
import datetime as dt
import os
import re
import shutil

import pytest

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


def test_render_nested_lists_and_json_island_with_relative_links(tmp_path):
    site = make(tmp_path, GOOD)
    out = channels.render(site.data.channels, "en", "guides/chooser.en.md", site)
    assert out.count('class="kb-chooser-outcome"') == 2          # the outcome under each path
    assert '<a class="kb-chooser-guide" href="channels/petition.html#how-to-start">Petitions</a>' in out
    assert '<a href="../policies/xinfang-regulations.html#art-35"' in out
    assert "你的事" not in out                                     # English page, English text only
    data = re.search(r'<script type="application/json" class="kb-chooser-data">(.*?)</script>', out).group(1)
    import json
    parsed = json.loads(data)
    assert parsed["start"] == "start"
    assert parsed["nodes"]["ask"]["answers"] == [{"label": "Yes, I did", "next": "review"}]
    assert "<" not in data                                          # cannot close the script element
