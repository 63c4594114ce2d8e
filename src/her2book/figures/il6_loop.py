"""Chapter 5 figures (``book/05_il6_loop.ipynb``): the IL-6 positive-feedback switch.

Explorables
    :func:`bistable_switch` — the bifurcation diagram of the IL-6 switch over PTEN level and
    receptor blockade (:mod:`her2book.il6_switch`). Its horizontal axis is the PTEN level,
    running from lost (left) to normal (right) like the PTEN slider; the basal drive b, which
    falls as PTEN rises, is the top axis.

Static figures
    :func:`production_loss` — production and loss at PTEN 40%, with the three steady states.
    :func:`switch_history` — two cells' IL-6 histories under PTEN loss and a receptor antibody.

Computed once and shared by the chapter's cells (``functools.cache``): :func:`switch_curves`,
:func:`switch_cells`, :func:`switch_ends`, :func:`cell_histories`, and the numbers the prose
glues, :func:`switch_numbers`.

The explorable draws the model only for PTEN levels from 0 (lost) to 1 (normal): drives beyond
total loss (b > b_lost) are outside the model's range, although the bistable window reaches
there at strong blockade (from 30% on it lies wholly beyond PTEN 0).
"""

from __future__ import annotations

from functools import cache

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from .. import il6_switch, style
from ..explorable import Explorable, Param, explorable

__all__ = [
    "CHAPTER",
    "EXPLORABLES",
    "bistable_switch",
    "cell_histories",
    "production_loss",
    "switch_cells",
    "switch_curves",
    "switch_ends",
    "switch_history",
    "switch_numbers",
]

CHAPTER = 5
C = style.COLORS
P = il6_switch.DEFAULT


@cache
def switch_numbers() -> dict[str, float]:
    """The switch's numbers the chapter's prose glues, by glue name (default parameters)."""
    b_mid = il6_switch.basal_drive(0.4)
    low, mid, high = il6_switch.steady_states(b_mid)
    window = il6_switch.bistable_window(0.0)
    b_lost = il6_switch.basal_drive(0.0)
    weaker = il6_switch.LoopParams(v=0.9)
    (_, cusp_b), _ = il6_switch.fold_points(il6_switch.critical_block() * (1 - 1e-9))
    return {
        "ch5_b_mid": b_mid,
        "ch5_x_low": low.x,
        "ch5_x_mid": mid.x,
        "ch5_x_high": high.x,
        "ch5_b_low": window.b_low,
        "ch5_b_high": window.b_high,
        "ch5_pten_low": window.pten_low,
        "ch5_pten_high": window.pten_high,
        "ch5_block_c": 100 * il6_switch.critical_block(),
        "ch5_block_lost": 100 * il6_switch.block_to_lose_high_state(b_lost),
        "ch5_b_lost": b_lost,
        "ch5_b_normal": il6_switch.basal_drive(1.0),
        "ch5_block_lost_v09": 100 * il6_switch.block_to_lose_high_state(b_lost, weaker),
        # the cusp's drive lies beyond total PTEN loss (b > b_lost, PTEN < 0)
        "ch5_cusp_b": cusp_b,
        "ch5_cusp_pten": il6_switch.pten_for_drive(cusp_b),
        # exercise ch5-ex-block (a): the blockade that removes the high state at PTEN 10%
        "ch5_block_pten10": 100 * il6_switch.block_to_lose_high_state(il6_switch.basal_drive(0.1)),
        # with 20% of receptors blocked for good, the window moves to lower PTEN
        "ch5_pten_low_b20": il6_switch.bistable_window(0.2).pten_low,
        "ch5_pten_high_b20": il6_switch.bistable_window(0.2).pten_high,
    }


# --------------------------------------------------------------------------------------------
# Explorable: the bistable switch

BLOCKS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4)  # fraction of receptors blocked
PTENS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)  # fraction of normal
X_AXIS = (0.0, 2.2)
# drives of the hysteresis sweeps: the model's PTEN range, from normal (b_normal) to lost (b_lost)
B_GRID = np.linspace(P.b_normal, P.b_lost, 121)
B_GRID.setflags(write=False)


def _in_range(pten) -> np.ndarray:
    """True where a PTEN level lies in the model's range, 0 (lost) to 1 (normal)."""
    pten = np.asarray(pten, dtype=float)
    return (pten >= -1e-9) & (pten <= 1 + 1e-9)


def _branches(block: float) -> dict:
    """Stable and unstable parts of the steady-state curve (NaN-masked outside PTEN 0-1 too),
    both sweeps, the window and its jumps (``None`` for a jump outside PTEN 0-1)."""
    x, b, stable = il6_switch.steady_state_curve(block, x_max=X_AXIS[1], points=800)
    inside = _in_range(pten_of_drive(b))
    up = il6_switch.hysteresis_sweep(B_GRID, block)
    down = il6_switch.hysteresis_sweep(B_GRID[::-1], block, x0=X_AXIS[1])[::-1]
    w = il6_switch.bistable_window(block)
    jumps = None
    if w is not None:  # (b, x from, x to) for the jump up and the jump down
        (x_left, b_up), (x_right, b_down) = il6_switch.fold_points(block)
        jumps = tuple(
            jump if _in_range(pten_of_drive(jump[0])) else None
            for jump in (
                (b_up, x_left, il6_switch.steady_states(b_up + 1e-6, block)[-1].x),
                (b_down, x_right, il6_switch.steady_states(b_down - 1e-6, block)[0].x),
            )
        )
    return {
        "x": x,
        "b_stable": np.where(stable & inside, b, np.nan),
        "b_unstable": np.where(~stable & inside, b, np.nan),
        "up": up,
        "down": down,
        "window": w,
        "jumps": jumps,
    }


@cache
def switch_curves() -> dict[float, dict]:
    """Per blockade: the steady-state curve (``x``, ``b_stable``, ``b_unstable``), the sweeps
    ``up`` and ``down`` over :data:`B_GRID`, the ``window`` (unclipped) and the ``jumps`` at its
    folds (each ``None`` where the fold lies outside PTEN 0-1)."""
    return {k: _branches(k) for k in BLOCKS}


@cache
def switch_cells() -> dict[tuple[float, float], list[il6_switch.IL6SteadyState]]:
    """The stable states for every (PTEN, blockade) setting of :func:`bistable_switch`."""
    cells = {}
    for k in BLOCKS:
        for p in PTENS:
            states = il6_switch.steady_states(il6_switch.basal_drive(p), k)
            cells[(p, k)] = [s for s in states if s.stable]
    return cells


@cache
def switch_ends() -> dict[tuple[float, float], tuple[float, float]]:
    """For every setting of :func:`bistable_switch`: where a cell that started low (x = 0) and
    one that started high (x above every state) end up. On a fold one of them stalls at the
    fold's half-stable state, which is not among :func:`switch_cells`' stable states."""
    ends = {}
    for k in BLOCKS:
        for p in PTENS:
            b = il6_switch.basal_drive(p)
            low = il6_switch.hysteresis_sweep([b], k, x0=0.0)[0]
            high = il6_switch.hysteresis_sweep([b], k, x0=X_AXIS[1])[0]
            ends[(p, k)] = (float(low), float(high))
    return ends


def switch_readout(pten: float, block: float) -> str:
    """The readout line under :func:`bistable_switch` for one setting."""
    b = il6_switch.basal_drive(pten)
    cells = switch_cells()[(pten, block)]
    head = f"PTEN {pten:.0%} → drive b = {b:.3f}; {block:.0%} of IL-6 receptors blocked: "
    if len(cells) == 2:
        return head + (
            f"bistable, two stable states (x = {cells[0].x:.2f} and "
            f"{cells[1].x:.2f}); each cell stays where it started."
        )
    (only,) = cells
    level = "high" if only.x > P.K else "low"
    stalled = [x for x in switch_ends()[(pten, block)] if abs(x - only.x) > 1e-6]
    if stalled:  # the slider sits exactly on a fold
        other = "high" if level == "low" else "low"
        return head + (
            f"exactly on a fold. The {other} state has just merged with the threshold at "
            f"x = {stalled[0]:.2f}, where a cell that started {other} stalls; the one stable "
            f"state is x = {only.x:.2f} ({level})."
        )
    return head + f"one stable state (x = {only.x:.2f}, {level}); both cells end there."


PTEN_AXIS = (-0.05, 1.05)  # the explorable's horizontal axis: PTEN level, lost → normal


def pten_of_drive(b):
    """The PTEN level (fraction of normal) whose basal drive is ``b``; works on arrays."""
    return (P.b_lost - np.asarray(b, dtype=float)) / (P.b_lost - P.b_normal)


def drive_of_pten(pten):
    """The basal drive b of PTEN level ``pten`` (the inverse of :func:`pten_of_drive`)."""
    return P.b_lost - (P.b_lost - P.b_normal) * np.asarray(pten, dtype=float)


def _switch_view(figure: Figure):
    """Steady IL-6 activity against PTEN level (left: lost, right: normal), drive on top."""
    curves, all_ends = switch_curves(), switch_ends()
    ax = figure.subplots()
    ax.set(
        xlim=PTEN_AXIS,
        ylim=X_AXIS,
        xlabel="PTEN level (fraction of normal)",
        ylabel="Steady IL-6 activity x (units of K)",
    )
    ax.set_xticks([0.0, 0.2, 0.4, 0.6, 0.8, 1.0])
    top = ax.secondary_xaxis("top", functions=(drive_of_pten, pten_of_drive))
    top.set_xlabel("Basal drive b (falls as PTEN rises)", fontsize=9)
    top.set_xticks([0.35, 0.3, 0.25, 0.2, 0.15, 0.1, 0.05])
    span = ax.axvspan(0, 0, color=C["yellow"], alpha=0.35, lw=0, animated=True)
    (up,) = ax.plot(
        [], [], color=C["orange"], lw=7, alpha=0.45, animated=True, label="path as PTEN falls"
    )
    (down,) = ax.plot(
        [], [], color=C["sky"], lw=7, alpha=0.45, animated=True, label="path as PTEN rises"
    )
    (stable,) = ax.plot([], [], color=C["black"], lw=2, animated=True, label="stable state")
    (unstable,) = ax.plot(
        [], [], color=C["black"], lw=1.5, ls="--", animated=True, label="unstable state"
    )
    arrows = [
        ax.annotate(
            "",
            xy=(0, 0),
            xytext=(0, 0),
            animated=True,
            arrowprops={"arrowstyle": "-|>", "color": col, "lw": 2, "mutation_scale": 14},
        )
        for col in (C["orange"], C["blue"])
    ]
    (now,) = ax.plot([], [], color=C["grey"], lw=1, animated=True)
    (low_cell,) = ax.plot(
        [], [], "o", color=C["blue"], ms=9, animated=True, label="cell that started low"
    )
    (high_cell,) = ax.plot(
        [], [], "s", color=C["vermillion"], ms=6, animated=True, label="cell that started high"
    )
    span.set_label("bistable window")
    figure.legend(loc="outside right center", fontsize=7.5)

    def update(pten, block):
        c = curves[block]
        stable.set_data(pten_of_drive(c["b_stable"]), c["x"])
        unstable.set_data(pten_of_drive(c["b_unstable"]), c["x"])
        up.set_data(pten_of_drive(B_GRID), c["up"])
        down.set_data(pten_of_drive(B_GRID), c["down"])
        w = c["window"]  # shaded only where it lies in the model's range, PTEN 0-1
        lo, hi = (max(w.pten_low, 0.0), min(w.pten_high, 1.0)) if w else (0.0, 0.0)
        span.set_x(lo)
        span.set_width(max(hi - lo, 0.0))
        for arrow, jump in zip(arrows, c["jumps"] or [None, None], strict=True):
            arrow.set_visible(jump is not None)
            if jump is not None:
                b_jump, x_from, x_to = jump
                p_jump = float(pten_of_drive(b_jump))
                arrow.xy = (p_jump, x_to)
                arrow.set_position((p_jump, x_from))
        now.set_data([pten, pten], list(X_AXIS))
        low_end, high_end = all_ends[(pten, block)]
        low_cell.set_data([pten], [low_end])
        high_cell.set_data([pten], [high_end])
        return switch_readout(pten, block)

    return update


def bistable_switch() -> Explorable:
    """Explorable: the IL-6 switch's bifurcation diagram over PTEN level and blockade.

    It opens on a normal cell (PTEN 1, no antibody), before the reader has lowered PTEN.
    """
    return explorable(
        _switch_view,
        Param(
            "pten",
            list(PTENS),
            "PTEN level",
            "× normal",
            fmt="{:.1f}",
            initial=PTENS.index(1.0),
        ),
        Param(
            "block",
            list(BLOCKS),
            "IL-6 receptor blockade",
            "fraction blocked",
            fmt="{:.2f}",
            initial=0,
        ),
        caption=(
            "Lower PTEN from normal and count the stable states at each level. Where does the "
            "orange path (PTEN falling) jump up, and where does the blue path (PTEN rising) come "
            "down? Then, at PTEN 0, raise the blockade: where does the red square stall, and where "
            "does it fall to the low state?"
        ),
        alt=(
            "Bifurcation diagram of the IL-6 feedback model: steady IL-6 activity against the "
            "PTEN level, from lost on the left to normal on the right (the basal drive b, which "
            "falls as PTEN rises, on the top axis), with stable branches solid, the unstable "
            "branch dashed, the bistable window shaded, the paths taken as PTEN is slowly "
            "lowered and raised (jumping up at the left edge of the window and down at the "
            "right edge), and two markers for cells that started in the low and the high state"
        ),
    )


# --------------------------------------------------------------------------------------------
# A cell's history

HISTORY_T = np.linspace(0.0, 150.0, 401)  # dimensionless time
HISTORY_T.setflags(write=False)


def history_antibody(t: float) -> float:
    """Receptor blockade of the history: 40% from time 60 to time 90, none otherwise."""
    return 0.4 if 60 <= t < 90 else 0.0


def history_drive_b(t: float) -> float:
    """Drive of cell B: PTEN lost at time 0, back to 40% of normal from time 30."""
    return il6_switch.basal_drive(0.0 if t < 30 else 0.4)


@cache
def cell_histories() -> tuple[np.ndarray, np.ndarray]:
    """IL-6 activity of cells A and B over :data:`HISTORY_T`, both starting in the low state of
    normal PTEN: A keeps PTEN lost, B gets 40% back at time 30; both get the antibody."""
    x_start = il6_switch.steady_states(il6_switch.basal_drive(1.0))[0].x
    x_a = il6_switch.simulate(P, il6_switch.basal_drive(0.0), history_antibody, HISTORY_T, x_start)
    x_b = il6_switch.simulate(P, history_drive_b, history_antibody, HISTORY_T, x_start)
    return x_a, x_b


def production_loss() -> Figure:
    """Production b + v·h(x) and loss γx at PTEN 40%, with the three steady states marked."""
    b_mid = il6_switch.basal_drive(0.4)
    xs = np.linspace(0, 2.2, 300)
    production = b_mid + P.v * xs**P.n / (P.K**P.n + xs**P.n)
    figure, ax = plt.subplots(figsize=(5.2, 3.2), layout="constrained")
    ax.plot(xs, production, color=C["vermillion"], label="production b + loop")
    ax.plot(xs, P.gamma * xs, color=C["blue"], ls="--", label="loss γx")
    for s in il6_switch.steady_states(b_mid):
        ax.plot(
            s.x, P.gamma * s.x, "o", ms=7, color=C["black"], mfc=C["black"] if s.stable else "white"
        )
    ax.set(xlabel="IL-6 activity x (units of K)", ylabel="Rate (per unit time)", xlim=(0, 2.2))
    ax.legend(loc="upper left")
    return figure


def switch_history() -> Figure:
    """The IL-6 histories of cells A and B (see :func:`cell_histories`)."""
    x_a, x_b = cell_histories()
    figure, ax = plt.subplots(figsize=(5.6, 3.2), layout="constrained")
    ax.axvspan(60, 90, color=style.ROLE["therapy"], lw=0)
    ax.text(62, 0.08, "antibody", fontsize=8)
    ax.plot(HISTORY_T, x_a, color=C["vermillion"], label="A: PTEN lost")
    ax.plot(HISTORY_T, x_b, color=C["blue"], ls="--", label="B: PTEN 40% from t = 30")
    ax.set(xlabel="Time (arbitrary units)", ylabel="IL-6 activity x (units of K)", ylim=(0, 2.6))
    ax.legend(loc="upper left", fontsize=8)
    return figure


EXPLORABLES = (bistable_switch,)
