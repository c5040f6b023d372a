"""The question-type registry: every type registered, its blank and key answers, no type-name branching elsewhere."""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from medialit import qtypes
from medialit.analysis.search import build_index
from medialit.errors import CurriculumError
from medialit.grading.replay import result_ids
from medialit.grading.score import score_answer, value_fraction
from medialit.model import Question
from medialit.notebooks.questions import answer_source
from medialit.qtypes.wellformed import is_blank, public_check, shape_problems

SRC = Path(__file__).resolve().parents[2] / "src" / "medialit"
#: The types medialit ships (a test may register a throwaway one; these are read once, before).
QUESTION_TYPES = qtypes.names()


def _all_questions(lessons: Any) -> list[Question]:
    return [q for lesson in lessons for q in (*lesson.practice, *lesson.questions)]


#: Types registered but not yet used by a lesson of the MEK module, each with the unit-test
#: fixture question the per-type tests below use instead (a new type starts here and leaves
#: when a lesson adopts it). Empty: search_lab is used by lessons 1, 3, 5 and 8 (issue 10).
NOT_YET_IN_A_LESSON: dict[str, Callable[..., Question]] = {}


def _by_type(lessons: Any, case: Any = None) -> dict[str, list[Question]]:
    """Every question by type; with ``case``, able to replay searches on its packet, as the grader's key is."""
    out: dict[str, list[Question]] = {}
    replay = None
    if case is not None and case.packet is not None:
        replay = partial(result_ids, build_index(case.packet))
    for q in _all_questions(lessons):
        out.setdefault(q.type, []).append(replace(q, replay=replay) if replay is not None else q)
    if case is not None:
        for name, fixture in NOT_YET_IN_A_LESSON.items():
            out.setdefault(name, []).append(fixture(case))
    return out


def test_every_type_is_registered_once() -> None:
    names = [t.name for t in qtypes.all_types()]
    assert names == list(QUESTION_TYPES)
    for name in QUESTION_TYPES:
        assert qtypes.get(name).name == name


def test_an_unknown_type_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="single_choice"):
        qtypes.get("singel_choice")


def test_the_mek_curriculum_has_every_type(lessons: Any) -> None:
    # The tests below run per type on the real case; a type missing here would go untested.
    # Only the types listed in NOT_YET_IN_A_LESSON may be missing, and they must be missing
    # (a type a lesson adopts leaves the list, so it is tested on its real questions).
    assert set(_by_type(lessons)) == set(QUESTION_TYPES) - set(NOT_YET_IN_A_LESSON)


def test_a_type_not_yet_in_a_lesson_has_its_fixture_question(lessons: Any, case: Any) -> None:
    for name in NOT_YET_IN_A_LESSON:
        assert [q.type for q in _by_type(lessons, case)[name]] == [name]


@pytest.mark.parametrize("type_name", QUESTION_TYPES)
def test_blank_answer_is_valid_source_blank_and_scores_zero(lessons: Any, case: Any, type_name: str) -> None:
    qt = qtypes.get(type_name)
    for q in _by_type(lessons, case)[type_name]:
        blank = qt.blank(q)
        assert is_blank(q, blank), (q.id, blank)
        if qt.runs_code:  # its blank is the starter code, graded "unchanged" by the sandbox (tests/grading)
            assert answer_source(q, solution=False).endswith(q.starter.rstrip("\n"))
            continue
        if not qtypes.uses_widget(q):
            # The exercise cell is valid Python whose `answer` is exactly the blank.
            namespace: dict[str, Any] = {}
            exec(compile(answer_source(q, solution=False), q.id, "exec"), {}, namespace)
            assert namespace["answer"] == blank
        result = score_answer(q, blank)
        assert (result.score, result.status) == (0.0, "unanswered"), q.id
        ok, messages = public_check(q, blank)
        assert not ok and messages == [f"{q.id}: not answered yet."]


@pytest.mark.parametrize("type_name", QUESTION_TYPES)
def test_key_answer_is_well_formed_and_scores_full_marks(lessons: Any, case: Any, type_name: str) -> None:
    qt = qtypes.get(type_name)
    for q in _by_type(lessons, case)[type_name]:
        if qt.manual:
            model = qt.answer_value(q, solution=True)
            assert shape_problems(q, model) == []
            assert score_answer(q, model).status == "needs manual grading"
            continue
        assert shape_problems(q, q.key) == [], q.id
        assert value_fraction(q, q.key) == pytest.approx(1.0), q.id
        if not qt.runs_code:
            result = score_answer(q, q.key)
            assert (result.score, result.status) == (q.points, "correct"), q.id


@pytest.mark.parametrize("type_name", QUESTION_TYPES)
def test_a_wrong_shape_is_never_well_formed(lessons: Any, case: Any, type_name: str) -> None:
    q = _by_type(lessons, case)[type_name][0]
    odd = object()  # no type accepts an arbitrary object
    assert shape_problems(q, odd), q.id


def test_widget_binding_uses_one_spelling(lessons: Any) -> None:
    for q in _all_questions(lessons):
        qt = qtypes.get(q.type)
        assert q.widget is None or q.widget in qtypes.WIDGETS, (q.id, q.widget)
        assert q.widget is None or q.widget in qt.widgets or q.widget == qt.widget
    assert qtypes.get("select_sentences").widget == "claim_spotter"
    assert qtypes.get("select_spans").widget == "phrase_highlighter"


def test_a_spec_naming_a_widget_its_type_cannot_use_is_refused(case: Any) -> None:
    from medialit.curriculum.spec import resolve_question

    spec = {
        "id": "L1.Q9",
        "type": "single_choice",
        "objectives": ["S1"],
        "prompt": "Pick one.",
        "options": [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}],
        "key": {"value": "a", "reason": "test"},
        "widget": "claim-spotter",
        "settings": {"evidence": "text"},
    }
    with pytest.raises(CurriculumError, match="cannot use widget 'claim-spotter'"):
        resolve_question(case, spec, "test.yaml")
    spec["widget"] = None
    spec["tests"] = [{"name": "x", "public": True}]
    with pytest.raises(CurriculumError, match="only code questions take 'tests'"):
        resolve_question(case, spec, "test.yaml")


# -- no module outside qtypes branches on a type name ----------------------------------------

#: Comparisons with these strings are about notebook cells, not question types.
_CELL_TYPE_WORDS = ("cell_type",)
#: Tables keyed by type name outside qtypes that are allowed, with why (none: the minutes per
#: type, the schemas' enums and the answer describer belong to the types).
_ALLOWED_TABLES: dict[str, str] = {}


def _type_names(node: ast.AST) -> set[str]:
    """The question-type names a constant, or a tuple/list/set of constants, spells."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in QUESTION_TYPES:
        return {node.value}
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return set().union(*(_type_names(e) for e in node.elts)) if node.elts else set()
    if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("frozenset", "set", "tuple") and node.args:
        return _type_names(node.args[0])
    return set()


def type_name_branches(tree: ast.AST, source: str) -> list[str]:
    """``line: text`` of every comparison with a type name, and every dict keyed by type names."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            if isinstance(node.ops[0], (ast.In, ast.NotIn)) and isinstance(node.left, ast.Constant):
                continue  # `"code" in section`: a mapping key (lesson sections), not a question's type
            sides = [node.left, *node.comparators]
            if any(_type_names(s) for s in sides):
                other = " ".join(ast.get_source_segment(source, s) or "" for s in sides if not _type_names(s))
                if not any(word in other for word in _CELL_TYPE_WORDS):
                    found.append(f"{node.lineno}: {ast.get_source_segment(source, node)}")
        elif isinstance(node, ast.Dict) and any(k is not None and _type_names(k) for k in node.keys):
            found.append(f"{node.lineno}: a table keyed by question types")
        elif isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None and _type_names(node.value):
            target = node.targets[0] if isinstance(node, ast.Assign) else node.target
            # __all__ lists function names, one of which (notebooks.cells.code) happens to spell a type.
            if getattr(target, "id", "") != "__all__":
                found.append(f"{node.lineno}: a constant naming question types")
        elif isinstance(node, ast.match_case) and _type_names(getattr(node.pattern, "value", ast.Constant(None))):
            found.append(f"{node.lineno}: a match case on a question type")
    return sorted(found, key=lambda h: int(h.split(":")[0]))


def test_the_scanner_finds_planted_branches() -> None:
    planted = (
        'if q.type == "select_spans":\n    pass\n'
        'ok = t in ("label_items", "match_pairs")\n'
        'SCORERS = {"numeric": 1}\n'
        'fine = cell.get("cell_type") != "code"\n'
        'also_fine = "code" in section\n'
        'MANUAL = frozenset({"short_text"})\n'
    )
    hits = type_name_branches(ast.parse(planted), planted)
    assert [h.split(":")[0] for h in hits] == ["1", "3", "4", "7"]


def test_no_module_outside_qtypes_branches_on_a_type_name() -> None:
    offenders = {}
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if rel.startswith("qtypes/"):
            continue
        source = path.read_text(encoding="utf-8")
        hits = type_name_branches(ast.parse(source), source)
        if rel in _ALLOWED_TABLES:
            hits = [h for h in hits if "table keyed" not in h]
        if hits:
            offenders[rel] = hits
    assert offenders == {}, f"ask medialit.qtypes instead of testing type names: {offenders}"


# -- a student's value reaches a type's hooks only through the one narrowing step ---------------

#: Values a student's notebook can hold, odd ones included (an answer is untrusted).
_ODD_VALUES: list[Any] = [
    None,
    "",
    "b",
    "p1.s1",
    3,
    2.5,
    float("nan"),
    True,
    object(),
    [],
    ["a", "c"],
    ("a",),
    {"a", "b"},
    [1, 2],
    [["nested"]],
    {},
    {"p1.s1": "opinion"},
    {1: "x"},
    {"a": None, "b": 3},
    [{"sentence": "p1.s1", "text": "The", "start": "x"}],
    [{"sentence": 5}],
    {"queries": ["x"], "opened": [{"doc": "d", "seconds": -1}], "answer": None},
    {"queries": "x", "opened": [], "answer": "zz"},
]


@pytest.mark.parametrize("type_name", QUESTION_TYPES)
def test_the_entry_points_narrow_any_value_and_never_raise(lessons: Any, case: Any, type_name: str) -> None:
    qt = qtypes.get(type_name)
    for q in _by_type(lessons, case)[type_name]:
        # Every shipped key is of its type's key type, so `key(q)` never raises on the curriculum.
        assert qt.is_key(q.key), q.id
        for value in [*_ODD_VALUES, qt.blank(q), q.key]:
            frac = qt.score(q, value)
            assert 0.0 <= frac <= 1.0, (q.id, value)
            assert isinstance(qt.describe(value, q), tuple)
            if not qt.well_formed(value, q):
                assert (frac, qt.mark_lines(q, value), qt.trail_of(q, value), qt.lacking(q, value)) == (
                    0.0,
                    [],
                    None,
                    [],
                ), (q.id, value)


def test_a_key_of_another_type_is_refused_by_name(lessons: Any) -> None:
    q = next(q for q in _all_questions(lessons) if q.type == "multi_select")
    with pytest.raises(TypeError, match=r"is not a key of a multi_select question \(its is_key refuses it\)"):
        qtypes.get("multi_select").key(replace(q, key="a"))


#: The hooks that take a type's well-formed answer (its ``V``). Outside ``qtypes/`` they are
#: reached only through the entry points that narrow first (``score``, ``mark_lines``,
#: ``trail_of``, ``lacking``, ``describe``), since the registry hands out ``QuestionType[Any, Any]``.
_V_HOOKS = frozenset({"key_fraction", "alternatives_fraction", "marks", "trail", "incomplete_problems", "in_words"})


def v_hook_calls(tree: ast.AST) -> list[str]:
    """``line: .hook(...)`` of every call of a V-typed hook."""
    return [
        f"{node.lineno}: .{node.func.attr}(...)"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _V_HOOKS
    ]


def test_the_hook_scanner_finds_a_planted_call() -> None:
    planted = "qt = qtypes.get(q.type)\nfrac = qt.key_fraction(q, value)\nok = qt.score(q, value)\n"
    assert v_hook_calls(ast.parse(planted)) == ["2: .key_fraction(...)"]


def test_no_module_outside_qtypes_calls_a_types_hooks_with_an_unchecked_value() -> None:
    offenders = {}
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if not rel.startswith("qtypes/"):
            hits = v_hook_calls(ast.parse(path.read_text(encoding="utf-8")))
            if hits:
                offenders[rel] = hits
    assert offenders == {}, f"call QuestionType.score / mark_lines / trail_of / lacking instead: {offenders}"
