"""Page weight: the size budget of a built HTML page; the templates' indentation, which
would otherwise spend it, taken out once as they load; one table of contents per page."""
from __future__ import annotations

import os
import re

LIMIT = 60 * 1024   # bytes of HTML per page (issue 7)

_LEADING = re.compile(r"^[ \t]+", re.M)
# A line holding only statements that print nothing ({% if %}, {% endfor %}, {% set %}, …) or
# comments: its newline would only make a blank line of the page, so it goes too.
_SILENT_LINE = re.compile(r"^((?:\{%-?\s*(?:if|elif|else|endif|for|endfor|set|endset|import|from|macro|endmacro"
                          r"|with|endwith)\b[^%]*-?%\}|\{#[^#]*#\})+)[ \t]*\n", re.M)


def strip_template(source: str) -> str:
    """A page template without the indentation of its lines, done once as the template is
    loaded, and without the newline of each line that holds only statements printing nothing.
    Material's templates are deeply indented: left in, that indentation is a large part of a
    page's HTML (half of it on the benchmark's synthetic pages), and taking it out of every page afterwards (a regex pass over each page) was the
    costliest step of the hooks on a large site. Done here, once per template, it costs nothing
    per page; what remains are a few blank lines (0.4 % of a page). HTML collapses white space,
    so pages render the same. The templates hold no <pre> or <textarea>; in their <script>s,
    indentation means nothing."""
    return _SILENT_LINE.sub(r"\1", _LEADING.sub("", source))


_TOC = '<nav class="md-nav md-nav--secondary"'
_NAV_TAG = re.compile(r"<nav\b|</nav>")
# Put where the drawer's copy of the table of contents was; the script after the sidebar's copy
# (which runs before Material's bundle binds either) fills it in with that copy.
_TOC_SLOT = '<nav id="kb-toc-copy"></nav>'
_TOC_FILL = ('<script>document.getElementById("kb-toc-copy").outerHTML='
             'document.currentScript.previousElementSibling.outerHTML</script>')


def _navs(html: str, tag: str = _TOC) -> list[tuple[int, int]]:
    """(start, end) of each <nav> element starting with ``tag``, nested <nav>s included."""
    out, i = [], 0
    while (i := html.find(tag, i)) >= 0:
        depth, end = 0, len(html)
        for m in _NAV_TAG.finditer(html, i):
            depth += 1 if m.group(0) == "<nav" else -1
            if depth == 0:
                end = m.end()
                break
        out.append((i, end))
        i = end
    return out


def single_toc(html: str, min_size: int = 1024) -> str:
    """Material prints the page's table of contents twice: in the navigation drawer (narrow
    screens) and in the right sidebar (wide screens). Keep the sidebar's copy in the HTML and
    copy it into the drawer while the page loads, when it is worth it (over ``min_size``)."""
    navs = _navs(html)
    if len(navs) != 2:
        return html
    (a0, a1), (b0, b1) = navs
    first, second = html[a0:a1], html[b0:b1]
    if first != second or len(first.encode()) < min_size:
        return html
    return html[:a0] + _TOC_SLOT + html[a1:b1] + _TOC_FILL + html[b1:]


def trim_toc(items, depth) -> None:
    """Front matter ``toc_depth: 2``: the table of contents lists the H2 sections only (their
    H3s, e.g. eight 'Question N' entries, stay anchored on the page but out of the list).
    ``items`` are the page's top-level TOC entries (anything with a ``children`` list)."""
    if not isinstance(depth, int) or isinstance(depth, bool) or depth < 2:
        return

    def cut(entries, level):
        for item in entries:
            if level >= depth:
                item.children = []
            else:
                cut(item.children, level + 1)
    cut(items, 2)


def oversized(site_dir: str, limit: int = LIMIT) -> list[tuple[str, int]]:
    """(path from the site root, bytes) of every HTML page over ``limit``, largest first."""
    out = []
    for dirpath, _dirs, files in os.walk(site_dir):
        for name in files:
            if name.endswith(".html"):
                full = os.path.join(dirpath, name)
                size = os.path.getsize(full)
                if size > limit:
                    out.append((os.path.relpath(full, site_dir).replace(os.sep, "/"), size))
    return sorted(out, key=lambda x: (-x[1], x[0]))
