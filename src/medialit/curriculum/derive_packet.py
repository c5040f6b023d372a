"""Derivations over a case's source packet (registered by :mod:`medialit.curriculum.derive`).

Keys for the generic lateral-reading lesson (``generic/05-lateral-reading.yaml``, which
``requires: [packet]``). Every key comes from what the packet records about its documents
(their ``kind``, ``leaning`` and ``sources``) and from the annotations (which source a
passage was copied from, which source the article credits): nothing is written for one
case. A derivation with no material in a case returns an empty key, so its question is
left out (``skip_if_empty``).

Which documents count as what (the SearchLab's process classes, ``settings.sources``):

- **one side's own material** (``partisan``): an ``advocacy`` document, or one whose host the
  packet records as taking a side (``leaning``);
- the documents that are the source asked about (``independent`` for that question: opening
  them shows the answer first-hand);
- nothing else is classed: opening it earns the partial credit of the search_lab policy.

Search-lab keys are model answers whose query was run on the packet's own search
(:func:`medialit.analysis.search.search`): the model query really brings the document up
in the first :data:`MODEL_RANK` results, or the question is left out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from medialit.analysis.search import SearchIndex, build_index, search
from medialit.curriculum.derive_common import Derived, _sid_order, attribution_note, derivation
from medialit.model import PACKET_KINDS, Case, Option, PacketDocument, PacketKind

#: The kinds of packet documents in words, as the SearchLab's reader pane shows them
#: (``KINDS`` in widgets/static/search_lab.js; tests/unit/test_derive_packet.py compares them).
PACKET_KIND_LABELS: dict[PacketKind, str] = {
    "news": "news report",
    "reference": "reference work",
    "copy": "copy of another page",
    "official": "official record",
    "research": "research report",
    "advocacy": "advocacy site",
}
#: A model query must bring its document up among this many results.
MODEL_RANK = 3
#: The seconds a model answer keeps its document open (a plausible reading time; not scored).
MODEL_SECONDS = 60
_NAMED = ("named_person", "named_outlet", "official_document", "organisation")
_WORD = re.compile(r"\S+")


# -- helpers -------------------------------------------------------------------


def _docs(case: Case) -> tuple[PacketDocument, ...]:
    """The packet's real documents (the ones invented for a far-transfer exercise aside)."""
    docs = case.packet.documents if case.packet is not None else ()
    return tuple(d for d in docs if d.constructed is None)


def _citation(doc: PacketDocument) -> str:
    """The annotations' citation a real document is (every document :func:`_docs` returns has one)."""
    assert doc.citation is not None, doc.id
    return doc.citation


def is_partisan(doc: PacketDocument) -> bool:
    """One side's own material: an advocacy site, or a host the packet records as taking a side."""
    return doc.kind == "advocacy" or bool(doc.leaning)


def _result_text(doc: PacketDocument) -> str:
    """A document as a results list shows it: title, publisher, date."""
    when = doc.date or "undated"
    return f"“{doc.title}” ({doc.publisher or 'publisher not given'}, {when})"


def _neutral_ids(prefix: str, n: int) -> list[str]:
    """Ids that say nothing about the answer: ``r1``, ``r2``, ..."""
    return [f"{prefix}{i}" for i in range(1, n + 1)]


def _spread(pool: list[PacketDocument], limit: int) -> list[PacketDocument]:
    """At most ``limit`` documents spread evenly through ``pool`` (deterministic)."""
    if limit <= 0:
        return []
    if len(pool) <= limit:
        return pool
    step = len(pool) / limit
    return [pool[int(i * step)] for i in range(limit)]


def _by_kind_in_turn(docs: tuple[PacketDocument, ...]) -> list[PacketDocument]:
    """The documents, one of each kind in turn (packet order within a kind), for variety."""
    queues = [[d for d in docs if d.kind == k] for k in PACKET_KINDS]
    out: list[PacketDocument] = []
    while any(queues):
        for q in queues:
            if q:
                out.append(q.pop(0))
    return out


def _model_query(index: SearchIndex, wanted: set[str], candidates: Iterator[str] | list[str]) -> tuple[str, str] | None:
    """The first candidate query whose first :data:`MODEL_RANK` results hold a ``wanted`` document."""
    for query in candidates:
        for result in search(index, query, MODEL_RANK):
            if result["id"] in wanted:
                return query, result["id"]
    return None


def _model_answer(case: Case, query: str, doc_id: str, answer: str) -> dict[str, object]:
    doc = case.packet.document(doc_id) if case.packet is not None else None
    title = doc.title if doc is not None else doc_id
    return {
        "queries": [query],
        "opened": [{"doc": doc_id, "title": title, "seconds": MODEL_SECONDS}],
        "answer": answer,
    }


def _process_classes(case: Case, independent: list[str]) -> dict[str, list[str]]:
    partisan = [d.id for d in _docs(case) if is_partisan(d) and d.id not in independent]
    return {"independent": independent, "partisan": partisan, "self": []}


def _windows(text: str, size: int) -> Iterator[str]:
    words = _WORD.findall(text)
    if len(words) <= size:
        yield " ".join(words)
        return
    for i in range(len(words) - size + 1):
        yield " ".join(words[i : i + size])


def readable_date(value: str) -> str:
    """An ISO date at its precision, in words: ``9 February 2012``, ``February 2012``, ``2012``."""
    parts = value.split("-")
    if len(parts) == 3:
        d = dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
        return f"{d.day} {d:%B %Y}"
    if len(parts) == 2:
        return f"{dt.date(int(parts[0]), int(parts[1]), 1):%B %Y}"
    return value


def _conclusions(texts: dict[str, str], *, by_name: bool = False) -> tuple[list[Option], dict[str, str]]:
    """Conclusions in an order that says nothing of the answer, with ids ``c1``...; also ``name -> id``.

    Sorted by text, or by name (``by_name``: ISO dates then come in time order).
    """
    ordered = sorted(texts.items(), key=lambda kv: (kv[0], kv[1]) if by_name else (kv[1].casefold(), kv[0]))
    ids = _neutral_ids("c", len(ordered))
    return [Option(i, text) for i, (_, text) in zip(ids, ordered, strict=True)], {
        name: i for i, (name, _) in zip(ids, ordered, strict=True)
    }


def _source_docs(case: Case, sid: str) -> list[PacketDocument]:
    """The packet documents that are source ``sid``'s own page (copies of it aside)."""
    return [d for d in _docs(case) if sid in d.sources and d.kind != "copy"]


# -- derivations ---------------------------------------------------------------


@derivation("packet_kinds")
def packet_kinds(case: Case, limit: int = 6, skip: int = 0) -> Derived:
    """Label packet documents with the kind the packet records (news report, official record ...).

    The documents are taken one kind at a time in turn (so several kinds appear), ``skip``
    of them first passed over (a practice and an exercise then use different documents).
    """
    chosen = _by_kind_in_turn(_docs(case))[skip : skip + limit]
    ids = _neutral_ids("r", len(chosen))
    items = [Option(i, _result_text(d)) for i, d in zip(ids, chosen, strict=True)]
    key = {i: PACKET_KIND_LABELS[d.kind] for i, d in zip(ids, chosen, strict=True)}
    feedback = {
        i: {
            # No "about its publisher" here: who is behind a site is for the student to search
            # (issue 21), and this feedback is shown before later search items.
            "explanation": f"“{d.title}”: the packet records its kind as {PACKET_KIND_LABELS[d.kind]}.",
            "citations": [_citation(d)],
        }
        for i, d in zip(ids, chosen, strict=True)
    }
    return {
        "items": items,
        "labels": list(PACKET_KIND_LABELS.values()),
        "key": key,
        "explanation": " ".join(str(f["explanation"]) for f in feedback.values()),
        "citations": list(dict.fromkeys(_citation(d) for d in chosen)),
        "settings": {"item_feedback": feedback},
    }


@derivation("packet_sides")
def packet_sides(case: Case, limit: int = 8) -> Derived:
    """Multi-select: which of these search results are one side's own material (see :func:`is_partisan`).

    Half the options (at most) are partisan documents and the rest are not, each half
    spread through the packet; with no document of either kind the key is empty.
    """
    docs = _docs(case)
    partisan = [d for d in docs if is_partisan(d)]
    other = [d for d in docs if not is_partisan(d)]
    if not partisan or not other:
        return {"key": [], "options": [], "citations": []}
    n_side = min(len(partisan), max(1, limit // 2))
    n_other = max(1, limit - n_side)  # at least one of each, whatever the limit
    chosen_ids = {d.id for d in _spread(partisan, n_side)} | {d.id for d in _spread(other, n_other)}
    chosen = [d for d in docs if d.id in chosen_ids]  # packet order: sides mixed
    ids = _neutral_ids("o", len(chosen))
    options = [Option(i, _result_text(d)) for i, d in zip(ids, chosen, strict=True)]
    key = [i for i, d in zip(ids, chosen, strict=True) if is_partisan(d)]
    notes = []
    for i, d in zip(ids, chosen, strict=True):
        if d.kind == "advocacy":
            notes.append(f"{i}: an advocacy site{f' ({d.leaning})' if d.leaning else ''}.")
        elif d.leaning:
            notes.append(f"{i}: its host takes a side ({d.leaning}).")
    return {
        "options": options,
        "key": key,
        "explanation": " ".join(notes)
        + " The others are recorded as neither an advocacy site nor a host that takes a side.",
        "citations": list(dict.fromkeys(_citation(d) for d in chosen)),
    }


@derivation("packet_passage_origin")
def packet_passage_origin(case: Case, nth: int = 1) -> Derived:
    """Search lab: where does a passage the article copies without credit come from?

    Uses the ``nth`` uncredited copy (``verbatim_uncredited`` attribution, in article order)
    whose original is in the packet and which a search of a few of the passage's own words
    brings up. The conclusions are the source it repeats, up to two other sources of the
    packet, and "the article's own words"; the original's own documents are the independent
    sources for the process score.
    """
    if case.packet is None:
        return {"key": None}
    index = build_index(case.packet)
    found = 0
    copies = [a for a in case.annotations.attributions if a.mode == "verbatim_uncredited" and a.claims]
    copies.sort(key=lambda a: _sid_order(case.claim(a.claims[0]).sentence))
    for a in copies:
        sentence = case.article.sentence(case.claim(a.claims[0]).sentence)
        originals = [d.id for d in _docs(case) if d.citation in a.original]
        originals = originals or [d.id for d in _source_docs(case, a.source)]
        if not originals:
            continue
        hit = _model_query(index, set(originals), _windows(sentence.text, 6))
        if hit is None:
            continue
        found += 1
        if found < nth:
            continue
        query, doc_id = hit
        here = {x.source for x in case.annotations.attributions if sentence.id in _sentences_of(case, x.claims)}
        others = [
            s
            for s in case.annotations.sources
            if s.kind in _NAMED and s.id not in here and s.id != a.source and _source_docs(case, s.id)
        ]
        texts = {a.source: f"It repeats, without credit, words published earlier by {case.source(a.source).name}."}
        for s in others[:2]:
            texts[s.id] = f"It repeats, without credit, words published earlier by {s.name}."
        texts[""] = "It appears in no earlier source: the words are the article's own."
        items, ids = _conclusions(texts)
        answer = ids[a.source]
        origin = case.packet.document(doc_id)
        return {
            "items": items,
            "key": _model_answer(case, query, doc_id, answer),
            "explanation": (
                f"A search of the passage's own words, “{query}”, brings up “{origin.title}” "
                f"({origin.publisher or 'publisher not given'}), which the passage repeats. {attribution_note(case, a)}"
            ).strip(),
            "citations": list(dict.fromkeys([*a.original, *a.citations, _citation(origin)])),
            "settings": {
                "claim": f"“{sentence.text}” ({sentence.id})",
                "sources": _process_classes(case, originals),
            },
        }
    return {"key": None}


def _sentences_of(case: Case, claims: tuple[str, ...]) -> set[str]:
    return {case.claim(c).sentence for c in claims}


@derivation("packet_source_date")
def packet_source_date(case: Case, nth: int = 1) -> Derived:
    """Search lab: when did a source the article credits publish? (The article may not say.)

    Uses the ``nth`` named source the article credits (in article order) whose own page is
    in the packet with one date, and which a search of its name, publisher or title brings
    up. The conclusions are that date and up to three dates of other packet documents, none
    in the same year (so no two can both be right); the source's own documents are the
    independent sources for the process score.
    """
    if case.packet is None:
        return {"key": None}
    index = build_index(case.packet)
    seen: set[str] = set()
    found = 0
    credited = [a for a in case.annotations.attributions if a.credited and a.claims]
    credited.sort(key=lambda a: _sid_order(case.claim(a.claims[0]).sentence))
    for a in credited:
        src = case.source(a.source)
        if src.kind not in _NAMED or src.id in seen:
            continue
        seen.add(src.id)
        own = _source_docs(case, src.id)
        dates = {d.date for d in own}
        if not own or len(dates) != 1 or None in dates:
            continue
        date = str(own[0].date)
        hit = _model_query(index, {d.id for d in own}, [src.name, *(d.publisher or "" for d in own), own[0].title])
        if hit is None:
            continue
        found += 1
        if found < nth:
            continue
        query, doc_id = hit
        year = date[:4]
        texts = {date: readable_date(date)}
        for d in _docs(case):
            if len(texts) == 4:
                break
            if d.date and d.date[:4] != year and all(t[:4] != d.date[:4] for t in texts):
                texts[d.date] = readable_date(d.date)
        if len(texts) < 2:
            continue
        items, ids = _conclusions(texts, by_name=True)
        sentence = case.article.sentence(case.claim(a.claims[0]).sentence)
        doc = case.packet.document(doc_id)
        return {
            "items": items,
            "key": _model_answer(case, query, doc_id, ids[date]),
            "explanation": (
                f"The packet's page of {src.name}, “{doc.title}” ({doc.publisher or 'publisher not given'}), "
                f"is dated {readable_date(date)}."
            ),
            "citations": list(dict.fromkeys([_citation(doc), *a.citations])),
            "settings": {
                "claim": f"{src.name}, as the article credits it: “{sentence.text}” ({sentence.id})",
                "sources": _process_classes(case, [d.id for d in own]),
            },
        }
    return {"key": None}
