"""Chapter 2 (``book/02_cancer_stem_cells.ipynb``): the gating and hierarchy-therapy figures.

Two explorables, :func:`gating` and :func:`hierarchy_therapy`, and the computed scenarios several
chapter cells share: the simulated flow sample and its gates (:func:`flow_sample`,
:func:`gates`), the two example therapies (:func:`spare_run`, :func:`hit_run`) and the sweep the
hierarchy explorable indexes into (:func:`therapy_sweep`). Everything is computed once per
session (``functools.cache``) and deterministic (seeded); treat the cached results as read-only.
"""

from __future__ import annotations

import functools

import numpy as np
from matplotlib.patches import Rectangle

from .. import style
from ..cytometry import FlowSample, GateResult, gate, simulate_events
from ..explorable import Explorable, Param, explorable
from ..hierarchy import ILLUSTRATIVE, HierarchyResult, Therapy, simulate, time_to_eradicate

__all__ = [
    "CHAPTER",
    "EXPLORABLES",
    "CD44_GATES",
    "CD24_GATES",
    "DAYS",
    "START",
    "STOP",
    "SPARE_STEM",
    "HIT_STEM",
    "K_NONSTEM",
    "K_STEM",
    "flow_sample",
    "gates",
    "gating",
    "sorting_gate",
    "spare_run",
    "hit_run",
    "untreated_run",
    "therapy_sweep",
    "regrowth_day",
    "hierarchy_therapy",
]

CHAPTER = 2

# --- Gating a flow-cytometry plot ----------------------------------------------------------

#: CD44 gate thresholds on the slider (keep cells at or above; a.u.).
CD44_GATES: tuple[int, ...] = (100, 160, 250, 400, 630, 1000, 1600, 2500, 4000, 6300)
#: CD24 gate thresholds on the slider (keep cells at or below; a.u.).
CD24_GATES: tuple[int, ...] = (25, 40, 63, 100, 160, 250, 400, 630)


@functools.cache
def flow_sample() -> FlowSample:
    """The chapter's simulated sample: 20,000 events, 2% CSCs, seed 2."""
    return simulate_events(n_events=20_000, csc_fraction=0.02, seed=2)


@functools.cache
def gates() -> dict[tuple[int, int], GateResult]:
    """Every gate of the slider grid on :func:`flow_sample`, keyed ``(cd44_min, cd24_max)``."""
    sample = flow_sample()
    return {(a, b): gate(sample, a, b) for a in CD44_GATES for b in CD24_GATES}


def sorting_gate(min_purity_percent: int = 98) -> GateResult:
    """The slider gate that catches the most true CSCs with at least this purity (percent).

    Purity is compared as the readout shows it (rounded to a whole percent), so a reader can find
    the same gate by moving the sliders (Exercise 2.3). Raises ``ValueError`` if no gate
    qualifies.
    """
    pure = [
        g for g in gates().values() if g.n_gated and round(100 * g.purity) >= min_purity_percent
    ]
    if not pure:
        raise ValueError(f"no gate on the grid reaches min_purity_percent={min_purity_percent}")
    return max(pure, key=lambda g: (g.n_csc_caught, g.purity))


def _gating_readout(g: GateResult, csc_fraction: float) -> str:
    purity = f"{g.purity:.0%}" if g.n_gated else "undefined (empty gate)"
    return (
        f"Gate CD44 ≥ {g.cd44_min:g} a.u., CD24 ≤ {g.cd24_max:g} a.u.: {g.gated_fraction:.1%} of "
        f"events gated (true CSC fraction {csc_fraction:.1%}); purity {purity}; "
        f"caught {g.n_csc_caught} of {g.n_csc} true CSCs ({g.recall:.0%})."
    )


def _scatter_events(ax, sample: FlowSample) -> None:
    """The static CD44 × CD24 cloud: grey bulk cells, true CSCs in the stem colour."""
    bulk, csc = ~sample.is_csc, sample.is_csc
    ax.scatter(
        sample.cd44[bulk],
        sample.cd24[bulk],
        s=1,
        lw=0,
        color=style.COLORS["grey"],
        alpha=0.35,
        rasterized=True,
        label="bulk cells",
    )
    ax.scatter(
        sample.cd44[csc], sample.cd24[csc], s=3, lw=0, color=style.ROLE["stem"], label="true CSCs"
    )
    ax.set(
        xscale="log",
        yscale="log",
        xlim=(10, 1e5),
        ylim=(1, 1e5),
        xlabel="CD44 fluorescence (a.u.)",
        ylabel="CD24 fluorescence (a.u.)",
    )
    ax.legend(loc="upper left", markerscale=4, handletextpad=0.2)


def _gating_view(fig):
    sample, grid = flow_sample(), gates()
    ax, bars_ax = fig.subplots(1, 2, width_ratios=[2.2, 1])
    _scatter_events(ax, sample)
    box = Rectangle((1, 1), 1, 1, fill=False, lw=2, ec=style.COLORS["black"], animated=True)
    ax.add_patch(box)
    colors = [style.COLORS["blue"], style.COLORS["green"], style.ROLE["stem"]]
    bars = bars_ax.bar([0, 1, 2], [0, 0, 0], color=colors, animated=True)
    bars_ax.axhline(100 * sample.csc_fraction, color=style.ROLE["threshold"], ls="--", lw=1)
    bars_ax.set_title("dashed line: true CSC %", fontsize=8, fontweight="normal")
    bars_ax.set(ylim=(0, 105), xlim=(-0.6, 2.6), ylabel="percent")
    bars_ax.set_xticks([0, 1, 2], ["gated\n% events", "purity", "CSCs\ncaught"], fontsize=8)
    labels = [
        bars_ax.text(i, 0, "", ha="center", va="bottom", fontsize=8, animated=True)
        for i in range(3)
    ]

    def update(cd44_min, cd24_max):
        g = grid[(cd44_min, cd24_max)]
        box.set_bounds(cd44_min, 1, 1e5 - cd44_min, cd24_max - 1)
        values = [100 * g.gated_fraction, 100 * g.purity if g.n_gated else 0, 100 * g.recall]
        for bar, label, v in zip(bars, labels, values, strict=True):
            bar.set_height(v)
            label.set_position((bar.get_x() + bar.get_width() / 2, v + 1))
            label.set_text(f"{v:.0f}" if v >= 10 else f"{v:.1f}")
        return _gating_readout(g, sample.csc_fraction)

    return update


def gating() -> Explorable:
    """Explorable: a CD44-high / CD24-low gate on :func:`flow_sample`, with purity and recall.

    Sliders: CD44 threshold (:data:`CD44_GATES`) × CD24 threshold (:data:`CD24_GATES`), a.u.
    """
    return explorable(
        _gating_view,
        Param("cd44_min", CD44_GATES, "CD44 gate: keep cells at or above", "a.u.", initial=4),
        Param("cd24_max", CD24_GATES, "CD24 gate: keep cells at or below", "a.u.", initial=3),
        caption=(
            "Loosen the gate (CD44 low, CD24 high), then tighten it (CD44 high, CD24 low), and "
            "compare the gated percentage, the purity and the CSCs caught with the true 2%."
        ),
        alt=(
            "Log-log scatter plot of simulated cells, CD44 fluorescence against CD24 "
            "fluorescence, grey bulk cells and a small red cluster of true cancer stem cells at "
            "high CD44 and low CD24, with a black gate rectangle; a bar chart beside it shows the "
            "gated percentage of events, the purity and the percentage of true stem cells caught"
        ),
    )


# --- The hierarchy under therapy -----------------------------------------------------------

#: Output times of every run (days).
DAYS = np.arange(0.0, 301.0)
DAYS.flags.writeable = False
#: The treatment window of every example (days).
START, STOP = 30, 150
#: Therapy that spares stem cells (kill rates per day).
SPARE_STEM = Therapy(start=START, stop=STOP, k_S=0.0, k_P=0.3, k_D=0.3)
#: Therapy that also kills stem cells, above the eradication threshold (per day).
HIT_STEM = Therapy(start=START, stop=STOP, k_S=0.2, k_P=0.3, k_D=0.3)
#: Non-stem kill rates k_P = k_D on the slider (per day).
K_NONSTEM: tuple[float, ...] = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0)
#: Stem kill rates k_S on the slider (per day).
K_STEM: tuple[float, ...] = (0.0, 0.005, 0.01, 0.015, 0.02, 0.05, 0.1, 0.2)


@functools.cache
def spare_run() -> HierarchyResult:
    """:data:`SPARE_STEM` on the illustrative hierarchy, stem pool extinct below one cell."""
    return simulate(ILLUSTRATIVE, SPARE_STEM, DAYS, min_cells=1)


@functools.cache
def hit_run() -> HierarchyResult:
    """:data:`HIT_STEM` on the illustrative hierarchy, stem pool extinct below one cell."""
    return simulate(ILLUSTRATIVE, HIT_STEM, DAYS, min_cells=1)


@functools.cache
def untreated_run() -> HierarchyResult:
    """The illustrative hierarchy without therapy."""
    return simulate(ILLUSTRATIVE, Therapy(), DAYS)


@functools.cache
def therapy_sweep() -> dict[tuple[float, float], HierarchyResult]:
    """A run for every slider setting, keyed ``(k_nonstem, k_stem)`` (per day)."""
    return {
        (kn, ks): simulate(
            ILLUSTRATIVE, Therapy(START, STOP, k_S=ks, k_P=kn, k_D=kn), DAYS, min_cells=1
        )
        for kn in K_NONSTEM
        for ks in K_STEM
    }


def regrowth_day(run: HierarchyResult) -> float | None:
    """First day after :data:`STOP` on which the tumor is back to its day-:data:`START` size.

    ``None`` if it never gets back within the run.
    """
    back = np.flatnonzero((run.t > STOP) & (run.total >= run.total[START]))
    return float(run.t[back[0]]) if back.size else None


def _therapy_readout(r: HierarchyResult, k_nonstem: float, k_stem: float) -> str:
    rate = round(ILLUSTRATIVE.stem_rate - k_stem, 9) + 0.0  # no "-0.000"
    size = r.total[STOP] / r.total[START]
    if k_nonstem == 0 and k_stem == 0:
        return (
            f"No therapy (both kill rates 0): the stem pool grows at {rate:+.3f}/day; by day "
            f"{STOP} the tumor is {size:.2g}× its day-{START} size, with the stem fraction "
            f"unchanged at {r.stem_fraction[STOP]:.1%}."
        )
    f = r.stem_fraction[STOP]
    f_end = f"{f:.1%}" if f < 0.1 else f"{f:.0%}"
    text = (
        f"Stem pool in therapy: {rate:+.3f}/day. Day {STOP}: tumor {size:.2g}× its "
        f"day-{START} size, stem fraction {r.stem_fraction[START]:.1%} → {f_end}. "
    )
    if r.eradicated_at is not None:
        below = START + time_to_eradicate(ILLUSTRATIVE, k_stem, r.S[START])
        return text + (
            f"Fewer than one stem cell from day {below:.0f}; the pool is set to zero at day "
            f"{r.eradicated_at:.0f}: no regrowth."
        )
    if r.total[START : STOP + 1].min() >= r.total[START]:
        return text + f"The tumor never shrank below its day-{START} size."
    if r.total[STOP] >= r.total[START]:
        return text + f"It regrew past its day-{START} size during therapy."
    day = regrowth_day(r)
    if day is not None:
        return text + f"Back to its day-{START} size by day {day:.0f}."
    return text + f"Not back to its day-{START} size by day 300, but the stem pool survives."


def _therapy_view(fig):
    untreated, runs = untreated_run(), therapy_sweep()
    size_ax, frac_ax = fig.subplots(1, 2)
    for ax in (size_ax, frac_ax):
        ax.axvspan(START, STOP, color=style.ROLE["therapy"], lw=0)
        ax.set_xlim(0, 300)
        ax.set_xlabel("Time (days)")
    size_ax.text((START + STOP) / 2, 2e10, "therapy", ha="center", fontsize=8)
    size_ax.plot(
        DAYS, untreated.total, color=style.ROLE["threshold"], ls="--", lw=1, label="untreated"
    )
    (total_line,) = size_ax.plot(
        DAYS, untreated.total, color=style.ROLE["total"], label="treated", animated=True
    )
    size_ax.set(yscale="log", ylim=(1, 1e11), ylabel="Tumor size (cells)")
    size_ax.legend(loc="lower left")
    (frac_line,) = frac_ax.plot(
        DAYS, 100 * untreated.stem_fraction, color=style.ROLE["stem"], animated=True
    )
    frac_ax.set(ylim=(0, 100), ylabel="Stem cells (% of tumor)")

    def update(k_nonstem, k_stem):
        r = runs[(k_nonstem, k_stem)]
        total_line.set_ydata(np.where(r.total > 0, r.total, np.nan))
        frac_line.set_ydata(100 * r.stem_fraction)
        return _therapy_readout(r, k_nonstem, k_stem)

    return update


def hierarchy_therapy() -> Explorable:
    """Explorable: tumor size and stem fraction under therapy, by non-stem × stem kill rate.

    Sliders: :data:`K_NONSTEM` × :data:`K_STEM` (per day). It opens on no therapy at all
    (both kill rates 0), a neutral setting: the chapter's exercises and questions ask the reader
    to predict the treated runs before moving the sliders. When the stem pool is eradicated, the
    readout gives both the day it falls below one cell and the day the model sets it to zero
    (the end of the window; see :func:`her2book.hierarchy.simulate`).
    """
    return explorable(
        _therapy_view,
        Param(
            "k_nonstem",
            K_NONSTEM,
            "Kill rate of non-stem cells (k_P = k_D)",
            "/day",
            initial=0,
        ),
        Param("k_stem", K_STEM, "Kill rate of stem cells (k_S)", "/day", initial=0),
        caption=(
            "It opens with no therapy. Keep stem cells spared (k_S = 0) and raise the non-stem "
            "kill rate; then raise k_S past 0.01/day, and on to 0.2/day."
        ),
        alt=(
            "Two line plots against time in days with the treatment window from day 30 to day "
            "150 shaded: left, tumor size in cells on a log scale, treated and untreated; right, "
            "the percentage of stem cells in the tumor"
        ),
    )


EXPLORABLES = (gating, hierarchy_therapy)
