"""The built site in headless Chromium: one harness for the browser tests, the benchmark and
``scripts/screenshot.py``.

- :class:`SiteServer` serves a built site on 127.0.0.1, optionally gzip-compressing text like a
  real host (``python -m http.server`` sends no compression, so page weights measured through it
  are far worse than any host's), and records every response it sends.
- :func:`chromium` launches Debian's Chromium through Playwright with the one flag list
  :data:`CHROMIUM_ARGS` (what works as root on a machine without internet).
- :class:`Visit` loads one page in a fresh browser context and records console errors, page
  errors, same-origin HTTP errors, and every request to another host, which it blocks.
- Explorables on a page: the CSS selectors the book's widgets carry, :func:`wait_for_explorables`,
  :func:`visible_frame`, :func:`frame_boxes`, :func:`wait_for_new_frame`; and
  :func:`expected_explorables`, how many a page must show, counted in its *source* (code cells
  tagged ``explorable``), never in the built HTML.

Playwright is imported inside the functions that drive a browser, so the package (and the server
and request filter) work without it.
"""

from __future__ import annotations

import gzip
import http.server
import io
import json
import os
import shutil
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from . import layout

__all__ = [
    "BACKGROUND",
    "BACKGROUND_IMG",
    "CHROMIUM_ARGS",
    "EXPLORABLE",
    "EXPLORABLE_TAG",
    "FRAME_IMG",
    "SLIDER",
    "BrowserMissing",
    "Served",
    "SiteMissing",
    "SiteServer",
    "Visit",
    "allowed",
    "chromium",
    "chromium_path",
    "expected_explorables",
    "frame_boxes",
    "same_origin",
    "tagged_explorables",
    "visible_frame",
    "wait_for_explorables",
    "wait_for_new_frame",
]

# --------------------------------------------------------------------------------------------
# serving the site

#: Content types a host compresses (as nginx ``gzip_types`` or GitHub Pages do); images and
#: WOFF fonts are compressed already and go out as they are.
COMPRESSIBLE = (
    "text/",
    "application/javascript",
    "application/json",
    "application/xml",
    "image/svg+xml",
    "font/ttf",
    "font/otf",
    "application/vnd.ms-fontobject",
)


class SiteMissing(FileNotFoundError):
    """The folder has no built site (no ``index.html``)."""


@dataclass(frozen=True)
class Served:
    """One response: the path asked for, its status, the file's size and the body bytes sent."""

    path: str
    status: int
    size: int
    sent: int
    encoding: str = ""


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files only: a folder's ``index.html``, otherwise 404 (no directory listings)."""

    server: _Server

    def log_message(self, *args: Any) -> None:
        pass

    def send_head(self) -> io.BytesIO | None:
        path = unquote(urlsplit(self.path).path)
        if self.server.latency:
            time.sleep(self.server.latency(path))
        file = Path(self.translate_path(self.path))
        if file.is_dir():
            if not path.endswith("/"):
                self.server.record(Served(path, 301, 0, 0))
                self.send_response(301)
                self.send_header("Location", path + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            file = file / "index.html"
        if not file.is_file():
            self.server.record(Served(path, 404, 0, 0))
            self.send_error(404, "File not found")
            return None
        ctype = self.guess_type(str(file))
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if self.server.gzip and accepts and ctype.startswith(COMPRESSIBLE):
            body, size, encoding = self.server.compressed(file), file.stat().st_size, "gzip"
        else:
            body = file.read_bytes()
            size, encoding = len(body), ""
        # Recorded before anything is sent: a client that has its response sees it in `take()`.
        self.server.record(Served(path, 200, size, len(body), encoding))
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        if self.server.gzip:
            self.send_header("Vary", "Accept-Encoding")
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.send_header("Last-Modified", self.date_time_string(int(file.stat().st_mtime)))
        self.end_headers()
        return io.BytesIO(body)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(
        self, root: Path, gzip_text: bool, latency: Callable[[str], float] | None = None
    ) -> None:
        self.gzip = gzip_text
        self.latency = latency
        self.served: list[Served] = []
        self._lock = threading.Lock()
        self._gz: dict[Path, tuple[float, bytes]] = {}

        def handler(*args: Any) -> _Handler:
            return _Handler(*args, directory=str(root))

        super().__init__(("127.0.0.1", 0), handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up mid-response (a page closed while it loads) is not an error of
        the server; anything else is printed as the standard library does."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)

    def record(self, served: Served) -> None:
        with self._lock:
            self.served.append(served)

    def compressed(self, file: Path) -> bytes:
        mtime = file.stat().st_mtime
        with self._lock:
            cached = self._gz.get(file)
        if cached is None or cached[0] != mtime:
            cached = (mtime, gzip.compress(file.read_bytes(), compresslevel=6, mtime=0))
            with self._lock:
                self._gz[file] = cached
        return cached[1]


class SiteServer:
    """A built site served on 127.0.0.1 (a free port) until :meth:`close`; a context manager.

    root : the folder ``jupyter-book`` wrote (with ``index.html``); ``SiteMissing`` otherwise.
    gzip : compress text responses (gzip level 6) for clients that accept it, like a real host.
    latency : seconds to wait before answering a request for a path (``"/_static/x.js"``), e.g.
        a slow network for some files; each request waits in its own thread.

    ``url`` is the origin (``http://127.0.0.1:PORT``); :meth:`take` returns and forgets the
    responses sent so far (see :class:`Served`).
    """

    def __init__(
        self,
        root: Path | str,
        *,
        gzip: bool = False,
        latency: Callable[[str], float] | None = None,
    ) -> None:
        self.root = Path(root)
        if not (self.root / "index.html").is_file():
            raise SiteMissing(
                f"no built site at {self.root}: run `make book` (or `make book OUT=DIR` and set "
                "HER2BOOK_SITE=DIR/_build/html)"
            )
        self._httpd = _Server(self.root, gzip, latency)
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def page(self, doc: str) -> str:
        """URL of a TOC entry, e.g. ``page("book/intro")``."""
        return f"{self.url}/{doc}.html"

    def take(self) -> list[Served]:
        """The responses sent since the last call (or since the start)."""
        with self._httpd._lock:
            served, self._httpd.served = self._httpd.served, []
        return served

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join()

    def __enter__(self) -> SiteServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# --------------------------------------------------------------------------------------------
# which requests may leave the page


def same_origin(url: str, origin: str) -> bool:
    """Whether ``url`` has the scheme, host and port of ``origin`` (e.g. the site server's)."""
    a, b = urlsplit(url), urlsplit(origin)
    return (a.scheme, a.hostname, a.port) == (b.scheme, b.hostname, b.port)


def allowed(url: str, origin: str) -> bool:
    """Whether a page served from ``origin`` may fetch ``url``: its own origin, ``data:`` and
    ``blob:`` URLs; every other host is blocked (and counted by :class:`Visit`)."""
    return url.startswith(("data:", "blob:")) or same_origin(url, origin)


# --------------------------------------------------------------------------------------------
# Chromium

#: The one flag list. As root Chromium needs ``--no-sandbox``; without the background-networking
#: flags it keeps trying Google's hosts, which this machine's closed network refuses.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


class BrowserMissing(RuntimeError):
    """Chromium or Python Playwright is not installed."""


def chromium_path() -> str:
    """The Chromium binary: ``$CHROMIUM``, else ``chromium`` on PATH, else ``/usr/bin/chromium``."""
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).is_file():
        raise BrowserMissing(
            f"no Chromium at {path}: `make browser` installs Debian's chromium "
            "(apt-get install chromium), or set CHROMIUM to another binary"
        )
    return path


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium (a Playwright ``Browser``), closed on exit."""
    path = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise BrowserMissing(
            "Python playwright is missing: `make setup` installs requirements.txt"
        ) from exc
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=list(CHROMIUM_ARGS))
        try:
            yield browser
        finally:
            browser.close()


class Visit:
    """One page load in a fresh browser context, with what went wrong on the way.

    errors : console errors and uncaught page errors.
    foreign : URLs the page asked another host for (blocked, see :func:`allowed`).
    missing : same-origin responses with an HTTP error status (``"404 http://…"``).

    width, height : viewport in CSS pixels. color_scheme : ``"light"``, ``"dark"`` or ``None``
    (the browser's default). javascript : ``False`` loads the page with JavaScript disabled.
    init_script : JavaScript run in the page before any of its own scripts.
    load_timeout_ms : how long loading the page (to network idle) may take before Playwright gives
    up; generous, because two shared cores can be slow. A time-out is a failure, never a
    measurement. Other waits keep Playwright's default (30 s).
    Close it (or use it as a context manager) to close its context.
    """

    def __init__(
        self,
        browser: Any,
        url: str,
        *,
        width: int = 1280,
        height: int = 900,
        color_scheme: str | None = None,
        javascript: bool = True,
        init_script: str | None = None,
        load_timeout_ms: float = 90_000,
    ) -> None:
        parts = urlsplit(url)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.errors: list[str] = []
        self.foreign: list[str] = []
        self.missing: list[str] = []
        self.context = browser.new_context(
            viewport={"width": width, "height": height},
            color_scheme=color_scheme,
            java_script_enabled=javascript,
        )
        self.context.set_default_navigation_timeout(load_timeout_ms)
        if init_script:
            self.context.add_init_script(init_script)
        self.page = page = self.context.new_page()
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        page.on("console", self._console)
        page.on("response", self._response)
        page.route("**/*", self._route)
        page.goto(url, wait_until="load")
        page.wait_for_load_state("networkidle")

    def _console(self, msg: Any) -> None:
        if msg.type == "error":
            self.errors.append(f"console.error: {msg.text}")

    def _response(self, response: Any) -> None:
        if response.status >= 400 and same_origin(response.url, self.origin):
            self.missing.append(f"{response.status} {response.url}")

    def _route(self, route: Any) -> None:
        if allowed(route.request.url, self.origin):
            route.continue_()
        else:
            self.foreign.append(route.request.url)
            route.abort()

    def close(self) -> None:
        self.context.close()

    def __enter__(self) -> Visit:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# --------------------------------------------------------------------------------------------
# explorables on a page

#: CSS selectors of an explorable's parts on the site (markup of :mod:`her2book.explorable_web`,
#: sliders added by ``book/_static/explorable.js``).
EXPLORABLE = ".her2book-explorable"
FRAME_IMG = ".her2book-frame img"
BACKGROUND = ".her2book-background"
BACKGROUND_IMG = f"{BACKGROUND} img"
SLIDER = 'input[type="range"]'
READY = ".her2book-ready"
#: The cell tag that marks a chapter cell showing one explorable.
EXPLORABLE_TAG = "explorable"

# Every explorable on the page has its sliders (explorable.js marks it ready), and at least `n`
# explorables show a frame image.
_RENDERED = """([explorable, frame, n]) => {
  const all = [...document.querySelectorAll(explorable)];
  const shown = all.filter(e => e.querySelector(frame));
  return all.every(e => e.classList.contains('her2book-ready')) && shown.length >= n;
}"""
_VISIBLE = """([el, frame]) => {
  const img = [...el.querySelectorAll(frame)].find(i => i.offsetParent !== null);
  return img ? img.getAttribute('src') : '';
}"""
_CHANGED = f"""([el, frame, before]) => ({_VISIBLE})([el, frame]) !== before"""
_BOXES = """([el, background, frame]) => [el.querySelector(background),
    [...el.querySelectorAll(frame)].find(i => i.offsetParent !== null)]
  .map(i => { if (!i) return null; const r = i.getBoundingClientRect();
              return [r.left, r.top, r.width, r.height].map(Math.round); })"""


def tagged_explorables(source: Path) -> int:
    """How many code cells of a notebook carry the ``explorable`` tag (0 for other files)."""
    if Path(source).suffix != ".ipynb":
        return 0
    nb = json.loads(Path(source).read_text(encoding="utf-8"))
    return sum(
        1
        for cell in nb.get("cells", [])
        if cell.get("cell_type") == "code"
        and EXPLORABLE_TAG in cell.get("metadata", {}).get("tags", [])
    )


def expected_explorables(doc: str) -> int:
    """How many explorables the TOC entry ``doc`` must show, from its source notebook."""
    return tagged_explorables(layout.source_of(doc))


def wait_for_explorables(page: Any, expected: int, timeout_ms: float = 20_000) -> int:
    """Wait until the page's explorables have their sliders and ``expected`` show a frame, or
    until the time-out; return how many explorables the page has (the caller compares)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(_RENDERED, arg=[EXPLORABLE, FRAME_IMG, expected], timeout=timeout_ms)
    except PlaywrightTimeout:
        pass
    page.wait_for_load_state("networkidle")
    return page.locator(EXPLORABLE).count()


def visible_frame(explorable: Any) -> str:
    """The ``src`` of the frame image an explorable (a locator) shows, or ``""``."""
    return explorable.evaluate(f"el => ({_VISIBLE})([el, {json.dumps(FRAME_IMG)}])")


def frame_boxes(explorable: Any) -> list[list[int] | None]:
    """Bounding boxes ``[left, top, width, height]`` (px) of the background and visible frame."""
    return explorable.evaluate(
        f"el => ({_BOXES})([el, {json.dumps(BACKGROUND_IMG)}, {json.dumps(FRAME_IMG)}])"
    )


def wait_for_new_frame(explorable: Any, before: str, timeout_ms: float = 10_000) -> str:
    """Wait until the explorable shows a frame other than ``before`` (or the time-out passes);
    return the frame it shows then."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        explorable.page.wait_for_function(
            _CHANGED, arg=[explorable.element_handle(), FRAME_IMG, before], timeout=timeout_ms
        )
    except PlaywrightTimeout:
        pass
    return visible_frame(explorable)
