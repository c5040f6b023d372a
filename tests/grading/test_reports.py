"""Reports as DESIGN.md describes them: grades.csv, Gradescope results.json, feedback, summary."""

import base64
import csv
import html
import json
import re
from dataclasses import replace

import jsonschema
import pytest

from medialit import qtypes
from medialit.grading.batch import BatchOptions, grade_batch
from medialit.grading.reports.gradescope import gradescope_results, validate_results
from medialit.readable import student_rubric

from .conftest import by_type, first_question, right_answers, to_bytes

# Gradescope's results.json, from https://gradescope-autograders.readthedocs.io/en/latest/specs/
VIS = {"enum": ["hidden", "after_due_date", "after_published", "visible"]}
FMT = {"enum": ["text", "html", "simple_format", "md", "ansi"]}
GRADESCOPE_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "score": {"type": "number"},
        "execution_time": {"type": "integer", "minimum": 0},
        "output": {"type": "string"},
        "output_format": FMT,
        "test_output_format": FMT,
        "test_name_format": FMT,
        "visibility": VIS,
        "stdout_visibility": VIS,
        "extra_data": {"type": "object"},
        "leaderboard": {"type": "array"},
        "tests": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "score": {"type": "number"},
                    "max_score": {"type": "number"},
                    "status": {"enum": ["passed", "failed"]},
                    "name": {"type": "string"},
                    "name_format": FMT,
                    "number": {"type": "string"},
                    "output": {"type": "string"},
                    "output_format": FMT,
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "visibility": VIS,
                    "extra_data": {"type": "object"},
                },
            },
        },
    },
    "anyOf": [{"required": ["score"]}, {"required": ["tests"]}],
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory, key, lesson, exercise, submission):
    subs = tmp_path_factory.mktemp("subs")
    answers = right_answers(lesson)
    (subs / "ann.ipynb").write_bytes(to_bytes(submission(answers)))
    multi = by_type(lesson, "multi_select")
    wrong = dict(answers)
    wrong[multi.id] = [o.id for o in multi.options if o.id not in multi.key][:1]
    for name in ("bea", "cy", "dee"):
        (subs / f"{name}.ipynb").write_bytes(to_bytes(submission(wrong)))
    (subs / "eve.ipynb").write_bytes(to_bytes(exercise))
    (subs / "fay.ipynb").write_bytes(b"{")
    out = tmp_path_factory.mktemp("out")
    kept = []
    grade_batch([subs], key, out, BatchOptions(code_timeout=10), keep=kept)
    return subs, out, {r.student: r for r in kept}, multi, wrong[multi.id]


def test_grades_csv_has_one_row_per_submission_and_a_modified_column(graded, lesson):
    _, out, _, _, _ = graded
    with open(out / "grades.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    head = list(rows[0])
    assert head[:3] == ["student", "file", "lesson"]
    assert head[-8:] == ["total", "max", "status", "late", "modified", "copy_group", "copy_kind", "message"]
    assert [q.id for q in lesson.questions] == head[3:-8]
    assert [r["student"] for r in rows] == ["ann", "bea", "cy", "dee", "eve", "fay"]
    assert rows[-1]["status"] == "error"
    assert rows[-1]["total"] == "0"


def test_results_json_is_valid_gradescope_output(graded):
    _, out, by, _, _ = graded
    for path in sorted((out / "results").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        jsonschema.validate(data, GRADESCOPE_SCHEMA)
        assert validate_results(data) == [], path
        assert "execution_time" not in data  # dropped: reports are deterministic
        for t in data["tests"]:
            if "graded by your teacher" in t["name"]:  # pending: neither passed nor failed on Gradescope
                assert not {"status", "score", "max_score"} & set(t), t
            else:
                assert t["status"] in ("passed", "failed")
    ann = json.loads((out / "results" / "ann.json").read_text(encoding="utf-8"))
    assert ann["score"] == by["ann"].score
    fay = json.loads((out / "results" / "fay.json").read_text(encoding="utf-8"))
    assert fay["tests"] == []
    assert "could not be graded" in fay["output"]


def test_validator_catches_what_gradescope_rejects():
    assert validate_results([]) == ["results.json must be a JSON object"]
    bad = {"score": "10", "visibility": "sometimes", "tests": [{"status": "ok", "score": None, "bogus": 1}]}
    problems = validate_results(bad)
    assert any("score must be a number" in p for p in problems)
    assert any("visibility" in p for p in problems)
    assert any("status must be passed or failed" in p for p in problems)
    assert any("unknown key 'bogus'" in p for p in problems)


def test_manual_questions_do_not_count_in_gradescope_until_scored(graded, lesson):
    _, _, by, _, _ = graded
    text = first_question(lesson, lambda q: qtypes.get(q.type).manual, "manually graded question")
    data = gradescope_results(by["ann"], {q.id: q for q in lesson.questions})
    test = next(t for t in data["tests"] if t["name"].startswith(text.id))
    assert "max_score" not in test and "score" not in test
    assert "status" not in test  # pending on Gradescope, never a failed 0/0 test
    assert test["output"].startswith("Pending: your teacher grades this answer")
    assert "graded by your teacher" in test["name"]
    blank = gradescope_results(
        replace(
            by["ann"],
            questions=tuple(
                replace(q, answer="", status="unanswered") if q.question == text.id else q for q in by["ann"].questions
            ),
        ),
        {q.id: q for q in lesson.questions},
    )
    test = next(t for t in blank["tests"] if t["name"].startswith(text.id))
    assert "status" not in test and "max_score" not in test  # unanswered: still not a failed test
    assert test["output"].startswith("Pending: no answer was found here")
    assert validate_results(blank) == []
    # students read the criteria (issue 15: never the rubric that spells out the answer)
    assert all(r in test["output"] for r in student_rubric(text))
    if student_rubric(text) != text.rubric:
        assert text.rubric[0] not in test["output"]


def test_feedback_explains_public_and_hidden_checks_and_hides_the_key(graded):
    _, out, _, multi, _ = graded
    md = (out / "feedback" / "bea.md").read_text(encoding="utf-8")
    html = (out / "feedback" / "bea.html").read_text(encoding="utf-8")
    for text in (md, html):
        assert "Public checks" in text
        assert "Hidden checks" in text
        assert "does not mean the answer is right" in text
        assert json.dumps(multi.key) not in text
        assert repr(multi.key) not in text
    assert "<script" not in html
    assert "Content-Security-Policy" in html
    row = next(line for line in md.splitlines() if line.startswith(f"| {multi.id} "))
    assert "| passed |" in row
    assert "Partly right" in row or "Not right yet" in row


def test_summary_item_analysis_counts_wrong_answers(graded, lesson):
    _, out, _, multi, wrong = graded
    s = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert (s["submissions"], s["graded"], s["errors"]) == (6, 5, 1)
    q = s["questions"][multi.id]
    assert q["n"] == 5
    assert q["full_marks"] == 1
    assert q["wrong_answers"][0]["answer"] == json.dumps(wrong) and q["wrong_answers"][0]["count"] == 3
    # Issue 21: the column reads as words, as the feedback pages write answers, not as raw records.
    words = q["wrong_answers"][0]["words"]
    assert words.startswith(f"{len(wrong)} option") and "[" not in words, words
    page = (out / "summary.html").read_text(encoding="utf-8")
    assert html.escape(words) in page and html.escape(json.dumps(wrong)) not in page
    assert sum(q["distribution"].values()) == 5
    assert q["mean"] == pytest.approx(sum(float(k) * v for k, v in q["distribution"].items()) / 5)
    assert set(s["lessons"][lesson.id]) >= {"mean", "median", "distribution", "max_score"}
    manual = [qid for qid, v in s["questions"].items() if "rubric" in v]
    assert all(s["questions"][m]["rubric"] for m in manual)


def test_summary_page_embeds_the_chart_with_alt_text(graded):
    _, out, _, _, _ = graded
    page = (out / "summary.html").read_text(encoding="utf-8")
    m = re.search(r"<img src='data:image/png;base64,([A-Za-z0-9+/=]+)' alt='([^']+)'>", page)
    assert m, page[:500]
    assert base64.b64decode(m.group(1)).startswith(b"\x89PNG")
    assert "Bar chart of total scores of 5 graded submissions" in m.group(2)


@pytest.mark.slow
def test_reports_are_byte_identical_across_runs_and_jobs(graded, key, tmp_path):
    subs, first, _, _, _ = graded
    grade_batch([subs], key, tmp_path / "again", BatchOptions(code_timeout=10))
    grade_batch([subs], key, tmp_path / "jobs2", BatchOptions(jobs=2, code_timeout=10))
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert len(files) == 4 + 3 * 6
    for other in (tmp_path / "again", tmp_path / "jobs2"):
        assert sorted(p.relative_to(other) for p in other.rglob("*") if p.is_file()) == files
        for rel in files:
            assert (first / rel).read_bytes() == (other / rel).read_bytes(), rel


@pytest.mark.parametrize(
    ("record", "words"),
    [
        (
            '[{"end": 30, "label": "vague attribution", "sentence": "p8.s1", "start": 23, "text": "Service"}]',
            "1 highlight: “Service” — vague attribution (paragraph 8)",
        ),
        (
            '{"P8.a": "Chris McGreal, the Guardian"}',
            "1 of 1 item labelled: P8.a (paragraph 8): Chris McGreal, the Guardian",
        ),
        ('"a short answer"', "a short answer"),
    ],
)
def test_wrong_answers_are_written_in_words(record, words):
    """The two raw records issue 21 quotes from the summary, and a short text, as the summary writes them."""
    from medialit.grading.reports.summary import answer_words

    assert answer_words(record, ()) == words
    assert (
        answer_words(record, ("2 options chosen", "a: first", "b: second")) == "2 options chosen: a: first; b: second"
    )
