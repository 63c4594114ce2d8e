"""myst-nb MIME render plugin: self-check questions on the website (see :mod:`her2book.selfcheck`).

A notebook cell that shows a question outputs three MIME types: ``text/plain`` (the prompt and
options), ``text/html`` (the standalone variant for JupyterLab, with its own ``<style>`` and
``<script>``) and :data:`her2book.selfcheck.MIME` (the question as JSON). :class:`SelfCheckMime`
makes every HTML builder (``html``, ``dirhtml``, ``singlehtml``, ``epub`` …) prefer the JSON and
renders it as :func:`~her2book.selfcheck.site_html`: the same markup without ``<style>`` or
``<script>`` (the site loads ``selfcheck.css`` and ``selfcheck.js`` on every page), so pages stay
valid HTML. Other builders (``latex``, ``text``, ``man`` …) do not know the JSON type and fall back
on ``text/plain``.

The question is taken from the package's YAML files by its id when it is there, so a rebuild shows
the current wording even if the notebook's output was cached; the JSON in the output is used only
for a question that is not in the files. A question shown twice on one page (its element ids would
clash) or malformed data is a build warning, which fails the book's ``-W`` build.

Registered in ``pyproject.toml`` (entry-point group ``myst_nb.mime_renderers``); the priority
overrides travel with the plugin (:attr:`SelfCheckMime.mime_priority_overrides`), so any book that
installs the package renders questions the same way.
"""

from __future__ import annotations

import json
import weakref
from typing import Any, ClassVar

from docutils import nodes

from . import selfcheck

__all__ = ["HTML_BUILDERS", "SelfCheckMime"]

#: Builders that write HTML (myst-nb's priority lists for them rank ``text/html`` high).
HTML_BUILDERS = (
    "html",
    "dirhtml",
    "singlehtml",
    "epub",
    "applehelp",
    "devhelp",
    "htmlhelp",
    "qthelp",
    "json",
    "pickle",
    "readthedocs",
    "readthedocsdirhtml",
    "readthedocssinglehtml",
    "readthedocssinglehtmllocalmedia",
)

# Question ids already rendered in each document being read (weak: documents come and go).
_shown: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _question(data: Any) -> selfcheck.Question:
    content = data.content
    if not isinstance(content, dict):
        content = json.loads(data.string)
    if not isinstance(content, dict) or content.get("version") != selfcheck.VERSION:
        raise ValueError(
            f"self-check output: expected version {selfcheck.VERSION} data with an id, "
            "re-execute the notebook"
        )
    known = selfcheck.load()
    if content.get("id") in known:
        return known[content["id"]]
    return selfcheck.Question.from_json(content, "self-check output")


class SelfCheckMime:
    """Renders :data:`her2book.selfcheck.MIME` as the site variant of a question."""

    mime_priority_overrides: ClassVar = [(b, selfcheck.MIME, 0) for b in HTML_BUILDERS]

    @staticmethod
    def handle_mime(renderer: Any, data: Any, inline: bool) -> list[nodes.Element] | None:
        if data.mime_type != selfcheck.MIME or inline:
            return None
        where = {"line": data.line} if data.line is not None else {}
        try:
            q = _question(data)
        except ValueError as exc:
            renderer.logger.warning(str(exc), subtype="selfcheck", **where)
            return []
        document = renderer.renderer.document
        seen = _shown.setdefault(document, set())
        if q.id in seen:
            renderer.logger.warning(
                f"self-check question {q.id!r} is shown twice on this page (element ids would "
                "repeat): show each question once",
                subtype="selfcheck",
                **where,
            )
            return []
        seen.add(q.id)
        return [
            nodes.raw(
                "", selfcheck.site_html(q), format="html", classes=["output", "her2book-selfcheck"]
            )
        ]
