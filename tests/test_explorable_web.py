"""Explorables on the static site: the data in a notebook output and the page markup from it."""

from __future__ import annotations

import html.parser
import io
import json

import numpy as np
import pytest
from PIL import Image

from her2book import explorable_web
from her2book.explorable import Param, explorable

X = np.linspace(0, 10, 30)


def view(fig):
    """A line whose decay rate and height are the two parameters."""
    ax = fig.subplots()
    (line,) = ax.plot(X, np.exp(-X), animated=True)
    ax.set(ylim=(0, 2))

    def update(rate, scale):
        line.set_ydata(scale * np.exp(-rate * X))
        return f"rate {rate} & scale {scale} </script>"

    return update


@pytest.fixture(scope="module")
def made():
    return explorable(
        view,
        Param("rate", [0.1, 0.5, 1.0], "Decay rate", "1/day"),
        Param("scale", [1.0, 1.5], "Scale", initial=0),
        caption="Raise the rate.",
        alt="Line plot of size against time.",
    )


class Tags(html.parser.HTMLParser):
    """Collects start tags with their attributes, and the JSON manifest's text."""

    def __init__(self):
        super().__init__()
        self.tags, self.script, self._in_script = [], "", False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.script += data


def test_the_output_carries_the_widget_and_the_frames(made):
    """A notebook front end gets the widget view; the site gets every frame as data."""
    bundle = made._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    data = bundle[explorable_web.MIME]
    assert data["version"] == 1 and data["start"] == "1,0" and len(data["frames"]) == 6
    assert data["params"][0] == {
        "title": "Decay rate (1/day)",
        "values": ["0.1 1/day", "0.5 1/day", "1 1/day"],
        "start": 1,
    }
    assert data["frames"]["2,1"]["readout"] == made.readouts[2][1]
    json.dumps(data)  # plain JSON, storable in a notebook


def test_page_markup_shows_the_starting_frame_and_lists_the_others(made):
    """Without JavaScript the page shows the starting setting; the manifest holds every frame."""
    data = explorable_web.to_json(made.frameset, made.caption)
    written = []

    def url_for(png):
        written.append(png)
        return f"_images/f{len(written)}.png"

    markup = explorable_web.page_html(data, url_for, "explorable-x")
    parser = Tags()
    parser.feed(markup)
    images = [a for t, a in parser.tags if t == "img"]
    assert len(images) == 2 and images[0]["alt"] == "" and images[0]["aria-hidden"] == "true"
    assert images[1]["alt"] == data["frames"]["1,0"]["alt"]
    assert "Setting: Decay rate 0.5 1/day; Scale 1." in images[1]["alt"]
    manifest = json.loads(parser.script)
    assert len(manifest["frames"]) == 6 and len(written) == 7  # six frames and the background
    assert manifest["frames"]["1,0"]["src"] == images[1]["src"]
    assert manifest["frames"]["0,1"]["readout"].endswith("</script>")  # survived escaping
    assert ("p", {"class": "her2book-status", "role": "status", "aria-live": "polite"}) in (
        parser.tags
    )
    assert "Shown at Decay rate (1/day): 0.5 1/day; Scale: 1." in markup


def test_other_builders_get_the_starting_picture(made):
    """The composite of background and starting overlay equals the frame drawn over it."""
    data = explorable_web.to_json(made.frameset, made.caption)
    picture = np.asarray(Image.open(io.BytesIO(explorable_web.composite_png(data))))
    background = Image.open(io.BytesIO(made.frameset.background)).convert("RGBA")
    overlay = Image.open(io.BytesIO(made.frameset.overlays[(1, 0)])).convert("RGBA")
    expected = np.asarray(Image.alpha_composite(background, overlay).convert("RGB"))
    assert np.array_equal(picture, expected)


def test_unknown_versions_are_refused(made):
    """Data from a future format is not rendered half-right."""
    data = dict(explorable_web.to_json(made.frameset, made.caption), version=99)
    with pytest.raises(ValueError, match="version 99"):
        explorable_web.page_html(data, lambda png: "x.png", "e")


def test_widget_state_is_dropped_only_when_every_widget_is_an_explorable():
    """An ordinary widget view keeps the page's widget state; explorables alone do not."""
    from her2book.myst_render import _other_widgets

    class Notebook:
        def __init__(self, outputs):
            self.cells = [{"cell_type": "code", "outputs": outputs}]

    view_only = {"data": {"application/vnd.jupyter.widget-view+json": {}}}
    ours = {"data": {"application/vnd.jupyter.widget-view+json": {}, explorable_web.MIME: {}}}
    assert not _other_widgets(Notebook([ours]))
    assert _other_widgets(Notebook([ours, view_only]))
