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
present-tense event verb the event. Issue 22's last round (dev split only) added what is
not a claim of record: the writer's own anecdote ("I visited ..."), a speaker's quoted "I", a
member of the public named with an age or by "a young man" (a vox pop), a figure of speech in
the writer's voice, a forecast reported by a verb of estimating, and a scheduled decision that
is still open ("will decide whether"); a quotation of record in the third person now counts as a
reported past act, a verb inside a short quotation does not, and a sentence needs more than a
capitalised word (the score must exceed the threshold). Issue 22's second round (dev split only)
added a bill's provision ("would require ... to") as checkable rather than a forecast, the writer's
inference ("This suggests ...", "must have been", "Clearly, ...") as no claim of record, lines set in
capitals and a press release's "About X:" as no claims, a two-word verdict with a verb ("It
failed.") as a claim, and the best-scored clause of a sentence that holds an opinion and the fact
under it. Issue 22's fifth round (real development sets only) added "headline" (+0.8): a headline with
a verb of its own that is no question or explainer states the story's main event (the README's rule);
real gold marks 47 of 80 headlines check-worthy, the drafter had flagged 31. Every feature that fired
is kept so a teacher can see why.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from medialit.drafter._lexicon import Lexicon
from medialit.drafter._text import Quotes, find_quotes, outside_text, strip_label
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
    "provision": 0.9,
    "access": 0.9,
    "loaded": -0.4,
    "no_response": -1.5,
    "evaluative": -1.2,
    "prediction": -1.6,
    "personal": -0.8,
    "vox_pop": -1.0,
    "anecdote": -3.0,
    "figurative": -1.0,
    "inference": -2.0,
    "estimate": -2.0,
    "question": -1.0,
    "short": -0.8,
    "headline": 0.8,
}
BIAS = -0.5
THRESHOLD = 0.5

_NUMBER_WORDS = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|"
    r"hundred|hundreds|thousand|thousands|million|millions|billion|billions|dozen|dozens|half|"
    r"third|quarter|twice|double)\b",
    re.IGNORECASE,
)
_CODE = re.compile(r"\b[A-Z]{1,4}-?\d+[A-Z]?\b")
_YEAR = re.compile(r"\b(?:1[5-9]|20)\d{2}s?\b")
_PERSONAL = re.compile(r"\b(?:I|we|We|my|My|our|Our|you|You|your|Your|us)\b")
_CAPS = re.compile(r"(?<=[\w,;:] )[A-Z][\w’'-]+")
_CAP_RUN = re.compile(r"(?<=[\w,;:] )[A-Z][\w’'-]+(?:\s+(?:of\s+)?[A-Z][\w’'-]+)*")
# First persons: a speaker's own "I" in a quotation; any first person in a quotation of record; the
# writer's own "I" or "my" (an anecdote).
_FIRST_SINGULAR = re.compile(r"\b(?:I|me|I’m|I'm|I’ve|I've|I’d|I'd)\b")
_WE_OR_I = re.compile(r"\b(?:I|me|my|My|we|We|us|our|Our|I’m|I'm|we’re|we're|We’re|We're)\b")
# "could have imagined", "would have been": a past possibility, no act of record.
_MODAL_PAST = re.compile(r"\b(?:could|would|might|should|must|may)\s+(?:not\s+|never\s+)?have\s+\S+", re.IGNORECASE)
_WRITER_SINGULAR = re.compile(r"\b(?:I|me|my|My|I’m|I'm|I’ve|I've|I’d|I'd)\b")
# Verbs of estimating: a forecast they report is an estimate of the future, not a measure of record.
_ESTIMATE_VERBS = frozenset(
    """
    estimated estimates estimate predicted predicts predict forecast forecasts projected projects
    expects expected
    """.split()
)
# "last" of a relative date ("last spring", "last year") is no comparison of figures.
_LAST_OF_DATE = re.compile(
    r"\blast\s+(?:week|weekend|month|year|night|spring|summer|autumn|fall|winter|time|monday|tuesday|"
    r"wednesday|thursday|friday|saturday|sunday)\b",
    re.IGNORECASE,
)
# A non-restrictive relative clause between commas ("Corla, which employs 4,000 people, said"): who
# or what something is, background rather than the claim.
_BACKGROUND = re.compile(
    r",\s+(?:which|who)\s+(?:is|are|employs|serves|runs|owns|operates|chairs|heads|leads|represents|"
    r"has\s+(?:run|led|chaired|headed|owned))\b(?:[^,;:“”\"]|,\d{3})*,(?!\d{3})"
)
# A speaker introduced by an age ("Mira Lenz, 19, said"; "said Jonas Avik, 34, who ..."): a member of the
# public telling an experience (a vox pop), whose words are seldom a claim of record.
_AGE_APPOSITION = re.compile(r",\s*\d{1,3}\s*,")
# An unnamed member of the public as the speaker ("A young man in the visiting hall told me", "One
# nurse said"): an experience told, like a vox pop.
_PASSER_BY = re.compile(
    r"^(?:[Aa]n?|[Oo]ne)\s+(?:[\w-]+\s+){0,2}(?:man|woman|boy|girl|mother|father|parent|teacher|nurse|worker|"
    r"resident|student|driver|farmer|neighbour|neighbor|pensioner|shopkeeper|passenger|commuter|patient|"
    r"shopper|customer|villager|local|voter)\b"
)
# "record" as history ("the mayor's record on housing"), not as a superlative ("a record 41 percent").
_RECORD_AS_HISTORY = re.compile(
    r"(?:[’']s|\b(?:his|her|its|their|our|my|your))\s+(?:[\w-]+\s+)?record\b", re.IGNORECASE
)
# Modal and future words that must be read as verbs to mark a future: "may" in "in May" is a
# month, "will" in "Will Hart" a name, "could have" a past possibility.
_MODALS = frozenset({"will", "won't", "won’t", "could", "might", "may", "would", "shall"})
_MODAL_VERB = re.compile(
    r"\s+(?:(?:not|never|also|still|soon|now|only|likely|probably|then|yet|ever|all)\s+)*([a-z’'-]+)"
)
# A bill's or a rule's provision ("The bill would require telcos to keep data for two years"): what the
# text of a law says is checkable, though its verb is a modal (issue 22, second round).
_PROVISION = re.compile(
    r"\b(?:bill|law|act|rule|rules|regulation|regulations|legislation|amendment|amendments|directive|"
    r"ordinance|decree|treaty|code|measure|scheme)\)?\s+(?:would|will|shall)\s+(?:also\s+)?"
    r"(?:require|oblige|force|ban|prohibit|outlaw|allow|permit|let|give|grant|end|abolish|cap|raise|cut|"
    r"impose|introduce|create|extend|remove|exempt|make)\b",
    re.IGNORECASE,
)
_PASSIVE_EVENT = re.compile(
    r"\b(?:was|were|has\s+been|have\s+been|had\s+been)\s+(?:later\s+|also\s+|then\s+)?"
    r"(?:found|killed|shot|arrested|charged|jailed|convicted|sentenced|fined|injured|wounded|detained|deported|"
    r"fired|dismissed|suspended|evacuated|rescued|recovered|destroyed|damaged|closed|banned|approved|rejected|"
    r"blocked|signed|passed|released|freed|elected|appointed|hospitalized|hospitalised|diagnosed|stolen|seized)\b"
)
# What a law in force does ("The law allows police to detain ...", "It also bars businesses from ..."): checkable
# against its text (third round, the real-article dev sets).
_PROVISION_NOW = re.compile(
    r"\b(?:bill|law|act|rule|rules|regulation|regulations|legislation|ordinance|decree|treaty|statute)\s+"
    r"(?:also\s+)?(?:allows|requires|bars|bans|forbids|prohibits|obliges|makes\s+it\s+a\s+crime|permits|targets|"
    r"exempts|caps|imposes)\b",
    re.IGNORECASE,
)
# The writer's inference ("This suggests the ministry knew", "It must have been planned", "Clearly, ..."):
# a conclusion drawn from the facts, not a fact of record (issue 22, second round: a teacher's trial).
_INFERENCE = re.compile(
    r"^\s*(?:(?:And|But|So)\s+)?(?:This|That|It|Which|All\s+(?:of\s+)?this|Such\s+\w+)\s+"
    r"(?:(?:surely|clearly|only|strongly)\s+)?(?:suggests?|implies|means|indicates|tells\s+us)\b"
    r"|\b(?:must|can\s+only)\s+have\s+(?:been\s+)?[a-z]+(?:ed|n)\b|^\s*(?:Clearly|Surely|Obviously|Evidently|Presumably|Plainly),?\s",
)
# A line set in capitals (an author's bio, a media contact): page furniture, not a claim.
_CAPS_LINE = re.compile(r"^[^a-z]*[A-Z]{2,}[^a-z]*$")
# A finite verb: a sentence of two words with one ("It failed.") still states something.
_SHORT_VERB = re.compile(r"\b(?:[a-z]{2,}ed|is|are|was|were|has|had|did|won|lost|fell|rose|worked|works|fails)\b")
# Clause breaks of a sentence that can hold an opinion and the fact under it ("... a fig leaf: the
# office was gutted in 2024 and lost half its staff").
_CLAUSE_BREAK = re.compile(r"\s*[:;]\s+|\s+[—–]\s+")
# "The runway nobody asked for": a participle after a pronoun is the verb of a relative clause, not a passive.
_PRONOUN_SUBJECT = re.compile(r"\b(?:nobody|no\s+one|everyone|anyone|who|that|I|we|you|they|he|she)\s+$", re.IGNORECASE)
_OPEN_DECISION = re.compile(r"\bwhether\b", re.IGNORECASE)
_RELATIVE_CLAUSE = re.compile(r"\b(?:who|whom|whose|which)\b", re.IGNORECASE)
# A verb in the simple past or the perfect: the reported words state something that happened or was
# found ("the warehouse stored paint", "irregularities had been found"), which a record can confirm.
# A participle after "is", "are", "being" ... is a state or a passive description ("the timetable is
# fixed"), not an event.
_PAST_FORM = (
    r"(?:[a-z]{3,}ed|found|left|told|paid|sold|took|gave|made|rose|fell|kept|lost|met|sent|spent|won|"
    r"began|knew|saw|stood|went|came|became|shut|bought|brought|given|taken|seen|known|shown)"
)
_APPOSITION = re.compile(r"(?:\d{1,3}\s*,\s*)?(?:a|an|the|who|whose|which|one of)\b", re.IGNORECASE)
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
        # A forecast tied to a date or schedule reads as a checkable plan, unless what is scheduled is
        # a decision still open ("will decide next week whether to ...").
        return not lex.pattern("schedule_markers").search(text) or bool(_OPEN_DECISION.search(text, m.end()))
    return False


def _surface_features(text: str, lex: Lexicon) -> list[str]:
    """Figures, dates, comparisons, causes, events and names in ``text``."""
    months = "|".join(lex.words("months"))
    feats = []
    if re.search(r"(?<![A-Za-z])\d", _CODE.sub(" ", text)):
        feats.append("number")  # not a flight number or a model name ("QZ8501", "A320")
    if _NUMBER_WORDS.search(text):
        feats.append("number_word")
    if _YEAR.search(text) or re.search(rf"\b(?:{months})\b", text, re.IGNORECASE):
        feats.append("date")
    for key, name, where in (
        ("comparison_words", "comparison", _RECORD_AS_HISTORY.sub(" ", _LAST_OF_DATE.sub(" ", text))),
        ("causal_words", "causal", text),
        ("event_verbs", "event", text),
    ):
        if lex.pattern(key).search(where) or (
            name == "comparison" and lex.regex("comparison_before_figures").search(where)
        ):
            feats.append(name)
    caps = [c for c in _CAPS.findall(_CODE.sub("x", text)) if c not in {"I"}]
    if caps:
        feats.append("entity")
    if len(_CAP_RUN.findall(text)) >= 3:
        feats.append("entities")  # three names, not one name of three words ("Transport Minister Halla Brenning")
    return feats


def _features(
    text: str, lex: Lexicon, attributed: bool, content: str | None = None, said: str | None = None
) -> list[str]:
    """The features of ``text``; ``content`` is the reported part when it is in the text, ``said``
    the reported words as the attribution gives them (rebuilt when the cue sits in mid-sentence)."""
    feats = _surface_features(text, lex)
    feats += _issue_features(text, lex)
    passive = _PASSIVE_EVENT.search(voice_of(text))
    if not attributed and "event" not in feats and passive and not _OPEN_DECISION.search(text[: passive.start()]):
        feats.append("event")  # "The body was found in a shrub", "Two men were arrested": an event of record
    if lex.pattern("evaluative").search(text):
        feats.append("evaluative")
    feats += _tense_features(text, lex, attributed, content, said)
    quotes = find_quotes(text)
    voice = outside_text(text, quotes)
    if _WRITER_SINGULAR.search(voice):
        feats.append("anecdote")  # the writer's own experience or view ("I visited Kolm in 2024")
    if not attributed and _INFERENCE.search(voice_of(text)):
        feats.append("inference")
    if _PROVISION.search(text) or _PROVISION_NOW.search(text):
        feats = [f for f in feats if f != "prediction"] + ["provision"]
    if _PERSONAL.search(voice) or _FIRST_SINGULAR.search(_inside(text, quotes)):
        # In the writer's voice any first or second person; in a quotation only the speaker's own "I"
        # (an experience or a feeling: "I heard a crack ..."): a quoted "we" is the speaker's organisation.
        feats.append("personal")
    if text.rstrip(' ”"’').endswith("?"):
        feats.append("question")
    if len(text.split()) < 6 and "number" not in feats and not attributed:
        feats.append("short")
    return feats


def _clauses(voice: str) -> list[tuple[int, int]]:
    """Offsets of the clauses of ``voice`` (quotations blanked) between colons, semicolons and dashes."""
    out, at = [], 0
    for m in _CLAUSE_BREAK.finditer(voice):
        out.append((at, m.start()))
        at = m.end()
    out.append((at, len(voice)))
    return [(a, b) for a, b in out if len(voice[a:b].split()) >= 4]


def voice_of(text: str) -> str:
    """``text`` with its quotations blanked: the writer's own words."""
    return outside_text(text, find_quotes(text))


def _inside(text: str, quotes: Quotes) -> str:
    """The quoted characters of ``text`` (the rest blanked out)."""
    return "".join(ch if quotes.inside(i) else " " for i, ch in enumerate(text))


def _tense_features(text: str, lex: Lexicon, attributed: bool, content: str | None, said: str | None) -> list[str]:
    """``attributed``; ``reported_fact`` when the reported words (not a quotation) state a past act
    or finding; ``prediction`` when the claim is about the future (which cancels a reported fact)."""
    feats = ["attributed"] if attributed else []
    if predicts(content if content else text, lex):
        return [*feats, "prediction"]
    if attributed and said and _reports_past_act(said):
        feats.append("reported_fact")
    return feats


def _reports_past_act(said: str) -> bool:
    """Whether the reported words state a past act or finding: in the writer's paraphrase (a verb
    inside a short quotation, "conditions have “improved considerably”", is the source's verdict),
    or in a quotation of record with no first person ("“Every inspection was completed ...”")."""
    quotes = find_quotes(said)
    if _QUOTED.match(said):
        inside = _MODAL_PAST.sub(" ", _inside(said, quotes))
        return bool(_PAST.search(inside)) and not _WE_OR_I.search(inside)
    return bool(_PAST.search(outside_text(said, quotes)))


# A headline with a verb of its own: an auxiliary, "to" and a verb, a past or present participle, or a
# word in -s with more after it ("NASA Picks SpaceX ...", "Doctors offer ...", "Hunter ... diagnosed ...").
_STATES_SOMETHING = re.compile(
    r"\b(?:is|are|was|were|will|would|could|can|may|might|has|have|had|must)\s+\S"
    r"|\bto\s+[A-Za-z]{3,}\b"
    r"|(?<!^)(?<![Nn]obody\s)(?<![Nn]o\sone\s)(?<!\b[Tt]hey\s)(?<!\b[Ww]e\s)(?<!\b[Yy]ou\s)\b[A-Za-z]{3,}(?:ed|ing)\b"
    r"|\b[A-Za-z]{2,}[^sSuU\W’']s\b(?=\s+[\w‘“\"'])"
)
# A question or an explainer ("Why ...", "How ...") states no event.
_NOT_A_STATEMENT = re.compile(r"\?\s*$|^\s*(?:Why|How|What|When|Who|Where|Should|Could|Can|Is|Are|Will)\b")


def _headline(feats: list[str], text: str, lex: Lexicon) -> list[str]:
    """A headline's features: its capitals are title case, not named entities, and a present-tense
    verb of an event ("Regulator fines ...", "Shares fall ...") states the story's main event."""
    out = [f for f in feats if f not in {"entity", "entities", "short"}]
    passive = any(not _PRONOUN_SUBJECT.search(text[: m.start()]) for m in lex.regex("headline_passives").finditer(text))
    if "event" not in out and (lex.pattern("headline_verbs").search(text) or passive):
        out.append("event")
    if _STATES_SOMETHING.search(text) and not _NOT_A_STATEMENT.search(text):
        out.append("headline")  # a headline that states the story's main event (tests/data/eval/README.md)
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
    if lex.regex("evaluative_phrases").search(voice):
        feats.append("figurative")  # "run ... like a private kingdom", "a campaign of fear": a verdict
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
    if not headline and not cue and len(text.split()) >= 4 and _CAPS_LINE.match(text.strip()):
        return ClaimDraft(sentence.id, "factual", False, 0.6, _summary(text), no_claim=True, features=["capitals_line"])
    scored = strip_label(text.replace(cue, " ") if cue else text)
    # A forecast is read in the reported words when the attribution gives them, not in the cue's clause.
    reported = content if content and content in text else None
    if reported and cue and _only_quote(text.replace(cue, " ")):
        # A quotation and its cue (with the speaker's apposition): only the quoted words can be checked.
        scored = reported
    scored = _BACKGROUND.sub(" ", scored)
    feats = _features(scored, lex, attributed=cue is not None, content=reported, said=content)
    if headline:
        feats = _headline(feats, text, lex)
    after_cue = text[text.find(cue) + len(cue) :] if cue else ""
    if cue and (_AGE_APPOSITION.search(cue) or _AGE_APPOSITION.match(after_cue) or _PASSER_BY.match(cue)):
        feats.append("vox_pop")
    estimated = cue and not cue.lower().startswith("according") and cue.split()[-1].lower() in _ESTIMATE_VERBS
    if estimated and "prediction" in feats:
        feats.append("estimate")  # "..., economists estimated": a forecast someone estimates
    p = score(feats)
    if not headline and not cue:
        # An opinion and the fact under it in one sentence: the best-scored clause decides.
        quotes = find_quotes(text)
        parts = [text[a:b] for a, b in _clauses(outside_text(text, quotes))]
        if len(parts) > 1:
            p = max([p, *(score(_features(part, lex, attributed=False)) for part in parts)])
    worthy = p > THRESHOLD  # a sentence whose only feature is a capitalised word states nothing to check
    quotes = find_quotes(text)
    label = bool(lex.pattern("labels").search(outside_text(text, quotes))) and bool(
        re.search(r"\b(?:is|are|was|were)\b", text)
    )
    kind = _kind(feats, worthy, label)
    if len(text.split()) < 3 and not cue and "number" not in feats and not _SHORT_VERB.search(text):
        return ClaimDraft(sentence.id, kind, False, 0.5, _summary(text), no_claim=True, features=feats)
    span = content if content and content in text and content.strip() != text.strip() else None
    conf = round(max(p, 1 - p), 2)
    return ClaimDraft(sentence.id, kind, worthy, conf, _summary(text), span=span, features=feats)
