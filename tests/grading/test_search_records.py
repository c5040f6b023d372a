"""Search records the grader verifies (issue 20, attack 5; issue 21, "searches that are searches").

Graded through the real pipeline (:func:`grade_batch`): a hand-written SearchLab record with no
search and one independent document "opened" for 0 s no longer earns full marks on L3.Q10 or
L8.Q1 in an otherwise blank notebook, beside a victim whose row is the same as when graded
alone; a trail the widget makes from the model answer still earns full marks; the feedback and
the teacher's summary say which trail is unverified.
"""

from __future__ import annotations

import copy
import csv
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest

from medialit.case.load import load_case
from medialit.grading.answer_key import AnswerKey
from medialit.grading.batch import BatchOptions, grade_batch
from medialit.model import Question

from .conftest import fill, run_as_nobody, to_bytes

pytestmark = pytest.mark.slow  # grades whole batches

TARGETS = ("L3.Q10", "L8.Q1")


def forged(q: Question) -> dict[str, Any]:
    """Issue 20's record: no query, one independent document open for 0 s, the right conclusion."""
    doc = q.settings["sources"]["independent"][0]
    return {"queries": [], "opened": [{"doc": doc, "title": doc, "seconds": 0}], "answer": q.key["answer"]}


def widget_trail(q: Question) -> dict[str, Any]:
    """The model answer as the widget records it: each opening names the search that listed it."""
    assert q.replay is not None
    queries = list(q.key["queries"])
    opened, at = [], 0
    for o in q.key["opened"]:
        while q.replay(queries[at]).count(o["doc"]) == 0:
            at += 1
        opened.append({**o, "query": at})
    return {"queries": queries, "opened": opened, "answer": q.key["answer"]}


def _exercise(rendered: dict[str, bytes], number: int) -> dict[str, Any]:
    for path, data in sorted(rendered.items()):
        if path.startswith("exercises/") and Path(path).name.startswith(f"{number:02d}-"):
            return json.loads(data)
    raise LookupError(number)


def _rows(out: Path) -> dict[str, dict[str, str]]:
    with open(out / "grades.csv", newline="", encoding="utf-8") as fh:
        return {r["student"]: r for r in csv.DictReader(fh)}


@pytest.fixture(scope="module", params=["grader's user", "unprivileged grader"])
def graded(request, key: AnswerKey, rendered, unprivileged_python):
    """The batch beside its victims, and each victim graded alone; as this test's user and as nobody.

    Replaying a record is pure Python, so the user should not matter; the batch runs both ways
    as issue 20 asks of every attack (the unprivileged run where the machine allows one).
    """
    unprivileged = request.param == "unprivileged grader"
    if unprivileged and unprivileged_python is None:
        pytest.skip("no Python that an unprivileged user can run with this environment's packages")
    with tempfile.TemporaryDirectory(prefix="medialit-search-records-") as tmp:
        root = Path(tmp)
        subs = root / "subs"
        subs.mkdir()
        packet = load_case().packet
        assert packet is not None
        for qid in TARGETS:
            q = key.questions[qid]
            lesson = key.lessons[qid.split(".")[0]]
            blank = _exercise(rendered, lesson.number)
            tag = qid.replace(".", "").lower()
            (subs / f"forger-{tag}.ipynb").write_bytes(to_bytes(fill(blank, {qid: forged(q)})))
            (subs / f"victim-{tag}.ipynb").write_bytes(to_bytes(fill(blank, {qid: widget_trail(q)})))
            many = copy.deepcopy(widget_trail(q))  # then every packet document, each found by its title
            for d in packet.documents:
                many["opened"].append({"doc": d.id, "title": d.title, "seconds": 9, "query": len(many["queries"])})
                many["queries"].append(d.title)
            (subs / f"clicker-{tag}.ipynb").write_bytes(to_bytes(fill(blank, {qid: many})))

        def grade(paths: list[Path], out: Path) -> None:
            if not unprivileged:
                grade_batch(paths, key, out, BatchOptions(code_timeout=10))
                return
            script = (
                "from medialit import api\nfrom medialit.grading.batch import BatchOptions\n"
                f"api.grade({[str(p) for p in paths]!r}, {str(out)!r}, options=BatchOptions(code_timeout=10))\n"
            )
            proc = run_as_nobody(unprivileged_python, ["-c", script], root)
            assert (out / "grades.csv").is_file(), proc.stderr[-3000:]

        out = root / "out"
        grade([subs], out)
        alone = {}
        for qid in TARGETS:
            tag = qid.replace(".", "").lower()
            single = root / f"alone-{tag}"
            grade([subs / f"victim-{tag}.ipynb"], single)
            alone[qid] = _rows(single)[f"victim-{tag}"]
        yield _rows(out), json.loads((out / "summary.json").read_text("utf-8")), out, alone


@pytest.mark.parametrize("qid", TARGETS)
def test_a_hand_written_record_no_longer_earns_full_marks(graded, key: AnswerKey, qid: str) -> None:
    rows, _, out, _ = graded
    tag = qid.replace(".", "").lower()
    points = key.questions[qid].points
    assert float(rows[f"forger-{tag}"][qid]) == points / 2  # the conclusion alone
    feedback = (out / "feedback" / f"forger-{tag}.md").read_text("utf-8")
    assert "Your search record is unverified" in feedback


@pytest.mark.parametrize("qid", TARGETS)
def test_a_widget_made_trail_earns_full_marks_and_the_victim_row_is_unchanged(graded, key: AnswerKey, qid: str) -> None:
    rows, _, _, alone = graded
    tag = qid.replace(".", "").lower()
    assert float(rows[f"victim-{tag}"][qid]) == key.questions[qid].points
    beside = rows[f"victim-{tag}"]
    assert {k: beside[k] for k in alone[qid]} == alone[qid]  # the batch adds only other lessons' columns


@pytest.mark.parametrize("qid", TARGETS)
def test_opening_every_result_earns_less_and_says_why(graded, key: AnswerKey, qid: str) -> None:
    rows, _, out, _ = graded
    tag = qid.replace(".", "").lower()
    assert float(rows[f"clicker-{tag}"][qid]) == key.questions[qid].points / 2
    assert "click restraint" in (out / "feedback" / f"clicker-{tag}.md").read_text("utf-8")


def test_the_summary_lists_each_students_trail_verified_or_not(graded, key: AnswerKey) -> None:
    _, summary, out, _ = graded
    trails = {(t["student"], t["question"]): t for t in summary["search_trails"]}
    forger = trails[("forger-l3q10", "L3.Q10")]
    assert forger["status"] == "unverified" and forger["queries"] == []
    assert forger["opened"] == [{"doc": "hrw-no-exit-2005", "seconds": 0, "query": None, "found": False, "read": False}]
    victim = trails[("victim-l8q1", "L8.Q1")]
    model = list(key.questions["L8.Q1"].key["queries"])  # the model process: the crowd figure, then the outlet
    assert victim["status"] == "verified" and victim["queries"] == model and "crowd paris rally" in model
    assert all(o["found"] and o["read"] for o in victim["opened"])
    page = (out / "summary.html").read_text("utf-8")
    assert "Search trails" in page and "unverified" in page and "crowd paris rally" in page
