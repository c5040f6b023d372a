"""Derivations about the article itself: its page lines and furniture, its genre, what its provenance leaves out.

Each reads the answer from the case (front matter, page furniture), so another case study
yields its own keys.
"""

from __future__ import annotations

from typing import Literal

from medialit.analysis.profile import (
    NAMED_KINDS,
)
from medialit.curriculum.derive_common import (
    Derived,
    _groups,
    derivation,
)
from medialit.model import (
    Case,
    Option,
)


@derivation("furniture_blocks")
def furniture_blocks(case: Case, paragraphs: list[str] | None = None) -> Derived:
    """Multi-select: which blocks of the page are furniture rather than article text."""
    blocks = [b for b in case.article.blocks if b.furniture or (paragraphs is not None and b.id in paragraphs)]
    options = [Option(b.id, b.text.replace("\n", " / ")) for b in blocks]
    key = sorted(b.id for b in blocks if b.furniture)
    return {
        "options": options,
        "key": key,
        "explanation": "; ".join(f"{b.id} ({b.kind}): {b.note}" for b in blocks if b.furniture),
        "citations": [],
    }


#: Kinds of content a reader can tell apart (Checkology's InfoZones, shortened).
GENRES = {
    "news": "a news report: tells what happened, credits its sources and keeps the writer's own views out",
    "opinion": "an opinion piece: argues a view in the writer's own voice",
    "advertising": "advertising or sponsored content: paid for, to sell a product, service or brand",
    "raw": "raw information: a document, data or a transcript, with no commentary",
}


ProvenanceField = Literal["byline", "date", "outlet", "links", "headline", "named_sources"]


#: What a reader looks for on a page to find out who is behind it and when it appeared:
#: option id -> (option text, short name for the explanation); the ids are :data:`ProvenanceField`.
PROVENANCE_FIELDS: dict[ProvenanceField, tuple[str, str]] = {
    "byline": ("a byline naming the writer", "byline"),
    "date": ("a publication date", "date"),
    "outlet": ("the name of the outlet or site that published it", "outlet name"),
    "links": ("links to the sources it names", "links to its sources"),
    "headline": ("a headline", "headline"),
    "named_sources": ("the names of some outlets and people it draws on", "named sources"),
}


@derivation("page_lines")
def page_lines(case: Case, blocks: list[str] | None = None) -> Derived:
    """Select the lines of the captured page that are furniture, not article text.

    Items are the sentences of every block (body paragraphs and furniture) in
    page order, or of ``blocks`` only; the key is the furniture lines.
    """
    known = {b.id for b in case.article.blocks}
    if blocks is not None:
        missing = sorted(set(blocks) - known)
        if missing:
            raise KeyError(", ".join(missing))
    chosen = [b for b in case.article.blocks if blocks is None or b.id in blocks]
    items = [Option(s.id, " ".join(s.text.split())) for b in chosen for s in b.sentences]
    key = [s.id for b in chosen if b.furniture for s in b.sentences]
    names = ", ".join(b.id.upper() for b in chosen if b.furniture)
    return {
        "items": items,
        "key": key,
        "settings": {"groups": _groups(items)},
        "explanation": (
            f"The page furniture is {names}: text that came with the web page's template or its images, "
            "not with the article."
        ),
        "citations": ["facts-furniture"],
    }


@derivation("furniture_kinds")
def furniture_kinds(case: Case, extra_labels: list[str] | None = None) -> Derived:
    """Match each block of page furniture with what it is (image alt text, comment form ...)."""
    furniture = case.article.furniture
    if not furniture:
        raise KeyError("furniture (the page has none)")
    items = [Option(b.id, " / ".join(line for line in b.text.splitlines() if line.strip())) for b in furniture]
    key = {b.id: b.kind for b in furniture}
    labels = sorted(set(key.values()) | set(extra_labels or ()))
    return {
        "items": items,
        "labels": labels,
        "key": key,
        "explanation": " ".join(f"{b.id.upper()} ({b.kind}): {b.note}" for b in furniture),
        "citations": ["facts-furniture"],
    }


@derivation("provenance_gaps")
def provenance_gaps(case: Case, fields: list[ProvenanceField] | None = None) -> Derived:
    """Multi-select: which marks of provenance the page does not show.

    Read from the front matter (author, date, publisher), from whether any
    source is linked, and from the headline and credited sources in the text.
    """
    art = case.article
    credited_named = any(
        a.credited and case.source(a.source).kind in NAMED_KINDS for a in case.annotations.attributions
    )
    missing = {
        "byline": art.author is None,
        "date": art.date is None,
        "outlet": art.publisher is None,
        "links": not any(s.linked for s in case.annotations.sources),
        "headline": not any(b.kind == "headline" for b in art.blocks),
        "named_sources": not credited_named,
    }
    wanted = list(fields or PROVENANCE_FIELDS)
    unknown = [f for f in wanted if f not in PROVENANCE_FIELDS]
    if unknown:
        raise KeyError(", ".join(unknown))
    options = [Option(f, PROVENANCE_FIELDS[f][0]) for f in wanted]
    key = [f for f in wanted if missing[f]]
    shown = [PROVENANCE_FIELDS[f][1] for f in wanted if not missing[f]]
    absent = [PROVENANCE_FIELDS[f][1] for f in key]
    parts = []
    if absent:
        parts.append("Missing from the page: " + ", ".join(absent) + ".")
    if shown:
        parts.append("Present: " + ", ".join(shown) + ".")
    return {
        "options": options,
        "key": key,
        "explanation": " ".join(parts),
        "citations": ["facts-furniture", "facts-limits"],
    }


#: What a page can show of its own origin, as lesson 1's prompts name it (``page_origin``).
ORIGIN_FIELDS = ("author", "publisher", "date")


def _origin(case: Case) -> dict[str, str | None]:
    art = case.article
    return {
        "author": art.author,
        "publisher": art.publisher,
        "date": f"{art.date:%d %B %Y}".lstrip("0") if art.date else None,
    }


def _and(parts: list[str], word: str = "and") -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + f" {word} " + parts[-1]


@derivation("page_origin")
def page_origin(case: Case, shows: Literal["little", "most"]) -> Derived:
    """A written item on who is behind the page, worded for what the page shows of its origin.

    The page shows ``little`` when it gives at most one of its author, publisher and date (the
    item asks what it does not tell), ``most`` when it gives two or all three (the item asks what
    those leave open). The item of the other wording has an empty key and is left out
    (``skip_if_empty``), so a lesson file holds both and a case gets the one that fits its page
    (trial 22: a report showing its byline, outlet and date was asked what the page hides).
    Facts for the prompt: ``origin_shown`` ("its author (Ana Ruiz) and its date (3 May 2025)")
    and ``origin_missing`` (", but not its publisher", or nothing).
    """
    origin = _origin(case)
    shown = [f for f in ORIGIN_FIELDS if origin[f]]
    missing = [f for f in ORIGIN_FIELDS if not origin[f]]
    fits = len(shown) >= 2 if shows == "most" else len(shown) <= 1
    if not fits:
        return {"key": None}
    shown_text = _and([f"its {f} ({origin[f]})" for f in shown]) if shown else "nothing of its origin"
    missing_text = f", but not {_and([f'its {f}' for f in missing], 'or')}" if missing else ""
    return {
        "key": shown if shows == "most" else missing,
        "facts": {"origin_shown": shown_text, "origin_missing": missing_text},
        "citations": [],
    }


@derivation("article_genre")
def article_genre(case: Case) -> Derived:
    """Single choice: the kind of content the article is (news, opinion ...), from its front matter."""
    genre = case.article.genre
    if genre not in GENRES:
        raise KeyError(f"genre {genre!r} (known: {', '.join(GENRES)})")
    return {
        "options": [Option(g, text) for g, text in GENRES.items()],
        "key": genre,
        "explanation": f"The case study classes the article as {genre}.",
        "citations": ["facts-framing"],
    }
