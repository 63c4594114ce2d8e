"""Chapter 4 figures (``book/04_mir21_pten.ipynb``): the 37-patient miR-21 table.

Explorables
    :func:`study_size` — how study size and recounted patients move Fisher's p-value and the
    exact odds-ratio interval of the 37-patient miR-21 table (:mod:`her2book.contingency`).

Static figures
    :func:`fisher_null` — the null distribution of cell *a* behind Fisher's test.

Computed once and shared by the chapter's cells (``functools.cache``): :func:`mir21_study`,
:func:`study_sweep`, and the numbers the prose glues, :func:`mir21_numbers` (the table) and
:func:`recount_numbers` (the explorable's answers and the exercises' new cases).
"""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from .. import claims, contingency, style
from ..explorable import Explorable, Param, explorable

__all__ = [
    "CHAPTER",
    "EXPLORABLES",
    "Mir21Study",
    "fisher_null",
    "mir21_numbers",
    "mir21_study",
    "mir21_table",
    "recount_numbers",
    "study_size",
    "study_sweep",
]

CHAPTER = 4
C = style.COLORS

# --------------------------------------------------------------------------------------------
# The 37-patient miR-21 table (seed 001)


def mir21_table() -> tuple[tuple[int, int], tuple[int, int]]:
    """The registered 2×2 table: rows miR-21 high, low/medium; columns progressed, not."""
    (a, b), (c, d) = claims.value("mir21-table")["table"]
    return (a, b), (c, d)


class Mir21Study(NamedTuple):
    """What the chapter computes from the table (see :func:`mir21_study`)."""

    table: tuple[tuple[int, int], tuple[int, int]]
    result: contingency.TableAnalysis  # Fisher p, odds ratios and intervals
    p_perm: float  # seeded permutation p-value (100,000 shuffles)
    one_moved: contingency.TableAnalysis  # one high-miR-21 progression recounted as stable


@cache
def mir21_study() -> Mir21Study:
    """The analysis of the table, its permutation test and the table with one patient moved."""
    table = mir21_table()
    return Mir21Study(
        table=table,
        result=contingency.analyze_table(table),
        p_perm=contingency.permutation_test(table, n_permutations=100_000, seed=2010),
        one_moved=contingency.analyze_table(contingency.shift_patients(table, "a", "b", 1)),
    )


def mir21_numbers() -> dict[str, float]:
    """The table's numbers the chapter's prose glues, by glue name.

    ``ch4_p_a0``, ``ch4_p_a6``: P(a = 0) and P(a = 6) under the null (a = 0, the least likely
    table in the other tail, is more probable than a = 6, so Irwin's two-sided p is P(a ≥ 6));
    ``ch4_p_doubled``: the other two-sided rule, twice the smaller one-sided p-value.
    """
    s = mir21_study()
    r, moved = s.result, s.one_moved
    k, pk = contingency.fisher_pmf(s.table)
    a = s.table[0][0]
    one_sided = min(pk[k >= a].sum(), pk[k <= a].sum())
    return {
        "ch4_p": r.p_fisher,
        "ch4_p_perm": s.p_perm,
        "ch4_or_sample": r.or_sample,
        "ch4_or_cond": r.or_conditional,
        "ch4_ci_low": r.ci_conditional[0],
        "ch4_ci_high": r.ci_conditional[1],
        "ch4_woolf_low": r.ci_woolf[0],
        "ch4_woolf_high": r.ci_woolf[1],
        "ch4_risk_high": 100 * r.risk_high,
        "ch4_risk_low": 100 * r.risk_low,
        "ch4_rr": r.risk_high / r.risk_low,
        "ch4_p_one_moved": moved.p_fisher,
        "ch4_or_one_moved": moved.or_conditional,
        "ch4_ci_low_one_moved": moved.ci_conditional[0],
        "ch4_p_a0": float(pk[k == 0][0]),
        "ch4_p_a6": float(pk[k == 6][0]),
        "ch4_p_doubled": float(min(1.0, 2 * one_sided)),
    }


def fisher_null() -> Figure:
    """Bar chart of P(a = k) with the margins fixed; bars as improbable as a = 6 highlighted."""
    k, pk = contingency.fisher_pmf(mir21_table())
    extreme = pk <= pk[k == 6][0] * (1 + 1e-7)
    figure, ax = plt.subplots(figsize=(6.4, 3.0))
    ax.bar(k, pk, color=np.where(extreme, C["vermillion"], C["sky"]))
    ax.set(
        xlabel="Progressions among the 7 high-miR-21 women (a)",
        ylabel="Probability if miR-21 is irrelevant",
        xticks=k,
    )
    ax.annotate(
        "observed: 6",
        xy=(6, pk[6]),
        xytext=(5.2, 0.12),
        arrowprops={"arrowstyle": "->", "color": C["black"]},
    )
    return figure


# --------------------------------------------------------------------------------------------
# Explorable: how much do 37 patients tell us?

MULTIPLIERS = (0.5, 1, 2, 3, 4, 6, 8)  # study size, × the 37 patients
SHIFTS = (-2, -1, 0, 1, 2)  # patients recounted: + against the association, − for it
OR_LIM = (0.01, 1e4)  # odds-ratio axis


def study_table(multiplier: float, shift: int) -> np.ndarray:
    """Scale the study keeping proportions, then recount ``|shift|`` patients within a row.

    ``shift > 0`` recounts high-miR-21 progressions as stable (against the association),
    ``shift < 0`` low-miR-21 progressions (for it).
    """
    t = contingency.scale_table(mir21_table(), multiplier)
    if shift > 0:
        return contingency.shift_patients(t, "a", "b", shift)
    return contingency.shift_patients(t, "c", "d", -shift)


@cache
def study_sweep() -> dict[tuple[float, int], contingency.TableAnalysis]:
    """The analysis of every (multiplier, shift) setting of :func:`study_size`."""
    return {
        (m, s): contingency.analyze_table(study_table(m, s)) for m in MULTIPLIERS for s in SHIFTS
    }


def _fmt_p(p: float) -> str:
    return f"{p:.2g}" if p >= 1e-3 else f"{p:.1e}"


def study_readout(r: contingency.TableAnalysis) -> str:
    """The readout line under :func:`study_size` for one analysed table."""
    (a, b), (c, d) = r.table
    hi_txt = "∞" if np.isinf(r.ci_conditional[1]) else f"{r.ci_conditional[1]:.3g}"
    return (
        f"Table: high miR-21 {a} progressed / {b} not; low {c} / {d} "
        f"(n = {r.n}). p = {_fmt_p(r.p_fisher)}; OR {r.or_conditional:.3g} "
        f"(95% CI {r.ci_conditional[0]:.3g}–{hi_txt})."
    )


def _study_view(figure: Figure):
    sweep = study_sweep()
    ax_p, ax_or = figure.subplots(1, 2, width_ratios=[1.15, 1])
    ax_p.set(
        xscale="log",
        yscale="log",
        xlim=(0.4, 10),
        ylim=(1e-18, 3),
        xlabel="Study size (× the 37 patients)",
        ylabel="Two-sided Fisher p-value",
    )
    ax_p.set_xticks(MULTIPLIERS, [f"{m:g}" for m in MULTIPLIERS])
    ax_p.minorticks_off()
    ax_p.axhline(0.05, color=C["grey"], lw=1, ls="--")
    ax_p.text(3, 0.12, "p = 0.05", color=C["grey"], fontsize=8)
    base = [sweep[(m, 0)].p_fisher for m in MULTIPLIERS]
    ax_p.plot(MULTIPLIERS, base, color=C["grey"], lw=1, label="observed proportions")
    (p_line,) = ax_p.plot([], [], color=C["blue"], lw=2, animated=True, label="with recount")
    (p_dot,) = ax_p.plot([], [], "o", color=C["vermillion"], ms=8, animated=True)
    ax_p.legend(loc="lower left", fontsize=8)

    ax_or.set(
        xscale="log", xlim=OR_LIM, ylim=(-0.8, 1.8), yticks=[0, 1], xlabel="Odds ratio (log scale)"
    )
    ax_or.set_yticklabels(["this\nsetting", "the 37\npatients"])
    ax_or.set_xticks(
        [0.01, 0.1, 1, 10, 100, 1000, 10000], ["0.01", "0.1", "1", "10", "100", "1000", "10⁴"]
    )
    ax_or.minorticks_off()
    ax_or.axvline(1, color=C["black"], lw=1)
    ax_or.text(1.15, 1.55, "no association", fontsize=8)
    ref = sweep[(1, 0)]
    ax_or.plot(ref.ci_conditional, [1, 1], color=C["grey"], lw=3)
    ax_or.plot([ref.or_conditional], [1], "o", color=C["grey"], ms=7)
    (ci_line,) = ax_or.plot([], [], color=C["blue"], lw=3, animated=True)
    (or_dot,) = ax_or.plot([], [], "o", color=C["vermillion"], ms=8, animated=True)

    def update(multiplier, shift):
        ps = [sweep[(m, shift)].p_fisher for m in MULTIPLIERS]
        p_line.set_data(MULTIPLIERS, ps)
        r = sweep[(multiplier, shift)]
        p_dot.set_data([multiplier], [r.p_fisher])
        lo, hi = np.clip(r.ci_conditional, *OR_LIM)
        ci_line.set_data([lo, hi], [0, 0])
        or_dot.set_data([np.clip(r.or_conditional, *OR_LIM)], [0])
        return study_readout(r)

    return update


def study_size() -> Explorable:
    """Explorable: Fisher p-value and odds-ratio interval against study size and recounts."""
    return explorable(
        _study_view,
        Param("multiplier", list(MULTIPLIERS), "Study size", "× 37 patients", initial=1),
        Param(
            "shift",
            list(SHIFTS),
            "Patients recounted (+ against, − for the association)",
            fmt="{:+d}",
            initial=2,
        ),
        caption=(
            "Make the study larger step by step and watch the interval. At each size, recount two "
            "patients against the association: from what size on does p stay below 0.05?"
        ),
        alt=(
            "Two panels. Left: two-sided Fisher p-value, on a log scale, against study size from "
            "0.5 to 8 times the 37 patients, with the current setting marked and a dashed line "
            "at p = 0.05. Right: the odds ratio with its exact 95% confidence interval on a log "
            "axis, for the current setting and, in grey, for the original 37 patients"
        ),
    )


def recount_numbers() -> dict[str, float]:
    """Numbers the chapter glues for the explorable's answer and the exercises, by glue name.

    ``ch4_ci8_*``, ``ch4_p8_shift2``: the study 8 times larger (its interval, and p after two
    recounts against the association); ``ch4_p1_shift2``, ``ch4_p2_shift2``: the same two
    recounts at 1× and 2×;
    ``ch4_*_half*``: the study half as large, as observed and with one or two recounts *for*
    the association. Half of 7 women is 3.5, so :func:`contingency.scale_table` rounds the high
    row to 3 of 4 (75%, not 6/7); ``ch4_risk_half_*`` are the rounded rows' proportions and
    ``ch4_p_half_up`` the p-value had the row been rounded to 4 of 4 instead.
    ``ch4_*_marker*``: one or two high-miR-21 progressions reclassified as low miR-21 (a marker
    recount: cell a → cell c) in the 37 patients.
    """
    sweep = study_sweep()
    big, half = sweep[(8, 0)], sweep[(0.5, 0)]
    out = {
        "ch4_ci8_low": big.ci_conditional[0],
        "ch4_ci8_high": big.ci_conditional[1],
        "ch4_p8_shift2": sweep[(8, 2)].p_fisher,
        "ch4_p1_shift2": sweep[(1, 2)].p_fisher,
        "ch4_p2_shift2": sweep[(2, 2)].p_fisher,
        "ch4_p_half": half.p_fisher,
        "ch4_ci_half_low": half.ci_conditional[0],
        "ch4_ci_half_high": half.ci_conditional[1],
        "ch4_p_half_for1": sweep[(0.5, -1)].p_fisher,
        "ch4_p_half_for2": sweep[(0.5, -2)].p_fisher,
        "ch4_ci_half_for2_low": sweep[(0.5, -2)].ci_conditional[0],
        "ch4_ci_half_for2_high": sweep[(0.5, -2)].ci_conditional[1],
        "ch4_risk_half_high": 100 * half.risk_high,
        "ch4_risk_half_low": 100 * half.risk_low,
        "ch4_p_half_up": contingency.fisher_two_sided([[4, 0], [4, 11]]),
    }
    for k in (1, 2):
        r = contingency.analyze_table(contingency.shift_patients(mir21_table(), "a", "c", k))
        out[f"ch4_p_marker{k}"] = r.p_fisher
        out[f"ch4_or_marker{k}"] = r.or_conditional
        out[f"ch4_ci_marker{k}_low"] = r.ci_conditional[0]
        out[f"ch4_ci_marker{k}_high"] = r.ci_conditional[1]
    return out


EXPLORABLES = (study_size,)
