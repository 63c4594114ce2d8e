"""Both colour modes, judged by the pixels Chromium paints (``tests/browser/pixels.py``), never by
class names or computed styles.

For every page, in the light and the dark scheme (Playwright's ``color_scheme``, which the theme
follows in its default ``auto`` mode):

- the page really is painted light or dark, and is in that theme already when the document has
  been parsed, before the theme's own script runs (``book/_templates/layout.html``);
- every explorable's figure is the same picture in both modes (its colours are chosen for white,
  so it keeps its own white panel), is not blank, and shows both its background and its
  frame (in dark mode the theme once made the transparent frame opaque, wiping the background);
- the explorable's caption, slider labels, values and readout, the headings and text, every
  diagram (strokes and caption) and every self-check question (prompt, options, and the feedback
  of a chosen option) stand out from what is behind them: WCAG contrast 4.5 for text, 3 for
  drawings.
"""

from __future__ import annotations

import math

import pytest
from PIL import Image

from her2book import browser as hb
from her2book.layout import toc_files

from . import pixels

PAGES = toc_files()
SCHEMES = ("light", "dark")
EXPLORABLE_PAGES = [doc for doc in PAGES if hb.expected_explorables(doc)]
TEXT, GRAPHICS = 4.5, 3.0
#: Largest mean colour difference (0–255) between an explorable's light and dark pictures.
MAX_MEAN_DIFFERENCE = 6.0
EXPLORABLE_TEXT = (
    ".her2book-try",
    ".her2book-control label",
    ".her2book-value",
    ".her2book-readout",
)


@pytest.fixture(scope="module")
def views(server, browser):
    """``view(doc, scheme)``: the page at 1280 px in that colour scheme, explorables ready."""
    opened: dict[tuple[str, str], hb.Visit] = {}

    def view(doc: str, scheme: str) -> hb.Visit:
        if (doc, scheme) not in opened:
            v = hb.Visit(browser, server.page(doc), color_scheme=scheme)
            hb.wait_for_explorables(v.page, hb.expected_explorables(doc))
            # Every formula typeset first: MathJax typesets lazily as formulas scroll into view,
            # which moves what is below them while a screenshot is being taken.
            v.page.evaluate("() => window.her2bookMath ? window.her2bookMath() : null")
            # The theme's floating "Back to top" button comes and goes with the scroll direction
            # and would sit over whatever a screenshot is taken of.
            v.page.add_style_tag(content="#pst-back-to-top { display: none !important; }")
            opened[doc, scheme] = v
        return opened[doc, scheme]

    yield view
    for v in opened.values():
        v.close()


def _visible(locator):
    return [locator.nth(i) for i in range(locator.count()) if locator.nth(i).is_visible()]


def _shot(el):
    """The element's pixels, scrolled to the middle of the viewport (clear of the sticky header)."""
    el.evaluate("e => e.scrollIntoView({block: 'center'})")
    return pixels.shot(el)


def _low_contrast(page, selector: str, minimum: float) -> list[str]:
    """The visible elements matching ``selector`` whose ink contrast is below ``minimum``."""
    bad = []
    for el in _visible(page.locator(selector)):
        ratio = pixels.ink_contrast(_shot(el))
        if ratio < minimum:
            bad.append(f"{selector} {el.inner_text()[:40]!r}: {ratio:.2f}")
    return bad


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("doc", PAGES)
def test_page_is_painted_in_the_scheme(views, doc, scheme):
    """The article's background is light in light mode and dark in dark mode."""
    page = views(doc, scheme).page
    bg = pixels.background(_shot(page.locator("main section h1").first))
    lum = float(pixels.luminance(bg))
    assert (lum > 0.7) if scheme == "light" else (lum < 0.1), (
        f"{doc} in {scheme} mode is painted with background {bg.tolist()} (luminance {lum:.2f})"
    )


# Before any page script runs: the theme when the document has been parsed (readyState
# "interactive" comes before the deferred scripts, among them the theme's, run).
_THEME_WHEN_PARSED = """document.addEventListener('readystatechange', () => {
  if (document.readyState === 'interactive') {
    window.__her2bookThemeWhenParsed = document.documentElement.dataset.theme;
  }
});"""


@pytest.mark.parametrize("scheme", SCHEMES)
def test_theme_is_settled_when_the_page_is_parsed(server, browser, scheme):
    """The page is in the reader's scheme before the theme's script runs: the theme resolving
    "auto" late restyles every element (a long task on a phone) after frames were painted in
    the other scheme (book/_templates/layout.html)."""
    with hb.Visit(browser, server.page("book/07_synthesis"), color_scheme=scheme) as v:
        v.page.add_init_script(_THEME_WHEN_PARSED)
        v.page.evaluate("localStorage.clear()")  # a first visit: the theme has stored nothing
        v.page.reload(wait_until="load")
        parsed = v.page.evaluate("window.__her2bookThemeWhenParsed")
        final = v.page.evaluate("document.documentElement.dataset.theme")
    assert (parsed, final) == (scheme, scheme), (
        f"{scheme} reader: the theme was {parsed!r} when the page was parsed, {final!r} after"
    )


@pytest.mark.parametrize("doc", EXPLORABLE_PAGES)
def test_explorable_figures_are_the_same_picture_in_both_modes(views, doc, tmp_path):
    """Each figure paints the same pixels in light and dark mode, and is not blank."""
    figures = {s: views(doc, s).page.locator(".her2book-figure") for s in SCHEMES}
    expected = hb.expected_explorables(doc)
    assert figures["light"].count() == figures["dark"].count() == expected
    for i in range(expected):
        # Without the outermost pixels, where the panel's edge blends into the page.
        light = _shot(figures["light"].nth(i))[2:-2, 2:-2]
        dark = _shot(figures["dark"].nth(i))[2:-2, 2:-2]
        assert pixels.ink_share(light) > 0.01, f"{doc}: explorable {i} is blank"
        # Compared at an eighth of the size: the two pages may place the panel at different
        # sub-pixel offsets (even a pixel apart in height), and Chromium then resamples the
        # scaled image differently along every edge (a mean difference of 1–2 of 255). The
        # theme's dark-mode filter for images changes it by about 35.
        size = (light.shape[1] // 8, light.shape[0] // 8)
        differs = pixels.mean_difference(pixels.reduced(light, size), pixels.reduced(dark, size))
        if differs >= MAX_MEAN_DIFFERENCE:
            for name, img in (("light", light), ("dark", dark)):
                Image.fromarray(img).save(tmp_path / f"explorable-{i}-{name}.png")
        assert differs < MAX_MEAN_DIFFERENCE, (
            f"{doc}: explorable {i} looks different in dark mode (mean colour difference "
            f"{differs:.1f} of 255; both pictures in {tmp_path})"
        )


_HIDE = "(el, sel) => { el.querySelectorAll(sel).forEach(i => i.style.visibility = 'hidden'); }"
_SHOW = "(el, sel) => { el.querySelectorAll(sel).forEach(i => i.style.visibility = ''); }"


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("doc", EXPLORABLE_PAGES)
def test_explorable_figure_shows_its_background_and_its_frame(views, doc, scheme):
    """The picture differs both from its background alone and from its frame alone."""
    page = views(doc, scheme).page
    for i, fig in enumerate(_visible(page.locator(".her2book-figure"))):
        both = _shot(fig)
        for part, name in ((hb.BACKGROUND_IMG, "background"), (hb.FRAME_IMG, "frame")):
            fig.evaluate(_HIDE, part)
            alone = _shot(fig)
            fig.evaluate(_SHOW, part)
            assert pixels.difference(both, alone) > 0.002, (
                f"{doc} ({scheme}): explorable {i} looks the same without its {name}: the other "
                "layer covers it"
            )


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("doc", EXPLORABLE_PAGES)
def test_explorable_text_stands_out(views, doc, scheme):
    """Caption, slider labels, values and readout have text contrast in the painted page."""
    page = views(doc, scheme).page
    bad = [b for sel in EXPLORABLE_TEXT for b in _low_contrast(page, sel, TEXT)]
    assert not bad, f"{doc} ({scheme}): " + "; ".join(bad)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("doc", PAGES)
def test_headings_and_text_stand_out(views, doc, scheme):
    """The page heading and its first paragraph have text contrast."""
    page = views(doc, scheme).page
    bad = _low_contrast(page, "main section h1", TEXT)
    first = page.locator("main section > p").first
    if first.count():
        ratio = pixels.ink_contrast(_shot(first))
        if ratio < TEXT:
            bad.append(f"first paragraph: {ratio:.2f}")
    assert not bad, f"{doc} ({scheme}): " + "; ".join(bad)


_CHOOSE = """(q) => {
  const input = q.querySelector('input[type=radio]');
  if (input) { input.click(); return 'choice'; }
  const field = q.querySelector('input');
  if (!field) return '';
  field.value = '1'; field.dispatchEvent(new Event('input', {bubbles: true}));
  const button = q.querySelector('button');
  if (button) button.click();
  return 'numeric';
}"""


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("doc", PAGES)
def test_diagrams_and_questions_stand_out(views, doc, scheme):
    """Diagrams (drawing and caption) and self-check questions (prompt, options, feedback of a
    chosen answer) stand out from what is behind them."""
    page = views(doc, scheme).page
    bad = []
    for fig in _visible(page.locator("figure.her2book-diagram")):
        drawing = pixels.ink_contrast(_shot(fig.locator("svg").first))
        if drawing < GRAPHICS:
            bad.append(f"diagram {fig.get_attribute('id')}: drawing {drawing:.2f}")
        caption = fig.locator("figcaption")
        if caption.count() and caption.first.is_visible():
            ratio = pixels.ink_contrast(_shot(caption.first))
            if ratio < TEXT:
                bad.append(f"diagram {fig.get_attribute('id')}: caption {ratio:.2f}")
    for q in _visible(page.locator(".self-check")):
        q.scroll_into_view_if_needed()
        q.evaluate(_CHOOSE)
        page.wait_for_timeout(50)
        for part, ratio in _part_contrasts(page, q, QUESTION_PARTS):
            if ratio < TEXT:
                bad.append(f"question {q.get_attribute('id')} {part}: {ratio:.2f}")
    assert not bad, f"{doc} ({scheme}): " + "; ".join(bad)


QUESTION_PARTS = (".self-check-prompt", ".self-check-text", ".self-check-feedback")
# The element in the middle of the viewport, the boxes of its visible parts (visible as
# Playwright means it: a box of some size, not visibility: hidden), and the bottom of the
# sticky header (what is above it is hidden behind it).
_PART_BOXES = """(el, parts) => {
  el.scrollIntoView({block: 'center'});
  const box = e => { const r = e.getBoundingClientRect();
                     return [r.left, r.top, r.width, r.height]; };
  const header = document.querySelector('.bd-header');
  const shown = e => { const r = e.getBoundingClientRect();
                       return r.width > 0 && r.height > 0
                              && getComputedStyle(e).visibility !== 'hidden'; };
  return {header: header ? header.getBoundingClientRect().bottom : 0, box: box(el),
          parts: parts.flatMap(
    p => [...el.querySelectorAll(p)].filter(shown).map(e => ({part: p, box: box(e)})))};
}"""


def _part_contrasts(page, el, parts: tuple[str, ...]) -> list[tuple[str, float]]:
    """The ink contrast of each visible part of ``el``, from one screenshot of ``el`` when it
    fits in the viewport (each part cut out of it, whole pixels inside its box), else from one
    screenshot per part (taken with the part in the middle of the viewport)."""
    found = el.evaluate(_PART_BOXES, list(parts))
    left, top, width, height = found["box"]
    viewport = page.viewport_size
    inside = top >= found["header"] and left >= 0
    inside = inside and top + height <= viewport["height"] and left + width <= viewport["width"]
    if not inside:
        return [
            (part, pixels.ink_contrast(_shot(one)))
            for part in parts
            for one in _visible(el.locator(part))
        ]
    x0, y0 = math.floor(left), math.floor(top)
    clip = {"x": x0, "y": y0, "width": math.ceil(left + width) - x0,
            "height": math.ceil(top + height) - y0}  # fmt: skip
    img = pixels.shot(page, clip)
    out = []
    for found_part in found["parts"]:
        pl, pt, pw, ph = found_part["box"]
        c0, r0 = math.ceil(pl) - x0, math.ceil(pt) - y0
        c1, r1 = max(c0 + 1, math.floor(pl + pw) - x0), max(r0 + 1, math.floor(pt + ph) - y0)
        out.append((found_part["part"], pixels.ink_contrast(img[r0:r1, c0:c1])))
    return out


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_book_has_diagrams_and_questions_to_check(views, scheme):
    """Some page shows a diagram and some page a self-check question, so the test above is not
    empty."""
    found = {
        sel: sum(views(doc, scheme).page.locator(sel).count() for doc in PAGES)
        for sel in ("figure.her2book-diagram", ".self-check")
    }
    assert all(found.values()), f"nothing to check in {scheme} mode: {found}"
