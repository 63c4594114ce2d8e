"""One model in which both seeds are right (Chapter 5).

Seed 003 (Korkaya et al. 2008): trastuzumab lowers the cancer-stem-cell (CSC) population.
Seed 002 (Korkaya et al. 2012): long-term trastuzumab enriches CSCs when PTEN is lost, through an
IL-6 inflammatory loop. This module couples the stem-cell hierarchy of :mod:`her2book.hierarchy`
to the IL-6 switch of :mod:`her2book.feedback`:

- Stem cells self-renew with probability ``p`` per division, driven by two signals::

      p = p_base + her2_gain · s_H + il6_gain · s_I − mir200c_effect · [mimic]      (clipped)

  ``s_H = 1 − trastuzumab_block · PTEN_eff`` while trastuzumab is given (1 otherwise): the
  antibody shuts HER2 → PI3K/AKT signaling down only as far as PTEN lets it (Nagata et al. 2004).
  ``s_I = y² / (il6_half² + y²)`` with ``y = x · (1 − IL-6R block)``: IL-6 signaling, which
  trastuzumab does not touch.
- The IL-6 activity ``x`` follows the switch of :mod:`her2book.feedback`, sped up to days, with a
  basal drive raised by low PTEN and by stem cells, which secrete IL-6 (Korkaya et al. 2012)::

      x' = il6_speed · [ b(PTEN_eff) + stem_il6 · f_S + v·xⁿ/(Kⁿ + xⁿ)·(1 − block) − γ·x ]

- Trastuzumab kills non-stem cells (progenitor and differentiated) at ``bulk_kill`` per day
  (immune-cell killing and loss of HER2-driven proliferation); here that does not depend on PTEN.
- Anti-miR-21 restores a share ``antimir21_restore`` of lost PTEN (miR-21 represses PTEN);
  a miR-200c mimic lowers self-renewal by ``mir200c_effect`` (Song et al. 2017 preprint).

Time in days, cells in cells, IL-6 activity and signals dimensionless. **Every parameter is
illustrative**, chosen so the two regimes are visible; nothing is fitted to data, and nothing
here predicts what any drug would do in a patient.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import integrate

from . import feedback
from .checks import number
from .hierarchy import HierarchyParams, balanced_state

__all__ = [
    "ARMS",
    "Arm",
    "SynthesisParams",
    "SynthesisResult",
    "arm_named",
    "self_renewal",
    "simulate",
    "simulate_all",
]


@dataclass(frozen=True)
class SynthesisParams:
    """Parameters of the synthesis model (illustrative; see the module docstring).

    hierarchy : division, death and differentiation rates (1/day); its ``p`` is not used. The
        defaults are this model's own copy of Chapter 2's illustrative rates, so that retuning
        Chapter 2 does not silently change this chapter.
    loop : the IL-6 switch (dimensionless).
    p_base, her2_gain, il6_gain, mir200c_effect, p_max : self-renewal probability terms (0-1).
    il6_half : IL-6 activity giving half the IL-6 effect on self-renewal (dimensionless).
    stem_il6 : IL-6 drive added per unit stem fraction (stem cells secrete IL-6).
    il6_speed : how fast the IL-6 activity relaxes (1/day).
    trastuzumab_block : share of HER2 → AKT signaling trastuzumab shuts off with full PTEN.
    bulk_kill : trastuzumab's kill rate of non-stem cells (1/day).
    il6r_block : share of IL-6 receptors an IL-6R antibody blocks.
    antimir21_restore : share of lost PTEN restored by anti-miR-21.
    """

    hierarchy: HierarchyParams = field(
        default_factory=lambda: HierarchyParams(
            p=0.55, r_S=0.1, r_P=0.58, d_P=0.0, a=0.6, d_D=0.015
        )
    )
    loop: feedback.LoopParams = field(default_factory=feedback.LoopParams)
    p_base: float = 0.25
    her2_gain: float = 0.30
    il6_gain: float = 0.10
    il6_half: float = 1.0
    stem_il6: float = 1.0
    il6_speed: float = 0.5
    trastuzumab_block: float = 0.9
    bulk_kill: float = 0.05
    il6r_block: float = 0.8
    antimir21_restore: float = 0.7
    mir200c_effect: float = 0.12
    p_max: float = 0.95

    def __post_init__(self) -> None:
        if not isinstance(self.hierarchy, HierarchyParams):
            raise ValueError("hierarchy must be a HierarchyParams")
        if not isinstance(self.loop, feedback.LoopParams):
            raise ValueError("loop must be a feedback.LoopParams")
        for name in (
            "p_base",
            "her2_gain",
            "il6_gain",
            "trastuzumab_block",
            "il6r_block",
            "antimir21_restore",
            "mir200c_effect",
            "p_max",
        ):
            object.__setattr__(self, name, number(name, getattr(self, name), low=0.0, high=1.0))
        for name in ("stem_il6", "bulk_kill"):
            object.__setattr__(self, name, number(name, getattr(self, name), low=0.0))
        for name in ("il6_half", "il6_speed"):
            value = number(name, getattr(self, name), low=0.0)
            if value == 0:
                raise ValueError(f"{name} must be > 0")
            object.__setattr__(self, name, value)


@dataclass(frozen=True)
class Arm:
    """A treatment arm: which drugs are given from day 0 on."""

    name: str
    trastuzumab: bool = True
    il6r_antibody: bool = False
    anti_mir21: bool = False
    mir200c_mimic: bool = False


ARMS: tuple[Arm, ...] = (
    Arm("No treatment", trastuzumab=False),
    Arm("Trastuzumab"),
    Arm("+ IL-6R antibody", il6r_antibody=True),
    Arm("+ anti-miR-21", anti_mir21=True),
    Arm("+ miR-200c mimic", mir200c_mimic=True),
    Arm("+ all three", il6r_antibody=True, anti_mir21=True, mir200c_mimic=True),
)


def arm_named(name: str) -> Arm:
    """The arm in :data:`ARMS` with this name (``ValueError`` listing the names otherwise)."""
    for arm in ARMS:
        if arm.name == name:
            return arm
    raise ValueError(f"no arm {name!r}; choose one of {[a.name for a in ARMS]}")


@dataclass(frozen=True)
class SynthesisResult:
    """Trajectories: ``t`` (days; treatment starts at 0), cells ``S``, ``P``, ``D``, IL-6 ``x``."""

    t: np.ndarray
    S: np.ndarray
    P: np.ndarray
    D: np.ndarray
    il6: np.ndarray
    p: np.ndarray  # self-renewal probability over time
    pten: float
    arm: Arm

    @property
    def total(self) -> np.ndarray:
        """Tumor size, S + P + D (cells)."""
        return self.S + self.P + self.D

    @property
    def stem_fraction(self) -> np.ndarray:
        """S / (S + P + D), dimensionless."""
        return self.S / self.total

    def at(self, day: float) -> dict[str, float]:
        """Size, stem fraction, IL-6 and p at the time point closest to ``day``."""
        i = int(np.argmin(np.abs(self.t - day)))
        return {
            "total": float(self.total[i]),
            "stem_fraction": float(self.stem_fraction[i]),
            "il6": float(self.il6[i]),
            "p": float(self.p[i]),
        }


def _pten_eff(pten: float, arm: Arm, treated: bool, q: SynthesisParams) -> float:
    if treated and arm.anti_mir21:
        return pten + (1.0 - pten) * q.antimir21_restore
    return pten


def self_renewal(
    pten: float, il6: float, arm: Arm, treated: bool, params: SynthesisParams | None = None
) -> float:
    """Self-renewal probability p of a stem-cell division (0 … p_max).

    pten : PTEN level (0 lost … 1 normal); il6 : IL-6 activity (dimensionless);
    arm : the treatment arm; treated : whether the arm's drugs are being given.
    """
    q = SynthesisParams() if params is None else params
    pten = number("pten", pten, low=0.0, high=1.0)
    il6 = number("il6", il6, low=0.0)
    pe = _pten_eff(pten, arm, treated, q)
    s_h = 1.0 - q.trastuzumab_block * pe if (treated and arm.trastuzumab) else 1.0
    y = il6 * (1.0 - q.il6r_block) if (treated and arm.il6r_antibody) else il6
    s_i = y**2 / (q.il6_half**2 + y**2)
    p = q.p_base + q.her2_gain * s_h + q.il6_gain * s_i
    if treated and arm.mir200c_mimic:
        p -= q.mir200c_effect
    return float(min(max(p, 0.0), q.p_max))


def _initial_state(pten: float, q: SynthesisParams, cells: float) -> np.ndarray:
    """Untreated tumor: the lowest stable IL-6 state and the balanced cell composition."""
    x = 0.0
    for _ in range(50):  # fixed point of (stem fraction, IL-6 state), converges in a few steps
        p = self_renewal(pten, x, ARMS[0], False, q)
        h = q.hierarchy
        comp = balanced_state(
            HierarchyParams(p=p, r_S=h.r_S, r_P=h.r_P, d_P=h.d_P, a=h.a, d_D=h.d_D), cells
        )
        b = feedback.basal_drive(pten, q.loop) + q.stem_il6 * comp[0] / comp.sum()
        new_x = min(s.x for s in feedback.steady_states(b, 0.0, q.loop) if s.stable)
        if abs(new_x - x) < 1e-10:
            break
        x = new_x
    return np.array([*comp, x])


def simulate(
    pten: float,
    arm: Arm | str = "Trastuzumab",
    params: SynthesisParams | None = None,
    *,
    days: float = 360.0,
    lead_in: float = 60.0,
    cells: float = 1e9,
    points: int = 421,
) -> SynthesisResult:
    """Simulate one arm for one PTEN level.

    The tumor grows untreated for ``lead_in`` days (t < 0), then the arm's drugs are given from
    day 0 to ``days``. ``cells`` is the tumor size at the start of the lead-in; the result is
    sampled at ``points`` evenly spaced times. Solved with LSODA (rtol 1e-8).
    """
    q = SynthesisParams() if params is None else params
    arm = arm_named(arm) if isinstance(arm, str) else arm
    if not isinstance(arm, Arm):
        raise ValueError(f"arm must be an Arm or an arm name, got {arm!r}")
    pten = number("pten", pten, low=0.0, high=1.0)
    days = number("days", days, low=0.0)
    lead_in = number("lead_in", lead_in, low=0.0)
    cells = number("cells", cells, low=0.0)
    if days == 0 or cells == 0:
        raise ValueError("days and cells must be > 0")
    if int(points) != points or points < 2:
        raise ValueError(f"points must be a whole number ≥ 2, got {points!r}")
    h, loop = q.hierarchy, q.loop

    def rhs(t: float, y: np.ndarray) -> np.ndarray:
        S, P, D, x = y
        treated = t >= 0.0
        x = max(x, 0.0)
        p = self_renewal(pten, x, arm, treated, q)
        pe = _pten_eff(pten, arm, treated, q)
        kill = q.bulk_kill if (treated and arm.trastuzumab) else 0.0
        total = S + P + D
        f_s = S / total if total > 0 else 0.0
        block = q.il6r_block if (treated and arm.il6r_antibody) else 0.0
        b = feedback.basal_drive(pe, loop) + q.stem_il6 * f_s
        dS = (2 * p - 1) * h.r_S * S
        dP = 2 * (1 - p) * h.r_S * S + (h.r_P - h.d_P - h.a - kill) * P
        dD = h.a * P - (h.d_D + kill) * D
        dx = q.il6_speed * float(feedback.il6_rate(x, b, block, loop))
        return np.array([dS, dP, dD, dx])

    t_eval = np.linspace(-lead_in, days, int(points))
    y0 = _initial_state(pten, q, cells)
    pieces = [(-lead_in, 0.0), (0.0, days)] if lead_in > 0 else [(0.0, days)]
    ys, ts = [], []
    y = y0
    for t0, t1 in pieces:
        inside = t_eval[(t_eval >= t0) & (t_eval < t1)]
        grid = np.append(inside, t1)  # also solve to the piece's end, to start the next piece
        sol = integrate.solve_ivp(
            rhs, (t0, t1), y, method="LSODA", t_eval=grid, rtol=1e-8, atol=1e-9, first_step=0.01
        )
        if not sol.success:
            raise RuntimeError(f"integration failed: {sol.message}")
        y = sol.y[:, -1]
        last = t1 == days
        ts.append(sol.t if last else sol.t[:-1])
        ys.append(sol.y if last else sol.y[:, :-1])
    t = np.concatenate(ts)
    Y = np.clip(np.concatenate(ys, axis=1), 0.0, None)
    p = np.array([self_renewal(pten, xi, arm, ti >= 0, q) for ti, xi in zip(t, Y[3], strict=True)])
    return SynthesisResult(t, Y[0], Y[1], Y[2], Y[3], p, pten, arm)


def simulate_all(
    ptens, arms=ARMS, params: SynthesisParams | None = None, **kwargs
) -> dict[tuple[float, str], SynthesisResult]:
    """Every (PTEN level, arm) combination, keyed by ``(pten, arm.name)``."""
    return {(float(pt), a.name): simulate(pt, a, params, **kwargs) for pt in ptens for a in arms}
