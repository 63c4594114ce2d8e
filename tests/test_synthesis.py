"""The synthesis model: both seeds right, in two PTEN regimes (Chapter 7)."""

from __future__ import annotations

import numpy as np
import pytest

from her2book import il6_switch
from her2book import synthesis as sy


@pytest.fixture(scope="module")
def runs():
    return sy.simulate_all(sy.DEFAULT, sy.ARMS, [1.0, 0.25, 0.0], sy.DAYS)


def test_untreated_tumors_grow_with_a_constant_small_stem_fraction(runs):
    """Without treatment every tumor grows tenfold or more with a steady stem fraction < 5%."""
    for pten in (1.0, 0.25, 0.0):
        r = runs[(pten, "No treatment")]
        assert r.total[-1] > 10 * r.at(0)["total"]
        f = r.stem_fraction
        assert np.ptp(f[r.t >= 0]) < 1e-3 * f[0] + 1e-6  # balanced growth
        assert f[0] < 0.05


def test_pten_intact_trastuzumab_lowers_the_stem_fraction_seed_003(runs):
    """PTEN intact: trastuzumab pushes p below 1/2, the stem fraction falls, the tumor shrinks."""
    r = runs[(1.0, "Trastuzumab")]
    before, after = r.at(0), r.at(360)
    assert after["stem_fraction"] < 0.6 * before["stem_fraction"]
    assert after["total"] < 1e-4 * before["total"]
    assert after["p"] < 0.5  # self-renewal below balance: the stem pool shrinks


def test_pten_lost_trastuzumab_enriches_stem_cells_seed_002(runs):
    """PTEN lost: the stem fraction more than triples and the tumor grows through therapy."""
    r = runs[(0.0, "Trastuzumab")]
    before, after = r.at(0), r.at(360)
    assert after["stem_fraction"] > 3 * before["stem_fraction"]
    assert after["total"] > before["total"]  # resistance: the tumor grows through therapy
    assert after["il6"] > 1.0  # high IL-6 state


def test_partial_pten_loss_flips_the_il6_switch_under_therapy(runs):
    """PTEN 0.25: response, then escape as IL-6 flips high; the IL-6R antibody prevents it."""
    r = runs[(0.25, "Trastuzumab")]
    t = r.t >= 0
    assert r.at(0)["il6"] < 1.0 < r.at(360)["il6"]  # low before, high after: acquired
    assert r.total[t].min() < 0.5 * r.at(0)["total"]  # responds first ...
    assert r.at(360)["total"] > r.at(0)["total"]  # ... then escapes
    # blocking the IL-6 receptor keeps the switch low and the response going
    blocked = runs[(0.25, "+ IL-6R antibody")]
    assert blocked.at(360)["il6"] < 1.0
    assert blocked.at(360)["total"] < 0.5 * blocked.at(0)["total"]


def test_restoring_pten_or_adding_all_drugs_controls_the_pten_lost_tumor(runs):
    """PTEN lost: anti-miR-21, alone or with the other add-ons, shrinks the tumor 100-fold."""
    for arm in ("+ anti-miR-21", "+ all three"):
        r = runs[(0.0, arm)]
        assert r.at(360)["total"] < 1e-2 * r.at(0)["total"], arm
        assert r.at(360)["stem_fraction"] < r.at(0)["stem_fraction"], arm


def test_anti_mir21_acts_as_if_the_tumor_had_restored_pten():
    """Anti-miR-21 returns a share ρ of any PTEN loss, in self-renewal and in the IL-6 drive."""
    q = sy.DEFAULT
    rho = q.antimir21_restore
    tz, anti = sy.arm_named("Trastuzumab"), sy.arm_named("+ anti-miR-21")
    for pten in (0.0, 0.25, 1.0):
        restored = pten + rho * (1 - pten)
        for x in (0.0, 0.8, 2.0):
            assert sy.self_renewal(pten, x, anti, True, q) == pytest.approx(
                sy.self_renewal(restored, x, tz, True, q)
            )
        y = np.array([1e6, 1e6, 1e8, 0.9])  # S, P, D, x
        np.testing.assert_allclose(
            sy._rates(q, anti, pten)(5.0, y), sy._rates(q, tz, restored)(5.0, y), rtol=1e-12
        )


def test_kill_rate_falls_with_pten_only_by_the_pten_dependent_share():
    """Trastuzumab's kill is k·[φ + (1 − φ)·PTEN_eff]: all of k by default at any PTEN, and
    none of it at PTEN 0 when φ = 0; anti-miR-21 restores the PTEN it sees."""
    y = np.array([1e6, 1e6, 1e8, 0.5])  # S, P, D, x
    tz = sy.arm_named("Trastuzumab")
    h = sy.DEFAULT.hierarchy

    def kill(params, pten, arm=tz):
        dD = sy._rates(params, arm, pten)(5.0, y)[2]
        return -(dD - h.a * y[1]) / y[2] - h.d_D

    for pten in (0.0, 0.25, 1.0):
        assert kill(sy.DEFAULT, pten) == pytest.approx(sy.DEFAULT.bulk_kill)
        half = sy.SynthesisParams(kill_pten_independent=0.5)
        assert kill(half, pten) == pytest.approx(0.05 * (0.5 + 0.5 * pten))
    none = sy.SynthesisParams(kill_pten_independent=0.0)
    assert kill(none, 0.0) == pytest.approx(0.0, abs=1e-15)
    anti = sy.arm_named("+ anti-miR-21")
    assert kill(none, 0.0, anti) == pytest.approx(0.05 * none.antimir21_restore)


def test_with_a_pten_dependent_kill_neither_headline_result_holds():
    """φ = 0: with PTEN lost trastuzumab changes nothing (no enrichment); at PTEN 0.25 there is
    no response and no switch. φ = 0.5 keeps both results."""
    none = sy.SynthesisParams(kill_pten_independent=0.0)
    lost = sy.simulate(none, "Trastuzumab", 0.0, sy.DAYS)
    untreated = sy.simulate(sy.DEFAULT, "No treatment", 0.0, sy.DAYS)
    np.testing.assert_allclose(lost.total, untreated.total, rtol=1e-6)
    partial = sy.simulate(none, "Trastuzumab", 0.25, sy.DAYS)
    assert partial.il6[-1] < 1 and np.all(partial.total[partial.t >= 0] >= partial.at(0)["total"])
    half = sy.SynthesisParams(kill_pten_independent=0.5)
    lost = sy.simulate(half, "Trastuzumab", 0.0, sy.DAYS)
    assert lost.at(360)["stem_fraction"] > 2 * lost.at(0)["stem_fraction"]
    partial = sy.simulate(half, "Trastuzumab", 0.25, sy.DAYS)
    assert partial.total[partial.t >= 0].min() < 0.6 * partial.at(0)["total"]
    assert partial.at(360)["il6"] > 1 and partial.at(360)["total"] > partial.at(0)["total"]


def test_self_renewal_is_clipped_to_zero_and_p_max():
    """p is clipped to [0, p_max]; the book's parameters never reach either end."""
    untreated, mimic = sy.ARMS[0], sy.arm_named("+ miR-200c mimic")
    assert sy.self_renewal(1.0, 1e6, untreated, False, sy.SynthesisParams(p_max=0.5)) == 0.5
    assert sy.self_renewal(1.0, 0.0, mimic, True, sy.SynthesisParams(mir200c_effect=1.0)) == 0
    assert 0 < sy.self_renewal(1.0, 0.0, mimic, True) < sy.self_renewal(0.0, 1e6, untreated, False)
    assert sy.self_renewal(0.0, 1e6, untreated, False) < sy.DEFAULT.p_max


def test_pten_lost_il6r_antibody_with_mimic_controls_the_tumor_without_anti_mir21(runs):
    """PTEN lost: neither the IL-6R antibody nor the mimic alone shrinks the tumor; together they
    do, with no PTEN restored."""
    size = {
        a: runs[(0.0, a)].at(360)["total"] / runs[(0.0, a)].at(0)["total"]
        for a in ("+ IL-6R antibody", "+ miR-200c mimic", "+ IL-6R antibody + mimic")
    }
    assert size["+ IL-6R antibody"] > 1 and size["+ miR-200c mimic"] > 0.5
    assert size["+ IL-6R antibody + mimic"] < 0.05


def test_every_arm_is_the_untreated_tumor_before_day_0(runs):
    """Drugs start at day 0: during the lead-in every arm follows the untreated tumor exactly."""
    for pten in (1.0, 0.0):
        ref = runs[(pten, "No treatment")]
        lead_in = ref.t < 0
        for arm in sy.ARMS[1:]:
            r = runs[(pten, arm.name)]
            assert np.array_equal(r.t, sy.DAYS)
            assert np.array_equal(r.total[lead_in], ref.total[lead_in]), arm.name


def test_simulate_all_is_simulate_for_each_pair(runs):
    """simulate_all holds every (PTEN, arm) pair, each equal to a direct simulate call."""
    assert set(runs) == {(pt, a.name) for pt in (1.0, 0.25, 0.0) for a in sy.ARMS}
    direct = sy.simulate(sy.DEFAULT, sy.arm_named("+ miR-200c mimic"), 0.25, sy.DAYS)
    assert np.array_equal(direct.total, runs[(0.25, "+ miR-200c mimic")].total)


def test_without_lead_in_the_tumor_starts_balanced_with_the_given_size():
    """With t starting at day 0 the tumor starts with ``cells`` cells in the balanced state."""
    r = sy.simulate(sy.DEFAULT, "Trastuzumab", 1.0, np.linspace(0.0, 30.0, 31), 2e8)
    assert r.t[0] == 0 and r.total[0] == pytest.approx(2e8, rel=1e-12)
    untreated = sy.simulate(sy.DEFAULT, "No treatment", 1.0, sy.DAYS)
    assert r.stem_fraction[0] == pytest.approx(untreated.stem_fraction[0], rel=1e-9)


def test_self_renewal_terms():
    """Each term of p: baseline, HER2 signal cut by trastuzumab as far as PTEN allows, mimic."""
    q = sy.DEFAULT
    untreated = sy.self_renewal(1.0, 0.0, sy.ARMS[0], False, q)
    assert untreated == pytest.approx(q.p_base + q.her2_gain)
    tz = sy.arm_named("Trastuzumab")
    assert sy.self_renewal(1.0, 0.0, tz, True, q) == pytest.approx(
        q.p_base + q.her2_gain * (1 - q.trastuzumab_block)
    )
    assert sy.self_renewal(0.0, 0.0, tz, True, q) == pytest.approx(untreated)  # no PTEN: no effect
    high = sy.self_renewal(1.0, 5.0, sy.ARMS[0], False, q)
    assert untreated < high <= q.p_max
    mimic = sy.arm_named("+ miR-200c mimic")
    assert sy.self_renewal(1.0, 0.0, mimic, True, q) == pytest.approx(
        q.p_base + q.her2_gain * (1 - q.trastuzumab_block) - q.mir200c_effect
    )


def test_initial_il6_state_is_a_stable_steady_state():
    """The tumor starts with IL-6 at a steady state of its drive (PTEN plus stem secretion)."""
    r = sy.simulate(sy.DEFAULT, "No treatment", 0.25, np.linspace(0.0, 10.0, 11))
    f = r.stem_fraction[0]
    b = il6_switch.basal_drive(0.25) + sy.DEFAULT.stem_il6 * f
    assert abs(float(il6_switch.il6_rate(r.il6[0], b))) < 1e-8
    assert float(il6_switch.il6_rate_slope(r.il6[0], b)) < 0


def test_default_parameters_keep_this_chapters_own_hierarchy_rates():
    """The defaults hold Chapter 7's copy of the illustrative rates and the book's schedule."""
    h = sy.DEFAULT.hierarchy
    assert (h.r_S, h.r_P, h.d_P, h.a, h.d_D) == (0.1, 0.58, 0.0, 0.6, 0.015)
    assert sy.DEFAULT.loop == il6_switch.DEFAULT
    assert sy.DAYS[0] == -60 and sy.DAYS[-1] == 360 and np.all(np.diff(sy.DAYS) == 1)
    assert not sy.DAYS.flags.writeable


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: sy.simulate(sy.DEFAULT, "Trastuzumab", 1.5, sy.DAYS), "pten"),
        (lambda: sy.simulate(sy.DEFAULT, "Aspirin", 0.5, sy.DAYS), "no arm 'Aspirin'"),
        (lambda: sy.simulate(sy.DEFAULT, 3, 0.5, sy.DAYS), "arm must"),
        (lambda: sy.simulate(sy.DEFAULT, "Trastuzumab", 0.5, [0.0, 5.0, 1.0]), "t must"),
        (lambda: sy.simulate(sy.DEFAULT, "Trastuzumab", 0.5, [0.0]), "t must"),
        (lambda: sy.simulate(sy.DEFAULT, "Trastuzumab", 0.5, sy.DAYS, 0), "cells"),
        (lambda: sy.simulate(il6_switch.DEFAULT, "Trastuzumab", 0.5, sy.DAYS), "params"),
        (lambda: sy.SynthesisParams(p_base=1.2), "p_base"),
        (lambda: sy.SynthesisParams(bulk_kill=-0.1), "bulk_kill"),
        (lambda: sy.SynthesisParams(kill_pten_independent=1.5), "kill_pten_independent"),
        (lambda: sy.SynthesisParams(il6_speed=0), "il6_speed"),
        (lambda: sy.SynthesisParams(il6_half=False), "il6_half"),
        (lambda: sy.SynthesisParams(hierarchy=il6_switch.DEFAULT), "hierarchy"),
        (lambda: sy.SynthesisParams(loop=sy.DEFAULT.hierarchy), "loop"),
    ],
)
def test_bad_input_names_the_parameter(call, message):
    """Bad parameters and arguments raise a ValueError that names them."""
    with pytest.raises(ValueError, match=message):
        call()
