"""The generic curriculum turns any annotated case into a module with derived keys."""

import re
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


def _with_metadata(tmp_path, name, author, publisher, date):
    case_dir = tmp_path / name
    shutil.copytree(MINI, case_dir)
    art = case_dir / "article.md"
    text = art.read_text(encoding="utf-8")
    for key, value in (("author", author), ("publisher", publisher), ("date", date)):
        text = re.sub(rf"(?m)^{key}: .*$", f"{key}: {value}", text, count=1)
    art.write_text(text, encoding="utf-8")
    return case_dir


def _l1q3(case_dir):
    _, lessons = load_module(case_dir)
    (q,) = [q for q in lessons[0].questions if q.id == "L1.Q3"]
    return q


def test_l1q3_fits_what_the_page_shows_of_its_origin(tmp_path):
    """Trial 22: a report showing its byline, outlet and date was asked what the page hides."""
    shown = _l1q3(_with_metadata(tmp_path, "shown", '"Ana Ruiz"', '"Harbor Gazette (fictional)"', "2024-03-14"))
    assert "does not tell you" not in shown.prompt
    assert "its author (Ana Ruiz), its publisher (Harbor Gazette (fictional)) and its date (14 March 2024)" in (
        shown.prompt
    )
    assert not any("missing" in r for r in shown.rubric)
    assert "leaves open" in shown.rubric[0]
    hidden = _l1q3(_with_metadata(tmp_path, "hidden", "null", "null", "null"))
    assert hidden.prompt.startswith("Name two things this page does not tell you about who is behind it")
    assert "names two missing facts about origin" in hidden.rubric[0]
    # Two of the three shown: the item asks what they leave open, and names what is missing.
    two = _l1q3(_with_metadata(tmp_path, "two", "null", '"Harbor Gazette (fictional)"', "2024-03-14"))
    assert "but not its author" in two.prompt and "leaves open" in two.rubric[0]
