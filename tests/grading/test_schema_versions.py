"""The grader reads only the cell-metadata and answer-record versions it knows (42 and 99 used to pass)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from tests.grading.conftest import right_answers, to_bytes

from medialit.contracts import ANSWER_MIME
from medialit.errors import GradingError
from medialit.grading.extract import extract


def _widget_question(nb: dict[str, Any]) -> str:
    for cell in nb["cells"]:
        for out in cell.get("outputs", ()):
            if ANSWER_MIME in out.get("data", {}):
                return str(out["data"][ANSWER_MIME]["question"])
    pytest.skip("the lesson has no widget question")


def test_the_generated_versions_are_read(grader, lesson, submission) -> None:
    r = grader.grade_bytes(to_bytes(submission(right_answers(lesson))), "s", "alice.ipynb")
    assert r.status != "error", r.message


@pytest.mark.parametrize("where", ["notebook", "answer cell", "locked cell"])
def test_metadata_of_another_schema_version_is_refused(grader, lesson, submission, where: str) -> None:
    nb = submission(right_answers(lesson))
    if where == "notebook":
        nb["metadata"]["medialit"]["schema_version"] = 42
    else:
        role = "answer" if where == "answer cell" else "prompt"
        cell = next(c for c in nb["cells"] if c["metadata"].get("medialit", {}).get("role") == role)
        cell["metadata"]["medialit"]["schema_version"] = 42
    with pytest.raises(GradingError, match=r"schema_version 42, but this medialit reads only schema_version 1"):
        extract(nb, "alice.ipynb")
    r = grader.grade_bytes(to_bytes(nb), "alice", "alice.ipynb")
    assert r.status == "error" and r.file == "alice.ipynb"
    assert "alice.ipynb: the " in r.message
    assert "schema_version 42" in r.message and "schema_version 1" in r.message


def test_an_answer_record_of_another_schema_version_is_refused(grader, lesson, submission) -> None:
    nb = submission(right_answers(lesson))
    qid = _widget_question(nb)
    bad = copy.deepcopy(nb)
    for cell in bad["cells"]:
        for out in cell.get("outputs", ()):
            if ANSWER_MIME in out.get("data", {}):
                out["data"][ANSWER_MIME]["schema_version"] = 99
    with pytest.raises(GradingError, match=rf"alice\.ipynb \({qid}\).*answer record has schema_version 99"):
        extract(bad, "alice.ipynb")
    r = grader.grade_bytes(to_bytes(bad), "alice", "alice.ipynb")
    assert r.status == "error" and f"alice.ipynb ({qid})" in r.message and "schema_version 99" in r.message
