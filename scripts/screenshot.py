"""Screenshot built pages in headless Chromium (for reviewing layout by eye).

    python scripts/screenshot.py book/01_her2_trastuzumab [--width 390] [--press 3] [--out DIR]

Serves _build/html on 127.0.0.1, blocks every other host, saves full-page PNGs: one as loaded and,
with --press N, one after pressing ArrowRight N times on the first slider of each explorable.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("docs", nargs="+")
    ap.add_argument("--width", type=int, default=1280)
    ap.add_argument("--press", type=int, default=0)
    ap.add_argument("--slider", type=int, default=0, help="which slider of each explorable")
    ap.add_argument("--out", default="_build/screenshots")
    a = ap.parse_args()
    out = ROOT / a.out
    out.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(
        http.server.SimpleHTTPRequestHandler, directory=str(ROOT / "_build/html")
    )
    http.server.SimpleHTTPRequestHandler.log_message = lambda *x: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for doc in a.docs:
            page = browser.new_page(viewport={"width": a.width, "height": 900})
            page.route(
                "**/*",
                lambda r: (
                    r.continue_()
                    if urlparse(r.request.url).hostname in (None, "127.0.0.1")
                    else r.abort()
                ),
            )
            page.on(
                "console", lambda m: print("console", m.type, m.text) if m.type == "error" else None
            )
            page.goto(f"{base}/{doc}.html")
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(800)
            name = doc.replace("/", "_")
            page.screenshot(path=str(out / f"{name}_{a.width}.png"), full_page=True)
            if a.press:
                for ex in page.locator(".her2book-explorable").all():
                    handles = ex.locator('[role="slider"]')
                    if handles.count() > a.slider:
                        handles.nth(a.slider).focus()
                        for _ in range(a.press):
                            handles.nth(a.slider).press("ArrowRight")
                page.wait_for_timeout(300)
                page.screenshot(path=str(out / f"{name}_{a.width}_pressed.png"), full_page=True)
            print("saved", out / f"{name}_{a.width}.png")
        browser.close()
    httpd.shutdown()


if __name__ == "__main__":
    main()
