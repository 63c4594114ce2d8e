"""Chapter 7 figures (``book/07_synthesis.ipynb``): two regimes and virtual treatment arms.

Explorable
    :func:`treatment_arms` — tumor size and stem fraction for every arm and PTEN level of the
    synthesis model (:mod:`her2book.synthesis`).

Static figure
    :func:`two_regimes` — trastuzumab alone at three PTEN levels.

Computed once and shared by the chapter's cells (``functools.cache``): :func:`regimes`,
:func:`arm_runs`, and the numbers the prose glues, :func:`regime_numbers` and
:func:`arm_numbers`; :func:`end_size` reads one arm's result at day 360.
"""

from __future__ import annotations

from functools import cache

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from .. import il6_switch, style
from .. import synthesis as sy
from ..explorable import Explorable, Param, explorable

__all__ = [
    "ARM_PTENS",
    "CHAPTER",
    "EXPLORABLES",
    "REGIME_PTENS",
    "arm_numbers",
    "arm_runs",
    "arm_readout",
    "end_size",
    "nadir",
    "regime_numbers",
    "regimes",
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
    """The regimes' numbers the chapter's prose glues, by glue name."""
    out = {}
    for pten, tag in REGIME_PTENS.items():
        before, after = regimes()[pten].at(0), regimes()[pten].at(360)
        out[f"f0_{tag}"] = float(100 * before["stem_fraction"])
        out[f"f360_{tag}"] = float(100 * after["stem_fraction"])
        out[f"size360_{tag}"] = float(after["total"] / before["total"])
        out[f"il6_0_{tag}"] = float(before["il6"])
        out[f"il6_360_{tag}"] = float(after["il6"])
    day, size = nadir(regimes()[0.25])
    out["nadir_partial"] = size
    out["nadir_day_partial"] = day
    window = il6_switch.bistable_window(0.0, sy.DEFAULT.loop)
    out["window_pten_lo"] = float(window.pten_low)
    out["window_pten_hi"] = float(window.pten_high)
    return out


def two_regimes() -> Figure:
    """Tumor size (log) and stem fraction against days for the three :func:`regimes`."""
    figure, (ax_size, ax_stem) = plt.subplots(1, 2, figsize=(8, 3.6), layout="constrained")
    for pten, r in regimes().items():
        label, color = _REGIME_LABELS[pten], _REGIME_COLORS[pten]
        ax_size.semilogy(r.t, r.total / r.at(0)["total"], color=color, label=label)
        ax_stem.plot(r.t, 100 * r.stem_fraction, color=color, label=label)
    for ax in (ax_size, ax_stem):
        ax.axvline(0, color=style.ROLE["threshold"], lw=1)
        ax.set_xlabel("Days since trastuzumab started")
    ax_size.set_ylabel("Tumor size (relative to day 0)")
    ax_stem.set_ylabel("Stem fraction (%)")
    figure.legend(*ax_stem.get_legend_handles_labels(), loc="outside lower center", ncol=3)
    return figure


# --------------------------------------------------------------------------------------------
# Explorable: virtual treatment arms

ARM_PTENS = (0.0, 0.25, 0.5, 0.75, 1.0)


@cache
def arm_runs() -> dict[tuple[float, str], sy.SynthesisResult]:
    """Every arm of :data:`her2book.synthesis.ARMS` at every PTEN level of :data:`ARM_PTENS`
    (30 simulations), keyed by ``(pten, arm name)``."""
    return sy.simulate_all(sy.DEFAULT, sy.ARMS, ARM_PTENS, sy.DAYS)


def end_size(pten: float, arm: str) -> float:
    """Tumor size at day 360 relative to day 0 for one arm of :func:`arm_runs`."""
    r = arm_runs()[(pten, arm)]
    return r.at(360)["total"] / r.at(0)["total"]


def arm_numbers() -> dict[str, float]:
    """The arms' numbers the chapter's prose glues, by glue name."""
    return {
        "il6r_partial": float(end_size(0.25, "+ IL-6R antibody")),
        "il6r_lost": float(end_size(0.0, "+ IL-6R antibody")),
        "all_lost": float(end_size(0.0, "+ all three")),
    }


def arm_readout(pten: float, arm: str) -> str:
    """The readout line under :func:`treatment_arms` for one setting."""
    r = arm_runs()[(pten, arm)]
    scale = r.at(0)["total"]
    end = r.at(360)
    return (
        f"PTEN {pten:g}, {arm}: after 360 days the tumor is "
        f"{end['total'] / scale:.2g} × its size at day 0, stem fraction "
        f"{100 * r.at(0)['stem_fraction']:.1f}% → {100 * end['stem_fraction']:.1f}%, "
        f"IL-6 activity {end['il6']:.2f} ({'high' if end['il6'] > 1 else 'low'} state)."
    )


def _arms_view(figure: Figure):
    runs = arm_runs()
    days = sy.DAYS
    ax_size, ax_stem = figure.subplots(1, 2)
    (ref_size,) = ax_size.semilogy(
        days,
        np.ones_like(days),
        color=C["grey"],
        lw=1.2,
        ls="--",
        label="no treatment",
        animated=True,
    )
    (size,) = ax_size.semilogy(
        days, np.ones_like(days), color=C["blue"], label="this arm", animated=True
    )
    (ref_stem,) = ax_stem.plot(
        days, np.ones_like(days), color=C["grey"], lw=1.2, ls="--", animated=True
    )
    (stem,) = ax_stem.plot(days, np.ones_like(days), color=C["vermillion"], animated=True)
    for ax in (ax_size, ax_stem):
        ax.axvline(0, color=style.ROLE["threshold"], lw=1)
        ax.set_xlabel("Days since treatment started")
    ax_size.set(ylim=(1e-9, 1e6), ylabel="Tumor size (relative to day 0)")
    ax_stem.set(ylim=(0, 20), ylabel="Stem fraction (%)")
    ax_size.legend(loc="lower left")

    def update(pten, arm):
        r, ref = runs[(pten, arm)], runs[(pten, "No treatment")]
        scale = r.at(0)["total"]
        size.set_ydata(np.maximum(r.total / scale, 1e-12))
        ref_size.set_ydata(ref.total / scale)
        stem.set_ydata(100 * r.stem_fraction)
        ref_stem.set_ydata(100 * ref.stem_fraction)
        return arm_readout(pten, arm)

    return update


def treatment_arms() -> Explorable:
    """Explorable: tumor size and stem fraction for each treatment arm and PTEN level."""
    return explorable(
        _arms_view,
        Param("pten", list(ARM_PTENS), "PTEN level (0 lost, 1 intact)", fmt="{:.2f}", initial=1),
        Param("arm", [a.name for a in sy.ARMS], "Treatment arm", initial=1),
        caption=(
            "Start at PTEN 0.25 with trastuzumab alone, then add each drug in turn. Which add-on "
            "stops the escape? Then set PTEN to 0: does the same add-on still work?"
        ),
        alt=(
            "Two panels against days since treatment started. Left: tumor size relative to day "
            "0 on a log scale, for the chosen arm (solid) and without treatment (dashed). Right: "
            "stem fraction in percent, same two curves."
        ),
        figsize=(7.6, 3.2),
    )


EXPLORABLES = (treatment_arms,)
