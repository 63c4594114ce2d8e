"""myst-nb plugins for the book's own outputs on the static site.

- :class:`ExplorableMime` renders :data:`her2book.explorable_web.MIME` (an explorable's frames) as
  plain HTML with its frames as image files (see :mod:`her2book.explorable_web`).
- :class:`Renderer` is myst-nb's element renderer minus the ipywidgets state on pages that show no
  widget view (selected with ``nb_render_plugin: her2book`` in ``_config.yml``).

Both are registered as entry points in ``pyproject.toml`` (groups ``myst_nb.mime_renderers`` and
``myst_nb.renderers``). This module imports myst-nb; the models and widgets never do.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from myst_nb.core.render import WIDGET_VIEW_MIMETYPE as WIDGET_VIEW
from myst_nb.core.render import NbElementRenderer

from .explorable_web import HTML_BUILDERS, MIME, composite_png, page_html

__all__ = ["ExplorableMime", "Renderer"]


class ExplorableMime:
    """myst-nb MIME render plugin for :data:`MIME` (entry point ``myst_nb.mime_renderers``)."""

    mime_priority_overrides: ClassVar = [(b, MIME, 0) for b in HTML_BUILDERS] + [("*", MIME, 5)]

    @staticmethod
    def handle_mime(renderer: Any, data: Any, inline: bool) -> list | None:
        if data.mime_type != MIME:
            return None
        content = data.content if isinstance(data.content, dict) else json.loads(data.string)
        env = renderer.renderer.sphinx_env
        builder = env.app.builder
        if builder.name not in HTML_BUILDERS:
            uri = renderer.write_file(
                [f"explorable-{hashlib.sha1(data.string.encode()).hexdigest()[:16]}.png"],
                composite_png(content),
                overwrite=True,
            )
            return [nodes.image(uri=uri, alt=content["frames"][content["start"]]["alt"])]
        folder = Path(env.app.outdir) / "_images" / "explorables"
        page = builder.get_target_uri(env.docname).split("#")[0]

        def url_for(png: bytes) -> str:
            name = hashlib.sha1(png).hexdigest()[:20] + ".png"
            path = folder / name
            if not path.exists():
                folder.mkdir(parents=True, exist_ok=True)
                path.write_bytes(png)
            return posixpath.relpath(f"_images/explorables/{name}", posixpath.dirname(page) or ".")

        uid = (
            "explorable-"
            + hashlib.sha1(
                f"{env.docname}:{data.cell_index}:{data.output_index}".encode()
            ).hexdigest()[:10]
        )
        markup = page_html(content, url_for, uid)
        return [nodes.raw("", markup, format="html", classes=["output", "her2book-output"])]


class Renderer(NbElementRenderer):
    """myst-nb's renderer, minus the widget state on pages whose widgets are all explorables.

    Every explorable output also carries :data:`~her2book.explorable_web.MIME`, which HTML builders
    render instead of the widget view, so its ipywidgets state (megabytes of frames) and the widget
    manager's JavaScript would be dead weight on the page. If any output is a widget view without
    that MIME type (an ordinary widget), the state is kept, as myst-nb does by default.
    """

    def render_nb_finalise(self, metadata: dict) -> None:
        if self.renderer.sphinx_env is None or _other_widgets(self.renderer.nb_client.notebook):
            super().render_nb_finalise(metadata)


def _other_widgets(notebook: Any) -> bool:
    """Whether a widget view in the notebook is not an explorable (so needs the widget state)."""
    return any(
        WIDGET_VIEW in output.get("data", {}) and MIME not in output.get("data", {})
        for cell in notebook.cells
        if cell.get("cell_type") == "code"
        for output in cell.get("outputs", [])
    )
