"""A pip-installed teacher: `medialit init` writes a course folder; the site carries the downloads."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from medialit.api import load_module
from medialit.cli import main
from medialit.errors import BookBuildError
from medialit.publish.book import stage, with_download_links, without_toggles
from medialit.publish.course import COURSE_FILE, course_case, exercise_zip, init_course, require_course, skeleton_files

ROOT = Path(__file__).resolve().parents[2]


def test_skeleton_is_the_books_pages_and_config():
    files = skeleton_files()
    expected = {p.relative_to(ROOT / "book").as_posix() for p in (ROOT / "book").glob("*.md")}
    assert expected | {"_config.yml", "_static/medialit.css"} == set(files)
    assert files["_config.yml"] == (ROOT / "book" / "_config.yml").read_bytes()


def test_wheel_force_includes_every_book_file():
    """The packaged pages (pyproject force-include) are every page of book/: none forgotten."""
    import tomllib

    hatch = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["hatch"]["build"]["targets"]
    shipped = {k.removeprefix("book/") for k in hatch["wheel"]["force-include"]}
    assert shipped == set(skeleton_files())


def test_init_writes_a_course_folder_and_refuses_to_overwrite(tmp_path, case_copy, capsys):
    course = tmp_path / "course"
    assert main(["init", str(course), "--case", str(case_copy), "--copy"]) == 0
    assert "medialit build" in capsys.readouterr().out
    assert (course / "book" / "_config.yml").is_file()
    assert not (course / "book" / "intro.md").exists()  # written from the case at each build
    assert (course / "case" / "annotations.yaml").read_bytes() == (case_copy / "annotations.yaml").read_bytes()
    assert json.loads((course / COURSE_FILE).read_text())["case"] == "case"
    assert require_course(course) == course
    assert course_case(course) == course / "case"
    assert main(["init", str(course)]) == 1
    assert "already a course folder" in capsys.readouterr().err


def test_init_without_case_uses_the_embedded_case(tmp_path):
    init_course(tmp_path / "c")
    assert course_case(tmp_path / "c") is None
    assert not (tmp_path / "c" / "case").exists()


def test_init_refuses_a_folder_that_is_not_a_case(tmp_path):
    (tmp_path / "notacase").mkdir()
    with pytest.raises(BookBuildError, match="not a case study folder"):
        init_course(tmp_path / "c", tmp_path / "notacase")


def test_build_outside_a_course_folder_says_to_run_init_and_writes_nothing(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["build"]) == 1
    err = capsys.readouterr().err
    assert "not a course folder" in err and "medialit init DIR" in err and "--dir" in err
    assert list(tmp_path.iterdir()) == []  # no notebooks generated into a stray folder


def test_stage_puts_downloads_install_page_and_no_toggles(generated, tmp_path):
    root = tmp_path / "course"
    init_course(root)
    for folder in ("lessons", "exercises", "solutions"):
        (root / folder).symlink_to(generated / folder)
    wheel = ("medialit-0.1.0-py3-none-any.whl", b"PK-wheel-bytes")
    src = stage(root, "student", *load_module(), wheel)
    assert (src / "_static/downloads" / wheel[0]).read_bytes() == wheel[1]
    install = (src / "install.md").read_text()
    assert f"pip install ./{wheel[0]}" in install and f"_static/downloads/{wheel[0]}" in install
    assert "- file: install" in (src / "_toc.yml").read_text()
    exercises = sorted((generated / "exercises").glob("*.ipynb"))
    assert exercises
    for nb in exercises:
        down = src / "_static/downloads/exercises"
        assert (down / nb.name).read_bytes() == nb.read_bytes()
        with zipfile.ZipFile(io.BytesIO((down / f"{nb.stem}.zip").read_bytes())) as zf:
            assert sorted(zf.namelist()) == sorted([nb.name, "medialit-case.json"])
            assert zf.read(nb.name) == nb.read_bytes()
        page = json.loads((src / "exercises" / nb.name).read_text())
        box = "".join(page["cells"][1]["source"])
        assert "Download this notebook" in box and f"../_static/downloads/exercises/{nb.name}" in box
        assert "../install.html" in box
    for folder in ("lessons", "exercises"):
        for nb in (src / folder).glob("*.ipynb"):
            tags = [t for c in json.loads(nb.read_text())["cells"] for t in c.get("metadata", {}).get("tags", [])]
            assert not {"hide-input", "hide-cell", "hide-output"} & set(tags), nb
    assert any("hide-input" in nb.read_text() for nb in (generated / "lessons").glob("*.ipynb"))
    # The same input stages the same bytes (zips have fixed timestamps).
    before = {p: p.read_bytes() for p in src.rglob("*") if p.is_file()}
    stage(root, "student", *load_module(), wheel)
    assert before == {p: p.read_bytes() for p in src.rglob("*") if p.is_file()}


def test_without_toggles_and_download_box_leave_other_cells_alone():
    nb = {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": "# T"},
            {"cell_type": "code", "metadata": {"tags": ["hide-input", "x"]}, "source": "1", "outputs": []},
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    raw = json.dumps(nb).encode()
    out = json.loads(without_toggles(raw))
    assert out["cells"][1]["metadata"]["tags"] == ["remove-input", "x"]
    boxed = json.loads(with_download_links(raw, "01-x.ipynb", has_bundle=False, has_install=False))
    assert [c["cell_type"] for c in boxed["cells"]] == ["markdown", "markdown", "code"]
    assert "zip" not in boxed["cells"][1]["source"] and "install.html" not in boxed["cells"][1]["source"]
    assert exercise_zip("a.ipynb", b"x", None, "b.json") == exercise_zip("a.ipynb", b"x", None, "b.json")


def test_broken_book_config_is_one_line_with_the_file_and_line(tmp_path, capsys, monkeypatch):
    init_course(tmp_path / "c")
    config = tmp_path / "c" / "book" / "_config.yml"
    config.write_text("title: [unclosed\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path / "c")
    assert main(["build"]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    assert "book/_config.yml:2: not valid YAML" in err and "Traceback" not in err
    assert not (tmp_path / "c" / "lessons").exists(), "nothing is generated before the config is read"


def test_site_wheel_given_packed_or_a_clear_error(tmp_path, monkeypatch):
    from medialit.grading import autograder
    from medialit.publish import course

    given = tmp_path / "medialit-9.9-py3-none-any.whl"
    given.write_bytes(b"PK")
    assert course.site_wheel(tmp_path, given) == (given.name, b"PK")
    with pytest.raises(BookBuildError, match="not a wheel file"):
        course.site_wheel(tmp_path, tmp_path / "x.tar.gz")
    monkeypatch.setattr(course, "checkout_root", lambda: None)  # a pip-installed medialit
    name, data = course.site_wheel(tmp_path)
    assert name.startswith("medialit-") and name.endswith("-py3-none-any.whl")
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert "medialit/runtime/__init__.py" in zf.namelist()
        assert any(n.endswith(".data/data/etc/jupyter/jupyter_server_config.d/medialit.json") for n in zf.namelist())

    def broken() -> tuple[str, bytes]:
        raise OSError("read-only install")

    monkeypatch.setattr(autograder, "build_wheel", broken)
    with pytest.raises(BookBuildError, match=r"none could be made .*read-only install.*make dist.*--wheel"):
        course.site_wheel(tmp_path)


@pytest.mark.slow
def test_checkout_wheel_is_built_once_until_the_sources_change(tmp_path):
    from medialit.publish import course

    checkout = course.checkout_root()
    assert checkout == ROOT
    first = course.site_wheel(tmp_path)
    built = next((tmp_path / "book" / "_build" / "wheel").glob("medialit-*.whl"))
    stamp = built.stat().st_mtime_ns
    assert course.site_wheel(tmp_path) == first
    assert built.stat().st_mtime_ns == stamp  # reused, not rebuilt
    with zipfile.ZipFile(io.BytesIO(first[1])) as zf:
        names = zf.namelist()
        assert "medialit/bookskel/glossary.md" in names
        assert "medialit/casestudies/mek/pages/intro.md" in names


def test_commands_in_a_course_folder_use_its_case(tmp_path, case_copy, capsys, monkeypatch):
    course = tmp_path / "course"
    init_course(course, case_copy, copy=True)
    (course / "case" / "annotations.yaml").write_text("not: [valid", encoding="utf-8")  # only the course's copy
    monkeypatch.chdir(course)
    assert main(["key", "--format", "json"]) == 1
    err = capsys.readouterr().err
    assert "using the course's case study case" in err and "annotations.yaml" in err
    assert main(["key", "--format", "json", "--case", str(case_copy)]) == 0  # --case still wins
