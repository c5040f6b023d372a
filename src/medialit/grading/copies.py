"""Copy detection: submissions with the same or nearly the same written answers, flagged for the teacher, never scored.

Two submissions are in one *copy group* when

- their notebooks are byte-for-byte identical and hold at least one answer
  (``identical file``: the same notebook handed in under two names), or
- their answer sets are identical and hold at least one written answer: a short
  text or code changed from the starter (``identical answers``: the same answers in
  different files). Answers are compared *normalised*, so trivial edits do not hide
  a copy: written text after :func:`normal_text` (case folded, punctuation and symbols
  dropped, whitespace collapsed: an added full stop changes nothing), code after
  :func:`normal_code` (its Python tokens: comments, blank lines and spacing dropped).

Two submissions outside one group are *near-copies* when their written answers are
similar (:func:`similarity`: the Jaccard index of their shingles, character 5-grams of
normalised text and 4-grams of code tokens, each tagged with its question) at least
:data:`NEAR` (0.7). Near-copies are listed in summary.json (``near_copies``) and
summary.html with their similarity and the questions they share, for the teacher to
judge; they are not copy groups and change no score. Written answers shorter than
:data:`MIN_SHINGLES` shingles (about 25 characters in all) are not compared this way.

Blank answers and untouched starter code are never compared (everyone who hands
in the blank exercise has the same notebook), and identical choices alone are not
a flag (every student with full marks has them). A flag is a reason to look, not
proof: two students can write the same short answer.

Groups are labelled ``C1``, ``C2`` ... in the order their first member appears
in the batch, so labels are deterministic. They appear in grades.csv (columns
``copy_group`` and ``copy_kind``) and in summary.json (``copies``).

Near-copies are found without comparing every pair: only submissions that share a
shingle held by at most :data:`COMMON` submissions are compared (a shingle that many
students share, such as words of the prompt, finds no pair by itself).
"""

from __future__ import annotations

import functools
import hashlib
import io
import tokenize
import unicodedata
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypedDict

from medialit.grading.limits import MAX_CODE_CHARS

IDENTICAL_FILE = "identical file"
IDENTICAL_ANSWERS = "identical answers"
#: Two submissions whose written answers are at least this similar are near-copies (one word
#: changed in a sentence of ten still leaves about 0.78).
NEAR = 0.7
#: Written answers with fewer shingles than this (about 25 characters) are too short to call near-copies.
MIN_SHINGLES = 20
#: Shingle sizes: characters of normalised text, tokens of normalised code.
TEXT_SHINGLE, CODE_SHINGLE = 5, 4
#: A shingle held by more submissions than this finds no candidate pair by itself.
COMMON = 50
#: Near-copy pairs kept (the most similar first).
MAX_NEAR = 1000

#: One written answer, normalised: ``(question id, "text" or "tokens" (code), normal form)``.
Written = tuple[str, str, str]

_SKIP = {tokenize.COMMENT, tokenize.NL, tokenize.ENCODING, tokenize.ENDMARKER}
_MARK = {tokenize.NEWLINE: "\u23ce", tokenize.INDENT: "\u21e5", tokenize.DEDENT: "\u21e4"}


def normal_text(text: str) -> str:
    """Written text as compared: NFKC, case folded, punctuation and symbols dropped, whitespace collapsed."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    kept = "".join(" " if unicodedata.category(c)[0] in "PSZC" else c for c in folded)
    return " ".join(kept.split())


#: Code this short is normalised once per distinct text (a batch of copies, the starter of every notebook).
_CACHED_CODE = 20_000


def normal_code(source: str) -> str:
    """Code as compared: its Python tokens, one space apart (comments, blank lines and spacing dropped).

    Statement ends and indentation are kept as marks. Code the tokenizer refuses is compared
    with its whitespace collapsed. Code longer than :data:`~.limits.MAX_CODE_CHARS` (which the
    grader never parses or runs) is neither tokenized nor split: it is compared by the digest of
    its exact text, one token, so a 20 MB answer costs no more memory here than its own bytes.
    """
    if len(source) > MAX_CODE_CHARS:
        return "sha256:" + hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()
    return _normal_code_cached(source) if len(source) <= _CACHED_CODE else _normal_code(source)


@functools.lru_cache(maxsize=1024)
def _normal_code_cached(source: str) -> str:
    return _normal_code(source)


def _normal_code(source: str) -> str:
    out: list[str] = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type in _SKIP:
                continue
            out.append(_MARK.get(tok.type, tok.string))
    except (tokenize.TokenError, SyntaxError, UnicodeError, ValueError):  # IndentationError is a SyntaxError;
        # UnicodeError: a lone surrogate, which the tokenizer of Python 3.12 and later refuses
        return " ".join(source.split())
    while out and out[-1] in _MARK.values():
        out.pop()
    return " ".join(out)


def shingles(written: Iterable[Written]) -> frozenset[int]:
    """The shingles of a submission's written answers, as 32-bit hashes tagged with their question."""
    out: set[int] = set()
    for qid, kind, norm in written:
        if kind == "tokens":
            toks = norm.split(" ")
            size = CODE_SHINGLE
            grams = [" ".join(toks[i : i + size]) for i in range(max(1, len(toks) - size + 1))]
        else:
            size = TEXT_SHINGLE
            grams = [norm[i : i + size] for i in range(max(1, len(norm) - size + 1))]
        out.update(zlib.crc32(f"{qid}\x00{g}".encode("utf-8", "surrogatepass")) for g in grams if g)
    return frozenset(out)


def similarity(a: frozenset[int], b: frozenset[int]) -> float:
    """The Jaccard index of two shingle sets (0 when both are empty)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


class CopyGroup(TypedDict):
    """Submissions with identical answers (or files): one entry per member, in batch order."""

    group: str
    kinds: list[str]
    students: list[str]
    files: list[str]


class NearCopy(TypedDict):
    """Two submissions whose written answers are similar but not identical."""

    students: list[str]
    files: list[str]
    similarity: float
    questions: list[str]


@dataclass
class CopyFinder:
    """Counts digests as submissions arrive; then labels each submission's group in batch order."""

    counts: Counter[str] = field(default_factory=Counter)
    _labels: dict[str, str] = field(default_factory=dict)
    _groups: dict[str, CopyGroup] = field(default_factory=dict)
    _prints: list[tuple[str, str, str, frozenset[int], frozenset[str]]] = field(default_factory=list)

    def add(
        self,
        answers_digest: str,
        file_digest: str,
        written: Sequence[Written] = (),
        who: tuple[str, str] = ("", ""),
    ) -> None:
        """Count one submission's digests (empty digests are not counted) and keep its written answers' shingles."""
        for d in {"a:" + answers_digest if answers_digest else "", "f:" + file_digest if file_digest else ""}:
            if d:
                self.counts[d] += 1
        if written:
            prints = shingles(written)
            if len(prints) >= MIN_SHINGLES:
                self._prints.append((who[0], who[1], answers_digest, prints, frozenset(w[0] for w in written)))

    def near_copies(self) -> list[NearCopy]:
        """Pairs of submissions whose written answers are similar (at least :data:`NEAR`) but not identical.

        Each is ``{students, files, similarity, questions}`` (similarity rounded to 3 places),
        the most similar first, then in batch order; at most :data:`MAX_NEAR`.
        """
        postings: dict[int, list[int]] = defaultdict(list)
        for i, (*_, prints, _qs) in enumerate(self._prints):
            for h in prints:
                postings[h].append(i)
        pairs: set[tuple[int, int]] = set()
        for members in postings.values():
            if 1 < len(members) <= COMMON:
                pairs.update((a, b) for n, a in enumerate(members) for b in members[n + 1 :])
        found = []
        for a, b in pairs:
            sa, fa, da, pa, qa = self._prints[a]
            sb, fb, db, pb, qb = self._prints[b]
            if da and da == db:
                continue  # identical answer sets: already one copy group
            sim = similarity(pa, pb)
            if sim >= NEAR:
                found.append((-sim, a, b, sa, sb, fa, fb, sorted(qa & qb)))
        found.sort()
        return [
            {"students": [sa, sb], "files": [fa, fb], "similarity": round(-neg, 3), "questions": qs}
            for neg, _a, _b, sa, sb, fa, fb, qs in found[:MAX_NEAR]
        ]

    def label(self, student: str, file: str, answers_digest: str, file_digest: str) -> tuple[str, str]:
        """``(group, kind)`` of one submission, or ``("", "")``; call in batch order after every :meth:`add`.

        Identical files have identical answers, so a group of identical answers
        holds every group of identical files it overlaps; the file group is used
        only when the answers get no digest (choices only). The kind is
        ``identical file`` when another submission has the same bytes, else
        ``identical answers``.
        """
        same_file = bool(file_digest) and self.counts["f:" + file_digest] > 1
        kind = IDENTICAL_FILE if same_file else IDENTICAL_ANSWERS
        if answers_digest and self.counts["a:" + answers_digest] > 1:
            key = "a:" + answers_digest
        elif same_file:
            key = "f:" + file_digest
        else:
            return "", ""
        group = self._labels.get(key)
        if group is None:
            group = self._labels[key] = f"C{len(self._labels) + 1}"
            self._groups[group] = {"group": group, "kinds": [], "students": [], "files": []}
        entry = self._groups[group]
        entry["students"].append(student)
        entry["files"].append(file)
        entry["kinds"].append(kind)
        return group, kind

    def groups(self) -> list[CopyGroup]:
        """Every group labelled so far, in label order: ``{group, kinds, students, files}`` (one entry per member)."""
        return [self._groups[g] for g in sorted(self._groups, key=lambda g: int(g[1:]))]
