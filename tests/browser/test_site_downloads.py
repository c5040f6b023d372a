"""The built student site is the course site: exercise previews, download links, the wheel, no toggles.

Every page comes from the real Jupyter Book build of the session (``student_site``), served
on 127.0.0.1 and opened in Debian's Chromium; every request outside localhost is aborted and
fails the test.
"""

from __future__ import annotations

import io
import json
import pathlib
import urllib.request
import zipfile
from typing import Any
from urllib.parse import urljoin

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.book, pytest.mark.timeout(900)]


def _open(new_guarded_page: Any, wait_for_widgets: Any, url: str) -> tuple[Any, Any]:
    page, guard = new_guarded_page()
    page.goto(url)
    page.wait_for_load_state("networkidle")
    wait_for_widgets(page)
    return page, guard


def test_exercise_pages_preview_widgets_and_link_their_downloads(
    student_site: tuple[str, pathlib.Path], new_guarded_page: Any, wait_for_widgets: Any
) -> None:
    base, html = student_site
    pages = sorted(p.relative_to(html).as_posix() for p in (html / "exercises").glob("*.html"))
    assert pages
    previews = 0
    for name in pages:
        page, guard = _open(new_guarded_page, wait_for_widgets, f"{base}/{name}")
        # No "Show code cell source" toggles on a student page.
        assert page.get_by_text("Show code cell source").count() == 0, name
        assert page.locator("details.hide-above-input, .toggle-details, .cell.tag_hide-input").count() == 0, name
        link = page.get_by_role("link", name="Download this notebook")
        assert link.count() == 1, f"{name}: no 'Download this notebook' link"
        hrefs = page.locator("a.medialit-download").evaluate_all("as => as.map(a => a.href)")
        assert any(h.endswith(".ipynb") for h in hrefs) and any(h.endswith(".zip") for h in hrefs)
        for href in hrefs:
            rel = href.removeprefix(base + "/")
            assert (html / rel).is_file(), f"{name}: {href} is not a file of the built site"
            with urllib.request.urlopen(href) as resp:  # the served site answers it, too
                assert resp.status == 200
        ipynb = next(h for h in hrefs if h.endswith(".ipynb")).removeprefix(base + "/")
        notebook = json.loads((html / ipynb).read_text())
        assert notebook["metadata"].get("medialit"), f"{name}: the download is not the exercise notebook"
        stem = pathlib.PurePosixPath(name).stem
        with zipfile.ZipFile(io.BytesIO((html / "_static/downloads/exercises" / f"{stem}.zip").read_bytes())) as zf:
            assert sorted(zf.namelist()) == sorted([f"{stem}.ipynb", "medialit-case.json"])
        # A read-only preview of each widget answer cell: rendered, with the note that nothing is saved.
        widgets = page.locator("[data-medialit-static]")
        if widgets.count():
            previews += widgets.count()
            assert page.locator(".medialit-preview-note").count() == widgets.count(), name
            assert page.locator("[data-medialit-static] [role=alert]").count() == 0, name
            assert page.locator("[data-medialit-static] [data-medialit-widget]").count() == widgets.count()
        install = page.locator(".medialit-downloads").get_by_role("link", name="Install medialit")
        assert install.count() == 1
        assert (html / urljoin(name, install.get_attribute("href") or "")).is_file()
        assert not guard.external, f"{name}: requests outside localhost: {guard.external}"
        assert not guard.errors, guard.errors
    assert previews >= 5, "the exercises show fewer widget previews than they have widget questions"


def test_install_page_points_pip_at_the_sites_own_wheel(
    student_site: tuple[str, pathlib.Path], new_guarded_page: Any, wait_for_widgets: Any
) -> None:
    base, html = student_site
    wheels = list((html / "_static" / "downloads").glob("medialit-*-py3-none-any.whl"))
    assert len(wheels) == 1
    with zipfile.ZipFile(wheels[0]) as zf:
        assert "medialit/runtime/__init__.py" in zf.namelist()
    page, guard = _open(new_guarded_page, wait_for_widgets, f"{base}/install.html")
    text = page.locator("main").inner_text()
    assert f"pip install ./{wheels[0].name}" in text
    assert f"_static/downloads/{wheels[0].name}" in text
    assert "pip install medialit\n" not in text
    href = page.get_by_role("link", name=wheels[0].name).first.get_attribute("href")
    assert (html / (href or "")).resolve() == wheels[0].resolve()
    assert not guard.external
