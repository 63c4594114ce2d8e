"""Simulated CD44 × CD24 flow cytometry and gating."""

from __future__ import annotations

import math

import numpy as np
import pytest

from her2book.cytometry import BULK, CSC, Population, gate, gate_grid, simulate_events


def test_seeded_reproducible():
    """Same seed, same events; another seed, other events."""
    a = simulate_events(5000, 0.02, seed=3)
    b = simulate_events(5000, 0.02, seed=3)
    c = simulate_events(5000, 0.02, seed=4)
    np.testing.assert_array_equal(a.cd44, b.cd44)
    np.testing.assert_array_equal(a.is_csc, b.is_csc)
    assert not np.array_equal(a.cd44, c.cd44)


def test_populations_are_log_normal_with_the_given_parameters():
    """Each population's log10 intensities have the declared means and spreads."""
    s = simulate_events(200_000, 0.2, seed=1)
    assert s.csc_fraction == pytest.approx(0.2, abs=0.005)
    for pop, mask in ((CSC, s.is_csc), (BULK, ~s.is_csc)):
        assert np.log10(s.cd44[mask]).mean() == pytest.approx(pop.cd44_log10_mean, abs=0.01)
        assert np.log10(s.cd44[mask]).std() == pytest.approx(pop.cd44_log10_sd, abs=0.01)
        assert np.log10(s.cd24[mask]).mean() == pytest.approx(pop.cd24_log10_mean, abs=0.01)
        assert np.log10(s.cd24[mask]).std() == pytest.approx(pop.cd24_log10_sd, abs=0.01)


def test_gate_counts_by_hand():
    """Gate counts, purity and recall equal the same counts done by hand."""
    s = simulate_events(3000, 0.05, seed=2)
    g = gate(s, 800, 150)
    inside = (s.cd44 >= 800) & (s.cd24 <= 150)
    assert g.n_gated == inside.sum()
    assert g.n_csc_caught == (inside & s.is_csc).sum()
    assert g.gated_fraction == pytest.approx(inside.mean())
    assert g.purity == pytest.approx(s.is_csc[inside].mean())
    assert g.recall == pytest.approx(inside[s.is_csc].mean())


def test_open_gate_catches_everything_and_closed_gate_nothing():
    """An open gate keeps every event; a closed one keeps none (purity undefined)."""
    s = simulate_events(2000, 0.03, seed=5)
    everything = gate(s, 0, math.inf)
    assert everything.gated_fraction == 1 and everything.recall == 1
    assert everything.purity == pytest.approx(s.csc_fraction)
    nothing = gate(s, math.inf, 0)
    assert nothing.n_gated == 0 and math.isnan(nothing.purity) and nothing.recall == 0


def test_stricter_gates_trade_recall_for_purity():
    """Tightening the gate lowers recall and raises purity, as the chapter says."""
    s = simulate_events(20_000, 0.02, seed=0)
    grid = gate_grid(s, [200, 600, 2000], [500, 100, 30])
    # along each row and column the gate tightens: gated fraction and recall fall
    for i in range(3):
        for j in range(2):
            assert grid[i][j + 1].n_gated <= grid[i][j].n_gated
            assert grid[i][j + 1].recall <= grid[i][j].recall
    loose, strict = grid[0][0], grid[2][2]
    assert loose.gated_fraction > 5 * s.csc_fraction and loose.purity < 0.2
    assert strict.purity > 0.95 and strict.recall < 0.5


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"n_events": 0}, "n_events"),
        ({"n_events": 2.5}, "n_events"),
        ({"csc_fraction": 1.5}, "csc_fraction"),
        ({"csc_fraction": True}, "csc_fraction"),
        ({"bulk": "cells"}, "bulk"),
    ],
)
def test_bad_input_raises_naming_the_parameter(kwargs, name):
    """Bad event counts, fractions or populations raise a ValueError naming them."""
    with pytest.raises(ValueError, match=name):
        simulate_events(**kwargs)


def test_bad_gate_and_population_raise():
    """Negative or NaN thresholds and non-positive or non-finite spreads are refused."""
    s = simulate_events(100, seed=0)
    with pytest.raises(ValueError, match="cd44_min"):
        gate(s, -1, 100)
    with pytest.raises(ValueError, match="cd24_max"):
        gate(s, 100, float("nan"))
    with pytest.raises(ValueError, match="cd24_log10_sd"):
        Population(2, 0.4, 2, 0)
    with pytest.raises(ValueError, match="cd44_log10_mean"):
        Population(float("inf"), 0.4, 2, 0.5)
    assert Population("2", 0.4, 2, 0.5).cd44_log10_mean == 2.0  # stored as a float
