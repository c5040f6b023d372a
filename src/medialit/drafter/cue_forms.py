"""Attribution without a plain "X said": "according to X", ", citing X", "X was quoted (by Y) as saying",
"Y quoted X as saying", "is accused by critics", "in an interview with Y", reporting nouns ("charges
leveled by X"), a report named with no verb ("on report", "following a report from X that ...") and a
headline's "..., agency chief says". A mixin of the attribution finder (``attribution._Finder``), which
provides the lexicon, the source registry, the sentences and the readings declared below."""

from __future__ import annotations

import re
from collections.abc import Callable

from medialit.drafter._lexicon import Lexicon
from medialit.drafter._text import Quotes, clean_span, outside_text
from medialit.drafter.found import _TIME_WORD, Found, _head_word, _mode, _np_after, _Sent, _strip_verb_modifiers
from medialit.drafter.sources import Mention, Registry, classify

_INTERVIEW_WITH = re.compile(
    r"\b(?:[Ii]n|[Dd]uring)\s+(?:an?|his|her|their)\s+(?:[\w-]+\s+){0,2}?(?:interview|conversation)\s+(?:with|on|for)\s+"
    r"(?P<outlet>(?:the\s+)?[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)*)"
)
_ACCORDING = re.compile(r"\b[Aa]ccording\s+to\s+")
_PIECE_IN = re.compile(r"\s+(?:in|by|from)\s+(?P<outlet>(?:the\s+)?[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*)")
# ", citing X" (or a dash before it): X is cited as a source by whoever the clause is about.
_CITING_SOURCE = re.compile(r"(?:,|\s[—–])\s*(?P<verb>citing)\s+")
# A report named without a speech verb: "following a report from Bayline News that ...".
_REPORT_FROM = re.compile(
    r"\b(?:following|after|citing|amid|in|on)\s+(?:a|an|the)\s+(?:[\w-]+\s+)?"
    r"(?:report|reports|story|article|investigation|broadcast|interview|dispatch)\s+(?:from|by|in|on)\s+",
    re.IGNORECASE,
)
# "Claims that ..." opening a sentence: a claim credited to nobody (a vague source).
_CLAIMS_THAT = re.compile(
    r"^\s*(?:(?:But|And|Yet)\s+)?(?:Claims|Allegations|Suggestions|Rumours|Rumors|Assertions)\s+that\b"
)
# A headline's "... on report" / "... on reports of ...".
_ON_REPORT = re.compile(r"\bon\s+(?:a\s+)?reports?\b", re.IGNORECASE)
# "That's what the agencies want": a position credited with no speech verb, its content the sentence before.
_WHAT_THEY_WANT = re.compile(
    r"\b[Tt]hat(?:['’]s|\s+is|\s+was)\s+(?:exactly\s+|precisely\s+)?what\s+"
    r"(?P<who>(?:the\s+|some\s+|many\s+)?[\w’'-]+(?:\s+[\w’'-]+){0,3}?)\s+"
    r"(?:want|wants|wanted|say|says|said|believe|believes|believed|think|thinks|argue|argues|demand|demands|"
    r"fear|fears|hope|hopes|propose|proposes|proposed)\b"
)


# "..., with Foreign Minister Ayman Safadi warning of ...": a speaker named after "with" and a participle.
_WITH_SPEAKER = re.compile(
    r"\bwith\s+(?P<who>(?:(?:the|its|his|her|their)\s+)?(?:[A-Z][\w’'.-]*\s+){1,6}?[A-Z][\w’'.-]*|"
    r"(?:the|its|his|her|their)\s+(?:[a-z][\w-]*\s+){0,2}(?:spokes(?:man|woman|person)|minister|president|"
    r"ministry|government|company|union))\s+(?P<verb>warning|saying|adding|noting|arguing|insisting|claiming|"
    r"calling\s+for|urging|predicting|accusing)\b"
)


# Kinds that name a source by themselves (a lower-case "named person" is no name: "the critic").
_SOURCE_KINDS = frozenset({"named_person", "named_outlet", "organisation", "official_document", "anonymous"})


def _names_a_source(np: str, men: Mention) -> bool:
    """Whether ``np``, classified as ``men`` of a kind in ``_SOURCE_KINDS``, names a source."""
    return men.kind != "named_person" or np.strip()[:1].isupper()


class CueForms:
    """The cue forms other than a speech verb with its subject; mixed into the attribution finder."""

    lex: Lexicon
    registry: Registry
    sents: list[_Sent]
    found: list[Found]
    verbs: re.Pattern[str]

    # Readings of the finder these forms use (its methods, in ``attribution._Finder``).
    _make: Callable[..., Found | None]
    _plausible: Callable[[str, bool], bool]
    _segment_start: Callable[[str, Quotes, str, int], int]
    _subject: Callable[[str, int], tuple[str, int, bool]]

    def _interviewed_by(self, st: _Sent, hits: list[Found]) -> list[Found]:
        """ "In an interview with the BBC, Mr Obama said ...": the outlet the words came through is the
        chain behind the speaker (as "told the Hollin Record" is)."""
        m = _INTERVIEW_WITH.search(outside_text(st.text, st.quotes))
        if m is None:
            return hits
        outlet = classify(m.group("outlet"), self.lex)
        if outlet.kind not in {"named_outlet", "organisation"} and not re.search(
            r"\.(?:com|org|net|co\.uk)\b", m.group("outlet")
        ):
            return hits
        for h in hits:
            if not h.chain and h.source.kind in {"named_person", "anonymous"} and m.start() < h.cue[0] + 200:
                h.chain = [
                    h.source,
                    self.registry.add(Mention(outlet.text, "named_outlet", outlet.confidence, outlet.key)),
                ]
        return hits

    def _according(self, st: _Sent, text: str, quotes: Quotes, outside: str, out: list[Found]) -> None:
        """ "according to X" anywhere: X is the source of the rest of the sentence."""
        for m in _ACCORDING.finditer(outside):
            s, e = _np_after(text, m.end())
            if e <= s or self._conforms_to(text, m.start(), text[s:e]):
                continue
            piece = _PIECE_IN.match(text, e)
            if piece and _TIME_WORD.search(piece.group("outlet")):
                piece = None  # "a report on Monday", "an article in March": a time, not an outlet
            if piece and re.fullmatch(
                r"(?:an?|the)\s+(?:[\w-]+\s+){0,2}(?:article|report|story|interview|editorial|column|piece|op-ed)",
                text[s:e].strip(),
            ):
                s, e = piece.start("outlet"), piece.end("outlet")  # "an article in the Dalby Gazette": the outlet
                if re.search(r"[a-z]{2}\.$", text[s:e]):
                    e -= 1  # "... in the Harbor Times.": the sentence's full stop is no part of the name
            hit = self._make(st, text, quotes, (m.start(), e), (s, e), "according_to", 0.85, out)
            if hit:
                content = [(0, m.start()), (e, len(text))]
                hit.mode = _mode(text, content, quotes)
                hit.content = " ".join(text[a:b].strip(" ,.") for a, b in content if text[a:b].strip(" ,."))
                out.append(hit)

    def _citing(self, st: _Sent, text: str, quotes: Quotes, outside: str, out: list[Found]) -> None:
        """ "..., citing X": X is a source behind whoever cites it ("Bloomberg reported ..., citing people
        familiar with the matter"; "The Tribune, citing witnesses, identified ..."). A reason cited ("citing
        bad weather", "citing higher costs") is no source and is left alone."""
        for m in _CITING_SOURCE.finditer(outside):
            s, e = _np_after(text, m.end())
            if e <= s or not self._citable(text[s:e]):
                continue
            citer = next((h for h in reversed(out) if h.cue[0] < m.start()), None)
            if citer is None:
                citer = self._citing_subject(st, text, quotes, m.start(), e, out)
            if citer is None:
                continue
            hit = self._make(st, text, quotes, (m.start("verb"), e), (s, e), "citing", 0.7, out)
            if hit is None:
                continue
            hit.chain = [hit.source, citer.source]
            hit.mode, hit.content = citer.mode, citer.content
            out.append(hit)

    def _citing_subject(
        self, st: _Sent, text: str, quotes: Quotes, at: int, np_end: int, out: list[Found]
    ) -> Found | None:
        """ "The Tribune, citing witnesses, identified the driver ...": the outlet, body or person that opens
        the sentence cites the source; its cue runs to the verb after the aside."""
        subject = re.match(r"\s*((?:[Tt]he\s+)?[A-Z][\w’'.&-]*(?:\s+[A-Z][\w’'.&-]*)*)\s*$", text[:at])
        verb = re.match(r"\s*,\s*(?:\w+\s+){0,2}?([a-z]+(?:ed|s))\b", text[np_end:])
        if subject is None or verb is None:
            return None
        cue = (subject.start(1), np_end + verb.end(1))
        hit = self._make(st, text, quotes, cue, subject.span(1), "speaker_first", 0.6, out)
        if hit is None or hit.source.kind not in {"named_outlet", "organisation", "named_person"}:
            return None
        hit.content = text[cue[1] :].strip(" ,.")
        hit.mode = _mode(text, [(cue[1], len(text))], quotes)
        out.append(hit)
        return hit

    def _with_speaker(self, st: _Sent, text: str, quotes: Quotes, outside: str, out: list[Found]) -> None:
        """ "..., with Jordanian Foreign Minister Ayman Safadi warning of ...": the person (or body) after
        "with" speaks; the words after the participle are theirs."""
        for m in _WITH_SPEAKER.finditer(outside):
            if any(h.cue[0] < m.end() and m.start() < h.cue[1] for h in out):
                continue
            if not self._plausible(m.group("who"), True):
                continue
            hit = self._make(st, text, quotes, (m.start("who"), m.end("verb")), m.span("who"), "participle", 0.7, out)
            if hit is None:
                continue
            hit.mode = _mode(text, [(m.end("verb"), len(text))], quotes)
            hit.content = text[m.end("verb") :].strip(" ,.")
            out.append(hit)

    def _citable(self, np: str) -> bool:
        """Whether ``np`` (what follows "citing") names a source: a person, outlet, body, document or an
        unnamed group of people, not a reason ("strong demand", "security concerns")."""
        men = classify(np, self.lex)
        if men.kind in _SOURCE_KINDS:
            return _names_a_source(np, men)
        return men.kind == "vague" and _head_word(np) in self.lex.words("vague_heads") | {
            "witnesses",
            "witness",
            "police",
        }

    def _no_verb(self, st: _Sent, text: str, quotes: Quotes, outside: str, out: list[Found]) -> None:
        """Attribution with no speech verb: "following a report from X that ...", a headline's
        "... on report", and hedges that say the content was reported ("reportedly")."""

        def free(a: int, b: int) -> bool:
            return not any(h.cue[0] < b and a < h.cue[1] for h in out)

        def add(cue: tuple[int, int], mention: Mention, conf: float) -> None:
            entry = self.registry.add(mention)
            hit = Found(st.id, cue, text[cue[0] : cue[1]], entry, "paraphrase", conf, "no_verb")
            rest = [(0, cue[0]), (cue[1], len(text))]
            hit.mode = _mode(text, rest, quotes)
            hit.content = " ".join(text[a:b].strip(" ,.") for a, b in rest if text[a:b].strip(" ,."))
            out.append(hit)

        for m in _REPORT_FROM.finditer(outside):
            s, e = _np_after(text, m.end())
            if e > s and free(m.start(), e) and re.search(r"\b[A-Z]", text[s:e]):
                add((m.start(), e), classify(text[s:e], self.lex), 0.7)
        if st.index == 0 and not re.search(r"[.!?][”\"’]?\s*$", text):
            for m in _ON_REPORT.finditer(outside):
                if free(*m.span()):
                    add(m.span(), Mention("unnamed report", "vague", 0.4, "src:unnamed report"), 0.55)
        if not out:
            for m in _WHAT_THEY_WANT.finditer(outside):
                who = m.group("who")
                if who.split()[0].lower() not in {"i", "we", "you", "it", "this"}:
                    add(m.span(), classify(who, self.lex), 0.6)
        # "Claims that the rifles came from a depot were rejected by the ministry, which said ...": the
        # claims are nobody's named words, whoever answers them later in the sentence.
        claims = _CLAIMS_THAT.match(outside)
        if claims and free(claims.start(), claims.end()):
            span = clean_span(text, claims.start(), claims.end())
            add(span, Mention("unnamed claims", "vague", 0.5, "src:unnamed claims", plural=True), 0.55)
        for span, who, conf in self._hedged(outside):
            if free(*span):
                add(span, Mention(who, "vague", 0.5, "src:" + who, plural=True), conf)

    def _hedged(self, outside: str) -> list[tuple[tuple[int, int], str, float]]:
        """Hedges that credit nobody: "reportedly", "is said to" (unnamed reports) and a view in the passive,
        "is widely regarded as" (unnamed observers); each span with its vague source and confidence."""
        out: list[tuple[tuple[int, int], str, float]] = []
        for m in self.lex.pattern("reported_hedges").finditer(outside):
            if m.group(0).lower().endswith(" to") and not re.match(
                r"\s+(?:have|be|been|had|hold|own)\b", outside[m.end() :]
            ):
                continue  # "was reported to police": a report made to someone, not a hedge ("was reported to have")
            out.append((m.span(), "unnamed reports", 0.55))
        out += [(m.span(), "unnamed observers", 0.5) for m in self.lex.pattern("viewed_hedges").finditer(outside)]
        return out

    def _headline_report(self) -> None:
        """A headline's "on report" is the report the body names first ("following a report from X")."""
        heads = [f for f in self.found if f.pattern == "no_verb" and f.source.name == "unnamed report"]
        body = [
            f
            for f in self.found
            if f.sentence != (self.sents[0].id if self.sents else "")
            and re.search(r"\breport", f.cue_text, re.IGNORECASE)
            and f.source.kind in {"named_outlet", "official_document", "organisation"}
        ]
        for f in heads:
            if body:
                f.source = body[0].source
        # "Rights group says ..." over "the labour rights group FairThread said ...": a headline names
        # a body by what it is; the body's first cue that uses the same noun names it.
        head_id = self.sents[0].id if self.sents else ""
        for f in self.found:
            name = f.source.name
            if (
                f.sentence != head_id
                or f.source.kind not in {"vague", "organisation"}
                or any(w[:1].isupper() for w in name.split()[1:])
            ):
                continue
            noun = name.split()[-1].lower() if name.split() else ""
            if noun not in self.lex.words("organisation_nouns"):
                continue
            same = next(
                (
                    g
                    for g in self.found
                    if g.sentence != head_id
                    and g.source is not f.source
                    and g.source.kind in {"organisation", "named_outlet"}
                    and re.search(rf"\b{re.escape(noun)}\b", g.cue_text, re.IGNORECASE)
                ),
                None,
            )
            if same is not None:
                f.source = same.source

    def _conforms_to(self, text: str, start: int, np: str) -> bool:
        """ "calibrated according to their prices", "sorted according to size": "according to" as
        "in line with" after a participle or verb, with no source-like noun phrase after it."""
        before = re.search(r"([\w’'-]+)\s*$", text[:start])
        if before is None or not re.fullmatch(r"[a-z]+(?:ed|ing|s)|vary|differ|set|paid|cut", before.group(1)):
            return False
        if re.search(r"\b[A-Z]", np):
            return False
        head = re.split(r"\s+of\s+", np.lower())[0].split()[-1].strip(".,’'")
        lex = self.lex
        sources = lex.words("document_words") | lex.words("institution_words") | lex.words("anonymous_heads")
        return head not in sources | lex.words("vague_heads") | lex.words("journalist_words")

    def _passive(
        self, st: _Sent, text: str, quotes: Quotes, outside: str, m: re.Match[str], out: list[Found]
    ) -> Found | None:
        """ "Oduya was quoted (by the Hollin Record) as saying ...": the person quoted, via the outlet."""
        seg_start = self._segment_start(text, quotes, outside, m.start())
        subject, sub_start, _ = self._subject(text[seg_start : m.start()], seg_start)
        if not subject or not self._plausible(subject, True) or self.verbs.search(subject):
            return None  # "Officials said the minister was quoted saying ...": inside what officials said
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

    def _passive_agent(self, st: _Sent, text: str, quotes: Quotes, m: re.Match[str], out: list[Found]) -> Found | None:
        """ "Corbyn is accused by critics of ...", "She was advised by the policy unit to ...": the agent
        after "by" is the source (a person, a body, a group or a document, never "a car")."""
        s, e = _np_after(text, m.end())
        agent = re.split(r"\s+(?:of|to|that|for|about|over|in|on|at|as|after|before|when)\s", text[s:e], maxsplit=1)[0]
        e = s + len(agent.rstrip())
        if e <= s or any(h.cue[0] <= s < h.cue[1] for h in out):
            return None
        men = classify(agent, self.lex)
        if men.kind in _SOURCE_KINDS:
            speaks = _names_a_source(agent, men)
        else:
            heads = self.lex.words("vague_heads") | self.lex.words("institution_words") | {"neighbour", "neighbor"}
            speaks = _head_word(agent) in heads or self._plausible(agent, True)
        if not speaks:
            return None
        hit = self._make(st, text, quotes, (m.start(), e), (s, e), "passive", 0.7, out)
        if hit is None:
            return None
        hit.mode = _mode(text, [(e, len(text))], quotes)
        hit.content = text[e:].strip(" ,.")
        return hit

    def _active_quote(
        self, st: _Sent, text: str, quotes: Quotes, outside: str, m: re.Match[str], out: list[Found]
    ) -> Found | None:
        """ "Local radio quoted the agency's head, Ivo Marr, as saying ...": the person quoted, via the outlet."""
        seg_start = self._segment_start(text, quotes, outside, m.start())
        subject, sub_start, _ = self._subject(_strip_verb_modifiers(text[seg_start : m.start()]), seg_start)
        if not subject or not self._plausible(subject, True):
            return None
        who = text[m.start("who") : m.end("who")].rstrip(" ,")
        hit = self._make(
            st, text, quotes, (sub_start, m.end()), (m.start("who"), m.start("who") + len(who)), "passive", 0.7, out
        )
        if hit is None:
            return None
        hit.chain = [hit.source, self.registry.add(classify(subject, self.lex))]
        hit.mode = _mode(text, [(m.end(), len(text))], quotes)
        hit.content = text[m.end() :].strip(" ,.")
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
