#!/usr/bin/env python3
"""Build the site with --strict into a temporary folder and, only if that succeeds,
replace dist/ with a reproducible zip of it and its SHA256SUMS.

A failed build prints the findings (path:line:col: CODE message) and leaves dist/ as it was.

Usage: bundle.py [--root PROJECT] [DIST]   (defaults: this repository, DIST=dist, relative to PROJECT;
the tests build their fixture sites with --root).
Timestamps come from the last commit (SOURCE_DATE_EPOCH), entries are sorted, and
permissions are fixed, so two builds of one commit give the same bytes.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NAME = "xinfang-kb"


def source_date_epoch(root: str = ROOT) -> int:
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return int(os.environ["SOURCE_DATE_EPOCH"])
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True, check=True)
        return int(out.stdout.strip())
    except (subprocess.CalledProcessError, FileNotFoundError, ValueError):
        return 315532800   # 1980-01-01, the earliest time a zip can hold


def build(site_dir: str, epoch: int, config: str = "mkdocs.yml", root: str = ROOT) -> int:
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(epoch), NO_MKDOCS_2_WARNING="1",
               DISABLE_MKDOCS_2_WARNING="true", PYTHONHASHSEED="0")
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-f", config, "-d", site_dir]
    return subprocess.run(cmd, cwd=root, env=env).returncode


def write_zip(site_dir: str, zip_path: str, epoch: int) -> None:
    stamp = time.gmtime(max(epoch, 315532800))[:6]
    entries = []
    for dirpath, dirnames, filenames in os.walk(site_dir):
        dirnames.sort()
        for name in filenames:
            full = os.path.join(dirpath, name)
            entries.append(os.path.relpath(full, site_dir).replace(os.sep, "/"))
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for rel in sorted(entries):
            info = zipfile.ZipInfo(rel, date_time=stamp)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            with open(os.path.join(site_dir, rel), "rb") as fh:
                zf.writestr(info, fh.read(), compresslevel=9)


def swap_in(new: str, final: str, work: str) -> None:
    """Replace the folder ``final`` by ``new``: the old one is moved into ``work`` (deleted with
    it), so ``final`` is never half written."""
    if os.path.exists(final):
        os.rename(final, os.path.join(work, "old-" + os.path.basename(final)))
    os.rename(new, final)


def main(argv: list[str], builder=build) -> int:
    """``builder(site_dir, epoch, root=...)`` returns the build's exit status; the tests pass
    one that builds in their own process through MkDocs' API."""
    args = list(argv[1:])
    root = ROOT
    if len(args) >= 2 and args[0] == "--root":
        root = os.path.abspath(args[1])
        args = args[2:]
    dist = os.path.join(root, args[0] if args else "dist")
    with open(os.path.join(root, "VERSION"), encoding="utf-8") as fh:
        version = fh.read().strip()
    epoch = source_date_epoch(root)
    os.makedirs(os.path.join(root, ".build"), exist_ok=True)
    work = tempfile.mkdtemp(prefix="bundle-", dir=os.path.join(root, ".build"))
    try:
        site_dir = os.path.join(work, "site")
        if builder(site_dir, epoch, root=root) != 0:
            print(f"bundle: build failed; {os.path.relpath(dist, root)}/ left as it was", file=sys.stderr)
            return 1
        new_dist = os.path.join(work, "dist")
        os.makedirs(new_dist)
        zip_name = f"{NAME}-{version}.zip"
        write_zip(site_dir, os.path.join(new_dist, zip_name), epoch)
        with open(os.path.join(new_dist, zip_name), "rb") as fh:
            digest = hashlib.sha256(fh.read()).hexdigest()
        with open(os.path.join(new_dist, "SHA256SUMS"), "w", encoding="utf-8") as fh:
            fh.write(f"{digest}  {zip_name}\n")
        # Swap in the new dist/ only now that everything is written.
        swap_in(new_dist, dist, work)
        print(f"bundle: {os.path.relpath(dist, root)}/{zip_name} sha256 {digest}")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
