"""Tests for her2book.figures.microrna: Chapter 3's figures against the models they show."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from her2book import figures, mir200_zeb, titration
from her2book.figures import microrna as fig


@pytest.fixture(scope="module")
def threshold():
    """The titration explorable, built once for the module."""
    return fig.titration_threshold()


@pytest.fixture(scope="module")
def switch():
    """The miR-200/ZEB switch explorable, built once for the module."""
    return fig.mir200_zeb_switch()


def test_builders_are_registered_for_chapter_3():
    """Both explorables are listed, in chapter order, by figures.explorables()."""
    assert fig.CHAPTER == 3
    names = [n for n in figures.explorables() if n.startswith("microrna.")]
    assert names == ["microrna.titration_threshold", "microrna.mir200_zeb_switch"]


def test_titration_check_agrees_with_an_independent_solve():
    """The cached check holds the closed form and an ODE solution that agree to 1e-6."""
    closed, ode = fig.titration_check()
    assert closed.shape == ode.shape == (len(fig.CHECK_K), len(fig.CHECK_AM))
    i, j = fig.CHECK_K.index(1e-2), fig.CHECK_AM.index(60.0)
    p = titration.TitrationParams(alpha_m=60.0, alpha_s=50.0, k=1e-2, beta_m=0.1, beta_s=0.1)
    assert closed[i, j] == pytest.approx(float(titration.steady_state(60.0, 50.0, 1e-2)[0]))
    assert ode[i, j] == pytest.approx(titration.simulate(p, [0.0, 300.0])[0][-1], rel=1e-12)
    assert np.max(np.abs(ode / closed - 1)) < 1e-6


def test_titration_check_figure_plots_the_check():
    """The static figure has one curve and one set of dots per k; the dots are the ODE values."""
    figure = fig.titration_check_figure()
    try:
        (ax,) = figure.axes
        _, ode = fig.titration_check()
        dots = [line for line in ax.lines if line.get_marker() == "o"]
        assert len(dots) == len(fig.CHECK_K)
        for line, row in zip(dots, ode, strict=True):
            np.testing.assert_array_equal(line.get_xdata(), fig.CHECK_AM)
            np.testing.assert_array_equal(line.get_ydata(), row)
        assert len(ax.get_legend().get_texts()) == len(fig.CHECK_K) + 1
    finally:
        plt.close(figure)


def test_titration_threshold_grid_and_readout(threshold):
    """48 frames over k × alpha_s; a readout's percentage is the closed form's."""
    assert threshold.n_frames == len(fig.K_VALUES) * len(fig.AS_VALUES) == 48
    assert [p.grid for p in threshold.params] == [fig.K_VALUES, fig.AS_VALUES]
    assert len(threshold.sliders) == 2
    i, j = fig.K_VALUES.index(1e-2), fig.AS_VALUES.index(40.0)
    half = float(titration.steady_state(20.0, 40.0, 1e-2, 0.1, 0.1)[0])
    at = float(titration.steady_state(40.0, 40.0, 1e-2, 0.1, 0.1)[0])
    readout = threshold.readouts[i][j]
    assert readout.startswith("Threshold at α_m = α_s = 40/h.")
    assert f"{half:.0f} molecules ({100 * half / (20.0 / 0.1):.1f}% of the no-microRNA" in readout
    assert readout.endswith(f"at the threshold it is {at:.0f}.")


def test_titration_curves_are_the_closed_form():
    """Every precomputed curve equals the closed form on the alpha_m grid."""
    curves = fig.titration_curves()
    assert curves.shape == (len(fig.K_VALUES), len(fig.AS_VALUES), len(fig.AM))
    j = fig.AS_VALUES.index(60.0)
    np.testing.assert_array_equal(curves[-1, j], titration.steady_state(fig.AM, 60.0, 1.0)[0])


def test_titration_opens_on_weak_binding_at_alpha_s_50_and_reads_the_exercise_values(threshold):
    """The explorable opens at the weakest k and alpha_s = 50 (the chapter's value, which the
    exercises use); at alpha_s = 50 its readouts give the free target at the threshold for
    k = 0.01, 0.1 and 1 (66, 22, 7 molecules), as the closed form does."""
    k_param, as_param = threshold.params
    assert k_param.grid[k_param.start] == min(fig.K_VALUES)
    assert as_param.grid[as_param.start] == 50.0
    j = fig.AS_VALUES.index(50.0)
    for k, expected in ((1e-2, 66), (1e-1, 22), (1.0, 7)):
        at = float(titration.steady_state(50.0, 50.0, k, 0.1, 0.1)[0])
        readout = threshold.readouts[fig.K_VALUES.index(k)][j]
        assert round(at) == expected and readout.endswith(f"at the threshold it is {expected}.")


def test_switch_opens_at_the_lowest_snail_level(switch):
    """The switch opens at 160,000, where only the epithelial state exists (the caption's start)."""
    (param,) = switch.params
    assert param.grid[param.start] == fig.SLIDER[0] == 160_000


def test_switch_edges_lie_between_the_sweeps_windows():
    """Each refined edge lies between the last level of one window and the first of the next."""
    windows = fig.switch_sweep().windows()
    edges = fig.switch_edges()
    assert len(edges) == len(windows) - 1 == 4
    for (level, below, above), w0, w1 in zip(edges, windows[:-1], windows[1:], strict=True):
        assert (below, above) == (w0[2], w1[2])
        assert w0[1] <= level <= w1[0]


def test_switch_grid_and_readouts(switch):
    """41 frames over SNAIL; the 200,000 readout lists the model's three stable states."""
    assert switch.n_frames == len(fig.SLIDER) == 41
    (param,) = switch.params
    np.testing.assert_array_equal(param.grid, fig.SLIDER)
    i = list(fig.SLIDER).index(200_000.0)
    stable = [st for st in mir200_zeb.steady_states(200_000.0) if st.stable]
    described = "; ".join(
        f"{st.kind} (miR-200 {st.mir200 / 1e3:.1f}k, ZEB {st.zeb / 1e3:.0f}k)" for st in stable
    )
    assert switch.readouts[i] == f"SNAIL 200k: Three stable states coexist: {described}."
    (only,) = [st for st in mir200_zeb.steady_states(160_000.0) if st.stable]
    assert switch.readouts[0].startswith(f"SNAIL 160k: One stable state: {only.kind} ")
