"""Build lesson, exercise and solution notebooks in memory.

Builders return ``{relative path: NotebookNode}``; :mod:`medialit.notebooks.io`
writes them. Nothing here touches the file system.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
from nbformat import NotebookNode

from medialit import qtypes
from medialit.case.bundle import BUNDLE_FILE
from medialit.contracts import CELL_SCHEMA_VERSION, MARKER
from medialit.curriculum.bundle import student_bundle_bytes
from medialit.curriculum.spec import load_objectives
from medialit.model import Case, Lesson
from medialit.notebooks import cells
from medialit.notebooks.questions import practice_cells, question_cells, uses_widget
from medialit.readable import plural, points_split

EDITIONS = ("lessons", "exercises", "solutions")


def slug(lesson: Lesson) -> str:
    """File stem of a lesson: ``03-sourcing``."""
    words = re.sub(r"[^a-z0-9]+", "-", lesson.title.lower()).strip("-")
    return f"{lesson.number:02d}-{words}"


def _setup_source(case_ref: str | None) -> str:
    """The teacher's setup cell (solutions): the full case folder, or the embedded case."""
    arg = f"case={case_ref!r}, keys=True" if case_ref else "keys=True"
    return f"{MARKER}setup (run this cell first)\nfrom medialit.runtime import check, show, use\nuse({arg})"


def _student_setup_source(case: Case) -> str:
    """The students' setup cell (lessons, exercises): the case bundle next to the notebook."""
    return (
        f"{MARKER}setup (run this cell first)\nfrom medialit.runtime import check, show, use\n"
        f"use({BUNDLE_FILE!r}, case_id={case.article.id!r})"
    )


def _new_notebook(lesson: Lesson, case: Case, edition: str) -> NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.nbformat_minor = 5
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
        "medialit": {
            "schema_version": CELL_SCHEMA_VERSION,
            "case": case.article.id,
            "lesson": lesson.id,
            "edition": edition,
            "assignment": f"{case.article.id}-{lesson.id}",
        },
    }
    return nb


def _objectives_md(lesson: Lesson) -> str:
    text = {o.id: o.text for o in load_objectives()}
    lines = [f"*About {lesson.minutes} minutes.* By the end of this lesson you can:", ""]
    lines += [f"- **{oid}** {text[oid]}" for oid in lesson.objectives]
    return "\n".join(lines)


def lesson_notebook(lesson: Lesson, case: Case, case_ref: str | None = None) -> NotebookNode:
    """The lesson: text, worked examples, figures and practice widgets with feedback."""
    nb = _new_notebook(lesson, case, "lesson")
    lid = lesson.id
    nb.cells = [
        cells.markdown(f"# Lesson {lesson.number}: {lesson.title}", cells.cell_id(lid, "title")),
        cells.markdown(_objectives_md(lesson), cells.cell_id(lid, "objectives")),
        cells.code(_student_setup_source(case), cells.cell_id(lid, "setup"), "setup", locked=True, hide_input=True),
    ]
    practice = {q.id: q for q in lesson.practice}
    for n, sec in enumerate(lesson.sections, 1):
        cid = cells.cell_id(lid, f"s{n:02d}")
        if "md" in sec:
            nb.cells.append(cells.markdown(sec["md"], cid))
        elif "code" in sec:
            cell = cells.code(sec["code"], cid, hide_input=bool(sec.get("hide_input")))
            if sec.get("alt"):
                # MyST-NB reads the alt text of a figure output from this cell metadata.
                cell.metadata["mystnb"] = {"image": {"alt": sec["alt"]}}
            nb.cells.append(cell)
        elif "practice" in sec:
            q = practice[sec["practice"]]
            nb.cells.extend(practice_cells(q))
    return nb


def exercise_notebook(lesson: Lesson, case: Case, *, solution: bool, case_ref: str | None = None) -> NotebookNode:
    """The exercise notebook (``solution=False``) or the teacher's solutions."""
    nb = _new_notebook(lesson, case, "solutions" if solution else "exercises")
    lid = lesson.id
    total = sum(q.points for q in lesson.questions)
    auto = sum(q.points for q in lesson.questions if not qtypes.get(q.type).manual)
    head = [
        f"# Exercises {lesson.number}: {lesson.title}" + (" (solutions)" if solution else ""),
        "",
        f"{plural(len(lesson.questions), 'question')}, {plural(total, 'point')}: "
        + points_split(auto, total - auto)
        + ".",
        "Run the first code cell, then answer each question in the cell below it.",
        "Each `check(...)` cell runs public checks only (is it answered, is it well formed, is it complete);",
        "it is not your grade.",
    ]
    typed = [q for q in lesson.questions if (q.options or q.items) and not uses_widget(q)]
    if typed:
        head += [
            "",
            "Where an answer cell asks you to type ids, use the short code shown in `code style`"
            " beside each option or item (such as "
            + ", ".join(f"`{(q.options or q.items)[0].id}`" for q in typed[:2])
            + "); everywhere else, paragraphs are named by their number (the headline is paragraph 0).",
        ]
    if any(uses_widget(q) for q in lesson.questions):
        head.append("Widget answers are saved in the notebook as you click: save the notebook before you hand it in.")
    nb.cells = [
        cells.markdown("\n".join(head), cells.cell_id(lid, "ex-title")),
        cells.code(
            _setup_source(case_ref) if solution else _student_setup_source(case),
            cells.cell_id(lid, "ex-setup"),
            "setup",
            locked=True,
        ),
    ]
    for q in lesson.questions:
        nb.cells.extend(question_cells(q, case, solution=solution))
    return nb


def build_module(
    case: Case, lessons: tuple[Lesson, ...], case_ref: str | None = None
) -> dict[str, NotebookNode | bytes]:
    """Every notebook of the module, and the student bundle beside the lessons and exercises.

    Keyed by path relative to the output folder. Lessons and exercises load
    ``medialit-case.json`` from their own folder (each folder can be handed out
    alone); solutions load the teacher's case (``case_ref``, or the embedded one).
    """
    bundle = student_bundle_bytes(case, lessons)
    out: dict[str, NotebookNode | bytes] = {
        str(Path("lessons") / BUNDLE_FILE): bundle,
        str(Path("exercises") / BUNDLE_FILE): bundle,
    }
    for lesson in lessons:
        stem = slug(lesson)
        out[str(Path("lessons") / f"{stem}.ipynb")] = lesson_notebook(lesson, case, case_ref)
        out[str(Path("exercises") / f"{stem}.ipynb")] = exercise_notebook(
            lesson, case, solution=False, case_ref=case_ref
        )
        out[str(Path("solutions") / f"{stem}.ipynb")] = exercise_notebook(
            lesson, case, solution=True, case_ref=case_ref
        )
    return out
