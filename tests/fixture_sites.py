"""Fixture sites for the bad-input corpus (tests/fixtures/).

``tests/fixtures/_base/`` is a tiny clean zh/en site with its own ``data/``. A case is a
folder ``tests/fixtures/<case>/`` holding only what it changes, plus:

- ``expected.txt``     the exact findings, one ``path:line:col: CODE message`` line each
                       (order does not matter; an empty file means a clean build);
- ``mkdocs.extra.yml`` optional YAML appended to the project's mkdocs.yml (e.g. a ``nav:``);
- ``remove.txt``       optional paths of base files to delete (one per line).

A case site is the project's own ``mkdocs.yml`` (same theme, plugins and extensions) with
the project's ``hooks/``, ``overrides/`` and ``node_modules/`` linked in and its
``docs/assets/`` copied, then ``_base/`` copied, then the case folder laid over it.
Adding a case is adding a folder.
"""
from __future__ import annotations

import logging
import os
import re
import shutil

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "tests", "fixtures")
BASE = os.path.join(FIXTURES, "_base")
CONTROL = {"expected.txt", "mkdocs.extra.yml", "remove.txt", "README.md"}
LINKED = ("hooks", "overrides", "node_modules")
# The date the fixtures are checked on (SOURCE_DATE_EPOCH): 2026-11-22 00:00 UTC.
EPOCH = 1795305600
FINDING = re.compile(r"(\S+:\d+:\d+: KB\d{3} .*?)\s*$")


def cases() -> list[str]:
    return sorted(d for d in os.listdir(FIXTURES)
                  if not d.startswith("_") and os.path.isdir(os.path.join(FIXTURES, d)))


def expected(case: str) -> list[str]:
    with open(os.path.join(FIXTURES, case, "expected.txt"), encoding="utf-8") as fh:
        return sorted(line.rstrip("\n") for line in fh if line.strip() and not line.startswith("#"))


def _overlay(src: str, dest: str, top: bool) -> None:
    for name in sorted(os.listdir(src)):
        if top and name in CONTROL:
            continue
        s, d = os.path.join(src, name), os.path.join(dest, name)
        if os.path.isdir(s):
            os.makedirs(d, exist_ok=True)
            _overlay(s, d, False)
        else:
            shutil.copyfile(s, d)


def materialise(case: str, dest: str) -> str:
    """Write the site of ``case`` (or '_base') into the empty folder ``dest``; return dest."""
    os.makedirs(dest, exist_ok=True)
    for name in LINKED:
        os.symlink(os.path.join(ROOT, name), os.path.join(dest, name))
    shutil.copytree(os.path.join(ROOT, "docs", "assets"), os.path.join(dest, "docs", "assets"))
    _overlay(BASE, dest, True)
    with open(os.path.join(ROOT, "mkdocs.yml"), encoding="utf-8") as fh:
        config = fh.read()
    if case != "_base":
        folder = os.path.join(FIXTURES, case)
        _overlay(folder, dest, True)
        extra = os.path.join(folder, "mkdocs.extra.yml")
        if os.path.exists(extra):
            with open(extra, encoding="utf-8") as fh:
                config += "\n" + fh.read()
        remove = os.path.join(folder, "remove.txt")
        if os.path.exists(remove):
            with open(remove, encoding="utf-8") as fh:
                for line in fh:
                    if line.strip():
                        os.remove(os.path.join(dest, line.strip()))
    with open(os.path.join(dest, "mkdocs.yml"), "w", encoding="utf-8") as fh:
        fh.write(config)
    return dest


def findings_in(text: str) -> list[str]:
    """The finding lines in build output (log prefixes such as 'WARNING -  ' dropped)."""
    out = []
    for line in text.splitlines():
        m = FINDING.search(line)
        if m:
            out.append(m.group(1))
    return sorted(out)


class _Records(logging.Handler):
    def __init__(self):
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


def build_api(root: str, site_dir: str) -> tuple[bool, list[str], list[str]]:
    """Build ``root``/mkdocs.yml in this process through MkDocs' Python API with strict on.

    Returns (succeeded, finding lines, other warnings and errors). The caller sets the
    working directory to ``root`` and SOURCE_DATE_EPOCH, as scripts/bundle.py does."""
    from mkdocs import utils
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    logger = logging.getLogger("mkdocs")
    handler = _Records()
    logger.addHandler(handler)
    old_level = logger.level
    logger.setLevel(logging.INFO)
    # mkdocs-static-i18n patches clean_directory and filters this logger while it builds the
    # other languages, and leaves both in place when that build fails: put them back after.
    clean = utils.clean_directory
    build_log = logging.getLogger("mkdocs.commands.build")
    filters = list(build_log.filters)
    ok = True
    try:
        cfg = load_config(config_file=os.path.join(root, "mkdocs.yml"), strict=True, site_dir=site_dir)
        build(cfg)
    except (Abort, MkDocsException):
        ok = False
    finally:
        utils.clean_directory = clean
        build_log.filters[:] = filters
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    found, other = [], []
    for r in handler.records:
        msg = r.getMessage()
        m = FINDING.match(msg)
        if m:
            found.append(m.group(1))
        elif r.levelno >= logging.WARNING:
            other.append(f"{r.levelname} {r.name}: {msg}")
    return ok, sorted(found), other
