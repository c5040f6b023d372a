"""Copy detection (issue 11, item 5): identical answer sets are flagged, never scored differently."""

import copy
import csv
import json

import pytest

from medialit.grading.batch import BatchOptions, grade_batch
from medialit.grading.copies import IDENTICAL_ANSWERS, IDENTICAL_FILE

from .conftest import Code, by_type, right_answers, to_bytes

pytestmark = pytest.mark.slow  # grades whole batches (code answers in sandboxed workers)


def _rows(out):
    with open(out / "grades.csv", newline="", encoding="utf-8") as fh:
        return {r["student"]: r for r in csv.DictReader(fh)}


def _choices_only(lesson):
    return {
        qid: v
        for qid, v in right_answers(lesson).items()
        if by_type(lesson, "short_text").id != qid and by_type(lesson, "code").id != qid
    }


@pytest.fixture(scope="module")
def graded(tmp_path_factory, key, lesson, submission, exercise):
    subs = tmp_path_factory.mktemp("copies")
    text_q, code_q = by_type(lesson, "short_text"), by_type(lesson, "code")
    ann = right_answers(lesson)
    ann[text_q.id] = "I would search the exact phrase and compare the dates."
    (subs / "ann.ipynb").write_bytes(to_bytes(submission(ann)))
    (subs / "ann-again.ipynb").write_bytes(to_bytes(submission(ann)))  # same notebook, second name
    bea = right_answers(lesson)
    bea[text_q.id] = "Look for who first published the figure."
    bea[code_q.id] = Code("answer = 0.5")
    (subs / "bea.ipynb").write_bytes(to_bytes(submission(bea)))
    cy = copy.deepcopy(submission(dict(bea, **{text_q.id: "  LOOK for who first   published the figure. "})))
    cy["metadata"]["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    (subs / "cy.ipynb").write_bytes(to_bytes(cy))  # same answers, another file
    (subs / "dee.ipynb").write_bytes(to_bytes(exercise))  # blank exercise, twice: not a copy
    (subs / "eve.ipynb").write_bytes(to_bytes(exercise))
    fay = submission(_choices_only(lesson))
    gus = copy.deepcopy(fay)
    gus["metadata"]["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    (subs / "fay.ipynb").write_bytes(to_bytes(fay))  # the same right choices in two files: not a flag
    (subs / "gus.ipynb").write_bytes(to_bytes(gus))
    num = by_type(lesson, "numeric")
    hal = submission(dict(_choices_only(lesson), **{num.id: num.key + 1}))
    (subs / "hal-1.ipynb").write_bytes(to_bytes(hal))
    (subs / "hal-2.ipynb").write_bytes(to_bytes(hal))  # but one notebook of choices under two names is
    tom = right_answers(lesson)  # starter code left as it was, text blank: only choices, in two files
    tom[code_q.id] = Code(code_q.starter)
    tom[text_q.id] = "  "
    (subs / "tom.ipynb").write_bytes(to_bytes(submission(tom)))
    out = tmp_path_factory.mktemp("out")
    kept = []
    grade_batch([subs], key, out, BatchOptions(code_timeout=10), keep=kept)
    alone = {}
    for name in ("ann", "bea", "cy", "hal-1"):
        single = tmp_path_factory.mktemp("alone")
        grade_batch([subs / f"{name}.ipynb"], key, single, BatchOptions(code_timeout=10))
        alone[name] = _rows(single)[name]
    return _rows(out), json.loads((out / "summary.json").read_text(encoding="utf-8")), alone, out


def test_identical_answer_sets_are_flagged_in_grades_csv(graded):
    rows, _, _, _ = graded
    groups = {sid: (r["copy_group"], r["copy_kind"]) for sid, r in rows.items()}
    assert groups["ann"] == groups["ann-again"] == ("C1", IDENTICAL_FILE)
    assert groups["bea"] == ("C2", IDENTICAL_ANSWERS)
    assert groups["cy"] == ("C2", IDENTICAL_ANSWERS)
    assert groups["hal-1"] == groups["hal-2"] == ("C3", IDENTICAL_FILE)


def test_blank_exercises_and_shared_right_choices_are_not_flagged(graded):
    rows, _, _, _ = graded
    for sid in ("dee", "eve", "fay", "gus", "tom"):
        assert (rows[sid]["copy_group"], rows[sid]["copy_kind"]) == ("", ""), sid


def test_flagged_submissions_are_scored_as_when_graded_alone(graded):
    rows, _, alone, _ = graded
    for sid, row in alone.items():
        for col, value in row.items():
            if col not in ("file", "copy_group", "copy_kind", "message"):
                assert rows[sid][col] == value, (sid, col)
    assert rows["ann"]["total"] == rows["ann-again"]["total"]


def test_summary_lists_the_groups(graded):
    _, summary, _, out = graded
    copies = summary["copies"]
    assert copies["group_count"] == 3
    assert copies["flagged_submissions"] == 6
    assert [(g["group"], g["students"]) for g in copies["groups"]] == [
        ("C1", ["ann-again", "ann"]),
        ("C2", ["bea", "cy"]),
        ("C3", ["hal-1", "hal-2"]),
    ]
    assert copies["groups"][1]["kinds"] == [IDENTICAL_ANSWERS, IDENTICAL_ANSWERS]
    html = (out / "summary.html").read_text(encoding="utf-8")
    assert "Identical answer sets" in html and "hal-2 (identical file)" in html
    feedback = (out / "feedback" / "ann.html").read_text(encoding="utf-8")
    assert "C1" not in feedback and "identical" not in feedback.lower()  # a teacher's flag, not the student's


DIGEST = """
from medialit.grading.batch import load_key
from medialit.grading.extract import Extracted
from medialit.grading.grade import answers_digest

key = load_key()
lesson = key.lessons["{lesson}"]
ex = Extracted(metadata={{}})
ex.answers["{multi}"] = set("{letters}")
ex.answers["{text}"] = "Same words"
print(answers_digest(ex, lesson))
"""


def test_the_answers_digest_is_the_same_in_every_process(lesson):
    """Set answers are sorted before hashing, so workers with other hash seeds agree."""
    import os
    import subprocess
    import sys

    code = DIGEST.format(
        lesson=lesson.id,
        multi=by_type(lesson, "multi_select").id,
        text=by_type(lesson, "short_text").id,
        letters="abcdefghijklmnop",
    )
    digests = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
        digests.add(out.stdout.strip())
    assert len(digests) == 1
    assert len(digests.pop()) == 64
