"""Right/wrong self-check through a salted, slow hash (opt-in per question).

A teacher may set ``settings: {self_check: true}`` on an exercise question.
The exercise notebook then carries, in the question's locked check cell and in
its ``metadata.medialit.self_check``, only a salt and a PBKDF2-SHA256 digest of
the canonical key; ``check("L3.Q3", answer, expect=...)`` hashes the student's
answer the same way and says *right* or *not right yet*. No key is written.

Limits, to be read before switching it on:

- **A small answer space can be brute-forced.** Anyone can hash every possible
  answer and compare: 4 tries for a single choice of 4 options, 2**n for a
  multi-select of n options, m**k for k items with m labels. The slow hash
  (``ITERATIONS`` rounds, about 0.05 s each) makes 10**6 candidates cost about
  a CPU-day, but 2**6 = 64 candidates cost three seconds.
- **Unlimited right/wrong answers turn a graded question into trial and error**:
  a student can click through the options until the check says right.
- It is exact: no partial credit and no tolerance (numeric questions with a
  tolerance, spans, short text and code cannot use it).

So use it for practice-like or ungraded questions, or where the answer space
is large; the grade itself never depends on it.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import TypedDict

from medialit import qtypes
from medialit.model import Question

ALGORITHM = "pbkdf2_sha256"
ITERATIONS = 100_000
SUPPORTED = frozenset(t.name for t in qtypes.all_types() if t.self_checkable)


class SelfCheckSpec(TypedDict):
    """A question's ``self_check`` metadata: how the key was hashed, and its digest."""

    algorithm: str
    iterations: int
    salt: str
    hash: str


class SelfCheckUnavailable(ValueError):  # noqa: N818 - reads as a condition: "self-check unavailable"
    """The question's type (or tolerance) cannot be checked exactly through a hash."""


def canonical_answer(q: Question, value: object) -> str | None:
    """The canonical JSON of ``value`` for exact comparison (``None`` when it cannot match)."""
    try:
        return qtypes.get(q.type).canonical(q, value)
    except (TypeError, ValueError):
        return None


def _hash(canonical: str, salt: str, iterations: int) -> str:
    raw = hashlib.pbkdf2_hmac("sha256", canonical.encode("utf-8"), salt.encode("ascii"), iterations)
    return raw.hex()


def salt_for(assignment: str, question_id: str) -> str:
    """A deterministic salt, unique per assignment and question (generation stays byte-identical)."""
    return hashlib.sha256(f"medialit-self-check:{assignment}:{question_id}".encode()).hexdigest()[:32]


def make(q: Question, assignment: str) -> SelfCheckSpec:
    """The ``self_check`` metadata of a question: algorithm, iterations, salt and digest of the key."""
    refusal = qtypes.get(q.type).self_check_refusal(q)
    if refusal:
        raise SelfCheckUnavailable(
            f"{q.id}: self_check works only for exact answers ({', '.join(sorted(SUPPORTED))} without tolerance), "
            + refusal
        )
    if q.alternatives:
        raise SelfCheckUnavailable(
            f"{q.id}: self_check compares with the key only, and this question accepts alternatives; "
            "drop self_check or the alternatives"
        )
    canonical = canonical_answer(q, q.key)
    if canonical is None:
        raise SelfCheckUnavailable(f"{q.id}: the key cannot be hashed for a self-check")
    salt = salt_for(assignment, q.id)
    return {"algorithm": ALGORITHM, "iterations": ITERATIONS, "salt": salt, "hash": _hash(canonical, salt, ITERATIONS)}


def encode(spec: SelfCheckSpec) -> str:
    """The one-string form written into the check cell: ``pbkdf2_sha256$iterations$salt$hash``."""
    return f"{spec['algorithm']}${spec['iterations']}${spec['salt']}${spec['hash']}"


def decode(text: str) -> SelfCheckSpec:
    """Inverse of :func:`encode`; raises ``ValueError`` for a malformed string."""
    parts = text.split("$")
    if len(parts) != 4 or parts[0] != ALGORITHM or not parts[1].isdigit():
        raise ValueError(f"not a medialit self-check digest: {text[:40]!r}")
    iterations = int(parts[1])
    if not 1 <= iterations <= 10_000_000:
        raise ValueError("self-check iterations out of range")
    return {"algorithm": parts[0], "iterations": iterations, "salt": parts[2], "hash": parts[3]}


def matches(q: Question, value: object, expect: str) -> bool:
    """True when ``value`` hashes to the digest in ``expect`` (a string from :func:`encode`)."""
    spec = decode(expect)
    canonical = canonical_answer(q, value)
    if canonical is None:
        return False
    return hmac.compare_digest(_hash(canonical, spec["salt"], spec["iterations"]), spec["hash"])
