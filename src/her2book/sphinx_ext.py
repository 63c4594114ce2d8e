"""Sphinx extension for the book (listed in ``_config.yml`` under ``sphinx: extra_extensions``).

- ``{claim}`id``` role: prints the registered sentence of a claim, followed by a superscript
  link (its status) to the claim's entry on the Claims and evidence page. An unknown id is a build
  warning, so ``-W`` fails the build.
- ``{claims-registry}`` directive: renders the whole registry, chapter by chapter.
- ``{glossary-from-yaml}`` directive: the glossary, from ``book/glossary.yml`` (one entry per
  term: ``term``, ``definition`` in MyST Markdown, ``chapter``), sorted; chapters link terms with
  ``{term}`HER2```.
- Switches the Binder/Colab launch buttons off while ``repository: url`` is empty.
- Renders myst-nb's hidden-code toggles without a mismatched aria-label.
- Bibliography entries get role="listitem" instead of the deprecated doc-biblioentry.
- Removes duplicate inline scripts from every page (sphinx-thebe 0.3.1 registers its config
  script once per ``env-before-read-docs``, which Jupyter Book triggers more than once, and the
  second ``const THEBE_JS_URL`` is a JavaScript ``SyntaxError``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from docutils import nodes
from docutils.statemachine import StringList
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole

from . import claims

logger = logging.getLogger(__name__)

BADGE = {"verified": "verified", "corrected": "corrected", "unverified": "unverified"}


class ClaimRole(SphinxRole):
    """``{claim}`id``` → the claim's statement + a status link to its registry entry."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        claim_id = self.text.strip()
        try:
            claim = claims.get(claim_id)
        except KeyError:
            logger.warning(
                f"unknown claim {claim_id!r} (add it to book/claims.yml)",
                location=self.get_location(),
            )
            return [nodes.literal(self.rawtext, claim_id)], []
        statement = nodes.inline("", claim.statement, classes=["her2book-claim"])
        badge = nodes.inline(
            "", BADGE[claim.status], classes=["her2book-claim-badge", f"claim-{claim.status}"]
        )
        ref = addnodes.pending_xref(
            "",
            badge,
            refdomain="std",
            reftype="ref",
            reftarget=claim.label,
            refexplicit=True,
            refwarn=True,
        )
        return [statement, nodes.superscript("", "", ref)], []


def _quote_md(text: str) -> str:
    # Show the seed's characters exactly; escape only what Markdown would swallow.
    return text.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_")


def registry_markdown(registry: tuple[claims.Claim, ...] | None = None) -> str:
    """The Claims and evidence page body, as MyST Markdown."""
    registry = claims.load() if registry is None else registry
    lines = [
        "| Chapter | Claims | verified | corrected | unverified |",
        "|---|---|---|---|---|",
    ]
    for chapter, title in claims.CHAPTERS.items():
        entries = [c for c in registry if c.chapter == chapter]
        if entries:
            counts = [sum(c.status == s for c in entries) for s in claims.STATUSES]
            lines.append(
                f"| {chapter.removeprefix('ch')}. {title} | {len(entries)} | "
                + " | ".join(map(str, counts))
                + " |"
            )
    lines.append("")
    for chapter, title in claims.CHAPTERS.items():
        entries = [c for c in registry if c.chapter == chapter]
        if not entries:
            continue
        number = chapter.removeprefix("ch")
        lines += [f"## Chapter {number}: {title}", ""]
        for c in entries:
            lines += [
                f"({c.label})=",
                f"**{c.statement}** "
                f'<span class="her2book-claim-badge claim-{c.status}">{c.status}</span>',
                "",
            ]
            if c.seed:
                seed_id = c.seed.split("_", 1)[0]
                lines.append(
                    f"- *Seed* {{ref}}`{seed_id} <seed-{seed_id}>` says: “{_quote_md(c.quote)}”"
                )
            else:
                lines.append("- *Seed:* none (the claim comes from the primary literature)")
            if c.citation:
                keys = ",".join(k.strip() for k in c.citation.split(","))
                lines.append(f"- *Primary source:* {{cite:t}}`{keys}`")
            else:
                lines.append("- *Primary source:* not traced")
            lines += [f"- *Note:* {c.note}", f"- *Id:* `{c.id}`", ""]
    return "\n".join(lines)


class ClaimsRegistryDirective(SphinxDirective):
    """``{claims-registry}``: every claim, grouped by chapter, with its evidence."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(claims.REGISTRY))
        container = nodes.container(classes=["her2book-claims"])
        text = StringList(registry_markdown().splitlines(), source=str(claims.REGISTRY))
        self.state.nested_parse(text, self.content_offset, container)
        return [container]


GLOSSARY = claims.ROOT / "book" / "glossary.yml"


def load_glossary(path: Path = GLOSSARY) -> list[dict[str, str]]:
    """Glossary entries, validated (``ValueError`` on a malformed or duplicated term)."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    seen: set[str] = set()
    for i, e in enumerate(entries):
        if not isinstance(e, dict) or set(e) - {"term", "definition", "chapter", "aliases"}:
            raise ValueError(f"{path} entry {i}: expected term, definition, chapter (aliases)")
        for key in ("term", "definition", "chapter"):
            if not str(e.get(key, "")).strip():
                raise ValueError(f"{path} entry {i}: {key!r} is required")
        for name in [e["term"], *e.get("aliases", [])]:
            if name.lower() in seen:
                raise ValueError(f"{path}: term {name!r} is defined twice")
            seen.add(name.lower())
    return sorted(entries, key=lambda e: e["term"].lower())


def glossary_markdown(entries: list[dict[str, str]] | None = None) -> str:
    """A MyST ``{glossary}`` block with every term (aliases as extra term lines)."""
    entries = load_glossary() if entries is None else entries
    lines = ["```{glossary}"]
    for e in entries:
        lines += [e["term"], *e.get("aliases", [])]
        lines += ["  " + line if line else "" for line in e["definition"].strip().splitlines()]
        lines.append("")
    lines.append("```")
    return "\n".join(lines)


class GlossaryDirective(SphinxDirective):
    """``{glossary-from-yaml}``: the book's glossary, from ``book/glossary.yml``."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(GLOSSARY))
        container = nodes.container(classes=["her2book-glossary"])
        text = StringList(glossary_markdown().splitlines(), source=str(GLOSSARY))
        self.state.nested_parse(text, self.content_offset, container)
        return [container]


def _fix_page(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    body = context.get("body")
    if isinstance(body, str) and 'role="doc-biblioentry"' in body:
        # docutils marks each bibliography entry with the deprecated ARIA role doc-biblioentry
        # inside a role="list" container, so assistive technology sees a list with no items
        # (axe: aria-required-children, critical). Plain list items say the same thing.
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')
    scripts = context.get("script_files")
    if not scripts:
        return
    seen: set[tuple[str, str]] = set()
    unique = []
    for script in scripts:
        # Inline scripts arrive with filename None or "" depending on who added them.
        name = getattr(script, "filename", script) or ""
        key = (str(name), getattr(script, "attributes", {}).get("body", ""))
        if key in seen:
            continue
        seen.add(key)
        unique.append(script)
    scripts[:] = unique


def _launch_buttons_need_a_repository(app: Sphinx, config: Any) -> None:
    """Binder/Colab buttons are built from the repository URL (``repository: url`` in
    ``_config.yml``). sphinx-book-theme crashes when the buttons are configured and the URL is
    empty, so until the book has a public home the buttons are switched off here instead."""
    options = config.html_theme_options
    if options.get("launch_buttons") and not options.get("repository_url"):
        logger.info("her2book: no repository URL in _config.yml, so no launch buttons")
        options["launch_buttons"] = {}


def _visit_hidden_cell(self: Any, node: Any) -> None:
    """myst-nb's "Show code cell source" toggle, without its aria-label.

    myst-nb labels the ``<summary>`` "Toggle hidden content" while it shows "Show code cell source":
    a screen reader announces one thing, a sighted user reads another (WCAG 2.5.3, axe
    ``label-content-name-mismatch``). Without the label the visible text is the accessible name.
    """
    from html import escape

    classes = " ".join(node["classes"])
    self.body.append(f'<details class="admonition hide {classes}">\n<summary>\n')
    self.body.append(f'<p class="collapsed admonition-title">{escape(node["prompt_show"])}</p>\n')
    self.body.append(f'<p class="expanded admonition-title">{escape(node["prompt_hide"])}</p>\n')
    self.body.append("</summary>\n")


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_role("claim", ClaimRole())
    app.add_directive("claims-registry", ClaimsRegistryDirective)
    app.add_directive("glossary-from-yaml", GlossaryDirective)
    app.connect("html-page-context", _fix_page, priority=900)
    app.connect("config-inited", _launch_buttons_need_a_repository)
    from myst_nb.sphinx_ import HideCodeCellNode, depart_HideCellInput

    app.add_node(HideCodeCellNode, override=True, html=(_visit_hidden_cell, depart_HideCellInput))
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
