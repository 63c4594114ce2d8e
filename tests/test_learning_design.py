"""Every chapter teaches by predict → explore → check, and says honestly how long it takes.

Read from the chapter notebooks and their question files (no execution):

- a "check before you start" (three ``stage: start`` questions) and at least five other
  self-check questions, every one of them shown in the chapter, together checking every
  numbered learning objective, with the right option of the multiple-choice ones spread over
  the positions (not always "A.": readers learn a habit of the author fast);
- immediately before each explorable, a prediction: a ``stage: predict`` question or a
  "Predict" prompt whose answer is hidden in a dropdown;
- every exercise labelled "On the website" or "With Python", at least two thirds on the website,
  and every solution with a number or a marking rubric;
- the time the chapter states equals the time :mod:`her2book.pacing` computes;
- no sentence addressed to the book's authors (the research brief, helpers, code timings).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from her2book import pacing, selfcheck
from her2book.layout import toc_notebooks

CHAPTERS = toc_notebooks()
SHOW = re.compile(r'selfcheck\.show\(\s*["\']([\w-]+)["\']\s*\)')
EXERCISE = re.compile(r"^(`{3,}|:{3,})\{exercise\}\n(?::[\w-]+:[^\n]*\n)*(.*?)^\1\s*$", re.M | re.S)
SOLUTION = re.compile(r"^(`{3,}|:{3,})\{solution\}.*?\n(.*?)^\1\s*$", re.M | re.S)
FOR_AUTHORS = re.compile(
    r"research brief|RESEARCH\.md|the brief\b|helper session"
    r"|\{glue:text\}`\w*(?:_s|_sec|_seconds|_time)[:`]",  # the code's own run time
    re.I,
)


def cells(path: Path) -> list[dict]:
    """The notebook's cells, each with its source as one string."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [dict(c, source="".join(c["source"])) for c in nb["cells"]]


def markdown(path: Path) -> str:
    return "\n\n".join(c["source"] for c in cells(path) if c["cell_type"] == "markdown")


def chapter_key(path: Path) -> str:
    return f"ch{int(path.name.split('_', 1)[0])}"


def questions(path: Path) -> list[selfcheck.Question]:
    """The chapter's questions (its file ``chN.yml``), or none."""
    key = chapter_key(path)
    return [q for q in selfcheck.load().values() if q.id.startswith(f"{key}-")]


def objectives(path: Path) -> int:
    """How many learning objectives the chapter lists (the list after "Learning objectives")."""
    text = markdown(path)
    found = re.search(
        r"Learning objectives.*?\n\n((?:(?:[-*]|\d+\.) [^\n]*\n(?:  +[^\n]*\n)*)+)", text, re.S
    )
    assert found, f"{path.name}: no list of learning objectives"
    return len(re.findall(r"^(?:[-*]|\d+\.) ", found.group(1), re.M))


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_questions_check_every_objective(path):
    """Three start questions, at least five more, all shown, covering every objective."""
    qs = questions(path)
    shown = SHOW.findall("\n".join(c["source"] for c in cells(path) if c["cell_type"] == "code"))
    start = [q for q in qs if q.stage == "start"]
    rest = [q for q in qs if q.stage != "start"]
    assert len(start) == 3, f"{path.name}: {len(start)} 'check before you start' questions, not 3"
    assert len(rest) >= 5, f"{path.name}: {len(rest)} self-check questions, fewer than 5"
    assert sorted(shown) == sorted(q.id for q in qs), f"{path.name}: shown ≠ the chapter's file"
    n = objectives(path)
    covered = {k for q in rest for k in q.objectives}
    assert covered >= set(range(1, n + 1)), (
        f"{path.name}: objectives {sorted(set(range(1, n + 1)) - covered)} have no question"
    )
    assert covered <= set(range(1, n + 1)), f"{path.name}: questions name objectives beyond {n}"
    first = [c for c in cells(path) if c["cell_type"] == "code"][1:4]
    assert all(SHOW.search(c["source"]) for c in first[: len(start)]), (
        f"{path.name}: the 'check before you start' questions come first, after the setup cell"
    )


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_the_right_option_is_not_always_in_the_same_place(path):
    """No position (first, second, …) holds more than 40% of a chapter's right options."""
    places = [
        [o.correct for o in q.options].index(True) for q in questions(path) if q.kind == "choice"
    ]
    assert places, f"{path.name}: no multiple-choice question"
    top = max(places.count(k) for k in set(places))
    assert top <= 0.4 * len(places), (
        f"{path.name}: {top} of {len(places)} right options in one place: {places} "
        "(0 = first option); move some right options in chN.yml"
    )


def _predicts(cell: dict, by_id: dict[str, selfcheck.Question]) -> bool:
    if cell["cell_type"] == "code":
        return any(
            by_id.get(i) and by_id[i].stage == "predict" for i in SHOW.findall(cell["source"])
        )
    text = cell["source"]
    return bool(re.search(r"\{admonition\} *Predict", text)) and ":class: dropdown" in text


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_a_prediction_comes_before_every_explorable(path):
    """The cell just before each explorable asks the reader to predict, answer hidden."""
    by_id = {q.id: q for q in questions(path)}
    shown = [c for c in cells(path) if "remove-cell" not in c["metadata"].get("tags", [])]
    for i, cell in enumerate(shown):
        if "explorable" in cell["metadata"].get("tags", []):
            assert i and _predicts(shown[i - 1], by_id), (
                f"{path.name}: no prediction just before the explorable {cell['source'].strip()!r}"
            )


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_exercises_are_labelled_and_mostly_doable_on_the_website(path):
    """Each exercise says where it is done; two thirds on the website; solutions have numbers."""
    text = markdown(path)
    bodies = [m.group(2) for m in EXERCISE.finditer(text)]
    assert bodies, f"{path.name}: no exercises"
    labels = []
    for body in bodies:
        label = re.match(r"\s*\*\*(On the website|With Python)\.\*\*", body)
        assert label, f"{path.name}: exercise without an 'On the website'/'With Python' label"
        labels.append(label.group(1))
    assert 3 * labels.count("On the website") >= 2 * len(labels), f"{path.name}: {labels}"
    for m in SOLUTION.finditer(text):
        solution = m.group(2)
        assert re.search(r"\d|rubric", solution, re.I), (
            f"{path.name}: a solution with neither a number nor a marking rubric: "
            f"{solution.strip()[:80]!r}"
        )


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_the_stated_time_is_the_computed_time(path):
    """The chapter's "about N minutes" (and "plus M for the Going deeper boxes", when it has
    such boxes) is what the pacing rule gives for its content."""
    computed = pacing.estimate(path)
    stated, deeper = pacing.stated(path)
    assert (stated, deeper) == (computed.minutes, computed.optional_minutes), (
        f"{path.name}: states about {stated} minutes plus {deeper} for the Going deeper boxes; the "
        f"rule gives about {computed.minutes} minutes plus {computed.optional_minutes} "
        f"({computed}). Write e.g. '(about {computed.minutes} minutes, plus "
        f"{computed.optional_minutes} for the Going deeper boxes)'"
    )


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_the_prose_speaks_to_readers_not_to_authors(path):
    """No sentence in the chapter's prose is addressed to the people who wrote it."""
    found = FOR_AUTHORS.findall(markdown(path))
    assert not found, f"{path.name}: prose addressed to the authors: {found}"
