"""The built website, in headless Chromium, as a reader meets it.

Needs ``_build/html`` (``make book``) and Debian's ``chromium`` (``make test`` installs it). These
tests never skip: a missing site or browser is a failure with instructions.

For every page of the TOC: it loads without JavaScript errors; no request leaves 127.0.0.1; every
explorable renders exactly once; every image has real alt text; moving each slider by keyboard
changes the visible figure.
"""

from __future__ import annotations

import re

import pytest

from tests.book import SITE, toc_files
from tests.site import expected_explorables

FILENAME_ALT = re.compile(r"(\.(png|jpe?g|gif|svg|webp)$)|(^[\w.-]+_\d+\w*$)|(^image$)", re.I)
PAGES = toc_files()


@pytest.mark.parametrize("doc", PAGES)
def test_page_loads_without_errors_or_foreign_requests(visits, doc):
    v = visits(doc)
    assert v.page.locator("main h1").count() >= 1, "page has no heading"
    assert not v.errors, f"JavaScript errors on {doc}: {v.errors}"
    assert not v.foreign, f"{doc} asked other hosts for: {v.foreign}"
    assert not v.missing, f"{doc} requested files the site does not have: {v.missing}"


@pytest.mark.parametrize("doc", PAGES)
def test_explorables_render_exactly_once(visits, doc):
    v = visits(doc)
    expected = expected_explorables((SITE / f"{doc}.html").read_text(encoding="utf-8"))
    # The saved state names each explorable's class once in its model.
    rendered = v.page.locator(".her2book-explorable").count()
    assert rendered == expected, f"{doc}: {rendered} explorables rendered, {expected} in the state"


@pytest.mark.parametrize("doc", PAGES)
def test_every_image_has_real_alt_text(visits, doc):
    v = visits(doc)
    images = v.page.locator("main img")
    for i in range(images.count()):
        img = images.nth(i)
        alt = (img.get_attribute("alt") or "").strip()
        src = (img.get_attribute("src") or "")[:60]
        if img.get_attribute("aria-hidden") == "true" and img.get_attribute("alt") == "":
            # decorative by design: an explorable's background, described by its frames' alt
            assert img.evaluate("i => !!i.closest('.her2book-background')"), (
                f"{doc}: image {i} is hidden from screen readers outside an explorable background"
            )
            continue
        assert alt, f"{doc}: image {i} ({src}) has no alt text"
        assert len(alt) >= 15 and not FILENAME_ALT.search(alt), (
            f"{doc}: image {i} alt text looks like a file name: {alt!r}"
        )


def _visible_frame(explorable) -> str:
    frames = explorable.locator(".her2book-frame img")
    for i in range(frames.count()):
        if frames.nth(i).is_visible():
            return frames.nth(i).get_attribute("src") or ""
    return ""


@pytest.mark.parametrize("doc", PAGES)
def test_sliders_move_the_figure_by_keyboard(visits, doc):
    v = visits(doc)
    explorables = v.page.locator(".her2book-explorable")
    for e in range(explorables.count()):
        ex = explorables.nth(e)
        ex.scroll_into_view_if_needed()
        handles = ex.locator('[role="slider"]')
        assert handles.count() in (1, 2), f"{doc}: explorable {e} has {handles.count()} sliders"
        for h in range(handles.count()):
            handle = handles.nth(h)
            label = handle.get_attribute("aria-label")
            assert label, f"{doc}: explorable {e} slider {h} has no accessible name"
            before = _visible_frame(ex)
            assert before, f"{doc}: explorable {e} shows no figure"
            if h == 0:  # the frame must sit exactly on its background, or the reader sees double
                boxes = ex.evaluate(
                    "el => [el.querySelector('.her2book-background img'),"
                    " [...el.querySelectorAll('.her2book-frame img')]"
                    ".find(i => i.offsetParent !== null)]"
                    ".map(i => { const r = i.getBoundingClientRect();"
                    " return [r.left, r.top, r.width, r.height].map(Math.round); })"
                )
                assert boxes[0] == boxes[1], f"{doc}: explorable {e} frame is off its background"
            at_max = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
            key = "ArrowLeft" if at_max else "ArrowRight"
            handle.focus()
            handle.press(key)
            v.page.wait_for_function(
                "([el, src]) => { const imgs = [...el.querySelectorAll('.her2book-frame img')];"
                " const shown = imgs.find(i => i.offsetParent !== null);"
                " return shown && shown.getAttribute('src') !== src; }",
                arg=[ex.element_handle(), before],
                timeout=5_000,
            )
            after = _visible_frame(ex)
            assert after != before, f"{doc}: explorable {e} slider {label!r}: figure did not change"
            handle.press("ArrowLeft" if key == "ArrowRight" else "ArrowRight")
    assert not v.errors, f"JavaScript errors while moving sliders on {doc}: {v.errors}"
