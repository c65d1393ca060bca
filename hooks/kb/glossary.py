"""Glossary: one source (data/glossary.yml) for the glossary pages, the tooltips on a
term's first use, search aliases, and the avoided-forms check.

Matching works inside unspaced Chinese text: all terms and aliases of a language are
tried longest first at each position; English matches require non-letters around them.
"""
from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass, field

from .findings import Finding
from .markdown import Source, hold, iter_lines, md_href, relpath

REQUIRED = ("id", "zh", "en", "definition_zh", "definition_en")
TERM_REF = re.compile(r"\[\[term:([^\]]*)\]\]")
LAW_TITLE = re.compile(r"《[^《》\n]*》")   # titles of laws and documents are never annotated
QUOTED = re.compile(r"“[^”\n]*”|「[^」\n]*」|\"[^\"\n]*\"")


@dataclass
class Entry:
    id: str
    zh: str
    en: str
    definition_zh: str
    definition_en: str
    aliases_zh: list = field(default_factory=list)
    aliases_en: list = field(default_factory=list)
    avoid: list = field(default_factory=list)      # [{form, prefer, lang}]
    line: int = 1

    def terms(self, lang: str):
        return [self.zh, *self.aliases_zh] if lang == "zh" else [self.en, *self.aliases_en]

    def term(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    def definition(self, lang: str) -> str:
        return self.definition_zh if lang == "zh" else self.definition_en


def load_glossary(data, lines: dict | None = None, path: str = "data/glossary.yml"):
    """Validate parsed glossary data. ``lines`` maps entry index to its file line."""
    lines = lines or {}
    findings: list[Finding] = []
    entries: list[Entry] = []
    if not isinstance(data, list):
        return entries, [Finding(path, 1, 1, "KB602", "glossary.yml must be a list of entries")]
    seen: dict[str, tuple[str, int]] = {}   # normalised term -> (entry id, line)
    ids: dict[str, int] = {}
    for i, raw in enumerate(data):
        line = lines.get(i, 1)
        if not isinstance(raw, dict):
            findings.append(Finding(path, line, 1, "KB602", f"entry {i + 1} is not a mapping"))
            continue
        missing = [k for k in REQUIRED if not isinstance(raw.get(k), str) or not raw.get(k).strip()]
        if missing:
            findings.append(Finding(path, line, 1, "KB402",
                                    f"glossary entry '{raw.get('id', i + 1)}' is missing {', '.join(missing)}"))
            continue
        bad = [k for k in ("aliases_zh", "aliases_en", "avoid")
               if raw.get(k) is not None and not isinstance(raw.get(k), list)]
        if bad:
            findings.append(Finding(path, line, 1, "KB602",
                                    f"glossary entry '{raw['id']}': {', '.join(bad)} must be a list"))
            continue
        e = Entry(id=raw["id"], zh=raw["zh"], en=raw["en"], definition_zh=raw["definition_zh"],
                  definition_en=raw["definition_en"], aliases_zh=list(raw.get("aliases_zh") or []),
                  aliases_en=list(raw.get("aliases_en") or []), avoid=list(raw.get("avoid") or []), line=line)
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", e.id):
            findings.append(Finding(path, line, 1, "KB602", f"glossary id '{e.id}' must be ASCII kebab-case"))
        if e.id in ids:
            findings.append(Finding(path, line, 1, "KB401", f"duplicate glossary id '{e.id}' (first at line {ids[e.id]})"))
        ids.setdefault(e.id, line)
        for term in [*e.terms("zh"), *(t.lower() for t in e.terms("en"))]:
            if term in seen and seen[term][0] != e.id:
                findings.append(Finding(path, line, 1, "KB401",
                                        f"term or alias '{term}' of '{e.id}' is already used by '{seen[term][0]}' "
                                        f"(line {seen[term][1]})"))
            elif term in seen:
                findings.append(Finding(path, line, 1, "KB401", f"term or alias '{term}' repeated in '{e.id}'"))
            seen.setdefault(term, (e.id, line))
        for a in e.avoid:
            if not (isinstance(a, dict) and isinstance(a.get("form"), str) and isinstance(a.get("prefer"), str)
                    and a.get("lang", "zh") in ("zh", "en")):
                findings.append(Finding(path, line, 1, "KB602",
                                        f"glossary entry '{e.id}': avoid items need form, prefer and lang zh|en"))
        entries.append(e)
    return entries, findings


class Glossary:
    def __init__(self, entries: list[Entry]):
        self.entries = entries
        self.by_id = {e.id: e for e in entries}
        self._term_re = {}
        self._owner = {}
        self._lengths = {}     # lang -> compiled trie regex of the terms (built on first use)
        for lang in ("zh", "en"):
            owner = {}
            for e in entries:
                for t in e.terms(lang):
                    owner[t.lower() if lang == "en" else t] = e
            self._owner[lang] = owner
            alts = sorted(owner, key=len, reverse=True)
            if not alts:
                self._term_re[lang] = None
            elif lang == "zh":
                self._term_re[lang] = re.compile("|".join(re.escape(t) for t in alts))
            else:
                self._term_re[lang] = re.compile(
                    r"(?<![A-Za-z])(?:" + "|".join(re.escape(t) for t in alts) + r")(?![A-Za-z])", re.I)
        self.avoid = {"zh": [], "en": []}
        for e in entries:
            for a in e.avoid:
                if isinstance(a, dict) and "form" in a:
                    self.avoid[a.get("lang", "zh")].append((a["form"], a["prefer"], e.id))

    def owner(self, lang: str, term: str):
        return self._owner[lang].get(term.lower() if lang == "en" else term)

    def aliases(self, lang: str) -> dict[str, str]:
        """alias -> preferred term, for search."""
        out = {}
        for e in self.entries:
            for a in (e.aliases_zh if lang == "zh" else e.aliases_en):
                out[a] = e.term(lang)
        return out

    def matches(self, prose: str, lang: str):
        """(start, end, entry) for each non-overlapping term occurrence, longest first.

        Same result as the alternation regex of every term (leftmost, then longest term at
        that position; English terms need non-letters around them), but with the terms as a
        trie in one regex (each position follows one branch), as fast on long pages."""
        owner = self._owner[lang]
        if not owner:
            return []
        hay = prose.lower() if lang == "en" else prose
        if len(hay) != len(prose):   # lower() changed lengths (rare Unicode): use the regex
            rx = self._term_re[lang]
            return [(m.start(), m.end(), self.owner(lang, m.group(0))) for m in rx.finditer(prose)]
        rx = self._lengths.get(lang)
        if rx is None:
            body = _trie_pattern(owner)
            if lang == "en":
                rx = re.compile(r"(?<![A-Za-z])" + body + r"(?![A-Za-z])")
            else:
                rx = re.compile(body)
            self._lengths[lang] = rx
        return [(m.start(), m.end(), owner[m.group(0)]) for m in rx.finditer(hay)]

    # -- checks -----------------------------------------------------------------------

    def check(self, src: Source, lang: str) -> tuple[list[Finding], set[str]]:
        """Findings for avoided forms and unknown term references; ids used on the page."""
        findings: list[Finding] = []
        used: set[str] = set()
        for line in iter_lines(src, link_text=True):
            prose = line.prose
            for m in TERM_REF.finditer(line.text):
                if m.group(1) not in self.by_id:
                    from .findings import did_you_mean
                    findings.append(Finding(src.path, line.number, m.start() + 1, "KB404",
                                            f"unknown glossary id '{m.group(1)}'",
                                            did_you_mean(m.group(1), self.by_id)))
                else:
                    used.add(m.group(1))
            unquoted = QUOTED.sub(lambda q: "\x00" * len(q.group(0)), prose)
            for form, prefer, _id in self.avoid[lang]:
                start = 0
                hay = unquoted if lang == "zh" else unquoted.lower()
                needle = form if lang == "zh" else form.lower()
                while (pos := hay.find(needle, start)) >= 0:
                    findings.append(Finding(src.path, line.number, pos + 1, "KB403",
                                            f"avoid '{form}'", f"write '{prefer}'"))
                    start = pos + len(needle)
            if line.kind in ("text", "table"):
                for _s, _e, entry in self.matches(prose, lang):
                    used.add(entry.id)
        return findings, used

    # -- transforms -------------------------------------------------------------------

    def annotate(self, src: Source, lang: str, page_path: str, glossary_page: str = "glossary.md",
                 protect: "re.Pattern | None" = None, sink: list | None = None) -> str:
        """Body with explicit [[term:id]] references resolved and the first use of each term
        linked to its glossary entry with the definition as a tooltip; given a ``sink``, each
        link is a placeholder for its HTML kept there (markdown.hold)."""
        lines = src.body.split("\n")
        rel = relpath(glossary_page, posixpath.dirname(page_path))
        if page_path == glossary_page:
            return src.body
        done: set[str] = set()
        for line in iter_lines(src):
            idx = line.number - src.body_offset - 1
            text = lines[idx]
            edits = []
            for m in TERM_REF.finditer(text):
                e = self.by_id.get(m.group(1))
                if e:
                    edits.append((m.start(), m.end(), self._link(e, lang, rel, e.term(lang), sink)))
                    done.add(e.id)
            if line.kind in ("text", "table"):
                prose = LAW_TITLE.sub(lambda m: "\x00" * len(m.group(0)), line.prose)
                if protect is not None:
                    prose = protect.sub(lambda m: "\x00" * len(m.group(0)), prose)
                for s, e_, entry in self.matches(prose, lang):
                    if entry.id in done or "\x00" in prose[s:e_]:
                        continue
                    if any(s < b and e_ > a for a, b, _ in edits):
                        continue
                    done.add(entry.id)
                    edits.append((s, e_, self._link(entry, lang, rel, text[s:e_], sink)))
            for s, e_, rep in sorted(edits, reverse=True):
                text = text[:s] + rep + text[e_:]
            lines[idx] = text
        return "\n".join(lines)

    @staticmethod
    def _link(e: Entry, lang: str, rel: str, shown: str, sink: list | None = None) -> str:
        # No title in the page: kb.js sets the definition (tooltips()) as the title, from the
        # shared assets/kb-articles.js, so pages do not each carry the definitions' words.
        if sink is None:
            return f"[{shown}]({rel}#{e.id}){{ .kb-term }}"
        href = html.escape(md_href(f"{rel}#{e.id}"))
        return hold(sink, f'<a class="kb-term" href="{href}">{html.escape(shown, quote=False)}</a>')

    def tooltips(self) -> dict[str, dict[str, str]]:
        """{lang: {entry id: definition}}: the hover text of glossary links."""
        return {lang: {e.id: " ".join(e.definition(lang).split()) for e in self.entries}
                for lang in ("zh", "en")}

    # -- generated page ---------------------------------------------------------------

    def order(self, lang: str) -> list[Entry]:
        """Entries in the glossary page's order: by id (pinyin) in Chinese, by term in English."""
        if lang == "zh":
            return sorted(self.entries, key=lambda e: e.id)
        return sorted(self.entries, key=lambda e: (e.term(lang).casefold(), e.id))

    def page(self, lang: str) -> str:
        """The glossary page's Markdown: an index of the terms by initial letter, then each
        entry under an <h2> anchored by its id (glossary.md#<id>, what citations of terms and
        trainers link to). The headings are raw HTML so they stay out of the table of contents:
        83 entries there, printed twice by Material, would cost the page ~12 KB (issue 7); the
        index does the same job once, in ~4 KB. Search still finds each entry (its own <h2 id>)."""
        zh = lang == "zh"
        entries = self.order(lang)
        letters: dict[str, list[Entry]] = {}
        for e in entries:
            letters.setdefault((e.id if zh else e.term(lang))[:1].upper(), []).append(e)
        out = []
        for letter, group in letters.items():
            links = ("、" if zh else ", ").join(f"[{e.term(lang)}](#{e.id})" for e in group)
            out.append(f"- **{letter}**{'：' if zh else ': '}{links}")
        out.append("")
        for e in entries:
            term = html.escape(e.term(lang), quote=False)
            out.append(f'<h2 id="{e.id}">{term}<a class="headerlink" href="#{e.id}">¶</a></h2>\n')
            other = e.en if zh else e.zh
            out.append(f"{e.definition(lang)}\n")
            out.append(("- **英文**：" if zh else "- **Chinese**: ") + other)
            aliases = e.aliases_zh if zh else e.aliases_en
            if aliases:
                out.append(("- **常见说法**：" if zh else "- **Also said**: ") + ("、" if zh else ", ").join(aliases))
            avoid = [a for a in e.avoid if isinstance(a, dict) and a.get("lang", "zh") == lang]
            for a in avoid:
                out.append(("- **不写作**：" if zh else "- **Do not write**: ") + f"{a['form']} → {a['prefer']}")
            out.append("")
        return "\n".join(out)


def _trie_pattern(terms) -> str:
    """A regex matching the longest of ``terms`` at a position: the terms as a trie, each
    node's continuations tried before the term that ends there (greedy optional groups)."""
    trie: dict = {}
    for t in terms:
        node = trie
        for ch in t:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node) -> str:
        alts = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body
    return "(?:" + build(trie) + ")"
