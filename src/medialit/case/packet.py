"""Read and check a case's source packet (``packet.yaml``): the pages a lateral search turns up.

A packet is optional. When a case folder holds one, :func:`medialit.case.load.load_case`
loads it through :func:`load_packet`, and ``medialit validate`` reports its problems with
file, line, document id and a fix, exactly as for the annotations. The format is
``schemas/packet-v1.json``; docs/packet.md explains it for authors.

What the checks guarantee, beyond the schema:

- every document stands for one citation of the annotations (``citation:``) and repeats
  its title, publisher, date, URL and leaning unchanged, so nothing in a search result is
  invented;
- every point of a summary, the description of the publisher and the quote cite the
  annotations' citations (no point without a citation, no unknown id);
- the description of the publisher (``about``) is for the teacher edition and these checks:
  the search index and the student bundle leave it out (who is behind a site is found in the
  packet's pages about it, issue 21), so what students must be able to find goes in a document;
- dates are ISO dates (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``) that exist in the
  calendar, and an undated document says why;
- quotes are a few words at most (:data:`MAX_QUOTE_WORDS`);
- the student-facing text never names an answer-key id (claim, fact check, framing device,
  attribution, sentence);
- a document invented for the lessons (``constructed:``, a far-transfer exercise) says so in
  its title (:data:`CONSTRUCTED_TITLE`) and claims no citation, URL, source or cited point.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from medialit.case.validate import _suggest, schema_problems
from medialit.case.yamlpos import Path as YPath
from medialit.case.yamlpos import line_of, load_with_lines
from medialit.errors import PacketError, Problem
from medialit.model import Annotations, Citation, Packet, PacketDocument, PacketPoint

PACKET_FILE = "packet.yaml"
SCHEMA_FILE = "packet-v1.json"
MAX_QUOTE_WORDS = 8
"""A quote is at most this many words: the packet paraphrases, it does not reproduce."""
CONSTRUCTED_TITLE = "Constructed example: "
"""How the title of an invented document begins, so every search result shows that it is invented."""

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_SENTENCE_ID = re.compile(r"(?<![\w.])p\d+\.s\d+(?![\w])")


@cache
def packet_schema() -> dict[str, object]:
    """Return the shipped JSON Schema of source packets (version 1)."""
    text = (resources.files("medialit") / "schemas" / SCHEMA_FILE).read_text("utf-8")
    return dict(json.loads(text))


def date_problem(value: str) -> str | None:
    """Why ``value`` is not an ISO date (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``), or None when it is."""
    m = _ISO.match(value)
    if not m:
        return f"date '{value}' is not an ISO date"
    year, month, day = int(m[1]), int(m[2] or 1), int(m[3] or 1)
    try:
        dt.date(year, month, day)
    except ValueError as exc:
        return f"date '{value}' is not a calendar date ({exc})"
    return None


def read_packet_data(path: Path) -> tuple[dict[str, Any], dict[YPath, int]]:
    """Parse ``packet.yaml``; raise :class:`PacketError` with a located problem on bad YAML."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise PacketError([Problem(str(path), None, None, f"not UTF-8 text ({exc.reason})", "save as UTF-8")]) from None
    try:
        data, lines = load_with_lines(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise PacketError(
            [
                Problem(
                    str(path),
                    mark.line + 1 if mark is not None else None,
                    None,
                    f"bad YAML: {problem}",
                    "check indentation and quoting on that line "
                    "(quote strings that contain ': ' or start with a quote mark)",
                )
            ]
        ) from None
    if not isinstance(data, dict):
        raise PacketError(
            [Problem(str(path), 1, None, "the file must be a YAML mapping", "start with schema_version: 1")]
        )
    return data, lines


def check_packet(
    data: dict[str, object], lines: dict[YPath, int], annotations: Annotations, file: str, case_id: str | None = None
) -> list[Problem]:
    """Return every problem of packet ``data`` against the case's ``annotations`` (empty when valid)."""
    problems = schema_problems(packet_schema(), data, lines, file)
    if problems:
        return problems
    return list(_semantic_problems(data, lines, annotations, file, case_id))


def _semantic_problems(
    data: dict[str, Any], lines: dict[YPath, int], annotations: Annotations, file: str, case_id: str | None
) -> Iterator[Problem]:
    check = _PacketCheck.of(annotations, lines, file)
    if case_id is not None and data.get("case") not in (None, case_id):
        yield Problem(
            file,
            check.at(("case",)),
            None,
            f"the packet is for case '{data['case']}', not '{case_id}'",
            f"set case: {case_id}",
        )
    seen: set[str] = set()
    for i, doc in enumerate(data["documents"]):
        did = doc["id"]
        if did in seen:
            yield Problem(
                file, check.at(("documents", i, "id")), did, "duplicate document id", "give each document its own id"
            )
        seen.add(did)
        yield from check.document(doc, ("documents", i))


@dataclass(frozen=True)
class _PacketCheck:
    """What the checks of one packet's documents compare against: the annotations' ids and the file's lines."""

    file: str
    lines: dict[YPath, int]
    citations: dict[str, Citation]
    sources: set[str]
    key_pattern: re.Pattern[str] | None

    @classmethod
    def of(cls, annotations: Annotations, lines: dict[YPath, int], file: str) -> _PacketCheck:
        key_ids = (
            {c.id for c in annotations.claims}
            | {f.id for f in annotations.fact_checks}
            | {f.id for f in annotations.framing}
            | {a.id for a in annotations.attributions}
        )
        key_pattern = (
            re.compile(
                r"(?<![\w.-])(" + "|".join(map(re.escape, sorted(key_ids, key=len, reverse=True))) + r")(?![\w-])"
            )
            if key_ids
            else None
        )
        citations = {c.id: c for c in annotations.citations}
        return cls(file, lines, citations, {s.id for s in annotations.sources}, key_pattern)

    def at(self, path: YPath) -> int | None:
        return line_of(self.lines, path)

    def document(self, doc: dict[str, Any], here: YPath) -> Iterator[Problem]:
        """Every problem of one document, in the order an author reads it."""
        did = doc["id"]
        if doc.get("constructed"):
            yield from self.constructed(doc, here, did)
            yield from self.date(doc, here, did)
            yield from self.quote(doc, here, did)
            yield from self.leaks(doc, here, did)
            return
        cit = self.citations.get(doc["citation"]) if doc["citation"] is not None else None
        yield from self.references(doc, here, did, cit is None)
        yield from self.date(doc, here, did)
        if cit is not None:
            yield from self.copied(doc, here, did, cit)
        yield from self.about(doc, here, did)
        for k, point in enumerate(doc["summary"]):
            yield from self.cites(point.get("cites"), (*here, "summary", k), did, f"summary point {k + 1}")
        yield from self.quote(doc, here, did)
        yield from self.leaks(doc, here, did)

    def constructed(self, doc: dict[str, Any], here: YPath, did: str) -> Iterator[Problem]:
        """An invented document is marked where a student sees it and claims no real page or citation."""
        if not str(doc["title"]).startswith(CONSTRUCTED_TITLE):
            yield Problem(
                self.file,
                self.at((*here, "title")),
                did,
                f"a constructed document's title must start '{CONSTRUCTED_TITLE}'",
                f"begin the title with '{CONSTRUCTED_TITLE}' so every result and reader pane shows it is invented",
            )
        for name in ("citation", "url"):
            if doc[name] is not None:
                yield Problem(
                    self.file,
                    self.at((*here, name)),
                    did,
                    f"a constructed document has no {name} (it is not a real page)",
                    f"set {name}: null and say why in no_url_reason",
                )
        if doc.get("archive") or not doc.get("no_url_reason"):
            yield Problem(
                self.file,
                self.at((*here, "url")),
                did,
                "a constructed document needs no_url_reason and no archive",
                "say in no_url_reason that the page was invented for the lesson",
            )
        if doc.get("sources"):
            yield Problem(
                self.file,
                self.at((*here, "sources")),
                did,
                "a constructed document is none of the article's sources",
                "remove sources:",
            )
        if doc["about"]["basis"] != "not_recorded" and not doc["about"].get("text"):
            yield Problem(
                self.file,
                self.at((*here, "about")),
                did,
                f"about (basis {doc['about']['basis']}) has no text",
                "say who the invented publisher is, or use basis: not_recorded",
            )
        for path, part in (
            ((*here, "about"), doc["about"]),
            *(((*here, "summary", k), point) for k, point in enumerate(doc["summary"])),
            ((*here, "quote"), doc.get("quote") or {}),
        ):
            if part.get("cites"):
                yield Problem(
                    self.file,
                    self.at((*path, "cites")),
                    did,
                    "a constructed document cites nothing (no real page backs an invented one)",
                    "remove cites:",
                )

    def references(self, doc: dict[str, Any], here: YPath, did: str, unknown_citation: bool) -> Iterator[Problem]:
        """The document's citation and source ids exist in the annotations."""
        if doc["citation"] is None:
            yield Problem(
                self.file,
                self.at((*here, "citation")),
                did,
                "citation is null, but the document is not marked constructed",
                "give the annotations' citation this page is (or mark an invented document with 'constructed:')",
            )
        elif unknown_citation:
            yield Problem(
                self.file,
                self.at((*here, "citation")),
                did,
                f"unknown citation id '{doc['citation']}'",
                _suggest(doc["citation"], self.citations)
                or "every document stands for one of the annotations' citations",
            )
        for j, sid in enumerate(doc.get("sources") or ()):
            if sid not in self.sources:
                yield Problem(
                    self.file,
                    self.at((*here, "sources", j)),
                    did,
                    f"unknown source id '{sid}'",
                    _suggest(sid, self.sources) or "use an id from the annotations' sources",
                )

    def date(self, doc: dict[str, Any], here: YPath, did: str) -> Iterator[Problem]:
        """The date is an ISO calendar date, or null with a reason."""
        date = doc["date"]
        if date is None:
            if not doc.get("undated"):
                yield Problem(
                    self.file,
                    self.at((*here, "date")),
                    did,
                    "date is null but no reason is given",
                    "add 'undated:' saying why the document has no date, or give its date",
                )
            return
        why = date_problem(date)
        if why:
            yield Problem(
                self.file,
                self.at((*here, "date")),
                did,
                why,
                "use YYYY-MM-DD, YYYY-MM or YYYY (for example 2012-09-28), or null with 'undated:'",
            )

    def copied(self, doc: dict[str, Any], here: YPath, did: str, cit: Citation) -> Iterator[Problem]:
        """The document repeats its citation unchanged and can be found (URL, archive or a reason)."""
        # A re-post's citation records its host's leaning; the document is labelled by its author
        # (a State Department text on a critical site is an official US document), so it may say
        # null there when its description of the publisher names the host's side (issue 21).
        about_text = str((doc.get("about") or {}).get("text") or "")
        by_author = cit.kind == "repost" and doc["leaning"] is None and bool(cit.leaning)
        if by_author and str(cit.leaning) not in about_text:
            yield Problem(
                self.file,
                self.at((*here, "about")),
                did,
                f"a re-post labelled by its author must name its host's side ('{cit.leaning}') in 'about'",
                f"say in about.text where the document is re-posted and that the site is {cit.leaning}",
            )
        for name, mine, theirs in (
            ("title", doc["title"], cit.title),
            ("publisher", doc["publisher"], cit.publisher),
            ("date", doc["date"], cit.date),
            ("url", doc["url"], cit.url),
            ("leaning", doc["leaning"], None if by_author else cit.leaning),
        ):
            if mine != theirs:
                shown = "null" if theirs is None else f"'{theirs}'"
                yield Problem(
                    self.file,
                    self.at((*here, name)),
                    did,
                    f"{name} differs from citation '{cit.id}' ({shown})",
                    f"copy the citation's {name}: {shown} (or correct the citation in the annotations first)",
                )
        has_link = doc["url"] or doc.get("archive") or doc.get("no_url_reason") or cit.archive
        if not has_link:
            yield Problem(
                self.file,
                self.at((*here, "url")),
                did,
                "no URL, archive reference or reason for having neither",
                "add 'archive:' or 'no_url_reason:'",
            )

    def about(self, doc: dict[str, Any], here: YPath, did: str) -> Iterator[Problem]:
        """A recorded description of the publisher has text, and cites."""
        about = doc["about"]
        if about["basis"] == "not_recorded":
            return
        if not about.get("text"):
            yield Problem(
                self.file,
                self.at((*here, "about")),
                did,
                f"about (basis {about['basis']}) has no text",
                "say who the publisher is, or use basis: not_recorded",
            )
        else:
            yield from self.cites(about.get("cites"), (*here, "about"), did, "the description of the publisher")

    def quote(self, doc: dict[str, Any], here: YPath, did: str) -> Iterator[Problem]:
        """A quote is short and cites."""
        quote = doc.get("quote")
        if not quote:
            return
        words = len(quote["text"].split())
        if words > MAX_QUOTE_WORDS:
            yield Problem(
                self.file,
                self.at((*here, "quote")),
                did,
                f"the quote has {words} words (at most {MAX_QUOTE_WORDS})",
                "quote only the few words that matter and paraphrase the rest in the summary",
            )
        if not doc.get("constructed"):
            yield from self.cites(quote.get("cites"), (*here, "quote"), did, "the quote")

    def leaks(self, doc: dict[str, Any], here: YPath, did: str) -> Iterator[Problem]:
        """No student-facing text names an answer-key or sentence id."""
        for path, text in _texts(doc, here):
            keys = set(self.key_pattern.findall(text)) if self.key_pattern else set()
            for name in sorted(set(_SENTENCE_ID.findall(text)) | keys):
                yield Problem(
                    self.file,
                    self.at(path),
                    did,
                    f"names the answer-key id '{name}' (the packet is student-facing)",
                    "describe the source in words; keep annotation ids out of the packet",
                )

    def cites(self, values: Any, path: YPath, owner: str, what: str) -> Iterator[Problem]:
        """``values`` is a non-empty list of the annotations' citation ids."""
        if not values:
            yield Problem(
                self.file,
                self.at(path),
                owner,
                f"{what} cites nothing",
                "add 'cites:' with the ids of the annotations' citations that back it",
            )
            return
        for j, cid in enumerate(values):
            if cid not in self.citations:
                yield Problem(
                    self.file,
                    self.at((*path, "cites", j)),
                    owner,
                    f"unknown citation id '{cid}'",
                    _suggest(cid, self.citations) or "use an id from the annotations' citations",
                )


def _texts(doc: dict[str, Any], here: YPath) -> Iterator[tuple[YPath, str]]:
    for key in ("undated", "no_url_reason", "archive", "constructed"):
        if doc.get(key):
            yield (*here, key), doc[key]
    if doc["about"].get("text"):
        yield (*here, "about", "text"), doc["about"]["text"]
    for k, point in enumerate(doc["summary"]):
        yield (*here, "summary", k, "text"), point["text"]
    if doc.get("quote"):
        yield (*here, "quote", "text"), doc["quote"]["text"]


def _point(raw: dict[str, Any] | None) -> PacketPoint | None:
    if not raw or not raw.get("text"):
        return None
    return PacketPoint(" ".join(str(raw["text"]).split()), tuple(raw.get("cites") or ()))


def build_packet(data: dict[str, Any], case_id: str) -> Packet:
    """Turn checked packet data into frozen model objects (whitespace inside texts collapsed)."""
    docs = []
    for d in data["documents"]:
        summary = tuple(p for p in (_point(raw) for raw in d["summary"]) if p is not None)
        docs.append(
            PacketDocument(
                id=d["id"],
                kind=d["kind"],
                citation=d["citation"],
                title=d["title"],
                publisher=d["publisher"],
                date=d["date"],
                url=d["url"],
                about_basis=d["about"]["basis"],
                leaning=d["leaning"],
                summary=summary,
                sources=tuple(d.get("sources") or ()),
                undated=d.get("undated"),
                constructed=" ".join(d["constructed"].split()) if d.get("constructed") else None,
                archive=d.get("archive"),
                no_url_reason=" ".join(d["no_url_reason"].split()) if d.get("no_url_reason") else None,
                about=_point(d["about"]),
                quote=_point(d.get("quote")),
            )
        )
    return Packet(case=str(data.get("case") or case_id), documents=tuple(docs))


def load_packet(folder: Path, annotations: Annotations, case_id: str) -> Packet | None:
    """Load and check ``folder/packet.yaml``; None when the case has no packet.

    Raises :class:`PacketError` listing every problem (file, line, document id, fix).
    """
    path = folder / PACKET_FILE
    if not path.is_file():
        return None
    data, lines = read_packet_data(path)
    problems = check_packet(data, lines, annotations, str(path), case_id)
    if problems:
        raise PacketError(problems)
    return build_packet(data, case_id)


__all__ = [
    "CONSTRUCTED_TITLE",
    "MAX_QUOTE_WORDS",
    "PACKET_FILE",
    "build_packet",
    "check_packet",
    "date_problem",
    "load_packet",
    "packet_schema",
    "packet_skeleton",
    "read_packet_data",
]


def packet_skeleton(case_id: str, todo: str = "") -> str:
    """The empty ``packet.yaml`` that ``medialit new`` writes: valid as it is, with instructions.

    ``todo`` is a comment block placed after the data (``medialit new`` lists there the pages
    to find, drafted from what the article names).
    """
    return f"""# Source packet of the case "{case_id}": the pages a student's lateral search would turn up
# (who else wrote about this, who is behind the page, what official records say). Optional:
# a case without documents here is valid. With at least one document, a case on the generic
# curriculum also gets Lesson 5, "Leave the page" (lateral reading in this packet).
# Format and ranking: docs/packet.md. Check with `medialit validate`.
#
# How to write one:
# - Add each page first as a citation in annotations.yaml (title, publisher, date, url,
#   leaning). A document below stands for exactly one citation and repeats those fields
#   unchanged; `medialit validate` reports any difference, so nothing is invented.
# - Cover every source the article names or copies from (`sources:` lists their ids from
#   annotations.yaml), then add what a real search mixes in: encyclopedia-style overviews,
#   copies of the article on other sites, official records, sites of each side of a
#   dispute (labelled as they describe themselves), later reports.
# - Summarise each page neutrally, in your own words, one point at a time; each point cites
#   the citations that back it. Quote at most a few words. Where a fact is contested, give
#   each side's own account.
# - Students read this file: no verdicts, no answer keys, no claim or sentence ids.
# - `kind`, `leaning` and `sources:` are what the lateral-reading lesson's questions are keyed on
#   (which kind of page, which side, which source the article names or copies): record them with care.
#
# One document, for example:
#
#   - id: city-report-2024
#     kind: official          # news, reference, copy, official, research or advocacy
#     citation: city-report-2024
#     sources: [src-city]     # optional: the annotations' sources this page is
#     title: "Annual transport report 2024"
#     publisher: City of Riverton
#     date: "2024-03-01"      # YYYY-MM-DD, YYYY-MM or YYYY; or null with `undated: why`
#     url: "https://example.org/report-2024"
#     about:                # for the teacher edition; students never see it
#       basis: self           # self, research, unknown or not_recorded
#       text: "The city's own description of itself."
#       cites: [city-report-2024]
#     leaning: null
#     summary:
#       - text: "What the page says, in your words."
#         cites: [city-report-2024]
#     quote:                  # optional, a few words
#       text: "a few words"
#       cites: [city-report-2024]
schema_version: 1
case: {case_id}
documents: []
""" + (f"\n{todo}" if todo else "")
