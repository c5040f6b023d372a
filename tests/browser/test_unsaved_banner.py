"""A split environment (medialit in the kernel, anywidget missing beside the Jupyter server) says so.

There the front end cannot run the live widget and shows the ``text/html`` fallback of the
widget's output instead; clicks on it never reach the kernel. The output here comes from a real
kernel (``show()`` run by nbclient), and Chromium renders its ``text/html`` as such a front end
does: a visible "Answers here are not saved: ..." banner with the fix, and every button says so
(its title, and ``aria-describedby`` pointing at the banner). The book's previews, built without
a kernel, carry no such banner.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

from medialit.runtime.showing import UNSAVED_NOTE

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
SETUP = "from medialit.runtime import show, use\nuse('medialit-case.json', case_id='mek')"


def kernel_widget_html(tmp_path: Path) -> str:
    """The ``text/html`` of ``show('L3.Q1')``'s widget output, from a real kernel."""
    shutil.copy(ROOT / "exercises" / "medialit-case.json", tmp_path / "medialit-case.json")
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                "from medialit.runtime import show, use\nuse('medialit-case.json', case_id='mek')"
            ),
            nbformat.v4.new_code_cell("show('L3.Q1')"),
        ]
    )
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    (widget,) = [o for o in nb.cells[1].outputs if WIDGET_VIEW in o.get("data", {})]
    return str(widget["data"]["text/html"])


def page_of(site: Any, name: str, body: str) -> str:
    base, root = site
    (root / f"{name}.html").write_text(
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{name}</title></head>'
        f"<body>{body}</body></html>",
        encoding="utf-8",
    )
    return f"{base}/{name}.html"


def test_static_fallback_in_a_live_notebook_says_answers_are_not_saved(
    tmp_path: Path, site: Any, guarded_page: Any, wait_for_widgets: Any
) -> None:
    page, _ = guarded_page
    page.goto(page_of(site, "unsaved", kernel_widget_html(tmp_path)))
    wait_for_widgets(page)
    assert page.get_attribute("#medialit-L3-Q1", "data-medialit-render-ms") is not None, "the widget rendered"
    root = "#medialit-L3-Q1"
    banner = page.locator(f"{root} .medialit-unsaved")
    assert banner.is_visible()
    text = banner.inner_text()
    assert text.startswith("Answers here are not saved: ")
    assert "pip install anywidget" in text and "restart Jupyter" in text
    assert banner.get_attribute("role") == "note"
    item = page.locator(f"{root} button.medialit-item").first
    assert (item.get_attribute("title") or "").startswith("Not saved: ")
    assert item.get_attribute("aria-describedby") == banner.get_attribute("id")
    item.click()
    assert item.get_attribute("aria-pressed") == "true"  # it still shows the choice ...
    assert "Your last change is shown but was not saved." in banner.inner_text()  # ... and says it was not saved
    for button in page.locator(f"{root} button").all():
        assert (button.get_attribute("title") or "").startswith("Not saved: ")


def test_book_preview_has_no_unsaved_banner(site: Any, guarded_page: Any, wait_for_widgets: Any) -> None:
    from medialit.api import load_module
    from medialit.model import find_question
    from medialit.widgets import ClaimSpotter

    _, q = find_question(load_module()[1], "L3.Q1")
    widget = ClaimSpotter.from_question(q, mode="graded")
    page, _ = guarded_page
    page.goto(page_of(site, "preview", widget.static_html()))
    wait_for_widgets(page)
    assert page.locator(".medialit-unsaved").count() == 0
    assert UNSAVED_NOTE not in page.content()
