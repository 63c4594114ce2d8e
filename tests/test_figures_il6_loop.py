"""Chapter 5 figures (the IL-6 switch): grids, frame counts and readouts against the models."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from her2book import figures, il6_switch, selfcheck
from her2book.figures import il6_loop as fig


@pytest.fixture(scope="module")
def switch_explorable():
    return fig.bistable_switch()


def test_switch_grid_and_frames(switch_explorable):
    """Eleven PTEN levels × nine blockades: 99 frames (≤ 100), opening on a normal cell."""
    ex = switch_explorable
    assert [p.grid for p in ex.params] == [fig.PTENS, fig.BLOCKS]
    assert ex.n_frames == 99 <= 100 and len(ex.sliders) == 2
    assert [p.start for p in ex.params] == [fig.PTENS.index(1.0), fig.BLOCKS.index(0.0)]
    assert fig.PTENS == tuple(sorted(fig.PTENS))  # the slider runs from lost to normal


def test_switch_view_runs_the_same_way_as_its_pten_slider():
    """Moving the PTEN slider right moves the marked cell right: the axis is PTEN, increasing."""
    figure = plt.figure(layout="constrained")
    try:
        update = fig._switch_view(figure)
        ax = figure.axes[0]
        assert ax.get_xlim()[0] < 0 < 1 < ax.get_xlim()[1]  # PTEN lost on the left, normal right
        assert "PTEN" in ax.get_xlabel()
        marker = next(line for line in ax.lines if line.get_marker() == "o")
        xs = []
        for pten in fig.PTENS:
            update(pten, 0.0)
            xs.append(float(marker.get_xdata()[0]))
        assert xs == pytest.approx(list(fig.PTENS)) and xs == sorted(xs)
        update(0.4, 0.0)  # the shaded window is the model's PTEN window
        window = il6_switch.bistable_window(0.0)
        span = next(p for p in ax.patches if p.get_label() == "bistable window")
        assert span.get_x() == pytest.approx(window.pten_low)
        assert span.get_x() + span.get_width() == pytest.approx(window.pten_high)
    finally:
        plt.close(figure)


def test_pten_and_drive_conversions_are_inverse_and_match_the_model():
    """pten_of_drive inverts basal_drive; drive falls as PTEN rises."""
    for pten in fig.PTENS:
        b = il6_switch.basal_drive(pten)
        assert fig.pten_of_drive(b) == pytest.approx(pten)
        assert fig.drive_of_pten(pten) == pytest.approx(b)
    assert fig.drive_of_pten(1.0) < fig.drive_of_pten(0.0)


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


def test_readout_on_the_fold_says_so(switch_explorable):
    """At PTEN 0 and 30% blockade the slider sits on a fold: the readout says where the cell
    that started high stalls (x = K), and the square is drawn there, not on the low state."""
    text = switch_explorable.readouts[fig.PTENS.index(0.0)][fig.BLOCKS.index(0.3)]
    (low,) = fig.switch_cells()[(0.0, 0.3)]
    assert "exactly on a fold" in text and "x = 1.00, where a cell that started high stalls" in text
    assert text.endswith(f"the one stable state is x = {low.x:.2f} (low).")
    assert fig.switch_ends()[(0.0, 0.3)] == pytest.approx((low.x, il6_switch.DEFAULT.K))
    # every other setting is off the folds: both cells end on a stable state
    for (pten, block), ends in fig.switch_ends().items():
        stable = [s.x for s in fig.switch_cells()[(pten, block)]]
        if (pten, block) != (0.0, 0.3):
            assert ends == pytest.approx((stable[0], stable[-1])), (pten, block)


def test_explorable_draws_only_the_models_pten_range():
    """Curves, paths, window and jump arrows stay within PTEN 0-1 at every blockade; at 30% and
    more nothing is shaded, since the window lies wholly beyond total PTEN loss."""
    assert fig.B_GRID[0] == pytest.approx(il6_switch.DEFAULT.b_normal)
    assert fig.B_GRID[-1] == pytest.approx(il6_switch.DEFAULT.b_lost)
    for block, c in fig.switch_curves().items():
        for key in ("b_stable", "b_unstable"):
            pten = fig.pten_of_drive(c[key][np.isfinite(c[key])])
            assert np.all((pten > -1e-9) & (pten < 1 + 1e-9)), (block, key)
        for jump in c["jumps"] or ():
            assert jump is None or -1e-9 <= fig.pten_of_drive(jump[0]) <= 1 + 1e-9
    figure = plt.figure(layout="constrained")
    try:
        update = fig._switch_view(figure)
        span = next(p for p in figure.axes[0].patches if p.get_label() == "bistable window")
        for block in fig.BLOCKS:
            update(0.0, block)
            assert span.get_x() >= 0 and span.get_x() + span.get_width() <= 1
            assert (span.get_width() > 0) == (block < 0.3), block
    finally:
        plt.close(figure)


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
    w20 = il6_switch.bistable_window(0.2)
    assert (n["ch5_pten_low_b20"], n["ch5_pten_high_b20"]) == (w20.pten_low, w20.pten_high)
    assert n["ch5_pten_high_b20"] < n["ch5_pten_high"]  # a lasting blockade needs less PTEN
    # The cusp (34%) lies beyond total PTEN loss; inside PTEN 0-1 the window ends at 30%.
    assert n["ch5_cusp_b"] > p.b_lost and n["ch5_cusp_pten"] < 0
    assert n["ch5_cusp_b"] == pytest.approx(il6_switch.bistable_window(0.3428).b_low, abs=2e-3)
    assert n["ch5_block_lost"] == pytest.approx(30, abs=1e-6)
    assert n["ch5_block_lost"] < n["ch5_block_c"]
    w30 = il6_switch.bistable_window(n["ch5_block_lost"] / 100)
    assert w30.pten_high == pytest.approx(0, abs=1e-9) and w30.pten_low < 0
    assert 20 < n["ch5_block_pten10"] < 25 < n["ch5_block_lost"]  # exercise ch5-ex-block (a)


def test_exercise_settings_on_the_slider_grid():
    """The settings the exercises name give the states their solutions state."""
    cells = fig.switch_cells()
    assert len(cells[(0.1, 0.0)]) == 1 and cells[(0.1, 0.0)][0].x > 1  # PTEN 10%: high only
    assert len(cells[(0.2, 0.0)]) == 2  # PTEN 20%: a low state exists again
    assert len(cells[(0.2, 0.2)]) == 1 and cells[(0.2, 0.2)][0].x < 1  # 20% blocked: low only
    assert len(cells[(0.1, 0.2)]) == 2  # 10% PTEN with 20% blocked: still bistable
    assert len(cells[(0.0, 0.25)]) == 1 and cells[(0.0, 0.25)][0].x > 1  # PTEN lost, 25%: high
    assert cells[(0.0, 0.3)][-1].x < 1  # 30% blockade: no stable high state (a fold)
    assert len(cells[(0.1, 0.2)]) == 2  # exercise (a): PTEN 10%, 20% blocked: still bistable
    assert len(cells[(0.1, 0.25)]) == 1 and cells[(0.1, 0.25)][0].x < 1  # 25%: low only


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


def test_production_loss_marks_the_three_steady_states():
    """Three marked steady states at PTEN 0.4, filled when stable, where the curves cross."""
    figure = fig.production_loss()
    try:
        (ax,) = figure.axes
        states = il6_switch.steady_states(il6_switch.basal_drive(0.4))
        marks = [line for line in ax.lines if line.get_marker() == "o"]
        assert [float(m.get_xdata()[0]) for m in marks] == pytest.approx([s.x for s in states])
        filled = [m.get_markerfacecolor() != "white" for m in marks]
        assert filled == [s.stable for s in states] == [True, False, True]
        production, loss = ax.lines[:2]
        for s in states:  # each mark sits where production equals loss
            i = int(np.argmin(np.abs(production.get_xdata() - s.x)))
            assert production.get_ydata()[i] == pytest.approx(loss.get_ydata()[i], abs=0.02)
    finally:
        plt.close(figure)


def test_switch_history_plots_the_two_histories():
    """One panel: the two cells' histories, exactly as :func:`cell_histories` computes them."""
    figure = fig.switch_history()
    try:
        (ax,) = figure.axes
        x_a, x_b = fig.cell_histories()
        a_line, b_line = ax.lines
        assert np.array_equal(a_line.get_ydata(), x_a) and np.array_equal(b_line.get_ydata(), x_b)
    finally:
        plt.close(figure)


def test_chapter_lists_its_explorables():
    """The module declares Chapter 5 and its builder, and the package collects it."""
    assert fig.CHAPTER == 5
    assert fig.EXPLORABLES == (fig.bistable_switch,)
    assert figures.explorables()["il6_loop.bistable_switch"] is fig.bistable_switch


def test_temporary_antibody_sticks_only_where_a_low_state_exists():
    """Exercise ch5-ex-block (b): after 40% blockade, PTEN 10% relapses and PTEN 20% stays low."""
    t = fig.HISTORY_T
    ends = {}
    for pten in (0.10, 0.14, 0.16, 0.20):
        b = il6_switch.basal_drive(pten)
        x_high = il6_switch.steady_states(b)[-1].x
        ends[pten] = il6_switch.simulate(il6_switch.DEFAULT, b, fig.history_antibody, t, x_high)
    assert ends[0.10][-1] > 1.5 and ends[0.14][-1] > 1.5  # below the window's left edge
    assert ends[0.16][-1] < 0.7 and ends[0.20][-1] < 0.7  # above it: the cell stays low
    assert 0.14 < il6_switch.bistable_window(0.0).pten_low < 0.16


def test_question_feedback_quotes_the_model():
    """The numbers in Chapter 5's questions are the model's: window 0.15–0.62; no PTEN level in
    0-1 bistable from 30% blockade; cusp at 34%, beyond total PTEN loss."""
    w = il6_switch.bistable_window(0.0)
    text = " ".join(o.feedback for o in selfcheck.get("ch5-predict-hysteresis").options)
    assert f"about {w.pten_low:.2f}" in text and f"about {w.pten_high:.2f}" in text
    q = selfcheck.get("ch5-window-block")
    (right,) = [o for o in q.options if o.correct]
    lost = 100 * il6_switch.block_to_lose_high_state(il6_switch.basal_drive(0.0))
    assert f"about {lost:.0f}%" in right.text and "between 0 and 1" in right.text
    text = " ".join(o.text + o.feedback for o in q.options)
    assert f"about {100 * il6_switch.critical_block():.0f}%" in text
    low, high = il6_switch.bistable_window(0.2), il6_switch.bistable_window(0.0)
    assert low.pten_low < high.pten_low  # "moves toward lower PTEN" …
    assert low.width < high.width  # … and "narrows"
