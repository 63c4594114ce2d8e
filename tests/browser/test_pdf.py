"""The PDF editions `make book` printed (her2book.pdf), read back as a reader gets them: the text
with Debian ``pdftotext`` (poppler-utils), the page count, bookmarks and links with pypdf.

- both editions are in the website, where the intro and the instructor guide link them;
- every page number the contents and the answer lines print is the page that holds the target;
- the student edition holds no self-check feedback, no solution and no instructor guide; the
  instructor edition holds all of them, in its appendix;
- each explorable prints its starting figure once, marked as interactive online, and no toggle
  label or control is printed;
- the Chinese news item on the sources page prints as text (a CJK font was found);
- the PDF has bookmarks for the chapters and links inside it.

tests/test_pdf.py tests the assembly itself on a tiny book, without a browser.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from functools import cache

import pytest
from bs4 import BeautifulSoup

from her2book import browser as hb
from her2book import pdf
from her2book.layout import SITE, chapters, toc_files

EDITIONS = pdf.EDITIONS


def _letters(text: str) -> str:
    """Only the letters and digits, lower-case: what survives line breaks and soft hyphens."""
    return re.sub(r"[^0-9a-z]", "", text.replace("\u00ad", "").lower())


@cache
def _file(edition: str):
    path = SITE / pdf.site_path(edition)
    if not path.is_file():
        pytest.fail(f"no {path}: run `make book` (it prints the PDFs)", pytrace=False)
    return path


@cache
def pages(edition: str, layout: bool = False) -> tuple[str, ...]:
    """The text of each page (pdftotext: reading order, or with ``layout`` the printed lines)."""
    exe = shutil.which("pdftotext")
    if exe is None:
        pytest.fail("no pdftotext: apt-get install poppler-utils", pytrace=False)
    out = subprocess.run(
        [exe, "-enc", "UTF-8", *(["-layout"] if layout else []), str(_file(edition)), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return tuple(out.split("\f")[:-1])


@cache
def reader(edition: str):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(_file(edition).read_bytes()))


def _site_texts(selector: str, chars: int) -> list[str]:
    """The first ``chars`` letters of each element ``selector`` matches on the chapter pages,
    where they come before any formula (typeset, a formula's text is not its TeX)."""
    found = []
    for c in chapters():
        soup = BeautifulSoup((SITE / f"{c.doc}.html").read_text(encoding="utf-8"), "html.parser")
        for t in soup.select(selector):
            for junk in t.select(".admonition-title, script"):
                junk.decompose()
            for formula in t.select(".math"):
                formula.replace_with("\u00a7")
            text = _letters(t.get_text(" ").split("\u00a7")[0])[:chars]
            if len(text) == chars:
                found.append(text)
    return found


@pytest.mark.parametrize("edition", EDITIONS)
def test_each_edition_is_printed_and_linked(edition):
    """The PDF is in the site, with pages; the intro (student) or guide (both) links it."""
    n = len(reader(edition).pages)
    assert n == len(pages(edition)) > 100, f"{edition}: {n} pages"
    linking = ["book/instructor_guide"] + (["book/intro"] if edition == "student" else [])
    for doc in linking:
        html = (SITE / f"{doc}.html").read_text(encoding="utf-8")
        assert pdf.filename(edition) in html, f"{doc} does not link the {edition} PDF"
    if edition == "student":
        assert n < len(reader("instructor").pages), "the student edition is not the shorter"


@pytest.mark.parametrize("edition", EDITIONS)
def test_contents_give_the_page_of_each_heading(edition):
    """Every line of the contents ("1.2. Testing for HER2 … 11") names the page whose text
    starts that section."""
    text = pages(edition)
    start = next((i for i, t in enumerate(text[:8]) if t.lstrip().startswith("Contents")), None)
    assert start is not None, f"{edition}: no contents in the first pages"
    lines = "\n".join(pages(edition, layout=True)[start : start + 3]).splitlines()
    entries = [m.groups() for m in map(re.compile(r"^(.*\S)\s+(\d+)$").match, lines) if m]
    entries = [(t, int(p)) for t, p in entries if not t.startswith(("Escaping", "page"))]
    assert len(entries) >= 40, f"{edition}: {len(entries)} contents entries read: {entries[:5]}"
    wrong = []
    for title, page in entries:
        title = re.sub(r"^\d+(\.\d+)*\.\s*", "", title)
        if _letters(title)[:30] not in _letters(text[page - 1]):
            wrong.append((title, page))
    assert not wrong, f"{edition}: contents entries not on their page: {wrong[:5]}"


def test_answer_lines_point_to_the_answers():
    """In the instructor edition each question says "Answer on page N", and page N holds that
    question's answer; each exercise gives the page of its solution, which holds it."""
    text = pages("instructor")
    checked = 0
    for t in text:
        labels = re.findall(r"SELF-CHECK (\d+\.\d+)", t, re.I)
        refs = [int(n) for n in re.findall(r"Answer on page (\d+)", t)]
        if not refs:
            continue
        assert len(labels) >= len(refs), f"answer lines without a question: {t[:200]}"
        # a question split over two pages: its label on the previous page
        for label, page in zip(labels[-len(refs) :], refs, strict=True):
            assert f"self-check {label}" in text[page - 1].lower(), (
                f"Self-check {label}: its answer is not on page {page}"
            )
            checked += 1
        for name, page in re.findall(r"(Solution to Exercise \d+\.\d+): page (\d+)", t):
            body = re.sub(r"\s+", " ", text[int(page) - 1])
            assert name in body, f"{name} is not on page {page}"
    n = sum(1 for c in chapters() for q in _questions(c.doc))
    assert checked == n, f"{checked} answer lines checked, the chapters have {n} questions"


def _questions(doc: str) -> list:
    soup = BeautifulSoup((SITE / f"{doc}.html").read_text(encoding="utf-8"), "html.parser")
    return soup.select("div.self-check")


def test_only_the_instructor_edition_has_answers_and_solutions():
    """The feedback on every right answer and the text of every solution: all in the
    instructor edition, none in the student edition (nor its instructor guide)."""
    right = '.self-check-feedback[data-verdict="correct"] .self-check-explanation'
    feedback = _site_texts(right, 40)
    solutions = _site_texts("div.solution", 40)
    assert len(feedback) >= 50 and len(solutions) >= 20, (len(feedback), len(solutions))
    instructor = _letters("".join(pages("instructor")))
    student = _letters("".join(pages("student")))
    for kind, texts in (("feedback", feedback), ("solution", solutions)):
        missing = [t for t in texts if t not in instructor]
        leaked = [t for t in texts if t in student]
        assert not missing, f"instructor edition lacks {len(missing)} {kind}: {missing[:3]}"
        assert not leaked, f"student edition prints {len(leaked)} {kind}: {leaked[:3]}"
    assert "appendixanswersandsolutions" not in student

    def guide(edition: str) -> list[int]:
        """The pages that start with the instructor guide's heading and its first sentence."""
        return [
            i + 1
            for i, t in enumerate(pages(edition))
            if t.startswith("Instructor guide\nThis page is for teachers")
        ]

    assert len(guide("instructor")) == 1, "the instructor edition has no instructor guide"
    assert not guide("student"), f"the student edition prints the guide: page {guide('student')}"


@pytest.mark.parametrize("edition", EDITIONS)
def test_explorables_print_their_starting_figure_and_no_controls(edition):
    """One "interactive in the online edition" line per explorable; no toggle labels."""
    text = "\n".join(pages(edition))
    expected = sum(hb.expected_explorables(d) for d in toc_files())
    assert text.count("This figure is interactive in the online edition.") == expected
    assert not re.search(r"Click to (show|hide)|(Show|Hide) code cell", text, re.I)


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_chapter_prints_with_its_figures_and_no_raw_myst(edition):
    """Each chapter's title is in the text, no MyST role or fence survives, and the figures are
    embedded (as many images as the chapters have plots and explorable frames on the site)."""
    text = "\n".join(pages(edition))
    flat = _letters(text)
    for c in chapters():
        assert _letters(c.title) in flat, f"{edition}: no chapter title {c.title!r}"
    raw = re.findall(
        r"\{(?:glue|claim|cite|term|doc|ref|numref)[:}][^\n]{0,30}|```\{|^:::", text, re.M
    )
    assert not raw, f"{edition}: raw MyST in the PDF: {raw[:5]}"
    images = _image_count(reader(edition))
    plots = explorables = 0
    for c in chapters():
        soup = BeautifulSoup((SITE / f"{c.doc}.html").read_text(encoding="utf-8"), "html.parser")
        article = soup.select_one("article.bd-article")
        explorables += len(article.select(".her2book-explorable"))
        plots += sum(not i.find_parent(class_="her2book-explorable") for i in article("img"))
    assert explorables and images >= plots + explorables, (
        f"{edition}: {images} images embedded, fewer than the chapters' {plots} plots and "
        f"{explorables} explorables' starting frames"
    )


def _image_count(pdf) -> int:
    """The distinct images the PDF embeds (its pages' image XObjects, not decoded)."""
    seen = set()
    for page in pdf.pages:
        xobjects = (page.get("/Resources") or {}).get("/XObject")
        for ref in (xobjects.get_object() if xobjects else {}).values():
            if ref.get_object().get("/Subtype") == "/Image":
                seen.add(getattr(ref, "idnum", id(ref)))
    return len(seen)


def test_chinese_text_prints_as_text():
    """The Chinese characters the sources page quotes are in the PDF's text."""
    html = (SITE / "book/sources.html").read_text(encoding="utf-8")
    runs = set(re.findall(r"[\u4e00-\u9fff]{4,}", BeautifulSoup(html, "html.parser").get_text()))
    assert runs, "the sources page quotes no Chinese text any more: update this test"
    text = "".join(pages("student"))
    text = re.sub(r"\s+", "", text)
    missing = [r for r in runs if r not in text]
    assert not missing, f"not printed as text (no CJK font?): {missing[:3]}"


@pytest.mark.parametrize("edition", EDITIONS)
def test_bookmarks_and_links(edition):
    """Bookmarks hold every chapter; links inside the PDF lead to pages of the PDF."""
    r = reader(edition)

    def titles(outline):
        for item in outline:
            if isinstance(item, list):
                yield from titles(item)
            else:
                yield item.title

    marks = _letters(" ".join(titles(r.outline)))
    for c in chapters():
        assert _letters(c.title)[:25] in marks, f"{edition}: no bookmark for {c.title}"
    internal = 0
    for p in r.pages:
        for a in p.get("/Annots") or []:
            a = a.get_object()
            if a.get("/Subtype") == "/Link" and "/Dest" in a:
                internal += 1
    assert internal > 200, f"{edition}: {internal} links inside the PDF"
