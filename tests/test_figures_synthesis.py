"""Chapter 7 figures: the treatment-arm explorable, the two-regimes figure and glued numbers."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from her2book import figures, il6_switch
from her2book import synthesis as sy
from her2book.figures import synthesis as fig


@pytest.fixture(scope="module")
def arms_explorable():
    return fig.treatment_arms()


def test_chapter_lists_its_explorable():
    """The module declares Chapter 7 and its builder, and the package collects it."""
    assert fig.CHAPTER == 7
    assert fig.EXPLORABLES == (fig.treatment_arms,)
    assert figures.explorables()["synthesis.treatment_arms"] is fig.treatment_arms


def test_treatment_arms_grid_and_frames(arms_explorable):
    """Five PTEN levels × six arms: 30 frames, starting at PTEN 0.25 with trastuzumab alone."""
    ex = arms_explorable
    names = tuple(a.name for a in sy.ARMS)
    assert [p.grid for p in ex.params] == [fig.ARM_PTENS, names]
    assert ex.n_frames == 30 and len(ex.readouts) == 5 and len(ex.readouts[0]) == 6
    assert [p.start for p in ex.params] == [fig.ARM_PTENS.index(0.25), names.index("Trastuzumab")]


@pytest.mark.parametrize("pten, arm", [(0.25, "Trastuzumab"), (0.0, "+ IL-6R antibody")])
def test_arm_readout_reports_the_simulation(arms_explorable, pten, arm):
    """The readout quotes size and stem fraction of an independent run of the model."""
    r = sy.simulate(sy.DEFAULT, arm, pten, sy.DAYS)
    before, after = r.at(0), r.at(360)
    names = [a.name for a in sy.ARMS]
    text = arms_explorable.readouts[fig.ARM_PTENS.index(pten)][names.index(arm)]
    state = "high" if after["il6"] > 1 else "low"
    assert text == (
        f"PTEN {pten:g}, {arm}: after 360 days the tumor is "
        f"{after['total'] / before['total']:.2g} × its size at day 0, stem fraction "
        f"{100 * before['stem_fraction']:.1f}% → {100 * after['stem_fraction']:.1f}%, "
        f"IL-6 activity {after['il6']:.2f} ({state} state)."
    )


def test_arm_runs_and_end_sizes():
    """Every (PTEN, arm) pair is simulated; end_size is the day-360 size relative to day 0."""
    runs = fig.arm_runs()
    assert set(runs) == {(p, a.name) for p in fig.ARM_PTENS for a in sy.ARMS}
    r = runs[(0.0, "+ all three")]
    assert fig.end_size(0.0, "+ all three") == r.at(360)["total"] / r.at(0)["total"]
    n = fig.arm_numbers()
    assert n["il6r_partial"] < 0.5 < fig.end_size(0.25, "Trastuzumab")
    assert n["il6r_lost"] > 1 and n["all_lost"] < 1e-4


def test_regimes_and_their_numbers():
    """The three regimes are trastuzumab alone; the glued numbers read them at days 0 and 360."""
    regimes, n = fig.regimes(), fig.regime_numbers()
    assert list(regimes) == [1.0, 0.25, 0.0]
    lost = sy.simulate(sy.DEFAULT, "Trastuzumab", 0.0, sy.DAYS)
    assert np.array_equal(regimes[0.0].total, lost.total)
    assert n["f360_lost"] == 100 * lost.at(360)["stem_fraction"]
    assert n["size360_lost"] == lost.at(360)["total"] / lost.at(0)["total"]
    partial = regimes[0.25]
    treated = partial.t >= 0
    i = int(np.argmin(np.where(treated, partial.total, np.inf)))
    assert (n["nadir_day_partial"], n["nadir_partial"]) == fig.nadir(partial)
    assert n["nadir_partial"] == partial.total[i] / partial.at(0)["total"] < 0.5
    w = il6_switch.bistable_window(0.0, sy.DEFAULT.loop)
    assert (n["window_pten_lo"], n["window_pten_hi"]) == (w.pten_low, w.pten_high)
    assert n["il6_0_partial"] < 1 < n["il6_360_partial"]


def test_two_regimes_plots_size_and_stem_fraction():
    """Left: relative size of each regime on a log axis; right: stem fraction in percent."""
    figure = fig.two_regimes()
    try:
        ax_size, ax_stem = figure.axes
        assert ax_size.get_yscale() == "log"
        lines = [line for line in ax_stem.lines if len(line.get_xdata()) > 2]
        assert [line.get_label() for line in lines] == [
            "PTEN intact",
            "PTEN partly lost (0.25)",
            "PTEN lost",
        ]
        r = fig.regimes()[0.0]
        assert np.array_equal(lines[2].get_ydata(), 100 * r.stem_fraction)
    finally:
        plt.close(figure)
