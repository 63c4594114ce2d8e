"""The site by keyboard: formulas out of the Tab order, a short way to the first slider, a focus
ring on every control (judged by screenshot pixels), value readouts that are not edit fields.

- MathJax 3 puts every formula in the Tab order by default; the site turns that off
  (``her2book.site``). A displayed formula too wide (or tall) for its column scrolls, and a
  keyboard must be able to scroll it: once MathJax has typeset every formula of a page and the
  layout is still, the formulas in the Tab order are exactly those that scroll, at desktop and
  phone width (``book/_static/her2book-math.js``).
- A formula MathJax has just inserted takes no Tab stop before its layout settles, even when it is
  wide (Chromium would make it one at once; a formula caught mid-layout was a stray Tab stop), and
  takes one, or gives it up, when it turns out to scroll, or stops scrolling.
- From the skip link ("Skip to main content", the first Tab stop) Tab reaches each chapter's
  first slider without passing a formula that does not scroll. The second Tab stop, "Skip to the
  first interactive figure", takes the reader there at once: Enter, then Tab, focuses the first
  slider.
- Every kind of control the reader can Tab to (sidebar links, header and download buttons,
  links in the text, code toggles, copy buttons, solution toggles, sliders, self-check options)
  paints a visible indicator when focused by keyboard: the screenshot of the control and a margin
  around it changes in at least as many pixels as half a one-pixel ring around it would cover
  (width + height). A change of colour of a slider's thumb alone (what the old sliders did) is
  not enough.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from her2book import browser as hb
from her2book.layout import SITE, toc_files

from . import pixels

PAGES = toc_files()
CHAPTERS = [doc for doc in PAGES if hb.expected_explorables(doc)]
#: Tab presses to walk before giving up (a chapter has fewer stops before its first slider).
MAX_TABS = 250
#: Instances checked per kind of control (tag, role, type, first class) on a page.
PER_KIND = 2
MARGIN = 6  # CSS px around the control that a focus ring may paint
STATIC = Path(__file__).resolve().parents[2] / "book" / "_static"

#: Whether a formula scrolls: along an axis where its box scrolls (overflow auto or scroll) its
#: content is larger than the box.
SCROLLS = """m => { const st = getComputedStyle(m);
  return (m.clientWidth > 0 || m.clientHeight > 0)
    && ((/auto|scroll/.test(st.overflowX) && m.scrollWidth > m.clientWidth)
        || (/auto|scroll/.test(st.overflowY) && m.scrollHeight > m.clientHeight)); }"""
_ACTIVE = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const r = e.getBoundingClientRect();
  return {tag: e.tagName, type: e.type || '', role: e.getAttribute('role') || '',
          cls: (e.getAttribute('class') || '').split(/\\s+/)[0],
          formula: !!e.closest('mjx-container') && !(e.tagName === 'MJX-CONTAINER' && (SCROLLS)(e)),
          skip: !!e.closest('#pst-skip-link'),
          text: (e.innerText || e.getAttribute('aria-label') || '').trim().slice(0, 40),
          box: [r.left, r.top, r.width, r.height], id: e.id};
}""".replace("SCROLLS", SCROLLS)


def _math_everywhere(page) -> int:
    """Load MathJax, typeset every formula on the page and wait for its fonts; how many formulas
    it rendered."""
    return page.evaluate(
        "async () => { if (!window.her2bookMath) return -1; await window.her2bookMath();"
        " await document.fonts.ready;"
        " return document.querySelectorAll('mjx-container').length; }"
    )


#: [formulas whose Tab stop disagrees with whether they scroll], once that list is empty.
_TAB_ORDER_WRONG = """() => [...document.querySelectorAll('mjx-container')]
  .filter(m => (m.tabIndex >= 0) !== (SCROLLS)(m))
  .map(m => ({tabIndex: m.tabIndex, scrolls: (SCROLLS)(m), box: [m.clientWidth, m.scrollWidth],
              text: (m.querySelector('mjx-assistive-mml') || m).textContent.slice(0, 40)}))"""
_TAB_ORDER_WRONG = _TAB_ORDER_WRONG.replace("SCROLLS", SCROLLS)


#: Displayed formulas taller than their box (they scroll sideways only, so that would cut them).
_CLIPPED = """() => [...document.querySelectorAll('div.math mjx-container')]
  .filter(m => m.clientHeight > 0 && m.scrollHeight > m.clientHeight)
  .map(m => [m.clientHeight, m.scrollHeight, m.textContent.slice(0, 40)])"""


def _tab_order_wrong(page, timeout_ms: float = 5_000) -> list:
    """Wait (at most ``timeout_ms``) until every formula is in the Tab order exactly if it
    scrolls; the formulas that are still wrong then (none if it came)."""
    try:
        page.wait_for_function(f"() => ({_TAB_ORDER_WRONG})().length === 0", timeout=timeout_ms)
    except PlaywrightTimeout:
        pass
    return page.evaluate(_TAB_ORDER_WRONG)


@pytest.mark.parametrize(
    ("doc", "width"), [(d, 1280) for d in PAGES] + [(d, 390) for d in CHAPTERS]
)
def test_only_formulas_that_scroll_are_in_the_tab_order(server, browser, doc, width):
    """After MathJax has typeset every formula and the layout is still, a formula is a Tab stop
    if and only if it scrolls (wider or taller than its column), on every page at 1280 px and on
    every chapter (where the wide formulas are) at 390 px; a page without formulas never loads
    MathJax."""
    with hb.Visit(browser, server.page(doc), width=width) as v:
        formulas = v.page.locator(".math").count()
        if not formulas:  # the reader's first key press or scroll must not fetch MathJax
            v.page.keyboard.press("Tab")
            v.page.mouse.wheel(0, 400)
            v.page.wait_for_timeout(500)
            loaded = v.page.evaluate("() => !!(window.MathJax && window.MathJax.startup)")
            assert not loaded, f"{doc} has no formula but loads MathJax"
            return
        rendered = _math_everywhere(v.page)
        assert rendered >= formulas, f"{doc}: MathJax rendered {rendered} of {formulas} formulas"
        wrong = _tab_order_wrong(v.page)
        assert not wrong, f"{doc} at {width} px: {len(wrong)} of {rendered} formulas: {wrong[:3]}"
        try:  # once the fonts are in: glyphs drawn before them may reach past the box
            v.page.wait_for_function(f"() => ({_CLIPPED})().length === 0", timeout=5_000)
        except PlaywrightTimeout:
            pass
        clipped = v.page.evaluate(_CLIPPED)
        assert not clipped, f"{doc} at {width} px: formulas cut off at the bottom: {clipped[:3]}"
        scrolling = v.page.evaluate(
            "() => [...document.querySelectorAll('mjx-container')].filter(m => m.tabIndex >= 0)"
            ".length"
        )
        print(f"{doc} at {width} px: {scrolling} of {rendered} formulas scroll (Tab stops)")


#: A displayed formula as MathJax inserts one (in the theme's ``div.math``), between two buttons;
#: its content 3000 px wide, so that it scrolls.
_INSERT_WIDE = """() => {
  const host = document.querySelector('main article') || document.body;
  const box = document.createElement('div');
  box.id = 'her2book-test-formula';
  box.innerHTML = '<p><button id="t-before">before</button></p>'
    + '<div class="math"><mjx-container class="MathJax" jax="CHTML" display="true">'
    + '<mjx-math style="display:inline-block;width:3000px">x</mjx-math></mjx-container></div>'
    + '<p><button id="t-after">after</button></p>';
  const old = document.getElementById('her2book-test-formula');
  if (old) old.remove();
  host.prepend(box);
  document.getElementById('t-before').focus();
  window.__her2bookInsertedAt = performance.now();
  document.addEventListener('focusin', () => { window.__her2bookFocusAt = performance.now(); },
                            {capture: true, once: true});
}"""
#: Where the first Tab press after the insertion went, and how many ms after the insertion.
_TAB_AFTER_INSERT = """() => ({now: document.activeElement.id || document.activeElement.tagName,
  ms: window.__her2bookFocusAt - window.__her2bookInsertedAt})"""
#: How long a formula's layout must be still before it may take a Tab stop (her2book-math.js).
SETTLE_MS = int(
    re.search(r"SETTLE_MS = (\d+);", (STATIC / "her2book-math.js").read_text()).group(1)
)


#: Record every formula that is ever given a Tab stop (tabindex 0), from the page's first script.
_RECORD_TAB_STOPS = """
window.__her2bookTabStops = new Set();
new MutationObserver(records => records.forEach(r => {
  if (r.target.tagName === 'MJX-CONTAINER' && r.target.getAttribute('tabindex') === '0')
    window.__her2bookTabStops.add(r.target);
})).observe(document, {subtree: true, attributes: true, attributeFilter: ['tabindex']});
"""


def _late_fonts(path: str) -> float:
    """MathJax's fonts 1.5 s late, everything else at once."""
    return 1.5 if "/mathjax/" in path and path.endswith(".woff") else 0.0


def test_on_a_slow_network_no_formula_takes_a_passing_tab_stop(browser):
    """MathJax's fonts arriving 1.5 s late (a phone on a slow network): glyphs drawn before them
    reach past their boxes for a moment; no formula is given a Tab stop it does not keep (each
    one ever given tabindex 0 scrolls once the fonts are in and the layout is still). This judges
    the Tab stops the site gives; that Chromium gives a formula none of its own while it is
    inserted is test_a_new_formula_takes_no_tab_stop_until_its_layout_settles."""
    doc = "book/03_microrna"  # many fractions, whose glyphs reached past their boxes
    with (
        hb.SiteServer(SITE, latency=_late_fonts) as slow,
        hb.Visit(browser, slow.page(doc), init_script=_RECORD_TAB_STOPS) as v,
    ):
        rendered = _math_everywhere(v.page)
        assert rendered > 0, f"{doc}: no formula typeset"
        assert not _tab_order_wrong(v.page), f"{doc}: the Tab order of formulas never settled"
        passing = v.page.evaluate(
            f"() => [...window.__her2bookTabStops].filter(m => !({SCROLLS})(m))"
            ".map(m => m.textContent.slice(0, 40))"
        )
        assert not passing, f"{doc}: {len(passing)} formulas had a passing Tab stop: {passing[:3]}"
        late = [s.path for s in slow.take() if _late_fonts(s.path)]
        assert late, f"{doc}: no MathJax font was requested, so none came late"


def test_a_new_formula_takes_no_tab_stop_until_its_layout_settles(server, browser):
    """A wide formula inserted into the page (as MathJax inserts one) is skipped by a Tab press
    at once; once its layout is still it scrolls and is a Tab stop; narrowed, it is none again."""
    with hb.Visit(browser, server.page(CHAPTERS[0])) as v:
        _math_everywhere(v.page)
        tries = []
        for _ in range(ATTEMPTS):  # a press that comes after SETTLE_MS tells nothing: again
            v.page.evaluate(_INSERT_WIDE)
            v.page.keyboard.press("Tab")
            tries.append(v.page.evaluate(_TAB_AFTER_INSERT))
            if tries[-1]["ms"] < SETTLE_MS:
                break
        else:
            pytest.fail(f"no Tab press came within {SETTLE_MS} ms of the insertion: {tries}")
        now = tries[-1]["now"]
        assert now == "t-after", f"Tab from the button before a new formula focused {tries[-1]}"
        assert not _tab_order_wrong(v.page), "the wide formula never took its Tab stop"
        v.page.focus("#t-before")
        v.page.keyboard.press("Tab")
        now = v.page.evaluate("() => document.activeElement.tagName")
        assert now == "MJX-CONTAINER", f"a formula that scrolls is not a Tab stop ({now})"
        v.page.evaluate(
            "() => { document.querySelector('#her2book-test-formula mjx-math')"
            ".style.width = '10px'; }"
        )
        assert not _tab_order_wrong(v.page), "the narrowed formula kept its Tab stop"


@pytest.mark.parametrize("doc", CHAPTERS)
def test_tab_reaches_the_first_slider_past_no_formula(server, browser, doc):
    """Tab, Enter on the skip link, then Tab: the first slider comes without a stop on a formula
    that does not scroll."""
    with hb.Visit(browser, server.page(doc)) as v:
        hb.wait_for_explorables(v.page, hb.expected_explorables(doc))
        v.page.keyboard.press("Tab")
        first = v.page.evaluate(_ACTIVE)
        assert first and first["skip"], f"{doc}: the first Tab stop is {first}, not the skip link"
        v.page.keyboard.press("Enter")
        stops = []
        for _ in range(MAX_TABS):
            v.page.keyboard.press("Tab")
            now = v.page.evaluate(_ACTIVE)
            stops.append(now)
            if now and now["tag"] == "INPUT" and now["type"] == "range":
                break
        else:
            pytest.fail(f"{doc}: no slider within {MAX_TABS} Tab presses of the skip link")
        formulas = [s for s in stops if s and s["formula"]]
        assert not formulas, f"{doc}: {len(formulas)} formulas on the way to the first slider"
        print(f"{doc}: first slider after {len(stops)} Tab presses from the skip link")


@pytest.mark.parametrize("doc", CHAPTERS)
def test_second_skip_link_leads_to_the_first_slider(server, browser, doc):
    """Tab twice reaches "Skip to the first interactive figure" in the skip-link bar; Enter, then
    one Tab, and the first explorable's first slider has focus."""
    with hb.Visit(browser, server.page(doc)) as v:
        hb.wait_for_explorables(v.page, hb.expected_explorables(doc))
        v.page.keyboard.press("Tab")
        v.page.keyboard.press("Tab")
        link = v.page.evaluate(_ACTIVE)
        assert link and link["skip"] and link["text"].startswith("Skip to the first"), (
            f"{doc}: the second Tab stop is {link}"
        )
        v.page.keyboard.press("Enter")
        v.page.keyboard.press("Tab")
        slider = v.page.evaluate(
            """() => { const a = document.activeElement,
                             first = document.querySelector('.her2book-explorable'),
                             sliders = [...first.querySelectorAll('input[type=range]')];
                       return {range: a.matches('input[type=range]'),
                               first: first.contains(a), index: sliders.indexOf(a)}; }"""
        )
        assert slider == {"range": True, "first": True, "index": 0}, f"{doc}: {slider}"


_PLACE = """() => {
  const e = window.__her2bookRingTarget, r = e.getBoundingClientRect();
  return {focused: document.activeElement === e, box: [r.left, r.top, r.width, r.height],
          scroll: [scrollX, scrollY]};
}"""
#: Wait until the page's finite animations and transitions (a skip link sliding in, a tooltip
#: fading) have finished, at most a second, then two frames: a fixed pause is either too short
#: on a loaded machine or wasted on an idle one.
_SETTLE = """async () => {
  const finite = document.getAnimations().filter(
    a => a.effect && isFinite(a.effect.getComputedTiming().endTime));
  await Promise.race([Promise.all(finite.map(a => a.finished.catch(() => null))),
                      new Promise(r => setTimeout(r, 1000))]);
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
}"""
#: Attempts at a steady measurement before the walk reports the control as unmeasurable.
ATTEMPTS = 3


def _ring_pixels(page, active: dict) -> tuple[int, int, str]:
    """Pixels that change between focused and unfocused around the active element, the pixel
    count of half a one-pixel ring around it, and what moved if no steady measurement was had.

    A measurement counts only if the page held still: the element kept keyboard focus and its
    place through the focused shot, and, focused again after the plain shot, it is back at that
    place at the same scroll. A late layout shift (an image or a formula typeset above) would
    otherwise compare two views of empty page and report a ring as missing. (Unfocused, the
    element may be elsewhere: the skip link slides out of view, which is its focus indicator.)
    Focusing again keeps :focus-visible (the last input was a key); an unsteady measurement is
    taken afresh, up to ATTEMPTS times.
    """
    page.evaluate("() => { window.__her2bookRingTarget = document.activeElement; }")
    vw, vh = page.viewport_size["width"], page.viewport_size["height"]
    moved = ""
    for _ in range(ATTEMPTS):
        page.evaluate(_SETTLE)
        before = page.evaluate(_PLACE)
        left, top, width, height = before["box"]
        x0, y0 = max(0, left - MARGIN), max(0, top - MARGIN)
        x1, y1 = min(vw, left + width + MARGIN), min(vh, top + height + MARGIN)
        clip = {"x": x0, "y": y0, "width": max(1, x1 - x0), "height": max(1, y1 - y0)}
        focused = pixels.shot(page, clip)
        during = page.evaluate(_PLACE)
        page.evaluate("() => window.__her2bookRingTarget.blur()")
        page.evaluate(_SETTLE)
        plain = pixels.shot(page, clip)
        page.evaluate("() => window.__her2bookRingTarget.focus()")
        page.evaluate(_SETTLE)
        again = page.evaluate(_PLACE)
        if before["focused"] and during == before and again == before:
            changed = pixels.difference(focused, plain) * focused.shape[0] * focused.shape[1]
            return int(round(changed)), int(width + height), ""
        moved = f"focused {before}, after the focused shot {during}, focused again {again}"
    return 0, int(active["box"][2] + active["box"][3]), moved


def _walk_controls(page, limit: int = MAX_TABS) -> list[str]:
    """Tab through the page; for each kind of control, check up to PER_KIND instances; the
    controls whose focus changes fewer pixels than a one-pixel ring."""
    seen: dict[tuple, int] = {}
    bad, last = [], None
    for _ in range(limit):
        page.keyboard.press("Tab")
        page.wait_for_timeout(30)
        active = page.evaluate(_ACTIVE)
        if active is None or active == last:
            break
        last = active
        left, top, width, height = active["box"]
        if width < 2 or height < 2:
            continue
        if top < 0 or top + height > page.viewport_size["height"]:
            page.evaluate("() => document.activeElement.scrollIntoView({block: 'center'})")
            active = page.evaluate(_ACTIVE)
        kind = (active["tag"], active["role"], active["type"], active["cls"])
        if seen.get(kind, 0) >= PER_KIND:
            continue
        seen[kind] = seen.get(kind, 0) + 1
        page.evaluate(_SETTLE)  # let a transition (the skip link slides in) finish
        active = page.evaluate(_ACTIVE) or active
        changed, ring, moved = _ring_pixels(page, active)
        if moved:
            bad.append(f"{kind} {active['text']!r}: no steady view in {ATTEMPTS} tries ({moved})")
        elif changed < ring:
            bad.append(f"{kind} {active['text']!r}: focus changes {changed} px, a ring {ring}")
        page.evaluate(
            "(id) => { const e = id && document.getElementById(id); if (e) e.focus(); }",
            active["id"],
        )
    return bad


@pytest.mark.parametrize(
    "doc", [d for d in PAGES if d in CHAPTERS[:1] or d.endswith(("intro", "glossary"))]
)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_control_shows_a_focus_ring(server, browser, doc, scheme):
    """Keyboard focus on each kind of control changes at least a ring's worth of pixels."""
    with hb.Visit(browser, server.page(doc), color_scheme=scheme) as v:
        hb.wait_for_explorables(v.page, hb.expected_explorables(doc))
        bad = _walk_controls(v.page)
        assert not bad, f"{doc} ({scheme}): controls without a visible focus indicator: " + (
            "; ".join(bad)
        )


@pytest.mark.parametrize("doc", CHAPTERS)
def test_value_readouts_are_not_edit_fields(visits, doc):
    """A slider's value and an explorable's readout are plain text: not fields, not editable,
    not Tab stops; the slider itself announces its value (aria-valuetext)."""
    page = visits(doc).page
    found = page.evaluate(
        """() => [...document.querySelectorAll('.her2book-value, .her2book-readout')].map(e => ({
          tag: e.tagName, editable: e.isContentEditable, tab: e.tabIndex,
          field: !!e.closest('input, textarea, select, [contenteditable=""],'
                             + ' [contenteditable=true]')}))"""
    )
    assert found, f"{doc}: no value readouts"
    bad = [f for f in found if f["tag"] in ("INPUT", "TEXTAREA") or f["editable"] or f["field"]]
    bad += [f for f in found if f["tab"] >= 0]
    assert not bad, f"{doc}: editable or focusable readouts: {bad}"
