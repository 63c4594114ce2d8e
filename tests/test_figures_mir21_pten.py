"""Chapter 4 figures (the miR-21 table): grids, frame counts and readouts against the models."""

from __future__ import annotations

from math import comb

import matplotlib.pyplot as plt
import pytest

from her2book import claims, contingency, figures, selfcheck
from her2book.figures import mir21_pten as fig


@pytest.fixture(scope="module")
def study_explorable():
    return fig.study_size()


def test_study_size_grid_and_frames(study_explorable):
    """Seven study sizes × five recounts: 35 frames (≤ 100), starting at 1× and no recount."""
    ex = study_explorable
    assert [p.grid for p in ex.params] == [fig.MULTIPLIERS, fig.SHIFTS]
    assert ex.n_frames == 35 <= 100 and len(ex.sliders) == 2
    assert len(ex.readouts) == 7 and all(len(row) == 5 for row in ex.readouts)
    assert [p.start for p in ex.params] == [fig.MULTIPLIERS.index(1), fig.SHIFTS.index(0)]


@pytest.mark.parametrize(
    "multiplier, shift, table",
    [(1, 0, [[6, 1], [8, 22]]), (1, 1, [[5, 2], [8, 22]]), (2, -2, [[12, 2], [14, 46]])],
)
def test_study_readout_reports_the_table_analysis(study_explorable, multiplier, shift, table):
    """The readout quotes the recounted table, its Fisher p and exact odds-ratio interval."""
    i, j = fig.MULTIPLIERS.index(multiplier), fig.SHIFTS.index(shift)
    text = study_explorable.readouts[i][j]
    r = contingency.analyze_table(table)
    (a, b), (c, d) = table
    assert text.startswith(
        f"Table: high miR-21 {a} progressed / {b} not; low {c} / {d} (n = {a + b + c + d})."
    )
    p = f"{r.p_fisher:.2g}" if r.p_fisher >= 1e-3 else f"{r.p_fisher:.1e}"
    assert f" p = {p}; OR {r.or_conditional:.3g} " in text
    assert text.endswith(f"(95% CI {r.ci_conditional[0]:.3g}–{r.ci_conditional[1]:.3g}).")


def test_study_sweep_is_the_scaled_and_recounted_tables():
    """Every sweep entry analyses the table scaled by its multiplier and recounted by its shift."""
    sweep = fig.study_sweep()
    assert set(sweep) == {(m, s) for m in fig.MULTIPLIERS for s in fig.SHIFTS}
    assert sweep[(1, 0)].table == ((6, 1), (8, 22))
    assert sweep[(8, 2)].table == ((46, 10), (64, 176))  # 8× is 48/8 and 64/176; 2 recounted
    assert sweep[(8, 2)].p_fisher < 1e-6 < sweep[(1, 2)].p_fisher


def test_mir21_numbers_by_hand():
    """The glued numbers: OR 16.5, risks 6/7 and 8/30, Fisher p matching the registry."""
    n = fig.mir21_numbers()
    claim = claims.value("mir21-table")
    assert n["ch4_or_sample"] == pytest.approx(6 * 22 / (1 * 8))
    assert n["ch4_risk_high"] == pytest.approx(100 * 6 / 7)
    assert n["ch4_risk_low"] == pytest.approx(100 * 8 / 30)
    assert n["ch4_rr"] == pytest.approx((6 / 7) / (8 / 30))
    assert n["ch4_p"] == pytest.approx(claim["p_fisher"], abs=5e-5)
    assert n["ch4_p_one_moved"] > 0.05 > n["ch4_p"]
    assert abs(n["ch4_p_perm"] - n["ch4_p"]) < 0.0015


def test_two_sided_rules_for_the_table_by_hand():
    """P(a = 0) > P(a = 6), so Irwin's two-sided p is P(a ≥ 6); doubling it is the other rule;
    the permutation statistic |difference in proportions| counts the same tables."""
    n = fig.mir21_numbers()
    pk = [comb(7, k) * comb(30, 14 - k) / comb(37, 14) for k in range(8)]
    assert n["ch4_p_a0"] == pytest.approx(pk[0]) and n["ch4_p_a6"] == pytest.approx(pk[6])
    assert pk[0] > pk[6] > pk[7] and all(pk[k] > pk[6] for k in range(1, 6))
    assert n["ch4_p"] == pytest.approx(pk[6] + pk[7], rel=1e-9)
    assert n["ch4_p_doubled"] == pytest.approx(2 * (pk[6] + pk[7]), rel=1e-9)

    def diff(a):
        return abs(a / 7 - (14 - a) / 30)

    assert [k for k in range(8) if diff(k) >= diff(6) - 1e-12] == [6, 7]


def test_half_size_rounding_changes_the_proportions_and_the_verdict():
    """At 0.5× the high row of 3.5 women rounds to 3 of 4 (75%, not 86%); the other rounding,
    4 of 4, would be "significant": in 19 women one patient decides."""
    n = fig.recount_numbers()
    assert contingency.scale_table(fig.mir21_table(), 0.5).tolist() == [[3, 1], [4, 11]]
    assert n["ch4_risk_half_high"] == 75 != pytest.approx(100 * 6 / 7)
    assert n["ch4_risk_half_low"] == pytest.approx(100 * 8 / 30)  # the low row keeps 8/30
    assert n["ch4_p_half_up"] == pytest.approx(contingency.fisher_two_sided([[4, 0], [4, 11]]))
    assert n["ch4_p_half_up"] < 0.05 < n["ch4_p_half"]
    for m in fig.MULTIPLIERS:  # whole-number multipliers keep 6/7 and 8/30 exactly
        if m == int(m):
            r = fig.study_sweep()[(m, 0)]
            assert (r.risk_high, r.risk_low) == pytest.approx((6 / 7, 8 / 30)), m


def test_recount_numbers_are_the_tables_the_exercises_name():
    """Half size: 3/1 vs 4/11; marker recounts move cell a to c; p and intervals as stated."""
    n = fig.recount_numbers()
    half = contingency.analyze_table([[3, 1], [4, 11]])
    assert fig.study_sweep()[(0.5, 0)].table == ((3, 1), (4, 11))
    assert n["ch4_p_half"] == pytest.approx(half.p_fisher) and n["ch4_p_half"] > 0.05
    assert n["ch4_p_half_for1"] > 0.05 > n["ch4_p_half_for2"]  # two recounts *for* reach 0.05
    assert n["ch4_ci_half_for2_low"] < 1  # … while the exact interval still contains 1
    one = contingency.analyze_table([[5, 1], [9, 22]])
    assert n["ch4_p_marker1"] == pytest.approx(one.p_fisher)
    assert n["ch4_p_marker1"] < 0.05 < n["ch4_p_marker2"]
    assert n["ch4_ci_marker1_low"] > 1 > n["ch4_ci_marker2_low"]
    assert n["ch4_ci8_low"] > 5 and n["ch4_p8_shift2"] < 1e-6
    # the explorable's caption: from 2× on, two recounts against leave p below 0.05
    assert n["ch4_p1_shift2"] > 0.05 > n["ch4_p2_shift2"]
    assert all(fig.study_sweep()[(m, 2)].p_fisher < 0.05 for m in fig.MULTIPLIERS if m >= 2)


def test_fisher_null_bars_are_the_hypergeometric_probabilities():
    """Eight bars with the hand-computed P(a = k); only a = 6 and a = 7 are highlighted."""
    figure = fig.fisher_null()
    try:
        (ax,) = figure.axes
        bars = ax.patches
        expected = [comb(7, k) * comb(30, 14 - k) / comb(37, 14) for k in range(8)]
        assert [b.get_height() for b in bars] == pytest.approx(expected, rel=1e-12)
        colors = [b.get_facecolor() for b in bars]
        assert colors[6] == colors[7] and all(c != colors[6] for c in colors[:6])
    finally:
        plt.close(figure)


def test_chapter_lists_its_explorables():
    """The module declares Chapter 4 and its builder, and the package collects it."""
    assert fig.CHAPTER == 4
    assert fig.EXPLORABLES == (fig.study_size,)
    assert figures.explorables()["mir21_pten.study_size"] is fig.study_size


def test_question_feedback_quotes_the_analysis():
    """The numbers in Chapter 4's questions: expected 2.65, p 0.007, interval 1.5–792 and 7–42."""
    r = fig.mir21_study().result
    q = selfcheck.get("ch4-fisher-expected")
    assert q.answer == pytest.approx(7 * 14 / 37, abs=0.005)
    assert f"{7 * 14 / 37:.2f}" in q.feedback["right"]
    # 2.5 and 2.8 (natural roundings) count as right, 2.4 and 3 do not
    assert all(abs(x - q.answer) <= q.tolerance for x in (2.5, 2.6, 2.7, 2.8))
    assert all(abs(x - q.answer) > q.tolerance for x in (2.4, 3.0))
    q = selfcheck.get("ch4-can-support")
    text = " ".join(o.feedback for o in q.options)
    assert f"{r.or_sample:.1f} is the sample odds ratio" in text
    assert f"({r.or_conditional:.1f} by the conditional estimate)" in text
    q = selfcheck.get("ch4-pvalue-meaning")
    text = " ".join([q.prompt] + [o.text + " " + o.feedback for o in q.options])
    assert f"p is {r.p_fisher:.3f}" in text and f"about {100 * r.p_fisher:.1f}%" in text
    ci = f"{r.ci_conditional[0]:.1f} to {r.ci_conditional[1]:.0f}"
    assert ci in text
    big = fig.study_sweep()[(8, 0)].ci_conditional
    text = " ".join(o.feedback for o in selfcheck.get("ch4-predict-size").options)
    assert f"about {big[0]:.0f} to {big[1]:.0f}" in text
    assert (
        f"{r.ci_conditional[0]:.1f} to {r.ci_conditional[1]:.0f}"
        in selfcheck.get("ch4-predict-size").prompt
    )
