"""A minimal IL-6 autocrine positive-feedback switch (Chapter 5).

One variable, x, the IL-6 signaling activity of a cell (secreted IL-6 and the STAT3/NF-κB
activity it drives, lumped together). Its rate of change is::

    dx/dt = b(PTEN) + v · xⁿ / (Kⁿ + xⁿ) · (1 − block) − γ · x

- ``b`` : basal drive of IL-6 transcription, independent of IL-6 itself (activity per unit time).
  PTEN opposes PI3K/AKT signaling, which feeds NF-κB and IL-6 transcription, so **less PTEN means
  more drive**. Here b falls linearly with the PTEN level p (0 = lost, 1 = normal):
  b(p) = b_lost − (b_lost − b_normal) · p.
- ``v · xⁿ/(Kⁿ + xⁿ)`` : the loop. Secreted IL-6 binds its receptor, activates STAT3 and NF-κB,
  and these switch on more IL-6 (Korkaya et al. 2012 name IL-6/NF-κB signaling and an IL-6
  feedback loop; Burnett et al. 2015, co-authored by Korkaya and Wicha, an IL-6/STAT3/NF-κB positive
  feedback loop); a Hill function with maximum ``v``, half-maximum at ``K`` and steepness
  (cooperativity) ``n`` ≥ 2.
- ``block`` : fraction of IL-6 receptors blocked by an antibody (0 = none, 1 = all); it scales the
  loop by (1 − block).
- ``γ · x`` : first-order loss (degradation, dilution), rate γ per unit time.

Time and activity are **dimensionless and illustrative**: time is in arbitrary units (every rate
is per unit of that time) and x is in units of K. The parameters are chosen to show what a
positive-feedback loop like the one Korkaya et al. (2012) describe *can* do, not fitted to any
data; Korkaya et al. report the loop, not bistability or memory. A self-sustaining switch of this
kind is described by Iliopoulos et al. (2009) in another breast cell system (Src, NF-κB, Lin28,
let-7, IL-6), which Gérard et al. (2014) model in full.

With these parameters the two folds merge (the cusp, :func:`critical_block`) at a blockade of
about 34%, but at a drive b ≈ 0.37, above b_lost = 0.35: beyond even total PTEN loss. Within the
PTEN range 0-1 the window is gone sooner, from the blockade at which its right edge reaches
PTEN 0 (``block_to_lose_high_state(b_lost)``, 30%).

Geometry used throughout: at a steady state b = γx − v(1 − block)·h(x) with h(x) = xⁿ/(Kⁿ + xⁿ),
so the curve of steady states is the graph of that function of x, and its turning points (folds,
saddle-node bifurcations) are where its derivative γ − v(1 − block)·h'(x) vanishes. Between the two
fold values of b the switch is **bistable**: a low and a high stable state, separated by an
unstable one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import integrate, optimize

from .checks import array, number, param, validated

__all__ = [
    "DEFAULT",
    "IL6SteadyState",
    "LoopParams",
    "Window",
    "basal_drive",
    "bistable_window",
    "block_to_lose_high_state",
    "critical_block",
    "fold_points",
    "hysteresis_sweep",
    "il6_rate",
    "il6_rate_slope",
    "pten_for_drive",
    "simulate",
    "steady_state_curve",
    "steady_states",
]


@validated
@dataclass(frozen=True)
class LoopParams:
    """Parameters of the switch (dimensionless, illustrative; see the module docstring).

    v : maximal loop-driven production (activity per unit time).
    K : activity at which the loop is half-maximal.
    n : Hill coefficient (steepness), ≥ 2 so the loop can make a switch.
    gamma : first-order loss rate (per unit time).
    b_normal : basal drive with normal PTEN (p = 1), ≥ 0.
    b_lost : basal drive with PTEN lost (p = 0), ≥ b_normal.
    """

    v: float = param(1.0, positive=True)
    K: float = param(1.0, positive=True)
    n: float = param(4.0, low=2.0)
    gamma: float = param(0.7, positive=True)
    b_normal: float = param(0.05, low=0.0)
    b_lost: float = param(0.35, low=0.0)

    def _check(self) -> None:
        if self.b_lost < self.b_normal:
            raise ValueError(
                f"b_lost ({self.b_lost}) must be ≥ b_normal ({self.b_normal}): losing PTEN "
                "raises the drive"
            )


#: The book's illustrative parameters (dimensionless; see the module docstring).
DEFAULT = LoopParams()


def _block(block: float) -> float:
    block = number("block", block)
    if not 0 <= block <= 1:
        raise ValueError(f"block must be between 0 and 1 (fraction of receptors), got {block!r}")
    return block


def _drive(b: float) -> float:
    return number("b", b, low=0.0)


def _of_time(value: float | Callable[[float], float], check: Callable[[float], float]):
    """A function of time: ``value`` itself if callable, else the checked constant."""
    if callable(value):
        return value
    constant = check(value)
    return lambda t: constant


def _hill(x: np.ndarray, p: LoopParams) -> np.ndarray:
    xn = np.power(np.maximum(x, 0.0), p.n)
    return xn / (p.K**p.n + xn)


def _hill_slope(x: np.ndarray, p: LoopParams) -> np.ndarray:
    x = np.maximum(x, 0.0)
    Kn = p.K**p.n
    return p.n * Kn * np.power(x, p.n - 1) / (Kn + np.power(x, p.n)) ** 2


def basal_drive(pten: float, params: LoopParams = DEFAULT) -> float:
    """Basal drive b for PTEN level ``pten`` (0 = lost, 1 = normal): linear, decreasing."""
    pten = number("pten", pten)
    if not 0 <= pten <= 1:
        raise ValueError(f"pten must be between 0 (lost) and 1 (normal), got {pten!r}")
    return params.b_lost - (params.b_lost - params.b_normal) * pten


def pten_for_drive(b: float, params: LoopParams = DEFAULT) -> float:
    """The PTEN level whose drive is ``b`` (inverse of :func:`basal_drive`; may lie outside 0-1)."""
    b = number("b", b)
    span = params.b_lost - params.b_normal
    if span == 0:
        raise ValueError("b_lost equals b_normal: PTEN does not change the drive")
    return (params.b_lost - b) / span


def il6_rate(x, b: float, block: float = 0.0, params: LoopParams = DEFAULT):
    """dx/dt at activity ``x`` (activity per unit time); ``x`` may be an array."""
    x = np.asarray(x, dtype=float)
    return b + params.v * (1 - block) * _hill(x, params) - params.gamma * x


def il6_rate_slope(x, b: float, block: float = 0.0, params: LoopParams = DEFAULT):
    """d(dx/dt)/dx at ``x`` (per unit time): negative at a stable steady state."""
    del b  # the drive does not change the slope
    x = np.asarray(x, dtype=float)
    return params.v * (1 - block) * _hill_slope(x, params) - params.gamma


def _x_max(b: float, block: float, p: LoopParams) -> float:
    # dx/dt < 0 for every x above (b + v(1 - block)) / gamma: all steady states lie below it.
    return (b + p.v * (1 - block)) / p.gamma * 1.05 + 1e-9


@dataclass(frozen=True)
class IL6SteadyState:
    """One steady state of the IL-6 switch: activity ``x`` and whether it is stable."""

    x: float
    stable: bool
    slope: float  # d(dx/dt)/dx at x (per unit time); 0 at a fold (half-stable)


def steady_states(
    b: float, block: float = 0.0, params: LoopParams = DEFAULT, grid: int = 4001
) -> list[IL6SteadyState]:
    """Every steady state for drive ``b`` and blockade ``block``, sorted by ``x``.

    Brackets sign changes of dx/dt on a fine grid over [0, x_max] (no steady state lies above
    x_max), refines each with Brent's method, and classifies stability by the sign of the slope.
    A drive within ``1e-9`` of a fold's drive also gets the fold's double (tangent) root, which
    no sign change shows: a half-stable state with slope 0 (``stable`` False), which a cell
    approaches from one side and leaves from the other.
    """
    b, block = _drive(b), _block(block)
    if isinstance(grid, bool) or int(grid) != grid or grid < 10:
        raise ValueError(f"grid must be a whole number ≥ 10, got {grid!r}")
    xs = np.linspace(0.0, _x_max(b, block, params), int(grid))
    fs = il6_rate(xs, b, block, params)
    roots: list[float] = [float(x) for x in xs[fs == 0]]
    for i in np.nonzero(fs[:-1] * fs[1:] < 0)[0]:
        roots.append(
            optimize.brentq(
                lambda x: float(il6_rate(x, b, block, params)), xs[i], xs[i + 1], xtol=1e-13
            )
        )
    for x_fold, b_fold in fold_points(block, params):
        if abs(b - b_fold) < 1e-9 and all(abs(r - x_fold) > 1e-6 for r in roots):
            roots.append(x_fold)  # a double root: dx/dt touches zero without changing sign
    roots.sort()
    out = []
    for r in roots:
        s = float(il6_rate_slope(r, b, block, params))
        if abs(s) < 1e-9:  # at a fold: half-stable, not stable
            s = 0.0
        out.append(IL6SteadyState(x=r, stable=s < 0, slope=s))
    return out


def steady_state_curve(
    block: float = 0.0, params: LoopParams = DEFAULT, x_max: float | None = None, points: int = 600
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The whole curve of steady states: (x, b, stable) arrays, parametrised by ``x``.

    At a steady state b = γx − v(1 − block)·h(x); ``stable`` is True where the slope is negative.
    Points with b < 0 are outside the model (the drive cannot be negative) but are returned.
    """
    block = _block(block)
    if x_max is None:
        x_max = _x_max(params.b_lost, 0.0, params)
    x = np.linspace(0.0, number("x_max", x_max, positive=True), int(points))
    b = params.gamma * x - params.v * (1 - block) * _hill(x, params)
    stable = il6_rate_slope(x, 0.0, block, params) < 0
    return x, b, stable


def _max_hill_slope(p: LoopParams) -> tuple[float, float]:
    """(x*, h'(x*)): the inflection point of the Hill function and its slope there (closed form)."""
    x_star = p.K * ((p.n - 1) / (p.n + 1)) ** (1 / p.n)
    return x_star, float(_hill_slope(np.array(x_star), p))


def fold_points(block: float = 0.0, params: LoopParams = DEFAULT) -> list[tuple[float, float]]:
    """Saddle-node (fold) points as (x, b) pairs, sorted by x; empty if there is no fold.

    Conditions: dx/dt = 0 and d(dx/dt)/dx = 0, i.e. v(1 − block)·h'(x) = γ and
    b = γx − v(1 − block)·h(x). h' rises to its maximum at x* = K((n−1)/(n+1))^(1/n) and then
    falls, so there are two roots (one each side of x*) when v(1 − block)·h'(x*) > γ.
    """
    block = _block(block)
    veff = params.v * (1 - block)
    x_star, slope_max = _max_hill_slope(params)
    if veff * slope_max <= params.gamma:
        return []

    def g(x: float) -> float:
        return veff * float(_hill_slope(np.array(x), params)) - params.gamma

    left = optimize.brentq(g, 1e-12 * params.K, x_star, xtol=1e-14)
    hi = 2.0 * x_star
    while g(hi) > 0:  # h' decays like x^(-n-1): this ends quickly
        hi *= 2.0
    right = optimize.brentq(g, x_star, hi, xtol=1e-14)
    return [(x, float(params.gamma * x - veff * _hill(np.array(x), params))) for x in (left, right)]


@dataclass(frozen=True)
class Window:
    """The bistable window: drives between ``b_low`` and ``b_high`` have two stable states.

    b_low : the fold where the high state disappears (sweeping the drive down).
    b_high : the fold where the low state disappears (sweeping the drive up).
    pten_low, pten_high : the same window as PTEN levels (pten_low ↔ b_high), unclipped.
    """

    b_low: float
    b_high: float
    pten_low: float
    pten_high: float

    @property
    def width(self) -> float:
        return self.b_high - self.b_low


def bistable_window(block: float = 0.0, params: LoopParams = DEFAULT) -> Window | None:
    """The window of drive b (and of PTEN) with two stable states; ``None`` if there is none.

    The left fold (small x) is where the low branch ends, at the larger b; the right fold (large
    x) is where the high branch ends, at the smaller b. A window reaching below b = 0 is returned
    as computed: there the high state cannot be left by lowering the drive.
    """
    folds = fold_points(block, params)
    if not folds:
        return None
    (_, b_up), (_, b_down) = folds
    return Window(
        b_low=b_down,
        b_high=b_up,
        pten_low=pten_for_drive(b_up, params),
        pten_high=pten_for_drive(b_down, params),
    )


def critical_block(params: LoopParams = DEFAULT) -> float:
    """Blockade at which the two folds merge (cusp) and bistability disappears (0-1).

    From v(1 − block)·h'(x*) = γ: block_c = 1 − γ / (v·h'(x*)); 0 if the loop is never bistable.
    """
    _, slope_max = _max_hill_slope(params)
    return max(0.0, 1.0 - params.gamma / (params.v * slope_max))


def block_to_lose_high_state(b: float, params: LoopParams = DEFAULT) -> float:
    """Smallest blockade at which drive ``b`` has no high state left (the right fold passes b).

    Returns 0 if there is no high state even without blockade. Solved with Brent's method on
    block ∈ [0, critical_block].
    """
    b = _drive(b)
    window0 = bistable_window(0.0, params)
    if window0 is None or b < window0.b_low:
        return 0.0
    bc = critical_block(params)

    def excess(block: float) -> float:
        w = bistable_window(block, params)
        return (w.b_low if w is not None else np.inf) - b

    if b >= bistable_window(bc * (1 - 1e-9), params).b_low:
        # Above the cusp drive: the high state merges smoothly; it is gone only at the cusp.
        return bc
    return optimize.brentq(excess, 0.0, bc * (1 - 1e-9), xtol=1e-12)


def _relax(x: float, b: float, block: float, params: LoopParams) -> float:
    """Where a cell at ``x`` ends up in one dimension: the nearest steady state in the direction
    dx/dt points. (dx/dt keeps its sign up to that state, so it is stable, or a fold's half-stable
    state reached from its attracting side.)"""
    f = float(il6_rate(x, b, block, params))
    if abs(f) < 1e-12:
        return x
    states = [s.x for s in steady_states(b, block, params)]
    if f > 0:
        return min(r for r in states if r > x)
    return max(r for r in states if r < x)


def hysteresis_sweep(
    drives, block: float = 0.0, params: LoopParams = DEFAULT, x0: float | None = None
) -> np.ndarray:
    """States reached when the drive is changed slowly through ``drives`` (quasi-static sweep).

    Starting from ``x0`` (default: the lowest steady state of the first drive), at each drive the
    cell relaxes to the nearest steady state in the direction dx/dt points. This is the
    quasi-static limit: the drive changes slowly compared with the relaxation time, which is
    1/|d(dx/dt)/dx| at the state and grows without bound at a fold (critical slowing down), so
    near a jump a real, finitely slow sweep lags behind it. Sweep the drives up, then down, to
    see hysteresis.
    """
    drives = np.asarray(drives, dtype=float)
    if drives.ndim != 1 or drives.size == 0:
        raise ValueError("drives must be a non-empty 1-D sequence of drive values")
    for d in drives:
        _drive(d)
    block = _block(block)
    if x0 is None:
        x = steady_states(drives[0], block, params)[0].x
    else:
        x = number("x0", x0, low=0.0)
    out = np.empty_like(drives)
    for i, d in enumerate(drives):
        x = _relax(x, float(d), block, params)
        out[i] = x
    return out


def _times(t) -> np.ndarray:
    """``t`` as a strictly increasing 1-D array of at least two times, or ``ValueError``."""
    t = array("t", t)
    if t.ndim != 1 or t.size < 2 or np.any(np.diff(t) <= 0):
        raise ValueError("t must be a 1-D array of at least two strictly increasing times")
    return t


def simulate(
    params: LoopParams,
    b: float | Callable[[float], float],
    block: float | Callable[[float], float],
    t,
    x0: float | None = None,
) -> np.ndarray:
    """Integrate dx/dt over the times ``t`` (dimensionless): the activity x at each time.

    params : the switch's :class:`LoopParams`.
    b, block : basal drive (≥ 0) and receptor blockade (0-1), each a number or a function of
        time (e.g. a blockade switched on at t = 20).
    t : strictly increasing output times; the integration runs from ``t[0]`` to ``t[-1]``.
    x0 : activity at ``t[0]`` (≥ 0); default: the lowest steady state for the drive and the
        blockade at ``t[0]`` (a cell at rest when the schedule starts).
    """
    if not isinstance(params, LoopParams):
        raise ValueError(f"params must be a LoopParams, got {type(params).__name__}")
    b_of_t = _of_time(b, _drive)
    block_of_t = _of_time(block, _block)
    t = _times(t)
    if x0 is None:
        x0 = steady_states(b_of_t(t[0]), block_of_t(t[0]), params)[0].x
    x0 = number("x0", x0, low=0.0)

    def rhs(time: float, y: np.ndarray) -> np.ndarray:
        return il6_rate(y, b_of_t(time), block_of_t(time), params)

    sol = integrate.solve_ivp(
        rhs, (t[0], t[-1]), [x0], t_eval=t, rtol=1e-9, atol=1e-12, max_step=0.5
    )
    if not sol.success:
        raise RuntimeError(f"integration failed: {sol.message}")
    return sol.y[0]
