"""The toy model of HER2 as a signal and as an address (her2book.adc), against its closed forms."""

from __future__ import annotations

import math

import numpy as np
import pytest

from her2book import adc

P = adc.DEFAULT


def test_untreated_rate_is_the_growth_rate_whatever_the_tumor():
    """Without a drug, neither HER2 nor the dependence on it changes the net rate."""
    h, d = np.meshgrid(np.linspace(0, 1, 5), np.linspace(0, 1, 4))
    assert np.all(adc.net_rate("none", h, d) == P.growth)


def test_blocker_depends_on_signaling_only():
    """The blocker's rate is g − A·d: the same for every HER2 level."""
    for d in (0.0, 0.3, 1.0):
        rates = adc.net_rate("blocker", np.linspace(0, 1, 6), d)
        assert rates == pytest.approx(P.growth - P.block_effect * d)


def test_conjugate_adds_a_payload_that_ignores_signaling():
    """Conjugate minus blocker is K·h/(h + h_half), the same for every dependence."""
    h = np.array([0.0, 0.05, 0.25, 1.0])
    expected = P.payload_kill * h / (h + P.half_delivery)
    for d in (0.0, 0.5, 1.0):
        gap = adc.net_rate("blocker", h, d) - adc.net_rate("conjugate", h, d)
        assert gap == pytest.approx(expected)
    assert adc.payload_kill_rate(P.half_delivery) == pytest.approx(P.payload_kill / 2)
    assert adc.payload_kill_rate(0.0) == 0.0


def test_without_her2_the_conjugate_is_only_a_blocker():
    """A cell with no HER2 on its surface receives no payload."""
    for d in (0.0, 0.7):
        assert adc.net_rate("conjugate", 0.0, d) == adc.net_rate("blocker", 0.0, d)


def test_escaped_signaling_with_her2_kept():
    """At full HER2 and no dependence the blocker leaves growth at g; the conjugate shrinks it."""
    assert adc.net_rate("blocker", 1.0, 0.0) == P.growth
    assert adc.net_rate("conjugate", 1.0, 0.0) == pytest.approx(
        P.growth - P.payload_kill / (1 + P.half_delivery)
    )
    assert adc.net_rate("conjugate", 1.0, 0.0) < 0


def test_relative_size_is_exponential():
    """Size after t is exp(r·t), and 1 at t = 0."""
    t = np.array([0.0, 1.0, 3.0])
    r = adc.net_rate("conjugate", 0.5, 0.25)
    assert adc.relative_size("conjugate", 0.5, 0.25, t) == pytest.approx(np.exp(r * t))
    assert adc.relative_size("none", 1.0, 1.0, 2.0) == pytest.approx(math.exp(2 * P.growth))


def test_thresholds_solve_for_a_zero_net_rate():
    """At her2_needed(d) the conjugate's rate is zero; at dependence_needed() the blocker's."""
    d_star = adc.dependence_needed()
    assert d_star == P.growth / P.block_effect
    assert adc.net_rate("blocker", 1.0, d_star) == pytest.approx(0.0, abs=1e-12)
    for d in (0.0, 0.2, 0.4):
        h = adc.her2_needed(d)
        assert 0 < h < 1
        assert adc.net_rate("conjugate", h, d) == pytest.approx(0.0, abs=1e-12)
        assert adc.net_rate("conjugate", min(1.0, 1.01 * h), d) < 0
    assert adc.her2_needed(0.0) == pytest.approx(1 / 6)  # 1 · 0.25 / (2.5 − 1)


def test_thresholds_at_the_edges():
    """No HER2 is needed once the block alone suffices; none is enough if the payload is weak."""
    assert adc.her2_needed(0.5) == 0.0 and adc.her2_needed(1.0) == 0.0
    weak = adc.ToyParams(payload_kill=0.5)
    assert adc.her2_needed(0.0, weak) == math.inf
    assert adc.dependence_needed(adc.ToyParams(block_effect=0.0)) == math.inf


def test_unlikely_tumors_are_the_corner_where_the_blocker_works_on_little_her2():
    """The flagged corner is h < h_half with d > g/A: there, and only there among low-HER2
    tumors, the blocker alone shrinks a tumor with less HER2 than the payload's half level."""
    h, d = np.meshgrid(np.linspace(0, 1, 41), np.linspace(0, 1, 41))
    flagged = adc.unlikely_tumor(h, d)
    assert np.array_equal(flagged, (h < P.half_delivery) & (d > P.growth / P.block_effect))
    low = h < P.half_delivery
    assert np.array_equal(flagged[low], (adc.net_rate("blocker", h, d) < 0)[low])
    assert adc.unlikely_tumor(0.05, 1.0) is True
    assert adc.unlikely_tumor(1.0, 1.0) is False and adc.unlikely_tumor(0.05, 0.0) is False
    assert adc.unlikely_tumor(0.05, 0.5) is False  # at d = g/A the blocker only stops growth


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: adc.net_rate("chemo", 1, 1), "drug"),
        (lambda: adc.net_rate("blocker", 1.2, 0), "her2"),
        (lambda: adc.net_rate("blocker", -0.1, 0), "her2"),
        (lambda: adc.net_rate("blocker", 1, 2), "dependence"),
        (lambda: adc.relative_size("none", 1, 1, -1), "t"),
        (lambda: adc.her2_needed(1.5), "dependence"),
        (lambda: adc.payload_kill_rate(True), "her2"),
        (lambda: adc.unlikely_tumor(0.1, 1.5), "dependence"),
        (lambda: adc.ToyParams(growth=0), "growth"),
        (lambda: adc.ToyParams(block_effect=-1), "block_effect"),
        (lambda: adc.ToyParams(half_delivery=0), "half_delivery"),
    ],
)
def test_bad_input_names_the_parameter(call, name):
    """Out-of-range or wrongly typed input is a ValueError that names the parameter."""
    with pytest.raises(ValueError, match=name):
        call()
