"""Whole-site checks over the Markdown sources of both languages, and the per-page
transforms. Reads files; returns findings; logs nothing."""
from __future__ import annotations

import datetime as dt
import html
import json
import os
import posixpath
import re
from dataclasses import dataclass, field

import yaml

from . import channels
from . import deadlines as dl
from . import markdown as md
from .citations import Registry, load_registry
from .findings import Finding, did_you_mean
from .glossary import Glossary, load_glossary

AUDIENCES = {"employee", "staff", "trainer"}
REQUIRED_META = ("title", "summary", "audience", "reviewed_on")
ID_CARD = re.compile(r"(?<![0-9A-Za-z])[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx](?![0-9A-Za-z])")
MOBILE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}(?!\d)")
# Landline with an area code: 010-12345678, 0571-1234567, (010)12345678, （0755）12345678.
LANDLINE = re.compile(r"(?<![\d-])(?:0\d{2,3}-|[(（]0\d{2,3}[)）][ -]?)[2-9]\d{6,7}(?![\d-])")
# A national hotline is 123xx; amounts, years and counts (12350元, 12345人) are not numbers to call.
HOTLINE = re.compile(r"(?<![\d.,-])123\d{2}(?![\d.,%‰-]|[ \t]*[元万千百亿年月日天个人名次条项号款件户家位届期])")
GENERATED = {"glossary.md": "<!-- kb:glossary -->", "training/trainer-links.md": "<!-- kb:trainer-links -->"}
# Stable-link lists: '<!-- kb:trainer-links PREFIX -->' on a page lists the pages whose path
# starts with PREFIX (none: every page); each page is listed once, under the longest prefix.
TRAINER_LINKS = re.compile(r"<!-- kb:trainer-links(?: +([^ >]+))? -->")


class DataError(Exception):
    """A data file cannot be read: the build cannot go on."""

    def __init__(self, finding: Finding):
        super().__init__(finding.render())
        self.finding = finding


def load_yaml(path: str, rel: str):
    """Parse a YAML data file; bad YAML raises DataError naming the file and line."""
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except FileNotFoundError:
        raise DataError(Finding(rel, 1, 1, "KB601", "data file is missing"))
    try:
        return yaml.safe_load(text), text
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise DataError(Finding(rel, (mark.line + 1) if mark else 1, (mark.column + 1) if mark else 1,
                                "KB601", f"data file is not valid YAML: {problem}{md.yaml_context(exc)}"))


def list_item_lines(text: str) -> dict[int, int]:
    """Index of each top-level '- ' list item in a YAML file -> its 1-based line."""
    out, k = {}, 0
    for i, line in enumerate(text.split("\n"), start=1):
        if line.startswith("- "):
            out[k] = i
            k += 1
    return out


def key_lines(text: str, mapping: dict) -> dict[str, int]:
    """Line of each top-level key of a YAML mapping (keys not found are left out)."""
    out = {}
    rows = text.split("\n")
    for key in mapping:
        pattern = re.compile(rf"""^(['"]?){re.escape(str(key))}\1[ \t]*:""")
        for i, line in enumerate(rows, start=1):
            if pattern.match(line):
                out[key] = i
                break
    return out


@dataclass
class Data:
    registry: Registry
    glossary: Glossary
    redirects: dict = field(default_factory=dict)
    anchors_lock: set = field(default_factory=set)
    public_numbers: set = field(default_factory=set)
    findings: list = field(default_factory=list)
    channels: channels.Tree | None = None   # data/channels.yml, when present
    anchors_lock_lines: dict = field(default_factory=dict)   # entry -> line in data/anchors.lock
    redirect_lines: dict = field(default_factory=dict)       # old -> line in data/redirects.yml


def load_data(root: str) -> Data:
    """Read data/*.yml. Raises DataError for unreadable files; type errors become findings."""
    d = os.path.join(root, "data")
    raw, ltext = load_yaml(os.path.join(d, "laws.yml"), "data/laws.yml")
    laws, findings = load_registry(raw, lines=list_item_lines(ltext))
    graw, gtext = load_yaml(os.path.join(d, "glossary.yml"), "data/glossary.yml")
    entries, gf = load_glossary(graw, list_item_lines(gtext))
    findings += gf
    redirects = {}
    redirect_lines = {}
    if os.path.exists(os.path.join(d, "redirects.yml")):
        rraw, rtext = load_yaml(os.path.join(d, "redirects.yml"), "data/redirects.yml")
        rraw = rraw or {}
        if not isinstance(rraw, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in rraw.items()):
            findings.append(Finding("data/redirects.yml", 1, 1, "KB602", "redirects.yml must map old 'page.md#anchor' to new 'page.md#anchor'"))
        else:
            redirects = rraw
            redirect_lines = key_lines(rtext, rraw)
    lock = set()
    lock_lines = {}
    lock_path = os.path.join(d, "anchors.lock")
    if os.path.exists(lock_path):
        with open(lock_path, encoding="utf-8") as fh:
            for number, l in enumerate(fh, start=1):
                if l.strip() and not l.startswith("#"):
                    lock.add(l.strip())
                    lock_lines.setdefault(l.strip(), number)
    numbers = set()
    if os.path.exists(os.path.join(d, "public_numbers.yml")):
        nraw, ntext = load_yaml(os.path.join(d, "public_numbers.yml"), "data/public_numbers.yml")
        numbers, nf = load_public_numbers(nraw, list_item_lines(ntext))
        findings += nf
    tree = None
    if os.path.exists(os.path.join(d, "channels.yml")):
        with open(os.path.join(d, "channels.yml"), encoding="utf-8") as fh:
            tree = channels.load_text(fh.read(), "data/channels.yml")
    return Data(Registry(laws), Glossary(entries), redirects, lock, numbers, findings, tree, lock_lines, redirect_lines)


def load_public_numbers(raw, lines: dict[int, int]) -> tuple[set, list]:
    """data/public_numbers.yml: a list of {number, zh, en}; returns (numbers, findings)."""
    rel = "data/public_numbers.yml"
    if raw is None:
        return set(), []
    if not isinstance(raw, list):
        return set(), [Finding(rel, 1, 1, "KB602", "public_numbers.yml must be a list of {number, zh, en}")]
    numbers, findings = set(), []
    for i, entry in enumerate(raw):
        line = lines.get(i, 1)
        if not isinstance(entry, dict):
            findings.append(Finding(rel, line, 1, "KB602", "entry must be a mapping with number, zh and en"))
            continue
        number = entry.get("number")
        if isinstance(number, int) and not isinstance(number, bool):
            number = str(number)
        if not isinstance(number, str) or not re.fullmatch(r"\d{3,12}", number):
            findings.append(Finding(rel, line, 1, "KB602", f"number must be digits in quotes, e.g. \"12333\" (got {entry.get('number')!r})"))
            continue
        missing = [k for k in ("zh", "en") if not isinstance(entry.get(k), str) or not entry[k].strip()]
        if missing:
            findings.append(Finding(rel, line, 1, "KB602", f"number {number} has no name in {', '.join(missing)}"))
        numbers.add(number)
    return numbers, findings


def lang_of(rel: str) -> str:
    return "en" if rel.endswith(".en.md") else "zh"


def stem_of(rel: str) -> str:
    """'guides/x.en.md' -> 'guides/x.md' (the zh file name, used as the page key)."""
    return rel[:-6] + ".md" if rel.endswith(".en.md") else rel


def twin_of(rel: str) -> str:
    return rel[:-6] + ".md" if rel.endswith(".en.md") else rel[:-3] + ".en.md"


class Site:
    """All Markdown pages of both languages, read from ``docs_dir``."""

    def __init__(self, root: str, docs_dir: str = "docs", data: Data | None = None, today: dt.date | None = None):
        self.root = root
        self.docs_dir = docs_dir
        self.data = data or load_data(root)
        self.today = today or dt.date.today()
        self.sources: dict[str, md.Source] = {}
        base = os.path.join(root, docs_dir)
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames.sort()
            for name in sorted(filenames):
                full = os.path.join(dirpath, name)
                rel = os.path.relpath(full, base).replace(os.sep, "/")
                if name.endswith(".md"):
                    with open(full, encoding="utf-8") as fh:
                        self.sources[rel] = md.Source.parse(f"{docs_dir}/{rel}", fh.read())
        self.files = set()
        for dirpath, _d, filenames in os.walk(base):
            for name in filenames:
                self.files.add(os.path.relpath(os.path.join(dirpath, name), base).replace(os.sep, "/"))
        self.page_law = {}   # law page, its text page and their en twins -> the law
        self.law_findings: list[Finding] = []
        reg = self.data.registry
        for law in reg.laws.values():
            for tp in law.text_pages:
                # (a docs tree without the law's page at all, such as a test's, is not checked)
                if tp not in self.sources and law.page in self.sources:
                    self.law_findings.append(Finding(
                        "data/laws.yml", law.line or 1, 1, "KB602",
                        f"law {law.id}: text_page '{tp}' is not a page under {docs_dir}/",
                        did_you_mean(tp, [k for k in self.sources if lang_of(k) == "zh"])))
            # reported once; without them the articles are read from the law page
            law.text_pages = [tp for tp in law.text_pages if tp in self.sources]
            for page in (law.page, *law.text_pages):
                if page in self.sources:
                    self.page_law[page] = law
                    self.page_law[twin_of(page)] = law
            pages = [p for p in law.quote_pages if p in self.sources]
            if pages:
                reg.quoted.pop(law.id, None)
                reg.quoted_on = {k: v for k, v in reg.quoted_on.items() if k[0] != law.id}
            for page in pages:
                reg.collect_quotes(law, self.sources[page], page)
        self._anchors = {rel: md.anchors(src) for rel, src in self.sources.items()}
        self.deadlines = dl.load(root)
        for rel in self.sources:
            if stem_of(rel) == "glossary.md":
                for e in self.data.glossary.entries:
                    self._anchors[rel][0].setdefault(e.id, 1)

    def anchors_of(self, rel: str) -> dict[str, int]:
        return self._anchors.get(rel, ({}, []))[0]

    # -- checks -----------------------------------------------------------------------

    def check(self, nav_pages: set[str] | None = None) -> list[Finding]:
        findings = list(self.data.findings) + self.law_findings
        used_terms: set[str] = set()
        for rel, src in self.sources.items():
            lang = lang_of(rel)
            findings += self.check_structure(rel, src)
            findings += self.check_links(rel, src)
            findings += self.check_pii(src)
            law = self.page_law.get(rel)
            cits = self.data.registry.citations(src, lang, law)   # read once, used twice
            findings += self.check_front_matter(rel, src, has_cites=bool(cits[0]))
            findings += self.data.registry.check(src, lang, law, found=cits)
            findings += self.data.registry.check_legal_basis(src, lang, law)
            gf, used = self.data.glossary.check(src, lang)
            findings += gf
            used_terms |= used
            if nav_pages is not None and stem_of(rel) not in nav_pages and rel == stem_of(rel):
                findings.append(Finding(src.path, 1, 1, "KB107", "page is not in the navigation (mkdocs.yml nav)"))
        for e in self.data.glossary.entries:
            if e.id not in used_terms:
                findings.append(Finding("data/glossary.yml", e.line, 1, "KB405", f"glossary entry '{e.id}' is not used on any page"))
        findings += self.check_lock()
        findings += self.check_channels()
        findings += self.deadlines.check(self.data.registry, dl.PAGE in self.sources)
        return sorted(set(findings), key=lambda f: (f.path, f.line, f.col, f.code, f.message))

    def check_front_matter(self, rel, src, has_cites: bool | None = None) -> list[Finding]:
        out = []
        if src.meta_error:
            line, col, msg = src.meta_error
            return [Finding(src.path, line, col, "KB101", msg)]
        if not src.body_offset:
            return [Finding(src.path, 1, 1, "KB102", "page has no front matter", "add title, summary, audience, reviewed_on")]
        meta = src.meta
        for key in REQUIRED_META:
            if key not in meta or meta[key] in (None, "", []):
                out.append(Finding(src.path, 1, 1, "KB102", f"front matter has no '{key}'"))
        if "summary" in meta and not isinstance(meta["summary"], str):
            out.append(Finding(src.path, src.meta_line("summary"), 1, "KB103", "summary must be text"))
        elif isinstance(meta.get("summary"), str) and len(meta["summary"]) > (500 if rel.endswith(".en.md") else 200):
            out.append(Finding(src.path, src.meta_line("summary"), 1, "KB103", "summary is too long: one or two plain sentences"))
        aud = meta.get("audience")
        if aud is not None:
            if isinstance(aud, str):
                aud = [aud]
            if not isinstance(aud, list) or not aud or not all(isinstance(a, str) and a in AUDIENCES for a in aud):
                out.append(Finding(src.path, src.meta_line("audience"), 1, "KB103",
                                   f"audience must be one or more of {', '.join(sorted(AUDIENCES))}"))
        rv = meta.get("reviewed_on")
        if rv is not None:
            if not isinstance(rv, dt.date):
                out.append(Finding(src.path, src.meta_line("reviewed_on"), 1, "KB103", "reviewed_on must be a date (YYYY-MM-DD)"))
            elif (self.today - rv).days > 365:
                out.append(Finding(src.path, src.meta_line("reviewed_on"), 1, "KB110", f"last reviewed {rv.isoformat()}, more than 12 months ago"))
        needs_basis = stem_of(rel).startswith("policies/") and stem_of(rel) not in ("policies/index.md",)
        if has_cites is None:
            has_cites = bool(self.data.registry.citations(src, lang_of(rel), self.page_law.get(rel))[0])
        if (needs_basis or has_cites) and not meta.get("legal_basis"):
            out.append(Finding(src.path, 1, 1, "KB102", "front matter has no 'legal_basis' (the page states rules)"))
        if "search_questions" in meta and not (isinstance(meta["search_questions"], list) and all(isinstance(q, str) for q in meta["search_questions"])):
            out.append(Finding(src.path, src.meta_line("search_questions"), 1, "KB103", "search_questions must be a list of questions"))
        if "toc_depth" in meta and not (type(meta["toc_depth"]) is int and meta["toc_depth"] >= 2):
            out.append(Finding(src.path, src.meta_line("toc_depth"), 1, "KB103", "toc_depth must be a whole number, 2 or more",
                               "toc_depth: 2 lists the H2 sections only"))
        return out

    def check_structure(self, rel, src) -> list[Finding]:
        out = []
        if twin_of(rel) not in self.sources:
            out.append(Finding(src.path, 1, 1, "KB104", f"no twin page {self.docs_dir}/{twin_of(rel)}"))
        heads = list(md.headings(src))
        for number, level, text, anchor in heads:
            if level == 1:
                out.append(Finding(src.path, number, 1, "KB105", "H1 heading in the body", "the title comes from front matter"))
            if level in (2, 3) and not anchor:
                out.append(Finding(src.path, number, 1, "KB206", f"heading '{text}' has no explicit ASCII anchor",
                                   "add { #some-anchor }, the same in both languages"))
        _found, dups = self._anchors[rel]
        for anchor, number, first in dups:
            out.append(Finding(src.path, number, 1, "KB207", f"duplicate anchor '{anchor}' (first at line {first})"))
        if rel.endswith(".en.md") and twin_of(rel) in self.sources:
            mine = [a for _n, lv, _t, a in heads if lv in (2, 3) and a]
            theirs = [a for _n, lv, _t, a in md.headings(self.sources[twin_of(rel)]) if lv in (2, 3) and a]
            if mine != theirs:
                missing = list(dict.fromkeys(a for a in theirs if a not in mine))
                extra = list(dict.fromkeys(a for a in mine if a not in theirs))
                detail = []
                if missing:
                    detail.append("missing " + ", ".join(missing))
                if extra:
                    detail.append("not in zh: " + ", ".join(extra))
                if not detail:
                    detail.append("same anchors in another order")
                out.append(Finding(src.path, 1, 1, "KB208", "H2/H3 anchors differ from the Chinese page: " + "; ".join(detail)))
        out += self._check_admonitions(src)
        return out

    @staticmethod
    def _check_admonitions(src) -> list[Finding]:
        out = []
        lines = list(src.body_lines())
        fence = None
        opened = (1, 1)
        for i, (number, line) in enumerate(lines):
            m = md.FENCE.match(line)
            if fence:
                if m and m.group(1)[0] == fence[0]:
                    fence = None
                continue
            if m:
                fence = m.group(1)
                opened = (number, m.start(1) + 1)
                continue
            a = md.ADMONITION.match(line)
            if not a:
                continue
            indent = len(a.group(1).expandtabs(4))
            body = None
            for _n2, nxt in lines[i + 1:]:
                if nxt.strip():
                    body = nxt
                    break
            if body is None or len(body) - len(body.lstrip(" \t")) < indent + 4:
                out.append(Finding(src.path, number, indent + 1, "KB106",
                                   "admonition has no indented body (indent its text by 4 spaces)"))
        if fence:
            out.append(Finding(src.path, opened[0], opened[1], "KB106", "code fence is not closed",
                               f"end it with a line of {fence}"))
        return out

    def check_links(self, rel, src) -> list[Finding]:
        out = []
        lang = lang_of(rel)
        here = posixpath.dirname(rel)
        for number, col, is_image, target in md.links(src):
            if not target or target.startswith(("mailto:", "tel:")):
                continue
            if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) or target.startswith("//"):
                out.append(Finding(src.path, number, col, "KB205", f"external link '{target}'",
                                   "the bundle is used offline: name the source in plain text"))
                continue
            if target.startswith("/"):
                out.append(Finding(src.path, number, col, "KB205", f"absolute link '{target}'", "use a relative link"))
                continue
            path, _, anchor = target.partition("#")
            if not path:
                dest = rel
            else:
                dest = posixpath.normpath(posixpath.join(here, path))
            if is_image or not dest.endswith(".md"):
                if dest not in self.files:
                    out.append(Finding(src.path, number, col, "KB204" if is_image else "KB201",
                                       f"{'image' if is_image else 'link'} '{target}' points to a file that does not exist",
                                       did_you_mean(dest, self.files)))
                continue
            zh_dest = stem_of(dest)
            if zh_dest not in self.sources:
                out.append(Finding(src.path, number, col, "KB201", f"link to '{path}': page does not exist",
                                   did_you_mean(zh_dest, [k for k in self.sources if lang_of(k) == "zh"])))
                continue
            real = twin_of(zh_dest) if lang == "en" else zh_dest
            if lang == "en" and real not in self.sources:
                out.append(Finding(src.path, number, col, "KB203", f"link to '{path}': that page has no English twin"))
                continue
            if anchor and anchor not in self.anchors_of(real):
                out.append(Finding(src.path, number, col, "KB202",
                                   f"link to '{target}' — page has no anchor '{anchor}'",
                                   did_you_mean(anchor, self.anchors_of(real))))
        return out

    def check_pii(self, src) -> list[Finding]:
        """Numbers that look like personal data. Each pattern runs once over the whole body (none
        can match across a line break, and a line break is a non-digit to their look-arounds,
        as a line's ends are): matches are rare, so finding their lines afterwards is cheap."""
        hits = []   # (line, pattern order, column, finding)
        allowed = self.data.public_numbers
        body = src.body

        def where(m):
            start = m.start()
            line_start = body.rfind("\n", 0, start) + 1
            return src.body_offset + body.count("\n", 0, start) + 1, start - line_start + 1

        for m in ID_CARD.finditer(body):
            if m.group(0) not in allowed:
                n, col = where(m)
                hits.append((n, 0, col, Finding(src.path, n, col, "KB701", "ID-card-like number", "use an invented placeholder such as 身份证号：__________")))
        for m in MOBILE.finditer(body):
            digits = re.sub(r"\D", "", m.group(0))
            if digits not in allowed and m.group(0) not in allowed:
                n, col = where(m)
                hits.append((n, 1, col, Finding(src.path, n, col, "KB702", "mobile-phone-like number", "use 手机号：__________")))
        for m in LANDLINE.finditer(body):
            digits = re.sub(r"\D", "", m.group(0))
            if digits not in allowed:
                n, col = where(m)
                hits.append((n, 2, col, Finding(src.path, n, col, "KB703", "landline-like number", "use 电话：__________")))
        for m in HOTLINE.finditer(body):
            if m.group(0) not in allowed:
                n, col = where(m)
                hits.append((n, 3, col, Finding(src.path, n, col, "KB704",
                                                f"service number {m.group(0)} not in data/public_numbers.yml",
                                                "add it there if it is a national public service number; otherwise remove it")))
        return [h[3] for h in sorted(hits, key=lambda h: h[:3])]

    def check_channels(self) -> list[Finding]:
        """The channel tree (data/channels.yml), and that a page asking for it gets one."""
        if self.data.channels is not None:
            return channels.check(self.data.channels, self)
        return [Finding(src.path, 1, 1, "KB601", "data/channels.yml is missing (this page shows the channel chooser)")
                for src in self.sources.values() if any(m in src.body for m in channels.MARKERS)]

    # -- anchors lock -----------------------------------------------------------------

    def published_anchors(self) -> set[str]:
        """'page.md#anchor' and 'page.en.md#anchor' for every H2/H3 anchor and article anchor."""
        out = set()
        for rel, src in self.sources.items():
            out.add(rel)
            for _n, level, _t, anchor in md.headings(src):
                if anchor and level in (2, 3):
                    out.add(f"{rel}#{anchor}")
        return out

    def check_lock(self) -> list[Finding]:
        out = []
        now = self.published_anchors()
        for entry in sorted(self.data.anchors_lock - now):
            target = self.data.redirects.get(entry)
            if target is None:
                out.append(Finding("data/anchors.lock", self.data.anchors_lock_lines.get(entry, 1), 1, "KB501",
                                   f"published anchor '{entry}' disappeared",
                                   "restore it, or map it in data/redirects.yml to where it went"))
            elif target not in now:
                out.append(Finding("data/redirects.yml", self.data.redirect_lines.get(entry, 1), 1, "KB502",
                                   f"redirect '{entry}' -> '{target}': target does not exist"))
        for old, new in self.data.redirects.items():
            if new not in now and old not in self.data.anchors_lock:
                out.append(Finding("data/redirects.yml", self.data.redirect_lines.get(old, 1), 1, "KB502",
                                   f"redirect '{old}' -> '{new}': target does not exist"))
        return out

    # -- transforms -------------------------------------------------------------------

    def render_markdown(self, rel: str, markdown: str, sink: list | None = None) -> str:
        """The page body as MkDocs should render it: generated sections filled in,
        citations linked, the first use of each glossary term linked with a tooltip.

        Given a ``sink`` (a list), those links are not written in Markdown: each is a
        placeholder, and its HTML is kept in ``sink`` until :func:`markdown.release` puts it into
        the rendered page, so Markdown and the engine never process them (build time)."""
        lang = lang_of(rel)
        key = stem_of(rel)
        src = self.sources.get(rel)
        offset = src.body_offset if src else 0
        if key == "glossary.md" and GENERATED[key] in markdown:
            markdown = markdown.replace(GENERATED[key], self.generated(key, lang))
        if key == dl.PAGE:
            markdown = self.deadlines.fill_markdown(markdown, lang)
        tmp = md.Source(path=rel, text=markdown, body=markdown, body_offset=offset)
        markdown = self.data.registry.linkify(tmp, lang, key, self.page_law.get(rel), sink=sink)
        tmp = md.Source(path=rel, text=markdown, body=markdown, body_offset=offset)
        protect = self._law_names_re() if lang == "en" else None
        markdown = self.data.glossary.annotate(tmp, lang, key, protect=protect, sink=sink)
        if TRAINER_LINKS.search(markdown):   # after the transforms: plain titles and links
            # Held out of Markdown too when it can be: a large site's table runs to thousands
            # of rows, which Markdown would still parse as raw HTML.
            markdown = TRAINER_LINKS.sub(lambda m: self.trainer_links(lang, m.group(1) or "") if sink is None
                                         else md.hold_block(sink, self.trainer_links(lang, m.group(1) or "")), markdown)
        if self.data.channels is not None and any(m in markdown for m in channels.MARKERS):
            # Filled in last: the chooser is raw HTML with its own citation links.
            markdown = channels.fill(markdown, self.data.channels, lang, rel, self)
        if key == dl.PAGE:   # raw HTML that the citation and glossary transforms must not touch
            markdown = self.deadlines.fill_html(markdown, lang, self.data.registry)
        return markdown

    def _law_names_re(self):
        """English law names (longest first), masked before glossary terms are linked."""
        if "_law_names" not in self.__dict__:
            names = sorted(self.data.registry.by_en, key=len, reverse=True)
            self._law_names = re.compile("|".join(re.escape(n) for n in names)) if names else None
        return self._law_names

    def generated(self, key: str, lang: str) -> str:
        if key == "glossary.md":
            return self.data.glossary.page(lang)
        if key == "training/trainer-links.md":
            return self.trainer_links(lang)
        return ""

    def trainer_link_prefixes(self) -> list[str]:
        """The prefixes of every '<!-- kb:trainer-links PREFIX -->' in the (zh) pages."""
        found = {m.group(1) or "" for rel, src in self.sources.items() if lang_of(rel) == "zh"
                 for m in TRAINER_LINKS.finditer(src.body)}
        return sorted(found) or [""]

    def trainer_links(self, lang: str, prefix: str = "") -> str:
        """One table: each page (bold, with its link) and under it each H2/H3 section with its
        stable link, for the pages that belong to ``prefix`` (see TRAINER_LINKS).

        Written as the HTML that Markdown would make of the table, not as a Markdown table: on a
        large site the list runs to thousands of rows, and Markdown's inline pass over each
        cell would cost more than all the other pages' links together."""
        prefixes = self.trainer_link_prefixes()
        esc = lambda t: html.escape(t, quote=False)
        # A law's text page repeats the law page's #art-N anchors (which lead to it in one
        # click): only its page and H2 sections are listed, so the article list appears once.
        text_pages = {p for law in self.data.registry.laws.values() for p in law.text_pages}
        head = ("页面和小节", "稳定链接") if lang == "zh" else ("Page and section", "Stable link")
        out = [f"<table>\n<thead>\n<tr>\n<th>{head[0]}</th>\n<th>{head[1]}</th>\n</tr>\n</thead>\n<tbody>"]
        row = "<tr>\n<td>{}</td>\n<td><code>{}</code></td>\n</tr>"
        for rel in sorted(self.sources):
            if lang_of(rel) != lang:
                continue
            key = stem_of(rel)
            if max((p for p in prefixes if key.startswith(p)), key=len, default=None) != prefix:
                continue
            src = self.sources[rel]
            page = ("en/" if lang == "en" else "") + key[:-3] + ".html"
            out.append(row.format(f"<strong>{esc(str(src.meta.get('title', rel)))}</strong>", esc(page)))
            for _n, lv, t, a in md.headings(src):
                if a and (lv == 2 or (lv == 3 and key not in text_pages)):
                    out.append(row.format(esc(md.HEADING_ANCHOR.sub("", t).strip()), esc(f"{page}#{a}")))
        return "\n".join(out) + "\n</tbody>\n</table>\n"

    # -- page header ------------------------------------------------------------------

    AUDIENCE_LABELS = {"zh": {"employee": "职工", "staff": "接待人员", "trainer": "培训人员"},
                       "en": {"employee": "Employees", "staff": "Reception staff", "trainer": "Trainers"}}

    def audience_labels(self, audience, lang: str) -> list[str]:
        if isinstance(audience, str):
            audience = [audience]
        labels = self.AUDIENCE_LABELS[lang]
        return [labels.get(a, a) for a in (audience or []) if isinstance(a, str)]

    def tooltips_js(self) -> str:
        """assets/kb-articles.js, loaded by every page before kb.js: the words of each quoted
        article (citation links) and each glossary definition (term links), which kb.js puts
        in the links' titles. One cached file instead of the words repeated in every page."""
        blob = json.dumps({"articles": self.data.registry.articles(), "terms": self.data.glossary.tooltips()},
                          ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        return ("/* Generated by the build (Site.tooltips_js in hooks/kb/site.py). */\n"
                f"window.kbTooltips = {blob};\n")

    def generated_assets(self) -> dict[str, str]:
        """{path from the site root: text} of the data files that only one page loads (with a
        <script src>, which works from file://): the deadline calculator's rules and holidays,
        and the channel chooser's questions and outcomes in each language."""
        out = {}
        if self.deadlines.present and dl.PAGE in self.sources:
            out[dl.DATA_ASSET] = self.deadlines.data_js(self.data.registry)
        if self.data.channels is not None:
            pages = [rel for rel, src in self.sources.items() if lang_of(rel) == "zh" and channels.MARKER in src.body]
            if pages:
                for lang in channels.LANGS:
                    out[channels.data_asset(lang)] = channels.data_js(self.data.channels, lang, self, pages[0])
        return out

    def basis_links(self, rel: str, basis) -> list[dict]:
        """Front-matter legal_basis as [{text, href}] with hrefs relative to the page (kb.js
        gives each link the article's words as its title). An entry citing the same law as the
        one before it drops the law's name (《信访工作条例》第二十条；第三十一条 / Regulations on
        Letters and Visits Work, Article 20; Article 31): each article still its own link."""
        out = []
        if not isinstance(basis, list):
            return out
        lang = lang_of(rel)
        here = posixpath.dirname(stem_of(rel)) or "."
        prev = None
        for entry in basis:
            if not isinstance(entry, str):
                continue
            fake = md.Source(path=rel, text=entry, body=entry)
            cits, _ = self.data.registry.citations(fake, lang)
            href, text, key = "", entry, None
            if cits and cits[0][0].law is not None:
                c = cits[0][0]
                words = self.data.registry.quoted.get(c.law.id, {}).get(c.article)
                if words is not None:
                    page = self.data.registry.article_page(c.law, c.article)
                    href = md.relpath(page[:-3] + ".html", here) + f"#art-{c.article}"
                m = channels.BASIS_HEAD[lang].match(entry)
                if m and len(cits) == 1:
                    key = (m.group(1), c.law.id)
                    if key == prev:
                        text = m.group(2)
            prev = key
            out.append({"text": text, "href": href})
        return out
