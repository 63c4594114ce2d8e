"""Chapter 1 (``book/01_her2_trastuzumab.ipynb``): the ISH-count and response-duration figures.

Two explorables, :func:`ish_count` and :func:`response_duration_curve`, and the computed
scenarios several chapter cells share (:func:`example_count`, :func:`near_cutoff_misclassification`,
:func:`nuclei_needed`, :func:`vogel_intervals`, :func:`proportion_intervals`,
:func:`progressed_by_12`). Everything is computed once per session (``functools.cache``) and
deterministic (seeded). Cached arrays are read-only.

The ISH grid is what the chapter's exercise needs on the website: true copies 3.0-6.0 per nucleus
in steps of 0.2 (so ratio 2.1 = 4.2 copies is on it) and nuclei counts that double from 10 to 320
(so "four times the nuclei" is one step of two). Both explorables open on a neutral setting, not on
the one their caption and the chapter's questions ask about.
"""

from __future__ import annotations

import functools
import math

import numpy as np
from scipy import stats

from .. import claims, ish, style
from ..explorable import Explorable, Param, explorable
from ..response_duration import fraction_in_response, fraction_progressed_by

__all__ = [
    "CHAPTER",
    "EXPLORABLES",
    "HER2_MEANS",
    "NUCLEI",
    "CEP17",
    "RATIO_BINS",
    "REPEATS",
    "MEDIANS",
    "SHAPES",
    "MONTHS",
    "QUOTED_SHAPES",
    "ish_count",
    "misclassification_grid",
    "response_duration_curve",
    "example_count",
    "near_cutoff_misclassification",
    "nuclei_needed",
    "vogel_intervals",
    "proportion_intervals",
    "progressed_by_12",
]

CHAPTER = 1

# --- ISH count -----------------------------------------------------------------------------

#: True HER2 copies per nucleus on the slider, 3.0 to 6.0 in steps of 0.2 (ratio 1.5 to 3.0).
HER2_MEANS: tuple[float, ...] = tuple(float(h) for h in np.round(np.arange(3.0, 6.01, 0.2), 1))
#: Nuclei counted, on the slider: each step doubles the count (20 is the guideline's minimum).
NUCLEI: tuple[int, ...] = (10, 20, 40, 80, 160, 320)
#: CEP17 signals per nucleus in every frame (two copies of chromosome 17).
CEP17 = ish.NORMAL_CEP17
#: Histogram bins of the counted ratio (dimensionless).
RATIO_BINS = np.linspace(0, 5, 51)
RATIO_BINS.flags.writeable = False
#: Repeated counts simulated for each frame's histogram.
REPEATS = 4000


@functools.cache
def misclassification_grid() -> np.ndarray:
    """Exact chance of a count on the wrong side of 2.0: ``[i, j]`` for HER2_MEANS[i], NUCLEI[j]."""
    miss = np.array(
        [[ish.misclassification_probability(h, CEP17, n) for n in NUCLEI] for h in HER2_MEANS]
    )
    miss.flags.writeable = False
    return miss


def _ish_readout(her2_mean: float, n_nuclei: int, p_wrong: float) -> str:
    """One seeded count of ``n_nuclei`` nuclei, described for the reader."""
    true_ratio = her2_mean / CEP17
    h, c = ish.simulate_nuclei(her2_mean, CEP17, n_nuclei, seed=11)
    e = ish.estimate(h, c)
    truth = "positive side" if true_ratio >= 2 else "negative side"
    return (
        f"True ratio {true_ratio:.1f} ({truth}). One count of {n_nuclei} nuclei: ratio "
        f"{e.ratio:.2f} (95% CI {e.ratio_low:.2f}–{e.ratio_high:.2f}), "
        f"{e.her2_copies:.1f} copies/nucleus, ISH group {e.group}. "
        f"Counts on the wrong side of 2.0: {100 * p_wrong:.0f}%."
    )


def _ish_view(fig):
    ax_hist, ax_miss = fig.subplots(1, 2, width_ratios=[1.6, 1])
    centers = 0.5 * (RATIO_BINS[1:] + RATIO_BINS[:-1])
    (hist_line,) = ax_hist.step(
        centers, np.zeros_like(centers), where="mid", animated=True, color=style.COLORS["blue"]
    )
    ax_hist.axvline(ish.RATIO_CUTOFF, ls="--", color=style.ROLE["threshold"])
    true_mark = ax_hist.axvline(2.0, color=style.COLORS["black"], lw=1, animated=True)
    ax_hist.set(
        xlim=(0, 5),
        ylim=(0, 0.5),
        xlabel="Counted HER2/CEP17 ratio",
        ylabel="Share of repeated counts",
        title="Counted ratio",
    )
    ns = np.array(NUCLEI)
    (miss_line,) = ax_miss.plot(
        ns, np.zeros(len(ns)), "o-", animated=True, color=style.COLORS["vermillion"]
    )
    (miss_dot,) = ax_miss.plot(
        [], [], "o", ms=11, mfc="none", mec=style.COLORS["black"], animated=True
    )
    ax_miss.set(
        xscale="log",
        xlim=(7, 460),
        ylim=(0, 0.55),
        xlabel="Nuclei counted (log scale)",
        ylabel="Chance of wrong side of 2.0",
        title="Misclassification",
    )
    ax_miss.set_xticks(ns, [str(n) for n in NUCLEI])
    ax_miss.minorticks_off()
    grid = misclassification_grid()

    def update(her2_mean, n_nuclei):
        ratios = ish.simulate_ratios(her2_mean, CEP17, n_nuclei, repeats=REPEATS, seed=7)
        counts, _ = np.histogram(ratios, RATIO_BINS)
        hist_line.set_ydata(counts / counts.sum())
        true_ratio = her2_mean / CEP17
        true_mark.set_xdata([true_ratio, true_ratio])
        miss = grid[HER2_MEANS.index(her2_mean)]
        miss_line.set_ydata(miss)
        p = miss[NUCLEI.index(n_nuclei)]
        miss_dot.set_data([n_nuclei], [p])
        return _ish_readout(her2_mean, n_nuclei, p)

    return update


def ish_count() -> Explorable:
    """Explorable: the counted HER2/CEP17 ratio and its misclassification chance.

    Sliders: true HER2 copies per nucleus (:data:`HER2_MEANS`) × nuclei counted
    (:data:`NUCLEI`), CEP17 fixed at :data:`CEP17`. Opens on 5.6 copies (ratio 2.8) and 20
    nuclei, a clearly positive tumor: the caption then sends the reader to the case near 2.0.
    """
    return explorable(
        _ish_view,
        Param(
            "her2_mean",
            HER2_MEANS,
            "True HER2 copies per nucleus",
            "copies",
            fmt="{:.1f}",
            initial=HER2_MEANS.index(5.6),
        ),
        Param("n_nuclei", NUCLEI, "Nuclei counted", "nuclei", initial=NUCLEI.index(20)),
        caption="Set the true HER2 copies to 4.4 (ratio 2.2) and count 10, then 320 nuclei. "
        "Then move the true copies down towards 4.0: when does the count become a coin toss?",
        alt="Left: histogram of the HER2/CEP17 ratio found in 4000 simulated repeat counts, with "
        "the 2.0 cut-off dashed and the true ratio as a solid line. Right: chance that a count "
        "falls on the wrong side of 2.0 against the number of nuclei counted.",
        figsize=(7.2, 3.2),
    )


@functools.cache
def example_count() -> ish.Estimate:
    """The chapter's worked count: 20 nuclei of a tumor with true ratio 2.2 (4.4 / 2.0), seed 1."""
    h, c = ish.simulate_nuclei(her2_mean=4.4, cep17_mean=2.0, n_nuclei=20, seed=1)
    return ish.estimate(h, c)


@functools.cache
def near_cutoff_misclassification() -> dict[int, float]:
    """Exact chance of counting a true ratio of 2.2 below 2.0, by nuclei counted (20, 80, 320)."""
    return {n: ish.misclassification_probability(4.4, 2.0, n) for n in (20, 80, 320)}


@functools.cache
def nuclei_needed(her2_mean: float, limit: float = 0.10, step: int = 10) -> int:
    """Fewest nuclei (a multiple of ``step``) whose wrong-side chance is below ``limit``.

    her2_mean : true HER2 copies per nucleus, with CEP17 at :data:`CEP17` (copies); limit : the
    largest acceptable chance of a count on the wrong side of 2.0 (0-1). Searched up to 20,000
    nuclei; a tumor exactly at the cut-off never gets there: about half of all counts fall on each
    side however many nuclei are counted (``ValueError``, at once).
    """
    if math.isclose(her2_mean / CEP17, ish.RATIO_CUTOFF, rel_tol=1e-12) and limit < 0.45:
        raise ValueError(
            f"her2_mean={her2_mean!r} is at the cut-off: no count gets below {limit}, since about "
            "half of all counts fall on each side of 2.0"
        )
    for n in range(step, 20_001, step):
        if ish.misclassification_probability(her2_mean, CEP17, n) < limit:
            return n
    raise ValueError(f"her2_mean={her2_mean!r}: no count up to 20,000 nuclei gets below {limit}")


# --- Response rate and duration ------------------------------------------------------------


@functools.cache
def vogel_intervals() -> dict[str, float]:
    """30 responders of 114 (Vogel 2002): the rate, its Wald and its exact 95% interval.

    Keys ``rate``, ``n``, ``wald_low``, ``wald_high``, ``exact_low``, ``exact_high``
    (proportions, 0-1). Wald: p ± 1.96 √(p(1 − p)/n); exact: Clopper-Pearson.
    """
    responders, women = 30, 114
    p = responders / women
    half = 1.96 * np.sqrt(p * (1 - p) / women)
    exact = stats.binomtest(responders, women).proportion_ci(method="exact")
    return {
        "rate": p,
        "n": women,
        "wald_low": float(p - half),
        "wald_high": float(p + half),
        "exact_low": float(exact.low),
        "exact_high": float(exact.high),
    }


@functools.cache
def proportion_intervals(successes: int, n: int) -> dict[str, float]:
    """95% intervals for ``successes`` of ``n`` (proportions, 0-1): Wald, exact and Wilson.

    Keys ``rate``, ``wald_low``, ``wald_high`` (p ± 1.96 √(p(1 − p)/n), clipped to 0-1, which is
    what the formula gives by hand; ``scipy.stats.binomtest`` does not offer it), ``exact_low``,
    ``exact_high`` (Clopper-Pearson) and ``wilson_low``, ``wilson_high`` (Wilson score interval).
    """
    p = successes / n
    half = 1.96 * np.sqrt(p * (1 - p) / n)
    test = stats.binomtest(successes, n)
    exact = test.proportion_ci(method="exact")
    wilson = test.proportion_ci(method="wilson")
    return {
        "rate": p,
        "wald_low": float(max(p - half, 0.0)),
        "wald_high": float(min(p + half, 1.0)),
        "exact_low": float(exact.low),
        "exact_high": float(exact.high),
        "wilson_low": float(wilson.low),
        "wilson_high": float(wilson.high),
    }


#: Weibull shapes the chapter quotes, all on the slider: falling, constant and rising risk.
QUOTED_SHAPES = (0.6, 1.0, 2.0)


@functools.cache
def progressed_by_12() -> dict[float, float]:
    """Share of responders progressed by 12 months at Cobleigh's median, by Weibull shape.

    Shapes :data:`QUOTED_SHAPES` (0.6 falling risk, 1.0 constant, 2.0 rising); the median is the
    registered ``cobleigh-pretreated`` value (months).
    """
    m = claims.value("cobleigh-pretreated")["median_response_months"]
    return {k: fraction_progressed_by(12, median_months=m, shape=k) for k in QUOTED_SHAPES}


#: Median response durations on the slider (months).
MEDIANS: tuple[float, ...] = (3, 6, 9.1, 12, 15, 18, 24)
#: Weibull shapes on the slider (dimensionless).
SHAPES: tuple[float, ...] = (0.6, 0.8, 1.0, 1.5, 2.0)
#: Months since response at which the curve is drawn.
MONTHS = np.linspace(0, 24, 241)
MONTHS.flags.writeable = False


def _duration_readout(median: float, shape: float) -> str:
    gone = fraction_progressed_by(12, median, shape)
    verdict = "a majority" if gone > 0.5 else "a minority"
    return (
        f"Median {median:g} months, shape {shape:g}: {100 * gone:.0f}% of responders "
        f"have progressed by 12 months ({verdict}; shaded), "
        f"{100 * (1 - fraction_progressed_by(24, median, shape)):.0f}% still "
        f"respond at 24 months."
    )


def _duration_view(fig):
    t = MONTHS
    ax = fig.subplots()
    ax.axvline(12, color=style.ROLE["threshold"], ls="--", lw=1)
    ax.axhline(0.5, color=style.ROLE["threshold"], ls=":", lw=1)
    vogel_12 = claims.value("vogel-durable")
    ax.plot(
        [12],
        [vogel_12["fraction"]],
        "o",
        color=style.COLORS["black"],
        label=f"Vogel 2002: {vogel_12['fraction']:.0%} at 12 months (follow-up)",
    )
    (curve,) = ax.plot(
        t,
        np.ones_like(t),
        color=style.COLORS["blue"],
        animated=True,
        label="Model: still responding",
    )
    upto = t <= 12
    fill = ax.fill_between(
        t[upto], 1, 1, color=style.COLORS["vermillion"], alpha=0.25, lw=0, animated=True
    )
    ax.set(
        xlim=(0, 24),
        ylim=(0, 1.02),
        xlabel="Months since response",
        ylabel="Fraction of responders still responding",
        xticks=range(0, 25, 3),
    )
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2)

    def update(median, shape):
        s = fraction_in_response(t, median, shape)
        curve.set_ydata(s)
        fill.set_data(t[upto], s[upto], 1)
        return _duration_readout(median, shape)

    return update


def response_duration_curve() -> Explorable:
    """Explorable: the Weibull fraction still responding, by median (months) × shape.

    Opens on a 3-month median with shape 1, not on Cobleigh's 9.1 months that the caption and
    the chapter's prediction ask about. Vogel's dot is on a follow-up clock, not on time since
    response (its legend says so; the chapter's footnote explains it).
    """
    return explorable(
        _duration_view,
        Param("median", MEDIANS, "Median response duration", "months", initial=MEDIANS.index(3)),
        Param("shape", SHAPES, "Weibull shape k", initial=SHAPES.index(1.0)),
        caption="Start at Cobleigh's 9.1-month median with shape 1, then find the medians for "
        "which most responders still respond at 12 months. Does the shape matter as much?",
        alt="Line chart of the fraction of responders still responding against months since "
        "response, from 0 to 24 months, with the share progressed by 12 months shaded and "
        "Vogel's 57% without progression at 12 months of follow-up as a black dot.",
    )


EXPLORABLES = (ish_count, response_duration_curve)
