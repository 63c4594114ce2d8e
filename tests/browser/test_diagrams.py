"""The concept diagrams on the built site, in headless Chromium: every diagram a page's source shows
(``diagrams.show("name")`` in a code cell) is on the page once, is an image with its alt text as
its accessible name, fits the column, keeps its smallest text at 11 CSS px or more, and draws its
text in the page's text colour with enough contrast, in light and dark mode, at a desktop and a
phone width.

Which diagrams a page must show is read from its source, never from the built HTML (as for the
explorables), so a diagram that fails to render is a failure, not a smaller expectation.
"""

from __future__ import annotations

import json
import re

import pytest

from her2book import browser as hb
from her2book import diagrams, layout
from her2book.diagrams.svg import plain

SHOW = re.compile(r"""diagrams\.show\(\s*["'](\w+)["']\s*\)""")
VIEWS = [(1280, "light"), (1280, "dark"), (390, "light"), (390, "dark")]
#: Smallest text a reader must get, in CSS px (the phone-width design rule).
MIN_TEXT_PX = 11.0


def shown(doc: str) -> list[str]:
    """The diagrams the source of a TOC entry shows, in order (none for Markdown pages)."""
    source = layout.source_of(doc)
    if source.suffix != ".ipynb":
        return []
    cells = json.loads(source.read_text(encoding="utf-8"))["cells"]
    return [
        name
        for cell in cells
        if cell["cell_type"] == "code"
        for name in SHOW.findall("".join(cell["source"]))
    ]


PAGES = [(doc, shown(doc)) for doc in layout.toc_files() if shown(doc)]

# What the page says about each diagram: sizes in CSS px, colours as computed ("rgb(…)").
_FACTS = """(names) => {
  const opaque = (el) => {
    for (; el; el = el.parentElement) {
      const c = getComputedStyle(el).backgroundColor;
      if (c && c !== 'transparent' && !/rgba\\(.*,\\s*0\\)$/.test(c)) return c;
    }
    return 'rgb(255, 255, 255)';
  };
  return names.map((name) => {
    const figs = document.querySelectorAll(`figure#diagram-${name}`);
    if (figs.length !== 1) return {name, count: figs.length};
    const fig = figs[0], svg = fig.querySelector('svg');
    const box = svg.getBoundingClientRect(), column = fig.parentElement.getBoundingClientRect();
    const vb = svg.viewBox.baseVal, scale = svg.getScreenCTM().a;
    const texts = [...svg.querySelectorAll('text, tspan')];
    const sizes = texts.map((t) => parseFloat(getComputedStyle(t).fontSize) * scale);
    const outside = [...svg.querySelectorAll('text')].filter((t) => {
      const b = t.getBBox();
      return b.x < -0.5 || b.y < -0.5 || b.x + b.width > vb.width + 0.5
        || b.y + b.height > vb.height + 0.5;
    }).map((t) => t.textContent);
    const byId = (id) => document.getElementById(id);
    const summary = fig.querySelector('figcaption details summary');
    return {
      name, count: 1, role: svg.getAttribute('role'),
      title: (byId(svg.getAttribute('aria-labelledby')) || {}).textContent,
      desc: (byId(svg.getAttribute('aria-describedby')) || {}).textContent,
      left: box.left, right: box.right, width: box.width, columnRight: column.right,
      viewport: window.innerWidth, scrollWidth: document.scrollingElement.scrollWidth,
      minText: Math.min(...sizes), outside,
      color: getComputedStyle(svg).color, background: opaque(svg),
      caption: (() => { const c = fig.querySelector('figcaption').cloneNode(true);
                        c.querySelector('details')?.remove(); return c.textContent; })(),
      captionColor: getComputedStyle(fig.querySelector('figcaption')).color,
      summary: summary ? summary.textContent : null,
      theme: document.documentElement.dataset.theme,
    };
  });
}"""


def _rgb(css: str) -> tuple[float, float, float]:
    r, g, b = (float(v) for v in re.findall(r"[\d.]+", css)[:3])
    return r, g, b


def luminance(css: str) -> float:
    """WCAG relative luminance of a computed CSS colour."""
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in
           (v / 255 for v in _rgb(css))]  # fmt: skip
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize(("width", "scheme"), VIEWS, ids=[f"{w}px-{s}" for w, s in VIEWS])
@pytest.mark.parametrize(
    ("doc", "names"),
    PAGES or [pytest.param("", [], marks=pytest.mark.skip(reason="no chapter shows a diagram"))],
    ids=[doc for doc, _ in PAGES] or None,
)
def test_diagrams_render_readably(server, browser, doc, names, width, scheme):
    """Each diagram the page's source shows is there once, named by its alt text, inside the
    column, with text ≥ 11 px in the page's text colour at contrast ≥ 4.5 (light text on a dark
    background in dark mode), its caption and text description below it."""
    with hb.Visit(browser, server.page(doc), width=width, color_scheme=scheme) as v:
        facts = v.page.evaluate(_FACTS, sorted(set(names)))
        assert v.page.evaluate("document.documentElement.dataset.theme") == scheme
        for f in facts:
            name = f["name"]
            d = diagrams.get(name)
            assert f["count"] == 1, f"{doc}: diagram {name} appears {f['count']} times"
            assert f["role"] == "img" and f["title"] == plain(d.alt), name
            assert f["desc"] == d.long_description, name
            named = v.page.get_by_role("img", name=plain(d.alt), exact=True)
            assert named.count() == 1, f"{name}: no image with its alt text as accessible name"
            assert f["left"] >= 0 and f["right"] <= min(f["viewport"], f["columnRight"] + 1), f
            assert f["width"] >= 250, f"{name} is only {f['width']:.0f} px wide"
            assert f["scrollWidth"] <= f["viewport"], f"{doc} scrolls sideways at {width} px"
            assert f["minText"] >= MIN_TEXT_PX, f"{name}: text {f['minText']:.1f} px"
            assert f["outside"] == [], f"{name}: text outside the drawing {f['outside']}"
            assert contrast(f["color"], f["background"]) >= 4.5, f
            assert contrast(f["captionColor"], f["background"]) >= 4.5, f
            text_is_light = luminance(f["color"]) > luminance(f["background"])
            assert text_is_light == (scheme == "dark"), f
            assert f["caption"] == plain(d.caption) and f["summary"] == "Text description"
