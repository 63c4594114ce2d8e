"""Chapter 6 figures (``book/06_beyond_trastuzumab.ipynb``): where HER2 treatment went next."""

from __future__ import annotations

CHAPTER = 6
EXPLORABLES: tuple = ()
