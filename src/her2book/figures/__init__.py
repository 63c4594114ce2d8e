"""The book's figures: every explorable's view, parameter grids and static figures, by chapter.

One module per chapter, named after its notebook (``book/01_her2_trastuzumab.ipynb`` →
``her2book.figures.her2_trastuzumab``). A chapter cell shows an explorable with one short call,
e.g. ``fig.ish_count()``, and that cell carries the tag ``explorable`` so the browser tests know
how many explorables each page must show.

Each module sets ``CHAPTER`` (its chapter number) and lists its explorable builders in a
module-level tuple ``EXPLORABLES``; :func:`explorables` collects them for the tests and the
benchmark.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from typing import Any

__all__ = ["explorables"]


def explorables() -> dict[str, Callable[[], Any]]:
    """Every explorable builder of the book, as ``{"module.builder": builder}``, chapter order."""
    modules = [
        importlib.import_module(f"{__name__}.{info.name}")
        for info in pkgutil.iter_modules(__path__)
        if not info.name.startswith("_")
    ]
    modules.sort(key=lambda m: (getattr(m, "CHAPTER", 99), m.__name__))
    return {
        f"{m.__name__.rsplit('.', 1)[-1]}.{builder.__name__}": builder
        for m in modules
        for builder in getattr(m, "EXPLORABLES", ())
    }
