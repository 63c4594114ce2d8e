"""Figures of Chapter 3 (``book/03_microrna.ipynb``): the titration threshold and the
miR-200/ZEB switch.

- :func:`titration_check_figure`: closed-form steady state of the titration model against
  numerical integration (static figure).
- :func:`titration_threshold`: explorable, free target against its transcription rate over a
  grid of binding strengths and microRNA transcription rates; it opens on the weakest binding
  at the chapter's alpha_s = 50, so the reader discovers the corner by raising k.
- :func:`mir200_zeb_switch`: explorable, the Lu et al. (2013) bifurcation diagram with the
  hysteresis paths and the states available at one SNAIL level; it opens at the lowest SNAIL
  level (one state), where the caption's walk up and down begins.

The rates are the chapter's illustrative values (:data:`BETA`, :data:`ALPHA_S`); the SNAIL grid
is :data:`SNAIL`. Every sweep is computed once (``functools.cache``).
"""

from __future__ import annotations

import functools

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from .. import mir200_zeb, style, titration
from ..explorable import Explorable, Param, explorable

__all__ = [
    "CHAPTER",
    "EXPLORABLES",
    "BETA",
    "ALPHA_S",
    "CHECK_K",
    "CHECK_AM",
    "K_VALUES",
    "AS_VALUES",
    "AM",
    "SNAIL",
    "SLIDER",
    "titration_check",
    "titration_curves",
    "titration_check_figure",
    "titration_threshold",
    "switch_sweep",
    "switch_edges",
    "mir200_zeb_switch",
]

CHAPTER = 3

# --------------------------------------------------------------------------------------------
# titration

#: Decay rate of free target and free microRNA, 1/hour (illustrative: a 7-hour half-life).
BETA = 0.1
#: MicroRNA transcription rate, molecules/hour (illustrative).
ALPHA_S = 50.0
#: Binding rate constants (1/(molecule·hour)) and target transcription rates (molecules/hour)
#: at which the closed form is checked against the ODE.
CHECK_K = (1e-3, 1e-2, 1e-1)
CHECK_AM = (10.0, 40.0, 50.0, 60.0, 120.0)
#: Integration time of the check, hours (long enough to reach the steady state).
CHECK_HOURS = 300.0
#: The explorable's grids: binding strength k (1/(molecule·hour)) and microRNA transcription
#: rate alpha_s (molecules/hour, with the chapter's value 50 on it); the target's transcription
#: rate alpha_m (molecules/hour).
K_VALUES = (1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1, 1.0)
AS_VALUES = (20.0, 40.0, 50.0, 60.0, 80.0, 100.0)
AM = np.linspace(0, 200, 401)


@functools.cache
def titration_check() -> tuple[np.ndarray, np.ndarray]:
    """Free target (molecules) at every ``(CHECK_K[i], CHECK_AM[j])``: ``(closed, ode)``, each of
    shape ``(len(CHECK_K), len(CHECK_AM))``: the closed form and the ODE integrated from zero for
    :data:`CHECK_HOURS` hours (read-only arrays)."""
    closed = np.array(
        [titration.steady_state(CHECK_AM, ALPHA_S, k, BETA, BETA)[0] for k in CHECK_K]
    )
    ode = np.array(
        [
            [
                titration.simulate(
                    titration.TitrationParams(a, ALPHA_S, k, BETA, BETA), [0.0, CHECK_HOURS]
                )[0][-1]
                for a in CHECK_AM
            ]
            for k in CHECK_K
        ]
    )
    closed.flags.writeable = ode.flags.writeable = False
    return closed, ode


@functools.cache
def titration_curves() -> np.ndarray:
    """Every curve the explorable can show: free target (molecules) over :data:`AM`, shape
    ``(len(K_VALUES), len(AS_VALUES), len(AM))`` (read-only)."""
    curves = np.array(
        [[titration.steady_state(AM, a_s, k, BETA, BETA)[0] for a_s in AS_VALUES] for k in K_VALUES]
    )
    curves.flags.writeable = False
    return curves


def titration_check_figure() -> Figure:
    """Closed-form free target (lines) against the numerical solution (dots) for :data:`CHECK_K`,
    with the no-microRNA line and the threshold ``alpha_m = alpha_s`` (dotted)."""
    _, ode = titration_check()
    am_line = np.linspace(0, 150, 301)
    colors = [style.COLORS["sky"], style.COLORS["blue"], style.COLORS["vermillion"]]
    fig, ax = plt.subplots(figsize=(6.4, 3.4))
    for k, row, color in zip(CHECK_K, ode, colors, strict=True):
        ax.plot(
            am_line,
            titration.steady_state(am_line, ALPHA_S, k, BETA, BETA)[0],
            color=color,
            label=f"k = {k:g} per molecule·hour",
        )
        ax.plot(CHECK_AM, row, "o", color=color, markersize=5)
    ax.plot(am_line, am_line / BETA, "--", color=style.ROLE["threshold"], lw=1, label="no microRNA")
    ax.axvline(ALPHA_S, color=style.COLORS["black"], lw=0.8, ls=":")
    ax.set(
        xlabel="target transcription rate α_m (molecules/hour)",
        ylabel="free target mRNA (molecules)",
        ylim=(0, 1000),
        xlim=(0, 150),
    )
    ax.legend(loc="upper left")
    ax.set_title("Closed form (lines) and numerical solution (dots)")
    return fig


def _titration_view(fig: Figure):
    curves = titration_curves()
    ax = fig.subplots()
    ax.plot(AM, AM / BETA, "--", color=style.ROLE["threshold"], lw=1, label="no microRNA")
    (limit,) = ax.plot(
        [],
        [],
        ":",
        color=style.COLORS["black"],
        lw=1.2,
        label="threshold-linear limit",
        animated=True,
    )
    (curve,) = ax.plot(
        [],
        [],
        color=style.COLORS["vermillion"],
        lw=2.5,
        label="free target (steady state)",
        animated=True,
    )
    thresh = ax.axvline(50, color=style.COLORS["blue"], lw=1, ls=":", animated=True)
    ax.set(
        xlim=(0, 200),
        ylim=(0, 2000),
        xlabel="target transcription rate α_m (molecules/hour)",
        ylabel="free target mRNA (molecules)",
    )
    ax.legend(loc="upper left")

    def update(k, alpha_s):
        i, j = K_VALUES.index(k), AS_VALUES.index(alpha_s)
        curve.set_data(AM, curves[i, j])
        limit.set_data(AM, np.maximum(AM - alpha_s, 0) / BETA)
        thresh.set_xdata([alpha_s, alpha_s])
        half = np.interp(alpha_s / 2, AM, curves[i, j])
        at = np.interp(alpha_s, AM, curves[i, j])
        return (
            f"Threshold at α_m = α_s = {alpha_s:g}/h. Half-way below it the free target is "
            f"{half:.0f} molecules ({100 * half / (alpha_s / 2 / BETA):.1f}% of the no-microRNA "
            f"level); at the threshold it is {at:.0f}."
        )

    return update


def titration_threshold() -> Explorable:
    """Explorable: the titration threshold over binding strength and microRNA transcription."""
    return explorable(
        _titration_view,
        Param("k", K_VALUES, "Binding strength k (per molecule per hour)", initial=0),
        Param("alpha_s", AS_VALUES, "MicroRNA transcription rate α_s (molecules/hour)", initial=2),
        caption="Start from the weakest binding and raise k step by step: the curve hugs zero "
        "below the threshold and bends ever more sharply at it. At α_s = 50, how much does the "
        "free target at the threshold fall when k grows a hundredfold, from 0.01 to 1? Then move "
        "α_s and watch the threshold follow it.",
        alt="Free target mRNA (molecules) against the target's transcription rate (molecules per "
        "hour), with the no-microRNA line, the threshold-linear limit and the threshold marked",
    )


# --------------------------------------------------------------------------------------------
# miR-200 / ZEB switch

#: SNAIL levels of the chapter's sweep, molecules (every 250 from 160,000 to 240,000).
SNAIL = np.arange(160_000, 240_001, 250.0)
SNAIL.flags.writeable = False
#: The explorable's slider positions: every 2,000 molecules (41 levels).
SLIDER = SNAIL[::8]

_KIND_COLOR = {
    "epithelial": style.COLORS["blue"],
    "hybrid": style.COLORS["green"],
    "mesenchymal": style.COLORS["vermillion"],
}
_WORDS = {1: "One stable state", 2: "Two stable states coexist", 3: "Three stable states coexist"}


@functools.cache
def switch_sweep() -> mir200_zeb.SwitchSweep:
    """Steady states and hysteresis paths of the Lu model over :data:`SNAIL`."""
    return mir200_zeb.snail_sweep(SNAIL)


@functools.cache
def switch_edges() -> tuple[tuple[float, tuple[str, ...], tuple[str, ...]], ...]:
    """Window edges of :func:`switch_sweep`, refined to 10 molecules of SNAIL:
    ``(level, kinds below, kinds above)``, low to high SNAIL."""
    return tuple(switch_sweep().edges(tol=10.0))


def _draw_switch_diagram(ax, sweep: mir200_zeb.SwitchSweep) -> None:
    """The static part of the switch figure: hysteresis paths as wide bands with arrows at the
    jumps, stable branches by phenotype and unstable branches dashed (ZEB against SNAIL)."""
    branches = sweep.branches()
    x = sweep.snail / 1e3
    paths = {
        "up": (np.array([st.zeb for st in sweep.up]), "orange", 0.35, "path as SNAIL rises"),
        "down": (np.array([st.zeb for st in sweep.down]), "sky", 0.45, "path as SNAIL falls"),
    }
    for zeb, color, alpha, label in paths.values():
        ax.plot(
            x, zeb, color=style.COLORS[color], lw=7, alpha=alpha, solid_capstyle="butt", label=label
        )
    for kind, color in _KIND_COLOR.items():
        ax.plot(x, branches[kind]["zeb"], color=color, lw=2, label=f"{kind} (stable)")
    for name in ("unstable E|H", "unstable upper"):
        label = "unstable" if name == "unstable upper" else None
        ax.plot(x, branches[name]["zeb"], color=style.COLORS["grey"], lw=1.3, ls="--", label=label)
    for direction, (zeb, color, _, _) in paths.items():
        for i, _, _ in sweep.jumps(direction):
            start, end = (zeb[i], zeb[i + 1]) if direction == "up" else (zeb[i + 1], zeb[i])
            arrow = dict(arrowstyle="-|>", color=style.COLORS[color], lw=1.5)
            ax.annotate("", xy=(x[i], end), xytext=(x[i], start), arrowprops=arrow)


def _switch_view(fig: Figure):
    sweep = switch_sweep()
    x = SNAIL / 1e3
    states_at = {s: sweep.states[int(np.searchsorted(SNAIL, s))] for s in SLIDER}
    ax = fig.subplots()
    _draw_switch_diagram(ax, sweep)
    line = ax.axvline(200, color=style.COLORS["black"], lw=1, animated=True)
    (stable_pts,) = ax.plot(
        [], [], "o", color=style.COLORS["black"], markersize=8, animated=True, zorder=5
    )
    (unstable_pts,) = ax.plot(
        [], [], "o", mfc="white", mec=style.COLORS["black"], markersize=7, animated=True, zorder=5
    )
    ax.set(
        yscale="log",
        ylim=(1e3, 2e6),
        xlim=(x[0], x[-1]),
        xlabel="SNAIL (thousand molecules)",
        ylabel="ZEB protein (molecules, log scale)",
    )
    ax.legend(loc="upper left", fontsize=7.5, ncol=2)

    def update(snail):
        states = states_at[snail]
        stable = [st for st in states if st.stable]
        unstable = [st.zeb for st in states if not st.stable]
        line.set_xdata([snail / 1e3] * 2)
        stable_pts.set_data([snail / 1e3] * len(stable), [st.zeb for st in stable])
        unstable_pts.set_data([snail / 1e3] * len(unstable), unstable)
        described = "; ".join(
            f"{st.kind} (miR-200 {st.mir200 / 1e3:.1f}k, ZEB {st.zeb / 1e3:.0f}k)" for st in stable
        )
        return f"SNAIL {snail / 1e3:.0f}k: {_WORDS[len(stable)]}: {described}."

    return update


def mir200_zeb_switch() -> Explorable:
    """Explorable: the miR-200/ZEB switch, its stable and unstable branches and its memory."""
    return explorable(
        _switch_view,
        Param("snail", list(SLIDER), "SNAIL level", "molecules", fmt="{:,.0f}", initial=0),
        caption="Move SNAIL slowly up from 160,000 and follow the orange path: where does the cell "
        "leave the epithelial state, and where does it go? Then come back down along the "
        "blue path: at what SNAIL level does it become epithelial again?",
        alt="ZEB protein on a log scale against SNAIL: stable epithelial, hybrid and mesenchymal "
        "branches as solid lines, unstable branches dashed, the rising and falling hysteresis "
        "paths as wide colored bands with arrows at the jumps, and the current SNAIL level as a "
        "vertical line with the states available there as circles",
    )


EXPLORABLES = (titration_threshold, mir200_zeb_switch)
