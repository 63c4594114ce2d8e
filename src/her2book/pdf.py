"""The book as a PDF in two editions: Chromium prints the built website, all pages as one document.

Route. The pages ``make book`` built (``_build/html``) are read in TOC order and put into **one**
HTML document with the site's own stylesheets, which headless Chromium (through Playwright, the
harness of :mod:`her2book.browser`) prints with ``page.pdf``. One document, not one PDF per page
merged afterwards, so that page numbers run through the book, links between chapters, to the
glossary, the claims registry and the bibliography become links inside the PDF, and the table of
contents can give page numbers. Nothing is built twice: no second Sphinx build, no execution;
the PDF shows exactly what the site shows (see the measurements in the instructor guide's report
and the module's tests).

What the assembly (:func:`assemble`, pure HTML in and out, tested without a browser) does to each
page's article:

- **explorables** keep their starting frame (the markup works without JavaScript; no script of
  the page runs in the PDF document), their caption and readout; their controls are hidden and
  ``book/_static/explorable.css``'s print rule adds "This figure is interactive in the online
  edition.";
- **self-check questions** are numbered per chapter ("Self-check 1.4") and print as questions:
  multiple choice with lettered options and no radio buttons, numeric with a line to write on; the
  feedback is removed from the page. The instructor edition lists, chapter by chapter in an
  appendix, the right option (or value) of every question with its feedback, each question
  pointing to the page of its answer; the student edition has no answers;
- **exercise solutions** move to that appendix in the instructor edition (a line with the page
  of the solution stays in their place) and are removed from the student edition. The "Check your
  prediction" and "Going deeper" boxes, collapsed on the site, print open in both: they are the
  chapter's teaching, not an answer key;
- hidden code cells, toggle labels, the diagrams' "Text description" disclosures (the drawing is
  on the page) and every script are removed;
- ids are prefixed with their page (``book-01_her2_trastuzumab--exercises``) and links rewritten:
  to a printed page, a link inside the PDF; to the web (``https:``, ``mailto:``), kept; to a file
  only the website has (downloads, sources), the text without the link.

The student edition leaves out the instructor guide (its projection notes say what students
should notice). Both have a cover and a table of contents with page numbers. The numbers are
read back from the printed PDF itself (:func:`destinations`: the page of each link target) and
written into a second print; when the second print puts a target on another page, it prints again
(at most :data:`MAX_PRINTS` times), so every number in the contents is the page the PDF shows.
A footer gives the edition and "page N of M".

Printing waits for MathJax to typeset every formula (the PDF document loads MathJax itself, not
the site's on-demand loader), for every image and web font, and fails if a formula or an image is
left unrendered. The PDF is tagged and has an outline (bookmarks) from the headings.

The PDFs go to ``_build/pdf/`` and into the site (:data:`FOLDER`), where ``{book-pdf}`` links to
them (this module is also a small Sphinx extension, listed in ``_config.yml``); ``make book`` adds
them to the course bundle.

Command line (``make pdf``; ``make book`` runs it after the site is built)::

    python -m her2book.pdf [--build _build] [--edition instructor|student]
"""

from __future__ import annotations

import argparse
import datetime as _dt
import html
import io
import json
import os
import posixpath
import re
import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from . import layout

__all__ = [
    "EDITIONS",
    "FOLDER",
    "MAX_PRINTS",
    "Assembled",
    "AssemblyError",
    "assemble",
    "build",
    "destinations",
    "filename",
    "main",
    "print_pdf",
    "setup",
    "site_path",
]

EDITIONS = ("instructor", "student")
#: Where the PDFs sit in the built site (relative to its root).
FOLDER = "_downloads/pdf"
#: Pages only the instructor edition prints.
INSTRUCTOR_ONLY = ("book/instructor_guide",)
#: How many times a PDF may be printed before its page numbers must have settled.
MAX_PRINTS = 4
#: The URL (on the site's server) at which the assembled document is served to Chromium.
SHELL = "/__her2book-pdf__.html"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_EXTERNAL = ("http://", "https://", "mailto:")
_URL_REF = re.compile(r"url\(#([^)]+)\)")
_ID_LISTS = ("for", "aria-labelledby", "aria-describedby", "aria-controls", "aria-owns", "headers")


class AssemblyError(ValueError):
    """A page of the site lacks what the PDF needs (its article, a question's answer, …)."""


def filename(edition: str) -> str:
    """``her2book-instructor.pdf`` or ``her2book-student.pdf``."""
    if edition not in EDITIONS:
        raise ValueError(f"edition must be one of {EDITIONS}, got {edition!r}")
    return f"her2book-{edition}.pdf"


def site_path(edition: str) -> str:
    """Where an edition's PDF sits in the built site: ``_downloads/pdf/her2book-….pdf``."""
    return f"{FOLDER}/{filename(edition)}"


# --------------------------------------------------------------------------------------------
# what goes into the document


@dataclass(frozen=True)
class Part:
    """A caption of the TOC (``None`` for the root page) and its documents, in order."""

    caption: str | None
    docs: tuple[str, ...]


def toc_parts(root: Path) -> list[Part]:
    """The TOC as parts: the root page alone, then each part with its entries (and sections)."""
    toc = yaml.safe_load((root / layout.TOC).read_text(encoding="utf-8"))

    def files(entries: list[dict]) -> list[str]:
        out: list[str] = []
        for e in entries:
            if "file" in e:
                out.append(e["file"])
            for key in ("chapters", "sections"):
                out.extend(files(e.get(key, [])))
        return out

    parts = [Part(None, (toc["root"],))]
    for p in toc.get("parts", []):
        parts.append(Part(p.get("caption"), tuple(files(p.get("chapters", [])))))
    if toc.get("chapters"):
        parts.append(Part(None, tuple(files(toc["chapters"]))))
    return parts


def _slug(doc: str) -> str:
    return doc.replace("/", "-")


def _anchor(doc: str, ident: str) -> str:
    return f"{_slug(doc)}--{ident}"


def _soup(text: str) -> Any:
    from bs4 import BeautifulSoup

    return BeautifulSoup(text, "html.parser")


def _absolute(url: str, doc: str) -> str:
    """A URL of the page ``doc`` made absolute on the site (``../_images/x.png`` from
    ``book/intro`` is ``/_images/x.png``); other schemes, fragments and data URLs unchanged."""
    if not url or url.startswith(("#", "/", "data:", "blob:")) or urlsplit(url).scheme:
        return url
    return "/" + posixpath.normpath(posixpath.join(posixpath.dirname(doc), url)).lstrip("/")


@dataclass
class Question:
    """A self-check question as the appendix gives it."""

    label: str  # "Self-check 1.4"
    anchor: str  # the question's id in the document
    prompt: str  # HTML
    answer: str  # HTML: the right option (lettered) or value
    feedback: str  # HTML: why it is right


@dataclass
class Chapter:
    """What the instructor appendix collects from one chapter."""

    doc: str
    number: int
    title: str  # HTML of the chapter heading
    questions: list[Question] = field(default_factory=list)
    solutions: list[str] = field(default_factory=list)  # HTML of each solution box
    solution_ids: list[str] = field(default_factory=list)


@dataclass
class Assembled:
    """The PDF document of one edition: its HTML and what it holds.

    ``targets``: the ids whose page the contents and the answer lines print (to be found in the
    PDF with :func:`destinations`). ``headings``: the contents' entries, (id, level, text), in
    order. ``chapters``: what each chapter gave the appendix."""

    edition: str
    html: str
    targets: list[str]
    headings: list[tuple[str, int, str]]
    chapters: list[Chapter]
    docs: list[str]


def _text(tag: Any) -> str:
    return re.sub(r"\s+", " ", tag.get_text(" ")).strip()


def _inner(tag: Any) -> str:
    return "".join(str(c) for c in tag.contents).strip()


def _page_number(target: str) -> str:
    """The span the contents and the answer lines use for the page of ``target``: a placeholder
    as wide as a three-digit number, which :func:`print_pdf` replaces."""
    return f'<span class="her2book-pdf-page" data-target="{html.escape(target)}">000</span>'


class _Page:
    """One page of the site: its article, read and rewritten for the PDF."""

    def __init__(self, doc: str, text: str) -> None:
        self.doc = doc
        soup = _soup(text)
        self.head = soup.head
        article = soup.select_one("article.bd-article")
        if article is None:
            raise AssemblyError(f"{doc}: no <article class='bd-article'> in the built page")
        self.article = article
        self.ids = {t["id"] for t in article.find_all(id=True)}

    def stylesheets(self) -> list[str]:
        return [
            _absolute(link["href"], self.doc)
            for link in self.head.select('link[rel~="stylesheet"][href]')
        ]

    def mathjax(self) -> tuple[str, dict] | None:
        """The MathJax script (absolute URL) and the page's MathJax settings, if it has formulas."""
        loader = self.head.select_one("script[data-mathjax]")
        src = loader["data-mathjax"] if loader else None
        if src is None:
            plain = self.head.find("script", src=re.compile(r"mathjax", re.I))
            src = plain["src"] if plain else None
        if src is None:
            return None
        settings: dict = {}
        for script in self.head.find_all("script", src=False):
            m = re.match(r"\s*window\.MathJax\s*=\s*(\{.*\})\s*;?\s*$", script.string or "", re.S)
            if m:
                settings = json.loads(m.group(1))
        return _absolute(src, self.doc), settings


def _clean(article: Any) -> None:
    """What a printed page has no use for: scripts, toggles, hidden code, controls."""
    for sel in (
        "script",
        "noscript",
        "a.headerlink",
        "div.cell details.hide",  # hidden code cells ("Show code cell source")
        "button",
        "figcaption details",  # a diagram's text description (its drawing is on the page)
        ".her2book-controls",
        ".her2book-status",
        ".self-check-status",
    ):
        for t in article.select(sel):
            t.decompose()
    for img in article.find_all("img"):
        img.attrs.pop("loading", None)  # a lazy image may never load in a print
    # collapsed boxes print open: they are plain admonitions once no script runs
    for t in article.select(".toggle-hidden"):
        t["class"] = [c for c in t["class"] if c != "toggle-hidden"]


def _rewrite_ids(page: _Page, pages: dict[str, _Page]) -> None:
    """Prefix every id with its page and point every link where the PDF has its target."""
    doc, article = page.doc, page.article
    for t in article.find_all(id=True):
        t["id"] = _anchor(doc, t["id"])
    for t in article.find_all(True):
        for attr in _ID_LISTS:
            if attr in t.attrs:
                value = t[attr] if isinstance(t[attr], str) else " ".join(t[attr])
                t[attr] = " ".join(_anchor(doc, v) if v in page.ids else v for v in value.split())
        for attr, value in list(t.attrs.items()):
            if isinstance(value, str) and "url(#" in value:
                t[attr] = _URL_REF.sub(
                    lambda m: (
                        f"url(#{_anchor(doc, m.group(1))})"
                        if m.group(1) in page.ids
                        else m.group(0)
                    ),
                    value,
                )
        for attr in ("src", "poster"):
            if isinstance(t.get(attr), str):
                t[attr] = _absolute(t[attr], doc)
    for a in article.find_all(["a", "area"], href=True):
        href = a["href"]
        if href.startswith(_EXTERNAL):
            continue
        target = _link_target(href, doc, pages)
        if target is None:
            a.unwrap() if a.name == "a" else a.decompose()
        else:
            a["href"] = "#" + target
    # SVG <use href="#…">
    for use in article.find_all("use"):
        for attr in ("href", "xlink:href"):
            v = use.get(attr)
            if isinstance(v, str) and v.startswith("#") and v[1:] in page.ids:
                use[attr] = "#" + _anchor(doc, v[1:])


def _link_target(href: str, doc: str, pages: dict[str, _Page]) -> str | None:
    """The id in the PDF document a site link leads to, or ``None`` (not printed)."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    if not parts.path:
        target_doc = doc
    else:
        path = posixpath.normpath(posixpath.join(posixpath.dirname(doc), parts.path))
        if not path.endswith(".html"):
            return None
        target_doc = path[: -len(".html")]
    page = pages.get(target_doc)
    if page is None:
        return None
    if parts.fragment and parts.fragment in page.ids:
        return _anchor(target_doc, parts.fragment)
    return _slug(target_doc)


def _self_checks(page: _Page, chapter: Chapter | None, edition: str) -> None:
    """Numbers the page's questions and prints them as questions; their answers go to ``chapter``
    (the appendix), never to the page."""
    for k, q in enumerate(page.article.select("div.self-check"), 1):
        qid = q.get("id") or f"{_slug(page.doc)}-q{k}"
        q["id"] = qid
        label = f"Self-check {chapter.number}.{k}" if chapter else f"Self-check {k}"
        badge = q.select_one(".self-check-badge")
        if badge is not None:
            badge.string = label
        prompt = q.select_one(".self-check-prompt")
        if prompt is None:
            raise AssemblyError(f"{page.doc}: self-check {qid} has no prompt")
        prompt_html = _inner(prompt)
        if badge is not None:
            prompt_html = prompt_html.replace(str(badge), "", 1).strip()
        kind = q.get("data-kind", "choice")
        if kind == "numeric":
            shown = q.select_one("details.self-check-answer p")
            right = q.select_one(
                '.self-check-feedback[data-verdict="correct"] .self-check-explanation'
            )
            if shown is None or right is None:
                raise AssemblyError(f"{page.doc}: numeric self-check {qid} has no answer")
            answer, feedback = _inner(shown), ""
            unit = q.get("data-unit", "")
            for t in q.select("form, details.self-check-answer"):
                t.decompose()
            blank = _soup(
                '<p class="her2book-pdf-blank">Your answer: <span class="her2book-pdf-line">'
                f"</span> {html.escape(unit)}</p>"
            )
            prompt.insert_after(blank)
        else:
            options = q.select(".self-check-option")
            correct = []
            for i, opt in enumerate(options):
                letter = LETTERS[i]
                text = opt.select_one(".self-check-text")
                if text is None:
                    raise AssemblyError(f"{page.doc}: self-check {qid}, option {i + 1} has no text")
                fb = opt.select_one(".self-check-feedback")
                if fb is not None and fb.get("data-verdict") == "correct":
                    expl = fb.select_one(".self-check-explanation")
                    correct.append((letter, _inner(text), _inner(expl) if expl else ""))
                text.name = "span"
                text.attrs.pop("for", None)
                text.insert(0, _soup(f'<span class="her2book-pdf-letter">{letter}.</span> '))
                for t in opt.select("input"):
                    t.decompose()
            if len(correct) != 1:
                raise AssemblyError(
                    f"{page.doc}: self-check {qid} has {len(correct)} correct options, not 1"
                )
            letter, text, feedback = correct[0]
            answer = f"<strong>{letter}.</strong> {text}"
        for t in q.select(".self-check-feedback"):
            t.decompose()
        if chapter is None:
            continue
        chapter.questions.append(Question(label, qid, prompt_html, answer, feedback))
        if edition == "instructor":
            ans = f"answer-{qid}"
            q.append(
                _soup(
                    f'<p class="her2book-pdf-answer-ref"><a href="#{ans}">Answer on page '
                    f"{_page_number(ans)}</a></p>"
                )
            )


def _solutions(page: _Page, chapter: Chapter | None, edition: str) -> None:
    """Moves (instructor) or removes (student) the page's exercise solutions."""
    for k, sol in enumerate(page.article.select("div.solution"), 1):
        sid = sol.get("id") or f"{_slug(page.doc)}-solution-{k}"
        sol["id"] = sid
        if edition == "instructor" and chapter is not None:
            sol["class"] = [c for c in sol.get("class", []) if c not in ("dropdown", "toggle")]
            title = sol.select_one(".admonition-title")
            name = _text(title) if title else "Solution"
            ref = _soup(
                f'<p class="her2book-pdf-solution-ref"><a href="#{sid}">{html.escape(name)}: '
                f"page {_page_number(sid)}</a></p>"
            )
            sol.replace_with(ref)
            chapter.solutions.append(str(sol))
            chapter.solution_ids.append(sid)
        else:
            sol.decompose()


def _appendix(chapters: list[Chapter]) -> tuple[str, list[tuple[str, int, str]]]:
    """The instructor appendix: each chapter's self-check answers and exercise solutions."""
    out = [
        '<article class="bd-article her2book-pdf-doc her2book-pdf-appendix" id="appendix">',
        '<section id="appendix-section"><h1>Appendix: answers and solutions</h1>',
        "<p>The right answer to every self-check question, with the feedback a reader gets on the "
        "website, and the solution to every exercise, chapter by chapter. Each question in the "
        "chapters gives the page of its answer, and each exercise the page of its "
        "solution.</p>",
    ]
    headings = [("appendix-section", 1, "Appendix: answers and solutions")]
    for ch in chapters:
        if not ch.questions and not ch.solutions:
            continue
        sec = f"appendix-ch{ch.number}"
        out.append(f'<section id="{sec}"><h2>Chapter {ch.title}</h2>')
        headings.append((sec, 2, f"Chapter {_text(_soup(ch.title))}"))
        if ch.questions:
            out.append(f'<section id="{sec}-answers"><h3>Self-check answers</h3>')
            for q in ch.questions:
                out.append(
                    f'<div class="her2book-pdf-answer" id="answer-{q.anchor}">'
                    f'<p class="her2book-pdf-answer-q"><a href="#{q.anchor}">{q.label}</a> '
                    f"{q.prompt}</p><p>{q.answer}</p>"
                    + (f"<p>{q.feedback}</p>" if q.feedback else "")
                    + "</div>"
                )
            out.append("</section>")
        if ch.solutions:
            out.append(f'<section id="{sec}-solutions"><h3>Solutions to the exercises</h3>')
            out.extend(ch.solutions)
            out.append("</section>")
        out.append("</section>")
    out.append("</section></article>")
    return "\n".join(out), headings


def _config(root: Path) -> dict:
    return yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}


def _cover(root: Path, edition: str, docs_left_out: list[str], today: str) -> str:
    cfg = _config(root)
    title = html.escape(cfg.get("title", "The book"))
    author = html.escape(cfg.get("author", ""))
    footer = cfg.get("html", {}).get("extra_footer", "")
    footer = re.sub(r"<[^>]+>", "", footer).strip()
    if edition == "instructor":
        what = (
            "Instructor edition: the whole book, with the answers to the self-check questions "
            "and the solutions to the exercises in an appendix."
        )
    else:
        what = (
            "Student edition: the whole book without the answers to the self-check questions, "
            "the solutions to the exercises"
            + (" and the instructor guide" if docs_left_out else "")
            + "."
        )
    return (
        '<section class="her2book-pdf-cover" id="cover">'
        f'<h1 class="her2book-pdf-title">{title}</h1>'
        f'<p class="her2book-pdf-edition">{html.escape(what)}</p>'
        f'<p class="her2book-pdf-author">{author}</p>'
        '<p class="her2book-pdf-note">Printed from the book\'s website on '
        f"{html.escape(today)}. The figures that respond to sliders online (explorables) are "
        "shown at their starting setting, each marked as interactive in the online edition; "
        "the self-check questions are printed as questions.</p>"
        f'<p class="her2book-pdf-note">{html.escape(footer)}</p>'
        "</section>"
    )


def _contents(entries: list[tuple[str, str, int, str]]) -> str:
    """The table of contents: (kind, id, level, html) rows; kind "part" has no page number."""
    out = ['<nav class="her2book-pdf-toc" id="contents" aria-label="Contents"><h1>Contents</h1>']
    for kind, target, level, text in entries:
        if kind == "part":
            out.append(f'<p class="her2book-pdf-toc-part">{text}</p>')
            continue
        out.append(
            f'<p class="her2book-pdf-toc-entry her2book-pdf-toc-l{level}">'
            f'<a href="#{target}"><span class="her2book-pdf-toc-text">{text}</span>'
            f"{_page_number(target)}</a></p>"
        )
    out.append("</nav>")
    return "\n".join(out)


def _heading_html(heading: Any) -> str:
    return _inner(heading)


def _cover_date(today: str | None) -> str:
    """The cover's date: ``today``, else ``SOURCE_DATE_EPOCH``'s day if set, else today."""
    if today is not None:
        return today
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    day = _dt.datetime.fromtimestamp(int(epoch), _dt.UTC).date() if epoch else _dt.date.today()
    return f"{day.day} {day:%B %Y}"


def _read_site(site: Path, parts: list[Part], left_out: list[str]) -> dict[str, _Page]:
    """Every printed page of the built site, in TOC order."""
    read: dict[str, _Page] = {}
    for part in parts:
        for doc in part.docs:
            if doc in left_out:
                continue
            file = site / f"{doc}.html"
            if not file.is_file():
                raise AssemblyError(f"no built page {file}: run `make book` first")
            read[doc] = _Page(doc, file.read_text(encoding="utf-8"))
    return read


def _head(title: str, pages: Iterable[_Page]) -> list[str]:
    """The document's head: the site's stylesheets (each once), the PDF's own, and MathJax set to
    typeset every formula at once (not lazily, as they scroll into view)."""
    stylesheets: list[str] = []
    mathjax: tuple[str, dict] | None = None
    for page in pages:
        stylesheets += [h for h in page.stylesheets() if h not in stylesheets]
        mathjax = mathjax or page.mathjax()
    head = [
        '<meta charset="utf-8">',
        f"<title>{html.escape(title)}</title>",
        *(f'<link rel="stylesheet" href="{html.escape(h)}">' for h in stylesheets),
        f"<style>\n{PRINT_CSS}\n</style>",
    ]
    if mathjax is not None:
        src, settings = mathjax
        settings = json.loads(json.dumps(settings))
        loads = settings.get("loader", {}).get("load", [])
        if "ui/lazy" in loads:
            loads.remove("ui/lazy")
        head.append(f"<script>window.MathJax = {json.dumps(settings)};</script>")
        head.append(f'<script defer src="{html.escape(src)}"></script>')
    return head


def _print_page(
    page: _Page, read: dict[str, _Page], number: int | None, edition: str
) -> tuple[Chapter | None, list[tuple[str, str, int, str]], list[tuple[str, int, str]]]:
    """Rewrites one page's article for the PDF (in place). Returns its chapter (``None`` for a
    page that is not a numbered chapter), its contents entries and its headings."""
    doc, article = page.doc, page.article
    _clean(article)
    h1 = article.find("h1")
    if h1 is None:
        raise AssemblyError(f"{doc}: the page has no <h1> heading")
    chapter = None if number is None else Chapter(doc, number, _heading_html(h1))
    _rewrite_ids(page, read)
    _self_checks(page, chapter, edition)
    _solutions(page, chapter, edition)
    article["id"] = _slug(doc)
    article["class"] = ["bd-article", "her2book-pdf-doc"]
    article["data-doc"] = doc
    toc = [("entry", _slug(doc), 1, _heading_html(h1))]
    headings = [(_slug(doc), 1, _text(h1))]
    if chapter is not None:
        for h2 in article.find_all("h2"):
            section = h2.find_parent("section")
            if section is None or not section.get("id"):
                continue
            toc.append(("entry", section["id"], 2, _heading_html(h2)))
            headings.append((section["id"], 2, _text(h2)))
    return chapter, toc, headings


def assemble(
    site: Path,
    edition: str,
    root: Path | None = None,
    today: str | None = None,
) -> Assembled:
    """The PDF document of ``edition`` from the built site ``site`` (``_build/html``), with
    placeholders for its page numbers (filled in by :func:`print_pdf`). ``today``: the date on
    the cover (default: today, or ``SOURCE_DATE_EPOCH`` if set)."""
    filename(edition)
    site = Path(site)
    root = layout.find_root() if root is None else Path(root)
    parts = toc_parts(root)
    left_out = [d for d in INSTRUCTOR_ONLY if edition != "instructor"]
    numbers = {c.doc: c.number for c in layout.chapters(root)}
    read = _read_site(site, parts, left_out)
    cfg = _config(root)
    head = _head(f"{cfg.get('title', 'The book')} ({edition} edition)", read.values())

    chapters: list[Chapter] = []
    bodies: list[str] = []
    toc: list[tuple[str, str, int, str]] = []
    headings: list[tuple[str, int, str]] = []
    for part in parts:
        docs = [d for d in part.docs if d in read]
        if docs and part.caption:
            toc.append(("part", "", 0, html.escape(part.caption)))
        for doc in docs:
            chapter, entries, heads = _print_page(read[doc], read, numbers.get(doc), edition)
            chapters += [chapter] if chapter is not None else []
            toc += entries
            headings += heads
            bodies.append(str(read[doc].article))
    appendix = ""
    if edition == "instructor":
        appendix, extra = _appendix(chapters)
        toc.append(("part", "", 0, "Appendix"))
        toc += [("entry", target, level, html.escape(text)) for target, level, text in extra]
        headings += extra

    body = [_cover(root, edition, left_out, _cover_date(today)), _contents(toc), *bodies, appendix]
    classes = ["her2book-pdf", f"her2book-pdf-{edition}"]
    if edition == "instructor":
        classes.append("her2book-print-solutions")  # her2book.css: solutions print open
    lang = cfg.get("sphinx", {}).get("config", {}).get("language", "en")
    doc_html = (
        f'<!DOCTYPE html>\n<html lang="{html.escape(lang)}"'
        f' data-theme="light" data-mode="light" class="{" ".join(classes)}">\n'
        f"<head>\n{chr(10).join(head)}\n</head>\n<body>\n"
        '<div class="bd-page-width"><main class="bd-main"><div class="bd-content">'
        '<div class="bd-article-container">\n'
        + "\n".join(b for b in body if b)
        + "\n</div></div></main></div>\n</body>\n</html>\n"
    )
    targets = [t for kind, t, _, _ in toc if kind == "entry"]
    if edition == "instructor":
        for ch in chapters:
            targets.extend(f"answer-{q.anchor}" for q in ch.questions)
            targets.extend(ch.solution_ids)
    return Assembled(edition, doc_html, targets, headings, chapters, list(read))


# --------------------------------------------------------------------------------------------
# printing

#: The stylesheet only the PDF document loads, after the site's own. The site's print rules still
#: apply: ``book/_static/her2book.css`` hides toggle labels and self-check feedback and prints
#: solutions open under ``html.her2book-print-solutions``; ``book/_static/explorable.css`` hides
#: the controls and adds "This figure is interactive in the online edition." to each explorable.
PRINT_CSS = """\
html.her2book-pdf,
html.her2book-pdf body {
  background: #fff;
  color: #1a1a1a;
}
html.her2book-pdf body { margin: 0; padding: 0; }
.her2book-pdf .bd-page-width,
.her2book-pdf .bd-main,
.her2book-pdf .bd-content,
.her2book-pdf .bd-article-container {
  display: block;
  width: auto;
  max-width: none;
  margin: 0;
  padding: 0;
}
.her2book-pdf .bd-article { padding: 0; overflow: visible; }

/* Chromium prints a box shadow (the theme draws admonitions, code and figures with them) as a
   gray bitmap: on paper a border does, in a fraction of the size. */
html.her2book-pdf body *,
html.her2book-pdf body *::before,
html.her2book-pdf body *::after { box-shadow: none !important; }
.her2book-pdf .admonition,
.her2book-pdf div.admonition { border-style: solid; border-width: 1px 1px 1px 0.25rem; }

/* Every page of the site starts on a new sheet. */
.her2book-pdf-doc { break-before: page; }
.her2book-pdf h1,
.her2book-pdf h2,
.her2book-pdf h3,
.her2book-pdf h4,
.her2book-pdf .admonition-title { break-after: avoid; }
.her2book-pdf h1 { margin-top: 0; }
/* sphinx-book-theme's print rules hide each article's first h1 (its own print route puts the
   title elsewhere) and indent the content: here every page keeps its heading. */
html.her2book-pdf .bd-main .bd-content .bd-article h1:first-of-type { display: block; }
html.her2book-pdf .bd-main .bd-content { margin-left: 0; }
.her2book-pdf figure,
.her2book-pdf .her2book-explorable,
.her2book-pdf .self-check-option,
.her2book-pdf .her2book-pdf-answer,
.her2book-pdf tr,
.her2book-pdf img,
.her2book-pdf svg { break-inside: avoid; }
.her2book-pdf p { orphans: 2; widows: 2; }

/* Links stay links, in the text colour with a thin underline. */
.her2book-pdf a,
.her2book-pdf a:visited {
  color: #0b4f8a;
  text-decoration: none;
}
.her2book-pdf .bd-article a.reference.external { text-decoration: underline 0.5px; }

/* Code and tables break across pages rather than overflow them or leave a page blank (the
   theme's print rules keep every table on one page); a row stays whole. */
html.her2book-pdf .bd-main .bd-content table { break-inside: auto; }
.her2book-pdf pre { white-space: pre-wrap; word-break: break-word; overflow: visible; }
.her2book-pdf .pst-scrollable-table-container,
.her2book-pdf .cell_output,
.her2book-pdf .output { overflow: visible; max-height: none; }
.her2book-pdf mjx-container[display="true"] { overflow: visible; }

/* Cover */
.her2book-pdf-cover {
  break-after: page;
  min-height: 230mm;
  display: flex;
  flex-direction: column;
  justify-content: center;
}
.her2book-pdf-cover .her2book-pdf-title { font-size: 3rem; margin: 0 0 1.5rem; }
.her2book-pdf-edition { font-size: 1.35rem; font-weight: 600; max-width: 34rem; }
.her2book-pdf-author { font-size: 1.1rem; margin: 1.5rem 0 4rem; }
.her2book-pdf-note { font-size: 0.95rem; max-width: 36rem; color: #333; }

/* Contents, with page numbers (filled from the printed PDF itself). */
.her2book-pdf-toc { break-after: page; }
.her2book-pdf-toc p { margin: 0; }
.her2book-pdf-toc-part {
  font-weight: 700;
  margin-top: 0.9rem !important;
  text-transform: uppercase;
  letter-spacing: 0.05em;
  font-size: 0.85rem;
}
.her2book-pdf-toc-entry a {
  display: flex;
  align-items: baseline;
  gap: 0.4rem;
  color: inherit;
}
.her2book-pdf-toc-text { flex: 0 1 auto; }
.her2book-pdf-toc-entry a::after {
  /* dotted leader between the title and its page */
  content: "";
  order: 1;
  flex: 1 1 2rem;
  border-bottom: 1px dotted #888;
  transform: translateY(-0.25em);
}
.her2book-pdf-toc-entry .her2book-pdf-page {
  order: 2; flex: none; min-width: 2em; text-align: right;
}
.her2book-pdf-toc-l1 { margin-top: 0.35rem !important; font-weight: 600; }
.her2book-pdf-toc-l2 { padding-left: 1.6rem; font-size: 0.92rem; }
/* A page number's box is as wide as three digits, so writing the numbers in moves nothing. */
.her2book-pdf-page {
  display: inline-block;
  min-width: 1.9em;
  text-align: right;
  font-variant-numeric: tabular-nums;
}

/* Self-check questions: lettered options, no radio buttons, a line for a numeric answer. */
.her2book-pdf .self-check { break-inside: avoid; }
.her2book-pdf .self-check-input { display: none !important; }
.her2book-pdf .self-check-option { padding: 0.1rem 0.45rem; }
.her2book-pdf-letter { font-weight: 700; margin-right: 0.15em; }
.her2book-pdf-blank { margin: 0.3rem 0 0; }
.her2book-pdf-line {
  display: inline-block;
  width: 9em;
  border-bottom: 1px solid currentColor;
  margin: 0 0.3em;
}
.her2book-pdf-answer-ref,
.her2book-pdf-solution-ref {
  font-size: 0.9em;
  font-style: italic;
  margin: 0.2rem 0 0;
}

/* The appendix */
.her2book-pdf-answer { margin: 0 0 0.9rem; }
.her2book-pdf-answer p { margin: 0.15rem 0; }
.her2book-pdf-answer-q { font-weight: 600; }
.her2book-pdf-appendix .solution { break-inside: auto; }
"""


def destinations(pdf: bytes) -> dict[str, int]:
    """The page (1-based) of every named destination in a PDF Chromium printed: the targets of
    the document's internal links."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    out = {}
    for name, dest in reader.named_destinations.items():
        page = reader.get_destination_page_number(dest)
        if page is not None and page >= 0:
            out[name.lstrip("/")] = page + 1
    return out


_FOOTER = (
    "<div style=\"width:100%;margin:0 16mm;font-size:8pt;font-family:'DejaVu Sans',sans-serif;"
    'color:#444;display:flex;justify-content:space-between;">'
    '<span>{title}</span><span>page <span class="pageNumber"></span> of '
    '<span class="totalPages"></span></span></div>'
)

# Everything typeset and loaded, or a list of what is not.
_READY = """async () => {
  if (document.querySelector('script[src*="mathjax" i]')) {
    for (let i = 0; i < 600 && !(window.MathJax && MathJax.startup && MathJax.startup.promise); i++)
      await new Promise(r => setTimeout(r, 50));
    await MathJax.startup.promise;
  }
  await Promise.all([...document.images].map(img => img.complete ? null :
    new Promise(r => { img.addEventListener('load', r); img.addEventListener('error', r); })));
  await document.fonts.ready;
  const math = [...document.querySelectorAll('span.math, div.math')]
    .filter(m => !m.querySelector('mjx-container')).map(m => m.textContent.slice(0, 60));
  const images = [...document.images].filter(i => !i.naturalWidth).map(i => i.src);
  return {math, images};
}"""


# Writes the page of each target into its placeholders (the contents, the answer lines).
_FILL = """pages => document.querySelectorAll('.her2book-pdf-page[data-target]').forEach(s => {
  const n = pages[s.dataset.target]; if (n !== undefined) s.textContent = String(n); })"""

#: Chromium's print settings: A4, a footer with the edition and the page, the outline (PDF
#: bookmarks, which need a tagged PDF) from the headings. At scale 0.8 the text column is as wide
#: as the site's on a laptop (about 840 CSS px).
_PRINT = {
    "format": "A4",
    "margin": {"top": "16mm", "bottom": "18mm", "left": "16mm", "right": "16mm"},
    "print_background": True,
    "display_header_footer": True,
    "header_template": "<span></span>",
    "scale": 0.8,
    "outline": True,
    "tagged": True,
}


def print_pdf(
    site: Path,
    edition: str,
    out: Path,
    root: Path | None = None,
    browser: Any = None,
    log: Any = print,
) -> dict[str, Any]:
    """Prints ``edition`` of the built site to ``out``, again until its page numbers settle.

    Returns what was printed: ``pages`` (count), ``prints``, ``seconds``, ``targets`` (the page of
    every contents entry and answer). ``browser``: a Playwright browser to reuse (else one is
    launched)."""
    from . import browser as hb

    site, out = Path(site), Path(out)
    root = layout.find_root() if root is None else Path(root)
    start = time.perf_counter()
    cfg_title = _config(root).get("title", "")
    footer = _FOOTER.format(title=html.escape(f"{cfg_title} · {edition} edition"))
    with hb.SiteServer(site) as server, _browser(browser) as b:
        context = b.new_context(
            viewport={"width": 1000, "height": 1400}, color_scheme="light", java_script_enabled=True
        )
        page = context.new_page()
        document = {"html": ""}

        def route(r: Any) -> None:
            url = r.request.url
            if urlsplit(url).path == SHELL and hb.same_origin(url, server.url):
                r.fulfill(
                    status=200, content_type="text/html; charset=utf-8", body=document["html"]
                )
            elif hb.allowed(url, server.url):
                r.continue_()
            else:
                r.abort()

        page.route("**/*", route)
        doc = assemble(site, edition, root)
        document["html"] = doc.html
        t0 = time.perf_counter()
        page.goto(server.url + SHELL, wait_until="load", timeout=180_000)
        left = page.evaluate(_READY)
        if left["math"] or left["images"]:
            raise RuntimeError(
                f"{edition} PDF: {len(left['math'])} formulas not typeset "
                f"({left['math'][:3]}), images not loaded: {left['images'][:3]}"
            )
        log(
            f"  {edition}: {len(doc.html) / 1e6:.1f} MB of HTML loaded and typeset in "
            f"{time.perf_counter() - t0:.1f} s"
        )
        pages: dict[str, int] | None = None
        for attempt in range(1, MAX_PRINTS + 1):
            if pages is not None:
                page.evaluate(_FILL, pages)
            t1 = time.perf_counter()
            pdf = page.pdf(**_PRINT, footer_template=footer)
            found = destinations(pdf)
            missing = [t for t in doc.targets if t not in found]
            if missing:
                raise RuntimeError(f"{edition} PDF: no page found for {missing[:5]}")
            now = {t: found[t] for t in doc.targets}
            log(
                f"  {edition}: print {attempt}, {_count_pages(pdf)} pages, "
                f"{time.perf_counter() - t1:.1f} s"
            )
            if now == pages:
                break
            pages = now
        else:
            raise RuntimeError(f"{edition} PDF: page numbers still moved after {MAX_PRINTS} prints")
        context.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(pdf)
    return {
        "pages": _count_pages(pdf),
        "prints": attempt,
        "seconds": time.perf_counter() - start,
        "targets": pages,
        "headings": doc.headings,
    }


def _count_pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


class _browser:
    """The given browser, or a fresh headless Chromium closed on exit."""

    def __init__(self, browser: Any) -> None:
        self.given = browser
        self._cm = None

    def __enter__(self) -> Any:
        if self.given is not None:
            return self.given
        from . import browser as hb

        self._cm = hb.chromium()
        return self._cm.__enter__()

    def __exit__(self, *exc: object) -> None:
        if self._cm is not None:
            self._cm.__exit__(*exc)


def build(
    build_dir: Path,
    root: Path | None = None,
    editions: Iterable[str] = EDITIONS,
    log: Any = print,
) -> dict[str, Path]:
    """Both PDFs from the site in ``build_dir/html``: written to ``build_dir/pdf/`` and copied
    into the site at :data:`FOLDER`. Returns the path of each edition's PDF."""
    from . import browser as hb

    build_dir = Path(build_dir)
    site = build_dir / "html"
    written = {}
    with hb.chromium() as b:
        for e in editions:
            out = build_dir / "pdf" / filename(e)
            info = print_pdf(site, e, out, root, browser=b, log=log)
            target = site / site_path(e)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(out, target)
            log(
                f"{e} PDF: {info['pages']} pages, {out.stat().st_size / 1e6:.1f} MB, "
                f"{info['prints']} prints in {info['seconds']:.0f} s: {out}"
            )
            written[e] = out
    return written


# --------------------------------------------------------------------------------------------
# links from the website (Sphinx extension)


def _pdf_role(name, rawtext, text, lineno, inliner, options=None, content=None):  # noqa: ANN001
    """``{book-pdf}`text <edition>```: a link to that edition's PDF (:func:`site_path`)."""
    from docutils import nodes

    m = re.fullmatch(r"\s*(.*?)\s*<(\w+)>\s*", text, re.S)
    label, edition = (m.group(1), m.group(2)) if m else (text, "student")
    if edition not in EDITIONS:
        msg = inliner.reporter.error(
            f"{{book-pdf}}: edition must be one of {EDITIONS}, got {edition!r}", line=lineno
        )
        return [inliner.problematic(rawtext, rawtext, msg)], [msg]
    env = inliner.document.settings.env
    if env.app.builder.format != "html":
        return [nodes.Text(f"{label} (on the book's website)")], []
    uri = posixpath.relpath(site_path(edition), posixpath.dirname(env.docname) or ".")
    return [nodes.reference(rawtext, label, refuri=uri, classes=["her2book-pdf-link"])], []


def setup(app: Any) -> dict[str, Any]:
    """Sphinx extension: the ``{book-pdf}`` role."""
    app.add_role("book-pdf", _pdf_role)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}


# --------------------------------------------------------------------------------------------
# command line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m her2book.pdf",
        description="Print the built website as the book's PDF, instructor and student editions.",
    )
    parser.add_argument("--build", default="_build", help="the build folder of `make book`")
    parser.add_argument("--root", default=None, help="the repository (default: found from here)")
    parser.add_argument(
        "--edition", action="append", choices=EDITIONS, help="one edition (default: both)"
    )
    args = parser.parse_args(argv)
    start = time.perf_counter()
    build(Path(args.build), args.root, args.edition or EDITIONS)
    print(f"PDF editions in {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
