"""Tests for her2book.titration: the microRNA–target titration threshold."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from her2book import titration
from her2book.titration import TitrationParams


@pytest.mark.parametrize("k", [1e-3, 1e-2, 1e-1])
@pytest.mark.parametrize("alpha_m", [0.0, 10.0, 45.0, 50.0, 55.0, 120.0])
def test_closed_form_matches_the_ode(alpha_m, k):
    """The ODE integrated for 400 hours ends at the closed-form steady state."""
    p = TitrationParams(alpha_m=alpha_m, alpha_s=50.0, k=k, beta_m=0.1, beta_s=0.1)
    m, s = titration.steady_state(**dataclasses.asdict(p))
    m_num, s_num = titration.simulate(p, [0.0, 400.0])
    assert m_num[-1] == pytest.approx(float(m), rel=1e-7, abs=1e-9)
    assert s_num[-1] == pytest.approx(float(s), rel=1e-7, abs=1e-9)


def test_closed_form_is_a_steady_state_for_extreme_values():
    """The closed form zeroes the right-hand side, to round-off, from 1e-6 to 1e6 molecules/h."""
    am = np.geomspace(1e-6, 1e6, 61)
    for k in (0.0, 1e-9, 1.0, 1e6):
        m, s = titration.steady_state(am, 37.0, k, 0.2, 0.05)
        assert np.all(np.isfinite(m)) and np.all(m >= 0) and np.all(s >= 0)
        for a, m_i, s_i in zip(am, m, s, strict=True):
            p = TitrationParams(alpha_m=a, alpha_s=37.0, k=k, beta_m=0.2, beta_s=0.05)
            scale = a + 37.0  # production rates: the size of each term
            assert np.max(np.abs(titration.rhs(0.0, (m_i, s_i), p)) / scale) < 1e-10


def test_without_binding_is_plain_production_and_decay():
    """With k = 0 each species settles at production / decay."""
    m, s = titration.steady_state([0.0, 5.0, 50.0], 20.0, 0.0, 0.5, 0.25)
    np.testing.assert_allclose(m, [0.0, 10.0, 100.0])
    np.testing.assert_allclose(s, 80.0)


def test_simulate_without_binding_follows_the_exponential_approach():
    """With k = 0 the ODE solution is alpha/beta (1 - exp(-beta t)) at every output time."""
    p = TitrationParams(alpha_m=12.0, alpha_s=3.0, k=0.0, beta_m=0.2, beta_s=0.05)
    t = np.linspace(0.0, 60.0, 13)
    m, s = titration.simulate(p, t, x0=(0.0, 0.0))
    assert m.shape == s.shape == t.shape
    np.testing.assert_allclose(m, 12.0 / 0.2 * (1 - np.exp(-0.2 * t)), rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(s, 3.0 / 0.05 * (1 - np.exp(-0.05 * t)), rtol=1e-8, atol=1e-10)


def test_is_threshold_linear_and_sharper_with_stronger_binding():
    """Below alpha_s the target falls as k rises; above, it nears (alpha_m - alpha_s) / beta."""
    alpha_s, beta = 50.0, 0.1
    below, above = 0.5 * alpha_s, 2.0 * alpha_s
    limit_above = (above - alpha_s) / beta  # threshold-linear limit, molecules
    free_below = below / beta  # what the target would reach with no miRNA
    previous_below = np.inf
    for k in (1e-3, 1e-2, 1e-1, 1.0):
        m_below = float(titration.steady_state(below, alpha_s, k, beta, beta)[0])
        m_above = float(titration.steady_state(above, alpha_s, k, beta, beta)[0])
        assert m_below < previous_below  # stronger binding represses more below threshold
        previous_below = m_below
        assert m_above > 0.9 * limit_above  # above threshold: close to the linear limit
    # strong binding: near zero below the threshold, linear above it (slope 1/beta)
    assert m_below < 1e-3 * free_below
    am = np.linspace(1.5 * alpha_s, 3 * alpha_s, 7)
    m = titration.steady_state(am, alpha_s, 1.0, beta, beta)[0]
    np.testing.assert_allclose(m, (am - alpha_s) / beta, rtol=2e-3)


def _deviation(alpha_m, alpha_s, k, beta):
    """Free target minus its threshold-linear limit (molecules), from the closed form."""
    m = titration.steady_state(alpha_m, alpha_s, k, beta, beta)[0]
    return m - np.maximum(np.asarray(alpha_m) - alpha_s, 0.0) / beta


@pytest.mark.parametrize("k", [1e-3, 1e-2, 1e-1, 1.0])
def test_corner_width_is_the_half_peak_width_of_the_deviation(k):
    """corner_width agrees with a bisection of the deviation at half its peak on both sides."""
    from scipy.optimize import brentq

    alpha_s, beta = 50.0, 0.1
    half = 0.5 * float(_deviation(alpha_s, alpha_s, k, beta))
    lo = brentq(lambda a: float(_deviation(a, alpha_s, k, beta)) - half, 0.0, alpha_s, xtol=1e-12)
    hi = brentq(lambda a: float(_deviation(a, alpha_s, k, beta)) - half, alpha_s, 20 * alpha_s)
    assert titration.corner_width(alpha_s, k, beta, beta) == pytest.approx(hi - lo, rel=1e-8)
    grid = np.linspace(0.0, 200.0, 400_001)  # the deviation peaks at the threshold
    assert grid[np.argmax(_deviation(grid, alpha_s, k, beta))] == pytest.approx(alpha_s, abs=1e-3)


def test_corner_sharpens_only_as_one_over_root_k():
    """At alpha_s = 50, beta = 0.1 the corner is 19.2, 6.5, 2.1 molecules/h wide for k = 0.01,
    0.1, 1: √10 narrower per decade of k, tending to 3√(alpha_s beta_m beta_s / k) — not the
    tenfold per decade that a scale beta_m beta_s / k would give."""
    alpha_s, beta = 50.0, 0.1
    ks = np.array([1e-3, 1e-2, 1e-1, 1.0, 10.0, 100.0])
    widths = np.array([titration.corner_width(alpha_s, k, beta, beta) for k in ks])
    np.testing.assert_allclose(widths[:4], [54.29, 19.23, 6.477, 2.097], rtol=1e-3)
    ratios = widths[1:-1] / widths[2:]  # narrowing per decade, once binding is strong
    np.testing.assert_allclose(ratios, np.sqrt(10), rtol=0.07)
    assert np.all(np.diff(ratios) > 0) and np.all(ratios < np.sqrt(10))  # nowhere near tenfold
    limit = 3 * np.sqrt(alpha_s * beta * beta / ks)
    assert np.all(np.diff(np.abs(widths / limit - 1)) < 0)  # approaches the strong-binding law
    assert widths[-1] == pytest.approx(limit[-1], rel=2e-3)
    height = [float(titration.steady_state(alpha_s, alpha_s, k, beta, beta)[0]) for k in ks]
    np.testing.assert_allclose(height[:4], [179.1, 65.89, 21.87, 7.021], rtol=1e-3)
    np.testing.assert_allclose(height[-1], np.sqrt(alpha_s / ks[-1]), rtol=1e-3)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"alpha_s": 0.0}, "alpha_s"),
        ({"k": 0.0}, "k"),
        ({"beta_m": -1.0}, "beta_m"),
        ({"beta_s": np.nan}, "beta_s"),
    ],
)
def test_corner_width_rejects_bad_rates(kwargs, name):
    """corner_width names a bad rate (no binding or no microRNA means no corner)."""
    args = {"alpha_s": 50.0, "k": 0.1, "beta_m": 0.1, "beta_s": 0.1} | kwargs
    with pytest.raises(ValueError, match=name):
        titration.corner_width(**args)


BAD = [
    ({"alpha_m": -1.0}, "alpha_m"),
    ({"alpha_m": np.nan}, "alpha_m"),
    ({"alpha_s": -2.0}, "alpha_s"),
    ({"k": -0.1}, "k"),
    ({"beta_m": 0.0}, "beta_m"),
    ({"beta_s": np.inf}, "beta_s"),
    ({"alpha_m": "lots"}, "alpha_m"),
    ({"k": True}, "k"),
]


@pytest.mark.parametrize(("kwargs", "name"), BAD)
def test_rejects_bad_rates_naming_the_parameter(kwargs, name):
    """The closed form and the parameter class both name a bad rate in their ValueError."""
    args = {"alpha_m": 10.0, "alpha_s": 5.0, "k": 0.1, "beta_m": 1.0, "beta_s": 1.0} | kwargs
    with pytest.raises(ValueError, match=name):
        titration.steady_state(**args)
    with pytest.raises(ValueError, match=name):
        TitrationParams(**args)


def test_simulate_rejects_bad_parameters_times_and_start():
    """simulate names its bad argument: params, times or initial state."""
    with pytest.raises(ValueError, match="p must be a TitrationParams"):
        titration.simulate({"alpha_m": 1.0}, [0.0, 1.0])
    for t in ([0.0], [1.0, 2.0], [0.0, 2.0, 1.0], [[0.0, 1.0]]):
        with pytest.raises(ValueError, match="t must"):
            titration.simulate(titration.DEFAULT, t)
    with pytest.raises(ValueError, match="x0"):
        titration.simulate(titration.DEFAULT, [0.0, 1.0], x0=(1.0, 2.0, 3.0))
    with pytest.raises(ValueError, match="x0"):
        titration.simulate(titration.DEFAULT, [0.0, 1.0], x0=(-1.0, 2.0))
