"""Glossary loading, checks and tooltips, on strings."""
from kb.glossary import Glossary, load_glossary
from kb.markdown import Source

DATA = [
    {"id": "xinfang", "zh": "信访", "en": "letters and visits", "aliases_zh": ["上访"], "aliases_en": ["petitioning"],
     "definition_zh": "向机关、单位反映情况。", "definition_en": "Raising a matter with an authority.",
     "avoid": [{"form": "上访户", "prefer": "信访人", "lang": "zh"}]},
    {"id": "xinfang-ren", "zh": "信访人", "en": "petitioner", "definition_zh": "提出信访事项的人。",
     "definition_en": "A person who raises a matter."},
    {"id": "yongren-danwei", "zh": "用人单位", "en": "employer", "aliases_zh": ["老板"],
     "definition_zh": "雇用劳动者的单位。", "definition_en": "The organisation that employs a worker."},
]


def gloss():
    entries, findings = load_glossary(DATA)
    assert findings == []
    return Glossary(entries)


def test_duplicate_alias_is_reported_with_both_entries():
    data = DATA + [{"id": "dup", "zh": "上访", "en": "dup", "definition_zh": "x", "definition_en": "y"}]
    _e, findings = load_glossary(data, {3: 40})
    assert [f.render() for f in findings] == [
        "data/glossary.yml:40:1: KB401 term or alias '上访' of 'dup' is already used by 'xinfang' (line 1)"]


def test_missing_language_is_reported():
    _e, findings = load_glossary([{"id": "x", "zh": "甲", "en": "", "definition_zh": "d", "definition_en": "e"}], {0: 7})
    assert [f.render() for f in findings] == ["data/glossary.yml:7:1: KB402 glossary entry 'x' is missing en"]


def test_avoided_form_is_reported_with_the_preferred_one_but_not_when_quoted():
    src = Source.parse("docs/a.md", "接待上访户要耐心。\n\n俗称“上访户”的人。")
    findings, _used = gloss().check(src, "zh")
    assert [f.render() for f in findings] == ["docs/a.md:1:3: KB403 avoid '上访户' (write '信访人')"]


def test_unknown_term_reference():
    findings, _ = gloss().check(Source.parse("docs/a.md", "见[[term:xinfangg]]。"), "zh")
    assert [f.render() for f in findings] == ["docs/a.md:1:2: KB404 unknown glossary id 'xinfangg' (did you mean 'xinfang'?)"]


def test_longest_match_first_inside_unspaced_chinese():
    matches = [(s, e, x.id) for s, e, x in gloss().matches("信访人找老板", "zh")]
    assert matches == [(0, 3, "xinfang-ren"), (4, 6, "yongren-danwei")]


def test_first_use_gets_a_tooltip_link_and_headings_code_links_are_skipped():
    src = Source.parse("docs/guides/a.md", "## 信访 { #x }\n\n`信访` 和 [信访](b.md) 以及信访，再次信访。")
    out = gloss().annotate(src, "zh", "guides/a.md")
    assert out.split("\n")[0] == "## 信访 { #x }"
    # the definition is the link's title in the browser (kb.js, from assets/kb-articles.js)
    assert out.split("\n")[2] == ('`信访` 和 [信访](b.md) 以及[信访](../glossary.md#xinfang){ .kb-term }，再次信访。')
    assert gloss().tooltips()["zh"]["xinfang"] == "向机关、单位反映情况。"


def test_english_terms_match_whole_words_only():
    g = gloss()
    assert [x.id for _s, _e, x in g.matches("An employer and employers", "en")] == ["yongren-danwei"]


def test_terms_inside_law_titles_are_not_annotated():
    src = Source.parse("docs/a.md", "《信访工作条例》规定了信访。")
    out = gloss().annotate(src, "zh", "a.md")
    assert out == '《信访工作条例》规定了[信访](glossary.md#xinfang){ .kb-term }。'


def test_held_term_links_become_the_html_markdown_made():
    """With a sink, a term link is a placeholder during Markdown; its HTML (class kb-term, the
    glossary's built URL) goes back in after, as Markdown and MkDocs made it before."""
    import re

    import markdown

    from kb.markdown import release
    src = Source.parse("docs/guides/a.md", "## 信访 { #x }\n\n`信访` 和 [信访](b.md) 以及**信访人**，再见[[term:xinfang]]。")
    plain = markdown.markdown(gloss().annotate(src, "zh", "guides/a.md"), extensions=["attr_list", "toc"])
    plain = re.sub(r'href="([^"#]*)\.md#', r'href="\1.html#', plain)
    sink = []
    held = gloss().annotate(src, "zh", "guides/a.md", sink=sink)
    assert "kb-term" not in held and len(sink) == 2
    assert release(markdown.markdown(held, extensions=["attr_list", "toc"]), sink) == plain


def test_page_has_an_index_by_letter_and_headings_outside_the_table_of_contents():
    g = gloss()
    zh = g.page("zh")
    assert zh.split("\n")[:2] == ["- **X**：[信访](#xinfang)、[信访人](#xinfang-ren)", "- **Y**：[用人单位](#yongren-danwei)"]
    assert "\n\n<h2 id=\"xinfang\">信访<a class=\"headerlink\" href=\"#xinfang\">¶</a></h2>\n\n向机关" in zh
    # English: by English term, indexed by its initial
    en = g.page("en")
    assert en.split("\n")[:3] == ["- **E**: [employer](#yongren-danwei)", "- **L**: [letters and visits](#xinfang)",
                                  "- **P**: [petitioner](#xinfang-ren)"]
    assert [e.id for e in g.order("en")] == ["yongren-danwei", "xinfang", "xinfang-ren"]


def test_built_glossary_keeps_every_anchor_and_lists_every_term_once(site):
    from kb.site import Site
    import os
    entries = Site(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "docs").data.glossary.entries
    for rel in ("glossary.html", "en/glossary.html"):
        html = (site / rel).read_text(encoding="utf-8")
        article = html[html.index("<article"):html.index("</article>")]
        for e in entries:
            assert article.count(f'<h2 id="{e.id}">') == 1, (rel, e.id)
            assert article.count(f'href="#{e.id}"') == 2, (rel, e.id)      # the index and the ¶ link
        toc = html[html.index('<nav class="md-nav md-nav--secondary"'):]
        assert 'class="md-nav__link"' not in toc[:toc.index("</nav>")]        # no 83-entry table of contents
