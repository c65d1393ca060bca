"""Every page of the unzipped bundle in Debian's Chromium, from file:// and from a server under
/kb/ (one browser, one context, one loop): no request leaves file:// and 127.0.0.1, no page
error, no console error, the right lang attribute, and axe-core (from npm, WCAG 2.1 A/AA) finds
no serious or critical violation (axe runs once per page, on the file:// visit).

404.html and en/404.html are not crawled: MkDocs writes the 404 page with root-absolute URLs
(/assets/...) for a server that serves it at any depth, so it cannot work from file:// or a
sub-path, and the deploy/ configuration does not use it.
"""
from __future__ import annotations

import os

import pytest

from conftest import ROOT

AXE = os.path.join(ROOT, "node_modules", "axe-core", "axe.min.js")
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SKIP = {"404.html", "en/404.html"}
LOCAL = ("file://", "http://127.0.0.1", "data:", "blob:", "about:")


def site_pages(site) -> list[str]:
    out = []
    for dirpath, _dirs, files in os.walk(site):
        for name in files:
            if name.endswith(".html"):
                out.append(os.path.relpath(os.path.join(dirpath, name), site).replace(os.sep, "/"))
    return sorted(p for p in out if p not in SKIP)


@pytest.fixture(scope="module")
def crawl(browser, site, server):
    assert os.path.exists(AXE), "axe-core is not installed: run npm ci (make deps)"
    pages = site_pages(site)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    pg = context.new_page()
    current = {"key": None}
    result = {"pages": pages, "outside": [], "pageerrors": [], "console": [], "lang": {}, "axe": {}, "visits": 0}

    def on_request(request):
        if not request.url.startswith(LOCAL):
            result["outside"].append(f"{current['key']}: {request.url}")

    def on_console(msg):
        if msg.type == "error":
            loc = msg.location or {}
            result["console"].append(f"{current['key']}: {msg.text} ({loc.get('url', '')})")

    context.on("request", on_request)
    pg.on("pageerror", lambda e: result["pageerrors"].append(f"{current['key']}: {e}"))
    pg.on("console", on_console)
    bases = {"file": site.as_uri() + "/", "http": server}
    for rel in pages:
        for kind, base in bases.items():
            current["key"] = f"{kind}:{rel}"
            pg.goto(base + rel, wait_until="load")
            result["visits"] += 1
            if kind == "file":
                result["lang"][rel] = pg.evaluate("document.documentElement.lang")
                pg.add_script_tag(path=AXE)
                # preload: false — axe would otherwise re-fetch every stylesheet by XHR (for its
                # css-orientation-lock rule), which file:// refuses with console errors of axe's own.
                result["axe"][rel] = pg.evaluate(
                    """async tags => {
                        const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'], preload: false});
                        return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                          .map(v => `${v.impact} ${v.id}: ${v.help} [${v.nodes.length}x, e.g. ${v.nodes[0].target.join(' ')}]`);
                    }""", WCAG)
    pg.wait_for_timeout(300)   # let late errors of the last page arrive
    context.close()
    return result


def test_crawled_every_page_of_both_languages(crawl):
    pages = crawl["pages"]
    assert crawl["visits"] == 2 * len(pages)
    assert "index.html" in pages and "en/index.html" in pages
    zh = [p for p in pages if not p.startswith("en/")]
    en = [p for p in pages if p.startswith("en/")]
    assert len(zh) == len(en) and len(zh) > 50, (len(zh), len(en))


def test_no_request_leaves_the_machine(crawl):
    assert crawl["outside"] == []


def test_no_page_errors(crawl):
    assert crawl["pageerrors"] == []


def test_no_console_errors(crawl):
    """Counted too: Material used to fetch sitemap.xml beside each <link rel=alternate> (CORS
    errors from file://, 404s under a server); overrides/main.html no longer emits those links."""
    assert crawl["console"] == []


def test_every_page_declares_its_language(crawl):
    wrong = {p: lang for p, lang in crawl["lang"].items() if lang != ("en" if p.startswith("en/") else "zh")}
    assert wrong == {}
    assert len(crawl["lang"]) == len(crawl["pages"])


def test_axe_finds_no_serious_or_critical_wcag21_violation(crawl):
    bad = {p: v for p, v in crawl["axe"].items() if v}
    assert bad == {}, "\n".join(f"{p}: {x}" for p, v in sorted(bad.items()) for x in v)
    assert len(crawl["axe"]) == len(crawl["pages"])
