"""The claims registry: quotes verbatim, citations resolvable, every claim used, valid entries."""

from __future__ import annotations

import json
import re

import pytest

from her2book import claims
from tests.book import ROOT, source_of, toc_files

ROLE = re.compile(r"\{claim\}`([^`]+)`")


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


REGISTRY = claims.load()


def test_registry_is_not_empty_and_ids_are_unique():
    ids = [c.id for c in REGISTRY]
    assert len(ids) >= 10
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("claim", [c for c in REGISTRY if c.seed], ids=lambda c: c.id)
def test_quote_occurs_verbatim_in_its_seed(claim):
    text = (claims.SEEDS / claim.seed).read_text(encoding="utf-8")
    assert claim.quote in text, f"{claim.id}: quote not found verbatim in {claim.seed}"


@pytest.mark.parametrize("claim", [c for c in REGISTRY if c.citation], ids=lambda c: c.id)
def test_citation_keys_exist_in_the_bibliography(claim):
    keys = claims.bib_keys()
    for key in claim.citation.split(","):
        assert key.strip() in keys, f"{claim.id}: citation key {key!r} not in references.bib"


def test_every_claim_is_used_by_some_page():
    used = set()
    for text in page_texts().values():
        used |= set(ROLE.findall(text))
    unused = sorted(c.id for c in REGISTRY if c.id not in used)
    assert not unused, f"claims registered but shown on no page: {unused}"


def test_every_claim_role_names_a_registered_claim():
    ids = {c.id for c in REGISTRY}
    for doc, text in page_texts().items():
        unknown = set(ROLE.findall(text)) - ids
        assert not unknown, f"{doc} uses unregistered claims {unknown}"


def test_claims_page_is_in_the_toc():
    assert "book/claims" in toc_files()
    assert "{claims-registry}" in (ROOT / "book" / "claims.md").read_text()


def test_unverified_claims_say_so_in_their_statement_or_are_attributed():
    # A reader who never opens the registry must not take an unverified claim as settled.
    for c in REGISTRY:
        if c.status == "unverified":
            s = c.statement.lower()
            assert any(w in s for w in ("unverified", "seed", "says", "report", "not traced")), c.id


@pytest.mark.parametrize(
    "entry, message",
    [
        ({"id": "x"}, "required"),
        (
            {
                "id": "Bad Id",
                "chapter": "ch1",
                "statement": "s",
                "status": "verified",
                "note": "n",
                "citation": "k",
            },
            "lower-case",
        ),
        (
            {
                "id": "a",
                "chapter": "ch9",
                "statement": "s",
                "status": "verified",
                "note": "n",
                "citation": "k",
            },
            "chapter",
        ),
        (
            {
                "id": "a",
                "chapter": "ch1",
                "statement": "s",
                "status": "true",
                "note": "n",
                "citation": "k",
            },
            "status",
        ),
        (
            {
                "id": "a",
                "chapter": "ch1",
                "statement": "s",
                "status": "verified",
                "note": "n",
                "seed": "000.txt",
            },
            "seed and quote",
        ),
        (
            {"id": "a", "chapter": "ch1", "statement": "s", "status": "verified", "note": "n"},
            "needs a seed quote, a citation",
        ),
        (
            {
                "id": "a",
                "chapter": "ch1",
                "statement": "s",
                "status": "verified",
                "note": "n",
                "citation": "k",
                "colour": 1,
            },
            "unknown fields",
        ),
    ],
)
def test_malformed_entries_are_rejected(tmp_path, entry, message):
    import yaml

    path = tmp_path / "claims.yml"
    path.write_text(yaml.safe_dump([entry]))
    claims.load.cache_clear()
    try:
        with pytest.raises(ValueError, match=message):
            claims.load(path)
    finally:
        claims.load.cache_clear()


def test_duplicate_ids_are_rejected(tmp_path):
    import yaml

    entry = {
        "id": "a",
        "chapter": "ch1",
        "statement": "s",
        "status": "verified",
        "note": "n",
        "citation": "k",
    }
    path = tmp_path / "claims.yml"
    path.write_text(yaml.safe_dump([entry, entry]))
    with pytest.raises(ValueError, match="duplicate"):
        claims.load(path)


def test_get_and_value():
    c = claims.get("vogel-response-rate")
    assert c.status == "corrected"
    assert claims.value("vogel-response-rate")["n"] == 114
    with pytest.raises(KeyError, match="nope"):
        claims.get("nope")
