"""Keyboard alone: Tab reaches the search box, typing searches, ArrowDown reaches a result, Enter
opens it; quiz answers (<details>) open and close from the keyboard; focus is always visible.
(Material closes the search on Tab, so results are reached with the arrow keys, as Material intends.)"""
import pytest

from helpers import RESULT_META, page_key

FOCUS_VISIBLE = """() => { const e = document.activeElement; const s = getComputedStyle(e);
  return {tag: e.tagName, cls: e.className, visible: e.matches(':focus-visible'),
          outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2}; }"""


def tab_until(page, selector: str, limit: int = 60) -> int:
    for n in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return n
    raise AssertionError(f"Tab never reached {selector} in {limit} presses")


@pytest.fixture(params=["file", "http"])
def base(request, site, server):
    return site.as_uri() + "/" if request.param == "file" else server


def test_search_by_keyboard_alone(page, base):
    page.goto(base + "index.html")
    tab_until(page, "input.md-search__input")
    focus = page.evaluate(FOCUS_VISIBLE)
    assert focus["visible"] and focus["outline"], focus
    page.keyboard.type("劳动争议仲裁")
    # keyboard.type inserts Chinese text without key events (as an IME commit would), and
    # Material searches on keyup: End is the real key press that follows, as in helpers.search.
    page.keyboard.press("End")
    page.wait_for_function(
        "re => { const m = document.querySelector('.md-search-result__meta');"
        " return !!m && new RegExp(re).test(m.textContent) && document.querySelector('a.md-search-result__link'); }",
        arg=RESULT_META, timeout=15000)
    page.keyboard.press("ArrowDown")
    first = page.evaluate("() => document.activeElement.href")
    assert page.evaluate("() => document.activeElement.matches('li.md-search-result__item > a.md-search-result__link')")
    focus = page.evaluate(FOCUS_VISIBLE)
    assert focus["visible"] and focus["outline"], focus
    assert page_key(first) == "guides/channels/labour-arbitration.html"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page_key(page.url) == "guides/channels/labour-arbitration.html"
    assert page.kb_errors == [] and page.kb_requests.outside == []


def test_quiz_answers_open_and_close_by_keyboard(page, base):
    page.goto(base + "training/module-1-principles.html")
    summaries = page.locator("details > summary").count()
    assert summaries > 0
    tab_until(page, "details > summary", limit=400)
    focus = page.evaluate(FOCUS_VISIBLE)
    assert focus["tag"] == "SUMMARY" and focus["visible"] and focus["outline"], focus
    is_open = "() => document.activeElement.parentElement.open"
    was = page.evaluate(is_open)
    page.keyboard.press("Enter")
    assert page.evaluate(is_open) is (not was)
    page.keyboard.press("Space")
    assert page.evaluate(is_open) is was
    assert page.kb_errors == []
