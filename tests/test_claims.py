"""The claims registry: quotes verbatim, citations resolvable, every claim used, valid entries."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap

import pytest
import yaml

from her2book import claims
from tests.book import ROOT, chapters, source_of, toc_files

ROLE = re.compile(r"\{claim\}`([^`]+)`")
SEEDS = ROOT / "seeds"
BIBLIOGRAPHY = ROOT / "book" / "references.bib"
REGISTRY = claims.load()

# A well-formed entry; each malformed case below changes one thing.
GOOD = {
    "id": "a",
    "statement": "s",
    "status": "verified",
    "checked_against": "abstract",
    "read": ["PMID 1"],
    "evidence": "the abstract says s",
    "note": "n",
    "citation": "k",
}


def page_texts() -> dict[str, str]:
    """Prose of every TOC page (Markdown cells only for notebooks)."""
    texts = {}
    for doc in toc_files():
        src = source_of(doc)
        if src.suffix == ".ipynb":
            nb = json.loads(src.read_text(encoding="utf-8"))
            texts[doc] = "\n".join(
                "".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"
            )
        else:
            texts[doc] = src.read_text(encoding="utf-8")
    return texts


def bib_keys() -> set[str]:
    """Entry keys defined in book/references.bib."""
    text = BIBLIOGRAPHY.read_text(encoding="utf-8")
    return set(re.findall(r"^@\w+\s*\{\s*([^,\s]+)\s*,", text, re.M))


def write_registry(folder, files: dict[str, object]):
    """A registry folder with the given files (name → YAML data, or raw text)."""
    folder.mkdir(exist_ok=True)
    for name, data in files.items():
        text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_every_claims_file_is_a_chapter_of_the_toc():
    """Each ``chN.yml`` in the package's registry is chapter N of _toc.yml."""
    keys = {c.key for c in chapters()}
    names = [f.name.removesuffix(".yml") for f in claims.files()]
    assert names, "the registry has no files"
    assert set(names) <= keys, f"claims files without a TOC chapter: {set(names) - keys}"


@pytest.mark.parametrize("claim", [c for c in REGISTRY if c.seed], ids=lambda c: c.id)
def test_quote_occurs_verbatim_in_its_seed(claim):
    """A claim's quote occurs character for character in the seed it names."""
    text = (SEEDS / claim.seed).read_text(encoding="utf-8")
    assert claim.quote in text, f"{claim.id}: quote not found verbatim in {claim.seed}"


@pytest.mark.parametrize("claim", [c for c in REGISTRY if c.citation], ids=lambda c: c.id)
def test_citation_keys_exist_in_the_bibliography(claim):
    """Every citation key of a claim is an entry of references.bib."""
    keys = bib_keys()
    for key in claim.citation.split(","):
        assert key.strip() in keys, f"{claim.id}: citation key {key!r} not in references.bib"


def test_every_claim_is_used_by_some_page():
    """No claim is registered without a page that shows it."""
    used = set()
    for text in page_texts().values():
        used |= set(ROLE.findall(text))
    unused = sorted(c.id for c in REGISTRY if c.id not in used)
    assert not unused, f"claims registered but shown on no page: {unused}"


def test_every_claim_role_names_a_registered_claim():
    """Every ``{claim}`` role on a page names a claim of the registry."""
    ids = {c.id for c in REGISTRY}
    for doc, text in page_texts().items():
        unknown = set(ROLE.findall(text)) - ids
        assert not unknown, f"{doc} uses unregistered claims {unknown}"


def test_claims_page_is_in_the_toc():
    """The Claims and evidence page is built and renders the registry."""
    assert "book/claims" in toc_files()
    assert "{claims-registry}" in (ROOT / "book" / "claims.md").read_text()


def test_unverified_claims_say_so_in_their_statement_or_are_attributed():
    """A reader who never opens the registry must not take an unverified claim as settled."""
    for c in REGISTRY:
        if c.status == "unverified":
            s = c.statement.lower()
            assert any(w in s for w in ("unverified", "seed", "says", "report", "not traced")), c.id


@pytest.mark.parametrize(
    "change, message",
    [
        ({"id": None, "note": None}, "required"),
        ({"id": "Bad Id"}, "lower-case"),
        ({"status": "true"}, "status"),
        ({"seed": "000.txt"}, "seed and quote"),
        ({"citation": None}, "needs a seed quote, a citation"),
        ({"colour": 1}, "unknown fields"),
        ({"chapter": "ch1"}, "the file name is the chapter"),
        ({"checked_against": "memory"}, "checked_against 'memory' is not one of"),
        ({"checked_against": "title only"}, 'verified" means read'),
        ({"status": "corrected", "checked_against": "secondary source"}, "means read"),
        ({"read": None}, "say what was read"),
        ({"read": ["/work/shared/seeds/000_x.txt (seed)"]}, "a file on one machine"),
        ({"evidence": " "}, "evidence"),
    ],
)
def test_malformed_entries_are_rejected(tmp_path, change, message):
    # "verified" needs an abstract or better; the same entry is fine when unverified
    ok = dict(GOOD, status="unverified", checked_against="title only")
    claims.load(write_registry(tmp_path / "ok", {"ch1.yml": [ok]}))
    """Each malformed entry is a ValueError that says what is wrong."""
    entry = {k: v for k, v in {**GOOD, **change}.items() if v is not None}
    folder = write_registry(tmp_path / "claims", {"ch1.yml": [entry]})
    with pytest.raises(ValueError, match=message):
        claims.load(folder)


@pytest.mark.parametrize("name", ["chapter1.yml", "ch0.yml", "ch6.yaml", "notes.txt"])
def test_files_not_named_after_a_chapter_are_rejected(tmp_path, name):
    """A misnamed file in the registry is an error, never silently skipped."""
    folder = write_registry(tmp_path / "claims", {"ch1.yml": [GOOD], name: [GOOD]})
    with pytest.raises(ValueError, match="not claims files"):
        claims.files(folder)


def test_an_id_used_in_two_chapters_is_rejected(tmp_path):
    """Ids are unique across the whole registry, and the message names both files."""
    folder = write_registry(tmp_path / "claims", {"ch1.yml": [GOOD], "ch2.yml": [GOOD]})
    with pytest.raises(ValueError, match=r"duplicate claim id 'a' \(also in ch1.yml\)"):
        claims.load(folder)


def test_a_new_chapter_file_needs_no_code_change(tmp_path):
    """``ch6.yml`` and ``ch10.yml`` load like any other chapter, in numeric order."""
    files = {
        "ch10.yml": [dict(GOOD, id="ten")],
        "ch2.yml": [dict(GOOD, id="two")],
        "ch6.yml": [dict(GOOD, id="six")],
        "ch5.yml": "# no claims yet\n[]\n",
    }
    loaded = claims.load(write_registry(tmp_path / "claims", files))
    assert [(c.id, c.chapter) for c in loaded] == [("two", "ch2"), ("six", "ch6"), ("ten", "ch10")]


def test_get_and_value():
    """``get`` and ``value`` find a claim by id; an unknown id is a KeyError naming it."""
    c = claims.get("vogel-response-rate")
    assert (c.status, c.chapter) == ("corrected", "ch1")
    assert claims.value("vogel-response-rate")["n"] == 114
    with pytest.raises(KeyError, match="nope"):
        claims.get("nope")
    with pytest.raises(KeyError, match="has no value"):
        claims.value(next(c.id for c in REGISTRY if c.value is None))


def test_claims_work_outside_the_repository(tmp_path):
    """From a folder with no _toc.yml, ``claims.value`` works: the registry is package data."""
    code = textwrap.dedent(
        """
        from her2book import claims
        assert claims.value("vogel-response-rate")["n"] == 114
        print(claims.REGISTRY)
        """
    )
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr
    assert "her2book/data/claims" in run.stdout


def test_every_verified_or_corrected_claim_says_what_was_read():
    """The registry's own claims: a status above unverified rests on an abstract or better."""
    for c in REGISTRY:
        assert c.evidence.strip() and c.read, c.id
        if c.status != "unverified":
            assert c.checked_against in claims.READ_ENOUGH, c.id


#: Words of the book's own review process, which readers of the claims page cannot follow.
_INTERNAL = re.compile(
    r"second reader|review(?:'s)? finding|reviewer|research pass|finding \d", re.I
)


@pytest.mark.parametrize("claim", claims.load(), ids=lambda c: c.id)
def test_what_readers_see_names_no_internal_review(claim):
    """Statement, note, evidence and records speak of sources, not of the book's review rounds
    (those are in the commit history)."""
    shown = [claim.statement, claim.note or "", claim.evidence or "", *claim.read]
    found = [m.group(0) for text in shown for m in _INTERNAL.finditer(text)]
    assert not found, f"{claim.id}: {found}"
