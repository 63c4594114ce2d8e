"""Chapter 6 figures (where the field went next): grid, readouts and numbers against the models."""

from __future__ import annotations

import math

import numpy as np
import pytest

from her2book import adc, claims, figures, selfcheck
from her2book.figures import beyond_trastuzumab as fig


@pytest.fixture(scope="module")
def address():
    return fig.signal_or_address()


def test_grid_and_frames_open_on_a_sensitive_tumor(address):
    """Seven HER2 levels × five dependences: 35 frames, opening at full HER2 and dependence."""
    assert [p.grid for p in address.params] == [fig.HER2_LEVELS, fig.DEPENDENCES]
    assert address.n_frames == 35 <= 100 and len(address.sliders) == 2
    assert [p.start for p in address.params] == [
        fig.HER2_LEVELS.index(1.0),
        fig.DEPENDENCES.index(1.0),
    ]


def test_readout_states_the_closed_form_sizes(address):
    """The readout for an escaped tumor gives exp(r·3) for each drug, computed here by hand."""
    text = address.readouts[fig.HER2_LEVELS.index(1.0)][fig.DEPENDENCES.index(0.0)]
    # g = 1; blocker g − A·0 = 1; conjugate 1 − 2.5·1/(1 + 0.25) = −1.
    assert text == (
        "HER2 100% of a strongly positive cell, 0% of growth signal through HER2: after 3 time "
        f"units the tumor is × {math.exp(3):.2g} without a drug, × {math.exp(3):.2g} with the "
        f"pure signaling blocker, × {math.exp(-3):.2g} with the conjugate (toy model)."
    )
    low = address.readouts[fig.HER2_LEVELS.index(0.05)][fig.DEPENDENCES.index(0.0)]
    conj = math.exp(3 * (1 - 2.5 * 0.05 / 0.3))
    assert low.endswith(f"× {conj:.2g} with the conjugate (toy model).") and conj > 1


def test_readout_flags_exactly_the_unlikely_tumors(address):
    """The readout adds the 'unlikely tumor' note where adc.unlikely_tumor is true, and only
    there: at 5% and 10% HER2 with 75% or 100% of the signal through HER2, and at 20% HER2 too."""
    flagged = set()
    for i, h in enumerate(fig.HER2_LEVELS):
        for j, d in enumerate(fig.DEPENDENCES):
            text = address.readouts[i][j]
            assert text.endswith(fig.UNLIKELY_NOTE) == adc.unlikely_tumor(h, d), (h, d)
            if text.endswith(fig.UNLIKELY_NOTE):
                flagged.add((h, d))
    assert flagged == {(h, d) for h in (0.05, 0.1, 0.2) for d in (0.75, 1.0)}


def test_region_map_matches_the_rates():
    """Regions: neither shrinks with little HER2 and dependence; only the conjugate with HER2
    kept and dependence lost; both with high dependence; never the blocker alone."""
    h, d, region = fig.region_map()

    def at(her2, dep):
        i = int(np.argmin(np.abs(d[:, 0] - dep)))
        j = int(np.argmin(np.abs(h[0] - her2)))
        return int(region[i, j])

    assert (at(0.05, 0.0), at(1.0, 0.0), at(1.0, 1.0), at(0.05, 1.0)) == (0, 1, 2, 2)
    assert set(np.unique(region)) == {0, 1, 2}
    conj = adc.net_rate("conjugate", h, d) < 0
    assert np.array_equal(region >= 1, conj)


def test_address_numbers_closed_forms():
    """The glued numbers: e^3 for growth, e^−3 for the conjugate on an escaped tumor, h* = 1/6."""
    n = fig.address_numbers()
    assert n["ch6_untreated"] == pytest.approx(math.exp(3))
    assert n["ch6_blocker_escaped"] == pytest.approx(math.exp(3))
    assert n["ch6_conj_escaped"] == pytest.approx(math.exp(-3))
    assert n["ch6_blocker_sensitive"] == pytest.approx(math.exp(-3))
    assert n["ch6_blocker_half"] == pytest.approx(1.0)
    assert n["ch6_dependence_needed"] == 0.5 and n["ch6_her2_needed"] == pytest.approx(1 / 6)
    assert n["ch6_conj_at_01"] > 1 > n["ch6_conj_at_02"]  # the grid step that crosses h*
    assert n["ch6_conj_lost"] > 1


def test_proportional_hazards_reproduce_the_registered_results():
    """S_control ** HR lands within two percentage points of each reported treated arm."""
    checks = fig.hazard_checks()
    k = claims.value("katherine-final")
    assert checks["katherine_idfs"]["predicted"] == pytest.approx(0.671**0.54)
    assert checks["katherine_os"]["reported"] == k["os_treated"]
    for name, row in checks.items():
        assert row["predicted"] == pytest.approx(row["control"] ** row["hr"]), name
        assert abs(row["predicted"] - row["reported"]) < 0.02, name
        assert row["control"] < row["predicted"], name  # HR < 1 raises survival


def test_chapter_lists_its_explorables():
    """The module declares Chapter 6 and its builder, and the package collects it."""
    assert fig.CHAPTER == 6
    assert fig.EXPLORABLES == (fig.signal_or_address,)
    assert figures.explorables()["beyond_trastuzumab.signal_or_address"] is fig.signal_or_address


def _feedback(question_id: str) -> str:
    q = selfcheck.get(question_id)
    texts = [o.feedback for o in q.options] + list(q.feedback.values())
    return " ".join(selfcheck.plain(t) for t in texts)


def test_questions_quote_the_model_and_the_registry():
    """The chapter's self-check feedback states the toy model's sizes and the registered numbers."""
    n = fig.address_numbers()
    predict = _feedback("ch6-predict-address")
    assert f"× {n['ch6_blocker_escaped']:.2g} in 3 time units" in predict
    assert f"× {n['ch6_conj_escaped']:.2g}" in predict
    assert f"× {n['ch6_conj_lost']:.2g} in 3 time units" in _feedback("ch6-her2-loss")
    k = claims.value("katherine-final")
    absolute = selfcheck.get("ch6-absolute-difference")
    assert absolute.answer == k["os_difference_points"]
    assert f"{100 * k['os_treated']:.1f} − {100 * k['os_control']:.1f}" in _feedback(absolute.id)
    db03, interim = claims.value("db03-pfs"), claims.value("db03-os-interim")
    db03_text = selfcheck.plain(selfcheck.get("ch6-db03-lesson").prompt) + _feedback(
        "ch6-db03-lesson"
    )
    for number in (db03["treated"], db03["control"], interim["treated"], interim["control"]):
        assert f"{100 * number:.1f}%" in db03_text, number
    assert f"HR {interim['hr']}" in db03_text and f"HR {db03['hr']}" in db03_text
    hera = claims.value("hera-adjuvant")
    assert f"{hera['dfs_gain_points']} percentage points" in _feedback("ch6-hazard-ratio")
