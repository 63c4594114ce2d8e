"""MicroRNA–target titration: a threshold-linear response (Chapter 3).

A target mRNA ``m`` and a microRNA ``s`` are made at constant rates, decay on their own, and bind
each other; a bound pair is removed, the mRNA degraded and the microRNA lost with it::

    dm/dt = alpha_m - beta_m * m - k * m * s
    ds/dt = alpha_s - beta_s * s - k * m * s

``m``, ``s`` : molecules per cell; ``alpha_m``, ``alpha_s`` : molecules per cell per hour;
``beta_m``, ``beta_s`` : 1/hour; ``k`` : 1/(molecule/cell * hour). The values the chapter uses
are illustrative, not measured. Subtracting the two equations at steady state gives
``s = (alpha_s - alpha_m + beta_m * m) / beta_s``; putting that back gives a quadratic in ``m``
(see :func:`steady_state`) with exactly one non-negative root.

Where it comes from. Levine et al. (PLoS Biol 2007) worked out the threshold-linear response
with experiments on *bacterial* small RNAs in *E. coli*, not microRNAs. For mammalian microRNAs,
Mukherji et al. (Nat Genet 2011) measured a threshold in single cells, consistent with a
molecular-titration model. One-for-one co-destruction (each binding event removes one
microRNA) is this model's **assumption**: for animal microRNAs it is an idealization, since an
Argonaute complex can act on more than one target molecule (multiple-turnover cleavage by a
let-7 complex: Hutvágner & Zamore, Science 2002).

How sharp the corner is. With strong binding the free target at the threshold
``alpha_m = alpha_s`` is about ``sqrt(alpha_s beta_s / (k beta_m))``, and the corner (the
deviation from the threshold-linear limit, :func:`corner_width`) is about
``3 sqrt(alpha_s beta_m beta_s / k)`` wide in ``alpha_m``: both shrink only as ``1/sqrt(k)``.

Teaching model: the mechanism is published, the behavior (a threshold at ``alpha_m = alpha_s``
that sharpens with ``k``) is what the chapter teaches, not the numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.integrate import solve_ivp

from .checks import array, number, param, validated

__all__ = ["TitrationParams", "DEFAULT", "steady_state", "corner_width", "rhs", "simulate"]


@validated
@dataclass(frozen=True)
class TitrationParams:
    """Rates of the titration model (illustrative values: the chapter's).

    alpha_m : target transcription rate, molecules/cell/hour (≥ 0).
    alpha_s : microRNA transcription rate, molecules/cell/hour (≥ 0).
    k : binding-and-removal rate constant, 1/(molecules/cell · hour) (≥ 0; 0 means no binding).
    beta_m, beta_s : decay rates of free target and free microRNA, 1/hour (> 0).

    The field names are the keyword arguments of :func:`steady_state`, so
    ``steady_state(**dataclasses.asdict(p))`` is the closed form for ``p``.
    """

    alpha_m: float = param(25.0, low=0)
    alpha_s: float = param(50.0, low=0)
    k: float = param(1e-2, low=0)
    beta_m: float = param(0.1, positive=True)
    beta_s: float = param(0.1, positive=True)


#: The chapter's illustrative rates: target made at half the microRNA's rate of 50/hour,
#: 7-hour half-lives (0.1/hour), binding 0.01 per molecule per hour.
DEFAULT = TitrationParams()


def steady_state(
    alpha_m, alpha_s: float, k: float, beta_m: float = 0.1, beta_s: float = 0.1
) -> tuple[np.ndarray, np.ndarray]:
    """Closed-form steady state ``(m, s)`` of the titration model (free target, free miRNA).

    alpha_m : target transcription rate(s), molecules/cell/hour (scalar or array, ≥ 0).
    alpha_s, k, beta_m, beta_s : as in :class:`TitrationParams` (numbers).

    With ``s = (alpha_s - alpha_m + beta_m m) / beta_s`` the steady state of ``dm/dt`` is
    ``a m^2 + b m - c = 0`` with ``a = k beta_m``, ``b = beta_m beta_s + k (alpha_s - alpha_m)``,
    ``c = alpha_m beta_s``. Since ``a, c ≥ 0`` the product of the roots is ≤ 0: exactly one root
    is ≥ 0. It is evaluated as ``2c / (b + sqrt(b^2 + 4ac))`` when ``b > 0`` and as
    ``(-b + sqrt(b^2 + 4ac)) / (2a)`` otherwise, so no two nearly equal numbers are subtracted.
    ``s`` comes from the mirror-image formula (swap the roles of target and miRNA). Both have
    the shape of ``alpha_m`` (molecules/cell).
    """
    am = array("alpha_m", alpha_m, nonneg=True)
    a_s = number("alpha_s", alpha_s, low=0)
    k = number("k", k, low=0)
    bm = number("beta_m", beta_m, positive=True)
    bs = number("beta_s", beta_s, positive=True)
    m = _positive_root(k * bm, bm * bs + k * (a_s - am), am * bs)
    s = _positive_root(k * bs, bm * bs + k * (am - a_s), a_s * bm)
    return m, s


def _positive_root(a, b, c) -> np.ndarray:
    """The non-negative root of ``a x^2 + b x - c = 0`` (a, c ≥ 0), without cancellation."""
    a, b, c = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (a, b, c)))
    disc = np.sqrt(b * b + 4.0 * a * c)
    with np.errstate(divide="ignore", invalid="ignore"):
        plus = 2.0 * c / (b + disc)  # fine when b > 0
        minus = (disc - b) / (2.0 * a)  # fine when b ≤ 0 (then a > 0 unless c = 0 = b)
    out = np.where(b > 0, plus, minus)
    return np.where((b <= 0) & (a == 0), 0.0, out)


def corner_width(alpha_s: float, k: float, beta_m: float = 0.1, beta_s: float = 0.1) -> float:
    """Width of the threshold's corner in ``alpha_m`` (molecules/cell/hour).

    The deviation of the free target from its threshold-linear limit,
    ``m*(alpha_m) - max(alpha_m - alpha_s, 0) / beta_m``, peaks at the threshold
    ``alpha_m = alpha_s`` (its height is ``m*(alpha_s)``, molecules/cell). This returns the width
    of the range of ``alpha_m`` where it exceeds half that peak (full width at half maximum).
    Both ends have closed forms: below the threshold ``m* = h`` (half the peak) gives
    ``alpha_m = h (k beta_m h + beta_m beta_s + k alpha_s) / (k h + beta_s)``; above it the
    deviation equals ``h`` where ``m* = beta_s (alpha_s - beta_m h) / (k beta_m h)``, at
    ``alpha_m = alpha_s + beta_m (m* - h)``. For strong binding (``k alpha_s >> beta_m beta_s``)
    the width tends to ``3 sqrt(alpha_s beta_m beta_s / k)``: the corner sharpens as ``1/sqrt(k)``.

    alpha_s : microRNA transcription rate, molecules/cell/hour (> 0).
    k : binding-and-removal rate constant, 1/(molecules/cell · hour) (> 0: with no binding there
        is no corner).
    beta_m, beta_s : decay rates, 1/hour (> 0).
    """
    a_s = number("alpha_s", alpha_s, positive=True)
    k = number("k", k, positive=True)
    bm = number("beta_m", beta_m, positive=True)
    bs = number("beta_s", beta_s, positive=True)
    h = 0.5 * float(steady_state(a_s, a_s, k, bm, bs)[0])
    below = h * (k * bm * h + bm * bs + k * a_s) / (k * h + bs)
    m_above = bs * (a_s - bm * h) / (k * bm * h)
    above = a_s + bm * (m_above - h)
    return above - below


def rhs(t: float, y, p: TitrationParams = DEFAULT) -> np.ndarray:
    """Right-hand side ``[dm/dt, ds/dt]`` of the titration model (molecules/cell/hour).

    ``y = (m, s)`` in molecules/cell (numbers or arrays of one shape); ``t`` (hours) is unused.
    """
    m, s = y
    bound = p.k * m * s
    return np.array([p.alpha_m - p.beta_m * m - bound, p.alpha_s - p.beta_s * s - bound])


def _jacobian(t: float, y, p: TitrationParams) -> np.ndarray:
    m, s = y
    return np.array([[-p.beta_m - p.k * s, -p.k * m], [-p.k * s, -p.beta_s - p.k * m]])


def simulate(p: TitrationParams = DEFAULT, t=None, x0=(0.0, 0.0)) -> tuple[np.ndarray, np.ndarray]:
    """Integrate the titration ODE from ``x0`` and return ``(m, s)`` at the times ``t``.

    p : :class:`TitrationParams`.
    t : increasing times in hours starting at 0 (default: 0..200 in steps of 1).
    x0 : initial ``(m, s)`` in molecules/cell (default: none of either).
    Returns two arrays of the shape of ``t`` (molecules/cell). A numerical check of
    :func:`steady_state` (stiff solver, tight tolerances).
    """
    if not isinstance(p, TitrationParams):
        raise ValueError(f"p must be a TitrationParams, got {type(p).__name__}")
    t = np.arange(0.0, 201.0) if t is None else array("t", t)
    if t.ndim != 1 or t.size < 2 or t[0] != 0 or np.any(np.diff(t) <= 0):
        raise ValueError(f"t must be at least two times (hours) from 0, increasing, got {t!r}")
    x0 = array("x0", x0, nonneg=True)
    if x0.shape != (2,):
        raise ValueError(f"x0 must be two numbers (m, s), got {x0!r}")
    sol = solve_ivp(
        rhs,
        (0.0, float(t[-1])),
        x0,
        method="Radau",
        t_eval=t,
        jac=_jacobian,
        args=(p,),
        rtol=1e-10,
        atol=1e-12,
    )
    if not sol.success:  # pragma: no cover - Radau does not fail on this system
        raise RuntimeError(sol.message)
    return sol.y[0], sol.y[1]
