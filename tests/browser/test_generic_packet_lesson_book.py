"""The generic Lesson 5 ("Leave the page") in a real student book, in headless Chromium, offline.

The case is the mini case plus a small synthetic packet (tests/integration/test_generic_packet_lesson.py).
On the built lesson page the practice search lab searches with no kernel: a student runs the
model query, opens the source's own page, chooses the date and checks; the exercise page's
search lab preview searches too. No request leaves localhost; axe-core finds no serious or
critical WCAG 2 A/AA violation with the reader open.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from tests.browser.conftest import serve
from tests.integration.test_generic_packet_lesson import _packet_case

from medialit.api import build, load_module
from medialit.qtypes.search_lab import MIN_SECONDS

pytestmark = [pytest.mark.browser, pytest.mark.book, pytest.mark.timeout(900)]

ROOT = Path(__file__).resolve().parents[2]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]}}


def test_lesson_5_searches_offline_in_the_book(
    tmp_path: Path, new_guarded_page: Any, wait_for_widgets: Any, axe_source: str
) -> None:
    case_dir = _packet_case(tmp_path / "mini-packet")
    project = tmp_path / "project"
    shutil.copytree(ROOT / "book", project / "book", ignore=shutil.ignore_patterns("_build"))
    html = build("student", case_dir=case_dir, root=project)
    lesson5 = load_module(case_dir)[1][-1]
    practice = lesson5.practice[0]
    query, doc = practice.key["queries"][0], practice.key["opened"][0]["doc"]
    answer = practice.key["answer"]
    with serve(html) as base:
        page, guard = new_guarded_page()
        page.goto(f"{base}/lessons/05-leave-the-page.html")
        page.wait_for_load_state("networkidle")
        wait_for_widgets(page)
        root = "#medialit-L5-P1"
        page.fill(f"{root} input[type=search]", query)
        page.keyboard.press("Enter")
        assert page.locator(f'{root} li.medialit-result[data-doc="{doc}"]').count() == 1
        page.click(f'{root} button.medialit-result-open[data-doc="{doc}"]')
        assert "official record" in page.inner_text(f"{root} .medialit-reader")
        violations = _axe(page, axe_source)
        page.wait_for_timeout((MIN_SECONDS + 0.5) * 1000)  # read it: a glance earns no process credit
        page.click(f"{root} .medialit-back")
        page.check(f"{root} input[type=radio][value={answer}]")
        page.click(f"{root} .medialit-check")
        feedback = page.inner_text(f"{root} .medialit-feedback >> nth=1")
        assert "✓ Right, and confirmed by an independent source." in feedback
        assert violations == [], violations

        page, guard2 = new_guarded_page()
        page.goto(f"{base}/exercises/05-leave-the-page.html")
        page.wait_for_load_state("networkidle")
        wait_for_widgets(page)
        q1 = "#medialit-L5-Q1"
        page.fill(f"{q1} input[type=search]", "heart of our town")
        page.keyboard.press("Enter")
        assert page.locator(f"{q1} li.medialit-result").first.get_attribute("data-doc") == "friends"
    for g in (guard, guard2):
        assert not g.external, g.external
        assert g.errors == []


def _axe(page: Any, axe_source: str) -> list[str]:
    page.add_script_tag(content=axe_source)
    found: list[dict[str, Any]] = page.evaluate(
        """async (options) => (await axe.run(document, options)).violations.map(
            (v) => ({id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.html.slice(0, 160))}))""",
        AXE_OPTIONS,
    )
    return [f"{v['id']}: {v['nodes'][:2]}" for v in found if v["impact"] in ("serious", "critical")]
