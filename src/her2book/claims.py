"""The claims registry: every quantitative or contestable statement the book makes.

The registry is ``book/claims.yml``. Each entry records the sentence as the book states it, where
it comes from (seed file and the exact quote), the primary citation (a key of
``book/references.bib``), how far it was checked (``verified``, ``corrected``, ``unverified``) and a
note. Chapters show a claim with the ``{claim}`id``` role (see :mod:`her2book.sphinx_ext`); numbers
a notebook computes are checked against a claim's ``value`` in hidden ``assert`` cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .layout import ROOT

REGISTRY = ROOT / "book" / "claims.yml"
BIBLIOGRAPHY = ROOT / "book" / "references.bib"
SEEDS = ROOT / "seeds"

STATUSES = ("verified", "corrected", "unverified")
CHAPTERS = {
    "ch1": "HER2 amplification and trastuzumab",
    "ch2": "Cancer stem cells",
    "ch3": "MicroRNA regulation",
    "ch4": "Resistance mechanisms",
    "ch5": "Synthesis",
}
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_FIELDS = {"id", "chapter", "statement", "seed", "quote", "citation", "status", "note", "value"}


@dataclass(frozen=True)
class Claim:
    """One registry entry (see the module docstring)."""

    id: str
    chapter: str
    statement: str
    status: str
    note: str
    seed: str | None = None
    quote: str | None = None
    citation: str | None = None
    value: Any = None
    extra: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def label(self) -> str:
        """Cross-reference label of the claim's entry on the Claims and evidence page."""
        return f"claim-{self.id}"


def _check(entry: dict, where: str) -> Claim:
    unknown = set(entry) - _FIELDS
    if unknown:
        raise ValueError(f"{where}: unknown fields {sorted(unknown)}")
    for key in ("id", "chapter", "statement", "status", "note"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise ValueError(f"{where}: field {key!r} is required and must be non-empty text")
    if not _ID.match(entry["id"]):
        raise ValueError(f"{where}: id {entry['id']!r} must be lower-case words joined by '-'")
    if entry["chapter"] not in CHAPTERS:
        raise ValueError(f"{where}: chapter {entry['chapter']!r} is not one of {list(CHAPTERS)}")
    if entry["status"] not in STATUSES:
        raise ValueError(f"{where}: status {entry['status']!r} is not one of {STATUSES}")
    if bool(entry.get("seed")) != bool(entry.get("quote")):
        raise ValueError(f"{where}: give both seed and quote, or neither")
    if not entry.get("seed") and not entry.get("citation"):
        raise ValueError(f"{where}: a claim needs a seed quote, a citation, or both")
    return Claim(**entry)


@cache
def load(path: Path = REGISTRY) -> tuple[Claim, ...]:
    """All claims, in file order. Raises ``ValueError`` on a malformed or duplicated entry."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a list of claims")
    claims = tuple(_check(e, f"{path} entry {i}") for i, e in enumerate(data))
    seen: set[str] = set()
    for c in claims:
        if c.id in seen:
            raise ValueError(f"{path}: duplicate claim id {c.id!r}")
        seen.add(c.id)
    return claims


def get(claim_id: str) -> Claim:
    """The claim with this id (``KeyError`` naming it if absent)."""
    for c in load():
        if c.id == claim_id:
            return c
    raise KeyError(f"no claim {claim_id!r} in {REGISTRY}")


def value(claim_id: str) -> Any:
    """The registered ``value`` of a claim (for checks in notebooks)."""
    v = get(claim_id).value
    if v is None:
        raise KeyError(f"claim {claim_id!r} has no value")
    return v


def bib_keys(path: Path = BIBLIOGRAPHY) -> set[str]:
    """Entry keys defined in the BibTeX file."""
    return set(re.findall(r"^@\w+\s*\{\s*([^,\s]+)\s*,", path.read_text(encoding="utf-8"), re.M))
