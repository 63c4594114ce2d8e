"""Frame rendering without widgets: settings, overlays, readouts, alt text and the blit path."""

from __future__ import annotations

from her2book.frames import FrameSet, Param, render, settings
from tests.views import decay_view as view


def test_settings_run_in_slider_order():
    """The last parameter varies fastest, and each setting names every parameter's value."""
    a, b = Param("rate", [1, 2]), Param("scale", [10, 20, 30])
    got = list(settings([a, b]))
    assert [i for i, _ in got] == [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2)]
    assert got[4][1] == {"rate": 2, "scale": 20}


def test_render_gives_one_overlay_readout_and_alt_per_setting():
    """A two-parameter grid renders every combination, keyed by index tuples."""
    frames = render(
        view, Param("rate", [0.1, 0.5]), Param("scale", [1.0, 2.0, 3.0]), alt="A decay curve"
    )
    assert isinstance(frames, FrameSet) and len(frames) == 6
    assert set(frames.overlays) == {(i, j) for i in range(2) for j in range(3)}
    assert frames.readouts[(1, 2)] == "rate 0.5/day, scale 3"
    assert frames.alts[(0, 1)] == "A decay curve. Setting: rate 0.1; scale 2."
    assert frames.start == (0, 1)
    assert frames.nested(frames.readouts)[1][0] == "rate 0.5/day, scale 1"
    assert frames.size == (576, 306)
    assert frames.background.startswith(b"\x89PNG")


def test_animated_only_views_are_drawn_fully_once():
    """When only animated artists change, every frame after the first is blitted."""
    frames = render(view, Param("rate", [0.1, 0.3, 0.5, 0.7]), alt="A decay curve")
    assert frames.full_draws == 1


def test_a_changing_title_forces_full_draws():
    """Changing a non-animated artist marks the figure stale, so each frame is redrawn."""

    def titled(fig):
        ax = fig.subplots()

        def update(rate):
            ax.set_title(f"rate {rate}")

        return update

    frames = render(titled, Param("rate", [1, 2, 3]), alt="A titled empty plot")
    assert frames.full_draws == 3
