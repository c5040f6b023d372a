"""Read a case study folder (``article.md`` + ``annotations.yaml``) into a :class:`Case`."""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from medialit.case import yamlpos
from medialit.case.bundle import bundle_in, is_bundle_file, not_a_case_error
from medialit.case.packet import load_packet
from medialit.case.segment import segment, unmatched_furniture
from medialit.case.validate import check_annotations
from medialit.case.yamlpos import load_with_lines
from medialit.errors import AnnotationError, ArticleError, Problem
from medialit.model import (
    REVIEWED_LAYERS,
    Account,
    Annotations,
    Article,
    Attribution,
    Case,
    Citation,
    Claim,
    DateEstimate,
    FactCheck,
    FramingDevice,
    Source,
    Span,
)

ARTICLE_FILE = "article.md"
ANNOTATIONS_FILE = "annotations.yaml"


def default_case_dir() -> Path:
    """Return the folder of the embedded MEK case study."""
    return Path(str(resources.files("medialit") / "casestudies" / "mek"))


def _date(value: object) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _day(value: object) -> dt.date:
    """A required date (``ValueError`` when it is missing)."""
    day = _date(value)
    if day is None:
        raise ValueError(f"a date is required, not {value!r}")
    return day


def read_article(path: Path) -> Article:
    """Read ``article.md``: YAML front matter between ``---`` lines, then the verbatim body."""
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ArticleError(f"{path}: no article file. Fix: put the article text in {ARTICLE_FILE}.") from None
    except UnicodeDecodeError as exc:
        raise ArticleError(f"{path}: not UTF-8 text ({exc.reason}).") from None
    if not raw.startswith("---\n"):
        raise ArticleError(f"{path}:1: the file must start with a '---' line opening the front matter.")
    end = raw.find("\n---\n", 4)
    if end < 0:
        raise ArticleError(f"{path}: the front matter is not closed by a '---' line.")
    try:
        meta = yamlpos.safe_load(raw[4:end]) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        raise ArticleError(f"{path}:{line}: bad YAML in the front matter: {exc}") from None
    body = raw[end + 5 :]
    if not body.strip():
        raise ArticleError(f"{path}: the article body is empty.")
    furniture = meta.get("furniture") or []
    missing = unmatched_furniture(body, furniture)
    if missing:
        raise ArticleError(
            f"{path}: furniture {', '.join(missing)} not found as whole blocks of the body. "
            "Fix: copy the block text exactly, with '\\n\\n' between blocks."
        )
    est = meta.get("date_estimate")
    try:
        estimate = (
            DateEstimate(
                earliest=_day(est["earliest"]),
                latest=_day(est["latest"]),
                basis=str(est.get("basis", "")),
                citations=tuple(est.get("citations") or ()),
            )
            if est
            else None
        )
        date = _date(meta.get("date"))
    except (ValueError, KeyError, TypeError) as exc:
        raise ArticleError(f"{path}: bad date in the front matter ({exc}); use YYYY-MM-DD.") from None
    return Article(
        id=str(meta.get("id") or path.parent.name),
        title=str(meta.get("title") or ""),
        body=body,
        blocks=segment(body, furniture),
        genre=str(meta.get("genre") or "unknown"),
        author=meta.get("author"),
        publisher=meta.get("publisher"),
        url=meta.get("url"),
        date=date,
        date_estimate=estimate,
        curriculum=str(meta.get("curriculum") or "generic"),
    )


def read_annotation_data(path: Path) -> tuple[dict[str, Any], dict[Any, int]]:
    """Parse ``annotations.yaml`` and return the data with a line map.

    Raises :class:`AnnotationError` with a located problem on unreadable YAML.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AnnotationError(
            [Problem(str(path), None, None, "file not found", f"create {ANNOTATIONS_FILE}")]
        ) from None
    except UnicodeDecodeError as exc:
        raise AnnotationError(
            [Problem(str(path), None, None, f"not UTF-8 text ({exc.reason})", "save as UTF-8")]
        ) from None
    try:
        data, lines = load_with_lines(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise AnnotationError(
            [
                Problem(
                    str(path),
                    line,
                    None,
                    f"bad YAML: {problem}",
                    "check indentation and quoting on that line "
                    "(quote strings that contain ': ' or start with a quote mark)",
                )
            ]
        ) from None
    if not isinstance(data, dict):
        raise AnnotationError(
            [Problem(str(path), 1, None, "the file must be a YAML mapping", "start with schema_version: 1")]
        )
    return data, lines


def _spans(items: Any) -> tuple[Span, ...]:
    return tuple(Span(s["sentence"], s["text"]) for s in items or ())


def build_annotations(data: dict[str, Any]) -> Annotations:
    """Turn schema-valid annotation data into frozen model objects."""
    return Annotations(
        citations=tuple(
            Citation(
                id=c["id"],
                title=c["title"],
                facts_section=c.get("facts_section"),
                publisher=c.get("publisher"),
                author=c.get("author"),
                date=c.get("date"),
                url=c.get("url"),
                kind=c.get("kind", "primary"),
                leaning=c.get("leaning"),
                archive=c.get("archive"),
                no_url_reason=c.get("no_url_reason"),
                supports=c.get("supports"),
            )
            for c in data.get("citations", ())
        ),
        sources=tuple(
            Source(
                id=s["id"],
                name=s["name"],
                kind=s["kind"],
                linked=bool(s.get("linked", False)),
                date=s.get("date"),
                description=s.get("description", ""),
                citations=tuple(s.get("citations") or ()),
            )
            for s in data.get("sources", ())
        ),
        claims=tuple(
            Claim(
                id=c["id"],
                sentence=c["sentence"],
                summary=c["summary"],
                kind=c["kind"],
                check_worthy=bool(c["check_worthy"]),
                span=c.get("span"),
            )
            for c in data.get("claims", ())
        ),
        attributions=tuple(
            Attribution(
                id=a["id"],
                claims=tuple(a["claims"]),
                source=a["source"],
                mode=a["mode"],
                cue=Span(a["cue"]["sentence"], a["cue"]["text"]) if a.get("cue") else None,
                chain=tuple(a.get("chain") or ()),
                original=tuple(a.get("original") or ()),
                explanation=a.get("explanation", ""),
                citations=tuple(a.get("citations") or ()),
            )
            for a in data.get("attributions", ())
        ),
        framing=tuple(
            FramingDevice(
                id=f["id"],
                device=f["device"],
                explanation=f["explanation"],
                spans=_spans(f.get("spans")),
                paragraphs=tuple(f.get("paragraphs") or ()),
                citations=tuple(f.get("citations") or ()),
            )
            for f in data.get("framing", ())
        ),
        fact_checks=tuple(
            FactCheck(
                id=f["id"],
                claim=f["claim"],
                verdict=f["verdict"],
                explanation=f.get("explanation", ""),
                citations=tuple(f.get("citations") or ()),
                confidence=f.get("confidence", "medium"),
                contested=bool(f.get("contested", False)),
                accounts=tuple(
                    Account(a["side"], a["account"], tuple(a["citations"]), a.get("confidence"))
                    for a in f.get("accounts") or ()
                ),
            )
            for f in data.get("fact_checks", ())
        ),
        no_claim_sentences=tuple(data.get("no_claim_sentences") or ()),
        unreviewed=tuple(
            (layer, str(item.get("id") or item.get("claim") or "?"))
            for layer in REVIEWED_LAYERS
            for item in data.get(layer) or ()
            if isinstance(item, dict) and item.get("needs_review")
        ),
    )


def load_case(root: str | Path | None = None) -> Case:
    """Load and validate a case study folder (the embedded MEK case by default).

    Raises
    ------
    ArticleError
        When ``article.md`` is missing or malformed.
    AnnotationError
        When ``annotations.yaml`` breaks the schema or refers to unknown ids;
        ``.problems`` lists every problem with file, line, id and fix.
    PacketError
        (an :class:`AnnotationError`) when the optional ``packet.yaml`` is invalid.
    BundleError
        When ``root`` is a student bundle (or a folder holding one instead of the
        case files): it has no annotations, so nothing can be derived from it.
    """
    folder = Path(root) if root is not None else default_case_dir()
    if is_bundle_file(folder):
        raise not_a_case_error(folder)
    if not folder.is_dir():
        raise ArticleError(f"{folder}: no such case folder.")
    if not (folder / ANNOTATIONS_FILE).is_file():
        found = bundle_in(folder)
        if found is not None:
            raise not_a_case_error(found)
    article = read_article(folder / ARTICLE_FILE)
    path = folder / ANNOTATIONS_FILE
    data, lines = read_annotation_data(path)
    problems = check_annotations(data, lines, article, str(path))
    if problems:
        raise AnnotationError(problems)
    annotations = build_annotations(data)
    packet = load_packet(folder, annotations, article.id)
    return Case(article=article, annotations=annotations, root=str(folder), packet=packet)
