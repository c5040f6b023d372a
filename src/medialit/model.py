"""Frozen value objects shared by every layer. No I/O happens here.

The objects mirror the contracts of DESIGN.md: an :class:`Article` segmented into
paragraphs and sentences with stable ids, the :class:`Annotations` of a case study,
and the :class:`Question` specs whose keys the curriculum derives from them.
"""

from __future__ import annotations

import datetime as _dt
import difflib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal, TypeAlias, TypeVar, get_args

from medialit.errors import CurriculumError

# The enumerations of the annotation contract. Each Literal is the one source of truth for its
# field in Python; tests/unit/test_contract_types.py ties every one to the enum of the same field
# in schemas/annotations-v1.json, so the two cannot drift. The tuples are the same values in
# order, for code that iterates over them.

ClaimKind = Literal["factual", "opinion", "prediction", "label"]
SourceKind = Literal["named_person", "named_outlet", "official_document", "organisation", "anonymous", "vague", "none"]
AttributionMode = Literal["direct_quote", "paraphrase", "mixed", "verbatim_uncredited"]
FramingDeviceKind = Literal[
    "label",
    "loaded_language",
    "headline_body_mismatch",
    "omission",
    "ordering",
    "stale_as_current",
    "relative_date",
    "misused_balance_marker",
    "image_provenance",
    "vague_attribution",
    "internal_inconsistency",
]
Verdict = Literal["accurate", "missing_context", "time_shifted", "inaccurate", "unverifiable", "unchecked"]
Confidence = Literal["high", "medium-high", "medium", "low-medium", "low"]
"""How sure a fact check is."""
AccountConfidence = Literal["low", "medium", "high"]
"""How well one side's account is documented."""
CitationKind = Literal["primary", "repost", "secondary", "analysis", "brief"]
"""``brief`` is the old name of ``analysis``."""
AttributionClass = Literal["attributed", "anonymous", "unattributed"]
"""How a claim is credited *in the article*: to a named source, an unnamed one, or none (the bundle's claims table)."""
QuestionType: TypeAlias = str
"""The name of a question type registered in :mod:`medialit.qtypes`, which owns the list (``qtypes.names()``)."""

CLAIM_KINDS: Final[tuple[ClaimKind, ...]] = get_args(ClaimKind)
SOURCE_KINDS: Final[tuple[SourceKind, ...]] = get_args(SourceKind)
ATTRIBUTION_MODES: Final[tuple[AttributionMode, ...]] = get_args(AttributionMode)
FRAMING_DEVICES: Final[tuple[FramingDeviceKind, ...]] = get_args(FramingDeviceKind)
VERDICTS: Final[tuple[Verdict, ...]] = get_args(Verdict)

# The source packet's enums (schemas/packet-v1.json; medialit.case.drift ties them together).
PacketKind = Literal["news", "reference", "copy", "official", "research", "advocacy"]
AboutBasis = Literal["self", "research", "unknown", "not_recorded"]
PACKET_KINDS: Final[tuple[PacketKind, ...]] = get_args(PacketKind)
ABOUT_BASES: Final[tuple[AboutBasis, ...]] = get_args(AboutBasis)
# What a lesson spec may require of a case (``requires:`` in schemas/lesson-v1.json): a lesson
# whose requirement the case does not meet is left out (medialit.curriculum.spec.load_curriculum).
LessonRequirement = Literal["packet"]
LESSON_REQUIREMENTS: Final[tuple[LessonRequirement, ...]] = get_args(LessonRequirement)
# Where a graded item's decisive evidence is (``evidence: where:`` in schemas/lesson-v1.json):
# the article itself, the source packet (a search item), the lesson's own teaching, or a
# constructed artifact or made-up examples printed with the item.
EvidenceWhere = Literal["article", "packet", "lesson", "constructed"]
EVIDENCE_WHERE: Final[tuple[EvidenceWhere, ...]] = get_args(EvidenceWhere)
ATTRIBUTION_CLASSES: Final[tuple[AttributionClass, ...]] = get_args(AttributionClass)

_T = TypeVar("_T", bound=str)


def one_of(value: object, allowed: tuple[_T, ...], what: str) -> _T:
    """``value`` narrowed to one of ``allowed`` (a Literal's values); ``ValueError`` naming ``what`` otherwise."""
    for option in allowed:
        if value == option:
            return option
    raise ValueError(f"{what} {value!r} is not one of {', '.join(allowed)}")


@dataclass(frozen=True)
class Sentence:
    """One sentence; ``id`` is ``p7.s2`` (1-based sentence number)."""

    id: str
    paragraph: str
    text: str


@dataclass(frozen=True)
class Paragraph:
    """A paragraph (``p0`` is the headline) or a block of page furniture (``f1``)."""

    id: str
    text: str
    sentences: tuple[Sentence, ...]
    furniture: bool = False
    kind: str = "body"
    note: str = ""


@dataclass(frozen=True)
class DateEstimate:
    """A window for an undated article, with the reasoning and its citations."""

    earliest: _dt.date
    latest: _dt.date
    basis: str
    citations: tuple[str, ...] = ()


@dataclass(frozen=True)
class Article:
    """The segmented article with its front matter."""

    id: str
    title: str
    body: str
    blocks: tuple[Paragraph, ...]
    genre: str = "unknown"
    author: str | None = None
    publisher: str | None = None
    url: str | None = None
    date: _dt.date | None = None
    date_estimate: DateEstimate | None = None
    curriculum: str = "generic"

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        """Body paragraphs in reading order (furniture left out)."""
        return tuple(b for b in self.blocks if not b.furniture)

    @property
    def furniture(self) -> tuple[Paragraph, ...]:
        """Page furniture blocks (image alt text, widgets, forms)."""
        return tuple(b for b in self.blocks if b.furniture)

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        """Every sentence of the body paragraphs, in reading order."""
        return tuple(s for p in self.paragraphs for s in p.sentences)

    def sentence(self, sid: str) -> Sentence:
        """Return the sentence with id ``sid`` (``KeyError`` when unknown)."""
        for s in self.sentences:
            if s.id == sid:
                return s
        raise KeyError(sid)

    def block(self, bid: str) -> Paragraph:
        """Return the paragraph or furniture block with id ``bid``."""
        for b in self.blocks:
            if b.id == bid:
                return b
        raise KeyError(bid)


@dataclass(frozen=True)
class Span:
    """Exact text inside one sentence."""

    sentence: str
    text: str


@dataclass(frozen=True)
class Citation:
    """One entry of the case's sources page.

    ``kind`` is primary, secondary, repost (a copy on another site, whose host's
    ``leaning`` is given) or analysis (the module's own analysis of the article).
    An entry without a ``url`` gives an ``archive`` reference or a ``no_url_reason``.
    ``facts_section`` records where the authors' research notes discuss it; it is
    provenance for authors and is never shown to students or teachers.
    """

    id: str
    title: str
    facts_section: str | None = None
    publisher: str | None = None
    author: str | None = None
    date: str | None = None
    url: str | None = None
    kind: CitationKind = "primary"
    leaning: str | None = None
    archive: str | None = None
    no_url_reason: str | None = None
    supports: str | None = None


@dataclass(frozen=True)
class Source:
    """Who the article says a claim comes from."""

    id: str
    name: str
    kind: SourceKind
    linked: bool = False
    date: str | None = None
    description: str = ""
    citations: tuple[str, ...] = ()


@dataclass(frozen=True)
class Claim:
    """A checkable statement (or an opinion or label) in one sentence."""

    id: str
    sentence: str
    summary: str
    kind: ClaimKind
    check_worthy: bool
    span: str | None = None


@dataclass(frozen=True)
class Attribution:
    """Claims tied to a source through a cue, with the chain behind the source."""

    id: str
    claims: tuple[str, ...]
    source: str
    mode: AttributionMode
    cue: Span | None = None
    chain: tuple[str, ...] = ()
    original: tuple[str, ...] = ()
    explanation: str = ""
    citations: tuple[str, ...] = ()

    @property
    def credited(self) -> bool:
        """True when the article credits the source with cue words (uncredited copying credits no one)."""
        return self.cue is not None and self.mode != "verbatim_uncredited"


@dataclass(frozen=True)
class FramingDevice:
    """A framing device, anchored to spans or paragraphs."""

    id: str
    device: FramingDeviceKind
    explanation: str
    spans: tuple[Span, ...] = ()
    paragraphs: tuple[str, ...] = ()
    citations: tuple[str, ...] = ()


@dataclass(frozen=True)
class Account:
    """One side's own account of a contested fact.

    ``confidence`` is ``low`` when the account rests on weak evidence (for example
    only an encyclopedia read through a mirror site); it is shown wherever the
    account is.
    """

    side: str
    account: str
    citations: tuple[str, ...]
    confidence: AccountConfidence | None = None


@dataclass(frozen=True)
class FactCheck:
    """A verdict on one claim, its explanation, citations and each side's account."""

    id: str
    claim: str
    verdict: Verdict
    explanation: str
    citations: tuple[str, ...]
    confidence: Confidence = "medium"
    contested: bool = False
    accounts: tuple[Account, ...] = ()


@dataclass(frozen=True)
class Annotations:
    """Every annotation layer of a case study."""

    citations: tuple[Citation, ...]
    sources: tuple[Source, ...]
    claims: tuple[Claim, ...]
    attributions: tuple[Attribution, ...]
    framing: tuple[FramingDevice, ...]
    fact_checks: tuple[FactCheck, ...]
    no_claim_sentences: tuple[str, ...] = ()
    unreviewed: tuple[tuple[str, str], ...] = ()
    """``(layer, item id)`` of every item still marked ``needs_review: true`` (a draft of
    ``medialit new`` that no teacher has accepted yet), in file order."""


#: The annotation layers whose items carry ``needs_review`` (the drafted layers).
REVIEWED_LAYERS: Final[tuple[str, ...]] = ("sources", "claims", "attributions", "framing", "fact_checks")


@dataclass(frozen=True)
class PacketPoint:
    """One statement of a packet document, with the annotations' citations that back it."""

    text: str
    cites: tuple[str, ...]


@dataclass(frozen=True)
class PacketDocument:
    """One page of a source packet: a search result a student can open.

    ``citation`` is the annotations' citation the page is (its title, publisher, date,
    URL and leaning match it), None only for a ``constructed`` document (invented for a
    far-transfer exercise, marked so in its title); ``about`` says who the publisher is and on what basis
    (see :data:`ABOUT_BASES`); ``summary`` is the team's neutral account of what the page
    says, one cited point at a time; ``quote`` is at most a few of its own words.
    """

    id: str
    kind: PacketKind
    citation: str | None
    title: str
    publisher: str | None
    date: str | None
    url: str | None
    about_basis: AboutBasis
    leaning: str | None
    summary: tuple[PacketPoint, ...]
    sources: tuple[str, ...] = ()
    undated: str | None = None
    archive: str | None = None
    no_url_reason: str | None = None
    about: PacketPoint | None = None
    quote: PacketPoint | None = None
    constructed: str | None = None
    """Set on a document invented for the lessons (then ``citation`` is None): what is invented, for which lesson."""

    @property
    def text(self) -> str:
        """The summary as one paragraph (what search reads as the body)."""
        return " ".join(p.text for p in self.summary)


@dataclass(frozen=True)
class Packet:
    """A case's source packet (``packet.yaml``): the documents a lateral search would surface."""

    case: str
    documents: tuple[PacketDocument, ...]

    def document(self, did: str) -> PacketDocument:
        """Return the document with id ``did``."""
        found: PacketDocument = _by_id(self.documents, did)
        return found


@dataclass(frozen=True)
class Case:
    """A case study: the article, its annotations and where it was loaded from."""

    article: Article
    annotations: Annotations
    root: str = ""
    packet: Packet | None = None
    """The source packet (``packet.yaml``), or None when the case has none."""

    def claim(self, cid: str) -> Claim:
        """Return the claim with id ``cid``."""
        found: Claim = _by_id(self.annotations.claims, cid)
        return found

    def source(self, sid: str) -> Source:
        """Return the source with id ``sid``."""
        found: Source = _by_id(self.annotations.sources, sid)
        return found

    def citation(self, cid: str) -> Citation:
        """Return the citation with id ``cid``."""
        found: Citation = _by_id(self.annotations.citations, cid)
        return found

    def fact_check_for(self, claim_id: str) -> FactCheck | None:
        """Return the fact check of a claim, if there is one."""
        for fc in self.annotations.fact_checks:
            if fc.claim == claim_id:
                return fc
        return None


def _by_id(items: tuple[Any, ...], key: str) -> Any:
    for item in items:
        if item.id == key:
            return item
    raise KeyError(key)


@dataclass(frozen=True)
class Option:
    """A choice in a single-choice or multi-select question, or an item to label."""

    id: str
    text: str


@dataclass(frozen=True)
class Alternative:
    """An answer accepted besides the key, for a judgement call, with the reason it is defensible.

    ``value`` depends on the question type (see :mod:`medialit.grading.alternatives`): an option
    id, a whole answer set, labels per item, a number, or a span with how it counts.
    """

    value: object
    reason: str


@dataclass(frozen=True)
class Question:
    """One question, with its key already resolved against a case.

    ``key`` is JSON-compatible and depends on ``type``: an option id (single
    choice), a sorted list of ids (multi-select, select sentences), a mapping
    item -> label (label items, match pairs, labelled sentences), a list of
    ``{"sentence", "text", "label"}`` spans, a number, or ``None`` (short text).
    It is ``object`` here; the question type reads it as its own key type
    (:meth:`medialit.qtypes.base.QuestionType.key`).

    ``replay`` is the case packet's search as the SearchLab widget runs it (a query to the
    ids of the results it lists, best first); the grader's key sets it so that a search
    record can be replayed (:func:`medialit.qtypes.search_lab.verify`). ``None``
    elsewhere; it takes no part in comparisons.
    """

    id: str
    type: QuestionType
    prompt: str
    points: float
    objectives: tuple[str, ...]
    key: object
    explanation: str
    citations: tuple[str, ...]
    options: tuple[Option, ...] = ()
    items: tuple[Option, ...] = ()
    labels: tuple[str, ...] = ()
    widget: str | None = None
    tolerance: float = 0.0
    rubric: tuple[str, ...] = ()
    starter: str = ""
    tests: tuple[dict[str, Any], ...] = ()
    settings: dict[str, Any] = field(default_factory=dict)
    alternatives: tuple[Alternative, ...] = ()
    needs: tuple[str, ...] = ()
    derived_from: tuple[str, ...] = ()
    """The annotation layers a derived key was computed from (empty for a literal key)."""
    replay: Callable[[str], Sequence[str]] | None = field(default=None, compare=False, repr=False)
    #: The item's decisive evidence (``evidence:``): ``where`` it is, the ``terms`` (dates, names,
    #: figures, titles) that settle it, and a ``note``. Teacher-side: the bundle never carries it.
    evidence: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Objective:
    """A learning objective (ANCHORS.md section 3.3)."""

    id: str
    strand: str
    text: str


@dataclass(frozen=True)
class Lesson:
    """A lesson: objectives, timing, its markdown/widget sections and its exercise questions."""

    id: str
    number: int
    title: str
    minutes: int
    objectives: tuple[str, ...]
    sections: tuple[dict[str, Any], ...]
    practice: tuple[Question, ...]
    questions: tuple[Question, ...]
    teacher_notes: str = ""
    introduces: tuple[str, ...] = ()


@dataclass(frozen=True)
class StudentCase:
    """What students get of a case (the student bundle): no annotations, no graded keys.

    ``lessons`` hold every practice question whole (key and feedback: practice is
    not graded) and every exercise question without its key, explanation or
    citations. ``claims``, ``sources`` and ``paragraphs`` are the tables the
    student runtime serves to code questions and lesson figures, published on
    purpose: claim rows carry only ``kind`` and ``attribution`` (no claim, sentence
    or paragraph ids), sorted, so they cannot be tied back to a sentence.
    """

    case_id: str
    article: Article
    lessons: tuple[Lesson, ...]
    claims: tuple[dict[str, str], ...] = ()
    sources: tuple[dict[str, str], ...] = ()
    paragraphs: tuple[dict[str, Any], ...] = ()
    citations: tuple[dict[str, str], ...] = ()
    """Title and link of each citation a practice question's feedback names (id, title, url)."""
    packet: Mapping[str, Any] | None = None
    """The search index of the case's source packet (``medialit.analysis.search.build_index``),
    or None when the case has no packet (or an empty one)."""


def find_question(lessons: tuple[Lesson, ...], qid: str) -> tuple[Lesson, Question]:
    """Return the lesson and question with id ``qid`` (practice or exercise); an unknown id names the closest."""
    for lesson in lessons:
        for q in (*lesson.practice, *lesson.questions):
            if q.id == qid:
                return lesson, q
    all_ids = [q.id for lesson in lessons for q in (*lesson.practice, *lesson.questions)]
    close = difflib.get_close_matches(qid, all_ids, n=1)
    hint = f" Did you mean '{close[0]}'?" if close else ""
    raise CurriculumError(f"unknown question id '{qid}'.{hint}")
