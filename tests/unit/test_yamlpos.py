"""Annotations YAML is read with libyaml when PyYAML has it, with exactly the Python parser's results."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from medialit.case import yamlpos
from medialit.case.load import default_case_dir

ROOT = Path(__file__).resolve().parents[2]
FILES = [default_case_dir() / "annotations.yaml", *sorted((ROOT / "tests" / "data").rglob("annotations.yaml"))]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.parent.name)
def test_both_parsers_give_the_same_data_and_lines(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    data, lines = yamlpos.load_with_lines(text)
    assert (data, lines) == yamlpos._read(yamlpos._Loader, text)
    assert (data, lines) == yamlpos._read(yamlpos._FastLoader, text)
    assert data["schema_version"] == 1
    assert lines[("schema_version",)] == text.splitlines().index("schema_version: 1") + 1


def test_bad_yaml_is_worded_as_the_python_parser_words_it() -> None:
    with pytest.raises(yaml.YAMLError, match=r"expected ',' or '\]', but got ':'") as info:
        yamlpos.load_with_lines("claims:\n  - id: a\n    span: [unclosed\n  - id: b\n")
    assert info.value.problem_mark.line == 3  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "text",
    ['claims:\n  - id: a\n    span: "x"\t\n', "claims:\n  - id: a\n\ufeff\n  - id: b\n"],
    ids=["tab-after-a-value", "byte-order-mark-inside"],
)
def test_what_libyaml_would_accept_but_the_python_parser_refuses_is_still_refused(text: str) -> None:
    with pytest.raises(yaml.YAMLError):
        yamlpos._read(yamlpos._Loader, text)
    with pytest.raises(yaml.YAMLError):
        yamlpos.load_with_lines(text)


def test_iso_dates_stay_strings() -> None:
    data, _ = yamlpos.load_with_lines("date: 2018-06-30\n")
    assert data == {"date": "2018-06-30"}
