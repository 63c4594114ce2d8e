"""Explorables: slider-driven figures that respond on the static website, with no kernel.

A Python callback never runs on the built website, so every figure an explorable can show is
rendered in advance (:mod:`her2book.frames`). Each frame becomes an ``ipywidgets.HTML`` image in a
``Stack`` whose ``selected_index`` follows a ``SelectionSlider.index`` through ``jslink``. The
link runs in the browser's widget manager, so the same widget works on the static site, live in
JupyterLab and under nbval. With two sliders the stacks nest: the outer stack follows the first
slider and every inner stack follows the second; one recursive function builds both cases.

Write a *view* (see :mod:`her2book.frames`) and call :func:`explorable`::

    explorable(view, Param("rate", [0.5, 1, 2], "Growth rate", "1/day"),
               caption="Double the rate: what happens to the half-life?",
               alt="Line plot of tumour size against time in days.")

Each frame is shipped as an overlay on one shared background image, so static parts of the
figure (axes, labels, reference data) reach the page once.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from . import explorable_web, png
from .frames import FrameSet, Index, Param, View, render

__all__ = ["Explorable", "Param", "explorable"]


def _img(data: bytes, alt: str, size: tuple[int, int], extra: str = "") -> str:
    width, height = size
    return (
        f'<img src="{png.data_uri(data)}" alt="{html.escape(alt, quote=True)}" width="{width}" '
        f'height="{height}" decoding="sync" style="max-width:100%;height:auto"{extra}>'
    )


def _frame_html(frames: FrameSet, index: Index) -> str:
    image = _img(frames.overlays[index], frames.alts[index], frames.size)
    return f'<div class="her2book-frame">{image}</div>'


def _readout_html(frames: FrameSet, index: Index) -> str:
    readout = frames.readouts[index]
    text = html.escape(readout) if readout else ""
    return f'<p class="her2book-readout" aria-live="polite">{text}</p>'


def _stacks(frames: FrameSet, leaf) -> tuple[widgets.Stack, list[list[widgets.Stack]]]:
    """Nested stacks of ``leaf(frames, index)`` HTML, one level per parameter.

    Returns the outermost stack and, per level, every stack at that level (for the links).
    """
    levels: list[list[widgets.Stack]] = [[] for _ in frames.params]
    start = frames.start

    def build(prefix: Index) -> widgets.Stack:
        depth = len(prefix)
        indices = [prefix + (i,) for i in range(len(frames.params[depth].grid))]
        if depth == len(frames.params) - 1:
            children = [widgets.HTML(leaf(frames, index)) for index in indices]
        else:
            children = [build(index) for index in indices]
        stack = widgets.Stack(children, selected_index=start[depth])
        levels[depth].append(stack)
        return stack

    return build(()), levels


def _slider(p: Param) -> widgets.SelectionSlider:
    return widgets.SelectionSlider(
        options=[(p.show(v), i) for i, v in enumerate(p.grid)],
        value=p.start,
        description=p.title,
        continuous_update=True,
        style={"description_width": "initial"},
        layout=widgets.Layout(width="100%", max_width="44rem"),
    )


class Explorable(widgets.VBox):
    """A caption, one or two sliders and a stack of pre-rendered frames (see module docs).

    Attributes
    ----------
    frameset : the :class:`~her2book.frames.FrameSet` the widgets show.
    params : the ``Param`` objects, slider order.
    sliders : the ``SelectionSlider`` widgets (``.index`` is the position in the grid).
    stack, readout_stack : the outer ``Stack`` of frames and of readout lines.
    links : every ``jslink`` from a slider to a stack.
    background : HTML of the shared background image.
    frames, readouts : frame HTML and readout text as nested lists (``[i]`` or ``[i][j]``).
    """

    def __init__(self, frameset: FrameSet, *, caption: str) -> None:
        if not isinstance(caption, str) or not caption.strip():
            raise ValueError("caption must tell the reader what to try")
        self.frameset = frameset
        self.params = frameset.params
        self.caption = caption
        indices = list(frameset.overlays)
        self.frames = frameset.nested({i: _frame_html(frameset, i) for i in indices})
        self.readouts = frameset.nested(frameset.readouts)
        self.background = (
            '<div class="her2book-background">'
            + _img(frameset.background, "", frameset.size, ' aria-hidden="true"')
            + "</div>"
        )
        self.stack, frame_levels = _stacks(frameset, _frame_html)
        self.readout_stack, readout_levels = _stacks(frameset, _readout_html)
        self.sliders = [_slider(p) for p in self.params]
        self.links = [
            widgets.jslink((slider, "index"), (stack, "selected_index"))
            for slider, stacks, readouts in zip(
                self.sliders, frame_levels, readout_levels, strict=True
            )
            for stack in stacks + readouts
        ]
        # Background and frames share one grid cell, so each frame is drawn over the background.
        background = widgets.HTML(self.background, layout=widgets.Layout(grid_area="figure"))
        self.stack.layout.grid_area = "figure"
        figure = widgets.GridBox(
            [background, self.stack],
            layout=widgets.Layout(grid_template_areas='"figure"', grid_template_columns="100%"),
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

    def _repr_mimebundle_(self, **kwargs: Any) -> dict | None:
        """The widget view for JupyterLab, plus the frames for the static site (see
        :mod:`her2book.explorable_web`): a front end shows the richest type it knows."""
        bundle = super()._repr_mimebundle_(**kwargs)
        if bundle is None:
            return None
        data, metadata = bundle if isinstance(bundle, tuple) else (bundle, {})
        data[explorable_web.MIME] = explorable_web.to_json(self.frameset, self.caption)
        return (data, metadata) if isinstance(bundle, tuple) else data

    @property
    def n_frames(self) -> int:
        """How many frames were rendered."""
        return len(self.frameset)

    @property
    def frames_per_second(self) -> float:
        """Frames rendered per second of wall time (including the view's setup)."""
        return self.frameset.frames_per_second


def explorable(
    view: View,
    *params: Param,
    caption: str,
    alt: str,
    **options: Any,
) -> Explorable:
    """Render ``view`` over ``params`` and assemble the widget (see the module docstring).

    view : ``view(fig) -> update``; ``update(**values)`` redraws for one setting and returns a
        one-line readout (or ``None``).
    *params : one or two :class:`Param` grids (slider order).
    caption : one sentence telling the reader what to try; shown above the sliders.
    alt : what the figure shows, for screen readers; each frame adds its parameter setting.
    **options : passed to :func:`her2book.frames.render` (``figsize``, ``dpi``, ``colors``,
        ``freeze_layout``).

    Raises ``ValueError`` for a bad argument and :class:`her2book.frames.RenderError` when the
    view fails, naming the setting.

    Speed: mark the artists that ``update`` changes with ``animated=True`` and keep titles and
    axis limits fixed (put changing numbers in the readout): frames are then blitted, not redrawn.
    """
    if not isinstance(caption, str) or not caption.strip():
        raise ValueError("caption must tell the reader what to try")
    return Explorable(render(view, *params, alt=alt, **options), caption=caption)
