"""Self-check questions: multiple choice or numeric, with feedback, on the static site and live.

A question is data, not code. Each chapter's questions are a YAML file shipped in the package,
``src/her2book/data/questions/ch1.yml`` … (``template.yml`` holds two samples). A notebook shows
one question per cell::

    from her2book import selfcheck          # setup cell
    selfcheck.show("ch1-her2-ligand")       # a cell tagged remove-input

The file format (a YAML list; every field is required unless marked optional)::

    - id: ch1-her2-ligand          # unique in all files; lower-case words joined by '-',
                                   # starting with the file's name (ch1-…)
      prompt: "Which ligand binds *HER2* directly?"
      options:                     # two or more; exactly one has correct: true
        - text: "EGF"
          correct: false
          feedback: "EGF binds EGFR (HER1), not HER2."
        - text: "None is known"
          correct: true
          feedback: "HER2 has no known ligand: it signals as a partner of the other receptors."

    - id: ch1-fold-change
      kind: numeric                # optional; the default is ``choice`` (as above)
      prompt: "By how many fold does …?"
      answer: 8                    # a number
      tolerance: 0.5               # answers within answer ± tolerance count as right (≥ 0)
      unit: "fold"                 # optional, shown after the field and in the answer
      feedback:
        right: "Why the answer is what it is."
        low: "What a too-low answer usually means."
        high: "What a too-high answer usually means."

Two optional fields serve the chapter's learning design (they are not shown): ``stage`` —
``start`` (a "check before you start" question), ``predict`` (asked just before an explorable) or
``check`` (the default) — and ``objectives``, the numbers of the chapter's learning objectives the
question checks (``[1, 3]``), so a test can see that every objective is assessed.

Text fields are plain text: it is HTML-escaped, and only a tiny inline syntax is read —
``*emphasis*``, ``**strong**``, ```code```, subscripts ``k~S~`` and superscripts ``10^9^`` (no
spaces inside sub- and superscripts). A backslash keeps one of ``* ` ~ ^ \\`` literal. No raw HTML
and no math. A malformed file raises ``ValueError`` naming the file, the question and the field.
The files are read once per process (:func:`load`): restart the kernel after editing one.

What the reader gets (:func:`show` returns a :class:`SelfCheck`):

- on the website, the plain HTML of :func:`site_html`, rendered from the MIME type :data:`MIME`
  by :mod:`her2book.selfcheck_render`: radio buttons in a ``<fieldset>`` whose ``<legend>`` is the
  prompt, and under each option its feedback (a verdict word and symbol, then the explanation),
  shown by CSS alone (``selfcheck.css``) when the option is checked, so it works with
  JavaScript off. ``selfcheck.js`` writes the verdict and explanation into the
  question's one live region (``role="status"``) so screen readers announce it. A numeric
  question needs the script to check a typed value; with JavaScript off it offers a "Show the
  answer" disclosure instead;
- in JupyterLab, :func:`standalone_html`: the same markup with the stylesheet and script inline.
  Both files ship in the package (``her2book/data/selfcheck/``); the website loads identical
  copies from ``book/_static/`` on every page;
- in a terminal, under nbval or in non-HTML builds, :func:`text`: the prompt and the options.

DOM contract (tests and tools rely on it): each question's root has the class ``self-check`` and
``data-question`` = its id; its options are ``input[type=radio]`` (numeric: a text field and a
``button``); choosing one shows that option's ``.self-check-feedback`` inside the root, and the
script copies its text into the root's ``[role=status]``. Element ids derive from the question
id (``self-check-<id>…``), so they are deterministic and unique on a page that shows each
question once.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "MIME",
    "Option",
    "Question",
    "SelfCheck",
    "get",
    "inline",
    "load",
    "plain",
    "show",
    "site_html",
    "standalone_html",
    "text",
]

#: The questions, one YAML file per chapter.
QUESTIONS = Path(__file__).resolve().parent / "data" / "questions"
#: The stylesheet and script of a question. The package ships them (JupyterLab gets them inline);
#: the website serves identical copies from ``book/_static`` (a test keeps them identical).
ASSETS = Path(__file__).resolve().parent / "data" / "selfcheck"
#: MIME type of a question in a notebook output (its data as JSON).
MIME = "application/vnd.her2book.selfcheck+json"
VERSION = 1

KINDS = ("choice", "numeric")
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_COMMON = {"id", "kind", "prompt", "stage", "objectives"}
_FIELDS = {
    "choice": _COMMON | {"options"},
    "numeric": _COMMON | {"answer", "tolerance", "unit", "feedback"},
}
#: Where a question sits in a chapter: a "check before you start" question, a prediction asked
#: just before an explorable, or a check of what the chapter taught (the default).
STAGES = ("start", "predict", "check")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?>|<!--")
_SPAN_TAG = re.compile(r"<(/?)(em|strong|sub|sup|code)>")
_OPTION_FIELDS = {"text", "correct", "feedback"}
_NUMERIC_FEEDBACK = ("right", "low", "high")

#: What the reader sees (and a screen reader hears) before an option's explanation.
VERDICT = {"correct": ("✓", "Correct."), "incorrect": ("✗", "Not quite.")}
NUMERIC_VERDICT = {
    "right": ("✓", "Correct."),
    "low": ("✗", "Not quite: too low."),
    "high": ("✗", "Not quite: too high."),
}


@dataclass(frozen=True)
class Option:
    """One answer of a multiple-choice question, and why it is right or wrong."""

    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class Question:
    """One self-check question (see the module docstring for the fields)."""

    id: str
    prompt: str
    kind: str = "choice"
    options: tuple[Option, ...] = ()
    answer: float | None = None
    tolerance: float | None = None
    unit: str = ""
    feedback: dict[str, str] = field(default_factory=dict)
    stage: str = "check"
    objectives: tuple[int, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The question as JSON-ready data (the content of :data:`MIME`)."""
        data: dict[str, Any] = {"version": VERSION, "id": self.id, "kind": self.kind}
        data["prompt"] = self.prompt
        data["stage"] = self.stage
        data["objectives"] = list(self.objectives)
        if self.kind == "choice":
            data["options"] = [
                {"text": o.text, "correct": o.correct, "feedback": o.feedback} for o in self.options
            ]
        else:
            data.update(
                answer=self.answer, tolerance=self.tolerance, unit=self.unit, feedback=self.feedback
            )
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any], where: str = "self-check data") -> Question:
        """A question from :meth:`to_json` data (validated like a file entry)."""
        entry = {k: v for k, v in data.items() if k != "version"}
        return parse(entry, where)


# --------------------------------------------------------------------------------------------
# validation


def _text(value: Any, where: str, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{where}: field {name!r} is required and must be non-empty text")
    if _TAG.search(_CODE.sub("", value)):
        raise ValueError(
            f"{where}: field {name!r} contains raw HTML ({value!r}); use *em*, **strong**, "
            "`code`, x~sub~ or x^sup^ instead"
        )
    depth: list[str] = []
    for closing, tag in _SPAN_TAG.findall(inline(value)):
        if not closing:
            depth.append(tag)
        elif not depth or depth.pop() != tag:
            raise ValueError(f"{where}: field {name!r} has overlapping markup: {value!r}")
    return value.strip()


def _number(value: Any, where: str, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{where}: field {name!r} must be a finite number, got {value!r}")
    return float(value)


def parse(entry: Any, where: str) -> Question:
    """One question from a mapping (a YAML entry), or ``ValueError`` naming the question and field.

    ``where`` names the source (e.g. the file) in the messages.
    """
    if not isinstance(entry, dict):
        raise ValueError(f"{where}: a question must be a mapping of fields, got {entry!r}")
    qid = entry.get("id")
    if not isinstance(qid, str) or not _ID.match(qid):
        raise ValueError(f"{where}: field 'id' must be lower-case words joined by '-', got {qid!r}")
    where = f"{where}, question {qid!r}"
    kind = entry.get("kind", "choice")
    if kind not in KINDS:
        raise ValueError(f"{where}: field 'kind' must be one of {KINDS}, got {kind!r}")
    unknown = set(entry) - _FIELDS[kind]
    if unknown:
        raise ValueError(f"{where}: unknown fields {sorted(unknown)} for a {kind} question")
    prompt = _text(entry.get("prompt"), where, "prompt")
    stage = entry.get("stage", "check")
    if stage not in STAGES:
        raise ValueError(f"{where}: field 'stage' must be one of {STAGES}, got {stage!r}")
    objectives = entry.get("objectives", [])
    if not isinstance(objectives, list) or not all(
        isinstance(n, int) and not isinstance(n, bool) and n >= 1 for n in objectives
    ):
        raise ValueError(
            f"{where}: field 'objectives' must be a list of learning-objective numbers (1, 2, …)"
        )
    design = {"stage": stage, "objectives": tuple(objectives)}
    if kind == "numeric":
        return replace(_numeric(entry, qid, prompt, where), **design)
    options = entry.get("options")
    if not isinstance(options, list) or len(options) < 2:
        raise ValueError(f"{where}: field 'options' must be a list of at least 2 options")
    parsed = []
    for i, o in enumerate(options, start=1):
        name = f"options[{i}]"
        if not isinstance(o, dict):
            raise ValueError(
                f"{where}: field {name!r} must be a mapping with text, correct, feedback"
            )
        extra = set(o) - _OPTION_FIELDS
        if extra:
            raise ValueError(f"{where}: field {name!r} has unknown fields {sorted(extra)}")
        if not isinstance(o.get("correct"), bool):
            raise ValueError(
                f"{where}: field '{name}.correct' must be true or false, got {o.get('correct')!r}"
            )
        parsed.append(
            Option(
                text=_text(o.get("text"), where, f"{name}.text"),
                correct=o["correct"],
                feedback=_text(o.get("feedback"), where, f"{name}.feedback"),
            )
        )
    n_correct = sum(o.correct for o in parsed)
    if n_correct != 1:
        raise ValueError(
            f"{where}: field 'options' must have exactly one option with correct: true, "
            f"found {n_correct}"
        )
    texts = [o.text for o in parsed]
    if len(set(texts)) != len(texts):
        raise ValueError(f"{where}: field 'options' has two options with the same text")
    return Question(id=qid, prompt=prompt, options=tuple(parsed), **design)


def _numeric(entry: dict, qid: str, prompt: str, where: str) -> Question:
    answer = _number(entry.get("answer"), where, "answer")
    tolerance = _number(entry.get("tolerance"), where, "tolerance")
    if tolerance < 0:
        raise ValueError(f"{where}: field 'tolerance' must be ≥ 0, got {tolerance!r}")
    unit = entry.get("unit", "")
    if unit != "":
        unit = _text(unit, where, "unit")
    feedback = entry.get("feedback")
    if not isinstance(feedback, dict):
        raise ValueError(
            f"{where}: field 'feedback' must be a mapping with {', '.join(_NUMERIC_FEEDBACK)}"
        )
    extra = set(feedback) - set(_NUMERIC_FEEDBACK)
    if extra:
        raise ValueError(f"{where}: field 'feedback' has unknown keys {sorted(extra)}")
    texts = {k: _text(feedback.get(k), where, f"feedback.{k}") for k in _NUMERIC_FEEDBACK}
    return Question(
        id=qid,
        prompt=prompt,
        kind="numeric",
        answer=answer,
        tolerance=tolerance,
        unit=unit,
        feedback=texts,
    )


def load_file(path: Path) -> tuple[Question, ...]:
    """The questions of one YAML file, in file order (``ValueError`` on a malformed entry).

    Every id must start with the file's name and '-' (``ch1-…`` in ``ch1.yml``), so a question
    is found from its id; ids must be unique within the file.
    """
    path = Path(path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if data is None:
        return ()
    if not isinstance(data, list):
        raise ValueError(f"{path.name}: expected a list of questions")
    questions = tuple(parse(e, f"{path.name} entry {i}") for i, e in enumerate(data, start=1))
    seen: set[str] = set()
    for q in questions:
        if not q.id.startswith(f"{path.stem}-"):
            raise ValueError(
                f"{path.name}, question {q.id!r}: field 'id' must start with {path.stem + '-'!r}"
            )
        if q.id in seen:
            raise ValueError(f"{path.name}, question {q.id!r}: field 'id' is used twice")
        seen.add(q.id)
    return questions


@cache
def load(directory: Path = QUESTIONS) -> dict[str, Question]:
    """Every question of every ``*.yml`` file in ``directory``, by id (ids unique across files)."""
    found: dict[str, Question] = {}
    where: dict[str, str] = {}
    for path in sorted(Path(directory).glob("*.yml")):
        for q in load_file(path):
            if q.id in found:
                raise ValueError(
                    f"{path.name}, question {q.id!r}: field 'id' is already used in {where[q.id]}"
                )
            found[q.id] = q
            where[q.id] = path.name
    return found


def get(question_id: str) -> Question:
    """The question with this id (``KeyError`` naming it and the folder if absent)."""
    try:
        return load()[question_id]
    except KeyError:
        raise KeyError(f"no self-check question {question_id!r} in {QUESTIONS}") from None


# --------------------------------------------------------------------------------------------
# text markup

_ESCAPE = re.compile(r"\\([*`~^\\])")
_CODE = re.compile(r"`([^`]+)`")
_SPANS = (
    (re.compile(r"\*\*(\S(?:.*?\S)?)\*\*"), "strong"),
    (re.compile(r"\*(\S(?:.*?\S)?)\*"), "em"),
    (re.compile(r"~([^\s~]+)~"), "sub"),
    (re.compile(r"\^([^\s^]+)\^"), "sup"),
)
# Escaped markup characters are kept aside as private-use characters while the spans are read.
_KEEP = {c: chr(0xE000 + i) for i, c in enumerate("*`~^\\")}
_BACK = {v: k for k, v in _KEEP.items()}


def _protect(source: str) -> str:
    return _ESCAPE.sub(lambda m: _KEEP[m.group(1)], source)


def _restore(s: str) -> str:
    return "".join(_BACK.get(c, c) for c in s)


def inline(source: str) -> str:
    """Text with the inline syntax (module docstring) as safe HTML: everything else is escaped."""
    parts = _CODE.split(_protect(source))
    out = []
    for i, part in enumerate(parts):
        if i % 2:  # inside `code`: no further markup
            out.append(f"<code>{html.escape(_restore(part), quote=False)}</code>")
            continue
        s = html.escape(part, quote=False)
        for pattern, tag in _SPANS:
            s = pattern.sub(lambda m, t=tag: f"<{t}>{m.group(1)}</{t}>", s)
        out.append(_restore(s))  # the restored characters are not special in HTML
    return "".join(out)


def plain(source: str) -> str:
    """Text with the inline syntax read as plain text: ``k~S~`` → ``k_S``, ``10^9^`` → ``10^9``."""
    parts = _CODE.split(_protect(source))
    out = []
    for i, part in enumerate(parts):
        if i % 2:
            out.append(part)
            continue
        s = part
        s = _SPANS[0][0].sub(r"\1", s)
        s = _SPANS[1][0].sub(r"\1", s)
        s = _SPANS[2][0].sub(r"_\1", s)
        s = _SPANS[3][0].sub(r"^\1", s)
        out.append(s)
    return _restore("".join(out))


def _number_html(x: float) -> str:
    """A number as the reader writes it: 2.5, 0.001, 1.2×10<sup>9</sup>."""
    s = f"{x:.6g}"
    if "e" in s:
        mantissa, exponent = s.split("e")
        return f"{mantissa}×10<sup>{int(exponent)}</sup>"
    return s


# --------------------------------------------------------------------------------------------
# rendering


def _attr(s: str) -> str:
    return html.escape(s, quote=True)


def _feedback(fid: str, kind: str, mark: str, word: str, explanation: str, extra: str = "") -> str:
    return (
        f'<div class="self-check-feedback" id="{fid}" data-verdict="{kind}"{extra}>'
        f'<span class="self-check-mark" aria-hidden="true">{mark}</span> '
        f'<strong class="self-check-verdict">{word}</strong> '
        f'<span class="self-check-explanation">{inline(explanation)}</span></div>'
    )


def _badge() -> str:
    return '<span class="self-check-badge">Self-check</span> '


def _choice_html(q: Question, uid: str) -> str:
    rows = []
    for i, o in enumerate(q.options, start=1):
        oid = f"{uid}-{i}"
        kind = "correct" if o.correct else "incorrect"
        mark, word = VERDICT[kind]
        rows.append(
            '<div class="self-check-option">'
            f'<input type="radio" class="self-check-input" name="{uid}" id="{oid}" value="{i}">'
            f'<label class="self-check-text" for="{oid}">{inline(o.text)}</label>'
            + _feedback(f"{oid}-feedback", kind, mark, word, o.feedback)
            + "</div>"
        )
    return (
        '<fieldset class="self-check-fieldset">'
        f'<legend class="self-check-prompt">{_badge()}{inline(q.prompt)}</legend>'
        + "".join(rows)
        + "</fieldset>"
    )


def _numeric_html(q: Question, uid: str) -> str:
    # The field's name is "Your answer" and the unit shown after the field.
    labelled = f"{uid}-label {uid}-unit" if q.unit else f"{uid}-label"
    unit_after = (
        f' <span class="self-check-unit" id="{uid}-unit">{inline(q.unit)}</span>' if q.unit else ""
    )
    feedback = "".join(
        _feedback(
            f"{uid}-{k}-feedback",
            "correct" if k == "right" else "incorrect",
            *NUMERIC_VERDICT[k],
            q.feedback[k],
            f' data-outcome="{k}" hidden',
        )
        for k in _NUMERIC_FEEDBACK
    )
    unit_note = f" {inline(q.unit)}" if q.unit else ""
    answer = (
        f"{_number_html(q.answer)}{unit_note}"
        + (f" (within ±{_number_html(q.tolerance)}{unit_note})" if q.tolerance else "")
        + "."
    )
    return (
        f'<p class="self-check-prompt" id="{uid}-prompt">{_badge()}{inline(q.prompt)}</p>'
        '<form class="self-check-form" hidden>'
        f'<label class="self-check-field-label" id="{uid}-label" for="{uid}-value">'
        "Your answer</label> "
        f'<span class="self-check-field"><input type="text" class="self-check-value" '
        f'id="{uid}-value" name="{uid}-value" inputmode="decimal" autocomplete="off" '
        f'spellcheck="false" aria-labelledby="{labelled}" aria-describedby="{uid}-prompt">'
        f"{unit_after}</span> "
        '<button type="submit" class="self-check-check">Check</button>'
        "</form>"
        + feedback
        + f'<div class="self-check-feedback self-check-invalid" id="{uid}-invalid-feedback" '
        'data-verdict="invalid" data-outcome="invalid" hidden>'
        '<span class="self-check-mark" aria-hidden="true">?</span> '
        '<strong class="self-check-verdict">Enter a number.</strong> '
        '<span class="self-check-explanation">Use digits, for example 12.5, 0.003 or 3e-3.'
        "</span></div>" + '<details class="self-check-answer"><summary>Show the answer</summary>'
        f"<p>The answer is {answer} {inline(q.feedback['right'])}</p></details>"
    )


def _uid(q: Question) -> str:
    return f"self-check-{q.id}"


def site_html(q: Question) -> str:
    """The question's markup for the website: no ``<style>`` or ``<script>`` (the site loads
    ``selfcheck.css`` and ``selfcheck.js`` on every page)."""
    uid = _uid(q)
    body = _choice_html(q, uid) if q.kind == "choice" else _numeric_html(q, uid)
    extra = ""
    if q.kind == "numeric":
        extra = f' data-answer="{q.answer!r}" data-tolerance="{q.tolerance!r}"'
        if q.unit:
            extra += f' data-unit="{_attr(plain(q.unit))}"'
    return (
        f'<div class="self-check" id="{uid}" data-question="{_attr(q.id)}" '
        f'data-kind="{q.kind}"{extra}>'
        + body
        + f'<div class="self-check-status" id="{uid}-status" role="status"></div>'
        "</div>"
    )


def standalone_html(q: Question) -> str:
    """The question for JupyterLab: :func:`site_html` with the stylesheet and script inline
    (JupyterLab does not load the website's files)."""
    css = (ASSETS / "selfcheck.css").read_text(encoding="utf-8")
    js = (ASSETS / "selfcheck.js").read_text(encoding="utf-8").replace("</", "<\\/")
    return f"<style>{css}</style>\n{site_html(q)}\n<script>{js}</script>"


def text(q: Question) -> str:
    """The question as plain text: the prompt and its options (or the unit asked for)."""
    lines = [f"Self-check: {plain(q.prompt)}"]
    if q.kind == "choice":
        for letter, o in zip("abcdefghijklmnopqrstuvwxyz", q.options, strict=False):
            lines.append(f"  {letter}) {plain(o.text)}")
    else:
        unit = f" (in {plain(q.unit)})" if q.unit else ""
        lines.append(f"  Answer with a number{unit}.")
    return "\n".join(lines)


class SelfCheck:
    """A question ready to display: a notebook shows it through :meth:`_repr_mimebundle_`."""

    def __init__(self, question: Question) -> None:
        self.question = question

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return {
            "text/plain": text(self.question),
            "text/html": standalone_html(self.question),
            MIME: self.question.to_json(),
        }

    def __repr__(self) -> str:
        return text(self.question)


def show(question: str | Question) -> SelfCheck:
    """The self-check question with this id (or a :class:`Question`), for a notebook cell to
    display: make it the cell's last expression, one question per cell."""
    q = get(question) if isinstance(question, str) else question
    if not isinstance(q, Question):
        raise TypeError(f"question must be an id or a Question, got {question!r}")
    return SelfCheck(q)
