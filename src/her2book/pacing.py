"""How long a chapter takes: computed from what is in it, by one stated rule.

The rule (printed in the book's introduction and used for every chapter):

- prose: :data:`WORDS_PER_MINUTE` words a minute (careful reading of technical text; quoted seed
  text counts, code does not; an exercise's solution is part of the exercise's minutes);
- each displayed equation: :data:`EQUATION_MINUTES`;
- each explorable (predict, move the sliders, read the readout): :data:`EXPLORABLE_MINUTES`;
- each self-check question: :data:`QUESTION_MINUTES`;
- each diagram: :data:`DIAGRAM_MINUTES`;
- each exercise: :data:`EXERCISE_MINUTES` (on the website) or :data:`PYTHON_EXERCISE_MINUTES`
  (with Python), by its label;
- the total rounded up to the next 5 minutes.

The collapsed "Going deeper" boxes are optional: their words and equations are counted apart
(:attr:`Estimate.optional_minutes`), and a chapter states them as "plus M for the Going deeper
boxes".

The counts are read from the notebook itself: explorable cells carry the tag ``explorable``,
self-check cells call ``selfcheck.show``, diagram cells call ``diagrams.show``, exercises are
``exercise`` directives whose text says "on the website" or "with Python". The times are
assumptions, stated so a reader and an instructor can adjust them; they are not measurements.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Estimate", "estimate", "stated", "stated_minutes"]

WORDS_PER_MINUTE = 150
EQUATION_MINUTES = 1.0
EXPLORABLE_MINUTES = 5.0
QUESTION_MINUTES = 1.0
DIAGRAM_MINUTES = 1.0
EXERCISE_MINUTES = 8.0
PYTHON_EXERCISE_MINUTES = 15.0

_FENCE = re.compile(r"^(`{3,}|:{3,})\{?([\w-]+)", re.M)
_DISPLAY_MATH = re.compile(r"\$\$.+?\$\$|\\begin\{(?:align|equation|gather)\*?\}", re.S)
_MARKUP = re.compile(r"\{[\w:-]+\}`([^`<]*)(?:<[^>]*>)?`|[#*_>|`$\\{}]|\(\w[\w-]*\)=")
_WORD = re.compile(r"[A-Za-z0-9][\w'’.-]*")
_EXERCISE = re.compile(r"^(`{3,}|:{3,})\{exercise\}(.*?)^\1\s*$", re.M | re.S)
_BLOCK = re.compile(r"^(`{3,}|:{3,})\{(solution|admonition)\}([^\n]*)\n(.*?)^\1\s*$", re.M | re.S)


@dataclass(frozen=True)
class Estimate:
    """What a chapter contains and the minutes the rule gives for it."""

    words: int
    equations: int
    explorables: int
    questions: int
    diagrams: int
    web_exercises: int
    python_exercises: int
    optional_words: int = 0
    optional_equations: int = 0

    @property
    def exact_minutes(self) -> float:
        return (
            self.words / WORDS_PER_MINUTE
            + self.equations * EQUATION_MINUTES
            + self.explorables * EXPLORABLE_MINUTES
            + self.questions * QUESTION_MINUTES
            + self.diagrams * DIAGRAM_MINUTES
            + self.web_exercises * EXERCISE_MINUTES
            + self.python_exercises * PYTHON_EXERCISE_MINUTES
        )

    @property
    def minutes(self) -> int:
        """The estimate rounded up to the next 5 minutes."""
        return 5 * math.ceil(self.exact_minutes / 5)

    @property
    def optional_minutes(self) -> int:
        """The Going deeper boxes, rounded up to the next 5 minutes (0 if there are none)."""
        exact = self.optional_words / WORDS_PER_MINUTE + self.optional_equations * EQUATION_MINUTES
        return 5 * math.ceil(exact / 5)


def _cells(path: Path) -> list[dict]:
    return json.loads(Path(path).read_text(encoding="utf-8"))["cells"]


def _prose_words(markdown: str) -> int:
    text = _DISPLAY_MATH.sub(" ", markdown)
    text = re.sub(r"\$[^$\n]+\$", " x ", text)  # inline math reads as about one word
    text = re.sub(r"^(`{3,}|:{3,}).*$|^:\w+:.*$", " ", text, flags=re.M)  # fences, options
    text = _MARKUP.sub(lambda m: f" {m.group(1) or ''} ", text)
    return len(_WORD.findall(text))


def _split(markdown: str) -> tuple[str, str]:
    """The core prose and the optional (Going deeper) prose; solutions are dropped."""
    optional: list[str] = []

    def take(m: re.Match) -> str:
        if m.group(2) == "solution":
            return ""
        if m.group(3).strip().lower().startswith("going deeper"):
            optional.append(m.group(3) + "\n" + m.group(4))
            return ""
        return m.group(0)

    return _BLOCK.sub(take, markdown), "\n\n".join(optional)


def estimate(notebook: str | Path) -> Estimate:
    """Count what the notebook contains (see the module docstring)."""
    cells = _cells(Path(notebook))
    everything = "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    markdown, optional = _split(everything)
    code = [c for c in cells if c["cell_type"] == "code"]
    sources = ["".join(c["source"]) for c in code]
    exercises = [m.group(2) for m in _EXERCISE.finditer(everything)]
    python = sum(bool(re.search(r"with python", e, re.I)) for e in exercises)
    return Estimate(
        words=_prose_words(markdown),
        equations=len(_DISPLAY_MATH.findall(markdown)),
        explorables=sum("explorable" in c.get("metadata", {}).get("tags", []) for c in code),
        questions=sum(s.count("selfcheck.show(") for s in sources),
        diagrams=sum(s.count("diagrams.show(") for s in sources),
        web_exercises=len(exercises) - python,
        python_exercises=python,
        optional_words=_prose_words(optional),
        optional_equations=len(_DISPLAY_MATH.findall(optional)),
    )


def stated_minutes(notebook: str | Path) -> int | None:
    """The time the chapter states for itself ("about N minutes"), or ``None``."""
    return stated(notebook)[0]


def stated(notebook: str | Path) -> tuple[int | None, int]:
    """The chapter's stated time and its stated Going deeper time ("plus M for the Going deeper
    boxes"; 0 if it states none)."""
    for cell in _cells(Path(notebook)):
        if cell["cell_type"] == "markdown":
            text = "".join(cell["source"])
            found = re.search(r"about (\d+) minutes", text)
            if found:
                extra = re.search(r"plus (\d+) for the Going deeper box(?:es)?\b", text)
                return int(found.group(1)), int(extra.group(1)) if extra else 0
    return None, 0
