"""Where the book's files are in a checkout: the repository root, the built site, the TOC, chapters.

For the tests, the benchmark, the scripts and the Sphinx extension, which all work inside a
checkout of the repository. Nothing here is needed to *use* the package: data the package needs at
run time (the claims registry) ships inside it (``her2book/data``).

The root is passed in, or found from the current working directory: the nearest folder at or above
it that holds ``_toc.yml``. It is never derived from where the package is installed.

Chapters come from ``_toc.yml``: the entries of its numbered parts, in order, are Chapter 1, 2, …
(keys ``ch1``, ``ch2``, … as in the claims files), exactly as Sphinx numbers them.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import yaml

__all__ = [
    "Chapter",
    "chapters",
    "find_root",
    "site",
    "source_of",
    "title_of",
    "toc_files",
    "toc_notebooks",
]

TOC = "_toc.yml"


def find_root(start: str | os.PathLike | None = None) -> Path:
    """The repository root: the nearest folder at or above ``start`` (default: the working
    directory) that holds ``_toc.yml``. ``FileNotFoundError`` if there is none."""
    here = Path(start if start is not None else Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / TOC).is_file():
            return folder
    raise FileNotFoundError(
        f"no {TOC} in {here} or above it: run from inside the book's repository or pass its root"
    )


def _root(root: str | os.PathLike | None) -> Path:
    return find_root() if root is None else Path(root).resolve()


def site(root: str | os.PathLike | None = None) -> Path:
    """The built website: ``$HER2BOOK_SITE`` if set, else ``<root>/_build/html`` (``make book``)."""
    env = os.environ.get("HER2BOOK_SITE")
    return Path(env).resolve() if env else _root(root) / "_build" / "html"


def _toc(root: Path) -> dict:
    return yaml.safe_load((root / TOC).read_text(encoding="utf-8"))


def _walk(entries: list[dict], files: list[str]) -> None:
    for e in entries:
        if "file" in e:
            files.append(e["file"])
        for key in ("chapters", "sections", "parts"):
            _walk(e.get(key, []), files)


def toc_files(root: str | os.PathLike | None = None) -> list[str]:
    """Every document in _toc.yml (paths without extension, relative to the root), in order."""
    toc = _toc(_root(root))
    files = [toc["root"]]
    _walk(toc.get("parts", []) + toc.get("chapters", []), files)
    return files


def source_of(doc: str, root: str | os.PathLike | None = None) -> Path:
    """The source file of a TOC entry (.ipynb or .md); ``FileNotFoundError`` if it has none."""
    base = _root(root)
    for ext in (".ipynb", ".md"):
        p = base / f"{doc}{ext}"
        if p.exists():
            return p
    raise FileNotFoundError(f"no source for TOC entry {doc!r} in {base}")


def toc_notebooks(root: str | os.PathLike | None = None) -> list[Path]:
    """The notebooks among the TOC entries (the chapters nbval must run)."""
    base = _root(root)
    sources = [source_of(d, base) for d in toc_files(base)]
    return [p for p in sources if p.suffix == ".ipynb"]


def title_of(path: str | os.PathLike) -> str:
    """The first level-1 Markdown heading (``# Title``) of a notebook or Markdown page."""
    path = Path(path)
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    else:
        text = path.read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    raise ValueError(f"{path} has no '# Title' heading")


@dataclass(frozen=True)
class Chapter:
    """A numbered chapter of the book, as listed in _toc.yml."""

    number: int
    doc: str  # the TOC entry, e.g. "book/01_her2_trastuzumab"
    title: str  # its first heading, e.g. "Cancer stem cells: what they are, ..."

    @property
    def key(self) -> str:
        """The chapter's key in the claims and glossary files: ``ch1``, ``ch2``, …"""
        return f"ch{self.number}"

    @property
    def short_title(self) -> str:
        """The title without its subtitle (the part before the first colon)."""
        return self.title.split(":", 1)[0].strip()


def chapters(root: str | os.PathLike | None = None) -> list[Chapter]:
    """The chapters: top-level entries of the TOC's numbered parts, numbered from 1 in order."""
    base = _root(root)
    docs = [
        entry["file"]
        for part in _toc(base).get("parts", [])
        if part.get("numbered")
        for entry in part.get("chapters", [])
        if "file" in entry
    ]
    return [Chapter(n, doc, title_of(source_of(doc, base))) for n, doc in enumerate(docs, 1)]


def __getattr__(name: str) -> Path:
    # ``ROOT`` and ``SITE`` for callers that work from the repository (the benchmark, scripts):
    # looked up from the working directory when asked for, never at import.
    if name == "ROOT":
        return find_root()
    if name == "SITE":
        return site()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
