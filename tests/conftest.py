"""Shared fixtures: the embedded case, its curriculum, and a generated module in tmp."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from medialit.api import generate, load_module
from medialit.case.load import default_case_dir

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def module():
    """(case, lessons) of the embedded case study."""
    return load_module()


@pytest.fixture(scope="session")
def case(module):
    return module[0]


@pytest.fixture(scope="session")
def lessons(module):
    return module[1]


@pytest.fixture(scope="session")
def generated(tmp_path_factory) -> Path:
    """A freshly generated module (lessons/, exercises/, solutions/) in a temporary folder."""
    out = tmp_path_factory.mktemp("module")
    generate(out)
    return out


@pytest.fixture
def case_copy(tmp_path) -> Path:
    """A writable copy of the embedded case study, for tests that break it."""
    dest = tmp_path / "case"
    shutil.copytree(default_case_dir(), dest, ignore=shutil.ignore_patterns("__pycache__"))
    return dest


@pytest.fixture(scope="session")
def book_project(tmp_path_factory) -> Path:
    """A copy of book/ in a temporary project folder (built books go to its book/_build)."""
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(ROOT / "book", root / "book", ignore=shutil.ignore_patterns("_build"))
    return root


@pytest.fixture(scope="session")
def student_html(book_project) -> Path:
    """The student edition, built once per test session with a real Jupyter Book build."""
    from medialit.api import build

    return build("student", root=book_project)


@pytest.fixture(scope="session")
def teacher_html(book_project) -> Path:
    """The teacher edition, built once per test session."""
    from medialit.api import build

    return build("teacher", root=book_project)
