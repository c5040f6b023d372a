"""Which annotation items each graded key rests on, and what the key says of each item.

While reviewing a drafted case, a teacher needs to see what an accepted or rejected item will do
to the graded keys (``medialit key --by-annotation``, and the preview of the review notebook).
Each derived graded key is derived again with the case's annotation items watched: an item feeds
the key when the derivation reads one of its fields. Finding an item by its id, or scanning the
links that point at it (a fact check's ``claim``, an attribution's ``claims``), is a look-up, not
a read, and so is reading what only shows students the item (its summary, explanation or
citations). A rule that filters claims by kind reads the kind of every claim it considers, so such an
item feeds the key even when the key does not name it: the entry then says "not in the key".

Literal keys, questions graded by hand and practice questions rest on no item.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from medialit import qtypes
from medialit.case import yamlpos
from medialit.case.load import ANNOTATIONS_FILE, default_case_dir, read_annotation_data
from medialit.curriculum.derive import derive
from medialit.curriculum.reads import LAYERS, watched
from medialit.curriculum.spec import curriculum_dir, lesson_files
from medialit.model import Case, Lesson, Question

LAYER_NAMES = {
    "sources": "source",
    "claims": "claim",
    "attributions": "attribution",
    "framing": "framing device",
    "fact_checks": "fact check",
}


def key_reads(case: Case, lessons: tuple[Lesson, ...]) -> dict[str, set[tuple[str, str]]]:
    """Per graded question with a derived key: the ``(layer, item id)`` its derivation reads.

    The lesson files are those :func:`medialit.curriculum.spec.load_curriculum` reads for
    ``case``; ``lessons`` (its result) says which questions the case has.
    """
    graded = {q.id: q for lesson in lessons for q in lesson.questions if not qtypes.get(q.type).manual}
    out: dict[str, set[tuple[str, str]]] = {}
    for path in lesson_files(curriculum_dir(case)):
        data = yamlpos.safe_load(path.read_text("utf-8")) or {}
        for spec in data.get("questions") or ():
            key = spec.get("key") if isinstance(spec, dict) else None
            if spec.get("id") not in graded or not isinstance(key, dict) or "derive" not in key:
                continue
            log: set[tuple[str, str]] = set()
            args = {k: v for k, v in key.items() if k != "derive"}
            derive(watched(case, log), key["derive"], args, f"{path.name} [{spec['id']}]")
            out[spec["id"]] = log
    return out


@dataclass(frozen=True)
class KeyUse:
    """One graded key an item feeds, and what that key says of the item."""

    question: str
    type: str
    says: str
    """What the key says of the item (``P3.a: no source given``, ``selects p4.s1``, ``= 5``), or
    ``not in the key`` when the rule read the item and left it out."""

    def to_dict(self) -> dict[str, str]:
        """JSON-ready form."""
        return {"question": self.question, "type": self.type, "says": self.says}


@dataclass(frozen=True)
class ItemFeeds:
    """One annotation item and the graded keys that rest on it."""

    layer: str
    id: str
    label: str
    needs_review: bool
    keys: tuple[KeyUse, ...]

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "layer": self.layer,
            "id": self.id,
            "label": self.label,
            "needs_review": self.needs_review,
            "keys": [k.to_dict() for k in self.keys],
        }


def _anchors(case: Case, layer: str, item: Any) -> set[str]:
    """The ids a key may name an item by: its own id, its sentences and paragraphs, its claims."""
    out = {item.id}
    sentences: set[str] = set()
    if layer == "claims":
        sentences.add(item.sentence)
    elif layer == "attributions":
        out |= set(item.claims)
        sentences |= {case.claim(c).sentence for c in item.claims}
        if item.cue is not None:
            sentences.add(item.cue.sentence)
    elif layer == "framing":
        sentences |= {s.sentence for s in item.spans}
        out |= set(item.paragraphs)
    elif layer == "fact_checks":
        out.add(item.claim)
        sentences.add(case.claim(item.claim).sentence)
    elif layer == "sources":
        for a in case.annotations.attributions:
            if a.source == item.id:
                out |= set(a.claims)
                sentences |= {case.claim(c).sentence for c in a.claims}
    return out | sentences | {s.split(".")[0] for s in sentences}


def _short(value: Any, limit: int = 80) -> str:
    text = value if isinstance(value, str) else yaml.safe_dump(value, default_flow_style=True, width=10_000).strip()
    text = text.removesuffix("\n...").strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def what_key_says(q: Question, anchors: set[str], spans: set[tuple[str, str]] | None = None) -> str:
    """What ``q``'s key says of an item named by ``anchors`` (see :class:`KeyUse`).

    ``spans``: the ``(sentence, text)`` of a framing item, which a span key must match (another
    device in the same sentence is not this item).
    """
    key = q.key
    if isinstance(key, dict):
        said = [f"{k}: {_short(v)}" for k, v in key.items() if k in anchors]
        return "; ".join(said) if said else "not in the key"
    if isinstance(key, list) and all(isinstance(k, str) for k in key):
        said = [k for k in key if k in anchors]
        return "selects " + ", ".join(said) if said else "not in the key"
    if isinstance(key, list) and all(isinstance(k, dict) and "sentence" in k for k in key):
        hits = [
            f"{k['sentence']} “{k.get('text', '')}” ({k.get('label', '')})"
            for k in key
            if k["sentence"] in anchors and (spans is None or (k["sentence"], k.get("text")) in spans)
        ]
        return "; ".join(hits) if hits else "not in the key"
    return "= " + _short(key)


def _pending(case: Case) -> set[tuple[str, str]]:
    folder = Path(case.root) if case.root else default_case_dir()
    path = folder / ANNOTATIONS_FILE
    if not path.is_file():
        return set()
    data, _ = read_annotation_data(path)
    return {
        (layer, str(item.get("id")))
        for layer in LAYERS
        for item in data.get(layer) or ()
        if isinstance(item, dict) and item.get("needs_review")
    }


def _label(case: Case, layer: str, item: Any) -> str:
    if layer == "sources":
        return f"{item.name} ({item.kind})"
    if layer == "claims":
        return f"{item.sentence}, {item.kind}: {_short(item.summary, 70)}"
    if layer == "attributions":
        cue = f" via “{item.cue.text}”" if item.cue is not None else ""
        return f"{', '.join(item.claims)} -> {item.source}{cue} ({item.mode})"
    if layer == "framing":
        where = "; ".join(f"“{s.text}”" for s in item.spans) or ", ".join(item.paragraphs)
        return f"{item.device}: {_short(where, 70)}"
    return f"{item.claim}: {item.verdict}"


def feeds_by_annotation(case: Case, lessons: tuple[Lesson, ...]) -> list[ItemFeeds]:
    """Every annotation item, in file order, with the graded keys that rest on it."""
    reads = key_reads(case, lessons)
    questions = [q for lesson in lessons for q in lesson.questions if q.id in reads]
    pending = _pending(case)
    out = []
    for layer in LAYERS:
        for item in getattr(case.annotations, layer):
            anchors = _anchors(case, layer, item)
            spans = {(s.sentence, s.text) for s in item.spans} if layer == "framing" else None
            uses = tuple(
                KeyUse(q.id, q.type, what_key_says(q, anchors, spans))
                for q in questions
                if (layer, item.id) in reads[q.id]
            )
            out.append(ItemFeeds(layer, item.id, _label(case, layer, item), (layer, item.id) in pending, uses))
    return out


def feeds_markdown(feeds: list[ItemFeeds], *, pending_only: bool = False) -> str:
    """The item-by-item view as Markdown: per layer, each item that feeds a graded key, then the rest."""
    shown = [f for f in feeds if f.needs_review or not pending_only]
    lines = ["# Graded keys by annotation", ""]
    unreviewed = [f for f in shown if f.needs_review and f.keys]
    lines.append(
        f"{len(unreviewed)} item(s) still marked needs_review feed graded keys"
        + (": accept, fix or reject them before students are graded." if unreviewed else ".")
    )
    for layer in LAYERS:
        rows = [f for f in shown if f.layer == layer and f.keys]
        if not rows:
            continue
        lines += ["", f"## {layer.replace('_', ' ').capitalize()}", ""]
        for f in rows:
            mark = " **[needs review]**" if f.needs_review else ""
            lines.append(f"- `{f.id}`{mark}: {f.label}")
            lines += [f"  - {k.question} ({k.type.replace('_', ' ')}): {k.says}" for k in f.keys]
    idle = [f.id for f in shown if not f.keys]
    if idle:
        lines += ["", "Items no graded key rests on: " + ", ".join(f"`{i}`" for i in idle) + "."]
    return "\n".join(lines) + "\n"
