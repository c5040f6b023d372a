"""Copy detection (issue 11, item 5; issue 20, item 5): identical answer sets, compared normalised,
are flagged, near-copies reported with their similarity; neither is scored differently."""

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
    # Issue 20, attack 6: trivial edits must not take a copy out of its group.
    ivy = dict(bea, **{text_q.id: "Look for who first published the figure"})  # the full stop dropped
    ivy[code_q.id] = Code("answer = 0.5  # mine\n\n")  # a comment and blank lines added
    (subs / "ivy.ipynb").write_bytes(to_bytes(submission(ivy)))
    jon = dict(bea, **{text_q.id: "I compared the dates of every copy I could find and kept the oldest one."})
    (subs / "jon.ipynb").write_bytes(to_bytes(submission(jon)))  # the same choices and code, his own words
    kim = right_answers(lesson)
    kim[text_q.id] = "Trace the quote back through each re-post to the first outlet that printed it, and note its date."
    (subs / "kim.ipynb").write_bytes(to_bytes(submission(kim)))
    lea = right_answers(lesson)  # kim's answer, two words changed: a near-copy, not an identical set
    lea[text_q.id] = (
        "Trace the quote back through every re-post to the first outlet that printed it, and note the date."
    )
    (subs / "lea.ipynb").write_bytes(to_bytes(submission(lea)))
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


def test_trivial_edits_keep_a_copy_in_its_group_and_other_words_are_not_grouped(graded):
    rows, _, _, _ = graded
    assert (rows["ivy"]["copy_group"], rows["ivy"]["copy_kind"]) == (rows["bea"]["copy_group"], IDENTICAL_ANSWERS)
    assert (rows["jon"]["copy_group"], rows["jon"]["copy_kind"]) == ("", "")
    assert rows["kim"]["copy_group"] == rows["lea"]["copy_group"] == ""


def test_near_copies_are_reported_with_their_similarity_and_never_scored(graded, lesson):
    rows, summary, _, out = graded
    near = {tuple(sorted(n["students"])): n for n in summary["near_copies"]}
    assert ("kim", "lea") in near
    pair = near[("kim", "lea")]
    assert 0.7 <= pair["similarity"] < 1 and by_type(lesson, "short_text").id in pair["questions"]
    assert not any("jon" in k for k in near)  # his own words are not near anyone's
    assert rows["kim"]["total"] == rows["lea"]["total"]
    html = (out / "summary.html").read_text(encoding="utf-8")
    assert "Near-copies of written answers" in html and f"{pair['similarity']:.0%}" in html


def test_normal_forms_ignore_case_spacing_punctuation_and_comments():
    from medialit.grading.copies import normal_code, normal_text, shingles, similarity

    assert normal_text("  LOOK for who first   published the figure. ") == normal_text(
        "look for who, first, published the figure"
    )
    assert normal_text("The figure") != normal_text("The figures")
    assert normal_code("x = 1  # note\n\nif x:\n    y=2\n") == normal_code("x=1\nif x:\n  y = 2")
    assert normal_code("x = 1\n") != normal_code("x = 2\n")
    assert normal_code("def f(:\n") == "def f(:"  # code the tokenizer refuses: whitespace collapsed
    a = shingles([("q", "text", normal_text("Look for who first published the figure and when."))])
    b = shingles([("q", "text", normal_text("I would search the exact phrase and compare the dates."))])
    assert similarity(a, a) == 1.0 and similarity(a, b) < 0.2


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
    assert copies["flagged_submissions"] == 7
    assert [(g["group"], g["students"]) for g in copies["groups"]] == [
        ("C1", ["ann-again", "ann"]),
        ("C2", ["bea", "cy", "ivy"]),
        ("C3", ["hal-1", "hal-2"]),
    ]
    assert copies["groups"][1]["kinds"] == [IDENTICAL_ANSWERS] * 3
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


def test_code_over_the_parse_limit_is_compared_by_digest_not_tokens():
    from medialit.grading.copies import normal_code
    from medialit.grading.limits import MAX_CODE_CHARS

    huge = "answer = 1\n" + "x = [1, 2, 3]\n" * (MAX_CODE_CHARS // 14 + 1)
    norm = normal_code(huge)
    assert " " not in norm and norm.startswith("sha256:")
    assert normal_code(huge) == norm
    assert normal_code(huge + "y = 2\n") != norm


def test_code_the_tokenizer_refuses_is_compared_by_its_words():
    from medialit.grading.copies import normal_code

    # A lone surrogate is legal in notebook JSON; some Pythons' tokenizers raise on it.
    assert normal_code("answer = '\ud800'\n") in ("answer = '\ud800'", "answer = '\ud800' \u23ce")
    assert normal_code("def f(:\n  pass") == "def f(: pass"
