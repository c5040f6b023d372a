"""`medialit validate`: every kind of bad input gives a located, fixable message."""

import pytest

from medialit.api import validate
from medialit.case.load import load_case
from medialit.errors import AnnotationError


def _edit(case_dir, old, new, count=1):
    path = case_dir / "annotations.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return path


def _line_of(path, needle):
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return n
    raise AssertionError(needle)


def test_embedded_case_is_valid():
    assert validate() == []


def test_bad_yaml_names_file_and_line(case_copy):
    path = _edit(case_copy, "schema_version: 1\n", "schema_version: 1\nclaims: [unclosed\n")
    problems = validate(case_copy)
    assert len(problems) == 1
    p = problems[0]
    assert p.file == str(path)
    assert p.line is not None and p.line >= 6
    assert "bad YAML" in p.message
    assert p.fix


def test_unknown_id_is_located_with_a_suggestion(case_copy):
    path = _edit(case_copy, "source: src-nbc\n", "source: src-nbcc\n")
    problems = validate(case_copy)
    assert len(problems) == 1
    p = problems[0]
    assert p.line == _line_of(path, "source: src-nbcc")
    assert p.id == "at-p10-nbc"
    assert "unknown source id 'src-nbcc'" in p.message
    assert "did you mean 'src-nbc'" in p.fix
    assert f"{path}:{p.line}: [at-p10-nbc]" in str(p)


def test_span_not_in_its_sentence(case_copy):
    path = _edit(case_copy, 'text: "stormed"', 'text: "stromed"')
    problems = validate(case_copy)
    assert len(problems) == 1
    p = problems[0]
    assert p.line == _line_of(path, 'text: "stromed"')
    assert "'stromed' is not in sentence p7.s1" in p.message
    assert "closest text" in p.fix


def test_fact_check_without_citation(case_copy):
    path = case_copy / "annotations.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: fc-P1.a")
    cit = text.index("    citations:", start)
    end = text.index("\n", cit)
    path.write_text(text[:cit] + "    citations: []" + text[end:], encoding="utf-8")
    problems = validate(case_copy)
    assert [p.id for p in problems] == ["fc-P1.a"]
    assert problems[0].message == "fact check without a citation"
    assert problems[0].line == _line_of(path, "  - id: fc-P1.a")
    assert "citations" in problems[0].fix


def test_schema_enum_error_suggests_the_value(case_copy):
    _edit(case_copy, "verdict: inaccurate", "verdict: inacurate")
    problems = validate(case_copy)
    assert problems and "inacurate" in problems[0].message
    assert "did you mean 'inaccurate'" in problems[0].fix
    assert problems[0].id and problems[0].id.startswith("fc-")


def test_uncovered_sentence_is_reported(case_copy):
    path = case_copy / "annotations.yaml"
    text = path.read_text(encoding="utf-8")
    # Move every claim of p5 to p4.s1: p5.s1 is left with no claim.
    path.write_text(text.replace("sentence: p5.s1", "sentence: p4.s1"), encoding="utf-8")
    problems = validate(case_copy)
    assert any(p.id == "p5.s1" and "has no claim" in p.message for p in problems)


def test_load_case_raises_with_all_problems(case_copy):
    _edit(case_copy, "source: src-nbc\n", "source: nope\n")
    with pytest.raises(AnnotationError) as info:
        load_case(case_copy)
    assert len(info.value.problems) == 1
    assert "nope" in str(info.value)
