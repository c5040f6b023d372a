"""What students read of a reviewed draft, and L2.Q2's labels (issue 22, trial 22).

- A drafted attribution's explanation says how the drafter found it ("(drafted: speaker before
  the verb)") and names the source as drafted. After a teacher renames the source and accepts
  the draft, students must read neither: practice feedback, released explanations and the student
  edition are built from the reviewed annotations.
- L2.Q2 (who does the article say each claim comes from?) offered exactly the names its key
  used, so the list of labels was the answer; it now offers other named sources of the article
  too, with "anonymous", "vague" and "no source given".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from medialit.analysis.profile import NAMED_KINDS
from medialit.api import generate, load_module
from medialit.curriculum.derive_common import attribution_note
from medialit.curriculum.derive_sources import NO_SOURCE
from medialit.drafter.new import new_case
from medialit.model import Case, Lesson, Question

DATA = Path(__file__).resolve().parents[1] / "data"
CASES = [
    DATA / "cases" / "mini",
    DATA / "cases" / "layers-full",
    DATA / "cases" / "quoted-speaker",
    *sorted(p for p in (DATA / "articles").iterdir() if p.is_dir()),
]


def _draft(tmp_path: Path, name: str = "riverton-transit") -> Path:
    text = (DATA / "articles" / name / "article.md").read_text("utf-8").split("---", 2)[2].lstrip()
    src = tmp_path / "story.txt"
    src.write_text(text, encoding="utf-8")
    new_case(src, tmp_path / "case", date="2025-03-01")
    return tmp_path / "case"


def _review(case_dir: Path) -> dict[str, str]:
    """Rename every drafted named source (as the trial's teacher did) and accept every item.

    Returns the old names by new name.
    """
    path = case_dir / "annotations.yaml"
    data: dict[str, Any] = yaml.safe_load(path.read_text("utf-8"))
    renamed = {}
    for i, src in enumerate(data["sources"]):
        if src["kind"] in NAMED_KINDS:
            new = f"Reviewed Source {i}"
            renamed[new] = src["name"]
            src["name"] = new
    for layer in ("sources", "claims", "attributions", "framing", "fact_checks"):
        for item in data.get(layer) or ():
            item["needs_review"] = False
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return renamed


def _explanations(lessons: tuple[Lesson, ...]) -> list[tuple[str, str]]:
    """Every explanation a student reads: practice feedback and released exercise feedback."""
    out = []
    for lesson in lessons:
        for q in (*lesson.practice, *lesson.questions):
            out.append((q.id, q.explanation))
            out += [(f"{q.id} {k}", str(fb.get("explanation", ""))) for k, fb in _feedback(q).items()]
    return out


def _feedback(q: Question) -> dict[str, dict[str, Any]]:
    return dict(q.settings.get("item_feedback") or {})


@pytest.mark.slow
def test_students_read_the_reviewed_annotations_not_the_draft(tmp_path):
    case_dir = _draft(tmp_path)
    drafted = (case_dir / "annotations.yaml").read_text("utf-8")
    assert "(drafted: " in drafted  # the teacher reviewing the draft sees how it was found
    renamed = _review(case_dir)
    assert renamed
    _, lessons = load_module(case_dir)
    texts = _explanations(lessons)
    assert any("Reviewed Source" in t for _, t in texts), "the feedback names the reviewed sources"
    for where, text in texts:
        assert "drafted" not in text.lower(), (where, text)
        for old in renamed.values():
            # The article names the source in its own words, which a cue may quote ("the cue
            # 'said Mayor Ruiz'"); the explanation's own naming of the source is the reviewed one.
            assert f"credits {old}" not in text, (where, text)
    # The student edition: lessons and exercises with the student bundle.
    generate(tmp_path / "course", case_dir)
    for folder in ("lessons", "exercises"):
        for f in sorted((tmp_path / "course" / folder).iterdir()):
            if f.is_file():
                assert "(drafted" not in f.read_text("utf-8"), f


def test_a_teachers_own_explanation_is_kept_without_the_drafting_note(tmp_path):
    case_dir = _draft(tmp_path)
    path = case_dir / "annotations.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    a = next(a for a in data["attributions"] if "(drafted:" in a.get("explanation", ""))
    a["explanation"] = a["explanation"].replace("credits", "names, with a quotation,")
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    case, _ = load_module(case_dir)

    at = next(x for x in case.annotations.attributions if x.id == a["id"])
    note = attribution_note(case, at)
    assert "names, with a quotation," in note and "drafted" not in note


def _l2q2(case: Case, lessons: tuple[Lesson, ...]) -> Question | None:
    return next((q for lesson in lessons for q in lesson.questions if q.id == "L2.Q2"), None)


def test_l2q2_labels_are_not_the_key():
    checked = 0
    for case_dir in CASES:
        case, lessons = load_module(case_dir)
        q = _l2q2(case, lessons)
        if q is None:
            continue
        generic = {"anonymous", "vague", NO_SOURCE}
        assert generic <= set(q.labels), (case_dir.name, q.labels)
        keyed = set(q.key.values()) - generic
        named = set(q.labels) - generic
        credited = {
            case.source(a.source).name
            for a in case.annotations.attributions
            if a.credited and case.source(a.source).kind in NAMED_KINDS
        }
        others = credited - keyed
        assert keyed <= named
        # Up to three other named sources the article credits, so the names are not the key.
        assert len(named - keyed) == min(3, len(others)), (case_dir.name, sorted(named), sorted(keyed))
        assert named - keyed <= others
        checked += bool(others)
    assert checked >= 3, "the check ran on cases that have other named sources"
