"""Explorables: slider-driven figures that respond on the static website, with no kernel.

A Python callback never runs on the built website, so every figure an explorable can show is
rendered in advance. Each frame is a PNG (with alt text and a one-line readout) inside an
``ipywidgets.HTML``; the frames sit in an ``ipywidgets.Stack`` whose ``selected_index`` is linked
to a ``SelectionSlider.index`` by ``ipywidgets.jslink``. The link runs in the browser's widget
manager, so the same widget works on the static site, live in JupyterLab and under nbval.

Writing one takes a *view*: a function that receives a matplotlib ``Figure``, builds its axes and
artists once, and returns an ``update(**values)`` function that changes those artists for one
parameter setting and returns a short readout (or ``None``)::

    def view(fig):
        ax = fig.subplots()
        (line,) = ax.plot(x, f(x, 1.0))
        def update(rate):
            line.set_ydata(f(x, rate))
            return f"half-life {np.log(2) / rate:.1f} days"
        return update

    explorable(view, Param("rate", [0.5, 1, 2], "Growth rate", "1/day"),
               caption="Double the rate: what happens to the half-life?",
               alt="Line plot of tumour size against time in days.")

The figure is reused for every frame (fast: no figure is created per frame), and each frame
is shipped as an overlay on one shared background image (light pages).
"""

from __future__ import annotations

import base64
import html
import io
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from . import style

__all__ = ["Param", "Explorable", "ExplorableError", "explorable", "render_png"]

View = Callable[[Figure], Callable[..., str | None]]


class ExplorableError(RuntimeError):
    """A view failed while building or rendering a frame; the message names the parameters."""


@dataclass(frozen=True)
class Param:
    """One slider: the keyword passed to ``update``, its values, and how a reader sees them.

    Parameters
    ----------
    name : keyword argument of the view's ``update`` function (a Python identifier).
    values : the grid of values to pre-render, in slider order (numbers or short strings).
    label : what the slider is called on the page, e.g. ``"Mean HER2 copies per nucleus"``.
    unit : unit shown after each value (``""`` for dimensionless or categorical values).
    fmt : format string for a value, e.g. ``"{:.1f}"``; numbers default to ``"{:g}"``.
    initial : index of the value shown first (default: the middle of the grid).
    """

    name: str
    values: Sequence[Any]
    label: str = ""
    unit: str = ""
    fmt: str = "{:g}"
    initial: int | None = None
    _values: tuple = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.isidentifier():
            raise ValueError(f"parameter name must be a Python identifier, got {self.name!r}")
        try:
            values = tuple(self.values)
        except TypeError as exc:
            raise ValueError(f"parameter {self.name!r}: values must be a sequence") from exc
        if len(values) == 0:
            raise ValueError(f"parameter {self.name!r} has no values: give at least one")
        for v in values:
            if isinstance(v, float | np.floating) and not np.isfinite(v):
                raise ValueError(f"parameter {self.name!r} has a non-finite value {v!r}")
        if len(set(map(repr, values))) != len(values):
            raise ValueError(f"parameter {self.name!r} has repeated values: {values!r}")
        if self.initial is not None and not 0 <= self.initial < len(values):
            raise ValueError(
                f"parameter {self.name!r}: initial index {self.initial} is outside "
                f"0..{len(values) - 1}"
            )
        object.__setattr__(self, "_values", values)

    @property
    def grid(self) -> tuple:
        """The values as a tuple."""
        return self._values

    @property
    def start(self) -> int:
        """Index of the value shown first."""
        return (len(self._values) - 1) // 2 if self.initial is None else self.initial

    @property
    def title(self) -> str:
        """Slider label, with the unit in parentheses when there is one."""
        label = self.label or self.name.replace("_", " ")
        return f"{label} ({self.unit})" if self.unit else label

    def show(self, value: Any) -> str:
        """A value as the reader sees it, e.g. ``"2.5 copies/nucleus"``."""
        text = self.fmt.format(value) if isinstance(value, int | float | np.number) else str(value)
        return f"{text} {self.unit}".strip() if self.unit else text


def _png(pixels: np.ndarray, colors: int | None) -> bytes:
    """RGB or RGBA pixels as PNG bytes, with no timestamp or software tag (byte-reproducible).

    ``colors`` quantises to a palette of at most that many colours (smaller files, the same look
    for line art; fully transparent pixels stay transparent); ``None`` keeps full colour.
    """
    image = Image.fromarray(pixels, "RGBA" if pixels.shape[-1] == 4 else "RGB")
    if colors is not None:
        image = image.quantize(colors=colors, method=Image.Quantize.FASTOCTREE, dither=0)
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=6)
    return out.getvalue()


def _overlay(frame: np.ndarray, base: np.ndarray) -> np.ndarray:
    """RGBA pixels of ``frame`` where it differs from ``base``, fully transparent elsewhere.

    Drawn over ``base`` it gives ``frame`` back exactly, and it compresses to a fraction of a full
    frame because most of a figure (axes, labels, static data) does not change between frames.
    """
    f32 = np.ascontiguousarray(frame).view(np.uint32)[..., 0]  # one 32-bit word per pixel
    b32 = np.ascontiguousarray(base).view(np.uint32)[..., 0]
    # The canvas is opaque, so a changed pixel keeps alpha 255; unchanged ones become 0 (clear).
    return np.where(f32 != b32, f32, 0).astype(np.uint32)[..., None].view(np.uint8)


class _FrameRenderer:
    """Draws successive frames of one figure, redrawing only what changed when it can.

    Artists marked ``animated=True`` do not mark the figure stale when they change, so if
    ``fig.stale`` is false after an update only animated artists moved: the renderer restores the
    cached background and draws just those (matplotlib "blitting"). Any other change (a title, axis
    limits, a new artist) makes the figure stale and triggers a full draw. Either way the result is
    the same picture; the fast path is only faster.

    ``base`` keeps the first background (the figure without its animated artists): the picture
    every frame of an explorable is drawn over.
    """

    def __init__(self, fig: Figure, freeze_layout: bool) -> None:
        self.fig = fig
        self.canvas = (
            fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
        )
        self.freeze_layout = freeze_layout
        self.background = None
        self.base: np.ndarray | None = None
        self.full_draws = 0

    def render(self) -> np.ndarray:
        """Draw the current state; return its RGBA pixels (height × width × 4, a copy)."""
        fig, canvas = self.fig, self.canvas
        if self.background is None or fig.stale:
            canvas.draw()
            self.full_draws += 1
            if self.freeze_layout and self.full_draws == 1:
                # Lay out once (constrained layout is slow), then keep the axes where they are.
                fig.set_layout_engine("none")
            self.background = canvas.copy_from_bbox(fig.bbox)
            if self.base is None:
                self.base = np.array(canvas.buffer_rgba())
        else:
            canvas.restore_region(self.background)
        animated = fig.findobj(lambda a: a.get_animated() and a.get_visible())
        for artist in sorted(animated, key=lambda a: a.get_zorder()):
            fig.draw_artist(artist)
        return np.array(canvas.buffer_rgba())


def render_png(fig: Figure, *, colors: int | None = 256) -> bytes:
    """Draw ``fig`` fully and return reproducible PNG bytes (palette of ``colors``, or RGB)."""
    return _png(_FrameRenderer(fig, freeze_layout=False).render()[..., :3], colors)


def _img(png: bytes, alt: str, size: tuple[int, int], extra: str = "") -> str:
    src = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    width, height = size
    return (
        f'<img src="{src}" alt="{html.escape(alt, quote=True)}" width="{width}" '
        f'height="{height}" decoding="sync" style="max-width:100%;height:auto"{extra}>'
    )


def _readout_html(readout: str | None) -> str:
    text = html.escape(readout) if readout else ""
    return f'<p class="her2book-readout" aria-live="polite">{text}</p>'


class Explorable(widgets.VBox):
    """A caption, one or two sliders and a stack of pre-rendered frames (see module docs).

    Attributes
    ----------
    params : the ``Param`` objects, slider order.
    sliders : the ``SelectionSlider`` widgets (``.index`` is the position in the grid).
    stack : the outer ``Stack`` of frames; with two parameters its children are stacks too.
    readout_stack : the same structure for the readout line under the figure.
    background : HTML of the shared background image (the figure without animated artists).
    frames : nested list of frame HTML, ``frames[i]`` (one parameter) or ``frames[i][j]``: each an
        overlay image, transparent where the frame equals the background, with its alt text.
    readouts : same shape as ``frames``: the text shown under the figure for each frame.
    render_seconds : wall time spent rendering all frames.
    """

    def __init__(
        self,
        view: View,
        *params: Param,
        caption: str,
        alt: str,
        figsize: tuple[float, float] = (6.4, 3.4),
        dpi: int = 90,
        colors: int | None = 256,
        freeze_layout: bool = True,
    ) -> None:
        if len(params) not in (1, 2):
            names = ", ".join(getattr(p, "name", repr(p)) for p in params) or "none"
            raise ValueError(
                f"an explorable takes one or two parameters, got {len(params)} ({names})"
            )
        for p in params:
            if not isinstance(p, Param):
                raise ValueError(f"parameters must be Param objects, got {p!r}")
        if len(params) == 2 and params[0].name == params[1].name:
            raise ValueError(f"two parameters are both named {params[0].name!r}")
        if not callable(view):
            raise ValueError(f"view must be callable, got {view!r}")
        if not caption or not caption.strip():
            raise ValueError("caption must tell the reader what to try")
        if not alt or not alt.strip():
            raise ValueError("alt must describe the figure for readers who cannot see it")

        self.params = params
        started = time.perf_counter()
        fig = Figure(figsize=figsize, dpi=dpi, layout="constrained")
        FigureCanvasAgg(fig)
        try:
            with _style_context():
                update = view(fig)
        except Exception as exc:
            raise ExplorableError(f"the view {_name(view)} failed while building: {exc!r}") from exc
        if not callable(update):
            raise ExplorableError(
                f"the view {_name(view)} must return an update(**values) function, "
                f"got {type(update).__name__}"
            )
        size = tuple(int(round(s * dpi)) for s in figsize)
        renderer = _FrameRenderer(fig, freeze_layout)
        desc = alt.rstrip(". ") + "."

        def frame(values: dict[str, Any]) -> tuple[np.ndarray, str | None, str]:
            where = ", ".join(f"{k}={v!r}" for k, v in values.items())
            try:
                with _style_context():
                    readout = update(**values)
                    pixels = renderer.render()
            except Exception as exc:
                raise ExplorableError(f"rendering failed at {where}: {exc!r}") from exc
            if readout is not None and not isinstance(readout, str):
                raise ExplorableError(
                    f"update must return a str readout or None, got {type(readout).__name__} "
                    f"at {where}"
                )
            setting = "; ".join(
                f"{p.label or p.name} {p.show(values[p.name])}" for p in self.params
            )
            return pixels, readout, f"{desc} Setting: {setting}."

        first = params[0]
        if len(params) == 1:
            raw = [frame({first.name: v}) for v in first.grid]
        else:
            second = params[1]
            raw = [
                [frame({first.name: a, second.name: b}) for b in second.grid] for a in first.grid
            ]
        # Every frame is shipped as an overlay on one shared background image (the figure without
        # its animated artists): the page carries the static parts of the figure once.
        base = renderer.base
        self.background = (
            '<div class="her2book-background">'
            + _img(_png(base[..., :3], colors), "", size, ' aria-hidden="true"')
            + "</div>"
        )

        def to_html(item: tuple[np.ndarray, str | None, str]) -> str:
            pixels, _, description = item
            png = _png(_overlay(pixels, base), colors)
            return f'<div class="her2book-frame">{_img(png, description, size)}</div>'

        nested = len(params) == 2
        self.frames = (
            [[to_html(x) for x in row] for row in raw] if nested else list(map(to_html, raw))
        )
        self.readouts = [[x[1] for x in row] for row in raw] if nested else [x[1] for x in raw]
        self.render_seconds = time.perf_counter() - started

        starts = [p.start for p in params]
        self.stack, inner = _stacks(self.frames, starts)
        self.readout_stack, readout_inner = _stacks(
            [[_readout_html(r) for r in row] for row in self.readouts]
            if nested
            else [_readout_html(r) for r in self.readouts],
            starts,
        )
        self.sliders = [_slider(p) for p in params]
        self.links = [
            widgets.jslink((self.sliders[0], "index"), (stack, "selected_index"))
            for stack in (self.stack, self.readout_stack)
        ]
        self.links += [
            widgets.jslink((self.sliders[1], "index"), (s, "selected_index"))
            for s in inner + readout_inner
        ]
        # Background and frames share one grid cell, so each frame is drawn over the background.
        cell = "figure"
        background = widgets.HTML(self.background, layout=widgets.Layout(grid_area=cell))
        self.stack.layout.grid_area = cell
        figure = widgets.GridBox(
            [background, self.stack],
            layout=widgets.Layout(grid_template_areas=f'"{cell}"', grid_template_columns="100%"),
        )
        figure.add_class("her2book-figure")
        note = widgets.HTML(
            f'<p class="her2book-try"><strong>Try this:</strong> {html.escape(caption)}</p>'
        )
        super().__init__(
            [note, *self.sliders, figure, self.readout_stack],
            layout=widgets.Layout(width="100%", max_width="44rem"),
        )
        self.add_class("her2book-explorable")

    @property
    def n_frames(self) -> int:
        """How many frames were rendered."""
        return int(np.prod([len(p.grid) for p in self.params]))

    @property
    def frames_per_second(self) -> float:
        """Frames rendered per second of wall time (including the view's setup)."""
        return self.n_frames / self.render_seconds if self.render_seconds > 0 else float("inf")


def explorable(
    view: View,
    *params: Param,
    caption: str,
    alt: str,
    figsize: tuple[float, float] = (6.4, 3.4),
    dpi: int = 90,
    colors: int | None = 256,
    freeze_layout: bool = True,
) -> Explorable:
    """Build an :class:`Explorable` (see the module docstring for the ``view`` contract).

    Parameters
    ----------
    view : ``view(fig) -> update``; ``update(**values)`` redraws for one setting and returns a
        one-line readout (or ``None``).
    *params : one or two :class:`Param` grids (slider order).
    caption : one sentence telling the reader what to try; shown above the sliders.
    alt : what the figure shows, for screen readers; each frame adds its parameter setting.
    figsize, dpi : size of the single figure reused for every frame (inches, dots per inch).
    colors : palette size for PNG quantisation (``None``: full colour).
    freeze_layout : lay the figure out once (constrained layout) and keep it for every frame.
        Set ``False`` if tick labels change width between frames.

    Speed: mark the artists that ``update`` changes with ``animated=True`` and keep titles and
    axis limits fixed (put changing numbers in the readout): frames are then blitted, not redrawn.
    """
    return Explorable(
        view,
        *params,
        caption=caption,
        alt=alt,
        figsize=figsize,
        dpi=dpi,
        colors=colors,
        freeze_layout=freeze_layout,
    )


def _stacks(items: list, starts: list[int]) -> tuple[widgets.Stack, list[widgets.Stack]]:
    """HTML strings (a list, or a list of lists for two parameters) as (outer, inner) stacks."""
    if isinstance(items[0], list):
        inner = [
            widgets.Stack([widgets.HTML(h) for h in row], selected_index=starts[1]) for row in items
        ]
        return widgets.Stack(inner, selected_index=starts[0]), inner
    return widgets.Stack([widgets.HTML(h) for h in items], selected_index=starts[0]), []


def _slider(p: Param) -> widgets.SelectionSlider:
    options = [(p.show(v), i) for i, v in enumerate(p.grid)]
    return widgets.SelectionSlider(
        options=options,
        value=p.start,
        description=p.title,
        continuous_update=True,
        style={"description_width": "initial"},
        layout=widgets.Layout(width="100%", max_width="44rem"),
    )


def _name(view: Any) -> str:
    return getattr(view, "__qualname__", None) or repr(view)


class _style_context:
    """Apply the book's rcParams while a frame is built, then restore the caller's."""

    def __enter__(self) -> None:
        import matplotlib as mpl

        self._ctx = mpl.rc_context(style.RC)
        self._ctx.__enter__()

    def __exit__(self, *exc: object) -> None:
        self._ctx.__exit__(*exc)
