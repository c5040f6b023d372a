"""Random mutations of submissions never crash the batch (hypothesis)."""

import copy
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from medialit import qtypes
from medialit.grading.batch import BatchOptions, grade_batch
from medialit.grading.grade import INTERNAL_ERROR

from .conftest import to_bytes

json_leaf = st.none() | st.booleans() | st.integers(-10, 10**6) | st.floats(allow_nan=True) | st.text(max_size=12)
json_any = st.recursive(
    json_leaf, lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=6), c, max_size=3), max_leaves=8
)
ROLES = ["setup", "prompt", "answer", "check", "key", "lesson", "bogus", None, 3]


@st.composite
def mutation(draw):
    kind = draw(
        st.sampled_from(
            [
                "delete",
                "duplicate",
                "swap",
                "retype",
                "meta",
                "medialit",
                "source",
                "outputs",
                "nbmeta",
                "cells",
                "record",
            ]
        )
    )
    return (
        kind,
        draw(st.integers(0, 10_000)),
        draw(st.integers(0, 10_000)),
        draw(json_any),
        draw(st.sampled_from(ROLES)),
        draw(st.text(max_size=40)),
    )


def apply(nb, muts):
    nb = copy.deepcopy(nb)
    for kind, i, j, junk, role, text in muts:
        cells = nb["cells"]
        if not isinstance(cells, list) or not cells:
            break
        i, j = i % len(cells), j % len(cells)
        cell = cells[i]
        if kind == "delete":
            del cells[i]
        elif kind == "duplicate":
            cells.insert(j, copy.deepcopy(cell))
        elif kind == "swap":
            cells[i], cells[j] = cells[j], cells[i]
        elif kind == "retype" and isinstance(cell, dict):
            cell["cell_type"] = ["markdown", "raw", "code", "weird", None][i % 5]
        elif kind == "meta" and isinstance(cell, dict):
            cell["metadata"] = junk
        elif kind == "medialit" and isinstance(cell, dict) and isinstance(cell.get("metadata"), dict):
            m = cell["metadata"].setdefault("medialit", {})
            if isinstance(m, dict):
                m[["role", "question", "points", "type", "checksum"][j % 5]] = role if j % 2 else junk
        elif kind == "source" and isinstance(cell, dict):
            cell["source"] = [text, "\n# medialit: L3.Q" + str(j % 12)] if i % 2 else junk
        elif kind == "outputs" and isinstance(cell, dict):
            cell["outputs"] = junk
        elif kind == "record" and isinstance(cell, dict):
            rec = {"schema_version": 1, "question": ["L3.Q1", "L3.Q2", None, 5][j % 4], "seq": i, "value": junk}
            cell["outputs"] = [{"output_type": "display_data", "data": {"application/vnd.medialit.answer+json": rec}}]
        elif kind == "nbmeta":
            nb["metadata"] = junk if i % 2 else {"medialit": junk}
        elif kind == "cells":
            cells[i] = junk
    return nb


def corrupt(data: bytes, how: int, pos: int, junk: bytes) -> bytes:
    if how == 0 or not data:
        return data
    pos %= len(data)
    if how == 1:
        return data[:pos]
    if how == 2:
        return data[:pos] + junk + data[pos + len(junk) :]
    return data[:pos] + junk + data[pos:]


@settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    muts=st.lists(mutation(), max_size=6),
    how=st.integers(0, 3),
    pos=st.integers(0, 10**6),
    junk=st.binary(max_size=8),
    base=st.sampled_from(["solution", "exercise"]),
)
def test_mutated_submissions_never_crash_the_grader(grader, solution, exercise, muts, how, pos, junk, base):
    nb = apply(solution if base == "solution" else exercise, muts)
    raw = corrupt(json.dumps(nb, ensure_ascii=False).encode("utf-8", "surrogatepass"), how, pos, junk)
    r = grader.grade_bytes(raw, "s", "s.ipynb")
    assert INTERNAL_ERROR not in r.message, r.message
    assert r.status in ("graded", "needs manual grading", "error")
    if r.status != "error":
        assert 0 <= r.score <= r.max_score


@pytest.mark.slow
@settings(
    max_examples=5,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(muts=st.lists(st.lists(mutation(), max_size=4), min_size=3, max_size=6))
def test_a_batch_of_mutants_is_graded_to_the_end(tmp_path_factory, key, lesson, solution, muts):
    subs = tmp_path_factory.mktemp("mutants")
    (subs / "aaa-good.ipynb").write_bytes(to_bytes(solution))
    for n, m in enumerate(muts):
        (subs / f"m{n}.ipynb").write_bytes(json.dumps(apply(solution, m)).encode("utf-8", "surrogatepass"))
    kept = []
    result = grade_batch(
        [subs], key.restrict([lesson.id]), tmp_path_factory.mktemp("out"), BatchOptions(code_timeout=5), keep=kept
    )
    assert result.count == len(muts) + 1
    assert all(INTERNAL_ERROR not in r.message for r in kept)
    good = kept[0]
    assert good.student == "aaa-good"
    assert good.score == sum(q.points for q in lesson.questions if not qtypes.get(q.type).manual)
