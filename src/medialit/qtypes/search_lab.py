"""Search lab: a conclusion reached by searching the case's source packet, scored with its process.

The student answers in the SearchLab widget: they search the packet, open documents and
choose one of the question's ``items`` (the candidate conclusions). The answer of record is
the whole process, as the widget writes it::

    {"queries": ["who runs iran focus", ...],                 # every search, in order
     "opened": [{"doc": "packet-doc-id", "title": "…", "seconds": 12, "query": 0}, ...],  # in order
     "answer": "c2"}                                          # the chosen conclusion (or null)

``seconds`` is a whole number of seconds the document stayed open; ``title`` is the title the
student saw (used to name the document in feedback); ``query`` is the index in ``queries`` of
the search whose results the document was opened from (records of earlier widgets, and model
answers, may leave it out). The blank answer is ``{}``.

Spec: ``widget: search_lab``, ``items`` (the conclusions), a literal ``key`` that is a model
answer in the same shape (its ``answer`` is the accepted conclusion; solutions show it), and
``settings.sources`` sorting packet document ids by what opening them shows::

    settings:
      sources:
        independent: [reuters-2012-09-28, ...]   # independent confirmation
        partisan: [iranfocus-ten-point-plan, ...] # one side's own material
        self: [criticschronicle-related]          # the page under study (or its copies)

Other accepted conclusions are ``accept:`` entries whose value is a conclusion id. A key
derived from the packet (``key: {derive: ...}``, see :mod:`medialit.curriculum.derive_packet`)
supplies the items, the model answer and ``settings.sources`` itself.

**Verification.** The grader replays the record (:func:`verify`): each recorded query is run
again on the packet's search index, the same search the widget runs (``Question.replay``,
set by the grader's key). An opening is *found* when the document is among the results of
the query it names (or, for a record without ``query``, of some recorded query), and that
query was not recorded after a later opening's; it is *read* when it stayed open at least
:data:`MIN_SECONDS`. A record with an opening that is not found did not come from the widget
and is **unverified**; so is every record when the grader has no packet to replay it on.

**Partial-credit policy** (the fraction of the question's points):

- **1** for an accepted conclusion with *process credit*: a verified record, at least one
  ``independent`` document found and read, and click restraint (at most
  :data:`MAX_OPENED` distinct documents opened);
- **0.5** (:data:`PARTIAL`, the conclusion alone) for an accepted conclusion without process
  credit: an unverified record, only the page itself, partisan sources (one side's own
  pages), unclassified documents or none opened, independent documents only glanced at
  (under :data:`MIN_SECONDS`), or more than :data:`MAX_OPENED` documents opened;
- **0** for a wrong conclusion or none, whatever was opened.

The feedback names, by title, each document the student opened and what kind it is
(independent, partisan, the page itself, other), and says why process credit was withheld;
it never names a document the student did not open, nor the accepted conclusion when the
student's is wrong.

Key and answer: a :class:`SearchRecord` (the key is the model answer).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NotRequired, TypedDict, TypeGuard

from medialit.errors import CurriculumError
from medialit.model import Case, Question
from medialit.qtypes.base import (
    RIGHT,
    SEARCH_LAB,
    WRONG,
    KeyEntry,
    KeyExtras,
    QuestionType,
    TrailOpening,
    TrailRecord,
    show,
)
from medialit.readable import Described, plural


class OpenedEntry(TypedDict):
    """One opening of a search record: the document, the title shown, whole seconds open, and
    the index in ``queries`` of the search it was opened from (records of earlier widgets, and
    model answers, may leave ``title`` and ``query`` out)."""

    doc: str
    title: NotRequired[str]
    seconds: int
    query: NotRequired[int | None]


class SearchRecord(TypedDict, total=False):
    """The answer of record (and the key's model answer): every search, every opening, the conclusion.

    A well-formed record has all three fields (the shape check says which is missing); the
    blank answer is ``{}``, so the fields are not required here and are read with ``get``.
    """

    queries: list[str]
    opened: list[OpenedEntry]
    answer: str | None


#: The credit for an accepted conclusion without process credit (see the module docstring).
PARTIAL = 0.5
#: An opening shorter than this (seconds) is a glance, not a reading: it earns no process credit.
MIN_SECONDS = 5
#: Opening more distinct documents than this is not click restraint: it earns no process credit.
MAX_OPENED = 10
#: The keys of the answer of record, in the order the widget writes them.
FIELDS = ("queries", "opened", "answer")
#: The process classes of ``settings.sources``, and how feedback calls each.
CLASSES = {"independent": "independent source", "partisan": "partisan source", "self": "the page itself"}
HALF_MARK = "½ right conclusion, but no credit for the search"
#: A record with more searches or openings than this is not replayed (unverified): the widget
#: refuses to record more (``widgets.search_lab.MAX_ENTRIES``), and replaying is not free.
RECORD_LIMIT = 500
#: A trail in the teacher's summary lists at most this many searches and openings (``more`` counts the rest).
TRAIL_ENTRIES = 60
#: The verification states of a search record, as the teacher's summary writes them.
VERIFIED, UNVERIFIED = "verified", "unverified"


def sources(q: Question) -> dict[str, list[str]]:
    """``settings.sources`` as ``{class: [doc ids]}`` (missing classes empty)."""
    raw = q.settings.get("sources") or {}
    return {name: [str(d) for d in (raw.get(name) or [])] for name in CLASSES} if isinstance(raw, dict) else {}


def kind_of(q: Question, doc: str) -> str:
    """What opening ``doc`` counts as: ``independent``, ``partisan``, ``self`` or ``other``."""
    for name, docs in sources(q).items():
        if doc in docs:
            return name
    return "other"


def opened_docs(value: SearchRecord) -> list[str]:
    """The distinct documents opened, in the order first opened."""
    return list(dict.fromkeys(str(o["doc"]) for o in value.get("opened", [])))


def _titles(value: SearchRecord) -> dict[str, str]:
    out: dict[str, str] = {}
    for o in value.get("opened", []):
        out.setdefault(str(o["doc"]), str(o.get("title") or o["doc"]))
    return out


@dataclass(frozen=True)
class Opening:
    """One opening of a search record, replayed.

    ``query`` is the text of the search it was found by (``None``: not found, or no replay);
    ``found``: the document is among that search's results; ``read``: it stayed open at
    least :data:`MIN_SECONDS`.
    """

    doc: str
    title: str
    seconds: int
    query: str | None
    found: bool
    read: bool


@dataclass(frozen=True)
class Trail:
    """A search record replayed on the packet (:func:`verify`).

    ``verified``: every opening was found by a search recorded before it (a record the
    widget could have made); ``replayed``: the grader had the packet's search to replay it.
    """

    queries: tuple[str, ...]
    openings: tuple[Opening, ...]
    verified: bool
    replayed: bool

    @property
    def docs(self) -> list[str]:
        """The distinct documents opened, in the order first opened."""
        return list(dict.fromkeys(o.doc for o in self.openings))

    def read(self) -> list[str]:
        """The distinct documents found by a search and read, in the order first read."""
        return list(dict.fromkeys(o.doc for o in self.openings if o.found and o.read))

    @property
    def status(self) -> str:
        """``verified`` or ``unverified``."""
        return VERIFIED if self.verified else UNVERIFIED


def verify(value: SearchRecord, replay: Callable[[str], Sequence[str]] | None) -> Trail:
    """Replay a well-formed search record on the packet's search (``replay``: query -> result ids).

    An opening that names its query (``query``: an index into ``queries``) is found when the
    document is among that query's results and the index is not smaller than an earlier
    opening's (the widget lists only the latest search's results). An opening without
    ``query`` is found when some recorded query lists it. Without ``replay``, or for a record
    longer than the widget makes (:data:`RECORD_LIMIT`), nothing is replayed: the record is
    unverified.
    """
    queries = tuple(str(x) for x in value.get("queries") or [])
    if len(queries) > RECORD_LIMIT or len(value.get("opened") or []) > RECORD_LIMIT:
        replay = None  # more than the widget records: not replayed
    cache: dict[str, set[str]] = {}

    def results(query: str) -> set[str]:
        if query not in cache:
            cache[query] = set(replay(query)) if replay is not None else set()
        return cache[query]

    openings: list[Opening] = []
    last = 0
    for entry in value.get("opened") or []:
        doc = str(entry["doc"])
        seconds = int(entry.get("seconds") or 0)
        by: str | None = None
        k = entry.get("query")
        if isinstance(k, int) and not isinstance(k, bool):
            if last <= k < len(queries) and doc in results(queries[k]):
                by = queries[k]
            last = max(last, k)
        elif k is None:
            by = next((x for x in queries if doc in results(x)), None)
        openings.append(
            Opening(doc, str(entry.get("title") or doc), seconds, by, by is not None, seconds >= MIN_SECONDS)
        )
    verified = replay is not None and all(o.found for o in openings)
    return Trail(queries, tuple(openings), verified, replay is not None)


def _check_sources(raw: object, where: str) -> None:
    """``settings.sources`` sorts packet documents into the process classes, each document once."""
    if not isinstance(raw, dict) or not raw:
        raise CurriculumError(
            f"{where}: a search_lab question needs settings.sources: {{independent: [doc ids], "
            "partisan: [...], self: [...]}} (the packet documents that count as each), "
            "or a key derived by a derivation that supplies them."
        )
    bad = sorted(set(raw) - set(CLASSES))
    if bad:
        raise CurriculumError(f"{where}: settings.sources has unknown classes {bad}; use {sorted(CLASSES)}.")
    if not raw.get("independent"):
        raise CurriculumError(f"{where}: settings.sources.independent must name at least one packet document.")
    seen: dict[str, str] = {}
    for name, docs in raw.items():
        if not isinstance(docs, list) or not all(isinstance(d, str) and d for d in docs):
            raise CurriculumError(f"{where}: settings.sources.{name} must be a list of packet document ids.")
        for d in docs:
            if d in seen:
                raise CurriculumError(f"{where}: document {d!r} is in both {seen[d]} and {name}; keep one.")
            seen[d] = name


def _record_problems(value: object) -> list[str]:
    """What keeps ``value`` from being a :class:`SearchRecord` with its three fields (the answer aside)."""
    if not isinstance(value, dict):
        return [f"the answer must be the search lab's record {{queries, opened, answer}}, not {show(value)}"]
    problems = []
    extra = sorted(str(k) for k in value if k not in FIELDS)
    if extra:
        problems.append(f"the record has unknown fields {extra}; it holds only {', '.join(FIELDS)}")
    missing = [k for k in FIELDS if k not in value]
    if missing:
        problems.append(f"the record lacks {', '.join(missing)}")
    queries = value.get("queries", [])
    if not isinstance(queries, list) or not all(isinstance(x, str) for x in queries):
        problems.append("queries must be a list of the searches typed, as text")
    opened = value.get("opened", [])
    if not isinstance(opened, list):
        problems.append("opened must be a list of {doc, title, seconds}")
    else:
        for i, o in enumerate(opened, 1):
            if (
                not isinstance(o, dict)
                or not isinstance(o.get("doc"), str)
                or not o["doc"]
                or not isinstance(o.get("title", ""), str)
                or isinstance(o.get("seconds"), bool)
                or not isinstance(o.get("seconds"), int)
                or o["seconds"] < 0
                or set(o) - {"doc", "title", "seconds", "query"}
                or not _query_index(o.get("query"))
            ):
                problems.append(
                    f"opened entry {i} must be {{doc: id, title: text, seconds: whole number ≥ 0, "
                    "query: the index of the search it was opened from}"
                )
                break
    return problems


def is_record(value: object) -> TypeGuard[SearchRecord]:
    """A search record with its three fields, each of its type (any conclusion id, or none)."""
    return not _record_problems(value) and isinstance(value, dict) and isinstance(value["answer"], (str, type(None)))


def _query_index(k: object) -> bool:
    """An opening's ``query`` is absent or a whole number ≥ 0."""
    return k is None or (isinstance(k, int) and not isinstance(k, bool) and k >= 0)


def _process(q: Question, trail: Trail) -> list[str]:
    """Why ``trail`` earns no process credit, in words for the student (empty: it earns it)."""
    why: list[str] = []
    if not trail.verified:
        if not trail.replayed:
            why.append(
                "Your search record could not be replayed on the source packet (none to search, or a record "
                f"longer than the search lab makes: more than {RECORD_LIMIT} entries), so it is unverified."
            )
        else:
            lost = [o for o in trail.openings if not o.found]
            names = "; ".join(f"“{o.title}”" for o in lost[:3]) + (" …" if len(lost) > 3 else "")
            why.append(
                f"Your search record is unverified: {names} did not come up in a search recorded before "
                "you opened it, so the record does not replay. Only the conclusion is credited."
            )
    docs = trail.docs
    if len(docs) > MAX_OPENED:
        why.append(
            f"You opened {len(docs)} documents: a lateral reader scans the results and opens the few that can "
            f"settle the question (click restraint). Opening more than {MAX_OPENED} earns no credit for the search."
        )
    independent = [d for d in docs if kind_of(q, d) == "independent"]
    if docs and all(kind_of(q, d) == "partisan" for d in docs):
        why.append(
            "You opened only partisan pages, a side's own material about itself or its opponents: check what "
            "sources independent of both sides say before you conclude."
        )
    elif docs and not independent:
        why.append("None of them confirms the answer independently of the page or of one side.")
    elif independent and trail.verified and not any(d in independent for d in trail.read()):
        glanced = next(o for o in trail.openings if o.doc in independent)
        why.append(
            f"You had “{glanced.title}” open for {glanced.seconds} s: less than {MIN_SECONDS} s is a glance, "
            "not a reading, so it does not count as checking it."
        )
    return why


def process_credit(q: Question, trail: Trail) -> bool:
    """True when ``trail`` earns the process half of the credit (see the module docstring)."""
    return (
        trail.verified and len(trail.docs) <= MAX_OPENED and any(kind_of(q, d) == "independent" for d in trail.read())
    )


class SearchLab(QuestionType[SearchRecord, SearchRecord]):
    """Search the packet, open documents, choose a conclusion; the process is scored too."""

    name = "search_lab"
    minutes = 3
    widget = SEARCH_LAB
    searches_packet = True
    widgets = frozenset({SEARCH_LAB})

    def is_key(self, key: object) -> TypeGuard[SearchRecord]:
        return is_record(key)

    def _key_answer(self, q: Question) -> str:
        """The accepted conclusion's id (``"None"`` for a question without a key)."""
        key: SearchRecord = self.key(q) if q.key else {}
        return str(key.get("answer"))

    # -- spec -------------------------------------------------------------------

    def check_spec(self, spec: dict[str, object], where: str) -> None:
        super().check_spec(spec, where)
        settings = spec.get("settings") or {}
        if not isinstance(settings, dict):
            settings = {}
        key = spec.get("key")
        if isinstance(key, dict) and "derive" in key and "sources" not in settings:
            return  # the derivation supplies settings.sources; validate() checks them
        _check_sources(settings.get("sources"), where)

    def validate(self, q: Question, where: str) -> None:
        _check_sources(q.settings.get("sources"), where)
        if not q.items:
            raise CurriculumError(f"{where}: a search_lab question needs items (the conclusions to choose from).")
        problems = self.shape_problems(q, q.key)
        if problems:
            raise CurriculumError(f"{where}: the key must be a model answer: {'; '.join(problems)}.")
        key = self.key(q)  # well formed, so a record
        if key.get("answer") is None:
            raise CurriculumError(f"{where}: the key's answer must be the accepted conclusion's item id.")
        if not any(kind_of(q, d) == "independent" for d in opened_docs(key)):
            raise CurriculumError(f"{where}: the key (the model answer) must open an independent source.")

    def check_alternative(self, q: Question, case: Case, value: object) -> str:
        ok = value in {o.id for o in q.items} and value != (self.key(q) if q.key else {}).get("answer")
        return "" if ok else f"{value!r} is not another conclusion id"

    # -- notebook ---------------------------------------------------------------

    def blank(self, q: Question) -> SearchRecord:
        return {}

    def how_to_answer(self, q: Question) -> str:
        return (
            "Search the source packet, open the documents you choose, then choose your conclusion. "
            "Your searches and the documents you open are saved with your answer."
        )

    # -- grading ----------------------------------------------------------------

    def shape_problems(self, q: Question, value: object) -> list[str]:
        problems = _record_problems(value)
        if not isinstance(value, dict):
            return problems
        answer = value.get("answer")
        conclusions = sorted(o.id for o in q.items)
        if answer is not None and answer not in conclusions:
            problems.append(f"{show(answer)} is not a conclusion; choose one of {', '.join(conclusions)}")
        return problems

    def incomplete_problems(self, q: Question, value: SearchRecord) -> list[str]:
        problems = []
        if value.get("answer") is None:
            problems.append("no conclusion chosen yet")
        if not value.get("opened"):
            problems.append("no document opened yet")
        return problems

    def _fraction(self, q: Question, value: SearchRecord, accepted: set[str]) -> float:
        if value.get("answer") not in accepted:
            return 0.0
        return 1.0 if process_credit(q, verify(value, q.replay)) else PARTIAL

    def key_fraction(self, q: Question, value: SearchRecord) -> float:
        return self._fraction(q, value, {self._key_answer(q)})

    def alternatives_fraction(self, q: Question, value: SearchRecord) -> float:
        return self._fraction(q, value, {str(alt.value) for alt in q.alternatives})

    def marks(self, q: Question, value: SearchRecord) -> list[str]:
        accepted = {self._key_answer(q), *(str(alt.value) for alt in q.alternatives)}
        answer = value.get("answer")
        frac = self._fraction(q, value, accepted)
        conclusion = self.item_line(str(answer), q) if answer is not None else "no conclusion chosen"
        head = RIGHT if frac == 1.0 else HALF_MARK if frac > 0 else WRONG
        lines = [f"{head}: {conclusion}"]
        titles = _titles(value)
        trail = verify(value, q.replay)
        docs = trail.docs
        if not docs:
            lines.append("You opened no document: a conclusion needs a source you checked.")
            if not trail.verified and trail.replayed:
                return lines
        else:
            named = "; ".join(f"“{titles[d]}” ({CLASSES.get(kind_of(q, d), 'other source')})" for d in docs[:12])
            more = f" and {len(docs) - 12} more" if len(docs) > 12 else ""
            lines.append(f"You opened {plural(len(docs), 'document')}: {named}{more}.")
        lines.extend(_process(q, trail))
        return lines

    def trail(self, q: Question, value: SearchRecord) -> TrailRecord:
        """The record replayed (:func:`verify`): status, searches, and each opening, found and read or not."""
        t = verify(value, q.replay)
        return {
            "status": t.status,
            "process_credit": process_credit(q, t),
            "queries": list(t.queries[:TRAIL_ENTRIES]),
            "opened": [
                TrailOpening(doc=o.doc, seconds=o.seconds, query=o.query, found=o.found, read=o.read)
                for o in t.openings[:TRAIL_ENTRIES]
            ],
            "more": max(0, len(t.queries) - TRAIL_ENTRIES) + max(0, len(t.openings) - TRAIL_ENTRIES),
        }

    def written(self, value: object) -> tuple[object, bool]:
        return (value.get("answer") if isinstance(value, dict) else value), False

    # -- key --------------------------------------------------------------------

    def key_extras(self, q: Question) -> KeyExtras:
        return {
            "conclusions": {o.id: o.text for o in q.items},
            "sources": sources(q),
            "partial_credit": PARTIAL,
            "min_seconds": MIN_SECONDS,
            "max_opened": MAX_OPENED,
        }

    def key_lines(self, entry: KeyEntry[SearchRecord]) -> list[str]:
        """The key as a Markdown list: the conclusion, the model search, and what earns which credit."""
        return _key_markdown(entry.get("answer") or {}, entry, bool(entry.get("alternatives")))

    def key_cell_lines(self, q: Question, describe: Callable[[Question], list[str]]) -> list[str]:
        key: SearchRecord = self.key(q) if q.key else {}
        return ["", *_key_markdown(key, self.key_extras(q), bool(q.alternatives))]

    # -- words ------------------------------------------------------------------

    def describe(self, value: object, q: Question) -> Described:
        # A record read field by field, each field only when it has its type: a partial or damaged
        # record (a saved answer of an older widget) reads as far as it goes.
        if not isinstance(value, dict) or not value:
            return "no answer yet", []
        answer = value.get("answer")
        names = {o.id: o.text for o in q.items}
        raw_queries, raw_opened = value.get("queries"), value.get("opened")
        queries: list[object] = raw_queries if isinstance(raw_queries, list) else []
        opened: list[object] = raw_opened if isinstance(raw_opened, list) else []
        summary = f"{plural(len(queries), 'search', 'searches')}, {plural(len(opened), 'document')} opened, " + (
            f"conclusion “{names.get(str(answer), answer)}”" if answer is not None else "no conclusion yet"
        )
        lines = [f"searched: “{x}”" for x in queries if isinstance(x, str)]
        for o in opened:
            if isinstance(o, dict):
                lines.append(f"opened: “{o.get('title') or o.get('doc')}” for {o.get('seconds')} s")
        return summary, lines


def _key_markdown(key: SearchRecord, entry: KeyExtras, alternatives: bool) -> list[str]:
    """The search lab's key as a Markdown list (``entry``: its key extras)."""
    conclusions = entry.get("conclusions", {})
    answer = str(key.get("answer"))
    srcs = entry.get("sources") or {}

    def ids(name: str) -> str:
        return ", ".join(f"`{d}`" for d in srcs.get(name) or [])

    lines = [f"- **Conclusion** `{answer}`: {conclusions.get(answer, '')}".rstrip(": ")]
    queries = [q for q in key.get("queries", []) if isinstance(q, str)]
    opened = [o for o in key.get("opened", []) if isinstance(o, dict)]
    if queries or opened:
        steps = "; ".join(f"“{q}”" for q in queries)
        reads = ", then ".join(f"“{o.get('title') or o.get('doc')}” (`{o.get('doc')}`)" for o in opened)
        lines.append(f"- **Model search**: {steps or 'none'}; opens {reads or 'nothing'}")
    lines.append(
        "- **Full credit**: the conclusion with at least one independent source opened from a recorded "
        f"search's results and read ({entry.get('min_seconds', MIN_SECONDS)} s or more), at most "
        f"{entry.get('max_opened', MAX_OPENED)} documents opened, and a record that replays: "
        f"{ids('independent')}"
    )
    half = [
        f"the page itself {ids('self')}" if srcs.get("self") else "",
        f"partisan sources {ids('partisan')}" if srcs.get("partisan") else "",
    ]
    only = "; ".join(x for x in half if x)
    lines.append(
        f"- **Half credit** ({entry.get('partial_credit', PARTIAL):g}): the conclusion alone: none of those "
        "read"
        + (f" (only {only}, other documents or none)" if only else " (other documents or none)")
        + f", more than {entry.get('max_opened', MAX_OPENED)} documents opened, or an unverified record"
    )
    others = " than the accepted alternatives" if alternatives else ""
    lines.append(f"- **No credit**: any other conclusion{others}, or none")
    return lines
