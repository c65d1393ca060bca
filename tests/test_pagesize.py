"""Page weight (issue 7): every HTML page of the bundle under 60 KB; the words of articles
and glossary definitions live in one shared file and reach the hover through kb.js."""
import json
import os
import re
from pathlib import Path

import pytest

from kb import markdown as md
from kb import pagesize
from kb.site import Site

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

ROOT = Path(__file__).resolve().parent.parent
LIMIT = pagesize.LIMIT   # 60 KB = 61,440 bytes, as `find -size +60k` counts


_VERBATIM = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2\s*>)", re.S | re.I)


def _outside_verbatim(html: str) -> str:
    """The page without its <pre>, <textarea>, <script> and <style> elements."""
    return _VERBATIM.sub("", html)


TEMPLATE = """<!doctype html>
<html>
  <body>
    {# a comment #}
    {% set items = ["a", "b"] %}
    <ul>
      {% for i in items %}
        <li class="{% if i == 'a' %}first{% endif %}">{{ i }}</li>
      {% endfor %}
    </ul>
    {% if flag %}
      <p>flag</p>
    {% else %}
      <p>no flag</p>
    {% endif %}
    {% include "part.html" %}
    <span>x</span> {% if flag %}<em>y</em>{% endif %}
    <script>
      var a = 1;
    </script>
  </body>
</html>
"""
PART = """<nav>
  <a href="#">home</a>
</nav>
"""


@pytest.mark.parametrize("flag", [True, False])
def test_stripped_templates_render_the_same_page_without_its_indentation(flag):
    """Templates lose their indentation and their statement-only lines' newlines as they load
    (hooks: on_env). The page is the same but for white space between lines (which HTML
    collapses): no line is indented outside <script>, and the blank lines are nearly gone."""
    import jinja2

    def render(strip):
        f = pagesize.strip_template if strip else (lambda s: s)
        env = jinja2.Environment(loader=jinja2.DictLoader({"page.html": f(TEMPLATE), "part.html": f(PART)}))
        return env.get_template("page.html").render(flag=flag)

    before, after = render(False), render(True)
    squeeze = lambda h: re.sub(r"\n\s*", "\n", h).strip()
    assert squeeze(after) == squeeze(before)
    assert re.findall(r"\n[ \t]+", before) and not re.findall(r"\n[ \t]+", _outside_verbatim(after))
    assert "\n      var a = 1;" in before and "\nvar a = 1;" in after   # scripts: indentation is nothing
    assert after.count("\n\n") == 0 and len(after) < 0.7 * len(before)
    assert ("<p>flag</p>" in after) is flag


def test_built_pages_carry_no_indentation(site):
    """The theme's indentation is gone from every page (outside <pre>, <textarea>, <script>,
    <style>, where white space is kept as written)."""
    indented = []
    for path in sorted(site.rglob("*.html")):
        text = _outside_verbatim(path.read_text(encoding="utf-8"))
        lines = re.findall(r"\n[ \t]+\S", text)
        if lines:
            indented.append((str(path.relative_to(site)), len(lines)))
    assert indented == []


def test_every_material_template_still_parses_once_stripped():
    import jinja2
    import material
    root = os.path.join(os.path.dirname(material.__file__), "templates")
    env = jinja2.Environment(extensions=["jinja2.ext.do", "jinja2.ext.loopcontrols"])
    count = 0
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            if name.endswith(".html"):
                with open(os.path.join(dirpath, name), encoding="utf-8") as fh:
                    env.parse(pagesize.strip_template(fh.read()))
                count += 1
    assert count > 50


def test_every_page_under_60_kb(site):
    """Issue 7: every HTML page of the bundle under 60 KB (61,440 bytes)."""
    over = pagesize.oversized(str(site), LIMIT)
    assert over == [], "pages over 60 KB:\n" + "\n".join(f"  {p}  {n / 1024:.1f} KB" for p, n in over)


def _tooltips(site):
    text = (site / "assets" / "kb-articles.js").read_text(encoding="utf-8")
    return json.loads(re.search(r"window\.kbTooltips = (\{.*\});", text, re.S).group(1))


def test_pages_do_not_carry_the_article_words(site):
    words = _tooltips(site)["articles"]["policies/labour-dispute-text.html#art-27"]
    html = (site / "faq" / "wages.html").read_text(encoding="utf-8")
    assert 'href="../policies/labour-dispute-text.html#art-27"' in html
    assert words[:30] not in html          # only the law page itself quotes the article


@pytest.fixture(params=["file", "http"])
def base(request, site, server):
    return site.as_uri() + "/" if request.param == "file" else server


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_hovering_a_citation_shows_the_article_words(page, base, site, lang):
    tips = _tooltips(site)
    prefix = "en/" if lang == "en" else ""
    page.goto(base + prefix + "faq/wages.html")
    link = page.locator("article a[href$='labour-dispute-text.html#art-27']").first
    words = tips["articles"]["policies/labour-dispute-text.html#art-27"]
    link.scroll_into_view_if_needed()
    link.hover()
    tip = page.locator(".md-tooltip2", has_text=words[:20])
    tip.first.wait_for(state="visible")
    assert tip.first.inner_text().strip() == words
    # a glossary term: its definition in this page's language
    term = page.locator("article a.kb-term").first
    term_id = term.get_attribute("href").split("#")[1]
    term.scroll_into_view_if_needed()
    term.hover()
    definition = tips["terms"][lang][term_id]
    tip = page.locator(".md-tooltip2", has_text=definition[:20])
    tip.first.wait_for(state="visible")
    assert tip.first.inner_text().strip() == definition
    assert page.kb_errors == []
    assert page.kb_requests.outside == []


def test_without_javascript_citations_still_link_to_their_article(browser, site):
    ctx = browser.new_context(java_script_enabled=False)
    try:
        pg = ctx.new_page()
        pg.goto(site.as_uri() + "/faq/wages.html")
        link = pg.locator("article a[href$='labour-dispute-text.html#art-27']").first
        assert link.get_attribute("title") is None          # the words come with the script
        pg.goto(link.evaluate("a => a.href"))
        assert pg.locator("#art-27").count() == 1
    finally:
        ctx.close()


def test_single_toc_keeps_one_copy_and_leaves_small_or_odd_pages_alone():
    toc = ('<nav class="md-nav md-nav--secondary" aria-label="TOC"><ul><li><a href="#a">A</a>'
           '<nav class="md-nav" aria-label="A"><ul><li><a href="#b">B</a></li></ul></nav></li></ul></nav>')
    page = f"<div class=drawer>{toc}</div><div class=sidebar>{toc}</div><p>x</p>"
    out = pagesize.single_toc(page, min_size=10)
    assert out == ('<div class=drawer><nav id="kb-toc-copy"></nav></div>'
                   f"<div class=sidebar>{toc}{pagesize._TOC_FILL}</div><p>x</p>")
    assert pagesize.single_toc(page) == page                       # under min_size: as it was
    assert pagesize.single_toc(page.replace("#b", "#c", 1), min_size=10) == page.replace("#b", "#c", 1)


MODULE_5 = "en/training/module-5-lawful-channels.html"


def test_trim_toc_keeps_the_levels_asked_for():
    class Item:
        def __init__(self, name, *children):
            self.name, self.children = name, list(children)

    def shape(items):
        return [(i.name, shape(i.children)) for i in items]
    toc = [Item("a", Item("a1", Item("a1x"))), Item("b")]
    pagesize.trim_toc(toc, None)                       # no toc_depth: as it was
    assert shape(toc) == [("a", [("a1", [("a1x", [])])]), ("b", [])]
    pagesize.trim_toc(toc, 3)
    assert shape(toc) == [("a", [("a1", [])]), ("b", [])]
    pagesize.trim_toc(toc, 2)
    assert shape(toc) == [("a", []), ("b", [])]


@pytest.mark.parametrize("width", [600, 1400])
def test_table_of_contents_in_drawer_and_sidebar(page, base, site, width):
    """The drawer's copy (narrow screens) is filled in from the sidebar's while the page loads.
    Module 5 has toc_depth: 2, so both list its H2 sections only (its quiz H3s keep their anchors)."""
    html = (site / MODULE_5).read_text(encoding="utf-8")
    assert 'id="kb-toc-copy"' in html                       # the page is one that single_toc changed
    src = Site(ROOT, "docs").sources["training/module-5-lawful-channels.en.md"]
    assert src.meta["toc_depth"] == 2
    anchors = [a for _n, lv, _t, a in md.headings(src) if lv == 2]
    assert all(f'id="{a}"' in html for _n, lv, _t, a in md.headings(src) if lv == 3)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(base + MODULE_5)
    assert page.locator("#kb-toc-copy").count() == 0
    drawer = page.locator(".md-sidebar--primary nav.md-nav--secondary a.md-nav__link")
    sidebar = page.locator(".md-sidebar--secondary nav.md-nav--secondary a.md-nav__link")
    hrefs = sidebar.evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert hrefs == ["#" + a for a in anchors]
    assert drawer.evaluate_all("els => els.map(e => e.getAttribute('href'))") == hrefs
    if width == 600:   # open the drawer, then its table of contents, and follow a link
        page.click("label.md-header__button[for='__drawer']")
        page.locator(".md-sidebar--primary label[for='__toc']").first.click()
        link = page.locator(".md-sidebar--primary nav.md-nav--secondary a[href='#case-study']")
        link.wait_for(state="visible")
        link.click()
        page.wait_for_function("location.hash === '#case-study'")
    else:
        assert page.locator(".md-sidebar--secondary a[href='#case-study']").is_visible()
    assert page.kb_errors == []


TEXT_BUDGET = 56 * 1024   # the split law pages: under 56 KB, room to grow under the 60 KB limit


def test_split_law_pages_under_56_kb_and_every_article_anchor_leads_to_its_text(site):
    """Laws with a text_page (data/laws.yml): the law page and each text page, zh and en, under
    56 KB; each '#art-N' of the law page is still there, with a link to '#art-N' on the text page
    that quotes it, and the law page quotes nothing itself."""
    import yaml
    laws = yaml.safe_load((ROOT / "data" / "laws.yml").read_text(encoding="utf-8"))
    split = [l for l in laws if l.get("text_page")]
    assert len(split) >= 4
    for law in split:
        page = law["page"][:-3] + ".html"
        texts = [t[:-3] + ".html" for t in ([law["text_page"]] if isinstance(law["text_page"], str) else law["text_page"])]
        for prefix in ("", "en/"):
            law_html = (site / (prefix + page)).read_text(encoding="utf-8")
            assert len(law_html.encode()) < TEXT_BUDGET, f"{prefix}{page}: {len(law_html.encode())} bytes"
            law_arts = re.findall(r'<h3 id="(art-\d+)"', law_html)
            quoted = []
            for text in texts:
                html = (site / (prefix + text)).read_text(encoding="utf-8")
                assert len(html.encode()) < TEXT_BUDGET, f"{prefix}{text}: {len(html.encode())} bytes"
                arts = re.findall(r'<h3 id="(art-\d+)"', html)
                assert arts and html.count("<blockquote>") >= len(arts), prefix + text
                name = text.rsplit("/", 1)[1]
                for a in arts:
                    assert f'href="{name}#{a}"' in law_html, f"{prefix}{page}#{a}: no link to {name}#{a}"
                quoted += arts
            assert sorted(quoted) == sorted(law_arts), prefix + page
            assert "<blockquote>" not in law_html.split('id="articles"')[1].split("<h2")[0]
