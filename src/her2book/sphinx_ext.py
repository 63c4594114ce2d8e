"""Sphinx extension for the book (listed in ``_config.yml`` under ``sphinx: extra_extensions``).

- ``{claim}`id``` role: prints the registered sentence of a claim, followed by a superscript
  link (its status) to the claim's entry on the Claims and evidence page. An unknown id is a build
  warning, so ``-W`` fails the build.
- ``{claims-registry}`` directive: renders the whole registry (:mod:`her2book.claims`), chapter
  by chapter. Chapter numbers and titles come from ``_toc.yml`` and the chapters' own headings; a
  claims file whose chapter is not in the TOC is a build warning.
- ``{glossary-from-yaml} folder`` directive: the glossary, from the YAML files in ``folder``
  (relative to the page; the book uses ``book/glossary/``): one file per chapter (``ch1.yml``,
  …, or ``general.yml``), one entry per term (``term``, ``definition`` in MyST Markdown,
  optional ``aliases``), sorted; chapters link terms with ``{term}`HER2```.
- Switches the Binder/Colab launch buttons off while ``repository: url`` is empty.
- Sets up :mod:`her2book.editions` (links to the classroom bundle: the ``{classroom-bundle}``
  role and an entry in every chapter's download menu).
- Renders myst-nb's hidden-code toggles without a mismatched aria-label, and with phrasing
  content only inside ``<summary>`` (valid HTML).
- Sets up :mod:`her2book.site`: the website's speed, validity and theme fixes.
- Bibliography entries get role="listitem" instead of the deprecated doc-biblioentry.
- Removes duplicate inline scripts from every page (sphinx-thebe 0.3.1 registers its config
  script once per ``env-before-read-docs``, which Jupyter Book triggers more than once, and the
  second ``const THEBE_JS_URL`` is a JavaScript ``SyntaxError``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import yaml
from docutils import nodes
from docutils.statemachine import StringList
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole

from . import claims, layout

logger = logging.getLogger(__name__)

#: What a reader sees for each status, and what it means (the badge's hover text).
BADGE = {"verified": "verified", "corrected": "corrected", "unverified": "not yet checked"}
MEANING = {
    "verified": "Checked: the book read the source (an abstract or better) and the statement "
    "matches it.",
    "corrected": "Corrected: a seed said this wrongly; the corrected statement matches the source "
    "the book read (an abstract or better).",
    "unverified": "Not yet checked by the book: nothing the book has read (an abstract or "
    "better) confirms this statement, so treat it as a report, not a finding; the entry says "
    "what was read.",
}


class ClaimRole(SphinxRole):
    """``{claim}`id``` → the claim's statement + a status link to its registry entry."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        claim_id = self.text.strip()
        try:
            claim = claims.get(claim_id)
        except KeyError:
            logger.warning(
                f"unknown claim {claim_id!r} (add it to src/her2book/data/claims/chN.yml)",
                location=self.get_location(),
            )
            return [nodes.literal(self.rawtext, claim_id)], []
        statement = nodes.inline("", claim.statement, classes=["her2book-claim"])
        badge = nodes.abbreviation(
            "",
            BADGE[claim.status],
            explanation=MEANING[claim.status],
            classes=["her2book-claim-badge", f"claim-{claim.status}"],
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


_MIRROR = re.compile(r"^https?://47\.251\.13\.51:8081/(\d+)")


def _record_md(record: str) -> str:
    """A record that was read, as Markdown: a web address becomes a link named by its host.

    Records read through a PubMed mirror or a web proxy link to the page they copy (PubMed, or
    the proxied address) and say so, so the page never sends readers to an unknown host.
    """
    url, _, rest = record.partition(" ")
    if not url.startswith(("http://", "https://")):
        return _quote_md(record)
    note = ""
    mirror = _MIRROR.match(url)
    proxied = parse_qs(urlsplit(url).query).get("url")
    if mirror:
        url, note = (
            f"https://pubmed.ncbi.nlm.nih.gov/{mirror.group(1)}/",
            " (read through a mirror)",
        )
    elif "proxy" in url and proxied:
        url, note = proxied[0], " (read through a proxy)"
    host = url.split("/")[2]
    return f"[{host}]({url}){note}" + (f" {_quote_md(rest)}" if rest else "")


def registry_markdown(
    chapters: list[layout.Chapter], registry: tuple[claims.Claim, ...] | None = None
) -> str:
    """The Claims and evidence page body, as MyST Markdown: a summary table, then every claim
    under its chapter's heading (``chapters`` from :func:`her2book.layout.chapters`)."""
    registry = claims.load() if registry is None else registry
    lines = [
        "| Chapter | Claims | verified | corrected | not yet checked |",
        "|---|---|---|---|---|",
    ]
    for chapter in chapters:
        entries = [c for c in registry if c.chapter == chapter.key]
        if entries:
            counts = [sum(c.status == s for c in entries) for s in claims.STATUSES]
            lines.append(
                f"| {chapter.number}. {chapter.short_title} | {len(entries)} | "
                + " | ".join(map(str, counts))
                + " |"
            )
    shown = [c for c in registry if c.chapter in {ch.key for ch in chapters}]
    read = sum(c.checked_against in claims.READ_ENOUGH for c in shown)
    lines += [
        "",
        f"Of these {len(shown)} claims, {read} were checked against an abstract, a full text, "
        "guideline text or a regulator's notice; each entry below says what was read.",
        "",
        "What each status means:",
        "",
    ]
    lines += [f"- **{BADGE[s]}**: {MEANING[s]}" for s in claims.STATUSES]
    lines.append("")
    for chapter in chapters:
        entries = [c for c in registry if c.chapter == chapter.key]
        if not entries:
            continue
        lines += [f"## Chapter {chapter.number}: {chapter.short_title}", ""]
        for c in entries:
            lines += [
                f"({c.label})=",
                f"**{c.statement}** "
                f'<span class="her2book-claim-badge claim-{c.status}">{BADGE[c.status]}</span>',
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
            lines.append(f"- *Checked against:* {c.checked_against}. {c.evidence}")
            lines.append("- *Read:* " + "; ".join(_record_md(r) for r in c.read))
            lines += [f"- *Note:* {c.note}", f"- *Id:* `{c.id}`", ""]
    return "\n".join(lines)


def _book_chapters(directive: SphinxDirective) -> list[layout.Chapter]:
    """The book's chapters from _toc.yml above Sphinx's source folder (noted as dependencies)."""
    root = layout.find_root(directive.env.srcdir)
    chapters = layout.chapters(root)
    directive.env.note_dependency(str(root / layout.TOC))
    for chapter in chapters:
        directive.env.note_dependency(str(layout.source_of(chapter.doc, root)))
    return chapters


class ClaimsRegistryDirective(SphinxDirective):
    """``{claims-registry}``: every claim, grouped by chapter, with its evidence."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        chapters = _book_chapters(self)
        keys = {c.key for c in chapters}
        for f in claims.files():
            self.env.note_dependency(str(f))
            if f.name.removesuffix(".yml") not in keys:
                logger.warning(
                    f"claims file {f.name} names no chapter of _toc.yml (chapters: {sorted(keys)})",
                    location=self.get_location(),
                )
        container = nodes.container(classes=["her2book-claims"])
        text = StringList(registry_markdown(chapters).splitlines(), source=str(claims.REGISTRY))
        self.state.nested_parse(text, self.content_offset, container)
        return [container]


def chapter_summary_markdown(chapters: list[layout.Chapter], root: Path) -> str:
    """A table of every chapter's computed time and activities (for the instructor guide)."""
    from . import pacing, selfcheck

    lines = [
        "| Chapter | Time (minutes) | Self-checks | Explorables | Exercises (website + Python) |",
        "|---|---|---|---|---|",
    ]
    questions = list(selfcheck.load().values())
    for chapter in chapters:
        source = layout.source_of(chapter.doc, root)
        e = pacing.estimate(source)
        time = f"{e.minutes}" + (f" + {e.optional_minutes} deeper" if e.optional_minutes else "")
        mine = [q for q in questions if q.id.startswith(f"{chapter.key}-")]
        start = sum(q.stage == "start" for q in mine)
        lines.append(
            f"| {chapter.number}. {{doc}}`{chapter.short_title} </{chapter.doc}>` | {time} | "
            f"{start} before you start + {len(mine) - start} | {e.explorables} | "
            f"{e.web_exercises} + {e.python_exercises} |"
        )
    return "\n".join(lines)


class ChapterSummaryDirective(SphinxDirective):
    """``{chapter-summary}``: each chapter's computed time, questions, explorables, exercises."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        chapters = _book_chapters(self)
        root = layout.find_root(self.env.srcdir)
        container = nodes.container(classes=["her2book-chapter-summary"])
        text = StringList(chapter_summary_markdown(chapters, root).splitlines(), source="toc")
        self.state.nested_parse(text, self.content_offset, container)
        return [container]


GENERAL = "general"  # glossary file for terms that no chapter introduces
_GLOSSARY_FIELDS = {"term", "definition", "aliases"}


def glossary_files(folder: Path) -> list[Path]:
    """The glossary's YAML files: ``ch1.yml`` … in chapter order, then ``general.yml``.

    ``ValueError`` for any other file in ``folder`` (a misnamed file is never silently skipped).
    """
    found = [f for f in Path(folder).iterdir() if not f.name.startswith(".")]
    bad = sorted(
        f.name
        for f in found
        if f.suffix != ".yml" or not (f.stem == GENERAL or claims.chapter_number(f.stem))
    )
    if bad:
        raise ValueError(f"{folder}: {bad} are not glossary files (ch1.yml, ..., general.yml)")
    if not found:
        raise ValueError(f"{folder}: no glossary files (ch1.yml, ..., general.yml)")
    return sorted(found, key=lambda f: claims.chapter_number(f.stem) or 10**6)


def load_glossary(folder: Path) -> list[dict[str, Any]]:
    """Glossary entries of every file in ``folder``, validated and sorted by term.

    ``ValueError`` on a malformed entry or a term (or alias) defined twice, in any two files.
    """
    entries = []
    seen: dict[str, str] = {}
    for path in glossary_files(folder):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        if not isinstance(data, list):
            raise ValueError(f"{path}: expected a list of terms")
        for i, e in enumerate(data):
            if not isinstance(e, dict) or set(e) - _GLOSSARY_FIELDS:
                hint = (
                    " (the file name is the chapter)"
                    if isinstance(e, dict) and "chapter" in e
                    else ""
                )
                raise ValueError(f"{path} entry {i}: expected term, definition (aliases){hint}")
            for key in ("term", "definition"):
                if not str(e.get(key, "")).strip():
                    raise ValueError(f"{path} entry {i}: {key!r} is required")
            for name in [e["term"], *e.get("aliases", [])]:
                if name.lower() in seen:
                    raise ValueError(
                        f"{path}: term {name!r} is defined twice (also in {seen[name.lower()]})"
                    )
                seen[name.lower()] = path.name
            entries.append(e)
    return sorted(entries, key=lambda e: e["term"].lower())


def glossary_markdown(entries: list[dict[str, Any]]) -> str:
    """A MyST ``{glossary}`` block with every term (aliases as extra term lines)."""
    lines = ["```{glossary}"]
    for e in entries:
        lines += [e["term"], *e.get("aliases", [])]
        lines += ["  " + line if line else "" for line in e["definition"].strip().splitlines()]
        lines.append("")
    lines.append("```")
    return "\n".join(lines)


class GlossaryDirective(SphinxDirective):
    """``{glossary-from-yaml} folder``: the book's glossary, from the YAML files in ``folder``."""

    has_content = False
    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        _, folder = self.env.relfn2path(self.arguments[0], self.env.docname)
        folder = Path(folder)
        keys = {c.key for c in _book_chapters(self)}
        for path in glossary_files(folder):
            self.env.note_dependency(str(path))
            if path.stem != GENERAL and path.stem not in keys:
                logger.warning(
                    f"glossary file {path.name} names no chapter of _toc.yml "
                    f"(chapters: {sorted(keys)}; use {GENERAL}.yml for other terms)",
                    location=self.get_location(),
                )
        container = nodes.container(classes=["her2book-glossary"])
        text = StringList(glossary_markdown(load_glossary(folder)).splitlines(), source=str(folder))
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
    """myst-nb's "Show code cell source" toggle, without its aria-label, with spans in its summary.

    myst-nb labels the ``<summary>`` "Toggle hidden content" while it shows "Show code cell source":
    a screen reader announces one thing, a sighted user reads another (WCAG 2.5.3, axe
    ``label-content-name-mismatch``). Without the label the visible text is the accessible name.
    myst-nb also puts its two labels in ``<p>`` elements, which ``<summary>`` may not contain (it
    takes phrasing content: W3C Nu HTML Checker error); they are spans here, styled like myst-nb's
    paragraphs in ``book/_static/her2book.css``.
    """
    from html import escape

    classes = " ".join(node["classes"])
    show, hide = escape(node["prompt_show"]), escape(node["prompt_hide"])
    self.body.append(f'<details class="admonition hide {classes}">\n<summary>\n')
    self.body.append(f'<span class="collapsed admonition-title">{show}</span>\n')
    self.body.append(f'<span class="expanded admonition-title">{hide}</span>\n')
    self.body.append("</summary>\n")


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_role("claim", ClaimRole())
    app.setup_extension("her2book.editions")
    app.setup_extension("her2book.site")
    app.add_directive("claims-registry", ClaimsRegistryDirective)
    app.add_directive("chapter-summary", ChapterSummaryDirective)
    app.add_directive("glossary-from-yaml", GlossaryDirective)
    app.connect("html-page-context", _fix_page, priority=900)
    app.connect("config-inited", _launch_buttons_need_a_repository)
    from myst_nb.sphinx_ import HideCodeCellNode, depart_HideCellInput

    app.add_node(HideCodeCellNode, override=True, html=(_visit_hidden_cell, depart_HideCellInput))
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
