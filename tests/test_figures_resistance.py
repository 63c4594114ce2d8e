"""Chapter 4 figures: each explorable's grid, frame count and readouts against the models."""

from __future__ import annotations

from math import comb

import matplotlib.pyplot as plt
import numpy as np
import pytest

from her2book import claims, contingency, figures, il6_switch
from her2book.figures import resistance as fig


@pytest.fixture(scope="module")
def study_explorable():
    return fig.study_size()


@pytest.fixture(scope="module")
def switch_explorable():
    return fig.bistable_switch()


def test_chapter_lists_its_explorables():
    """The module declares Chapter 4 and both builders, and the package collects them."""
    assert fig.CHAPTER == 4
    assert fig.EXPLORABLES == (fig.study_size, fig.bistable_switch)
    found = figures.explorables()
    assert found["resistance.study_size"] is fig.study_size
    assert found["resistance.bistable_switch"] is fig.bistable_switch


def test_study_size_grid_and_frames(study_explorable):
    """Seven study sizes × five recounts: 35 frames (≤ 100), starting at 1× and no recount."""
    ex = study_explorable
    assert [p.grid for p in ex.params] == [fig.MULTIPLIERS, fig.SHIFTS]
    assert ex.n_frames == 35 <= 100 and len(ex.sliders) == 2
    assert len(ex.readouts) == 7 and all(len(row) == 5 for row in ex.readouts)
    assert [p.start for p in ex.params] == [fig.MULTIPLIERS.index(1), fig.SHIFTS.index(0)]


@pytest.mark.parametrize(
    "multiplier, shift, table",
    [(1, 0, [[6, 1], [8, 22]]), (1, 1, [[5, 2], [8, 22]]), (2, -2, [[12, 2], [14, 46]])],
)
def test_study_readout_reports_the_table_analysis(study_explorable, multiplier, shift, table):
    """The readout quotes the recounted table, its Fisher p and exact odds-ratio interval."""
    i, j = fig.MULTIPLIERS.index(multiplier), fig.SHIFTS.index(shift)
    text = study_explorable.readouts[i][j]
    r = contingency.analyze_table(table)
    (a, b), (c, d) = table
    assert text.startswith(
        f"Table: high miR-21 {a} progressed / {b} not; low {c} / {d} (n = {a + b + c + d})."
    )
    p = f"{r.p_fisher:.2g}" if r.p_fisher >= 1e-3 else f"{r.p_fisher:.1e}"
    assert f" p = {p}; OR {r.or_conditional:.3g} " in text
    assert text.endswith(f"(95% CI {r.ci_conditional[0]:.3g}–{r.ci_conditional[1]:.3g}).")


def test_study_sweep_is_the_scaled_and_recounted_tables():
    """Every sweep entry analyses the table scaled by its multiplier and recounted by its shift."""
    sweep = fig.study_sweep()
    assert set(sweep) == {(m, s) for m in fig.MULTIPLIERS for s in fig.SHIFTS}
    assert sweep[(1, 0)].table == ((6, 1), (8, 22))
    assert sweep[(8, 2)].table == ((46, 10), (64, 176))  # 8× is 48/8 and 64/176; 2 recounted
    assert sweep[(8, 2)].p_fisher < 1e-6 < sweep[(1, 2)].p_fisher


def test_mir21_numbers_by_hand():
    """The glued numbers: OR 16.5, risks 6/7 and 8/30, Fisher p matching the registry."""
    n = fig.mir21_numbers()
    claim = claims.value("mir21-table")
    assert n["ch4_or_sample"] == pytest.approx(6 * 22 / (1 * 8))
    assert n["ch4_risk_high"] == pytest.approx(100 * 6 / 7)
    assert n["ch4_risk_low"] == pytest.approx(100 * 8 / 30)
    assert n["ch4_rr"] == pytest.approx((6 / 7) / (8 / 30))
    assert n["ch4_p"] == pytest.approx(claim["p_fisher"], abs=5e-5)
    assert n["ch4_p_one_moved"] > 0.05 > n["ch4_p"]
    assert abs(n["ch4_p_perm"] - n["ch4_p"]) < 0.0015


def test_fisher_null_bars_are_the_hypergeometric_probabilities():
    """Eight bars with the hand-computed P(a = k); only a = 6 and a = 7 are highlighted."""
    figure = fig.fisher_null()
    try:
        (ax,) = figure.axes
        bars = ax.patches
        expected = [comb(7, k) * comb(30, 14 - k) / comb(37, 14) for k in range(8)]
        assert [b.get_height() for b in bars] == pytest.approx(expected, rel=1e-12)
        colors = [b.get_facecolor() for b in bars]
        assert colors[6] == colors[7] and all(c != colors[6] for c in colors[:6])
    finally:
        plt.close(figure)


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
    assert n["ch4_b_mid"] == pytest.approx(p.b_lost - 0.4 * (p.b_lost - p.b_normal))
    assert n["ch4_b_lost"] == p.b_lost and n["ch4_b_normal"] == pytest.approx(p.b_normal)
    x_star = p.K * ((p.n - 1) / (p.n + 1)) ** (1 / p.n)
    slope = p.n * p.K**p.n * x_star ** (p.n - 1) / (p.K**p.n + x_star**p.n) ** 2
    assert n["ch4_block_c"] == pytest.approx(100 * (1 - p.gamma / (p.v * slope)))
    assert 0 < n["ch4_pten_low"] < 0.4 < 0.5 < n["ch4_pten_high"] < 1
    assert n["ch4_x_low"] < n["ch4_x_mid"] < n["ch4_x_high"]
    assert n["ch4_block_lost_v09"] < n["ch4_block_lost"] < n["ch4_block_c"]


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
