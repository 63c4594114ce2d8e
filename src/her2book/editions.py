"""Classroom editions of the chapters and the course bundle: plain Jupyter notebooks for JupyterLab.

JupyterLab renders Jupyter Markdown, not MyST. Opened there, a chapter shows every solution in
full, ``{glue:text}`` names instead of numbers, claim ids instead of sentences and raw directive
fences. ``jupyterlab-myst`` renders exercises, tables and admonitions, but neither glue nor the
book's own ``{claim}`` role, and it conflicts with the pinned JupyterLab. No general MyST parser
exists that also resolves glue and ``{claim}``, so this module converts **exactly the constructs the
book uses** to plain Jupyter Markdown, and raises :class:`ConversionError` (naming the notebook and
cell) for anything else, so that a new construct is noticed, not shown raw:

- roles: ``{glue:text}`name:fmt``` (the value the executed book glued, formatted as myst-nb
  formats it), ``{claim}`id``` (the registered sentence and its status, :mod:`her2book.claims`),
  ``{term}`text <term>``` (the text; the chapter's terms are defined in a closing "Terms used in
  this chapter" cell, from the glossary files), ``{cite:p}`` and ``{cite:t}`` (author-year, as
  the site prints them, linked to the DOI; a closing "References" cell lists the works),
  ``{doc}`` (a link to another chapter's notebook, else the page's name), ``{ref}`` (its text, or
  an exercise's number), ``{math}``;
- directives, in backtick or colon fences: ``exercise`` (a heading "Exercise N.k"), ``solution``
  (a heading "Solution to Exercise N.k"; left out of the student edition), ``admonition``,
  ``note``, ``tip``, ``warning`` … (a block quote under a bold title), ``list-table`` (a pipe
  table under its caption);
- ``(label)=`` targets are dropped; code fences, inline code and dollar math pass unchanged.

Two editions, one folder each (:data:`EDITIONS`), read from the **executed** book
(``_build/jupyter_execute``, which ``make book`` writes), so the numbers are the ones the site
shows:

- *instructor*: every cell. Cells the site hides (tags ``hide-input``, ``remove-input``,
  ``remove-cell``: the setup cell, figure calls, the ``glue`` and ``assert`` cells) are collapsed
  with Jupyter's own ``metadata.jupyter.source_hidden``;
- *student*: the same without solutions and without ``remove-cell`` cells (the hidden checks).
  Self-check questions stay: they are code cells that work live.

Both are written **without outputs and without widget state**. A saved widget view without its
state shows "Error displaying widget: model not found" when the notebook is reopened, and saving
the state would add megabytes of frames per explorable that go stale the moment a cell re-runs.
Students run the notebooks; the website is the place to look without a kernel.

The course bundle (:func:`write_bundle`) is one zip: both editions, the book's package as a wheel,
``requirements.lock`` and a short README. It goes into the built site (:data:`BUNDLE`), which links
to it from every chapter's download menu and from the instructor guide (this module is also a
Sphinx extension, set up by :mod:`her2book.sphinx_ext`: see :func:`setup`). The bundle is written
after the site, so the links point at a fixed path, not at a file Sphinx copies; the bundle test
checks that every link resolves.

Command line (``make classroom``; ``make book`` runs it after the site is built)::

    python -m her2book.editions [--build _build]
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import claims, layout

__all__ = [
    "BUNDLE",
    "EDITIONS",
    "ConversionError",
    "Reference",
    "Resources",
    "build",
    "convert_markdown",
    "edition",
    "leftovers",
    "load_resources",
    "main",
    "setup",
    "write_bundle",
]

EDITIONS = ("instructor", "student")
#: Where the course bundle sits in the built site (relative to the site's root).
BUNDLE = "_downloads/classroom/her2book-classroom.zip"
#: The folder the bundle unpacks to.
BUNDLE_FOLDER = "her2book-classroom"
#: Tags of cells the site hides: their source is collapsed in both editions.
HIDDEN_TAGS = {"hide-input", "remove-input", "remove-cell", "hide-cell"}
#: Tags of cells the student edition leaves out (the hidden checks).
STUDENT_DROPS = {"remove-cell"}
ADMONITIONS = {
    "note": "Note",
    "tip": "Tip",
    "hint": "Hint",
    "important": "Important",
    "warning": "Warning",
    "caution": "Caution",
    "attention": "Attention",
    "danger": "Danger",
    "error": "Error",
    "seealso": "See also",
}
# Options each directive may carry; anything else is a ConversionError.
_OPTIONS = {
    "exercise": {"label", "class", "nonumber"},
    "solution": {"label", "class"},
    "admonition": {"class", "name"},
    "list-table": {"header-rows", "name", "widths", "align", "class"},
    **{name: {"class", "name"} for name in ADMONITIONS},
}
# Zip entries get one fixed time, so that the same book gives the same bytes.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_SOURCE_DATE_EPOCH = "315532800"  # 1980-01-01, for the wheel's own zip entries


class ConversionError(ValueError):
    """A MyST construct the converter does not handle (or a name it cannot resolve)."""


# --------------------------------------------------------------------------------------------
# what the conversion needs from the book


@dataclass(frozen=True)
class Reference:
    """One bibliography entry: its author-year label (as the site prints it) and its link."""

    key: str
    authors: str  # "Slamon et al.", "Bonnet and Dick", "Hudis"
    year: str
    url: str  # https://doi.org/… (or the entry's url), "" if it has neither
    text: str  # the full reference, Markdown

    def parenthetical(self) -> str:
        """``Slamon et al., 1987`` linked to its DOI."""
        return _link(f"{self.authors}, {self.year}", self.url)

    def textual(self) -> str:
        """``Slamon et al. (1987)`` with the year linked to its DOI."""
        return f"{self.authors} ({_link(self.year, self.url)})"


@dataclass(frozen=True)
class Resources:
    """The book-wide data a chapter's conversion resolves names against."""

    chapters: tuple[layout.Chapter, ...]
    titles: dict[str, str]  # TOC entry → its title
    glossary: dict[str, dict[str, Any]]  # term or alias, lower case → entry
    references: dict[str, Reference]
    claim: Callable[[str], claims.Claim] = claims.get

    def chapter_of(self, doc: str) -> layout.Chapter | None:
        return next((c for c in self.chapters if c.doc == doc), None)


def _link(text: str, url: str) -> str:
    return f"[{text}]({url})" if url else text


def _bib_plain(s: str) -> str:
    """BibTeX text without LaTeX: a small table of what the book's ``references.bib`` uses."""
    accents = {"'": "\u0301", '"': "\u0308", "`": "\u0300", "^": "\u0302", "~": "\u0303"}
    s = re.sub(
        r"\{\\([\'\"`^~])\{?([A-Za-z])\}?\}",
        lambda m: m.group(2) + accents[m.group(1)],
        s,
    )
    s = s.replace("\\&", "&").replace("---", "—").replace("--", "–").replace("~", " ")
    s = s.replace("{", "").replace("}", "")
    import unicodedata

    return unicodedata.normalize("NFC", s)


def load_references(bib: Path) -> dict[str, Reference]:
    """Every entry of a BibTeX file as a :class:`Reference` (labels as sphinxcontrib-bibtex's
    author-year style prints them: one or two last names, or the first and "et al.")."""
    from pybtex.database import parse_file

    out = {}
    for key, e in parse_file(str(bib)).entries.items():
        people = e.persons.get("author") or e.persons.get("editor") or []
        last = [_bib_plain(" ".join(p.prelast_names + p.last_names)) for p in people]
        if not last:
            authors = _bib_plain(e.fields.get("organization", key))
        elif len(last) == 1:
            authors = last[0]
        elif len(last) == 2:
            authors = f"{last[0]} and {last[1]}"
        else:
            authors = f"{last[0]} et al."
        f = {k.lower(): _bib_plain(v) for k, v in e.fields.items()}
        doi = e.fields.get("doi", "")
        url = f"https://doi.org/{doi}" if doi else e.fields.get("url", "")
        names = [
            _bib_plain(" ".join(p.prelast_names + p.last_names))
            + (" " + "".join(n[0] for n in p.first_names + p.middle_names) if p.first_names else "")
            for p in people
        ]
        who = ", ".join(names[:3]) + (", et al." if len(names) > 3 else "")
        parts = [f"{who} ({f.get('year', 'n.d.')}). {f.get('title', '').rstrip('.')}."]
        venue = f.get("journal") or f.get("booktitle") or f.get("howpublished") or ""
        if venue:
            detail = venue
            if f.get("volume"):
                detail = f"*{venue}* {f['volume']}" + (
                    f"({f['number']})" if f.get("number") else ""
                )
            if f.get("pages"):
                detail += f", {f['pages']}"
            parts.append(detail + ".")
        if doi:
            parts.append(f"[doi:{doi}](https://doi.org/{doi})")
        elif url:
            parts.append(f"<{url}>")
        out[key] = Reference(key, authors, f.get("year", "n.d."), url, " ".join(parts))
    return out


def load_resources(root: Path) -> Resources:
    """Chapters and titles from ``_toc.yml``, the glossary (``book/glossary/``, read by the Sphinx
    extension's loader) and ``book/references.bib``."""
    from .sphinx_ext import load_glossary

    root = Path(root)
    glossary: dict[str, dict[str, Any]] = {}
    for entry in load_glossary(root / "book" / "glossary"):
        for name in [entry["term"], *entry.get("aliases", [])]:
            glossary[name.lower()] = entry
    titles = {}
    for doc in layout.toc_files(root):
        try:
            titles[doc] = layout.title_of(layout.source_of(doc, root))
        except ValueError:
            titles[doc] = posixpath.basename(doc)
    return Resources(
        chapters=tuple(layout.chapters(root)),
        titles=titles,
        glossary=glossary,
        references=load_references(root / "book" / "references.bib"),
    )


# --------------------------------------------------------------------------------------------
# MyST Markdown → Jupyter Markdown

_FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|:{3,})(?P<info>.*)$")
_DIRECTIVE = re.compile(r"^\{(?P<name>[A-Za-z][\w:-]*)\}\s*(?P<arg>.*)$")
_OPTION = re.compile(r"^:(?P<key>[\w-]+):\s*(?P<value>.*)$")
_TARGET = re.compile(r"^\((?P<label>[^()\s]+)\)=\s*$")
_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s")
_ROLE = re.compile(
    r"\{(?P<name>[A-Za-z][\w:+-]*)\}(?P<ticks>`+)(?P<content>.+?)(?<!`)(?P=ticks)(?!`)", re.S
)
_CODE_SPAN = re.compile(r"(?P<ticks>`+)(?P<content>.+?)(?<!`)(?P=ticks)(?!`)", re.S)
# inline code that is not a role's content (a role is ``{name}`content```)
_LONE_CODE_SPAN = re.compile(r"(?<![}`])(?P<ticks>`+)(?P<content>.+?)(?<!`)(?P=ticks)(?!`)", re.S)
_EXPLICIT = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.S)


@dataclass
class _Directive:
    name: str
    arg: str
    options: dict[str, str]
    body: list[str]


@dataclass
class _State:
    """What one notebook's conversion has seen so far."""

    chapter: int | None
    exercises: dict[str, str] = field(default_factory=dict)  # label → "1.2"
    terms: list[dict[str, Any]] = field(default_factory=list)
    citations: list[str] = field(default_factory=list)
    claims: list[str] = field(default_factory=list)
    level: int = 1  # level of the last heading
    solutions: list[str] = field(default_factory=list)  # solution bodies (Markdown), in order


def _escape(text: str) -> str:
    """Plain text (a claim's sentence) safe inside Markdown: nothing in it becomes markup."""
    return re.sub(r"([\\`*_\[\]<$|])", r"\\\1", text)


class _Converter:
    def __init__(
        self,
        res: Resources,
        glue: dict[str, Any],
        doc: str,
        edition: str,
        state: _State,
    ) -> None:
        self.res, self.glue, self.doc, self.edition, self.state = res, glue, doc, edition, state
        self.where = doc

    def fail(self, message: str) -> ConversionError:
        return ConversionError(f"{self.where}: {message}")

    # blocks ---------------------------------------------------------------------------------

    def lines(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        text: list[str] = []

        def flush() -> None:
            if text:
                out.extend(self.text(text))
                text.clear()

        i = 0
        while i < len(lines):
            m = _FENCE.match(lines[i])
            if not m or (m["fence"][0] == "`" and "`" in m["info"]):
                text.append(lines[i])
                i += 1
                continue
            char, n, info = m["fence"][0], len(m["fence"]), m["info"].strip()
            close = re.compile(rf"^ {{0,3}}{re.escape(char)}{{{n},}}\s*$")
            j = i + 1
            while j < len(lines) and not close.match(lines[j]):
                j += 1
            if j == len(lines):
                raise self.fail(f"unclosed fence {lines[i]!r}")
            flush()
            d = _DIRECTIVE.match(info)
            if d:
                out.extend(self.directive(d["name"], d["arg"].strip(), lines[i + 1 : j]))
            elif char == ":":
                raise self.fail(f"a colon fence without a directive: {lines[i]!r}")
            else:
                out.extend(lines[i : j + 1])  # a code block, unchanged
            i = j + 1
        flush()
        return out

    def text(self, lines: list[str]) -> list[str]:
        kept = []
        for line in lines:
            if _TARGET.match(line):
                continue
            h = _HEADING.match(line)
            if h:
                self.state.level = len(h["hashes"])
            kept.append(line)
        return self.inline("\n".join(kept)).split("\n") if kept else []

    def directive(self, name: str, arg: str, body: list[str]) -> list[str]:
        if name not in _OPTIONS:
            raise self.fail(f"directive {{{name}}} is not one the classroom editions convert")
        options: dict[str, str] = {}
        k = 0
        while k < len(body) and (m := _OPTION.match(body[k].strip())):
            options[m["key"]] = m["value"].strip()
            k += 1
        unknown = set(options) - _OPTIONS[name]
        if unknown:
            raise self.fail(
                f"{{{name}}} has options the converter does not know: {sorted(unknown)}"
            )
        d = _Directive(name, arg, options, body[k:])
        while d.body and not d.body[0].strip():
            d.body.pop(0)
        while d.body and not d.body[-1].strip():
            d.body.pop()
        if name == "exercise":
            return self.exercise(d)
        if name == "solution":
            return self.solution(d)
        if name == "list-table":
            return self.list_table(d)
        return self.admonition(d)

    def heading(self) -> str:
        return "#" * min(self.state.level + 1, 6)

    def exercise(self, d: _Directive) -> list[str]:
        if self.state.chapter is None:
            raise self.fail("an exercise outside a numbered chapter")
        number = f"{self.state.chapter}.{len(self.state.exercises) + 1}"
        label = d.options.get("label") or f"_exercise-{number}"
        if label in self.state.exercises:
            raise self.fail(f"exercise label {label!r} is used twice")
        self.state.exercises[label] = number
        title = f"Exercise {number}" + (f": {self.inline(d.arg)}" if d.arg else "")
        return [f"{self.heading()} {title}", "", *self.lines(d.body), ""]

    def solution(self, d: _Directive) -> list[str]:
        label = d.arg
        if label not in self.state.exercises:
            raise self.fail(f"solution to {label!r}, which is not an exercise above it")
        body = self.lines(d.body)
        self.state.solutions.append("\n".join(body))
        if self.edition == "student":
            return []
        heading = f"{self.heading()} Solution to Exercise {self.state.exercises[label]}"
        return [heading, "", *body, ""]

    def admonition(self, d: _Directive) -> list[str]:
        if d.name == "admonition":
            if not d.arg:
                raise self.fail("an {admonition} needs a title")
            title = self.inline(d.arg)
        else:
            title = ADMONITIONS[d.name] + (f": {self.inline(d.arg)}" if d.arg else "")
        body = self.lines(d.body)
        quoted = [f"> {line}" if line.strip() else ">" for line in [f"**{title}**", "", *body]]
        return [*quoted, ""]

    def list_table(self, d: _Directive) -> list[str]:
        rows: list[list[list[str]]] = []
        for line in d.body:
            if not line.strip():
                continue
            if line.startswith("* - "):
                rows.append([[line[4:]]])
            elif line.startswith("  - ") and rows:
                rows[-1].append([line[4:]])
            elif line.startswith("    ") and rows and not line.strip().startswith(("- ", "* ")):
                rows[-1][-1].append(line.strip())
            else:
                raise self.fail(f"{{list-table}} line the converter cannot place: {line!r}")
        if not rows or len({len(r) for r in rows}) != 1:
            raise self.fail("a {list-table} whose rows have different numbers of cells")
        header = int(d.options.get("header-rows", "0"))
        if header > 1:
            raise self.fail("a {list-table} with more than one header row")

        def cell(parts: list[str]) -> str:
            return self.inline(" ".join(p.strip() for p in parts)).replace("|", "\\|")

        table = [[cell(c) for c in r] for r in rows]
        head = table[0] if header else [""] * len(table[0])
        body = table[1:] if header else table
        out = []
        if d.arg:
            out += [f"**{self.inline(d.arg)}**", ""]
        out.append("| " + " | ".join(head) + " |")
        out.append("|" + "---|" * len(head))
        out += ["| " + " | ".join(r) + " |" for r in body]
        return [*out, ""]

    # inline ---------------------------------------------------------------------------------

    def inline(self, text: str) -> str:
        out, i = [], 0
        while i < len(text):
            ch = text[i]
            if ch == "{" and (m := _ROLE.match(text, i)):
                out.append(self.role(m["name"], m["content"]))
                i = m.end()
            elif ch == "`":
                m = _CODE_SPAN.match(text, i)
                if m:
                    out.append(m.group(0))
                    i = m.end()
                else:
                    run = len(text[i:]) - len(text[i:].lstrip("`"))
                    out.append(text[i : i + run])
                    i += run
            elif ch == "\\":
                out.append(text[i : i + 2])
                i += 2
            else:
                out.append(ch)
                i += 1
        return "".join(out)

    def role(self, name: str, content: str) -> str:
        if name == "glue:text":
            return self.glue_text(content)
        if name == "claim":
            try:
                claim = self.res.claim(content.strip())
            except KeyError as exc:
                raise self.fail(str(exc)) from None
            self.state.claims.append(claim.id)
            return f"{_escape(claim.statement)} *({claim.status})*"
        if name == "term":
            text, target = _explicit(content)
            entry = self.res.glossary.get(target.lower())
            if entry is None:
                raise self.fail(f"{{term}} {target!r} is not in the glossary")
            if entry not in self.state.terms:
                self.state.terms.append(entry)
            return text
        if name in ("cite:p", "cite:t"):
            refs = []
            for key in (k.strip() for k in content.split(",")):
                if key not in self.res.references:
                    raise self.fail(f"citation key {key!r} is not in references.bib")
                if key not in self.state.citations:
                    self.state.citations.append(key)
                refs.append(self.res.references[key])
            if name == "cite:p":
                return "(" + "; ".join(r.parenthetical() for r in refs) + ")"
            return ", ".join(r.textual() for r in refs)
        if name == "doc":
            return self.doc_link(content)
        if name == "ref":
            text, target = _explicit(content)
            if text != target:
                return text
            if target in self.state.exercises:
                return f"Exercise {self.state.exercises[target]}"
            raise self.fail(f"{{ref}} `{content}` needs an explicit text (`text <{content}>`)")
        if name == "math":
            return f"${content}$"
        raise self.fail(f"role {{{name}}} is not one the classroom editions convert")

    def glue_text(self, content: str) -> str:
        from myst_nb.core.variables import format_plain_text

        if "::" in content:
            raise self.fail(f"glue from another document ({content!r}) is not converted")
        key, fmt = content.rsplit(":", 1) if ":" in content else (content, "s")
        data = self.glue.get(key)
        if data is None:
            raise self.fail(f"no glued value {key!r} in the executed notebook")
        plain = data.get("data", data).get("text/plain")
        if plain is None:
            raise self.fail(f"glued value {key!r} has no text/plain form")
        try:
            return format_plain_text(plain, fmt)
        except Exception as exc:  # the same failure the site build reports as a warning
            raise self.fail(f"glued value {key!r} cannot be formatted with {fmt!r}: {exc}") from exc

    def doc_link(self, content: str) -> str:
        text, target = _explicit(content)
        base = posixpath.dirname(self.doc)
        doc = target.lstrip("/") if target.startswith("/") else posixpath.join(base, target)
        doc = posixpath.normpath(doc)
        if doc not in self.res.titles:
            raise self.fail(f"{{doc}} `{content}`: {doc!r} is not in _toc.yml")
        shown = text if text != target else self.res.titles[doc]
        if self.res.chapter_of(doc):
            return f"[{shown}]({posixpath.basename(doc)}.ipynb)"
        return shown


def _explicit(content: str) -> tuple[str, str]:
    m = _EXPLICIT.match(content.strip())
    if m and m["text"]:
        return m["text"].strip(), m["target"].strip()
    return content.strip(), content.strip()


def convert_markdown(
    source: str,
    res: Resources,
    *,
    glue: dict[str, Any] | None = None,
    doc: str = "book/page",
    edition: str = "instructor",
    state: _State | None = None,
) -> str:
    """One Markdown cell (MyST) as plain Jupyter Markdown (see the module docstring)."""
    if edition not in EDITIONS:
        raise ValueError(f"edition must be one of {EDITIONS}, got {edition!r}")
    if state is None:
        chapter = res.chapter_of(doc)
        state = _State(chapter.number if chapter else None)
    converter = _Converter(res, glue or {}, doc, edition, state)
    out = converter.lines(source.split("\n"))
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip("\n")
    return text


# --------------------------------------------------------------------------------------------
# what must never reach an edition

_LEFTOVER = (
    (re.compile(r"\{[A-Za-z][\w:+-]*\}`"), "a MyST role"),
    (re.compile(r"^\s*(`{3,}|:{3,})\s*\{", re.M), "a directive fence"),
    (re.compile(r"^\s*:{3,}", re.M), "a colon fence"),
    (re.compile(r"^\([^()\s]+\)=\s*$", re.M), "a (label)= target"),
)


def _outside_code(markdown: str) -> str:
    """Markdown without its fenced code blocks and inline code (where MyST text may be quoted).

    Directive fences (```` ```{name} ```` and their closing lines) are kept: they are what
    :func:`leftovers` looks for."""
    kept: list[str] = []
    code: str | None = None
    directives: list[tuple[str, int]] = []
    for line in markdown.split("\n"):
        m = re.match(r"^ {0,3}(`{3,}|~{3,}|:{3,})\s*(.*)$", line)
        if code is not None:
            if m and not m.group(2) and m.group(1)[0] == code[0] and len(m.group(1)) >= len(code):
                code = None
            continue
        if m:
            fence, info = m.group(1), m.group(2).strip()
            if info.startswith("{"):
                directives.append((fence[0], len(fence)))
            elif not info and directives and directives[-1][0] == fence[0]:
                directives.pop()
            elif fence[0] != ":":
                code = fence
                continue
        kept.append(line if not m else "\0" + line)  # a fence line, not inline text
    # Inline code is removed between fence lines only (a code span never crosses one).
    out: list[str] = []
    run: list[str] = []
    for line in [*kept, "\0"]:
        if line.startswith("\0"):
            out.append(_LONE_CODE_SPAN.sub("", "\n".join(run)))
            out.append(line[1:])
            run = []
        else:
            run.append(line)
    return "\n".join(out[:-1])


def leftovers(markdown: str, glue_names: Iterable[str] = ()) -> list[str]:
    """What in ``markdown`` is still MyST: roles, directive or colon fences, targets, glue names
    (outside code). Empty for a correctly converted cell."""
    text = _outside_code(markdown)
    found = [f"{what}: {m.group(0).strip()!r}" for rx, what in _LEFTOVER for m in rx.finditer(text)]
    for name in glue_names:
        if re.search(rf"(?<![\w/.-]){re.escape(name)}(?![\w-])", text):
            found.append(f"a glue name: {name!r}")
    return found


# --------------------------------------------------------------------------------------------
# notebooks


def _source(cell: dict) -> str:
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else s


def _markdown_cell(cell_id: str, text: str) -> dict:
    return {"cell_type": "markdown", "id": cell_id, "metadata": {}, "source": text}


def _closing_cells(res: Resources, state: _State, glue: dict, doc: str, edition: str) -> list[dict]:
    cells = []
    sub = _State(state.chapter, exercises=state.exercises)
    convert = _Converter(res, glue, f"{doc} (glossary)", edition, sub)
    if state.terms:
        lines = ["## Terms used in this chapter", ""]
        for entry in sorted(state.terms, key=lambda e: e["term"].lower()):
            aliases = entry.get("aliases") or []
            also = f" (also: {', '.join(aliases)})" if aliases else ""
            definition = " ".join(entry["definition"].split())
            lines += [f"**{entry['term']}**{also}: {convert.inline(definition)}", ""]
        cells.append(_markdown_cell("classroom-terms", "\n".join(lines).strip()))
    citations = list(state.citations) + [k for k in sub.citations if k not in state.citations]
    if citations:
        lines = ["## References", ""]
        ordered = sorted(
            citations, key=lambda k: (res.references[k].authors, res.references[k].year)
        )
        lines += [f"- {res.references[k].text}" for k in ordered]
        cells.append(_markdown_cell("classroom-references", "\n".join(lines)))
    return cells


HEADER = {
    "instructor": (
        "> **Instructor edition** of Chapter {number} of *Escaping trastuzumab*, with the "
        "solutions. Cells the website hides (setup, figure code, the checks behind the prose) are "
        "collapsed: click the three dots to show one. Run the notebook from the top (*Run → Run "
        "All Cells*); after the setup cell, any cell can be re-run on its own."
    ),
    "student": (
        "> **Student edition** of Chapter {number} of *Escaping trastuzumab*. Run the notebook "
        "from the top (*Run → Run All Cells*), then move the sliders and try the exercises; after "
        "the setup cell, any cell can be re-run on its own."
    ),
}


def edition(
    notebook: dict, res: Resources, glue: dict[str, Any], doc: str, edition: str
) -> tuple[dict, _State]:
    """One chapter's classroom edition (a new notebook dict) and what its conversion saw.

    ``notebook`` is the executed chapter, ``glue`` its ``.glue.json`` (name → output),
    ``doc`` its TOC entry (``book/01_her2_trastuzumab``), ``edition`` one of :data:`EDITIONS`.
    """
    if edition not in EDITIONS:
        raise ValueError(f"edition must be one of {EDITIONS}, got {edition!r}")
    chapter = res.chapter_of(doc)
    state = _State(chapter.number if chapter else None)
    cells: list[dict] = []
    if chapter:
        header = HEADER[edition].format(number=chapter.number)
        cells.append(_markdown_cell(f"classroom-{edition}", header))
    for index, cell in enumerate(notebook["cells"]):
        kind, tags = cell["cell_type"], set(cell.get("metadata", {}).get("tags", []))
        where = f"{doc} cell {index} ({cell.get('id', '?')})"
        if kind == "markdown":
            converter = _Converter(res, glue, doc, edition, state)
            converter.where = where
            text = re.sub(
                r"\n{3,}", "\n\n", "\n".join(converter.lines(_source(cell).split("\n")))
            ).strip("\n")
            if text.strip():
                cells.append(_markdown_cell(cell["id"], text))
        elif kind == "code":
            if edition == "student" and tags & STUDENT_DROPS:
                continue
            metadata = copy.deepcopy(cell.get("metadata", {}))
            if tags & HIDDEN_TAGS:
                metadata.setdefault("jupyter", {})["source_hidden"] = True
            if tags & {"hide-output", "remove-output", "hide-cell"}:
                metadata.setdefault("jupyter", {})["outputs_hidden"] = True
            for key in ("execution", "scrolled", "collapsed"):
                metadata.pop(key, None)
            cells.append(
                {
                    "cell_type": "code",
                    "execution_count": None,
                    "id": cell["id"],
                    "metadata": metadata,
                    "outputs": [],
                    "source": _source(cell),
                }
            )
        else:
            raise ConversionError(f"{where}: a {kind} cell (the editions hold Markdown and code)")
    cells += _closing_cells(res, state, glue, doc, edition)
    meta = {
        k: v
        for k, v in notebook.get("metadata", {}).items()
        if k in ("kernelspec", "language_info")
    }
    meta["her2book"] = {"edition": edition, "source": f"{doc}.ipynb"}
    out = {"cells": cells, "metadata": meta, "nbformat": 4, "nbformat_minor": 5}
    return out, state


def _dump(nb: dict) -> str:
    return json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def build(build_dir: Path, root: Path | None = None) -> dict[str, list[Path]]:
    """Write both editions of every chapter under ``build_dir/classroom/<edition>/`` from the
    executed notebooks in ``build_dir/jupyter_execute``; returns the files, by edition.

    ``FileNotFoundError`` (saying to run ``make book``) if a chapter was not executed; every
    converted cell is checked with :func:`leftovers` (a :class:`ConversionError` names it).
    """
    build_dir = Path(build_dir)
    root = layout.find_root() if root is None else Path(root)
    res = load_resources(root)
    executed = build_dir / "jupyter_execute"
    written: dict[str, list[Path]] = {e: [] for e in EDITIONS}
    for e in EDITIONS:
        folder = build_dir / "classroom" / e
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
    for chapter in res.chapters:
        path = executed / f"{chapter.doc}.ipynb"
        if not path.is_file():
            raise FileNotFoundError(
                f"no executed notebook {path}: run `make book` first (it executes the chapters)"
            )
        notebook = json.loads(path.read_text(encoding="utf-8"))
        glue_file = path.with_suffix(".glue.json")
        glue = json.loads(glue_file.read_text(encoding="utf-8")) if glue_file.is_file() else {}
        for e in EDITIONS:
            nb, _ = edition(notebook, res, glue, chapter.doc, e)
            for cell in nb["cells"]:
                if cell["cell_type"] == "markdown":
                    bad = leftovers(cell["source"], glue)
                    if bad:
                        raise ConversionError(f"{chapter.doc} ({e}), cell {cell['id']}: {bad}")
            target = build_dir / "classroom" / e / f"{posixpath.basename(chapter.doc)}.ipynb"
            target.write_text(_dump(nb), encoding="utf-8")
            written[e].append(target)
    return written


# --------------------------------------------------------------------------------------------
# the course bundle

README = """\
# Escaping trastuzumab: the classroom bundle

Every chapter of the book *Escaping trastuzumab* as a Jupyter notebook that runs in plain
JupyterLab, and what it needs to run:

| file | what |
|---|---|
| `student/` | the chapters without solutions and without the book's hidden checks |
| `instructor/` | the same with the solutions and the checks (collapsed) |
| `{wheel}` | the book's Python package, `her2book` (models and figures) |
| `requirements.lock` | the exact versions, with hashes, that the book is built and tested with |
{extras}
## Install (Python 3.11; tested on Linux)

```bash
python3.11 -m venv .venv
.venv/bin/pip install --require-hashes -r requirements.lock
.venv/bin/pip install --no-deps {wheel}
.venv/bin/jupyter lab student      # as root, add --allow-root
```

On Windows the programs are in `.venv\\Scripts\\` instead of `.venv/bin/`.

## Use

Open a chapter and run it from the top (*Run → Run All Cells*). The explorables (figures with
sliders) need the running kernel; after the setup cell, any cell can be re-run on its own. The
notebooks carry no outputs: they are produced when you run them. JupyterLab does not save the
explorables' state, so a notebook saved and reopened later needs the same run again before its
sliders work (until then it says "Error displaying widget"). Give students the `student`
folder; keep the `instructor` folder for yourself. The book's website shows the same chapters
without any installation.
"""


def build_wheel(root: Path, dest: Path) -> Path:
    """The book's package as a wheel in ``dest``, built from a copy of ``src/`` and
    ``pyproject.toml`` (nothing is written into the repository) with the installed setuptools."""
    dest.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="her2book-wheel-") as tmp:
        source = Path(tmp) / "source"
        shutil.copytree(
            root / "src",
            source / "src",
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info"),
        )
        shutil.copy2(root / "pyproject.toml", source / "pyproject.toml")
        out = Path(tmp) / "wheel"
        env = {**os.environ, "SOURCE_DATE_EPOCH": _SOURCE_DATE_EPOCH, "PIP_NO_INDEX": "1"}
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "wheel",
                "--quiet",
                "--no-deps",
                "--no-build-isolation",
                "--wheel-dir",
                str(out),
                str(source),
            ],
            check=True,
            env=env,
        )
        (wheel,) = out.glob("her2book-*.whl")
        target = dest / wheel.name
        shutil.copy2(wheel, target)
    return target


def write_bundle(
    build_dir: Path, root: Path | None = None, extras: Iterable[tuple[Path, str]] = ()
) -> Path:
    """The course bundle (zip) at ``build_dir/html/`` + :data:`BUNDLE`, from the editions that
    :func:`build` wrote: both editions, the package's wheel, ``requirements.lock``, a README.

    ``extras``: more files for the bundle's top folder, each with the line the README's table
    gives it (for example the book as a PDF)."""
    build_dir = Path(build_dir)
    root = layout.find_root() if root is None else Path(root)
    classroom = build_dir / "classroom"
    wheel = build_wheel(root, classroom / "wheel")
    extras = [(Path(path), what) for path, what in extras]
    rows = "".join(f"| `{path.name}` | {what} |\n" for path, what in extras)
    files: list[tuple[str, bytes]] = [
        ("README.md", README.format(wheel=wheel.name, extras=rows).encode()),
        ("requirements.lock", (root / "requirements.lock").read_bytes()),
        (wheel.name, wheel.read_bytes()),
        *((path.name, path.read_bytes()) for path, _ in extras),
    ]
    for e in EDITIONS:
        for nb in sorted((classroom / e).glob("*.ipynb")):
            files.append((f"{e}/{nb.name}", nb.read_bytes()))
    target = build_dir / "html" / BUNDLE
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, data in files:
            info = zipfile.ZipInfo(f"{BUNDLE_FOLDER}/{name}", date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)
    return target


# --------------------------------------------------------------------------------------------
# links from the website (Sphinx extension)


def _bundle_button(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Adds "Classroom bundle (.zip)" to the download menu of every chapter page."""
    if app.builder.format != "html" or context.get("page_source_suffix") != ".ipynb":
        return
    for group in context.get("header_buttons", []):
        if group.get("label") == "download-buttons":
            group["buttons"].insert(
                1,
                {
                    "type": "link",
                    "url": context["pathto"](BUNDLE, 1),
                    "text": "classroom bundle (.zip)",
                    "tooltip": "Every chapter as a notebook that runs in JupyterLab, "
                    "with the book's package",
                    "icon": "fas fa-file-zipper",
                    "label": "download-classroom-bundle-button",
                },
            )


def _bundle_role(name, rawtext, text, lineno, inliner, options=None, content=None):  # noqa: ANN001
    """``{classroom-bundle}`text```: a link to the course bundle (:data:`BUNDLE`)."""
    from docutils import nodes

    env = inliner.document.settings.env
    if env.app.builder.format != "html":
        return [nodes.Text(f"{text} (on the book's website)")], []
    uri = posixpath.relpath(BUNDLE, posixpath.dirname(env.docname) or ".")
    return [nodes.reference(rawtext, text, refuri=uri, classes=["her2book-bundle"])], []


def setup(app: Any) -> dict[str, Any]:
    """Sphinx extension: the ``{classroom-bundle}`` role and the chapters' download menu entry."""
    app.add_role("classroom-bundle", _bundle_role)
    # after sphinx-book-theme's own add_header_buttons (priority 501)
    app.connect("html-page-context", _bundle_button, priority=502)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}


# --------------------------------------------------------------------------------------------
# command line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m her2book.editions",
        description="Write the classroom editions and the course bundle from the executed book.",
    )
    parser.add_argument("--build", default="_build", help="the build folder of `make book`")
    parser.add_argument("--root", default=None, help="the repository (default: found from here)")
    parser.add_argument("--no-bundle", action="store_true", help="only the editions")
    parser.add_argument(
        "--add",
        action="append",
        default=[],
        metavar="FILE=WHAT",
        help="one more file for the bundle, with its line in the README (e.g. the PDF)",
    )
    args = parser.parse_args(argv)
    build_dir = Path(args.build)
    written = build(build_dir, args.root)
    for e, files in written.items():
        size = sum(f.stat().st_size for f in files)
        print(
            f"{e} edition: {len(files)} notebooks, {size / 1024:.0f} KiB in "
            f"{build_dir / 'classroom' / e}"
        )
    if not args.no_bundle:
        extras = [
            (Path(a.split("=", 1)[0]), a.split("=", 1)[1] if "=" in a else "") for a in args.add
        ]
        bundle = write_bundle(build_dir, args.root, extras)
        print(f"course bundle: {bundle.stat().st_size / 1024:.0f} KiB at {bundle}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
