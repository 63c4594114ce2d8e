"""The PDF editions' assembly (her2book.pdf.assemble): the site's pages become one printable
document, with answers only in the instructor edition's appendix.

These tests need no build and no browser: a tiny book (two chapters, an instructor guide and a
glossary) is written as the HTML Sphinx would build, and assembled. tests/browser/test_pdf.py
reads the PDFs `make book` printed from the real site.
"""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest

from her2book import pdf

TOC = """\
format: jb-book
root: book/intro
parts:
  - caption: Chapters
    numbered: true
    chapters:
      - file: book/01_first
      - file: book/02_second
  - caption: Reference
    chapters:
      - file: book/instructor_guide
      - file: book/glossary
"""

HEAD = """<head><title>x</title>
<link rel="stylesheet" href="../_static/styles/theme.css" />
<link rel="stylesheet" href="../_static/her2book.css?v=1" />{extra}
</head>"""
MATHJAX = (
    '\n<script>window.MathJax = {"loader": {"load": ["ui/lazy"]}, "options": {}}</script>'
    '\n<script data-mathjax="../_static/vendor/mathjax/tex-chtml.js" defer="defer" '
    'src="../_static/her2book-math.js"></script>'
)


def page(body: str, extra: str = "") -> str:
    """A built page as the theme writes it: head, navigation, the article, a footer."""
    return (
        f"<!DOCTYPE html><html>{HEAD.format(extra=extra)}<body><nav><a href='intro.html'>"
        f"Home</a></nav><main><article class='bd-article'>{body}</article></main>"
        "<footer class='prev-next-footer'>next</footer></body></html>"
    )


CHOICE = """<div class="self-check" id="self-check-{q}" data-question="{q}" data-kind="choice">
<fieldset class="self-check-fieldset"><legend class="self-check-prompt"><span
class="self-check-badge">Self-check</span> Which one is {q}?</legend>
<div class="self-check-option"><input type="radio" class="self-check-input" name="{q}"
 id="{q}-1"><label class="self-check-text" for="{q}-1">Wrong option of {q}</label>
<div class="self-check-feedback" data-verdict="incorrect"><span class="self-check-explanation">
Feedback for the wrong option of {q}.</span></div></div>
<div class="self-check-option"><input type="radio" class="self-check-input" name="{q}"
 id="{q}-2"><label class="self-check-text" for="{q}-2">Right option of {q}</label>
<div class="self-check-feedback" data-verdict="{verdict}"><span class="self-check-explanation">
Why the right option of {q} is right.</span></div></div>
</fieldset><div class="self-check-status" role="status"></div></div>"""

NUMERIC = """<div class="self-check" id="self-check-num" data-question="num" data-kind="numeric"
 data-answer="2.0" data-unit="signals"><p class="self-check-prompt"><span
class="self-check-badge">Self-check</span> How many signals?</p>
<form class="self-check-form" hidden><input type="text" class="self-check-value">
<button type="submit">Check</button></form>
<div class="self-check-feedback" data-verdict="correct" data-outcome="right" hidden>
<span class="self-check-explanation">Two, because the variance is four.</span></div>
<div class="self-check-feedback" data-verdict="incorrect" data-outcome="low" hidden>
<span class="self-check-explanation">Too low: take the square root of the variance.</span></div>
<details class="self-check-answer"><summary>Show the answer</summary><p>The answer is 2
signals (within ±0.05 signals). Two, because the variance is four.</p></details></div>"""

CHAPTER_1 = f"""<section id="first-chapter"><span id="ch1"></span>
<h1><span class="section-number">1. </span>First chapter<a class="headerlink"
 href="#first-chapter">#</a></h1>
<p>Prose with a <a class="reference internal" href="glossary.html#term-HER2">glossary term</a>, a
<a class="reference external" href="https://doi.org/10.1/x">DOI</a>, the
<a class="reference internal" href="instructor_guide.html">instructor guide</a>, a
<a class="reference internal" href="../_downloads/classroom/her2book-classroom.zip">bundle</a>
and the <a href="#exercises">exercises</a>. Math: <span class="math">\\(x^2\\)</span>.</p>
<div class="cell tag_hide-input"><details class="admonition hide above-input"><summary>
<span class="collapsed admonition-title">Show code cell source</span></summary>
<pre>fig.builder()</pre></details>
<div class="cell_output"><div class="her2book-explorable" id="explorable-1">
<p class="her2book-try"><strong>Try this:</strong> move the slider.</p>
<div class="her2book-controls"></div><noscript><p>Interactive with JavaScript.</p></noscript>
<div class="her2book-figure"><div class="her2book-background">
<img src="../_images/explorables/bg.png" alt=""></div>
<div class="her2book-frame">
<img src="../_images/explorables/f0.png" alt="The starting frame" loading="lazy"></div></div>
<p class="her2book-readout">Readout at the start.</p>
<script type="application/json" class="her2book-manifest">{{"frames": {{}}}}</script>
</div></div></div>
<figure class="her2book-diagram"><svg role="img"><title id="d-title">A diagram</title></svg>
<figcaption>A caption.<details><summary>Text description</summary><p>Long description.</p>
</details></figcaption></figure>
{CHOICE.format(q="alpha", verdict="correct")}
{NUMERIC}
<section id="exercises"><h2><span class="section-number">1.1. </span>Exercises</h2>
<div class="exercise admonition" id="ch1-ex-one"><p class="admonition-title">Exercise 1.1</p>
<section class="exercise-content"><p>Do the first exercise.</p></section></div>
<div class="solution dropdown admonition" id="book/01_first-solution-1">
<p class="admonition-title">Solution to<a class="reference internal"
 href="#ch1-ex-one"> Exercise 1.1</a></p>
<section class="solution-content"><p>The solution of the first exercise is 42.</p></section></div>
</section>
<section id="summary"><h2><span class="section-number">1.2. </span>Summary</h2><p>Sum.</p></section>
</section>"""

CHAPTER_2 = f"""<section id="second-chapter">
<h1><span class="section-number">2. </span>Second chapter</h1>
<p>Back to <a class="reference internal" href="01_first.html#exercises">Chapter 1's
exercises</a>.</p>
{CHOICE.format(q="beta", verdict="correct")}
<section id="summary"><h2><span class="section-number">2.1. </span>Summary</h2><p>Sum.</p></section>
</section>"""

PAGES = {
    "book/intro": '<section id="the-book"><h1>The book</h1><p>Welcome.</p></section>',
    "book/01_first": CHAPTER_1,
    "book/02_second": CHAPTER_2,
    "book/instructor_guide": '<section id="guide"><h1>Instructor guide</h1>'
    "<p>What students should notice.</p></section>",
    "book/glossary": '<section id="glossary"><h1>Glossary</h1><dl><dt id="term-HER2">HER2</dt>'
    "<dd>A receptor.</dd></dl></section>",
}


def notebook(title: str) -> str:
    """A chapter source with its title heading (what layout.chapters reads)."""
    cell = {"cell_type": "markdown", "id": "1", "metadata": {}, "source": [f"# {title}\n"]}
    return json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def make_book(tmp_path: Path, pages: dict[str, str] = PAGES) -> tuple[Path, Path]:
    """The tiny book's repository (TOC, config, sources) and its built site."""
    root, site = tmp_path / "repo", tmp_path / "repo" / "_build" / "html"
    (root / "book").mkdir(parents=True)
    (site / "book").mkdir(parents=True)
    (root / "_toc.yml").write_text(TOC)
    (root / "_config.yml").write_text(
        textwrap.dedent("""\
            title: "A tiny book"
            author: "Its authors"
            html:
              extra_footer: |
                <p>Not medical advice.</p>
            """)
    )
    for doc, body in pages.items():
        if doc.split("/")[1][0].isdigit():
            title = re.search(r"</span>([^<]+)", body).group(1)
            (root / f"{doc}.ipynb").write_text(notebook(title))
        else:
            (root / f"{doc}.md").write_text("# Page\n")
        extra = MATHJAX if "math" in body else ""
        (site / f"{doc}.html").write_text(page(body, extra))
    return root, site


@pytest.fixture
def book(tmp_path):
    """The tiny book: (repository root, built site)."""
    return make_book(tmp_path)


def text_of(markup: str) -> str:
    """The visible text of some HTML, whitespace collapsed (no tags, no scripts)."""
    markup = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S)
    markup = re.sub(r"</?(a|span|em|strong|code)\b[^>]*>", "", markup)  # inline: no space
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup)).strip()


def body_of(doc: pdf.Assembled) -> str:
    """The document's body: what is printed (the head holds the stylesheets)."""
    return doc.html.split("<body>", 1)[1]


def test_student_edition_has_questions_without_answers_and_no_solutions(book):
    """The student edition prints each question with lettered options and a line to write on,
    and has no feedback, no solution, no answer reference, no appendix and no instructor guide."""
    root, site = book
    doc = pdf.assemble(site, "student", root, today="1 January 2026")
    text = text_of(body_of(doc))
    assert "A. Wrong option of alpha" in text and "B. Right option of alpha" in text
    assert "Self-check 1.1 Which one is alpha?" in text
    assert "Self-check 1.2 How many signals?" in text and "Your answer: signals" in text
    assert "Self-check 2.1 Which one is beta?" in text
    for answer in ("Why the right option", "Feedback for the wrong", "Two, because", "Too low"):
        assert answer not in text
    assert "solution of the first exercise" not in text and "Solution to" not in text
    assert "Answer on page" not in text and "Appendix" not in text
    assert "What students should notice" not in text and "Instructor guide" not in text
    assert 'type="radio"' not in doc.html and "<form" not in doc.html
    assert doc.docs == ["book/intro", "book/01_first", "book/02_second", "book/glossary"]


def test_instructor_appendix_gives_each_right_answer_with_its_feedback_and_each_solution(book):
    """The instructor edition moves solutions and answers to an appendix, chapter by chapter,
    and leaves in the chapters a line pointing to the page of each."""
    root, site = book
    doc = pdf.assemble(site, "instructor", root)
    body = body_of(doc)
    chapters, appendix = body.split("Appendix: answers and solutions</h1>", 1)
    chapters, appendix = text_of(chapters), text_of(appendix)
    assert "B. Right option of alpha Why the right option of alpha is right." in appendix
    assert "The answer is 2 signals (within ±0.05 signals)." in appendix
    assert "B. Right option of beta" in appendix
    assert "Feedback for the wrong" not in body
    assert "The solution of the first exercise is 42." in appendix
    assert "solution of the first exercise" not in chapters and "Why the right" not in chapters
    assert chapters.count("Answer on page 000") == 3  # placeholders until the first print
    assert "Solution to Exercise 1.1: page 000" in chapters
    assert "Chapter 1. First chapter" in appendix and "Chapter 2. Second chapter" in appendix
    assert "What students should notice" in chapters
    # every answer line and contents entry is a target whose page the print looks up
    answers = re.findall(r'id="(answer-[^"]+)"', body)
    assert len(answers) == 3 and set(answers) <= set(doc.targets)
    for target in doc.targets:
        assert f'id="{target}"' in body, target
    assert 'class="her2book-pdf her2book-pdf-instructor her2book-print-solutions"' in doc.html


def test_wrong_number_of_right_options_is_an_error(tmp_path):
    """A question with no right option (in the built page) stops the assembly, naming it."""
    pages = dict(PAGES, **{"book/02_second": CHAPTER_2.replace('"correct"', '"incorrect"')})
    root, site = make_book(tmp_path, pages)
    with pytest.raises(pdf.AssemblyError, match="beta has 0 correct options"):
        pdf.assemble(site, "student", root)


def test_ids_are_unique_and_links_point_inside_the_pdf(book):
    """Ids get their page as a prefix (two pages' "summary" stay apart); links to printed pages
    point inside the document, web links stay, links to site-only files become text."""
    root, site = book
    doc = pdf.assemble(site, "student", root)
    ids = re.findall(r'\bid="([^"]+)"', doc.html)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert 'id="book-01_first--summary"' in doc.html and 'id="book-02_second--summary"' in doc.html
    hrefs = re.findall(r'href="([^"]+)"', body_of(doc))
    internal = [h for h in hrefs if h.startswith("#")]
    assert "#book-glossary--term-HER2" in internal and "#book-01_first--exercises" in internal
    assert all(h[1:] in ids for h in internal), [h for h in internal if h[1:] not in ids]
    assert "https://doi.org/10.1/x" in hrefs
    assert set(hrefs) <= set(internal) | {"https://doi.org/10.1/x"}, hrefs
    text = text_of(body_of(doc))
    assert "the instructor guide, a bundle and the exercises" in text  # words stay, links go
    assert 'for="book-01_first--alpha-1"' not in doc.html  # labels became plain text


def test_explorables_keep_their_starting_frame_and_lose_their_scripts(book):
    """An explorable keeps its caption, background, starting frame (loaded eagerly, by absolute
    URL) and readout; hidden code, controls, noscript notes, scripts and the diagrams' text
    descriptions go; the page's own heading link goes."""
    root, site = book
    doc = pdf.assemble(site, "student", root)
    body = body_of(doc)
    assert 'src="/_images/explorables/f0.png"' in body and "loading=" not in body
    assert 'src="/_images/explorables/bg.png"' in body
    assert "Readout at the start." in body and "Try this:" in body
    for gone in ("<script", "<noscript", "her2book-controls", "fig.builder()", "Show code cell",
                 "Text description", "headerlink", "Home</a>", "prev-next-footer"):  # fmt: skip
        assert gone not in body, gone
    assert '<figure class="her2book-diagram"><svg role="img">' in body


def test_document_loads_the_sites_stylesheets_and_mathjax_without_lazy_typesetting(book):
    """The head links every stylesheet the pages use (absolute URLs), then the PDF's own rules,
    and loads MathJax itself with the pages' settings minus lazy typesetting."""
    root, site = book
    doc = pdf.assemble(site, "student", root)
    head = doc.html.split("<body>", 1)[0]
    assert re.findall(r'<link rel="stylesheet" href="([^"]+)"', head) == [
        "/_static/styles/theme.css",
        "/_static/her2book.css?v=1",
    ]
    assert head.index("her2book.css") < head.index("her2book-pdf-doc { break-before: page; }")
    assert '<script defer src="/_static/vendor/mathjax/tex-chtml.js"></script>' in head
    settings = json.loads(re.search(r"window\.MathJax = (\{.*?\});", head).group(1))
    assert settings == {"loader": {"load": []}, "options": {}}
    assert r"\(x^2\)" in body_of(doc)  # left for MathJax to typeset


def test_contents_list_every_page_and_each_chapters_sections_in_order(book):
    """The contents list the pages in TOC order under their part captions, each chapter with its
    sections, and (instructor) the appendix; each entry links to its target."""
    root, site = book
    doc = pdf.assemble(site, "instructor", root)
    toc = doc.html.split('aria-label="Contents">', 1)[1].split("</nav>", 1)[0]
    assert text_of(toc).replace("000", "") == (
        "Contents The book Chapters 1. First chapter 1.1. Exercises 1.2. Summary "
        "2. Second chapter 2.1. Summary Reference Instructor guide Glossary "
        "Appendix Appendix: answers and solutions Chapter 1. First chapter "
        "Chapter 2. Second chapter"
    )
    links = re.findall(r'href="#([^"]+)"', toc)
    assert links[:3] == ["book-intro", "book-01_first", "book-01_first--exercises"]
    assert set(links) <= set(doc.targets)


def test_cover_names_the_edition_and_the_date(book):
    """The cover has the book's title and author from _config.yml, the edition and the date."""
    root, site = book
    student = text_of(pdf.assemble(site, "student", root, today="1 January 2026").html)
    assert "A tiny book" in student and "Its authors" in student
    assert "Student edition: the whole book without the answers" in student
    assert "instructor guide" in student and "1 January 2026" in student
    assert "Not medical advice." in student
    instructor = text_of(pdf.assemble(site, "instructor", root).html)
    assert "Instructor edition: the whole book, with the answers" in instructor


def test_edition_names_and_paths():
    """Each edition has one file name and one place in the site; anything else is refused."""
    assert pdf.filename("student") == "her2book-student.pdf"
    assert pdf.site_path("instructor") == "_downloads/pdf/her2book-instructor.pdf"
    with pytest.raises(ValueError, match="edition"):
        pdf.filename("teacher")
