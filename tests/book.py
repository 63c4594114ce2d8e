"""Facts about the book's checkout that several tests need (see her2book.layout).

The tests live in the repository, so its root is the folder above this one; every helper here is
:mod:`her2book.layout` with that root passed in.
"""

from __future__ import annotations

from pathlib import Path

from her2book import layout

ROOT = Path(__file__).resolve().parents[1]
#: The built website (``make book``); ``HER2BOOK_SITE`` points the tests at another build.
SITE = layout.site(ROOT)

__all__ = ["ROOT", "SITE", "chapters", "source_of", "toc_files", "toc_notebooks"]


def toc_files() -> list[str]:
    """Every document in _toc.yml, in order (paths without extension, relative to ROOT)."""
    return layout.toc_files(ROOT)


def source_of(doc: str) -> Path:
    """The source file (.ipynb or .md) of a TOC entry."""
    return layout.source_of(doc, ROOT)


def toc_notebooks() -> list[Path]:
    """The notebooks among the TOC entries."""
    return layout.toc_notebooks(ROOT)


def chapters() -> list[layout.Chapter]:
    """The numbered chapters of _toc.yml."""
    return layout.chapters(ROOT)
