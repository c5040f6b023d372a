"""The Literal types of medialit.model and the shipped JSON Schemas cannot drift apart."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import sys
from importlib import resources
from typing import Literal, get_args

import jsonschema
import pytest

from medialit import contracts, model
from medialit.case import drift
from medialit.case.drift import ANNOTATION_ENUMS, schema_drift
from medialit.case.validate import shipped_schema
from medialit.runtime.record import AnswerRecorder


def test_the_shipped_schemas_match_the_python_types():
    assert schema_drift() == []


def test_every_annotation_enum_has_its_literal_and_its_tuple():
    assert len(ANNOTATION_ENUMS) == 8
    assert get_args(model.ClaimKind) == model.CLAIM_KINDS
    assert get_args(model.Verdict) == model.VERDICTS
    assert get_args(model.SourceKind) == model.SOURCE_KINDS
    assert get_args(model.FramingDeviceKind) == model.FRAMING_DEVICES
    assert get_args(model.AttributionMode) == model.ATTRIBUTION_MODES


def _annotations() -> dict:
    return copy.deepcopy(shipped_schema("annotations-v1.json"))


def test_a_value_added_to_the_schema_only_is_drift():
    schema = _annotations()
    schema["properties"]["fact_checks"]["items"]["properties"]["verdict"]["enum"].append("satire")
    assert schema_drift({"annotations-v1.json": schema}) == [
        "annotations-v1.json fact_checks.verdict: the schema's enum and Verdict differ (only in the schema: satire)"
    ]


def test_a_value_removed_from_the_schema_is_drift():
    schema = _annotations()
    schema["properties"]["claims"]["items"]["properties"]["kind"]["enum"].remove("prediction")
    [problem] = schema_drift({"annotations-v1.json": schema})
    assert "claims.kind" in problem and "only in Python: prediction" in problem


def test_a_value_added_to_the_literal_only_is_drift(monkeypatch):
    monkeypatch.setitem(ANNOTATION_ENUMS, ("sources", "kind"), Literal[(*get_args(model.SourceKind), "rumour")])
    [problem] = schema_drift()
    assert problem.startswith("annotations-v1.json sources.kind:") and "only in Python: rumour" in problem


def test_a_new_schema_enum_without_a_literal_is_drift():
    schema = _annotations()
    schema["properties"]["claims"]["items"]["properties"]["stance"] = {"enum": ["for", "against"]}
    [problem] = schema_drift({"annotations-v1.json": schema})
    assert "claims.stance: an enum with no Literal in medialit.model" in problem


def test_a_schema_version_out_of_step_with_the_code_is_drift():
    schema = copy.deepcopy(shipped_schema("answer-record-v1.json"))
    schema["properties"]["schema_version"]["const"] = 2
    assert schema_drift({"answer-record-v1.json": schema}) == [
        "answer-record-v1.json /properties/schema_version: the schema pins schema_version 2, the code uses 1"
    ]
    lesson = copy.deepcopy(shipped_schema("lesson-v1.json"))
    lesson["properties"]["requires"]["items"]["enum"].append("essay")
    [problem] = schema_drift({"lesson-v1.json": lesson})
    assert "lesson-v1.json /properties/requires/items" in problem and "only in the schema: essay" in problem


def test_the_lint_step_fails_on_a_planted_drift(tmp_path):
    """``make lint`` runs ``python -m medialit.case.drift``: it exits 1 and says what drifted."""
    ok = subprocess.run([sys.executable, "-m", "medialit.case.drift"], capture_output=True, text=True, check=False)
    assert (ok.returncode, ok.stderr) == (0, "")
    # The same module, run on a package copy whose schema gained a verdict.
    src = resources.files("medialit")
    pkg = tmp_path / "medialit"
    shutil.copytree(str(src), pkg, ignore=shutil.ignore_patterns("__pycache__", "casestudies"))
    path = pkg / "schemas" / "annotations-v1.json"
    data = json.loads(path.read_text("utf-8"))
    data["properties"]["fact_checks"]["items"]["properties"]["verdict"]["enum"].append("satire")
    path.write_text(json.dumps(data), "utf-8")
    bad = subprocess.run(
        [sys.executable, "-m", "medialit.case.drift"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path), "PATH": ""},
    )
    assert bad.returncode == 1
    assert "schema drift: annotations-v1.json fact_checks.verdict" in bad.stderr and "satire" in bad.stderr
    assert drift.__name__ == "medialit.case.drift"


def test_generated_cell_metadata_fits_its_schema(generated):
    validator = jsonschema.Draft202012Validator(shipped_schema("cell-metadata-v1.json"))
    seen = 0
    for path in sorted(generated.glob("*/*.ipynb")):
        nb = json.loads(path.read_text("utf-8"))
        for meta in [nb["metadata"]["medialit"], *(c["metadata"]["medialit"] for c in nb["cells"])]:
            errors = [e.message for e in validator.iter_errors(meta)]
            assert errors == [], (path.name, meta)
            seen += 1
    assert seen > 300
    assert not validator.is_valid({"schema_version": 42, "role": "answer"})
    assert not validator.is_valid({"schema_version": 1, "role": "answr"})


@pytest.mark.parametrize("value", [["p1.s1"], {"a": "b"}, 3, None])
def test_the_recorder_writes_records_that_fit_their_schema(tmp_path, value):
    validator = jsonschema.Draft202012Validator(shipped_schema("answer-record-v1.json"))
    rec = AnswerRecorder("L2.Q3", tmp_path)
    rec._value = value
    assert validator.is_valid(rec.record())
    assert rec.record()["schema_version"] == contracts.ANSWER_SCHEMA_VERSION
    assert not validator.is_valid({**rec.record(), "schema_version": 99})
