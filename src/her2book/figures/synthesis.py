"""Chapter 7 figures (``book/07_synthesis.ipynb``): two regimes, virtual arms, a capstone case.

Explorable
    :func:`treatment_arms` — tumor size, stem fraction and IL-6 activity for every arm and PTEN
    level of the synthesis model (:mod:`her2book.synthesis`). It opens on PTEN 0.25 with no
    treatment, a neutral setting: the reader chooses the arms.

Static figure
    :func:`two_regimes` — trastuzumab alone at three PTEN levels: size, stem fraction and IL-6
    activity over time.

Computed once and shared by the chapter's cells (``functools.cache``): :func:`regimes`,
:func:`arm_runs`, :func:`exercise_runs`, and the numbers the prose glues,
:func:`regime_numbers`, :func:`arm_numbers`, :func:`model_numbers`, :func:`exercise_numbers`
and :func:`case_numbers`; :func:`end_size` reads one arm's result at day 360, :func:`case_ish`
is the capstone case's HER2 test.
"""

from __future__ import annotations

from functools import cache

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from .. import il6_switch, ish, style
from .. import synthesis as sy
from ..explorable import Explorable, Param, explorable

__all__ = [
    "ARM_PTENS",
    "CASE_CEP17",
    "CASE_HER2",
    "CASE_PTEN",
    "CHAPTER",
    "EXPLORABLES",
    "KILL_SHARES",
    "REGIME_PTENS",
    "arm_numbers",
    "arm_readout",
    "arm_runs",
    "case_ish",
    "case_numbers",
    "end_size",
    "exercise_numbers",
    "exercise_runs",
    "fold",
    "fold_day",
    "model_numbers",
    "nadir",
    "regime_numbers",
    "regimes",
    "regrown_day",
    "treatment_arms",
    "two_regimes",
]

CHAPTER = 7
C = style.COLORS

# --------------------------------------------------------------------------------------------
# Two regimes: trastuzumab alone at three PTEN levels

REGIME_PTENS = {1.0: "intact", 0.25: "partial", 0.0: "lost"}  # PTEN level → glue-name tag
_REGIME_LABELS = {1.0: "PTEN intact", 0.25: "PTEN partly lost (0.25)", 0.0: "PTEN lost"}
_REGIME_COLORS = {1.0: C["blue"], 0.25: C["orange"], 0.0: C["vermillion"]}


@cache
def regimes() -> dict[float, sy.SynthesisResult]:
    """Trastuzumab alone over :data:`her2book.synthesis.DAYS`, by PTEN level (1, 0.25, 0)."""
    return {pten: sy.simulate(sy.DEFAULT, "Trastuzumab", pten, sy.DAYS) for pten in REGIME_PTENS}


def nadir(result: sy.SynthesisResult) -> tuple[float, float]:
    """(day, size relative to day 0) of the smallest tumor during treatment (t ≥ 0)."""
    treated = result.t >= 0
    i_min = int(np.argmin(np.where(treated, result.total, np.inf)))
    return float(result.t[i_min]), float(result.total[i_min] / result.at(0)["total"])


def regime_numbers() -> dict[str, float]:
    """The regimes' numbers the chapter's prose glues, by glue name: stem fraction (%), size
    and IL-6 at days 0 and 360 per regime; the partial-loss tumor's nadir and the first treated
    day its IL-6 activity passes K (``flip_day_partial``); the bistable PTEN window and the
    IL-6 activities of the window's two folds, between which the unstable state lies
    (``fold_x_lo``, ``fold_x_hi``); how the partial-loss tumor escapes (:func:`_escape_numbers`);
    and the PTEN-lost tumor's nadir and the day it is back to its day-0 size."""
    out = {}
    for pten, tag in REGIME_PTENS.items():
        before, after = regimes()[pten].at(0), regimes()[pten].at(360)
        out[f"f0_{tag}"] = float(100 * before["stem_fraction"])
        out[f"f360_{tag}"] = float(100 * after["stem_fraction"])
        out[f"size360_{tag}"] = float(after["total"] / before["total"])
        out[f"il6_0_{tag}"] = float(before["il6"])
        out[f"il6_360_{tag}"] = float(after["il6"])
    partial = regimes()[0.25]
    day, size = nadir(partial)
    out["nadir_partial"] = size
    out["nadir_day_partial"] = day
    high = (partial.t >= 0) & (partial.il6 > sy.DEFAULT.loop.K)  # the switch's high side
    out["flip_day_partial"] = float(partial.t[np.argmax(high)])
    window = il6_switch.bistable_window(0.0, sy.DEFAULT.loop)
    out["window_pten_lo"] = float(window.pten_low)
    out["window_pten_hi"] = float(window.pten_high)
    folds = sorted(x for x, _ in il6_switch.fold_points(0.0, sy.DEFAULT.loop))
    out["fold_x_lo"], out["fold_x_hi"] = float(folds[0]), float(folds[-1])
    out.update(_escape_numbers(partial))
    lost = regimes()[0.0]
    out["nadir_day_lost"], out["nadir_lost"] = nadir(lost)
    out["regrown_day_lost"] = regrown_day(lost)
    return out


def regrown_day(result: sy.SynthesisResult) -> float:
    """First day after the nadir on which the tumor is back to its day-0 size (NaN if never)."""
    day = nadir(result)[0]
    back = (result.t > day) & (result.total >= result.at(0)["total"])
    return float(result.t[np.argmax(back)]) if back.any() else float("nan")


def fold_day(result: sy.SynthesisResult) -> float:
    """First treated day on which the IL-6 drive b(PTEN) + σ·f_S passes the drive of the
    switch's upper fold without receptor blockade, so that its low state no longer exists (NaN
    if never). Meant for arms without the IL-6R antibody or anti-miR-21."""
    q = sy.DEFAULT
    b_fold = max(b for _, b in il6_switch.fold_points(0.0, q.loop))
    drive = il6_switch.basal_drive(result.pten, q.loop) + q.stem_il6 * result.stem_fraction
    past = (result.t >= 0) & (drive > b_fold)
    return float(result.t[np.argmax(past)]) if past.any() else float("nan")


def _escape_numbers(partial: sy.SynthesisResult) -> dict[str, float]:
    """How the PTEN-0.25 tumor escapes: p before and on the first treated day and at day 360,
    the day the low IL-6 state disappears (and the stem fraction then, %), the unstable state at
    day 0, and how many times the stem pool and the non-stem cells grow from day 0 to day 360."""
    q, before = sy.DEFAULT, partial.at(0)
    i0, i360 = (int(np.argmin(np.abs(partial.t - day))) for day in (0, 360))
    day = fold_day(partial)
    drive0 = il6_switch.basal_drive(partial.pten, q.loop) + q.stem_il6 * before["stem_fraction"]
    states = il6_switch.steady_states(drive0, 0.0, q.loop)
    return {
        "p_untreated_partial": sy.self_renewal(partial.pten, before["il6"], sy.ARMS[0], False),
        "p0_partial": before["p"],
        "p360_partial": partial.at(360)["p"],
        "fold_day_partial": day,
        "fold_f_partial": float(100 * partial.at(day)["stem_fraction"]),
        "unstable0_partial": next(s.x for s in states if not s.stable),
        "stem_growth_partial": float(partial.S[i360] / partial.S[i0]),
        "nonstem_growth_partial": float(
            (partial.P[i360] + partial.D[i360]) / (partial.P[i0] + partial.D[i0])
        ),
    }


def _panels(figure: Figure):
    """Tumor size and stem fraction side by side on top, IL-6 activity across the bottom."""
    axes = figure.subplot_mosaic([["size", "stem"], ["il6", "il6"]])
    return axes["size"], axes["stem"], axes["il6"]


def _il6_axis(ax) -> None:
    """IL-6 activity axis with the loop's half-maximum K marked (x is in units of K): a rough
    marker between the low and high states, not the switch's threshold (the unstable state)."""
    ax.axhline(sy.DEFAULT.loop.K, color=style.ROLE["threshold"], lw=1, ls=":")
    ax.text(-55, sy.DEFAULT.loop.K * 1.04, "loop half-maximum K", fontsize=8, va="bottom")
    ax.set(ylim=(0, 2.5), ylabel="IL-6 activity x (units of K)")


def two_regimes() -> Figure:
    """Tumor size (log), stem fraction and IL-6 activity against days for the :func:`regimes`."""
    figure = plt.figure(figsize=(7.6, 5.6), layout="constrained")
    ax_size, ax_stem, ax_il6 = _panels(figure)
    for pten, r in regimes().items():
        label, color = _REGIME_LABELS[pten], _REGIME_COLORS[pten]
        ax_size.semilogy(r.t, r.total / r.at(0)["total"], color=color, label=label)
        ax_stem.plot(r.t, 100 * r.stem_fraction, color=color, label=label)
        ax_il6.plot(r.t, r.il6, color=color, label=label)
    for ax in (ax_size, ax_stem, ax_il6):
        ax.axvline(0, color=style.ROLE["threshold"], lw=1)
        ax.set_xlabel("Days since trastuzumab started")
    ax_size.set_ylabel("Tumor size (relative to day 0)")
    ax_stem.set_ylabel("Stem fraction (%)")
    _il6_axis(ax_il6)
    figure.legend(*ax_stem.get_legend_handles_labels(), loc="outside lower center", ncol=3)
    return figure


# --------------------------------------------------------------------------------------------
# Explorable: virtual treatment arms

ARM_PTENS = (0.0, 0.25, 0.5, 0.75, 1.0)


@cache
def arm_runs() -> dict[tuple[float, str], sy.SynthesisResult]:
    """Every arm of :data:`her2book.synthesis.ARMS` at every PTEN level of :data:`ARM_PTENS`
    (35 simulations), keyed by ``(pten, arm name)``."""
    return sy.simulate_all(sy.DEFAULT, sy.ARMS, ARM_PTENS, sy.DAYS)


def end_size(pten: float, arm: str) -> float:
    """Tumor size at day 360 relative to day 0 for one arm of :func:`arm_runs`."""
    r = arm_runs()[(pten, arm)]
    return r.at(360)["total"] / r.at(0)["total"]


def arm_numbers() -> dict[str, float]:
    """The arms' numbers the chapter's prose glues, by glue name: the day-360 size (relative to
    day 0) of each add-on arm at PTEN 0.25 and 0 (``il6r_partial``, ``antimir_lost``, …); the
    mimic arm with PTEN intact (``mimic_intact``); for the mimic alone at PTEN 0, its nadir
    (day, size) and its p at day 360; and p on the first treated day with each single add-on at
    PTEN 0.25 (``p0_il6r_partial``, ``p0_antimir_partial``, ``p0_mimic_partial``)."""
    runs = arm_runs()
    mimic = runs[(0.0, "+ miR-200c mimic")]
    extra = {
        "mimic_intact": float(end_size(1.0, "+ miR-200c mimic")),
        "mimic_lost_nadir_day": nadir(mimic)[0],
        "mimic_lost_nadir": nadir(mimic)[1],
        "mimic_lost_p360": mimic.at(360)["p"],
    }
    singles = {"+ IL-6R antibody": "il6r", "+ anti-miR-21": "antimir", "+ miR-200c mimic": "mimic"}
    for arm, tag in singles.items():
        extra[f"p0_{tag}_partial"] = runs[(0.25, arm)].at(0)["p"]
    return _add_on_sizes() | extra


def _add_on_sizes() -> dict[str, float]:
    tags = {
        "+ IL-6R antibody": "il6r",
        "+ anti-miR-21": "antimir",
        "+ miR-200c mimic": "mimic",
        "+ IL-6R antibody + mimic": "il6r_mimic",
        "+ all three": "all",
    }
    return {
        f"{tag}_{level}": float(end_size(pten, arm))
        for arm, tag in tags.items()
        for pten, level in ((0.25, "partial"), (0.0, "lost"))
    }


_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def fold(x: float) -> str:
    """A size ratio as a reader reads it: ``3,117``, ``8.2``, ``0.096``, ``1.6 × 10⁻⁵``."""
    if x >= 10:
        return f"{x:,.0f}"
    if x >= 0.01:
        return f"{x:.2g}"
    mantissa, exponent = f"{x:.1e}".split("e")
    return f"{mantissa} × 10{str(int(exponent)).translate(_SUPERSCRIPT)}"


def arm_readout(pten: float, arm: str) -> str:
    """The readout line under :func:`treatment_arms` for one setting."""
    r = arm_runs()[(pten, arm)]
    scale = r.at(0)["total"]
    end = r.at(360)
    text = (
        f"PTEN {pten:g}, {arm}: after 360 days the tumor is "
        f"{fold(end['total'] / scale)} times its size at day 0, stem fraction "
        f"{100 * r.at(0)['stem_fraction']:.1f}% → {100 * end['stem_fraction']:.1f}%, "
        f"IL-6 activity {end['il6']:.2f} ({'high' if end['il6'] > 1 else 'low'} state)."
    )
    if sy.arm_named(arm).anti_mir21 and pten < 1:
        text += " The model assumes miR-21 caused the PTEN loss."
    if sy.arm_named(arm).mir200c_mimic:
        text += " The model assumes the mimic lowers self-renewal equally in every tumor."
    return text


def _arms_view(figure: Figure):
    runs = arm_runs()
    days = sy.DAYS
    ax_size, ax_stem, ax_il6 = _panels(figure)
    flat = np.ones_like(days)
    grey = {"color": C["grey"], "lw": 1.2, "ls": "--", "animated": True}
    (ref_size,) = ax_size.semilogy(days, flat, label="no treatment", **grey)
    (size,) = ax_size.semilogy(days, flat, color=C["blue"], label="this arm", animated=True)
    (ref_stem,) = ax_stem.plot(days, flat, **grey)
    (stem,) = ax_stem.plot(days, flat, color=C["vermillion"], animated=True)
    (ref_il6,) = ax_il6.plot(days, flat, **grey)
    (il6,) = ax_il6.plot(days, flat, color=C["green"], animated=True)
    for ax in (ax_size, ax_stem, ax_il6):
        ax.axvline(0, color=style.ROLE["threshold"], lw=1)
        ax.set_xlabel("Days since treatment started")
    ax_size.set(ylim=(1e-9, 1e6), ylabel="Tumor size (relative to day 0)")
    ax_stem.set(ylim=(0, 20), ylabel="Stem fraction (%)")
    _il6_axis(ax_il6)
    ax_size.legend(loc="lower left")

    def update(pten, arm):
        r, ref = runs[(pten, arm)], runs[(pten, "No treatment")]
        scale = r.at(0)["total"]
        size.set_ydata(np.maximum(r.total / scale, 1e-12))
        ref_size.set_ydata(ref.total / scale)
        stem.set_ydata(100 * r.stem_fraction)
        ref_stem.set_ydata(100 * ref.stem_fraction)
        il6.set_ydata(r.il6)
        ref_il6.set_ydata(ref.il6)
        return arm_readout(pten, arm)

    return update


def treatment_arms() -> Explorable:
    """Explorable: size, stem fraction and IL-6 activity for each treatment arm and PTEN level.

    Opens on PTEN 0.25 with no treatment (neutral: the reader picks the arms)."""
    names = [a.name for a in sy.ARMS]
    return explorable(
        _arms_view,
        Param(
            "pten",
            list(ARM_PTENS),
            "PTEN level (0 lost, 1 intact)",
            fmt="{:.2f}",
            initial=ARM_PTENS.index(0.25),
        ),
        Param("arm", names, "Treatment arm", initial=names.index("No treatment")),
        caption=(
            "At PTEN 0.25, step the arm from no treatment to trastuzumab alone, then try each "
            "add-on. Which ones stop the escape? Then set PTEN to 0: which still work?"
        ),
        alt=(
            "Three panels against days since treatment started, each with the chosen arm "
            "(solid) and no treatment (dashed). Top left: tumor size relative to day 0 on a log "
            "scale. Top right: stem fraction in percent. Bottom, across the width: IL-6 "
            "activity, with a dotted line at the loop's half-maximum K, a rough marker between "
            "the low and high states."
        ),
        figsize=(7.6, 5.4),
    )


# --------------------------------------------------------------------------------------------
# Numbers the model section, the exercises and the capstone case glue


def model_numbers() -> dict[str, float]:
    """The range self-renewal p can take with the book's parameters, over every arm, PTEN level
    and IL-6 activity: ``p_lowest`` (PTEN intact, trastuzumab and the mimic, no IL-6) and
    ``p_highest`` (no treatment, saturating IL-6), and the clip ``p_clip``. Inside the clip, the
    clip never acts."""
    q = sy.DEFAULT
    return {
        "p_lowest": q.p_base + q.her2_gain * (1 - q.trastuzumab_block) - q.mir200c_effect,
        "p_highest": q.p_base + q.her2_gain + q.il6_gain,
        "p_clip": q.p_max,
    }


#: The shares φ of trastuzumab's kill that do not depend on PTEN, in the chapter's variants of
#: the kill assumption (the default is 1): glue tag → φ.
KILL_SHARES = {"kill0": 0.0, "kill50": 0.5, "kill30": 0.3, "kill40": 0.4}


@cache
def exercise_runs() -> dict[str, sy.SynthesisResult]:
    """Trastuzumab alone in the exercises' variants: PTEN 0.5 (``half``), PTEN 0.25 without
    stem-cell IL-6 secretion (``no_secretion``), PTEN 1 with twice the kill rate
    (``strong_kill``), and the kill-assumption variants of :data:`KILL_SHARES` at PTEN 0.25 and
    0 (``kill0_partial``, ``kill0_lost``, …; the PTEN-0 runs only for φ = 0 and 0.5)."""
    tz, days = "Trastuzumab", sy.DAYS
    runs = {
        "half": sy.simulate(sy.DEFAULT, tz, 0.5, days),
        "no_secretion": sy.simulate(sy.SynthesisParams(stem_il6=0.0), tz, 0.25, days),
        "strong_kill": sy.simulate(sy.SynthesisParams(bulk_kill=0.10), tz, 1.0, days),
    }
    for tag, share in KILL_SHARES.items():
        params = sy.SynthesisParams(kill_pten_independent=share)
        runs[f"{tag}_partial"] = sy.simulate(params, tz, 0.25, days)
        if tag in ("kill0", "kill50"):
            runs[f"{tag}_lost"] = sy.simulate(params, tz, 0.0, days)
    return runs


def _d_per_s(r: sy.SynthesisResult, day: float) -> float:
    i = int(np.argmin(np.abs(r.t - day)))
    return float(r.D[i] / r.S[i])


def exercise_numbers() -> dict[str, float]:
    """The exercise solutions' numbers, by glue name (``ex_`` + variant + quantity)."""
    runs = exercise_runs()
    out = {}
    for tag, r in runs.items():
        before, after = r.at(0), r.at(360)
        out[f"ex_{tag}_il6_0"] = before["il6"]
        out[f"ex_{tag}_il6_360"] = after["il6"]
        out[f"ex_{tag}_size360"] = after["total"] / before["total"]
        out[f"ex_{tag}_f0"] = 100 * before["stem_fraction"]
        out[f"ex_{tag}_f360"] = 100 * after["stem_fraction"]
        out[f"ex_{tag}_p360"] = after["p"]
    out["ex_ds_ratio_05"] = _d_per_s(regimes()[1.0], 360)
    out["ex_ds_ratio_10"] = _d_per_s(runs["strong_kill"], 360)
    out.update(_high_state_at_half_pten(runs["half"]))
    for tag in KILL_SHARES:
        r = runs[f"{tag}_partial"]
        out[f"ex_{tag}_partial_nadir_day"], out[f"ex_{tag}_partial_nadir"] = nadir(r)
    return out


def _high_state_at_half_pten(half: sy.SynthesisResult) -> dict[str, float]:
    """PTEN 0.5 under trastuzumab: the IL-6 activity x at which s_I would lift p to 1/2
    (``ex_half_x_needed``), the switch's high state at the day-360 drive
    (``ex_half_x_high``), p if the tumor sat in it (``ex_half_p_high``), and the stem fraction
    (%) at which the drive would pass the window's upper fold (``ex_half_fold_f``)."""
    q, tz = sy.DEFAULT, sy.arm_named("Trastuzumab")
    s_i = (0.5 - (q.p_base + q.her2_gain * (1 - q.trastuzumab_block * half.pten))) / q.il6_gain
    drive = il6_switch.basal_drive(half.pten, q.loop) + q.stem_il6 * half.at(360)["stem_fraction"]
    x_high = max(s.x for s in il6_switch.steady_states(drive, 0.0, q.loop) if s.stable)
    b_fold = max(b for _, b in il6_switch.fold_points(0.0, q.loop))
    return {
        "ex_half_fold_f": 100 * (b_fold - il6_switch.basal_drive(half.pten, q.loop)) / q.stem_il6,
        "ex_half_x_needed": q.il6_half * float(np.sqrt(s_i / (1 - s_i))),
        "ex_half_x_high": x_high,
        "ex_half_p_high": sy.self_renewal(half.pten, x_high, tz, True),
    }


#: The capstone case's ISH count: HER2 and CEP17 signals in each of 20 nuclei (made up).
CASE_HER2 = (7, 9, 8, 6, 10, 8, 7, 9, 8, 8, 6, 9, 7, 8, 10, 7, 8, 9, 8, 8)
CASE_CEP17 = (2, 2, 2, 1, 2, 3, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 3, 2, 2, 2)
#: The case's PTEN level in the model: staining at about a quarter of normal tissue's.
CASE_PTEN = 0.25


def case_ish() -> ish.Estimate:
    """The capstone case's dual-probe ISH result (Chapter 1's exact ratio interval and group)."""
    return ish.estimate(CASE_HER2, CASE_CEP17)


def case_numbers() -> dict[str, float]:
    """The capstone case's ISH numbers, by glue name (the model's numbers for it, at PTEN 0.25,
    are those of :func:`regime_numbers` and :func:`arm_numbers`)."""
    e = case_ish()
    return {
        "case_nuclei": float(e.n_nuclei),
        "case_her2": float(e.her2_total),
        "case_cep17": float(e.cep17_total),
        "case_ratio": e.ratio,
        "case_ratio_low": e.ratio_low,
        "case_ratio_high": e.ratio_high,
        "case_copies": e.her2_copies,
        "case_group": float(e.group),
    }


EXPLORABLES = (treatment_arms,)
