"""Browser helpers for the tests and the search evaluation."""
from __future__ import annotations

RESULT_META = "符合条件|matching document"
NO_RESULTS = "没有找到|No matching"   # Material's count when nothing matched


def search(page, query: str, timeout: int = 15000) -> list[str]:
    """Type a query into the site's own search box; return result hrefs (absolute), best first.

    The result count and the result list of the query before are both cleared first, and the
    answer counts as arrived when the count is back and the list holds results (or the count
    says there are none): Material writes the count before it replaces the list, so on a busy
    machine reading at the count alone could return the previous query's results."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    page.evaluate("() => { const m = document.querySelector('.md-search-result__meta'); if (m) m.textContent = '';"
                  " const l = document.querySelector('.md-search-result__list'); if (l) l.replaceChildren(); }")
    box.fill(query)
    box.press("End")            # Material's search listens for keyup
    page.wait_for_function(
        "([re, none]) => { const m = document.querySelector('.md-search-result__meta');"
        " if (!m || !new RegExp(re).test(m.textContent)) return false;"
        " return new RegExp(none).test(m.textContent)"
        " || document.querySelectorAll('li.md-search-result__item > a.md-search-result__link').length > 0; }",
        arg=[RESULT_META, NO_RESULTS], timeout=timeout)
    return page.eval_on_selector_all(
        "li.md-search-result__item > a.md-search-result__link", "els => els.map(e => e.href)")


def page_key(href: str) -> str:
    """'file:///…/kb/en/guides/x.html#y' -> 'en/guides/x.html' relative to the site root."""
    path = href.split("#")[0].split("?")[0]
    for marker in ("/kb/", "/unzipped"):
        if marker in path:
            path = path.split(marker, 1)[1]
            if marker == "/unzipped":
                path = path.split("/", 1)[1]
            break
    return path
