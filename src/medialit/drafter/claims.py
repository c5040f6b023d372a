"""Draft claims: one per sentence, with a kind and a check-worthiness score.

Check-worthiness follows the features that ClaimBuster and the CheckThat! systems found
useful on news prose (ANCHORS.md section 4.1), as transparent weights rather than a
trained model: numbers, dates, named entities, comparisons, causal links and event verbs
raise the score; evaluative words, forecasts, first and second person and questions lower
it. The weights are round numbers chosen from those features' meaning, not fitted to any
article; for issue 24 (a fact-checker's reading: specific, verifiable, consequential claims,
tests/data/eval/README.md) three were moved while looking at the development split only:
the bias (-0.4 to -0.5), forecasts (-0.9 to -1.6) and a new reported past act or finding
(+0.4). A quotation is scored on its own words (not the speaker's apposition), "we" counts
as personal only in the writer's voice, and a headline's capitals are title case, its
present-tense event verb the event. Every feature that fired is kept so a teacher can see why.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from medialit.drafter._lexicon import Lexicon
from medialit.drafter._text import find_quotes, outside_text, strip_label
from medialit.model import Sentence

WEIGHTS = {
    "number": 1.6,
    "number_word": 0.7,
    "date": 0.9,
    "comparison": 0.6,
    "causal": 0.5,
    "event": 0.6,
    "entity": 0.5,
    "entities": 0.3,
    "attributed": 0.3,
    "reported_fact": 0.4,
    "efficacy": 0.9,
    "access": 0.9,
    "loaded": -0.4,
    "no_response": -1.5,
    "evaluative": -1.2,
    "prediction": -1.6,
    "personal": -0.8,
    "question": -1.0,
    "short": -0.8,
}
BIAS = -0.5
THRESHOLD = 0.5

_NUMBER_WORDS = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|"
    r"hundred|hundreds|thousand|thousands|million|millions|billion|billions|dozen|dozens|half|"
    r"third|quarter|twice|double)\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(?:1[5-9]|20)\d{2}s?\b")
_PERSONAL = re.compile(r"\b(?:I|we|We|my|My|our|Our|you|You|your|Your|us)\b")
_CAPS = re.compile(r"(?<=[\w,;:] )[A-Z][\w’'-]+")
# Modal and future words that must be read as verbs to mark a future: "may" in "in May" is a
# month, "will" in "Will Hart" a name, "could have" a past possibility.
_MODALS = frozenset({"will", "won't", "won’t", "could", "might", "may", "would", "shall"})
_MODAL_VERB = re.compile(
    r"\s+(?:(?:not|never|also|still|soon|now|only|likely|probably|then|yet|ever|all)\s+)*([a-z’'-]+)"
)
_RELATIVE_CLAUSE = re.compile(r"\b(?:who|whom|whose|which)\b", re.IGNORECASE)
# A verb in the simple past or the perfect: the reported words state something that happened or was
# found ("the warehouse stored paint", "irregularities had been found"), which a record can confirm.
# A participle after "is", "are", "being" ... is a state or a passive description ("the timetable is
# fixed"), not an event.
_PAST_FORM = (
    r"(?:[a-z]{3,}ed|found|left|told|paid|sold|took|gave|made|rose|fell|kept|lost|met|sent|spent|won|"
    r"began|knew|saw|stood|went|came|became|shut|bought|brought|given|taken|seen|known|shown)"
)
_APPOSITION = re.compile(r"(?:a|an|the|who|whose|which|one of)\b", re.IGNORECASE)
_QUOTED = re.compile(r"\s*[\"“«]")
_PAST = re.compile(
    rf"\b(?:had|has|have)\s+(?:been\s+)?{_PAST_FORM}\b"
    rf"|(?<!\bis )(?<!\bare )(?<!\bbe )(?<!\bam )(?<!\bbeing )(?<!\bbeen )(?<!\bget )(?<!\bgot )"
    rf"(?<!\bto )\b{_PAST_FORM}\b",
    re.IGNORECASE,
)


@dataclass
class ClaimDraft:
    """The draft claim of one sentence."""

    sentence: str
    kind: str
    check_worthy: bool
    confidence: float
    summary: str
    span: str | None = None
    no_claim: bool = False
    features: list[str] = field(default_factory=list)


def predicts(text: str, lex: Lexicon) -> bool:
    """Whether ``text`` (the claim's own content) refers to the future: a future marker used as a
    verb in the clause that carries the claim. A month ("in May"), a name ("Will"), a past
    possibility ("could have been") or a modal in a relative clause about someone else
    ("..., said Dana Lee, who would not comment") is no forecast of the content."""
    for m in lex.pattern("prediction_markers").finditer(text):
        word = m.group(0)
        if word.lower() in _MODALS:
            if word[:1].isupper() and m.start() > 0 and text[m.start() - 1] not in "“\"‘'(":
                continue
            verb = _MODAL_VERB.match(text, m.end())
            if verb is None or verb.group(1) in {"have", "’ve", "'ve", "of"}:
                continue
        if _RELATIVE_CLAUSE.search(re.split(r"[,;:—–(]", text[: m.start()])[-1]):
            continue
        # A forecast tied to a date or schedule reads as a checkable plan.
        return not lex.pattern("schedule_markers").search(text)
    return False


def _features(
    text: str, lex: Lexicon, attributed: bool, content: str | None = None, said: str | None = None
) -> list[str]:
    """The features of ``text``; ``content`` is the reported part when it is in the text, ``said``
    the reported words as the attribution gives them (rebuilt when the cue sits in mid-sentence)."""
    months = "|".join(lex.words("months"))
    feats = []
    if re.search(r"\d", text):
        feats.append("number")
    if _NUMBER_WORDS.search(text):
        feats.append("number_word")
    if _YEAR.search(text) or re.search(rf"\b(?:{months})\b", text, re.IGNORECASE):
        feats.append("date")
    for key, name in (
        ("comparison_words", "comparison"),
        ("causal_words", "causal"),
        ("event_verbs", "event"),
    ):
        if lex.pattern(key).search(text):
            feats.append(name)
    caps = [c for c in _CAPS.findall(text) if c not in {"I"}]
    if caps:
        feats.append("entity")
    if len(caps) >= 3:
        feats.append("entities")
    feats += _issue_features(text, lex)
    if lex.pattern("evaluative").search(text):
        feats.append("evaluative")
    feats += _tense_features(text, lex, attributed, content, said)
    if _PERSONAL.search(outside_text(text, find_quotes(text))):
        feats.append("personal")  # in the writer's voice: a quoted "we" is the speaker's organisation
    if text.rstrip(' ”"’').endswith("?"):
        feats.append("question")
    if len(text.split()) < 6 and "number" not in feats and not attributed:
        feats.append("short")
    return feats


def _tense_features(text: str, lex: Lexicon, attributed: bool, content: str | None, said: str | None) -> list[str]:
    """``attributed``; ``reported_fact`` when the reported words (not a quotation) state a past act
    or finding; ``prediction`` when the claim is about the future (which cancels a reported fact)."""
    feats = ["attributed"] if attributed else []
    if predicts(content if content else text, lex):
        return [*feats, "prediction"]
    if attributed and said and not _QUOTED.match(said) and _PAST.search(said):
        feats.append("reported_fact")
    return feats


def _headline(feats: list[str], text: str, lex: Lexicon) -> list[str]:
    """A headline's features: its capitals are title case, not named entities, and a present-tense
    verb of an event ("Regulator fines ...", "Shares fall ...") states the story's main event."""
    out = [f for f in feats if f not in {"entity", "entities", "short"}]
    if "event" not in out and lex.pattern("headline_verbs").search(text):
        out.append("event")
    return out


def _issue_features(text: str, lex: Lexicon) -> list[str]:
    """Claims of efficacy and of access (worth checking), a source that did not respond (not),
    and loaded wording in the writer's own voice (an opinion more than a checkable statement)."""
    feats = [
        name
        for key, name in (("efficacy_markers", "efficacy"), ("access_markers", "access"))
        if lex.pattern(key).search(text)
    ]
    if lex.pattern("no_response_markers").search(text):
        feats.append("no_response")
    voice = outside_text(text, find_quotes(text))
    if lex.pattern("loaded").search(voice) or lex.pattern("labels").search(voice):
        feats.append("loaded")
    return feats


def _only_quote(rest: str) -> bool:
    """Whether ``rest`` (a sentence without its cue) is a quotation, with at most an apposition about
    the speaker after it (", a biologist at Pellham University")."""
    quotes = find_quotes(rest)
    if not quotes.regions:
        return False
    outside = outside_text(rest, quotes).strip(" ,.;:—–-")
    return not outside or bool(_APPOSITION.match(outside))


def score(features: Sequence[str]) -> float:
    """Probability-like check-worthiness from the fired features (logistic of the weighted sum)."""
    z = BIAS + sum(WEIGHTS[f] for f in features)
    return 1.0 / (1.0 + math.exp(-1.2 * z))


def _kind(features: Sequence[str], worthy: bool, label: bool) -> str:
    if label and worthy:
        return "label"
    if worthy:
        return "factual"
    if "prediction" in features:
        return "prediction"
    if "evaluative" in features or "personal" in features or label:
        return "opinion"
    return "factual"


def _summary(text: str, limit: int = 200) -> str:
    s = " ".join(text.split())
    return s if len(s) <= limit else s[: limit - 1].rsplit(" ", 1)[0] + "…"


def draft_claim(
    sentence: Sentence,
    lex: Lexicon,
    cue: str | None = None,
    content: str | None = None,
    headline: bool = False,
) -> ClaimDraft:
    """Draft the claim of one sentence; ``cue`` is removed before scoring, ``content`` becomes the span."""
    text = sentence.text
    if any(re.search(p, text.strip()) for p in lex.data["no_claim_patterns"]) and not cue:
        return ClaimDraft(sentence.id, "factual", False, 0.6, _summary(text), no_claim=True, features=["boilerplate"])
    scored = strip_label(text.replace(cue, " ") if cue else text)
    # A forecast is read in the reported words when the attribution gives them, not in the cue's clause.
    reported = content if content and content in text else None
    if reported and cue and _only_quote(text.replace(cue, " ")):
        # A quotation and its cue (with the speaker's apposition): only the quoted words can be checked.
        scored = reported
    feats = _features(scored, lex, attributed=cue is not None, content=reported, said=content)
    if headline:
        feats = _headline(feats, text, lex)
    p = score(feats)
    worthy = p >= THRESHOLD
    quotes = find_quotes(text)
    label = bool(lex.pattern("labels").search(outside_text(text, quotes))) and bool(
        re.search(r"\b(?:is|are|was|were)\b", text)
    )
    kind = _kind(feats, worthy, label)
    if len(text.split()) < 3 and not cue and "number" not in feats:
        return ClaimDraft(sentence.id, kind, False, 0.5, _summary(text), no_claim=True, features=feats)
    span = content if content and content in text and content.strip() != text.strip() else None
    conf = round(max(p, 1 - p), 2)
    return ClaimDraft(sentence.id, kind, worthy, conf, _summary(text), span=span, features=feats)
