"""MicroRNA regulation: a titration threshold and the miR-200/ZEB switch (Chapter 3).

Titration (Levine et al. 2007; Mukherji et al. 2011)
    A target mRNA ``m`` and a microRNA ``s`` are made at constant rates, decay on their own, and
    bind each other; a bound pair is removed (the mRNA is degraded, the miRNA lost with it)::

        dm/dt = alpha_m - beta_m * m - k * m * s
        ds/dt = alpha_s - beta_s * s - k * m * s

    ``m``, ``s`` : molecules per cell; ``alpha_m``, ``alpha_s`` : molecules per cell per hour;
    ``beta_m``, ``beta_s`` : 1/hour; ``k`` : 1/(molecule/cell * hour). The values the chapter uses
    are illustrative, not measured. Subtracting the two equations at steady state gives
    ``s = (alpha_s - alpha_m + beta_m * m) / beta_s``; putting that back gives a quadratic in ``m``
    (see :func:`titration_steady_state`) with exactly one non-negative root.

miR-200/ZEB/SNAIL (Lu, Jolly, Levine, Onuchic & Ben-Jacob, PNAS 2013;110:18144)
    ``u`` = miR-200, ``m`` = ZEB mRNA, ``Z`` = ZEB protein, ``S`` = SNAIL (the input); molecules
    and hours (units as in the paper's parameter table, not independently verified)::

        du/dt = g_u H(Z; Z0u, 3, 0.1) H(S; S0u, 2, 0.1) - m Yu(u) - k_u u
        dm/dt = g_m H(Z; Z0m, 2, 7.5) H(S; S0m, 2, 10) - m Ym(u) - k_m m
        dZ/dt = g_Z m L(u) - k_Z Z

    with the shifted Hill function ``H(X; X0, n, lam) = (1 + lam (X/X0)^n) / (1 + (X/X0)^n)``
    (``lam < 1`` represses, ``lam > 1`` activates) and six miR-200 binding sites on the ZEB mRNA:
    ``M_i = C(6, i) (u/u0)^i / (1 + u/u0)^6`` is the chance that ``i`` sites are occupied,
    ``L = sum l_i M_i`` (translation left), ``Ym = sum gamma_m_i M_i`` (mRNA decay caused by the
    bound miRNAs), ``Yu = sum i gamma_u_i M_i`` (miRNAs used up with the mRNA).

    At steady state ``Z = g_Z m L(u) / k_Z``. For a fixed ``u`` the miR-200 equation then fixes
    ``Z`` uniquely (its right-hand side falls as ``Z`` rises), so every steady state is a root of
    one scalar function of ``u``. Bracketing its sign changes on a log grid of ``u`` finds all of
    them, unstable ones included; the Jacobian's eigenvalues say which are stable.

Teaching models: the mechanism is published, the parameter values are the paper's, and the
behaviour (thresholds, bistability, hysteresis) is what the chapter teaches, not the numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields

import numpy as np
from scipy.integrate import solve_ivp

from .checks import array

__all__ = [
    "titration_steady_state",
    "titration_rhs",
    "titration_simulate",
    "LuParams",
    "shifted_hill",
    "binding_sums",
    "lu_rhs",
    "lu_jacobian",
    "SteadyState",
    "lu_steady_states",
    "classify_state",
    "SwitchSweep",
    "snail_sweep",
    "KINDS",
]

# --------------------------------------------------------------------------------------------
# validation helpers


# --------------------------------------------------------------------------------------------
# titration


def titration_steady_state(
    alpha_m, alpha_s: float, k: float, beta_m: float = 1.0, beta_s: float = 1.0
) -> tuple[np.ndarray, np.ndarray]:
    """Closed-form steady state ``(m, s)`` of the titration model (free target, free miRNA).

    alpha_m : target transcription rate(s), molecules/cell/hour (scalar or array, ≥ 0).
    alpha_s : miRNA transcription rate, molecules/cell/hour (≥ 0).
    k : binding-and-removal rate constant, 1/(molecules/cell · hour) (≥ 0; 0 means no binding).
    beta_m, beta_s : decay rates of free target and free miRNA, 1/hour (> 0).

    With ``s = (alpha_s - alpha_m + beta_m m) / beta_s`` the steady state of ``dm/dt`` is
    ``a m^2 + b m - c = 0`` with ``a = k beta_m``, ``b = beta_m beta_s + k (alpha_s - alpha_m)``,
    ``c = alpha_m beta_s``. Since ``a, c ≥ 0`` the product of the roots is ≤ 0: exactly one root
    is ≥ 0. It is evaluated as ``2c / (b + sqrt(b^2 + 4ac))`` when ``b > 0`` and as
    ``(-b + sqrt(b^2 + 4ac)) / (2a)`` otherwise, so no two nearly equal numbers are subtracted.
    ``s`` comes from the mirror-image formula (swap the roles of target and miRNA).
    """
    am = array("alpha_m", alpha_m, nonneg=True)
    a_s = float(array("alpha_s", alpha_s, nonneg=True))
    k = float(array("k", k, nonneg=True))
    bm = float(array("beta_m", beta_m, positive=True))
    bs = float(array("beta_s", beta_s, positive=True))
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


def titration_rhs(t: float, y, alpha_m, alpha_s, k, beta_m=1.0, beta_s=1.0) -> np.ndarray:
    """Right-hand side ``[dm/dt, ds/dt]`` of the titration model (molecules/cell/hour)."""
    m, s = y
    bound = k * m * s
    return np.array([alpha_m - beta_m * m - bound, alpha_s - beta_s * s - bound])


def titration_simulate(
    alpha_m: float,
    alpha_s: float,
    k: float,
    beta_m: float = 1.0,
    beta_s: float = 1.0,
    t_end: float = 200.0,
    y0: tuple[float, float] = (0.0, 0.0),
) -> tuple[float, float]:
    """Integrate the titration ODE from ``y0`` for ``t_end`` hours; return the final ``(m, s)``.

    A numerical check of :func:`titration_steady_state` (stiff solver, tight tolerances).
    """
    am = float(array("alpha_m", alpha_m, nonneg=True))
    a_s = float(array("alpha_s", alpha_s, nonneg=True))
    k = float(array("k", k, nonneg=True))
    bm = float(array("beta_m", beta_m, positive=True))
    bs = float(array("beta_s", beta_s, positive=True))
    t_end = float(array("t_end", t_end, positive=True))
    y0 = array("y0", y0, nonneg=True)
    if y0.shape != (2,):
        raise ValueError(f"y0 must be two numbers (m, s), got {y0!r}")

    def jac(t, y, *args):
        m, s = y
        return np.array([[-bm - k * s, -k * m], [-k * s, -bs - k * m]])

    sol = solve_ivp(
        titration_rhs,
        (0.0, t_end),
        y0,
        method="Radau",
        jac=jac,
        args=(am, a_s, k, bm, bs),
        rtol=1e-10,
        atol=1e-12,
    )
    if not sol.success:  # pragma: no cover - Radau does not fail on this system
        raise RuntimeError(sol.message)
    return float(sol.y[0, -1]), float(sol.y[1, -1])


# --------------------------------------------------------------------------------------------
# miR-200 / ZEB / SNAIL (Lu et al. 2013)


@dataclass(frozen=True)
class LuParams:
    """Parameters of the Lu et al. (2013) miR-200/ZEB circuit (molecules, hours).

    Defaults are the paper's values as listed in the book's research brief. Hill thresholds are
    in molecules, production rates ``g_*`` in molecules/hour, degradation rates ``k_*`` in 1/hour,
    ``u0`` in molecules; ``l_i``, ``gamma_m_i``, ``gamma_u_i`` are per-occupancy factors for 0..6
    bound miR-200 molecules (``gamma_*_i`` in 1/hour, ``l_i`` dimensionless).
    """

    g_u: float = 2100.0
    g_m: float = 11.0
    g_z: float = 100.0
    k_u: float = 0.05
    k_m: float = 0.5
    k_z: float = 0.1
    u0: float = 10000.0
    z0_u: float = 220000.0  # ZEB represses miR-200
    n_zu: float = 3.0
    lam_zu: float = 0.1
    s0_u: float = 180000.0  # SNAIL represses miR-200
    n_su: float = 2.0
    lam_su: float = 0.1
    z0_m: float = 25000.0  # ZEB activates its own transcription
    n_zm: float = 2.0
    lam_zm: float = 7.5
    s0_m: float = 180000.0  # SNAIL activates ZEB
    n_sm: float = 2.0
    lam_sm: float = 10.0
    l_i: tuple[float, ...] = (1.0, 0.6, 0.3, 0.1, 0.05, 0.05, 0.05)
    gamma_m_i: tuple[float, ...] = (0.0, 0.04, 0.2, 1.0, 1.0, 1.0, 1.0)
    gamma_u_i: tuple[float, ...] = (0.0, 0.005, 0.05, 0.5, 0.5, 0.5, 0.5)
    _binom: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for f in fields(self):
            if f.name.startswith("_") or f.name in ("l_i", "gamma_m_i", "gamma_u_i"):
                continue
            v = getattr(self, f.name)
            if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
                raise ValueError(f"{f.name} must be a finite number, got {v!r}")
            if f.name.startswith("lam_"):
                if v < 0:
                    raise ValueError(f"{f.name} must be ≥ 0, got {v!r}")
                if f.name == "lam_zu" and v >= 1:
                    raise ValueError(f"lam_zu must be < 1 (ZEB represses miR-200), got {v!r}")
            elif v <= 0:
                raise ValueError(f"{f.name} must be > 0, got {v!r}")
        sizes = set()
        for name in ("l_i", "gamma_m_i", "gamma_u_i"):
            arr = array(name, getattr(self, name), nonneg=True)
            if arr.ndim != 1 or arr.size < 2:
                raise ValueError(f"{name} must list one value per occupancy 0..n, got {arr!r}")
            sizes.add(arr.size)
            object.__setattr__(self, name, tuple(float(x) for x in arr))
        if len(sizes) != 1:
            raise ValueError("l_i, gamma_m_i and gamma_u_i must have the same length (sites + 1)")
        n = sizes.pop() - 1
        object.__setattr__(self, "_binom", np.array([math.comb(n, i) for i in range(n + 1)]))

    @property
    def sites(self) -> int:
        """Number of miR-200 binding sites on the ZEB mRNA."""
        return len(self.l_i) - 1


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
    n = p.sites
    i = np.arange(n + 1)
    # M_i = C(n,i) x^i / (1+x)^n = C(n,i) q^i (1-q)^(n-i) with q = x/(1+x): a binomial law.
    q = (x / (1.0 + x))[..., None]
    mi = p._binom * q**i * (1.0 - q) ** (n - i)
    L = mi @ np.asarray(p.l_i)
    ym = mi @ np.asarray(p.gamma_m_i)
    yu = mi @ (i * np.asarray(p.gamma_u_i))
    return L, ym, yu


def lu_rhs(t: float, y, snail: float, p: LuParams = DEFAULT) -> np.ndarray:
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


def lu_jacobian(state, snail, p: LuParams = DEFAULT) -> np.ndarray:
    """Jacobian (1/hour) of :func:`lu_rhs` at ``state = (u, m, Z)``, by central differences.

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
        f_up = lu_rhs(0.0, np.moveaxis(up, -1, 0), snail, p)
        f_dn = lu_rhs(0.0, np.moveaxis(dn, -1, 0), snail, p)
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
class SteadyState:
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


def _states_from_roots(snails, roots, p: LuParams) -> list[SteadyState]:
    """SteadyState objects for paired arrays of SNAIL levels and miR-200 roots (vectorised)."""
    snails = np.asarray(snails, dtype=float)
    roots = np.asarray(roots, dtype=float)
    if roots.size == 0:
        return []
    hsu, _ = _h_s(snails, p)
    z, m, _, _ = _zeb_given_u(roots, hsu, p)
    ev = np.linalg.eigvals(lu_jacobian(np.stack([roots, m, z], axis=-1), snails, p))
    stable = np.all(ev.real < 0, axis=-1)
    kinds = np.atleast_1d(classify_state(z))
    return [
        SteadyState(
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


def _sorted_states(s: np.ndarray, p: LuParams, n_grid: int) -> list[list[SteadyState]]:
    rows, roots = _bracketed_roots(s, p, n_grid)
    flat = _states_from_roots(s[rows], roots, p)
    out: list[list[SteadyState]] = [[] for _ in s]
    for r, st in zip(rows, flat, strict=True):
        out[r].append(st)
    return [sorted(x, key=lambda st: st.zeb) for x in out]


def lu_steady_states(snail: float, p: LuParams = DEFAULT, n_grid: int = 400) -> list[SteadyState]:
    """Every steady state of the Lu model at SNAIL level ``snail`` (molecules), low to high ZEB.

    Roots of the scalar residual are bracketed on ``n_grid`` log-spaced miR-200 values between
    1e-7 and 1 times the largest possible miR-200 level, then refined by bisection.
    """
    s = float(array("snail", snail, nonneg=True))
    if isinstance(n_grid, bool) or int(n_grid) != n_grid or n_grid < 10:
        raise ValueError(f"n_grid must be a whole number ≥ 10, got {n_grid!r}")
    return _sorted_states(np.array([s]), p, int(n_grid))[0]


@dataclass(frozen=True)
class SwitchSweep:
    """Steady states of the Lu model over a SNAIL grid, and the hysteresis paths.

    snail : SNAIL levels (molecules), increasing.
    states : one list of :class:`SteadyState` per SNAIL level (sorted by ZEB).
    up, down : the stable state the cell occupies when SNAIL rises slowly from the lowest level
        (``up``) or falls slowly from the highest (``down``), one per SNAIL level, in grid order.
    seconds : wall time of the sweep.
    """

    snail: np.ndarray
    states: list[list[SteadyState]]
    up: list[SteadyState]
    down: list[SteadyState]
    seconds: float
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
        tol = float(array("tol", tol, positive=True))
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


def _follow(sweep_states, order, p: LuParams) -> list[SteadyState]:
    """Quasi-static path: stay on the current stable branch; where it vanishes, integrate the
    ODE from the old state at the new SNAIL level and take the stable state it settles into."""
    path: dict[int, SteadyState] = {}
    prev: SteadyState | None = None
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


def _distance(a: SteadyState, b: SteadyState) -> float:
    return abs(math.log(a.zeb / b.zeb)) + abs(math.log(a.mir200 / b.mir200))


def _settle(prev: SteadyState, stable: list[SteadyState], snail: float, p: LuParams):
    sol = solve_ivp(
        lu_rhs,
        (0.0, 2000.0),
        [prev.mir200, prev.zeb_mrna, prev.zeb],
        args=(snail, p),
        method="LSODA",
        rtol=1e-8,
        atol=1e-6,
    )
    end = SteadyState(snail, sol.y[0, -1], sol.y[1, -1], sol.y[2, -1], True, "", ())
    return min(stable, key=lambda st: _distance(st, end))


def snail_sweep(snail_values, p: LuParams = DEFAULT, n_grid: int = 400) -> SwitchSweep:
    """Steady states and hysteresis paths of the Lu model over increasing SNAIL levels.

    snail_values : SNAIL levels in molecules (increasing, ≥ 0, at least two).
    All residuals are evaluated in one vectorised pass; only the jumps of the hysteresis paths
    integrate the ODE (a handful of short integrations).
    """
    import time

    started = time.perf_counter()
    s = array("snail_values", snail_values, nonneg=True)
    if s.ndim != 1 or s.size < 2 or np.any(np.diff(s) <= 0):
        raise ValueError("snail_values must be a 1-D increasing array of at least two levels")
    if isinstance(n_grid, bool) or int(n_grid) != n_grid or n_grid < 10:
        raise ValueError(f"n_grid must be a whole number ≥ 10, got {n_grid!r}")
    states = _sorted_states(s, p, int(n_grid))
    n = len(s)
    up = _follow(states, list(range(n)), p)
    down = _follow(states, list(range(n - 1, -1, -1)), p)
    return SwitchSweep(s, states, up, down, time.perf_counter() - started, p)
