"""Tests for her2book.mir200_zeb: the Lu et al. (2013) miR-200/ZEB/SNAIL switch."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.integrate import solve_ivp

from her2book import mir200_zeb

# The research brief's scan (RESEARCH.md, model 4), as SNAIL edges in molecules: only E below
# ~186k; E + M ~187-193k; E + hybrid + M ~195-208k; hybrid + M ~210-223k; only M above ~225k.
# The scan's gaps (186-187k, 193-195k, 208-210k, 223-225k) hold the true edges; this test
# accepts each refined edge within 2,000 molecules of the middle of its gap.
BRIEF_EDGES = [
    (186_500.0, ("epithelial",), ("epithelial", "mesenchymal")),
    (194_000.0, ("epithelial", "mesenchymal"), ("epithelial", "hybrid", "mesenchymal")),
    (209_000.0, ("epithelial", "hybrid", "mesenchymal"), ("hybrid", "mesenchymal")),
    (224_000.0, ("hybrid", "mesenchymal"), ("mesenchymal",)),
]
EDGE_TOLERANCE = 2_000.0


@pytest.fixture(scope="module")
def sweep():
    return mir200_zeb.snail_sweep(np.arange(150_000.0, 250_001.0, 500.0))


def test_multistability_windows_match_the_published_scan(sweep):
    """The five windows of stable phenotypes, and their refined edges, match the brief's scan."""
    kinds = [w[2] for w in sweep.windows()]
    assert kinds == [
        ("epithelial",),
        ("epithelial", "mesenchymal"),
        ("epithelial", "hybrid", "mesenchymal"),
        ("hybrid", "mesenchymal"),
        ("mesenchymal",),
    ]
    edges = sweep.edges(tol=5.0)
    assert len(edges) == len(BRIEF_EDGES)
    for (level, below, above), (expected, exp_below, exp_above) in zip(
        edges, BRIEF_EDGES, strict=True
    ):
        assert (below, above) == (exp_below, exp_above)
        assert abs(level - expected) <= EDGE_TOLERANCE, (level, expected)


def _only(states, kind):
    """The single stable state of phenotype ``kind`` in ``states``."""
    found = [st for st in states if st.stable and st.kind == kind]
    assert len(found) == 1
    return found[0]


def test_state_levels_match_the_published_scan():
    """miR-200 and ZEB of the three stable states sit where the published scan puts them."""
    e = _only(mir200_zeb.steady_states(180_000.0), "epithelial")
    assert 17_000 < e.mir200 < 23_000 and 3_000 < e.zeb < 7_000  # brief: ~20k, ~5k
    h = _only(mir200_zeb.steady_states(200_000.0), "hybrid")
    assert 9_000 < h.mir200 < 13_000 and 40_000 < h.zeb < 80_000  # brief: ~11k, 50-70k
    m = _only(mir200_zeb.steady_states(230_000.0), "mesenchymal")
    assert 1_000 < m.mir200 < 2_000 and m.zeb >= 600_000  # brief: ~1.5k, >= 600k


def test_stable_and_unstable_states_alternate_and_steady_states_are_exact(sweep):
    """States alternate stable/unstable by ZEB, and each zeroes the right-hand side."""
    for states in sweep.states:
        assert len(states) in (1, 3, 5)
        assert [st.stable for st in states] == [i % 2 == 0 for i in range(len(states))]
        for st in states:
            rhs = mir200_zeb.rhs(0.0, (st.mir200, st.zeb_mrna, st.zeb), st.snail)
            scale = np.array([0.05 * st.mir200, 0.5 * st.zeb_mrna, 0.1 * st.zeb])
            assert np.all(np.abs(rhs) <= 1e-8 * scale + 1e-9)


def test_root_bracketing_finds_the_same_states_on_a_much_finer_grid():
    """A 50-fold finer miR-200 grid finds no state the default grid misses, near folds too."""
    for s in (185_100.0, 193_200.0, 200_000.0, 208_800.0, 224_600.0):
        coarse = mir200_zeb.steady_states(s, n_grid=400)
        fine = mir200_zeb.steady_states(s, n_grid=20_000)
        assert len(coarse) == len(fine)
        for a, b in zip(coarse, fine, strict=True):
            assert a.zeb == pytest.approx(b.zeb, rel=1e-6)


def test_stability_agrees_with_time_integration():
    """Nudged 2%, a stable state returns and an unstable one is left behind."""
    s = 200_000.0
    states = mir200_zeb.steady_states(s)
    for st in states:
        y0 = np.array([st.mir200, st.zeb_mrna, st.zeb]) * 1.02
        sol = solve_ivp(mir200_zeb.rhs, (0, 3000), y0, args=(s,), method="LSODA", rtol=1e-8)
        end = sol.y[2, -1]
        if st.stable:
            assert end == pytest.approx(st.zeb, rel=1e-3)
        else:
            assert abs(end / st.zeb - 1) > 0.1  # pushed off a saddle, it leaves


def test_hysteresis_path_up_visits_hybrid_path_down_does_not(sweep):
    """Rising SNAIL passes through hybrid; falling SNAIL returns straight to epithelial."""

    def order(path):
        kinds = []
        for st in path:
            if not kinds or kinds[-1] != st.kind:
                kinds.append(st.kind)
        return kinds

    assert order(sweep.up) == ["epithelial", "hybrid", "mesenchymal"]
    assert order(sweep.down[::-1]) == ["mesenchymal", "epithelial"]
    assert all(st.stable for st in sweep.up + sweep.down)
    i = int(np.searchsorted(sweep.snail, 200_000.0))
    assert sweep.up[i].kind == "epithelial" and sweep.down[i].kind == "mesenchymal"


def test_shifted_hill_and_binding_sums():
    """Shifted Hill limits and the binding sums at no and full occupancy match their formulas."""
    assert mir200_zeb.shifted_hill(0.0, 10.0, 2, 0.1) == 1.0
    assert mir200_zeb.shifted_hill(10.0, 10.0, 2, 0.1) == pytest.approx(0.55)
    assert mir200_zeb.shifted_hill(1e9, 10.0, 2, 7.5) == pytest.approx(7.5)
    L, ym, yu = mir200_zeb.binding_sums(np.array([0.0, 1e12]))
    np.testing.assert_allclose(L, [1.0, 0.05])
    np.testing.assert_allclose(ym, [0.0, 1.0])
    np.testing.assert_allclose(yu, [0.0, 6 * 0.5])
    # occupancy probabilities sum to one (a binomial law): L with all l_i = 1 is 1
    p = mir200_zeb.LuParams(l_i=(1.0,) * 7)
    np.testing.assert_allclose(mir200_zeb.binding_sums(np.geomspace(1, 1e6, 9), p)[0], 1.0)


def test_classify_state():
    """ZEB levels are labelled epithelial, hybrid or mesenchymal by the documented cut-offs."""
    assert mir200_zeb.classify_state(5_000.0) == "epithelial"
    assert mir200_zeb.classify_state(60_000.0) == "hybrid"
    assert mir200_zeb.classify_state(700_000.0) == "mesenchymal"
    assert list(mir200_zeb.classify_state([1.0, 1e5, 1e6])) == list(mir200_zeb.KINDS)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"g_u": -1.0}, "g_u"),
        ({"k_z": 0.0}, "k_z"),
        ({"u0": float("nan")}, "u0"),
        ({"lam_sm": -1.0}, "lam_sm"),
        ({"lam_zu": 2.0}, "lam_zu"),
        ({"gamma_u_i": (0.0, -1.0, 0.0, 0.0, 0.0, 0.0, 0.0)}, "gamma_u_i"),
        ({"l_i": (1.0, 0.5)}, "l_i must be 7 numbers"),
        ({"gamma_m_i": (0.0,) * 8}, "gamma_m_i must be 7 numbers"),
        ({"n_zu": True}, "n_zu"),
        ({"s0_m": "many"}, "s0_m"),
    ],
)
def test_lu_params_reject_bad_values_naming_them(kwargs, name):
    """A bad parameter value gives a ValueError that names the parameter."""
    with pytest.raises(ValueError, match=name):
        mir200_zeb.LuParams(**kwargs)


def test_lu_functions_reject_bad_input():
    """Steady-state, sweep, classification and Jacobian functions name their bad argument."""
    with pytest.raises(ValueError, match="snail"):
        mir200_zeb.steady_states(-5.0)
    with pytest.raises(ValueError, match="n_grid"):
        mir200_zeb.steady_states(1e5, n_grid=3)
    with pytest.raises(ValueError, match="snail_values"):
        mir200_zeb.snail_sweep([2e5, 1e5])
    with pytest.raises(ValueError, match="snail_values"):
        mir200_zeb.snail_sweep([1e5, np.inf])
    with pytest.raises(ValueError, match="zeb"):
        mir200_zeb.classify_state(-1.0)
    with pytest.raises(ValueError, match="state"):
        mir200_zeb.jacobian((1.0, 2.0), 1e5)


def test_branches_hold_every_state_once(sweep):
    """Every steady state lands on exactly one plotting branch."""
    branches = sweep.branches()
    counts = sum(np.isfinite(b["zeb"]).astype(int) for b in branches.values())
    assert list(counts) == [len(s) for s in sweep.states]
    # stable epithelial branch exists exactly up to the first fold on the way up
    e = np.isfinite(branches["epithelial"]["zeb"])
    assert sweep.snail[e].max() < 209_000 < sweep.snail[~e].min() + 1_000


def test_jumps_are_where_the_paths_change_phenotype(sweep):
    """jumps() lists each change of phenotype along a path, in the direction of travel."""
    up, down = sweep.jumps("up"), sweep.jumps("down")
    assert [(a, b) for _, a, b in up] == [("epithelial", "hybrid"), ("hybrid", "mesenchymal")]
    assert [(a, b) for _, a, b in down] == [("mesenchymal", "epithelial")]
    for i, before, after in up:
        assert (sweep.up[i].kind, sweep.up[i + 1].kind) == (before, after)
    for i, before, after in down:
        assert (sweep.down[i + 1].kind, sweep.down[i].kind) == (before, after)
    # the jumps sit at the window edges the brief reports (up: 209k, 224k; down: 186.5k)
    for (i, _, _), edge in zip([*up, *down], [209_000.0, 224_000.0, 186_500.0], strict=True):
        assert abs(sweep.snail[i] - edge) <= EDGE_TOLERANCE, (sweep.snail[i], edge)
    with pytest.raises(ValueError, match="direction"):
        sweep.jumps("sideways")


def test_stable_state_picks_the_one_state_of_a_phenotype():
    """stable_state returns the stable state of the asked phenotype, or names what is missing."""
    states = mir200_zeb.steady_states(200_000.0)
    hybrid = mir200_zeb.stable_state(200_000.0, "hybrid")
    assert hybrid in states and hybrid.stable and hybrid.kind == "hybrid"
    with pytest.raises(ValueError, match="no single stable hybrid state"):
        mir200_zeb.stable_state(180_000.0, "hybrid")
    with pytest.raises(ValueError, match="kind"):
        mir200_zeb.stable_state(200_000.0, "stem-like")
