"""Print handouts: scripts/handouts.py prints every training module and channel guide of the test
bundle to PDF in Debian's Chromium; poppler (pdfinfo, pdffonts, pdftotext) reads them back.
Plus the print styles themselves, in Chromium with print media emulated."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import unicodedata

import pytest
import yaml

from conftest import ROOT

sys.path.insert(0, os.path.join(ROOT, "scripts"))
import handouts as ho  # noqa: E402

A4_HEIGHT = 842          # points; the footer lives in the 16 mm (45 pt) bottom margin
BODY_HEIGHT = 795
NAV = {"zh": ["跳转至", "回到页面顶部", "上一页", "下一页", "信访与职工诉求知识库", "搜索"],
       "en": ["Skip to content", "Back to top", "Previous", "Next",
              "Letters, Visits and Employee Grievances Knowledge Base", "Search"]}
CJK = "\u3400-\u4dbf\u4e00-\u9fff"
CJK_TEXT = re.compile(f"[{CJK}\u3000-\u303f\uff00-\uffef“”‘’…—·]")


# ---------------------------------------------------------------- sources

def source_of(h: ho.Handout) -> str:
    rel = h.page[3:] if h.page.startswith("en/") else h.page
    stem = rel[:-len(".html")]
    return os.path.join(ROOT, "docs", stem + (".en.md" if h.lang == "en" else ".md"))


def read_source(h: ho.Handout) -> tuple[dict, str]:
    with open(source_of(h), encoding="utf-8") as fh:
        text = fh.read()
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), re.sub(r"<!--.*?-->", "", body, flags=re.S)


SEP = "\x00"   # marks where a link ended: kb.js may print the link's target there


def plain(md: str) -> str:
    """Markdown inline text as it reads on the page (links keep their text, a separator after them)."""
    md = re.sub(r"\{\s*[#.][^}]*\}", "", md)
    md = re.sub(r"\[([^\]]*)\]\([^)]*\)", lambda m: m.group(1) + SEP, md)
    md = re.sub(r"<[^>]+>", SEP, md)
    return md.replace("**", "").replace("`", "")


def phrase(text: str, lang: str) -> str:
    """The longest stretch of the text that must appear unchanged in the PDF: Chinese characters for
    zh, plain words for en."""
    if lang == "zh":
        runs = re.findall(f"[{CJK}]+", text)
    else:
        runs = re.findall(r"[A-Za-z]+(?: [A-Za-z]+){3,}", text)
    return max(runs, key=len, default="")


def body_phrase(body: str, lang: str) -> str:
    """A phrase from the first plain paragraph of the body that has a long enough one."""
    for line in body.splitlines():
        s = line.strip()
        if s and line == line.lstrip() and not re.match(r"([#!?|><:]|[-*+] |\d+\. )", s):
            found = phrase(plain(s), lang)
            if len(found) >= (6 if lang == "zh" else 20):
                return found
    raise AssertionError("no plain paragraph")


def details_blocks(body: str) -> list[str]:
    """The first line of each collapsed block (`??? type "title"`) of the page."""
    lines = body.splitlines()
    found = []
    for i, line in enumerate(lines):
        if line.startswith("???") and not line.startswith("???+"):
            for nxt in lines[i + 1:]:
                if nxt.strip():
                    found.append(plain(nxt.strip()))
                    break
    return found


def h2_headings(body: str) -> list[str]:
    return [re.sub(r"\s*\{[^}]*\}\s*$", "", m).strip() for m in re.findall(r"^## (.+)$", body, flags=re.M)]


# ---------------------------------------------------------------- poppler

def run(*cmd: str) -> str:
    proc = subprocess.run(cmd, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def pdf_pages(path: str, footer: bool = False) -> list[str]:
    """pdftotext, page by page: the body (footer margin cropped off) or only the footer."""
    y, height = (BODY_HEIGHT, A4_HEIGHT - BODY_HEIGHT) if footer else (0, BODY_HEIGHT)
    out = run("pdftotext", "-enc", "UTF-8", "-x", "0", "-y", str(y), "-W", "600", "-H", str(height), path, "-")
    return unicodedata.normalize("NFKC", out).split("\f")[:-1]


def squash(text: str, lang: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", "", text) if lang == "zh" else re.sub(r"\s+", " ", text)


def fonts(path: str) -> list[dict]:
    lines = run("pdffonts", path).splitlines()
    assert lines[1].startswith("---"), lines[:2]
    cols = [m.span() for m in re.finditer(r"-+", lines[1])]
    names = ["name", "type", "encoding", "emb", "sub", "uni", "object", "id"]
    return [{k: line[a:b if i < len(cols) - 1 else None].strip() for i, (k, (a, b)) in enumerate(zip(names, cols))}
            for line in lines[2:]]


# ---------------------------------------------------------------- fixtures

@pytest.fixture(scope="session")
def handouts(site, browser, tmp_path_factory):
    out = tmp_path_factory.mktemp("handouts")
    done = ho.make_handouts(str(site), str(out), epoch=1795368999, browser=browser, log=lambda *a: None)
    return {f"{h.lang}/{h.name}": (h, path) for h, path in done}


def test_every_module_and_channel_guide_has_a_handout_in_both_languages(handouts):
    docs = os.path.join(ROOT, "docs")
    want = set()
    for folder, pattern, prefix in (("training", "module-", "training-"), ("guides/channels", "", "channels-")):
        for name in os.listdir(os.path.join(docs, folder)):
            if name.startswith(pattern) and name.endswith(".md") and not name.endswith(".en.md"):
                stem = prefix + name[:-3]
                stem = ho.RENAME.get(stem, stem)
                want |= {f"zh/{stem}", f"en/{stem}"}
    assert len(want) >= 2 * (6 + 12)
    assert set(handouts) == want
    for _, path in handouts.values():
        assert os.path.getsize(path) > 1000


@pytest.fixture(params=["zh", "en"])
def lang(request):
    return request.param


def each(handouts, lang):
    return [(h, p) for key, (h, p) in sorted(handouts.items()) if h.lang == lang]


def test_pages_title_and_size(handouts, lang):
    for h, path in each(handouts, lang):
        meta, _ = read_source(h)
        info = dict(re.findall(r"^([^:]+):\s*(.*)$", run("pdfinfo", path), flags=re.M))
        assert int(info["Pages"]) >= 1, path
        assert info["Title"] == meta["title"], (path, info["Title"])
        assert "(A4)" in info["Page size"], info["Page size"]
        assert info["CreationDate"] == info["ModDate"] == "Sun Nov 22 17:36:39 2026 UTC", info


def test_fonts_are_embedded_noto_cjk(handouts, lang):
    """Every font is embedded with a Unicode map. The print styles name only Noto CJK (Debian
    fonts-noto-cjk); Chromium's Skia embeds these CFF-outline OpenType fonts as Type 3 fonts, so
    a named (CID TrueType) font other than Noto CJK means a glyph fell back to another system font."""
    for h, path in each(handouts, lang):
        rows = fonts(path)
        assert rows, path
        for row in rows:
            assert row["emb"] == "yes" and row["uni"] == "yes", (path, row)
            assert row["type"] == "Type 3" or re.search(r"Noto(Sans|Serif|SansMono)CJK", row["name"]), (path, row)


def test_text_has_title_summary_and_body(handouts, lang):
    for h, path in each(handouts, lang):
        meta, body = read_source(h)
        text = squash("".join(pdf_pages(path)), lang)
        for want in (meta["title"], meta["summary"]):
            assert squash(want, lang) in text, (path, want)
        first = body_phrase(body, lang)
        assert first in text, (path, first)


def test_no_missing_glyph(handouts, lang):
    """No replacement character, no .notdef, and every Chinese character or CJK punctuation mark of
    the page's source appears in the PDF text."""
    for h, path in each(handouts, lang):
        meta, body = read_source(h)
        raw = run("pdftotext", "-enc", "UTF-8", path, "-")
        assert "\ufffd" not in raw and ".notdef" not in raw, path
        source = meta["title"] + meta["summary"] + body + "".join(meta.get("legal_basis") or [])
        missing = sorted(set(CJK_TEXT.findall(source)) - set(raw))
        assert not missing, (path, missing[:20])
        if lang == "zh":
            assert re.search(f"[{CJK}\u3000-\u303f\uff00-\uffef]{{40,}}", re.sub(r"\s+", "", raw)), path


def test_no_navigation_in_print(handouts, lang):
    for h, path in each(handouts, lang):
        _, body = read_source(h)
        raw = run("pdftotext", "-enc", "UTF-8", path, "-")
        for word in NAV[lang]:
            if word not in body:
                assert word not in raw, (path, word)
        # link targets are written for paper, never as relative file names
        assert ".html" not in raw and "../" not in raw, path


def test_no_local_paths_in_the_pdf(handouts, site, lang):
    """No link or text points into the temporary copy the handouts were printed from."""
    for h, path in each(handouts, lang):
        with open(path, "rb") as fh:
            data = fh.read()
        assert b"file:" not in data and str(site).encode() not in data, path


def test_footer_title_review_date_and_page_numbers(handouts, lang):
    for h, path in each(handouts, lang):
        meta, _ = read_source(h)
        pages = pdf_pages(path, footer=True)
        for n, footer in enumerate(pages, 1):
            flat = squash(footer, lang)
            assert f"{n}/{len(pages)}" in re.sub(r"\s+", "", footer), (path, n, footer)
            assert str(meta["reviewed_on"]) in flat, (path, footer)
            assert squash(meta["title"], lang)[:10] in flat, (path, footer)


def test_module_quiz_answers_are_printed(handouts, lang):
    modules = [(h, p) for h, p in each(handouts, lang) if h.name.startswith("training-module-")]
    assert len(modules) == 6
    for h, path in modules:
        _, body = read_source(h)
        blocks = details_blocks(body)
        assert len(blocks) >= 5, (path, len(blocks))
        text = squash("".join(pdf_pages(path)), lang)
        for block in blocks:
            want = phrase(block, lang)
            assert len(want) >= 4, (path, block)
            assert want in text, (path, want)


def test_module_sections_start_on_a_new_page(handouts, lang):
    for h, path in each(handouts, lang):
        if not h.name.startswith("training-module-"):
            continue
        _, body = read_source(h)
        firsts = [next((ln.strip() for ln in page.splitlines() if ln.strip()), "") for page in pdf_pages(path)]
        for heading in h2_headings(body):
            assert squash(heading, lang) in [squash(f, lang) for f in firsts], (path, heading, firsts)


def test_cross_page_links_show_their_target_title(handouts):
    """zh module 1 links to the petition guide's 'in short' section: on paper its title and heading."""
    h, path = handouts["zh/training-module-1-principles"]
    text = squash("".join(pdf_pages(path)), "zh")
    assert squash("（见：信访 › 一句话回答）", "zh") in text, text[:2000]
    h, path = handouts["en/training-module-1-principles"]
    text = squash("".join(pdf_pages(path)), "en")
    assert re.search(r"\(see: [^)]+ › [^)]+\)", text), text[:2000]
    assert "what not to do (see: Letters and visits (petitions) › " in text, text[:3000]


def test_handouts_are_reproducible(handouts, site, browser, tmp_path):
    """The same bundle printed again, unzipped somewhere else, gives the same bytes."""
    h, first = handouts["en/channels-compare"]
    shutil.copytree(site, tmp_path / "elsewhere")
    again = ho.make_handouts(str(tmp_path / "elsewhere"), str(tmp_path / "out"), epoch=1795368999, handouts=[h],
                             browser=browser, log=lambda *a: None)
    with open(first, "rb") as a, open(again[0][1], "rb") as b:
        assert a.read() == b.read()


def test_a_request_outside_file_fails_the_run(site, browser, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    page = copy / "training" / "module-1-principles.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace("</article>", '<img src="http://127.0.0.1:9/tracker.png" alt=""></article>', 1),
                    encoding="utf-8")
    with pytest.raises(ho.OutsideRequest, match="127.0.0.1:9"):
        ho.make_handouts(str(copy), str(tmp_path / "out"), epoch=0, browser=browser, log=lambda *a: None,
                         handouts=[ho.Handout("zh", "training/module-1-principles.html", "x")])
    assert not (tmp_path / "out" / "zh" / "x.pdf").exists()


# ---------------------------------------------------------------- print styles in the browser

def test_ctrl_p_opens_details_and_writes_link_targets(page, site):
    """kb.js on beforeprint (what Ctrl+P fires): every collapsed block opens, links get their target;
    afterprint closes the blocks it opened."""
    page.goto((site / "training" / "module-1-principles.html").as_uri())
    closed = page.evaluate("document.querySelectorAll('details:not([open])').length")
    assert closed >= 5
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    opened = page.evaluate("""() => ({closed: document.querySelectorAll("details:not([open])").length,
        shown: [...document.querySelectorAll("details")].every(d => [...d.children].some(
            c => c.tagName !== "SUMMARY" && c.getClientRects().length > 0)),
        targets: [...document.querySelectorAll("a[data-kb-print-target]")].map(a => a.getAttribute("data-kb-print-target"))})""")
    assert opened["closed"] == 0 and opened["shown"]
    # without the handout script's title map a cross-page target is the site path, never "../"
    assert "（见：guides/channels/petition.html#in-short）" in opened["targets"], opened["targets"][:10]
    # a link whose text already names its target gets none: a citation, a same-page "案例" link
    unlabelled = page.evaluate("""() => [...document.querySelectorAll(
        'article a[href="#case-study"], article a[href$="xinfang-text-2.html#art-34"]')]
        .map(a => a.hasAttribute("data-kb-print-target"))""")
    assert len(unlabelled) >= 2 and not any(unlabelled), unlabelled
    assert not [t for t in opened["targets"] if "../" in t]
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.evaluate("document.querySelectorAll('details:not([open])').length") == closed
    assert page.evaluate("document.querySelectorAll('a[data-kb-print-target]').length") == 0
    assert page.kb_requests.outside == [] and page.kb_errors == []


def test_print_media_hides_navigation_keeps_page_facts(page, site):
    page.emulate_media(media="print")
    page.goto((site / "training" / "module-1-principles.html").as_uri())
    hidden = page.evaluate("""() => [".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary",
        ".md-search", ".md-footer", ".md-top", ".md-skip", ".md-select"].map(sel => {
          const els = [...document.querySelectorAll(sel)];
          return [sel, els.length, els.every(e => e.getClientRects().length === 0)];
        })""")
    for sel, count, not_rendered in hidden:
        assert count >= 1 and not_rendered, (sel, count)
    state = page.evaluate("""() => ({
        meta: document.querySelector(".kb-meta").getClientRects().length,
        facts: [...document.querySelectorAll(".kb-meta dt")].map(dt => dt.textContent),
        font: getComputedStyle(document.querySelector("article")).fontFamily,
        width: document.querySelector(".md-content").getBoundingClientRect().width / window.innerWidth,
        breakH2: getComputedStyle(document.querySelector("article h2")).breakBefore,
        details: document.querySelectorAll("details").length,
        closed: document.querySelectorAll("details:not([open])").length})""")
    assert state["meta"] > 0 and state["facts"] == ["适用读者", "法律依据", "最后审核"], state
    assert state["font"].startswith('"Noto Sans CJK SC"'), state["font"]
    assert state["width"] > 0.9, state
    assert state["breakH2"] == "page"
    assert state["details"] >= 5 and state["closed"] == 0, state
    assert page.kb_requests.outside == [] and page.kb_errors == []


def test_guides_flow_without_forced_page_breaks(page, site):
    page.emulate_media(media="print")
    page.goto((site / "guides" / "channels" / "labour-arbitration.html").as_uri())
    assert page.evaluate("getComputedStyle(document.querySelector('article h2')).breakBefore") == "auto"
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).display") == "none"
