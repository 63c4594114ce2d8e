"""A tiny SVG builder for the book's concept diagrams: nodes, labels, three kinds of arrow.

Everything is drawn in viewBox units on a canvas about 540 units wide. The page scales the SVG to
its column, so one unit is about 0.65 CSS px on a 390 px phone and about 0.8 px on a desktop; the
text sizes below keep every letter at 11 px or more on a phone.

Colours: text, arrows and outlines of plain nodes use ``currentColor`` (the page's text colour,
dark on light, light on dark); a node's fill is an Okabe–Ito colour of :mod:`her2book.style` at
:data:`FILL_OPACITY`, which reads on a white and on a near-black page. No colour carries meaning
alone: every node is labelled.

Arrow semantics, the same in every diagram (and drawn in the book's key):

- ``activates``: a line with a filled arrowhead, "activates, makes, or becomes";
- ``inhibits``: a line ending in a flat bar, "inhibits, represses or blocks";
- ``indirect=True``: the same line dashed, "acts through steps that are not drawn".

Labels are plain strings with ``*italic*`` words (gene names) and inline math between ``$…$``:
inside math, letters are italic,
``_x`` / ``_{xy}`` is a subscript and ``^x`` / ``^{xy}`` a superscript, so ``"$r_S$"`` is the
chapter's :math:`r_S`. :func:`symbols` lists the symbols a label names (used by the tests to check
that a diagram names what its model names). ``"\\n"`` breaks a label into lines.

The canvas records the box of every text and node and the path of every arrow, so
:meth:`Canvas.problems` can report text that overlaps other text, leaves the canvas or is crossed
by an arrow, and arrows that run through nodes they do not connect.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from xml.sax.saxutils import escape

from ..style import COLORS, ROLE

__all__ = [
    "FILL",
    "FILL_OPACITY",
    "SCRIPT",
    "SMALL",
    "TEXT",
    "Box",
    "Canvas",
    "Node",
    "Run",
    "plain",
    "html",
    "parse",
    "symbols",
    "text_width",
]

#: Text sizes in viewBox units: labels, notes, and sub- and superscripts (the smallest).
TEXT = 20
SMALL = 18
SCRIPT = 18
#: Line height as a multiple of the text size.
LEADING = 1.25
#: Opacity of every node fill (one value for both colour schemes; see the module docstring).
FILL_OPACITY = 0.25
#: Dash pattern of indirect arrows.
DASH = "7 5"
STROKE = 2.0

#: Fill colour of each kind of node (Okabe–Ito names from her2book.style; None: no fill).
FILL: dict[str, str | None] = {
    "protein": COLORS["blue"],
    "rna": COLORS["purple"],
    "gene": COLORS["green"],
    "cell": COLORS["sky"],
    "drug": ROLE["therapy"],
    "stem": ROLE["stem"],
    "progenitor": ROLE["progenitor"],
    "differentiated": ROLE["differentiated"],
    "positive": ROLE["positive"],
    "negative": ROLE["negative"],
    "equivocal": ROLE["equivocal"],
    "signal": COLORS["orange"],
    "region": COLORS["grey"],
    "question": None,
    "process": None,
    "note": None,
}

# --------------------------------------------------------------------------------------------
# text: markup, measuring


@dataclass(frozen=True)
class Run:
    """A stretch of label text in one style: ``shift`` is -1 (subscript), 0 or +1 (superscript)."""

    text: str
    italic: bool = False
    shift: int = 0
    bold: bool = False


_SCRIPT = re.compile(r"([_^])(\{[^}]*\}|.)")


def _math_runs(math_text: str) -> list[Run]:
    runs: list[Run] = []
    pos = 0
    for m in _SCRIPT.finditer(math_text):
        runs += _letters(math_text[pos : m.start()], 0)
        body = m.group(2)
        body = body[1:-1] if body.startswith("{") else body
        runs += _letters(body, -1 if m.group(1) == "_" else 1)
        pos = m.end()
    runs += _letters(math_text[pos:], 0)
    return runs


def _letters(text: str, shift: int) -> list[Run]:
    """Letters italic (math convention), everything else upright."""
    return [
        Run(t, italic=t[0].isalpha(), shift=shift) for t in re.findall(r"[^\W\d_]+|[\W\d_]+", text)
    ]


def parse(line: str, bold: bool = False) -> list[Run]:
    """One line of label markup as runs (``$…$`` is math; see the module docstring)."""
    parts = line.split("$")
    if len(parts) % 2 == 0:
        raise ValueError(f"unbalanced $ in label {line!r}")
    runs: list[Run] = []
    for i, part in enumerate(parts):
        if i % 2 == 0:
            for j, piece in enumerate(part.split("*")):  # *gene names* in italics
                if piece:
                    runs.append(Run(piece, italic=bool(j % 2)))
        else:
            runs += _math_runs(part)
    merged: list[Run] = []
    for r in runs:
        r = Run(r.text, r.italic, r.shift, bold)
        if merged and (merged[-1].italic, merged[-1].shift) == (r.italic, r.shift):
            merged[-1] = Run(merged[-1].text + r.text, r.italic, r.shift, bold)
        else:
            merged.append(r)
    return merged


_SYMBOL = re.compile(r"([^\W\d_])(?:_(?:\{([^}]*)\}|([^\W_])))?")


def symbols(label: str) -> set[str]:
    """The symbols the math of a label names, written as in the code: ``"$2(1 − p) r_S$"`` gives
    ``{"p", "r_S"}``; ``"$δ_{200c}$"`` gives ``{"δ_200c"}``. In math, as in the equations, each
    letter is one symbol (``$γx$`` is γ times x)."""
    out: set[str] = set()
    for i, part in enumerate(label.replace("\n", " ").split("$")):
        if i % 2:
            for m in _SYMBOL.finditer(part):
                sub = m.group(2) or m.group(3)
                out.add(m.group(1) + (f"_{sub}" if sub else ""))
    return out


def plain(text: str) -> str:
    """Markup as plain text for ``<title>``/``<desc>`` and tests: ``$r_S$`` becomes ``r_S``."""
    return (
        text.replace("$", "")
        .replace("*", "")
        .replace("_{", "_")
        .replace("^{", "^")
        .replace("}", "")
    )


def html(text: str) -> str:
    """Markup as escaped HTML: math letters in ``<i>``, scripts in ``<sub>``/``<sup>``."""
    out = []
    for line in text.split("\n"):
        parts = []
        for r in parse(line):
            s = escape(r.text)
            if r.italic:
                s = f"<i>{s}</i>"
            if r.shift:
                s = f"<sub>{s}</sub>" if r.shift < 0 else f"<sup>{s}</sup>"
            parts.append(s)
        out.append("".join(parts))
    return "<br>".join(out)


def _size(run: Run, size: float) -> float:
    return SCRIPT if run.shift else size


@cache
def _measure(text: str, size: float, italic: bool, bold: bool) -> float:
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    prop = FontProperties(
        family="DejaVu Sans",
        style="italic" if italic else "normal",
        weight="bold" if bold else "normal",
        size=size,
    )
    # TextToPath trims nothing: trailing and leading spaces count.
    width, _, _ = TextToPath().get_text_width_height_descent(
        text.replace(" ", "\u00a0"), prop, False
    )
    return width


def text_width(line: str, size: float = TEXT, bold: bool = False) -> float:
    """Width of one line of markup in viewBox units, measured in DejaVu Sans (wider than the usual
    system sans-serif fonts, so text measured here fits whatever font the page uses)."""
    return sum(_measure(r.text, _size(r, size), r.italic, r.bold) for r in parse(line, bold))


# --------------------------------------------------------------------------------------------
# geometry


@dataclass(frozen=True)
class Box:
    """An axis-aligned box in viewBox units."""

    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box, pad: float = 0.0) -> bool:
        return not (
            self.x1 + pad <= other.x0
            or other.x1 + pad <= self.x0
            or self.y1 + pad <= other.y0
            or other.y1 + pad <= self.y0
        )

    def contains(self, x: float, y: float, pad: float = 0.0) -> bool:
        return self.x0 - pad <= x <= self.x1 + pad and self.y0 - pad <= y <= self.y1 + pad

    def inside(self, other: Box) -> bool:
        return (
            self.x0 >= other.x0
            and self.y0 >= other.y0
            and self.x1 <= other.x1
            and self.y1 <= other.y1
        )


Point = tuple[float, float]


@dataclass
class Node:
    """A labelled shape centred at (x, y), ``w`` × ``h`` units; ``shape`` is ``round`` (rounded
    box), ``rect``, ``pill`` (a drug or treatment), ``ellipse`` or ``none`` (text only)."""

    id: str
    x: float
    y: float
    w: float
    h: float
    shape: str
    label: str

    @property
    def box(self) -> Box:
        return Box(
            self.x - self.w / 2, self.y - self.h / 2, self.x + self.w / 2, self.y + self.h / 2
        )

    def side(self, name: str, t: float = 0.5) -> Point:
        """The point a fraction ``t`` along one side (left to right, top to bottom)."""
        b = self.box
        if name == "top":
            return (b.x0 + t * self.w, b.y0)
        if name == "bottom":
            return (b.x0 + t * self.w, b.y1)
        if name == "left":
            return (b.x0, b.y0 + t * self.h)
        if name == "right":
            return (b.x1, b.y0 + t * self.h)
        raise ValueError(f"side must be top, bottom, left or right, got {name!r}")

    def boundary(self, toward: Point) -> Point:
        """Where the ray from the centre toward ``toward`` leaves the shape."""
        dx, dy = toward[0] - self.x, toward[1] - self.y
        if dx == 0 and dy == 0:
            return (self.x, self.y)
        a, b = self.w / 2, self.h / 2
        if self.shape == "ellipse":
            s = 1.0 / math.sqrt((dx / a) ** 2 + (dy / b) ** 2)
        else:
            s = min(a / abs(dx) if dx else math.inf, b / abs(dy) if dy else math.inf)
        return (self.x + s * dx, self.y + s * dy)


End = "Node | Point | tuple[Node, str] | tuple[Node, str, float]"


@dataclass
class _Text:
    box: Box
    owner: str | None  # the node a label belongs to, or None for a free label
    label: str


@dataclass
class _Path:
    points: list[Point]
    ends: tuple[str | None, str | None]  # ids of the nodes it connects


def _fmt(v: float) -> str:
    s = f"{v:.1f}"
    return s[:-2] if s.endswith(".0") else s


def _pts(points: Sequence[Point]) -> str:
    return " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in points)


def _unit(a: Point, b: Point) -> Point:
    dx, dy = b[0] - a[0], b[1] - a[1]
    n = math.hypot(dx, dy)
    if n == 0:
        raise ValueError(f"zero-length arrow segment at {a}")
    return (dx / n, dy / n)


def _bezier(p0: Point, p1: Point, p2: Point, p3: Point, n: int = 24) -> list[Point]:
    out = []
    for i in range(n + 1):
        t = i / n
        c = ((1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t**2, t**3)
        out.append(
            (
                c[0] * p0[0] + c[1] * p1[0] + c[2] * p2[0] + c[3] * p3[0],
                c[0] * p0[1] + c[1] * p1[1] + c[2] * p2[1] + c[3] * p3[1],
            )
        )
    return out


def _segment_hits_box(a: Point, b: Point, box: Box) -> bool:
    """Whether the segment a–b passes through the box (Liang–Barsky clipping)."""
    t0, t1 = 0.0, 1.0
    dx, dy = b[0] - a[0], b[1] - a[1]
    for p, q in (
        (-dx, a[0] - box.x0),
        (dx, box.x1 - a[0]),
        (-dy, a[1] - box.y0),
        (dy, box.y1 - a[1]),
    ):
        if p == 0:
            if q < 0:
                return False
        else:
            r = q / p
            if p < 0:
                t0 = max(t0, r)
            else:
                t1 = min(t1, r)
            if t0 > t1:
                return False
    return True


# --------------------------------------------------------------------------------------------
# the canvas


@dataclass
class Canvas:
    """A diagram being drawn: ``width`` × ``height`` viewBox units; ids are prefixed by ``name``."""

    name: str
    width: float
    height: float
    nodes: dict[str, Node] = field(default_factory=dict)
    _back: list[str] = field(default_factory=list)  # regions, drawn first
    _shapes: list[str] = field(default_factory=list)
    _lines: list[str] = field(default_factory=list)
    _texts: list[str] = field(default_factory=list)
    _text_boxes: list[_Text] = field(default_factory=list)
    _paths: list[_Path] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)  # every label drawn, as markup

    # ---- text

    def _text_line(
        self, x: float, y: float, line: str, size: float, anchor: str, bold: bool
    ) -> tuple[str, float]:
        """SVG for one line whose baseline is at y; returns (svg, width)."""
        runs = parse(line, bold)
        width = text_width(line, size, bold)
        attrs = [f'x="{_fmt(x)}"', f'y="{_fmt(y)}"']
        if anchor != "start":
            attrs.append(f'text-anchor="{anchor}"')
        if size != TEXT:
            attrs.append(f'font-size="{_fmt(size)}"')
        if bold:
            attrs.append('font-weight="bold"')
        body, level = [], 0
        for r in runs:
            style = []
            if r.italic:
                style.append('font-style="italic"')
            if r.shift != level:
                # baseline offsets for sub/superscripts, relative to the previous run
                off = {-1: 0.3 * size, 0: 0.0, 1: -0.42 * size}
                style.append(f'dy="{_fmt(off[r.shift] - off[level])}"')
                level = r.shift
            if r.shift:
                style.append(f'font-size="{_fmt(SCRIPT)}"')
            t = escape(r.text)
            body.append(f"<tspan {' '.join(style)}>{t}</tspan>" if style else t)
        return f"<text {' '.join(attrs)}>{''.join(body)}</text>", width

    def text(
        self,
        x: float,
        y: float,
        label: str,
        *,
        size: float = SMALL,
        anchor: str = "middle",
        bold: bool = False,
        owner: str | None = None,
    ) -> Box:
        """A (multi-line) label; (x, y) is the centre of the block for ``middle``, its left or right
        end for ``start``/``end``, vertically its middle. Returns its box."""
        if size < SCRIPT:
            raise ValueError(f"text size {size} is below the smallest size {SCRIPT}")
        lines = label.split("\n")
        lh = size * LEADING
        top = y - lh * len(lines) / 2
        widths = []
        for i, line in enumerate(lines):
            base = top + lh * i + lh / 2 + 0.35 * size
            svg, w = self._text_line(x, base, line, size, anchor, bold)
            self._texts.append(svg)
            widths.append(w)
        w = max(widths)
        x0 = {"start": x, "middle": x - w / 2, "end": x - w}[anchor]
        box = Box(x0, top, x0 + w, top + lh * len(lines))
        self._text_boxes.append(_Text(box, owner, label))
        self.labels.append(label)
        return box

    # ---- shapes

    def node(
        self,
        id: str,
        x: float,
        y: float,
        label: str,
        *,
        kind: str = "protein",
        shape: str = "round",
        w: float | None = None,
        h: float | None = None,
        size: float = TEXT,
        bold: bool = False,
    ) -> Node:
        """A labelled node of a ``kind`` (its fill, see :data:`FILL`) centred at (x, y). Width and
        height fit the label unless given; a label too wide for a given width is an error."""
        if id in self.nodes:
            raise ValueError(f"node id {id!r} used twice in {self.name}")
        if kind not in FILL:
            raise ValueError(f"unknown node kind {kind!r}; choose one of {sorted(FILL)}")
        lines = label.split("\n")
        tw = max(text_width(line, size, bold) for line in lines)
        th = size * LEADING * len(lines)
        pad_x = 12 + (min(th / 2 + 6, 20) / 2 if shape == "pill" else 0)
        need_w, need_h = tw + 2 * pad_x, th + (4 if shape != "none" else 0)
        if shape == "ellipse":  # the text's box must fit inside the ellipse
            need_w, need_h = 1.42 * tw + 8, 1.42 * th
        w = need_w if w is None else w
        h = need_h + 12 if h is None else h
        if w < need_w - 0.5 or h < need_h - 0.5:
            raise ValueError(
                f"{self.name}: label {label!r} needs {need_w:.0f}×{need_h:.0f} units, "
                f"node {id!r} is {w:.0f}×{h:.0f}"
            )
        n = Node(id, x, y, w, h, shape, label)
        self.nodes[id] = n
        self._shape(n, kind)
        self.text(x, y, label, size=size, bold=bold, owner=id)
        return n

    def _shape(self, n: Node, kind: str) -> None:
        fill = FILL[kind]
        if fill is None:
            paint = 'fill="none" stroke="none"' if kind == "note" else 'fill="none"'
        else:
            paint = f'fill="{fill}" fill-opacity="{FILL_OPACITY}"'
            # a drug's grey would vanish on white: its outline is the text colour
            if kind != "drug":
                paint += f' stroke="{fill}"'
        if "stroke=" not in paint:
            paint += ' stroke="currentColor"'
        b = n.box
        geo = f'x="{_fmt(b.x0)}" y="{_fmt(b.y0)}" width="{_fmt(n.w)}" height="{_fmt(n.h)}"'
        if n.shape == "none":
            return
        if n.shape == "ellipse":
            el = (
                f'<ellipse cx="{_fmt(n.x)}" cy="{_fmt(n.y)}" rx="{_fmt(n.w / 2)}" '
                f'ry="{_fmt(n.h / 2)}" {paint}/>'
            )
        elif n.shape == "pill":
            el = f'<rect {geo} rx="{_fmt(min(n.h / 2, 20))}" {paint}/>'
        elif n.shape == "round":
            el = f'<rect {geo} rx="8" {paint}/>'
        elif n.shape == "rect":
            el = f"<rect {geo} {paint}/>"
        else:
            raise ValueError(f"unknown shape {n.shape!r}")
        self._shapes.append(el)

    def region(
        self,
        x0: float,
        y0: float,
        x1: float,
        y1: float,
        *,
        kind: str = "region",
        radius: float = 14,
    ) -> Box:
        """A lightly filled background area (a nucleus, a loop, a compartment); drawn under
        everything else, and not counted as an obstacle for arrows."""
        fill = FILL[kind] or COLORS["grey"]
        self._back.append(
            f'<rect x="{_fmt(x0)}" y="{_fmt(y0)}" width="{_fmt(x1 - x0)}" height="{_fmt(y1 - y0)}" '
            f'rx="{_fmt(radius)}" fill="{fill}" fill-opacity="{FILL_OPACITY / 2}" '
            f'stroke="{fill}"/>'
        )
        return Box(x0, y0, x1, y1)

    def raw(self, svg: str, *, obstacle: Box | None = None, back: bool = False) -> None:
        """Any other SVG element (a receptor part, a signal dot). ``obstacle``: a box arrows and
        free text must keep out of."""
        (self._back if back else self._shapes).append(svg)
        if obstacle is not None:
            self._text_boxes.append(_Text(obstacle, "#shape", ""))

    # ---- arrows

    def _end(self, end, toward: Point) -> tuple[Point, str | None]:
        if isinstance(end, Node):
            return end.boundary(toward), end.id
        if isinstance(end, tuple) and end and isinstance(end[0], Node):
            node, side, *t = end
            return node.side(side, *t), node.id
        x, y = end
        return (float(x), float(y)), None

    @staticmethod
    def _centre(end) -> Point:
        if isinstance(end, Node):
            return (end.x, end.y)
        if isinstance(end, tuple) and end and isinstance(end[0], Node):
            node, side, *t = end
            return node.side(side, *t)
        return (float(end[0]), float(end[1]))

    def arrow(
        self,
        src,
        dst,
        *,
        kind: str = "activates",
        indirect: bool = False,
        via: Sequence[Point] = (),
        label: str | None = None,
        at: Point | None = None,
        anchor: str = "middle",
        size: float = SMALL,
        gap: float = 4.0,
    ) -> list[Point]:
        """An arrow from ``src`` to ``dst`` (a Node, a point, or ``(node, side[, t])``), straight
        or through the ``via`` points. ``kind``: ``activates`` (arrowhead) or ``inhibits`` (bar);
        ``indirect``: dashed. ``label`` is drawn at ``at`` (default: beside the middle of the
        longest segment). Returns the points of the line."""
        first = via[0] if via else self._centre(dst)
        last = via[-1] if via else self._centre(src)
        a, a_id = self._end(src, first)
        b, b_id = self._end(dst, last)
        d = _unit(a, b) if not via else _unit(a, via[0])
        a = (a[0] + gap * d[0], a[1] + gap * d[1])
        e = _unit(last if via else a, b)
        b = (b[0] - gap * e[0], b[1] - gap * e[1])
        points = [a, *via, b]
        self._line(points, kind, indirect, (a_id, b_id))
        if label is not None:
            if at is None:
                segs = list(zip(points[:-1], points[1:], strict=False))
                p, q = max(segs, key=lambda s: math.dist(*s))
                u = _unit(p, q)
                at = ((p[0] + q[0]) / 2 - 16 * u[1], (p[1] + q[1]) / 2 + 16 * u[0])
                anchor = "start" if -u[1] > 0.3 else "end" if -u[1] < -0.3 else "middle"
            self.text(at[0], at[1], label, size=size, anchor=anchor)
        return points

    def curve(
        self,
        p0: Point,
        c1: Point,
        c2: Point,
        p3: Point,
        *,
        kind: str = "activates",
        indirect: bool = False,
        ends: tuple[str | None, str | None] = (None, None),
    ) -> None:
        """A cubic Bézier arrow from p0 to p3 with control points c1, c2 (self-loops, bends)."""
        pts = _bezier(p0, c1, c2, p3)
        self._line(pts, kind, indirect, ends, bezier=(p0, c1, c2, p3))

    def loop(
        self,
        node: Node,
        side: str = "top",
        *,
        reach: float = 60,
        spread: float = 0.5,
        t: float = 0.5,
        kind: str = "activates",
        label: str | None = None,
        at: Point | None = None,
        anchor: str = "middle",
        size: float = SMALL,
    ) -> None:
        """A self-loop on one side of a node, centred a fraction ``t`` along it (``reach``: how
        far it bulges out; ``spread``: the share of the side between its two ends)."""
        t0, t1 = t - spread / 2, t + spread / 2
        p0, p3 = node.side(side, t0), node.side(side, t1)
        out = {"top": (0, -1), "bottom": (0, 1), "left": (-1, 0), "right": (1, 0)}[side]
        c1 = (p0[0] + out[0] * reach, p0[1] + out[1] * reach)
        c2 = (p3[0] + out[0] * reach, p3[1] + out[1] * reach)
        self.curve(p0, c1, c2, p3, kind=kind, ends=(node.id, node.id))
        if label is not None:
            if at is None:
                at = (
                    (p0[0] + p3[0]) / 2 + out[0] * (0.75 * reach + 14),
                    (p0[1] + p3[1]) / 2 + out[1] * (0.75 * reach + 14),
                )
            self.text(at[0], at[1], label, size=size, anchor=anchor)

    def _line(self, points, kind, indirect, ends, bezier=None) -> None:
        if kind not in ("activates", "inhibits"):
            raise ValueError(f"arrow kind must be 'activates' or 'inhibits', got {kind!r}")
        tip = points[-1]
        d = _unit(points[-2], tip) if bezier is None else _unit(bezier[2], bezier[3])
        n = (-d[1], d[0])
        dash = f' stroke-dasharray="{DASH}"' if indirect else ""
        if kind == "activates":
            length, half = 13.0, 6.5
            base = (tip[0] - length * d[0], tip[1] - length * d[1])
            head = [
                tip,
                (base[0] + half * n[0], base[1] + half * n[1]),
                (base[0] - half * n[0], base[1] - half * n[1]),
            ]
            self._lines.append(f'<path d="M{_pts(head[:1])}L{_pts(head[1:])}Z" stroke="none"/>')
            end = (tip[0] - (length - 1) * d[0], tip[1] - (length - 1) * d[1])
        else:
            half = 10.0
            bar = [
                (tip[0] + half * n[0], tip[1] + half * n[1]),
                (tip[0] - half * n[0], tip[1] - half * n[1]),
            ]
            self._lines.append(
                f'<path d="M{_pts(bar[:1])}L{_pts(bar[1:])}" fill="none" stroke-width="3.5"/>'
            )
            end = tip
        if bezier is None:
            line = [*points[:-1], end]
            d_attr = f"M{_pts(line[:1])}L{_pts(line[1:])}"
        else:
            p0, c1, c2, _ = bezier
            d_attr = f"M{_pts([p0])}C{_pts([c1, c2, end])}"
        self._lines.append(f'<path d="{d_attr}" fill="none"{dash}/>')
        self._paths.append(_Path(list(points), ends))

    # ---- output

    def svg(
        self, title: str, desc: str, *, inline: bool = True, max_width: float | None = None
    ) -> str:
        """The SVG: ``inline`` for an HTML page (ARIA, scales to the column), else a standalone
        file (namespace, pixel size)."""
        n = self.name
        w, h = _fmt(self.width), _fmt(self.height)
        mw = _fmt(max_width if max_width is not None else 0.82 * self.width)
        if inline:
            head = (
                f'<svg role="img" aria-labelledby="{n}-title" aria-describedby="{n}-desc" '
                f'viewBox="0 0 {w} {h}" width="100%" '
                f'style="display:block;max-width:{mw}px;height:auto;margin:0 auto">'
            )
        else:
            head = (
                f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" '
                f'height="{h}">'
            )
        return "".join(
            [
                head,
                f'<title id="{n}-title">{escape(plain(title))}</title>',
                f'<desc id="{n}-desc">{escape(plain(desc))}</desc>',
                *self._back,
                f'<g stroke-width="{_fmt(STROKE)}">',
                *self._shapes,
                "</g>",
                f'<g fill="currentColor" stroke="currentColor" stroke-width="{_fmt(STROKE)}">',
                *self._lines,
                "</g>",
                f'<g fill="currentColor" font-size="{TEXT}">',
                *self._texts,
                "</g></svg>",
            ]
        )

    def problems(self) -> list[str]:
        """Layout faults: text outside the canvas or overlapping other text or a node it does not
        belong to; arrows crossing free text or running through a node they do not connect."""
        out = []
        page = Box(0, 0, self.width, self.height)
        texts = [t for t in self._text_boxes if t.owner != "#shape"]
        for t in self._text_boxes:
            if not t.box.inside(page):
                out.append(f"outside the canvas: {t.label or 'a shape'!r} {t.box}")
        for node in self.nodes.values():
            if not node.box.inside(page):
                out.append(f"node {node.id!r} leaves the canvas: {node.box}")
        for p in self._paths:
            if not all(page.contains(x, y, pad=-1) for x, y in p.points):
                out.append(f"an arrow {p.ends} leaves the canvas")
        for i, t in enumerate(texts):
            for u in texts[i + 1 :]:
                if t.owner is not None and t.owner == u.owner:
                    continue
                if t.box.overlaps(u.box, pad=1):
                    out.append(f"text overlaps: {t.label!r} and {u.label!r}")
        for t in self._text_boxes:
            if t.owner is not None:
                continue
            for node in self.nodes.values():
                if t.box.overlaps(node.box):
                    out.append(f"text {t.label!r} overlaps node {node.id!r}")
        for p in self._paths:
            segs = list(zip(p.points[:-1], p.points[1:], strict=False))
            for t in self._text_boxes:
                if t.owner is not None and t.owner != "#shape":
                    continue
                if any(_segment_hits_box(a, b, t.box) for a, b in segs):
                    out.append(f"an arrow {p.ends} crosses {t.label or 'a shape'!r}")
            for node in self.nodes.values():
                if node.id in p.ends or node.shape == "none":
                    continue
                inner = Box(node.box.x0 + 2, node.box.y0 + 2, node.box.x1 - 2, node.box.y1 - 2)
                if any(_segment_hits_box(a, b, inner) for a, b in segs):
                    out.append(f"an arrow {p.ends} runs through node {node.id!r}")
        return out
