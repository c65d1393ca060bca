"""Citation finding, checking and linking, on strings."""
import os

import pytest
import yaml

from kb.citations import Registry, cn_to_int, int_to_cn, load_registry
from kb.markdown import Source

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture(scope="module")
def reg():
    with open(os.path.join(ROOT, "data", "laws.yml"), encoding="utf-8") as fh:
        laws, findings = load_registry(yaml.safe_load(fh))
    assert findings == []
    r = Registry(laws)
    r.quoted = {"xinfang": {20: "多人采用走访形式……", 26: "信访人不得……", 34: "应当自受理之日起60日内办结"},
                "labour-dispute": {27: "劳动争议申请仲裁的时效期间为一年。"},
                "xinfang2005": {33: "信访事项应当自受理之日起60日内办结"}}
    # the 信访工作条例 is quoted on two text pages, by chapters (data/laws.yml text_page)
    r.quoted_on = {("xinfang", 20): "policies/xinfang-text-1.md",
                   ("xinfang", 26): "policies/xinfang-text-1.md",
                   ("xinfang", 34): "policies/xinfang-text-2.md"}
    return r


def render(findings):
    return [f.render() for f in findings]


@pytest.mark.parametrize("text,n", [("一", 1), ("十", 10), ("十五", 15), ("二十", 20), ("三十四", 34),
                                    ("一百零七", 107), ("二百零一", 201), ("一千二百六十", 1260)])
def test_chinese_numerals(text, n):
    assert cn_to_int(text) == n
    assert cn_to_int(int_to_cn(n)) == n


def test_list_of_articles_takes_the_law_named_first(reg):
    src = Source.parse("docs/a.md", "依照《信访工作条例》第二十条、第二十六条处理。")
    cits = [(c.law.id, c.article, c.text) for c, _, _ in reg.citations(src, "zh")[0]]
    assert cits == [("xinfang", 20, "《信访工作条例》第二十条"), ("xinfang", 26, "第二十六条")]


def test_paragraph_and_item_are_parsed(reg):
    src = Source.parse("docs/a.md", "见《信访工作条例》第三十五条第一款和第三十一条第（六）项。")
    cits = [(c.article, c.paragraph, c.item) for c, _, _ in reg.citations(src, "zh")[0]]
    assert cits == [(35, 1, None), (31, None, 6)]


def test_article_beyond_the_law_is_reported(reg):
    src = Source.parse("docs/a.md", "---\ntitle: t\n---\n\n见《信访工作条例》第六十条。\n")
    assert render(reg.check(src, "zh")) == [
        "docs/a.md:5:2: KB302 citation 《信访工作条例》第六十条 — 信访工作条例 has 50 articles"]


def test_unknown_law_is_reported(reg):
    src = Source.parse("docs/a.md", "依据《信访办法》第三条。")
    assert render(reg.check(src, "zh")) == [
        "docs/a.md:1:3: KB301 citation of unknown law 《信访办法》 (did you mean '信访条例'?)"]


def test_repealed_law_cited_as_current_is_an_error(reg):
    src = Source.parse("docs/a.md", "按《信访条例》第三十三条，60日内办结。")
    assert render(reg.check(src, "zh")) == [
        "docs/a.md:1:2: KB303 信访条例 is repealed; cited as if current "
        "(cite the current rule, or mark it 旧《信访条例》 in a history note)"]


def test_repealed_law_marked_as_old_is_allowed(reg):
    src = Source.parse("docs/a.md", "旧《信访条例》第三十三条已被取代。")
    assert [f for f in reg.check(src, "zh") if f.code == "KB303"] == []


def test_bare_article_without_law_is_ambiguous(reg):
    src = Source.parse("docs/a.md", "《劳动法》规定了很多。\n\n第二十七条规定了时效。")
    assert render(reg.check(src, "zh")) == [
        "docs/a.md:3:1: KB304 article '第二十七条' has no law named before it in the paragraph "
        "(name the law, e.g. 《信访工作条例》第二十七条)"]


def test_article_not_quoted_on_law_page(reg):
    src = Source.parse("docs/a.md", "《信访工作条例》第三十五条")
    assert render(reg.check(src, "zh")) == [
        "docs/a.md:1:1: KB305 信访工作条例 article 35 is cited but not quoted on policies/xinfang-text-1.md "
        "or policies/xinfang-text-2.md "
        "(add '### 第三十五条 { #art-35 }' with the article text there)"]


def test_code_headings_quotes_and_link_text_are_not_read(reg):
    text = "`《信访工作条例》第九十九条`\n\n## 第九十九条 { #x }\n\n> 本条例第九十九条\n\n[《信访工作条例》第九十九条](x.md)"
    assert reg.check(Source.parse("docs/a.md", text), "zh") == []


def test_english_citations(reg):
    src = Source.parse("docs/a.en.md", "Under the Regulations on Letters and Visits Work, Article 34 and Articles 20 and 26.")
    cits = [(c.law.id, c.article) for c, _, _ in reg.citations(src, "en")[0]]
    assert cits == [("xinfang", 34), ("xinfang", 20), ("xinfang", 26)]


def test_english_bare_article_is_ambiguous(reg):
    src = Source.parse("docs/a.en.md", "Article 5 says so.")
    assert [f.code for f in reg.check(src, "en")] == ["KB304"]


def test_linkify_points_at_the_article_and_its_words_are_shared(reg):
    src = Source.parse("docs/guides/x.md", "见《信访工作条例》第三十四条。另见第二十六条。")
    out = reg.linkify(src, "zh", "guides/x.md")
    # no title in the page: kb.js sets the article's words as the title in the browser
    # the law has a text page (data/laws.yml text_page): its articles are quoted there
    assert out == ('见[《信访工作条例》第三十四条](../policies/xinfang-text-2.md#art-34)。'
                   '另见[第二十六条](../policies/xinfang-text-1.md#art-26)。')
    # the words (the tooltip, set by kb.js) are in one shared file, keyed by the link target
    assert reg.articles()["policies/xinfang-text-2.html#art-34"] == "应当自受理之日起60日内办结"


def test_english_citations_link_the_same_way(reg):
    src = Source.parse("docs/guides/x.en.md", "See Regulations on Letters and Visits Work, Article 34 and Article 26.")
    out = reg.linkify(src, "en", "guides/x.md")
    assert out == ("See [Regulations on Letters and Visits Work, Article 34](../policies/xinfang-text-2.md#art-34)"
                   " and [Article 26](../policies/xinfang-text-1.md#art-26).")


def test_legal_basis_entries_are_checked(reg):
    src = Source.parse("docs/a.md", "---\ntitle: t\nlegal_basis:\n  - 《信访工作条例》第三十四条\n  - 信访条例\n---\nx\n")
    assert render(reg.check_legal_basis(src, "zh")) == [
        "docs/a.md:5:3: KB306 legal_basis entry '信访条例' is not a citation (write e.g. 《信访工作条例》第三十四条)"]


@pytest.mark.parametrize("lang,path,text", [
    ("zh", "docs/guides/x.md", "见《信访工作条例》第三十四条，**另见第二十六条**。\n\n| 事项 | 依据 |\n|---|---|\n| 办结 | 《信访工作条例》第三十四条 |\n"),
    ("en", "docs/guides/x.en.md", "See *Regulations on Letters and Visits Work, Article 34* & Article 26 <ok>.\n"),
])
def test_held_links_become_the_html_markdown_and_mkdocs_would_make(reg, lang, path, text):
    """With a sink, a citation is a placeholder during Markdown and its HTML goes back in after:
    the page is what Markdown made of the Markdown link, with MkDocs' .md -> .html rewrite."""
    import re

    import markdown

    from kb.markdown import HELD, release
    src = Source.parse(path, text)
    plain = markdown.markdown(reg.linkify(src, lang, "guides/x.md"), extensions=["tables"])
    plain = re.sub(r'href="([^"#]*)\.md#', r'href="\1.html#', plain)
    sink = []
    held = reg.linkify(src, lang, "guides/x.md", sink=sink)
    assert "](" not in held and len(sink) == (3 if lang == "zh" else 2) and HELD.search(held)
    assert release(markdown.markdown(held, extensions=["tables"]), sink) == plain


# -- text_page: a law whose verbatim articles live on a page of their own ------------------

def _entry(**extra):
    e = {"id": "x", "zh": "信访工作条例", "en": "Regulations on Letters and Visits Work", "status": "current",
         "articles": 50, "page": "policies/x.md"}
    e.update(extra)
    return e


def test_text_page_is_optional_and_validated():
    laws, findings = load_registry([_entry()])
    assert findings == [] and laws["x"].text_pages == [] and laws["x"].quote_pages == ["policies/x.md"]
    laws, findings = load_registry([_entry(text_page="policies/x-text.md")], lines={0: 7})
    assert findings == [] and laws["x"].quote_pages == ["policies/x-text.md"] and laws["x"].line == 7
    laws, findings = load_registry([_entry(text_page=["policies/x-text.md", "policies/x-text-2.md"])])
    assert findings == [] and laws["x"].quote_pages == ["policies/x-text.md", "policies/x-text-2.md"]
    for bad in (3, "policies/x-text.en.md", "policies/x-text", "policies/x.md", [], ["policies/a.md", 3],
                ["policies/a.md", "policies/a.md"]):
        laws, findings = load_registry([_entry(text_page=bad)], lines={0: 7})
        assert laws == {}
        assert [f.render() for f in findings] == [
            "data/laws.yml:7:1: KB602 law x: missing or wrong type: text_page (a zh page path ending in .md, "
            "or a list of them; not the law's page)"]


@pytest.fixture()
def treg():
    laws, findings = load_registry([_entry(text_page="policies/x-text.md")])
    r = Registry(laws)
    text = ("---\ntitle: t\n---\n\n## 条文 { #articles }\n\n### 第三十四条 { #art-34 }\n\n"
            "> 应当自受理之日起60日内办结。\n\n### 第二十条 { #art-20 }\n\n> 多人采用走访形式的，应当推选代表。\n")
    r.collect_quotes(laws["x"], Source.parse("docs/policies/x-text.md", text))
    return r


def test_text_page_quotes_links_and_tooltip_keys(treg):
    law = treg.laws["x"]
    assert treg.quoted["x"] == {34: "应当自受理之日起60日内办结。", 20: "多人采用走访形式的，应当推选代表。"}
    assert treg.law_by_page("policies/x-text.md") is law and treg.law_by_page("policies/x.md") is law
    # from another page, from the law page, and from the text page itself
    src = Source.parse("docs/guides/g.md", "见《信访工作条例》第三十四条。")
    assert treg.linkify(src, "zh", "guides/g.md") == "见[《信访工作条例》第三十四条](../policies/x-text.md#art-34)。"
    src = Source.parse("docs/policies/x.md", "见第三十四条。")
    assert treg.linkify(src, "zh", "policies/x.md", law) == "见[第三十四条](x-text.md#art-34)。"
    src = Source.parse("docs/policies/x-text.en.md", "See Article 20.")
    assert treg.linkify(src, "en", "policies/x-text.md", law) == "See [Article 20](#art-20)."
    assert treg.articles() == {"policies/x-text.html#art-20": "多人采用走访形式的，应当推选代表。",
                               "policies/x-text.html#art-34": "应当自受理之日起60日内办结。"}


def test_text_page_bare_article_kb302_and_kb305(treg):
    law = treg.laws["x"]
    src = Source.parse("docs/policies/x-text.md", "本条例第三十四条；另见第六十条和第二十六条。")
    assert [f.render() for f in treg.check(src, "zh", law)] == [
        "docs/policies/x-text.md:1:12: KB302 citation 第六十条 — 信访工作条例 has 50 articles",
        "docs/policies/x-text.md:1:17: KB305 信访工作条例 article 26 is cited but not quoted on policies/x-text.md "
        "(add '### 第二十六条 { #art-26 }' with the article text there)"]
    # without the page's law a bare article is ambiguous, as on any page
    assert [f.code for f in treg.check(Source.parse("docs/a.md", "见第三十四条。"), "zh")] == ["KB304"]


def test_law_with_two_text_pages_links_each_article_to_its_page():
    laws, _ = load_registry([_entry(text_page=["policies/x-text.md", "policies/x-text-2.md"])])
    r = Registry(laws)
    law = laws["x"]
    r.collect_quotes(law, Source.parse("docs/policies/x-text.md", "### 第二十条 { #art-20 }\n\n> 推选代表。\n"),
                     "policies/x-text.md")
    r.collect_quotes(law, Source.parse("docs/policies/x-text-2.md", "### 第三十四条 { #art-34 }\n\n> 60日内办结。\n"),
                     "policies/x-text-2.md")
    assert r.quoted == {"x": {20: "推选代表。", 34: "60日内办结。"}}
    src = Source.parse("docs/policies/x-text.md", "见第二十条和第三十四条。")
    assert r.linkify(src, "zh", "policies/x-text.md", law) == "见[第二十条](#art-20)和[第三十四条](x-text-2.md#art-34)。"
    assert r.articles() == {"policies/x-text.html#art-20": "推选代表。", "policies/x-text-2.html#art-34": "60日内办结。"}
    assert [f.render() for f in r.check(Source.parse("docs/a.md", "《信访工作条例》第二十六条"), "zh")] == [
        "docs/a.md:1:1: KB305 信访工作条例 article 26 is cited but not quoted on policies/x-text.md or policies/x-text-2.md "
        "(add '### 第二十六条 { #art-26 }' with the article text there)"]


def test_a_law_named_later_on_the_line_does_not_claim_an_earlier_bare_article(reg):
    """A bare 第N条 takes the law named before it (on the line, or on the lines before), never
    one named after it: 依照第七条和《信访工作条例》第二十条 leaves 第七条 without a law."""
    src = Source.parse("docs/a.md", "依照第七条和《信访工作条例》第二十条办理。")
    assert [(f.code, f.col) for f in reg.check(src, "zh")] == [("KB304", 3)]
    src = Source.parse("docs/a.md", "《劳动争议调解仲裁法》第二十七条规定时效。\n依照第七条和《信访工作条例》第二十条办理。")
    cits, _ = reg.citations(src, "zh")
    assert [(c.text, c.law.id) for c, _, _ in cits] == [
        ("《劳动争议调解仲裁法》第二十七条", "labour-dispute"), ("第七条", "labour-dispute"),
        ("《信访工作条例》第二十条", "xinfang")]
