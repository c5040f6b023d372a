"""Find attributions: who the article says a statement comes from, through which cue words.

Rules, not a model (ANCHORS.md section 4.2: textacy covers direct quotes only). Patterns:

* quote first, speaker after: “…,” said Dana Whitfield. / “…,” Tanaka said.
* speaker first: Mayor Luis Ortega, who …, told reporters that … / Experts say …
* speaker last: …, the department said in a memo. / The hospital, she said, is …
* "according to X" anywhere; reporting nouns: "charges leveled by X".
* chains: "X told/tell <outlet>" keeps the outlet behind the source.
* a sentence that is one quotation is read inside (a block quote that names its own source),
  and quotations that run on over several sentences, or lists introduced by an attributed
  line, join the attribution before them.

Verbs and nouns come from ``lexicon.yaml``. Each attribution carries a confidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from medialit.analysis.draft._lexicon import Lexicon, lexicon
from medialit.analysis.draft._text import Quotes, clean_span, find_quotes, is_whole_quote, outside_text
from medialit.analysis.draft.sources import Mention, Registry, SourceEntry, classify, organisations_in, people_in
from medialit.case.segment import _LIST_ITEM
from medialit.model import Article

_AUX_TAIL = re.compile(
    r"(?:\s+(?:also|has|have|had|will|would|previously|later|recently|once|then|still|publicly|"
    r"repeatedly|earlier|again|further|to|did|does|do|not|never|always|often|first|quickly|"
    r"immediately|privately|separately|had\s+been|has\s+long|have\s+long|long))+\s*$",
    re.IGNORECASE,
)
_CUT = re.compile(
    r".*\b(?:that|which|who|whom|while|when|because|although|though|as|if|led|leading|and|but|so|"
    r"since|after|before|where|whereas|has|have|had)\s+",
    re.IGNORECASE | re.DOTALL,
)
_APPOSITIVE = re.compile(
    r"^\s*(?:who|whose|which|whom|one\s+of|a|an|the|\d+|based|speaking|citing|including|now|himself|"
    r"herself|also|like|then|formerly|once|along|both|each|all|its|his|her|their|head|chief|"
    r"director|executive|former)\b|^\s*[a-z]+ed\s+(?:in|on|by|at|last|this|with|from|for)\b",
    re.IGNORECASE,
)
_PARENTHETICAL = re.compile(
    r"^\s*(?:however|meanwhile|too|though|also|in\s+turn|for\s+(?:his|her|its|their)\s+part|"
    r"in\s+(?:a|an)\s+\w+(?:\s+\w+)?|on\s+\w+day|last\s+\w+|this\s+\w+|at\s+the\s+time|by\s+contrast|"
    r"in\s+response|for\s+example|of\s+course|in\s+fact|again|later|earlier)\s*$",
    re.IGNORECASE,
)
_NEGATED = re.compile(
    r"\b(?:declined|refused|failed|did\s+not|didn[’']t|would\s+not|wouldn[’']t|does\s+not|doesn[’']t|"
    r"could\s+not|couldn[’']t|will\s+not|won[’']t|do\s+not|don[’']t|not|never|no\s+longer)\s+(?:to\s+)?$",
    re.IGNORECASE,
)
_STANCE_ONLY = re.compile(
    r"^\s*(?:the|that|this|it|them|those|these|such)\b(?:\s+\w+){0,2}\s*[.!?]?\s*$", re.IGNORECASE
)
_NAME_ONLY = re.compile(r"^\s*(?:[A-Z][\w’'.-]*\s*){1,4}$")
_PASSIVE_BEFORE = re.compile(r"\b(?:is|are|was|were|be|been|being|widely|generally)\s*$", re.IGNORECASE)
_STARTERS = frozenset(
    """
    the a an some many most several few two three four five one his her its their our other others
    both all each city state local federal former senior top
    """.split()
)
_EXTENSION = re.compile(
    r"\s+(?:in|on)\s+(?:a|an|the|its|his|her|their)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:statement|memo|letter|interview|email|post|report|release|speech|tweet|filing|note|"
    r"briefing|broadcast|op-ed|video|message|conference\s+call|news\s+conference)"
    r"(?:\s+(?:to|with|on)\s+[^,.;“\"]{1,40}?)?(?=[,.;:]|\s+that\b|\s*$)",
    re.IGNORECASE,
)
_PREP_CUT = re.compile(r"\s+(?:in|on|at|during|after|before|while|when|last|this|adding|noting)\b.*$", re.DOTALL)
_SHORT_TAIL = re.compile(
    r"^\s*(?:(?:in|on|at|during|after|before|to|with|from|last|this|earlier|later|late|early|"
    r"recently|yesterday|today|on\s+\w+|told)\b[^“\"]{0,80})?[.!?…]?[”\"’]?\s*$",
    re.IGNORECASE,
)
_ACCORDING = re.compile(r"\b[Aa]ccording\s+to\s+")
_NP_END = re.compile(r",(?!\d{3}\b)|[;:“\"(]|\s+(?:who|whose|which|that)\s|[.!?]\s*[”\"’]?\s*$")
_TELL = {"told", "tell", "tells", "telling"}
_SHORT_RECIPIENT = re.compile(
    r"\s+(me|us|him|her|them|you|reporters|journalists|lawmakers|supporters|listeners|viewers)\b(?=\s+(?!that\b)[a-z0-9$£€])"
)
# "One would expect", "you might think": a generic or modal subject is nobody's attribution.
_MODAL_SUBJECT = re.compile(
    r"^\s*(?:one|you|one\s+(?:would|might|could|may|can|should|must)|you\s+(?:would|might|could|may|can|should|must)|"
    r"(?:i|we)\s+(?:would|might|could|may|can|should|must))\b",
    re.IGNORECASE,
)
# Content that starts with a verb: the subject is a reduced relative clause ("a move officials said would ...").
_GAP = re.compile(r"\s+(?:would|will|could|can|might|may|should|must|was|were|is|are|has|had|have)\b", re.IGNORECASE)
# Thread numbering ("2/") and transcript or post labels ("ANCHOR:", "@name:") start a new segment.
_LABEL = re.compile(r"(?<!\S)\d{1,3}/\s+|^[^:“”\"]{1,60}:\s+")
# Passive reporting: "X was quoted (by Y | in Y) as saying", "X is reported as saying".
_PASSIVE_QUOTE = re.compile(
    r"\b(?:was|were|is|are|has\s+been|have\s+been|had\s+been)\s+(?:quoted|cited|reported|heard)"
    r"(?:\s+(?:by|in|on)\s+(?P<via>[^,;:“”\"]{2,60}?))?\s+as\s+(?:saying|telling\s+[\w ]{2,30}?|having\s+said)\b"
    r"(?:\s+(?:in|on|to)\s+(?P<via2>(?:the\s+)?[A-Z][^,;:“”\"]{1,50}?)(?=\s+(?:that|last|this|on|in|earlier)\b|[,;:]|\s*[“\"]))?",
    re.IGNORECASE,
)
# After a verb, a role then a name: "said the party's spokeswoman, Jane Roe, at a rally".
_ROLE_THEN_NAME = re.compile(
    r",\s*((?:[A-Z][\w’'.-]*\s+){0,3}[A-Z][\w’'.-]+)\s*"
    r"(?=,|[.!?]?\s*$|\s+(?:at|in|on|during|outside|after|before|when|while|who|from)\b)"
)
# Reporting verbs whose speaker-last source passes on what someone else said (a chain).
_RELAY_VERBS = frozenset("reports reported reporting writes wrote".split())
# Verb forms that are also nouns: accepted only after a subject, never after a determiner.
_NOUN_LIKE = frozenset(
    """
    claim claims estimate estimates fear fears hope hopes worry worries show shows find finds report
    reports notes states details documents records lists names calls projects counters charges
    thought record say says warns expect
    """.split()
)
_DETERMINER_LIKE = frozenset(
    """
    the a an his her its their our my your these those this that such media news press any no every
    each of whose new latest earlier previous initial official own final recent first
    """.split()
)
_CONSUMING_VERB_CONTENT = 3


@dataclass
class Found:
    """One attribution found in the text (offsets are into the cue sentence)."""

    sentence: str
    cue: tuple[int, int]
    cue_text: str
    source: SourceEntry
    mode: str
    confidence: float
    pattern: str
    content: str = ""
    chain: list[SourceEntry] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)


@dataclass
class _Sent:
    id: str
    text: str
    quotes: Quotes
    whole_quote: bool
    index: int
    paragraph: str


def _np_after(text: str, start: int) -> tuple[int, int]:
    """The noun phrase that starts at ``start``: up to a comma, quote, clause word or the end."""
    m = _NP_END.search(text, start)
    end = m.start() if m else len(text)
    s, e = clean_span(text, start, end)
    cut = _PREP_CUT.search(text[s:e])
    if cut and cut.start() > 0:
        e = s + cut.start()
    return clean_span(text, s, e)


def _mode(text: str, regions: list[tuple[int, int]], quotes: Quotes) -> str:
    """direct_quote when the content is one quotation, mixed when it holds one, else paraphrase."""
    inside = sum(b - a for a, b in quotes.regions for r in regions if a >= r[0] and b <= r[1])
    body = sum(len(text[a:b].strip(" ,.;:")) for a, b in regions)
    if not inside:
        return "paraphrase"
    rest = "".join(outside_text(text, quotes)[a:b] for a, b in regions)
    if not re.search(r"\w", re.sub(r"^\s*that\b", "", rest)) or inside >= body - 2:
        return "direct_quote"
    return "mixed"


class _Finder:
    def __init__(self, article: Article, lex: Lexicon) -> None:
        self.article = article
        self.lex = lex
        self.registry = Registry()
        self.people: list[tuple[tuple[int, int], str]] = []
        self.orgs: list[tuple[tuple[int, int], str]] = []
        self.found: list[Found] = []
        self.surnames: dict[str, str] = {}
        self.surname_pattern: re.Pattern[str] | None = None
        self.verbs = lex.pattern("speech_verbs")
        self.finding = lex.pattern("finding_verbs")
        self.speech_words = lex.words("speech_verbs")
        self.finding_words = lex.words("finding_verbs")

    # -- the walk over the article -------------------------------------------------------------
    def run(self) -> list[Found]:
        sents: list[_Sent] = []
        for para in self.article.paragraphs:
            carry = False
            for s in para.sentences:
                q = find_quotes(s.text, starts_inside=carry)
                carry = q.ends_inside
                sents.append(_Sent(s.id, s.text, q, is_whole_quote(s.text, q), len(sents), para.id))
        by_sentence: dict[str, list[Found]] = {}
        for st in sents:
            self._note_people(st)
            hits = self._sentence(st)
            by_sentence[st.id] = hits
            self.found.extend(hits)
        self._continuations(sents, by_sentence)
        return self.found

    def _note_people(self, st: _Sent) -> None:
        for off, name in organisations_in(st.text, self.lex):
            self.orgs.append(((st.index, off), name))
        firsts = {n.split()[0]: n for _, n in self.orgs if len(n.split()) > 1}
        for m in re.finditer(r"\b[A-Z][\w’'-]+\b", st.text):
            if m.group(0) in firsts and not st.text.startswith(firsts[m.group(0)], m.start()):
                self.orgs.append(((st.index, m.start()), firsts[m.group(0)]))
        for off, name in people_in(st.text, self.lex):
            self.people.append(((st.index, off), name))
        for e in self.registry.entries.values():
            if e.kind == "named_person":
                self._remember(e.name)
        here = [(off, n) for (i, off), n in self.people[-12:] if i == st.index]
        for _, n in here:
            self._remember(n)
        if self.surname_pattern is not None:
            for m in self.surname_pattern.finditer(st.text):
                if not any(o <= m.start() < o + len(n) for o, n in here):
                    self.people.append(((st.index, m.start()), self.surnames[m.group(0)]))

    def _remember(self, name: str) -> None:
        """Note a two-part person name so that its surname alone is recognised later."""
        parts = name.split()
        if len(parts) < 2 or not parts[-1][:1].isupper() or self.surnames.get(parts[-1]) == name:
            return
        self.surnames[parts[-1]] = name
        alts = "|".join(re.escape(s) for s in sorted(self.surnames, key=len, reverse=True))
        self.surname_pattern = re.compile(rf"\b(?:{alts})\b")

    def _people_before(self, st: _Sent, pos: int) -> list[tuple[int, str]]:
        out = [(i * 10000 + off, n) for (i, off), n in self.people if (i, off) < (st.index, pos)]
        return [(p, n) for p, n in out if p >= (st.index - 4) * 10000]

    # -- one sentence ---------------------------------------------------------------------------
    def _sentence(self, st: _Sent) -> list[Found]:
        hits = self._scan(st, st.text, st.quotes, inner=False)
        if not hits and st.whole_quote and st.quotes.regions:
            a, b = st.quotes.regions[0][0], st.quotes.regions[-1][1]
            inner = st.text[:a] + " " + st.text[a + 1 : b - 1] + " " + st.text[b:]
            if st.quotes.starts_inside:
                inner = st.text[: b - 1] + " " + st.text[b:]
            hits = self._scan(st, inner, find_quotes(inner), inner=True)
            for h in hits:
                h.mode = "direct_quote"
                h.confidence = round(h.confidence * 0.85, 2)
        return hits

    def _scan(self, st: _Sent, text: str, quotes: Quotes, inner: bool) -> list[Found]:
        out: list[Found] = []
        outside = outside_text(text, quotes)
        for m in _ACCORDING.finditer(outside):
            s, e = _np_after(text, m.end())
            if e <= s:
                continue
            hit = self._make(st, text, quotes, (m.start(), e), (s, e), "according_to", 0.85, out)
            if hit:
                content = [(0, m.start()), (e, len(text))]
                hit.mode = _mode(text, content, quotes)
                hit.content = " ".join(text[a:b].strip(" ,.") for a, b in content if text[a:b].strip(" ,."))
                out.append(hit)
        for m in _PASSIVE_QUOTE.finditer(outside):
            hit = self._passive(st, text, quotes, outside, m, out)
            if hit:
                out.append(hit)
        consumed_after = -1
        for m in sorted(
            list(self.verbs.finditer(outside)) + list(self.finding.finditer(outside)), key=lambda m: m.start()
        ):
            if any(h.cue[0] <= m.start() < h.cue[1] for h in out) or not self._verb_use(outside, m):
                continue
            hit = self._verb(st, text, quotes, outside, m, out, consumed_after)
            if hit:
                out.append(hit)
                if hit.pattern in {"speaker_first", "coordinated"}:
                    consumed_after = hit.cue[1]
        out.extend(self._nouns(st, text, quotes, outside, out))
        # A speaker named last owns everything before: drop attributions nested in that content,
        # unless the last one only relays them ("X said ..., a radio network reports"): then X is
        # the source and the relay is the chain behind X.
        lasts = [h for h in out if h.pattern == "speaker_last"]
        relays = [h for h in lasts if self._relays(h)]
        dropped: set[int] = set()
        for last in relays:
            nested = [h for h in out if h.pattern == "speaker_first" and h.cue[1] <= last.cue[0]]
            if nested:
                for h in nested:
                    h.chain = [h.source, last.source]
                dropped.add(id(last))
        return [
            h
            for h in out
            if id(h) not in dropped
            and not any(
                o is not h and h.cue[1] <= o.cue[0] and h.pattern == "speaker_first" and id(o) not in dropped
                for o in lasts
            )
        ]

    def _relays(self, hit: Found) -> bool:
        verb = hit.cue_text.split()[-1].lower() if hit.cue_text.split() else ""
        return verb in _RELAY_VERBS or hit.source.kind == "named_outlet"

    def _passive(
        self, st: _Sent, text: str, quotes: Quotes, outside: str, m: re.Match[str], out: list[Found]
    ) -> Found | None:
        """ "Oduya was quoted (by the Hollin Record) as saying ...": the person quoted, via the outlet."""
        seg_start = self._segment_start(text, quotes, outside, m.start())
        subject, sub_start, _ = self._subject(text[seg_start : m.start()], seg_start)
        if not subject or not self._plausible(subject, True):
            return None
        end = m.end("via2") if m.group("via2") else m.end()
        hit = self._make(
            st, text, quotes, (sub_start, end), (sub_start, sub_start + len(subject)), "passive", 0.75, out
        )
        if hit is None:
            return None
        via = m.group("via") or m.group("via2")
        if via:
            hit.chain = [hit.source, self.registry.add(classify(via, self.lex))]
        hit.mode = _mode(text, [(end, len(text))], quotes)
        hit.content = text[end:].strip(" ,.")
        return hit

    def _nouns(self, st: _Sent, text: str, quotes: Quotes, outside: str, out: list[Found]) -> list[Found]:
        lex = self.lex
        nouns = "|".join(re.escape(w) for w in sorted(lex.words("reporting_nouns"), key=len, reverse=True))
        links = "|".join(re.escape(w) for w in sorted(lex.words("reporting_noun_links")))
        pat = re.compile(rf"\b(?:{nouns})\s+(?:(?:{links})\s+)?by\s+", re.IGNORECASE)
        res = []
        for m in pat.finditer(outside):
            s, e = _np_after(text, m.end())
            if e <= s or any(h.cue[0] < e and m.start() < h.cue[1] for h in out):
                continue
            hit = self._make(st, text, quotes, (m.start(), e), (s, e), "reporting_noun", 0.55, out)
            if hit:
                hit.mode = "paraphrase"
                hit.content = text[: m.start()].strip(" ,")
                res.append(hit)
        return res

    def _verb(
        self,
        st: _Sent,
        text: str,
        quotes: Quotes,
        outside: str,
        m: re.Match[str],
        out: list[Found],
        consumed_after: int,
    ) -> Found | None:
        vs, ve = m.start(), m.end()
        verb = m.group(0).lower()
        speech = verb in self.speech_words
        before = text[:vs]
        if _NEGATED.search(before):
            return None
        if _PASSIVE_BEFORE.search(before) or re.match(r"\s+(?:by|as|for|after|off|up)\b", text[ve:]):
            return None
        # Quote or clause first, verb then speaker: “…,” said Dana Whitfield, who …
        after_quote = bool(re.search(r"[”\"»]\s*,?\s*$", before))
        # "A spokeswoman for the company, Lea Marsh, said the strike ...": a name just before the
        # verb is the speaker, and what follows the verb is the content, not a speaker.
        apposed_subject = not after_quote and bool(_NAME_ONLY.match(re.split(r",(?!\d{3}\b)", before.rstrip(" ,"))[-1]))
        if (
            speech
            and not apposed_subject
            and re.search(r"[,”\"»]\s*$", before)
            and (
                re.match(r"\s+[A-Z]|\s+the\s", text[ve:])
                or (after_quote and re.match(r"\s+[a-z]+\s+[\w ]*[A-Z]", text[ve:]))
            )
        ):
            s, e = _np_after(text, ve)
            rest = text[e:]
            closes = re.search(r"[”\"»]\s*,?\s*$", before) or re.match(
                r"\s*(?:,\s*(?:who|whose|which|a|an|the|one|adding|noting)\b.*|[.!?]?[”\"’]?\s*)$", rest, re.DOTALL
            )
            apposed = _ROLE_THEN_NAME.match(text, e)
            if e > s and not text[s:e][:1].isupper() and apposed and not quotes.covers(e, apposed.end(1)):
                # "said the party's spokeswoman, Jane Roe, at a rally": the name after the role.
                e = apposed.end(1)
                rest = text[e:]
                closes = closes or re.match(
                    r"\s*(?:,.*|[.!?]?[”\"’]?\s*|\s+(?:at|in|on|during|outside)\b.*)$", rest, re.DOTALL
                )
            if e > s and closes and not re.match(r"that\b", text[s:e]):
                hit = self._make(st, text, quotes, (vs, e), (s, e), "speaker_after", 0.9, out)
                if hit:
                    region = [(0, len(before.rstrip(" ,")))]
                    hit.mode = _mode(text, region, quotes)
                    hit.content = before.strip(" ,")
                    return hit
        # Speaker before the verb.
        seg_start = self._segment_start(text, quotes, outside, vs)
        seg = text[seg_start:vs]
        if _MODAL_SUBJECT.match(re.split(r",(?!\d{3}\b)", seg)[-1]):
            return None  # "One would expect ...": a modal phrase, not a source
        adverb = re.search(r"\s+[a-z]+ly\s*$", seg)
        if adverb and not re.search(r"(?:early|only|family|ally|rally|daily|weekly|monthly|reply)\s*$", seg):
            seg = seg[: adverb.start()]  # "falsely claimed": the adverb is framing, not the speaker
        aux = _AUX_TAIL.search(seg)
        if aux:
            seg = seg[: aux.start()]
        rel = re.match(
            r"(?:.*(?:,|\b(?:on|in|of|by|with|for|from|to)\s))?\s*([^,]*?)\s+(?:that|which|who)\s*$", seg, re.DOTALL
        )
        if rel and rel.group(1).strip():
            # "radio advertisements that claim ...": the noun phrase the relative clause hangs on.
            subject, sub_start, led_by_comma = rel.group(1).strip(), seg_start + rel.start(1), False
        else:
            subject, sub_start, led_by_comma = self._subject(seg, seg_start)
        if subject and _GAP.match(text[ve:]):
            subject, sub_start = self._reduced_relative(subject, sub_start)
        tail_start = ve
        recipient: tuple[int, int] | None = None
        if verb in _TELL:
            rs, re_ = _np_after(text, ve)
            rtext = text[rs:re_]
            short = _SHORT_RECIPIENT.match(text, ve)
            if short:  # "told me the count ...", "told reporters the plan ...": the recipient is one word
                recipient, tail_start = (short.start(1), short.end(1)), short.end(1)
            elif rtext and not rtext.lower().startswith("that"):
                recipient, tail_start = (rs, re_), re_
        ext = _EXTENSION.match(text, tail_start)
        if ext:
            tail_start = ext.end()
        after = text[tail_start:]
        if not subject:
            if not out or not re.fullmatch(r"\s*(?:and|but|,)?\s*", seg, re.IGNORECASE):
                return None
            prev = out[-1]
            hit = Found(st.id, (vs, tail_start), text[vs:tail_start], prev.source, "paraphrase", 0.6, "coordinated")
            hit.mode = _mode(text, [(tail_start, len(text))], quotes)
            hit.content = after.strip(" ,.")
            return hit
        if consumed_after >= 0 and vs >= consumed_after and "," not in text[consumed_after:sub_start]:
            return None
        if not self._plausible(subject, speech):
            return None
        end_attr = bool(_SHORT_TAIL.match(after)) and sub_start > 0 and bool(text[:sub_start].strip(' ,“”"'))
        paren = led_by_comma and after.lstrip().startswith(",")
        if not (end_attr or paren) and len(re.findall(r"\w+", re.sub(r"^\s*that\b", "", after))) < 1:
            return None
        if not (end_attr or paren) and _STANCE_ONLY.match(after) and not quotes.covers(tail_start, len(text)):
            return None  # "Skyline denied the claim.": a stance, no reported content
        mention_span = (sub_start, sub_start + len(subject))
        pattern = "speaker_last" if (end_attr or paren) else "speaker_first"
        conf = 0.8 if speech else 0.6
        hit = self._make(
            st, text, quotes, (sub_start, tail_start), mention_span, pattern, conf, out, context=text[sub_start:vs]
        )
        if hit is None:
            return None
        if not speech and hit.source.kind in {"vague"} and hit.source.confidence < 0.5:
            return None
        if recipient:
            rm = classify(text[recipient[0] : recipient[1]], self.lex)
            audience = self.lex.pattern("audiences").fullmatch(text[recipient[0] : recipient[1]].strip())
            if rm.kind == "named_outlet" and not audience:
                hit.chain = [hit.source, self.registry.add(rm)]
        if end_attr:
            region = [(0, sub_start)]
        elif paren:
            region = [(0, sub_start), (tail_start, len(text))]
        else:
            region = [(tail_start, len(text))]
        hit.mode = _mode(text, region, quotes)
        hit.content = " ".join(text[a:b].strip(" ,.") for a, b in region).strip()
        if verb in {"called", "calls"} and hit.mode == "paraphrase":
            return None
        return hit

    def _reduced_relative(self, subject: str, start: int) -> tuple[str, int]:
        """ "a move officials said would save ...": the speaker is "officials", not "a move officials"."""
        ws = list(re.finditer(r"\S+", subject))
        if len(ws) < 3 or ws[0].group(0).lower() not in {"a", "an", "the", "this", "that"}:
            return subject, start
        heads = self.lex.words("anonymous_heads") | self.lex.words("vague_heads") | self.lex.words("institution_words")
        if ws[-1].group(0).lower().strip(".,") not in heads:
            return subject, start
        i = len(ws) - 1
        while i > 1 and (ws[i - 1].group(0).lower() in _STARTERS or ws[i - 1].group(0)[:1].isupper()):
            i -= 1
        if i <= 1:
            return subject, start
        return subject[ws[i].start() :], start + ws[i].start()

    def _verb_use(self, text: str, m: re.Match[str]) -> bool:
        """False when the match is a noun or a name ("the estimate", "United States")."""
        word = m.group(0)
        if word[0].isupper() and m.start() > 0:
            return False
        if word.lower() in _NOUN_LIKE:
            prev = re.search(r"([\w’'-]+)\W*$", text[: m.start()])
            if prev is None or prev.group(1).lower() in _DETERMINER_LIKE or prev.group(1).endswith("’s"):
                return False
            if re.match(r"\s+of\b", text[m.end() :]):
                return False
        return True

    def _segment_start(self, text: str, quotes: Quotes, outside: str, vs: int) -> int:
        start = 0
        for _a, b in quotes.regions:
            if b <= vs:
                start = max(start, b)
        for ch in ";:(":
            i = outside.rfind(ch, 0, vs)
            if i >= 0:
                start = max(start, i + 1)
        if "/" in outside[:vs] or ":" in outside[:vs]:
            for m in _LABEL.finditer(outside[:vs]):
                start = max(start, m.end())
        return start

    def _subject(self, seg: str, seg_start: int) -> tuple[str, int, bool]:
        """The speaker phrase in ``seg`` (text before the verb), its offset, and whether a comma precedes it."""
        parts = re.split(r",(?!\d{3}\b)", seg)
        offsets, pos = [], 0
        for p in parts:
            offsets.append(pos)
            pos += len(p) + 1
        k = len(parts) - 1
        if len(parts) > 1 and not parts[-1].strip():
            k = len(parts) - 2
            while (
                k >= 1
                and (_APPOSITIVE.match(parts[k]) or _PARENTHETICAL.match(parts[k]))
                and len(parts[k].split()) <= 16
            ):
                k -= 1
            if k == len(parts) - 2:
                if k >= 1 and _NAME_ONLY.match(parts[k]):
                    # "Skyline's chief executive, Robert Haines, said": the role and the name.
                    cut = _CUT.match(parts[k - 1])
                    s, _ = clean_span(parts[k - 1], cut.end() if cut else 0, len(parts[k - 1]))
                    e = len(parts[k].rstrip())
                    return seg[offsets[k - 1] + s : offsets[k] + e], seg_start + offsets[k - 1] + s, k > 1
                return "", 0, False
        part = parts[k]
        cut = _CUT.match(part)
        local = cut.end() if cut else 0
        s, e = clean_span(part, local, len(part))
        if k == len(parts) - 1:
            e = len(part.rstrip())
        subject = part[s:e]
        return subject, seg_start + offsets[k] + s, k > 0

    def _plausible(self, subject: str, speech: bool) -> bool:
        ws = subject.split()
        if not ws or len(ws) > 14:
            return False
        first = ws[0].lower().strip('“"')
        if ws[0][:1].isupper() or first in _STARTERS or first in {"he", "she", "they", "it", "we", "i"}:
            return True
        head = re.split(r"\s+of\s+", subject.lower())[0].split()[-1].strip(".,’'")
        lex = self.lex
        known = (
            lex.words("vague_heads")
            | lex.words("anonymous_heads")
            | lex.words("institution_words")
            | lex.words("document_words")
            | lex.words("journalist_words")
        )
        return head in known

    def _make(
        self,
        st: _Sent,
        text: str,
        quotes: Quotes,
        cue: tuple[int, int],
        mention: tuple[int, int],
        pattern: str,
        conf: float,
        out: list[Found],
        context: str = "",
    ) -> Found | None:
        mtext = text[mention[0] : mention[1]]
        if not mtext.strip() or (quotes.covers(*mention) and pattern != "according_to"):
            return None
        mtext = re.sub(r"^(?:But|And|Yet|So|Still|However)\s+", "", mtext)
        mtext = self._named_earlier(st, mention[0], mtext)
        men: Mention = classify(mtext, self.lex, context)
        if men.pronoun:
            entry = self.registry.resolve(men, self._people_before(st, mention[0]))
            if entry is None:
                return None
            conf *= 0.85
        else:
            entry = self.registry.add(men)
        cs, ce = clean_span(st.text, *cue)
        cue_text = st.text[cs:ce].strip()
        if cue_text != text[cs:ce].strip():  # the inner reading of a block quote blanked a mark
            cue_text = text[cs:ce].strip()
            if cue_text not in st.text:
                return None
        return Found(st.id, (cs, ce), cue_text, entry, "paraphrase", round(conf, 2), pattern)

    def _named_earlier(self, st: _Sent, pos: int, mtext: str) -> str:
        """The fuller name of a source the text named before: "the airline" -> "Skyline Air",
        "Haines" -> "Robert Haines", "Norden" -> "Norden Propulsion"."""
        here = (st.index, pos)
        m = re.fullmatch(r"(?:the|The|this|This)\s+([a-z]+)", mtext.strip())
        if m and m.group(1) in self.lex.words("organisation_nouns"):
            media = m.group(1) in {"network", "station", "publisher"}
            # "the government", "the ministry": a literal generic source stays generic unless the
            # body named before carries that very word ("the authority" -> "Calder Ferry Authority").
            generic = m.group(1) in self.lex.words("generic_bodies")
            recent = [
                (p, n)
                for p, n in self.orgs
                if p < here
                and p[0] >= st.index - 6
                and bool(self.lex.pattern("outlet_words").search(n)) == media
                and (not generic or m.group(1) in n.lower().split())
            ]
            if recent:
                return max(recent)[1]
        token = mtext.strip()
        if re.fullmatch(r"[A-Z][\w’'-]+", token):
            for _, name in sorted(self.orgs, reverse=True):
                if name.split()[0] == token and len(name.split()) > 1 and _ < here:
                    return name
            for p, name in sorted(self.people, reverse=True):
                if p < here and name.split()[-1] == token and len(name.split()) > 1:
                    return name
        return mtext

    # -- quotations and lists that continue an attribution --------------------------------------
    def _continuations(self, sents: list[_Sent], by_sentence: dict[str, list[Found]]) -> None:
        for i, st in enumerate(sents):
            if by_sentence[st.id]:
                continue
            prev = sents[i - 1] if i else None
            prev_hits = by_sentence.get(prev.id, []) if prev else []
            owner: Found | None = None
            quoted_run = st.quotes.starts_inside or (
                st.whole_quote and prev is not None and prev.paragraph == st.paragraph
            )
            if prev is not None and quoted_run and prev_hits:
                owner = next((h for h in reversed(prev_hits) if h.mode != "paraphrase"), None)
            elif (
                prev is not None
                and _LIST_ITEM.match(st.text)
                and prev_hits
                and (prev.text.rstrip().endswith(":") or _LIST_ITEM.match(prev.text))
            ):
                owner = prev_hits[-1]
            if owner is None and st.whole_quote and i + 1 < len(sents):
                nxt = sents[i + 1]
                if nxt.paragraph == st.paragraph and by_sentence.get(nxt.id):
                    owner = next((h for h in by_sentence[nxt.id] if h.mode != "paraphrase"), None)
            if owner is not None:
                owner.sentences.append(st.id)
                by_sentence[st.id] = [owner]


def find_attributions(article: Article, lex: Lexicon | None = None) -> tuple[list[Found], Registry]:
    """Every attribution the rules find in ``article``, and the registry of their sources."""
    finder = _Finder(article, lex or lexicon())
    return finder.run(), finder.registry
