"""The built website, in headless Chromium, as a reader meets it.

Needs the built site (``make book``) and Debian's ``chromium`` (``make test`` installs it). These
tests never skip: a missing site or browser is a failure with instructions.

For every page of the TOC: it loads without JavaScript errors, missing files or requests to other
hosts; it shows exactly as many explorables as its notebook has cells tagged ``explorable`` (a
chapter has at least one); every image has real alt text; moving each slider by keyboard changes
the visible figure, which sits exactly on its background; the slider announces the value shown
(``aria-valuetext``) and the explorable's one live region announces the new readout.
"""

from __future__ import annotations

import re

import pytest

from her2book import browser as hb
from her2book.layout import source_of, toc_files

FILENAME_ALT = re.compile(r"(\.(png|jpe?g|gif|svg|webp)$)|(^[\w.-]+_\d+\w*$)|(^image$)", re.I)
PAGES = toc_files()
CHAPTERS = [doc for doc in PAGES if source_of(doc).suffix == ".ipynb"]


@pytest.mark.parametrize("doc", CHAPTERS)
def test_every_chapter_expects_an_explorable(doc):
    """Each chapter notebook tags at least one explorable cell, so its page checks are not empty."""
    assert hb.expected_explorables(doc) >= 1, (
        f"{source_of(doc).name}: no code cell carries the tag {hb.EXPLORABLE_TAG!r}; tag each cell "
        "that shows an explorable"
    )


@pytest.mark.parametrize("doc", PAGES)
def test_page_loads_without_errors_or_foreign_requests(visits, doc):
    """The page has a heading, logs no JavaScript error and asks only its own server for files."""
    v = visits(doc)
    assert v.page.locator("main h1").count() >= 1, "page has no heading"
    assert not v.errors, f"JavaScript errors on {doc}: {v.errors}"
    assert not v.foreign, f"{doc} asked other hosts for: {v.foreign}"
    assert not v.missing, f"{doc} requested files the site does not have: {v.missing}"


@pytest.mark.parametrize("doc", PAGES)
def test_explorables_render_exactly_once(visits, doc):
    """The page shows as many explorables as its notebook tags, each with a figure."""
    v = visits(doc)
    expected = hb.expected_explorables(doc)
    rendered = v.page.locator(hb.EXPLORABLE).count()
    with_figure = v.page.locator(f"{hb.EXPLORABLE}:has({hb.FRAME_IMG})").count()
    assert (rendered, with_figure) == (expected, expected), (
        f"{doc}: {rendered} explorables on the page ({with_figure} with a figure), "
        f"{expected} cells tagged {hb.EXPLORABLE_TAG!r} in {source_of(doc).name}"
    )


@pytest.mark.parametrize("doc", PAGES)
def test_every_image_has_real_alt_text(visits, doc):
    """Every image in the page body has alt text that describes it, not a file name."""
    v = visits(doc)
    images = v.page.locator("main img")
    for i in range(images.count()):
        img = images.nth(i)
        alt = (img.get_attribute("alt") or "").strip()
        src = (img.get_attribute("src") or "")[:60]
        if img.get_attribute("aria-hidden") == "true" and img.get_attribute("alt") == "":
            # decorative by design: an explorable's background, described by its frames' alt
            assert img.evaluate("(i, bg) => !!i.closest(bg)", hb.BACKGROUND), (
                f"{doc}: image {i} is hidden from screen readers outside an explorable background"
            )
            continue
        assert alt, f"{doc}: image {i} ({src}) has no alt text"
        assert len(alt) >= 15 and not FILENAME_ALT.search(alt), (
            f"{doc}: image {i} alt text looks like a file name: {alt!r}"
        )


@pytest.mark.parametrize("doc", PAGES)
def test_sliders_move_the_figure_by_keyboard(visits, doc):
    """An arrow key on each slider shows another frame, and the frame covers its background."""
    v = visits(doc)
    explorables = v.page.locator(hb.EXPLORABLE)
    expected = hb.expected_explorables(doc)
    assert explorables.count() == expected, (
        f"{doc}: {explorables.count()} explorables to move, {expected} expected"
    )
    for e in range(expected):
        ex = explorables.nth(e)
        ex.scroll_into_view_if_needed()
        handles = ex.locator(hb.SLIDER)
        assert handles.count() in (1, 2), f"{doc}: explorable {e} has {handles.count()} sliders"
        for h in range(handles.count()):
            handle = handles.nth(h)
            label = handle.evaluate("el => el.labels.length ? el.labels[0].textContent : ''")
            assert label.strip(), f"{doc}: explorable {e} slider {h} has no label"
            before = hb.visible_frame(ex)
            assert before, f"{doc}: explorable {e} shows no figure"
            if h == 0:  # the frame must sit exactly on its background, or the reader sees double
                background, frame = hb.frame_boxes(ex)
                assert background and background == frame, (
                    f"{doc}: explorable {e} frame {frame} is off its background {background}"
                )
            at_max = handle.evaluate("el => el.value === el.max")
            key = "ArrowLeft" if at_max else "ArrowRight"
            handle.focus()
            handle.press(key)
            after = hb.wait_for_new_frame(ex, before)
            assert after and after != before, (
                f"{doc}: explorable {e} slider {label!r}: {key} did not change the figure"
            )
            shown = handle.evaluate(
                "el => el.parentElement.querySelector('.her2book-value').textContent"
            )
            assert handle.get_attribute("aria-valuetext") == shown, (
                f"{doc}: explorable {e} slider {label!r} announces another value than it shows"
            )
            readout = ex.locator(".her2book-readout").inner_text()
            status = ex.locator('[role="status"]')
            assert status.count() == 1, f"{doc}: explorable {e} has {status.count()} live regions"
            assert status.inner_text() == (
                readout or ex.locator(hb.FRAME_IMG).get_attribute("alt")
            ), f"{doc}: explorable {e}: the live region does not announce the new readout"
            handle.press("ArrowLeft" if key == "ArrowRight" else "ArrowRight")
    assert not v.errors, f"JavaScript errors while moving sliders on {doc}: {v.errors}"
