"""The website on every device (issue 14): Sphinx-side fixes to the theme's and extensions' output,
each where the problem starts (a config default, a node, a page's asset list), never by
rewriting HTML text. Set up by :mod:`her2book.sphinx_ext`.

Speed (what Lighthouse's phone simulation measured; before/after in ``benchmarks/README.md``):

- Every script a page loads is deferred (run after parsing, in document order), so none blocks
  the first paint. Inline scripts that use ``DOCUMENTATION_OPTIONS`` (defined by a deferred file)
  become module scripts, which run in the same ordered queue. Inline scripts that only declare
  settings stay classic and run at once.
- A page loads only the assets its content uses: code-copy buttons where there is code, toggle
  buttons where there are dropdowns, sphinx-design where there are design elements, the
  exercise and explorable files where there are exercises and explorables. (The self-check
  files stay on every page, as :mod:`her2book.selfcheck_render` promises: 4 KB compressed.)
  sphinx-thebe's files go when Thebe is off (``launch_buttons: thebe: false``).
- pydata-sphinx-theme 0.17 loads Sphinx's search index on every page for its search-as-you-type
  dialog; the book has that feature off (``search_as_you_type``), so ``book/_templates/layout.html``
  loads it only on the search page.
- The colour theme is resolved in the page's head (``book/_templates/layout.html``), not after
  parsing by the theme's script, whose late change restyled every element of the page.
- MathJax loads on demand (``book/_static/her2book-math.js``): when a formula is on screen, when
  the reader first scrolls the page (not the sidebar, which the theme scrolls as a page loads),
  types or taps, or before printing (never on a page without formulas);
  and it typesets lazily (its ``ui/lazy`` component: formulas as they come into view).

Keyboard and screen readers: formulas are out of the Tab order (MathJax 3.2
``options.menuOptions.settings.inTabOrder: false``; a reader can opt back in from MathJax's
context menu).

Valid HTML (W3C Nu HTML Checker):

- sphinx-exercise 1.2 gives every exercise and solution body the id ``exercise-content`` or
  ``solution-content``: duplicate ids on any page with two. :func:`unique_exercise_ids` turns
  them into classes (the extension's CSS and JavaScript do not use the ids).
- sphinx-external-toc writes ``index.html`` as a bare ``<meta>`` redirect (no doctype, no title).
  The book renders its own ``index.html`` from ``book/_templates/her2book-redirect.html`` (an
  ``html_additional_pages`` entry), a complete page with a link, so the extension leaves it.

Icons: the theme draws its icons from Font Awesome's solid webfont (153 KB, fetched at high
priority by every page). :func:`subset_icons` writes, after the build, a copy with only the glyphs
the site uses (the ``fa-*`` classes in its pages and scripts, and the icons the theme's stylesheets
name directly), about 5 KB; ``book/_static/her2book.css`` points the font at that copy.

Theme: pydata-sphinx-theme 0.17 adds its search field to a top bar unless the user sets
``navbar_persistent``; sphinx-book-theme 1.3 declares it empty in its ``theme.conf``, which the
newer code no longer reads, so every page had two search fields. It is set empty here.

Keyboard: on a page with explorables, the skip-link bar holds a second link, "Skip to the first
interactive figure" (the second Tab stop of the page): Enter, then Tab, and the reader is on its
first slider, past the start-of-chapter questions and the links of the text (Chapter 1's first
slider is 81 Tab presses from "Skip to main content").

Each page gets a ``<meta name="description">``: its front matter's ``description``, else the first
paragraph of its text (:func:`page_description`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders.html._assets import _CascadingStyleSheet, _JavaScript

__all__ = [
    "DESCRIPTION_CHARS",
    "page_description",
    "page_assets",
    "icons_used",
    "subset_icons",
    "setup",
    "unique_exercise_ids",
]

#: Longest description, in characters (search engines show about 155).
DESCRIPTION_CHARS = 155

#: The loader that replaces MathJax's own script tag (in ``book/_static``).
MATH_LOADER = "her2book-math.js"

#: Assets a page loads only when its body uses them: file name (as the extensions register it)
#: → a pattern its HTML body contains when it needs the file.
_CLASS = r'class="(?:[^"]*\s)?'
NEEDS: dict[str, re.Pattern[str]] = {
    name: re.compile(pattern)
    for names, pattern in [
        (("clipboard.min.js", "copybutton.js", "copybutton.css"), _CLASS + r"highlight"),
        (("pygments.css",), _CLASS + r"highlight"),
        (("togglebutton.js", "togglebutton.css"), _CLASS + r"(?:toggle|dropdown)(?:[\s\"])"),
        (("design-tabs.js", "sphinx-design.min.css"), _CLASS + r"sd-"),
        (("exercise.css",), _CLASS + r"(?:exercise|solution)(?:[\s\"])"),
        (("explorable.js", "explorable.css"), r"data-her2book-explorable"),
    ]
    for name in names
}
#: Inline scripts that belong to an asset above (sphinx-togglebutton's settings).
INLINE_OF = {"togglebutton.js": re.compile(r"\btoggle(?:Hint|OpenOnPrint|buttonSelector)")}
THEBE = ("sphinx-thebe.js", "sphinx-thebe.css")
THEBE_INLINE = re.compile(r"\bTHEBE_JS_URL\b")


def _name(asset: Any) -> str:
    return str(getattr(asset, "filename", asset) or "").rsplit("/", 1)[-1].split("?", 1)[0]


def _body(asset: Any) -> str:
    return getattr(asset, "attributes", {}).get("body", "") or ""


def page_assets(body: str | None, names: list[str], *, thebe: bool = False) -> list[bool]:
    """Which of the assets ``names`` (file names; ``""`` for inline scripts, see
    :func:`_keep_script`) a page with HTML ``body`` needs. ``body=None`` (a page without a
    document body: search, index) keeps every asset."""
    keep = []
    for name in names:
        if name in THEBE and not thebe:
            keep.append(False)
        elif body is None or name not in NEEDS:
            keep.append(True)
        else:
            keep.append(bool(NEEDS[name].search(body)))
    return keep


def _keep_script(script: Any, body: str | None, thebe: bool) -> bool:
    name = _name(script)
    if name:
        return page_assets(body, [name], thebe=thebe)[0]
    inline = _body(script)
    if THEBE_INLINE.search(inline):
        return thebe
    for owner, pattern in INLINE_OF.items():
        if pattern.search(inline):
            return page_assets(body, [owner], thebe=thebe)[0]
    return True


def _deferred(script: Any, pathto: Any, mathjax: str) -> Any:
    """The script as the page should load it: files deferred, MathJax behind its loader, inline
    code that needs a deferred file as a module (modules run in order with deferred scripts)."""
    attrs = dict(getattr(script, "attributes", {}))
    name = str(getattr(script, "filename", "") or "")
    priority = getattr(script, "priority", 500)
    if name and name in (mathjax, "_static/" + mathjax):
        attrs.pop("async", None)
        attrs["defer"] = "defer"
        attrs["data-mathjax"] = pathto(name, resource=True)
        return _JavaScript("_static/" + MATH_LOADER, priority=priority, **attrs)
    if name:
        if "async" in attrs or attrs.get("type") == "module":
            return script
        attrs["defer"] = "defer"
        return _JavaScript(name, priority=priority, **attrs)
    if "DOCUMENTATION_OPTIONS" in _body(script) and not attrs.get("type"):
        attrs["type"] = "module"
        return _JavaScript("", priority=priority, **attrs)
    return script


_DIV = re.compile(r"<div\b[^>]*>")
# An attribute name starts after a space, not inside another name ("data-id").
_EXPLORABLE_CLASS = re.compile(r"""\sclass=["'](?:[^"']*\s)?her2book-explorable(?:\s[^"']*)?["']""")
_ID = re.compile(r"""\sid=["']([\w-]+)["']""")


def first_explorable(body: str | None) -> str | None:
    """The id of the page's first explorable: the first ``<div>`` with class
    ``her2book-explorable`` (markup of :mod:`her2book.explorable_web`) and an id, whatever the
    order of its attributes."""
    for tag in _DIV.finditer(body or ""):
        if _EXPLORABLE_CLASS.search(tag.group(0)) and (found := _ID.search(tag.group(0))):
            return found.group(1)
    return None


def _skip_links(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """The page's first explorable, for the second skip link (``book/_templates/layout.html``)."""
    body = context.get("body") if isinstance(context.get("body"), str) else None
    context["her2book_first_explorable"] = first_explorable(body)


def _assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Per page: drop the assets its content does not use, defer every script, MathJax on
    demand, and the description."""
    body = context.get("body") if isinstance(context.get("body"), str) else None
    options = app.builder.theme_options if hasattr(app.builder, "theme_options") else {}
    thebe = bool((options.get("launch_buttons") or {}).get("thebe"))
    scripts = context.get("script_files")
    if scripts is not None:
        pathto = context["pathto"]
        mathjax = str(app.config.mathjax_path or "")
        scripts[:] = [
            _deferred(s, pathto, mathjax)
            for s in scripts
            if isinstance(s, _JavaScript) and _keep_script(s, body, thebe)
        ] + [s for s in scripts if not isinstance(s, _JavaScript)]
    css = context.get("css_files")
    if css is not None:
        css[:] = [
            c
            for c in css
            if not isinstance(c, _CascadingStyleSheet)
            or page_assets(body, [_name(c)], thebe=thebe)[0]
        ]
    description = page_description(doctree, context.get("meta") or {})
    metatags = context.get("metatags", "")
    if description and 'name="description"' not in metatags:
        from html import escape

        context["metatags"] = (
            metatags + f'\n    <meta name="description" content="{escape(description)}" />'
        )


# Content that is not the page's own running text.
_NOT_PROSE = (
    nodes.Admonition,
    nodes.container,
    nodes.table,
    nodes.topic,
    nodes.sidebar,
    nodes.footnote,
    nodes.citation,
    nodes.field_list,
    nodes.list_item,
    nodes.definition_list,
    nodes.raw,
    nodes.figure,
    addnodes.toctree,
    addnodes.compact_paragraph,
)


def _shorten(text: str, limit: int = DESCRIPTION_CHARS) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:–—-")
    return cut + "…"


def page_description(doctree: nodes.Node | None, meta: dict[str, Any]) -> str:
    """A page's description: front matter ``description`` if set, else its first paragraph of
    running text (not inside an admonition, a notebook cell, a table, a list, a figure …),
    shortened to :data:`DESCRIPTION_CHARS` at a word. ``""`` if the page has neither."""
    given = str(meta.get("description", "") or "").strip()
    if given:
        return _shorten(given)
    if doctree is None:
        return ""
    for para in doctree.findall(nodes.paragraph):
        parent, inside = para.parent, False
        while parent is not None:
            if isinstance(parent, _NOT_PROSE):
                inside = True
                break
            parent = parent.parent
        text = para.astext().strip()
        if not inside and len(text) >= 40:
            return _shorten(text)
    return ""


_EXTENSION_IDS = {"exercise-content", "solution-content"}


def unique_exercise_ids(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """sphinx-exercise's fixed body ids (``exercise-content``, ``solution-content``), repeated by
    every exercise and solution on a page, become classes of the same name."""
    for section in doctree.findall(nodes.section):
        fixed = [i for i in section["ids"] if i in _EXTENSION_IDS]
        if fixed:
            section["ids"] = [i for i in section["ids"] if i not in _EXTENSION_IDS]
            section["classes"] += [i for i in fixed if i not in section["classes"]]


#: MathJax 3.2 settings the site needs (merged into ``mathjax3_config``).
MATHJAX = {
    "loader": {"load": ["ui/lazy"]},
    "options": {"menuOptions": {"settings": {"inTabOrder": False}}},
}


def _merge(into: dict, extra: dict) -> dict:
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        elif isinstance(value, list) and isinstance(into.get(key), list):
            into[key] = into[key] + [v for v in value if v not in into[key]]
        else:
            into.setdefault(key, value)
    return into


def _configure(app: Sphinx, config: Any) -> None:
    """Config defaults: no top-bar search field, MathJax lazy and out of the Tab order, the
    book's own ``index.html``."""
    if config.html_theme in ("sphinx_book_theme", "pydata_sphinx_theme"):
        config.html_theme_options.setdefault("navbar_persistent", [])
    config.mathjax3_config = _merge(dict(config.mathjax3_config or {}), MATHJAX)
    if config.root_doc != "index":
        config.html_additional_pages.setdefault("index", "her2book-redirect.html")


def _redirect_context(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    if templatename == "her2book-redirect.html":
        context["redirect_to"] = context["pathto"](app.config.root_doc)


#: Font Awesome's solid font in the theme, and the subset the site uses (names in its folder).
ICON_FONT = "_static/vendor/fontawesome/webfonts/fa-solid-900.ttf"
ICON_SUBSET = "fa-solid-900.her2book.woff"
_ICON_RULE = re.compile(r"([^{}]*)\{([^{}]*)\}")
_ICON_CLASS = re.compile(r"^\.fa-([a-z0-9-]+)::?before$")
_ICON_ESCAPE = re.compile(r"\\([ef][0-9a-f]{3})\b", re.I)
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
_FA_NAME = re.compile(r"\bfa-([a-z0-9-]+)")


def icons_used(css_texts: list[str], page_texts: list[str]) -> set[int]:
    """Code points of the icon font that the site shows.

    css_texts : the stylesheets (Font Awesome's class rules ``.fa-NAME:before{content:"\\f0c9"}``
    map names to code points; any other rule's icon characters, escaped or literal, are used as
    they stand). page_texts : pages and scripts, whose ``fa-NAME`` classes pick icons by name.
    """
    by_name: dict[str, set[int]] = {}
    direct: set[int] = set()
    for css in css_texts:
        for selector, body in _ICON_RULE.findall(css):
            points = {int(h, 16) for h in _ICON_ESCAPE.findall(body)}
            points |= {ord(c) for c in _PRIVATE_USE.findall(body)}
            if not points:
                continue
            names = [_ICON_CLASS.match(sel.strip()) for sel in selector.split(",")]
            if all(names):
                for m in names:
                    by_name.setdefault(m.group(1), set()).update(points)
            else:
                direct |= points
    named = {n for text in page_texts for n in _FA_NAME.findall(text)}
    return direct | {p for n in named for p in by_name.get(n, ())}


def subset_icons(outdir: Path) -> Path | None:
    """Write the icon font with only the glyphs :func:`icons_used` finds in the built site
    ``outdir``; its path, or ``None`` when the site has no such font (another theme)."""
    font = outdir / ICON_FONT
    if not font.is_file():
        return None
    from fontTools import subset

    static = outdir / "_static"
    css = [f.read_text(encoding="utf-8", errors="replace") for f in static.rglob("*.css")]
    pages = [f.read_text(encoding="utf-8", errors="replace") for f in outdir.rglob("*.html")]
    pages += [
        f.read_text(encoding="utf-8", errors="replace")
        for f in static.rglob("*.js")
        if f.name != "fontawesome.js" and "vendor" not in f.parts
    ]
    points = icons_used(css, pages)
    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    loaded = subset.load_font(str(font), options)
    sub = subset.Subsetter(options)
    sub.populate(unicodes=sorted(points))
    sub.subset(loaded)
    out = font.with_name(ICON_SUBSET)
    subset.save_font(loaded, str(out), options)
    return out


def _icons(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        subset_icons(Path(app.outdir))


def setup(app: Sphinx) -> dict[str, Any]:
    # After sphinx-external-toc, which sets root_doc from the TOC at config-inited.
    app.connect("config-inited", _configure, priority=900)
    app.connect("doctree-resolved", unique_exercise_ids)
    app.connect("html-page-context", _redirect_context)
    app.connect("html-page-context", _skip_links)
    # After the other handlers (MathJax's at 500, sphinx_ext's duplicate-script filter at 900).
    app.connect("html-page-context", _assets, priority=950)
    app.connect("build-finished", _icons)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
