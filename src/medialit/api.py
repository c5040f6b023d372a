"""Library functions behind every CLI command. Each can be called from Python and tests."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from medialit.errors import AnnotationError, Problem, StaleOutputError
from medialit.model import Case, Lesson

MANAGED = ("lessons", "exercises", "solutions")


def validate(case_dir: str | Path | None = None) -> list[Problem]:
    """Check a case study folder; return its problems (empty when valid).

    Problems of ``article.md`` raise :class:`~medialit.errors.ArticleError`.
    """
    from medialit.case.load import load_case

    try:
        load_case(case_dir)
    except AnnotationError as exc:
        return list(exc.problems)
    return []


def load_module(case_dir: str | Path | None = None) -> tuple[Case, tuple[Lesson, ...]]:
    """Load the case and resolve the curriculum against it."""
    from medialit.case.load import load_case
    from medialit.curriculum.spec import load_curriculum

    case = load_case(case_dir)
    return case, load_curriculum(case)


@dataclass(frozen=True)
class GenerateResult:
    """Files the generator produced, and which of them changed on disk."""

    files: tuple[str, ...]
    changed: tuple[str, ...]


def _case_ref(case_dir: str | Path | None, out: Path) -> str | None:
    if case_dir is None:
        return None
    import os

    return os.path.relpath(Path(case_dir).resolve(), (out / "lessons").resolve())


def render_module(case_dir: str | Path | None = None, out: str | Path = ".") -> dict[str, bytes]:
    """Every generated file (relative path -> bytes), without writing anything."""
    from medialit.notebooks.build import build_module
    from medialit.notebooks.io import render

    case, lessons = load_module(case_dir)
    return render(build_module(case, lessons, _case_ref(case_dir, Path(out))))


def generate(
    out: str | Path = ".", case_dir: str | Path | None = None, *, check: bool = False
) -> GenerateResult:
    """Write ``lessons/``, ``exercises/`` and ``solutions/`` under ``out``.

    With ``check=True`` nothing is written; :class:`StaleOutputError` lists the
    files that differ from what the generator would write.
    """
    from medialit.notebooks.io import stale_files, write_files

    root = Path(out)
    files = render_module(case_dir, root)
    if check:
        stale = stale_files(files, root, MANAGED)
        if stale:
            raise StaleOutputError(stale)
        return GenerateResult(tuple(files), ())
    changed = write_files(files, root)
    return GenerateResult(tuple(files), tuple(changed))


def answer_key(case_dir: str | Path | None = None) -> list[dict[str, Any]]:
    """The answer key for teachers: per question id, type, points, answer, explanation, citations."""
    case, lessons = load_module(case_dir)
    out = []
    for lesson in lessons:
        for q in lesson.questions:
            out.append(
                {
                    "question": q.id,
                    "lesson": lesson.id,
                    "type": q.type,
                    "points": q.points,
                    "objectives": list(q.objectives),
                    "answer": q.key,
                    "rubric": list(q.rubric),
                    "explanation": q.explanation,
                    "citations": [
                        {
                            "id": c,
                            "title": case.citation(c).title,
                            "facts_section": case.citation(c).facts_section,
                            "url": case.citation(c).url,
                        }
                        for c in q.citations
                    ],
                }
            )
    return out


def answer_key_markdown(entries: list[dict[str, Any]]) -> str:
    """The answer key as Markdown."""
    lines = ["# Answer key", ""]
    for e in entries:
        lines += [f"## {e['question']} ({e['type'].replace('_', ' ')}, {e['points']:g} points)", ""]
        lines.append(f"Objectives: {', '.join(e['objectives'])}")
        if e["rubric"]:
            lines += ["", "Rubric:"] + [f"- {r}" for r in e["rubric"]]
        else:
            lines += ["", f"Answer: `{json.dumps(e['answer'], ensure_ascii=False)}`"]
        if e["explanation"]:
            lines += ["", e["explanation"]]
        if e["citations"]:
            lines += [""] + [f"- {c['title']} ({c['facts_section']})" for c in e["citations"]]
        lines.append("")
    return "\n".join(lines)


def grade(
    submissions: Iterable[str | Path],
    out: str | Path,
    case_dir: str | Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Any]:
    """Grade saved notebooks and write the reports under ``out``; return the results."""
    from medialit.grading.grade import AnswerKey, grade_paths
    from medialit.grading.report import write_reports

    _, lessons = load_module(case_dir)
    key = AnswerKey.from_lessons(lessons, str(Path(case_dir).resolve()) if case_dir is not None else None)
    results = grade_paths(submissions, key, progress)
    write_reports(results, Path(out))
    return results


def build(
    edition: str = "student",
    case_dir: str | Path | None = None,
    root: str | Path = ".",
    progress: Callable[[str], None] | None = None,
) -> Path:
    """Generate the notebooks, then build the Jupyter Book; return the HTML folder."""
    from medialit.publish.book import build_book

    result = generate(root, case_dir)
    if progress:
        progress(f"generated {len(result.files)} notebooks ({len(result.changed)} changed)")
    return build_book(Path(root), edition=edition, case_dir=case_dir, progress=progress)
