"""Tests of the concept diagrams (her2book.diagrams): structure, accessibility, layout, colours,
and that each model diagram names what its model's code names."""

from __future__ import annotations

import dataclasses
import inspect
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from her2book import diagrams, hierarchy, il6_switch, mir200_zeb, style, synthesis, titration
from her2book.diagrams import catalog, svg
from tests.book import chapters, source_of

# --------------------------------------------------------------------------------------------
# helpers


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text inside each element with an id."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text_of: dict[str, str] = {}
        self._open: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        self.tags.append((tag, a))
        if tag not in ("br", "path", "rect", "circle", "ellipse"):
            self._open.append(a.get("id"))
            if a.get("id"):
                self.text_of[a["id"]] = ""

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag):
        if tag not in ("br", "path", "rect", "circle", "ellipse") and self._open:
            self._open.pop()

    def handle_data(self, data):
        for i in self._open:
            if i:
                self.text_of[i] += data


def parsed(html: str) -> _Tags:
    p = _Tags()
    p.feed(html)
    return p


def luminance(hex_colour: str) -> float:
    """WCAG relative luminance of an #RRGGBB colour."""
    rgb = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def blend(fg: str, bg: str, alpha: float) -> str:
    """``fg`` at opacity ``alpha`` over ``bg``, as #RRGGBB."""
    f = [int(fg[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(bg[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(
        f"{round(alpha * x + (1 - alpha) * y):02x}" for x, y in zip(f, b, strict=True)
    )


ALL = [diagrams.get(name) for name in diagrams.NAMES]
MODEL_DIAGRAMS = [d for d in ALL if d.model]

# --------------------------------------------------------------------------------------------
# the catalogue


def test_names_are_the_catalogue():
    """NAMES lists every diagram the catalogue builds, each once."""
    assert sorted(diagrams.NAMES) == sorted(catalog.BUILDERS)
    assert len(set(diagrams.NAMES)) == len(diagrams.NAMES)


@pytest.mark.parametrize("d", ALL, ids=lambda d: d.name)
def test_layout_has_no_problems(d):
    """No text overlaps other text, leaves the canvas or is crossed by an arrow; no arrow runs
    through a node it does not connect."""
    assert d.canvas.problems() == []


def test_issue_diagrams_exist():
    """The seven diagrams the issue asks for exist (1–7), plus the key that explains them."""
    for name in (  # 1: her2, trastuzumab; 2: ish_*; 3: hierarchy; 4: mirna, titration; …
        "key",
        "her2",
        "trastuzumab",
        "ish_count",
        "ish_groups",
        "hierarchy",
        "mirna",
        "titration",
        "mir200_zeb",
        "il6_loop",
        "synthesis",
    ):
        assert diagrams.get(name).name == name


def test_every_chapter_has_a_diagram():
    """Each chapter of the TOC is the home of at least one diagram, and every home is a chapter."""
    homes = {d.doc for d in ALL}
    assert homes == {c.doc for c in chapters()}


@pytest.mark.parametrize("d", ALL, ids=lambda d: d.name)
def test_section_is_a_heading_of_its_chapter(d):
    """A diagram's section names a heading that exists in its chapter's notebook."""
    nb = json.loads(source_of(d.doc).read_text(encoding="utf-8"))
    headings = {
        line.lstrip("#").strip()
        for cell in nb["cells"]
        if cell["cell_type"] == "markdown"
        for line in "".join(cell["source"]).splitlines()
        if line.startswith("#")
    }
    assert d.section in headings


def test_unknown_name_is_refused():
    """Asking for a diagram that does not exist names the ones that do."""
    with pytest.raises(ValueError, match="hierarchy"):
        diagrams.show("pathway")


# --------------------------------------------------------------------------------------------
# HTML and accessibility


@pytest.mark.parametrize("d", ALL, ids=lambda d: d.name)
def test_html_is_an_accessible_figure(d):
    """The HTML is a figure holding an inline SVG with role img, named by its title (the alt
    text) and described by its desc, then a caption with the text description in details."""
    html = d.html()
    p = parsed(html)
    tags = [t for t, _ in p.tags]
    assert tags[0] == "figure" and tags[1] == "svg"
    fig = p.tags[0][1]
    assert fig["class"] == "her2book-diagram" and fig["id"] == f"diagram-{d.name}"
    svg_attrs = p.tags[1][1]
    assert svg_attrs["role"] == "img"
    title_id, desc_id = svg_attrs["aria-labelledby"], svg_attrs["aria-describedby"]
    assert p.text_of[title_id] == svg.plain(d.alt)
    assert p.text_of[desc_id] == d.long_description
    assert "viewBox" in svg_attrs or "viewbox" in svg_attrs
    for tag in ("figcaption", "details", "summary"):
        assert tag in tags
    assert "style" not in tags and "script" not in tags
    assert html.endswith("</figcaption></figure>")  # figcaption is the figure's last child


@pytest.mark.parametrize("d", ALL, ids=lambda d: d.name)
def test_ids_are_prefixed_and_unique(d):
    """Every id in a diagram starts with its name (or diagram-name) and occurs once."""
    ids = [a["id"] for _, a in parsed(d.html()).tags if "id" in a]
    assert len(ids) == len(set(ids))
    assert all(i == f"diagram-{d.name}" or i.startswith(f"{d.name}-") for i in ids)


def test_ids_differ_between_diagrams():
    """Two different diagrams on one page never share an id."""
    seen: dict[str, str] = {}
    for d in ALL:
        for _, a in parsed(d.html()).tags:
            if "id" in a:
                assert a["id"] not in seen, (a["id"], seen.get(a["id"]), d.name)
                seen[a["id"]] = d.name


@pytest.mark.parametrize("d", ALL, ids=lambda d: d.name)
def test_texts_say_what_the_diagram_shows(d):
    """Alt text, caption and description are real sentences and different from each other."""
    assert len(d.alt) >= 60 and d.alt.endswith(".")
    assert d.caption.endswith(".") and d.caption.count(". ") == 0  # one sentence
    assert d.alt != d.caption
    assert d.description and sum(len(p) for p in d.description) > 2 * len(d.alt)


@pytest.mark.parametrize("d", ALL, ids=lambda d: d.name)
def test_svg_is_well_formed_xml(d):
    """Inline and standalone SVG parse as XML; the standalone file has the SVG namespace."""
    ET.fromstring(d.svg())
    root = ET.fromstring(d.svg(inline=False))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"


def test_display_reprs():
    """show() gives an object that displays as HTML, with SVG and text fallbacks."""
    d = diagrams.show("hierarchy")
    assert d is diagrams.get("hierarchy")
    assert d._repr_html_().startswith('<figure class="her2book-diagram"')
    standalone = d._repr_svg_()
    assert standalone.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert "role=" not in standalone.split(">", 1)[0]
    assert repr(d).startswith("Diagram 'hierarchy': ")


# --------------------------------------------------------------------------------------------
# readable on a phone, one palette, both colour schemes

PHONE_COLUMN = 342  # CSS px the SVG gets at a 390 px viewport (measured in Chromium)


@pytest.mark.parametrize("d", ALL, ids=lambda d: d.name)
def test_text_is_readable_on_a_phone(d):
    """At the phone column width every text (sub- and superscripts included) is ≥ 11 CSS px."""
    s = d.svg()
    width = float(re.search(r'viewBox="0 0 ([\d.]+) ', s).group(1))
    assert width <= 560
    sizes = [float(v) for v in re.findall(r'font-size="([\d.]+)"', s)]
    assert sizes and min(sizes) * PHONE_COLUMN / width >= 11


@pytest.mark.parametrize("d", ALL, ids=lambda d: d.name)
def test_colours_come_from_the_palette(d):
    """Every colour in a diagram is one of her2book.style's named colours or currentColor."""
    palette = {c.lower() for c in (*style.COLORS.values(), *style.ROLE.values())}
    used = {c.lower() for c in re.findall(r'(?:fill|stroke)="(#[0-9A-Fa-f]{6})"', d.svg())}
    assert used <= palette
    assert 'fill="#000000"' not in d.svg()  # text and arrows are currentColor, never black


# (page background, text colour) of the built site: light, dark, and the light panel the theme
# gives HTML outputs in dark mode if nothing overrides it.
SCHEMES = {
    "light": ("#ffffff", "#222832"),
    "dark": ("#14181e", "#ced6dd"),
    "dark panel": ("#ced6dd", "#222832"),
}


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("kind", sorted(k for k, v in svg.FILL.items() if v))
def test_labels_stay_readable_on_every_fill(kind, scheme):
    """Text on any node fill (at FILL_OPACITY over the page) has WCAG contrast ≥ 4.5."""
    page, text = SCHEMES[scheme]
    fill = blend(svg.FILL[kind], page, svg.FILL_OPACITY)
    assert contrast(text, fill) >= 4.5


# --------------------------------------------------------------------------------------------
# symbols: a model diagram names what its model's code names


def _array_fields(cls) -> list[str]:
    """Fields of a result dataclass that hold trajectories (np.ndarray), except time ``t``."""
    return [f.name for f in dataclasses.fields(cls) if "ndarray" in str(f.type) and f.name != "t"]


def _derivatives(module) -> list[str]:
    """The variables ``X`` of the ``dX/dt = …`` equations in a model module's docstring."""
    return re.findall(r"\bd(\w+)/dt\s*=", module.__doc__)


def state_variables(model: str) -> list[str]:
    """A model's state variables, as its code names them."""
    if model == "hierarchy":
        return _array_fields(hierarchy.HierarchyResult)
    if model == "synthesis":
        return _array_fields(synthesis.SynthesisResult)
    if model == "mir200_zeb":  # the levels of one steady state (the input SNAIL included)
        return [f.name for f in dataclasses.fields(mir200_zeb.EMTState) if f.type == "float"]
    if model == "titration":
        return _derivatives(titration)
    if model == "il6_switch":  # the activity whose rate il6_rate returns
        return [next(iter(inspect.signature(il6_switch.il6_rate).parameters))]
    raise AssertionError(f"no rule for the state variables of {model!r}")


def test_state_variable_rules_find_the_models_states():
    """The rules read the expected states from the code (so the next test is not vacuous)."""
    assert state_variables("hierarchy") == ["S", "P", "D"]
    assert state_variables("titration") == ["m", "s"]
    assert state_variables("mir200_zeb") == ["snail", "mir200", "zeb_mrna", "zeb"]
    assert state_variables("il6_switch") == ["x"]
    assert {"S", "P", "D", "p"} <= set(state_variables("synthesis"))


@pytest.mark.parametrize("d", MODEL_DIAGRAMS, ids=lambda d: d.name)
def test_model_diagram_names_every_state_variable(d):
    """Every state variable of the model (read from its code) has a symbol in the diagram's
    mapping, and the diagram's labels show that symbol."""
    mapping = dict(d.states)
    states = state_variables(d.model)
    assert states, d.model
    missing = [s for s in states if s not in mapping]
    assert not missing, f"{d.name}: no symbol for the state variables {missing}"
    assert {mapping[s] for s in states} <= d.symbols


LATEX_GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "kappa": "κ", "lambda": "λ",
    "nu": "ν", "sigma": "σ", "tau": "τ",
}  # fmt: skip


def chapter_math_symbols(doc: str) -> set[str]:
    """Every symbol of the LaTeX math in a chapter's Markdown cells, in the diagrams' notation
    (``\\alpha_m`` → ``α_m``, ``\\delta_{200c}`` → ``δ_200c``; ``\\text{…}`` dropped)."""
    nb = json.loads(source_of(doc).read_text(encoding="utf-8"))
    text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    out: set[str] = set()
    for m in re.finditer(r"\$\$(.+?)\$\$|\$(.+?)\$", text, flags=re.S):
        tex = m.group(1) or m.group(2)
        tex = re.sub(r"\\(?:text|mathrm|operatorname)\{[^}]*\}", " ", tex)
        tex = re.sub(r"\\([A-Za-z]+)", lambda g: LATEX_GREEK.get(g.group(1), " "), tex)
        out |= svg.symbols(f"${tex}$")
    return out


@pytest.mark.parametrize("d", MODEL_DIAGRAMS, ids=lambda d: d.name)
def test_model_diagram_uses_the_chapters_symbols(d):
    """Every symbol a model diagram shows is a symbol of its chapter's equations."""
    missing = d.symbols - chapter_math_symbols(d.doc)
    assert not missing, f"{d.name} shows symbols its chapter's equations do not use: {missing}"


GREEK = {"alpha": "α", "beta": "β", "gamma": "γ"}


def _symbol(code_name: str) -> str:
    head, _, sub = code_name.partition("_")
    head = GREEK.get(head, head)
    return f"{head}_{sub}" if sub else head


def test_hierarchy_diagram_shows_every_rate():
    """Every rate of the Chapter 2 equations (HierarchyParams and the therapy's kill rates)
    labels an arrow of the hierarchy diagram, with the equation's symbol."""
    rates = [f.name for f in dataclasses.fields(hierarchy.HierarchyParams)]
    kills = [f.name for f in dataclasses.fields(hierarchy.Therapy) if f.name.startswith("k_")]
    assert len(rates) == 6 and kills == ["k_S", "k_P", "k_D"]
    assert {_symbol(r) for r in rates + kills} <= diagrams.get("hierarchy").symbols


def test_titration_diagram_shows_every_rate():
    """Every parameter of the titration model appears in its diagram as the chapter writes it."""
    params = [f.name for f in dataclasses.fields(titration.TitrationParams)]
    assert {_symbol(p) for p in params} == {"α_m", "α_s", "k", "β_m", "β_s"}
    assert {_symbol(p) for p in params} <= diagrams.get("titration").symbols


def test_il6_diagram_shows_the_loop_terms():
    """The IL-6 diagram labels the terms of dx/dt: drive b, loop v, K, n, block β, loss γ."""
    loop = {f.name for f in dataclasses.fields(il6_switch.LoopParams)} - {"b_normal", "b_lost"}
    assert {_symbol(p) for p in loop} | {"b", "β", "x"} <= diagrams.get("il6_loop").symbols


# --------------------------------------------------------------------------------------------
# the builder


def test_markup():
    """Math markup: italics, sub- and superscripts, symbols, plain and HTML forms."""
    assert svg.symbols("new progenitors $2(1 − p) r_S$") == {"p", "r_S"}
    assert svg.symbols("$δ_{200c}$ and $v x^n/(K^n + x^n)$") == {"δ_200c", "v", "x", "n", "K"}
    assert svg.symbols("no math, *ERBB2* gene") == set()
    assert svg.plain("rate $r_S$, $δ_{200c}$, *IL6*") == "rate r_S, δ_200c, IL6"
    assert svg.html("$r_S$") == "<i>r</i><sub><i>S</i></sub>"
    runs = svg.parse("$x^n$ a")
    assert [(r.text, r.italic, r.shift) for r in runs] == [
        ("x", True, 0),
        ("n", True, 1),
        (" a", False, 0),
    ]
    with pytest.raises(ValueError, match="unbalanced"):
        svg.parse("$r_S")


def test_text_width_is_measured():
    """Text widths come from font metrics: wide letters are wider, size scales width."""
    assert svg.text_width("WWWW") > 2 * svg.text_width("iiii")
    assert svg.text_width("PTEN", size=40) == pytest.approx(2 * svg.text_width("PTEN", size=20))


def test_layout_checker_finds_faults():
    """problems() reports overlapping text, text off the canvas and an arrow through a node."""
    c = svg.Canvas("t", 300, 200)
    a = c.node("a", 50, 100, "A")
    c.node("b", 150, 100, "B")
    z = c.node("z", 250, 100, "Z")
    c.arrow(a, z)  # runs through b
    c.text(150, 30, "one label")
    c.text(160, 32, "another")  # overlaps the first
    c.text(290, 180, "off the edge")
    found = "\n".join(c.problems())
    assert "runs through node 'b'" in found
    assert "text overlaps: 'one label' and 'another'" in found
    assert "outside the canvas: 'off the edge'" in found


def test_builder_refuses_bad_input():
    """Too-small nodes and text, unknown kinds and arrow types raise ValueError."""
    c = svg.Canvas("t", 300, 200)
    with pytest.raises(ValueError, match="needs"):
        c.node("a", 50, 50, "a long label", w=20)
    with pytest.raises(ValueError, match="smallest"):
        c.text(10, 10, "tiny", size=10)
    with pytest.raises(ValueError, match="kind"):
        c.node("b", 50, 50, "B", kind="enzyme")
    n = c.node("c", 50, 50, "C")
    with pytest.raises(ValueError, match="twice"):
        c.node("c", 90, 90, "C")
    with pytest.raises(ValueError, match="activates"):
        c.arrow(n, (200, 150), kind="promotes")


def test_arrow_heads_differ_by_kind():
    """An activating arrow ends in a filled head, an inhibiting one in a bar; indirect is dashed."""
    c = svg.Canvas("t", 300, 100)
    c.arrow((10, 20), (200, 20))
    c.arrow((10, 60), (200, 60), kind="inhibits", indirect=True)
    out = c.svg("t", "d")
    assert out.count('stroke="none"/>') == 1  # one filled arrowhead
    assert out.count('stroke-width="3.5"') == 1  # one bar
    assert out.count("stroke-dasharray") == 1


# --------------------------------------------------------------------------------------------
# placement in the chapters

SHOW = re.compile(r"""diagrams\.show\(\s*["'](\w+)["']\s*\)""")


def _placements() -> list[tuple[str, str, list[str], str]]:
    """(chapter doc, diagram name, cell tags, heading above the cell) for every show() call."""
    out = []
    for ch in chapters():
        nb = json.loads(source_of(ch.doc).read_text(encoding="utf-8"))
        heading = ""
        for cell in nb["cells"]:
            src = "".join(cell["source"])
            if cell["cell_type"] == "markdown":
                for line in src.splitlines():
                    if line.startswith("#"):
                        heading = line.lstrip("#").strip()
            elif cell["cell_type"] == "code":
                for name in SHOW.findall(src):
                    out.append((ch.doc, name, cell["metadata"].get("tags", []), heading))
    return out


def test_placed_diagrams_are_known_and_hide_their_code():
    """Every diagrams.show() call in a chapter names a diagram and its cell is remove-input."""
    for chapter, name, tags, _ in _placements():
        assert name in diagrams.NAMES, (chapter, name)
        assert "remove-input" in tags, (chapter, name)


def test_every_diagram_is_placed_where_the_text_needs_it():
    """Each diagram, HER2-low's IHC diagram included, is shown in its chapter under its section
    heading."""
    placed = {(chapter, name, heading) for chapter, name, _, heading in _placements()}
    for d in ALL:
        assert (d.doc, d.name, d.section) in placed, d.name
