"""The site with JavaScript off: progressive enhancement of the explorables.

With JavaScript disabled every explorable still shows its caption, its figure at the starting
setting (background and frame images that load, with the frame's alt text), its readout and a note
that the figure is interactive with JavaScript on; it has no slider (the script adds those). Then,
with JavaScript on, the script takes over: sliders appear and the note is gone. Every chapter is
checked at a desktop and a phone width.
"""

from __future__ import annotations

import json

import pytest

from her2book import browser as hb
from her2book.layout import toc_files

from . import pixels

PAGES = [doc for doc in toc_files() if hb.expected_explorables(doc)]
WIDTHS = (1280, 390)

# Per explorable: what the reader gets without JavaScript.
_STATE = """(el) => {
  const visible = (x) => !!x && x.getClientRects().length > 0
      && getComputedStyle(x).visibility !== 'hidden';
  const img = (sel) => { const i = el.querySelector(sel);
    return i ? {ok: i.complete && i.naturalWidth > 0, shown: visible(i), alt: i.alt,
                w: i.getBoundingClientRect().width} : null; };
  const manifest = JSON.parse(el.querySelector('script.her2book-manifest').textContent);
  const start = manifest.params.map(p => p.start).join(',');
  const text = (sel) => {
    const x = el.querySelector(sel);
    return x && visible(x) ? x.innerText.trim() : '';
  };
  return {
    caption: text('.her2book-try'),
    readout: text('.her2book-readout'),
    expectedReadout: manifest.frames[start].readout,
    expectedAlt: manifest.frames[start].alt,
    note: text('.her2book-nojs'),
    sliders: el.querySelectorAll('input[type=range]').length,
    frame: img('.her2book-frame img'),
    background: img('.her2book-background img'),
  };
}"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("doc", PAGES)
def test_explorables_read_without_javascript(server, browser, doc, width):
    """Caption, starting figure (both images loaded, alt text), readout and note; no slider."""
    expected = hb.expected_explorables(doc)
    with hb.Visit(browser, server.page(doc), width=width, javascript=False) as v:
        explorables = v.page.locator(hb.EXPLORABLE)
        assert explorables.count() == expected, (
            f"{doc}: {explorables.count()} explorables without JavaScript, {expected} expected"
        )
        for i in range(expected):
            ex = explorables.nth(i)
            s = ex.evaluate(_STATE)
            where = f"{doc} at {width}px, explorable {i}"
            assert s["caption"], f"{where}: no caption"
            assert s["frame"] and s["frame"]["ok"] and s["frame"]["shown"], f"{where}: no figure"
            assert s["background"] and s["background"]["ok"], f"{where}: background not loaded"
            assert s["frame"]["alt"] == s["expectedAlt"] and len(s["frame"]["alt"]) >= 15, (
                f"{where}: the figure's alt text is {s['frame']['alt']!r}"
            )
            assert s["frame"]["w"] <= width, f"{where}: the figure is wider than the screen"
            assert s["readout"] == s["expectedReadout"].strip(), (
                f"{where}: readout {s['readout']!r}, starting frame says {s['expectedReadout']!r}"
            )
            assert "JavaScript" in s["note"], f"{where}: no note that the figure is interactive"
            assert s["sliders"] == 0, f"{where}: sliders without JavaScript"
            ex.scroll_into_view_if_needed()
            picture = pixels.shot(ex.locator(".her2book-figure"))
            assert pixels.ink_share(picture) > 0.01, f"{where}: the figure paints nothing"


@pytest.mark.parametrize("doc", PAGES)
def test_javascript_takes_over(server, browser, doc):
    """With JavaScript on, each explorable has its sliders and no longer shows the note."""
    expected = hb.expected_explorables(doc)
    with hb.Visit(browser, server.page(doc)) as v:
        hb.wait_for_explorables(v.page, expected)
        for i in range(expected):
            ex = v.page.locator(hb.EXPLORABLE).nth(i)
            s = ex.evaluate(_STATE)
            manifest = json.loads(ex.locator("script.her2book-manifest").text_content())
            assert s["sliders"] == len(manifest["params"]), f"{doc}: explorable {i} sliders"
            assert not s["note"], f"{doc}: explorable {i} still shows the no-JavaScript note"
