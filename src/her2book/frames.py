"""Pre-rendered frames: a view and its parameter grids in, one picture per setting out.

No widgets here. :func:`render` draws every combination of the parameters' values with one
matplotlib figure and returns a :class:`FrameSet`: a shared background image, one PNG overlay per
setting (transparent where the frame equals the background), a readout line and alt text for
each. :mod:`her2book.explorable` turns a frame set into sliders and stacks.

A *view* is a function that receives a matplotlib ``Figure``, builds its axes and artists once,
and returns ``update(**values)``, which changes those artists for one setting and returns a short
readout (or ``None``)::

    def view(fig):
        ax = fig.subplots()
        (line,) = ax.plot(x, f(x, 1.0), animated=True)
        def update(rate):
            line.set_ydata(f(x, rate))
            return f"half-life {np.log(2) / rate:.1f} days"
        return update

Speed: artists marked ``animated=True`` are redrawn over a cached background (matplotlib
"blitting"); any other change (a title, axis limits, a new artist) triggers a full draw. The
picture is the same either way.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import matplotlib as mpl
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from . import png, style
from .checks import param, validated

__all__ = ["FrameSet", "Param", "RenderError", "render", "render_png", "settings"]

View = Callable[[Figure], Callable[..., str | None]]
Index = tuple[int, ...]


class RenderError(RuntimeError):
    """A view failed while building or rendering a frame; the message names the setting."""


@validated
@dataclass(frozen=True)
class Param:
    """One slider: the keyword passed to ``update``, its values, and how a reader sees them.

    name : keyword argument of the view's ``update`` function (a Python identifier).
    values : the grid of values to pre-render, in slider order (numbers or short strings).
    label : what the slider is called on the page, e.g. ``"Mean HER2 copies per nucleus"``.
    unit : unit shown after each value (``""`` for dimensionless or categorical values).
    fmt : format string for a numeric value, e.g. ``"{:.1f}"`` (default ``"{:g}"``).
    initial : index of the value shown first (default: the middle of the grid).
    """

    name: str = param(kind=str)
    values: Sequence[Any]
    label: str = param("", kind=str)
    unit: str = param("", kind=str)
    fmt: str = param("{:g}", kind=str)
    initial: int | None = param(None, kind=(int, type(None)))
    _values: tuple = field(init=False, repr=False, compare=False, default=())

    def _check(self) -> None:
        if not self.name.isidentifier():
            raise ValueError(f"parameter name must be a Python identifier, got {self.name!r}")
        try:
            values = tuple(self.values)
        except TypeError as exc:
            raise ValueError(f"parameter {self.name!r}: values must be a sequence") from exc
        if not values:
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


@dataclass(frozen=True)
class FrameSet:
    """Every frame of an explorable, as images and text (no widgets).

    params : the :class:`Param` grids, slider order.
    size : (width, height) of every image in pixels.
    background : PNG of the figure without its animated artists, drawn under every frame.
    overlays, readouts, alts : by setting index (a tuple with one position per parameter): the
        frame's PNG overlay, its readout line (or ``None``) and its alt text.
    seconds : wall time spent building the view and rendering every frame.
    full_draws : how many frames needed a full redraw (the rest were blitted).
    """

    params: tuple[Param, ...]
    size: tuple[int, int]
    background: bytes
    overlays: dict[Index, bytes]
    readouts: dict[Index, str | None]
    alts: dict[Index, str]
    seconds: float
    full_draws: int

    @property
    def start(self) -> Index:
        """The setting shown first."""
        return tuple(p.start for p in self.params)

    def __len__(self) -> int:
        return len(self.overlays)

    @property
    def frames_per_second(self) -> float:
        """Frames rendered per second of wall time (including the view's setup)."""
        return len(self) / self.seconds if self.seconds > 0 else float("inf")

    def nested(self, values: dict[Index, Any]) -> list:
        """``values`` by setting as nested lists: ``[v0, v1, …]`` or ``[[v00, v01, …], …]``."""

        def level(prefix: Index) -> list:
            depth = len(prefix)
            n = len(self.params[depth].grid)
            if depth == len(self.params) - 1:
                return [values[prefix + (i,)] for i in range(n)]
            return [level(prefix + (i,)) for i in range(n)]

        return level(())


def settings(params: Sequence[Param]) -> Iterator[tuple[Index, dict[str, Any]]]:
    """Every setting of the grids, slider order: ``(index, {name: value})``."""
    for index in itertools.product(*(range(len(p.grid)) for p in params)):
        yield index, {p.name: p.grid[i] for p, i in zip(params, index, strict=True)}


class _Canvas:
    """Draws successive frames of one figure, redrawing only what changed when it can.

    Artists marked ``animated=True`` do not mark the figure stale when they change, so if
    ``fig.stale`` is false after an update only animated artists moved: the cached background is
    restored and just those are drawn. ``base`` keeps the first background: the picture every
    frame is drawn over on the page.
    """

    def __init__(self, fig: Figure, freeze_layout: bool) -> None:
        self.fig = fig
        self.canvas = FigureCanvasAgg(fig)
        self.freeze_layout = freeze_layout
        self.background = None
        self.base: np.ndarray | None = None
        self.full_draws = 0

    def draw(self) -> np.ndarray:
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


def _name(view: Any) -> str:
    return getattr(view, "__qualname__", None) or repr(view)


def _check_params(params: Sequence[Param]) -> None:
    if len(params) not in (1, 2):
        names = ", ".join(getattr(p, "name", repr(p)) for p in params) or "none"
        raise ValueError(f"an explorable takes one or two parameters, got {len(params)} ({names})")
    for p in params:
        if not isinstance(p, Param):
            raise ValueError(f"parameters must be Param objects, got {p!r}")
    if len({p.name for p in params}) != len(params):
        raise ValueError(f"two parameters are both named {params[0].name!r}")


def render(
    view: View,
    *params: Param,
    alt: str,
    figsize: tuple[float, float] = (6.4, 3.4),
    dpi: int = 90,
    colors: int | None = 256,
    freeze_layout: bool = True,
) -> FrameSet:
    """Render every setting of ``params`` through ``view`` (see the module docstring).

    alt : what the figure shows; each frame's alt text adds its setting.
    figsize, dpi : size of the one figure reused for every frame (inches, dots per inch).
    colors : palette size for PNG quantisation (``None``: full colour).
    freeze_layout : lay the figure out once (constrained layout) and keep it for every frame;
        set ``False`` if tick labels change width between frames.
    """
    _check_params(params)
    if not callable(view):
        raise ValueError(f"view must be callable, got {view!r}")
    if not isinstance(alt, str) or not alt.strip():
        raise ValueError("alt must describe the figure for readers who cannot see it")
    started = time.perf_counter()
    fig = Figure(figsize=figsize, dpi=dpi, layout="constrained")
    with mpl.rc_context(style.RC):
        try:
            update = view(fig)
        except Exception as exc:
            raise RenderError(f"the view {_name(view)} failed while building: {exc!r}") from exc
        if not callable(update):
            raise RenderError(
                f"the view {_name(view)} must return an update(**values) function, "
                f"got {type(update).__name__}"
            )
        canvas = _Canvas(fig, freeze_layout)
        description = alt.rstrip(". ") + "."
        overlays: dict[Index, bytes] = {}
        readouts: dict[Index, str | None] = {}
        alts: dict[Index, str] = {}
        for index, values in settings(params):
            where = ", ".join(f"{k}={v!r}" for k, v in values.items())
            try:
                readout = update(**values)
                pixels = canvas.draw()
            except Exception as exc:
                raise RenderError(f"rendering failed at {where}: {exc!r}") from exc
            if readout is not None and not isinstance(readout, str):
                raise RenderError(
                    f"update must return a str readout or None, got {type(readout).__name__} "
                    f"at {where}"
                )
            overlays[index] = png.encode(png.overlay(pixels, canvas.base), colors)
            readouts[index] = readout
            setting = "; ".join(f"{p.label or p.name} {p.show(values[p.name])}" for p in params)
            alts[index] = f"{description} Setting: {setting}."
    return FrameSet(
        params=tuple(params),
        size=(int(round(figsize[0] * dpi)), int(round(figsize[1] * dpi))),
        background=png.encode(canvas.base[..., :3], colors),
        overlays=overlays,
        readouts=readouts,
        alts=alts,
        seconds=time.perf_counter() - started,
        full_draws=canvas.full_draws,
    )


def render_png(fig: Figure, *, colors: int | None = 256) -> bytes:
    """Draw ``fig`` fully (animated artists included) as reproducible PNG bytes."""
    return png.encode(_Canvas(fig, freeze_layout=False).draw()[..., :3], colors)
