"""What still needs a teacher's review in a case's annotations."""

from __future__ import annotations

import copy
import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

from medialit.case.load import (
    ANNOTATIONS_FILE,
    ARTICLE_FILE,
    default_case_dir,
    load_case,
    read_annotation_data,
    read_article,
)
from medialit.case.validate import check_annotations
from medialit.drafter.review_file import edit_text
from medialit.drafter.writer import render_annotations
from medialit.errors import AnnotationError, ReviewDecisionError

LAYERS = ("sources", "claims", "attributions", "framing", "fact_checks")
#: Drafted items whose confidence is below this are flagged and listed first for review. On the
#: frozen test split (benchmarks/analyzer_eval.py) items under 0.6 were right 13 of 32 times, the
#: others 123 of 142 times.
REVIEW_FIRST_BELOW = 0.6


def flagged(item: dict[str, Any], threshold: float = REVIEW_FIRST_BELOW) -> bool:
    """True when ``item`` still needs review and its drafted confidence is below ``threshold``."""
    conf = item.get("confidence")
    return bool(item.get("needs_review")) and isinstance(conf, (int, float)) and conf < threshold


def review_queue(data: dict[str, Any], threshold: float = REVIEW_FIRST_BELOW) -> dict[str, list[dict[str, Any]]]:
    """Per layer, the items still marked ``needs_review`` in the order a teacher should review them:
    flagged items (confidence below ``threshold``) first, least confident first; then the rest in
    file order."""
    out: dict[str, list[dict[str, Any]]] = {}
    for layer in LAYERS:
        items = [i for i in data.get(layer) or [] if isinstance(i, dict) and i.get("needs_review")]
        low = sorted((i for i in items if flagged(i, threshold)), key=lambda i: float(i["confidence"]))
        out[layer] = low + [i for i in items if not flagged(i, threshold)]
    return out


@dataclass(frozen=True)
class ReviewStatus:
    """Per layer: ``(items with needs_review: true, all items)``; plus unchecked fact checks."""

    layers: dict[str, tuple[int, int]]
    unchecked: int
    flagged: int = 0

    @property
    def pending(self) -> int:
        """Items still marked ``needs_review`` over every layer."""
        return sum(n for n, _ in self.layers.values())

    def summary(self) -> str:
        """One line for the CLI, e.g. ``to review: 12/40 claims, 3/5 sources, ...; 9 fact checks unchecked``."""
        if not self.pending and not self.unchecked:
            return "nothing left to review."
        parts = [f"{n}/{total} {layer.replace('_', ' ')}" for layer, (n, total) in self.layers.items() if n]
        text = "to review: " + (", ".join(parts) if parts else "none")
        if self.unchecked:
            text += f"; {self.unchecked} fact check(s) still 'unchecked'"
        if self.flagged:
            text += f"; {self.flagged} item(s) with confidence below {REVIEW_FIRST_BELOW:.1f} flagged to review first"
        return text + "."

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "layers": {k: {"needs_review": n, "total": t} for k, (n, t) in self.layers.items()},
            "unchecked": self.unchecked,
            "pending": self.pending,
            "flagged": self.flagged,
        }


def review_status(data: dict[str, Any]) -> ReviewStatus:
    """Count the items of annotation ``data`` that still carry ``needs_review: true``."""
    layers = {}
    for layer in LAYERS:
        items = data.get(layer) or []
        layers[layer] = (sum(1 for i in items if isinstance(i, dict) and i.get("needs_review")), len(items))
    unchecked = sum(1 for f in data.get("fact_checks") or [] if f.get("verdict") == "unchecked")
    low = sum(1 for layer in LAYERS for i in data.get(layer) or [] if isinstance(i, dict) and flagged(i))
    return ReviewStatus(layers, unchecked, low)


def review_status_of(case_dir: str | Path | None = None) -> ReviewStatus:
    """:func:`review_status` of the ``annotations.yaml`` in ``case_dir`` (the embedded case by default)."""
    folder = Path(case_dir) if case_dir is not None else default_case_dir()
    data, _ = read_annotation_data(folder / ANNOTATIONS_FILE)
    return review_status(data)


#: Fields a teacher may change when fixing an item, per layer.
EDITABLE = {
    "claims": ("kind", "check_worthy", "summary"),
    "sources": ("name", "kind", "linked"),
    "attributions": ("mode", "source"),
    "framing": ("device", "explanation"),
    "fact_checks": ("verdict", "explanation"),
}
ACTIONS = ("accept", "fix", "reject")


def apply_decisions(data: dict[str, Any], decisions: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Apply a teacher's decisions to annotation ``data`` and return the new data.

    ``decisions`` maps an item id to ``{"action": "accept" | "fix" | "reject", "changes": {...}}``.
    Accepting or fixing sets ``needs_review`` to false (an item without the key keeps none);
    fixing also sets the ``EDITABLE`` fields given in ``changes``. Rejecting removes the item
    and whatever depends on it: a claim's fact check and its place in attributions (an
    attribution left without claims goes too, and a sentence left without claims joins
    ``no_claim_sentences``); a source's attributions. Unknown ids and actions raise
    :class:`~medialit.errors.ReviewDecisionError` (a ``ValueError``).
    """
    out = copy.deepcopy(data)
    known = {item["id"]: layer for layer in LAYERS for item in out.get(layer) or []}
    for item_id, wanted in decisions.items():
        if item_id not in known:
            raise ReviewDecisionError(f"unknown item id {item_id!r}")
        if wanted.get("action") not in ACTIONS:
            raise ReviewDecisionError(f"{item_id}: action must be one of {', '.join(ACTIONS)}")
    rejected = {i for i, d in decisions.items() if d["action"] == "reject"}
    for layer in LAYERS:
        kept = []
        for item in out.get(layer) or []:
            decision: dict[str, Any] | None = decisions.get(item["id"])
            if item["id"] in rejected:
                continue
            if decision is not None:
                for key, value in (decision.get("changes") or {}).items():
                    if key not in EDITABLE[layer]:
                        raise ValueError(f"{item['id']}: '{key}' cannot be changed here")
                    item[key] = value
                if "needs_review" in item:  # an item reviewed before (no key) stays as it is
                    item["needs_review"] = False
            kept.append(item)
        out[layer] = kept
    claims = {c["id"] for c in out["claims"]}
    sources = {s["id"] for s in out["sources"]}
    attributions = []
    for a in out["attributions"]:
        a["claims"] = [c for c in a["claims"] if c in claims]
        if "chain" in a:
            a["chain"] = [s for s in a["chain"] if s in sources]
        if a["claims"] and a["source"] in sources:
            attributions.append(a)
    out["attributions"] = attributions
    out["fact_checks"] = [f for f in out["fact_checks"] if f["claim"] in claims]
    covered = {c["sentence"] for c in out["claims"]}
    dropped = {c["sentence"] for c in data["claims"] if c["id"] in rejected} - covered
    if dropped:
        out["no_claim_sentences"] = sorted(set(out.get("no_claim_sentences") or []) | dropped, key=_sentence_key)
    return out


def _sentence_key(sid: str) -> tuple[int, int]:
    p, s = sid.split(".")
    return int(p[1:]), int(s[1:])


@dataclass(frozen=True)
class WriteResult:
    """What :func:`write_decisions` did: what is left to review, and how the file was written."""

    status: ReviewStatus
    rewritten: bool
    """True when the file's layout could not be followed and the whole file was written again
    (its comments are then lost); False when only the decided items changed."""


def write_decisions(case_dir: str | Path, decisions: dict[str, dict[str, Any]]) -> ReviewStatus:
    """Apply ``decisions`` to ``case_dir/annotations.yaml`` and return what is left to review.

    Only the decided items change in the file (:mod:`medialit.drafter.review_file`):
    comments, order and every other item stay as they were. Raises
    :class:`~medialit.errors.AnnotationError` (and leaves the file as it was) when the result
    would not validate, the case's source packet included (a packet that cites a rejected source
    raises :class:`~medialit.errors.PacketError`).
    """
    return write_decisions_in_place(case_dir, decisions).status


def write_decisions_in_place(case_dir: str | Path, decisions: dict[str, dict[str, Any]]) -> WriteResult:
    """:func:`write_decisions`, saying whether the file had to be written again whole."""
    folder = Path(case_dir)
    path = folder / ANNOTATIONS_FILE
    data, _ = read_annotation_data(path)
    new = apply_decisions(data, decisions)
    for key in ("no_claim_sentences",):
        new.setdefault(key, [])
    problems = check_annotations(new, {}, read_article(folder / ARTICLE_FILE), str(path))
    if problems:
        raise AnnotationError(problems)
    old_text = path.read_text(encoding="utf-8")
    edited = edit_text(old_text, data, new)
    path.write_text(edited if edited is not None else render_annotations(new), encoding="utf-8")
    try:
        load_case(folder)  # the whole case: a source packet may cite a source just rejected
    except AnnotationError:
        path.write_text(old_text, encoding="utf-8")
        raise
    return WriteResult(review_status(new), edited is None)


def decide(case_dir: str | Path, accept: Iterable[str] = (), reject: Iterable[str] = ()) -> WriteResult:
    """Accept and reject items of ``case_dir/annotations.yaml`` by id (``medialit review``).

    Accepting clears ``needs_review``; rejecting removes the item and what depends on it (see
    :func:`apply_decisions`). An id the file does not have, or one both accepted and rejected,
    raises :class:`~medialit.errors.ReviewDecisionError` naming the file, the id, the nearest
    id and how to list them; nothing is written then.
    """
    folder = Path(case_dir)
    path = folder / ANNOTATIONS_FILE
    data, _ = read_annotation_data(path)
    accept, reject = list(accept), list(reject)
    both = sorted(set(accept) & set(reject))
    if both:
        raise ReviewDecisionError(
            f"{path}: {', '.join(both)} both accepted and rejected. "
            "Fix: give each id to --accept or --reject, not both."
        )
    known = [str(item["id"]) for layer in LAYERS for item in data.get(layer) or [] if isinstance(item, dict)]
    unknown = [i for i in (*accept, *reject) if i not in known]
    if unknown:
        hints = []
        for item_id in unknown:
            close = difflib.get_close_matches(item_id, known, n=1)
            hints.append(f"'{item_id}'" + (f" (did you mean '{close[0]}'?)" if close else ""))
        raise ReviewDecisionError(
            f"{path}: no item with id {', '.join(hints)}. Fix: use the ids that "
            f"`medialit review {folder} --list` shows (an item already rejected is gone from the file)."
        )
    decisions = {i: {"action": "accept"} for i in accept} | {i: {"action": "reject"} for i in reject}
    return write_decisions_in_place(folder, decisions)


def describe_item(layer: str, item: dict[str, Any], sentences: dict[str, str]) -> str:
    """One line of plain text about a drafted item, for a list of what to review."""
    if layer == "claims":
        text = sentences.get(str(item.get("sentence")), "")
        check = "check-worthy" if item.get("check_worthy") else "not check-worthy"
        return f"{item.get('sentence')}: {item.get('kind')}, {check}: {_short(text)}"
    if layer == "sources":
        return f"{item.get('name')} ({item.get('kind')})"
    if layer == "attributions":
        cue = (item.get("cue") or {}).get("text", "")
        claims = ", ".join(item.get("claims") or [])
        return f"{item.get('source')} via '{cue}' ({item.get('mode')}) -> {claims}"
    if layer == "framing":
        spans = "; ".join(str(s.get("text")) for s in item.get("spans") or [])
        return f"{item.get('device')}: '{spans or ', '.join(item.get('paragraphs') or [])}'"
    return f"claim {item.get('claim')}: {item.get('verdict')}"


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def review_notebook(case_dir: str | Path = ".") -> Any:
    """A small notebook that opens the review widgets on the case it sits in (an ``nbformat`` node)."""
    nb = nbformat.v4.new_notebook()
    intro = nbformat.v4.new_markdown_cell(
        "# Review the drafted annotations\n\n"
        "`medialit new` drafted every item of `annotations.yaml`; none of it is checked. Run the cell "
        "below, then for each item choose **Accept**, **Fix** (and correct the fields) or **Reject**, "
        "and press **Write back**. Accepted and fixed items lose `needs_review`; rejected ones are "
        "removed with what depends on them. Fact checks stay `unchecked` until you give a verdict and "
        "add citations in the file.\n\n"
        f"Items whose drafted confidence is below {REVIEW_FIRST_BELOW:.1f} are marked **REVIEW FIRST** and "
        "listed at the top of each tab, least confident first: they are the drafts most often wrong.",
    )
    intro["id"] = "review-intro"
    code = nbformat.v4.new_code_cell(f"from medialit.review_app import review\n\nreview({str(case_dir)!r})")
    code["id"] = "review-launch"
    keys_intro = nbformat.v4.new_markdown_cell(
        "## What the graded keys will be\n\n"
        "Which graded keys rest on each annotation item, and what each key says of it. Items still "
        "marked `needs_review` are marked. Run the cell again after **Write back** (or run `medialit key "
        "--case CASE --by-annotation` in a terminal). Without Jupyter, `medialit review CASE --accept ID` "
        "and `--reject ID` write decisions into `annotations.yaml`."
    )
    keys_intro["id"] = "review-keys-intro"
    keys = nbformat.v4.new_code_cell(f"from medialit.review_app import key_preview\n\nkey_preview({str(case_dir)!r})")
    keys["id"] = "review-keys"
    nb.cells = [intro, code, keys_intro, keys]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb
