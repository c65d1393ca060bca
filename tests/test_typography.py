"""Chinese typography: scripts/typography.py (autocorrect with .autocorrectrc, plus the house rules
cjk-space and fullwidth-alnum) finds nothing in docs/, and finds exactly what it should in a sample."""
import os
import subprocess
import sys

from conftest import ROOT

SAMPLE_ZH = ("---\ntitle: 测试\nsummary: 一个摘要,好的\n---\n\n## 期限 { #time-limit }\n\n"
             "应当在 60 日内办结,延长不超过３０日。\n\n> 法律原文:不改。\n\n看`a ,b`和代码 x。\n\n"
             "```\n代码,x\n```\n\n单位：____\u3000年份：____\n")
SAMPLE_EN = "---\ntitle: T\n---\n\nArbitration (劳动争议仲裁, often 劳动仲裁) ends.\n"


def run(*args):
    return subprocess.run([sys.executable, "scripts/typography.py", *args], cwd=ROOT, capture_output=True, text=True)


def test_docs_have_no_typography_findings():
    proc = run()
    findings = proc.stdout.splitlines()
    assert findings == [], f"{len(findings)} findings (fix with `make typography-fix`):\n" + "\n".join(findings)
    assert proc.returncode == 0 and "0 findings" in proc.stderr


def test_sample_gives_exact_findings_and_fix_keeps_quotes_code_and_forms(tmp_path):
    zh, en = tmp_path / "a.md", tmp_path / "a.en.md"
    zh.write_text(SAMPLE_ZH, encoding="utf-8")
    en.write_text(SAMPLE_EN, encoding="utf-8")
    rel = os.path.relpath(zh, ROOT)
    proc = run(str(zh), str(en))
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        f"{rel}:3:14: autocorrect '一个摘要,好的' -> '一个摘要，好的'",
        f"{rel}:8:4: cjk-space ' ' -> ''",
        f"{rel}:8:7: cjk-space ' ' -> ''",
        f"{rel}:8:12: autocorrect '0 日内办结,延长不超过３' -> '0 日内办结，延长不超过３'",
        f"{rel}:8:18: fullwidth-alnum '３０' -> '30'",
        f"{rel}:12:11: cjk-space ' ' -> ''",
    ]
    proc = run("--fix", str(zh), str(en))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    fixed = zh.read_text(encoding="utf-8")
    assert "summary: 一个摘要，好的\n" in fixed
    assert "应当在60日内办结，延长不超过30日。" in fixed
    assert "> 法律原文:不改。" in fixed                 # quoted law text untouched
    assert "看`a ,b`和代码x。" in fixed                # inline code untouched
    assert "```\n代码,x\n```" in fixed                 # fenced code untouched
    assert "单位：____\u3000年份：____" in fixed        # ideographic space in forms kept
    assert "## 期限 { #time-limit }" in fixed          # anchors untouched
    assert en.read_text(encoding="utf-8") == SAMPLE_EN  # a Chinese gloss in English keeps its comma
