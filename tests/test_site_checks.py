"""Whole-site checks over a tiny docs tree written into tmp_path."""
import datetime as dt
import os
import shutil

from kb.site import Site

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FM = "---\ntitle: T\nsummary: S.\naudience: [employee]\nreviewed_on: 2026-11-01\n---\n"


def make(tmp_path, pages: dict, glossary: str = "[]\n"):
    (tmp_path / "data").mkdir()
    shutil.copy(os.path.join(ROOT, "data", "laws.yml"), tmp_path / "data" / "laws.yml")
    shutil.copy(os.path.join(ROOT, "data", "public_numbers.yml"), tmp_path / "data" / "public_numbers.yml")
    (tmp_path / "data" / "glossary.yml").write_text(glossary, encoding="utf-8")
    for rel, text in pages.items():
        p = tmp_path / "docs" / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return Site(str(tmp_path), "docs", today=dt.date(2026, 11, 22))


def codes(site):
    return [f.render() for f in site.check()]


def test_clean_pair_has_no_findings(tmp_path):
    site = make(tmp_path, {"a.md": FM + "\n## 甲 { #one }\n\n见[乙](b.md#two)。\n",
                           "a.en.md": FM + "\n## A { #one }\n\nSee [B](b.md#two).\n",
                           "b.md": FM + "\n## 乙 { #two }\n", "b.en.md": FM + "\n## B { #two }\n"})
    assert codes(site) == []


def test_broken_links_anchors_and_missing_twin(tmp_path):
    site = make(tmp_path, {
        "a.md": FM + "\n## 甲 { #one }\n\n[x](c.md) [y](b.md#tow) [z](http://example.org/) ![i](img.png)\n",
        "a.en.md": FM + "\n## A { #one }\n\n[b](b.md)\n",
        "b.md": FM + "\n## 乙 { #two }\n"})
    assert codes(site) == [
        "docs/a.en.md:10:1: KB203 link to 'b.md': that page has no English twin",
        "docs/a.md:10:1: KB201 link to 'c.md': page does not exist (did you mean 'b.md'?)",
        "docs/a.md:10:11: KB202 link to 'b.md#tow' — page has no anchor 'tow' (did you mean 'two'?)",
        "docs/a.md:10:25: KB205 external link 'http://example.org/' (the bundle is used offline: name the source in plain text)",
        "docs/a.md:10:50: KB204 image 'img.png' points to a file that does not exist",
        "docs/b.md:1:1: KB104 no twin page docs/b.en.md",
    ]


def test_front_matter_errors(tmp_path):
    site = make(tmp_path, {
        "a.md": "---\ntitle: [unclosed\n---\ntext\n", "a.en.md": FM,
        "b.md": "---\ntitle: T\nsummary: S\naudience: [boss]\nreviewed_on: soon\ntoc_depth: '2'\n---\n", "b.en.md": FM,
        "c.md": FM.replace("---\n", "---\ntoc_depth: 2\n", 1), "c.en.md": FM})
    assert codes(site) == [
        "docs/a.md:3:1: KB101 front matter is not valid YAML: expected ',' or ']', but got '<stream end>'"
        " (while parsing a flow sequence that starts at line 2, column 8)",
        "docs/b.md:4:1: KB103 audience must be one or more of employee, staff, trainer",
        "docs/b.md:5:1: KB103 reviewed_on must be a date (YYYY-MM-DD)",
        "docs/b.md:6:1: KB103 toc_depth must be a whole number, 2 or more (toc_depth: 2 lists the H2 sections only)",
    ]


def test_headings_need_explicit_anchors_same_in_both_languages(tmp_path):
    site = make(tmp_path, {"a.md": FM + "# 标题\n\n## 甲\n\n## 乙 { #b }\n\n### 丙 { #b }\n",
                           "a.en.md": FM + "## A { #a }\n"})
    assert codes(site) == [
        "docs/a.en.md:1:1: KB208 H2/H3 anchors differ from the Chinese page: missing b; not in zh: a",
        "docs/a.md:7:1: KB105 H1 heading in the body (the title comes from front matter)",
        "docs/a.md:9:1: KB206 heading '甲' has no explicit ASCII anchor (add { #some-anchor }, the same in both languages)",
        "docs/a.md:13:1: KB207 duplicate anchor 'b' (first at line 11)",
    ]


def test_unterminated_admonition(tmp_path):
    site = make(tmp_path, {"a.md": FM + "!!! warning \"注意\"\n\n没有缩进的正文。\n", "a.en.md": FM})
    assert codes(site) == ["docs/a.md:7:1: KB106 admonition has no indented body (indent its text by 4 spaces)"]


def test_personal_data_guard(tmp_path):
    site = make(tmp_path, {"a.md": FM + "电话13812345678，身份证110101199003071234，热线12333。\n", "a.en.md": FM})
    assert codes(site) == [
        "docs/a.md:7:3: KB702 mobile-phone-like number (use 手机号：__________)",
        "docs/a.md:7:18: KB701 ID-card-like number (use an invented placeholder such as 身份证号：__________)",
    ]


def test_page_stating_rules_needs_legal_basis(tmp_path):
    site = make(tmp_path, {"a.md": FM + "依据《信访工作条例》第三十四条。\n", "a.en.md": FM})
    found = codes(site)
    assert "docs/a.md:1:1: KB102 front matter has no 'legal_basis' (the page states rules)" in found


def test_anchor_lock_and_redirects(tmp_path):
    site = make(tmp_path, {"a.md": FM + "## 甲 { #one }\n", "a.en.md": FM + "## A { #one }\n"})
    (tmp_path / "data" / "anchors.lock").write_text("a.md#one\na.md#gone\na.md#moved\n", encoding="utf-8")
    (tmp_path / "data" / "redirects.yml").write_text("a.md#moved: a.md#one\n", encoding="utf-8")
    site = Site(str(tmp_path), "docs", today=dt.date(2026, 11, 22))
    assert codes(site) == ["data/anchors.lock:2:1: KB501 published anchor 'a.md#gone' disappeared "
                           "(restore it, or map it in data/redirects.yml to where it went)"]


def test_unclosed_fence_is_reported_where_it_opens(tmp_path):
    site = make(tmp_path, {"a.md": FM + "文字。\n\n  ~~~~text\n代码\n", "a.en.md": FM})
    assert codes(site) == ["docs/a.md:9:3: KB106 code fence is not closed (end it with a line of ~~~~)"]


def test_redirect_findings_name_their_line(tmp_path):
    site = make(tmp_path, {"a.md": FM + "## 甲 { #one }\n", "a.en.md": FM + "## A { #one }\n"})
    (tmp_path / "data" / "redirects.yml").write_text(
        "# moved pages\na.md#old: a.md#one\n'b.md': c.md\n", encoding="utf-8")
    site = Site(str(tmp_path), "docs", today=dt.date(2026, 11, 22))
    assert codes(site) == ["data/redirects.yml:3:1: KB502 redirect 'b.md' -> 'c.md': target does not exist"]


def test_each_page_citations_are_read_once(tmp_path, monkeypatch):
    from kb.citations import Registry
    site = make(tmp_path, {"a.md": FM.replace("---\n", "---\nlegal_basis: [《信访工作条例》第三十四条]\n", 1)
                           + "见《信访工作条例》第三十四条。\n", "a.en.md": FM})
    calls = []
    real = Registry.citations

    def counting(self, src, lang, page_law=None):
        calls.append(src)
        return real(self, src, lang, page_law)

    monkeypatch.setattr(Registry, "citations", counting)
    site.check()
    pages = [s for s in calls if any(s is p for p in site.sources.values())]
    assert sorted(s.path for s in pages) == ["docs/a.en.md", "docs/a.md"]


def test_trainer_links_table_is_the_html_markdown_makes_of_it(tmp_path):
    """The stable-link table is written as HTML (a large site's list would cost Markdown more
    than all its other links); it must be exactly what Markdown makes of the same table."""
    import markdown
    site = make(tmp_path, {
        "a.md": "---\ntitle: 甲 & <乙>\nsummary: S.\naudience: [employee]\nreviewed_on: 2026-11-01\n---\n"
                "\n## 一 { #one }\n\n### 二 < 三 { #two }\n\n#### 四 { #four }\n",
        "a.en.md": FM + "\n## One { #one }\n\n### Two { #two }\n\n#### Four { #four }\n",
        "t/b.md": FM + "\n## 乙 { #b }\n", "t/b.en.md": FM + "\n## B { #b }\n",
        "x.md": FM + "\n<!-- kb:trainer-links -->\n\n<!-- kb:trainer-links t/ -->\n", "x.en.md": FM})
    expected_zh = markdown.markdown(
        "| 页面和小节 | 稳定链接 |\n|---|---|\n"
        "| **甲 &amp; &lt;乙&gt;** | `a.html` |\n| 一 | `a.html#one` |\n| 二 &lt; 三 | `a.html#two` |\n"
        "| **T** | `x.html` |\n", extensions=["tables"])
    assert site.trainer_links("zh").strip() == expected_zh
    expected_en = markdown.markdown(
        "| Page and section | Stable link |\n|---|---|\n| **T** | `en/t/b.html` |\n| B | `en/t/b.html#b` |\n",
        extensions=["tables"])
    assert site.trainer_links("en", "t/").strip() == expected_en


LAWS_WITH_TEXT = """- id: xinfang
  zh: 信访工作条例
  en: Regulations on Letters and Visits Work
  status: current
  articles: 50
  page: policies/x.md
  text_page: policies/x-text.md
"""
LAW_FM = FM.replace("---\n", "---\nlegal_basis: [《信访工作条例》第三十四条]\n", 1)
LAW_FM_EN = FM.replace("---\n", "---\nlegal_basis: ['Regulations on Letters and Visits Work, Article 34']\n", 1)


def make_law(tmp_path, pages: dict):
    site = make(tmp_path, {})
    (tmp_path / "data" / "laws.yml").write_text(LAWS_WITH_TEXT, encoding="utf-8")
    for rel, text in pages.items():
        p = tmp_path / "docs" / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return Site(str(tmp_path), "docs", today=site.today)


LAW_PAGES = {
    "policies/x.md": LAW_FM + "\n## 条文 { #articles }\n\n### 第三十四条 { #art-34 }\n\n**要点：**60日内办结，见第三十四条。"
                     "[条文原文](x-text.md#art-34)\n",
    "policies/x.en.md": LAW_FM_EN + "\n## Articles { #articles }\n\n### Article 34 { #art-34 }\n\n**In short:** 60 days "
                        "(Article 34). [Full text](x-text.md#art-34)\n",
    "policies/x-text.md": LAW_FM + "\n本页第三十四条。\n\n## 条文 { #articles }\n\n### 第三十四条 { #art-34 }\n\n> 应当自受理之日起60日内办结。\n",
    "policies/x-text.en.md": LAW_FM_EN + "\nArticle 34 here.\n\n## Articles { #articles }\n\n### Article 34 { #art-34 }\n\n> Within 60 days.\n",
    "guides/g.md": LAW_FM + "\n见《信访工作条例》第三十四条。\n",
    "guides/g.en.md": LAW_FM_EN + "\nSee Regulations on Letters and Visits Work, Article 34.\n",
}


def test_text_page_holds_the_quotes_and_bare_articles_resolve_on_it(tmp_path):
    site = make_law(tmp_path, LAW_PAGES)
    assert codes(site) == []     # bare 第三十四条 / Article 34 on all four law pages resolve to the law
    reg = site.data.registry
    assert reg.quoted == {"xinfang": {34: "应当自受理之日起60日内办结。"}}
    assert {p for p, law in site.page_law.items() if law.id == "xinfang"} == {
        "policies/x.md", "policies/x.en.md", "policies/x-text.md", "policies/x-text.en.md"}
    body = LAW_PAGES["guides/g.md"].split("---\n")[-1]
    assert "](../policies/x-text.md#art-34)" in site.render_markdown("guides/g.md", body)
    body = LAW_PAGES["policies/x.en.md"].split("---\n")[-1]
    assert "[Article 34](x-text.md#art-34)" in site.render_markdown("policies/x.en.md", body)
    assert site.basis_links("guides/g.en.md", ["Regulations on Letters and Visits Work, Article 34"]) == [
        {"text": "Regulations on Letters and Visits Work, Article 34", "href": "../policies/x-text.html#art-34"}]
    assert '"policies/x-text.html#art-34":"应当自受理之日起60日内办结。"' in site.tooltips_js()
    # the stable-link list: the text page with its H2 sections, its articles only under the law page
    links = site.trainer_links("zh")
    assert "<code>policies/x.html#art-34</code>" in links and "<code>policies/x-text.html#articles</code>" in links
    assert "<code>policies/x-text.html#art-34</code>" not in links


def test_text_page_missing_is_kb602_and_quotes_come_from_the_law_page(tmp_path):
    pages = {k: v for k, v in LAW_PAGES.items() if "x-text" not in k}
    pages["policies/x.md"] = pages["policies/x.md"].replace("[条文原文](x-text.md#art-34)", "\n\n> 应当自受理之日起60日内办结。")
    pages["policies/x.en.md"] = pages["policies/x.en.md"].replace("[Full text](x-text.md#art-34)", "\n\n> Within 60 days.")
    site = make_law(tmp_path, pages)
    assert codes(site) == ["data/laws.yml:1:1: KB602 law xinfang: text_page 'policies/x-text.md' is not a page under docs/ "
                           "(did you mean 'policies/x.md'?)"]
    assert site.data.registry.quoted == {"xinfang": {34: "应当自受理之日起60日内办结。"}}


def test_stable_link_table_held_out_of_markdown_comes_back_as_it_was(tmp_path):
    """With a sink, the stable-link table is a held block during Markdown (no raw-HTML parse of
    thousands of rows) and comes back in place of its placeholder paragraph, as before."""
    import re

    import markdown

    from kb.markdown import release
    site = make(tmp_path, {"a.md": FM + "\n## 一 { #one }\n", "a.en.md": FM + "\n## One { #one }\n",
                           "x.md": FM + "\n前言。\n\n<!-- kb:trainer-links -->\n\n后记。\n", "x.en.md": FM})
    body = site.sources["x.md"].body
    plain = markdown.markdown(site.render_markdown("x.md", body), extensions=["md_in_html"])
    sink = []
    held = site.render_markdown("x.md", body, sink=sink)
    assert "<table>" not in held and len(sink) == 1
    one_nl = lambda h: re.sub(r"\n+", "\n", h)    # blank lines between blocks mean nothing
    assert one_nl(release(markdown.markdown(held, extensions=["md_in_html"]), sink)) == one_nl(plain)
    assert "<td><code>a.html#one</code></td>" in plain and "<p>" not in plain.split("<table>")[1].split("</table>")[0]
