"""The generic curriculum gives no graded answer away before the item asks (issue 22, trial 22).

The MEK module's audit (``test_exposure.py``) walks declared ``evidence:`` terms; the generic
lessons are derived for any article, so their audit is derived too. For every auto-graded item of a
generic course it takes the key's decisive answers, each an item with its keyed label (``P4.a`` is
``Dana Ruiz``; ``p7.s1`` holds a ``relative date``), and looks for them where a student reads before
answering:

- **stated**: a sentence of practice text (prompt, items, options, explanation, per-item feedback)
  or of the student bundle (everything but the article itself, the exercise's own choices and the
  practice the first channel covers) that names the item (its sentence id, claim id or item id)
  and its keyed label;
- **practised**: a practice item's Check marks every sentence it shows right or wrong, so it tells
  what its annotation layer says of those sentences; a graded item of that lesson or a later one
  that asks the same layer about one of those sentences is given away (trial 22: L2.P1 marked which
  first-half sentences credit a named source, and L2.Q2 asked the source of three of them).

The cases are the team's own: the annotated test cases and articles under ``tests/data`` and
``medialit new`` drafts of two of the articles (drafted explanations name sentence ids and sources,
as a teacher's reviewed draft does).
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from medialit import qtypes
from medialit.api import load_module
from medialit.case import yamlpos
from medialit.case.bundle import bundle_to_dict
from medialit.curriculum.bundle import student_view
from medialit.curriculum.spec import curriculum_dir, lesson_files
from medialit.drafter.new import new_case
from medialit.model import Case, Lesson, Option, Question

DATA = Path(__file__).resolve().parents[1] / "data"
FIXTURES = [
    DATA / "cases" / "mini",
    DATA / "cases" / "layers-full",
    DATA / "cases" / "quoted-speaker",
    *sorted(p for p in (DATA / "articles").iterdir() if p.is_dir()),
]
DRAFTED = ["riverton-transit", "valle-seco-water"]

#: What a derivation asks of a sentence: a practice item and a graded item of one family ask the
#: same annotation layer about it. Framing items are told apart by the devices they ask about.
FAMILY = {
    "sentences_with_claim_kind": "claim kind",
    "claim_kinds": "claim kind",
    "sentences_by_source_kind": "source",
    "claim_sources": "source",
    "attribution_cues": "source",
    "quotation_types": "source",
}
_SID = re.compile(r"\bp\d+\.s\d+\b")


def draft(name: str, out: Path) -> Path:
    """A ``medialit new`` draft of one of the team's test articles, every item accepted."""
    text = (DATA / "articles" / name / "article.md").read_text("utf-8").split("---", 2)[2].lstrip()
    src = out / f"{name}.txt"
    src.write_text(text, encoding="utf-8")
    case_dir = out / name
    new_case(src, case_dir, date="2025-03-01")
    ann = case_dir / "annotations.yaml"
    ann.write_text(ann.read_text("utf-8").replace("needs_review: true", "needs_review: false"), "utf-8")
    return case_dir


@pytest.fixture(scope="module")
def drafted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("drafts")
    return {name: draft(name, out) for name in DRAFTED}


def _norm(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", text)


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?;])\s+|\n+", _norm(text)) if s.strip()]


def _strings(node: Any) -> Iterable[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for v in node.values():
            yield from _strings(v)
    elif isinstance(node, (list, tuple)):
        for v in node:
            yield from _strings(v)


def _item_sentences(case: Case, q: Question, item: str, text: str) -> set[str]:
    """The sentences a labelled item stands for: ids in its text, or its claim's sentence."""
    found = set(_SID.findall(text))
    if _SID.fullmatch(item):
        found.add(item)
    with contextlib.suppress(KeyError):
        found.add(case.claim(item).sentence)
    return found


def decisive(case: Case, q: Question) -> list[tuple[str, frozenset[str], str]]:
    """``(what, anchors, label)``: each item of the key, the ids that name it, its keyed label."""
    out = []
    if isinstance(q.key, dict):
        texts = {o.id: o.text for o in q.items}
        for item, label in q.key.items():
            if not isinstance(label, str):
                continue
            anchors = {item, *_item_sentences(case, q, item, texts.get(item, ""))}
            out.append((f"{item} is {label!r}", frozenset(anchors), label))
    elif isinstance(q.key, list) and q.labels:
        for k in q.key:
            if isinstance(k, dict) and "sentence" in k:
                out.append((f"{k['sentence']} holds {k['label']!r}", frozenset({k["sentence"]}), str(k["label"])))
    return out


def _states(sentence: str, anchors: frozenset[str], label: str) -> bool:
    named = any(re.search(rf"(?<![\w.]){re.escape(a)}(?![\w]|\.\w)", sentence) for a in anchors)
    return named and re.search(rf"(?<!\w){re.escape(_norm(label))}(?!\w)", sentence, re.I) is not None


def _practice_texts(q: Question) -> Iterable[str]:
    yield q.prompt
    yield from (o.text for o in (*q.items, *q.options))
    yield from q.labels
    yield q.explanation
    for fb in dict(q.settings.get("item_feedback") or {}).values():
        yield str(fb.get("explanation", ""))


def bundle_texts(case: Case, lessons: tuple[Lesson, ...]) -> list[tuple[str, str]]:
    """The student bundle's strings, less the article and the lessons (read item by item)."""
    data = bundle_to_dict(student_view(case, lessons))
    return [("bundle", t) for t in _strings({k: v for k, v in data.items() if k not in ("article", "lessons")})]


def seen_before(case: Case, lessons: tuple[Lesson, ...], item: str) -> list[tuple[str, str]]:
    """``(where, text)`` a student reads before answering graded ``item``."""
    number = int(item[1 : item.index(".")])
    out = bundle_texts(case, lessons)
    for lesson in lessons:
        if lesson.number > number:
            break
        for q in lesson.practice:
            out += [(f"practice {q.id}", t) for t in _practice_texts(q)]
        for q in lesson.questions:
            if q.id == item:
                break
            # An earlier item's prompt, items and choices are in the student's notebook (and bundle).
            out += [(f"earlier item {q.id}", t) for t in (q.prompt, *(o.text for o in (*q.items, *q.options)))]
    return out


def stated(case: Case, lessons: tuple[Lesson, ...]) -> list[str]:
    hits = []
    for q in graded(lessons):
        needles = decisive(case, q)
        for where, text in seen_before(case, lessons, q.id):
            for sentence in _sentences(text):
                hits += [
                    f"{q.id}: {what} stated in {where}: {sentence[:140]!r}"
                    for what, a, lab in needles
                    if _states(sentence, a, lab)
                ]
    return sorted(set(hits))


def graded(lessons: tuple[Lesson, ...]) -> list[Question]:
    return [q for lesson in lessons for q in lesson.questions if not qtypes.get(q.type).manual]


def families(case: Case) -> dict[str, str]:
    """Per question id of the case's curriculum, what its derivation asks of a sentence."""
    out = {}
    for path in lesson_files(curriculum_dir(case)):
        data = yamlpos.safe_load(path.read_text("utf-8")) or {}
        for spec in (*(data.get("practice") or ()), *(data.get("questions") or ())):
            key = spec.get("key") or {}
            name = key.get("derive") if isinstance(key, dict) else None
            if not name:
                continue
            family = FAMILY.get(name, name)
            if name == "framing_spans":
                family = "framing: " + ", ".join(sorted(key.get("devices") or ()))
            out[spec["id"]] = family
    return out


def _shown_sentences(q: Question) -> set[str]:
    """The sentences a practice item marks right or wrong when the student presses Check."""
    return {s for o in q.items for s in ({o.id} if _SID.fullmatch(o.id) else set(_SID.findall(o.text)))}


def _asked_sentences(case: Case, q: Question) -> set[str]:
    """The sentences whose annotation a graded item's key states."""
    out: set[str] = set()
    if isinstance(q.key, dict):
        texts = {o.id: o.text for o in q.items}
        for item in q.key:
            out |= _item_sentences(case, q, item, texts.get(item, ""))
    elif isinstance(q.key, list):
        for k in q.key:
            out |= {k["sentence"]} if isinstance(k, dict) and "sentence" in k else set(_SID.findall(str(k)))
        out |= {o.id for o in q.items if _SID.fullmatch(o.id)}  # a sentence left unselected is an answer too
    return out


def practised(case: Case, lessons: tuple[Lesson, ...]) -> list[str]:
    fam = families(case)
    hits = []
    for lesson in lessons:
        before = [p for x in lessons if x.number <= lesson.number for p in x.practice]
        for q in lesson.questions:
            if qtypes.get(q.type).manual or q.id not in fam:
                continue
            asked = _asked_sentences(case, q)
            for p in before:
                if fam.get(p.id) != fam[q.id]:
                    continue
                both = sorted(asked & _shown_sentences(p))
                if both:
                    hits.append(f"{q.id} asks {fam[q.id]} of {', '.join(both)}, which practice {p.id} marks")
    return hits


def _cases(drafted: dict[str, Path]) -> list[Path]:
    return [*FIXTURES, *drafted.values()]


@pytest.mark.slow
def test_no_graded_answer_is_stated_before_its_item(drafted):
    hits = []
    for case_dir in _cases(drafted):
        case, lessons = load_module(case_dir)
        hits += [f"{case_dir.name}: {h}" for h in stated(case, lessons)]
    assert hits == []


@pytest.mark.slow
def test_practice_and_graded_items_draw_on_disjoint_material(drafted):
    hits = []
    for case_dir in _cases(drafted):
        case, lessons = load_module(case_dir)
        hits += [f"{case_dir.name}: {h}" for h in practised(case, lessons)]
    assert hits == []


# -- the audit catches what it is for ------------------------------------------------------------


def test_the_audit_catches_a_planted_statement():
    case, lessons = load_module(DATA / "cases" / "layers-full")
    q = next(q for q in graded(lessons) if isinstance(q.key, dict) and decisive(case, q))
    what, anchors, label = decisive(case, q)[0]
    sid = sorted(a for a in anchors if _SID.fullmatch(a))[0]
    lesson = next(x for x in lessons if q.id.startswith(x.id + "."))
    planted = dataclasses.replace(
        lesson.practice[0] if lesson.practice else lessons[0].practice[0],
        explanation=f"{sid}: the article credits this to {label}.",
    )
    planted_lessons = tuple(
        dataclasses.replace(x, practice=(planted, *x.practice[1:])) if x.id == lesson.id and x.practice else x
        for x in lessons
    )
    if not lesson.practice:  # plant it in lesson 1's practice, which comes before
        planted_lessons = (dataclasses.replace(lessons[0], practice=(planted,)), *lessons[1:])
    assert any(h.startswith(f"{q.id}: {what}") for h in stated(case, planted_lessons))


def test_the_audit_catches_practice_on_the_graded_sentences():
    case, lessons = load_module(DATA / "cases" / "layers-full")
    l2 = next(x for x in lessons if x.number == 2)
    p1 = l2.practice[0]
    q = next(q for q in l2.questions if q.id == "L2.Q2")
    assert practised(case, lessons) == []
    # The trial's defect: practice on the sentences the graded item asks about.
    sentences = sorted({case.claim(c).sentence for c in q.key})
    moved = dataclasses.replace(p1, items=tuple(Option(s, case.article.sentence(s).text) for s in sentences))
    bad = tuple(dataclasses.replace(x, practice=(moved,)) if x.id == "L2" else x for x in lessons)
    assert any(h.startswith("L2.Q2 asks source of") for h in practised(case, bad))
