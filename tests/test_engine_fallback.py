"""Engine fallback: ProperDocs (a maintained continuation of MkDocs 1.x) builds this site from the
same mkdocs.yml, with MkDocs itself NOT installed, and gives the same files, byte for byte, as the
MkDocs bundle; its --strict still fails on our findings.

ProperDocs is invoked as `properdocs build -f mkdocs.yml` (it looks for properdocs.yml first; -f
keeps one config for both engines). It answers `import mkdocs` itself (properdocs.replacement
aliases mkdocs.* to properdocs.*), so Material, mkdocs-static-i18n, mkdocs-redirects and our
hooks load unchanged. Its virtualenv is .venv-properdocs, from requirements-properdocs.txt.
"""
from __future__ import annotations

import filecmp
import os
import shutil
import subprocess

import pytest

from conftest import ROOT

VENV = os.path.join(ROOT, ".venv-properdocs")
PROPERDOCS = os.path.join(VENV, "bin", "properdocs")
# mkdocs-static-i18n reads the lunr language list from the *mkdocs* distribution's files at import
# time; with MkDocs absent it logs this and falls back to its built-in list. It concerns only
# `reconfigure_search`, which mkdocs.yml turns off, and it is logged before the build starts,
# so --strict does not count it. Every other warning fails the test.
KNOWN_WARNING = "WARNING -  mkdocs_static_i18n: Unable to detect lunr languages from mkdocs distribution"


@pytest.fixture(scope="module")
def properdocs_venv():
    proc = subprocess.run(["make", "-s", ".venv-properdocs/.installed"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    py = os.path.join(VENV, "bin", "python")
    no_mkdocs = subprocess.run([py, "-c", "import mkdocs"], capture_output=True, text=True)
    assert no_mkdocs.returncode != 0 and "No module named 'mkdocs'" in no_mkdocs.stderr, "MkDocs must not be installed"
    return py


def build(cwd, out, epoch):
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(epoch), PYTHONHASHSEED="0",
               NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    env.pop("VIRTUAL_ENV", None)
    return subprocess.run([PROPERDOCS, "build", "--strict", "--clean", "-f", "mkdocs.yml", "-d", str(out)],
                          cwd=cwd, env=env, capture_output=True, text=True)


def files_of(root) -> set[str]:
    out = set()
    for dirpath, _dirs, names in os.walk(root):
        for n in names:
            out.add(os.path.relpath(os.path.join(dirpath, n), root).replace(os.sep, "/"))
    return out


def commit_epoch() -> int:
    out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True, check=True)
    return int(out.stdout)


def test_properdocs_builds_the_same_site_without_warnings(properdocs_venv, site, tmp_path):
    out = tmp_path / "site"
    proc = build(ROOT, out, commit_epoch())
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log[-6000:]
    warnings = [l for l in log.splitlines() if l.startswith(("WARNING", "ERROR"))]
    assert warnings == [KNOWN_WARNING], warnings
    mine, theirs = files_of(out), files_of(site)
    assert sorted(theirs - mine) == [] and sorted(mine - theirs) == []
    pages = [f for f in mine if f.endswith(".html")]
    assert len(pages) > 100
    _match, mismatch, errors = filecmp.cmpfiles(out, site, sorted(mine), shallow=False)
    assert mismatch == [] and errors == [], f"files that differ from the MkDocs build: {mismatch[:20]}"


def test_properdocs_strict_build_fails_on_a_finding(properdocs_venv, tmp_path):
    work = tmp_path / "proj"
    shutil.copytree(ROOT, work, symlinks=True, ignore=shutil.ignore_patterns(
        ".venv", ".venv-properdocs", "node_modules", "site", "dist", ".build", ".git"))
    os.symlink(os.path.join(ROOT, "node_modules"), work / "node_modules")
    page = work / "docs" / "faq" / "wages.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n见[不存在的页面](nowhere.md)。\n", encoding="utf-8")
    line = page.read_text(encoding="utf-8").count("\n")
    proc = build(work, tmp_path / "out", commit_epoch())
    log = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert f"docs/faq/wages.md:{line}:2: KB201 link to 'nowhere.md': page does not exist" in log, log[-3000:]
    assert "Aborted with" in log and "in strict mode" in log, log[-2000:]
