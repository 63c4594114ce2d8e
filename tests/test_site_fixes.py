"""The website fixes of :mod:`her2book.site`, without a build: which assets a page keeps, how its
scripts load, its description, the exercise ids, the icon subset."""

from __future__ import annotations

from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document
from sphinx.builders.html._assets import _JavaScript

from her2book import site


def _doc(rst: str) -> nodes.document:
    doc = new_document("test", get_default_settings(Parser))
    Parser().parse(rst, doc)
    return doc


def _pathto(name: str, resource: bool = False) -> str:
    return "../" + name


def test_content_specific_assets_stay_only_where_the_body_uses_them():
    """Copy buttons need code, toggles need dropdowns, explorable files need an explorable."""
    names = ["copybutton.js", "togglebutton.css", "explorable.js", "selfcheck.css", "her2book.css"]
    plain = site.page_assets("<p>Text.</p>", names)
    assert plain == [False, False, False, True, True]  # self-check files stay on every page
    rich = (
        '<div class="highlight"><pre>x</pre></div><div class="solution dropdown admonition">'
        '<div data-her2book-explorable=""></div><div class="self-check" id="q">'
    )
    assert site.page_assets(rich, names) == [True, True, True, True, True]


def test_pages_without_a_body_keep_every_asset_and_thebe_goes_when_off():
    """Search and index pages (no body) keep everything; Thebe's files only when Thebe is on."""
    assert site.page_assets(None, ["copybutton.js", "sphinx-thebe.js"]) == [True, False]
    assert site.page_assets(None, ["sphinx-thebe.js"], thebe=True) == [True]


def test_inline_settings_follow_the_script_they_configure():
    """togglebutton's inline settings go with togglebutton.js; Thebe's config with Thebe."""
    hint = _JavaScript("", body="let toggleHintShow = 'Click to show';")
    thebe = _JavaScript("", body='const THEBE_JS_URL = "x";')
    other = _JavaScript("", body="window.MathJax = {}")
    assert not site._keep_script(hint, "<p>no toggles</p>", thebe=False)
    assert site._keep_script(hint, '<div class="toggle admonition">', thebe=False)
    assert not site._keep_script(thebe, None, thebe=False)
    assert site._keep_script(other, "<p></p>", thebe=False)


def test_scripts_are_deferred_and_mathjax_goes_behind_its_loader():
    """Files get defer, async ones stay; MathJax becomes the on-demand loader that points at it;
    inline code using DOCUMENTATION_OPTIONS becomes a module; other inline code stays classic."""
    mj = "vendor/mathjax/tex-chtml.js"
    plain = site._deferred(_JavaScript("_static/doctools.js"), _pathto, mj)
    assert plain.attributes == {"defer": "defer"} and plain.filename == "_static/doctools.js"
    lazy = _JavaScript("_static/x.js", **{"async": "async"})
    assert site._deferred(lazy, _pathto, mj) is lazy
    math = site._deferred(_JavaScript("_static/" + mj, defer="defer"), _pathto, mj)
    assert math.filename == "_static/" + site.MATH_LOADER
    assert math.attributes["data-mathjax"] == "../_static/" + mj
    opts = site._deferred(
        _JavaScript("", body="DOCUMENTATION_OPTIONS.pagename = 'x';"), _pathto, mj
    )
    assert opts.attributes["type"] == "module"
    setting = _JavaScript("", body="let toggleHintShow = 'x';")
    assert site._deferred(setting, _pathto, mj) is setting


def test_description_prefers_front_matter_then_the_first_running_paragraph():
    """Front matter wins; else the first paragraph outside admonitions and lists, shortened."""
    doc = _doc(
        "Title\n=====\n\n.. note::\n\n   A note that is long enough to be a paragraph here.\n\n"
        "- a list item that is long enough to count as a paragraph\n\n"
        + "The running text of the page, " * 10
        + "\n"
    )
    text = site.page_description(doc, {})
    assert text.startswith("The running text of the page,")
    assert len(text) <= site.DESCRIPTION_CHARS and text.endswith("…")
    assert site.page_description(doc, {"description": "Given."}) == "Given."
    assert site.page_description(None, {}) == ""


def test_exercise_ids_become_classes():
    """The fixed ids sphinx-exercise gives every exercise and solution body become classes."""
    doc = _doc("Title\n=====\n\ntext\n")
    for name in ("exercise-content", "solution-content", "solution-content"):
        doc += nodes.section(ids=[name])
    keep = nodes.section(ids=["mine"])
    doc += keep
    site.unique_exercise_ids(None, doc, "test")
    ids = [i for s in doc.findall(nodes.section) for i in s["ids"]]
    assert "exercise-content" not in ids and "solution-content" not in ids and "mine" in ids
    classes = [c for s in doc.findall(nodes.section) for c in s["classes"]]
    assert classes.count("solution-content") == 2


def test_icons_used_maps_page_classes_and_theme_icons_to_code_points():
    """Classes on the pages pick glyphs by name; the theme's own icon characters count as is."""
    css = [
        '.fa-bars:before,.fa-navicon:before{content:"\\f0c9"}.fa-sun:before{content:"\\f185"}'
        '.fa-unused:before{content:"\\f000"}',
        ':root{--pst-icon-bell:"\uf0f3"}.toc:after{content:"\\f107"}',
    ]
    pages = ['<i class="fa-solid fa-bars"></i>', "el.classList.add('fa-sun')"]
    assert site.icons_used(css, pages) == {0xF0C9, 0xF185, 0xF0F3, 0xF107}


def test_first_explorable_is_found_whatever_the_attribute_order():
    """The second skip link's target: the first div whose classes include her2book-explorable
    and that has an id; a class that only starts with the name, or a div without an id, is not."""
    page = (
        '<div class="her2book-explorable-caption" id="no">'
        '<div class="her2book-explorable">no id</div>'
        '<div data-x="1" id="ex-2" class="cell her2book-explorable wide">'
        '<div class="her2book-explorable" id="ex-3">'
    )
    assert site.first_explorable(page) == "ex-2"
    assert site.first_explorable('<div id="a" class="her2book-explorable">') == "a"
    assert site.first_explorable('<div class="her2book-explorable" data-id="x" id="y">') == "y"
    assert site.first_explorable('<div data-class="her2book-explorable" id="z">') is None
    assert site.first_explorable("<p>no explorable</p>") is None
    assert site.first_explorable(None) is None
