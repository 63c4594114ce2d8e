"""Tests for her2book.contingency: the 37-patient miR-21 table (seed 001) and 2×2 tools."""

from math import comb

import numpy as np
import pytest
from scipy import optimize

from her2book import contingency as ct

MIR21 = [[6, 1], [8, 22]]  # rows: miR-21 high, low/medium; columns: progressed, not
Z95 = 1.959963984540054  # the 97.5% point of the standard normal distribution


def _null_pmf(k: int) -> float:
    """P(a = k) for the miR-21 margins (7 high, 30 low; 14 of 37 progressed), by hand."""
    return comb(7, k) * comb(30, 14 - k) / comb(37, 14)


def _noncentral_pmf(psi: float) -> np.ndarray:
    """P(a = k), k = 0..7, under odds ratio ``psi`` with the miR-21 margins fixed."""
    w = np.array([comb(7, k) * comb(30, 14 - k) * psi**k for k in range(8)], dtype=float)
    return w / w.sum()


def test_fisher_p_matches_the_research_value():
    """The two-sided Fisher p-value of the miR-21 table is 0.0070, as RESEARCH.md records."""
    assert ct.fisher_two_sided(MIR21) == pytest.approx(0.0070, abs=5e-5)


def test_fisher_p_by_hand():
    """The p-value sums the hand-computed hypergeometric terms at most as probable as a = 6."""
    probs = {k: _null_pmf(k) for k in range(0, 8)}
    assert sum(probs.values()) == pytest.approx(1.0)
    observed = probs[6]
    p = sum(v for v in probs.values() if v <= observed * (1 + 1e-7))
    assert ct.fisher_two_sided(MIR21) == pytest.approx(p, rel=1e-10)
    # Only a = 6 and a = 7 are as extreme as observed here: the test is one-tailed in practice.
    assert p == pytest.approx(probs[6] + probs[7], rel=1e-10)
    k, pk = ct.fisher_pmf(MIR21)
    assert list(k) == list(range(0, 8))
    assert np.allclose(pk, [probs[i] for i in range(8)])


def test_odds_ratios_match_published_and_hand_values():
    """Sample OR 16.5 by hand; conditional MLE 15.1 with exact interval 1.5-792 (RESEARCH.md)."""
    r = ct.analyze_table(MIR21)
    assert r.or_sample == pytest.approx(16.5)  # (6·22)/(1·8), by hand
    assert r.or_conditional == pytest.approx(15.1, abs=0.05)
    lo, hi = r.ci_conditional
    assert lo == pytest.approx(1.5, abs=0.01)
    assert hi == pytest.approx(792, abs=1)
    assert r.n == 37
    assert r.risk_high == pytest.approx(6 / 7)
    assert r.risk_low == pytest.approx(8 / 30)


def test_conditional_estimate_and_interval_solve_their_defining_equations():
    """The MLE makes E[a] = 6; the exact limits put 2.5% in the upper and lower tails."""
    est, lo, hi = ct.conditional_odds_ratio(MIR21)
    k = np.arange(8)
    assert np.sum(k * _noncentral_pmf(est)) == pytest.approx(6, abs=1e-6)
    assert np.sum(_noncentral_pmf(lo)[6:]) == pytest.approx(0.025, abs=1e-6)
    assert np.sum(_noncentral_pmf(hi)[:7]) == pytest.approx(0.025, abs=1e-6)
    # The same limits found here from the hand-computed tails, independently of the module.
    lo_hand = optimize.brentq(lambda psi: np.sum(_noncentral_pmf(psi)[6:]) - 0.025, 0.1, 15)
    assert lo == pytest.approx(lo_hand, rel=1e-4)


def test_woolf_interval_by_hand():
    """Woolf: exp(ln 16.5 ± 1.96·sqrt(1/6 + 1 + 1/8 + 1/22))."""
    r = ct.analyze_table(MIR21)
    se = np.sqrt(1 / 6 + 1 / 1 + 1 / 8 + 1 / 22)
    assert r.or_woolf == pytest.approx(16.5)
    assert r.ci_woolf[0] == pytest.approx(16.5 * np.exp(-Z95 * se))
    assert r.ci_woolf[1] == pytest.approx(16.5 * np.exp(Z95 * se))


def test_haldane_correction_for_a_zero_cell():
    """With an empty cell the sample OR is infinite and Woolf adds 0.5 to every cell."""
    t = [[7, 0], [8, 22]]
    assert ct.sample_odds_ratio(t) == np.inf
    w, lo, hi = ct.woolf_interval(t)
    assert w == pytest.approx(7.5 * 22.5 / (0.5 * 8.5))
    assert 0 < lo < w < hi < np.inf
    est, clo, chi = ct.conditional_odds_ratio(t)
    assert est == np.inf and chi == np.inf and clo > 1


def test_no_association_gives_p_one_and_or_one():
    """A table with equal proportions in both rows has p = 1 and odds ratios of 1."""
    t = [[5, 5], [10, 10]]
    assert ct.fisher_two_sided(t) == pytest.approx(1.0)
    assert ct.sample_odds_ratio(t) == pytest.approx(1.0)
    assert ct.conditional_odds_ratio(t)[0] == pytest.approx(1.0, abs=1e-6)


def test_permutation_close_to_exact_and_seeded():
    """The seeded permutation p repeats exactly and matches P(a ≥ 6) within Monte Carlo error."""
    p1 = ct.permutation_test(MIR21, n_permutations=100_000, seed=1)
    p2 = ct.permutation_test(MIR21, n_permutations=100_000, seed=1)
    assert p1 == p2
    # The exact permutation p for |difference| is P(a ≥ 6) = Fisher's p here; Monte Carlo SE ~3e-4.
    assert p1 == pytest.approx(_null_pmf(6) + _null_pmf(7), abs=0.0015)


def test_scale_keeps_proportions():
    """Scaling keeps each row's proportion; a larger study gives a smaller p and narrower CI."""
    assert ct.scale_table(MIR21, 1).tolist() == MIR21
    assert ct.scale_table(MIR21, 2).tolist() == [[12, 2], [16, 44]]
    t8 = ct.scale_table(MIR21, 8)
    assert t8.sum() == 8 * 37
    assert t8[0, 0] / t8[0].sum() == pytest.approx(6 / 7)
    r1, r8 = ct.analyze_table(MIR21), ct.analyze_table(t8)
    assert r8.p_fisher < r1.p_fisher
    assert r8.ci_conditional[1] / r8.ci_conditional[0] < r1.ci_conditional[1] / r1.ci_conditional[0]


def test_shift_one_patient():
    """Recounting one high-miR-21 progression as stable gives 5/2 vs 8/22 and p > 0.05."""
    t = ct.shift_patients(MIR21, "a", "b", 1)
    assert t.tolist() == [[5, 2], [8, 22]]
    assert t.sum() == 37
    assert ct.fisher_two_sided(t) > 0.05
    assert ct.shift_patients(MIR21, "c", "d", 0).tolist() == MIR21


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
    """A table that is not 2×2 whole counts with non-empty margins is refused, naming it."""
    with pytest.raises(ValueError, match="table"):
        ct.analyze_table(bad)


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: ct.conditional_odds_ratio(MIR21, confidence=1.5), "confidence"),
        (lambda: ct.woolf_interval(MIR21, confidence="high"), "confidence"),
        (lambda: ct.scale_table(MIR21, 0), "factor"),
        (lambda: ct.shift_patients(MIR21, "e", "a"), "source"),
        (lambda: ct.shift_patients(MIR21, "a", "a"), "same cell"),
        (lambda: ct.shift_patients(MIR21, "b", "a", 2), "cannot move"),
        (lambda: ct.shift_patients(MIR21, "a", "b", -1), "k must"),
        (lambda: ct.shift_patients(MIR21, "a", "b", True), "k must"),
        (lambda: ct.permutation_test(MIR21, n_permutations=0), "n_permutations"),
        (lambda: ct.permutation_test(MIR21, n_permutations=2.5), "n_permutations"),
    ],
)
def test_bad_arguments(call, name):
    """Bad arguments raise a ValueError that names the argument."""
    with pytest.raises(ValueError, match=name):
        call()
