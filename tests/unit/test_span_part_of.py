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


def widget_modules(tmp_path: Path) -> str:
    """Copy spans.js and the phrase highlighter's bundle into ``tmp_path`` as ES modules; node's path
    (the test is skipped without node)."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed (make system-deps installs what the tests need)")
    (tmp_path / "spans.mjs").write_text((STATIC / "spans.js").read_text("utf-8"), encoding="utf-8")
    (tmp_path / "ph.mjs").write_text((STATIC / "bundled" / "phrase_highlighter.js").read_text("utf-8"), "utf-8")
    return node


def test_part_of_in_python_and_in_the_widget_agree(tmp_path):
    highlights = [{"sentence": "p7.s1", "label": CUE, **h} for h, _ in VECTORS]
    assert [list(r) if (r := spans.part_of(KEY, h, S)) else None for h in highlights] == [e for _, e in VECTORS]
    node = widget_modules(tmp_path)
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


def test_check_summary_counts_part_of_highlights_as_their_entries_say(tmp_path):
    """The phrase highlighter's Check summary counts a highlight that lies inside, holds or overlaps a
    key span as its entry says, not under "not in the key"; what it finds stays as before."""
    node = widget_modules(tmp_path)
    key = [*KEY, {"sentence": "p7.s2", "text": "the launch", "label": CUE}]
    long = "They delayed the launch again after the storm hit the coast on Monday night."
    sentences = {**S, "p7.s2": long}
    # the whole of p7.s2 holds "the launch" but is too long to find it (the cap of rule 2)
    holds = {"sentence": "p7.s2", "start": 0, "end": len(long), "text": long}
    cases = {
        "one_of_each": [VECTORS[0][0], holds, VECTORS[2][0], VECTORS[3][0]],
        "two_inside": [VECTORS[0][0], VECTORS[0][0]],
        "found_and_none": [{"start": 4, "end": 32, "text": "both Roscosmos and NASA said"}, VECTORS[3][0]],
        "none": [],
    }
    data = {
        "key": key,
        "sentences": sentences,
        "cases": {k: [{"sentence": "p7.s1", "label": CUE, **h} for h in v] for k, v in cases.items()},
    }
    # the graded marks' rule (Python) reads the four highlights the same way
    hows = [spans.part_of(key, h, sentences) for h in data["cases"]["one_of_each"]]
    assert [p and p[1] for p in hows] == [spans.INSIDE, spans.HOLDS, spans.OVERLAPS, None]
    (tmp_path / "data.json").write_text(json.dumps(data), encoding="utf-8")
    (tmp_path / "run.mjs").write_text(
        "import { checkSummary } from './ph.mjs';\n"
        "import { readFileSync } from 'node:fs';\n"
        "const d = JSON.parse(readFileSync('data.json', 'utf-8'));\n"
        "console.log(JSON.stringify(Object.fromEntries(Object.entries(d.cases)\n"
        "  .map(([k, hs]) => [k, checkSummary(d.key, hs, d.sentences)]))));\n",
        encoding="utf-8",
    )
    out = subprocess.run([node, "run.mjs"], cwd=tmp_path, capture_output=True, text=True, timeout=60, check=True)
    assert json.loads(out.stdout) == {
        "one_of_each": (
            "0 of 2 found, 2 missed, 1 part of a key span, 1 holding a key span and more,"
            " 1 overlapping a key span, 1 not in the key."
        ),
        "two_inside": "0 of 2 found, 2 missed, 2 part of a key span, 0 not in the key.",
        "found_and_none": "1 of 2 found, 1 missed, 1 not in the key.",
        "none": "0 of 2 found, 2 missed, 0 not in the key.",
    }
