"""Who a pronoun, a description or a role means: the references of the attribution finder.

"He said" is the last person quoted unless someone was named since, and a given name, title or role
may rule a person out; "the statement said" is the body that issued it; "the airline" is the airline
named before (or the one business the story is about); "this person", "the publication", "the team"
the source of that type named before; "agency chief says" the one person the article introduces with
that role. :class:`References` keeps the people, organisations and genders the walk has met and answers
these questions for :class:`medialit.drafter.attribution._Finder`, which it is mixed into.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING

from medialit.drafter._lexicon import Lexicon
from medialit.drafter._text import outside_text
from medialit.drafter.sources import Mention, Registry, SourceEntry, classify, organisations_in, people_in

if TYPE_CHECKING:
    from medialit.drafter.found import Found, _Sent

STARTERS = frozenset(
    """
    the a an some many most several few two three four five one his her its their our other others
    both all each city state local federal former senior top
    """.split()
)

MALE = re.compile(
    r"\b(?:Mr|Mr\.|Sir|Lord|King|Prince|Father|he|his|him|man|boy|boyfriend|husband|father|son|brother|"
    r"uncle|spokesman|chairman|businessman|congressman|grandfather|nephew)\b"
)


FEMALE = re.compile(
    r"\b(?:Mrs|Mrs\.|Ms|Ms\.|Miss|Lady|Dame|Queen|Princess|Sister|she|her|woman|girl|girlfriend|wife|mother|"
    r"daughter|sister|aunt|spokeswoman|chairwoman|businesswoman|congresswoman|actress|grandmother|niece)\b"
)


# A subordinate clause before the main clause's subject: "When investigators questioned Avalos, she said ...".
_LEADING_CLAUSE = re.compile(
    r"^\s*(?:When|After|Before|As|While|Although|Though|Once|Asked|If|Because|Since|Until|Shown|Pressed)\b[^;:]*,\s*$"
)


# A quotation's own cue after it ("...," she said): the sentence has a speaker of its own.
_SPEECH_IN = re.compile(r"[”\"]\s*,?\s+[^“\"]{0,60}\b(?:said|says|added|told|asked|wrote)\b")


# An acronym that may stand for a body the article spells out: "CBP", "the DEA".
ACRONYM = re.compile(r"(?:[Tt]he\s+)?([A-Z]{2,6})")


def _agrees(pronoun: str, described: str) -> bool:
    """Whether "he" or "she" can mean a person described by ``described`` (a name and its titles or roles)."""
    if pronoun == "he":
        return not (FEMALE.search(described) and not MALE.search(described))
    if pronoun == "she":
        return not (MALE.search(described) and not FEMALE.search(described))
    return True


def _untitled(name: str) -> str:
    """ "Mayor Tom Belling" and "Tom Belling" are one person for a role lookup."""
    parts = name.split()
    return " ".join(parts[1:]) if len(parts) > 2 and parts[0][:1].isupper() else name


# Documents a body issues in its own name: "the statement said" is that body speaking.
_ISSUED = frozenset({"statement", "letter", "release", "email", "post", "report", "study", "survey", "audit", "review"})


_COMMERCIAL = frozenset(
    "company firm maker manufacturer retailer developer startup insurer operator carrier airline chain bank"
    " brokerage lender automaker carmaker chipmaker drugmaker conglomerate supplier".split()
)


_NON_COMMERCIAL = frozenset(
    """
    institute university college school hospital foundation charity ministry department agency council
    court commission authority government party union association police office bureau
    """.split()
)


# "the company" means a business named before, not the institute or agency named last.
CAPITALISED_NAME = re.compile(r"(?<![\w’'.-])[A-Z][\w’'.-]*[a-z][\w’'-]*(?:\s+[A-Z][\w’'-]*[a-z][\w’'-]*){0,2}")


# A business noun right after a name: "Zipcab drivers", "AirAsia's flights", "JPMorgan shares".
_BUSINESS_AFTER = re.compile(
    r"(?:['’]s)?\s+(?:shares|stock|profits?|revenues?|sales|earnings|results|chief|ceo|executives?|employees|"
    r"staff|workers|drivers|customers|users|passengers|flights?|planes?|jets?|fleet|stores|shops|outlets|"
    r"products|app|platform|services?|prices|fares|brand|board|spokes(?:man|woman|person)|headquarters|"
    r"investors|shareholders|founder|boss|rides?|deal|merger|subsidiary)\b"
)


_PLACE_PREPOSITION = re.compile(r"\b(?:in|at|near|across|outside|inside|around)\s+$")


@dataclass
class NameTally:
    """Capitalised names counted over the sentences read so far (for "the company" with no business
    named as one): how often and where last, which were seen inside a sentence, which after "in", "at"."""

    upto: int = 0
    counts: dict[str, tuple[int, int]] = field(default_factory=dict)
    inside: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    business: set[str] = field(default_factory=set)  # names with a business noun after them ("Zipcab drivers")

    def add(self, text: str, skip: frozenset[str]) -> None:
        for m in CAPITALISED_NAME.finditer(text):
            name = m.group(0)
            if name.lower() in skip:
                continue
            before = text[: m.start()]
            if _PLACE_PREPOSITION.search(before):
                self.places.add(name)
            if before.strip(" “\"‘'"):
                self.inside.add(name)
            if _BUSINESS_AFTER.match(text, m.end()):
                self.business.add(name)
            n, _ = self.counts.get(name, (0, 0))
            self.counts[name] = (n + 1, self.upto)
        self.upto += 1


class References:
    """The finder's memory of who and what the article has named, and the resolution of references.

    Mixed into the attribution finder, which sets every attribute below in its ``__init__``."""

    lex: Lexicon
    registry: Registry
    sents: list[_Sent]
    found: list[Found]
    people: list[tuple[tuple[int, int], str]]
    orgs: list[tuple[tuple[int, int], str]]
    surnames: dict[str, str]
    gender: dict[str, str]
    surname_pattern: re.Pattern[str] | None
    speech_words: frozenset[str]
    _org_firsts: dict[str, str]
    _roles_seen: dict[str, str | None]
    _contexts: list[tuple[str, str]] | None
    _spelled: dict[str, list[tuple[int, str]]] | None
    _index_of: dict[str, int]
    _name_tally: NameTally

    def _note_people(self, st: _Sent) -> None:
        for off, name in organisations_in(st.text, self.lex):
            self.orgs.append(((st.index, off), name))
            if len(name.split()) > 1:
                self._org_firsts[name.split()[0]] = name  # the latest full name for its first word
        firsts = self._org_firsts
        for m in re.finditer(r"\b[A-Z][\w’'-]+\b", st.text):
            if m.group(0) in firsts and not st.text.startswith(firsts[m.group(0)], m.start()):
                self.orgs.append(((st.index, m.start()), firsts[m.group(0)]))
        words = re.findall(r"[A-Za-z][\w’'-]*", st.text)
        title_case = st.index == 0 and len(words) >= 4 and sum(w[0].isupper() for w in words) > 0.7 * len(words)
        for off, name in people_in(st.text, self.lex):
            if title_case and not self.lex.pattern("titles").search(st.text[max(0, off - 30) : off]):
                continue  # "Cuomo's Cap on Hedge Funds": a headline in title case names no person by its capitals
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
        self._note_gender(st, [(off, n) for (i, off), n in self.people[-16:] if i == st.index])

    def _note_gender(self, st: _Sent, here: list[tuple[int, str]]) -> None:
        """ "Judy Avalos was arrested at the hospital where she was visiting her boyfriend": in a sentence
        that names one person, a "she" or "her" after the name (outside quotations) is that person."""
        names = {n for _, n in here}
        if len(names) != 1:
            return
        off = min(o for o, _ in here)
        after = outside_text(st.text, st.quotes)[off:]
        subject = r"(?:where|when|while|as|because|after|before|until|since|and|but|although)\s+"
        he = re.search(rf"\b{subject}he\b", after, re.IGNORECASE)
        she = re.search(rf"\b{subject}she\b", after, re.IGNORECASE)
        if bool(he) != bool(she):
            self.gender.setdefault(names.pop(), "he" if he else "she")

    def _remember(self, name: str) -> None:
        """Note a two-part person name so that its surname alone is recognised later."""
        parts = name.split()
        if len(parts) < 2 or not parts[-1][:1].isupper() or self.surnames.get(parts[-1]) == name:
            return
        self.surnames[parts[-1]] = name
        alts = "|".join(re.escape(s) for s in sorted(self.surnames, key=len, reverse=True))
        self.surname_pattern = re.compile(rf"\b(?:{alts})\b")

    def _people_before(self, st: _Sent, pos: int, pronoun: str = "") -> list[tuple[int, str]]:
        """People named before ``pos`` (up to four sentences back), leaving out those named inside a
        quotation of this sentence: in “Varro knew,” she said, the one spoken of is not the speaker;
        and, for "he" or "she", those whose title or role says otherwise ("Ms Lind" is no "he")."""
        out = [
            (i * 10000 + off, n)
            for (i, off), n in self.people
            if st.index - 4 <= i and (i, off) < (st.index, pos) and not (i == st.index and st.quotes.inside(off))
        ]
        if pronoun in {"he", "she"}:
            out = [(p, n) for p, n in out if _agrees(pronoun, self._described_as(n))]
        return out

    def _described_as(self, name: str) -> str:
        """A person's name with the words the text put before it ("Ms", "boyfriend"), to read a gender from."""
        entry = next(
            (e for e in self.registry.entries.values() if e.name.endswith(name) or name.endswith(e.name)), None
        )
        seen = [g for n, g in self.gender.items() if n.endswith(name) or name.endswith(n)]
        titles = self.lex.words("titles")
        given = [w.lower() for w in re.findall(r"[A-Za-zÀ-ÿ-]+", name) if w.lower() not in titles and w[:1].isupper()]
        # a given name read as one gender ("Virginia", "Ian"), when it is no surname of anyone else
        by_name = [
            "woman" if w in self.lex.words("female_names") else "man"
            for w in given[:1]
            if w in self.lex.words("female_names") ^ self.lex.words("male_names")
        ]
        return " ".join([name, *(entry.mentions if entry else []), *seen[:1], *by_name])

    def _reach_back(self, index: int) -> int:
        """The earliest sentence a "he" or "she" at ``index`` may reach back to: three sentences, not
        counting those of a quotation that runs on over sentences or paragraphs (the speaker's own words)."""
        counted, i = 0, index
        while i > 0 and counted < 3:
            i -= 1
            if not re.match(r"\s*[“\"]", self.sents[i].text) or i == 0:
                counted += 1
            elif _SPEECH_IN.search(self.sents[i].text):
                counted += 1  # a quotation with its own cue: a speaker of its own
        return i

    def _previous_speaker(self, st: _Sent, pos: int, pronoun: str, out: list[Found]) -> SourceEntry | None:
        """ "The boyfriend told investigators ..., documents say. He said ...": "he" or "she" at the start of a
        report is, most often, the last person quoted (up to three sentences back), unless a person was named
        after that speaker's sentence; a title or role that says otherwise rules a speaker out."""
        if pronoun not in {"he", "she"}:
            return None
        earlier = [f for f in out if f.cue[1] <= pos] if out else []
        by_index = self._index_of
        reach = self._reach_back(st.index)
        recent: list[Found] = []
        for f in reversed(self.found):  # in the article's order: walk back only as far as the reach
            if by_index.get(f.sentence, -99) < reach:
                break
            recent.append(f)
        hits = [f for f in [*reversed(recent), *earlier] if reach <= by_index.get(f.sentence, -99) <= st.index]
        for f in reversed(hits):
            name = f.source.name
            np = re.split(r"\s+(?:in|of|from|at|with|for|on|near|who|which|that)\s+", name)[0].split()
            head = np[-1].lower() if np else ""
            many = head in {"men", "women", "people", "children", "police", "staff", "crew"}
            if (many or (head.endswith("s") and not head.endswith("ss"))) and f.source.kind != "named_person":
                continue  # "investigators", "officials": many, never "he" or "she"
            lex = self.lex
            person = (
                lex.pattern("person_nouns").search(name.lower())
                or MALE.search(name)
                or FEMALE.search(name)
                or (
                    f.source.kind == "vague"
                    and head not in lex.words("organisation_nouns") | lex.words("document_words")
                )
            )
            if f.source.kind not in {"named_person", "anonymous"} and not person:
                continue  # a document or a body speaks as "it", not "he"
            if not _agrees(pronoun, " ".join([self._described_as(f.source.name), *f.source.mentions])):
                continue
            at = by_index[f.sentence]
            # A person named in a sentence between the speaker's and this one (the people in the
            # reported words of either are spoken of, not speaking).
            # A pronoun that opens a clause ("Others, like Sam Pike, welcomed it: he said ...") may also mean
            # a person named earlier in its own sentence.
            opens = (
                not st.text[:pos].strip()
                or re.search(r"[:;]\s*$", st.text[:pos]) is not None
                or _LEADING_CLAUSE.match(st.text[:pos]) is not None
                or re.search(r"(?:,|\b)\s*(?:and|but|then)\s+$", st.text[:pos]) is not None
            )
            named_later = any(
                at < i < st.index or (opens and i == st.index and off < pos and at < i) for (i, off), _ in self.people
            )
            return None if named_later else f.source
        return None

    def _issuer(self, st: _Sent, noun: str, out: list[Found]) -> SourceEntry | None:
        """Who issued "the statement" (or letter, release): the source of the latest attribution, up to
        six sentences back, that said it spoke "in a statement"."""
        if noun not in _ISSUED:
            return None
        word = re.compile(rf"\b{noun}s?\b", re.IGNORECASE)
        # The latest earlier sentence (up to six back) that mentions the noun decides: a statement issued
        # there by someone else ("Ana Ruiz issued her own statement") or a report named there ("a
        # separate report, by the Fiscal Office") is not the one an earlier speaker spoke "in".
        for prev in reversed(self.sents[max(0, st.index - 6) : st.index]):
            if not word.search(prev.text):
                continue
            for f in reversed([*self.found, *out]):
                if f.sentence == prev.id and re.search(
                    rf"\b(?:in|through)\s+(?:a|an|its|his|her|their)\s+(?:[\w-]+\s+)?{noun}\b",
                    f.cue_text + " " + prev.text[f.cue[1] : f.cue[1] + 30],
                ):
                    return f.source
            return None
        return None

    def _body_just_before(self, st: _Sent, pos: int, men: Mention) -> Mention | None:
        """ "The regional council rejects that. It says ...": a sentence-initial "it" means the body that
        is the subject of the sentence just before (a definite description: "the regional council"),
        even when that sentence credits nobody."""
        if not men.pronoun or men.key != "it" or st.text[:pos].strip() or st.index == 0:
            return None
        prev = self.sents[st.index - 1]
        if prev.paragraph != st.paragraph and prev.index != st.index - 1:
            return None
        m = re.match(r"\s*[Tt]he((?:\s+[a-z][\w-]*){1,3})\s+(?!of\b|for\b|in\b)[a-z]", prev.text)
        if m is None or prev.quotes.covers(0, m.end()):
            return None
        lex = self.lex
        bodies = lex.words("organisation_nouns") | lex.words("institution_words")
        ws = m.group(1).split()
        for n in range(len(ws), 0, -1):
            if ws[n - 1] in bodies:
                return classify("the " + " ".join(ws[:n]), lex)
        return None

    def _referent(self, st: _Sent, pos: int, noun: str) -> str | None:
        """What "this person", "the publication", "the team" refers to: the latest earlier source of
        that type, or an earlier noun phrase with the same head ("A rescue team from Skarra")."""
        lex = self.lex
        if noun in lex.words("person_nouns"):
            for sid, m in reversed(self.registry.recent):
                entry = self.registry.by_id(sid)
                personal = bool(lex.pattern("person_nouns").search(" ".join(entry.name.split()[:3])))
                if (entry.kind in {"anonymous", "named_person"} or personal) and not m.plural:
                    return entry.name
            return None
        if noun in lex.words("outlet_nouns"):
            for sid, _m in reversed(self.registry.recent):
                entry = self.registry.by_id(sid)
                if entry.kind == "named_outlet":
                    return entry.name
            outlets = [(p, n) for p, n in self.orgs if p < (st.index, pos) and lex.pattern("outlet_words").search(n)]
            return max(outlets)[1] if outlets else None
        intro = re.compile(
            rf"\b(?:[Aa]n?|[Tt]he|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir)\s+((?:[\w-]+\s+){{0,3}}{re.escape(noun)}"
            rf"\s+(?:from|of|at|in|led\s+by)\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+(?:of\s+)?[A-Z][\w’'-]*)*)"
        )
        # "an engineering firm, Tessel Consult", "the security firm Greyline": the name set beside the noun.
        named = re.compile(
            rf"\b(?:[Aa]n?|[Tt]he|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir)\s+(?:[\w-]+\s+){{0,2}}{re.escape(noun)},?\s+"
            rf"((?:the\s+)?[A-Z][\w’'-]*(?:\s+(?:of\s+)?[A-Z][\w’'-]*)*)"
        )
        for prev in reversed(self.sents[max(0, st.index - 3) : st.index + 1]):
            text = prev.text[:pos] if prev is st else prev.text
            found = sorted([*intro.finditer(text), *named.finditer(text)], key=lambda f: f.start())
            if found:
                return found[-1].group(1)
        return None

    def _protagonist(self, index: int) -> str | None:
        """The business the story is about, when "the company" (or firm, airline, bank) finds no business
        named as one. Either the name that opens the sentence itself ("JPMorgan Chase earned $4.9 billion
        ..., the company announced"), when it is a name of two words or more or a brand with capitals
        inside; or the one name used before as a business is, with a business noun after it ("Zipcab
        drivers", "AirAsia's flights"), twice or more and clearly more often than any other such name.
        Never a person, place, outlet, public body, weekday or month; None when in doubt: "the company"
        then stays generic."""
        lex = self.lex
        people = {w for _, n in self.people for w in n.split()} | set(self.surnames)
        skip = lex.words("countries") | lex.words("weekdays") | lex.words("months")

        def business_like(name: str, person_check: bool = True) -> bool:
            return (
                name.lower() not in skip | STARTERS
                and not (person_check and people.intersection(name.split()))
                and not lex.pattern("outlet_words").search(name)
                and not _NON_COMMERCIAL.intersection(name.lower().split())
            )

        text = self.sents[index].text
        own = CAPITALISED_NAME.match(text)
        # a name of two words that opens a sentence about a business's results may look like a person's
        # ("JPMorgan Chase earned ..."): the noun "company" says otherwise
        if (
            own
            and business_like(own.group(0), False)
            and (" " in own.group(0) or re.search(r"[a-z][A-Z]", own.group(0)))
        ):
            verb = re.match(r"\s+([a-z]+(?:ed|s))\b", text[own.end() :])
            if verb and verb.group(1) not in self.speech_words:
                return own.group(0)
        tally = self._name_tally
        if tally.upto > index:
            tally = self._name_tally = NameTally()
        for st in self.sents[tally.upto : index]:  # the walk asks in the article's order: count each sentence once
            tally.add(st.text, skip | STARTERS)
        tally.upto = max(tally.upto, index)
        named = sorted(
            (
                (c, name)
                for name, c in tally.counts.items()
                if name in tally.business and name not in tally.places and c[0] >= 2 and business_like(name)
            ),
            reverse=True,
        )
        if not named or (len(named) > 1 and named[0][0][0] < 2 * named[1][0][0]):
            return None
        return named[0][1]

    def _named_by_form(self, mtext: str, here: tuple[int, int]) -> str | None:
        """A name the form of ``mtext`` points to: "The 56-year-old" is the person the story named last;
        "CBP" or "the DEA" is the body the article spells out ("Customs and Border Protection")."""
        if re.fullmatch(r"[Tt]he\s+\d{1,3}-year-old(?:\s+(?:man|woman|actor|singer|player|manager|coach))?", mtext):
            people = [(p, n) for p, n in self.people if p < here and len(n.split()) > 1]
            return max(people)[1] if people else None
        acronym = ACRONYM.fullmatch(mtext)
        return self._spelled_out(acronym.group(1), here[0]) if acronym else None

    def _named_earlier(self, st: _Sent, pos: int, mtext: str) -> str:
        """The fuller name of a source the text named before: "the airline" -> "Skyline Air",
        "Haines" -> "Robert Haines", "Norden" -> "Norden Propulsion", "this person" -> the
        anonymous person quoted before, "the publication" -> the outlet named before."""
        here = (st.index, pos)
        m = re.fullmatch(r"(?:the|The|this|This|that|That)\s+([a-z]+)", mtext.strip())
        if m:
            referent = self._referent(st, pos, m.group(1))
            if referent:
                return referent
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
                and not (m.group(1) in _COMMERCIAL and _NON_COMMERCIAL.intersection(n.lower().split()))
            ]
            if not recent and m.group(1) in _COMMERCIAL:
                # "the company" long after the one business the article names: still that business.
                recent = [
                    (p, n)
                    for p, n in self.orgs
                    if p < here
                    and not self.lex.pattern("outlet_words").search(n)
                    and not _NON_COMMERCIAL.intersection(n.lower().split())
                ]
            if recent:
                return max(recent)[1]
            if m.group(1) in _COMMERCIAL:
                named = self._protagonist(st.index)
                if named:
                    return named  # "the company announced" in a story about "Uber" that never says "Uber Inc"
        by_form = self._named_by_form(mtext.strip(), here)
        if by_form:
            return by_form
        token = mtext.strip()
        if re.fullmatch(r"[A-Z][\w’'-]+", token):
            for _, name in sorted(self.orgs, reverse=True):
                if name.split()[0] == token and len(name.split()) > 1 and _ < here:
                    return name
            for p, name in sorted(self.people, reverse=True):
                if p < here and name.split()[-1] == token and len(name.split()) > 1:
                    return name
        return mtext

    def _spelled_out(self, acronym: str, upto: int) -> str | None:
        """The name the article spells out for ``acronym`` up to sentence ``upto``: a run of capitalised
        words whose initials make it ("Customs and Border Protection" for CBP; "and", "of", "for", "the"
        skipped), the latest one."""
        if self._spelled is None:
            self._spelled = {}
            run = re.compile(r"[A-Z][\w’'.&-]*(?:\s+(?:(?:and|of|for|the|on)\s+)*[A-Z][\w’'.&-]*)+")
            for st in self.sents:
                for m in run.finditer(st.text):
                    tokens = m.group(0).split()
                    capital = [i for i, w in enumerate(tokens) if w[:1].isupper()]
                    for k, i in enumerate(capital[:-1]):  # "the U.S. Drug Enforcement Administration": each tail
                        letters = "".join(tokens[j][0] for j in capital[k:])
                        self._spelled.setdefault(letters, []).append((st.index, " ".join(tokens[i:])))
        named = [name for index, name in self._spelled.get(acronym, []) if index <= upto]
        return named[-1] if named else None

    def _pair_named_before(self, st: _Sent) -> str | None:
        """ "Both men claimed ...": the latest two people the article names together ("American Kevin King
        and Australian Timothy Weeks"), before this sentence."""
        for prev in reversed(self.sents[: st.index]):
            people = people_in(prev.text, self.lex)
            for (a_off, a), (b_off, b) in pairwise(people):
                between = prev.text[a_off + len(a) : b_off]
                if re.fullmatch(r"\s*(?:,\s*)?and\s+(?:[A-Z][\w-]*\s+)?", between):
                    return f"{a} and {b}"
        return None

    # -- roles named without a name ("agency chief", "the president") ------------------------
    def _resolve_roles(self) -> None:
        """A source named only by a role ("agency chief says", "its chief executive said", "as the
        president has put it") is the person the article names with that role, before or after."""
        lex = self.lex
        roles = lex.words("titles") | lex.words("occupations") | {"executive"}
        for f in self.found:
            if f.source.kind == "named_person" or f.chain:
                continue
            ws = re.findall(r"[A-Za-z’'-]+", f.source.name)
            placed = f.source.kind == "anonymous" and len(ws) > 2  # "A California transit chief says"
            # a role ("the agency chief") or an occupation ("the real estate agent", "the hunter"), never a
            # word for anyone ("the man", "officials") or a kinship ("the mother")
            if not ws or (any(w[:1].isupper() for w in ws[1:]) and not placed) or ws[-1].lower() not in roles:
                continue
            name = self._person_with_role(ws[-1].lower())
            if name is None and ws[-1].lower() in lex.words("occupations") and ws[0].lower() == "the":
                name = self._subject_just_before(f)
            if name:
                f.source = self.registry.add(classify(name, lex))

    def _subject_just_before(self, f: Found) -> str | None:
        """ "Eyamba Sowers didn't know ... The real estate agent said ...": an occupation with "the" at the
        start of a sentence names again the person who opens the sentence just before, in the same
        paragraph (a description used for variety), when no one is introduced with that occupation."""
        index = self._index_of.get(f.sentence, 0)
        if index == 0 or f.cue[0] > 0:
            return None
        prev = self.sents[index - 1]
        if prev.paragraph != self.sents[index].paragraph:
            return None
        people = people_in(prev.text, self.lex)
        if people and people[0][0] == 0 and len(people[0][1].split()) >= 2:
            return people[0][1]
        return None

    def _person_with_role(self, role: str) -> str | None:
        """The one person the article introduces with ``role`` ("chief executive Lena Brandt",
        "Maja Lind, a biologist"); None when there is none or more than one."""
        if role not in self._roles_seen:
            word = re.compile(rf"\b{re.escape(role)}\b", re.IGNORECASE)
            names = {
                _untitled(name): None
                for name, context in self._role_contexts()
                if word.search(context) or word.search(name.split()[0] if len(name.split()) > 2 else "")
            }
            self._roles_seen[role] = next(iter(names)) if len(names) == 1 else None
        return self._roles_seen[role]

    def _role_contexts(self) -> list[tuple[str, str]]:
        """Every person name of the article with the words that introduce it (computed once)."""
        if self._contexts is None:
            self._contexts = []
            for st in self.sents:
                for off, name in people_in(st.text, self.lex):
                    pos = st.text.find(name, off)
                    pos = off if pos < 0 else pos
                    pieces = re.split(r"[,.;:“”\"]", st.text[max(0, pos - 30) : pos])
                    before = pieces[-1]
                    if not before.strip() and len(pieces) > 1 and st.text[:pos].rstrip().endswith(","):
                        before = pieces[-2]  # "The real estate agent, Eyamba Sowers, ...": the role in apposition
                    # "The mayor said Tom Berg was wrong": a role before a verb is the subject's, not the name's.
                    before = re.split(r"\b(?:said|says|told|added|argued|claimed|warned|insisted|noted)\b", before)[-1]
                    after = re.match(r",\s*(?:the|a|an|its|his|her|their)?\s*[^,.;]{0,40}", st.text[pos + len(name) :])
                    self._contexts.append((name, before + " | " + (after.group(0) if after else "")))
        return self._contexts
