"""Facts about the book's layout that several tests need."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"


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
    return [source_of(d) for d in toc_files() if source_of(d).suffix == ".ipynb"]
