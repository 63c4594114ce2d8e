"""The synthesis model: both seeds right, in two PTEN regimes (Chapter 5)."""

from __future__ import annotations

import numpy as np
import pytest

from her2book import feedback
from her2book import synthesis as sy


@pytest.fixture(scope="module")
def runs():
    return sy.simulate_all([1.0, 0.25, 0.0])


def test_untreated_tumors_grow_with_a_constant_small_stem_fraction(runs):
    for pten in (1.0, 0.25, 0.0):
        r = runs[(pten, "No treatment")]
        assert r.total[-1] > 10 * r.at(0)["total"]
        f = r.stem_fraction
        assert np.ptp(f[r.t >= 0]) < 1e-3 * f[0] + 1e-6  # balanced growth
        assert f[0] < 0.05


def test_pten_intact_trastuzumab_lowers_the_stem_fraction_seed_003(runs):
    r = runs[(1.0, "Trastuzumab")]
    before, after = r.at(0), r.at(360)
    assert after["stem_fraction"] < 0.6 * before["stem_fraction"]
    assert after["total"] < 1e-4 * before["total"]
    assert after["p"] < 0.5  # self-renewal below balance: the stem pool shrinks


def test_pten_lost_trastuzumab_enriches_stem_cells_seed_002(runs):
    r = runs[(0.0, "Trastuzumab")]
    before, after = r.at(0), r.at(360)
    assert after["stem_fraction"] > 3 * before["stem_fraction"]
    assert after["total"] > before["total"]  # resistance: the tumor grows through therapy
    assert after["il6"] > 1.0  # high IL-6 state


def test_partial_pten_loss_flips_the_il6_switch_under_therapy(runs):
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
    for arm in ("+ anti-miR-21", "+ all three"):
        r = runs[(0.0, arm)]
        assert r.at(360)["total"] < 1e-2 * r.at(0)["total"], arm
        assert r.at(360)["stem_fraction"] < r.at(0)["stem_fraction"], arm


def test_self_renewal_terms():
    q = sy.SynthesisParams()
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
    r = sy.simulate(0.25, "No treatment", days=10, lead_in=0)
    f = r.stem_fraction[0]
    b = feedback.basal_drive(0.25) + sy.SynthesisParams().stem_il6 * f
    assert abs(float(feedback.il6_rate(r.il6[0], b))) < 1e-8


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: sy.simulate(1.5), "pten"),
        (lambda: sy.simulate(0.5, "Aspirin"), "no arm 'Aspirin'"),
        (lambda: sy.simulate(0.5, days=-1), "days"),
        (lambda: sy.simulate(0.5, points=1), "points"),
        (lambda: sy.SynthesisParams(p_base=1.2), "p_base"),
        (lambda: sy.SynthesisParams(bulk_kill=-0.1), "bulk_kill"),
        (lambda: sy.SynthesisParams(il6_speed=0), "il6_speed"),
    ],
)
def test_bad_input_names_the_parameter(call, message):
    with pytest.raises(ValueError, match=message):
        call()
