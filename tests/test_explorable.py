"""The explorable helper: frames, sliders, links, captions and clear errors."""

from __future__ import annotations

import base64
import io
import re

import ipywidgets as widgets
import matplotlib as mpl
import numpy as np
import pytest
from PIL import Image

from her2book import style
from her2book.explorable import Explorable, Param, explorable
from her2book.frames import RenderError, render_png
from tests.views import decay_view

RATES = Param("rate", [0.1, 0.5, 1.0], "Decay rate", "1/day")


@pytest.fixture(scope="module")
def three():
    """An explorable over three decay rates."""
    return explorable(decay_view, RATES, caption="Raise the rate.", alt="Line plot of size.")


def png_of(frame_html: str) -> Image.Image:
    data = re.search(r'src="data:image/png;base64,([^"]+)"', frame_html).group(1)
    return Image.open(io.BytesIO(base64.b64decode(data)))


def picture(ex: Explorable, frame_html: str) -> np.ndarray:
    """What the reader sees: the frame's overlay drawn over the shared background."""
    background = png_of(ex.background).convert("RGBA")
    return np.asarray(Image.alpha_composite(background, png_of(frame_html).convert("RGBA")))


def test_one_parameter_gives_one_frame_per_value_linked_to_the_slider(three):
    """One slider: a frame per value, the slider's index linked to the stacks."""
    ex = three
    assert isinstance(ex, Explorable) and isinstance(ex, widgets.VBox)
    assert len(ex.frames) == 3 and ex.n_frames == 3
    assert len(set(ex.frames)) == 3, "each value must give a different picture"
    (slider,) = ex.sliders
    assert isinstance(slider, widgets.SelectionSlider)
    assert slider.description == "Decay rate (1/day)"
    assert [label for label, _ in slider.options] == ["0.1 1/day", "0.5 1/day", "1 1/day"]
    assert slider.index == 1 and ex.stack.selected_index == 1
    assert [link.source for link in ex.links] == [(slider, "index")] * 2
    assert ex.links[0].target == (ex.stack, "selected_index")
    assert ex.readouts[0] == "rate 0.1/day, scale 1"
    assert "Try this:" in ex.children[0].value and "Raise the rate." in ex.children[0].value


def test_two_parameters_nest_stacks_and_link_every_inner_stack():
    """Two sliders: the outer stack follows the first, every inner stack the second."""
    ex = explorable(
        decay_view,
        Param("rate", [0.1, 0.5], "Decay rate", "1/day"),
        Param("scale", [1.0, 1.5, 2.0], "Scale", initial=0),
        caption="Try both.",
        alt="Line plot of size against time.",
    )
    assert ex.n_frames == 6
    assert [len(row) for row in ex.frames] == [3, 3]
    assert len(ex.stack.children) == 2
    assert all(isinstance(s, widgets.Stack) for s in ex.stack.children)
    assert all(s.selected_index == 0 for s in ex.stack.children)
    assert len(ex.links) == 2 * (1 + 2)  # frames and readouts: outer + one per inner stack
    assert ex.readouts[1][2] == "rate 0.5/day, scale 2"


def test_frames_carry_alt_text_with_the_setting_and_a_readout():
    """Each frame's alt text names its setting; its readout sits in the readout stack."""
    ex = explorable(
        decay_view,
        Param("rate", [0.1, 0.5], "Decay rate", "1/day"),
        caption="c",
        alt="Line plot of size against time.",
    )
    html = ex.frames[1]
    assert 'alt="Line plot of size against time. Setting: Decay rate 0.5 1/day."' in html
    assert ex.readouts[1] == "rate 0.5/day, scale 1"
    readout = ex.readout_stack.children[1].value
    assert "rate 0.5/day" in readout and 'class="her2book-readout"' in readout
    assert png_of(html).size == png_of(ex.background).size == (576, 306)  # 6.4 x 3.4 in, 90 dpi
    assert 'alt=""' in ex.background and 'aria-hidden="true"' in ex.background


def test_frames_are_light_overlays_on_one_background(three):
    """Each frame is a mostly transparent overlay on one background in the same grid cell."""
    ex = three
    overlay = np.asarray(png_of(ex.frames[0]).convert("RGBA"))
    assert (overlay[..., 3] == 0).mean() > 0.9, "most of an overlay is transparent"
    assert len(ex.frames[0]) < len(ex.background)
    # the figure stack and the background share one grid cell; readouts follow the slider too
    figure = ex.children[2]
    assert isinstance(figure, widgets.GridBox)
    assert figure.children[1] is ex.stack and ex.stack.layout.grid_area == "figure"
    assert {(link.target[0], link.target[1]) for link in ex.links} == {
        (ex.stack, "selected_index"),
        (ex.readout_stack, "selected_index"),
    }


def test_blitted_frames_match_full_redraws():
    """The fast path (animated artists only) must draw the same picture as a full redraw."""
    params = (Param("rate", [0.2, 0.7, 1.3], "Decay rate", "1/day"),)
    fast = explorable(decay_view, *params, caption="c", alt="a plot of decay", colors=None)

    def slow_view(fig):
        update = decay_view(fig)

        def full(**values):
            fig.stale = True  # force the full-draw path
            return update(**values)

        return full

    slow = explorable(slow_view, *params, caption="c", alt="a plot of decay", colors=None)
    for a, b in zip(fast.frames, slow.frames, strict=True):
        diff = np.abs(picture(fast, a).astype(float) - picture(slow, b).astype(float))
        assert diff.max() <= 2, "blitting changed the picture"


def test_overlay_over_background_reproduces_the_full_frame():
    """Compositing loses nothing: compare with a figure drawn from scratch at the same setting."""
    from matplotlib.figure import Figure

    ex = explorable(
        decay_view, Param("rate", [0.3, 0.9], "Decay rate"), caption="c", alt="a plot", colors=None
    )
    fig = Figure(figsize=(6.4, 3.4), dpi=90, layout="constrained")
    with mpl.rc_context(style.RC):
        update = decay_view(fig)
        update(rate=0.9)
        full = np.asarray(Image.open(io.BytesIO(render_png(fig, colors=None))).convert("RGBA"))
    assert np.abs(picture(ex, ex.frames[1]).astype(int) - full.astype(int)).max() <= 2


def test_rendering_is_reproducible_byte_for_byte():
    """Rendering the same explorable twice gives the same frames, byte for byte."""
    p = Param("rate", [0.1, 0.5], "Decay rate", "1/day")
    a = explorable(decay_view, p, caption="c", alt="a plot of decay")
    b = explorable(decay_view, p, caption="c", alt="a plot of decay")
    assert a.frames == b.frames


def test_categorical_values_and_formats():
    """String values label the slider as given; number formats and units apply."""

    def view(fig):
        ax = fig.subplots()
        txt = ax.text(0.5, 0.5, "", animated=True)

        def update(arm):
            txt.set_text(arm)

        return update

    ex = explorable(
        view, Param("arm", ["alone", "plus IL-6R antibody"], "Arm"), caption="c", alt="a text panel"
    )
    assert [label for label, _ in ex.sliders[0].options] == ["alone", "plus IL-6R antibody"]
    assert ex.readouts == [None, None]
    assert Param("d", [0.123], fmt="{:.1f}", unit="mg").show(0.123) == "0.1 mg"


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: Param("rate", []), "parameter 'rate' has no values"),
        (lambda: Param("rate", [1, 1]), "parameter 'rate' has repeated values"),
        (lambda: Param("rate", [1.0, float("nan")]), "parameter 'rate' has a non-finite value"),
        (lambda: Param("two words", [1]), "identifier"),
        (lambda: Param("rate", [1, 2], initial=5), "parameter 'rate': initial index 5"),
        (lambda: Param("rate", 3), "parameter 'rate': values must be a sequence"),
    ],
)
def test_bad_parameters_raise_value_errors_naming_them(make, message):
    """Each malformed Param is a ValueError that names the parameter."""
    with pytest.raises(ValueError, match=re.escape(message)):
        make()


def test_three_parameters_or_none_are_refused():
    """An explorable takes one or two distinct parameters."""
    ps = [Param(n, [1, 2]) for n in ("a", "b", "c")]
    with pytest.raises(ValueError, match=r"one or two parameters, got 3 \(a, b, c\)"):
        explorable(decay_view, *ps, caption="c", alt="a plot")
    with pytest.raises(ValueError, match="got 0"):
        explorable(decay_view, caption="c", alt="a plot")
    with pytest.raises(ValueError, match="both named 'a'"):
        explorable(decay_view, ps[0], Param("a", [3]), caption="c", alt="a plot")


def test_caption_and_alt_are_required():
    """A caption and alt text are required."""
    p = Param("rate", [1.0])
    with pytest.raises(ValueError, match="caption"):
        explorable(decay_view, p, caption=" ", alt="a plot")
    with pytest.raises(ValueError, match="alt"):
        explorable(decay_view, p, caption="c", alt="")


def test_a_failing_render_names_the_parameter_values():
    """A view that raises while rendering is reported with the setting."""

    def view(fig):
        fig.subplots()

        def update(rate):
            if rate > 1:
                raise ZeroDivisionError("boom")
            return "ok"

        return update

    with pytest.raises(RenderError, match=r"rendering failed at rate=2.*ZeroDivisionError"):
        explorable(view, Param("rate", [0.5, 2]), caption="c", alt="a plot")


def test_a_view_that_fails_or_returns_no_update_is_reported():
    """A view that fails or returns no update function is reported."""

    def broken(fig):
        raise RuntimeError("no axes")

    with pytest.raises(RenderError, match="failed while building.*no axes"):
        explorable(broken, Param("rate", [1]), caption="c", alt="a plot")
    with pytest.raises(RenderError, match="must return an update"):
        explorable(lambda fig: None, Param("rate", [1]), caption="c", alt="a plot")


def test_update_with_the_wrong_keyword_is_reported():
    """An update that does not take the parameter's name is reported."""
    with pytest.raises(RenderError, match=r"rendering failed at dose=1.*unexpected keyword"):
        explorable(decay_view, Param("dose", [1]), caption="c", alt="a plot")


def test_update_returning_a_number_is_reported():
    """An update must return a str readout or None."""

    def view(fig):
        fig.subplots()
        return lambda rate: 3.0

    with pytest.raises(RenderError, match="str readout or None, got float"):
        explorable(view, Param("rate", [1]), caption="c", alt="a plot")


def test_render_png_has_no_timestamp_and_is_stable():
    """PNG bytes carry no timestamp or software tag and do not change."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(2, 1), dpi=50)
    fig.subplots().plot([0, 1], [1, 0])
    a, b = render_png(fig), render_png(fig)
    assert a == b and a.startswith(b"\x89PNG")
    assert b"tIME" not in a and b"Software" not in a
