"""Accepted alternatives: answers a teacher can defend besides the key, each with its reason.

A question spec may list ``accept:`` entries (``{value: ..., reason: ...}``); what ``value``
means depends on the question type:

- single choice: another option id that earns full credit;
- multi-select and plain sentence selection: a whole alternative answer set, scored like the key
  (the better of the two scores counts);
- label items, match pairs and labelled sentences: ``{item: label}``, a label also accepted for
  that item;
- numeric (and code answers compared as numbers): another number, with the question's tolerance;
- spans: ``{sentence, text, instead_of: KEY TEXT}`` finds the key span ``KEY TEXT`` when
  highlighted instead of it; ``{sentence, text}`` is a defensible extra highlight that costs
  nothing; ``{optional: KEY TEXT}`` makes a key span count when found but not cost when missed.

The key itself is scored by :mod:`medialit.grading.score`; :func:`fraction` gives the credit
an answer earns with the alternatives, and the scorer keeps the better of the two.
"""

from __future__ import annotations

import json
from typing import Any

from medialit.grading import spans
from medialit.model import Alternative, Question


def _set_fraction(key: set[str], got: set[str]) -> float:
    if not key:
        return 1.0 if not got else 0.0
    return max(0.0, (len(got & key) - len(got - key)) / len(key))


def accepted_labels(q: Question) -> dict[str, set[str]]:
    """For a label, pair or labelled-sentence question: every label accepted for each item."""
    out: dict[str, set[str]] = {str(k): {str(v)} for k, v in dict(q.key).items()}
    for alt in q.alternatives:
        if isinstance(alt.value, dict):
            for item, lab in alt.value.items():
                labs = lab if isinstance(lab, list) else [lab]
                out.setdefault(str(item), set()).update(str(x) for x in labs)
    return out


def _labels(q: Question, v: Any) -> float:
    if not isinstance(v, dict) or not q.key:
        return 0.0
    ok = accepted_labels(q)
    return sum(1 for item in q.key if v.get(item) in ok[item]) / len(q.key)


def _labelled_sentences(q: Question, v: Any) -> float:
    ok = accepted_labels(q)
    got = v if isinstance(v, dict) else {s: None for s in v}
    points = 0.0
    for sid, lab in got.items():
        if sid in ok:
            points += 1.0 if lab in ok[sid] else 0.5
        else:
            points -= 1.0
    return max(0.0, points / len(q.key)) if q.key else 0.0


def _sets(q: Question, v: Any) -> float:
    got = set(v.keys()) if isinstance(v, dict) else set(v)
    best = 0.0
    for alt in q.alternatives:
        if isinstance(alt.value, list):
            best = max(best, _set_fraction({str(x) for x in alt.value}, got))
    return best


def _number(q: Question, v: Any) -> float:
    # score imports this module; the cycle goes when the question-type registry (issue 13a) owns both.
    from medialit.grading.score import finite_number

    got = finite_number(v)
    if got is None:
        return 0.0
    for alt in q.alternatives:
        if abs(got - float(alt.value)) <= q.tolerance + 1e-9:
            return 1.0
    return 0.0


def span_roles(q: Question) -> tuple[dict[str, list[dict[str, Any]]], list[dict[str, Any]], set[str]]:
    """Span alternatives sorted by role: substitutes per key text, defensible extras, optional key texts."""
    default_label = q.labels[0] if len(q.labels) == 1 else ""
    subs: dict[str, list[dict[str, Any]]] = {}
    extras: list[dict[str, Any]] = []
    optional: set[str] = set()
    for alt in q.alternatives:
        val = alt.value
        if not isinstance(val, dict):
            continue
        if "optional" in val:
            optional.add(str(val["optional"]))
            continue
        span = {"sentence": str(val["sentence"]), "text": str(val["text"]), "label": val.get("label", default_label)}
        if val.get("instead_of"):
            subs.setdefault(str(val["instead_of"]), []).append(span)
        else:
            extras.append(span)
    return subs, extras, optional


def _spans(q: Question, v: Any) -> float:
    sentences = {o.id: o.text for o in q.items}

    def span_found(key_span: dict[str, Any], highlight: dict[str, Any]) -> bool:
        return spans.span_found(key_span, highlight, sentences)  # the scorer's own rule for one span

    key: list[dict[str, str]] = list(q.key)
    if not key or not isinstance(v, list):
        return 0.0
    subs, extras, optional = span_roles(q)
    highlights = [h for h in v if isinstance(h, dict)]

    def finds(k: dict[str, str], h: dict[str, Any]) -> bool:
        return span_found(k, h) or any(span_found(s, h) for s in subs.get(k["text"], ()))

    found_required = sum(1 for k in key if k["text"] not in optional and any(finds(k, h) for h in highlights))
    found_optional = sum(1 for k in key if k["text"] in optional and any(finds(k, h) for h in highlights))
    required = sum(1 for k in key if k["text"] not in optional)
    extra = sum(
        1 for h in highlights if not any(finds(k, h) for k in key) and not any(span_found(e, h) for e in extras)
    )
    denominator = required + found_optional
    if denominator == 0:
        return 1.0 if extra == 0 else 0.0
    return max(0.0, min(1.0, (found_required + found_optional - 0.5 * extra) / denominator))


def fraction(q: Question, value: Any) -> float:
    """Credit (0-1) a well-formed ``value`` earns when the question's alternatives are accepted too."""
    if not q.alternatives:
        return 0.0
    t = q.type
    if t == "single_choice":
        return 1.0 if any(value == alt.value for alt in q.alternatives) else 0.0
    if t in ("label_items", "match_pairs"):
        return _labels(q, value)
    if t == "select_sentences" and isinstance(q.key, dict):
        return _labelled_sentences(q, value)
    if t in ("multi_select", "select_sentences"):
        return _sets(q, value)
    if t == "numeric" or (t == "code" and isinstance(q.key, (int, float)) and not isinstance(q.key, bool)):
        return _number(q, value)
    if t == "select_spans":
        return _spans(q, value)
    return 0.0


def describe(q: Question, alt: Alternative) -> str:
    """One line for the key and the teacher edition: what else is accepted (the reason goes beside it)."""
    val = alt.value
    names = {o.id: o.text for o in (*q.options, *q.items)}
    if q.type == "single_choice":
        return f"also accepted: `{val}` ({names.get(str(val), '')})".replace(" ()", "")
    if isinstance(val, list):
        return "also accepted as a full answer: " + ", ".join(f"`{x}`" for x in val)
    if q.type == "select_spans" and isinstance(val, dict):
        if "optional" in val:
            return f'optional: "{val["optional"]}" earns credit when highlighted and costs nothing when left out'
        if val.get("instead_of"):
            return f'accepted instead of "{val["instead_of"]}": "{val["text"]}" ({val["sentence"]})'
        return f'no penalty for also highlighting: "{val["text"]}" ({val["sentence"]})'
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


def key_alternatives(q: Question) -> list[dict[str, Any]]:
    """The alternatives as plain data for ``medialit key --format json``."""
    return [{"value": a.value, "reason": a.reason, "description": describe(q, a)} for a in q.alternatives]
