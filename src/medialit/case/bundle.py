"""The student bundle of a case: read and write the file students get instead of the annotations.

The bundle (``medialit-case.json``, ``schema_version: 1``, JSON Schema
``schemas/student-bundle-v1.json``) holds the article, every question as
students see it, practice feedback, and the tables that code questions and
lesson figures compute from. It holds no annotations: no claim, source or
attribution records, no framing, no fact checks, and no key, explanation or
citation of a graded question. Keys are derived only from the teacher's case
folder (``article.md`` + ``annotations.yaml``).

This module only converts between a :class:`~medialit.model.StudentCase` and
JSON; :mod:`medialit.curriculum.bundle` builds the student view of a full case.
It imports nothing heavier than :mod:`json`, so a notebook's first cell stays fast.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from medialit.contracts import BUNDLE_KIND, BUNDLE_SCHEMA_VERSION, INDEX_KIND, INDEX_SCHEMA_VERSION
from medialit.errors import BundleError
from medialit.model import (
    Article,
    DateEstimate,
    Lesson,
    Option,
    Paragraph,
    Question,
    Sentence,
    StudentCase,
)
from medialit.readable import student_rubric

BUNDLE_FILE = "medialit-case.json"
"""The bundle's file name, next to the lesson and exercise notebooks that load it."""

_SNIFF_BYTES = 64 * 1024 * 1024

GRADED_SETTINGS = ("groups", "claim", "in_sentence", "as_summary", "range", "answer_type")
"""Question settings a graded question keeps in the bundle (widget groups, the quoted claim, each
claim's sentence with its span marked, the range a number must fall in); code questions also get
``answer_type`` (see :func:`answer_type`)."""

PRACTICE_SETTINGS = ("groups", "claim", "in_sentence", "as_summary", "item_feedback", "range", "sources")
"""Question settings a practice question keeps (its per-item feedback too, and a search lab's
``sources``, which its Check needs to say whether an independent source was opened)."""


def is_bundle_file(path: str | Path) -> bool:
    """True when ``path`` is a regular file that declares itself a student bundle (``"kind"`` line)."""
    p = Path(path)
    if not p.is_file():
        return False
    try:
        with p.open("rb") as handle:
            text = handle.read(_SNIFF_BYTES)
    except OSError:
        return False
    return f'"kind": "{BUNDLE_KIND}"'.encode() in text


def bundle_in(folder: str | Path) -> Path | None:
    """The bundle file in ``folder`` (directly, or in its ``exercises/`` or ``lessons/``), if any."""
    base = Path(folder)
    for candidate in (base / BUNDLE_FILE, base / "exercises" / BUNDLE_FILE, base / "lessons" / BUNDLE_FILE):
        if is_bundle_file(candidate):
            return candidate
    return None


def not_a_case_error(path: str | Path) -> BundleError:
    """The error for a student bundle given where the teacher's annotated case is needed."""
    return BundleError(
        f"{path}: this is a student bundle ({BUNDLE_FILE}). It holds the article, the prompts and "
        "options, practice feedback and public tables, but no annotations, so no answer key can be "
        "derived from it. Fix: pass the teacher's case folder (article.md + annotations.yaml)."
    )


# -- StudentCase -> JSON --------------------------------------------------------------------------


def _options(opts: tuple[Option, ...]) -> list[dict[str, str]]:
    return [{"id": o.id, "text": o.text} for o in opts]


def answer_type(key: object) -> str | None:
    """What kind of value a code question's ``answer`` must hold: its key's type, never its value."""
    if isinstance(key, bool):
        return None
    if isinstance(key, (int, float)):
        return "number"
    if isinstance(key, list):
        return "list"
    if isinstance(key, dict):
        return "dictionary"
    if isinstance(key, str):
        return "text"
    return None


def question_to_dict(q: Question, *, practice: bool) -> dict[str, object]:
    """A question as the bundle stores it: key, explanation and citations for practice only."""
    keep = PRACTICE_SETTINGS if practice else GRADED_SETTINGS
    out: dict[str, Any] = {
        "id": q.id,
        "type": q.type,
        "prompt": q.prompt,
        "points": q.points,
        "objectives": list(q.objectives),
        "options": _options(q.options),
        "items": _options(q.items),
        "labels": list(q.labels),
        "widget": q.widget,
        "tolerance": q.tolerance,
        # The criteria students see: a teacher's rubric that names the answer stays out.
        "rubric": list(student_rubric(q)),
        "starter": q.starter,
        "tests": [
            {"name": str(t.get("name", "")), "public": True}
            for t in q.tests
            if isinstance(t, dict) and (practice or t.get("public"))
        ],
        "settings": {k: q.settings[k] for k in keep if k in q.settings},
    }
    kind = answer_type(q.key) if q.tests else None  # only code questions have tests
    if kind:
        out["settings"]["answer_type"] = kind
    if practice:
        out["key"] = q.key
        out["explanation"] = q.explanation
        out["citations"] = list(q.citations)
    return out


def _article_to_dict(a: Article) -> dict[str, object]:
    est = a.date_estimate
    return {
        "id": a.id,
        "title": a.title,
        "author": a.author,
        "publisher": a.publisher,
        "url": a.url,
        "date": a.date.isoformat() if a.date else None,
        "date_window": {"earliest": est.earliest.isoformat(), "latest": est.latest.isoformat()} if est else None,
        "blocks": [
            {
                "id": b.id,
                "furniture": b.furniture,
                "text": b.text,
                "sentences": [{"id": s.id, "text": s.text} for s in b.sentences],
            }
            for b in a.blocks
        ],
    }


def bundle_to_dict(view: StudentCase) -> dict[str, object]:
    """The JSON data of a student bundle (``packet`` only when the case has a source packet)."""
    out = _bundle_dict(view)
    if view.packet is not None:
        out["packet"] = view.packet
    return out


def _bundle_dict(view: StudentCase) -> dict[str, object]:
    return {
        "schema_version": BUNDLE_SCHEMA_VERSION,
        "kind": BUNDLE_KIND,
        "case": view.case_id,
        "article": _article_to_dict(view.article),
        "lessons": [
            {
                "id": lesson.id,
                "number": lesson.number,
                "title": lesson.title,
                "minutes": lesson.minutes,
                "objectives": list(lesson.objectives),
                "practice": [question_to_dict(q, practice=True) for q in lesson.practice],
                "questions": [question_to_dict(q, practice=False) for q in lesson.questions],
            }
            for lesson in view.lessons
        ],
        "data": {
            "claims": [dict(r) for r in view.claims],
            "sources": [dict(r) for r in view.sources],
            "paragraphs": [dict(r) for r in view.paragraphs],
            "practice_sources": [dict(r) for r in view.citations],
        },
    }


def bundle_bytes(view: StudentCase) -> bytes:
    """The bundle file's bytes: deterministic (sorted keys, two-space indent, final newline)."""
    text = json.dumps(bundle_to_dict(view), ensure_ascii=False, sort_keys=True, indent=2)
    return (text + "\n").encode("utf-8")


# -- JSON -> StudentCase --------------------------------------------------------------------------


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _question(d: dict[str, Any], *, practice: bool) -> Question:
    return Question(
        id=d["id"],
        type=d["type"],
        prompt=d["prompt"],
        points=float(d["points"]),
        objectives=tuple(d["objectives"]),
        key=d.get("key") if practice else None,
        explanation=str(d.get("explanation", "")) if practice else "",
        citations=tuple(str(c) for c in d.get("citations", ())) if practice else (),
        options=tuple(Option(o["id"], o["text"]) for o in d["options"]),
        items=tuple(Option(o["id"], o["text"]) for o in d["items"]),
        labels=tuple(d["labels"]),
        widget=d.get("widget"),
        tolerance=float(d.get("tolerance", 0)),
        rubric=tuple(d.get("rubric", ())),
        starter=str(d.get("starter", "")),
        tests=tuple(dict(t) for t in d.get("tests", ())),
        settings=dict(d.get("settings") or {}),
    )


def _article(d: dict[str, Any]) -> Article:
    window = d.get("date_window")
    blocks = tuple(
        Paragraph(
            id=b["id"],
            text=b["text"],
            sentences=tuple(Sentence(s["id"], b["id"], s["text"]) for s in b["sentences"]),
            furniture=bool(b["furniture"]),
        )
        for b in d["blocks"]
    )
    return Article(
        id=d["id"],
        title=d["title"],
        body="\n\n".join(b.text for b in blocks) + "\n",
        blocks=blocks,
        author=d.get("author"),
        publisher=d.get("publisher"),
        url=d.get("url"),
        date=_date(d.get("date")),
        date_estimate=(
            DateEstimate(
                earliest=dt.date.fromisoformat(window["earliest"]),
                latest=dt.date.fromisoformat(window["latest"]),
                basis="",
            )
            if window
            else None
        ),
    )


def _packet(data: object, where: str) -> dict[str, Any] | None:
    """The bundle's search index, checked for its kind and version (None when absent)."""
    if data is None:
        return None
    if (
        not isinstance(data, dict)
        or data.get("kind") != INDEX_KIND
        or data.get("schema_version") != INDEX_SCHEMA_VERSION
    ):
        raise BundleError(
            f"{where}: the source packet's search index is not of schema_version {INDEX_SCHEMA_VERSION}. "
            "Fix: regenerate the notebooks with `medialit generate` (same medialit version as the students)."
        )
    return dict(data)


def bundle_from_dict(data: object, where: str = "bundle") -> StudentCase:
    """Build a :class:`StudentCase` from bundle data; :class:`BundleError` names what is wrong."""
    if not isinstance(data, dict) or data.get("kind") != BUNDLE_KIND:
        raise BundleError(f'{where}: not a medialit student bundle (no "kind": "{BUNDLE_KIND}").')
    version = data.get("schema_version")
    if version != BUNDLE_SCHEMA_VERSION:
        raise BundleError(
            f"{where}: bundle schema_version {version!r}, this medialit reads {BUNDLE_SCHEMA_VERSION}. "
            "Fix: regenerate the notebooks with `medialit generate` (same medialit version as the students)."
        )
    try:
        lessons = tuple(
            Lesson(
                id=lesson["id"],
                number=int(lesson["number"]),
                title=lesson["title"],
                minutes=int(lesson["minutes"]),
                objectives=tuple(lesson["objectives"]),
                sections=(),
                practice=tuple(_question(q, practice=True) for q in lesson["practice"]),
                questions=tuple(_question(q, practice=False) for q in lesson["questions"]),
            )
            for lesson in data["lessons"]
        )
        tables = data["data"]
        return StudentCase(
            case_id=str(data["case"]),
            article=_article(data["article"]),
            lessons=lessons,
            claims=tuple({"kind": r["kind"], "attribution": r["attribution"]} for r in tables["claims"]),
            sources=tuple(
                {"source": r["source"], "name": r["name"], "kind": r["kind"], "date": r["date"]}
                for r in tables["sources"]
            ),
            paragraphs=tuple(
                {
                    "paragraph": r["paragraph"],
                    "attributed": int(r["attributed"]),
                    "anonymous": int(r["anonymous"]),
                    "unattributed": int(r["unattributed"]),
                }
                for r in tables["paragraphs"]
            ),
            citations=tuple(
                {"id": str(r["id"]), "title": str(r["title"]), "url": str(r.get("url", ""))}
                for r in tables.get("practice_sources", ())
            ),
            packet=_packet(data.get("packet"), where),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise BundleError(
            f"{where}: malformed student bundle ({type(exc).__name__}: {exc}). "
            "Fix: regenerate it with `medialit generate`; do not edit it by hand."
        ) from None


def load_bundle(path: str | Path) -> StudentCase:
    """Read a student bundle file.

    Raises
    ------
    BundleError
        The file is missing, not JSON, not a bundle, of another schema version, or malformed.
    """
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BundleError(
            f"{p}: no such file. The notebook loads the case bundle {BUNDLE_FILE} from its own folder; "
            "keep the notebook next to it (it comes with the lessons and exercises folders)."
        ) from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise BundleError(f"{p}: cannot read the student bundle ({exc}).") from None
    return bundle_from_dict(data, str(p))
