"""The offline bundle: strict build, zip layout, checksums, nothing fetched from outside,
and a failed build leaves the previous bundle untouched."""
import hashlib
import os
import re
import shutil
import subprocess
import sys
import zipfile

from conftest import ROOT

# A URL a browser would fetch: src/href/url() pointing at http(s) or protocol-relative.
FETCH = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//|url\(\s*["']?(?:https?:)?//|@import\s+["'](?:https?:)?//|importScripts\(\s*["'](?:https?:)?//""", re.I)


def test_zip_opens_at_index_and_has_both_languages(bundle):
    with zipfile.ZipFile(bundle[0]) as zf:
        names = set(zf.namelist())
    assert "index.html" in names and "en/index.html" in names
    assert "search/search_index.js" in names and "en/search/search_index.js" in names
    assert "assets/vendor/iframe-worker/shim.js" in names
    assert "assets/javascripts/kb-search.js" in names
    assert not any(n.startswith("assets/javascripts/workers/") for n in names), "Material's lunr worker is unused"


def test_sha256sums_verifies(bundle):
    zip_path, dist = bundle
    proc = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=dist, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    with open(zip_path, "rb") as fh:
        digest = hashlib.sha256(fh.read()).hexdigest()
    assert open(os.path.join(dist, "SHA256SUMS")).read() == f"{digest}  {os.path.basename(zip_path)}\n"


def test_no_built_file_fetches_from_outside(site):
    offenders = []
    for dirpath, _dirs, files in os.walk(site):
        for name in files:
            if not name.endswith((".html", ".css", ".js")) or name.endswith(".map"):
                continue
            path = os.path.join(dirpath, name)
            text = open(path, encoding="utf-8", errors="replace").read()
            for m in FETCH.finditer(text):
                offenders.append(f"{os.path.relpath(path, site)}: {text[m.start():m.end() + 40]}")
    assert offenders == []


def test_no_generator_link_or_remote_fonts(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html
    assert 'name="generator"' not in html or "mkdocs" not in html.split('name="generator"')[1][:80]


def test_failed_build_leaves_previous_bundle_untouched(tmp_path):
    """Copy the project, break one link, run the bundle script: non-zero exit, the finding
    is printed as path:line:col: CODE, and the existing dist/ keeps its bytes."""
    work = tmp_path / "proj"
    shutil.copytree(ROOT, work, symlinks=True, ignore=shutil.ignore_patterns(".venv", "node_modules", "site", "dist", ".build", ".git"))
    os.symlink(os.path.join(ROOT, "node_modules"), work / "node_modules")
    dist = work / "dist"
    dist.mkdir()
    (dist / "xinfang-kb-1.0.0.zip").write_bytes(b"previous bundle")
    (dist / "SHA256SUMS").write_text("previous sums\n")
    page = work / "docs" / "guides" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[坏链接](no-such-page.md)\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "scripts/bundle.py"], cwd=work, capture_output=True, text=True)
    assert proc.returncode != 0
    assert re.search(r"docs/guides/index\.md:\d+:1: KB201 link to 'no-such-page\.md': page does not exist", proc.stderr + proc.stdout)
    assert (dist / "xinfang-kb-1.0.0.zip").read_bytes() == b"previous bundle"
    assert (dist / "SHA256SUMS").read_text() == "previous sums\n"
    assert sorted(os.listdir(dist)) == ["SHA256SUMS", "xinfang-kb-1.0.0.zip"]
