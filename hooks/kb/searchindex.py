"""Per-language search index and the browser-side files the search needs.

mkdocs-static-i18n merges every language into one ``search/search_index.json``. This
splits it: Chinese pages go to ``search/``, English pages to ``en/search/`` with locations
relative to ``en/``, so a search from a page only returns pages in that page's language.
Each entry is enriched with the page's ``search_questions`` and the glossary aliases of its
language. Each language's index is then tokenised and inverted at build time by Node running
the search worker's own code (``search_prebuild.js``) into ``kb_index.js``, which the worker
loads; Material's ``search_index.json|js`` keeps only its config.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess

VENDOR = {
    # site path: (node_modules path, ...) concatenated in order
    "assets/vendor/iframe-worker/shim.js": ("iframe-worker/shim/index.js",),
}
WORKER = "assets/javascripts/kb-search.js"


class MissingNodeModules(Exception):
    pass


def _dump(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def split_index(merged: dict, pages: dict, aliases: dict) -> dict[str, dict]:
    """{'zh': index, 'en': index} from the merged index.

    ``pages`` maps a page's output location (``guides/x.html`` or ``en/guides/x.html``)
    to {'questions': [...]}; ``aliases`` maps lang -> {alias: preferred term}."""
    out = {}
    for lang in ("zh", "en"):
        docs = []
        for doc in merged.get("docs", []):
            loc = doc["location"]
            is_en = loc.startswith("en/")
            if (lang == "en") != is_en:
                continue
            entry = {"location": loc[3:] if is_en else loc, "title": doc.get("title", ""), "text": doc.get("text", "")}
            if doc.get("boost"):
                entry["boost"] = doc["boost"]
            page = pages.get(loc.split("#")[0])
            if page and "#" not in loc and page.get("questions"):
                entry["questions"] = list(page["questions"])
            docs.append(entry)
        config = dict(merged.get("config", {}))
        config["lang"] = [lang]
        config["aliases"] = dict(sorted(aliases.get(lang, {}).items()))
        out[lang] = {"config": config, "docs": docs}
    return out


def write_per_language(site_dir: str, site, pages_meta: dict, node_modules: str | None = None) -> None:
    """Write each language's index: ``search/search_index.json|js`` for Material (its config
    only: the search box needs nothing else) and ``search/kb_index.js``, the index our worker
    loads as it starts, tokenised and inverted here at build time by Node running the worker's
    own code (hooks/kb/search_prebuild.js), so the browser only parses it."""
    copy_browser_files(site_dir, site.root, node_modules)
    merged_path = os.path.join(site_dir, "search", "search_index.json")
    if not os.path.exists(merged_path):
        return
    with open(merged_path, encoding="utf-8") as fh:
        merged = json.load(fh)
    pages = {}
    for src_uri, meta in pages_meta.items():
        html = src_uri[:-6] + ".html" if src_uri.endswith(".en.md") else src_uri[:-3] + ".html"
        if src_uri.endswith(".en.md"):
            html = "en/" + html
        pages[html] = meta
    aliases = {lang: site.data.glossary.aliases(lang) for lang in ("zh", "en")}
    args = []
    tmp = []
    for lang, index in split_index(merged, pages, aliases).items():
        folder = os.path.join(site_dir, "en", "search") if lang == "en" else os.path.join(site_dir, "search")
        os.makedirs(folder, exist_ok=True)
        text = _dump({"config": index["config"], "docs": []})
        with open(os.path.join(folder, "search_index.json"), "w", encoding="utf-8") as fh:
            fh.write(text)
        with open(os.path.join(folder, "search_index.js"), "w", encoding="utf-8") as fh:
            fh.write("var __index = " + text)
        full = os.path.join(folder, ".kb_index_source.json")
        with open(full, "w", encoding="utf-8") as fh:
            fh.write(_dump(index))
        tmp.append(full)
        args += [full, os.path.join(folder, BUILT_INDEX)]
    try:
        run_node([os.path.join(site.root, "hooks", "kb", "search_prebuild.js"), os.path.join(site_dir, WORKER), *args])
    finally:
        for path in tmp:
            os.remove(path)


BUILT_INDEX = "kb_index.js"


def run_node(args: list[str]) -> None:
    node = shutil.which("node")
    if not node:
        raise MissingNodeModules("the search index is built with Node: install nodejs (make deps needs it too)")
    proc = subprocess.run([node, *args], capture_output=True, text=True)
    if proc.returncode:
        raise MissingNodeModules("building the search index failed (node " + " ".join(
            os.path.basename(a) for a in args[:1]) + "):\n" + proc.stderr[-2000:])


def read_built_index(path: str) -> dict:
    """The prebuilt index in ``kb_index.js`` (``var __kbIndex = JSON.parse('...');``) as a dict,
    for tests and tools."""
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    literal = text[text.index("JSON.parse('") + 12:text.rindex("')")]
    unescape = {"\\\\": "\\", "\\'": "'", "\\u2028": "\u2028", "\\u2029": "\u2029"}
    return json.loads(re.sub(r"\\(\\|'|u2028|u2029)", lambda m: unescape[m.group(0)], literal))


STEMMER = ("wink-porter2-stemmer", "src", "wink-porter2-stemmer.js")


def jieba_words(site) -> list[tuple[str, int]]:
    """Words jieba must keep whole when the build segments Chinese for search: the glossary's
    terms and aliases and the law registry's names, so a search for a term or a law title
    finds it as one word (its characters' bigrams are indexed too). Generated from the
    data files at build time, never kept by hand (data/jieba_user_dict.txt is for extras)."""
    words = set()
    for e in site.data.glossary.entries:
        words.update(t for t in e.terms("zh") if isinstance(t, str))
    for law in site.data.registry.laws.values():
        words.update(n for n in law.names if isinstance(n, str))
    cjk = [w.strip() for w in words if w and w.strip() and all("\u3400" <= c <= "\u9fff" for c in w.strip())]
    return [(w, 20000) for w in sorted(cjk) if len(w) >= 2]


def register_jieba_words(site) -> int:
    """Add :func:`jieba_words` to jieba's (process-wide) dictionary; 0 if jieba is absent."""
    try:
        import jieba
    except ImportError:
        return 0
    words = jieba_words(site)
    for w, freq in words:
        jieba.add_word(w, freq)
    return len(words)


def copy_browser_files(site_dir: str, root: str, node_modules: str | None = None) -> None:
    nm = node_modules or os.path.join(root, "node_modules")
    needed = [os.path.join(nm, p) for parts in VENDOR.values() for p in parts]
    needed.append(os.path.join(nm, *STEMMER))
    missing = [p for p in needed if not os.path.exists(p)]
    if missing:
        raise MissingNodeModules(
            f"browser dependencies are not installed ({os.path.relpath(missing[0], root)}): run 'npm ci' "
            "(make bundle does it)")
    for dest, parts in VENDOR.items():
        target = os.path.join(site_dir, dest)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as out:
            for p in parts:
                with open(os.path.join(nm, p), encoding="utf-8") as fh:
                    out.write(fh.read())
                out.write("\n")
    target = os.path.join(site_dir, WORKER)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "w", encoding="utf-8") as out:
        # The stemmer is CommonJS: give it a module object and expose it as self.kbStem.
        out.write("(function () { var module = { exports: {} }; var exports = module.exports;\n")
        with open(os.path.join(nm, *STEMMER), encoding="utf-8") as fh:
            out.write(fh.read())
        out.write("\nself.kbStem = module.exports; })();\n")
        with open(os.path.join(root, "overrides", "assets", "kb-search-worker.js"), encoding="utf-8") as fh:
            out.write(fh.read())
    # Material's own lunr worker is not used: remove it so nothing loads it by mistake.
    for name in os.listdir(os.path.join(site_dir, "assets", "javascripts", "workers")) if os.path.isdir(
            os.path.join(site_dir, "assets", "javascripts", "workers")) else []:
        os.remove(os.path.join(site_dir, "assets", "javascripts", "workers", name))
    shutil.rmtree(os.path.join(site_dir, "assets", "javascripts", "lunr"), ignore_errors=True)
