"""One model in which both seeds are right (Chapter 7).

Seed 003 (Korkaya et al. 2008): trastuzumab lowers the cancer-stem-cell (CSC) population.
Seed 002 (Korkaya et al. 2012): long-term trastuzumab enriches CSCs when PTEN is lost, through an
IL-6 inflammatory loop. This module couples the stem-cell hierarchy of :mod:`her2book.hierarchy`
to the IL-6 switch of :mod:`her2book.il6_switch`:

- Stem cells self-renew with probability ``p`` per division, driven by two signals::

      p = p_base + her2_gain · s_H + il6_gain · s_I − mir200c_effect · [mimic]

  clipped to [0, p_max] (with the book's parameters p stays between 0.16 and 0.65, so the clip
  never acts). ``s_H = 1 − trastuzumab_block · PTEN_eff`` while trastuzumab is given (1
  otherwise): the antibody shuts HER2 → PI3K/AKT signaling down only as far as PTEN lets it
  (Nagata et al. 2004). ``PTEN_eff`` is the PTEN level after anti-miR-21 (below); it is used
  here, in the IL-6 drive ``b`` and in the kill rate.
  ``s_I = y² / (il6_half² + y²)`` with ``y = x · (1 − IL-6R block)``: IL-6 signaling, which
  trastuzumab does not touch.
- The IL-6 activity ``x`` follows the switch of :mod:`her2book.il6_switch`, sped up to days, with a
  basal drive raised by low PTEN and by stem cells, which secrete IL-6 (Korkaya et al. 2012)::

      x' = il6_speed · [ b(PTEN_eff) + stem_il6 · f_S + v·xⁿ/(Kⁿ + xⁿ)·(1 − block) − γ·x ]

- Trastuzumab kills non-stem cells (progenitor and differentiated) at
  ``bulk_kill · [kill_pten_independent + (1 − kill_pten_independent) · PTEN_eff]`` per day. The
  default share ``kill_pten_independent = 1`` is an **assumption**: the kill stands for the part
  of trastuzumab's effect that does not run through PI3K/AKT, such as immune killing (ADCC), so
  it is the same at every PTEN level, and it spares stem cells. Both of the chapter's headline
  results rest on it: with ``kill_pten_independent = 0`` (the whole kill falls with PTEN) the
  PTEN-lost tumor's stem fraction no longer rises and the PTEN-0.25 tumor no longer responds
  and escapes; with 0.5 both results remain.
- Anti-miR-21 restores a share ``antimir21_restore`` of lost PTEN,
  ``PTEN_eff = PTEN + antimir21_restore · (1 − PTEN)`` while it is given (miR-21 represses
  PTEN; Gong et al. 2011). This **assumes that all of the tumor's PTEN loss is caused by
  miR-21**: a tumor that has deleted or mutated PTEN would gain nothing from anti-miR-21, so the
  arm's results apply only where that assumption holds. A miR-200c mimic lowers self-renewal by
  ``mir200c_effect`` (Song et al. 2017 preprint). That too is an **assumption**: the same drop in
  every tumor, at every PTEN level and IL-6 state. The preprint overexpressed miR-200c in
  HER2-positive cells with PTEN present and counted spheres and marker-positive cells; no source
  measures this drop in self-renewal, or tests it in PTEN-deficient cells.

Time in days, cells in cells, IL-6 activity and signals dimensionless. **Every parameter is
illustrative**, chosen so the two regimes are visible; nothing is fitted to data, and nothing
here predicts what any drug would do in a patient.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from scipy import integrate

from . import il6_switch
from .checks import array, number, param, validated
from .hierarchy import HierarchyParams, balanced_state

__all__ = [
    "ARMS",
    "DAYS",
    "DEFAULT",
    "Arm",
    "SynthesisParams",
    "SynthesisResult",
    "arm_named",
    "self_renewal",
    "simulate",
    "simulate_all",
]


@validated
@dataclass(frozen=True)
class SynthesisParams:
    """Parameters of the synthesis model (illustrative; see the module docstring).

    The chapter's symbol for each field is in brackets.

    hierarchy : division, death and differentiation rates (1/day) [r_S, r_P, d_P, a, d_D]; its
        ``p`` is not used. The defaults are this model's own copy of Chapter 2's illustrative
        rates, so that retuning Chapter 2 does not silently change this chapter.
    loop : the IL-6 switch of Chapter 5 [v, K, n, γ, b_normal, b_lost] (dimensionless: x in
        units of K, rates per unit of the switch's own time).
    p_base, her2_gain, il6_gain, mir200c_effect : self-renewal probability terms (0-1)
        [p_0, g_H, g_I, δ_200c].
    il6_half : IL-6 activity at which IL-6 signaling gives half its effect on self-renewal
        [K_I] (units of K).
    stem_il6 : IL-6 drive added per unit stem fraction (stem cells secrete IL-6) [σ].
    il6_speed : units of the switch's own time that pass per day [ν] (1/day): it converts the
        dimensionless switch of Chapter 5 to days; larger ν, faster IL-6 dynamics.
    trastuzumab_block : share of HER2 → AKT signaling trastuzumab shuts off with full PTEN [τ].
    bulk_kill : trastuzumab's kill rate of non-stem cells (1/day) [k].
    kill_pten_independent : share of that kill that does not depend on PTEN [φ] (0-1); the kill
        rate is k · [φ + (1 − φ) · PTEN_eff]. The default 1 is the chapter's assumption: the
        whole kill is the same at every PTEN level (see the module docstring).
    il6r_block : share of IL-6 receptors an IL-6R antibody blocks [β].
    antimir21_restore : share of lost PTEN restored by anti-miR-21 [ρ] (assumes the loss is
        caused by miR-21, whatever the PTEN level; see the module docstring).
    p_max : upper clip on p [p_max] (never reached with the defaults).
    """

    hierarchy: HierarchyParams = param(
        kind=HierarchyParams,
        default_factory=lambda: HierarchyParams(
            p=0.55, r_S=0.1, r_P=0.58, d_P=0.0, a=0.6, d_D=0.015
        ),
    )
    loop: il6_switch.LoopParams = param(
        kind=il6_switch.LoopParams, default_factory=il6_switch.LoopParams
    )
    p_base: float = param(0.25, low=0, high=1)
    her2_gain: float = param(0.30, low=0, high=1)
    il6_gain: float = param(0.10, low=0, high=1)
    il6_half: float = param(1.0, positive=True)
    stem_il6: float = param(1.0, low=0)
    il6_speed: float = param(0.5, positive=True)
    trastuzumab_block: float = param(0.9, low=0, high=1)
    bulk_kill: float = param(0.05, low=0)
    kill_pten_independent: float = param(1.0, low=0, high=1)
    il6r_block: float = param(0.8, low=0, high=1)
    antimir21_restore: float = param(0.7, low=0, high=1)
    mir200c_effect: float = param(0.12, low=0, high=1)
    p_max: float = param(0.95, low=0, high=1)


#: The book's illustrative parameters (see the module docstring).
DEFAULT = SynthesisParams()

#: The book's schedule (days): 60 days of untreated growth, then 360 days of treatment from
#: day 0, one point a day.
DAYS = np.linspace(-60.0, 360.0, 421)
DAYS.setflags(write=False)


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
    Arm("+ IL-6R antibody + mimic", il6r_antibody=True, mir200c_mimic=True),
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
    pten: float, il6: float, arm: Arm, treated: bool, params: SynthesisParams = DEFAULT
) -> float:
    """Self-renewal probability p of a stem-cell division, clipped to 0 … p_max.

    Uses PTEN_eff (PTEN after anti-miR-21, if the arm gives it) in s_H.

    pten : PTEN level (0 lost … 1 normal); il6 : IL-6 activity (dimensionless);
    arm : the treatment arm; treated : whether the arm's drugs are being given.
    """
    q = params
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
        comp = balanced_state(replace(q.hierarchy, p=p), cells)
        b = il6_switch.basal_drive(pten, q.loop) + q.stem_il6 * comp[0] / comp.sum()
        new_x = min(s.x for s in il6_switch.steady_states(b, 0.0, q.loop) if s.stable)
        if abs(new_x - x) < 1e-10:
            break
        x = new_x
    return np.array([*comp, x])


def _arm(arm: Arm | str) -> Arm:
    arm = arm_named(arm) if isinstance(arm, str) else arm
    if not isinstance(arm, Arm):
        raise ValueError(f"arm must be an Arm or an arm name, got {arm!r}")
    return arm


def _times(t) -> np.ndarray:
    """``t`` as a strictly increasing 1-D array of at least two days, or ``ValueError``."""
    t = array("t", t)
    if t.ndim != 1 or t.size < 2 or np.any(np.diff(t) <= 0):
        raise ValueError("t must be a 1-D array of at least two strictly increasing days")
    return t


def _kill(q: SynthesisParams, pten_eff: float) -> float:
    """Trastuzumab's kill rate of non-stem cells (1/day): k · [φ + (1 − φ) · PTEN_eff]."""
    share = q.kill_pten_independent
    return q.bulk_kill * (share + (1.0 - share) * pten_eff)


def _rates(q: SynthesisParams, arm: Arm, pten: float):
    """d(S, P, D, x)/dt as a function of (day, state): cells/day and IL-6 activity/day."""
    h, loop = q.hierarchy, q.loop

    def rhs(time: float, y: np.ndarray) -> np.ndarray:
        S, P, D, x = y
        treated = time >= 0.0
        x = max(x, 0.0)
        p = self_renewal(pten, x, arm, treated, q)
        pe = _pten_eff(pten, arm, treated, q)
        kill = _kill(q, pe) if (treated and arm.trastuzumab) else 0.0
        total = S + P + D
        f_s = S / total if total > 0 else 0.0
        block = q.il6r_block if (treated and arm.il6r_antibody) else 0.0
        b = il6_switch.basal_drive(pe, loop) + q.stem_il6 * f_s
        dS = (2 * p - 1) * h.r_S * S
        dP = 2 * (1 - p) * h.r_S * S + (h.r_P - h.d_P - h.a - kill) * P
        dD = h.a * P - (h.d_D + kill) * D
        dx = q.il6_speed * float(il6_switch.il6_rate(x, b, block, loop))
        return np.array([dS, dP, dD, dx])

    return rhs


def simulate(
    params: SynthesisParams,
    arm: Arm | str,
    pten: float,
    t,
    cells: float = 1e9,
) -> SynthesisResult:
    """Simulate one treatment arm for a tumor with one PTEN level, at the days ``t``.

    params : :class:`SynthesisParams`. arm : an :class:`Arm` or the name of one in :data:`ARMS`;
    its drugs are given from day 0 on. pten : the tumor's PTEN level (0 lost … 1 normal).
    t : strictly increasing days; the tumor grows untreated before day 0, so ``t[0] < 0`` gives
    a lead-in (:data:`DAYS`: 60 days, then 360 days of treatment). cells : tumor size at
    ``t[0]`` (cells), composed as an untreated balanced tumor with IL-6 in its low stable state.
    Solved with LSODA (rtol 1e-8), restarted at day 0 where the treatment switches on.
    """
    if not isinstance(params, SynthesisParams):
        raise ValueError(f"params must be a SynthesisParams, got {type(params).__name__}")
    q = params
    arm = _arm(arm)
    pten = number("pten", pten, low=0.0, high=1.0)
    t_eval = _times(t)
    cells = number("cells", cells, positive=True)
    rhs = _rates(q, arm, pten)

    start, end = float(t_eval[0]), float(t_eval[-1])
    pieces = [(start, 0.0), (0.0, end)] if start < 0.0 < end else [(start, end)]
    y0 = _initial_state(pten, q, cells)
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
        last = t1 == end
        ts.append(sol.t if last else sol.t[:-1])
        ys.append(sol.y if last else sol.y[:, :-1])
    times = np.concatenate(ts)
    Y = np.clip(np.concatenate(ys, axis=1), 0.0, None)
    p = np.array(
        [self_renewal(pten, xi, arm, ti >= 0, q) for ti, xi in zip(times, Y[3], strict=True)]
    )
    return SynthesisResult(times, Y[0], Y[1], Y[2], Y[3], p, pten, arm)


def simulate_all(
    params: SynthesisParams, arms, ptens, t, cells: float = 1e9
) -> dict[tuple[float, str], SynthesisResult]:
    """Every (arm, PTEN level) combination at the days ``t``, keyed by ``(pten, arm.name)``."""
    arms = [_arm(a) for a in arms]
    return {(float(pt), a.name): simulate(params, a, pt, t, cells) for pt in ptens for a in arms}
