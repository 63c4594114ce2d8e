"""The chapter template's figures (``book/_template.ipynb``): a worked example, not a chapter.

Copy this module to ``her2book/figures/<notebook slug>.py`` when you start a chapter (see
CONTRIBUTING.md). Its name starts with ``_`` so that :func:`her2book.figures.explorables` leaves it
out: the template is not part of the book, and the benchmark and the site tests count only real
chapters. It shows the pattern every chapter's figures module follows:

- ``CHAPTER`` (the chapter's number in ``_toc.yml``; 0 here, because the template is in no TOC)
  and ``EXPLORABLES``, the tuple of explorable builders the tests and the benchmark collect;
- slider grids as module-level constants, so that building is deterministic and cheap to repeat;
- a *builder* per explorable: a public function with no required arguments that returns the
  :class:`~her2book.explorable.Explorable`, with its view, caption and alt text beside it.

In a real chapter the model is a module of its own (``her2book/<model>.py``, tested against closed
forms); the template's model is one line of exponential growth, kept here so the example stands
alone.
"""

from __future__ import annotations

import numpy as np

from .. import checks, style
from ..explorable import Explorable, Param, explorable

__all__ = ["CHAPTER", "DAYS", "DOUBLING_DAYS", "EXPLORABLES", "HORIZON", "cells_after", "growth"]

CHAPTER = 0

#: Doubling times on the slider (days).
DOUBLING_DAYS: tuple[float, ...] = (2, 3, 5, 8, 13, 21)
#: The readout's time point (days).
HORIZON = 60.0
#: Times at which the curve is drawn (days).
DAYS = np.linspace(0, HORIZON, 121)
DAYS.flags.writeable = False


def cells_after(days, doubling_days: float, start: float = 1.0):
    """Cells after ``days`` (days, scalar or array) of unchecked exponential growth.

    ``N(t) = start · 2^(t / doubling_days)``, with ``doubling_days`` > 0 (days) and ``start`` > 0
    (cells). ``ValueError`` names a bad argument.
    """
    doubling_days = checks.number("doubling_days", doubling_days, positive=True)
    start = checks.number("start", start, positive=True)
    return start * 2.0 ** (np.asarray(days, dtype=float) / doubling_days)


def _readout(doubling_days: float) -> str:
    cells = cells_after(HORIZON, doubling_days)
    return (
        f"Doubling every {doubling_days:g} days: one cell becomes {cells:,.0f} in {HORIZON:g} days."
    )


def growth(*, initial: int = 2) -> Explorable:
    """Explorable: one cell's exponential growth for each doubling time on the slider."""

    def view(fig):
        ax = fig.subplots()
        (curve,) = ax.plot(
            DAYS, cells_after(DAYS, DOUBLING_DAYS[0]), color=style.COLORS["blue"], animated=True
        )
        ax.set(
            yscale="log",
            xlim=(0, HORIZON),
            ylim=(1, 2 * cells_after(HORIZON, 2)),
            xlabel="Time (days)",
            ylabel="Cells (log scale)",
        )

        def update(doubling):
            curve.set_ydata(cells_after(DAYS, doubling))
            return _readout(doubling)

        return update

    return explorable(
        view,
        Param("doubling", DOUBLING_DAYS, "Doubling time", "days", initial=initial),
        caption="Halve the doubling time: how many more cells are there after 60 days?",
        alt="Line plot of cell number on a log scale against time in days: a straight line "
        "whose slope is set by the doubling time.",
        figsize=(5.5, 3.2),
    )


EXPLORABLES = (growth,)
