"""Shared fixtures: the bundle built once per test session, unzipped; a static server
on 127.0.0.1 serving it under /kb/; Debian's Chromium driven by Playwright."""
from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
import zipfile

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "hooks"))
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def bundle(tmp_path_factory):
    """Build the bundle with scripts/bundle.py into a fresh dist folder: (zip path, dist dir)."""
    dist = tmp_path_factory.mktemp("dist")
    rel = os.path.relpath(dist, ROOT)
    proc = subprocess.run([sys.executable, "scripts/bundle.py", rel], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-6000:]
    zips = [f for f in os.listdir(dist) if f.endswith(".zip")]
    assert len(zips) == 1, zips
    return os.path.join(dist, zips[0]), str(dist)


@pytest.fixture(scope="session")
def site(bundle, tmp_path_factory):
    """The bundle unzipped: the folder that holds index.html."""
    out = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(bundle[0]) as zf:
        zf.extractall(out)
    assert (out / "index.html").exists()
    return out


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def server(site, tmp_path_factory):
    """A static server on 127.0.0.1 whose /kb/ is the unzipped bundle. Yields the base URL."""
    root = tmp_path_factory.mktemp("www")
    os.symlink(site, root / "kb")
    handler = functools.partial(_Quiet, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/kb/"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian chromium is not installed (make test installs it: apt-get install chromium)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


class Requests:
    """Every request a page makes; ``outside`` lists those that leave file:// and 127.0.0.1."""

    def __init__(self):
        self.urls: list[str] = []

    def __call__(self, request):
        self.urls.append(request.url)

    @property
    def outside(self):
        ok = ("file://", "http://127.0.0.1", "data:", "blob:", "about:")
        return [u for u in self.urls if not u.startswith(ok)]


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    reqs = Requests()
    context.on("request", reqs)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.kb_requests = reqs
    pg.kb_errors = errors
    yield pg
    context.close()
