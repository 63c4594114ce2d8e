"""The miR-200/ZEB/SNAIL switch of Lu, Jolly, Levine, Onuchic & Ben-Jacob (PNAS 2013;110:18144).

Chapter 3. ``u`` = miR-200, ``m`` = ZEB mRNA, ``Z`` = ZEB protein, ``S`` = SNAIL (the input);
molecules and hours (the units the book assumes; the values are the model's as an independent
public implementation gives them, see :class:`LuParams`, not checked in the paper's supplement)::

    du/dt = g_u H(Z; Z0u, 3, 0.1) H(S; S0u, 2, 0.1) - m Yu(u) - k_u u
    dm/dt = g_m H(Z; Z0m, 2, 7.5) H(S; S0m, 2, 10) - m Ym(u) - k_m m
    dZ/dt = g_Z m L(u) - k_Z Z

with the shifted Hill function ``H(X; X0, n, lam) = (1 + lam (X/X0)^n) / (1 + (X/X0)^n)``
(``lam < 1`` represses, ``lam > 1`` activates) and the model's six miR-200 binding sites on
the ZEB mRNA: ``M_i = C(6, i) (u/u0)^i / (1 + u/u0)^6`` is the chance that ``i`` sites are
occupied, ``L = sum l_i M_i`` (translation left), ``Ym = sum gamma_m_i M_i`` (mRNA decay caused
by the bound miRNAs), ``Yu = sum i gamma_u_i M_i`` (miRNAs used up with the mRNA).

At steady state ``Z = g_Z m L(u) / k_Z``. For a fixed ``u`` the miR-200 equation then fixes
``Z`` uniquely (its right-hand side falls as ``Z`` rises), so every steady state is a root of
one scalar function of ``u``. Bracketing its sign changes on a log grid of ``u`` finds all of
them, unstable ones included; the Jacobian's eigenvalues say which are stable.

Teaching model: the mechanism is published, the parameter values are the paper's as far as an
independent implementation shows (see :class:`LuParams`), and the behaviour (thresholds,
bistability, hysteresis) is what the chapter teaches, not the numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.integrate import solve_ivp

from .checks import array, number, param, validated, whole

__all__ = [
    "LuParams",
    "DEFAULT",
    "SITES",
    "shifted_hill",
    "binding_sums",
    "rhs",
    "jacobian",
    "KINDS",
    "classify_state",
    "EMTState",
    "steady_states",
    "stable_state",
    "SwitchSweep",
    "snail_sweep",
]

#: miR-200 binding sites on the ZEB mRNA; the per-occupancy vectors of :class:`LuParams` list
#: one value for each of 0..SITES bound miR-200 molecules.
SITES = 6
_BINOM = np.array([math.comb(SITES, i) for i in range(SITES + 1)], dtype=float)


@validated
@dataclass(frozen=True)
class LuParams:
    """Parameters of the Lu et al. (2013) miR-200/ZEB circuit (molecules, hours).

    Defaults are the model's values as an independent public implementation of it gives them
    (github.com/Divyoj-Singh/PAGE4-AR-EMT-NDJ, ``figure_1/EMT_bifurcation/miR200ZEB.m`` and
    ``miR200ZEB_bifur.m``, with the same per-occupancy vectors); it does not state units, and the
    paper's supplement was not read, so that they are the paper's is unchecked. Hill thresholds are
    in molecules, production rates ``g_*`` in molecules/hour, degradation rates ``k_*`` in 1/hour,
    ``u0`` in molecules; ``l_i``, ``gamma_m_i``, ``gamma_u_i`` are per-occupancy factors for 0..6
    bound miR-200 molecules (``gamma_*_i`` in 1/hour, ``l_i`` dimensionless). Rates and thresholds
    must be > 0, the ``lam_*`` factors and per-occupancy factors ≥ 0, and ``lam_zu`` < 1.
    """

    g_u: float = param(2100.0, positive=True)
    g_m: float = param(11.0, positive=True)
    g_z: float = param(100.0, positive=True)
    k_u: float = param(0.05, positive=True)
    k_m: float = param(0.5, positive=True)
    k_z: float = param(0.1, positive=True)
    u0: float = param(10000.0, positive=True)
    z0_u: float = param(220000.0, positive=True)  # ZEB represses miR-200
    n_zu: float = param(3.0, positive=True)
    lam_zu: float = param(0.1, low=0)  # < 1: checked in _check
    s0_u: float = param(180000.0, positive=True)  # SNAIL represses miR-200
    n_su: float = param(2.0, positive=True)
    lam_su: float = param(0.1, low=0)
    z0_m: float = param(25000.0, positive=True)  # ZEB activates its own transcription
    n_zm: float = param(2.0, positive=True)
    lam_zm: float = param(7.5, low=0)
    s0_m: float = param(180000.0, positive=True)  # SNAIL activates ZEB
    n_sm: float = param(2.0, positive=True)
    lam_sm: float = param(10.0, low=0)
    l_i: tuple[float, ...] = param((1.0, 0.6, 0.3, 0.1, 0.05, 0.05, 0.05), low=0, vector=SITES + 1)
    gamma_m_i: tuple[float, ...] = param(
        (0.0, 0.04, 0.2, 1.0, 1.0, 1.0, 1.0), low=0, vector=SITES + 1
    )
    gamma_u_i: tuple[float, ...] = param(
        (0.0, 0.005, 0.05, 0.5, 0.5, 0.5, 0.5), low=0, vector=SITES + 1
    )

    def _check(self) -> None:
        if self.lam_zu >= 1:
            raise ValueError(f"lam_zu must be < 1 (ZEB represses miR-200), got {self.lam_zu!r}")


#: The paper's parameter values.
DEFAULT = LuParams()


def shifted_hill(x, x0: float, n: float, lam: float) -> np.ndarray:
    """Shifted Hill function ``(1 + lam (x/x0)^n) / (1 + (x/x0)^n)`` (dimensionless).

    Equals 1 at ``x = 0`` and tends to ``lam`` for ``x >> x0``: ``lam < 1`` is repression,
    ``lam > 1`` activation. ``x``, ``x0`` in the same units (molecules).
    """
    r = (np.asarray(x, dtype=float) / x0) ** n
    return (1.0 + lam * r) / (1.0 + r)


def binding_sums(u, p: LuParams = DEFAULT) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(L, Ym, Yu)`` for miR-200 level(s) ``u`` (molecules); see the module docstring.

    L is dimensionless; Ym and Yu are in 1/hour (per ZEB mRNA molecule).
    """
    u = np.asarray(u, dtype=float)
    x = u / p.u0
    n = SITES
    i = np.arange(n + 1)
    # M_i = C(n,i) x^i / (1+x)^n = C(n,i) q^i (1-q)^(n-i) with q = x/(1+x): a binomial law.
    q = (x / (1.0 + x))[..., None]
    mi = _BINOM * q**i * (1.0 - q) ** (n - i)
    L = mi @ np.asarray(p.l_i)
    ym = mi @ np.asarray(p.gamma_m_i)
    yu = mi @ (i * np.asarray(p.gamma_u_i))
    return L, ym, yu


def rhs(t: float, y, snail: float, p: LuParams = DEFAULT) -> np.ndarray:
    """Right-hand side ``[du/dt, dm/dt, dZ/dt]`` (molecules/hour) at SNAIL level ``snail``."""
    u, m, z = np.asarray(y, dtype=float)
    L, ym, yu = binding_sums(u, p)
    du = (
        p.g_u
        * shifted_hill(z, p.z0_u, p.n_zu, p.lam_zu)
        * shifted_hill(snail, p.s0_u, p.n_su, p.lam_su)
        - m * yu
        - p.k_u * u
    )
    dm = (
        p.g_m
        * shifted_hill(z, p.z0_m, p.n_zm, p.lam_zm)
        * shifted_hill(snail, p.s0_m, p.n_sm, p.lam_sm)
        - m * ym
        - p.k_m * m
    )
    dz = p.g_z * m * L - p.k_z * z
    return np.array([du, dm, dz])


def jacobian(state, snail, p: LuParams = DEFAULT) -> np.ndarray:
    """Jacobian (1/hour) of :func:`rhs` at ``state = (u, m, Z)``, by central differences.

    ``state`` may be a stack of states, shape ``(..., 3)`` (with ``snail`` broadcasting
    against ``state[..., 0]``); the result then has shape ``(..., 3, 3)``.
    """
    y = np.asarray(state, dtype=float)
    if y.shape[-1:] != (3,):
        raise ValueError(f"state must end with three values (u, m, Z), got shape {y.shape}")
    jac = np.empty(y.shape + (3,))
    for j in range(3):
        h = 1e-6 * np.maximum(np.abs(y[..., j]), 1e-3)
        up, dn = y.copy(), y.copy()
        up[..., j] += h
        dn[..., j] -= h
        f_up = rhs(0.0, np.moveaxis(up, -1, 0), snail, p)
        f_dn = rhs(0.0, np.moveaxis(dn, -1, 0), snail, p)
        jac[..., :, j] = np.moveaxis((f_up - f_dn) / (2 * h), 0, -1)
    return jac


#: State labels, from epithelial to mesenchymal.
KINDS = ("epithelial", "hybrid", "mesenchymal")

#: ZEB protein levels (molecules) separating the kinds in :func:`classify_state`.
ZEB_EPITHELIAL_MAX = 2.0e4
ZEB_MESENCHYMAL_MIN = 3.0e5


def classify_state(zeb) -> np.ndarray:
    """Phenotype label(s) from ZEB protein (molecules): epithelial below 20,000, mesenchymal
    above 300,000, hybrid E/M in between (the three stable levels of the Lu model sit near 5k,
    50k-150k and ≥ 500k, far from both cut-offs)."""
    z = array("zeb", zeb, nonneg=True)
    out = np.where(z < ZEB_EPITHELIAL_MAX, KINDS[0], np.where(z < ZEB_MESENCHYMAL_MIN, *KINDS[1:]))
    return out if out.ndim else out.item()


def _h_s(snail, p: LuParams) -> tuple[np.ndarray, np.ndarray]:
    s = np.asarray(snail, dtype=float)
    return (
        shifted_hill(s, p.s0_u, p.n_su, p.lam_su),
        shifted_hill(s, p.s0_m, p.n_sm, p.lam_sm),
    )


def _zeb_given_u(u, hsu, p: LuParams, iters: int = 40):
    """For each ``u``, the ZEB level ``Z`` solving the miR-200 balance with ``Z = g_Z m L / k_Z``.

    The balance reads ``Z = a (c H(Z) - k_u u)`` with ``a = g_Z L / (k_Z Yu)``, ``c = g_u H(S)``
    and ``H`` the (decreasing) repression of miR-200 by ZEB, so ``Z`` is unique and lies between
    ``a (c lam - k_u u)`` and ``a (c - k_u u)``. Safeguarded Newton in log Z inside that bracket
    (a bisection step whenever Newton leaves it). Returns ``(Z, m, L, Ym)``; ``Z`` is NaN where
    no positive ``Z`` balances (``u`` above what miR-200 production can sustain).
    """
    u = np.asarray(u, dtype=float)
    L, ym, yu = binding_sums(u, p)
    a = p.g_z * L / (p.k_z * yu)
    c = p.g_u * np.asarray(hsu, dtype=float)
    top = a * (c - p.k_u * u)
    feasible = top > 0
    top = np.where(feasible, top, 1.0)
    bottom = np.clip(a * (c * p.lam_zu - p.k_u * u), top * 1e-12, top)
    hi, lo = np.log(top), np.log(bottom)
    hi, lo = np.broadcast_arrays(hi, lo)
    hi, lo = hi.copy(), lo.copy()
    x = hi.copy()  # the upper bound is close whenever ZEB is far below its threshold z0_u
    n, lam, z0 = p.n_zu, p.lam_zu, p.z0_u
    for _ in range(iters):
        z = np.exp(x)
        r = (z / z0) ** n
        g = z - a * (c * (1.0 + lam * r) / (1.0 + r) - p.k_u * u)
        dg = z + a * c * (1.0 - lam) * n * r / (1.0 + r) ** 2  # dg/dlog Z > 0
        pos = g > 0
        hi = np.where(pos, x, hi)
        lo = np.where(pos, lo, x)
        step = x - g / dg
        x = np.where((step >= lo) & (step <= hi), step, 0.5 * (lo + hi))
        if np.all((hi - lo < 1e-14) | (np.abs(g) <= 1e-12 * z)):
            break
    z = np.where(feasible, np.exp(x), np.nan)
    m = p.k_z * z / (p.g_z * L)
    return z, m, L, ym


def _residual(u, hsu, hsm, p: LuParams) -> np.ndarray:
    """ZEB-mRNA balance ``g_m Hzm(Z) Hsm - m (Ym + k_m)`` along the curve Z(u) (molecules/h)."""
    z, m, _, ym = _zeb_given_u(u, hsu, p)
    return p.g_m * shifted_hill(z, p.z0_m, p.n_zm, p.lam_zm) * hsm - m * (ym + p.k_m)


@dataclass(frozen=True)
class EMTState:
    """One steady state of the Lu model: levels in molecules, its stability and phenotype."""

    snail: float
    mir200: float
    zeb_mrna: float
    zeb: float
    stable: bool
    kind: str
    eigenvalues: tuple[complex, ...]


def _u_grid(hsu, p: LuParams, n_grid: int) -> np.ndarray:
    u_max = p.g_u * hsu / p.k_u  # miR-200 can never exceed production / decay
    return np.geomspace(u_max * 1e-7, u_max * (1 - 1e-9), n_grid)


def _states_from_roots(snails, roots, p: LuParams) -> list[EMTState]:
    """EMTState objects for paired arrays of SNAIL levels and miR-200 roots (vectorised)."""
    snails = np.asarray(snails, dtype=float)
    roots = np.asarray(roots, dtype=float)
    if roots.size == 0:
        return []
    hsu, _ = _h_s(snails, p)
    z, m, _, _ = _zeb_given_u(roots, hsu, p)
    ev = np.linalg.eigvals(jacobian(np.stack([roots, m, z], axis=-1), snails, p))
    stable = np.all(ev.real < 0, axis=-1)
    kinds = np.atleast_1d(classify_state(z))
    return [
        EMTState(
            snail=float(snails[i]),
            mir200=float(roots[i]),
            zeb_mrna=float(m[i]),
            zeb=float(z[i]),
            stable=bool(stable[i]),
            kind=str(kinds[i]),
            eigenvalues=tuple(complex(e) for e in ev[i]),
        )
        for i in range(roots.size)
    ]


def _bracketed_roots(snail_values, p: LuParams, n_grid: int, iters: int = 50):
    """All roots in u for each SNAIL value: ``(row, u)`` arrays, ``row`` indexing the SNAIL.

    Sign changes of the residual on the grid bracket most roots. Two roots closer together than
    the grid spacing (near a fold, where a pair of states is born) show no sign change but leave
    a local extremum of the residual close to zero: every interior extremum is therefore refined
    (golden-section search) and, if the refined extremum has the other sign, split into two
    brackets.
    """
    s = np.asarray(snail_values, dtype=float)
    hsu, hsm = _h_s(s, p)
    x = np.log(np.stack([_u_grid(h, p, n_grid) for h in hsu]))  # (nS, n_grid), log u
    f = _residual(np.exp(x), hsu[:, None], hsm[:, None], p)
    ok = np.isfinite(f[:, :-1]) & np.isfinite(f[:, 1:])
    change = (np.sign(f[:, :-1]) * np.sign(f[:, 1:]) < 0) & ok
    rows, cols = np.nonzero(change)
    lo, hi, flo = x[rows, cols], x[rows, cols + 1], f[rows, cols]

    # interior extrema that do not cross zero on the grid: minima above 0, maxima below 0
    mid = f[:, 1:-1]
    is_min = (mid < f[:, :-2]) & (mid <= f[:, 2:]) & (mid > 0)
    is_max = (mid > f[:, :-2]) & (mid >= f[:, 2:]) & (mid < 0)
    er, ec = np.nonzero((is_min | is_max) & np.isfinite(f[:, :-2]) & np.isfinite(f[:, 2:]))
    if er.size:
        sgn = np.sign(f[er, ec + 1])  # +1 at a minimum, -1 at a maximum
        a, b = x[er, ec], x[er, ec + 2]
        g = (math.sqrt(5) - 1) / 2
        for _ in range(iters):  # vectorised golden-section search for the extremum of sgn*f
            c1, c2 = b - g * (b - a), a + g * (b - a)
            f1 = sgn * _residual(np.exp(c1), hsu[er], hsm[er], p)
            f2 = sgn * _residual(np.exp(c2), hsu[er], hsm[er], p)
            left = f1 < f2
            b = np.where(left, c2, b)
            a = np.where(left, a, c1)
        xe = 0.5 * (a + b)
        fe = _residual(np.exp(xe), hsu[er], hsm[er], p)
        hit = np.sign(fe) == -sgn  # the extremum crosses zero: two roots around it
        er, ec, xe, fe = er[hit], ec[hit], xe[hit], fe[hit]
        rows = np.concatenate([rows, er, er])
        lo = np.concatenate([lo, x[er, ec], xe])
        hi = np.concatenate([hi, xe, x[er, ec + 2]])
        flo = np.concatenate([flo, f[er, ec], fe])

    hs_u, hs_m = hsu[rows], hsm[rows]
    for _ in range(iters):  # vectorised bisection over every bracket at once
        mid = 0.5 * (lo + hi)
        fm = _residual(np.exp(mid), hs_u, hs_m, p)
        same = np.sign(fm) == np.sign(flo)
        lo = np.where(same, mid, lo)
        flo = np.where(same, fm, flo)
        hi = np.where(same, hi, mid)
    return rows, np.exp(0.5 * (lo + hi))


def _sorted_states(s: np.ndarray, p: LuParams, n_grid: int) -> list[list[EMTState]]:
    rows, roots = _bracketed_roots(s, p, n_grid)
    flat = _states_from_roots(s[rows], roots, p)
    out: list[list[EMTState]] = [[] for _ in s]
    for r, st in zip(rows, flat, strict=True):
        out[r].append(st)
    return [sorted(x, key=lambda st: st.zeb) for x in out]


def steady_states(snail: float, p: LuParams = DEFAULT, n_grid: int = 400) -> list[EMTState]:
    """Every steady state of the Lu model at SNAIL level ``snail`` (molecules), low to high ZEB.

    Roots of the scalar residual are bracketed on ``n_grid`` log-spaced miR-200 values between
    1e-7 and 1 times the largest possible miR-200 level, then refined by bisection.
    """
    s = number("snail", snail, low=0)
    n_grid = whole("n_grid", n_grid, minimum=10)
    return _sorted_states(np.array([s]), p, n_grid)[0]


def stable_state(snail: float, kind: str, p: LuParams = DEFAULT) -> EMTState:
    """The stable state of phenotype ``kind`` (one of :data:`KINDS`) at SNAIL level ``snail``
    (molecules); ``ValueError`` if the model has no such stable state there."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    found = [st for st in steady_states(snail, p) if st.stable and st.kind == kind]
    if len(found) != 1:
        raise ValueError(f"no single stable {kind} state at snail = {snail!r} ({len(found)} found)")
    return found[0]


@dataclass(frozen=True)
class SwitchSweep:
    """Steady states of the Lu model over a SNAIL grid, and the hysteresis paths.

    snail : SNAIL levels (molecules), increasing.
    states : one list of :class:`EMTState` per SNAIL level (sorted by ZEB).
    up, down : the stable state the cell occupies when SNAIL rises slowly from the lowest level
        (``up``) or falls slowly from the highest (``down``), one per SNAIL level, in grid order.
    params : the model parameters.
    """

    snail: np.ndarray
    states: list[list[EMTState]]
    up: list[EMTState]
    down: list[EMTState]
    params: LuParams = DEFAULT

    def stable_kinds(self, i: int) -> tuple[str, ...]:
        """Phenotypes of the stable states at grid index ``i``, epithelial first."""
        kinds = {st.kind for st in self.states[i] if st.stable}
        return tuple(k for k in KINDS if k in kinds)

    def windows(self) -> list[tuple[float, float, tuple[str, ...]]]:
        """Runs of consecutive grid points with the same set of stable phenotypes:
        ``(first SNAIL, last SNAIL, kinds)``; the true edges lie within one grid step outside."""
        out: list[tuple[float, float, tuple[str, ...]]] = []
        for i, s in enumerate(self.snail):
            kinds = self.stable_kinds(i)
            if out and out[-1][2] == kinds:
                out[-1] = (out[-1][0], float(s), kinds)
            else:
                out.append((float(s), float(s), kinds))
        return out

    def jumps(self, direction: str) -> list[tuple[int, str, str]]:
        """Where the hysteresis path ``"up"`` or ``"down"`` jumps to another phenotype:
        ``(i, kind before, kind after)`` in the direction of travel, the jump lying between the
        grid points ``i`` and ``i + 1`` (``snail[i]`` and ``snail[i + 1]``)."""
        if direction not in ("up", "down"):
            raise ValueError(f"direction must be 'up' or 'down', got {direction!r}")
        path = self.up if direction == "up" else self.down
        kinds = [st.kind for st in (path if direction == "up" else path[::-1])]
        n = len(kinds) - 1
        return [
            (i if direction == "up" else n - 1 - i, kinds[i], kinds[i + 1])
            for i in range(n)
            if kinds[i] != kinds[i + 1]
        ]

    def branches(self) -> dict[str, dict[str, np.ndarray]]:
        """Steady-state branches for plotting: name -> {"mir200", "zeb"} arrays over ``snail``
        (molecules; NaN where the branch does not exist).

        Stable branches are named by phenotype. Unstable states (saddles) sit between stable
        ones: with five states the lower saddle separates epithelial from hybrid
        (``"unstable E|H"``) and the upper one the two states above it (``"unstable upper"``);
        with three states the single saddle continues the upper branch.
        """
        names = [*KINDS, "unstable E|H", "unstable upper"]
        out = {n: {"mir200": np.full(len(self.snail), np.nan)} for n in names}
        for n in names:
            out[n]["zeb"] = np.full(len(self.snail), np.nan)
        for i, states in enumerate(self.states):
            unstable = [st for st in states if not st.stable]
            for st in states:
                if st.stable:
                    name = st.kind
                elif len(unstable) == 2 and st is unstable[0]:
                    name = "unstable E|H"
                else:
                    name = "unstable upper"
                out[name]["mir200"][i] = st.mir200
                out[name]["zeb"][i] = st.zeb
        return out

    def edges(self, tol: float = 1.0) -> list[tuple[float, tuple[str, ...], tuple[str, ...]]]:
        """SNAIL levels (molecules) where the set of stable phenotypes changes, refined by
        bisection (all edges at once) to ``tol`` molecules: ``(level, kinds below, kinds above)``.
        """
        tol = number("tol", tol, positive=True)
        idx = [
            i
            for i in range(len(self.snail) - 1)
            if self.stable_kinds(i) != self.stable_kinds(i + 1)
        ]
        if not idx:
            return []
        below = [self.stable_kinds(i) for i in idx]
        above = [self.stable_kinds(i + 1) for i in idx]
        lo = self.snail[idx].astype(float)
        hi = self.snail[[i + 1 for i in idx]].astype(float)
        while np.max(hi - lo) > tol:
            mid = 0.5 * (lo + hi)
            for j, states in enumerate(_sorted_states(mid, self.params, 400)):
                kinds = {st.kind for st in states if st.stable}
                if tuple(k for k in KINDS if k in kinds) == below[j]:
                    lo[j] = mid[j]
                else:
                    hi[j] = mid[j]
        return [(float(0.5 * (lo[j] + hi[j])), below[j], above[j]) for j in range(len(idx))]


def _follow(sweep_states, order, p: LuParams) -> list[EMTState]:
    """Quasi-static path: stay on the current stable branch; where it vanishes, integrate the
    ODE from the old state at the new SNAIL level and take the stable state it settles into."""
    path: dict[int, EMTState] = {}
    prev: EMTState | None = None
    for i in order:
        stable = [st for st in sweep_states[i] if st.stable]
        if prev is None:
            cur = stable[0] if order[0] == 0 else stable[-1]
        else:
            near = min(stable, key=lambda st: _distance(st, prev))
            if near.kind == prev.kind and _distance(near, prev) < 0.5:
                cur = near
            else:  # the branch ended: let the dynamics decide where the cell goes
                cur = _settle(prev, stable, near.snail, p)
        path[i] = cur
        prev = cur
    return [path[i] for i in range(len(sweep_states))]


def _distance(a: EMTState, b: EMTState) -> float:
    return abs(math.log(a.zeb / b.zeb)) + abs(math.log(a.mir200 / b.mir200))


def _settle(prev: EMTState, stable: list[EMTState], snail: float, p: LuParams):
    sol = solve_ivp(
        rhs,
        (0.0, 2000.0),
        [prev.mir200, prev.zeb_mrna, prev.zeb],
        args=(snail, p),
        method="LSODA",
        rtol=1e-8,
        atol=1e-6,
    )
    end = EMTState(snail, sol.y[0, -1], sol.y[1, -1], sol.y[2, -1], True, "", ())
    return min(stable, key=lambda st: _distance(st, end))


def snail_sweep(snail_values, p: LuParams = DEFAULT, n_grid: int = 400) -> SwitchSweep:
    """Steady states and hysteresis paths of the Lu model over increasing SNAIL levels.

    snail_values : SNAIL levels in molecules (increasing, ≥ 0, at least two).
    All residuals are evaluated in one vectorised pass; only the jumps of the hysteresis paths
    integrate the ODE (a handful of short integrations).
    """
    s = array("snail_values", snail_values, nonneg=True)
    if s.ndim != 1 or s.size < 2 or np.any(np.diff(s) <= 0):
        raise ValueError("snail_values must be a 1-D increasing array of at least two levels")
    n_grid = whole("n_grid", n_grid, minimum=10)
    states = _sorted_states(s, p, n_grid)
    n = len(s)
    up = _follow(states, list(range(n)), p)
    down = _follow(states, list(range(n - 1, -1, -1)), p)
    return SwitchSweep(s, states, up, down, p)
