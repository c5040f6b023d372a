"""A highlight inside (or overlapping) a key span is "part of a key span" in the feedback, not
"not in the key" (trial 28: "NASA said" inside the key span "both Roscosmos and NASA said"), in the
graded marks, in check()'s practice marks and in the phrase highlighter's Check; no score changes."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from medialit import qtypes
from medialit.api import load_module
from medialit.grading.score import score_answer
from medialit.qtypes import spans
from medialit.widgets._base import STATIC

FULL = Path(__file__).resolve().parents[1] / "data" / "cases" / "layers-full"
CUE = "attribution cue"


@pytest.fixture(scope="module")
def l2q3():
    case, lessons = load_module(FULL)
    q = next(q for lesson in lessons for q in lesson.questions if q.id == "L2.Q3")
    return case, q


def _hl(case, sid, text):
    at = case.article.sentence(sid).text.index(text)
    return {"sentence": sid, "text": text, "start": at, "end": at + len(text), "label": CUE}


CASES = [
    # (highlight text in p5.s1, the mark's head, its hint)
    ("office said", "✗ part of a key span", "the whole attribution cue is longer"),
    ("flooded, the", "✗ overlaps a key span", "the attribution cue starts or ends elsewhere"),
    ("65 homes", "✗ not in the key", None),
]


@pytest.mark.parametrize(("text", "head", "hint"), CASES, ids=[c[0] for c in CASES])
def test_graded_and_check_marks_say_part_of_a_key_span(l2q3, text, head, hint):
    case, q = l2q3
    answer = [_hl(case, "p5.s1", text)]
    result = score_answer(q, answer)
    assert result.score == 0.0  # one extra highlight, no key span found: as before
    (mark, missed) = result.marks
    assert mark.startswith(f"{head}: “{text}”"), mark
    assert (hint in mark) if hint else ";" not in mark
    assert "the emergency office said" not in mark  # the key's words stay unnamed
    assert missed.startswith("✗ missed: 2")
    # check()'s practice hint lists the same marks.
    assert qtypes.get(q.type).mark_lines(q, answer)[0] == mark


def test_a_key_span_found_is_still_right_beside_a_part_of_another(l2q3):
    case, q = l2q3
    answer = [_hl(case, "p5.s1", "the emergency office said"), _hl(case, "p4.s1", "village council")]
    result = score_answer(q, answer)
    assert result.score / result.max_score == pytest.approx((1 - 0.5) / 2)
    assert [m.split(":")[0] for m in result.marks] == ["✓ right", "✗ part of a key span", "✗ missed"]


VECTORS = [
    # (highlight, expected) against the key span "both Roscosmos and NASA said" of S
    ({"start": 23, "end": 32, "text": "NASA said"}, [0, "inside"]),
    ({"start": 0, "end": 60, "text": "But both Roscosmos and NASA said the crash would have no impact"}, [0, "holds"]),
    ({"start": 28, "end": 42, "text": "said the crash"}, [0, "overlaps"]),
    ({"start": 33, "end": 42, "text": "the crash"}, None),
    ({"text": "NASA said"}, [0, "inside"]),  # saved without offsets: by words
    ({"text": "the crash"}, None),
]
S = {"p7.s1": "But both Roscosmos and NASA said the crash would have no impact."}
KEY = [{"sentence": "p7.s1", "text": "both Roscosmos and NASA said", "label": CUE}]


def test_part_of_in_python_and_in_the_widget_agree(tmp_path):
    highlights = [{"sentence": "p7.s1", "label": CUE, **h} for h, _ in VECTORS]
    assert [list(r) if (r := spans.part_of(KEY, h, S)) else None for h in highlights] == [e for _, e in VECTORS]
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed (make system-deps installs what the tests need)")
    (tmp_path / "spans.mjs").write_text((STATIC / "spans.js").read_text("utf-8"), encoding="utf-8")
    (tmp_path / "ph.mjs").write_text((STATIC / "bundled" / "phrase_highlighter.js").read_text("utf-8"), "utf-8")
    data = {"key": KEY, "sentences": S, "highlights": highlights}
    (tmp_path / "data.json").write_text(json.dumps(data), encoding="utf-8")
    (tmp_path / "run.mjs").write_text(
        "import { partOf } from './spans.mjs';\n"
        "import { extraMessage } from './ph.mjs';\n"
        "import { readFileSync } from 'node:fs';\n"
        "const d = JSON.parse(readFileSync('data.json', 'utf-8'));\n"
        "console.log(JSON.stringify({\n"
        "  parts: d.highlights.map((h) => partOf(d.key, h, d.sentences))\n"
        "    .map((p) => p && [p.index, p.how]),\n"
        "  messages: d.highlights.map((h) => extraMessage(d.key, h, d.sentences)),\n"
        "}));\n",
        encoding="utf-8",
    )
    out = subprocess.run([node, "run.mjs"], cwd=tmp_path, capture_output=True, text=True, timeout=60, check=True)
    got = json.loads(out.stdout)
    assert got["parts"] == [e for _, e in VECTORS]
    # The practice Check (the phrase highlighter's bundle): the same words as the graded marks.
    assert got["messages"][0] == (
        "✗ Part of a key span: “NASA said” — attribution cue (paragraph 7); the whole attribution cue is longer."
    )
    assert got["messages"][3].startswith("✗ Not in the key: “the crash”")
