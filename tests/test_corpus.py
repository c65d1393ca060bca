"""Bad-input corpus: every folder in tests/fixtures/ is a tiny zh/en site (see fixture_sites.py).

For each case, scripts/bundle.py runs over an existing dist/ (a sentinel zip and SHA256SUMS)
with the site built in this process through MkDocs' Python API, strict on:
- the findings logged are exactly the case's expected.txt, each once (mkdocs-static-i18n
  builds the site twice, once per language);
- a case with a fatal finding exits non-zero and leaves dist/ byte-for-byte and
  mtime-for-mtime as it was; a clean or info-only case replaces it with the new bundle.

A few cases also go through ``python scripts/bundle.py --root`` exactly as ``make bundle``
runs it (mkdocs in a subprocess); KB_CORPUS_SUBPROCESS=all runs every case that way.
"""
from __future__ import annotations

import contextlib
import importlib.util
import io
import os
import re
import subprocess
import sys

import pytest

import fixture_sites as fx
from kb import findings as kbf

CASES = fx.cases()
SUBPROCESS_CASES = CASES if os.environ.get("KB_CORPUS_SUBPROCESS") == "all" else [
    "clean", "kb110-stale-review", "kb201-missing-page", "kb601-data-yaml-invalid"]
SENTINEL_ZIP = "xinfang-kb-0.0.0.zip"


def _load_bundle():
    spec = importlib.util.spec_from_file_location("kb_bundle_script", os.path.join(fx.ROOT, "scripts", "bundle.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bundle_script = _load_bundle()


def _code(line: str) -> str:
    return re.search(r": (KB\d{3}) ", line).group(1)


def _fatal(lines: list[str]) -> bool:
    return any(_code(l) not in kbf.INFO_CODES for l in lines)


def _previous_dist(root: str) -> str:
    """A dist/ as an earlier `make bundle` left it; its file mtimes set far in the past."""
    dist = os.path.join(root, "dist")
    os.makedirs(dist)
    with open(os.path.join(dist, SENTINEL_ZIP), "wb") as fh:
        fh.write(b"PK\x05\x06" + b"\x00" * 18)            # an empty zip
    with open(os.path.join(dist, "SHA256SUMS"), "w", encoding="utf-8") as fh:
        fh.write("0" * 64 + f"  {SENTINEL_ZIP}\n")
    for name in os.listdir(dist):
        os.utime(os.path.join(dist, name), ns=(1_000_000_000_000_000_000,) * 2)
    return dist


def _snapshot(folder: str) -> dict:
    out = {}
    for name in sorted(os.listdir(folder)):
        p = os.path.join(folder, name)
        with open(p, "rb") as fh:
            out[name] = (fh.read(), os.stat(p).st_mtime_ns)
    return out


def _check_dist(dist: str, before: dict, want: list[str], status: int, message: str) -> None:
    if _fatal(want):
        assert status != 0
        assert "bundle: build failed; dist/ left as it was" in message
        assert _snapshot(dist) == before
    else:
        assert status == 0, message[-4000:]
        assert sorted(os.listdir(dist)) == ["SHA256SUMS", "xinfang-kb-0.0.1.zip"]


@pytest.mark.parametrize("case", CASES)
def test_case(case, tmp_path, monkeypatch):
    """bundle.py with the build done through MkDocs' Python API in this process."""
    root = fx.materialise(case, str(tmp_path / "project"))
    dist = _previous_dist(root)
    before = _snapshot(dist)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(fx.EPOCH))
    monkeypatch.chdir(root)   # as bundle.py runs mkdocs (search.jieba_dict_user is cwd-relative)
    builds = []

    def api_build(site_dir, epoch, root):
        assert epoch == fx.EPOCH
        builds.append(fx.build_api(root, site_dir))
        return 0 if builds[-1][0] else 1

    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        status = bundle_script.main(["bundle.py", "--root", root], builder=api_build)
    assert len(builds) == 1
    ok, found, other = builds[0]
    want = fx.expected(case)
    assert found == want
    assert ok is not _fatal(want), other
    if not want:
        assert other == []
    _check_dist(dist, before, want, status, err.getvalue())


@pytest.mark.parametrize("case", SUBPROCESS_CASES)
def test_case_with_make_bundle_command(case, tmp_path):
    """The same, through `python scripts/bundle.py --root <fixture>` (mkdocs in a subprocess)."""
    root = fx.materialise(case, str(tmp_path / "project"))
    dist = _previous_dist(root)
    before = _snapshot(dist)
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(fx.EPOCH))
    proc = subprocess.run([sys.executable, os.path.join(fx.ROOT, "scripts", "bundle.py"), "--root", root],
                          capture_output=True, text=True, env=env)
    output = proc.stdout + proc.stderr
    want = fx.expected(case)
    assert fx.findings_in(output) == want, output[-4000:]
    _check_dist(dist, before, want, proc.returncode, output)


def test_every_finding_code_has_a_case():
    covered = {_code(l) for case in CASES for l in fx.expected(case)}
    assert sorted(set(kbf.CODES) - covered) == []
    assert sorted(covered - set(kbf.CODES)) == []


def test_corpus_has_the_named_bad_inputs():
    """Issue 8's list: each named bad input has its case, and the clean base is clean."""
    named = {
        "clean": None,
        "kb101-front-matter-yaml": "KB101",        # broken front-matter YAML
        "kb106-unterminated-admonition": "KB106",
        "kb207-duplicate-anchor": "KB207",
        "kb107-not-in-nav": "KB107",              # needs an explicit nav (mkdocs.extra.yml)
        "kb204-missing-image": "KB204",
        "kb602-laws-wrong-type": "KB602",         # data file with a wrong type
        "kb601-data-yaml-invalid": "KB601",       # bad YAML in data/ names the file and line
    }
    for case, code in named.items():
        assert case in CASES
        codes = [_code(l) for l in fx.expected(case)]
        assert (code in codes) if code else codes == []


def test_contributing_documents_every_code_with_a_real_example():
    """CONTRIBUTING.md 'Finding codes' lists exactly findings.CODES; each example in backticks
    is a line some corpus case really produces."""
    with open(os.path.join(fx.ROOT, "CONTRIBUTING.md"), encoding="utf-8") as fh:
        text = fh.read()
    section = text.split("\n## Finding codes\n", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| (KB\d{3}) \| (.*?) \| .* \|$", section, re.M)
    assert sorted(code for code, _ in rows) == sorted(kbf.CODES)
    produced = {l for case in CASES for l in fx.expected(case)}
    for code, example in rows:
        assert example.startswith("`") and example.endswith("`"), code
        line = example.strip("`")
        assert _code(line) == code
        assert line in produced, line
