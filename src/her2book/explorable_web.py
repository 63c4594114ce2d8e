"""Explorables on the static website: plain HTML, image files and a small script, no widget runtime.

Live in JupyterLab an explorable is an ipywidgets widget (:mod:`her2book.explorable`). On the built
site the same output is rendered from its frames instead, through the myst-nb MIME render plugin in
:mod:`her2book.myst_render` (registered in ``pyproject.toml``):

- every frame becomes an image file under ``_images/explorables/`` (named by its content hash, so
  a frame shared by two builds or pages is stored once);
- the page carries the caption, the shared background and the starting frame as ``<img>`` with
  alt text, the starting readout, and a JSON manifest of the other frames. With JavaScript off the
  reader sees the figure at its starting setting, described; ``book/_static/explorable.js`` adds
  native range sliders (``aria-valuetext`` = the value shown), one live region that announces the
  readout, and frame preloading;
- nothing of the ipywidgets state reaches the page: :class:`her2book.myst_render.Renderer` leaves
  the widget state and the widget manager's JavaScript out of every page that shows no widget view.

Builders other than HTML get the starting frame as one image.
"""

from __future__ import annotations

import base64
import html
import io
import json
from typing import Any

from .frames import FrameSet

__all__ = ["MIME", "composite_png", "page_html", "to_json"]

#: MIME type of an explorable's frames in a notebook output.
MIME = "application/vnd.her2book.explorable+json"
VERSION = 1
HTML_BUILDERS = ("html", "dirhtml", "singlehtml", "readthedocs")


def _key(index: tuple[int, ...]) -> str:
    return ",".join(map(str, index))


def to_json(frames: FrameSet, caption: str) -> dict[str, Any]:
    """The frames of an explorable as JSON-ready data (images base64-encoded)."""
    return {
        "version": VERSION,
        "caption": caption,
        "size": list(frames.size),
        "params": [
            {"title": p.title, "values": [p.show(v) for v in p.grid], "start": p.start}
            for p in frames.params
        ],
        "start": _key(frames.start),
        "background": base64.b64encode(frames.background).decode("ascii"),
        "frames": {
            _key(i): {
                "png": base64.b64encode(frames.overlays[i]).decode("ascii"),
                "alt": frames.alts[i],
                "readout": frames.readouts[i] or "",
            }
            for i in frames.overlays
        },
    }


def _attr(text: str) -> str:
    return html.escape(text, quote=True)


def _json_script(data: Any) -> str:
    # "</" cannot end the script early once escaped; the JSON stays valid.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


def page_html(data: dict[str, Any], url_for, uid: str) -> str:
    """The site's markup for one explorable.

    data : :func:`to_json` output. url_for : ``png bytes -> URL`` (writes the file, returns its
    address relative to the page). uid : an id unique on the page (prefix of element ids).
    """
    if data.get("version") != VERSION:
        raise ValueError(f"explorable data version {data.get('version')!r} is not {VERSION}")
    width, height = data["size"]
    frames = {
        key: {"src": url_for(base64.b64decode(f["png"])), "alt": f["alt"], "readout": f["readout"]}
        for key, f in data["frames"].items()
    }
    start = frames[data["start"]]
    background = url_for(base64.b64decode(data["background"]))
    size = f'width="{width}" height="{height}" class="dark-light"'
    setting = "; ".join(f"{p['title']}: {p['values'][p['start']]}" for p in data["params"])
    manifest = _json_script({"params": data["params"], "frames": frames})
    caption = html.escape(data["caption"])
    return f"""<div class="her2book-explorable" id="{uid}" data-her2book-explorable="">
<p class="her2book-try"><strong>Try this:</strong> {caption}</p>
<div class="her2book-controls"></div>
<noscript><p class="her2book-nojs">This figure is interactive when JavaScript is on. \
Shown at {html.escape(setting)}.</p></noscript>
<div class="her2book-figure">
<div class="her2book-background"><img src="{_attr(background)}" alt="" aria-hidden="true" {size}>\
</div>
<div class="her2book-frame"><img src="{_attr(start["src"])}" alt="{_attr(start["alt"])}" {size}>\
</div>
</div>
<p class="her2book-readout">{html.escape(start["readout"])}</p>
<p class="her2book-status" role="status" aria-live="polite"></p>
<script type="application/json" class="her2book-manifest">{manifest}</script>
</div>"""


def composite_png(data: dict[str, Any]) -> bytes:
    """The starting frame drawn over the background, as one PNG (for non-HTML builders)."""
    from PIL import Image

    def image(b64: str) -> Image.Image:
        return Image.open(io.BytesIO(base64.b64decode(b64))).convert("RGBA")

    picture = Image.alpha_composite(
        image(data["background"]), image(data["frames"][data["start"]]["png"])
    )
    out = io.BytesIO()
    picture.convert("RGB").save(out, format="PNG")
    return out.getvalue()
