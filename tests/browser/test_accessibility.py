"""Accessibility of the built website: axe-core audit and phone-width layout.

Shares the server, browser and page visits of ``tests/browser/conftest.py``, in its own module so
that pytest-xdist runs it beside the other browser tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from her2book import browser as hb
from her2book.layout import toc_files

HERE = Path(__file__).parent
AXE = HERE.parent / "vendor" / "axe-core" / "axe.min.js"
AXE_RUN = (HERE / "axe.js").read_text(encoding="utf-8")
PAGES = toc_files()


@pytest.mark.parametrize("doc", PAGES)
def test_no_serious_or_critical_accessibility_violations(visits, doc):
    """axe-core (WCAG 2 A/AA rules and best practices) on the fully rendered page."""
    v = visits(doc)
    v.page.add_script_tag(path=str(AXE))
    violations = v.page.evaluate(AXE_RUN)
    assert not violations, f"{doc}: " + "; ".join(violations)


@pytest.mark.parametrize("doc", PAGES)
def test_phone_width_has_no_horizontal_overflow(browser, server, doc):
    """At 390 px nothing makes the page scroll sideways (wide tables and code scroll inside)."""
    with hb.Visit(browser, server.page(doc), width=390) as v:
        hb.wait_for_explorables(v.page, hb.expected_explorables(doc))
        overflow = v.page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1, f"{doc} is {overflow}px wider than a 390px phone screen"
        images = v.page.evaluate(
            "() => [...document.querySelectorAll('main img')]"
            ".filter(i => i.offsetParent && i.getBoundingClientRect().right > innerWidth + 1)"
            ".map(i => i.alt.slice(0, 40))"
        )
        assert not images, f"{doc}: images run off a phone screen: {images}"
