"""The bundle behind Debian's real nginx with deploy/nginx-kb.conf under /kb/: the browser search
works, Content-Type and cache headers are right, and a folder without index.html is refused."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from conftest import ROOT
from helpers import page_key, search

NGINX = "/usr/sbin/nginx"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def nginx(site, tmp_path_factory):
    if not os.path.exists(NGINX):
        pytest.fail("Debian nginx is not installed (make test installs it: apt-get install nginx)")
    prefix = tmp_path_factory.mktemp("nginx")
    www = prefix / "www"
    shutil.copytree(site, www / "kb")
    (www / "kb" / "test-only").mkdir()
    (www / "kb" / "test-only" / "font.woff2").write_bytes(b"wOF2")
    (www / "kb" / "test-only" / "empty").mkdir()
    snippet = open(os.path.join(ROOT, "deploy", "nginx-kb.conf"), encoding="utf-8").read()
    assert snippet.count("root /srv/www;") == 1
    (prefix / "kb.conf").write_text(snippet.replace("root /srv/www;", f"root {www};"), encoding="utf-8")
    port = free_port()
    conf = open(os.path.join(ROOT, "deploy", "nginx-test.conf.in"), encoding="utf-8").read()
    conf = (conf.replace("@PREFIX@", str(prefix)).replace("@PORT@", str(port))
            .replace("@SNIPPET@", str(prefix / "kb.conf"))
            # pytest's tmp folders are 0700: as root, the worker must stay root to read them.
            .replace("@USER@", "user root;" if os.geteuid() == 0 else ""))
    (prefix / "nginx.conf").write_text(conf, encoding="utf-8")
    test = subprocess.run([NGINX, "-t", "-p", str(prefix), "-c", str(prefix / "nginx.conf")],
                          capture_output=True, text=True)
    assert test.returncode == 0, test.stderr
    proc = subprocess.Popen([NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    for _ in range(100):
        if proc.poll() is not None:
            pytest.fail("nginx exited: " + proc.stderr.read().decode())
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    else:
        proc.terminate()
        pytest.fail("nginx did not start listening")
    yield f"http://127.0.0.1:{port}/kb/"
    proc.terminate()
    proc.wait(timeout=10)


def get(url):
    try:
        with urllib.request.urlopen(url) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def test_browser_search_through_nginx(page, nginx):
    page.goto(nginx + "index.html")
    keys = [page_key(h) for h in search(page, "劳动争议仲裁")]
    assert keys and keys[0] == "guides/channels/labour-arbitration.html", keys[:5]
    page.goto(nginx + "en/index.html")
    keys = [page_key(h) for h in search(page, "labour arbitration")]
    assert keys and keys[0] == "en/guides/channels/labour-arbitration.html", keys[:5]
    assert page.kb_requests.outside == []
    assert page.kb_errors == []


def test_content_types(nginx, site):
    bundle_js = next(n for n in os.listdir(site / "assets" / "javascripts") if n.startswith("bundle.") and n.endswith(".min.js"))
    expected = {
        "": "text/html; charset=utf-8",
        "index.html": "text/html; charset=utf-8",
        "en/faq/wages.html": "text/html; charset=utf-8",
        "assets/kb.css": "text/css; charset=utf-8",
        f"assets/javascripts/{bundle_js}": "application/javascript; charset=utf-8",
        "assets/javascripts/kb-search.js": "application/javascript; charset=utf-8",
        "search/search_index.json": "application/json; charset=utf-8",
        "en/search/search_index.js": "application/javascript; charset=utf-8",
        "assets/favicon.svg": "image/svg+xml; charset=utf-8",
        "assets/images/favicon.png": "image/png",
        "sitemap.xml": "text/xml; charset=utf-8",
        "sitemap.xml.gz": "application/gzip",
        "test-only/font.woff2": "font/woff2",
    }
    got = {}
    for rel in expected:
        status, headers, _ = get(nginx + rel)
        assert status == 200, (rel, status)
        got[rel] = headers["Content-Type"]
        assert headers["X-Content-Type-Options"] == "nosniff", rel
    assert got == expected


def test_cache_headers(nginx, site):
    css = next(n for n in os.listdir(site / "assets" / "stylesheets") if n.startswith("main.") and n.endswith(".min.css"))
    assert get(nginx + f"assets/stylesheets/{css}")[1]["Cache-Control"] == "public, max-age=31536000, immutable"
    for rel in ("index.html", "assets/kb.css", "assets/javascripts/kb-search.js", "search/search_index.json"):
        status, headers, _ = get(nginx + rel)
        assert (status, headers["Cache-Control"]) == (200, "no-cache"), rel
        assert headers["Last-Modified"], rel


def test_folder_without_index_is_refused_not_listed(nginx):
    for rel in ("assets/", "test-only/empty/", "search/"):
        status, _headers, body = get(nginx + rel)
        assert status in (403, 404), (rel, status)
        assert b"Index of" not in body and b"kb.css" not in body
    status, _h, body = get(nginx + "faq/")          # has index.html: served
    assert status == 200 and b"<html" in body
    assert get(nginx + "no-such-page.html")[0] == 404
