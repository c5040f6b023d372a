"""Accepted alternatives: spec field, scorer, `medialit key` (json, md) and the teacher's key cell."""

from __future__ import annotations

import json
from typing import Any

import pytest

from medialit.cli import main
from medialit.curriculum.spec import resolve_question
from medialit.errors import CurriculumError
from medialit.grading import alternatives
from medialit.grading.score import score_answer
from medialit.model import Alternative, Option, Question
from medialit.notebooks.questions import key_markdown


def make(qtype: str, key: Any, alts: list[tuple[Any, str]], **kw: Any) -> Question:
    return Question(
        id="L9.Q1",
        type=qtype,
        prompt="p",
        points=2,
        objectives=("S1",),
        key=key,
        explanation="",
        citations=(),
        alternatives=tuple(Alternative(v, r) for v, r in alts),
        **kw,
    )


def frac(q: Question, v: Any) -> float:
    return score_answer(q, v).score / q.points


OPTS = tuple(Option(i, i.upper()) for i in "abcd")


def test_single_choice_alternative():
    q = make("single_choice", "a", [("b", "defensible")], options=OPTS)
    assert (frac(q, "a"), frac(q, "b"), frac(q, "c")) == (1.0, 1.0, 0.0)


def test_set_alternative_is_a_whole_answer_set():
    q = make("multi_select", ["a", "b"], [(["a", "b", "c"], "c is arguable")], options=OPTS)
    assert frac(q, ["a", "b", "c"]) == 1.0
    assert frac(q, ["a", "b"]) == 1.0
    assert frac(q, ["a", "b", "c", "d"]) < 1.0


def test_label_alternative_is_per_item():
    q = make(
        "label_items",
        {"x": "opinion", "y": "factual"},
        [({"x": "factual"}, "both readings")],
        items=(Option("x", "X"), Option("y", "Y")),
        labels=("factual", "opinion"),
    )
    assert frac(q, {"x": "factual", "y": "factual"}) == 1.0
    assert frac(q, {"x": "opinion", "y": "opinion"}) == 0.5


def test_numeric_alternative_uses_the_tolerance():
    q = make("numeric", 4, [(5, "another split")], tolerance=0.1)
    assert frac(q, 5.05) == 1.0
    assert frac(q, 4.1) == 1.0
    assert frac(q, 6) == 0.0
    assert frac(q, True) == 0.0


def sp(sentence: str, text: str, label: str = "loaded language") -> dict[str, Any]:
    return {"sentence": sentence, "text": text, "start": 0, "end": len(text), "label": label}


def test_span_roles_substitute_extra_optional():
    key = [sp("p1.s1", "stormed"), sp("p2.s1", "record of murder"), sp("p3.s1", "to delist")]
    q = make(
        "select_spans",
        key,
        [
            ({"optional": "stormed"}, "a plain description too"),
            ({"sentence": "p4.s1", "text": "assassinating"}, "defensible extra"),
            ({"sentence": "p3.s1", "text": "has placed", "instead_of": "to delist"}, "same time problem"),
        ],
        labels=("loaded language",),
        items=tuple(Option(f"p{i}.s1", "") for i in range(1, 6)),
    )
    full = list(key)
    assert frac(q, full) == 1.0
    assert frac(q, full[1:]) == 1.0  # optional left out
    assert frac(q, [*full, sp("p4.s1", "assassinating")]) == 1.0  # defensible extra
    assert frac(q, [full[0], full[1], sp("p3.s1", "has placed")]) == 1.0  # substitute
    assert frac(q, [*full, sp("p5.s1", "random words")]) < 1.0  # other extras still cost
    assert frac(q, [full[0], full[2]]) < 1.0  # required spans still required


def test_describe_and_key_entries_carry_the_reason():
    q = make("numeric", 4, [(5, "another split")], tolerance=0.5)
    (entry,) = alternatives.key_alternatives(q)
    assert entry == {"value": 5, "reason": "another split", "description": "also accepted: 5 (±0.5)"}


def test_spec_rejects_alternatives_without_reason_or_that_do_not_fit(case):
    base = {
        "id": "L2.Q9",
        "type": "single_choice",
        "prompt": "p",
        "objectives": ["S3"],
        "options": [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}],
        "key": {"value": "a", "reason": "conceptual"},
        "settings": {"evidence": "text"},
    }
    q = resolve_question(case, {**base, "accept": [{"value": "b", "reason": "defensible"}]}, "x.yaml")
    assert q is not None and q.alternatives == (Alternative("b", "defensible"),)
    with pytest.raises(CurriculumError, match=r"L2.Q9.*alternative 1 needs a 'reason'"):
        resolve_question(case, {**base, "accept": [{"value": "b"}]}, "x.yaml")
    with pytest.raises(CurriculumError, match=r"L2.Q9.*alternative 1: 'z' is not another option id"):
        resolve_question(case, {**base, "accept": [{"value": "z", "reason": "r"}]}, "x.yaml")


def test_medialit_key_json_and_md_show_alternatives_with_reasons(capsys, lessons):
    with_alts = [q for lesson in lessons for q in lesson.questions if q.alternatives]
    assert len(with_alts) >= 6
    assert main(["key", "--format", "json"]) == 0
    entries = {e["question"]: e for e in json.loads(capsys.readouterr().out)}
    for q in with_alts:
        got = entries[q.id]["alternatives"]
        assert [a["reason"] for a in got] == [a.reason for a in q.alternatives]
        assert all(a["description"] for a in got)
    assert main(["key"]) == 0
    md = capsys.readouterr().out
    for q in with_alts:
        section = md.split(f"## {q.id} ")[1].split("\n## ")[0]
        assert "Accepted alternatives:" in section
        for a in q.alternatives:
            assert a.reason in section


def test_teacher_key_cell_shows_alternatives_and_tolerance(case, lessons):
    q = next(q for lesson in lessons for q in lesson.questions if q.id == "L2.Q4")
    md = key_markdown(q, case)
    assert "Accepted alternatives:" in md
    assert all(a.reason in md for a in q.alternatives)
    numeric = make("numeric", 0.71, [(0.7, "rounded differently")], tolerance=0.005)
    md = key_markdown(numeric, case)
    assert "tolerance ±0.005" in md
    assert "also accepted: 0.7 (±0.005). Why: rounded differently" in md


def test_self_check_refuses_a_question_with_alternatives():
    from medialit.qtypes.selfcheck import SelfCheckUnavailable
    from medialit.qtypes.selfcheck import make as make_check

    q = make("single_choice", "a", [("b", "defensible")], options=OPTS)
    with pytest.raises(SelfCheckUnavailable, match="accepts alternatives"):
        make_check(q, "mek-L9")


def test_feedback_marks_an_accepted_label_as_accepted():
    # Trial 26: the feedback said "✗ not right" beside "Result: Correct" for an accepted label.
    q = make(
        "label_items",
        {"x": "opinion", "y": "factual"},
        [({"x": "prediction"}, "it speaks of what would happen")],
        items=(Option("x", "X"), Option("y", "Y")),
        labels=("factual", "opinion", "prediction"),
    )
    result = score_answer(q, {"x": "prediction", "y": "factual"})
    assert result.score == q.points
    assert [m.split(":")[0] for m in result.marks] == ["✓ accepted", "✓ right"]
    assert [m.split(":")[0] for m in score_answer(q, {"x": "factual", "y": "factual"}).marks] == [
        "✗ not right",
        "✓ right",
    ]


def test_feedback_marks_accepted_spans_by_the_rule_that_scored_them():
    # Trial 26: a highlight accepted instead of a key span, and accepted extras, were marked
    # "✗ not in the key" (and a missed optional span "missed") beside "Result: Correct".
    sentences = {
        "p1.s1": "Critics stormed out of the hall.",
        "p2.s1": "The plan is a ridiculous waste of time.",
        "p3.s1": "The grief he brought down on his head was great.",
        "p4.s1": "They will front the committee.",
    }

    def hl(sid: str, text: str) -> dict[str, Any]:
        start = sentences[sid].index(text)
        return {"sentence": sid, "text": text, "start": start, "end": start + len(text), "label": "loaded language"}

    key = [hl("p1.s1", "stormed"), hl("p2.s1", "ridiculous"), hl("p3.s1", "brought down on his head")]
    q = make(
        "select_spans",
        key,
        [
            ({"optional": "stormed"}, "a plain description too"),
            ({"sentence": "p3.s1", "text": "grief", "instead_of": "brought down on his head"}, "its charged word"),
            ({"sentence": "p4.s1", "text": "front"}, "an informal verb"),
        ],
        labels=("loaded language",),
        items=tuple(Option(sid, text) for sid, text in sentences.items()),
    )
    result = score_answer(q, [hl("p2.s1", "ridiculous"), hl("p3.s1", "grief"), hl("p4.s1", "front")])
    assert result.score == q.points
    assert [m.split(":")[0] for m in result.marks] == [
        "✓ right",
        "✓ right",
        "✓ accepted (not in the key; costs nothing)",
    ]
    wrong = score_answer(q, [hl("p2.s1", "ridiculous"), hl("p4.s1", "They will")])
    assert wrong.score < q.points
    assert [m.split(":")[0] for m in wrong.marks] == ["✓ right", "✗ not in the key", "✗ missed"]


def test_feedback_marks_an_accepted_option_and_an_accepted_set():
    q = make("single_choice", "a", [("b", "defensible")], options=OPTS)
    assert score_answer(q, "b").marks == ("✓ accepted: b: “B”",)
    assert score_answer(q, "c").marks == ("✗ not right: c: “C”",)
    q = make("multi_select", ["a", "b"], [(["a", "b", "c"], "c is arguable")], options=OPTS)
    marks = score_answer(q, ["a", "b", "c"]).marks
    assert [m.split(":")[0] for m in marks] == ["✓ right", "✓ right", "✓ accepted"]
    marks = score_answer(q, ["a", "d"]).marks  # the key scores better: marked against the key
    assert [m.split(":")[0] for m in marks] == ["✓ right", "✗ not in the key", "✗ missed"]
