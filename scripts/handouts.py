#!/usr/bin/env python3
"""Print handouts: one A4 PDF per training module and per channel guide, in Chinese and English.

    python scripts/handouts.py [dist]

takes the bundle `dist/xinfang-kb-<version>.zip` (`make handouts` builds it first), unzips it into a
temporary folder, opens each page from file:// in Debian's Chromium (Playwright), prints it with the
site's print styles and writes

    dist/handouts/zh/<name>.pdf, dist/handouts/en/<name>.pdf, dist/handouts/SHA256SUMS

Names: `training-module-1-principles`, `channels-labour-arbitration`, ... and `channels-overview` for
the channel index. Nothing is fetched: any request that is not file:// (or data:/blob:) is blocked and
fails the run. Links within a page stay clickable in the PDF; links to other pages of the temporary
copy lose their address (the printed "(see: title › section)" replaces it). The footer shows the page title, the review date and "page / pages"; Chromium's
creation and modification dates are replaced by the last commit's time (SOURCE_DATE_EPOCH), so a
handout records no build clock. Fonts are Debian's Noto Sans/Serif CJK SC (fonts-noto-cjk), named by
the print styles in docs/assets/kb.css and embedded by Chromium.

The functions are importable: tests call make_handouts(site_dir, out_dir) on their own bundle.
On failure the previous dist/handouts/ stays as it was; dist/*.zip and dist/SHA256SUMS are never touched.
"""
from __future__ import annotations

import dataclasses
import glob
import hashlib
import html
import html.parser
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile

from bundle import swap_in  # same atomic replacement as the bundle

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LANGS = {"zh": "", "en": "en/"}          # language -> folder of its pages inside the site
# (site folder, glob, handout name prefix); the channel index becomes "channels-overview".
SECTIONS = [("training", "module-*.html", "training-"), ("guides/channels", "*.html", "channels-")]
RENAME = {"channels-index": "channels-overview"}
MARGIN = {"top": "14mm", "bottom": "16mm", "left": "14mm", "right": "14mm"}
LOCAL = ("file://", "data:", "blob:", "about:")


@dataclasses.dataclass(frozen=True)
class Handout:
    lang: str          # "zh" or "en"
    page: str          # site-relative path of the HTML page, e.g. "en/training/module-1-principles.html"
    name: str          # file name without .pdf, e.g. "training-module-1-principles"

    def out_path(self, out_dir: str) -> str:
        return os.path.join(out_dir, self.lang, self.name + ".pdf")


def handout_pages(site_dir: str) -> list[Handout]:
    """Every training module and channel guide in the site, both languages, sorted."""
    found = []
    for lang, prefix in LANGS.items():
        for folder, pattern, name_prefix in SECTIONS:
            for path in sorted(glob.glob(os.path.join(site_dir, prefix + folder, pattern))):
                stem = os.path.splitext(os.path.basename(path))[0]
                name = RENAME.get(name_prefix + stem, name_prefix + stem)
                found.append(Handout(lang, os.path.relpath(path, site_dir).replace(os.sep, "/"), name))
    return found


class _Headings(html.parser.HTMLParser):
    """The page's H1 and every element with an id inside <article>: {"": title, id: text}."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: dict[str, str] = {}
        self._stack: list[tuple[str, str | None, list[str]]] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and "headerlink" in (a.get("class") or "").split():
            self._skip += 1
            self._stack.append((tag, "__skip__", []))
            return
        if re.fullmatch(r"h[1-6]", tag):
            key = "" if tag == "h1" else a.get("id")
            self._stack.append((tag, key, []))

    def handle_endtag(self, tag):
        if not self._stack or self._stack[-1][0] != tag:
            return
        _, key, parts = self._stack.pop()
        if key == "__skip__":
            self._skip -= 1
            return
        text = re.sub(r"\s+", " ", "".join(parts)).strip()
        if key is not None and key not in self.found and text:
            self.found[key] = text

    def handle_data(self, data):
        if self._skip:
            return
        for _, key, parts in self._stack:
            if key != "__skip__":
                parts.append(data)


def link_targets(site_dir: str) -> dict[str, dict[str, str]]:
    """{site path: {"": page title, anchor: heading}} for every page of the site, for kb.js to
    write a link's target on paper as "page title › section"."""
    targets = {}
    for path in glob.glob(os.path.join(site_dir, "**", "*.html"), recursive=True):
        rel = os.path.relpath(path, site_dir).replace(os.sep, "/")
        if rel == "404.html" or rel.endswith("/404.html"):
            continue
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        start = text.find("<article")
        parser = _Headings()
        parser.feed(text[start:] if start >= 0 else text)
        if parser.found:
            targets[rel] = parser.found
    return targets


def footer_template(title: str, reviewed: str, lang: str) -> str:
    label = f"Last reviewed {reviewed}" if lang == "en" else f"最后审核 {reviewed}"
    left = html.escape(title) + (" · " + html.escape(label) if reviewed else "")
    return ('<div style="width:100%;margin:0 14mm;font-family:\'Noto Sans CJK SC\',sans-serif;font-size:7.5pt;'
            'color:#555;display:flex;justify-content:space-between;gap:8mm">'
            f'<span>{left}</span>'
            '<span style="white-space:nowrap"><span class="pageNumber"></span> / <span class="totalPages"></span></span>'
            '</div>')


def pdf_date(epoch: int) -> bytes:
    return time.strftime("D:%Y%m%d%H%M%S+00'00'", time.gmtime(epoch)).encode()


def reproducible(data: bytes, epoch: int) -> bytes:
    """Make Chromium's PDF depend on the page only: its creation and modification dates become `epoch`,
    and the tagged-PDF structure ids (node<DOM node id>, which count up through the browser session)
    are renumbered in order of appearance. Every replacement has the same length, so the xref offsets
    stay valid."""
    stamp = pdf_date(epoch)

    def date(m: re.Match) -> bytes:
        old = m.group(2)
        return m.group(1) + b"(" + (stamp if len(old) == len(stamp) else old) + b")"
    data = re.sub(rb"(/(?:CreationDate|ModDate)\s*)\(([^)]*)\)", date, data)
    ids: dict[bytes, bytes] = {}

    def node(m: re.Match) -> bytes:
        digits = m.group(1)
        if digits not in ids:
            new = str(len(ids) + 1).zfill(len(digits)).encode()
            ids[digits] = new if len(new) == len(digits) else digits
        return b"(node" + ids[digits] + b")"
    return re.sub(rb"\(node(\d+)\)", node, data)


def source_date_epoch() -> int:
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return int(os.environ["SOURCE_DATE_EPOCH"])
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True, check=True)
        return int(out.stdout.strip())
    except (subprocess.CalledProcessError, FileNotFoundError, ValueError):
        return 315532800


_PREPARE = """targets => {
  window.kbPrintTargets = targets;
  if (typeof window.kbPreparePrint !== "function") throw new Error("kb.js did not load");
  window.kbPreparePrint(targets);
  // A link to another page of the unzipped copy would point into a temporary folder: paper shows the
  // target's title instead (kb.js), so such links lose their address. Links within the page stay.
  const here = location.href.split("#")[0];
  document.querySelectorAll("a[href]").forEach(a => {
    if (a.href.startsWith("file:") && a.href.split("#")[0] !== here) a.removeAttribute("href");
  });
  const h1 = document.querySelector("article h1");
  const time = document.querySelector(".kb-meta time[datetime]");
  const title = h1 ? h1.textContent.replace(/\\s+/g, " ").replace(/¶/g, "").trim() : document.title;
  document.title = title;
  const closed = document.querySelectorAll("details:not([open])").length;
  return {title, reviewed: time ? time.getAttribute("datetime") : "", closed};
}"""


class OutsideRequest(RuntimeError):
    pass


def make_handouts(site_dir: str, out_dir: str, epoch: int | None = None, handouts: list[Handout] | None = None,
                  browser=None, log=print) -> list[tuple[Handout, str]]:
    """Print each handout of `site_dir` (an unzipped bundle) into `out_dir`/<lang>/<name>.pdf.
    Returns [(handout, pdf path)]. Raises OutsideRequest if a page asks for anything not file://.
    `browser` may be a running Playwright browser (the tests pass theirs); otherwise one is launched."""
    site_dir = os.path.abspath(site_dir)
    epoch = source_date_epoch() if epoch is None else epoch
    handouts = handout_pages(site_dir) if handouts is None else handouts
    if not handouts:
        raise RuntimeError(f"{site_dir}: no training modules or channel guides found")
    targets = link_targets(site_dir)
    if browser is None:
        from playwright.sync_api import sync_playwright
        if not os.path.exists(CHROMIUM):
            raise RuntimeError("Debian chromium is not installed (make system-deps installs it)")
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            try:
                return _print_all(b, site_dir, out_dir, epoch, handouts, targets, log)
            finally:
                b.close()
    return _print_all(browser, site_dir, out_dir, epoch, handouts, targets, log)


def _print_all(browser, site_dir, out_dir, epoch, handouts, targets, log):
    outside: list[str] = []
    context = browser.new_context(viewport={"width": 1100, "height": 1400}, service_workers="block",
                                  locale="zh-CN", timezone_id="Asia/Shanghai")

    def guard(route):
        if route.request.url.startswith(LOCAL):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()
    context.route("**/*", guard)
    context.on("request", lambda r: None if r.url.startswith(LOCAL) else outside.append(r.url))
    done = []
    try:
        page = context.new_page()
        page.emulate_media(media="print")
        for h in handouts:
            url = "file://" + os.path.join(site_dir, h.page)
            page.goto(url, wait_until="load")
            info = page.evaluate(_PREPARE, targets)
            if info["closed"]:
                raise RuntimeError(f"{h.page}: {info['closed']} collapsed blocks stayed closed")
            page.evaluate("document.fonts.ready.then(() => true)")
            data = page.pdf(format="A4", print_background=True, display_header_footer=True,
                            header_template="<span></span>",
                            footer_template=footer_template(info["title"], info["reviewed"], h.lang),
                            margin=MARGIN, outline=True, tagged=True)
            if outside:
                raise OutsideRequest(f"{h.page}: requests outside file://: " + ", ".join(sorted(set(outside))[:10]))
            path = h.out_path(out_dir)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as fh:
                fh.write(reproducible(data, epoch))
            done.append((h, path))
            log(f"handouts: {os.path.relpath(path, out_dir)}")
    finally:
        context.close()
    return done


def write_sums(out_dir: str) -> str:
    lines = []
    for path in sorted(glob.glob(os.path.join(out_dir, "*", "*.pdf"))):
        with open(path, "rb") as fh:
            digest = hashlib.sha256(fh.read()).hexdigest()
        lines.append(f"{digest}  {os.path.relpath(path, out_dir).replace(os.sep, '/')}\n")
    sums = os.path.join(out_dir, "SHA256SUMS")
    with open(sums, "w", encoding="utf-8") as fh:
        fh.writelines(lines)
    return sums


def main(argv: list[str]) -> int:
    dist = os.path.join(ROOT, argv[1] if len(argv) > 1 else "dist")
    zips = sorted(glob.glob(os.path.join(dist, "xinfang-kb-*.zip")))
    if len(zips) != 1:
        print(f"handouts: expected one {os.path.relpath(dist, ROOT)}/xinfang-kb-*.zip, found {len(zips)}; "
              "run make bundle", file=sys.stderr)
        return 1
    os.makedirs(os.path.join(ROOT, ".build"), exist_ok=True)
    work = tempfile.mkdtemp(prefix="handouts-", dir=os.path.join(ROOT, ".build"))
    try:
        site_dir = os.path.join(work, "site")
        with zipfile.ZipFile(zips[0]) as zf:
            zf.extractall(site_dir)
        new_out = os.path.join(work, "handouts")
        try:
            done = make_handouts(site_dir, new_out)
        except Exception as exc:   # report and leave the previous dist/handouts/ as it was
            print(f"handouts: {exc}; {os.path.relpath(dist, ROOT)}/handouts/ left as it was", file=sys.stderr)
            return 1
        write_sums(new_out)
        final = os.path.join(dist, "handouts")
        swap_in(new_out, final, work)
        print(f"handouts: {len(done)} PDFs in {os.path.relpath(final, ROOT)}/ (SHA256SUMS beside them)")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
