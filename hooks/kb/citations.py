"""Legal citations: the law registry, finding citations in Chinese and English text,
checking them, and turning them into links to the article on the law's page (or on its
text page, ``text_page`` in data/laws.yml, when the verbatim articles live on a page of their own).

Chinese form:  《信访工作条例》第三十四条, 第三十五条第一款, 第三十一条第（六）项,
               lists 第二十条、第二十六条 and ranges 第二百零一条至第二百零三条.
English form:  Regulations on Letters and Visits Work, Article 34; Article 35(1); Article 31, item 6;
               Articles 20 and 26.
A bare article (no law named right before it) takes the last law named earlier in the
same paragraph; with none it is ambiguous (KB304).
"""
from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass, field

from .findings import Finding, did_you_mean
from .markdown import Source, hold, iter_lines, md_href, relpath

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_NUM = "零〇一二两三四五六七八九十百千"


def cn_to_int(text: str) -> int:
    """第二百零一条 → 201 (the numerals only)."""
    total, digit = 0, 0
    for ch in text:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        elif ch in CN_UNITS:
            total += (digit or 1) * CN_UNITS[ch]
            digit = 0
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return total + digit


def int_to_cn(n: int) -> str:
    """201 → 二百零一 (for suggestions)."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    out = ""
    for unit, name in ((1000, "千"), (100, "百"), (10, "十")):
        q, n = divmod(n, unit)
        if q:
            out += digits[q] + name
        elif out and n:
            if not out.endswith("零"):
                out += "零"
    if n:
        out += digits[n]
    return out


@dataclass
class Law:
    id: str
    zh: str
    en: str
    status: str
    articles: int
    page: str                      # docs-relative path of the zh law page
    aliases: list = field(default_factory=list)
    en_aliases: list = field(default_factory=list)
    effective: str = ""
    issuer: str = ""
    replaced_by: dict = field(default_factory=dict)   # old article -> "《…》第N条"
    text_pages: list = field(default_factory=list)   # docs-relative pages quoting the articles, when not ``page``
    line: int = 0                  # the entry's line in data/laws.yml

    @property
    def quote_page(self) -> str:
        """The (first) zh page with the verbatim articles (headings #art-N)."""
        return self.text_pages[0] if self.text_pages else self.page

    @property
    def quote_pages(self) -> list:
        return list(self.text_pages) or [self.page]

    @property
    def names(self):
        return [self.zh, *self.aliases]

    @property
    def en_names(self):
        return [self.en, *self.en_aliases]


LAW_FIELDS = {"id": str, "zh": str, "en": str, "status": str, "articles": int, "page": str}


def load_registry(data, path: str = "data/laws.yml", lines: dict | None = None):
    """Validate the parsed laws.yml; return (laws by id, findings).
    ``lines`` maps an entry's index to its line in the file."""
    findings: list[Finding] = []
    laws: dict[str, Law] = {}
    lines = lines or {}
    if not isinstance(data, list):
        return laws, [Finding(path, 1, 1, "KB602", "laws.yml must be a list of laws")]
    for i, entry in enumerate(data):
        where = lines.get(i, 1)
        if not isinstance(entry, dict):
            findings.append(Finding(path, where, 1, "KB602", f"entry {i + 1} is not a mapping"))
            continue
        bad = [k for k, t in LAW_FIELDS.items() if not isinstance(entry.get(k), t)]
        if entry.get("status") not in ("current", "repealed"):
            bad.append("status (current|repealed)")
        tp = entry.get("text_page")
        tps = [tp] if isinstance(tp, str) else tp if isinstance(tp, list) and tp else None
        if tp is not None and not (tps and len(set(map(str, tps))) == len(tps) and all(
                isinstance(t, str) and t.endswith(".md") and not t.endswith(".en.md") and t != entry.get("page")
                for t in tps)):
            bad.append("text_page (a zh page path ending in .md, or a list of them; not the law's page)")
        if bad:
            findings.append(Finding(path, where, 1, "KB602",
                                    f"law {entry.get('id', i + 1)!s}: missing or wrong type: {', '.join(bad)}"))
            continue
        laws[entry["id"]] = Law(
            id=entry["id"], zh=entry["zh"], en=entry["en"], status=entry["status"],
            articles=entry["articles"], page=entry["page"],
            aliases=list(entry.get("aliases") or []), en_aliases=list(entry.get("en_aliases") or []),
            effective=str(entry.get("effective", "")), issuer=str(entry.get("issuer", "")),
            replaced_by={int(k): v for k, v in (entry.get("replaced_by") or {}).items()},
            text_pages=list(tps or []), line=where,
        )
    return laws, findings


ART_ZH = (rf"第(?P<art>[{CN_NUM}]+)条"
          rf"(?:第(?P<para>[{CN_NUM}]+)款)?"
          rf"(?:第[（(]?(?P<item>[{CN_NUM}]+)[）)]?项)?")
ART_ZH_RE = re.compile(ART_ZH)
SEP_ZH = r"(?:[、，,和及与或至到]|以及)"
LAW_ZH_RE = re.compile(r"《([^《》\n]{1,40})》")


@dataclass
class Citation:
    line: int
    col: int            # 1-based column of the citation's first character
    end_col: int        # 1-based column after its last character
    law: Law | None
    law_name: str       # as written ('' for a bare article)
    article: int
    paragraph: int | None = None
    item: int | None = None
    text: str = ""
    first_in_group: bool = True   # the span includes the law name


class Registry:
    """Lookup tables over the laws, and the article texts quoted on the law pages."""

    def __init__(self, laws: dict[str, Law]):
        self.laws = laws
        self.by_zh = {}
        self.by_en = {}
        for law in laws.values():
            for n in law.names:
                self.by_zh[n] = law
            for n in law.en_names:
                self.by_en[n] = law
        names = sorted(self.by_en, key=len, reverse=True)
        self._name_re = {n: re.compile(re.escape(n)) for n in self.by_en}
        self.en_re = re.compile(
            r"(?P<law>" + "|".join(re.escape(n) for n in names) + r")?"
            r"(?P<sep>,?\s+)?"
            r"(?P<kw>Articles?)\s+(?P<list>\d+(?:\(\d+\))?(?:,\s*item\s+\d+)?"
            r"(?:(?:,\s*|\s+and\s+|\s+to\s+|\s*[-–]\s*)\d+(?:\(\d+\))?(?:,\s*item\s+\d+)?)*)"
        ) if names else None
        self.quoted: dict[str, dict[int, str]] = {}   # law id -> article -> text
        self.quoted_on: dict[tuple[str, int], str] = {}   # (law id, article) -> zh page quoting it
        self._found: dict[tuple, tuple] = {}   # citations(): a page's text is read once per build

    def article_page(self, law: Law, article: int) -> str:
        """The zh docs page where the article is quoted: the target of citation links."""
        return self.quoted_on.get((law.id, article), law.quote_page)

    def law_by_page(self, page: str):
        """The law whose page or text page is ``page`` (a zh docs path)."""
        for law in self.laws.values():
            if page == law.page or page in law.text_pages:
                return law
        return None

    # -- finding citations -------------------------------------------------------------

    def find_zh(self, prose: str, context: Law | None, number: int, page_law: Law | None = None):
        """Citations in one masked line. Returns (citations, unknown-law findings data, new context)."""
        out: list[Citation] = []
        unknown: list[tuple[int, str]] = []
        consumed: set[int] = set()
        named: list[tuple[int, Law | None]] = []   # (position, law) for every 《…》 in the line
        incoming = context   # the law of the lines before: a bare 第N条 before any 《…》 of this line
        for lm in LAW_ZH_RE.finditer(prose):
            name = lm.group(1)
            named.append((lm.start(), self.by_zh.get(name)))
            tail = prose[lm.end():]
            am = re.match(ART_ZH + rf"(?:{SEP_ZH}{ART_ZH})*".replace("?P<art>", "?:").replace("?P<para>", "?:").replace("?P<item>", "?:"), tail)
            law = self.by_zh.get(name)
            if law is not None:
                context = law
            if not am:
                continue
            if law is None:
                unknown.append((lm.start() + 1, name))
                context = None
                for i in range(lm.start(), lm.end() + am.end()):
                    consumed.add(i)
                continue
            first = True
            for part in ART_ZH_RE.finditer(tail[: am.end()]):
                start = lm.start() if first else lm.end() + part.start()
                end = lm.end() + part.end()
                out.append(self._zh_cit(number, start, end, law, name if first else "", part, prose, first))
                first = False
            for i in range(lm.start(), lm.end() + am.end()):
                consumed.add(i)
        for part in ART_ZH_RE.finditer(prose):
            if part.start() in consumed:
                continue
            before_laws = [l for pos, l in named if pos < part.start() and l is not None]
            law = before_laws[-1] if before_laws else incoming
            before = prose[max(0, part.start() - 3): part.start()]
            if before.endswith(("本条例", "本法")) and page_law is not None:
                law = page_law
            out.append(self._zh_cit(number, part.start(), part.end(), law, "", part, prose, False))
        out.sort(key=lambda c: c.col)
        return out, unknown, context

    @staticmethod
    def _zh_cit(number, start, end, law, name, part, prose, first):
        return Citation(
            line=number, col=start + 1, end_col=end + 1, law=law, law_name=name,
            article=cn_to_int(part.group("art")),
            paragraph=cn_to_int(part.group("para")) if part.group("para") else None,
            item=cn_to_int(part.group("item")) if part.group("item") else None,
            text=prose[start:end], first_in_group=first)

    def find_en(self, prose: str, context: Law | None, number: int):
        """English citations in one masked line; a law named anywhere sets the context."""
        out: list[Citation] = []
        if self.en_re is None:
            return out, context
        named = sorted((m.start(), self.by_en[n]) for n in self.by_en if n in prose
                       for m in self._name_re[n].finditer(prose))
        for m in (self.en_re.finditer(prose) if "Article" in prose else ()):   # every match has the word
            if m.group("law"):
                law = self.by_en[m.group("law")]
            else:
                before = [l for pos, l in named if pos < m.start("kw")]
                law = before[-1] if before else context
            items = list(re.finditer(r"(\d+)(?:\((\d+)\))?(?:,\s*item\s+(\d+))?", m.group("list")))
            base = m.start("list")
            for k, it in enumerate(items):
                first = k == 0
                if first:
                    start = m.start("law") if m.group("law") else m.start("kw")
                else:
                    start = base + it.start()
                end = base + it.end()
                out.append(Citation(
                    line=number, col=start + 1, end_col=end + 1, law=law,
                    law_name=(m.group("law") or "") if first else "",
                    article=int(it.group(1)),
                    paragraph=int(it.group(2)) if it.group(2) else None,
                    item=int(it.group(3)) if it.group(3) else None,
                    text=prose[start:end], first_in_group=first))
        if named:
            context = named[-1][1]
        return out, context

    def citations(self, src: Source, lang: str, page_law: Law | None = None):
        """Every citation in a page's prose, with (paragraph) context resolution.

        Quoted text (block quotes) and headings are not read: law pages quote articles
        verbatim, and those quotes speak of 本条例 in their own terms.

        The result is remembered for the same text (the site checks read a page, then linking
        reads it again; legal_basis entries repeat across pages): callers must not change it.
        """
        key = (src.path, lang, page_law.id if page_law else None, src.body_offset, src.body)
        found = self._found.get(key)
        if found is None:
            found = self._found[key] = self._citations(src, lang, page_law)
        return found

    def _citations(self, src: Source, lang: str, page_law: Law | None):
        context = page_law
        result = []
        unknown = []
        in_history_note = False
        for line in iter_lines(src):
            if line.new_block:
                context = page_law
            if line.kind == "admonition":
                in_history_note = "warning" in line.text or "danger" in line.text
                continue
            if in_history_note and not line.text.startswith((" ", "\t")):
                in_history_note = False
            if line.kind in ("heading", "quote"):
                continue
            if lang == "zh":
                cits, unk, context = self.find_zh(line.prose, context, line.number, page_law)
                unknown += [(line.number, col, name) for col, name in unk]
            else:
                # laws named in English without an article still set the context
                cits, context = self.find_en(line.prose, context, line.number)
            for c in cits:
                result.append((c, in_history_note, line.text))
        return result, unknown

    # -- checking ---------------------------------------------------------------------

    def check(self, src: Source, lang: str, page_law: Law | None = None, found=None) -> list[Finding]:
        """Findings for a page's citations; ``found`` is ``citations(src, lang, page_law)``
        when the caller has already computed it."""
        findings: list[Finding] = []
        cits, unknown = found if found is not None else self.citations(src, lang, page_law)
        for number, col, name in unknown:
            findings.append(Finding(src.path, number, col, "KB301",
                                    f"citation of unknown law 《{name}》",
                                    did_you_mean(name, self.by_zh) or "add it to data/laws.yml"))
        for c, in_history_note, text in cits:
            findings += self.check_one(src.path, c, in_history_note, text, page_law)
        return findings

    def check_one(self, path, c: Citation, in_history_note=False, line_text="", page_law=None):
        out = []
        if c.law is None:
            return [Finding(path, c.line, c.col, "KB304",
                            f"article '{c.text}' has no law named before it in the paragraph",
                            "name the law, e.g. 《信访工作条例》" + c.text)]
        law = c.law
        if c.article < 1 or c.article > law.articles:
            out.append(Finding(path, c.line, c.col, "KB302",
                               f"citation {c.text or c.article} — {law.zh} has {law.articles} articles"))
            return out
        if law.status == "repealed" and page_law is not law and not in_history_note:
            col0 = c.col - 1
            marked_old = "旧" in line_text[max(0, col0 - 2): col0 + 1] or "废止" in line_text or "repealed" in line_text.lower() or "former" in line_text.lower()
            if not marked_old:
                hint = law.replaced_by.get(c.article, "")
                out.append(Finding(path, c.line, c.col, "KB303",
                                   f"{law.zh} is repealed; cited as if current",
                                   f"cite the current rule{': ' + hint if hint else ''}, or mark it 旧《{law.zh}》 in a history note"))
        if self.quoted and c.article not in self.quoted.get(law.id, {}):
            out.append(Finding(path, c.line, c.col, "KB305",
                               f"{law.zh} article {c.article} is cited but not quoted on {' or '.join(law.quote_pages)}",
                               f"add '### 第{int_to_cn(c.article)}条 {{ #art-{c.article} }}' with the article text there"))
        return out

    def check_legal_basis(self, src: Source, lang: str, page_law: Law | None = None) -> list[Finding]:
        """Front-matter legal_basis: each entry must be exactly one valid citation."""
        findings = []
        basis = src.meta.get("legal_basis")
        if basis is None:
            return findings
        line = src.meta_line("legal_basis")
        if not isinstance(basis, list) or not all(isinstance(b, str) for b in basis):
            return [Finding(src.path, line, 1, "KB103", "legal_basis must be a list of citations")]
        for k, entry in enumerate(basis, start=1):
            fake = Source(path=src.path, text=entry, body=entry, body_offset=line + k - 1)
            cits, unknown = self.citations(fake, lang)
            if unknown:
                findings.append(Finding(src.path, line + k, 3, "KB301", f"citation of unknown law 《{unknown[0][2]}》"))
                continue
            if not cits or cits[0][0].law is None:
                findings.append(Finding(src.path, line + k, 3, "KB306",
                                        f"legal_basis entry '{entry}' is not a citation",
                                        "write e.g. 《信访工作条例》第三十四条" if lang == "zh"
                                        else "write e.g. Regulations on Letters and Visits Work, Article 34"))
                continue
            for c, _, text in cits:
                for f in self.check_one(src.path, c, False, text, page_law):
                    findings.append(Finding(f.path, line + k, 3, f.code, f.message, f.suggestion))
        return findings

    # -- quoted article texts ----------------------------------------------------------

    def collect_quotes(self, law: Law, src: Source, page: str | None = None):
        """Read '### … { #art-N }' headings and the block quote after each on the page that
        quotes the law's articles (``page``, one of ``law.quote_pages``; the first by default).
        Adds to what earlier pages of the same law gave."""
        texts: dict[int, str] = {}
        current = None
        buf: list[str] = []
        for _number, line in src.body_lines():
            h = re.match(r"^#{2,4} .*\{ *#art-(\d+) *\}\s*$", line)
            if h:
                if current is not None:
                    texts[current] = " ".join(buf).strip()
                current, buf = int(h.group(1)), []
                continue
            if re.match(r"^#{1,4} ", line):
                if current is not None:
                    texts[current] = " ".join(buf).strip()
                current, buf = None, []
                continue
            if current is not None and re.match(r"^\s*>", line):
                t = re.sub(r"^\s*>\s?", "", line).strip()
                if t:
                    buf.append(t)
        if current is not None:
            texts[current] = " ".join(buf).strip()
        self.quoted.setdefault(law.id, {}).update(texts)
        for n in texts:
            self.quoted_on[(law.id, n)] = page or law.quote_page

    # -- linking ----------------------------------------------------------------------

    def linkify(self, src: Source, lang: str, page_path: str, page_law: Law | None = None,
                sink: list | None = None) -> str:
        """Return the page body with each valid citation turned into a Markdown link, or, given
        a ``sink``, into a placeholder for the link's HTML kept there (markdown.hold)."""
        lines = src.body.split("\n")
        cits, _ = self.citations(src, lang, page_law)
        by_line: dict[int, list[Citation]] = {}
        for c, _, _ in cits:
            if c.law is None or not (1 <= c.article <= c.law.articles):
                continue
            if c.article not in self.quoted.get(c.law.id, {}):
                continue
            by_line.setdefault(c.line, []).append(c)
        for number, items in by_line.items():
            idx = number - src.body_offset - 1
            text = lines[idx]
            for c in sorted(items, key=lambda c: c.col, reverse=True):
                where = self.article_page(c.law, c.article)
                target = relpath(where, posixpath.dirname(page_path))
                if where == page_path:
                    target = ""
                # No title here: kb.js gives the link the article's words as its title, from the
                # shared assets/kb-articles.js (keyed by the link's target), so pages do not each
                # carry the words (page weight, issue 7).
                s, e = c.col - 1, c.end_col - 1
                if sink is None:
                    link = f"[{text[s:e]}]({target}#art-{c.article})"
                else:
                    href = html.escape(md_href(f"{target}#art-{c.article}"))
                    link = hold(sink, f'<a href="{href}">{html.escape(text[s:e], quote=False)}</a>')
                text = text[:s] + link + text[e:]
            lines[idx] = text
        return "\n".join(lines)

    def articles(self) -> dict[str, str]:
        """The words of every quoted article (as tooltips show them), keyed by the target of
        citation links from the site root: 'policies/xinfang-regulations.html#art-34'."""
        return {cite_key(self.laws[lid], n, self.article_page(self.laws[lid], n)): _title(t)
                for lid, arts in sorted(self.quoted.items()) if lid in self.laws
                for n, t in sorted(arts.items()) if t}


def cite_key(law: Law, article: int, page: str | None = None) -> str:
    """The key of an article in assets/kb-articles.js: its link target from the site root
    (``page``: the zh page quoting it, see Registry.article_page)."""
    return f"{(page or law.quote_page)[:-3]}.html#art-{article}"


def _title(words: str, limit: int = 240) -> str:
    words = words.replace('"', "＂").replace("\\", "")
    words = re.sub(r"[*_`\[\]]", "", words)
    return words if len(words) <= limit else words[: limit - 1] + "…"
