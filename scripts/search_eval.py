#!/usr/bin/env python3
"""Measure the site's search with the dev questions, against a stock Material baseline.

    make search-eval
    .venv/bin/python scripts/search_eval.py [--questions FILE] [--zip dist/x.zip] [--no-baseline]

Each question is typed into the site's own search box in Debian's Chromium, with the bundle
opened from file:// (Chinese questions from the Chinese home page, English ones from the
English home page). A result counts as a hit when its page's text (the built HTML of the
result's page, its article only) contains at least one word of every ``must_contain`` group.
hit@k is the share of questions with a hit among the first k result pages.

The baseline is the same docs built in the same run with a stock Material configuration:
no project hooks, no theme overrides, Material's own lunr search set up the way Material
documents for Chinese (``lang: zh``: jieba segmentation at build time, Material's Chinese
separator) and the offline plugin with the same local iframe-worker shim, so it too is
searched from file://. (``lang: [zh, en]`` was tried and is worse: lunr's multi-language
pipeline loses most English matches.)

The questions file defaults to ../shared/eval/dev_questions.yml (or $KB_EVAL_QUESTIONS). When
it is absent the script says so and exits 0: the project builds and tests without it.
"""
from __future__ import annotations

import argparse
import html as htmlmod
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests"))
DEFAULT_QUESTIONS = os.path.join(ROOT, "..", "shared", "eval", "dev_questions.yml")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
KS = (1, 3, 5)
ARTICLE = re.compile(r"<article\b[^>]*>(.*?)</article>", re.S)


# -- building ---------------------------------------------------------------------------

def ensure_bundle(zip_path: str | None) -> str:
    """The bundle zip to evaluate: the one given, else dist/'s, else build it now."""
    if zip_path:
        return zip_path
    dist = os.path.join(ROOT, "dist")
    found = sorted(f for f in os.listdir(dist) if f.endswith(".zip")) if os.path.isdir(dist) else []
    if not found:
        print("search-eval: no bundle in dist/: building it (scripts/bundle.py)", flush=True)
        if subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "bundle.py")], cwd=ROOT).returncode:
            raise SystemExit("search-eval: the bundle did not build")
        found = sorted(f for f in os.listdir(dist) if f.endswith(".zip"))
    return os.path.join(dist, found[-1])


def unzip(zip_path: str, dest: str) -> str:
    with zipfile.ZipFile(zip_path) as zf:
        zf.extractall(dest)
    return dest


def stock_config(dest_dir: str) -> str:
    """A stock-Material mkdocs config for the same docs: our config less hooks, theme
    overrides and search tuning. Returns its path."""
    with open(os.path.join(ROOT, "mkdocs.yml"), encoding="utf-8") as fh:
        cfg = yaml.safe_load(fh)
    cfg.pop("hooks", None)
    cfg["strict"] = False
    cfg["docs_dir"] = os.path.join(ROOT, "docs")
    cfg["theme"].pop("custom_dir", None)
    plugins = []
    for p in cfg["plugins"]:
        name = p if isinstance(p, str) else next(iter(p))
        if name == "search":
            plugins.append({"search": {"lang": "zh"}})
        elif name == "redirects":
            continue
        else:
            plugins.append(p)
    cfg["plugins"] = plugins
    path = os.path.join(dest_dir, "mkdocs-stock.yml")
    with open(path, "w", encoding="utf-8") as fh:
        yaml.safe_dump(cfg, fh, allow_unicode=True, sort_keys=False)
    return path


def build_stock(work: str) -> str:
    """Build the baseline site into work/stock; copy the local iframe-worker shim. Returns the site dir."""
    site = os.path.join(work, "stock")
    cfg = stock_config(work)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", cfg, "-d", site],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit("search-eval: the stock baseline did not build:\n" + proc.stderr[-3000:])
    # Stock offline + i18n writes search_index.js (what file:// reads) during the English
    # build, before mkdocs-static-i18n merges both languages into search_index.json: from
    # file:// stock search would see English pages only. Re-inline the merged index, as the
    # offline plugin would if it ran last, so the baseline measures the engine, not that slip.
    index = os.path.join(site, "search", "search_index.json")
    with open(index, encoding="utf-8") as fh:
        merged = fh.read()
    with open(index[:-2], "w", encoding="utf-8") as fh:
        fh.write("var __index = " + merged)
    shim = os.path.join(ROOT, "node_modules", "iframe-worker", "shim", "index.js")
    target = os.path.join(site, "assets", "vendor", "iframe-worker", "shim.js")
    os.makedirs(os.path.dirname(target), exist_ok=True)
    shutil.copyfile(shim, target)
    return site


# -- judging ----------------------------------------------------------------------------

def page_text(site: str, key: str, cache: dict) -> str:
    """Lower-cased plain text of a built page's article (the content, not the navigation)."""
    if key not in cache:
        path = os.path.join(site, key)
        if not os.path.isfile(path):
            cache[key] = ""
        else:
            with open(path, encoding="utf-8") as fh:
                raw = fh.read()
            m = ARTICLE.search(raw)
            body = m.group(1) if m else raw
            body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
            text = htmlmod.unescape(re.sub(r"<[^>]+>", " ", body))
            cache[key] = re.sub(r"\s+", " ", text).lower()
    return cache[key]


def is_hit(text: str, groups) -> bool:
    return bool(text) and all(any(str(w).lower() in text for w in group) for group in groups)


CASES = os.path.join(ROOT, "tests", "search_cases.yml")


def load_cases(path: str = CASES) -> list[dict]:
    """The project's own whole-sentence questions: a hit is one of the ``expect`` pages."""
    with open(path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or []
    return [{"id": f"S{i + 1:02d}", "query": str(c["query"]), "lang": c.get("lang", "zh"), "expect": list(c["expect"])}
            for i, c in enumerate(data)]


def load_questions(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or []
    out = []
    for q in data:
        if isinstance(q, dict) and q.get("query") and q.get("must_contain"):
            out.append({"id": str(q.get("id", "")), "query": str(q["query"]), "lang": q.get("lang", "zh"),
                        "groups": [[str(w) for w in (g if isinstance(g, list) else [g])] for g in q["must_contain"]]})
    return out


# -- the browser ------------------------------------------------------------------------

def result_keys(hrefs: list[str], site_uri: str) -> list[str]:
    """Result links -> distinct page paths relative to the site root, best first."""
    keys = []
    for h in hrefs:
        path = h.split("#")[0].split("?")[0]
        if path.startswith(site_uri):
            path = path[len(site_uri):]
        if path.endswith("/"):
            path += "index.html"
        if path not in keys:
            keys.append(path)
    return keys


def run_questions(browser, site: str, questions: list[dict]) -> list[dict]:
    """Type every question into the search box of ``site`` (file://); results per question."""
    from helpers import search
    site_uri = "file://" + os.path.abspath(site) + "/"
    cache: dict = {}
    out = []
    for lang in ("zh", "en"):
        qs = [q for q in questions if q["lang"] == lang]
        if not qs:
            continue
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(site_uri + ("en/index.html" if lang == "en" else "index.html"))
        for q in qs:
            try:
                keys = result_keys(search(page, q["query"], timeout=30000), site_uri)
            except Exception as exc:   # a search that never answers is a miss, not a crash
                print(f"search-eval: {q['id']} {q['query']!r}: no answer ({type(exc).__name__})", file=sys.stderr)
                keys = []
            if "expect" in q:
                hits = [k in q["expect"] for k in keys[:max(KS)]]
            else:
                hits = [is_hit(page_text(site, k, cache), q["groups"]) for k in keys[:max(KS)]]
            out.append(dict(q, results=keys[:max(KS)], hits=hits))
        context.close()
    return out


def launch(playwright):
    if not os.path.exists(CHROMIUM):
        raise SystemExit("search-eval: Debian chromium is not installed (make system-deps)")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


# -- report -----------------------------------------------------------------------------

def scores(rows: list[dict], lang: str) -> dict:
    sel = [r for r in rows if r["lang"] == lang]
    n = len(sel)
    return {"n": n, **{f"hit@{k}": (sum(any(r["hits"][:k]) for r in sel) / n if n else 0.0) for k in KS}}


def fmt(s: dict) -> str:
    return "  ".join(f"hit@{k} {s[f'hit@{k}']:.2f}" for k in KS) + f"  (n={s['n']})"


def report(ours: list[dict], base: list[dict] | None, title: str) -> dict:
    summary = {}
    print(f"\n{title}")
    for lang in ("zh", "en"):
        so = scores(ours, lang)
        summary[f"ours-{lang}"] = so
        print(f"  {lang}  ours      {fmt(so)}")
        if base is not None:
            sb = scores(base, lang)
            summary[f"baseline-{lang}"] = sb
            print(f"  {lang}  baseline  {fmt(sb)}")
    for name, rows in (("ours", ours), ("baseline", base)):
        if rows is None:
            continue
        misses = [r for r in rows if not any(r["hits"][:5])]
        print(f"misses ({name}, not in the top 5): {len(misses)}")
        for r in misses:
            print(f"  {r['id']} [{r['lang']}] {r['query']}")
            print(f"      top: {', '.join(r['results'][:5]) or '(no results)'}")
    return summary


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--questions", default=os.environ.get("KB_EVAL_QUESTIONS", DEFAULT_QUESTIONS))
    ap.add_argument("--zip", help="bundle zip to evaluate (default: dist/'s, built if missing)")
    ap.add_argument("--no-baseline", action="store_true", help="skip the stock Material baseline")
    ap.add_argument("--json", help="also write the per-question results to this file")
    ap.add_argument("--target", type=float, default=0.90, help="hit@5 target per language (default 0.90)")
    args = ap.parse_args(argv)
    if not os.path.isfile(args.questions):
        print(f"search-eval: question file {os.path.normpath(args.questions)} not found; nothing to measure "
              "(set KB_EVAL_QUESTIONS or pass --questions FILE)")
        return 0
    questions = load_questions(args.questions)
    cases = load_cases()
    zip_path = ensure_bundle(args.zip)
    os.makedirs(os.path.join(ROOT, ".build"), exist_ok=True)
    work = tempfile.mkdtemp(prefix="search-eval-", dir=os.path.join(ROOT, ".build"))
    try:
        ours_site = unzip(zip_path, os.path.join(work, "ours"))
        base_site = None
        if not args.no_baseline:
            t = time.perf_counter()
            base_site = build_stock(work)
            print(f"search-eval: stock Material baseline built in {time.perf_counter() - t:.1f} s", flush=True)
        from playwright.sync_api import sync_playwright
        with sync_playwright() as p:
            browser = launch(p)
            ours = run_questions(browser, ours_site, questions + cases)
            base = run_questions(browser, base_site, questions + cases) if base_site else None
            browser.close()
        print(f"search-eval: {len(questions)} questions from {os.path.relpath(args.questions, ROOT)}; "
              f"bundle {os.path.relpath(zip_path, ROOT)} from file://")
        dev = lambda rows: None if rows is None else [r for r in rows if "expect" not in r]
        own = lambda rows: None if rows is None else [r for r in rows if "expect" in r]
        summary = report(dev(ours), dev(base), "dev set: hit@k per language (a hit: a result page with a word "
                                               "of every must_contain group)")
        own_summary = report(own(ours), own(base), f"own whole-sentence cases ({os.path.relpath(CASES, ROOT)}): "
                                                   "hit@k (a hit: one of the expected pages)")
        met = all(summary[f"ours-{l}"]["hit@5"] >= args.target for l in ("zh", "en") if summary[f"ours-{l}"]["n"])
        print(f"\ntarget hit@5 >= {args.target:.2f} in each language: {'met' if met else 'NOT met'}")
        if args.json:
            with open(args.json, "w", encoding="utf-8") as fh:
                json.dump({"summary": summary, "own_summary": own_summary, "ours": ours, "baseline": base}, fh, ensure_ascii=False, indent=1)
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
