"""Tests for her2book.feedback: the minimal IL-6 positive-feedback switch."""

import numpy as np
import pytest

from her2book import feedback as fb

P = fb.DEFAULT


def test_steady_states_solve_the_equation_and_alternate_in_stability():
    for b in (0.0, 0.1, 0.2, 0.25, 0.3, 0.35):
        states = fb.steady_states(b, 0.0, P)
        assert states, b
        for s in states:
            assert abs(fb.il6_rate(s.x, b, 0.0, P)) < 1e-10
            assert s.stable == (s.slope < 0)
        # In one dimension, stable and unstable states alternate, starting and ending stable.
        flags = [s.stable for s in states]
        assert flags[0] and flags[-1]
        assert all(flags[i] != flags[i + 1] for i in range(len(flags) - 1))


def test_stability_agrees_with_simulation():
    b = 0.25  # inside the window at block 0
    low, mid, high = fb.steady_states(b, 0.0, P)
    assert low.stable and not mid.stable and high.stable
    _, x = fb.simulate(mid.x - 1e-3, 200, b)
    assert x[-1] == pytest.approx(low.x, abs=1e-6)
    _, x = fb.simulate(mid.x + 1e-3, 200, b)
    assert x[-1] == pytest.approx(high.x, abs=1e-6)


def test_window_edges_satisfy_fold_conditions():
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
    w = fb.bistable_window(0.0, P)
    bs = np.linspace(0, 0.4, 801)
    three = [b for b in bs if len(fb.steady_states(b, 0.0, P, grid=2001)) == 3]
    assert min(three) == pytest.approx(w.b_low, abs=1e-3)
    assert max(three) == pytest.approx(w.b_high, abs=1e-3)


def test_blockade_shrinks_then_removes_the_window():
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


def test_high_state_vanishes_with_enough_blockade():
    b = fb.basal_drive(0.0)  # PTEN lost
    assert fb.steady_states(b, 0.0)[-1].x > 1.5
    k = fb.block_to_lose_high_state(b)
    assert 0 < k < 1
    assert max(s.x for s in fb.steady_states(b, k + 0.01)) < 1
    assert max(s.x for s in fb.steady_states(b, k - 0.01)) > 1
    # A cell in the high state falls to the low state once the receptor is blocked enough.
    (only,) = fb.steady_states(b, k + 0.02)
    _, x = fb.simulate(2.0, 300, b, block=k + 0.02)
    assert x[-1] == pytest.approx(only.x, abs=1e-5) and only.x < 1


def test_hysteresis_up_and_down_paths_differ_inside_the_window():
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
    drives = np.linspace(0.1, 0.35, 26)
    x_sweep = fb.hysteresis_sweep(drives)
    x = x_sweep[0]
    for b in drives:
        _, traj = fb.simulate(x, 100, b)
        x = traj[-1]
    assert x == pytest.approx(x_sweep[-1], abs=1e-5)


def test_no_switch_without_cooperativity_margin():
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
        (lambda: fb.steady_states(-0.1), "b"),
        (lambda: fb.steady_states(0.2, block=1.5), "block"),
        (lambda: fb.basal_drive(1.2), "pten"),
        (lambda: fb.simulate(-1, 10, 0.2), "x0"),
        (lambda: fb.simulate(0.1, 0, 0.2), "t_end"),
        (lambda: fb.hysteresis_sweep([]), "drives"),
        (lambda: fb.steady_states(0.2, grid=3), "grid"),
    ],
)
def test_bad_input(call, name):
    with pytest.raises(ValueError, match=name):
        call()
