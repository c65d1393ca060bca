"""The unzipped bundle in Debian's Chromium, from file:// and from a static server under /kb/."""
import pytest

from helpers import page_key, search



@pytest.fixture(params=["file", "http"])
def base(request, site, server):
    return site.as_uri() + "/" if request.param == "file" else server


def test_search_box_visible_and_chinese_results_are_chinese(page, base):
    page.goto(base + "index.html")
    assert page.locator("input.md-search__input").is_visible()
    hrefs = search(page, "劳动争议仲裁")
    keys = [page_key(h) for h in hrefs]
    assert keys, "no results"
    assert keys[0] == "guides/channels/labour-arbitration.html", keys[:5]
    assert not [k for k in keys if k.startswith("en/")], keys
    assert page.kb_requests.outside == []
    assert page.kb_errors == []


def test_english_search_returns_english_pages_only(page, base):
    page.goto(base + "en/index.html")
    hrefs = search(page, "labour arbitration")
    keys = [page_key(h) for h in hrefs]
    assert keys and keys[0] == "en/guides/channels/labour-arbitration.html", keys[:5]
    assert all(k.startswith("en/") for k in keys), keys
    assert page.kb_requests.outside == []


def test_compound_subword_and_full_sentence(page, base):
    page.goto(base + "index.html")
    keys = [page_key(h) for h in search(page, "干部")]
    assert keys, "a word inside a compound (工会干部, 领导干部) must be found"
    keys = [page_key(h) for h in search(page, "我在厂里干了八年，上个月突然让我走人，能要补偿吗")]
    assert "faq/dismissal.html" in keys[:3], keys[:5]


def test_language_switcher_reaches_the_twin(page, base):
    page.goto(base + "guides/channels/labour-arbitration.html")
    href = page.eval_on_selector("a.md-select__link[hreflang=en]", "e => e.href")
    page.goto(href)
    assert page_key(page.url) == "en/guides/channels/labour-arbitration.html"
    assert page.evaluate("document.documentElement.lang") == "en"
    back = page.eval_on_selector("a.md-select__link[hreflang=zh]", "e => e.href")
    page.goto(back)
    assert page_key(page.url) == "guides/channels/labour-arbitration.html"
    assert page.kb_requests.outside == []
