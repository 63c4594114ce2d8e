"""Serving the built site and visiting it in headless Chromium (shared by the browser tests)."""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.book import SITE

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.fail(
            "Debian chromium is missing: `make test` installs it (or: apt-get install chromium)"
        )
    return path


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def server():
    if not (SITE / "index.html").exists():
        pytest.fail(f"no built site at {SITE}: run `make book` first")
    handler = functools.partial(_Quiet, directory=str(SITE))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield b
        b.close()


class Visit:
    """One page load with its console errors and its blocked foreign requests."""

    def __init__(self, browser, url: str, width: int = 1280) -> None:
        self.errors: list[str] = []
        self.foreign: list[str] = []
        self.missing: list[str] = []  # same-origin responses with an HTTP error status
        self.context = browser.new_context(viewport={"width": width, "height": 900})
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        self.page.on(
            "console",
            lambda msg: (
                self.errors.append(f"console.{msg.type}: {msg.text}")
                if msg.type == "error"
                else None
            ),
        )
        self.page.route("**/*", self._route)
        self.page.on(
            "response",
            lambda r: self.missing.append(f"{r.status} {r.url}") if r.status >= 400 else None,
        )
        self.page.goto(url, wait_until="load")
        self.page.wait_for_load_state("networkidle")

    def _route(self, route) -> None:
        host = urlparse(route.request.url).hostname
        if route.request.url.startswith("data:") or host == "127.0.0.1":
            route.continue_()
        else:
            self.foreign.append(route.request.url)
            route.abort()

    def close(self) -> None:
        self.context.close()


def expected_explorables(page_html: str) -> int:
    """How many explorables the saved widget state holds (VBoxes with our CSS class)."""
    return len(re.findall(r'"her2book-explorable"', page_html))


@pytest.fixture(scope="module")
def visits(server, browser):
    opened: dict[str, Visit] = {}

    def visit(doc: str) -> Visit:
        if doc not in opened:
            opened[doc] = Visit(browser, f"{server}/{doc}.html")
            if expected_explorables((SITE / f"{doc}.html").read_text(encoding="utf-8")):
                opened[doc].page.wait_for_selector(".her2book-explorable img", timeout=20_000)
        return opened[doc]

    yield visit
    for v in opened.values():
        v.close()
