"""The browser harness without a browser: the site server, the request filter, the explorable
count read from notebooks, and the errors that say what to install."""

from __future__ import annotations

import gzip
import http.client
import json
import socket
import struct
import subprocess
import sys
import time

import pytest

from her2book import browser as hb


@pytest.fixture
def site(tmp_path):
    """A tiny built site: a page, a stylesheet, a PNG and a sub-folder with its own index."""
    (tmp_path / "index.html").write_text("<h1>home</h1>" + "text " * 500, encoding="utf-8")
    (tmp_path / "style.css").write_text("body { color: red; }\n" * 200, encoding="utf-8")
    (tmp_path / "figure.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "index.html").write_text("<h1>book</h1>", encoding="utf-8")
    return tmp_path


def get(server: hb.SiteServer, path: str, encoding: str | None = "gzip"):
    """GET ``path`` from the server; return (status, headers, body as received)."""
    conn = http.client.HTTPConnection("127.0.0.1", int(server.url.rsplit(":", 1)[1]))
    conn.request("GET", path, headers={"Accept-Encoding": encoding} if encoding else {})
    r = conn.getresponse()
    body = r.read()
    conn.close()
    return r.status, {k.lower(): v for k, v in r.getheaders()}, body


def test_server_refuses_a_folder_without_a_site(tmp_path):
    """A folder with no index.html is reported with the command that builds the site."""
    with pytest.raises(hb.SiteMissing, match="make book"):
        hb.SiteServer(tmp_path)


def test_server_listens_on_loopback_only(site):
    """The origin is 127.0.0.1 on a free port, and page URLs are built from TOC entries."""
    with hb.SiteServer(site) as s:
        assert s.url.startswith("http://127.0.0.1:")
        assert s.page("book/intro") == f"{s.url}/book/intro.html"


def test_server_without_gzip_sends_files_as_they_are(site):
    """Without gzip every body is the file's bytes, even for a client that accepts gzip."""
    with hb.SiteServer(site) as s:
        status, headers, body = get(s, "/style.css")
        assert status == 200 and "content-encoding" not in headers
        assert body == (site / "style.css").read_bytes()
        assert s.take() == [hb.Served("/style.css", 200, len(body), len(body))]


def test_server_gzips_text_for_clients_that_accept_it(site):
    """With gzip, HTML and CSS go out compressed (and decompress to the file); PNG goes as is."""
    with hb.SiteServer(site, gzip=True) as s:
        status, headers, body = get(s, "/style.css")
        assert status == 200 and headers["content-encoding"] == "gzip"
        assert gzip.decompress(body) == (site / "style.css").read_bytes()
        assert int(headers["content-length"]) == len(body) < (site / "style.css").stat().st_size
        _, headers, body = get(s, "/figure.png")
        assert "content-encoding" not in headers and body == (site / "figure.png").read_bytes()
        _, headers, body = get(s, "/index.html", encoding=None)
        assert "content-encoding" not in headers and body == (site / "index.html").read_bytes()
        served = s.take()
        assert [(x.path, x.encoding) for x in served] == [
            ("/style.css", "gzip"),
            ("/figure.png", ""),
            ("/index.html", ""),
        ]
        assert served[0].size == (site / "style.css").stat().st_size > served[0].sent
        assert s.take() == [], "take() forgets what it returned"


def test_latency_holds_back_only_the_paths_it_names(site):
    """A slow network for chosen files: those answer after their latency, others at once:
    nothing else is held back."""
    slow = lambda path: 0.6 if path == "/style.css" else 0.0  # noqa: E731
    with hb.SiteServer(site, latency=slow) as s:
        t0 = time.monotonic()
        assert get(s, "/index.html")[0] == 200
        fast = time.monotonic() - t0
        t0 = time.monotonic()
        assert get(s, "/style.css")[0] == 200
        held = time.monotonic() - t0
    assert fast < 0.3 and held >= 0.6, (fast, held)


def test_a_client_hanging_up_mid_response_prints_no_traceback(site, capfd):
    """A page closed while its files load resets the connection; the server goes on quietly
    (the standard library would print a BrokenPipeError traceback for each), and still serves."""
    (site / "big.bin").write_bytes(bytes(8 << 20))
    with hb.SiteServer(site) as s:
        port = int(s.url.rsplit(":", 1)[1])
        for _ in range(3):
            with socket.create_connection(("127.0.0.1", port)) as sock:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                sock.sendall(b"GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n")
                sock.recv(1024)  # the response has started
        time.sleep(0.5)  # the handler threads hit the reset connection
        assert get(s, "/style.css", None)[0] == 200
    assert "Traceback" not in capfd.readouterr().err


def test_server_serves_folder_index_and_reports_missing_files(site):
    """A folder URL redirects to its slash form and serves index.html; a missing file is a 404."""
    with hb.SiteServer(site) as s:
        assert get(s, "/book")[0] == 301
        status, _, body = get(s, "/book/")
        assert status == 200 and body == b"<h1>book</h1>"
        assert get(s, "/nothing.js")[0] == 404
        assert [(x.path, x.status) for x in s.take()] == [
            ("/book", 301),
            ("/book/", 200),
            ("/nothing.js", 404),
        ]


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("http://127.0.0.1:8000/book/intro.html", True),
        ("http://127.0.0.1:8000/_static/x.js?v=3", True),
        ("data:image/png;base64,iVBOR", True),
        ("blob:http://127.0.0.1:8000/1234", True),
        ("http://127.0.0.1:9000/other-server.js", False),
        ("https://127.0.0.1:8000/book/intro.html", False),
        ("http://localhost:8000/book/intro.html", False),
        ("https://cdn.jsdelivr.net/npm/x.js", False),
        ("http://127.0.0.1.example.com:8000/x.js", False),
    ],
)
def test_request_filter_allows_only_the_site_itself(url, ok):
    """Requests from a page go to its own origin (or data:/blob: URLs), nowhere else."""
    assert hb.allowed(url, "http://127.0.0.1:8000") is ok


def notebook(path, cells):
    """Write a minimal notebook whose cells are (cell_type, tags) pairs."""
    nb = {
        "cells": [
            {"cell_type": kind, "metadata": {"tags": tags}, "source": "", "id": f"c{i}"}
            | ({"outputs": [], "execution_count": None} if kind == "code" else {})
            for i, (kind, tags) in enumerate(cells)
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path.write_text(json.dumps(nb), encoding="utf-8")
    return path


def test_explorables_are_counted_from_tagged_code_cells(tmp_path):
    """Only code cells tagged `explorable` count; other tags and Markdown cells do not."""
    nb = notebook(
        tmp_path / "ch.ipynb",
        [
            ("code", ["hide-input"]),
            ("code", ["hide-input", "explorable"]),
            ("markdown", ["explorable"]),
            ("code", ["explorable"]),
            ("code", ["explorables"]),
        ],
    )
    assert hb.tagged_explorables(nb) == 2


def test_markdown_pages_expect_no_explorable(tmp_path):
    """A Markdown page shows no explorable, whatever it says."""
    page = tmp_path / "page.md"
    page.write_text("An explorable would go here.\n", encoding="utf-8")
    assert hb.tagged_explorables(page) == 0


def test_expected_explorables_reads_the_toc_source():
    """The count for a TOC entry is the count in its source file (the intro is Markdown)."""
    assert hb.expected_explorables("book/intro") == 0


def test_missing_chromium_says_how_to_install_it(monkeypatch, tmp_path):
    """A CHROMIUM that does not exist is reported with the command that installs it."""
    monkeypatch.setenv("CHROMIUM", str(tmp_path / "no-such-chromium"))
    with pytest.raises(hb.BrowserMissing, match="make browser"):
        hb.chromium_path()


def test_one_flag_list_for_chromium():
    """The flags include what Chromium needs as root on a closed network, each once."""
    flags = hb.CHROMIUM_ARGS
    assert len(set(flags)) == len(flags)
    assert {"--no-sandbox", "--disable-background-networking"} <= set(flags)


def test_package_imports_without_playwright():
    """The harness module does not import Playwright until a browser is needed."""
    code = (
        "import sys, her2book.browser; "
        "sys.exit(1 if any(m.startswith('playwright') for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
