"""A stem-cell hierarchy under therapy (Chapter 2; Chapter 7's synthesis builds on it).

A three-compartment model in the spirit of Michor et al. (Nature 2005;435:1267), whose chronic
myeloid leukaemia model is different: it has four compartments (stem, progenitor, differentiated
and terminally differentiated cells), density-dependent stem-cell growth, fixed production rates
and no self-renewal probability, and imatinib acts there by *reducing* the production
(differentiation) rates, not by adding kill rates. Here: stem cells ``S``, progenitor
(transit-amplifying) cells ``P`` and differentiated cells ``D``, all in cells::

    S' = ((2p - 1) r_S - k_S(t)) S
    P' = 2 (1 - p) r_S S + (r_P - d_P - a - k_P(t)) P
    D' = a P - (d_D + k_D(t)) D

A stem cell divides at rate ``r_S``; each division makes two stem cells with probability ``p``
and two progenitors with probability ``1 - p`` (the mean effect of symmetric divisions; an
asymmetric division, one of each, is the case ``p = 1/2`` on average). Progenitors divide at
rate ``r_P``, die at rate ``d_P`` and leave the compartment by differentiating at rate ``a``;
differentiated cells die at rate ``d_D``. Therapy adds a kill rate ``k_X`` to compartment ``X``
while it is given, between ``start`` and ``stop``.

The system is linear with piecewise-constant coefficients, so it is solved *exactly*: on each
piece ``x(t) = expm(A (t - t0)) x(t0)``. The stem compartment is on its own a pure exponential,
with growth rate ``(2p - 1) r_S - k_S``; it shrinks under therapy exactly when
``k_S > (2p - 1) r_S`` (:func:`stem_pool_shrinks`: the eradication condition, necessary but not
sufficient) and falls below one cell only after ``ln(S0) / (k_S - (2p - 1) r_S)`` days of
continuous therapy (:func:`time_to_eradicate`), which can be far longer than a treatment. A
deterministic model never reaches zero: :func:`simulate` with ``min_cells=1`` sets the stem pool
to zero only at the *end of a piece of the schedule* (for a therapy, the end of its window) if
fewer than one cell remains then, not at the moment it crosses one cell. The one rate
``(2p - 1) r_S`` is :attr:`HierarchyParams.stem_rate`: the untreated stem pool's net growth
rate, and so also the stem kill rate a therapy must exceed.

All rates are per day. The defaults (:data:`ILLUSTRATIVE`) are illustrative values chosen to make
the qualitative behaviour visible (stem cells about 1% of the tumor, a tumor doubling in about
ten weeks): they are not fitted to any breast cancer data. Michor's fitted values are for chronic
myeloid leukaemia under imatinib, a different disease and a different drug.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.linalg import expm

from .checks import number, param, validated

__all__ = [
    "HierarchyParams",
    "Therapy",
    "HierarchyResult",
    "ILLUSTRATIVE",
    "NO_THERAPY",
    "stem_pool_shrinks",
    "time_to_eradicate",
    "rate_matrix",
    "balanced_state",
    "simulate",
]


@validated
@dataclass(frozen=True)
class HierarchyParams:
    """Rates of the untreated hierarchy (all per day; ``p`` is a probability).

    p : probability that a stem-cell division gives two stem cells (self-renewal), 0..1.
    r_S : stem-cell division rate (1/day).
    r_P : progenitor division rate (1/day).
    d_P : progenitor death rate (1/day).
    a : rate at which a progenitor differentiates into a differentiated cell (1/day).
    d_D : differentiated-cell death rate (1/day).
    """

    p: float = param(0.55, low=0.0, high=1.0)
    r_S: float = param(0.1, low=0.0)
    r_P: float = param(0.58, low=0.0)
    d_P: float = param(0.0, low=0.0)
    a: float = param(0.6, low=0.0)
    d_D: float = param(0.015, low=0.0)

    @property
    def stem_rate(self) -> float:
        """(2p − 1) r_S (1/day): net growth rate of the untreated stem pool.

        It is also the eradication threshold: under a stem kill rate ``k_S`` the pool grows at
        ``stem_rate - k_S``, so it shrinks exactly when ``k_S > stem_rate``. When p ≤ 1/2 the
        untreated pool does not grow and the rate is ≤ 0.
        """
        return (2 * self.p - 1) * self.r_S


@validated
@dataclass(frozen=True)
class Therapy:
    """A treatment window [start, stop) in days with kill rates (1/day) for S, P and D."""

    start: float = param(0.0, low=0.0)
    stop: float = param(0.0, low=0.0)
    k_S: float = param(0.0, low=0.0)
    k_P: float = param(0.0, low=0.0)
    k_D: float = param(0.0, low=0.0)

    def _check(self) -> None:
        if self.stop < self.start:
            raise ValueError(f"stop ({self.stop:g}) must not be before start ({self.start:g})")

    @property
    def duration(self) -> float:
        """Length of the treatment window (days)."""
        return self.stop - self.start


#: Illustrative parameters (per day), not fitted to data: see the module docstring.
ILLUSTRATIVE = HierarchyParams()
#: No treatment at all.
NO_THERAPY = Therapy()


def stem_pool_shrinks(params: HierarchyParams, k_S: float) -> bool:
    """True when a stem kill rate ``k_S`` (1/day) makes the stem pool shrink: k_S > (2p − 1) r_S.

    This is the eradication condition, necessary but not sufficient: a pool that shrinks slowly
    can outlast any treatment window (:func:`time_to_eradicate` gives the days needed to go below
    one cell). It says nothing about eradication within a given window.
    """
    return number("k_S", k_S, low=0.0) > params.stem_rate


def time_to_eradicate(params: HierarchyParams, k_S: float, stem_cells: float) -> float:
    """Days of continuous therapy until ``stem_cells`` stem cells fall below one cell.

    ``ln(stem_cells) / (k_S − (2p − 1) r_S)``; ``inf`` if the condition k_S > (2p − 1) r_S fails;
    ``0`` if there is already at most one stem cell.
    """
    stem_cells = number("stem_cells", stem_cells, low=0.0)
    rate = params.stem_rate - number("k_S", k_S, low=0.0)
    if stem_cells <= 1:
        return 0.0
    if rate >= 0:
        return math.inf
    return math.log(stem_cells) / -rate


def rate_matrix(params: HierarchyParams, k_S: float = 0.0, k_P: float = 0.0, k_D: float = 0.0):
    """The 3×3 matrix A (1/day) of x' = A x for x = (S, P, D) with the given kill rates."""
    k_S = number("k_S", k_S, low=0.0)
    k_P = number("k_P", k_P, low=0.0)
    k_D = number("k_D", k_D, low=0.0)
    q = params
    return np.array(
        [
            [q.stem_rate - k_S, 0.0, 0.0],
            [2 * (1 - q.p) * q.r_S, q.r_P - q.d_P - q.a - k_P, 0.0],
            [0.0, q.a, -q.d_D - k_D],
        ]
    )


def balanced_state(params: HierarchyParams, total: float = 1.0) -> np.ndarray:
    """Composition (S, P, D) of an untreated tumor that has grown long enough to be balanced.

    The stem-driven eigenvector of the untreated matrix, scaled to ``total`` cells: a tumor that
    starts here keeps its composition and grows as exp((2p − 1) r_S t). It exists when the stem
    rate exceeds the progenitor and differentiated-cell rates (the stem cells drive growth).
    """
    total = number("total", total, low=0.0)
    if total <= 0:
        raise ValueError(f"total must be > 0, got {total!r}")
    lam = params.stem_rate
    lam_p = params.r_P - params.d_P - params.a
    lam_d = -params.d_D
    if not (lam > lam_p and lam > lam_d):
        raise ValueError(
            "no stem-driven balanced state: the stem rate (2p − 1) r_S = "
            f"{lam:g}/day must exceed the progenitor rate r_P − d_P − a = {lam_p:g}/day and "
            f"the differentiated rate −d_D = {lam_d:g}/day"
        )
    s = 1.0
    p = 2 * (1 - params.p) * params.r_S * s / (lam - lam_p)
    d = params.a * p / (lam - lam_d)
    x = np.array([s, p, d])
    return total * x / x.sum()


@dataclass(frozen=True)
class HierarchyResult:
    """Cell numbers over time. ``t`` in days; ``S``, ``P``, ``D`` in cells (same shape as t).

    ``eradicated_at`` is the day the stem pool was set to zero: the end of the piece of the
    schedule (the therapy window's ``stop`` for a therapy) at which fewer than ``min_cells`` stem
    cells remained, not the earlier day the pool crossed ``min_cells``; ``None`` if it never was.
    """

    t: np.ndarray
    S: np.ndarray
    P: np.ndarray
    D: np.ndarray
    eradicated_at: float | None = None

    @property
    def total(self) -> np.ndarray:
        """S + P + D (cells)."""
        return self.S + self.P + self.D

    @property
    def stem_fraction(self) -> np.ndarray:
        """S / (S + P + D), dimensionless (nan where the tumor is empty)."""
        tot = self.total
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(tot > 0, self.S / np.where(tot > 0, tot, 1.0), np.nan)

    def at(self, day: float) -> np.ndarray:
        """(S, P, D) at the time point closest to ``day``."""
        i = int(np.argmin(np.abs(self.t - day)))
        return np.array([self.S[i], self.P[i], self.D[i]])


def _propagate(A: np.ndarray, dt: np.ndarray, x: np.ndarray) -> np.ndarray:
    """expm(A dt) @ x for every dt (rows of the result), exactly.

    A is lower triangular, so its eigenvalues are its diagonal. When they are distinct the
    eigen-decomposition A = V diag(λ) V⁻¹ gives all time points at once (fast); when two are
    (nearly) equal V is ill-conditioned and a batched matrix exponential is used instead.
    """
    lam, V = np.linalg.eig(A)
    if np.linalg.cond(V) < 1e6:
        c = np.linalg.solve(V, x)
        return np.real((np.exp(np.outer(dt, lam)) * c) @ V.T)
    return expm(A[None, :, :] * dt[:, None, None]) @ x


def simulate(
    params: HierarchyParams = ILLUSTRATIVE,
    therapy: Therapy = NO_THERAPY,
    t=None,
    x0=None,
    *,
    min_cells: float | None = None,
) -> HierarchyResult:
    """Solve the hierarchy exactly (matrix exponential) at the times ``t`` (days).

    params : :class:`HierarchyParams`. therapy : :class:`Therapy` window and kill rates.
    t : increasing times in days starting at 0 (default: 0..360 in steps of 1).
    x0 : initial (S, P, D) in cells (default: :func:`balanced_state` with 1e9 cells).
    min_cells : if given, a stem pool smaller than this at the end of the therapy window (or of
        any piece of the schedule) is set to zero from then on: a crude stand-in for the chance
        extinction of the last cells, which a deterministic model cannot show. The check is made
        only at the ends of pieces, not when the pool crosses ``min_cells`` (which can be much
        earlier: :func:`time_to_eradicate` gives that day). Within one piece S(t) is a single
        exponential, so its minimum is at a piece boundary and checking there suffices to know
        whether the pool ever fell below ``min_cells``.
    """
    if not isinstance(params, HierarchyParams):
        raise ValueError(f"params must be a HierarchyParams, got {type(params).__name__}")
    if not isinstance(therapy, Therapy):
        raise ValueError(f"therapy must be a Therapy, got {type(therapy).__name__}")
    t = np.arange(0.0, 361.0) if t is None else np.asarray(t, dtype=float)
    if t.ndim != 1 or t.size == 0 or not np.all(np.isfinite(t)):
        raise ValueError("t must be a non-empty 1-D array of finite times (days)")
    if t[0] != 0 or np.any(np.diff(t) <= 0):
        raise ValueError("t must start at 0 and increase strictly")
    x = balanced_state(params, 1e9) if x0 is None else np.asarray(x0, dtype=float)
    if x.shape != (3,) or not np.all(np.isfinite(x)) or np.any(x < 0):
        raise ValueError(f"x0 must be three finite cell numbers ≥ 0 (S, P, D), got {x0!r}")
    if min_cells is not None:
        min_cells = number("min_cells", min_cells, low=0.0)

    off = rate_matrix(params)
    on = rate_matrix(params, therapy.k_S, therapy.k_P, therapy.k_D)
    edges = [0.0]
    for e in (therapy.start, therapy.stop):
        if 0 < e < t[-1] and e > edges[-1]:
            edges.append(float(e))
    edges.append(float(t[-1]))
    out = np.empty((t.size, 3))
    eradicated_at = None
    for t0, t1 in zip(edges[:-1], edges[1:], strict=True):
        treated = therapy.duration > 0 and therapy.start <= t0 < therapy.stop
        A = on if treated else off
        last = t1 == edges[-1]
        mask = (t >= t0) & ((t <= t1) if last else (t < t1))
        if mask.any():
            out[mask] = _propagate(A, t[mask] - t0, x)
        x = _propagate(A, np.array([t1 - t0]), x)[0]
        if min_cells is not None and eradicated_at is None and 0 < x[0] < min_cells:
            x = np.array([0.0, x[1], x[2]])
            eradicated_at = t1
    out = np.clip(out, 0.0, None)  # round-off below zero
    return HierarchyResult(t, out[:, 0], out[:, 1], out[:, 2], eradicated_at)
