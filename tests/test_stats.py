"""Tests for her2book.stats: the 37-patient miR-21 table (seed 001) and 2×2 tools."""

from math import comb

import numpy as np
import pytest
from scipy import stats as sps
from scipy.stats.contingency import odds_ratio

from her2book import stats

MIR21 = [[6, 1], [8, 22]]  # rows: miR-21 high, low/medium; columns: progressed, not


def test_fisher_p_matches_research_value_and_scipy():
    p = stats.fisher_two_sided(MIR21)
    assert p == pytest.approx(0.0070, abs=5e-5)
    assert p == pytest.approx(sps.fisher_exact(MIR21).pvalue, rel=1e-12)


def test_fisher_p_by_hand():
    # Margins: 7 high, 30 low; 14 progressed of 37. P(a = k) hypergeometric.
    def pmf(k):
        return comb(7, k) * comb(30, 14 - k) / comb(37, 14)

    probs = {k: pmf(k) for k in range(0, 8)}
    assert sum(probs.values()) == pytest.approx(1.0)
    observed = probs[6]
    p = sum(v for v in probs.values() if v <= observed * (1 + 1e-7))
    assert stats.fisher_two_sided(MIR21) == pytest.approx(p, rel=1e-10)
    # Only a = 6 and a = 7 are as extreme as observed here: the test is one-tailed in practice.
    assert p == pytest.approx(probs[6] + probs[7], rel=1e-10)
    k, pk = stats.fisher_pmf(MIR21)
    assert list(k) == list(range(0, 8))
    assert np.allclose(pk, [probs[i] for i in range(8)])


def test_odds_ratios_and_intervals():
    r = stats.analyze_table(MIR21)
    assert r.or_sample == pytest.approx(16.5)  # (6·22)/(1·8), by hand
    assert r.or_conditional == pytest.approx(15.1, abs=0.05)
    lo, hi = r.ci_conditional
    assert lo == pytest.approx(1.5, abs=0.01)
    assert hi == pytest.approx(792, abs=1)
    ref = odds_ratio(MIR21, kind="conditional")
    assert r.or_conditional == pytest.approx(ref.statistic)
    # Woolf by hand: exp(ln 16.5 ± 1.96·sqrt(1/6 + 1 + 1/8 + 1/22)).
    se = np.sqrt(1 / 6 + 1 / 1 + 1 / 8 + 1 / 22)
    z = sps.norm.ppf(0.975)
    assert r.ci_woolf[0] == pytest.approx(16.5 * np.exp(-z * se))
    assert r.ci_woolf[1] == pytest.approx(16.5 * np.exp(z * se))
    assert r.n == 37
    assert r.risk_high == pytest.approx(6 / 7)
    assert r.risk_low == pytest.approx(8 / 30)


def test_haldane_correction_for_a_zero_cell():
    t = [[7, 0], [8, 22]]
    assert stats.sample_odds_ratio(t) == np.inf
    w, lo, hi = stats.woolf_interval(t)
    assert w == pytest.approx(7.5 * 22.5 / (0.5 * 8.5))
    assert 0 < lo < w < hi < np.inf
    est, clo, chi = stats.conditional_odds_ratio(t)
    assert est == np.inf and chi == np.inf and clo > 1


def test_no_association_gives_p_one_and_or_one():
    t = [[5, 5], [10, 10]]
    assert stats.fisher_two_sided(t) == pytest.approx(1.0)
    assert stats.sample_odds_ratio(t) == pytest.approx(1.0)
    assert stats.conditional_odds_ratio(t)[0] == pytest.approx(1.0, abs=1e-6)


def test_permutation_close_to_exact_and_seeded():
    p1 = stats.permutation_test(MIR21, n_permutations=100_000, seed=1)
    p2 = stats.permutation_test(MIR21, n_permutations=100_000, seed=1)
    assert p1 == p2
    # The exact permutation p for |difference| is P(a ≥ 6) = Fisher's p here; Monte Carlo SE ~3e-4.
    assert p1 == pytest.approx(0.00704, abs=0.0015)


def test_scale_keeps_proportions():
    assert stats.scale_table(MIR21, 1).tolist() == MIR21
    assert stats.scale_table(MIR21, 2).tolist() == [[12, 2], [16, 44]]
    t8 = stats.scale_table(MIR21, 8)
    assert t8.sum() == 8 * 37
    assert t8[0, 0] / t8[0].sum() == pytest.approx(6 / 7)
    # Larger studies with the same proportions: smaller p, narrower interval, similar estimate.
    r1, r8 = stats.analyze_table(MIR21), stats.analyze_table(t8)
    assert r8.p_fisher < r1.p_fisher
    assert r8.ci_conditional[1] / r8.ci_conditional[0] < r1.ci_conditional[1] / r1.ci_conditional[0]


def test_shift_one_patient():
    t = stats.shift_patients(MIR21, "a", "b", 1)
    assert t.tolist() == [[5, 2], [8, 22]]
    assert t.sum() == 37
    # One patient recounted is enough to lose p < 0.05 in this table.
    assert stats.fisher_two_sided(t) > 0.05
    assert stats.shift_patients(MIR21, "c", "d", 0).tolist() == MIR21


@pytest.mark.parametrize(
    "bad",
    [
        [[6, 1, 2], [8, 22, 1]],
        [[6, -1], [8, 22]],
        [[6.5, 1], [8, 22]],
        [[0, 0], [8, 22]],
        [[6, 0], [8, 0]],
        [[np.nan, 1], [8, 22]],
        "table",
    ],
)
def test_bad_tables(bad):
    with pytest.raises(ValueError, match="table"):
        stats.analyze_table(bad)


def test_bad_arguments():
    with pytest.raises(ValueError, match="confidence"):
        stats.conditional_odds_ratio(MIR21, confidence=1.5)
    with pytest.raises(ValueError, match="factor"):
        stats.scale_table(MIR21, 0)
    with pytest.raises(ValueError, match="source"):
        stats.shift_patients(MIR21, "e", "a")
    with pytest.raises(ValueError, match="cannot move"):
        stats.shift_patients(MIR21, "b", "a", 2)
    with pytest.raises(ValueError, match="k must"):
        stats.shift_patients(MIR21, "a", "b", -1)
    with pytest.raises(ValueError, match="n_permutations"):
        stats.permutation_test(MIR21, n_permutations=0)
