"""scripts/bench.py at a tiny size prints the lines `make bench` promises (never its times)."""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_bench_prints_pages_builds_memory_overhead_and_growth():
    proc = subprocess.run([sys.executable, "scripts/bench.py", "--pages", "4", "--growth", "2",
                           "--no-real", "--no-browser"], cwd=ROOT, capture_output=True, text=True, timeout=1800)
    out = proc.stdout
    assert proc.returncode == 0, out[-2000:] + proc.stderr[-3000:]
    assert re.search(r"^\[x1\] pages: \d+ \(4 generated, \d+ from docs/\)$", out, re.M), out
    assert re.search(r"^\[x1\] build without hooks: [\d.]+ s, CPU [\d.]+ s, peak memory \d+ MB$", out, re.M), out
    assert re.search(r"^\[x1\] build with hooks: +[\d.]+ s, CPU [\d.]+ s, peak memory \d+ MB, 0 warnings$",
                     out, re.M), out
    assert re.search(r"^\[x1\] CPU s of every run: without hooks [\d.]+, [\d.]+, [\d.]+; with hooks [\d.]+, [\d.]+, [\d.]+$",
                     out, re.M), out                                   # three alternating builds of each kind
    assert re.search(r"^\[x1\] hooks overhead: \d+\.\d\dx$", out, re.M), out
    assert re.search(r"^\[x2\] pages: \d+; hooks work alone", out, re.M), out
    assert re.search(r"^growth: [\d.]+x pages -> [\d.]+x time, hooks work alone \(time per page ratio [\d.]+\)$",
                     out, re.M), out
    # the synthetic pages are clean: the hooked build reported no finding ("0 warnings" above)
