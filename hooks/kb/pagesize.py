"""Page weight: the size budget of a built HTML page, and the whitespace compaction that
keeps Material's deeply indented templates from spending it."""
from __future__ import annotations

import os
import re

LIMIT = 60 * 1024   # bytes of HTML per page (issue 7)

# Elements whose text is shown or run as written: left exactly as they are.
_VERBATIM = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2\s*>)", re.S | re.I)
_INDENT = re.compile(r"\n[ \t\r\n]+")


def compact(html: str) -> str:
    """Drop the indentation and blank lines between lines of markup. A newline stays where
    there was one, so the page renders the same (HTML collapses runs of white space);
    <pre>, <textarea>, <script> and <style> are not touched."""
    parts = _VERBATIM.split(html)
    out = []
    # split() with two groups yields: text, whole verbatim element, its tag name, text, …
    for i in range(0, len(parts), 3):
        out.append(_INDENT.sub("\n", parts[i]))
        if i + 1 < len(parts):
            out.append(parts[i + 1])
    return "".join(out)


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
