"""Load lesson specs (YAML) and resolve every question's key against a case.

A lesson file holds the lesson's text sections, its practice questions (shown
with instant feedback in the lesson notebook) and its exercise questions
(graded). A question's key is either derived from the annotations
(``key: {derive: NAME, ...args}``, see :mod:`medialit.curriculum.derive`) or, for
conceptual questions the annotations cannot answer, a literal with a reason
(``key: {value: ..., reason: ...}``).

A lesson file must say ``schema_version: 1`` and fit ``schemas/lesson-v1.json``; errors
name the file, the line and the question id.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from medialit import qtypes
from medialit.analysis.profile import case_facts
from medialit.case import yamlpos
from medialit.case.validate import schema_problems, shipped_schema
from medialit.case.yamlpos import line_of, load_with_lines
from medialit.contracts import LESSON_SCHEMA_VERSION, QUESTION_ID, schema_version_problem
from medialit.curriculum.derive import Derived, derive
from medialit.curriculum.items_table import key_basis
from medialit.curriculum.reads import watched
from medialit.errors import CurriculumError
from medialit.model import (
    LESSON_REQUIREMENTS,
    REVIEWED_LAYERS,
    Alternative,
    Case,
    Lesson,
    LessonRequirement,
    Objective,
    Option,
    Question,
    one_of,
)
from medialit.qtypes.schema_enums import with_registered_types

_QID = QUESTION_ID
LESSON_SCHEMA_FILE = "lesson-v1.json"
_TEMPLATE = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")


def _pkg_dir() -> Path:
    return Path(str(resources.files("medialit") / "curriculum"))


@cache
def load_objectives() -> tuple[Objective, ...]:
    """The learning objectives S1-S4, A1-A3, F1-F3."""
    path = _pkg_dir() / "objectives.yaml"
    data = yamlpos.safe_load(path.read_text("utf-8"))
    problem = schema_version_problem(data.get("schema_version"), LESSON_SCHEMA_VERSION, "objectives list", str(path))
    if problem:
        raise CurriculumError(problem)
    return tuple(Objective(o["id"], o["strand"], o["text"]) for o in data["objectives"])


def curriculum_dir(case: Case) -> Path:
    """Where a case's lessons are: its own ``lessons/`` folder, else the package curriculum it names.

    A case names a package curriculum in its front matter (``curriculum: mek``); a
    new case drafted by ``medialit new`` uses ``generic``, whose questions select
    their items from the annotations, so they work for any article.
    """
    own = Path(case.root) / "lessons" if case.root else None
    if own is not None and own.is_dir():
        return own
    folder = _pkg_dir() / case.article.curriculum
    if not folder.is_dir():
        known = sorted(p.name for p in _pkg_dir().iterdir() if p.is_dir() and list(p.glob("*.yaml")))
        raise CurriculumError(
            f"unknown curriculum '{case.article.curriculum}' in the case's front matter; use one of {known}."
        )
    return folder


def lesson_files(folder: Path) -> list[Path]:
    """The lesson spec files of a curriculum folder, in lesson order."""
    return sorted(folder.glob("*.yaml"))


def fill_template(text: str, facts: dict[str, str], where: str) -> str:
    """Replace ``{{ name }}`` with case figures; an unknown name is an error."""

    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in facts:
            raise CurriculumError(
                f"{where}: unknown template name '{{{{ {name} }}}}'; known: {', '.join(sorted(facts))}."
            )
        return facts[name]

    return _TEMPLATE.sub(sub, text)


def _options(raw: Any) -> tuple[Option, ...]:
    out = []
    for o in raw or ():
        if isinstance(o, dict):
            out.append(Option(str(o["id"]), str(o["text"])))
        else:
            raise CurriculumError(f"option {o!r} must be a mapping with id and text")
    return tuple(out)


def resolve_question(case: Case, spec: dict[str, Any], where: str) -> Question | None:
    """Turn one question spec into a :class:`Question` with its key resolved.

    Returns ``None`` for a question marked ``skip_if_empty`` whose derived key is
    empty for this case (a generic question the article gives no material for).
    """
    qid = spec.get("id")
    if not isinstance(qid, str) or not _QID.match(qid):
        raise CurriculumError(f"{where}: question id {qid!r} must look like L3.Q2 (or L3.P1 for practice).")
    where = f"{where} [{qid}]"
    qtype = spec.get("type")
    if qtype not in qtypes.names():
        raise CurriculumError(f"{where}: unknown type {qtype!r}; use one of {', '.join(qtypes.names())}.")
    qt = qtypes.get(qtype)
    qt.check_spec(spec, where)
    known = {o.id for o in load_objectives()}
    objectives = tuple(spec.get("objectives") or ())
    bad = [o for o in objectives if o not in known]
    if bad or not objectives:
        raise CurriculumError(f"{where}: objectives {bad or '(none)'} must be among {sorted(known)}.")
    facts = case_facts(case)
    derived: Derived = {"key": None}
    derived_from: tuple[str, ...] = ()
    key_spec = spec.get("key")
    if qt.keyless and isinstance(key_spec, dict) and "derive" in key_spec:
        # A hand-graded item whose material comes from the annotations: the derivation gives the
        # teacher's rubric and the prompt's pointers; it has no key, and no material leaves it out.
        args = {k: v for k, v in key_spec.items() if k != "derive"}
        derived = derive(case, key_spec["derive"], args, where)
        if spec.get("skip_if_empty") and derived["key"] in ([], {}, None, 0):
            return None
        key = None  # no key, so no derived_from: the teacher grades it (medialit.curriculum.review)
    elif qt.keyless:
        key = None
    elif not isinstance(key_spec, dict):
        raise CurriculumError(f"{where}: key must be {{derive: NAME, ...}} or {{value: ..., reason: ...}}.")
    elif "derive" in key_spec:
        args = {k: v for k, v in key_spec.items() if k != "derive"}
        # The layers whose items the key is made from (medialit.curriculum.reads): the review gate
        # agrees with `medialit key --by-annotation` (trial 28: unreviewed fact checks blocked
        # the student edition on keys that only looked them up).
        log: set[tuple[str, str]] = set()
        derived = derive(watched(case, log), key_spec["derive"], args, where)
        derived_from = tuple(layer for layer in REVIEWED_LAYERS if any(read == layer for read, _ in log))
        key = derived["key"]
        if spec.get("skip_if_empty") and key in ([], {}, None, 0):
            return None
    elif "value" in key_spec:
        if not key_spec.get("reason"):
            raise CurriculumError(
                f"{where}: a literal key needs a 'reason' saying why the annotations cannot supply it."
            )
        key = key_spec["value"]
    else:
        raise CurriculumError(f"{where}: key needs 'derive' or 'value'.")
    options = _options(spec.get("options")) or tuple(derived.get("options", ()))
    items = _options(spec.get("items")) or tuple(derived.get("items", ()))
    labels = tuple(spec.get("labels") or derived.get("labels", ()))
    # ``derived_explanation: false``: the item's own explanation replaces the derivation's notes
    # and per-item feedback, which run long on items of many parts and can name what a later
    # item asks (issue 21: explanations limited to the item).
    own_only = spec.get("derived_explanation") is False
    if own_only and not spec.get("explanation"):
        raise CurriculumError(f"{where}: 'derived_explanation: false' needs the item's own 'explanation:'.")
    notes = "" if own_only else derived.get("explanation", "")
    explanation = " ".join(t for t in (fill_template(spec.get("explanation", ""), facts, where), notes) if t)
    citations = tuple(dict.fromkeys([*spec.get("citations", ()), *derived.get("citations", ())]))
    derived_settings = {k: v for k, v in derived.get("settings", {}).items() if not (own_only and k == "item_feedback")}
    settings = {**derived_settings, **(spec.get("settings") or {})}
    rubric = tuple(spec.get("rubric") or ())
    if derived.get("rubric"):
        # The spec's criteria are what students see; the teacher grades with the annotation's.
        settings.setdefault("student_rubric", list(rubric))
        rubric = tuple(derived["rubric"])
    q = Question(
        id=qid,
        type=qtype,
        prompt=fill_template(str(spec.get("prompt", "")), {**facts, **derived.get("facts", {})}, where),
        points=float(spec.get("points", 1)),
        objectives=objectives,
        key=key,
        explanation=explanation,
        citations=citations,
        options=options,
        items=items,
        labels=labels,
        widget=spec.get("widget") or qt.widget,
        tolerance=float(spec.get("tolerance", 0)),
        rubric=rubric,
        starter=str(spec.get("starter", "")),
        tests=tuple(spec.get("tests") or ()),
        settings=settings,
        alternatives=(*_alternatives(spec.get("accept"), where), *_alternatives(derived.get("accept"), where)),
        needs=_concept_list(spec.get("needs"), f"{where}: needs"),
        derived_from=derived_from,
        evidence=_evidence(spec, derived_from, qt.manual, len(rubric)),
    )
    _check_question(q, case, where)
    _check_alternatives(q, case, where)
    return q


def _evidence(spec: dict[str, Any], derived_from: tuple[str, ...], manual: bool, levels: int) -> dict[str, Any]:
    """``evidence:`` with ``key_basis`` filled in when the item does not say (docs/items.md)."""
    evidence = dict(spec.get("evidence") or {})
    evidence.setdefault("key_basis", key_basis(spec.get("key"), derived_from, manual, levels))
    return evidence


def _concept_list(raw: Any, where: str) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(c, str) and c.strip() for c in raw):
        raise CurriculumError(f"{where} must be a list of concept names, got {raw!r}.")
    return tuple(c.strip() for c in raw)


def _alternatives(raw: Any, where: str) -> tuple[Alternative, ...]:
    """Parse ``accept:``: a list of ``{value: ..., reason: ...}`` (see medialit.grading.alternatives)."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise CurriculumError(f"{where}: 'accept' must be a list of {{value: ..., reason: ...}}.")
    out = []
    for i, entry in enumerate(raw, 1):
        if not isinstance(entry, dict) or "value" not in entry:
            raise CurriculumError(f"{where}: accepted alternative {i} needs a 'value'.")
        reason = str(entry.get("reason") or "").strip()
        if not reason:
            raise CurriculumError(
                f"{where}: accepted alternative {i} needs a 'reason' saying why a teacher can defend it."
            )
        out.append(Alternative(entry["value"], " ".join(reason.split())))
    return tuple(out)


def _check_alternatives(q: Question, case: Case, where: str) -> None:
    """Every alternative must fit the question: known ids and labels, spans found in their sentence."""
    qt = qtypes.get(q.type)
    for i, alt in enumerate(q.alternatives, 1):
        bad = qt.check_alternative(q, case, alt.value)
        if bad:
            raise CurriculumError(f"{where}: accepted alternative {i}: {bad}.")


def _check_question(q: Question, case: Case, where: str) -> None:
    if not q.prompt:
        raise CurriculumError(f"{where}: the prompt is empty.")
    if q.points <= 0:
        raise CurriculumError(f"{where}: points must be positive.")
    qt = qtypes.get(q.type)
    qt.validate(q, where)
    anchors = q.settings.get("anchors")
    if anchors is not None:
        _check_anchors(q, anchors, where)
    # evidence: constructed - the answer rests on packet documents invented for a far-transfer
    # exercise (docs/packet.md, "Constructed documents"), which no citation backs.
    if not qt.manual and not q.citations and q.settings.get("evidence") not in ("text", "constructed"):
        raise CurriculumError(
            f"{where}: the explanation cites nothing. Fix: add 'citations:' with ids from the annotations "
            "(or 'settings: {evidence: text}' when the answer rests only on the article's own words, "
            "'settings: {evidence: constructed}' when it rests on constructed packet documents)."
        )
    cit_ids = {c.id for c in case.annotations.citations}
    unknown = [c for c in q.citations if c not in cit_ids]
    if unknown:
        raise CurriculumError(f"{where}: unknown citation ids {unknown}.")
    _check_withheld(q, case, where)


def _check_withheld(q: Question, case: Case, where: str) -> None:
    """``settings.withhold_dates`` and ``settings.withhold_citations`` name ids that exist."""
    cites = q.settings.get("withhold_citations")
    if cites is not None:
        known_cites = {c.id for c in case.annotations.citations}
        if not isinstance(cites, list) or not all(isinstance(x, str) for x in cites):
            raise CurriculumError(f"{where}: settings.withhold_citations must be a list of citation ids.")
        bad = [x for x in cites if x not in known_cites]
        if bad:
            raise CurriculumError(
                f"{where}: settings.withhold_citations names unknown citations {bad}. "
                "Fix: use citation ids from the annotations."
            )
    raw = q.settings.get("withhold_dates")
    if raw is None:
        return
    if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
        raise CurriculumError(f"{where}: settings.withhold_dates must be a list of source ids.")
    known = {s.id for s in case.annotations.sources}
    unknown = [x for x in raw if x not in known]
    if unknown:
        raise CurriculumError(
            f"{where}: settings.withhold_dates names unknown sources {unknown}. "
            f"Fix: use source ids from the annotations (e.g. {sorted(known)[:3]})."
        )


def _check_anchors(q: Question, anchors: object, where: str) -> None:
    """Anchor answers (``settings.anchors``): one per score from 0 to the question's points."""
    if not qtypes.get(q.type).manual:
        raise CurriculumError(f"{where}: anchor answers belong to short_text questions only.")
    if not isinstance(anchors, list) or not all(isinstance(a, dict) for a in anchors):
        raise CurriculumError(f"{where}: settings.anchors must be a list of {{level, answer, why}} mappings.")
    levels = [a.get("level") for a in anchors]
    wanted = list(range(int(q.points) + 1))
    if sorted(lv for lv in levels if isinstance(lv, int)) != wanted or len(levels) != len(wanted):
        raise CurriculumError(
            f"{where}: settings.anchors has levels {levels}; give exactly one anchor answer for each score {wanted}."
        )
    empty = [a.get("level") for a in anchors if not str(a.get("answer", "")).strip()]
    if empty:
        raise CurriculumError(f"{where}: the anchor answers for levels {empty} are empty.")


def check_lesson_data(data: object, lines: dict[Any, int], where: str) -> None:
    """Refuse a lesson spec of another ``schema_version`` or one that breaks ``schemas/lesson-v1.json``."""
    found = data.get("schema_version") if isinstance(data, dict) else None
    problem = schema_version_problem(found, LESSON_SCHEMA_VERSION, "lesson spec", where)
    if problem:
        raise CurriculumError(problem)
    schema = with_registered_types(shipped_schema(LESSON_SCHEMA_FILE), LESSON_SCHEMA_FILE)
    problems = schema_problems(schema, data, lines, where)
    if problems:
        raise CurriculumError("\n".join(map(str, problems)))


def _question_where(where: str, lines: dict[Any, int], part: str, i: int, spec: object) -> str:
    """``file:line`` of a question: the line of its key (where derivation arguments are), else of its id."""
    path: tuple[str | int, ...] = (part, i, "key") if isinstance(spec, dict) and "key" in spec else (part, i)
    line = line_of(lines, path)
    return f"{where}:{line}" if line else where


def _bad_yaml(where: str, exc: yaml.YAMLError) -> str:
    """``FILE:LINE: bad YAML: problem`` (the form `validate` places at its file and line, trial 28)."""
    mark = getattr(exc, "problem_mark", None)
    at = f"{where}:{mark.line + 1}" if mark is not None else where
    problem = getattr(exc, "problem", None) or str(exc)
    return f"{at}: bad YAML: {problem} (quote a string that contains ': ' or starts with a quote mark)"


def _read_lesson(path: Path) -> tuple[dict[str, Any], dict[Any, int], str]:
    """A lesson file's data, its line numbers and its name, checked against the lesson schema."""
    try:
        data, lines = load_with_lines(path.read_text("utf-8"))
    except yaml.YAMLError as exc:
        raise CurriculumError(_bad_yaml(path.name, exc)) from None
    where = str(path.name)
    check_lesson_data(data, lines, where)
    return data, lines, where


def load_lesson(case: Case, path: Path) -> Lesson:
    """Read one lesson spec, check it against its schema and resolve its questions against ``case``.

    The lesson's ``requires:`` is not checked here: :func:`load_curriculum` decides which
    lessons a case gets.
    """
    return _build_lesson(case, *_read_lesson(path))


def _build_lesson(case: Case, data: dict[str, Any], lines: dict[Any, int], where: str) -> Lesson:
    facts = case_facts(case)
    try:
        number = int(data["number"])
        lesson_id = f"L{number}"
        resolved = [
            resolve_question(case, q, _question_where(where, lines, "practice", i, q))
            for i, q in enumerate(data.get("practice", ()))
        ]
        practice = tuple(q for q in resolved if q is not None)
        resolved = [
            resolve_question(case, q, _question_where(where, lines, "questions", i, q))
            for i, q in enumerate(data.get("questions", ()))
        ]
        questions = tuple(q for q in resolved if q is not None)
        sections, untaught = _kept_sections(data, {q.id for q in practice}, {q.id for q in questions}, facts, where)
        introduces = _concept_list(data.get("introduces"), f"{where}: introduces")
        unknown = sorted(c for sec in data.get("sections", ()) for c in sec.get("teaches") or () if c not in introduces)
        if unknown:
            raise CurriculumError(f"{where}: sections teach {unknown}, which the lesson's 'introduces:' does not list.")
        lesson = Lesson(
            id=lesson_id,
            number=number,
            title=str(data["title"]),
            minutes=int(data["minutes"]),
            objectives=tuple(data["objectives"]),
            sections=tuple(sections),
            practice=practice,
            questions=questions,
            teacher_notes=fill_template(
                _kept_notes(data.get("teacher_notes", ""), {q.id for q in (*practice, *questions)}), facts, where
            ),
            # A concept taught only by sections the case leaves out is not introduced: a question that
            # needs it would be asked before it is taught (trial 28: L3.Q4 after its section was dropped).
            introduces=tuple(c for c in introduces if c not in untaught),
        )
    except KeyError as exc:
        raise CurriculumError(f"{where}: missing field {exc}.") from None
    for q in (*practice, *questions):
        if not q.id.startswith(lesson_id + "."):
            raise CurriculumError(f"{where}: question {q.id} does not belong to lesson {lesson_id}.")
    ids = [q.id for q in (*practice, *questions)]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise CurriculumError(f"{where}: duplicate question ids {sorted(dupes)}.")
    return lesson


def _kept_notes(notes: str | list[dict[str, str]], kept: set[str]) -> str:
    """The lesson plan: its text, or its pieces whose ``with:`` question the case keeps, joined.

    A plan must not promise what the lesson does not have (trial 28: "10 min: practice with the
    highlighter" over a lesson 3 whose practice had no material).
    """
    if isinstance(notes, str):
        return notes
    return " ".join(p["text"].strip() for p in notes if p.get("with") is None or p["with"] in kept)


def _kept_sections(
    data: dict[str, Any], practice: set[str], questions: set[str], facts: dict[str, str], where: str
) -> tuple[list[dict[str, Any]], set[str]]:
    """The lesson's sections the case keeps, with templates filled, and the concepts left untaught.

    A practice section goes with its practice question, and a section with ``with: QID`` (the
    heading and instructions that introduce a question) with that question: when the case gives
    the question no material (``skip_if_empty``), the section is left out, so no heading stands
    over nothing. The concepts a left-out section ``teaches:`` that no kept section teaches are
    returned: the lesson does not introduce them for this case.
    """
    declared = {
        str(q.get("id")) for part in ("practice", "questions") for q in data.get(part) or () if isinstance(q, dict)
    }
    kept: list[dict[str, Any]] = []
    taught: set[str] = set()
    dropped: set[str] = set()
    for sec in data.get("sections", ()):
        tied = sec.get("practice") or sec.get("with")
        if tied is not None and tied not in declared:
            raise CurriculumError(f"{where}: a section goes with {tied}, which the lesson does not declare.")
        teaches = set(sec.get("teaches") or ())
        if tied is not None and tied not in practice | questions:
            dropped |= teaches
            continue
        taught |= teaches
        if "md" in sec:
            kept.append({"md": fill_template(sec["md"], facts, where)})
        else:
            kept.append({k: v for k, v in sec.items() if k not in ("with", "teaches")})
    return kept, dropped - taught


def meets(case: Case, requirement: LessonRequirement) -> bool:
    """Whether ``case`` has what a lesson's ``requires:`` entry asks for.

    ``packet``: a source packet (``packet.yaml``) with at least one real document; the empty
    packet that ``medialit new`` writes does not count, nor one holding only constructed documents.
    """
    if requirement == "packet":
        return case.packet is not None and any(d.constructed is None for d in case.packet.documents)
    raise CurriculumError(f"unknown lesson requirement {requirement!r}; known: {', '.join(LESSON_REQUIREMENTS)}.")


def _requires(data: dict[str, Any]) -> tuple[LessonRequirement, ...]:
    # The lesson schema allows only LESSON_REQUIREMENTS here (checked before this is read).
    return tuple(one_of(r, LESSON_REQUIREMENTS, "lesson requirement") for r in data.get("requires") or ())


def _check_optional_last(read: list[tuple[dict[str, Any], dict[Any, int], str]]) -> None:
    """A lesson that a case may not get comes after every lesson that every case gets.

    Leaving such a lesson out then shortens the module from the end: the remaining lessons keep
    their numbers, question ids, notebook names and book pages, with no gap.
    """
    ordered = sorted(read, key=lambda r: (int(r[0].get("number", 0)), r[2]))
    optional = [(data, lines, where) for data, lines, where in ordered if data.get("requires")]
    if not optional:
        return
    first_data, first_lines, first_where = optional[0]
    later = [where for data, _, where in ordered if not data.get("requires") and data["number"] > first_data["number"]]
    if later:
        line = line_of(first_lines, ("requires",))
        raise CurriculumError(
            f"{first_where}{f':{line}' if line else ''}: lesson {first_data['number']} requires "
            f"{', '.join(map(str, first_data['requires']))}, but later lessons ({', '.join(later)}) require "
            "nothing, so a case without it would get a gap in the lesson numbers. Fix: give the lessons "
            "with 'requires:' the highest numbers (and file names that sort last)."
        )


def load_curriculum(case: Case, folder: Path | None = None) -> tuple[Lesson, ...]:
    """Every lesson the case gets, resolved against ``case``, in order.

    A lesson with ``requires: [packet]`` is left out for a case without a source packet (or
    with an empty one). Such lessons come last (checked for every case), so leaving one out
    changes no other lesson's number, question ids or file names.
    """
    read = [_read_lesson(p) for p in lesson_files(folder or curriculum_dir(case))]
    _check_optional_last(read)
    lessons = tuple(
        _build_lesson(case, data, lines, where)
        for data, lines, where in read
        if all(meets(case, r) for r in _requires(data))
    )
    numbers = [lesson.number for lesson in lessons]
    if len(set(numbers)) != len(numbers):
        raise CurriculumError(f"two lesson files share a number: {numbers}.")
    check_concept_order(lessons)
    return with_case_alternatives(case, lessons)


#: A case's own accepted alternatives for any question's key (derived or literal), with reasons.
KEYS_FILE = "keys.yaml"


def with_case_alternatives(case: Case, lessons: tuple[Lesson, ...]) -> tuple[Lesson, ...]:
    """``lessons`` with the accepted alternatives of the case's ``keys.yaml`` added to their questions.

    The file (beside ``annotations.yaml``) lets a teacher settle a disputed key without writing
    lesson files::

        schema_version: 1
        accept:
          L2.Q2:
            - value: {P3.a: "no source given"}
              reason: The sentence names critics only as "some", which a student may read as no source.

    Each entry is checked as a lesson's ``accept:`` is (a value that fits the question, a
    reason); an unknown question id, or a question graded by hand, is an error naming the file.
    """
    path = Path(case.root) / KEYS_FILE if case.root else None
    if path is None or not path.is_file():
        return lessons
    where = str(path)
    try:
        data, lines = load_with_lines(path.read_text("utf-8"))
    except yaml.YAMLError as exc:
        raise CurriculumError(_bad_yaml(where, exc)) from None
    if not isinstance(data, dict) or set(data) - {"schema_version", "accept"}:
        raise CurriculumError(f"{where}: expected 'schema_version: 1' and 'accept:' (question id -> list) only.")
    problem = schema_version_problem(data.get("schema_version"), LESSON_SCHEMA_VERSION, "keys file", where)
    if problem:
        raise CurriculumError(problem)
    accept = data.get("accept") or {}
    if not isinstance(accept, dict):
        raise CurriculumError(f"{where}: 'accept' must map question ids to lists of {{value, reason}}.")
    known = {q.id: q for lesson in lessons for q in lesson.questions}
    added: dict[str, tuple[Alternative, ...]] = {}
    for qid, raw in accept.items():
        line = line_of(lines, ("accept", qid))
        at = f"{where}:{line}" if line else where
        q = known.get(str(qid))
        if q is None:
            close = difflib.get_close_matches(str(qid), known, n=1)
            hint = f" Did you mean {close[0]}?" if close else ""
            raise CurriculumError(f"{at}: no graded question {qid} in this case's lessons.{hint}")
        if qtypes.get(q.type).manual or q.key is None:
            raise CurriculumError(f"{at} [{qid}]: graded by the teacher with a rubric; it has no key to add to.")
        alternatives = _alternatives(raw, f"{at} [{qid}]")
        _check_alternatives(replace(q, alternatives=alternatives), case, f"{at} [{qid}]")
        added[q.id] = alternatives
    return tuple(
        replace(
            lesson,
            questions=tuple(
                replace(q, alternatives=q.alternatives + added[q.id]) if q.id in added else q for q in lesson.questions
            ),
        )
        for lesson in lessons
    )


def check_concept_order(lessons: tuple[Lesson, ...]) -> None:
    """Teach before test: every concept a question needs is introduced by its lesson or an earlier one.

    Lessons declare ``introduces: [concept, ...]`` and questions ``needs: [concept, ...]``.
    Raises :class:`CurriculumError` naming the question, the concept and the lesson that
    introduces it (or saying that none does).
    """
    first: dict[str, int] = {}
    for lesson in lessons:
        for concept in lesson.introduces:
            first.setdefault(concept, lesson.number)
    problems = []
    for lesson in sorted(lessons, key=lambda x: x.number):
        for q in (*lesson.practice, *lesson.questions):
            for concept in q.needs:
                at = first.get(concept)
                if at is None:
                    problems.append(
                        f"{q.id} needs concept '{concept}', which no lesson introduces "
                        "(add it to a lesson's 'introduces:' list, or fix the spelling)"
                    )
                elif at > lesson.number:
                    problems.append(
                        f"{q.id} needs concept '{concept}', which only lesson L{at} introduces; teach it in "
                        f"L{lesson.number} or earlier, or move the question"
                    )
    if problems:
        raise CurriculumError("asked before it is taught: " + "; ".join(problems) + ".")
