"""ISH signal counting: ASCO/CAP groups, seeded counts, exact intervals and misclassification."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from her2book import ish


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
        (2.1, 4.2, 1),  # close to 2.0 but concordant: positive, no second test (Chapter 1)
        (1.9, 3.8, 5),  # close to 2.0 but concordant: negative
    ],
)
def test_ish_groups_follow_asco_cap_2018(ratio, copies, group):
    """Each ratio/copy-number pair lands in the ASCO/CAP 2018 group the guideline gives it."""
    assert ish.group(ratio, copies) == group


def test_ish_group_rejects_nonsense():
    """A negative ratio or a non-finite copy number raises a ValueError naming it."""
    with pytest.raises(ValueError, match="ratio"):
        ish.group(-1, 4)
    with pytest.raises(ValueError, match="her2_copies"):
        ish.group(2, float("nan"))


def test_simulated_nuclei_are_seeded_poisson_counts():
    """Same seed, same counts; the counts have Poisson means and variances."""
    h1, c1 = ish.simulate_nuclei(4.0, 2.0, 5000, seed=3)
    h2, c2 = ish.simulate_nuclei(4.0, 2.0, 5000, seed=3)
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
    """Bad means or nuclei counts raise a ValueError naming the parameter, in every function."""
    with pytest.raises(ValueError, match=name):
        ish.simulate_nuclei(**kwargs)
    with pytest.raises(ValueError, match=name):
        ish.probability_ratio_at_least(**kwargs)
    with pytest.raises(ValueError, match=name):
        ish.simulate_ratios(**kwargs)


def test_estimate_uses_ratio_of_totals_and_the_clopper_pearson_interval():
    """The ratio is H/C; the interval is Clopper-Pearson (beta quantiles) mapped by p/(1-p)."""
    h = np.array([4, 5, 3, 6])
    c = np.array([2, 2, 1, 3])
    e = ish.estimate(h, c)
    assert e.ratio == pytest.approx(18 / 8) and e.her2_copies == pytest.approx(4.5)
    H, T = 18, 26
    p_lo = stats.beta.ppf(0.025, H, T - H + 1)  # Clopper-Pearson, written out
    p_hi = stats.beta.ppf(0.975, H + 1, T - H)
    assert e.ratio_low == pytest.approx(p_lo / (1 - p_lo), rel=1e-9)
    assert e.ratio_high == pytest.approx(p_hi / (1 - p_hi), rel=1e-9)
    assert e.group == 1


def test_lower_confidence_gives_a_narrower_interval_around_the_ratio():
    """On the same counts a 50% interval lies inside the 95% one, and both contain the ratio."""
    wide = ish.estimate([5, 5], [1, 0])
    narrow = ish.estimate([5, 5], [1, 0], confidence=0.5)
    assert wide.ratio == narrow.ratio == 10
    assert 0 < wide.ratio_low < narrow.ratio_low < 10 < narrow.ratio_high < wide.ratio_high < np.inf


def test_exact_interval_covers_the_truth_about_95_percent_of_the_time():
    """Over 400 simulated counts the 95% interval contains the true ratio 93-100% of the time."""
    rng = np.random.default_rng(0)
    hits = 0
    for _ in range(400):
        h = rng.poisson(4.4, 20)
        c = rng.poisson(2.0, 20)
        e = ish.estimate(h, c)
        hits += e.ratio_low <= 2.2 <= e.ratio_high
    assert 0.93 <= hits / 400 <= 1.0  # Clopper-Pearson is conservative


def test_estimate_rejects_bad_counts():
    """Mismatched, fractional or CEP17-free counts and a bad confidence raise ValueError."""
    with pytest.raises(ValueError, match="same"):
        ish.estimate([1, 2], [1])
    with pytest.raises(ValueError, match="whole numbers"):
        ish.estimate([1.5, 2], [1, 1])
    with pytest.raises(ValueError, match="no CEP17"):
        ish.estimate([1, 2], [0, 0])
    with pytest.raises(ValueError, match="confidence"):
        ish.estimate([1, 2], [1, 1], confidence=1.0)


def test_exact_misclassification_matches_simulation():
    """The exact P(ratio ≥ 2) agrees with 60,000 simulated counts within 0.006."""
    for her2_mean, n in ((4.4, 20), (3.6, 40), (5.0, 10)):
        exact = ish.probability_ratio_at_least(her2_mean, 2.0, n)
        sims = ish.simulate_ratios(her2_mean, 2.0, n, repeats=60_000, seed=1)
        assert exact == pytest.approx((sims >= 2.0).mean(), abs=0.006)


def test_misclassification_falls_with_more_nuclei_and_far_from_the_cutoff():
    """More nuclei or a truth far from 2.0 make wrong-side counts rarer; at 2.0 it is 50:50."""
    near = [ish.misclassification_probability(4.4, 2.0, n) for n in (10, 20, 40, 100, 400)]
    assert all(a > b for a, b in zip(near, near[1:], strict=False))
    assert ish.misclassification_probability(8.0, 2.0, 20) < 1e-4
    assert ish.misclassification_probability(2.0, 2.0, 20) < 5e-3  # ratio 1: rarely above 2
    # exactly at the cut-off the truth counts as positive; about half of counts fall below
    assert 0.4 < ish.misclassification_probability(4.0, 2.0, 200) < 0.6


def test_simulated_ratios_are_seeded_and_drop_cep17_free_counts():
    """Same seed, same ratios; counts with no CEP17 signal are left out, never infinite."""
    a = ish.simulate_ratios(4.0, 0.05, 5, repeats=500, seed=2)
    b = ish.simulate_ratios(4.0, 0.05, 5, repeats=500, seed=2)
    assert np.array_equal(a, b) and np.all(np.isfinite(a))
    assert 0 < a.size < 500  # mean 0.25 CEP17 signals per count: many counts have none
