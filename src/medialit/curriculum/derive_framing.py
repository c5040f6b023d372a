"""Derivations about framing: the device of a phrase or passage, where it is, what the article omits.

Keys come from the case's framing annotations, so another case study yields its own keys.
"""

from __future__ import annotations

from typing import Literal

from medialit.curriculum.derive_common import (
    Derived,
    ItemFeedback,
    Paragraphs,
    _cites,
    _draft_note,
    _fc_cites,
    _groups,
    _letters,
    _place,
    _sentences,
    _sid_order,
    derivation,
    paragraph_options,
    quoted,
    span_entry,
)
from medialit.model import (
    Case,
    FramingDevice,
    FramingDeviceKind,
    Option,
)
from medialit.qtypes.select_spans import KeySpan

DEVICE_LABELS = {
    "label": "label or name",
    "loaded_language": "loaded language",
    "relative_date": "relative date",
    "misused_balance_marker": "balance marker",
    "stale_as_current": "old news as current",
    "vague_attribution": "vague attribution",
    "headline_body_mismatch": "headline-body mismatch",
    "internal_inconsistency": "inconsistency",
    "image_provenance": "image provenance",
    "omission": "omission",
    "ordering": "ordering",
}


@derivation("framing_spans")
def framing_spans(case: Case, paragraphs: Paragraphs | None, devices: list[FramingDeviceKind]) -> Derived:
    """Highlight the phrases of the given framing devices in the given paragraphs."""
    items = _sentences(case, paragraphs)
    ids = {o.id for o in items}
    key: list[KeySpan] = []
    notes: list[str] = []
    cites: list[str] = []
    for f in case.annotations.framing:
        if f.device not in devices:
            continue
        hits = [s for s in f.spans if s.sentence in ids]
        for s in hits:
            key.append(span_entry(case, s.sentence, s.text, DEVICE_LABELS[f.device]))
        if hits:
            notes.append(f.explanation)
            cites = _cites(cites, f.citations)
    key.sort(key=lambda k: (_sid_order(k["sentence"]), k["text"]))
    return {
        "items": items,
        "labels": [DEVICE_LABELS[d] for d in devices],
        "key": key,
        "explanation": " ".join(notes),
        "citations": cites,
        "settings": {"groups": _groups(items)},
    }


def _framing(case: Case, fid: str) -> FramingDevice:
    for f in case.annotations.framing:
        if f.id == fid:
            return f
    raise KeyError(fid)


@derivation("framing_devices_of")
def framing_devices_of(case: Case, framing: list[str], extra_labels: list[str] | None = None) -> Derived:
    """Label each annotated phrase (a framing entry's first span) with its framing device.

    Items get neutral letter ids (``a``, ``b``, ...) in the order of ``framing``.

    The labels are the devices of the entries asked about (plus ``extra_labels``,
    given as device names). A phrase that the annotations also give another of
    these devices is refused, since the key would be ambiguous.
    """
    entries = [_framing(case, fid) for fid in framing]
    devices = {f.device for f in entries} | set(extra_labels or ())
    unknown = sorted(devices - set(DEVICE_LABELS))
    if unknown:
        raise KeyError(", ".join(unknown))
    items: list[Option] = []
    key: dict[str, str] = {}
    feedback: dict[str, ItemFeedback] = {}
    cites: list[str] = []
    for oid, f in zip(_letters(len(entries)), entries, strict=True):
        if not f.spans:
            raise KeyError(f"a span of {f.id}")
        span = f.spans[0]
        for other in case.annotations.framing:
            if other.device == f.device or other.device not in devices:
                continue
            for s in other.spans:
                if s.sentence == span.sentence and (s.text in span.text or span.text in s.text):
                    raise KeyError(f"one device for {span.text!r} ({f.id} is {f.device}, {other.id} is {other.device})")
        items.append(Option(oid, f"{quoted(span.text)} ({span.sentence})"))
        key[oid] = DEVICE_LABELS[f.device]
        feedback[oid] = {"explanation": f.explanation, "citations": list(f.citations)}
        cites = _cites(cites, f.citations)
    labels = [DEVICE_LABELS[d] for d in DEVICE_LABELS if d in devices]
    return {
        "items": items,
        "labels": labels,
        "key": key,
        "explanation": " ".join(f"{o.text}: {feedback[o.id]['explanation']}" for o in items),
        "citations": cites,
        "settings": {"item_feedback": feedback},
    }


@derivation("framing_paragraph")
def framing_paragraph(case: Case, framing: str, paragraphs: list[str]) -> Derived:
    """Single choice: which of ``paragraphs`` a framing entry (e.g. the buried news peg) points to."""
    f = _framing(case, framing)
    options = paragraph_options(case, paragraphs)
    anchored = set(f.paragraphs) | {s.sentence.split(".")[0] for s in f.spans}
    hits = [p for p in paragraphs if p in anchored]
    if len(hits) != 1:
        raise KeyError(f"exactly one of {paragraphs} in {f.id} (found {hits or 'none'})")
    return {
        "options": options,
        "key": hits[0],
        "explanation": f.explanation,
        "citations": list(f.citations),
    }


@derivation("omissions")
def omissions(case: Case, omitted: list[str], included: list[str], texts: dict[str, str]) -> Derived:
    """Multi-select: which statements the article leaves out.

    ``omitted`` are framing entries of device ``omission``; ``included`` are
    annotated claims, which the article does state. ``texts`` gives the option
    text of each omission (and may replace a claim's summary). Options get
    neutral letter ids, in alphabetical order of their text.
    """
    rows: list[tuple[str, str, bool]] = []
    notes: list[str] = []
    cites: list[str] = []
    for fid in omitted:
        f = _framing(case, fid)
        if f.device != "omission":
            raise KeyError(f"an omission named {fid} (it is {f.device})")
        if fid not in texts:
            raise KeyError(f"texts.{fid}")
        rows.append((fid, texts[fid], True))
        notes.append(f.explanation if f.explanation.startswith("Left out") else f"Left out: {f.explanation}")
        cites = _cites(cites, f.citations)
    for cid in included:
        c = case.claim(cid)
        rows.append((cid, texts.get(cid, c.summary), False))
        notes.append(f"Stated in the article ({c.sentence}): {c.summary}")
        cites = _cites(cites, _fc_cites(case, [cid]))
    extra = sorted(set(texts) - {r[0] for r in rows})
    if extra:
        raise KeyError(f"a listed id for texts.{extra[0]}")
    rows.sort(key=lambda r: r[1].lower())
    ids = _letters(len(rows))
    return {
        "options": [Option(i, text) for i, (_, text, _) in zip(ids, rows, strict=True)],
        "key": [i for i, (_, _, left_out) in zip(ids, rows, strict=True) if left_out],
        "explanation": " ".join(notes),
        "citations": cites,
    }


PassageDevice = Literal["omission", "headline_body_mismatch"]


def _passage(case: Case, f: FramingDevice, *, headline: bool = True) -> str:
    """Where a framing device is, in words a student can follow: ``the headline and paragraph 3``.

    ``headline=False`` leaves the headline out (for a device that compares it with the body).
    """
    pids = [*f.paragraphs, *(s.sentence.split(".")[0] for s in f.spans)]
    body = {p.id for p in case.article.paragraphs if headline or p.id != "p0"}
    ordered = sorted({p for p in pids if p in body}, key=lambda p: int(p[1:]))
    names = [_place(p) for p in ordered]
    if not names:
        return "the article" if headline else "the body"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


_PASSAGE_RUBRIC = {
    "headline_body_mismatch": (
        "1 point - says how the headline goes beyond or against what the body shows, as the annotation records: {e}{d}",
        "1 point - points to the passage of the body that shows it ({p}).",
        "0 points - none of the criteria above: blank, or no difference between headline and body named.",
    ),
    "omission": (
        "1 point - names what the passage leaves out, as the annotation records: {e}{d}",
        "1 point - says why a reader needs it to judge the passage ({p}), or where it could be found.",
        "0 points - none of the criteria above: blank, or nothing missing named.",
    ),
}


@derivation("framing_passage")
def framing_passage(case: Case, device: PassageDevice, nth: int = 1) -> Derived:
    """A written item on the ``nth`` framing device of ``device`` (an omission, a headline-body mismatch).

    These devices are about what a passage does as a whole, or what it does not say, so no
    highlight can be keyed: the key is the device's id (graded by hand), the teacher's rubric
    holds the annotation's explanation, and ``facts.passage`` says where to look.
    """
    found = [f for f in case.annotations.framing if f.device == device]
    if nth < 1 or len(found) < nth:
        return {"key": None}
    f = found[nth - 1]
    where = _passage(case, f, headline=device != "headline_body_mismatch")
    return {
        "key": f.id,
        "explanation": f.explanation,
        "citations": list(f.citations),
        "rubric": [
            line.format(e=f.explanation, p=where, d=_draft_note(case, "framing", f.id))
            for line in _PASSAGE_RUBRIC[device]
        ],
        "facts": {"passage": where},
        "settings": {"model_answer": f.explanation},
    }
