"""Where the book's files are: the repository root, the built site, the table of contents.

Shared by the tests, the benchmark and the Sphinx extension. The package is installed in editable
mode (``pip install -e .``), so the repository root is two folders above this file.
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
#: The built website (``make book``); ``HER2BOOK_SITE`` points the tests at another build.
SITE = Path(os.environ.get("HER2BOOK_SITE") or ROOT / "_build" / "html")


def toc_files() -> list[str]:
    """Every document in _toc.yml (paths without extension, relative to the root), in order."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]

    def walk(entries: list[dict]) -> None:
        for e in entries:
            if "file" in e:
                files.append(e["file"])
            for key in ("chapters", "sections", "parts"):
                walk(e.get(key, []))

    walk(toc.get("parts", []) + toc.get("chapters", []))
    return files


def source_of(doc: str) -> Path:
    """The source file of a TOC entry (.ipynb or .md)."""
    for ext in (".ipynb", ".md"):
        p = ROOT / f"{doc}{ext}"
        if p.exists():
            return p
    raise FileNotFoundError(f"no source for TOC entry {doc!r}")


def toc_notebooks() -> list[Path]:
    """The notebooks among the TOC entries (the chapters nbval must run)."""
    return [source_of(d) for d in toc_files() if source_of(d).suffix == ".ipynb"]
