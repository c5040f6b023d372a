"""A Sphinx extension that :func:`medialit.publish.book.build_book` adds to every book build.

It mends two page errors of the Jupyter Book 1 toolchain, so every built page loads with no
console error:

- sphinx-thebe adds its inline config (``const THEBE_JS_URL = ...``) on each
  ``env-before-read-docs``, which a build with notebooks fires more than once, so most pages
  declared the constant twice and the second copy threw ``Identifier 'THEBE_JS_URL' has
  already been declared``. Each page now gets each script once.
- Sphinx's search shows a snippet of each result by fetching its page, which a browser refuses
  for a book opened from disk (``file://``: a CORS error per result). There the results list
  titles only; served over HTTP they keep their snippets.
- pydata-sphinx-theme reads the colour mode from the template variable ``default_mode``
  (``html_context``); Jupyter Book leaves it empty, which the theme reports as ``Got invalid
  theme mode: .`` on a first visit. It is now ``auto`` (the theme's own fallback) unless the
  book sets one.

Sphinx is not imported: the hooks receive its objects, typed ``Any``.
"""

from __future__ import annotations

from typing import Any

#: Run after ``documentation_options.js`` (priority 200), before any search runs.
FROM_DISK_SCRIPT = 'if (location.protocol === "file:") DOCUMENTATION_OPTIONS.SHOW_SEARCH_SUMMARY = false;'

#: The colour mode of a book whose config names none (light or dark, as the reader's system is).
DEFAULT_MODE = "auto"


def _script_key(script: object) -> tuple[str, str]:
    # An inline script's file name is None or "" depending on who added it: both mean "no file".
    filename = getattr(script, "filename", script) or ""
    attributes = getattr(script, "attributes", {})
    return (str(filename), repr(sorted(attributes.items())))


def unique_scripts(scripts: list[object]) -> list[object]:
    """``scripts`` without repeats (same file or inline body, same attributes), first kept."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for script in scripts:
        key = _script_key(script)
        if key not in seen:
            seen.add(key)
            kept.append(script)
    return kept


def _page_context(app: object, pagename: str, templatename: str, context: dict[str, object], doctree: object) -> None:
    scripts = context.get("script_files")
    if isinstance(scripts, list):
        # In place: it is the builder's own list, to which later handlers still add.
        scripts[:] = unique_scripts(scripts)
    if not context.get("default_mode"):
        context["default_mode"] = DEFAULT_MODE


def setup(app: Any) -> dict[str, object]:
    """Sphinx's entry point."""
    # Early: ``html-page-context`` stops at the first handler that returns a template name.
    app.connect("html-page-context", _page_context, priority=100)
    app.add_js_file(None, body=FROM_DISK_SCRIPT, priority=201)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
