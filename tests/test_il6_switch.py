"""Tests for her2book.il6_switch: the minimal IL-6 positive-feedback switch."""

import numpy as np
import pytest

from her2book import il6_switch as fb

P = fb.DEFAULT


def run_to(x0, b, t_end, block=0.0):
    """Activity at ``t_end`` of a cell that starts at ``x0`` at time 0 (constant inputs)."""
    return fb.simulate(P, b, block, np.linspace(0.0, t_end, 401), x0)[-1]


def test_steady_states_solve_the_equation_and_alternate_in_stability():
    """Every steady state zeroes dx/dt; stable and unstable states alternate, stable at the ends."""
    for b in (0.0, 0.1, 0.2, 0.25, 0.3, 0.35):
        states = fb.steady_states(b, 0.0, P)
        assert states, b
        for s in states:
            assert isinstance(s, fb.IL6SteadyState)
            assert abs(fb.il6_rate(s.x, b, 0.0, P)) < 1e-10
            assert s.stable == (s.slope < 0)
        # In one dimension, stable and unstable states alternate, starting and ending stable.
        flags = [s.stable for s in states]
        assert flags[0] and flags[-1]
        assert all(flags[i] != flags[i + 1] for i in range(len(flags) - 1))


def test_stability_agrees_with_simulation():
    """A cell just below the unstable state settles low, one just above settles high."""
    b = 0.25  # inside the window at block 0
    low, mid, high = fb.steady_states(b, 0.0, P)
    assert low.stable and not mid.stable and high.stable
    assert run_to(mid.x - 1e-3, b, 200) == pytest.approx(low.x, abs=1e-6)
    assert run_to(mid.x + 1e-3, b, 200) == pytest.approx(high.x, abs=1e-6)


def test_simulate_starts_at_rest_by_default_and_returns_one_value_per_time():
    """Without x0 the cell starts in the lowest steady state and stays there."""
    t = np.linspace(5.0, 50.0, 91)
    (low, *_) = fb.steady_states(0.25, 0.1, P)
    x = fb.simulate(P, 0.25, 0.1, t)
    assert x.shape == t.shape
    assert np.allclose(x, low.x, atol=1e-9)


def test_inputs_are_functions_of_absolute_time():
    """A blockade switched on at t = 20 gives the same path as two runs joined at t = 20."""
    b = fb.basal_drive(0.0)
    block_on = 0.5

    def block(time):
        return block_on if time >= 20 else 0.0

    x = fb.simulate(P, b, block, np.linspace(0.0, 40.0, 81), 0.0)
    first = fb.simulate(P, b, 0.0, np.linspace(0.0, 20.0, 41), 0.0)
    second = fb.simulate(P, b, block_on, np.linspace(20.0, 40.0, 41), first[-1])
    assert x[40] == pytest.approx(first[-1], abs=1e-6)
    assert np.allclose(x[40:], second, atol=1e-5)
    # Starting the same schedule at t = 10 switches the blockade on at t = 20, not 10 later.
    late = fb.simulate(P, b, block, np.linspace(10.0, 40.0, 61), x[20])
    assert np.allclose(late, x[20:], atol=1e-5)
    # With the blockade on, a PTEN-lost cell falls from the high state towards the single state.
    (only,) = fb.steady_states(b, block_on)
    assert x[-1] == pytest.approx(only.x, abs=0.05)


def test_window_edges_satisfy_fold_conditions():
    """The folds zero dx/dt and its slope; the state count changes from 1 to 3 across them."""
    w = fb.bistable_window(0.0, P)
    assert w is not None and 0 < w.b_low < w.b_high
    for x, b in fb.fold_points(0.0, P):
        assert abs(fb.il6_rate(x, b, 0.0, P)) < 1e-10
        assert abs(fb.il6_rate_slope(x, b, 0.0, P)) < 1e-10
    eps = 1e-3
    assert len(fb.steady_states(w.b_low - eps)) == 1
    assert len(fb.steady_states(w.b_low + eps)) == 3
    assert len(fb.steady_states(w.b_high - eps)) == 3
    assert len(fb.steady_states(w.b_high + eps)) == 1
    # Below the window only the low state, above it only the high one.
    assert fb.steady_states(w.b_low - eps)[0].x < 1 < fb.steady_states(w.b_high + eps)[0].x
    # The same window in PTEN: lower PTEN means more drive.
    assert fb.basal_drive(w.pten_low) == pytest.approx(w.b_high)
    assert fb.basal_drive(w.pten_high) == pytest.approx(w.b_low)
    assert 0 < w.pten_low < w.pten_high < 1


def test_window_matches_dense_scan():
    """Drives with three steady states on a dense scan span exactly the computed window."""
    w = fb.bistable_window(0.0, P)
    bs = np.linspace(0, 0.4, 801)
    three = [b for b in bs if len(fb.steady_states(b, 0.0, P, grid=2001)) == 3]
    assert min(three) == pytest.approx(w.b_low, abs=1e-3)
    assert max(three) == pytest.approx(w.b_high, abs=1e-3)


def test_two_stable_states_exactly_inside_the_window():
    """From PTEN normal to PTEN lost, two stable states inside the window and one outside."""
    w = fb.bistable_window(0.0, P)
    for b in np.linspace(0.0, fb.basal_drive(0.0), 301):
        n_stable = sum(s.stable for s in fb.steady_states(b))
        if w.b_low + 1e-4 < b < w.b_high - 1e-4:
            assert n_stable == 2, b
        elif b < w.b_low - 1e-4 or b > w.b_high + 1e-4:
            assert n_stable == 1, b


def test_blockade_shrinks_then_removes_the_window():
    """Blockade narrows the window until it closes at the cusp, where the folds merge at x*."""
    widths = [fb.bistable_window(k, P).width for k in (0.0, 0.1, 0.2, 0.3)]
    assert all(widths[i] > widths[i + 1] for i in range(3))
    bc = fb.critical_block(P)
    assert 0 < bc < 1
    assert fb.bistable_window(bc * 0.999, P) is not None
    assert fb.bistable_window(bc * 1.001, P) is None
    # Closed form: at the cusp the two fold x values merge at the Hill inflection point.
    (x1, _), (x2, _) = fb.fold_points(bc * (1 - 1e-8), P)
    x_star = P.K * ((P.n - 1) / (P.n + 1)) ** (1 / P.n)
    assert x1 == pytest.approx(x_star, rel=1e-2) and x2 == pytest.approx(x_star, rel=1e-2)
    # Closed form of the cusp: v(1 − β_c)·h'(x*) = γ with h'(x*) by hand.
    slope = P.n * P.K**P.n * x_star ** (P.n - 1) / (P.K**P.n + x_star**P.n) ** 2
    assert bc == pytest.approx(1 - P.gamma / (P.v * slope), rel=1e-12)


def test_high_state_vanishes_with_enough_blockade():
    """With PTEN lost, a blockade just above block_to_lose_high_state leaves only a low state."""
    b = fb.basal_drive(0.0)  # PTEN lost
    assert fb.steady_states(b, 0.0)[-1].x > 1.5
    k = fb.block_to_lose_high_state(b)
    assert 0 < k < 1
    assert max(s.x for s in fb.steady_states(b, k + 0.01)) < 1
    assert max(s.x for s in fb.steady_states(b, k - 0.01)) > 1
    # A cell in the high state falls to the low state once the receptor is blocked enough.
    (only,) = fb.steady_states(b, k + 0.02)
    assert run_to(2.0, b, 300, block=k + 0.02) == pytest.approx(only.x, abs=1e-5) and only.x < 1


def test_a_drive_exactly_at_a_fold_has_its_double_root():
    """At 30% blockade and PTEN 0 (b = 0.35) the right fold sits exactly at x = K: the double
    root is returned as half-stable (slope 0), and a cell coming from above stalls there."""
    k = fb.block_to_lose_high_state(fb.basal_drive(0.0))
    assert k == pytest.approx(0.3, abs=1e-9)
    low, fold = fb.steady_states(fb.basal_drive(0.0), 0.3)
    assert low.stable and low.x < 1
    assert fold.x == pytest.approx(P.K) and fold.slope == 0.0 and not fold.stable
    assert abs(fb.il6_rate(fold.x, 0.35, 0.3)) < 1e-12  # v(1 − β) = γ and b = γK/2 here
    assert fb.hysteresis_sweep([0.35], 0.3, x0=2.0)[0] == pytest.approx(P.K)
    assert fb.hysteresis_sweep([0.35], 0.3, x0=0.0)[0] == pytest.approx(low.x)
    # just off the fold the double root splits (inside) or vanishes (outside)
    assert len(fb.steady_states(0.35 + 1e-4, 0.3)) == 3
    assert len(fb.steady_states(0.35 - 1e-4, 0.3)) == 1


def test_no_pten_level_is_bistable_from_30_percent_blockade():
    """Within PTEN 0-1 the window closes at 30% blockade (its right edge reaches PTEN 0), before
    the cusp at 34%, whose drive lies beyond total PTEN loss."""
    k = fb.block_to_lose_high_state(fb.basal_drive(0.0))
    bc = fb.critical_block()
    assert k == pytest.approx(0.30, abs=1e-9) and round(100 * bc) == 34
    (_, b_cusp), _ = fb.fold_points(bc * (1 - 1e-9))
    assert b_cusp > P.b_lost and fb.pten_for_drive(b_cusp) < 0
    ptens = np.linspace(0.0, 1.0, 201)
    for block in np.linspace(k + 1e-6, bc, 9):
        w = fb.bistable_window(block)
        assert w is None or w.pten_high < 0, block
        for pten in ptens:
            n_stable = sum(s.stable for s in fb.steady_states(fb.basal_drive(pten), block))
            assert n_stable == 1, (block, pten)
    # just below 30%, PTEN 0 still has both states
    assert sum(s.stable for s in fb.steady_states(fb.basal_drive(0.0), k - 0.005)) == 2


def test_weaker_loop_needs_less_blockade():
    """The blockade acts through v(1 − β): with v = 0.9 less of it removes the high state."""
    b = fb.basal_drive(0.0)
    k1 = fb.block_to_lose_high_state(b)
    k09 = fb.block_to_lose_high_state(b, fb.LoopParams(v=0.9))
    assert 0 < k09 < k1
    # The right fold sits at the same drive b when the products v(1 − β) are equal.
    w1 = fb.bistable_window(k1, P)
    w09 = fb.bistable_window(1 - (1 - k1) / 0.9, fb.LoopParams(v=0.9))
    assert w09.b_low == pytest.approx(w1.b_low, abs=1e-9)


def test_hysteresis_up_and_down_paths_differ_inside_the_window():
    """Sweeping the drive up and down gives different paths inside the window, jumps at folds."""
    w = fb.bistable_window(0.0, P)
    up = np.linspace(0.0, 0.4, 201)
    x_up = fb.hysteresis_sweep(up)
    x_down = fb.hysteresis_sweep(up[::-1])[::-1]
    inside = (up > w.b_low + 1e-3) & (up < w.b_high - 1e-3)
    outside = (up < w.b_low - 1e-3) | (up > w.b_high + 1e-3)
    assert np.all(x_down[inside] > x_up[inside] + 0.5)
    assert np.allclose(x_down[outside], x_up[outside])
    # The jump up happens at the upper fold, the jump down at the lower fold.
    jump_up = up[np.argmax(np.diff(x_up)) + 1]
    jump_down = up[np.argmax(np.diff(x_down))]
    assert jump_up == pytest.approx(w.b_high, abs=0.003)
    assert jump_down == pytest.approx(w.b_low, abs=0.003)


def test_quasi_static_sweep_matches_slow_simulation():
    """The quasi-static sweep ends where a slow step-by-step simulation ends."""
    drives = np.linspace(0.1, 0.35, 26)
    x_sweep = fb.hysteresis_sweep(drives)
    x = x_sweep[0]
    for b in drives:
        x = run_to(x, b, 100)
    assert x == pytest.approx(x_sweep[-1], abs=1e-5)


def test_no_switch_without_cooperativity_margin():
    """A loop too weak to overcome loss (v = 0.5) has no window and needs no blockade."""
    weak = fb.LoopParams(v=0.5)
    assert fb.bistable_window(0.0, weak) is None
    assert fb.critical_block(weak) == 0.0


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: fb.LoopParams(n=1), "n"),
        (lambda: fb.LoopParams(gamma=0), "gamma"),
        (lambda: fb.LoopParams(v=float("nan")), "v"),
        (lambda: fb.LoopParams(b_normal=0.5, b_lost=0.1), "b_lost"),
        (lambda: fb.LoopParams(K=True), "K"),
        (lambda: fb.LoopParams(b_normal=-0.1), "b_normal"),
        (lambda: fb.steady_states(-0.1), "b"),
        (lambda: fb.steady_states(0.2, block=1.5), "block"),
        (lambda: fb.basal_drive(1.2), "pten"),
        (lambda: fb.simulate(P, 0.2, 0.0, [0, 10], -1), "x0"),
        (lambda: fb.simulate(P, 0.2, 0.0, [0]), "t must"),
        (lambda: fb.simulate(P, 0.2, 0.0, [0, 10, 5]), "t must"),
        (lambda: fb.simulate(P, 0.2, 0.0, [[0, 1], [2, 3]]), "t must"),
        (lambda: fb.simulate(P, -0.2, 0.0, [0, 10]), "b"),
        (lambda: fb.simulate(P, 0.2, 2.0, [0, 10]), "block"),
        (lambda: fb.simulate(fb.basal_drive(0.0), 0.2, 0.0, [0, 10]), "params"),
        (lambda: fb.hysteresis_sweep([]), "drives"),
        (lambda: fb.steady_states(0.2, grid=3), "grid"),
    ],
)
def test_bad_input(call, name):
    """Bad parameters and arguments raise a ValueError that names them."""
    with pytest.raises(ValueError, match=name):
        call()
