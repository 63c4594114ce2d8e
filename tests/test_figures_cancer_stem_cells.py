"""Chapter 2 figures: each explorable's grid, frame count and readouts against the models."""

from __future__ import annotations

import numpy as np
import pytest

from her2book import figures
from her2book.cytometry import simulate_events
from her2book.figures import cancer_stem_cells as fig
from her2book.hierarchy import ILLUSTRATIVE, HierarchyResult, Therapy, simulate


@pytest.fixture(scope="module")
def gating_explorable():
    return fig.gating()


@pytest.fixture(scope="module")
def therapy_explorable():
    return fig.hierarchy_therapy()


def test_chapter_lists_its_explorables():
    """The module declares Chapter 2 and both builders, and the package collects them."""
    assert fig.CHAPTER == 2
    assert fig.EXPLORABLES == (fig.gating, fig.hierarchy_therapy)
    found = figures.explorables()
    assert found["cancer_stem_cells.gating"] is fig.gating
    assert found["cancer_stem_cells.hierarchy_therapy"] is fig.hierarchy_therapy


def test_gating_grid_and_frames(gating_explorable):
    """Ten CD44 × eight CD24 thresholds: 80 frames (within the 100-frame budget), one gate each."""
    ex = gating_explorable
    assert [p.grid for p in ex.params] == [fig.CD44_GATES, fig.CD24_GATES]
    assert ex.n_frames == 80 <= 100
    assert [p.grid[p.start] for p in ex.params] == [630, 100]
    assert set(fig.gates()) == {(a, b) for a in fig.CD44_GATES for b in fig.CD24_GATES}


def test_gating_readout_matches_a_gate_counted_by_hand(gating_explorable):
    """At CD44 ≥ 630, CD24 ≤ 100 the readout's counts equal the same gate applied by hand."""
    s = simulate_events(n_events=20_000, csc_fraction=0.02, seed=2)
    inside = (s.cd44 >= 630) & (s.cd24 <= 100)
    caught = int((inside & s.is_csc).sum())
    text = gating_explorable.readouts[fig.CD44_GATES.index(630)][fig.CD24_GATES.index(100)]
    assert text.startswith(f"Gate CD44 ≥ 630 a.u., CD24 ≤ 100 a.u.: {inside.mean():.1%} of events")
    assert f"(true CSC fraction {s.is_csc.mean():.1%})" in text
    assert f"purity {caught / inside.sum():.0%}" in text
    assert f"caught {caught} of {int(s.is_csc.sum())} true CSCs" in text


def test_sorting_gate_is_the_one_a_reader_finds_on_the_sliders(gating_explorable):
    """At ≥ 98% purity as shown, CD44 ≥ 630, CD24 ≤ 40 catches the most CSCs, and no tie."""
    best = fig.sorting_gate(98)
    assert (best.cd44_min, best.cd24_max) == (630, 40)
    shown = [g for g in fig.gates().values() if g.n_gated and round(100 * g.purity) >= 98]
    assert sum(g.n_csc_caught == best.n_csc_caught for g in shown) == 1
    text = gating_explorable.readouts[fig.CD44_GATES.index(630)][fig.CD24_GATES.index(40)]
    assert f"purity {best.purity:.0%}" in text and f"({best.recall:.0%})" in text
    with pytest.raises(ValueError, match="min_purity_percent"):
        fig.sorting_gate(101)


def test_therapy_grid_and_frames(therapy_explorable):
    """Ten non-stem × eight stem kill rates: 80 frames, one run each, opening on no therapy."""
    ex = therapy_explorable
    assert [p.grid for p in ex.params] == [fig.K_NONSTEM, fig.K_STEM]
    assert ex.n_frames == 80 <= 100
    assert [p.grid[p.start] for p in ex.params] == [0.0, 0.0]
    assert set(fig.therapy_sweep()) == {(a, b) for a in fig.K_NONSTEM for b in fig.K_STEM}


def test_therapy_opens_on_a_neutral_setting_not_on_an_exercise_answer(therapy_explorable):
    """The opening frame is the untreated tumor, whose readout answers no prediction."""
    opening = therapy_explorable.readouts[0][0]
    untreated = simulate(ILLUSTRATIVE, Therapy(), np.arange(0.0, 301.0))
    assert opening.startswith("No therapy (both kill rates 0)")
    assert f"{untreated.total[150] / untreated.total[30]:.2g}× its day-30 size" in opening
    assert f"unchanged at {untreated.stem_fraction[150]:.1%}" in opening


def test_therapy_readouts_follow_the_model(therapy_explorable):
    """The readouts quote (2p − 1) r_S − k_S and the regrowth or eradication the model gives."""
    ex, rows, cols = therapy_explorable, fig.K_NONSTEM, fig.K_STEM
    rate = (2 * ILLUSTRATIVE.p - 1) * ILLUSTRATIVE.r_S
    spared = ex.readouts[rows.index(0.3)][cols.index(0.0)]
    assert spared.startswith(f"Stem pool in therapy: {rate:+.3f}/day.")
    run = simulate(ILLUSTRATIVE, Therapy(30, 150, k_P=0.3, k_D=0.3), np.arange(0.0, 301.0))
    day = next(d for d in range(151, 301) if run.total[d] >= run.total[30])
    assert spared.endswith(f"Back to its day-30 size by day {day}.")
    hit = ex.readouts[rows.index(0.3)][cols.index(0.2)]
    assert f"{rate - 0.2:+.3f}/day" in hit
    # the pool crosses one cell at day 30 + ln S(30) / (k_S - rate) but is zeroed at day 150
    crossing = 30 + np.log(run.S[30]) / (0.2 - rate)
    assert 110 < crossing < 150
    assert hit.endswith(
        f"Fewer than one stem cell from day {crossing:.0f}; the pool is set to zero at day 150: "
        "no regrowth."
    )
    assert ex.readouts[0][cols.index(0.005)].endswith(
        "The tumor never shrank below its day-30 size."
    )
    at_threshold = ex.readouts[rows.index(0.3)][cols.index(0.01)]
    assert at_threshold.startswith("Stem pool in therapy: +0.000/day.")  # never "-0.000"


def test_example_therapies_spare_and_hit_the_stem_cells():
    """The spare run keeps its stem cells and regrows; the hit run loses them at day 150."""
    assert fig.SPARE_STEM.k_S == 0 and fig.HIT_STEM.k_S > ILLUSTRATIVE.stem_rate
    spare, hit = fig.spare_run(), fig.hit_run()
    assert spare.eradicated_at is None and fig.regrowth_day(spare) > fig.STOP
    assert hit.eradicated_at == fig.STOP and fig.regrowth_day(hit) is None


def test_regrowth_day_is_none_for_a_tumor_that_never_returns():
    """A tumor that only shrinks has no regrowth day; one that returns gets the first day back."""
    t = fig.DAYS
    shrinking = HierarchyResult(t, np.exp(-t / 50), np.zeros_like(t), np.zeros_like(t))
    assert fig.regrowth_day(shrinking) is None
    dip = np.where((t > 30) & (t < 200), 0.5, 1.0)
    returning = HierarchyResult(t, dip, np.zeros_like(t), np.zeros_like(t))
    assert fig.regrowth_day(returning) == 200.0


def test_numbers_in_the_chapter_questions_follow_the_models():
    """The figures quoted in src/her2book/data/questions/ch2.yml are what the models give."""
    from her2book import selfcheck

    def said(qid: str) -> str:
        """A question's prompt, option texts and every feedback, as one string."""
        q = selfcheck.get(qid)
        parts = [q.prompt, *(o.text for o in q.options), *(o.feedback for o in q.options)]
        return " ".join(parts + list((q.feedback or {}).values()))

    loose, strict = fig.gates()[(250, 400)], fig.gates()[(2500, 25)]
    text = said("ch2-gate-predict")
    assert f"reports {loose.gated_fraction:.0%} of events" in text
    assert f"purity of only {loose.purity:.0%}" in text and f"catches {loose.recall:.0%}" in text
    text = said("ch2-gate-strict")
    assert f"{strict.n_csc_caught} of the {strict.n_csc} true CSCs" in text
    assert f"About {strict.recall:.0%}" in text
    assert f"reports {strict.gated_fraction:.2%} of events" in text

    growth = fig.spare_run().S[150] / fig.spare_run().S[30]
    assert selfcheck.get("ch2-stem-growth").answer == round(growth, 2)
    assert (
        selfcheck.get("ch2-start-exponential").answer == round(np.exp(1.2), 2) == round(growth, 2)
    )

    runs = fig.therapy_sweep()
    near = runs[(0.3, 0.015)]
    text = said("ch2-therapy-predict")
    assert f"≈ {near.S[150] / near.S[30]:.2f} of its size" in text
    assert f"by day {fig.regrowth_day(near):.0f}" in text
    days = np.log(near.S[30]) / 0.005
    assert f"≈ {round(days, -2):,.0f} days" in text
    text = said("ch2-bulk-kill")
    bulk = runs[(0.0, 0.2)]
    crossing = 30 + np.log(bulk.S[30]) / (0.2 - ILLUSTRATIVE.stem_rate)
    assert (
        f"by day {crossing:.0f}" in text
        and f"{bulk.total[150] / bulk.total[30]:.2f} of its" in text
    )
    long = simulate(ILLUSTRATIVE, Therapy(30, 150, k_S=0.2), np.arange(0.0, 3001.0), min_cells=1)
    below = int(np.argmax(long.total < 1))  # first day with fewer than one cell in all
    assert np.allclose(long.total[:301], bulk.total) and long.total[below - 1] >= 1
    assert f"about {long.total[300] / 1e8:.1f} × 10⁸" in text and f"around day {below:,}" in text
    assert f"{long.total[300] / long.total[30]:.2f} of its day-30 size" in text
    text = said("ch2-stem-growth")
    f = [runs[(k, 0.0)].stem_fraction[150] for k in (0.3, 1.0)]
    assert f"from {f[0]:.0%} to {f[1]:.0%}" in text
