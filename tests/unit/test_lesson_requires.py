"""``requires:`` in a lesson spec: which lessons a case gets, and the errors of a wrong one."""

from __future__ import annotations

import copy
import json
import re
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from medialit.case.drift import schema_drift
from medialit.case.validate import shipped_schema
from medialit.curriculum.derive import derive
from medialit.curriculum.derive_packet import PACKET_KIND_LABELS
from medialit.curriculum.spec import _pkg_dir, load_curriculum, meets, resolve_question
from medialit.errors import CurriculumError
from medialit.model import Case, Packet

GENERIC = _pkg_dir() / "generic"
SEARCH_LAB_JS = Path(__file__).resolve().parents[2] / "src" / "medialit" / "widgets" / "static" / "search_lab.js"


def _no_packet(case: Case) -> Case:
    return replace(case, packet=None)


def _empty_packet(case: Case) -> Case:
    return replace(case, packet=Packet(case=case.article.id, documents=()))


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "generic"
    shutil.copytree(GENERIC, folder)
    return folder


def test_meets_packet_needs_a_packet_with_documents(case: Case) -> None:
    assert case.packet is not None and case.packet.documents
    assert meets(case, "packet")
    assert not meets(_no_packet(case), "packet")
    assert not meets(_empty_packet(case), "packet")


def test_the_packet_lesson_is_left_out_without_a_packet_and_the_rest_is_unchanged(case: Case) -> None:
    with_packet = load_curriculum(case, GENERIC)
    assert [lesson.number for lesson in with_packet] == [1, 2, 3, 4, 5]
    for other in (_no_packet(case), _empty_packet(case)):
        without = load_curriculum(other, GENERIC)
        assert [lesson.number for lesson in without] == [1, 2, 3, 4]
        # The lessons a case gets either way are the same lessons, ids and questions.
        assert [(le.id, [q.id for q in le.questions]) for le in without] == [
            (le.id, [q.id for q in le.questions]) for le in with_packet[:4]
        ]


def test_an_unknown_requirement_names_file_line_and_fix(case: Case, tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    path = folder / "05-lateral-reading.yaml"
    text = path.read_text("utf-8")
    line = text[: text.index("requires: [packet]")].count("\n") + 1
    path.write_text(text.replace("requires: [packet]", "requires: [pakcet]"), "utf-8")
    with pytest.raises(CurriculumError) as err:
        load_curriculum(case, folder)
    message = str(err.value)
    assert f"05-lateral-reading.yaml:{line}" in message
    assert "pakcet" in message and "did you mean 'packet'" in message


def test_a_lesson_that_can_be_left_out_must_come_last(case: Case, tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    path = folder / "03-framing.yaml"
    text = path.read_text("utf-8")
    path.write_text(text.replace("objectives: [F1, F2, F3]\n", "objectives: [F1, F2, F3]\nrequires: [packet]\n", 1))
    line = path.read_text("utf-8").splitlines().index("requires: [packet]") + 1
    # Refused for every case, with or without a packet: the order is a property of the curriculum.
    for c in (case, _no_packet(case)):
        with pytest.raises(CurriculumError) as err:
            load_curriculum(c, folder)
        message = str(err.value)
        assert f"03-framing.yaml:{line}: lesson 3 requires packet" in message
        assert "04-checking-claims.yaml" in message and "gap in the lesson numbers" in message
        assert "Fix: give the lessons with 'requires:' the highest numbers" in message


def test_requires_values_and_their_literal_do_not_drift() -> None:
    schema = copy.deepcopy(shipped_schema("lesson-v1.json"))
    assert schema_drift({"lesson-v1.json": schema}) == []
    schema["properties"]["requires"]["items"]["enum"].append("video")
    problems = schema_drift({"lesson-v1.json": schema})
    assert any("requires" in p and "LessonRequirement" in p and "video" in p for p in problems), problems


def test_kind_labels_match_the_search_lab_reader() -> None:
    js = SEARCH_LAB_JS.read_text("utf-8")
    block = js[js.index("const KINDS = {") : js.index("};", js.index("const KINDS = {"))]
    in_js = dict(re.findall(r"(\w+): \"([^\"]+)\"", block))
    assert in_js == PACKET_KIND_LABELS


# -- the derivations give nothing without a packet, and a derived search_lab key is checked -------


@pytest.mark.parametrize("name", ["packet_kinds", "packet_sides", "packet_passage_origin", "packet_source_date"])
def test_packet_derivations_are_empty_without_a_packet(case: Case, name: str) -> None:
    for other in (_no_packet(case), _empty_packet(case)):
        assert derive(other, name, {}, "test.yaml")["key"] in ([], {}, None)


def _derived_spec(**key: Any) -> dict[str, Any]:
    return {
        "id": "L5.Q9",
        "type": "search_lab",
        "objectives": ["S4"],
        "prompt": "Search the packet and choose.",
        "points": 2,
        "skip_if_empty": True,
        "key": {"derive": "packet_source_date", **key},
    }


def test_a_derived_search_lab_key_brings_its_own_sources(case: Case) -> None:
    q = resolve_question(case, _derived_spec(), "test.yaml")
    assert q is not None and q.settings["sources"]["independent"]
    opened = q.key["opened"][0]["doc"]
    assert opened in q.settings["sources"]["independent"]
    assert not set(q.settings["sources"]["independent"]) & set(q.settings["sources"]["partisan"])
    assert resolve_question(_no_packet(case), _derived_spec(), "test.yaml") is None


def test_a_derived_search_lab_key_whose_sources_are_broken_is_refused(case: Case) -> None:
    spec = _derived_spec()
    spec["settings"] = {"sources": {"independent": []}}  # the spec's own settings override the derivation's
    with pytest.raises(CurriculumError, match="independent must name at least one"):
        resolve_question(case, spec, "test.yaml")


def test_dates_are_conclusions_in_time_order_with_one_year_each(case: Case) -> None:
    for nth in (1, 2):
        d = derive(case, "packet_source_date", {"nth": nth}, "test.yaml")
        years = [o.text[-4:] for o in d["items"]]
        assert years == sorted(years) and len(set(years)) == len(years)
    assert json.dumps(derive(case, "packet_source_date", {}, "x")["key"]) == json.dumps(
        derive(case, "packet_source_date", {}, "x")["key"]
    )


@pytest.mark.parametrize("limit", [1, 2, 3, 8, 100])
def test_sides_always_mix_both_kinds_of_result(case: Case, limit: int) -> None:
    d = derive(case, "packet_sides", {"limit": limit}, "test.yaml")
    ids = [o.id for o in d["options"]]
    assert d["key"] and set(d["key"]) < set(ids)  # at least one partisan and one other result
    assert len(ids) == len(set(ids)) <= max(limit, 2)
