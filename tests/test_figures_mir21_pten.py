"""Chapter 4 figures (the miR-21 table): grids, frame counts and readouts against the models."""

from __future__ import annotations

from math import comb

import matplotlib.pyplot as plt
import pytest

from her2book import claims, contingency, figures
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
