"""A rebuilt book runs its lessons again when the case data they load has changed (trial 26).

Jupyter Book's execution cache keys a notebook on its code, and Sphinx reads again only a newer
source file; a teacher's review changes the case bundle beside the lessons, not their code.
"""

from __future__ import annotations

import os
from pathlib import Path

from medialit.publish.book import execution_cache, refresh_executed_lessons


def _stage(root: Path, edition: str, bundle: str) -> Path:
    src = root / "book" / "_build" / "src" / edition
    (src / "lessons").mkdir(parents=True, exist_ok=True)
    (src / "lessons" / "02-sourcing.ipynb").write_text("{}", "utf-8")
    (src / "lessons" / "medialit-case.json").write_text(bundle, "utf-8")
    return src


def _old(path: Path) -> None:
    os.utime(path, (1_000_000, 1_000_000))


def _filled(cache: Path) -> Path:
    cache.mkdir(parents=True, exist_ok=True)
    entry = cache / "global.db"
    entry.write_text("executed", "utf-8")
    return entry


def test_lessons_run_again_when_their_data_changes_and_only_then(tmp_path):
    cache = execution_cache(tmp_path)
    src = _stage(tmp_path, "student", '{"claims": 7}')
    refresh_executed_lessons(tmp_path, src)
    entry = _filled(cache)
    notebook = src / "lessons" / "02-sourcing.ipynb"
    _old(notebook)
    # Same data: the cache and the lessons are left alone.
    assert refresh_executed_lessons(tmp_path, src) is False
    assert entry.is_file() and notebook.stat().st_mtime == 1_000_000
    # The review changed the bundle, not the lesson's code.
    _stage(tmp_path, "student", '{"claims": 16}')
    _old(notebook)
    assert refresh_executed_lessons(tmp_path, src) is True
    assert not entry.exists()
    assert notebook.stat().st_mtime > 1_000_000


def test_both_editions_rerun_and_share_one_emptying(tmp_path):
    cache = execution_cache(tmp_path)
    teacher = _stage(tmp_path, "teacher", "draft")
    student = _stage(tmp_path, "student", "draft")
    refresh_executed_lessons(tmp_path, teacher)
    refresh_executed_lessons(tmp_path, student)
    _stage(tmp_path, "teacher", "reviewed")
    _stage(tmp_path, "student", "reviewed")
    for src in (teacher, student):
        _old(src / "lessons" / "02-sourcing.ipynb")
    assert refresh_executed_lessons(tmp_path, teacher) is True
    entry = _filled(cache)  # the teacher build executed the lessons on the reviewed data
    assert refresh_executed_lessons(tmp_path, student) is True  # its pages were read on the draft
    assert entry.is_file()  # ... but the cache already holds the reviewed runs
    assert (student / "lessons" / "02-sourcing.ipynb").stat().st_mtime > 1_000_000
