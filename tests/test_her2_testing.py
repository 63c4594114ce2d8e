"""ISH scoring and response-duration models (Chapter 1)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from her2book import her2_testing as her2


@pytest.mark.parametrize(
    "ratio, copies, group",
    [
        (2.0, 4.0, 1),  # both cut-offs are inclusive
        (3.1, 9.0, 1),
        (2.5, 3.9, 2),
        (1.9, 6.0, 3),
        (1.9, 5.9, 4),
        (1.9, 4.0, 4),
        (1.2, 3.9, 5),
        (0.0, 0.0, 5),
    ],
)
def test_ish_groups_follow_asco_cap_2018(ratio, copies, group):
    assert her2.ish_group(ratio, copies) == group


def test_ish_group_rejects_nonsense():
    with pytest.raises(ValueError, match="ratio"):
        her2.ish_group(-1, 4)
    with pytest.raises(ValueError, match="her2_copies"):
        her2.ish_group(2, float("nan"))


def test_simulated_nuclei_are_seeded_poisson_counts():
    h1, c1 = her2.simulate_nuclei(4.0, 2.0, 5000, seed=3)
    h2, c2 = her2.simulate_nuclei(4.0, 2.0, 5000, seed=3)
    assert np.array_equal(h1, h2) and np.array_equal(c1, c2)
    assert abs(h1.mean() - 4.0) < 0.1 and abs(h1.var() - 4.0) < 0.3  # Poisson: mean = variance
    assert abs(c1.mean() - 2.0) < 0.06


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"her2_mean": 0, "cep17_mean": 2, "n_nuclei": 20}, "her2_mean"),
        ({"her2_mean": 4, "cep17_mean": -2, "n_nuclei": 20}, "cep17_mean"),
        ({"her2_mean": 4, "cep17_mean": 2, "n_nuclei": 0}, "n_nuclei"),
        ({"her2_mean": 4, "cep17_mean": 2, "n_nuclei": 2.5}, "n_nuclei"),
    ],
)
def test_bad_simulation_parameters_name_themselves(kwargs, name):
    with pytest.raises(ValueError, match=name):
        her2.simulate_nuclei(**kwargs)
    with pytest.raises(ValueError, match=name):
        her2.probability_ratio_at_least(**kwargs)


def test_estimate_uses_ratio_of_totals_and_an_exact_interval():
    h = np.array([4, 5, 3, 6])
    c = np.array([2, 2, 1, 3])
    e = her2.ish_estimate(h, c)
    assert e.ratio == pytest.approx(18 / 8) and e.her2_copies == pytest.approx(4.5)
    ci = stats.binomtest(18, 26).proportion_ci(method="exact")
    assert e.ratio_low == pytest.approx(ci.low / (1 - ci.low))
    assert e.ratio_high == pytest.approx(ci.high / (1 - ci.high))
    assert e.group == 1


def test_exact_interval_covers_the_truth_about_95_percent_of_the_time():
    rng = np.random.default_rng(0)
    hits = 0
    for _ in range(400):
        h = rng.poisson(4.4, 20)
        c = rng.poisson(2.0, 20)
        e = her2.ish_estimate(h, c)
        hits += e.ratio_low <= 2.2 <= e.ratio_high
    assert 0.93 <= hits / 400 <= 1.0  # Clopper-Pearson is conservative


def test_estimate_rejects_bad_counts():
    with pytest.raises(ValueError, match="same"):
        her2.ish_estimate([1, 2], [1])
    with pytest.raises(ValueError, match="whole numbers"):
        her2.ish_estimate([1.5, 2], [1, 1])
    with pytest.raises(ValueError, match="no CEP17"):
        her2.ish_estimate([1, 2], [0, 0])


def test_exact_misclassification_matches_simulation():
    for her2_mean, n in ((4.4, 20), (3.6, 40), (5.0, 10)):
        exact = her2.probability_ratio_at_least(her2_mean, 2.0, n)
        sims = her2.simulate_ratios(her2_mean, 2.0, n, repeats=60_000, seed=1)
        assert exact == pytest.approx((sims >= 2.0).mean(), abs=0.006)


def test_misclassification_falls_with_more_nuclei_and_far_from_the_cutoff():
    near = [her2.misclassification_probability(4.4, 2.0, n) for n in (10, 20, 40, 100, 400)]
    assert all(a > b for a, b in zip(near, near[1:], strict=False))
    assert her2.misclassification_probability(8.0, 2.0, 20) < 1e-4
    assert her2.misclassification_probability(2.0, 2.0, 20) < 5e-3  # ratio 1: rarely above 2
    # exactly at the cut-off the truth counts as positive; about half of counts fall below
    assert 0.4 < her2.misclassification_probability(4.0, 2.0, 200) < 0.6


def test_response_duration_weibull():
    t = np.array([0, 9.1, 18.2])
    s = her2.fraction_in_response(t, 9.1, 1.0)
    assert s == pytest.approx([1.0, 0.5, 0.25])
    for k in (0.5, 1, 2, 3):
        assert her2.fraction_in_response(9.1, 9.1, k) == pytest.approx(0.5)
    assert her2.fraction_progressed_by(12, 9.1) == pytest.approx(1 - 2 ** (-12 / 9.1))
    with pytest.raises(ValueError, match="median_months"):
        her2.fraction_in_response(1, 0)
    with pytest.raises(ValueError, match="shape"):
        her2.fraction_in_response(1, 9, -1)
    with pytest.raises(ValueError, match="t_months"):
        her2.fraction_in_response(-1, 9)
