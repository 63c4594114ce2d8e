"""The book's Sphinx extension: generated pages and theme fixes, without running Sphinx."""

from __future__ import annotations

from types import SimpleNamespace

from her2book import claims
from her2book.sphinx_ext import (
    _fix_page,
    _launch_buttons_need_a_repository,
    glossary_markdown,
    load_glossary,
    registry_markdown,
)


def test_registry_page_has_a_summary_table_and_a_label_per_claim():
    text = registry_markdown()
    assert text.startswith("| Chapter | Claims | verified | corrected | unverified |")
    for c in claims.load():
        assert f"({c.label})=" in text
    assert "{cite:t}`vogel2002`" in text


def test_glossary_is_sorted_and_complete():
    entries = load_glossary()
    terms = [e["term"].lower() for e in entries]
    assert terms == sorted(terms) and "her2" in terms
    text = glossary_markdown(entries)
    assert text.startswith("```{glossary}") and text.endswith("```")


def test_launch_buttons_wait_for_a_repository_url():
    config = SimpleNamespace(html_theme_options={"launch_buttons": {"binderhub_url": "x"}})
    _launch_buttons_need_a_repository(None, config)
    assert config.html_theme_options["launch_buttons"] == {}
    config = SimpleNamespace(
        html_theme_options={"launch_buttons": {"binderhub_url": "x"}, "repository_url": "r"}
    )
    _launch_buttons_need_a_repository(None, config)
    assert config.html_theme_options["launch_buttons"] == {"binderhub_url": "x"}


def test_page_fixes_drop_duplicate_inline_scripts_and_deprecated_roles():
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
