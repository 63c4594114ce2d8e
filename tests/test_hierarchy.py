"""The stem-cell hierarchy model against its closed forms and the behaviour Chapter 2 relies on."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.integrate import solve_ivp
from scipy.linalg import expm

from her2book.hierarchy import (
    ILLUSTRATIVE,
    HierarchyParams,
    Therapy,
    balanced_state,
    eradicates,
    eradication_threshold,
    rate_matrix,
    simulate,
    stem_growth_rate,
    time_to_eradicate,
)

Q = ILLUSTRATIVE
T = np.arange(0.0, 301.0)


def test_stem_rate_closed_form():
    q = HierarchyParams(p=0.75, r_S=0.4)
    assert stem_growth_rate(q) == pytest.approx(0.2)
    assert stem_growth_rate(q, 0.05) == pytest.approx(0.15)
    assert eradication_threshold(q) == pytest.approx(0.2)
    assert eradicates(q, 0.21) and not eradicates(q, 0.19) and not eradicates(q, 0.2)


@pytest.mark.parametrize("k_S", [0.0, 0.01, 0.05, 0.3])
def test_stem_compartment_is_exactly_exponential(k_S):
    """S(t) = S(start) exp(((2p − 1) r_S − k_S)(t − start)) inside the window, for any k_P, k_D."""
    th = Therapy(30, 150, k_S=k_S, k_P=0.4, k_D=0.2)
    r = simulate(Q, th, T)
    inside = (T >= 30) & (T <= 150)
    s0 = r.S[T == 30][0]
    expected = s0 * np.exp(((2 * Q.p - 1) * Q.r_S - k_S) * (T[inside] - 30))
    np.testing.assert_allclose(r.S[inside], expected, rtol=1e-10)
    before = T <= 30
    np.testing.assert_allclose(r.S[before], r.S[0] * np.exp(Q.stem_rate * T[before]), rtol=1e-10)


def test_matches_numerical_ode_solver():
    th = Therapy(30, 150, k_S=0.03, k_P=0.3, k_D=0.3)
    r = simulate(Q, th, T)
    x0 = balanced_state(Q, 1e9)

    def rhs(t, x):
        on = th.start <= t < th.stop
        A = rate_matrix(Q, th.k_S, th.k_P, th.k_D) if on else rate_matrix(Q)
        return A @ x

    sol = solve_ivp(rhs, (0, 300), x0, t_eval=T, rtol=1e-10, atol=1e-3, max_step=1.0)
    np.testing.assert_allclose(r.S, sol.y[0], rtol=1e-6)
    np.testing.assert_allclose(r.total, sol.y.sum(axis=0), rtol=1e-6)


def test_degenerate_eigenvalues_use_matrix_exponential():
    # k_S chosen so that the S and P diagonal rates coincide (ill-conditioned eigenvectors)
    k_S = Q.stem_rate - (Q.r_P - Q.d_P - Q.a)
    th = Therapy(0, 100, k_S=k_S)
    r = simulate(Q, th, np.arange(0.0, 101.0))
    A = rate_matrix(Q, k_S)
    expected = expm(A * 100.0) @ balanced_state(Q, 1e9)
    np.testing.assert_allclose(r.at(100), expected, rtol=1e-9)


def test_balanced_state_grows_as_one_exponential_with_fixed_composition():
    r = simulate(Q, Therapy(), T)
    np.testing.assert_allclose(r.total, 1e9 * np.exp(Q.stem_rate * T), rtol=1e-9)
    np.testing.assert_allclose(r.stem_fraction, r.stem_fraction[0], rtol=1e-9)
    assert 0.01 < r.stem_fraction[0] < 0.05  # a rare stem fraction with the illustrative values


def test_stem_sparing_therapy_shrinks_enriches_then_regrows():
    th = Therapy(30, 150, k_S=0.0, k_P=0.3, k_D=0.3)
    r = simulate(Q, th, T)
    f = r.stem_fraction
    assert r.total[T == 60][0] < r.total[T == 30][0]  # shrinks
    assert f[T == 150][0] > 10 * f[T == 30][0]  # stem fraction enriched
    assert r.total[-1] > r.total[T == 30][0]  # returns after therapy stops
    assert f[-1] == pytest.approx(f[0], rel=0.15)  # and the composition relaxes back


def test_hitting_stem_cells_above_threshold_eradicates():
    th = Therapy(30, 150, k_S=0.2, k_P=0.3, k_D=0.3)
    r = simulate(Q, th, T, min_cells=1)
    assert r.eradicated_at == 150
    assert r.S[-1] == 0 and r.total[-1] < 1  # fewer than one cell left, and no stem cell
    s_start = r.S[T == 30][0]
    days = time_to_eradicate(Q, 0.2, s_start)
    assert days == pytest.approx(math.log(s_start) / (0.2 - Q.stem_rate))
    assert days < 120
    # below the threshold the stem pool grows through therapy and is never eradicated
    below = simulate(Q, Therapy(30, 150, k_S=0.01, k_P=0.3, k_D=0.3), T, min_cells=1)
    assert below.eradicated_at is None and below.S[T == 150][0] > below.S[T == 30][0]
    assert time_to_eradicate(Q, 0.01, 1e6) == math.inf


def test_just_above_threshold_shrinks_but_too_slowly_for_a_short_window():
    k = eradication_threshold(Q) + 0.01
    r = simulate(Q, Therapy(30, 150, k_S=k, k_P=0.3, k_D=0.3), T, min_cells=1)
    assert r.S[T == 150][0] < r.S[T == 30][0]
    assert r.eradicated_at is None


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"p": 1.2}, "p"),
        ({"p": -0.1}, "p"),
        ({"r_S": -1}, "r_S"),
        ({"a": float("nan")}, "a"),
        ({"d_D": "x"}, "d_D"),
    ],
)
def test_bad_parameters_raise_naming_them(kwargs, name):
    with pytest.raises(ValueError, match=name):
        HierarchyParams(**kwargs)


def test_bad_therapy_and_inputs_raise():
    with pytest.raises(ValueError, match="k_S"):
        Therapy(0, 10, k_S=-0.1)
    with pytest.raises(ValueError, match="stop"):
        Therapy(10, 5)
    with pytest.raises(ValueError, match="t must"):
        simulate(Q, Therapy(), [0, 2, 1])
    with pytest.raises(ValueError, match="x0"):
        simulate(Q, Therapy(), T, x0=[1, -1, 0])
    with pytest.raises(ValueError, match="balanced"):
        balanced_state(HierarchyParams(p=0.5, r_P=1.0))
    with pytest.raises(ValueError, match="stem_cells"):
        time_to_eradicate(Q, 0.1, -5)


def test_deterministic_and_fast():
    import time

    th = Therapy(30, 150, k_S=0.05, k_P=0.3, k_D=0.3)
    a = simulate(Q, th, T, min_cells=1)
    b = simulate(Q, th, T, min_cells=1)
    np.testing.assert_array_equal(a.total, b.total)
    started = time.perf_counter()
    for _ in range(50):
        simulate(Q, th, T, min_cells=1)
    assert (time.perf_counter() - started) / 50 < 0.02
