"""The generic curriculum turns any annotated case into a module with derived keys."""

import shutil
from pathlib import Path

import pytest

from medialit.api import build, generate, grade, load_module
from medialit.case.load import default_case_dir

MINI = Path(__file__).resolve().parents[1] / "data" / "cases" / "mini"


def _grade_module(case_dir, tmp_path):
    out = tmp_path / "module"
    generate(out, case_dir)
    results: list = []
    # One folder at a time: a solution and its blank exercise share a student id (the file name).
    for part in ("solutions", "exercises"):
        grade([out / part], tmp_path / "grades" / part, case_dir, keep=results)
    assert results and all(r.status != "error" for r in results), [r.message for r in results if r.status == "error"]
    for r in results:
        auto = [q for q in r.questions if q.status != "needs manual grading"]
        if "solutions" in r.file:
            assert all(q.status == "correct" for q in auto), [(q.question, q.message) for q in auto]
            assert r.score > 0
        else:
            assert r.score == 0
    return results


@pytest.mark.slow
def test_mini_case_module_grades(tmp_path):
    case, lessons = load_module(MINI)
    assert case.article.curriculum == "generic"
    assert [lesson.number for lesson in lessons] == [1, 2, 3, 4]
    _grade_module(MINI, tmp_path)


@pytest.mark.slow
def test_generic_curriculum_on_the_mek_case(tmp_path):
    case_dir = tmp_path / "mek-generic"
    shutil.copytree(default_case_dir(), case_dir, ignore=shutil.ignore_patterns("__pycache__"))
    art = case_dir / "article.md"
    art.write_text(art.read_text(encoding="utf-8").replace("curriculum: mek", "curriculum: generic"), encoding="utf-8")
    _grade_module(case_dir, tmp_path)


def test_questions_without_material_are_left_out(tmp_path):
    case_dir = tmp_path / "nofurniture"
    shutil.copytree(MINI, case_dir)
    art = case_dir / "article.md"
    text = art.read_text(encoding="utf-8")
    text = text.split("furniture:")[0] + "---" + text.split("---", 2)[2].replace("Share this article\n\n", "")
    art.write_text(text, encoding="utf-8")
    _, lessons = load_module(case_dir)
    ids = [q.id for lesson in lessons for q in lesson.questions]
    assert "L1.Q1" not in ids and "L1.Q2" in ids


@pytest.mark.book
@pytest.mark.timeout(600)
def test_build_a_book_for_another_case(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(
        Path(__file__).resolve().parents[2] / "book", root / "book", ignore=shutil.ignore_patterns("_build")
    )
    html = build("student", case_dir=MINI, root=root)
    pages = sorted(p.name for p in (html / "lessons").glob("*.html"))
    assert pages == [
        "01-meet-the-article.html",
        "02-sourcing-and-attribution.html",
        "03-framing.html",
        "04-checking-the-claims.html",
    ]
    assert "Council Slashes Library Hours" in (html / "about-the-case.html").read_text(encoding="utf-8")
