"""Self-check questions: the data files, their validation, the markup and the myst-nb plugin."""

from __future__ import annotations

import copy
import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document
from myst_nb.core.render import MimeData, get_mime_priority, load_mime_renders

from her2book import selfcheck
from her2book.selfcheck_render import HTML_BUILDERS, SelfCheckMime
from tests.book import ROOT

QUESTIONS = selfcheck.load()

CHOICE = {
    "id": "t-q",
    "prompt": "Which one?",
    "options": [
        {"text": "A", "correct": True, "feedback": "Because A."},
        {"text": "B", "correct": False, "feedback": "Not B."},
    ],
}
NUMERIC = {
    "id": "t-n",
    "kind": "numeric",
    "prompt": "How many?",
    "answer": 9,
    "tolerance": 0.5,
    "unit": "days",
    "feedback": {"right": "Yes.", "low": "More.", "high": "Fewer."},
}


def _with(base: dict, path: str, value, delete: bool = False) -> dict:
    """A deep copy of ``base`` with the field at ``path`` (``a.1.b``) set or deleted."""
    entry = copy.deepcopy(base)
    *parents, last = path.split(".")
    target = entry
    for key in parents:
        target = target[int(key)] if key.isdigit() else target[key]
    key = int(last) if last.isdigit() else last
    if delete:
        del target[key]
    else:
        target[key] = value
    return entry


# --------------------------------------------------------------------------------------------
# the files in the package


def test_package_has_questions_and_the_template_samples():
    """The package ships the template's two samples, one of each kind."""
    kinds = {q.kind for q in QUESTIONS.values() if q.id.startswith("template-")}
    assert kinds == {"choice", "numeric"}


@pytest.mark.parametrize("qid", sorted(QUESTIONS))
def test_every_question_has_one_correct_option_and_feedback_for_each(qid):
    """Every multiple-choice question has exactly one correct option and feedback for each option;
    every numeric one has feedback for a right, a too-low and a too-high answer."""
    q = QUESTIONS[qid]
    assert q.prompt.strip()
    if q.kind == "choice":
        assert len(q.options) >= 2
        assert sum(o.correct for o in q.options) == 1
        assert all(o.text.strip() and o.feedback.strip() for o in q.options)
    else:
        assert q.tolerance >= 0
        assert set(q.feedback) == {"right", "low", "high"}
        assert all(text.strip() for text in q.feedback.values())


def test_question_files_are_lists_with_ids_named_after_the_file():
    """Each YAML file is a list of questions whose ids start with the file's name."""
    files = sorted(selfcheck.QUESTIONS.glob("*.yml"))
    assert files, "no question files in the package"
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        assert isinstance(data, list), path.name
        assert all(e["id"].startswith(path.stem + "-") for e in data), path.name


def test_site_copies_of_the_stylesheet_and_script_match_the_package():
    """book/_static serves exactly the stylesheet and script the package inlines in JupyterLab."""
    for name in ("selfcheck.css", "selfcheck.js"):
        site = ROOT / "book" / "_static" / name
        assert site.read_bytes() == (selfcheck.ASSETS / name).read_bytes(), (
            f"book/_static/{name} differs from src/her2book/data/selfcheck/{name}: copy it over"
        )


# --------------------------------------------------------------------------------------------
# validation


def test_valid_entries_parse():
    """The two reference entries give questions with the fields they state."""
    q = selfcheck.parse(CHOICE, "t.yml")
    assert [o.correct for o in q.options] == [True, False]
    n = selfcheck.parse(NUMERIC, "t.yml")
    assert (n.kind, n.answer, n.tolerance, n.unit) == ("numeric", 9.0, 0.5, "days")


@pytest.mark.parametrize(
    ("entry", "field"),
    [
        (_with(CHOICE, "options.0.correct", False), "'options'"),
        (_with(CHOICE, "options.1.correct", True), "'options'"),
        (_with(CHOICE, "options", [CHOICE["options"][0]]), "'options'"),
        (_with(CHOICE, "options", "A or B"), "'options'"),
        (_with(CHOICE, "options.1.feedback", "   "), "'options[2].feedback'"),
        (_with(CHOICE, "options.1.feedback", None, delete=True), "'options[2].feedback'"),
        (_with(CHOICE, "options.0.text", ""), "'options[1].text'"),
        (_with(CHOICE, "options.0.correct", "yes"), "'options[1].correct'"),
        (_with(CHOICE, "options.0.why", "x"), "'options[1]'"),
        (_with(CHOICE, "options.1.text", "A"), "'options'"),
        (_with(CHOICE, "prompt", ""), "'prompt'"),
        (_with(CHOICE, "prompt", "Is <b>this</b> bold?"), "'prompt'"),
        (_with(CHOICE, "prompt", "**a *b** c*"), "overlapping markup"),
        (_with(CHOICE, "hint", "x"), "unknown fields ['hint']"),
        (_with(CHOICE, "kind", "essay"), "'kind'"),
        (_with(NUMERIC, "answer", True), "'answer'"),
        (_with(NUMERIC, "answer", "nine"), "'answer'"),
        (_with(NUMERIC, "answer", float("nan")), "'answer'"),
        (_with(NUMERIC, "tolerance", -1), "'tolerance'"),
        (_with(NUMERIC, "tolerance", None, delete=True), "'tolerance'"),
        (_with(NUMERIC, "feedback.low", None, delete=True), "'feedback.low'"),
        (_with(NUMERIC, "feedback.close", "x"), "'feedback'"),
        (_with(NUMERIC, "options", []), "unknown fields ['options']"),
    ],
)
def test_malformed_entries_name_the_question_and_field(entry, field):
    """Each broken rule is a ValueError that names the source, the question id and the field."""
    with pytest.raises(ValueError) as err:
        selfcheck.parse(entry, "t.yml")
    message = str(err.value)
    assert message.startswith(f"t.yml, question {entry['id']!r}:"), message
    assert field in message, message


def test_html_inside_code_is_text_not_raw_html():
    """Markup characters inside `code` are shown literally and are not refused as raw HTML."""
    q = selfcheck.parse(_with(CHOICE, "prompt", "What does `<em>` do?"), "t.yml")
    assert "<code>&lt;em&gt;</code>" in selfcheck.site_html(q)


@pytest.mark.parametrize("bad", ["T-Q", "t_q", "t q", "", None, "t-"])
def test_bad_ids_are_refused(bad):
    """An id must be lower-case words joined by '-'."""
    with pytest.raises(ValueError, match="field 'id'"):
        selfcheck.parse(_with(CHOICE, "id", bad), "t.yml")


def _write(folder: Path, name: str, entries: list[dict]) -> Path:
    path = folder / name
    path.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    return path


def test_ids_must_start_with_the_file_name(tmp_path):
    """A question in ch1.yml whose id does not start with 'ch1-' is refused."""
    _write(tmp_path, "ch1.yml", [_with(CHOICE, "id", "ch2-q")])
    with pytest.raises(ValueError, match=r"ch1\.yml, question 'ch2-q': field 'id' must start"):
        selfcheck.load_file(tmp_path / "ch1.yml")


def test_ids_are_unique_within_a_file(tmp_path):
    """The same id twice in one file is refused."""
    _write(tmp_path, "t.yml", [CHOICE, CHOICE])
    with pytest.raises(ValueError, match=r"question 't-q': field 'id' is used twice"):
        selfcheck.load_file(tmp_path / "t.yml")


def test_ids_are_unique_across_files(tmp_path):
    """The same id in two files (both prefixes fit) is refused, naming the first file."""
    _write(tmp_path, "ch1.yml", [_with(CHOICE, "id", "ch1-extra-q")])
    _write(tmp_path, "ch1-extra.yml", [_with(CHOICE, "id", "ch1-extra-q")])
    with pytest.raises(ValueError, match=r"'ch1-extra-q': field 'id' is already used in"):
        selfcheck.load(tmp_path)


def test_a_file_must_hold_a_list(tmp_path):
    """A mapping at the top of a file is refused; an empty file has no questions."""
    (tmp_path / "t.yml").write_text("id: t-q\n", encoding="utf-8")
    with pytest.raises(ValueError, match="expected a list"):
        selfcheck.load_file(tmp_path / "t.yml")
    (tmp_path / "u.yml").write_text("", encoding="utf-8")
    assert selfcheck.load_file(tmp_path / "u.yml") == ()


def test_unknown_id_is_a_key_error():
    """Asking for a question that no file holds names it."""
    with pytest.raises(KeyError, match="no-such-question"):
        selfcheck.show("no-such-question")


# --------------------------------------------------------------------------------------------
# text markup


@pytest.mark.parametrize(
    ("source", "html", "plain"),
    [
        ("k~S~ and 10^9^", "k<sub>S</sub> and 10<sup>9</sup>", "k_S and 10^9"),
        ("*em* and **strong**", "<em>em</em> and <strong>strong</strong>", "em and strong"),
        ("`a*b*` stays", "<code>a*b*</code> stays", "a*b* stays"),
        ("2 * 3 * 4 and ~5 days", "2 * 3 * 4 and ~5 days", "2 * 3 * 4 and ~5 days"),
        (r"\*not em\* and 10\^9", "*not em* and 10^9", "*not em* and 10^9"),
        ("a < b & c > d", "a &lt; b &amp; c &gt; d", "a < b & c > d"),
        ("<script>x</script>", "&lt;script&gt;x&lt;/script&gt;", "<script>x</script>"),
        ("`<b>`", "<code>&lt;b&gt;</code>", "<b>"),
    ],
)
def test_inline_markup_is_tiny_and_everything_else_is_escaped(source, html, plain):
    """The inline syntax becomes em/strong/code/sub/sup; any other character is escaped text."""
    assert selfcheck.inline(source) == html
    assert selfcheck.plain(source) == plain


# --------------------------------------------------------------------------------------------
# markup


class _Tree(HTMLParser):
    """Elements as (tag, attrs, parents' tags) and the text inside each element with an id."""

    VOID = {"input", "br", "img", "hr", "meta", "link"}

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict, tuple[str, ...]]] = []
        self.stack: list[tuple[str, dict]] = []
        self.text: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.elements.append((tag, a, tuple(t for t, _ in self.stack)))
        if tag not in self.VOID:
            self.stack.append((tag, a))

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1][0] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data):
        for _, a in self.stack:
            if "id" in a:
                self.text[a["id"]] = self.text.get(a["id"], "") + data


def _tree(markup: str) -> _Tree:
    t = _Tree()
    t.feed(markup)
    t.close()
    assert not t.stack, f"unclosed elements: {t.stack}"
    return t


def _words(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


@pytest.mark.parametrize("qid", sorted(QUESTIONS))
def test_site_markup_follows_the_dom_contract(qid):
    """One root .self-check with unique ids, one live region, no style or script; a choice
    question has one radio per option, each followed by its own feedback inside the root."""
    q = QUESTIONS[qid]
    markup = selfcheck.site_html(q)
    t = _tree(markup)
    tags = [tag for tag, _, _ in t.elements]
    assert "style" not in tags and "script" not in tags
    root_tag, root, _ = t.elements[0]
    assert root_tag == "div" and root["class"] == "self-check" and root["data-question"] == q.id
    assert all("div" in parents for _, _, parents in t.elements[1:]), "everything inside the root"
    ids = [a["id"] for _, a, _ in t.elements if "id" in a]
    assert len(ids) == len(set(ids)) and all(i.startswith(f"self-check-{q.id}") for i in ids)
    for _, a, _ in t.elements:  # every reference points at an element of the question
        for ref in ("for", "aria-labelledby", "aria-describedby"):
            assert all(r in ids for r in a.get(ref, "").split()), (ref, a)
    assert [a.get("role") for _, a, _ in t.elements].count("status") == 1
    feedback = [a for _, a, _ in t.elements if "self-check-feedback" in a.get("class", "")]
    if q.kind == "choice":
        radios = [a for tag, a, _ in t.elements if tag == "input" and a.get("type") == "radio"]
        assert len(radios) == len(feedback) == len(q.options)
        assert len({r["name"] for r in radios}) == 1
        assert tags[1:3] == ["fieldset", "legend"]
        for radio, fb, option in zip(radios, feedback, q.options, strict=True):
            verdict = "Correct." if option.correct else "Not quite."
            assert fb["id"] == f"{radio['id']}-feedback"
            assert fb["data-verdict"] == ("correct" if option.correct else "incorrect")
            assert _words(t.text[fb["id"]]).startswith(("✓ " if option.correct else "✗ ") + verdict)
            shown = html.unescape(re.sub(r"<[^>]+>", "", selfcheck.inline(option.feedback)))
            assert _words(t.text[fb["id"]]).endswith(_words(shown))  # its text, sub/sup too
    else:
        assert "button" in tags and sum(tag == "details" for tag in tags) == 1
        assert {a.get("data-outcome") for a in feedback} == {"right", "low", "high", "invalid"}
        assert all("hidden" in a for a in feedback), "numeric feedback waits for the script"
        assert float(root["data-answer"]) == q.answer


def test_verdict_is_a_word_and_a_symbol_not_colour_alone():
    """Right and wrong feedback start with a symbol (hidden from screen readers) and a word."""
    q = QUESTIONS["template-lapatinib-target"]
    markup = selfcheck.site_html(q)
    assert markup.count('<span class="self-check-mark" aria-hidden="true">✓</span>') == 1
    assert markup.count('<span class="self-check-mark" aria-hidden="true">✗</span>') == 2
    assert markup.count('<strong class="self-check-verdict">Correct.</strong>') == 1
    assert markup.count('<strong class="self-check-verdict">Not quite.</strong>') == 2


def test_markup_and_json_round_trip():
    """A question rebuilt from its JSON renders to the same bytes (the site uses the JSON)."""
    for q in QUESTIONS.values():
        again = selfcheck.Question.from_json(json.loads(json.dumps(q.to_json())))
        assert again == q
        assert selfcheck.site_html(again) == selfcheck.site_html(q)


def test_show_gives_text_standalone_html_and_json():
    """show() displays as plain text (prompt and options), standalone HTML for JupyterLab (the
    site markup with the stylesheet and script inline) and the question as JSON."""
    q = QUESTIONS["template-lapatinib-target"]
    bundle = selfcheck.show(q.id)._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html", selfcheck.MIME}
    plain = bundle["text/plain"]
    assert plain.startswith("Self-check: ") and selfcheck.plain(q.prompt) in plain
    assert all(f") {o.text}" in plain for o in q.options)
    page = bundle["text/html"]
    assert page.startswith("<style>") and page.rstrip().endswith("</script>")
    assert selfcheck.site_html(q) in page
    assert (selfcheck.ASSETS / "selfcheck.css").read_text(encoding="utf-8") in page
    assert page.count("</script>") == 1, "the inlined script cannot end its element early"
    data = json.loads(json.dumps(bundle[selfcheck.MIME]))
    assert data["version"] == selfcheck.VERSION
    assert selfcheck.Question.from_json(data) == q


def test_show_accepts_a_question_object_and_refuses_other_things():
    """A Question can be shown directly; anything else is a TypeError."""
    q = selfcheck.parse(CHOICE, "t.yml")
    assert selfcheck.show(q).question is q
    with pytest.raises(TypeError):
        selfcheck.show(42)


def test_numeric_text_names_the_unit_but_not_the_answer():
    """The plain-text form of a numeric question asks for the unit and does not give it away."""
    q = QUESTIONS["template-doubling-time"]
    plain = selfcheck.text(q)
    assert "days" in plain and "9" not in plain


# --------------------------------------------------------------------------------------------
# the myst-nb plugin


def test_plugin_is_registered_and_html_builders_prefer_the_json():
    """The entry point loads; every HTML builder ranks the JSON first, LaTeX falls back on text."""
    assert SelfCheckMime in load_mime_renders()
    for builder in ("html", "dirhtml", "singlehtml", "epub"):
        assert builder in HTML_BUILDERS
        order = get_mime_priority(builder, [])
        assert order.index(selfcheck.MIME) < order.index("text/html"), builder
    latex = get_mime_priority("latex", [])
    assert selfcheck.MIME not in latex and "text/html" not in latex and "text/plain" in latex


class _Logger:
    def __init__(self) -> None:
        self.warnings: list[str] = []

    def warning(self, msg: str, **kwargs) -> None:
        self.warnings.append(msg)


class _Renderer:
    """The two attributes of myst-nb's element renderer that the plugin uses."""

    def __init__(self) -> None:
        self.logger = _Logger()
        settings = get_default_settings(Parser)
        self.renderer = type("R", (), {"document": new_document("page", settings)})()


def _data(content, mime: str = selfcheck.MIME) -> MimeData:
    return MimeData(mime, content, line=3)


def test_plugin_renders_the_site_markup_once_per_page():
    """The plugin turns the JSON into the site markup; the same question twice on a page is a
    warning (its ids would repeat); other MIME types and inline outputs are left to myst-nb."""
    r = _Renderer()
    q = QUESTIONS["template-lapatinib-target"]
    (node,) = SelfCheckMime.handle_mime(r, _data(q.to_json()), False)
    assert isinstance(node, nodes.raw) and node["format"] == "html"
    assert node.astext() == selfcheck.site_html(q)
    assert SelfCheckMime.handle_mime(r, _data(json.dumps(q.to_json())), False) == []
    assert len(r.logger.warnings) == 1 and "shown twice" in r.logger.warnings[0]
    assert SelfCheckMime.handle_mime(r, _data("x", "text/plain"), False) is None
    assert SelfCheckMime.handle_mime(r, _data(q.to_json()), True) is None


def test_plugin_prefers_the_current_files_and_renders_unknown_questions_from_the_json():
    """A question in the package is rendered from its file (current wording even if the output
    is cached); one that is not is rendered from the JSON; malformed data is a warning."""
    r = _Renderer()
    q = QUESTIONS["template-lapatinib-target"]
    stale = q.to_json() | {"prompt": "An old wording?"}
    (node,) = SelfCheckMime.handle_mime(r, _data(stale), False)
    assert node.astext() == selfcheck.site_html(q)
    adhoc = selfcheck.parse(CHOICE, "t.yml")
    (node,) = SelfCheckMime.handle_mime(r, _data(adhoc.to_json()), False)
    assert node.astext() == selfcheck.site_html(adhoc)
    assert SelfCheckMime.handle_mime(r, _data({"version": 99, "id": "t-x"}), False) == []
    broken = adhoc.to_json() | {"id": "t-broken", "options": []}
    assert SelfCheckMime.handle_mime(r, _data(broken), False) == []
    assert len(r.logger.warnings) == 2 and "'t-broken'" in r.logger.warnings[1]


def test_stage_and_objectives_are_checked(tmp_path):
    """A question's stage must be start/predict/check and its objectives positive numbers."""
    base = dict(CHOICE, id="ch9-q")
    q = selfcheck.parse(dict(base, stage="predict", objectives=[1, 3]), "f")
    assert (q.stage, q.objectives) == ("predict", (1, 3))
    assert selfcheck.parse(base, "f").stage == "check"
    with pytest.raises(ValueError, match="field 'stage' must be one of"):
        selfcheck.parse(dict(base, stage="later"), "f")
    with pytest.raises(ValueError, match="field 'objectives' must be a list"):
        selfcheck.parse(dict(base, objectives=[0]), "f")
