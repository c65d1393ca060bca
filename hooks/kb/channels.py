"""The channel chooser: a decision tree in ``data/channels.yml`` (questions, answers,
outcomes), checked at build time and rendered into pages by markers:

- ``<!-- kb:channel-chooser -->`` (guides/channel-chooser): the interactive chooser. The page
  carries only a ``<script src>`` of ``assets/kb-chooser-data.<lang>.js`` (``data_js``,
  written by the build): questions, answers and each outcome's HTML, which
  ``assets/kb-chooser.js`` shows one question at a time (page weight: the outcomes are ~37 KB).
- ``<!-- kb:channel-chooser-questions -->`` and ``<!-- kb:channel-chooser-results -->``
  (guides/channel-chooser-all): every question as nested lists, each final answer linked to
  its result, and every result once (``#<outcome id>``): the chooser for readers without
  JavaScript, and for print.

Every link is relative to the page (the chooser and its listing are in the same folder, so
the outcome HTML serves both), so the output works from ``file://`` and under any sub-path.

Findings (all fatal):
  KB801 answer (or ``start``) points to an unknown node
  KB802 a path that never ends in an outcome (cycle, or a question without answers)
  KB803 node that no path reaches
  KB804 guide link to a missing page, a page without an English twin, or a missing anchor
  KB805 legal basis or an inline citation that does not verify
  KB806 text missing in one language
  KB807 duplicate node id, YAML key or answer label
  KB808 node of the wrong shape (missing or mistyped field, bad id)
  KB809 the two languages cite different articles
"""
from __future__ import annotations

import html
import json
import posixpath
import re
from dataclasses import dataclass, field

import yaml

from .findings import Finding, did_you_mean
from .markdown import Source

PATH = "data/channels.yml"
MARKER = "<!-- kb:channel-chooser -->"
QUESTIONS_MARKER = "<!-- kb:channel-chooser-questions -->"
RESULTS_MARKER = "<!-- kb:channel-chooser-results -->"
MARKERS = (MARKER, QUESTIONS_MARKER, RESULTS_MARKER)
LANGS = ("zh", "en")
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
TEXT_FIELDS = ("first_step", "time_limit")


# -- YAML with line numbers ----------------------------------------------------------

class LDict(dict):
    """A mapping that remembers the 1-based line and column of itself and of each key."""
    line = 1
    col = 1

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.key_pos: dict = {}

    def pos(self, key) -> tuple[int, int]:
        return self.key_pos.get(key, (self.line, self.col))


class LList(list):
    line = 1
    col = 1

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.item_pos: list = []

    def pos(self, i) -> tuple[int, int]:
        return self.item_pos[i] if i < len(self.item_pos) else (self.line, self.col)


class LStr(str):
    line = 1
    col = 1


def _convert(node, dups: list):
    ctor = yaml.constructor.SafeConstructor()
    if isinstance(node, yaml.MappingNode):
        out = LDict()
        out.line, out.col = node.start_mark.line + 1, node.start_mark.column + 1
        for k, v in node.value:
            key = ctor.construct_object(k, deep=True) if isinstance(k, yaml.ScalarNode) else str(k.value)
            kpos = (k.start_mark.line + 1, k.start_mark.column + 1)
            if key in out:
                dups.append((kpos, key))
            out[key] = _convert(v, dups)
            out.key_pos[key] = kpos
        return out
    if isinstance(node, yaml.SequenceNode):
        out = LList()
        out.line, out.col = node.start_mark.line + 1, node.start_mark.column + 1
        for item in node.value:
            out.append(_convert(item, dups))
            out.item_pos.append((item.start_mark.line + 1, item.start_mark.column + 1))
        return out
    value = ctor.construct_object(node, deep=True)
    if isinstance(value, str):
        value = LStr(value)
        value.line, value.col = node.start_mark.line + 1, node.start_mark.column + 1
    return value


def parse(text: str, path: str = PATH):
    """(data with positions, findings). Invalid YAML is a KB601 finding and data None."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, [Finding(path, (mark.line + 1) if mark else 1, (mark.column + 1) if mark else 1,
                              "KB601", f"data file is not valid YAML: {problem}")]
    dups: list = []
    data = _convert(root, dups) if root is not None else None
    findings = [Finding(path, line, col, "KB807", f"duplicate key '{key}' (the second one would silently win)")
                for (line, col), key in dups]
    return data, findings


# -- the tree -------------------------------------------------------------------------

@dataclass
class Answer:
    label: dict           # lang -> text
    next: str
    line: int
    col: int
    next_pos: tuple = (1, 1)


@dataclass
class Node:
    id: str
    line: int
    kind: str                                   # "question" | "outcome"
    raw: LDict
    text: dict = field(default_factory=dict)    # question text, or the outcome's channel line
    answers: list = field(default_factory=list)
    first_step: dict = field(default_factory=dict)
    time_limit: dict = field(default_factory=dict)
    basis: dict = field(default_factory=dict)   # lang -> [LStr]
    guides: list = field(default_factory=list)  # [LStr]


@dataclass
class Tree:
    path: str
    start: str = ""
    start_pos: tuple = (1, 1)
    nodes: dict = field(default_factory=dict)   # id -> Node, in file order
    findings: list = field(default_factory=list)

    def outcomes(self):
        return [n for n in self.nodes.values() if n.kind == "outcome"]

    def follow(self, path: list[str]) -> Node | None:
        """The node reached by a list of node ids after the start (None if not a valid path)."""
        node = self.nodes.get(self.start)
        for nid in path:
            if node is None or node.kind != "question" or nid not in [a.next for a in node.answers]:
                return None
            node = self.nodes.get(nid)
        return node

    def paths(self):
        """Every (path of node ids after start, outcome) pair, depth first, in answer order."""
        out = []

        def walk(nid, trail, seen):
            node = self.nodes.get(nid)
            if node is None or nid in seen:
                return
            if node.kind == "outcome":
                out.append((trail, node))
                return
            for a in node.answers:
                walk(a.next, trail + [a.next], seen | {nid})
        walk(self.start, [], frozenset())
        return out


def _text(owner: LDict, key: str, what: str, path: str, findings: list, required=True) -> dict:
    """A {zh, en} text field; missing languages are KB806, a wrong shape KB808."""
    line, col = owner.pos(key)
    value = owner.get(key)
    if value is None:
        if required:
            findings.append(Finding(path, line, col, "KB808", f"{what} has no '{key}' (a mapping with zh and en text)"))
        return {}
    if not isinstance(value, dict):
        findings.append(Finding(path, line, col, "KB808", f"{what}: '{key}' must be a mapping with zh and en text"))
        return {}
    out = {}
    for lang in LANGS:
        t = value.get(lang)
        if t is not None and not isinstance(t, str):
            findings.append(Finding(path, *value.pos(lang), "KB808",
                                    f"{what}: '{key}' {lang} must be text (YAML read {t!r}: put it in quotes)"))
        elif t is None or not t.strip():
            findings.append(Finding(path, line, col, "KB806", f"{what}: '{key}' has no {lang} text"))
        else:
            out[lang] = t
    return out


def load(data, path: str = PATH, findings: list | None = None) -> Tree:
    """Build a Tree from parsed YAML, recording shape findings (KB806, KB807, KB808)."""
    tree = Tree(path, findings=list(findings or []))
    f = tree.findings
    if not isinstance(data, dict):
        f.append(Finding(path, 1, 1, "KB808", "channels.yml must be a mapping with 'start' and 'nodes'"))
        return tree
    start = data.get("start")
    if not isinstance(start, str):
        f.append(Finding(path, *data.pos("start"), "KB808", "'start' must name the first question's id"))
    else:
        tree.start, tree.start_pos = start, (start.line, start.col)
    nodes = data.get("nodes")
    if not isinstance(nodes, list):
        f.append(Finding(path, *data.pos("nodes"), "KB808", "'nodes' must be a list of questions and outcomes"))
        return tree
    for i, raw in enumerate(nodes):
        line, col = nodes.pos(i)
        if not isinstance(raw, dict):
            f.append(Finding(path, line, col, "KB808", f"node {i + 1} is not a mapping"))
            continue
        nid = raw.get("id")
        if not isinstance(nid, str) or not ID_RE.match(nid):
            f.append(Finding(path, *raw.pos("id"), "KB808",
                             f"node {i + 1}: id {nid!r} must be lower-case ASCII letters, digits and hyphens"))
            continue
        if nid in tree.nodes:
            f.append(Finding(path, *raw.pos("id"), "KB807",
                             f"duplicate node id '{nid}' (first at line {tree.nodes[nid].line})"))
            continue
        is_q, is_o = "question" in raw, "outcome" in raw
        if is_q == is_o:
            f.append(Finding(path, line, col, "KB808",
                             f"node '{nid}' must have either 'question' (with answers) or 'outcome', not "
                             + ("both" if is_q else "neither")))
            continue
        node = Node(nid, line, "question" if is_q else "outcome", raw)
        tree.nodes[nid] = node
        what = f"node '{nid}'"
        if is_q:
            node.text = _text(raw, "question", what, path, f)
            answers = raw.get("answers")
            if not isinstance(answers, list):
                f.append(Finding(path, *raw.pos("answers" if "answers" in raw else "question"), "KB808",
                                 f"question '{nid}' needs 'answers': a list of zh/en labels with 'next'"))
                continue
            labels = {lang: {} for lang in LANGS}
            for k, a in enumerate(answers):
                aline, acol = answers.pos(k)
                if not isinstance(a, dict):
                    f.append(Finding(path, aline, acol, "KB808", f"question '{nid}': answer {k + 1} is not a mapping"))
                    continue
                label = {}
                for lang in LANGS:
                    t = a.get(lang)
                    if t is not None and not isinstance(t, str):
                        f.append(Finding(path, *a.pos(lang), "KB808",
                                         f"question '{nid}': answer {k + 1} {lang} label must be text (YAML read {t!r}: put it in quotes)"))
                        continue
                    if t is None or not t.strip():
                        f.append(Finding(path, aline, acol, "KB806", f"question '{nid}': answer {k + 1} has no {lang} label"))
                        continue
                    label[lang] = t
                    if t in labels[lang]:
                        f.append(Finding(path, *a.pos(lang), "KB807",
                                         f"question '{nid}': two answers have the {lang} label '{t}' (first at line {labels[lang][t]})"))
                    else:
                        labels[lang][t] = a.pos(lang)[0]
                nxt = a.get("next")
                if not isinstance(nxt, str):
                    f.append(Finding(path, aline, acol, "KB808", f"question '{nid}': answer {k + 1} has no 'next' node id"))
                    continue
                node.answers.append(Answer(label, nxt, aline, acol, (nxt.line, nxt.col)))
        else:
            node.text = _text(raw, "outcome", what, path, f)
            node.first_step = _text(raw, "first_step", what, path, f)
            node.time_limit = _text(raw, "time_limit", what, path, f)
            basis = raw.get("legal_basis")
            if not isinstance(basis, dict):
                f.append(Finding(path, *raw.pos("legal_basis"), "KB808",
                                 f"outcome '{nid}' needs 'legal_basis' with zh and en lists of citations"))
            else:
                for lang in LANGS:
                    lst = basis.get(lang)
                    if lst is None:
                        f.append(Finding(path, *basis.pos(lang), "KB806", f"outcome '{nid}': legal_basis has no {lang} list"))
                    elif not isinstance(lst, list) or not lst or not all(isinstance(x, str) for x in lst):
                        f.append(Finding(path, *basis.pos(lang), "KB808",
                                         f"outcome '{nid}': legal_basis {lang} must be a non-empty list of citations"))
                    else:
                        node.basis[lang] = list(lst)
            guides = raw.get("guides")
            if not isinstance(guides, list) or not guides or not all(isinstance(g, str) for g in guides):
                f.append(Finding(path, *raw.pos("guides"), "KB808",
                                 f"outcome '{nid}' needs 'guides': a list of pages like guides/channels/petition.md#how-to-start"))
            else:
                node.guides = list(guides)
    return tree


def load_text(text: str, path: str = PATH) -> Tree:
    data, findings = parse(text, path)
    if data is None and findings:
        tree = Tree(path, findings=findings)
        return tree
    return load(data, path, findings)


# -- checks ---------------------------------------------------------------------------

def check(tree: Tree, site) -> list[Finding]:
    """Structure, links and citations. ``site`` gives ``sources``, ``anchors_of(rel)`` and
    ``data.registry`` (a :class:`kb.site.Site`)."""
    out = list(tree.findings)
    p = tree.path
    if not tree.nodes:
        return out
    # KB801: unknown targets
    if tree.start and tree.start not in tree.nodes:
        out.append(Finding(p, *tree.start_pos, "KB801", f"start points to unknown node '{tree.start}'",
                           did_you_mean(tree.start, tree.nodes)))
    elif tree.start and tree.nodes[tree.start].kind != "question":
        out.append(Finding(p, *tree.start_pos, "KB808", f"start '{tree.start}' must be a question"))
    for node in tree.nodes.values():
        for a in node.answers:
            if a.next not in tree.nodes:
                out.append(Finding(p, *a.next_pos, "KB801", f"answer in '{node.id}' points to unknown node '{a.next}'",
                                   did_you_mean(a.next, tree.nodes)))
        if node.kind == "question" and not node.answers and isinstance(node.raw.get("answers"), list):
            out.append(Finding(p, node.raw.line, node.raw.col, "KB802", f"question '{node.id}' has no answers: the path stops without an outcome"))
    # KB802: cycles (a path that goes round and never reaches an outcome)
    state: dict[str, int] = {}   # 1 on the stack, 2 done
    reported = set()

    def visit(nid, stack):
        state[nid] = 1
        node = tree.nodes[nid]
        for a in node.answers:
            if a.next not in tree.nodes:
                continue
            if state.get(a.next) == 1:
                trail = stack + [nid]
                loop = trail[trail.index(a.next):] + [a.next]
                if (nid, a.next) not in reported:
                    reported.add((nid, a.next))
                    out.append(Finding(p, *a.next_pos, "KB802",
                                       f"cycle {' → '.join(loop)}: this path never reaches an outcome"))
            elif a.next not in state:
                visit(a.next, stack + [nid])
        state[nid] = 2
    roots = [tree.start] if tree.start in tree.nodes else []
    for r in roots:
        visit(r, [])
    # KB803: unreachable
    if roots:
        for node in tree.nodes.values():
            if node.id not in state:
                out.append(Finding(p, node.raw.line, node.raw.col, "KB803", f"node '{node.id}' is not reached by any answer"))
    # KB804, KB805, KB809 on outcomes
    registry = site.data.registry
    for node in tree.outcomes():
        for i, g in enumerate(node.guides):
            line, col = node.raw["guides"].pos(i)
            out += _check_guide(p, line, col, g, site)
        cited = {}
        for lang in LANGS:
            if lang not in node.basis:
                continue
            lst = node.raw["legal_basis"][lang]
            cited[lang] = []
            for i, entry in enumerate(node.basis[lang]):
                line, col = lst.pos(i)
                found, fs = _check_citation_text(p, line, col, entry, lang, registry, whole=True)
                out += fs
                cited[lang] += found
        for key in ("outcome", *TEXT_FIELDS):
            value = node.raw.get(key)
            if not isinstance(value, dict):
                continue
            for lang in LANGS:
                t = value.get(lang)
                if isinstance(t, str):
                    line, col = value.pos(lang)
                    out += _check_citation_text(p, line, col, t, lang, registry, whole=False)[1]
        if len(cited) == 2 and sorted(set(cited["zh"])) != sorted(set(cited["en"])):
            zh_only = sorted(set(cited["zh"]) - set(cited["en"]))
            en_only = sorted(set(cited["en"]) - set(cited["zh"]))
            fmt = lambda xs: ", ".join(f"{law} {art}" for law, art in xs) or "none"
            out.append(Finding(p, *node.raw.pos("legal_basis"), "KB809",
                               f"outcome '{node.id}': zh and en legal_basis cite different articles "
                               f"(only zh: {fmt(zh_only)}; only en: {fmt(en_only)})"))
    return sorted(set(out), key=lambda f: (f.path, f.line, f.col, f.code, f.message))


def _check_guide(p, line, col, target, site) -> list[Finding]:
    page, _, anchor = target.partition("#")
    if not page.endswith(".md") or page.endswith(".en.md") or page.startswith("/") or ":" in page:
        return [Finding(p, line, col, "KB804", f"guide '{target}' must be a docs page like guides/channels/petition.md#how-to-start")]
    if page not in site.sources:
        zh = [k for k in site.sources if not k.endswith(".en.md")]
        return [Finding(p, line, col, "KB804", f"guide '{target}': page docs/{page} does not exist", did_you_mean(page, zh))]
    en = page[:-3] + ".en.md"
    if en not in site.sources:
        return [Finding(p, line, col, "KB804", f"guide '{target}': page has no English twin docs/{en}")]
    out = []
    if anchor:
        for rel in (page, en):
            if anchor not in site.anchors_of(rel):
                out.append(Finding(p, line, col, "KB804", f"guide '{target}': docs/{rel} has no anchor '{anchor}'",
                                   did_you_mean(anchor, site.anchors_of(rel))))
    return out


def _citations(text: str, lang: str, registry):
    src = Source(path="", text=" ".join(text.split("\n")), body=" ".join(text.split("\n")))
    return registry.citations(src, lang)


def _check_citation_text(p, line, col, text, lang, registry, whole: bool):
    """Check the citations in one text (``whole``: it must be exactly one citation).
    Returns ([(law id, article)], findings)."""
    out, found = [], []
    cits, unknown = _citations(text, lang, registry)
    for _n, c, name in unknown:
        out.append(Finding(p, line, col, "KB805", f"citation of unknown law 《{name}》", did_you_mean(name, registry.by_zh)))
    if whole and not unknown and (not cits or cits[0][0].law is None):
        example = "《信访工作条例》第三十四条" if lang == "zh" else "Regulations on Letters and Visits Work, Article 34"
        out.append(Finding(p, line, col, "KB805", f"legal_basis entry '{text}' is not a citation", f"write e.g. {example}"))
        return found, out
    for c, _hist, t in cits:
        for f in registry.check_one(p, c, False, t):
            out.append(Finding(p, line, col, "KB805", f.message, f.suggestion))
        if c.law is not None:
            found.append((c.law.id, c.article))
    return found, out


# -- rendering ------------------------------------------------------------------------

UI = {
    "zh": {"channel": "建议渠道", "first_step": "第一步", "time_limit": "期限", "legal_basis": "法律依据",
           "guides": "渠道指南", "back": "上一步", "restart": "重新开始",
           "trail": "你的选择：", "trail_empty": "还没有选择，请回答下面的问题。", "link": "本场景的链接",
           "sep": "；", "label": "渠道选择器", "tree": "全部问题", "results": "全部结果"},
    "en": {"channel": "Suggested channel", "first_step": "First step", "time_limit": "Time limit",
           "legal_basis": "Legal basis", "guides": "Channel guides", "back": "Back",
           "restart": "Start again", "trail": "Your answers: ", "trail_empty": "No answers yet: answer the question below.",
           "link": "Link to this scenario", "sep": "; ", "label": "Channel chooser",
           "tree": "Every question", "results": "Every result"},
}


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _href(target_rel: str, page_key: str) -> str:
    """Relative link from the page (zh key; the en page mirrors it under en/) to a docs page."""
    path, _, anchor = target_rel.partition("#")
    rel = posixpath.relpath(path[:-3] + ".html", posixpath.dirname(page_key) or ".")
    return rel + (f"#{anchor}" if anchor else "")


def text_html(text: str, lang: str, page_key: str, registry) -> str:
    """Plain text, HTML-escaped, with each verified citation linked to its article."""
    text = " ".join(text.split())
    cits, _ = _citations(text, lang, registry)
    spans = []
    for c, _h, _t in cits:
        if c.law is None or c.article not in registry.quoted.get(c.law.id, {}):
            continue
        spans.append((c.col - 1, c.end_col - 1, c))
    out, pos = [], 0
    for s, e, c in sorted(spans, key=lambda x: x[0]):
        if s < pos:
            continue
        href = _href(registry.article_page(c.law, c.article), page_key) + f"#art-{c.article}"
        out.append(_esc(text[pos:s]))   # the article's words: kb.js sets them as the title
        out.append(f'<a href="{_esc(href)}">{_esc(text[s:e])}</a>')
        pos = e
    out.append(_esc(text[pos:]))
    return "".join(out)


def _title_of(site, page: str, lang: str) -> str:
    rel = page if lang == "zh" else page[:-3] + ".en.md"
    src = site.sources.get(rel)
    title = src.meta.get("title") if src is not None else None
    return str(title) if title else page


# A citation split into the law as written and the rest: 《劳动法》|第九条, Labour Law, |Article 9.
BASIS_HEAD = {"zh": re.compile(r"^(《[^》]+》)(第.+)$"), "en": re.compile(r"^(.+?, )(Articles? .+)$")}


def basis_html(node: Node, lang: str, page_key: str, registry) -> str:
    """The legal basis, each citation linked to its article; consecutive citations of one law
    name the law once: 《劳动争议调解仲裁法》第九条、第二十七条 / Labour Dispute Mediation and
    Arbitration Law, Article 9, Article 27 (each article still its own link)."""
    groups: list = []   # [(law name as written, law id) or None, [html]]
    for entry in node.basis.get(lang, []):
        m = BASIS_HEAD[lang].match(" ".join(entry.split()))
        cits, _ = _citations(entry, lang, registry)
        c = cits[0][0] if len(cits) == 1 else None
        key = (m.group(1), c.law.id) if m and c is not None and c.law is not None else None
        if key is not None and groups and groups[-1][0] == key:
            rest = m.group(2)
            if c.article in registry.quoted.get(c.law.id, {}):
                href = _href(registry.article_page(c.law, c.article), page_key) + f"#art-{c.article}"
                groups[-1][1].append(f'<a href="{_esc(href)}">{_esc(rest)}</a>')
            else:
                groups[-1][1].append(_esc(rest))
        else:
            groups.append((key, [text_html(entry, lang, page_key, registry)]))
    inner = "、" if lang == "zh" else ", "
    return UI[lang]["sep"].join(inner.join(parts) for _k, parts in groups)


def outcome_html(node: Node, lang: str, page_key: str, site, with_channel: bool = True) -> str:
    """An outcome's facts as a <dl> (first step, time limit, legal basis, channel guides),
    after its channel line when ``with_channel``. Lean markup: ~21 of them on one page."""
    ui = UI[lang]
    reg = site.data.registry
    parts = []
    if with_channel:
        parts.append(f'<p><strong>{ui["channel"]}{"：" if lang == "zh" else ": "}</strong>'
                     f'{text_html(node.text.get(lang, ""), lang, page_key, reg)}</p>')
    parts.append('<dl>')
    for key in TEXT_FIELDS:
        parts.append(f'<dt>{ui[key]}</dt><dd>{text_html(getattr(node, key).get(lang, ""), lang, page_key, reg)}</dd>')
    parts.append(f'<dt>{ui["legal_basis"]}</dt><dd>{basis_html(node, lang, page_key, reg)}</dd>')
    links = []
    for g in node.guides:
        page = g.partition("#")[0]
        links.append(f'<li><a href="{_esc(_href(g, page_key))}">{_esc(_title_of(site, page, lang))}</a></li>')
    tag = "ol" if len(links) > 1 else "ul"
    parts.append(f'<dt>{ui["guides"]}</dt><dd><{tag} class="kb-chooser-guides">{"".join(links)}</{tag}></dd>')
    parts.append("</dl>")
    return "".join(parts)


def _key(page_rel: str) -> str:
    return page_rel[:-6] + ".md" if page_rel.endswith(".en.md") else page_rel


def data_asset(lang: str) -> str:
    """Path (from the site root) of the chooser's generated data for one language."""
    return f"assets/kb-chooser-data.{lang}.js"


def data_js(tree: Tree, lang: str, site, page_rel: str = "guides/channel-chooser.md") -> str:
    """assets/kb-chooser-data.<lang>.js: window.kbChooserData = {start, ui, nodes}; a question
    is {q, answers: [{label, next}]}, an outcome {title, html} (its facts and guide links, links
    relative to ``page_rel``'s folder)."""
    page_key = _key(page_rel)
    data = {"start": tree.start, "ui": UI[lang], "nodes": {}}
    for nid, node in tree.nodes.items():
        if node.kind == "question":
            data["nodes"][nid] = {"q": node.text.get(lang, ""),
                                  "answers": [{"label": a.label.get(lang, ""), "next": a.next} for a in node.answers]}
        else:
            data["nodes"][nid] = {"title": node.text.get(lang, ""),
                                  "html": outcome_html(node, lang, page_key, site, with_channel=False)}
    blob = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return ("/* Generated by the build (channels.data_js in hooks/kb/channels.py). */\n"
            f"window.kbChooserData = {blob};\n")


def render(tree: Tree, lang: str, page_rel: str, site) -> str:
    """The interactive chooser's HTML: its container and the script with its data
    (``data_js``), loaded only by this page; kb-chooser.js builds the questions in it."""
    here = posixpath.dirname(("en/" if page_rel.endswith(".en.md") else "") + _key(page_rel))
    src = posixpath.relpath(data_asset(lang), here or ".")
    return (f'<div class="kb-chooser" data-kb-chooser=""><script src="{_esc(src)}"></script></div>\n')


def render_questions(tree: Tree, lang: str, page_rel: str, site) -> str:
    """Every question as nested lists, in the order of the answers; an answer that ends the
    path links to its result on the same page (``render_results``).

    The list is a <section> excluded from search (its text repeats every channel guide).
    Material's search parser compares elements by tag name only, so the excluded element
    must be of a tag that does not occur inside it (a <div> there would break the parser)."""
    ui = UI[lang]
    colon = "：" if lang == "zh" else ": "

    def walk(nid, seen, depth):
        node = tree.nodes.get(nid)
        if node is None or nid in seen or depth > 50 or node.kind != "question":
            return ""
        items = []
        for a in node.answers:
            label = f'<p class="kb-chooser-a">{_esc(a.label.get(lang, ""))}</p>'
            nxt = tree.nodes.get(a.next)
            if nxt is not None and nxt.kind == "outcome":
                items.append(f'<li>{label}<p class="kb-chooser-to">{ui["channel"]}{colon}'
                             f'<a href="#{_esc(a.next)}">{_esc(nxt.text.get(lang, ""))}</a></p></li>')
            else:
                items.append(f'<li>{label}{walk(a.next, seen | {nid}, depth + 1)}</li>')
        return (f'<p class="kb-chooser-q" data-kb-node="{_esc(nid)}"><strong>{_esc(node.text.get(lang, ""))}</strong></p>'
                f'<ul>{"".join(items)}</ul>')

    return (f'<section class="kb-chooser-tree" aria-label="{_esc(ui["tree"])}" data-search-exclude="">'
            f'{walk(tree.start, frozenset(), 0)}</section>\n')


def render_results(tree: Tree, lang: str, page_rel: str, site) -> str:
    """Every outcome once, in file order, anchored by its id (excluded from search, as above)."""
    page_key = _key(page_rel)
    blocks = "".join(f'<div class="kb-chooser-outcome" id="{_esc(n.id)}">{outcome_html(n, lang, page_key, site)}</div>'
                     for n in tree.outcomes())
    return (f'<section class="kb-chooser-results" aria-label="{_esc(UI[lang]["results"])}" data-search-exclude="">'
            f'{blocks}</section>\n')


def fill(markdown: str, tree: Tree, lang: str, page_rel: str, site) -> str:
    """Replace each chooser marker in a page's Markdown by its HTML."""
    for marker, fn in ((MARKER, render), (QUESTIONS_MARKER, render_questions), (RESULTS_MARKER, render_results)):
        if marker in markdown:
            markdown = markdown.replace(marker, "\n" + fn(tree, lang, page_rel, site) + "\n")
    return markdown
