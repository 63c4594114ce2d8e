"""Chapter times come from one stated rule applied to what the chapter contains."""

from __future__ import annotations

import json

import pytest

from her2book import pacing


def notebook(tmp_path, markdown, code=()):
    """Write a minimal notebook with the given Markdown cells and (source, tags) code cells."""
    cells = [{"cell_type": "markdown", "metadata": {}, "source": m} for m in markdown]
    cells += [
        {"cell_type": "code", "metadata": {"tags": list(tags)}, "source": s, "outputs": []}
        for s, tags in code
    ]
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4}))
    return path


def test_counts_words_equations_and_activities(tmp_path):
    """Prose words, display equations, explorables, questions, diagrams and exercises."""
    path = notebook(
        tmp_path,
        [
            "# Title\n\nOne two three {term}`four <HER2>` five.\n\n$$\nx = 1\n$$",
            "```{exercise}\n:label: e1\nOn the website: move it.\n```\n"
            ":::{exercise}\n:label: e2\nWith Python: compute it.\n:::",
        ],
        [
            ("fig.ish_count()", ["hide-input", "explorable"]),
            ('selfcheck.show("a")', ["remove-input"]),
            ('diagrams.show("b")', ["remove-input"]),
        ],
    )
    e = pacing.estimate(path)
    assert (e.equations, e.explorables, e.questions, e.diagrams) == (1, 1, 1, 1)
    assert (e.web_exercises, e.python_exercises) == (1, 1)
    assert 12 <= e.words <= 20  # the prose words, not the markup
    expected = e.words / 150 + 1 + 5 + 1 + 1 + 8 + 15
    assert e.exact_minutes == pytest.approx(expected) and e.minutes == 35


def test_rounds_up_to_five_minutes_and_reads_the_stated_time(tmp_path):
    """A chapter that states "about N minutes" is read back; the estimate rounds up."""
    path = notebook(tmp_path, ["Prerequisites (about 5 minutes for the chapter).\n\n" + "w " * 151])
    assert pacing.stated_minutes(path) == 5
    assert pacing.estimate(path).minutes == 5
    assert pacing.stated_minutes(notebook(tmp_path, ["no time here"])) is None


def test_the_introduction_states_the_rule_the_code_uses():
    """The reader-facing statement of the rule in book/intro.md matches the module's constants."""
    from her2book.layout import find_root

    intro = (find_root() / "book" / "intro.md").read_text(encoding="utf-8")
    words = {1: "one", 5: "five", 8: "eight", 15: "fifteen"}
    assert f"prose at {pacing.WORDS_PER_MINUTE} words a\nminute" in intro
    for value in (pacing.EQUATION_MINUTES, pacing.QUESTION_MINUTES, pacing.DIAGRAM_MINUTES):
        assert value == 1
    assert "one minute per displayed equation, self-check question and diagram" in intro
    assert f"{words[int(pacing.EXPLORABLE_MINUTES)]} minutes per\nexplorable" in intro
    assert f"{words[int(pacing.EXERCISE_MINUTES)]} per exercise done on the website" in intro
    assert f"{words[int(pacing.PYTHON_EXERCISE_MINUTES)]} per exercise with Python" in intro


def test_going_deeper_boxes_and_solutions_are_counted_apart(tmp_path):
    """Words in a Going deeper box are optional time; a solution's words are the exercise's."""
    body = " ".join(["word"] * 300)
    path = notebook(
        tmp_path,
        [
            f"Core {body}\n\n```{{admonition}} Going deeper: why\n:class: dropdown\n{body}\n"
            f"$$\nx\n$$\n```\n\n```{{solution}} e1\n:class: dropdown\n{body}\n```\n\n"
            "(about 5 minutes, plus 5 for the Going deeper boxes)"
        ],
    )
    e = pacing.estimate(path)
    assert 300 <= e.words <= 320 and e.optional_words >= 300 and e.optional_equations == 1
    assert e.optional_minutes == 5 and e.equations == 0
    assert pacing.stated(path) == (5, 5)
