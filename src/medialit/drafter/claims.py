"""Draft claims: one per sentence, with a kind and a check-worthiness score.

Check-worthiness follows the features that ClaimBuster and the CheckThat! systems found
useful on news prose (ANCHORS.md section 4.1), as transparent weights rather than a
trained model: numbers, dates, named entities, comparisons, causal links and event verbs
raise the score; evaluative words, forecasts, first and second person and questions lower
it. The weights are round numbers chosen once from those features' meaning, not fitted to
any article. Every feature that fired is kept so a teacher can see why.
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
    "efficacy": 0.9,
    "access": 0.9,
    "loaded": -0.4,
    "no_response": -1.5,
    "evaluative": -1.2,
    "prediction": -0.9,
    "personal": -0.8,
    "question": -1.0,
    "short": -0.8,
}
BIAS = -0.4
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


def _features(text: str, lex: Lexicon, attributed: bool, content: str | None = None) -> list[str]:
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
    if attributed:
        feats.append("attributed")
    feats += _issue_features(text, lex)
    if lex.pattern("evaluative").search(text):
        feats.append("evaluative")
    if predicts(content if content else text, lex):
        feats.append("prediction")
    if _PERSONAL.search(text):
        feats.append("personal")
    if text.rstrip(' ”"’').endswith("?"):
        feats.append("question")
    if len(text.split()) < 6 and "number" not in feats:
        feats.append("short")
    return feats


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
    feats = _features(scored, lex, attributed=cue is not None, content=reported)
    if headline and "short" in feats:
        feats.remove("short")
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
