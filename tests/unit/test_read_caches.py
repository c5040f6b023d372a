"""What reading a case remembers is exact: a cache never hands out shared data nor a stale answer.

- ``yamlpos.load_with_lines`` remembers parses by their text and gives each caller its own copy;
- ``_jsonschema.errors`` remembers the (schema, data) pairs it found valid by an exact digest, so
  values that Python calls equal but JSON Schema tells apart (``1`` and ``True``, a key ``1`` and
  a key ``"1"``) are each validated;
- ``profile.case_facts`` keeps the facts of the case last asked about, by identity, and returns copies.
"""

from __future__ import annotations

from dataclasses import replace

from medialit import _jsonschema
from medialit.analysis.profile import case_facts
from medialit.case import yamlpos
from medialit.case.load import default_case_dir, load_case

INTEGER = {"type": "integer"}
NEEDS_ONE = {"type": "object", "required": ["1"]}


def test_a_text_parsed_again_gives_a_fresh_copy_of_the_same_data():
    text = (default_case_dir() / "annotations.yaml").read_text("utf-8")
    data, lines = yamlpos.load_with_lines(text)
    data["claims"][0]["summary"] = "changed by the caller"
    data["sources"].clear()
    lines[("schema_version",)] = 999
    again, lines_again = yamlpos.load_with_lines(text)
    assert again == yamlpos._read(yamlpos._Loader, text)[0]
    assert again["claims"][0]["summary"] != "changed by the caller"
    assert again["sources"]
    assert lines_again[("schema_version",)] != 999
    assert yamlpos.load_with_lines(text + "\nextra: 1\n")[0]["extra"] == 1  # another text, another parse


def test_a_valid_pair_is_remembered_and_any_other_value_is_validated():
    assert _jsonschema.errors(INTEGER, 7) == []
    assert _jsonschema._fingerprint(INTEGER, 7) in _jsonschema._VALID
    assert [e.validator for e in _jsonschema.errors(INTEGER, "7")] == ["type"]
    assert _jsonschema.errors({"type": "string"}, 7) != []  # the same data under another schema


def test_values_python_calls_equal_are_validated_each_on_its_own():
    # 1 == True and {"1": x} vs {1: x}: a dict or an lru_cache keyed by the values would take one for the other
    assert _jsonschema.errors(INTEGER, 1) == []
    assert [e.validator for e in _jsonschema.errors(INTEGER, True)] == ["type"]  # a boolean is no integer
    assert _jsonschema.errors(NEEDS_ONE, {"1": "a"}) == []
    assert [e.validator for e in _jsonschema.errors(NEEDS_ONE, {1: "a"})] == ["required"]
    assert _jsonschema._fingerprint(NEEDS_ONE, {1: "a"}) is None  # not JSON-shaped: never remembered
    assert _jsonschema._fingerprint(INTEGER, [(1,)]) is None


def test_the_memo_is_bounded():
    for n in range(_jsonschema._VALID_KEPT + 10):
        assert _jsonschema.errors(INTEGER, 10_000 + n) == []
    assert len(_jsonschema._VALID) == _jsonschema._VALID_KEPT
    assert _jsonschema._fingerprint(INTEGER, 10_000) not in _jsonschema._VALID  # the oldest went first


def test_case_facts_are_copies_and_belong_to_their_case():
    case = load_case()
    facts = case_facts(case)
    facts["title"] = "changed by the caller"
    assert case_facts(case)["title"] == case.article.title
    other = replace(case, article=replace(case.article, title="Another title"))
    assert case_facts(other)["title"] == "Another title"
    assert case_facts(case)["title"] == case.article.title
