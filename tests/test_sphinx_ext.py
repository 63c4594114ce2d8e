"""The book's Sphinx extension: generated pages and theme fixes, without running Sphinx."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import yaml

from her2book import claims
from her2book.layout import Chapter
from her2book.sphinx_ext import (
    _fix_page,
    _launch_buttons_need_a_repository,
    glossary_files,
    glossary_markdown,
    load_glossary,
    registry_markdown,
)
from tests.book import ROOT, chapters

GLOSSARY = ROOT / "book" / "glossary"
TERM = {"term": "HER2", "definition": "A receptor."}


def test_registry_page_has_a_summary_table_and_a_label_per_claim():
    """The registry page starts with the summary table and labels every claim once."""
    text = registry_markdown(chapters())
    assert text.startswith("| Chapter | Claims | verified | corrected | not yet checked |")
    read = sum(c.checked_against in claims.READ_ENOUGH for c in claims.load())
    assert f"Of these {len(claims.load())} claims, {read} were checked against an abstract" in text
    for c in claims.load():
        assert text.count(f"({c.label})=") == 1
    assert "{cite:t}`vogel2002`" in text
    vogel = claims.get("vogel-response-rate")
    assert f"- *Checked against:* {vogel.checked_against}. {vogel.evidence}" in text
    assert "- **not yet checked**: Not yet checked by the book" in text


def test_registry_chapters_are_numbered_and_titled_from_the_toc():
    """Chapter headings come from _toc.yml order and each chapter's own title, before its colon."""
    text = registry_markdown(chapters())
    assert "## Chapter 1: HER2 amplification and trastuzumab" in text
    assert "## Chapter 2: Cancer stem cells\n" in text
    n3 = sum(c.chapter == "ch3" for c in claims.load())
    assert f"| 3. MicroRNA regulation | {n3} |" in text


def test_a_new_chapter_gets_its_own_section():
    """A chapter the code has never heard of (6) is listed with its claims and title."""
    registry = (
        claims.Claim("six", "ch6", "A sixth claim.", "verified", "abstract", "e", "n", ("r",)),
        claims.Claim("one", "ch1", "A first claim.", "unverified", "title only", "e", "n", ("r",)),
    )
    book = [Chapter(1, "book/01_a", "First: sub"), Chapter(6, "book/06_x", "Sixth: more")]
    text = registry_markdown(book, registry)
    assert "| 6. Sixth | 1 | 1 | 0 | 0 |" in text
    assert "| 1. First | 1 | 0 | 0 | 1 |" in text
    assert "Of these 2 claims, 1 were checked" in text
    assert text.index("## Chapter 1: First") < text.index("## Chapter 6: Sixth")
    assert text.index("(claim-one)=") < text.index("(claim-six)=")


def test_glossary_files_are_chapters_of_the_toc():
    """Each glossary file is a chapter of _toc.yml (``chN.yml``) or ``general.yml``."""
    keys = {c.key for c in chapters()} | {"general"}
    names = {f.stem for f in glossary_files(GLOSSARY)}
    assert names and names <= keys, f"glossary files without a TOC chapter: {names - keys}"


def test_glossary_is_sorted_and_complete():
    """The glossary collects every file's terms, sorted case-insensitively."""
    entries = load_glossary(GLOSSARY)
    terms = [e["term"].lower() for e in entries]
    assert terms == sorted(terms) and {"her2", "cancer stem cell", "microrna"} <= set(terms)
    text = glossary_markdown(entries)
    assert text.startswith("```{glossary}") and text.endswith("```")


@pytest.mark.parametrize(
    "files, message",
    [
        ({"ch1.yml": [TERM], "ch2.yml": [{"term": "her2", "definition": "x"}]}, "defined twice"),
        (
            {"ch1.yml": [TERM], "ch2.yml": [{"term": "b", "definition": "x", "aliases": ["HER2"]}]},
            "defined twice",
        ),
        ({"ch1.yml": [dict(TERM, chapter="ch1")]}, "the file name is the chapter"),
        ({"ch1.yml": [{"term": "x", "definition": " "}]}, "'definition' is required"),
        ({"glossary.yml": [TERM]}, "not glossary files"),
        ({"ch1.yaml": [TERM]}, "not glossary files"),
    ],
)
def test_malformed_glossaries_are_rejected(tmp_path, files, message):
    """A duplicated term, an old ``chapter`` field, an empty definition or a misnamed file fail."""
    for name, data in files.items():
        (tmp_path / name).write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_glossary(tmp_path)


def test_launch_buttons_wait_for_a_repository_url():
    """Binder/Colab buttons are switched off until the repository URL is set, kept after."""
    config = SimpleNamespace(html_theme_options={"launch_buttons": {"binderhub_url": "x"}})
    _launch_buttons_need_a_repository(None, config)
    assert config.html_theme_options["launch_buttons"] == {}
    config = SimpleNamespace(
        html_theme_options={"launch_buttons": {"binderhub_url": "x"}, "repository_url": "r"}
    )
    _launch_buttons_need_a_repository(None, config)
    assert config.html_theme_options["launch_buttons"] == {"binderhub_url": "x"}


def test_page_fixes_drop_duplicate_inline_scripts_and_deprecated_roles():
    """A repeated inline script is dropped once and doc-biblioentry becomes listitem."""
    from sphinx.builders.html._assets import _JavaScript

    scripts = [
        _JavaScript(None, body="const A = 1"),
        _JavaScript("a.js"),
        _JavaScript("", body="const A = 1"),
    ]
    context = {"script_files": scripts, "body": '<div role="doc-biblioentry">x</div>'}
    _fix_page(None, "p", "page.html", context, None)
    assert len(context["script_files"]) == 2
    assert context["body"] == '<div role="listitem">x</div>'


def test_chapter_summary_computes_each_chapters_time_and_activities():
    """The instructor guide's table: one row per TOC chapter, times from the pacing rule."""
    from her2book import layout, pacing
    from her2book.sphinx_ext import chapter_summary_markdown

    root = layout.find_root()
    book = layout.chapters(root)
    text = chapter_summary_markdown(book, root)
    assert text.count("\n") == len(book) + 1
    first = pacing.estimate(layout.source_of(book[0].doc, root))
    assert f"| 1. {{doc}}`{book[0].short_title} </{book[0].doc}>` | {first.minutes}" in text


def test_records_read_through_a_mirror_link_to_the_page_they_copy():
    """A PubMed mirror or a proxy is shown as the page it copies, and says how it was read."""
    from her2book.sphinx_ext import _record_md

    mirror = _record_md("http://47.251.13.51:8081/11248153 (PubMed mirror: abstract)")
    assert mirror.startswith("[pubmed.ncbi.nlm.nih.gov](https://pubmed.ncbi.nlm.nih.gov/11248153/)")
    assert "(read through a mirror)" in mirror and "47.251" not in mirror
    proxy = _record_md("https://x.org/proxy?url=https%3A%2F%2Fpubmed.ncbi.nlm.nih.gov%2F1%2F (a)")
    assert proxy.startswith("[pubmed.ncbi.nlm.nih.gov](https://pubmed.ncbi.nlm.nih.gov/1/)")
    assert _record_md("PMID 5") == "PMID 5"
