"""Concept diagrams of the book, drawn from code as inline SVG.

In a chapter, a cell tagged ``remove-input`` shows one diagram::

    from her2book import diagrams
    diagrams.show("hierarchy")

:func:`show` returns a :class:`Diagram`. In the built book and in JupyterLab it displays as HTML:
a ``<figure class="her2book-diagram" id="diagram-NAME">`` holding an inline
``<svg role="img">`` whose ``<title>`` is the alt text and whose ``<desc>`` is the long text
description, then a one-sentence ``<figcaption>`` with the same description in a collapsed
``<details>`` (for readers who prefer text, and for print). Inline SVG takes the page's text
colour (``currentColor``), so one drawing serves the light and the dark theme.

Every diagram uses one visual language (:mod:`her2book.diagrams.svg`): → activates, a flat bar
inhibits, a dashed line acts indirectly; it is explained once, in the diagram ``"key"``.
:data:`NAMES` lists the diagrams in book order; :func:`get` builds one (cached).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .svg import Canvas, html, plain, symbols

__all__ = ["NAMES", "Diagram", "get", "show"]


@dataclass(frozen=True)
class Diagram:
    """One concept diagram and where it belongs in the book.

    name : short name (``show(name)``); every id in its HTML starts with it.
    alt : what the diagram shows, in one or two sentences (the SVG ``<title>``).
    caption : one sentence shown under it.
    description : the long text description, one string per paragraph (label markup allowed).
    doc, section : the chapter (its TOC entry, e.g. ``book/02_cancer_stem_cells``) and the heading
        under which its text first needs the diagram.
    model : the module of the model it pictures (``"hierarchy"``), or ``None``.
    states : the model's state variables as the code names them → the symbol the diagram uses.
    canvas : the drawing.
    """

    name: str
    alt: str
    caption: str
    description: tuple[str, ...]
    doc: str
    section: str
    canvas: Canvas
    model: str | None = None
    states: tuple[tuple[str, str], ...] = ()

    @property
    def symbols(self) -> set[str]:
        """Every symbol the diagram's labels name in math (``r_S``, ``α_m``, ``x`` …)."""
        return set().union(*(symbols(label) for label in self.canvas.labels))

    @property
    def text(self) -> str:
        """The text of every label, in plain form (``r_S``), one label per line."""
        return "\n".join(plain(label) for label in self.canvas.labels)

    @property
    def long_description(self) -> str:
        """The long description as plain text (for ``<desc>``)."""
        return " ".join(plain(p) for p in self.description)

    def svg(self, inline: bool = True) -> str:
        """The SVG element: inline (for HTML) or a standalone file."""
        return self.canvas.svg(self.alt, self.long_description, inline=inline)

    def html(self) -> str:
        """The ``<figure>``: inline SVG, caption and the text description."""
        paragraphs = "".join(f"<p>{html(p)}</p>" for p in self.description)
        return (
            f'<figure class="her2book-diagram" id="diagram-{self.name}" style="margin:1rem 0">'
            f"{self.svg()}"
            f"<figcaption>{html(self.caption)}"
            f"<details><summary>Text description</summary>{paragraphs}</details>"
            "</figcaption></figure>"
        )

    def _repr_html_(self) -> str:
        return self.html()

    def _repr_svg_(self) -> str:
        return self.svg(inline=False)

    def __repr__(self) -> str:
        return f"Diagram {self.name!r}: {plain(self.alt)}"


def _catalog():
    from . import catalog

    return catalog.BUILDERS


#: Every diagram, in the order the book first needs them.
NAMES: tuple[str, ...] = (
    "key",
    "her2",
    "trastuzumab",
    "ihc",
    "ish_count",
    "ish_groups",
    "hierarchy",
    "mirna",
    "titration",
    "mir200_zeb",
    "pten",
    "il6_loop",
    "adc",
    "synthesis",
)


@cache
def get(name: str) -> Diagram:
    """The diagram called ``name`` (one of :data:`NAMES`); ``ValueError`` otherwise."""
    builders = _catalog()
    if name not in builders:
        raise ValueError(f"no diagram {name!r}; choose one of {', '.join(NAMES)}")
    return builders[name]()


def show(name: str) -> Diagram:
    """The diagram called ``name``, for display as a chapter cell's output."""
    return get(name)
