"""Chapter 5 figures (the IL-6 switch): grids, frame counts and readouts against the models."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from her2book import figures, il6_switch
from her2book.figures import il6_loop as fig


@pytest.fixture(scope="module")
def switch_explorable():
    return fig.bistable_switch()


def test_switch_grid_and_frames(switch_explorable):
    """Eleven PTEN levels × nine blockades: 99 frames (≤ 100), starting at PTEN 0.4, no block."""
    ex = switch_explorable
    assert [p.grid for p in ex.params] == [fig.PTENS, fig.BLOCKS]
    assert ex.n_frames == 99 <= 100 and len(ex.sliders) == 2
    assert [p.start for p in ex.params] == [fig.PTENS.index(0.4), fig.BLOCKS.index(0.0)]


def test_switch_readout_reports_the_steady_states(switch_explorable):
    """At PTEN 0.4 the readout gives both stable states; with PTEN lost, the single high one."""
    j = fig.BLOCKS.index(0.0)
    low, _, high = il6_switch.steady_states(il6_switch.basal_drive(0.4))
    text = switch_explorable.readouts[fig.PTENS.index(0.4)][j]
    assert text == (
        f"PTEN 40% → drive b = {il6_switch.basal_drive(0.4):.3f}; 0% of IL-6 receptors "
        f"blocked: bistable, two stable states (x = {low.x:.2f} and {high.x:.2f}); each cell "
        "stays where it started."
    )
    (only,) = il6_switch.steady_states(il6_switch.basal_drive(0.0))
    text = switch_explorable.readouts[fig.PTENS.index(0.0)][j]
    assert text.endswith(f"one stable state (x = {only.x:.2f}, high); both cells end there.")


def test_switch_curves_show_hysteresis_and_a_closing_window():
    """Inside the window the down path lies above the up path; 40% blockade leaves no window."""
    curves = fig.switch_curves()
    window = il6_switch.bistable_window(0.0)
    inside = (fig.B_GRID > window.b_low + 1e-3) & (fig.B_GRID < window.b_high - 1e-3)
    assert np.all(curves[0.0]["down"][inside] > curves[0.0]["up"][inside] + 0.5)
    assert curves[0.0]["window"] == window and curves[0.4]["window"] is None
    cells = fig.switch_cells()
    assert len(cells[(0.4, 0.0)]) == 2 and len(cells[(0.0, 0.0)]) == 1


def test_switch_numbers_closed_forms():
    """b(0.4) = b_lost − 0.4(b_lost − b_normal); β_c from v(1 − β_c)h'(x*) = γ."""
    n, p = fig.switch_numbers(), il6_switch.DEFAULT
    assert n["ch5_b_mid"] == pytest.approx(p.b_lost - 0.4 * (p.b_lost - p.b_normal))
    assert n["ch5_b_lost"] == p.b_lost and n["ch5_b_normal"] == pytest.approx(p.b_normal)
    x_star = p.K * ((p.n - 1) / (p.n + 1)) ** (1 / p.n)
    slope = p.n * p.K**p.n * x_star ** (p.n - 1) / (p.K**p.n + x_star**p.n) ** 2
    assert n["ch5_block_c"] == pytest.approx(100 * (1 - p.gamma / (p.v * slope)))
    assert 0 < n["ch5_pten_low"] < 0.4 < 0.5 < n["ch5_pten_high"] < 1
    assert n["ch5_x_low"] < n["ch5_x_mid"] < n["ch5_x_high"]
    assert n["ch5_block_lost_v09"] < n["ch5_block_lost"] < n["ch5_block_c"]


def test_cell_histories_match_an_independent_run_and_the_text():
    """Cells A and B are the chapter's simulations: both high, both down, then A relapses."""
    x_a, x_b = fig.cell_histories()
    t = np.linspace(0, 150, 401)
    x_start = il6_switch.steady_states(il6_switch.basal_drive(1.0))[0].x
    block = [0.4 if 60 <= ti < 90 else 0.0 for ti in t]
    assert x_a[0] == x_b[0] == x_start and fig.HISTORY_T == pytest.approx(t)
    assert [fig.history_antibody(ti) for ti in t] == block
    lost = il6_switch.simulate(
        il6_switch.DEFAULT, il6_switch.basal_drive(0.0), fig.history_antibody, t, x_start
    )
    assert np.array_equal(x_a, lost)

    def at(time):
        return int(np.argmin(np.abs(t - time)))

    assert x_a[at(55)] > 1.5 and x_b[at(55)] > 1.2  # both high; B keeps its memory after t = 30
    assert x_a[at(88)] < 1 and x_b[at(88)] < 0.5  # the antibody brings both down
    assert x_a[-1] > 1.5 and x_b[-1] < 0.5  # A relapses, B stays low


def test_switch_history_plots_the_states_and_the_histories():
    """Left: three marked steady states at PTEN 0.4; right: the two cells' histories."""
    figure = fig.switch_history()
    try:
        left, right = figure.axes
        states = il6_switch.steady_states(il6_switch.basal_drive(0.4))
        marks = [line for line in left.lines if line.get_marker() == "o"]
        assert [float(m.get_xdata()[0]) for m in marks] == pytest.approx([s.x for s in states])
        x_a, x_b = fig.cell_histories()
        a_line, b_line = right.lines
        assert np.array_equal(a_line.get_ydata(), x_a) and np.array_equal(b_line.get_ydata(), x_b)
    finally:
        plt.close(figure)


def test_chapter_lists_its_explorables():
    """The module declares Chapter 5 and its builder, and the package collects it."""
    assert fig.CHAPTER == 5
    assert fig.EXPLORABLES == (fig.bistable_switch,)
    assert figures.explorables()["il6_loop.bistable_switch"] is fig.bistable_switch
