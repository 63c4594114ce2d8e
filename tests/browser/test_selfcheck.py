"""Self-check questions on the built website, in headless Chromium (see her2book.selfcheck).

On every page of the TOC: each question its source shows is rendered once, with no ``<style>`` or
``<script>`` of its own and none of its element ids used twice on the page. On every page with
questions, and on a *gallery* (a built page of the site, served with every question of the package
that no page shows added to it, so that such a question, e.g. the template's samples, is tried with
the site's stylesheet, script and theme before a chapter shows it): clicking each option of each
question shows that option's feedback inside the question and nothing else, and the live region
says the same words; the keyboard works (Tab into the group, Space, arrow keys) with a visible
focus indicator; numeric questions judge typed answers; with JavaScript off the feedback still
shows (numeric: the answer behind "Show the answer"); at a 390 px phone width in light and dark
mode the questions fit and their feedback is legible; axe-core finds no serious violation in them.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from her2book import browser as hb
from her2book import selfcheck
from tests.book import source_of, toc_files

ROOT = ".self-check"
RADIO = 'input[type="radio"]'
FEEDBACK = ".self-check-feedback"
STATUS = '[role="status"]'

PAGES = toc_files()
_SHOW = re.compile(r"\bselfcheck\.show\(")


def expected_questions(doc: str) -> int:
    """How many questions the source of ``doc`` shows: code cells calling ``selfcheck.show(``."""
    source = source_of(doc)
    if source.suffix != ".ipynb":
        return 0
    nb = json.loads(source.read_text(encoding="utf-8"))
    return sum(
        len(_SHOW.findall("".join(c.get("source", ""))))
        for c in nb.get("cells", [])
        if c.get("cell_type") == "code"
    )


QUESTION_PAGES = [doc for doc in PAGES if expected_questions(doc)]
#: Every question of the package on one built page (see :func:`_open`).
GALLERY = "gallery"
TARGETS = [*QUESTION_PAGES, GALLERY]


_SHOWN_ID = re.compile(r"""\bselfcheck\.show\(\s*["']([\w-]+)["']""")


def _shown_anywhere() -> set[str]:
    """The ids of the questions some page of the TOC shows (those pages test them)."""
    shown: set[str] = set()
    for doc in QUESTION_PAGES:
        nb = json.loads(source_of(doc).read_text(encoding="utf-8"))
        for c in nb["cells"]:
            if c["cell_type"] == "code":
                shown.update(_SHOWN_ID.findall("".join(c["source"])))
    return shown


def _gallery_html(site: Path, shell: str) -> str:
    """The built page ``shell`` of ``site`` with the site markup of every question of the package
    that no page shows yet (the template's samples, a new chapter's questions), after the
    article's heading."""
    page = (site / f"{shell}.html").read_text(encoding="utf-8")
    shown = _shown_anywhere()
    rest = [q for q in selfcheck.load().values() if q.id not in shown]
    kinds = {q.kind for q in rest}
    assert kinds == set(selfcheck.KINDS), f"the gallery lacks a kind of question: has {kinds}"
    questions = "".join(selfcheck.site_html(q) for q in rest)
    end = page.index("</h1>", page.index('<article class="bd-article"')) + len("</h1>")
    return page[:end] + questions + page[end:]


def _open(server, browser, target: str, **options) -> hb.Visit:
    """A visit of a page with questions, or of the gallery: a page of the site without questions,
    served (from memory, at an address beside it) with every question of the package added."""
    if target != GALLERY:
        return hb.Visit(browser, server.page(target), **options)
    shells = [doc for doc in PAGES if not expected_questions(doc)]
    assert shells, "every page of the TOC shows questions: no page to hold the gallery"
    shell = shells[0]
    visit = hb.Visit(browser, server.page(shell), **options)
    url = server.page(shell).rsplit("/", 1)[0] + "/selfcheck-gallery.html"
    body = _gallery_html(server.root, shell)
    visit.page.route(
        url, lambda route: route.fulfill(status=200, content_type="text/html", body=body)
    )
    visit.page.goto(url, wait_until="load")
    visit.page.wait_for_load_state("networkidle")
    return visit


# The words the live region must say for a feedback block: its verdict and explanation (the
# symbol before them is aria-hidden).
_MESSAGE = """fb => ['.self-check-verdict', '.self-check-explanation']
  .map(s => fb.querySelector(s)).filter(Boolean)
  .map(e => e.textContent.replace(/\\s+/g, ' ').trim()).join(' ')"""
_STATUS_TEXT = "el => el.textContent.replace(/\\s+/g, ' ').trim()"


# The ids of the feedback blocks a reader can see inside a question (its root ``r``).
_SHOWN_FEEDBACK = f"""[...r.querySelectorAll('{FEEDBACK}')]
  .filter(f => f.offsetParent !== null && f.getClientRects().length).map(f => f.id)"""


def _visible_feedback(root) -> list[str]:
    """Ids of the feedback blocks a reader can see inside a question."""
    return root.evaluate(f"r => {_SHOWN_FEEDBACK}")


def _wait_status(root, text: str, handle=None) -> str:
    """The live region's words once they equal ``text`` (or after 5 s, whatever they are).
    ``handle``: the question's element handle, if the caller holds one (one round trip less)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    handle = handle or root.element_handle()
    try:
        root.page.wait_for_function(
            f"([r, want]) => ({_STATUS_TEXT})(r.querySelector('{STATUS}')) === want",
            arg=[handle, text],
            timeout=5_000,
        )
        return text
    except PlaywrightTimeout:
        return root.locator(STATUS).evaluate(_STATUS_TEXT)


# After a choice: whether the option is checked, the ids of its feedback blocks inside the
# question, the ids of the feedback blocks a reader can see, and the words of its feedback.
_CHOSEN = f"""(r, id) => {{
  const radio = document.getElementById(id);
  const mine = [...r.querySelectorAll('#' + CSS.escape(id + '-feedback'))];
  const shown = {_SHOWN_FEEDBACK};
  return {{checked: radio.checked, mine: mine.map(f => f.id), shown,
           words: mine.length ? ({_MESSAGE})(mine[0]) : ''}};
}}"""


def _choice_roots(page):
    roots = page.locator(f'{ROOT}[data-kind="choice"]')
    return [roots.nth(i) for i in range(roots.count())]


def _numeric_roots(page):
    roots = page.locator(f'{ROOT}[data-kind="numeric"]')
    return [roots.nth(i) for i in range(roots.count())]


class _Questions(HTMLParser):
    """Reads a built page: its question roots, the tags and ids inside them, every id."""

    VOID = {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }

    def __init__(self) -> None:
        super().__init__()
        self.roots: list[str] = []  # data-question of each root
        self.inside: list[str] = []  # tags inside a question
        self.mine: list[str] = []  # ids of a question's elements
        self.ids: list[str] = []
        self._depth = 0  # open elements since the current root opened (0: outside)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(a["id"])
        classes = (a.get("class") or "").split()
        if self._depth:
            self.inside.append(tag)
            if a.get("id"):
                self.mine.append(a["id"])
        elif "self-check" in classes:
            self.roots.append(a.get("data-question", ""))
            self.mine.append(a.get("id", ""))
        else:
            return
        if tag not in self.VOID:
            self._depth += 1

    def handle_endtag(self, tag):
        if self._depth and tag not in self.VOID:
            self._depth -= 1


@pytest.mark.parametrize("doc", PAGES)
def test_every_question_renders_once_with_site_markup(server, doc):
    """The built page holds each question its source shows, once, as the site markup of the
    myst-nb plugin (not JupyterLab's standalone HTML): no style or script inside a question, and
    no id of a question's elements used twice on the page."""
    html = (server.root / f"{doc}.html").read_text(encoding="utf-8")
    page = _Questions()
    page.feed(html)
    assert len(page.roots) == expected_questions(doc), f"{doc}: questions {page.roots}"
    by_plugin = html.count('<div class="output her2book-selfcheck"><div class="self-check"')
    assert by_plugin == len(page.roots), f"{doc}: a question is not rendered by the site plugin"
    assert len(set(page.roots)) == len(page.roots), f"{doc}: a question is shown twice"
    assert not {"style", "script"} & set(page.inside), f"{doc}: a question has a style or script"
    twice = sorted({i for i in page.mine if page.ids.count(i) > 1})
    assert not twice, f"{doc}: ids used more than once: {twice}"


@pytest.mark.parametrize("doc", TARGETS)
def test_clicking_every_option_shows_and_announces_its_feedback(server, browser, doc):
    """Clicking each option of each question shows that option's feedback (and no other) inside
    the question, and the live region then says exactly its verdict and explanation."""
    with _open(server, browser, doc) as v:
        if doc == GALLERY:
            assert _choice_roots(v.page), "the package has no multiple-choice question to try"
        _click_every_option(v, doc)


def _click_every_option(v: hb.Visit, doc: str) -> None:
    for root in _choice_roots(v.page):
        qid = root.get_attribute("data-question")
        handle = root.element_handle()
        radios = root.locator(RADIO)
        ids = radios.evaluate_all("rs => rs.map(r => r.id)")
        assert len(ids) >= 2, qid
        for i, rid in enumerate(ids):
            radios.nth(i).click()  # a real click (Playwright scrolls the option into view)
            now = root.evaluate(_CHOSEN, rid)
            assert now["checked"], f"{qid}: option {i + 1} is not checked after a click"
            assert now["mine"] == [f"{rid}-feedback"], f"{qid}: option {i + 1} has no feedback"
            assert now["shown"] == now["mine"], (qid, now)
            words = now["words"]
            assert words.startswith(("Correct. ", "Not quite. ")), (qid, words)
            assert _wait_status(root, words, handle) == words, (
                f"{qid}: live region after option {i + 1}"
            )
    assert not v.errors, f"JavaScript errors on {doc}: {v.errors}"


@pytest.mark.parametrize("doc", TARGETS)
def test_numeric_questions_judge_typed_answers(server, browser, doc):
    """A numeric question says right, too low, too high or 'enter a number' for typed answers,
    shows only that feedback, and announces it."""
    with _open(server, browser, doc) as v:
        if doc == GALLERY:
            assert _numeric_roots(v.page), "the package has no numeric question to try"
        _judge_typed_answers(v, doc)


def _judge_typed_answers(v: hb.Visit, doc: str) -> None:
    for root in _numeric_roots(v.page):
        qid = root.get_attribute("data-question")
        answer = float(root.get_attribute("data-answer"))
        tolerance = float(root.get_attribute("data-tolerance"))
        step = tolerance + max(1.0, abs(answer))
        field, check = root.locator(".self-check-value"), root.locator("button")
        assert field.is_visible() and check.is_visible(), f"{qid}: the script shows the field"
        unit = root.get_attribute("data-unit") or ""
        for typed, outcome in [
            (f"{answer:g}", "right"),
            (f"{answer + tolerance * 0.9:g}", "right"),
            (f" {answer:g} {unit} ", "right"),  # with the unit typed after it
            (f"{answer:g}".replace(".", ","), "right"),  # a decimal comma
            (f"{answer - step:g}", "low"),
            (f"{answer + step:g}", "high"),
            ("not a number", "invalid"),
        ]:
            field.fill(typed)
            check.click()
            feedback = root.locator(f'{FEEDBACK}[data-outcome="{outcome}"]')
            assert _visible_feedback(root) == [feedback.get_attribute("id")], (qid, typed)
            words = feedback.evaluate(_MESSAGE)
            assert _wait_status(root, words) == words, (qid, typed)
        field.fill(f"{answer:g}")
        field.press("Enter")  # submitting by keyboard checks too
        right = root.locator(f'{FEEDBACK}[data-outcome="right"]')
        assert _visible_feedback(root) == [right.get_attribute("id")], (qid, "Enter")
        assert _wait_status(root, right.evaluate(_MESSAGE)) == right.evaluate(_MESSAGE)
    assert not v.errors, f"JavaScript errors on {doc}: {v.errors}"


# Focus the last control before the question that can take focus (some, like copy buttons in a
# collapsed cell, cannot), so that one Tab should enter the question.
_FOCUS_BEFORE = """root => {
  const before = [...document.querySelectorAll(
      'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])')]
    .filter(e => !e.disabled && e.getClientRects().length
                 && (e.compareDocumentPosition(root) & Node.DOCUMENT_POSITION_FOLLOWING))
    .reverse();
  for (const e of before) {
    e.focus();
    if (document.activeElement === e) return e.outerHTML.slice(0, 80);
  }
  document.activeElement.blur();
  return 'body';
}"""


def _focused(root) -> dict:
    return root.evaluate(
        """r => { const a = document.activeElement, s = getComputedStyle(a);
                  return {inside: r.contains(a), id: a.id, checked: !!a.checked,
                          outline: s.outlineStyle, width: parseFloat(s.outlineWidth)}; }"""
    )


@pytest.mark.parametrize("doc", TARGETS)
def test_keyboard_tab_space_and_arrows(server, browser, doc):
    """Tab reaches a question's options with a visible focus indicator; Space chooses one and
    the arrow keys move the choice, each time showing and announcing that option's feedback."""
    with _open(server, browser, doc) as v:
        for root in _choice_roots(v.page):
            qid = root.get_attribute("data-question")
            root.scroll_into_view_if_needed()
            root.evaluate(_FOCUS_BEFORE)
            v.page.keyboard.press("Tab")
            focus = _focused(root)
            assert focus["inside"], f"{qid}: Tab from the control before did not reach it"
            assert focus["outline"] != "none" and focus["width"] >= 2, (qid, focus)
            radios = root.locator(RADIO)
            ids = [radios.nth(i).get_attribute("id") for i in range(radios.count())]
            assert focus["id"] == ids[0]
            moves = [("Space", 0), ("ArrowDown", 1)] + [("ArrowUp", 0)]
            for key, index in moves:
                v.page.keyboard.press(key)
                focus = _focused(root)
                assert focus["id"] == ids[index] and focus["checked"], (qid, key, focus)
                feedback = root.locator(f"#{ids[index]}-feedback")
                assert _visible_feedback(root) == [f"{ids[index]}-feedback"], (qid, key)
                words = feedback.evaluate(_MESSAGE)
                assert _wait_status(root, words) == words, (qid, key)
        assert not v.errors, f"JavaScript errors on {doc}: {v.errors}"


@pytest.mark.parametrize("doc", TARGETS)
def test_feedback_shows_with_javascript_off(server, browser, doc):
    """With JavaScript disabled, clicking an option still shows its feedback (by CSS alone), and
    a numeric question offers its answer behind 'Show the answer' instead of a dead field."""
    with _open(server, browser, doc, javascript=False) as v:
        assert v.page.locator(ROOT).count() >= 1, doc
        for root in _choice_roots(v.page):
            qid = root.get_attribute("data-question")
            radios = root.locator(RADIO)
            assert _visible_feedback(root) == [], f"{qid}: feedback shows before any choice"
            for i in range(radios.count()):
                radios.nth(i).click()
                expected = f"{radios.nth(i).get_attribute('id')}-feedback"
                assert _visible_feedback(root) == [expected], (qid, i)
        for root in _numeric_roots(v.page):
            qid = root.get_attribute("data-question")
            assert not root.locator(".self-check-form").is_visible(), qid
            answer = root.locator(".self-check-answer p")
            assert not answer.is_visible()
            root.locator(".self-check-answer summary").click()
            assert answer.is_visible(), f"{qid}: 'Show the answer' does not open"


def _rgb(css: str) -> tuple[float, ...]:
    return tuple(float(x) for x in re.findall(r"[\d.]+", css)[:3])


def _contrast(a: str, b: str) -> float:
    def lum(rgb: tuple[float, ...]) -> float:
        c = [x / 255 for x in rgb]
        c = [x / 12.92 if x <= 0.04045 else ((x + 0.055) / 1.055) ** 2.4 for x in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]

    hi, lo = sorted((lum(_rgb(a)), lum(_rgb(b))), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("doc", TARGETS)
def test_questions_fit_a_phone_and_read_in_both_colour_schemes(server, browser, doc, scheme):
    """At 390 px in light and dark mode each question fits without sideways scrolling, follows
    the theme, and its prompt, first option and shown feedback contrast at least 4.5:1 with
    their backgrounds."""
    with _open(server, browser, doc, width=390, color_scheme=scheme) as v:
        page = v.page
        assert page.evaluate("document.documentElement.dataset.theme") == scheme
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        questions = page.evaluate(_ANSWER_AND_MEASURE)
        assert questions, f"{doc}: no question measured"
        for q in questions:
            assert not q.get("hiddenForm"), f"{q['id']}: the answer field is not shown"
            qid, (left, width) = q["id"], q["box"]
            assert left >= 0 and left + width <= 390 + 0.5, (qid, q["box"])
            assert q["fits"], f"{qid} scrolls sideways at 390 px"
            assert q["shown"] == 1, f"{qid}: {q['shown']} feedbacks shown after an answer"
            for part, colors in q["colors"].items():
                ratio = _contrast(*colors)
                assert ratio >= 4.5, f"{qid} {part} in {scheme} mode: contrast {ratio:.2f} {colors}"
        assert not v.errors, f"JavaScript errors on {doc}: {v.errors}"


#: For every question on the page: answer it (the first option chosen; a numeric question told
#: "not a number"), then its box, whether it fits without scrolling sideways, how many feedbacks
#: show, and [text colour, background] of its prompt, shown feedback and (a choice) first option's
#: text; the background is the nearest opaque one up the tree (the canvas if none). Answered
#: through the DOM (a click on the radio, the form submitted; a numeric question whose field is
#: not shown is reported), in one call, after MathJax has typeset the page as a reader's tap
#: would make it: the clicking itself is tested by
#: test_clicking_every_option_shows_and_announces_its_feedback.
_ANSWER_AND_MEASURE = (
    """async () => {
  // What a reader's tap would do first: MathJax typesets any formula in a question.
  if (window.her2bookMath) { await window.her2bookMath(); await document.fonts.ready; }
  const colors = e => { let b = e, bg = 'rgba(0, 0, 0, 0)';
    while (b && /rgba\\(.*, 0\\)$/.test(bg = getComputedStyle(b).backgroundColor))
      b = b.parentElement;
    if (!b) bg = 'rgb(255, 255, 255)';  // the canvas
    return [getComputedStyle(e).color, bg]; };
  return [...document.querySelectorAll('ROOT')].map(root => {
    const choice = root.dataset.kind === 'choice';
    if (choice) { root.querySelector('RADIO').click(); }
    else { const form = root.querySelector('.self-check-form');
           if (!form.checkVisibility()) return {id: root.dataset.question, hiddenForm: true};
           root.querySelector('.self-check-value').value = 'not a number';
           form.requestSubmit(); }
    const shown = [...root.querySelectorAll('FEEDBACK')].filter(f => f.checkVisibility());
    const r = root.getBoundingClientRect(), out = {};
    out['.self-check-prompt'] = colors(root.querySelector('.self-check-prompt'));
    if (shown.length) out['.self-check-explanation'] =
      colors(shown[0].querySelector('.self-check-explanation'));
    if (choice) out['.self-check-text'] = colors(root.querySelector('.self-check-text'));
    return {id: root.dataset.question, box: [r.left, r.width],
            fits: root.scrollWidth <= root.clientWidth + 1, shown: shown.length, colors: out};
  });
}""".replace("ROOT", ROOT)
    .replace("RADIO", RADIO)
    .replace("FEEDBACK", FEEDBACK)
)


AXE = Path(__file__).resolve().parents[1] / "vendor" / "axe-core" / "axe.min.js"
# axe-core on the questions only (the pages around them are audited by test_accessibility.py):
# serious and critical violations, one line each.
_AXE_QUESTIONS = """async () => (await axe.run({include: [['.self-check']]},
                                       {resultTypes: ['violations']})).violations
  .filter(x => x.impact === 'serious' || x.impact === 'critical')
  .map(x => `${x.impact} ${x.id}: `
            + x.nodes.slice(0, 2).map(n => n.target.join(' ')).join(' | '))"""


#: Answer every question through the DOM (the last option chosen; a numeric question told "?"),
#: once MathJax has typeset the page (as a reader's tap would make it): how many were answered.
_ANSWER_ALL = """async () => {
  if (window.her2bookMath) { await window.her2bookMath(); await document.fonts.ready; }
  return [...document.querySelectorAll('.self-check')].map(root => {
    if (root.dataset.kind === 'choice') {
      [...root.querySelectorAll('input[type="radio"]')].pop().click();
    } else {
      root.querySelector('.self-check-value').value = '?';
      root.querySelector('.self-check-form').requestSubmit();
    }
  }).length; }"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("doc", TARGETS)
def test_questions_pass_axe_with_feedback_shown(server, browser, doc, scheme):
    """axe-core finds no serious or critical violation in the questions, with a feedback shown in
    each (the last option chosen; a numeric question told 'enter a number')."""
    with _open(server, browser, doc, color_scheme=scheme) as v:
        answered = v.page.evaluate(_ANSWER_ALL)
        assert answered, f"{doc}: no question to answer"
        v.page.add_script_tag(path=str(AXE))
        violations = v.page.evaluate(_AXE_QUESTIONS)
        assert not violations, f"{doc} ({scheme}): " + "; ".join(violations)
