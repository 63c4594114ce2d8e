"""Chapter 1 figures: each explorable's grid, frame count and readouts against the models."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from her2book import claims, figures, ish
from her2book.figures import her2_trastuzumab as fig


@pytest.fixture(scope="module")
def ish_explorable():
    return fig.ish_count()


@pytest.fixture(scope="module")
def duration_explorable():
    return fig.response_duration_curve()


def test_chapter_lists_its_explorables():
    """The module declares Chapter 1 and both builders, and the package collects them."""
    assert fig.CHAPTER == 1
    assert fig.EXPLORABLES == (fig.ish_count, fig.response_duration_curve)
    found = figures.explorables()
    assert found["her2_trastuzumab.ish_count"] is fig.ish_count
    assert found["her2_trastuzumab.response_duration_curve"] is fig.response_duration_curve


def test_ish_count_grid_and_frames(ish_explorable):
    """True copies 2.4-6.0 in steps of 0.4 × five nuclei counts: 50 frames, starting at 4.4 / 20."""
    ex = ish_explorable
    assert fig.HER2_MEANS == pytest.approx(np.arange(2.4, 6.01, 0.4))
    assert [p.grid for p in ex.params] == [fig.HER2_MEANS, fig.NUCLEI]
    assert ex.n_frames == 50 and len(ex.readouts) == 10 and len(ex.readouts[0]) == 5
    assert [p.start for p in ex.params] == [fig.HER2_MEANS.index(4.4), fig.NUCLEI.index(20)]
    assert all(r for row in ex.readouts for r in row)


def test_ish_readout_reports_the_model(ish_explorable):
    """At 4.4 copies and 20 nuclei the readout quotes the exact miss chance and one seeded count."""
    i, j = fig.HER2_MEANS.index(4.4), fig.NUCLEI.index(20)
    text = ish_explorable.readouts[i][j]
    miss = ish.misclassification_probability(4.4, 2.0, 20)
    assert f"Counts on the wrong side of 2.0: {100 * miss:.0f}%." in text
    h, c = ish.simulate_nuclei(4.4, 2.0, 20, seed=11)
    assert f"ratio {h.sum() / c.sum():.2f} (95% CI" in text
    assert text.startswith("True ratio 2.2 (positive side).")
    below = ish_explorable.readouts[fig.HER2_MEANS.index(3.6)][j]
    assert below.startswith("True ratio 1.8 (negative side).")


def test_misclassification_grid_is_the_exact_probability():
    """Every grid entry is the exact wrong-side probability; the grid is read-only."""
    grid = fig.misclassification_grid()
    assert grid.shape == (len(fig.HER2_MEANS), len(fig.NUCLEI)) and not grid.flags.writeable
    i, j = fig.HER2_MEANS.index(5.2), fig.NUCLEI.index(40)
    assert grid[i, j] == ish.misclassification_probability(5.2, 2.0, 40)
    near = fig.near_cutoff_misclassification()
    row = grid[fig.HER2_MEANS.index(4.4)]
    for n in (20, 60, 100):
        assert near[n] == pytest.approx(row[fig.NUCLEI.index(n)], rel=1e-12)


def test_example_count_straddles_the_cutoff():
    """The chapter's 20-nucleus count is group 1 but its interval contains 2.0, as the text says."""
    est = fig.example_count()
    assert est.n_nuclei == 20 and est.group == 1
    assert est.ratio_low < 2.0 < est.ratio_high


def test_vogel_intervals_are_the_wald_and_clopper_pearson_intervals():
    """30/114: the Wald interval p ± 1.96 SE and the exact interval from beta quantiles."""
    ci = fig.vogel_intervals()
    p = 30 / 114
    se = math.sqrt(p * (1 - p) / 114)
    assert ci["rate"] == p and ci["n"] == 114
    assert ci["wald_low"] == pytest.approx(p - 1.96 * se)
    assert ci["wald_high"] == pytest.approx(p + 1.96 * se)
    assert ci["exact_low"] == pytest.approx(stats.beta.ppf(0.025, 30, 85), rel=1e-9)
    assert ci["exact_high"] == pytest.approx(stats.beta.ppf(0.975, 31, 84), rel=1e-9)


def test_progressed_by_12_uses_cobleighs_median():
    """1 − exp(−ln 2 (12/m)^k) at the registered median, for the three shapes the text quotes."""
    m = claims.value("cobleigh-pretreated")["median_response_months"]
    by_12 = fig.progressed_by_12()
    assert set(by_12) == {0.7, 1.0, 2.0}
    for k, gone in by_12.items():
        assert gone == pytest.approx(1 - math.exp(-math.log(2) * (12 / m) ** k))


def test_duration_grid_and_frames(duration_explorable):
    """Seven medians × five shapes: 35 frames, starting at 9.1 months and shape 1."""
    ex = duration_explorable
    assert [p.grid for p in ex.params] == [fig.MEDIANS, fig.SHAPES]
    assert ex.n_frames == 35
    assert [p.grid[p.start] for p in ex.params] == [9.1, 1.0]


def test_duration_readout_reports_the_weibull_curve(duration_explorable):
    """At median 9.1 and shape 1 the readout quotes 1 − 2^(−12/9.1) and 2^(−24/9.1)."""
    i, j = fig.MEDIANS.index(9.1), fig.SHAPES.index(1.0)
    text = duration_explorable.readouts[i][j]
    assert f"{100 * (1 - 2 ** (-12 / 9.1)):.0f}% of responders have progressed" in text
    assert "(a majority; shaded)" in text
    assert f"{100 * 2 ** (-24 / 9.1):.0f}% still respond at 24 months" in text
    late = duration_explorable.readouts[fig.MEDIANS.index(24)][j]
    assert "(a minority; shaded)" in late
