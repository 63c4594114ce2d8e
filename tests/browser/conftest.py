"""Session fixtures of the browser tests: the built site served on 127.0.0.1, one headless
Chromium, and page visits shared by the tests of a module.

The site is ``her2book.layout.SITE`` (``_build/html``, or ``$HER2BOOK_SITE``). These tests never
skip: a missing site, Chromium or Playwright is a failure that says how to get it.
"""

from __future__ import annotations

import pytest

from her2book import browser as hb
from her2book.layout import SITE


@pytest.fixture(scope="session")
def server():
    """The built site on a free port of 127.0.0.1, compressed like a real host."""
    try:
        site = hb.SiteServer(SITE, gzip=True)
    except hb.SiteMissing as exc:
        pytest.fail(str(exc), pytrace=False)
    yield site
    site.close()


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session."""
    try:
        with hb.chromium() as b:
            yield b
    except hb.BrowserMissing as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture(scope="module")
def visits(server, browser):
    """``visit(doc)``: the page of a TOC entry at 1280 px, loaded once per module, its expected
    explorables rendered (or the wait timed out, which the tests then report)."""
    opened: dict[str, hb.Visit] = {}

    def visit(doc: str) -> hb.Visit:
        if doc not in opened:
            opened[doc] = hb.Visit(browser, server.page(doc))
            hb.wait_for_explorables(opened[doc].page, hb.expected_explorables(doc))
        return opened[doc]

    yield visit
    for v in opened.values():
        v.close()
