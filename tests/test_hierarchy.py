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
    rate_matrix,
    simulate,
    stem_pool_shrinks,
    time_to_eradicate,
)

Q = ILLUSTRATIVE
T = np.arange(0.0, 301.0)


def test_stem_rate_closed_form():
    """stem_rate is (2p − 1) r_S; stem_pool_shrinks() is exactly the condition k_S > stem_rate."""
    q = HierarchyParams(p=0.75, r_S=0.4)
    assert q.stem_rate == pytest.approx(0.2)
    assert Q.stem_rate == pytest.approx((2 * 0.55 - 1) * 0.1)
    assert HierarchyParams(p=0.5).stem_rate == 0 and HierarchyParams(p=0.3).stem_rate < 0
    assert (
        stem_pool_shrinks(q, 0.21)
        and not stem_pool_shrinks(q, 0.19)
        and not stem_pool_shrinks(q, 0.2)
    )
    assert stem_pool_shrinks(Q, Q.stem_rate + 1e-6) and not stem_pool_shrinks(Q, Q.stem_rate - 1e-6)
    assert stem_pool_shrinks(HierarchyParams(p=0.3), 0.0)  # a pool that shrinks on its own


@pytest.mark.parametrize(
    "k_S, k_P, k_D",
    [
        (0.0, 0.4, 0.2),
        (0.01, 0.4, 0.2),
        (0.05, 0.4, 0.2),
        (0.3, 0.4, 0.2),
        (0.0, 0.3, 0.3),
        (0.2, 0.3, 0.3),
    ],
)
def test_stem_compartment_is_exactly_exponential(k_S, k_P, k_D):
    """S(t) = S(start) exp(((2p − 1) r_S − k_S)(t − start)) inside the window, for any k_P, k_D."""
    th = Therapy(30, 150, k_S=k_S, k_P=k_P, k_D=k_D)
    r = simulate(Q, th, T)
    inside = (T >= 30) & (T <= 150)
    s0 = r.S[T == 30][0]
    expected = s0 * np.exp(((2 * Q.p - 1) * Q.r_S - k_S) * (T[inside] - 30))
    np.testing.assert_allclose(r.S[inside], expected, rtol=1e-10)
    before = T <= 30
    np.testing.assert_allclose(r.S[before], r.S[0] * np.exp(Q.stem_rate * T[before]), rtol=1e-10)


def test_matches_numerical_ode_solver():
    """The exact solution agrees with an adaptive ODE solver to 1e-6."""
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
    """When two diagonal rates coincide the result still equals expm(A t) x0."""
    # k_S chosen so that the S and P diagonal rates coincide (ill-conditioned eigenvectors)
    k_S = Q.stem_rate - (Q.r_P - Q.d_P - Q.a)
    th = Therapy(0, 100, k_S=k_S)
    r = simulate(Q, th, np.arange(0.0, 101.0))
    A = rate_matrix(Q, k_S)
    expected = expm(A * 100.0) @ balanced_state(Q, 1e9)
    np.testing.assert_allclose(r.at(100), expected, rtol=1e-9)


def test_balanced_state_grows_as_one_exponential_with_fixed_composition():
    """Untreated, the balanced tumor grows as exp(stem_rate · t) and keeps its stem fraction."""
    r = simulate(Q, Therapy(), T)
    np.testing.assert_allclose(r.total, 1e9 * np.exp(Q.stem_rate * T), rtol=1e-9)
    np.testing.assert_allclose(r.stem_fraction, r.stem_fraction[0], rtol=1e-9)
    assert 0.01 < r.stem_fraction[0] < 0.05  # a rare stem fraction with the illustrative values


def test_stem_sparing_therapy_shrinks_enriches_then_regrows():
    """Sparing stem cells shrinks the tumor, enriches stem cells, and the tumor returns."""
    th = Therapy(30, 150, k_S=0.0, k_P=0.3, k_D=0.3)
    r = simulate(Q, th, T)
    f = r.stem_fraction
    assert r.total[T == 60][0] < r.total[T == 30][0]  # shrinks
    assert f[T == 150][0] > 10 * f[T == 30][0]  # stem fraction enriched
    assert r.total[-1] > r.total[T == 30][0]  # returns after therapy stops
    assert f[-1] == pytest.approx(f[0], rel=0.15)  # and the composition relaxes back


def test_stem_sparing_enrichment_is_partly_real_stem_cell_growth():
    """With k_S = 0 the stem pool still grows 3.3-fold (e^1.2) from day 30 to 150: a third of the
    43-fold enrichment, on a log scale, is more stem cells; the rest is loss of the other cells."""
    r = simulate(Q, Therapy(30, 150, k_S=0.0, k_P=0.3, k_D=0.3), T)
    growth = r.S[150] / r.S[30]
    assert growth == pytest.approx(math.exp(Q.stem_rate * 120), rel=1e-9)
    assert growth == pytest.approx(3.32, abs=0.005)
    enrichment = r.stem_fraction[150] / r.stem_fraction[30]
    assert enrichment == pytest.approx(43, abs=0.5)
    assert math.log(growth) / math.log(enrichment) == pytest.approx(0.32, abs=0.005)
    # the same growth whatever the non-stem kill rate: S' does not involve k_P or k_D
    harder = simulate(Q, Therapy(30, 150, k_S=0.0, k_P=1.0, k_D=1.0), T)
    assert harder.S[150] / harder.S[30] == pytest.approx(growth, rel=1e-9)


def test_pool_is_zeroed_at_the_end_of_the_window_not_when_it_crosses_one_cell():
    """min_cells acts at the end of a schedule piece: k_S = 0.2 crosses one cell near day 118, yet
    S stays positive until day 150, when it is set to zero."""
    r = simulate(Q, Therapy(30, 150, k_S=0.2, k_P=0.3, k_D=0.3), T, min_cells=1)
    crossing = 30 + time_to_eradicate(Q, 0.2, r.S[30])
    assert 117 < crossing < 119
    assert 0 < r.S[T == 140][0] < 1  # below one cell, not yet zero
    assert r.eradicated_at == 150 and r.S[T == 150][0] == 0


def test_a_shrinking_stem_pool_need_not_be_eradicated_within_the_window():
    """Just above threshold (k_S = 0.015) the pool shrinks, yet survives the window and regrows."""
    assert stem_pool_shrinks(Q, 0.015)
    r = simulate(Q, Therapy(30, 150, k_S=0.015, k_P=0.3, k_D=0.3), T, min_cells=1)
    assert r.S[150] < r.S[30] and r.eradicated_at is None and r.total[-1] > r.total[30]
    assert time_to_eradicate(Q, 0.015, r.S[30]) > 10 * 120  # years, not a 120-day window


def test_hitting_stem_cells_above_threshold_eradicates():
    """k_S = 0.2 removes the last stem cell within the window, in ln(S0)/(k_S − stem_rate) days."""
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
    """A kill rate just above the threshold shrinks the pool but leaves stem cells at day 150."""
    k = Q.stem_rate + 0.01
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
    """Out-of-range, non-finite or non-numeric rates raise a ValueError naming the field."""
    with pytest.raises(ValueError, match=name):
        HierarchyParams(**kwargs)


def test_bad_therapy_and_inputs_raise():
    """Negative kill rates, a window that ends before it starts and bad times or states raise."""
    with pytest.raises(ValueError, match="k_S"):
        Therapy(0, 10, k_S=-0.1)
    with pytest.raises(ValueError, match="start"):
        Therapy(start=True)
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
    with pytest.raises(ValueError, match="k_S"):
        stem_pool_shrinks(Q, -0.1)
    with pytest.raises(ValueError, match="params"):
        simulate(object(), Therapy(), T)


def test_deterministic():
    """The same inputs give bit-identical results."""
    th = Therapy(30, 150, k_S=0.05, k_P=0.3, k_D=0.3)
    a = simulate(Q, th, T, min_cells=1)
    b = simulate(Q, th, T, min_cells=1)
    np.testing.assert_array_equal(a.total, b.total)


def test_parameters_are_stored_as_floats_and_compare_by_value():
    """Declared fields convert their input ("0.6" → 0.6) and equal parameter sets compare equal."""
    q = HierarchyParams(p="0.6", r_S=1)
    assert q.p == 0.6 and isinstance(q.r_S, float)
    assert q == HierarchyParams(p=0.6, r_S=1.0)
    assert Therapy(10, 20).duration == 10
