"""Bad-input corpus: every case in tests/fixtures/ is a tiny zh/en site (see fixture_sites.py).

For each case:
- built in this process through MkDocs' Python API with strict on, the findings logged are
  exactly the case's expected.txt (each once, although mkdocs-static-i18n builds twice), and
  the build fails if and only if one of them is fatal;
- built by scripts/bundle.py over an existing dist/ (a sentinel zip and SHA256SUMS): a fatal
  case exits non-zero, prints the same findings, and leaves dist/ byte-for-byte and
  mtime-for-mtime as it was; a clean or info-only case replaces it with a new bundle.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

import fixture_sites as fx
from kb import findings as kbf

CASES = fx.cases()
# KB8xx (channel tree, deadline rules) get their cases with those checks.
PENDING_FAMILIES = ("KB8",)


def _fatal(lines: list[str]) -> bool:
    return any(re.search(r": (KB\d{3}) ", l).group(1) not in kbf.INFO_CODES for l in lines)


@pytest.fixture
def epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(fx.EPOCH))
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.setenv("DISABLE_MKDOCS_2_WARNING", "true")


@pytest.mark.parametrize("case", CASES)
def test_case_findings_through_mkdocs_api(case, tmp_path, monkeypatch, epoch):
    root = fx.materialise(case, str(tmp_path / "project"))
    monkeypatch.chdir(root)     # as scripts/bundle.py runs mkdocs (search.jieba_dict_user is cwd-relative)
    ok, found, other = fx.build_api(root, str(tmp_path / "site"))
    want = fx.expected(case)
    assert found == want
    assert ok is not _fatal(want), other
    if not want:
        assert other == []


def _snapshot(folder: str) -> dict:
    out = {}
    for name in sorted(os.listdir(folder)):
        p = os.path.join(folder, name)
        st = os.stat(p)
        with open(p, "rb") as fh:
            out[name] = (fh.read(), st.st_mtime_ns)
    return out


@pytest.mark.parametrize("case", CASES)
def test_case_bundle_keeps_previous_dist(case, tmp_path):
    root = fx.materialise(case, str(tmp_path / "project"))
    dist = os.path.join(root, "dist")
    os.makedirs(dist)
    with open(os.path.join(dist, "xinfang-kb-0.0.0.zip"), "wb") as fh:
        fh.write(b"PK\x05\x06" + b"\x00" * 18)            # an empty zip: the previous bundle
    with open(os.path.join(dist, "SHA256SUMS"), "w", encoding="utf-8") as fh:
        fh.write("0" * 64 + "  xinfang-kb-0.0.0.zip\n")
    os.utime(os.path.join(dist, "SHA256SUMS"), ns=(1_000_000_000_000_000_000,) * 2)
    before = _snapshot(dist)
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(fx.EPOCH))
    proc = subprocess.run([sys.executable, os.path.join(fx.ROOT, "scripts", "bundle.py"), "--root", root],
                          capture_output=True, text=True, env=env)
    output = proc.stdout + proc.stderr
    want = fx.expected(case)
    assert fx.findings_in(output) == want, output[-4000:]
    if _fatal(want):
        assert proc.returncode != 0
        assert "bundle: build failed; dist/ left as it was" in proc.stderr
        assert _snapshot(dist) == before
    else:
        assert proc.returncode == 0, output[-4000:]
        assert sorted(os.listdir(dist)) == ["SHA256SUMS", "xinfang-kb-0.0.1.zip"]


def test_every_finding_code_has_a_case():
    covered = set()
    for case in CASES:
        covered |= {re.search(r": (KB\d{3}) ", l).group(1) for l in fx.expected(case)}
    wanted = {c for c in kbf.CODES if not c.startswith(PENDING_FAMILIES)}
    assert sorted(wanted - covered) == []
    assert sorted(covered - set(kbf.CODES)) == []


def test_clean_base_has_no_findings():
    assert "clean" in CASES and fx.expected("clean") == []
