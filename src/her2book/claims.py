"""The claims registry: every quantitative or contestable statement the book makes.

The registry ships with the package, one YAML file per chapter: ``her2book/data/claims/ch1.yml``,
``ch2.yml``, … The file name is the chapter (its number in ``_toc.yml``); the entries do not repeat
it. Each entry records the sentence as the book states it, where it comes from (seed file and the
exact quote), the primary citation (a key of ``book/references.bib``), what was actually read to
check it (``checked_against``, one of :data:`CHECKS`, with the ``read`` records and a one-line
``evidence`` note saying what the source says), the status and a note.

"Verified" means read: a claim may be ``verified`` — or ``corrected``, which states a corrected
version of a seed's sentence — only if its statement matches what was read and what was read is an
abstract, a full text, guideline text or a regulator's own notice (:data:`READ_ENOUGH`). A title,
a secondary summary or the project's research brief is not enough; such claims are
``unverified`` (shown to readers as "not yet checked"). Chapters show a claim with the
``{claim}`id``` role (see :mod:`her2book.sphinx_ext`); numbers a notebook computes are checked
against a claim's ``value`` (:func:`value`) in hidden ``assert`` cells.

A new chapter's claims go in a new file (``ch6.yml``): nothing here lists the chapters. The tests
check that every file is a chapter of ``_toc.yml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

__all__ = [
    "CHECKS",
    "READ_ENOUGH",
    "REGISTRY",
    "STATUSES",
    "Claim",
    "chapter_number",
    "files",
    "get",
    "load",
    "value",
]

#: The folder of per-chapter claims files inside the installed package.
REGISTRY = resources.files(__package__).joinpath("data", "claims")

STATUSES = ("verified", "corrected", "unverified")
#: What a claim was checked against, from most to least.
CHECKS = (
    "full text",
    "guideline text",
    "regulator's notice",
    "abstract",
    "secondary source",
    "title only",
    "seed only",
    "not checked",
)
#: Checks that can support a "verified" or "corrected" status.
READ_ENOUGH = ("full text", "guideline text", "regulator's notice", "abstract")
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_CHAPTER = re.compile(r"^ch([1-9][0-9]*)$")
_FIELDS = {
    "id",
    "statement",
    "seed",
    "quote",
    "citation",
    "status",
    "checked_against",
    "read",
    "evidence",
    "note",
    "value",
}


@dataclass(frozen=True)
class Claim:
    """One registry entry (see the module docstring); ``chapter`` is its file's name (``ch1``)."""

    id: str
    chapter: str
    statement: str
    status: str
    checked_against: str
    evidence: str
    note: str
    read: tuple[str, ...] = ()
    seed: str | None = None
    quote: str | None = None
    citation: str | None = None
    value: Any = None

    @property
    def label(self) -> str:
        """Cross-reference label of the claim's entry on the Claims and evidence page."""
        return f"claim-{self.id}"


def _check(entry: Any, chapter: str, where: str) -> Claim:
    if not isinstance(entry, dict):
        raise ValueError(f"{where}: expected a mapping of fields, got {entry!r}")
    unknown = set(entry) - _FIELDS
    if unknown:
        hint = " (the file name is the chapter)" if "chapter" in unknown else ""
        raise ValueError(f"{where}: unknown fields {sorted(unknown)}{hint}")
    for key in ("id", "statement", "status", "checked_against", "evidence", "note"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise ValueError(f"{where}: field {key!r} is required and must be non-empty text")
    if not _ID.match(entry["id"]):
        raise ValueError(f"{where}: id {entry['id']!r} must be lower-case words joined by '-'")
    if entry["status"] not in STATUSES:
        raise ValueError(f"{where}: status {entry['status']!r} is not one of {STATUSES}")
    if entry["checked_against"] not in CHECKS:
        raise ValueError(
            f"{where}: checked_against {entry['checked_against']!r} is not one of {CHECKS}"
        )
    if entry["status"] != "unverified" and entry["checked_against"] not in READ_ENOUGH:
        raise ValueError(
            f"{where}: a {entry['status']} claim must have been checked against one of "
            f'{READ_ENOUGH}, not {entry["checked_against"]!r} ("verified" means read)'
        )
    read = entry.get("read", [])
    if isinstance(read, str):
        read = [read]
    if not isinstance(read, list) or not all(isinstance(r, str) and r.strip() for r in read):
        raise ValueError(f"{where}: read must be a list of records (URLs, PMIDs, files)")
    local = [r for r in read if r.startswith(("/", "~", "../", "file:"))]
    if local:
        raise ValueError(
            f"{where}: read names a file on one machine ({local[0]!r}); name a file of the "
            "book (seeds/…) or a public address"
        )
    if entry["checked_against"] not in ("not checked",) and not read:
        raise ValueError(f"{where}: say what was read (field read) for {entry['id']!r}")
    entry = {**entry, "read": tuple(read)}
    if bool(entry.get("seed")) != bool(entry.get("quote")):
        raise ValueError(f"{where}: give both seed and quote, or neither")
    if not entry.get("seed") and not entry.get("citation"):
        raise ValueError(f"{where}: a claim needs a seed quote, a citation, or both")
    return Claim(chapter=chapter, **entry)


def chapter_number(key: str) -> int | None:
    """The number of a chapter key (``"ch12"`` → 12), or ``None`` if ``key`` is not one."""
    m = _CHAPTER.match(key)
    return int(m.group(1)) if m else None


def _chapter_of(f: Any) -> int | None:
    name = f.name
    return chapter_number(name.removesuffix(".yml")) if name.endswith(".yml") else None


def files(folder: Any = REGISTRY) -> list[Any]:
    """The claims files of ``folder``, in chapter order (``ch2.yml`` before ``ch10.yml``).

    ``ValueError`` for any other file there, so that a misnamed file is never silently skipped.
    """
    found = [f for f in folder.iterdir() if not f.name.startswith((".", "__"))]
    bad = sorted(f.name for f in found if _chapter_of(f) is None)
    if bad:
        raise ValueError(f"{folder}: {bad} are not claims files named ch1.yml, ch2.yml, ...")
    if not found:
        raise ValueError(f"{folder}: no claims files (ch1.yml, ch2.yml, ...)")
    return sorted(found, key=_chapter_of)


@cache
def load(folder: Any = REGISTRY) -> tuple[Claim, ...]:
    """All claims, chapter by chapter, in file order within a chapter.

    ``folder`` is the registry folder (a path or an ``importlib.resources`` traversable). Raises
    ``ValueError`` on a malformed entry or an id used twice (in one file or across files).
    """
    claims: list[Claim] = []
    where_is: dict[str, str] = {}
    for f in files(folder):
        chapter = f.name.removesuffix(".yml")
        data = yaml.safe_load(f.read_text(encoding="utf-8"))
        if data is None:
            data = []
        if not isinstance(data, list):
            raise ValueError(f"{f}: expected a list of claims")
        for i, entry in enumerate(data):
            claim = _check(entry, chapter, f"{f} entry {i}")
            if claim.id in where_is:
                raise ValueError(
                    f"{f}: duplicate claim id {claim.id!r} (also in {where_is[claim.id]})"
                )
            where_is[claim.id] = f.name
            claims.append(claim)
    return tuple(claims)


@cache
def _by_id(folder: Any = REGISTRY) -> dict[str, Claim]:
    return {c.id: c for c in load(folder)}


def get(claim_id: str) -> Claim:
    """The claim with this id (``KeyError`` naming it if absent)."""
    try:
        return _by_id()[claim_id]
    except KeyError:
        raise KeyError(f"no claim {claim_id!r} in the registry ({REGISTRY})") from None


def value(claim_id: str) -> Any:
    """The registered ``value`` of a claim (for checks in notebooks)."""
    v = get(claim_id).value
    if v is None:
        raise KeyError(f"claim {claim_id!r} has no value")
    return v
