"""``new_case``: from an article file to a case folder with drafted annotations."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
import yaml

from medialit.case.load import ANNOTATIONS_FILE, ARTICLE_FILE, build_annotations, read_article
from medialit.case.packet import PACKET_FILE, packet_skeleton
from medialit.case.segment import segment
from medialit.case.validate import check_annotations
from medialit.drafter._text import slug
from medialit.drafter.annotate import draft_annotations
from medialit.drafter.document import Block, Document
from medialit.drafter.inputs import read_document
from medialit.drafter.packet_todo import draft_todo, render_todo
from medialit.drafter.review import ReviewStatus, review_notebook, review_status
from medialit.drafter.writer import render_annotations, render_article, render_teacher_pack
from medialit.errors import ArticleError, Problem
from medialit.model import Article, Case


@dataclass(frozen=True)
class NewCaseResult:
    """What :func:`new_case` wrote and what is left for the teacher to review."""

    case_dir: Path
    article_file: Path
    annotations_file: Path
    paragraphs: int
    sentences: int
    furniture: int
    review: ReviewStatus
    format: str
    review_notebook: Path
    packet_file: Path
    """``packet.yaml``: the empty source packet with instructions (an existing one is kept)."""
    teacher_file: Path | None = None
    """``teacher.yaml``: the teacher pack skeleton (background, content note; an existing one is kept)."""


def _headline_like(text: str) -> bool:
    return "\n" not in text and len(text.split()) <= 30 and not re.search(r"[.;,:]$", text.strip())


def _arrange(doc: Document, title: str | None) -> list[Block]:
    """Put a headline first (the page's, else ``title``) and keep furniture apart from text."""
    blocks = [b for b in doc.blocks if b.text.strip()]
    body = [b for b in blocks if b.furniture is None]
    if not body:
        raise ArticleError("the file has no article text. Fix: check that it is the article you meant.")
    first = body[0]
    if not _headline_like(first.text):
        if not title:
            raise ArticleError(
                "the text does not start with a headline (a short first line without a full stop). "
                "Fix: add the headline as the first line, or pass --title."
            )
        blocks.insert(blocks.index(first), Block(title))
    elif first.text.startswith(("- ", "* ")):
        raise ArticleError("the text starts with a list, not a headline. Fix: pass --title or add a headline line.")
    if len([b for b in blocks if b.furniture is None]) < 2:
        raise ArticleError("the article has a headline but no text under it. Fix: check the file.")
    texts = {b.text for b in blocks if b.furniture is None}
    return [b for b in blocks if b.furniture is None or b.text not in texts]


def _check(folder: Path, data: dict[str, Any]) -> Case:
    """Read the written files back and validate them (schema, ids, spans, coverage), in memory.

    Equivalent to :func:`medialit.case.load.load_case` without the line map, which a
    drafted file does not need and which is slow on long articles.
    """
    article = read_article(folder / ARTICLE_FILE)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    written = yaml.load((folder / ANNOTATIONS_FILE).read_text(encoding="utf-8"), Loader=loader)  # noqa: S506
    problems = (
        []
        if written == data
        else [Problem(str(folder / ANNOTATIONS_FILE), None, None, "YAML round trip changed the data")]
    )
    problems += check_annotations(written, {}, article, str(folder / ANNOTATIONS_FILE))
    if problems:  # a bug in the drafter, never the teacher's fault
        raise ArticleError(
            f"the draft written to {folder} does not validate (please report this): "
            + "; ".join(map(str, problems[:5]))
        )
    return Case(article=article, annotations=build_annotations(written), root=str(folder))


def _article(case_id: str, title: str, blocks: list[Block]) -> Article:
    furniture = [{"id": f"f{i}", "text": b.text} for i, b in enumerate((b for b in blocks if b.furniture), 1)]
    body = "\n\n".join(b.text for b in blocks) + "\n"
    return Article(id=case_id, title=title, body=body, blocks=segment(body, furniture))


def read_new_article(source: str | Path, case_id: str = "article", title: str | None = None) -> Article:
    """The article ``new_case`` would draft from ``source``, in memory (nothing is written).

    Used by the evaluation (``benchmarks/analyzer_eval.py``) so that plain-text test articles
    are segmented exactly as ``medialit new`` segments them.
    """
    src = Path(source)
    doc = read_document(src)
    meta_title = doc.meta.get("title")
    try:
        blocks = _arrange(doc, title or (meta_title if isinstance(meta_title, str) else None))
    except ArticleError as exc:
        raise ArticleError(f"{src}: {exc}") from None
    headline = next(b.text for b in blocks if b.furniture is None)
    return _article(case_id, title or headline, blocks)


REVIEW_NOTEBOOK = "review.ipynb"


def _write_review_notebook(folder: Path) -> None:
    """Write the review aid beside the case (rewritten identically on every run)."""
    text = nbformat.writes(review_notebook("."), version=4)
    (folder / REVIEW_NOTEBOOK).write_text(text + "\n", encoding="utf-8")


def _write_packet_skeleton(folder: Path, case_id: str, todo: str = "") -> Path:
    """Write the empty source packet beside the case, with the pages to find in its comments,
    unless the teacher already has one."""
    path = folder / PACKET_FILE
    if not path.exists():
        path.write_text(packet_skeleton(case_id, todo), encoding="utf-8")
    return path


TEACHER_PACK = "teacher.yaml"


def _write_teacher_skeleton(folder: Path, article: Article, data: dict[str, Any]) -> Path:
    """Write the teacher pack skeleton beside the case, unless the teacher already has one."""
    path = folder / TEACHER_PACK
    if not path.exists():
        sentences = [(s.id, s.text) for s in article.sentences]
        path.write_text(render_teacher_pack(article.title, sentences, _credited(data)), encoding="utf-8")
    return path


def _credited(data: dict[str, Any]) -> list[tuple[str, str, str]]:
    """``(name, kind, first sentence)`` of each source the drafted attributions credit, in reading order."""
    first: dict[str, str] = {}
    for a in data.get("attributions") or ():
        cue = a.get("cue") or {}
        if cue.get("sentence"):
            first.setdefault(a["source"], cue["sentence"])
    order = sorted(first, key=lambda sid: tuple(int(x[1:]) for x in first[sid].split(".")))
    kinds = {s["id"]: s for s in data.get("sources") or ()}
    return [
        (str(kinds[sid]["name"]), str(kinds[sid]["kind"]), first[sid])
        for sid in order
        if sid in kinds and kinds[sid]["kind"] != "none"
    ]


def _date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise ArticleError(f"bad date {value!r}. Fix: use YYYY-MM-DD, e.g. --date 2025-03-01.") from None


def new_case(
    source: str | Path,
    out: str | Path,
    *,
    title: str | None = None,
    date: str | dt.date | None = None,
    url: str | None = None,
    publisher: str | None = None,
    author: str | None = None,
    genre: str | None = None,
    force: bool = False,
) -> NewCaseResult:
    """Draft a case study from an article file (plain text, Markdown or saved HTML).

    Writes ``out/article.md`` (front matter + text, page furniture listed),
    ``out/annotations.yaml`` (every layer drafted, each item with a confidence and
    ``needs_review: true``; fact checks ``unchecked``) and, unless the folder has one,
    an empty ``out/packet.yaml`` with instructions (the source packet) and a commented
    ``out/teacher.yaml`` (the teacher pack: background and content note, with the sentences
    that may distress students listed), then loads the folder back through the validator.

    Parameters
    ----------
    source
        The article file.
    out
        The case folder to create.
    title, date, url, publisher, author
        Metadata; each overrides what the file itself says. ``date`` is YYYY-MM-DD.
    genre
        The kind of text as the page labels it (``news``, ``opinion``, ``advertising``, ``raw``);
        the front matter says ``unknown`` without it.
    force
        Overwrite ``article.md`` and ``annotations.yaml`` when ``out`` already has them.

    Raises
    ------
    ArticleError
        Missing, empty, binary, non-UTF-8 or oversized input; HTML with no article text;
        an article without a headline (and no ``title``); an existing case without ``force``.
    """
    src, folder = Path(source), Path(out)
    doc = read_document(src)
    if ((folder / ARTICLE_FILE).exists() or (folder / ANNOTATIONS_FILE).exists()) and not force:
        raise ArticleError(f"{folder}: already holds a case. Fix: choose another --out folder or pass --force.")
    meta = dict(doc.meta)
    for key, value in (("title", title), ("url", url), ("publisher", publisher), ("author", author), ("genre", genre)):
        if value:
            meta[key] = value
    meta["date"] = _date(date if date else meta.get("date"))
    try:
        blocks = _arrange(doc, meta.get("title") if isinstance(meta.get("title"), str) else None)
    except ArticleError as exc:
        raise ArticleError(f"{src}: {exc}") from None
    if not meta.get("author"):
        bylines = (re.match(r"By ([A-Z][\w.’' -]+?)(?:,|$| and )", b.text) for b in blocks[:4] if b.furniture is None)
        by = next((m for m in bylines if m), None)
        if by:
            meta["author"] = by.group(1).strip()
    case_id = slug(folder.resolve().name or "case", 40)
    headline = next(b.text for b in blocks if b.furniture is None)
    meta |= {"id": case_id, "title": meta.get("title") or headline, "drafted_from": src.name}
    article_text = render_article(meta, blocks)
    article = _article(case_id, str(meta["title"]), blocks)
    data = draft_annotations(article, links=doc.links, case_id=case_id)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ARTICLE_FILE).write_text(article_text, encoding="utf-8")
    (folder / ANNOTATIONS_FILE).write_text(render_annotations(data, src.name), encoding="utf-8")
    _write_review_notebook(folder)
    todo = render_todo(draft_todo(article, data, doc.anchors))
    packet_file = _write_packet_skeleton(folder, case_id, todo)
    teacher_file = _write_teacher_skeleton(folder, article, data)
    case = _check(folder, data)
    return NewCaseResult(
        case_dir=folder,
        article_file=folder / ARTICLE_FILE,
        annotations_file=folder / ANNOTATIONS_FILE,
        paragraphs=len(case.article.paragraphs),
        sentences=len(case.article.sentences),
        furniture=len(case.article.furniture),
        review=review_status(data),
        format=doc.format,
        review_notebook=folder / REVIEW_NOTEBOOK,
        packet_file=packet_file,
        teacher_file=teacher_file,
    )
