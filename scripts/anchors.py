#!/usr/bin/env python3
"""Record every published page#anchor (both languages) in data/anchors.lock.

Usage: python3 scripts/anchors.py --write   (make anchors)
Once recorded, an anchor that disappears fails the build (KB501) unless data/redirects.yml
maps it to where it went.
"""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "hooks"))
from kb.site import Site  # noqa: E402


def main() -> int:
    site = Site(ROOT, "docs")
    entries = sorted(site.published_anchors() | site.data.anchors_lock & site.published_anchors())
    text = "# Published page#anchor list: trainers link to these. Written by `make anchors`.\n" + "\n".join(entries) + "\n"
    if "--write" in sys.argv:
        with open(os.path.join(ROOT, "data", "anchors.lock"), "w", encoding="utf-8") as fh:
            fh.write(text)
        print(f"anchors: {len(entries)} recorded in data/anchors.lock")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
