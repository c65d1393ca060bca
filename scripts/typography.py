#!/usr/bin/env python3
"""Chinese typography over docs/**/*.md: autocorrect (config in .autocorrectrc) plus two house
rules autocorrect lacks. Prints one finding a line, `path:line:col: RULE message`, and exits 1
when there are any; with --fix, rewrites the files instead (run by `make typography-fix`).

- autocorrect: full-width punctuation next to Chinese, no space beside full-width punctuation,
  half-width punctuation inside English (English pages skip `fullwidth`: see .autocorrectrc).
- cjk-space: no space between Chinese and Latin letters or digits on Chinese pages (`60日`).
- fullwidth-alnum: full-width letters and digits (`１５日`) become half-width.

Block quotes (`>` lines: quoted law text), fenced code and inline code are left alone.
"""
from __future__ import annotations

import glob
import os
import re
import sys

import autocorrect_py

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "hooks"))
from kb.markdown import BLOCKQUOTE as QUOTE, FENCE, INLINE_CODE  # noqa: E402  (the same syntax the checks mask)
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_SPACE = re.compile(rf"(?<=[{CJK}])[ \t]+(?=[0-9A-Za-z])|(?<=[0-9A-Za-z])[ \t]+(?=[{CJK}])")
FULLWIDTH_ALNUM = re.compile(r"[０-９Ａ-Ｚａ-ｚ]+")
ENGLISH_OVERRIDES = "rules:\n  fullwidth: 0\n"


def _config(lang: str) -> None:
    with open(os.path.join(ROOT, ".autocorrectrc"), encoding="utf-8") as fh:
        autocorrect_py.load_config(fh.read())   # load_config merges: reload the whole file each time
    if lang == "en":
        autocorrect_py.load_config(ENGLISH_OVERRIDES)


def _masked_lines(text: str) -> list[bool]:
    """For each line: True if it must not be checked (block quote or fenced code)."""
    out, fence = [], None
    for line in text.split("\n"):
        m = FENCE.match(line)
        if fence:
            out.append(True)
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            continue
        if m:
            fence = m.group(1)
            out.append(True)
            continue
        out.append(bool(QUOTE.match(line)))
    return out


def _blank_masked(text: str, masked: list[bool]) -> str:
    return "\n".join("" if skip else line for line, skip in zip(text.split("\n"), masked))


def _diff(old: str, new: str) -> tuple[int, str]:
    """(0-based offset of the first change, 'old' -> 'new' around it)."""
    i = 0
    while i < min(len(old), len(new)) and old[i] == new[i]:
        i += 1
    j = 0
    while j < min(len(old), len(new)) - i and old[-1 - j] == new[-1 - j]:
        j += 1
    a, b = max(0, i - 6), 6
    return i, f"{old[a:len(old) - j + b]!r} -> {new[a:len(new) - j + b]!r}"


def _custom(line: str, lang: str):
    """(col, rule, old, new) for the house rules on one unmasked line, outside inline code."""
    code = [m.span() for m in INLINE_CODE.finditer(line)]
    in_code = lambda pos: any(s <= pos < e for s, e in code)  # noqa: E731
    if lang == "zh":
        for m in CJK_SPACE.finditer(line):
            if not in_code(m.start()):
                yield m.start(), "cjk-space", m.group(0), ""
    for m in FULLWIDTH_ALNUM.finditer(line):
        if not in_code(m.start()):
            yield m.start(), "fullwidth-alnum", m.group(0), m.group(0).translate(
                {c: c - 0xFEE0 for c in range(0xFF10, 0xFF5B)})


def lint_file(rel: str) -> list[str]:
    with open(os.path.join(ROOT, rel), encoding="utf-8") as fh:
        text = fh.read()
    lang = "en" if rel.endswith(".en.md") else "zh"
    masked = _masked_lines(text)
    _config(lang)
    out = []
    result = autocorrect_py.lint_for(_blank_masked(text, masked), rel)
    for r in result.lines:
        off, change = _diff(r.old, r.new)
        first = r.old[:off]
        line = r.line + first.count("\n")
        col = (off - first.rfind("\n")) if "\n" in first else r.col + off
        out.append((line, col, f"autocorrect {change}"))
    for number, (line, skip) in enumerate(zip(text.split("\n"), masked), start=1):
        if skip:
            continue
        for start, rule, old, new in _custom(line, lang):
            out.append((number, start + 1, f"{rule} {old!r} -> {new!r}"))
    return [f"{rel}:{n}:{c}: {msg}" for n, c, msg in sorted(out)]


def fix_file(rel: str) -> bool:
    path = os.path.join(ROOT, rel)
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    lang = "en" if rel.endswith(".en.md") else "zh"
    masked = _masked_lines(text)
    _config(lang)
    formatted = autocorrect_py.format_for(_blank_masked(text, masked), rel).split("\n")
    lines = text.split("\n")
    if len(formatted) != len(lines):
        print(f"{rel}:1:1: autocorrect changed the number of lines; not fixed", file=sys.stderr)
        return False
    new = []
    for line, fmt, skip in zip(lines, formatted, masked):
        if skip:
            new.append(line)
            continue
        for start, _rule, old, repl in sorted(_custom(fmt, lang), reverse=True):
            fmt = fmt[:start] + repl + fmt[start + len(old):]
        new.append(fmt)
    result = "\n".join(new)
    if result != text:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(result)
        return True
    return False


def files(args: list[str]) -> list[str]:
    if args:
        return sorted(os.path.relpath(os.path.abspath(a), ROOT) for a in args)
    return sorted(os.path.relpath(p, ROOT) for p in glob.glob(os.path.join(ROOT, "docs", "**", "*.md"), recursive=True))


def main(argv: list[str]) -> int:
    fix = "--fix" in argv
    targets = files([a for a in argv[1:] if a != "--fix"])
    if fix:
        changed = [rel for rel in targets if fix_file(rel)]
        for rel in changed:
            print(f"fixed {rel}")
        remaining = [f for rel in targets for f in lint_file(rel)]
        for f in remaining:
            print(f)
        print(f"typography: {len(changed)} files fixed, {len(remaining)} findings left", file=sys.stderr)
        return 1 if remaining else 0
    findings = [f for rel in targets for f in lint_file(rel)]
    for f in findings:
        print(f)
    print(f"typography: {len(findings)} findings in {len(targets)} files", file=sys.stderr)
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
