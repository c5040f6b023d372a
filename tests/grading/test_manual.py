"""Teacher scores for the manual queue: merged into every report, with clear errors for bad files."""

import csv
import json

import pytest

from medialit import qtypes
from medialit.grading.batch import BatchOptions, grade_batch
from medialit.grading.reports.manual import ManualScores, ManualScoresError

from .conftest import first_question, right_answers, to_bytes


@pytest.fixture(scope="module")
def manual_q(lesson):
    return first_question(lesson, lambda q: qtypes.get(q.type).manual, "manually graded question")


@pytest.fixture(scope="module")
def subs(tmp_path_factory, lesson, submission):
    folder = tmp_path_factory.mktemp("subs")
    for name in ("ann", "bob"):
        (folder / f"{name}.ipynb").write_bytes(to_bytes(submission(right_answers(lesson))))
    (folder / "broken.ipynb").write_bytes(b"")
    return folder


@pytest.fixture(scope="module")
def no_code_key(key, lesson):
    return key.restrict([lesson.id])


def _read(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _csv(path, rows, head=("student", "question", "score", "comment")):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(head)
        w.writerows(rows)
    return path


def test_queue_round_trip_merges_scores_everywhere(tmp_path, subs, key, manual_q, lesson):
    out = tmp_path / "out"
    grade_batch([subs], key, out, BatchOptions(code_timeout=10))
    queue = _read(out / "manual-queue.csv")
    got = [(r["student"], r["question"], r["score"]) for r in queue]
    assert got == [("ann", manual_q.id, ""), ("bob", manual_q.id, "")]
    assert queue[0]["answer"] == right_answers(lesson)[manual_q.id]
    queue[0]["score"], queue[0]["comment"] = "2", "Good search, <b>no date</b>."
    filled = tmp_path / "filled.csv"
    _csv(filled, [list(r.values()) for r in queue], head=tuple(queue[0]))
    kept = []
    grade_batch([subs], key, out, BatchOptions(code_timeout=10, manual=filled), keep=kept)
    ann = next(r for r in kept if r.student == "ann")
    q = next(q for q in ann.questions if q.question == manual_q.id)
    assert (q.score, q.status, q.teacher) == (2.0, "partial", True)
    assert ann.status == "graded"
    assert next(r for r in kept if r.student == "bob").status == "needs manual grading"
    rows = {r["student"]: r for r in _read(out / "grades.csv")}
    auto = sum(x.points for x in lesson.questions if not qtypes.get(x.type).manual)
    assert float(rows["ann"]["total"]) == auto + 2
    assert rows["ann"][manual_q.id] == "2"
    results = json.loads((out / "results" / "ann.json").read_text(encoding="utf-8"))
    test = next(t for t in results["tests"] if t["name"].startswith(manual_q.id))
    assert test["max_score"] == manual_q.points
    assert test["score"] == 2
    assert "Good search" in test["output"]
    html = (out / "feedback" / "ann.html").read_text(encoding="utf-8")
    assert "Scored by your teacher" in html
    assert "<b>no date</b>" not in html
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["questions"][manual_q.id]["teacher_scored"] == 1
    again = _read(out / "manual-queue.csv")
    assert again[0]["score"] == "2"
    assert again[0]["comment"] == "Good search, <b>no date</b>."


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([["ann", "L3.Q99", "1", ""]], "unknown question"),
        ([["ann", "{q}", "99", ""]], "more than the"),
        ([["ann", "{q}", "-1", ""]], "must be 0 or more"),
        ([["ann", "{q}", "two", ""]], "is not a number"),
        ([["ann", "{q}", "1", ""], ["ann", "{q}", "2", ""]], r"scored twice \(rows 2 and 3\)"),
    ],
)
def test_bad_score_files_are_rejected_before_grading(tmp_path, key, manual_q, rows, message):
    rows = [[c.replace("{q}", manual_q.id) for c in row] for row in rows]
    path = _csv(tmp_path / "m.csv", rows)
    with pytest.raises(ManualScoresError, match=message) as info:
        ManualScores.load(path, key)
    assert str(path) in str(info.value)


def test_missing_columns(tmp_path, key):
    path = _csv(tmp_path / "m.csv", [["ann", "3"]], head=("student", "points"))
    with pytest.raises(ManualScoresError, match="missing column"):
        ManualScores.load(path, key)


def test_unknown_students_and_unreadable_submissions_fail_after_writing(tmp_path, subs, no_code_key, manual_q):
    path = _csv(
        tmp_path / "m.csv",
        [["zoe", manual_q.id, "1", ""], ["broken", manual_q.id, "1", ""], ["ann", manual_q.id, "3", "fine"]],
    )
    out = tmp_path / "out"
    with pytest.raises(ManualScoresError, match="unknown student 'zoe'") as info:
        grade_batch([subs], no_code_key, out, BatchOptions(manual=path))
    assert "could not be graded" in str(info.value)
    assert (out / "grades.csv").is_file()
    assert "3" in (out / "grades.csv").read_text(encoding="utf-8")


ODD_IDS = ["-ann", "=1+1", "+x", "@bob", "'quoted", 'a,"b"', "line\u2028sep"]


def test_every_id_the_grader_writes_round_trips_through_the_queue(tmp_path, lesson, submission, manual_q, key):
    """Ids starting with - = + @ ' (escaped against spreadsheet formulas) match when the queue comes back."""
    subs = tmp_path / "subs"
    subs.mkdir()
    for i, sid in enumerate(ODD_IDS):
        answers = right_answers(lesson)
        answers[manual_q.id] = f'=HYPERLINK("x") answer {i}\x85 with a NEL\u2028and a line separator'
        (subs / f"{sid}.ipynb").write_bytes(to_bytes(submission(answers)))
    out = tmp_path / "out"
    kept = []
    grade_batch([subs], key, out, BatchOptions(code_timeout=10), keep=kept)
    written = [r.student for r in kept]
    assert all(s.startswith(("-", "=", "+", "@", "'")) for s in written[:5])
    with open(out / "grades.csv", newline="", encoding="utf-8") as fh:
        cells = [r["student"] for r in csv.DictReader(fh)]
    assert all(c.startswith("'") for c in cells if c[:1] in "-=+@'")  # still safe in a spreadsheet
    queue = _read(out / "manual-queue.csv")
    assert len(queue) == len(ODD_IDS)
    for n, row in enumerate(queue):
        row["score"], row["comment"] = "1", f"-{n} see me"
    filled = tmp_path / "filled.csv"
    _csv(filled, [list(r.values()) for r in queue], head=tuple(queue[0]))
    merged = []
    grade_batch([subs], key, out, BatchOptions(code_timeout=10, manual=filled), keep=merged)  # no unmatched rows
    for r in merged:
        q = next(q for q in r.questions if q.question == manual_q.id)
        assert q.teacher, r.student
        assert q.message.endswith("see me") and "Comment: -" in q.message, q.message
    assert sorted(r.student for r in merged) == sorted(written)
