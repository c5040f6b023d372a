"""docs/items.md, the teacher's per-item table (issue 21), is current and complete."""

from __future__ import annotations

from pathlib import Path

from medialit import qtypes
from medialit.curriculum.items_table import counts, render, rows
from medialit.curriculum.spec import load_objectives

ROOT = Path(__file__).resolve().parents[2]


def test_docs_items_md_is_current(case, lessons):
    expected = render(lessons, case.article.title, load_objectives())
    assert (ROOT / "docs" / "items.md").read_text(encoding="utf-8") == expected, (
        "docs/items.md is stale: run `make items-table`"
    )


def test_every_graded_item_has_one_line_with_all_four_columns(lessons):
    table = rows(lessons)
    assert [r[0] for r in table] == [q.id for lesson in lessons for q in lesson.questions]
    assert all(all(cell.strip() for cell in r) for r in table)


def test_no_recall_items_are_left_and_search_items_need_the_packet(lessons):
    n = counts(lessons)
    assert n["recall"] == 0
    searches = [q for lesson in lessons for q in lesson.questions if qtypes.get(q.type).searches_packet]
    assert n["search items that need the search"] == len(searches)
    line = next(r for r in rows(lessons) if r[0] == "L5.Q8")
    assert line[3].startswith("packet only: nbc-2012-02-09")


def test_an_items_own_skill_and_key_basis_win_over_the_defaults(lessons):
    line = next(r for r in rows(lessons) if r[0] == "L1.Q1")
    assert line[1] == "apply the provenance checklist to a source the page credits [S1]"
    assert "gives no date, title or link" in line[2]
    derived = next(r for r in rows(lessons) if r[0] == "L5.Q3")
    assert derived[2].startswith("The fact check of P1.c")
    default = next(r for r in rows(lessons) if r[0] == "L2.Q2")
    assert default[2].startswith("derived from the annotations (") and "claim_spans(" in default[2]
