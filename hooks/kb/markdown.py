"""Reading Markdown sources: front matter, line numbers, and the prose that checks look at.

Checks report positions in the *file*: line numbers count the front matter, columns are
1-based character offsets. ``prose_lines`` yields each body line with the parts that are
not prose (code, link targets, HTML tags, attribute lists) masked by NUL characters of the
same length, so that a match's column in the masked line is its column in the file.
"""
from __future__ import annotations

import functools
import posixpath
import re
from dataclasses import dataclass, field

import yaml

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*\n", re.S)
FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*$")
EXPLICIT_ANCHOR = re.compile(r"\{:?[ \t]*#([A-Za-z0-9_:.-]+)[^}]*\}")
HEADING_ANCHOR = re.compile(r"\{:?[ \t]*#([A-Za-z0-9_-]+)[ \t]*\}[ \t]*$")
HTML_ID = re.compile(r"""\bid=["']([^"']+)["']""")
INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")
# [text](target "title") and ![alt](src); target without spaces.
INLINE_LINK = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*<?([^)\s>]*)>?(?:\s+(\"[^\"]*\"|'[^']*'))?\s*\)")
REF_LINK = re.compile(r"\[((?:[^\[\]])*)\]\[([^\]]*)\]")
HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
ATTR_LIST = re.compile(r"\{:?[ \t]*[#.][^}]*\}")
ADMONITION = re.compile(r"^([ \t]*)(!!!|\?\?\?\+?)[ \t]*([\w-]+(?:[ \t]+[\w-]+)*)?(?:[ \t]+\"[^\"]*\")?[ \t]*$")
BLOCKQUOTE = re.compile(r"^[ \t]*>")
TABLE_ROW = re.compile(r"^[ \t]*\|")
MASK = "\x00"


@dataclass
class Source:
    """A Markdown file split into front matter and body."""

    path: str                 # relative to the repository, for findings
    text: str
    meta: dict = field(default_factory=dict)
    meta_error: tuple | None = None  # (line, col, message)
    body: str = ""
    body_offset: int = 0      # number of file lines before the body

    @classmethod
    def parse(cls, path: str, text: str) -> "Source":
        src = cls(path=path, text=text)
        m = FRONT_MATTER.match(text)
        if not m:
            src.body = text
            return src
        src.body = text[m.end():]
        src.body_offset = text[: m.end()].count("\n")
        try:
            meta = _load_yaml(m.group(1) or "") or {}
            if not isinstance(meta, dict):
                src.meta_error = (2, 1, "front matter must be a mapping of keys to values")
            else:
                src.meta = meta
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = (mark.line + 2) if mark else 2   # +1 for '---', +1 for 1-based
            col = (mark.column + 1) if mark else 1
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            src.meta_error = (line, col, f"front matter is not valid YAML: {problem}{yaml_context(exc, 1)}")
        return src

    def body_lines(self):
        """(file line number, line) for each body line."""
        for i, line in enumerate(self.body.split("\n")):
            yield self.body_offset + i + 1, line

    def meta_line(self, key: str) -> int:
        """File line of a front-matter key (1 if not found)."""
        for i, line in enumerate(self.text.split("\n")[: self.body_offset], start=1):
            if re.match(rf"^{re.escape(key)}[ \t]*:", line):
                return i
        return 1


_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


def _load_yaml(text: str):
    """yaml.safe_load, with libyaml's loader when PyYAML has it (the same values, several times
    faster); an error is reported by the pure-Python loader so its message does not change."""
    if _FAST_LOADER is not None:
        try:
            return yaml.load(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            pass
    return yaml.safe_load(text)


def yaml_context(exc, line_offset: int = 0) -> str:
    """' (while parsing … that starts at line N)' from a PyYAML error, when it has one and
    it is on an earlier line than the problem; '' otherwise."""
    ctx, mark, problem = getattr(exc, "context", None), getattr(exc, "context_mark", None), getattr(exc, "problem_mark", None)
    if not ctx or mark is None or (problem is not None and mark.line == problem.line):
        return ""
    return f" ({ctx} that starts at line {mark.line + 1 + line_offset}, column {mark.column + 1})"


# A character every match of the pattern contains: lines without it are left as they are
# (most lines have no code, link, tag or attribute list; re.sub with a callback is slow).
_NEEDS = {}


def _mask(line: str, pattern: re.Pattern, group: int | None = None) -> str:
    need = _NEEDS.get(pattern)
    if need is not None and need not in line:
        return line
    def repl(m: re.Match) -> str:
        if group is None:
            return MASK * len(m.group(0))
        s, e = m.span(group)
        s -= m.start()
        e -= m.start()
        whole = m.group(0)
        return MASK * s + whole[s:e] + MASK * (len(whole) - e)
    return pattern.sub(repl, line)


_NEEDS.update({INLINE_CODE: "`", INLINE_LINK: "](", REF_LINK: "][", HTML_TAG: "<", ATTR_LIST: "{"})


@dataclass
class Line:
    number: int          # file line number
    text: str            # original text
    prose: str           # same length; non-prose masked with NUL
    kind: str            # "text" | "heading" | "quote" | "table" | "admonition"
    new_block: bool      # a blank line (or table row start) came before


def iter_lines(src: Source, *, link_text: bool = False):
    """Yield every body line outside fenced code as a :class:`Line`.

    Link text is masked unless ``link_text`` is true; link targets, inline code,
    HTML tags and attribute lists are always masked.
    """
    fence = None
    prev_blank = True
    for number, line in src.body_lines():
        m = FENCE.match(line) if ("`" in line or "~" in line) else None
        if fence:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            prev_blank = False
            continue
        if m:
            fence = m.group(1)
            prev_blank = False
            continue
        stripped = line.lstrip(" \t")
        if not stripped.strip():
            prev_blank = True
            continue
        # each mask only where its pattern can match (the guards are in _mask too; here they
        # save the calls, which add up over every line of every page)
        prose = _mask(line, INLINE_CODE) if "`" in line else line
        if "](" in prose:
            prose = _mask(prose, INLINE_LINK, 2 if link_text else None)
        if not link_text and "][" in prose:
            prose = _mask(prose, REF_LINK)
        if "<" in prose:
            prose = _mask(prose, HTML_TAG)
        if "{" in prose:
            prose = _mask(prose, ATTR_LIST)
        first = stripped[0]
        if line[0] == "#" and HEADING.match(line):
            kind = "heading"
        elif first == ">":
            kind = "quote"
        elif first == "|":
            kind = "table"
        elif first in "!?" and ADMONITION.match(line):
            kind = "admonition"
        else:
            kind = "text"
        yield Line(number, line, prose, kind, prev_blank or kind == "table")
        prev_blank = False


def links(src: Source):
    """(line, col, is_image, target) for every inline link and image outside code."""
    fence = None
    for number, line in src.body_lines():
        m = FENCE.match(line)
        if fence:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            continue
        if m:
            fence = m.group(1)
            continue
        masked = _mask(line, INLINE_CODE)
        for lm in INLINE_LINK.finditer(masked):
            yield number, lm.start() + 1, bool(lm.group(1)), lm.group(3)
        for hm in re.finditer(r"""<(?:a|img)\b[^>]*?\b(href|src)=["']([^"']+)["']""", masked):
            yield number, hm.start() + 1, hm.group(1) == "src", hm.group(2)


def slugify_ascii(text: str) -> str:
    """The toc extension's default slug for a heading without an explicit anchor."""
    import unicodedata
    value = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value).strip().lower()
    return re.sub(r"[-\s]+", "-", value)


def anchors(src: Source):
    """Every anchor a page defines: {anchor: file line}. Duplicates are returned separately."""
    found: dict[str, int] = {}
    duplicates: list[tuple[str, int, int]] = []   # (anchor, line, first line)
    fence = None
    for number, line in src.body_lines():
        m = FENCE.match(line)
        if fence:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            continue
        if m:
            fence = m.group(1)
            continue
        ids = [a.group(1) for a in EXPLICIT_ANCHOR.finditer(line)]
        ids += [a.group(1) for a in HTML_ID.finditer(line)]
        h = HEADING.match(line)
        if h and not HEADING_ANCHOR.search(line):
            slug = slugify_ascii(h.group(2))
            if slug:
                ids.append(slug)
        for a in ids:
            if a in found:
                duplicates.append((a, number, found[a]))
            else:
                found[a] = number
    return found, duplicates


def headings(src: Source):
    """(line, level, text, explicit anchor or None) for H1–H6 outside code."""
    fence = None
    for number, line in src.body_lines():
        m = FENCE.match(line)
        if fence:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            continue
        if m:
            fence = m.group(1)
            continue
        h = HEADING.match(line)
        if h:
            a = HEADING_ANCHOR.search(line)
            yield number, len(h.group(1)), h.group(2), (a.group(1) if a else None)


TASK_CHECKBOX = '<label class="task-list-control"><input type="checkbox" disabled/>'


def accessible_html(html: str) -> str:
    """Fix what axe reports in generated HTML. Task-list check boxes are disabled, unlabelled
    decorations of a checklist (the item text follows the box): hide them from assistive tech
    so a screen reader reads the item, not 'checkbox, unlabelled' (axe rule 'label')."""
    return html.replace(TASK_CHECKBOX, '<label class="task-list-control"><input type="checkbox" disabled aria-hidden="true"/>')


# -- links held out of Markdown ----------------------------------------------------------------
# The links the build adds (citations, glossary terms) can be written straight as the HTML
# they become, held in a list while Markdown runs and put back into its output (MkDocs:
# on_page_content). Markdown's inline pass and MkDocs' link rewriting then never see them,
# which saves a large part of the build time they would cost (issue 3, hooks overhead).
# A held link is a private-use character, its index and another: text no transform matches.
HELD = re.compile("<p>\ue002(\\d+)\ue003</p>|\ue000(\\d+)\ue001")


def hold(sink: list, html: str) -> str:
    """Keep ``html`` in ``sink``; return the placeholder that stands for it in the Markdown."""
    sink.append(html)
    return f"\ue000{len(sink) - 1}\ue001"


def hold_block(sink: list, html: str) -> str:
    """Keep a block of HTML (a table) in ``sink``; return its placeholder paragraph. Markdown
    wraps it in <p>, which :func:`release` drops with it."""
    sink.append(html.rstrip("\n"))
    return f"\n\n\ue002{len(sink) - 1}\ue003\n\n"


def release(html: str, sink: list) -> str:
    """Put every held link and block back into the page's HTML."""
    return HELD.sub(lambda m: sink[int(m.group(1) or m.group(2))], html) if sink else html


def md_href(target: str) -> str:
    """The built URL of a relative link to a page: 'x/y.md#a' -> 'x/y.html#a' (no directory
    URLs in this project), as MkDocs would write it."""
    path, sep, anchor = target.partition("#")
    if path.endswith(".md"):
        path = path[:-3] + ".html"
    return path + sep + anchor


@functools.lru_cache(maxsize=None)
def relpath(target: str, start: str) -> str:
    """posixpath.relpath between two paths from the docs root, remembered: the build asks the
    same few thousand questions for every citation (relpath itself consults the working
    directory each time)."""
    return posixpath.relpath(target, start or ".")

