"""Chapter 7 figures: the treatment-arm explorable, the two-regimes figure and glued numbers."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from her2book import figures, il6_switch, ish
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
    """Five PTEN levels × seven arms: 35 frames, opening neutrally at PTEN 0.25 untreated."""
    ex = arms_explorable
    names = tuple(a.name for a in sy.ARMS)
    assert [p.grid for p in ex.params] == [fig.ARM_PTENS, names]
    assert ex.n_frames == 35 and len(ex.readouts) == 5 and len(ex.readouts[0]) == 7
    assert [p.start for p in ex.params] == [fig.ARM_PTENS.index(0.25), names.index("No treatment")]


@pytest.mark.parametrize(
    "pten, arm",
    [
        (0.25, "Trastuzumab"),
        (0.0, "+ IL-6R antibody"),
        (0.0, "+ anti-miR-21"),
        (1.0, "+ all three"),
    ],
)
def test_arm_readout_reports_the_simulation(arms_explorable, pten, arm):
    """The readout quotes size, stem fraction and IL-6 of an independent run of the model, and
    names the anti-miR-21 arm's assumption wherever there is PTEN loss to restore."""
    r = sy.simulate(sy.DEFAULT, arm, pten, sy.DAYS)
    before, after = r.at(0), r.at(360)
    names = [a.name for a in sy.ARMS]
    text = arms_explorable.readouts[fig.ARM_PTENS.index(pten)][names.index(arm)]
    state = "high" if after["il6"] > 1 else "low"
    assumption = " The model assumes miR-21 caused the PTEN loss." if pten < 1 else ""
    mimic = " The model assumes the mimic lowers self-renewal equally in every tumor."
    assert text == (
        f"PTEN {pten:g}, {arm}: after 360 days the tumor is "
        f"{fig.fold(after['total'] / before['total'])} times its size at day 0, stem fraction "
        f"{100 * before['stem_fraction']:.1f}% → {100 * after['stem_fraction']:.1f}%, "
        f"IL-6 activity {after['il6']:.2f} ({state} state)."
        + (assumption if "anti-miR-21" in arm or arm == "+ all three" else "")
        + (mimic if arm == "+ all three" else "")
    )


@pytest.mark.parametrize(
    "x, text",
    [
        (3117.2, "3,117"),
        (160.4, "160"),
        (8.23, "8.2"),
        (0.0963, "0.096"),
        (1.58e-5, "1.6 × 10⁻⁵"),
        (3.006e-7, "3.0 × 10⁻⁷"),
        (0.00502, "5.0 × 10⁻³"),
    ],
)
def test_fold_writes_sizes_as_a_reader_reads_them(x, text):
    """Large ratios as whole numbers with commas, middling ones to two digits, tiny ones as a
    power of ten with a superscript exponent (no computer e-notation on a projected page)."""
    assert fig.fold(x) == text


def test_arms_view_draws_size_stem_fraction_and_il6_of_the_run():
    """The explorable's three panels show one run's relative size, stem fraction and IL-6."""
    figure = plt.figure(figsize=(7.6, 5.4))
    try:
        update = fig._arms_view(figure)
        update(pten=0.0, arm="+ IL-6R antibody")
        ax_size, ax_stem, ax_il6 = figure.axes
        r = sy.simulate(sy.DEFAULT, "+ IL-6R antibody", 0.0, sy.DAYS)
        solid = [ax.lines[1] for ax in (ax_size, ax_stem, ax_il6)]
        np.testing.assert_allclose(solid[0].get_ydata(), r.total / r.at(0)["total"])
        np.testing.assert_allclose(solid[1].get_ydata(), 100 * r.stem_fraction)
        np.testing.assert_allclose(solid[2].get_ydata(), r.il6)
        assert ax_size.get_yscale() == "log"
    finally:
        plt.close(figure)


def test_arm_runs_and_end_sizes():
    """Every (PTEN, arm) pair is simulated; end_size is the day-360 size relative to day 0."""
    runs = fig.arm_runs()
    assert set(runs) == {(p, a.name) for p in fig.ARM_PTENS for a in sy.ARMS}
    r = runs[(0.0, "+ all three")]
    assert fig.end_size(0.0, "+ all three") == r.at(360)["total"] / r.at(0)["total"]
    n = fig.arm_numbers()
    assert set(n) == {
        f"{tag}_{level}"
        for tag in ("il6r", "antimir", "mimic", "il6r_mimic", "all")
        for level in ("partial", "lost")
    } | {
        "mimic_intact",
        "mimic_lost_nadir_day",
        "mimic_lost_nadir",
        "mimic_lost_p360",
        "p0_il6r_partial",
        "p0_antimir_partial",
        "p0_mimic_partial",
    }
    mimic = runs[(0.0, "+ miR-200c mimic")]
    assert (n["mimic_lost_nadir_day"], n["mimic_lost_nadir"]) == fig.nadir(mimic)
    assert n["mimic_lost_p360"] == mimic.at(360)["p"] > 0.5  # slowed, still growing
    assert n["mimic_intact"] == fig.end_size(1.0, "+ miR-200c mimic")
    for arm, tag in (("+ IL-6R antibody", "il6r"), ("+ miR-200c mimic", "mimic")):
        assert n[f"p0_{tag}_partial"] == runs[(0.25, arm)].at(0)["p"] < 0.5
    assert n["il6r_partial"] == fig.end_size(0.25, "+ IL-6R antibody")
    assert n["mimic_lost"] == fig.end_size(0.0, "+ miR-200c mimic")
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
    flip = int(np.argmin(np.abs(partial.t - n["flip_day_partial"])))
    assert partial.il6[flip] > sy.DEFAULT.loop.K >= partial.il6[flip - 1]
    assert n["flip_day_partial"] >= 0


def test_escape_numbers_read_the_partial_loss_run():
    """p before and on the first treated day, the fold day, the unstable state and the growth
    factors of the partial-loss tumor are read from its run and Chapter 5's switch."""
    n, partial, q = fig.regime_numbers(), fig.regimes()[0.25], sy.DEFAULT
    assert n["p0_partial"] == partial.at(0)["p"] > 0.5  # already above 1/2 on day 0
    untreated = sy.self_renewal(0.25, partial.at(0)["il6"], sy.ARMS[0], False)
    assert n["p_untreated_partial"] == untreated > n["p0_partial"]
    day = n["fold_day_partial"]
    b = il6_switch.basal_drive(0.25) + q.stem_il6 * partial.stem_fraction
    b_fold = max(bf for _, bf in il6_switch.fold_points())
    i = int(np.argmin(np.abs(partial.t - day)))
    assert b[i] > b_fold >= b[i - 1] and 0 < day < n["flip_day_partial"]
    assert [s.stable for s in il6_switch.steady_states(b[i])] == [True]  # the low state is gone
    assert len(il6_switch.steady_states(b[i - 1])) == 3
    assert n["fold_x_lo"] < n["unstable0_partial"] < n["fold_x_hi"]
    i0, i360 = (int(np.argmin(np.abs(partial.t - d))) for d in (0, 360))
    assert n["stem_growth_partial"] == pytest.approx(partial.S[i360] / partial.S[i0])
    assert n["stem_growth_partial"] > n["nonstem_growth_partial"] > 1
    lost = fig.regimes()[0.0]
    assert (n["nadir_day_lost"], n["nadir_lost"]) == fig.nadir(lost) and n["nadir_lost"] < 1
    back = int(np.argmin(np.abs(lost.t - n["regrown_day_lost"])))
    assert lost.total[back] >= lost.at(0)["total"] > lost.total[back - 1]


def test_regrown_and_fold_days_are_nan_when_nothing_happens():
    """A tumor that never regrows or whose IL-6 drive never passes the fold gives NaN."""
    intact = fig.regimes()[1.0]
    assert np.isnan(fig.regrown_day(intact)) and np.isnan(fig.fold_day(intact))


def test_two_regimes_plots_size_stem_fraction_and_il6():
    """Size of each regime on a log axis, stem fraction in percent, IL-6 activity over time."""
    figure = fig.two_regimes()
    try:
        ax_size, ax_stem, ax_il6 = figure.axes
        assert ax_size.get_yscale() == "log"
        lines = [line for line in ax_stem.lines if len(line.get_xdata()) > 2]
        assert [line.get_label() for line in lines] == [
            "PTEN intact",
            "PTEN partly lost (0.25)",
            "PTEN lost",
        ]
        r = fig.regimes()[0.0]
        assert np.array_equal(lines[2].get_ydata(), 100 * r.stem_fraction)
        il6 = [line for line in ax_il6.lines if len(line.get_xdata()) > 2]
        assert np.array_equal(il6[1].get_ydata(), fig.regimes()[0.25].il6)
    finally:
        plt.close(figure)


def test_model_numbers_bound_self_renewal_inside_the_clip():
    """p's lowest and highest values over arms, PTEN and IL-6 are attained and lie in (0, p_max),
    so the clip never acts with the book's parameters."""
    n = fig.model_numbers()
    ps = [
        sy.self_renewal(pten, x, arm, treated)
        for pten in np.linspace(0, 1, 11)
        for x in (0.0, 0.5, 1.0, 2.0, 1e6)
        for arm in sy.ARMS
        for treated in (False, True)
    ]
    assert min(ps) == pytest.approx(n["p_lowest"]) and max(ps) == pytest.approx(n["p_highest"])
    assert 0 < n["p_lowest"] < n["p_highest"] < n["p_clip"] == sy.DEFAULT.p_max


def test_exercise_numbers_read_their_runs():
    """The exercise variants are the stated parameter changes; their numbers read days 0 and 360."""
    runs, n = fig.exercise_runs(), fig.exercise_numbers()
    direct = sy.simulate(sy.SynthesisParams(stem_il6=0.0), "Trastuzumab", 0.25, sy.DAYS)
    assert np.array_equal(runs["no_secretion"].total, direct.total)
    assert runs["half"].pten == 0.5 and runs["strong_kill"].pten == 1.0
    r = runs["strong_kill"]
    assert n["ex_strong_kill_f360"] == 100 * r.at(360)["stem_fraction"]
    assert n["ex_half_size360"] == runs["half"].at(360)["total"] / runs["half"].at(0)["total"]
    i = int(np.argmin(np.abs(r.t - 360)))
    assert n["ex_ds_ratio_10"] == r.D[i] / r.S[i] < n["ex_ds_ratio_05"]
    # the exercise's point: without secretion IL-6 stays low and the tumor does not escape
    assert n["ex_no_secretion_il6_360"] < 1 and n["ex_no_secretion_size360"] < 1


def test_kill_variants_are_the_stated_shares():
    """The kill-assumption runs use kill_pten_independent = φ; φ = 0 removes both headline
    results, φ = 0.5 keeps both (as the chapter says)."""
    runs, n = fig.exercise_runs(), fig.exercise_numbers()
    direct = sy.simulate(
        sy.SynthesisParams(kill_pten_independent=0.4), "Trastuzumab", 0.25, sy.DAYS
    )
    assert np.array_equal(runs["kill40_partial"].total, direct.total)
    assert set(fig.KILL_SHARES) == {"kill0", "kill50", "kill30", "kill40"}
    assert n["ex_kill0_lost_f360"] == pytest.approx(n["ex_kill0_lost_f0"], abs=1e-3)
    assert n["ex_kill0_partial_il6_360"] < 1 < n["ex_kill0_partial_size360"]
    assert n["ex_kill50_lost_f360"] > 2 * n["ex_kill50_lost_f0"]
    assert n["ex_kill50_partial_il6_360"] > 1 and n["ex_kill50_partial_nadir"] < 1


def test_half_pten_high_state_cannot_lift_p_above_one_half():
    """At PTEN 0.5 the IL-6 activity needed for p = 1/2 exceeds the switch's high state."""
    n = fig.exercise_numbers()
    tz = sy.arm_named("Trastuzumab")
    assert sy.self_renewal(0.5, n["ex_half_x_needed"], tz, True) == pytest.approx(0.5)
    assert n["ex_half_x_high"] < n["ex_half_x_needed"] and n["ex_half_p_high"] < 0.5
    q = sy.DEFAULT
    b = il6_switch.basal_drive(0.5) + q.stem_il6 * n["ex_half_fold_f"] / 100
    assert b == pytest.approx(max(bf for _, bf in il6_switch.fold_points()))


def test_case_ish_is_chapter_1s_estimate_of_the_case_counts():
    """The capstone case's ISH numbers are her2book.ish's ratio, interval and group."""
    n = fig.case_numbers()
    assert (n["case_her2"], n["case_cep17"]) == (sum(fig.CASE_HER2), sum(fig.CASE_CEP17))
    assert n["case_ratio"] == n["case_her2"] / n["case_cep17"]
    assert n["case_copies"] == n["case_her2"] / len(fig.CASE_HER2)
    assert n["case_group"] == ish.group(n["case_ratio"], n["case_copies"]) == 1
    assert ish.RATIO_CUTOFF < n["case_ratio_low"] < n["case_ratio"] < n["case_ratio_high"]
