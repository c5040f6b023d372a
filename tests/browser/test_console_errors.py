"""Every page of both editions loads in Chromium with no console error (issue 23).

One real Jupyter Book build per edition (the session's ``student_html`` and ``teacher_html``),
served on 127.0.0.1, and the student edition also opened from disk (``file://``), search
included. Each page opens in a fresh browser context, as on a first visit (the theme's colour
mode is read from empty storage then), and the test collects every console message of type
``error`` (a failed request or a 404 is one too) and every uncaught exception.
"""

from __future__ import annotations

import pathlib
from collections.abc import Callable
from typing import Any

import pytest
from tests.browser.conftest import serve

pytestmark = [pytest.mark.browser, pytest.mark.book, pytest.mark.timeout(900)]
#: What a book opened from disk may load: its own files and the widgets' in-page modules.
LOCAL = ("file:", "blob:", "data:")


def pages(html: pathlib.Path) -> list[str]:
    """Every HTML page of a built book, not the theme's or Sphinx's own folders."""
    found = sorted(
        p.relative_to(html).as_posix()
        for p in html.rglob("*.html")
        if not any(part.startswith("_") for part in p.relative_to(html).parts)
    )
    assert found, f"no pages in {html}"
    return found


def widget_errors(page: Any) -> list[str]:
    """The messages of widgets that could not be displayed (each shows one instead of itself)."""
    return [f"widget: {t}" for t in page.locator("[data-medialit-static] .medialit-error").all_inner_texts()]


def console_errors(
    html: pathlib.Path, new_guarded_page: Callable[..., tuple[Any, Any]], wait_for_widgets: Callable[[Any], None]
) -> dict[str, list[str]]:
    """``{page: [error, ...]}`` for each page of ``html`` with a console error or a page error."""
    failures: dict[str, list[str]] = {}
    with serve(html) as base:
        for name in pages(html):
            page, guard = new_guarded_page()
            errors: list[str] = []
            page.on("console", lambda msg, errors=errors: errors.append(msg.text) if msg.type == "error" else None)
            page.goto(f"{base}/{name}")
            page.wait_for_load_state("networkidle")
            wait_for_widgets(page)
            found = errors + [f"uncaught: {e}" for e in guard.errors] + [f"outside: {u}" for u in guard.external]
            found += widget_errors(page)
            if found:
                failures[name] = found
            page.context.close()
    return failures


def test_no_console_error_on_any_student_page(
    student_html: pathlib.Path, new_guarded_page: Any, wait_for_widgets: Any
) -> None:
    assert len(pages(student_html)) > 20
    assert console_errors(student_html, new_guarded_page, wait_for_widgets) == {}


def test_no_console_error_on_any_teacher_page(
    teacher_html: pathlib.Path, new_guarded_page: Any, wait_for_widgets: Any
) -> None:
    assert any(name.startswith("solutions/") for name in pages(teacher_html))
    assert console_errors(teacher_html, new_guarded_page, wait_for_widgets) == {}


def test_student_book_opened_from_disk_has_no_console_error_and_searches(
    student_html: pathlib.Path, chromium: Any, wait_for_widgets: Any
) -> None:
    """``book/_build/html/index.html`` opened as a file: every page, and a search with results."""
    failures: dict[str, list[str]] = {}
    for name in [*pages(student_html), "search.html?q=Giuliani"]:
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda msg, errors=errors: errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc, errors=errors: errors.append(f"uncaught: {exc}"))
        page.on("request", lambda r, errors=errors: None if r.url.startswith(LOCAL) else errors.append(r.url))
        path, _, query = name.partition("?")
        page.goto((student_html / path).as_uri() + (f"?{query}" if query else ""))
        page.wait_for_load_state("load")
        wait_for_widgets(page)
        errors += widget_errors(page)
        if query:
            page.wait_for_selector("#search-results ul.search li", timeout=20000)
            page.wait_for_load_state("networkidle")  # the snippets, if any, are fetched by now
        if errors:
            failures[name] = errors
        context.close()
    assert failures == {}
