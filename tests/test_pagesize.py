"""Page weight (issue 7): every HTML page of the bundle under 60 KB; the words of articles
and glossary definitions live in one shared file and reach the hover through kb.js."""
import json
import os
import re

import pytest

from kb import markdown as md
from kb import pagesize
from kb.site import Site

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

LIMIT = pagesize.LIMIT   # 60 KB = 61,440 bytes, as `find -size +60k` counts


def test_compact_keeps_verbatim_elements_and_one_newline():
    html = ("<ul>\n    <li>a</li>\n\n      <li>b</li>\n</ul>\n<pre><code>x\n    indented\n</code></pre>\n"
            "  <script>\n  var s = 'a\\n  b';\n  </script>\n  <textarea>\n  t\n  </textarea>\n  <p>end</p>")
    assert pagesize.compact(html) == (
        "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n<pre><code>x\n    indented\n</code></pre>\n"
        "<script>\n  var s = 'a\\n  b';\n  </script>\n<textarea>\n  t\n  </textarea>\n<p>end</p>")


# Pages still over 60 KB, with the reason and a ceiling (bytes) that they must not pass.
# Measured 2026-11-22 after moving tooltip words to assets/kb-articles.js, splitting the stable
# links, compacting the markup and printing the table of contents once: what is left is the
# pages' own text plus Material's frame (~20 KB, ~23 KB on law pages). Remove an entry when its
# page gets under the limit (the test says so).
KNOWN_OVER = {
    "en/policies/xinfang-regulations.html": (83_500, "quoted articles in Chinese with translation and notes: 47.7 KB of text"),
    "en/policies/labour-contract-law.html": (69_000, "quoted articles with translation: 33.4 KB of text"),
    "policies/xinfang-regulations.html": (70_000, "quoted articles and notes: 34.4 KB of text"),
    "en/policies/labour-dispute-law.html": (68_000, "quoted articles with translation: 32.0 KB of text"),
    "policies/labour-contract-law.html": (63_500, "quoted articles and notes: 28.5 KB of text"),
}


def test_pages_under_60_kb_except_the_listed_ones_each_under_its_ceiling(site):
    """Every page under 60 KB except those in KNOWN_OVER (issue 7 target not met for them), each
    under its ceiling; a listed page that drops under 60 KB must leave the list."""
    over = pagesize.oversized(str(site), LIMIT)
    bad = [(p, n) for p, n in over if p not in KNOWN_OVER or n > KNOWN_OVER[p][0]]
    assert bad == [], "pages over 60 KB:\n" + "\n".join(
        f"  {p}  {n / 1024:.1f} KB" + (f" (ceiling {KNOWN_OVER[p][0] / 1024:.1f} KB)" if p in KNOWN_OVER else "")
        for p, n in bad)
    fixed = sorted(set(KNOWN_OVER) - {p for p, _n in over})
    assert fixed == [], f"now under 60 KB, take them out of KNOWN_OVER: {fixed}"


def _tooltips(site):
    text = (site / "assets" / "kb-articles.js").read_text(encoding="utf-8")
    return json.loads(re.search(r"window\.kbTooltips = (\{.*\});", text, re.S).group(1))


def test_pages_do_not_carry_the_article_words(site):
    words = _tooltips(site)["articles"]["policies/labour-dispute-law.html#art-27"]
    html = (site / "faq" / "wages.html").read_text(encoding="utf-8")
    assert 'href="../policies/labour-dispute-law.html#art-27"' in html
    assert words[:30] not in html          # only the law page itself quotes the article


@pytest.fixture(params=["file", "http"])
def base(request, site, server):
    return site.as_uri() + "/" if request.param == "file" else server


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_hovering_a_citation_shows_the_article_words(page, base, site, lang):
    tips = _tooltips(site)
    prefix = "en/" if lang == "en" else ""
    page.goto(base + prefix + "faq/wages.html")
    link = page.locator("article a[href$='labour-dispute-law.html#art-27']").first
    words = tips["articles"]["policies/labour-dispute-law.html#art-27"]
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
        link = pg.locator("article a[href$='labour-dispute-law.html#art-27']").first
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
