"""Facts about the book's layout that several tests need (see her2book.layout)."""

from her2book.layout import ROOT, SITE, source_of, toc_files, toc_notebooks

__all__ = ["ROOT", "SITE", "source_of", "toc_files", "toc_notebooks"]
