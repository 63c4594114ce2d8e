"""The chapter template's figures module (her2book.figures._template), as a chapter's would be."""

from __future__ import annotations

import numpy as np
import pytest

from her2book import figures
from her2book.figures import _template as fig


@pytest.fixture(scope="module")
def growth():
    return fig.growth()


def test_module_declares_chapter_zero_and_stays_out_of_the_book():
    """The template is Chapter 0 with one builder, and figures.explorables() leaves it out."""
    assert fig.CHAPTER == 0
    assert fig.EXPLORABLES == (fig.growth,)
    assert not any(name.startswith("_template.") for name in figures.explorables())


def test_growth_grid_and_frames(growth):
    """One slider over the six doubling times: six frames, starting at 5 days."""
    assert [p.grid for p in growth.params] == [fig.DOUBLING_DAYS]
    assert growth.n_frames == len(fig.DOUBLING_DAYS) == len(growth.readouts)
    assert growth.params[0].start == fig.DOUBLING_DAYS.index(5)


def test_readout_is_the_closed_form(growth):
    """Each readout states 2^(60 / doubling time) cells, computed here independently."""
    for doubling, readout in zip(fig.DOUBLING_DAYS, growth.readouts, strict=True):
        cells = 2 ** (60 / doubling)
        assert f"one cell becomes {cells:,.0f} in 60 days" in readout, readout


def test_cells_after_doubles_once_per_doubling_time():
    """After k doubling times there are 2^k times the starting cells."""
    assert fig.cells_after(np.array([0, 7, 21]), 7, start=3) == pytest.approx([3, 6, 24])


@pytest.mark.parametrize(
    "args, name", [((10, 0), "doubling_days"), ((10, -1), "doubling_days"), ((10, 2, 0), "start")]
)
def test_bad_input_names_the_parameter(args, name):
    """A non-positive doubling time or start is a ValueError naming it."""
    with pytest.raises(ValueError, match=name):
        fig.cells_after(*args)
