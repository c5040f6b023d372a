"""From a new article to a built book: `medialit new`, `validate`, `init --case`, `build`."""

from pathlib import Path

import pytest

from medialit.cli import main

DATA = Path(__file__).resolve().parents[1] / "data" / "articles"
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.book
@pytest.mark.timeout(600)
def test_new_article_to_built_book(tmp_path, capsys):
    text = (DATA / "riverton-transit" / "article.md").read_text(encoding="utf-8").split("---", 2)[2].lstrip()
    article = tmp_path / "story.txt"
    article.write_text(text, encoding="utf-8")
    case = tmp_path / "case"
    assert main(["new", str(article), "--out", str(case), "--title", "Riverton bus line", "--date", "2024-05-01"]) == 0
    assert main(["validate", str(case)]) == 0
    out = capsys.readouterr().out
    assert "valid" in out and "to review" in out
    project = tmp_path / "project"
    assert main(["init", str(project), "--case", str(case)]) == 0
    # A fresh draft: every key rests on items still marked needs_review, so the student edition
    # needs the explicit choice (tests/integration/test_course_from_case.py covers the refusal).
    assert main(["build", "--root", str(project), "--allow-unreviewed"]) == 0
    html = project / "book" / "_build" / "html"
    lessons = sorted(p.name for p in (html / "lessons").glob("*.html"))
    assert len(lessons) == 4
    assert (project / "exercises").is_dir() and not (html / "solutions").exists()
    # Students get the new case's bundle, not its annotations; the book executed the lessons on it.
    from medialit.case.bundle import BUNDLE_FILE, load_bundle

    for folder in ("lessons", "exercises"):
        assert load_bundle(project / folder / BUNDLE_FILE).case_id == "case"
        assert (project / "book" / "_build" / "src" / "student" / folder / BUNDLE_FILE).is_file()
    assert (
        "use('medialit-case.json', case_id='case')" in (project / "exercises" / "01-meet-the-article.ipynb").read_text()
    )
    assert not list((project / "book" / "_build" / "html").rglob("annotations.yaml"))
    assert "Riverton" in (html / "about-the-case.html").read_text(encoding="utf-8")
