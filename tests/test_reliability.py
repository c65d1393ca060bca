"""Reproducible bundle: a second build of the same commit, in another folder, another time zone
and with another umask, gives the same zip bytes as the session build; SHA256SUMS verifies."""
import gzip
import hashlib
import os
import re
import subprocess
import sys
import zipfile

from conftest import ROOT


def sha256(path):
    with open(path, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()


def test_two_builds_of_one_commit_are_byte_identical(bundle, tmp_path_factory):
    first_zip, first_dist = bundle
    dist = tmp_path_factory.mktemp("dist-again")
    env = dict(os.environ, TZ="Asia/Shanghai", LC_ALL="C.UTF-8")
    env.pop("SOURCE_DATE_EPOCH", None)          # the script must derive it from the last commit
    proc = subprocess.run(
        ["sh", "-c", 'umask 002 && exec "$0" scripts/bundle.py "$1"', sys.executable, os.path.relpath(dist, ROOT)],
        cwd=ROOT, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-6000:]
    second_zip = os.path.join(dist, os.path.basename(first_zip))
    with zipfile.ZipFile(first_zip) as a, zipfile.ZipFile(second_zip) as b:
        names_a, names_b = a.namelist(), b.namelist()
        assert names_a == names_b
        assert names_a == sorted(names_a), "entries must be sorted"
        differing = [n for n in names_a if a.read(n) != b.read(n)]
        assert differing == [], f"files whose content differs between two builds: {differing[:20]}"
        stamps = {i.date_time for i in a.infolist()}
        assert len(stamps) == 1, f"every entry carries the commit time, got {sorted(stamps)[:5]}"
    assert sha256(first_zip) == sha256(second_zip)
    assert open(os.path.join(first_dist, "SHA256SUMS")).read() == open(os.path.join(dist, "SHA256SUMS")).read()
    for d in (first_dist, str(dist)):
        check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=d, capture_output=True, text=True)
        assert check.returncode == 0 and check.stdout.strip().endswith(": OK"), check.stdout + check.stderr


def test_no_build_clock_in_the_bundle(bundle):
    """Nothing in the site says when it was built: the only time is the last commit's."""
    out = subprocess.run(["git", "log", "-1", "--format=%ct %cs"], cwd=ROOT, capture_output=True, text=True, check=True)
    ct, day = out.stdout.split()
    ct = int(ct)
    with zipfile.ZipFile(bundle[0]) as zf:
        sitemap = zf.read("sitemap.xml").decode()
        assert set(re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap)) == {day}
        gz = zf.read("sitemap.xml.gz")
        assert int.from_bytes(gz[4:8], "little") in (0, ct, ct - ct % 86400), "sitemap.xml.gz mtime is not the commit's"
        assert gzip.decompress(gz).decode() == sitemap
