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
    """True copies 3.0-6.0 in steps of 0.2 × six doubling nuclei counts: 96 frames, neutral start.

    The grid holds the exercise's cases (4.4 and 4.2 copies, 20 and 80 nuclei); the explorable
    opens on a clearly positive 5.6 copies, not on the caption's 4.4.
    """
    ex = ish_explorable
    assert fig.HER2_MEANS == pytest.approx(np.arange(3.0, 6.01, 0.2))
    assert {4.0, 4.2, 4.4} <= set(fig.HER2_MEANS)
    assert fig.NUCLEI == (10, 20, 40, 80, 160, 320)
    assert [p.grid for p in ex.params] == [fig.HER2_MEANS, fig.NUCLEI]
    assert ex.n_frames == 96 and len(ex.readouts) == 16 and len(ex.readouts[0]) == 6
    assert [p.start for p in ex.params] == [fig.HER2_MEANS.index(5.6), fig.NUCLEI.index(20)]
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
    assert set(near) == {20, 80, 320}
    for n in near:
        assert near[n] == pytest.approx(row[fig.NUCLEI.index(n)], rel=1e-12)


def test_half_the_distance_needs_four_times_the_nuclei():
    """Ratio 2.1 counted in 4n nuclei misses about as often as ratio 2.2 in n (the 1/√n rule).

    This is the answer of the chapter's exercise ``ch1-ex-nuclei`` on the website (20 → 80
    nuclei), and with Python (130 and 500 nuclei for a chance under 10%).
    """
    grid = fig.misclassification_grid()
    at_22, at_21 = grid[fig.HER2_MEANS.index(4.4)], grid[fig.HER2_MEANS.index(4.2)]
    for n in (10, 20, 40, 80):
        assert at_21[fig.NUCLEI.index(4 * n)] == pytest.approx(at_22[fig.NUCLEI.index(n)], abs=0.02)
    assert fig.nuclei_needed(4.4) == 130 and fig.nuclei_needed(4.2) == 500
    for h in (4.4, 4.2):
        n = fig.nuclei_needed(h)
        assert ish.misclassification_probability(h, 2.0, n) < 0.10
        assert ish.misclassification_probability(h, 2.0, n - 10) >= 0.10
    # At the cut-off itself no count settles it: about half of all counts fall on each side.
    assert all(0.45 < p < 0.5 for p in grid[fig.HER2_MEANS.index(4.0)])
    with pytest.raises(ValueError, match="her2_mean"):
        fig.nuclei_needed(4.0)


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


@pytest.mark.parametrize("k, n", [(34, 222), (0, 20), (30, 114)])
def test_proportion_intervals_match_their_formulas(k, n):
    """Wald by hand (clipped to 0-1), Clopper-Pearson from beta quantiles, Wilson by its formula."""
    ci = fig.proportion_intervals(k, n)
    p, z = k / n, 1.96
    se = math.sqrt(p * (1 - p) / n)
    assert ci["rate"] == p
    assert ci["wald_low"] == pytest.approx(max(p - z * se, 0.0), abs=1e-12)
    assert ci["wald_high"] == pytest.approx(min(p + z * se, 1.0), abs=1e-12)
    low = 0.0 if k == 0 else stats.beta.ppf(0.025, k, n - k + 1)
    assert ci["exact_low"] == pytest.approx(low, abs=1e-9)
    assert ci["exact_high"] == pytest.approx(stats.beta.ppf(0.975, k + 1, n - k), rel=1e-9)
    zq = stats.norm.ppf(0.975)  # Wilson with the exact quantile, as SciPy computes it
    centre = (p + zq**2 / (2 * n)) / (1 + zq**2 / n)
    half = zq / (1 + zq**2 / n) * math.sqrt(p * (1 - p) / n + zq**2 / (4 * n**2))
    assert ci["wilson_low"] == pytest.approx(max(centre - half, 0.0), abs=1e-9)
    assert ci["wilson_high"] == pytest.approx(centre + half, rel=1e-9)


def test_no_responders_is_where_the_wald_interval_fails():
    """0 of 20: the Wald interval collapses to 0-0, the exact one reaches 1 − 0.025^(1/20)."""
    ci = fig.proportion_intervals(0, 20)
    assert ci["wald_low"] == ci["wald_high"] == 0.0
    assert ci["exact_high"] == pytest.approx(1 - 0.025 ** (1 / 20), rel=1e-9)
    assert 0.16 < ci["wilson_high"] < ci["exact_high"] < 0.17


def test_progressed_by_12_uses_cobleighs_median():
    """1 − exp(−ln 2 (12/m)^k) at the registered median, for the three shapes the text quotes."""
    m = claims.value("cobleigh-pretreated")["median_response_months"]
    by_12 = fig.progressed_by_12()
    assert set(by_12) == set(fig.QUOTED_SHAPES) == {0.6, 1.0, 2.0}
    assert set(fig.QUOTED_SHAPES) <= set(fig.SHAPES)  # every quoted shape is on the slider
    for k, gone in by_12.items():
        assert gone == pytest.approx(1 - math.exp(-math.log(2) * (12 / m) ** k))


def test_duration_grid_and_frames(duration_explorable):
    """Seven medians × five shapes: 35 frames, starting on a neutral 3 months and shape 1.

    Not on Cobleigh's 9.1 months, which the caption and the chapter's prediction ask about.
    """
    ex = duration_explorable
    assert [p.grid for p in ex.params] == [fig.MEDIANS, fig.SHAPES]
    assert ex.n_frames == 35
    assert [p.grid[p.start] for p in ex.params] == [3, 1.0]
    assert 9.1 in fig.MEDIANS


def test_duration_readout_reports_the_weibull_curve(duration_explorable):
    """At median 9.1 and shape 1 the readout quotes 1 − 2^(−12/9.1) and 2^(−24/9.1)."""
    i, j = fig.MEDIANS.index(9.1), fig.SHAPES.index(1.0)
    text = duration_explorable.readouts[i][j]
    assert f"{100 * (1 - 2 ** (-12 / 9.1)):.0f}% of responders have progressed" in text
    assert "(a majority; shaded)" in text
    assert f"{100 * 2 ** (-24 / 9.1):.0f}% still respond at 24 months" in text
    late = duration_explorable.readouts[fig.MEDIANS.index(24)][j]
    assert "(a minority; shaded)" in late


def test_the_chapters_questions_quote_the_models_numbers():
    """The numbers written into Chapter 1's self-check feedback are the ones the models give."""
    from her2book import selfcheck

    miss = round(100 * fig.near_cutoff_misclassification()[20])
    predict = selfcheck.get("ch1-predict-ish-miss")
    assert all(f"{miss}%" in o.feedback for o in predict.options)
    assert [o.correct for o in predict.options] == [o.text == "About 30%" for o in predict.options]
    ci = fig.vogel_intervals()
    exact = f"{100 * ci['exact_low']:.1f}–{100 * ci['exact_high']:.1f}%"
    assert any(exact in o.feedback for o in selfcheck.get("ch1-vogel-interval").options)
    duration = selfcheck.get("ch1-predict-duration")
    assert duration.answer == round(100 * fig.progressed_by_12()[1.0])
    ratio = selfcheck.get("ch1-ish-ratio")
    assert ratio.answer == pytest.approx(84 / 40) and ish.group(84 / 40, 84 / 20) == 1
