"""Screenshot built pages in headless Chromium (for reviewing layout by eye).

    python scripts/screenshot.py book/01_her2_trastuzumab [book/intro …] [--width 390]
        [--press 3] [--slider 0] [--dark] [--no-js] [--site DIR] [--out DIR]

Serves the built site (``her2book.layout.SITE``: ``_build/html`` or ``$HER2BOOK_SITE``; or
``--site``) on 127.0.0.1 with the browser harness of ``her2book.browser``, which blocks every other
host, and saves full-page PNGs in ``_build/screenshots/``: one as loaded and, with ``--press N``,
one after pressing ArrowRight N times on one slider (``--slider``) of each explorable. ``--dark``
emulates a dark colour scheme; ``--no-js`` loads the page with JavaScript disabled (what a reader
without JavaScript sees: no explorables). Prints what went wrong on each page (JavaScript errors,
missing files, blocked requests).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from her2book import browser as hb
from her2book.layout import ROOT, SITE


def shoot(browser, server: hb.SiteServer, doc: str, a: argparse.Namespace, out: Path) -> list[Path]:
    """Screenshots of one page (as loaded, then after the key presses); their paths."""
    name = "_".join(
        [
            doc.replace("/", "_"),
            str(a.width),
            *(["dark"] if a.dark else []),
            *(["nojs"] if a.no_js else []),
        ]
    )
    saved = []
    with hb.Visit(
        browser,
        server.page(doc),
        width=a.width,
        color_scheme="dark" if a.dark else "light",
        javascript=not a.no_js,
    ) as v:
        if not a.no_js:
            expected = hb.expected_explorables(doc)
            shown = hb.wait_for_explorables(v.page, expected)
            if shown != expected:
                print(f"{doc}: {shown} explorables on the page, {expected} tagged in its notebook")
        saved.append(out / f"{name}.png")
        v.page.screenshot(path=str(saved[-1]), full_page=True)
        if a.press and not a.no_js:
            for ex in v.page.locator(hb.EXPLORABLE).all():
                handles = ex.locator(hb.SLIDER)
                if handles.count() > a.slider:
                    before = hb.visible_frame(ex)
                    handles.nth(a.slider).focus()
                    for _ in range(a.press):
                        handles.nth(a.slider).press("ArrowRight")
                    hb.wait_for_new_frame(ex, before, timeout_ms=2_000)
            saved.append(out / f"{name}_pressed.png")
            v.page.screenshot(path=str(saved[-1]), full_page=True)
        for kind, items in [("errors", v.errors), ("missing", v.missing), ("blocked", v.foreign)]:
            for item in items:
                print(f"{doc}: {kind}: {item}")
    return saved


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("docs", nargs="+", help="TOC entries, e.g. book/01_her2_trastuzumab")
    ap.add_argument("--width", type=int, default=1280, help="viewport width in CSS px")
    ap.add_argument("--press", type=int, default=0, help="ArrowRight presses per explorable")
    ap.add_argument("--slider", type=int, default=0, help="which slider of each explorable")
    ap.add_argument("--dark", action="store_true", help="emulate a dark colour scheme")
    ap.add_argument("--no-js", action="store_true", help="disable JavaScript")
    ap.add_argument("--site", type=Path, default=SITE, help=f"built site (default {SITE})")
    ap.add_argument("--out", type=Path, default=ROOT / "_build" / "screenshots")
    a = ap.parse_args(argv)
    if a.press and a.no_js:
        print("--press does nothing with --no-js: without JavaScript there are no sliders")
    a.out.mkdir(parents=True, exist_ok=True)
    try:
        with hb.SiteServer(a.site) as server, hb.chromium() as browser:
            for doc in a.docs:
                for path in shoot(browser, server, doc.removesuffix(".ipynb"), a, a.out):
                    print("saved", path)
    except (hb.SiteMissing, hb.BrowserMissing) as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
