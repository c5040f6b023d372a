"""The student view of a case (what the student bundle holds) and an audit of what it gives away.

:func:`student_view` turns the teacher's case and resolved curriculum into a
:class:`~medialit.model.StudentCase`: the article, every question without the
key of a graded one, practice questions whole, and three published tables:

- ``claims``: one row per annotated claim with only its ``kind`` and
  ``attribution`` class, sorted, so no row can be tied to a sentence (what the
  code questions count);
- ``sources``: the dated sources, oldest first (what ``sources_table()`` and the
  timeline figure show);
- ``paragraphs``: claims per paragraph by attribution class (the sourcing figure).

Code questions compute from these tables, so the grader runs their code against
the same published data. :func:`exposed_questions` checks what else the tables
give away: it rebuilds the best "case" a student could reconstruct from the
bundle (:func:`public_case`) and re-derives every graded key from it; a key
that comes out right is reported by ``medialit generate`` so the teacher can
move that question to practice or drop the table's code question.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from medialit import qtypes
from medialit.analysis.profile import attribution_class, source_timeline, sourcing_profile
from medialit.analysis.search import build_index
from medialit.case import yamlpos
from medialit.case.bundle import bundle_bytes, bundle_from_dict, bundle_to_dict
from medialit.case.validate import shipped_schema
from medialit.curriculum.derive import derive
from medialit.curriculum.spec import curriculum_dir, lesson_files
from medialit.errors import CurriculumError
from medialit.model import (
    ABOUT_BASES,
    CLAIM_KINDS,
    PACKET_KINDS,
    SOURCE_KINDS,
    Annotations,
    Attribution,
    Case,
    Claim,
    ClaimKind,
    Lesson,
    Packet,
    PacketDocument,
    PacketPoint,
    Source,
    Span,
    StudentCase,
    one_of,
)
from medialit.qtypes.schema_enums import with_registered_types

#: The student bundle's schema, shipped in ``medialit/schemas``.
BUNDLE_SCHEMA_FILE = "student-bundle-v1.json"


def withheld_sources(lessons: tuple[Lesson, ...]) -> frozenset[str]:
    """The source ids whose dates questions ask students to find (``settings.withhold_dates``)."""
    return frozenset(
        str(sid)
        for lesson in lessons
        for q in (*lesson.practice, *lesson.questions)
        for sid in q.settings.get("withhold_dates") or ()
    )


def withheld_citations(lessons: tuple[Lesson, ...]) -> frozenset[str]:
    """Citations whose title or address would give a search item's evidence away
    (``settings.withhold_citations``): practice feedback and the bundle leave them out."""
    return frozenset(
        str(cid)
        for lesson in lessons
        for q in (*lesson.practice, *lesson.questions)
        for cid in q.settings.get("withhold_citations") or ()
    )


def student_view(case: Case, lessons: tuple[Lesson, ...]) -> StudentCase:
    """What students get of ``case``: see the module docstring."""
    rows: list[dict[str, str]] = [
        {"kind": c.kind, "attribution": attribution_class(case, c)} for c in case.annotations.claims
    ]
    claims = sorted(
        rows,
        key=lambda r: (r["kind"], r["attribution"]),
    )
    kinds = {s.id: s.kind for s in case.annotations.sources}
    # A source whose date a question asks students to find stays out of the table, so no code
    # cell or figure can show the answer (L5.Q8: when NBC first reported).
    withheld = withheld_sources(lessons)
    sources = [
        {"source": e.source, "name": e.name, "kind": kinds[e.source], "date": e.date.isoformat()}
        for e in source_timeline(case)
        if e.source not in withheld
    ]
    paragraphs = [
        {"paragraph": p.paragraph, "attributed": p.attributed, "anonymous": p.anonymous, "unattributed": p.unattributed}
        for p in sourcing_profile(case)
    ]
    # Practice feedback shows its citations' titles and addresses; those a search item withholds
    # (a re-post whose address carries NBC's date, the report L3.Q10 asks students to find) go.
    hidden = withheld_citations(lessons)
    public_lessons = tuple(
        Lesson(
            id=lesson.id,
            number=lesson.number,
            title=lesson.title,
            minutes=lesson.minutes,
            objectives=lesson.objectives,
            sections=(),
            practice=tuple(
                dataclasses.replace(q, citations=tuple(c for c in q.citations if c not in hidden))
                for q in lesson.practice
            ),
            questions=lesson.questions,
        )
        for lesson in lessons
    )

    practice_cites = dict.fromkeys(cid for lesson in public_lessons for q in lesson.practice for cid in q.citations)
    citations = tuple(
        {"id": cid, "title": case.citation(cid).title, "url": case.citation(cid).url or ""} for cid in practice_cites
    )
    full = StudentCase(
        case_id=case.article.id,
        article=case.article,
        lessons=public_lessons,
        claims=tuple(claims),
        sources=tuple(sources),
        paragraphs=tuple(paragraphs),
        citations=citations,
        packet=build_index(case.packet) if case.packet is not None and case.packet.documents else None,
    )
    # Through the bundle's own format: the view holds exactly what the file holds (no genre,
    # furniture kinds or notes, no key of a graded question), whether it is read or built here.
    return bundle_from_dict(bundle_to_dict(full), f"student view of {case.article.id}")


def student_bundle_bytes(case: Case, lessons: tuple[Lesson, ...]) -> bytes:
    """The bundle file of ``case`` (``medialit-case.json``), checked against its JSON Schema."""
    data = bundle_bytes(student_view(case, lessons))
    problems = schema_problems(json.loads(data))
    if problems:  # pragma: no cover - a bug in the writer, not in the case
        raise CurriculumError("the student bundle breaks its schema: " + "; ".join(problems[:5]))
    return data


def schema_problems(data: object) -> list[str]:
    """Where ``data`` breaks ``schemas/student-bundle-v1.json`` (empty when it conforms)."""
    # lazy: not a student dependency; see medialit._jsonschema for its import cost
    from medialit._jsonschema import errors

    schema = with_registered_types(shipped_schema(BUNDLE_SCHEMA_FILE), BUNDLE_SCHEMA_FILE)
    return [f"{'/'.join(str(p) for p in e.absolute_path) or '(top)'}: {e.message}" for e in errors(schema, data)]


# -- what the published tables give away --------------------------------------------------------


def public_case(view: StudentCase) -> Case:
    """The fullest case a student could rebuild from the bundle alone.

    The article, the dated sources of the ``sources`` table, and one stand-in
    claim per row of the ``paragraphs`` table (on the paragraph's first
    sentence, credited to a stand-in named or unnamed source as its class says,
    with a kind taken from the ``claims`` table), and the source packet as its search
    index shows it (each document's kind, leaning, title, publisher, date and summary; not
    which annotated source a document is). No citations, framing or fact checks: the bundle
    has none.
    """
    sources = [
        Source(r["source"], r["name"], one_of(r["kind"], SOURCE_KINDS, "source kind"), date=r["date"])
        for r in view.sources
    ]
    named = Source("public-named", "a named source", "named_person")
    unnamed = Source("public-unnamed", "an unnamed source", "anonymous")
    kinds: dict[str, list[ClaimKind]] = {}
    for row in view.claims:
        kinds.setdefault(row["attribution"], []).append(one_of(row["kind"], CLAIM_KINDS, "claim kind"))
    first = {p.id: p.sentences[0].id for p in view.article.paragraphs if p.sentences}
    claims: list[Claim] = []
    attributions: list[Attribution] = []
    for row in view.paragraphs:
        sid = first.get(str(row["paragraph"]))
        if sid is None:
            continue
        for cls in ("attributed", "anonymous", "unattributed"):
            for _ in range(int(row[cls])):
                n = len(claims) + 1
                pool: list[ClaimKind] = kinds.get(cls) or ["factual"]
                claim = Claim(f"public-{n}", sid, "", pool.pop(0) if len(pool) > 1 else pool[0], True)
                claims.append(claim)
                if cls != "unattributed":
                    text = view.article.sentence(sid).text.split()[0]
                    source = named if cls == "attributed" else unnamed
                    attributions.append(
                        Attribution(f"public-a{n}", (claim.id,), source.id, "paraphrase", cue=Span(sid, text))
                    )
    annotations = Annotations(
        citations=(),
        sources=(*sources, named, unnamed),
        claims=tuple(claims),
        attributions=tuple(attributions),
        framing=(),
        fact_checks=(),
    )
    return Case(article=view.article, annotations=annotations, root="", packet=_public_packet(view.packet))


def _public_packet(index: Mapping[str, Any] | None) -> Packet | None:
    """The packet a student can read back from the bundle's search index (None without one)."""
    if not index:
        return None
    docs = tuple(
        PacketDocument(
            id=str(d["id"]),
            kind=one_of(d["kind"], PACKET_KINDS, "packet kind"),
            citation="",
            title=str(d["title"]),
            publisher=d.get("publisher"),
            date=d.get("date"),
            url=d.get("url"),
            about_basis=one_of(d.get("about_basis") or "not_recorded", ABOUT_BASES, "about basis"),
            leaning=d.get("leaning"),
            summary=(PacketPoint(str(d.get("body") or ""), ()),),
            undated=d.get("undated"),
            archive=d.get("archive"),
        )
        for d in index.get("documents", ())
    )
    return Packet(case=str(index.get("case") or ""), documents=docs)


def key_specs(case: Case) -> dict[str, dict[str, Any]]:
    """The ``key:`` spec of every question of the case's curriculum, by question id."""
    out: dict[str, dict[str, Any]] = {}
    for path in lesson_files(curriculum_dir(case)):
        data = yamlpos.safe_load(Path(path).read_text("utf-8")) or {}
        for spec in (*data.get("practice", ()), *data.get("questions", ())):
            if isinstance(spec, dict) and isinstance(spec.get("key"), dict):
                out[str(spec.get("id"))] = spec["key"]
    return out


_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2})?$")


def _same(a: object, b: object) -> bool:
    """Keys compared as a student would read them (a month ``2018-03`` is the day ``2018-03-01``)."""

    def norm(v: object) -> object:
        if isinstance(v, str) and _PARTIAL_DATE.match(v):
            return (v + "-01-01")[:10] if len(v) == 4 else v + "-01"
        if isinstance(v, dict):
            return {k: norm(x) for k, x in v.items()}
        if isinstance(v, (list, tuple)):
            return [norm(x) for x in v]
        if isinstance(v, float) and v == int(v):
            return int(v)
        return v

    return bool(norm(a) == norm(b))


def exposed_questions(case: Case, lessons: tuple[Lesson, ...], view: StudentCase | None = None) -> list[str]:
    """Graded questions whose key the bundle's published tables give away, with why.

    Each derived graded key (code and hand-graded questions aside) is derived
    again from :func:`public_case`; one that comes out equal to the teacher's key
    is listed as ``"L3.Q5 (source_dates)"``. Literal keys are not derived from
    the case, so they are never exposed by the bundle. An item whose decisive evidence
    is the lesson's own teaching (``evidence: {where: lesson}``: the lesson page shows
    the input on purpose, and the item tests the step from it) is not listed: the
    tables show the student nothing the page before the item has not.
    """
    public = public_case(view or student_view(case, lessons))
    specs = key_specs(case)
    out = []
    for lesson in lessons:
        for q in lesson.questions:
            spec = specs.get(q.id)
            if qtypes.get(q.type).manual or qtypes.get(q.type).runs_code or not spec or "derive" not in spec:
                continue
            if q.evidence.get("where") == "lesson":
                continue
            args = {k: v for k, v in spec.items() if k != "derive"}
            try:
                got = derive(public, str(spec["derive"]), args, q.id)["key"]
            except (CurriculumError, KeyError, ValueError, TypeError, IndexError, ZeroDivisionError):
                continue
            if _same(got, q.key) and q.key not in ([], {}, None, ""):
                out.append(f"{q.id} ({spec['derive']})")
    return out
