"""What every question type provides, and the helpers several types share.

A question type is one class (one module of :mod:`medialit.qtypes`) that holds
everything the rest of medialit needs to know about questions of that type:

- **spec**: :meth:`QuestionType.check_spec` (the YAML spec before the key is
  resolved), :meth:`~QuestionType.validate` (the resolved question against its key)
  and :meth:`~QuestionType.check_alternative` (one ``accept:`` entry);
- **notebook**: :meth:`~QuestionType.blank`, :meth:`~QuestionType.how_to_answer` and
  :meth:`~QuestionType.answer_body` (the answer cell below its marker line);
- **types**: the class is generic over its key type ``K`` and its answer type ``V``
  (``class SingleChoice(QuestionType[str, str])``): :meth:`~QuestionType.is_key` narrows a
  resolved key to ``K`` (:meth:`~QuestionType.key` reads it), and
  :meth:`~QuestionType.well_formed` (the public shape check, :meth:`~QuestionType.shape_problems`,
  as a ``TypeGuard``) is the one step that turns a student's value, an ``object``, into ``V``;
- **grading**: :meth:`~QuestionType.shape_problems` (the public check),
  :meth:`~QuestionType.incomplete_problems`, :meth:`~QuestionType.key_fraction`,
  :meth:`~QuestionType.alternatives_fraction`, :meth:`~QuestionType.marks` and
  :meth:`~QuestionType.trail` (the process for the teacher's summary), each taking a ``V``;
  the rest of medialit calls them through the entry points that narrow first
  (:meth:`~QuestionType.score`, :meth:`~QuestionType.mark_lines`,
  :meth:`~QuestionType.trail_of`, :meth:`~QuestionType.lacking`);
- **key**: :meth:`~QuestionType.key_lines` (``medialit key``),
  :meth:`~QuestionType.key_cell_lines` (the solutions' key cell),
  :meth:`~QuestionType.key_extras` and :meth:`~QuestionType.describe_alternative`;
- **self-check**: :meth:`~QuestionType.canonical` (``None``: no exact self-check);
- **words**: :meth:`~QuestionType.describe` (any value for people; a well-formed one through
  :meth:`~QuestionType.in_words`);
- **widget**: :attr:`~QuestionType.widget` and :attr:`~QuestionType.widgets`.

The defaults below suit a type answered with a literal in a code cell and
scored automatically; a type overrides what differs. The registry holds types of different
``K`` and ``V`` side by side, as ``QuestionType[Any, Any]``: that is the one place where ``Any``
stands for "the type of this question, whichever it is", and the entry points above are
what it calls. Imports: the model and
small pure helpers only (never notebooks, grading's grader, runtime or the CLI).
"""

from __future__ import annotations

import json
import pprint
from collections.abc import Callable
from typing import ClassVar, Generic, Required, TypeAlias, TypedDict, TypeGuard, TypeVar

from medialit.errors import CurriculumError
from medialit.model import Alternative, Case, Question
from medialit.readable import Described, Reading, describe_answer, is_unanswered, item_name, unshowable

#: A question type's key (``q.key`` once resolved and validated).
K = TypeVar("K")
#: A question type's well-formed answer (what :meth:`QuestionType.well_formed` narrows a student's value to).
V = TypeVar("V")


class KeyCitation(TypedDict):
    """A source of a key's explanation, as ``medialit key --format json`` lists it."""

    id: str
    title: str
    publisher: str | None
    date: str | None
    url: str | None
    archive: str | None
    no_url_reason: str | None
    leaning: str | None
    kind: str
    text: str
    anchor: str


class KeyAlternative(TypedDict):
    """An accepted alternative answer of a key: its value, why it is accepted, and a line for people."""

    value: object
    reason: str
    description: str


class KeyExtras(TypedDict, total=False):
    """What a question type adds to its key entry (:meth:`QuestionType.key_extras`)."""

    solution: str
    checks: list[dict[str, str | bool]]
    conclusions: dict[str, str]
    sources: dict[str, list[str]]
    partial_credit: float
    min_seconds: int
    max_opened: int
    model_answer: str
    anchors: list[dict[str, str | int]]
    student_rubric: list[str]


class KeyEntry(KeyExtras, Generic[K], total=False):
    """One question's entry of the teacher's answer key (``medialit key --format json``).

    The common part is always there, the rest when the question has it; what a type adds is
    in :class:`KeyExtras`, so every field of the key's JSON has its type written down. ``K`` is
    the question type's key type (``KeyEntry[object]`` for a list of entries of every type).
    """

    question: Required[str]
    lesson: Required[str]
    type: Required[str]
    points: Required[float]
    objectives: Required[list[str]]
    answer: Required[K]
    """The key (its type is the question type's ``K``)."""
    rubric: Required[list[str]]
    explanation: Required[str]
    citations: Required[list[KeyCitation]]
    self_check: Required[bool]
    options: dict[str, str]
    items: dict[str, str]
    labels: list[str]
    tolerance: float
    alternatives: list[KeyAlternative]
    unreviewed: dict[str, int]
    """Layer -> items still marked needs_review, when the key rests on a drafted annotation."""


#: The widgets, by their one canonical name (the Python module and ESM file name).
#: The browser-side ``kind`` (``claim-spotter``) is the same name with a hyphen.
CLAIM_SPOTTER = "claim_spotter"
PHRASE_HIGHLIGHTER = "phrase_highlighter"
SOURCE_TRACER = "source_tracer"
SEARCH_LAB = "search_lab"
WIDGETS = (CLAIM_SPOTTER, PHRASE_HIGHLIGHTER, SOURCE_TRACER, SEARCH_LAB)

#: Answer literals and model answers wrap at this width, so a code cell of the book's
#: content column (and a narrow notebook) shows them without scrolling sideways.
LITERAL_WIDTH = 72

_SHOW = 40

RIGHT = "✓ right"
WRONG = "✗ not right"
EXTRA = "✗ not in the key"
#: An answer the key does not give but the question accepts (an accepted alternative, with its reason).
ACCEPTED = "✓ accepted"
HALF = "½ right sentence, other label"


def show(value: object) -> str:
    """A short repr of a student value for a message (escaped later by every renderer)."""
    text = repr(value)
    return text if len(text) <= _SHOW else text[: _SHOW - 1] + "…"


def literal(value: object) -> str:
    """``value`` as Python source for an answer cell (long text in triple quotes, wrapped)."""
    if isinstance(value, str) and "\n" in value:
        return '"""' + value.replace('"""', '\\"\\"\\"') + '"""'
    return pprint.pformat(value, width=LITERAL_WIDTH, sort_dicts=False)


#: A collection of ids as a student gives it: a list, tuple or set of strings.
Ids: TypeAlias = list[str] | tuple[str, ...] | set[str] | frozenset[str]


def ids(values: object) -> list[str] | None:
    """``values`` sorted when it is a collection of strings, else ``None``."""
    if not isinstance(values, (list, tuple, set, frozenset)) or not all(isinstance(v, str) for v in values):
        return None
    return sorted(values)


def is_str_list(value: object) -> TypeGuard[list[str]]:
    """A list of strings (a key of ids)."""
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def is_str_map(value: object) -> TypeGuard[dict[str, str]]:
    """A mapping of strings to strings (a key of labels)."""
    return isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())


def set_fraction(key: set[str], got: set[str]) -> float:
    """(right picks - wrong picks) / size of the key, floored at 0 (an empty key wants an empty answer)."""
    if not key:
        return 1.0 if not got else 0.0
    return max(0.0, (len(got & key) - len(got - key)) / len(key))


class TrailOpening(TypedDict):
    """One opening of a replayed search record, as the teacher's summary lists it."""

    doc: str
    seconds: int
    query: str | None
    found: bool
    read: bool


class TrailRecord(TypedDict):
    """The process behind an answer, JSON-ready, for the teacher's summary (:meth:`QuestionType.trail`)."""

    status: str
    process_credit: bool
    queries: list[str]
    opened: list[TrailOpening]
    more: int


def missed_line(missed: int) -> list[str]:
    """The closing mark line for key items the student did not give (counted, never named)."""
    if not missed:
        return []
    return [f"✗ missed: {missed} more in the key" + ("" if missed == 1 else " (not named here)")]


class QuestionType(Generic[K, V]):
    """One question type, generic over its key type ``K`` and its answer type ``V``.

    A subclass names both (``class Numeric(QuestionType[float, float])``), sets :attr:`name`,
    says how to recognise each (:meth:`is_key`; :meth:`shape_problems`, whose verdict
    :meth:`well_formed` turns into a ``TypeGuard``), and overrides what differs from these
    defaults. Its scoring hooks then take a ``V`` and read the key as a ``K``: mypy checks each
    type against its own types, and no student value reaches them without the shape check.
    """

    #: The type's name in lesson specs, cell metadata and reports (unique in the registry).
    name: ClassVar[str] = ""
    #: A teacher grades it with a rubric (no key, no automatic score).
    manual: ClassVar[bool] = False
    #: The answer is code the grader runs in the sandbox; its ``answer`` is compared with the key.
    runs_code: ClassVar[bool] = False
    #: The key is a number compared within the question's tolerance.
    has_tolerance: ClassVar[bool] = False
    #: The widget a question of this type uses when its spec names none (canonical name).
    widget: ClassVar[str | None] = None
    #: Every widget a spec may name for this type.
    widgets: ClassVar[frozenset[str]] = frozenset()
    #: The key can be hashed for a right/wrong self-check (see :mod:`medialit.qtypes.selfcheck`).
    self_checkable: ClassVar[bool] = False
    #: Answered by searching the case's source packet (the search lab): feedback points to the packet.
    searches_packet: ClassVar[bool] = False
    #: Minutes a student typically needs for one exercise question of this type (the lesson's time
    #: budget in the teacher guide); a question may set ``settings: {minutes: N}`` instead.
    minutes: ClassVar[int] = 3
    #: How :func:`medialit.readable.describe_answer` reads an answer of this type that is not well
    #: formed (``{"choice": True}``: text is an option id; ``{"labelled": "sentence"}``).
    reading: ClassVar[Reading] = {}

    # -- the key's and the answer's types ----------------------------------------

    def is_key(self, key: object) -> TypeGuard[K]:
        """True when ``key`` is of this type's key type ``K`` (:meth:`validate` checks the rest)."""
        return False

    def key(self, q: Question) -> K:
        """``q.key`` as this type's ``K``; ``TypeError`` when it is not one (a key the spec loader never passed)."""
        key: object = q.key
        if not self.is_key(key):
            raise TypeError(f"{q.id}: {show(key)} is not a key of a {self.name} question (its is_key refuses it)")
        return key

    def shape_problems(self, q: Question, value: object) -> list[str]:
        """Problems with the form of ``value`` (empty when well formed: then it is a ``V``). Never raises.

        The public check's words (:mod:`medialit.qtypes.wellformed`), and the test :meth:`well_formed`
        relies on: a type with no shape check of its own takes any value (its ``V`` is ``object``).
        """
        return []

    def well_formed(self, value: object, q: Question) -> TypeGuard[V]:
        """The one narrowing step: ``value`` (a student's, so any object) passes the public shape check.

        It is then of this type's answer type ``V``: each type's :meth:`shape_problems` checks
        every part of ``V`` that its hooks read. Never raises.
        """
        return not self.shape_problems(q, value)

    # -- spec -------------------------------------------------------------------

    def check_spec(self, spec: dict[str, object], where: str) -> None:
        """Reject a spec this type cannot take (before its key is resolved)."""
        if spec.get("tests"):
            raise CurriculumError(f"{where}: only code questions take 'tests'; remove them.")
        widget = spec.get("widget")
        if widget is not None and widget not in self.widgets:
            allowed = ", ".join(sorted(self.widgets)) or "none"
            raise CurriculumError(f"{where}: a {self.name} question cannot use widget {widget!r} (allowed: {allowed}).")

    @property
    def keyless(self) -> bool:
        """True when the spec has no key (graded by hand)."""
        return self.manual

    def validate(self, q: Question, where: str) -> None:
        """Check the resolved key against the question's options, items and labels."""

    def check_alternative(self, q: Question, case: Case, value: object) -> str:
        """Why an accepted alternative does not fit the question ("" when it fits)."""
        return ""

    # -- notebook ---------------------------------------------------------------

    def blank(self, q: Question) -> V | None:
        """The empty answer a student starts from (``None``: the answer cell reads ``answer = None``)."""
        return None

    def how_to_answer(self, q: Question) -> str:
        """What to do, in words that match the answer cell or widget."""
        return ""

    def answer_value(self, q: Question, *, solution: bool) -> K | V | None:
        """The value written into the answer cell: the key in solutions, the blank answer otherwise."""
        return self.key(q) if solution else self.blank(q)

    def answer_body(self, q: Question, *, solution: bool) -> str:
        """The answer cell's source below its marker line."""
        if q.widget is not None:
            return f"show({q.id!r}, solution=True)" if solution else f"show({q.id!r})"
        return f"answer = {literal(self.answer_value(q, solution=solution))}"

    def check_takes_answer(self, q: Question) -> bool:
        """True when the check cell passes ``answer`` (a literal answer; widgets and code hold their own)."""
        return q.widget is None and not self.runs_code

    # -- grading: the entry points (any value; narrowed once) ---------------------

    def score(self, q: Question, value: object, *, alternatives: bool = True) -> float:
        """Credit (0-1) of ``value``: the key's share and, with ``alternatives``, the better of that and
        the accepted alternatives'; 0 for a value that is not well formed."""
        if not self.well_formed(value, q):
            return 0.0
        frac = self.key_fraction(q, value)
        if alternatives and q.alternatives:
            frac = max(frac, self.alternatives_fraction(q, value))
        return frac

    def mark_lines(self, q: Question, value: object) -> list[str]:
        """:meth:`marks` of ``value`` (none for a value that is not well formed)."""
        return self.marks(q, value) if self.well_formed(value, q) else []

    def trail_of(self, q: Question, value: object) -> TrailRecord | None:
        """:meth:`trail` of ``value`` (``None`` for a value that is not well formed)."""
        return self.trail(q, value) if self.well_formed(value, q) else None

    def lacking(self, q: Question, value: object) -> list[str]:
        """:meth:`incomplete_problems` of ``value`` (none for a value that is not well formed)."""
        return self.incomplete_problems(q, value) if self.well_formed(value, q) else []

    # -- grading: the hooks (a well-formed value) ---------------------------------

    def incomplete_problems(self, q: Question, value: V) -> list[str]:
        """What a well-formed answer still lacks (reported by the student's check, not graded)."""
        return []

    def key_fraction(self, q: Question, value: V) -> float:
        """Share of the key a well-formed ``value`` matches (0-1)."""
        return 0.0

    def alternatives_fraction(self, q: Question, value: V) -> float:
        """Credit ``value`` earns through the question's accepted alternatives (0-1)."""
        return 0.0

    def marks(self, q: Question, value: V) -> list[str]:
        """Per-item right/wrong lines of a well-formed answer (never names a key item the student did not give)."""
        return []

    def trail(self, q: Question, value: V) -> TrailRecord | None:
        """The process behind a well-formed answer, JSON-ready, for the teacher's summary (``None``: none)."""
        return None

    def written(self, value: object) -> tuple[object, bool]:
        """``value`` as compared for copy detection, and whether it is a written (not chosen) answer."""
        return value, False

    # -- key --------------------------------------------------------------------

    def key_extras(self, q: Question) -> KeyExtras:
        """Entries of ``medialit key --format json`` besides the common ones."""
        return {}

    def key_lines(self, entry: KeyEntry[K]) -> list[str]:
        """The key in Markdown for ``medialit key`` (``entry`` is the JSON entry)."""
        tol = f" (tolerance ±{entry.get('tolerance', 0):g})" if entry.get("tolerance") else ""
        return [f"Answer: `{json.dumps(entry['answer'], ensure_ascii=False)}`{tol}"]

    def key_cell_lines(self, q: Question, describe: Callable[[Question], list[str]]) -> list[str]:
        """The answer part of the solutions' key cell; ``describe(q)`` renders a list or mapping key in words."""
        if isinstance(q.key, (list, dict)):
            return describe(q)
        tol = f" (tolerance ±{q.tolerance:g})" if q.tolerance and self.has_tolerance else ""
        return ["", f"Answer: `{json.dumps(q.key, ensure_ascii=False)}`{tol}"]

    def describe_alternative(self, q: Question, alt: Alternative) -> str:
        """One line for the key and the teacher edition: what else is accepted."""
        val = alt.value
        if isinstance(val, list):
            return "also accepted as a full answer: " + ", ".join(f"`{x}`" for x in val)
        if isinstance(val, dict):
            parts = []
            for item, lab in val.items():
                labs = lab if isinstance(lab, list) else [lab]
                parts.append(f"`{item}` → " + " or ".join(str(x) for x in labs))
            return "also accepted: " + "; ".join(parts)
        if isinstance(val, (int, float)):
            tol = f" (±{q.tolerance:g})" if q.tolerance else ""
            return f"also accepted: {json.dumps(val)}{tol}"
        return f"also accepted: {json.dumps(val, ensure_ascii=False)}"

    # -- self-check -------------------------------------------------------------

    def canonical(self, q: Question, value: object) -> str | None:
        """Canonical JSON of ``value`` (any object) for an exact comparison (``None`` when it cannot match)."""
        return None

    def self_check_refusal(self, q: Question) -> str:
        """Why this question cannot have a self-check ("" when it can)."""
        return "" if self.self_checkable else f"not for {q.type}"

    # -- words ------------------------------------------------------------------

    def describe(self, value: object, q: Question) -> Described:
        """``(summary, lines)``: any value in words. Never raises.

        A well-formed answer reads as the type says (:meth:`in_words`); anything else, and a
        blank answer, by its shape (:func:`medialit.readable.describe_answer`, as :attr:`reading`
        says).
        """
        try:
            if not is_unanswered(value) and self.well_formed(value, q):
                return self.in_words(value, q)
        except (TypeError, ValueError, OverflowError, RecursionError, AttributeError):
            return unshowable()
        return describe_answer(value, q, **self.reading)

    def in_words(self, value: V, q: Question) -> Described:
        """A well-formed answer in words, with a renderer of :mod:`medialit.readable` for its shape."""
        return describe_answer(value, q, **self.reading)

    def item_line(self, item: str, q: Question) -> str:
        """An item as a mark line shows it."""
        return item_name(item, q)
