"""Printing a chapter: what Chromium's print to PDF puts on paper (read back with Debian
``pdftotext``, from poppler-utils).

A printed chapter has its text and each explorable's starting figure with a line saying the figure
is interactive online; it has no toggle labels ("Click to show", "Click to hide", "Show code cell
source"), no slider, no solution text (each solution's title stays, with a note; instructors print
solutions from the instructor edition), and no self-check feedback.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from her2book import browser as hb
from her2book.layout import toc_files

CHAPTERS = [doc for doc in toc_files() if hb.expected_explorables(doc)]
TOGGLE_LABELS = re.compile(r"Click to (show|hide)|(Show|Hide) code cell", re.I)

# A sentence of each solution (its first 60 characters of text) and each question's feedback.
_HIDDEN_TEXT = """() => ({
  solutions: [...document.querySelectorAll('.solution')].map(s =>
    [...s.children].filter(c => !c.classList.contains('admonition-title'))
      .map(c => c.textContent).join(' ').replace(/\\s+/g, ' ').trim().slice(0, 60)),
  feedback: [...document.querySelectorAll('.self-check-explanation')]
    .map(f => f.textContent.replace(/\\s+/g, ' ').trim().slice(0, 80)),
})"""


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00ad", "")).strip()


@pytest.mark.parametrize("doc", CHAPTERS)
def test_printed_chapter_is_clean(server, browser, doc, tmp_path):
    """The PDF shows the interactive-online note once per explorable, no toggle label, no
    solution text and no self-check feedback, even after a solution was opened and an answer
    chosen on screen."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.fail("no pdftotext: apt-get install poppler-utils", pytrace=False)
    with hb.Visit(browser, server.page(doc)) as v:
        expected = hb.expected_explorables(doc)
        hb.wait_for_explorables(v.page, expected)
        hidden = v.page.evaluate(_HIDDEN_TEXT)
        # What a reader may have done before printing: open solutions, answer questions.
        v.page.evaluate(
            "() => { document.querySelectorAll('.solution .toggle-button')"
            ".forEach(b => b.click());"
            " document.querySelectorAll('.self-check input[type=radio]')"
            ".forEach(i => i.click()); }"
        )
        v.page.evaluate("() => window.her2bookMath ? window.her2bookMath() : null")
        pdf = tmp_path / "page.pdf"
        v.page.pdf(path=str(pdf), print_background=True)
    out = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = _flat(out)
    labels = TOGGLE_LABELS.findall(out)
    assert not labels, f"{doc}: toggle labels on paper: {labels[:5]}"
    notes = text.count("interactive in the online edition")
    assert notes == expected, f"{doc}: {notes} interactive-figure notes for {expected} explorables"
    printed = [s for s in hidden["solutions"] if len(s) >= 20 and _flat(s)[:40] in text]
    assert not printed, f"{doc}: solutions printed: {printed[:3]}"
    if hidden["solutions"]:
        assert "not printed" in text, f"{doc}: solutions leave no note on paper"
    feedback = [f for f in hidden["feedback"] if len(f) >= 30 and _flat(f) in text]
    assert not feedback, f"{doc}: self-check feedback printed: {feedback[:3]}"
