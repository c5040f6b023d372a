"""Who a mention names: classify a source phrase and keep one entry per source in an article."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from medialit.drafter._lexicon import Lexicon
from medialit.drafter._text import NAME_RUN, slug, words

PRONOUNS = {
    "he": "person",
    "she": "person",
    "him": "person",
    "her": "person",
    "it": "thing",
    "they": "group",
    "them": "group",
    "we": "group",
    "i": "speaker",
}
_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her"}
_PLACE_WORDS = frozenset(
    """
    street avenue road boulevard square park river lake valley county city state island mountains
    district hospital station bridge airport
    """.split()
)
_NUMBER_WORDS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "several"}


@dataclass(frozen=True)
class Mention:
    """A source as the text names it, with its guessed kind and how sure the guess is."""

    text: str
    kind: str
    confidence: float
    key: str
    plural: bool = False
    pronoun: bool = False
    role: str = ""
    written: str = ""


def _person_name(text: str, lex: Lexicon, last: bool = False) -> str | None:
    """The personal name in ``text`` (titles removed), if it reads like one (the last one with ``last``)."""
    # A title ends a run of capitalised words: "Agency chief Tom Vail" holds the name "Tom Vail",
    # not "Agency Tom Vail".
    stripped = lex.pattern("titles").sub(" ; ", text)
    runs = [r for run in NAME_RUN.findall(stripped) for r in re.split(r"\s+of\s+", run)]
    for run in reversed(runs) if last else runs:
        parts = [p for p in run.split() if p.lower().rstrip(".") not in {"of", "the", "de", "la", "le"}]
        if len(parts) < 2:
            continue
        # A possessive ending goes, a plural stays: "Varro Foods" ends in "foods", an organisation's word.
        low = {re.sub(r"[’']s$", "", p.lower()).rstrip(".,’'") for p in parts}
        if low & (
            lex.words("institution_words") | lex.words("outlet_words") | _PLACE_WORDS | lex.words("org_suffixes")
        ):
            continue
        if any(p.isupper() and len(p) > 1 for p in parts):
            continue
        return " ".join(parts)
    return None


def _renamed(m: Mention, text: str) -> Mention:
    """``m`` with the full mention text (the kind was read from its head)."""
    return m if m.text == text else Mention(text, m.kind, m.confidence, m.key, m.plural, m.pronoun)


# A body's name that holds "and" (and commas) before its last capitalised words: "the Print,
# Broadcast and Design Union", "the Tarn Fire and Rescue Service" (one name, not two speakers).
_CAP = r"[A-Z][\w’'-]*"
AND_NAME = re.compile(
    rf"(?:\b[Tt]he\s+)?(?:{_CAP}(?:\s+{_CAP})*,\s+)*{_CAP}(?:\s+{_CAP})*,?\s+and\s+{_CAP}(?:\s+{_CAP})+"
)


def and_name_at_end(seg: str, lex: Lexicon) -> re.Match[str] | None:
    """The name of a body ending ``seg`` whose name holds "and", when its last word names a body."""
    for m in AND_NAME.finditer(seg):
        if seg[m.end() :].strip():
            continue
        last = m.group(0).split()[-1].lower().strip(".,")
        if last in lex.words("institution_words") | lex.words("org_suffixes"):
            return m
    return None


_GIVEN_NAME = re.compile(
    r"\bwho\s+(?:gave|give|gives)\s+(?:his|her|their)\s+(?:first\s+)?name\s+(?:only\s+)?as\s+"
    r"([A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*)|\b(?:identified|named|known)\s+only\s+as\s+([A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*)"
)


_CLOSE_TO = re.compile(r"\s+(?:close\s+to|briefed\s+on|with\s+knowledge\s+of|involved\s+in|knowledgeable\s+about)\s")


# A person's role, then the name set beside it between commas: "her mother, Fiona", "the firm's founder,
# Lena Brandt" (the role's head word is group 1, the name group 2).
_ROLE_COMMA_NAME = re.compile(
    r"(?:[Hh]is|[Hh]er|[Tt]heir|[Tt]he|[Ii]ts|[Aa]n?)\s+(?:[\w’'-]+\s+){0,3}?([a-z][\w-]*),\s+"
    r"([A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3}),?"
)
_PERSON_ROLES = frozenset(
    """
    mother father wife husband son daughter sister brother partner friend neighbour neighbor cousin
    uncle aunt widow fiancee fiancé fiancée girlfriend boyfriend grandmother grandfather niece nephew
    founder manager coach teacher colleague boss
    """.split()
)
_LOWER_ROLE_THEN_NAME = re.compile(
    r"(?:(?:the|a|an)\s+)?((?:[a-z][\w’'-]*\s+){1,3})((?:[A-Z][\w’'.-]+\s+){1,2}[A-Z][\w’'-]+)"
)


def classify(text: str, lex: Lexicon, context: str = "") -> Mention:
    """Guess the kind of the source named by ``text``.

    ``context`` is nearby text (an appositive such as "who asked not to be named") that
    can reveal anonymity. Kinds follow the schema: named_person, named_outlet,
    official_document (documents and data), organisation (institutions, agencies, NGOs,
    companies: bodies that speak for themselves), anonymous, vague. A pronoun gets kind
    ``none`` and ``pronoun=True``; the caller resolves it.
    """
    full = " ".join(text.split()).strip(" ,;:")
    if full[:1].isupper() and re.sub(r"^[Tt]he\s+", "", full).lower() in lex.words("countries"):
        return Mention(full, "organisation", 0.6, _key(full))  # "Iran says", "Zambia said": its government
    if full[:1].isupper() and re.sub(r"^[Tt]he\s+", "", full).lower() in lex.words("institution_words"):
        return Mention(full, "organisation", 0.7, _key(full))  # "The United Nations", "the White House"
    if re.fullmatch(r"[a-z]{1,2}[A-Z][\w’'-]*", full):
        return Mention(full, "organisation", 0.5, _key(full))  # "iFixit", "eBay": a brand, a body
    if full.lower() in {"another", "others", "one", "some", "many"}:
        return Mention(full, "vague", 0.5, _key(full), plural=full.lower() != "another" and full.lower() != "one")
    placed = re.fullmatch(r"(?:[Aa]n?|[Tt]he)\s+[A-Z][\w’'.-]*(?:\s+[a-z][\w-]*){1,3}", full)
    if placed and full.split()[-1].lower() in lex.words("titles") | lex.words("anonymous_heads"):
        # "A California transit chief", "a Norwegian police official": a role placed by a capitalised
        # place or nationality, with no name: an unnamed person, not someone called "California"
        return Mention(full, "anonymous", 0.6, _key(full))
    given = _GIVEN_NAME.search(full)
    if given:  # "a woman who gave her name only as Britt": the name she gave
        name = given.group(1) or given.group(2)
        return Mention(name, "named_person", 0.6, _person_key(name))
    group = re.fullmatch(r"(?:[Mm]any|[Ss]ome|[Mm]ost|[Ff]ew|[Ss]everal|[Oo]ther)\s+[A-Z][a-z]+s", full)
    if group is not None:
        return Mention(full, "vague", 0.5, _key(full), plural=True)  # "Many Tunisians accuse ...": a group, unnamed
    beside = _ROLE_COMMA_NAME.fullmatch(full)
    if beside and beside.group(1).lower() in _PERSON_ROLES | lex.words("titles") | lex.words("anonymous_heads"):
        # "her mother, Fiona", "the company's founder, Lena Brandt": the person named beside the role
        name = beside.group(2)
        return Mention(
            name, "named_person", 0.7, _person_key(name), role=full[: beside.start(2)].strip(" ,"), written=full
        )
    glued = _LOWER_ROLE_THEN_NAME.fullmatch(full)
    if glued and glued.group(1).split()[-1] not in lex.words("organisation_nouns") | {"firm", "tank"}:
        # "study co-author Paul Expert", "the bank's chief economist Ann Holm": a lowercase role glued to a
        # person's name is that person, whatever the role's first word ("study", "report") names.
        person = _person_name(glued.group(2), lex)
        if person and person == glued.group(2).strip():
            role = re.sub(r"^(?:the|a|an)\s+", "", glued.group(1).strip())
            return Mention(person, "named_person", 0.7, _person_key(person), role=role, written=full)
    named = and_name_at_end(full, lex)
    if named is not None and named.start() == 0:
        return Mention(full, "organisation", 0.6, _key(full))  # "the Tarn Fire and Rescue Service"
    # "A person who has seen the internal review": the kind is read from the head, not the clause
    # (which can still mark anonymity: "a person who asked not to be named").
    head_text = re.split(r"\s+(?:who|whose|which|that)\s", full, maxsplit=1)[0]
    if not head_text.strip():
        head_text = full
    clause = full[len(head_text) :]
    near = _CLOSE_TO.search(head_text)
    if near is not None and words(head_text[: near.start()]):
        # "people close to the board", "two aides briefed on the talks": unnamed people placed near a
        # body, not the body; the closeness itself marks them as sources who stay unnamed.
        ws = words(head_text[: near.start()])
        return Mention(full, "anonymous", 0.6, _key(full), plural=ws[-1].endswith("s") or ws[-1] == "people")
    mention = _renamed(_classify_head(head_text, lex, (clause + " " + context).strip()), full)
    return _without_role(mention, lex) if mention.kind == "named_person" else mention


def _without_role(m: Mention, lex: Lexicon) -> Mention:
    """A person's mention named by the person alone, the role kept apart: "spokesman Steve Ray of
    Vantor" -> "Steve Ray" (role "spokesman of Vantor"), while a capitalised formal title stays
    ("Mayor Ann Lee"); "A spokeswoman for the company, Lea
    Marsh" -> "Lea Marsh"; "Ruud with the port authority" -> "Ruud"."""
    with_org = re.fullmatch(r"([A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2})\s+(with\s+(?:the|a|an)\s+.+)", m.text)
    if with_org:
        name, role = with_org.group(1), with_org.group(2)
    else:
        # "chief inspector Ann Holm from the West Mercia police": the body after the person is the role
        before_body = re.split(r"\s+(?:from|of|at|for|with)\s+the\s+", m.text, maxsplit=1)[0]
        person = _person_name(before_body, lex, last=True) if before_body != m.text else None
        if person is None or len(person.split()) < 2:
            person = _person_name(m.text, lex, last=True)
        if person is None or len(person.split()) < 2:
            return m
        found = re.search(r"\b" + r"\s+".join(re.escape(p) for p in person.split()) + r"\b", m.text)
        if found is None:
            return m
        if re.fullmatch(r"(?:[A-Z][\w’'.-]*\s+)+", m.text[: found.start()]):
            # "Mayor Ann Lee", "Dr. Maja Lind": a formal title, capitalised, is part of the name;
            # "Prof. Ola Berg of Varden University": the institution after it is the role.
            name, role = m.text[: found.end()], m.text[found.end() :]
        else:
            name = found.group(0)
            role = m.text[: found.start()] + " " + m.text[found.end() :]
    role = " ".join(role.split()).strip(" ,;:")
    if not role:
        return m
    return Mention(name, m.kind, m.confidence, m.key, m.plural, m.pronoun, role=role, written=m.text)


def _classify_head(t: str, lex: Lexicon, context: str) -> Mention:
    ws = words(t)
    with_org = re.fullmatch(r"([A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2})\s+with\s+(?:the|a|an)\s+[a-z][\w\s’'-]*", t)
    if with_org and words(with_org.group(1))[-1] not in lex.words("vague_heads") | lex.words("anonymous_heads"):
        # "Smith with the agency", "Ruud with the port authority": a person speaking for a body.
        return Mention(t, "named_person", 0.6, _person_key(with_org.group(1)))
    early = _pronoun_mention(t, ws) or _role_mention(t, ws, lex)
    if early is not None:
        return early
    low = t.lower()
    head = ws[-1]
    person = _person_name(t, lex)
    pre_of = words(re.split(r"\s+(?:of|for|at|from|with|in)\s+", t, maxsplit=1)[0])
    group_heads = lex.words("vague_heads") | lex.words("anonymous_heads") | lex.words("vague_quantifiers")
    if 0 < len(pre_of) < len(ws) and pre_of[-1] in group_heads:
        # "Residents of Arroyo Blanco", "some of the former members": the group, not the place.
        head, person = pre_of[-1], None
    has_outlet = bool(lex.pattern("outlet_words").search(t))
    has_doc = bool(lex.pattern("document_words").search(t))
    has_inst = bool(lex.pattern("institution_words").search(t))
    anonymous_marked = bool(lex.pattern("anonymity_markers").search(t + " " + context))
    journalist = any(w in lex.words("journalist_words") for w in ws)
    first = ws[0]
    quantified = first in lex.words("vague_quantifiers") or low.startswith("a number of")
    plural_head = head.endswith("s") and not head.endswith("ss")
    person_first = _person_name(" ".join(t.split()[: len(pre_of) + 1]), lex) if len(pre_of) < len(ws) else None
    if head in lex.words("org_suffixes") and t[:1].isupper() and not has_outlet and not person_first:
        # "Skyline Air", "Central State University"; but "Prof. Daniel Reyes of Central State University"
        # is the person before "of".
        return Mention(t, "organisation", 0.6, _key(t))
    if person and (journalist or not (has_doc or has_outlet)):
        return Mention(t, "named_person", 0.8 if len(person.split()) >= 2 else 0.6, _person_key(person))
    if anonymous_marked or (head in lex.words("anonymous_heads") and not quantified and not person):
        return Mention(t, "anonymous", 0.7, _key(t), plural=plural_head)
    if quantified or (head in lex.words("vague_heads") and not has_doc and not _proper_head(t)):
        return Mention(t, "vague", 0.7, _key(t), plural=True)
    if has_doc and not (has_outlet and not has_inst and head not in lex.words("document_words")):
        return Mention(t, "official_document", 0.6, _key(t))
    if has_outlet:
        return Mention(t, "named_outlet", 0.7, _key(t))
    if has_inst:
        return Mention(t, "organisation", 0.6, _key(t), plural=plural_head and first not in _DETERMINERS)
    return _leftover_mention(t, ws, head, plural_head, lex)


def _pronoun_mention(t: str, ws: list[str]) -> Mention | None:
    """An empty text or a pronoun ("they", "one of them"): kind ``none``, for the caller to resolve."""
    if not ws:
        return Mention(t, "none", 0.0, "", pronoun=True)
    if len(ws) <= 3 and ws[-1] in PRONOUNS and (len(ws) == 1 or ws[0] in {"one", "both", "all", "each"}):
        return Mention(t, "none", 0.0, ws[-1], plural=PRONOUNS[ws[-1]] == "group", pronoun=True)
    return None


def _role_mention(t: str, ws: list[str], lex: Lexicon) -> Mention | None:
    """A role followed by a name ("a spokeswoman for the company, Lea Marsh"), or an organisation by its noun."""
    head = ws[-1]
    role, _, named = t.rpartition(",")
    org_nouns = lex.words("organisation_nouns")
    if role and re.fullmatch(r"\s*(?:[A-Z][\w’'.-]*\s*){1,4}", named):
        # "A spokeswoman for the company, Lea Marsh": the name after the role decides;
        # "The operator, Brenn Terminals": a role that is an organisation makes the name one.
        role_head = words(re.split(r"\s+(?:of|for|at|from|with|in)\s+", role, maxsplit=1)[0])
        if role_head and role_head[-1] in org_nouns:
            return Mention(t, "organisation", 0.6, _key(named))
        person = _person_name(named, lex)
        if person and len(person.split()) >= 2:
            return Mention(t, "named_person", 0.8, _person_key(person))
    if ws[0] in _DETERMINERS and head in org_nouns and len(ws) <= 4:
        # "the port operator", "the company": an organisation speaking, not a vague group.
        return Mention(t, "organisation", 0.5, _key(t))
    return None


def _leftover_mention(t: str, ws: list[str], head: str, plural_head: bool, lex: Lexicon) -> Mention:
    """A text with no lexical cue: a group by its plural head, a bare proper name, or vague."""
    if plural_head and head in lex.words("vague_heads") | {"leaders"}:
        return Mention(t, "vague", 0.5, _key(t), plural=True)
    if len(ws) == 1 and ws[0] in lex.words("titles"):
        return Mention(t, "vague", 0.4, _key(t))  # a headline's "Mayor Says ...": a role, resolved to its holder later
    if len(ws) == 1 and ws[0] in lex.words("vague_heads") | _GROUP_WORDS | {"patients", "reporters", "democrats"}:
        return Mention(t, "vague", 0.5, _key(t), plural=True)  # "Democrats pledged", "Patients report"
    if t[:1].isupper() and all(w[:1].isupper() for w in t.split()[-2:]):
        # A bare proper name: a surname ("Tanaka"), an acronym ("MEK") or an outlet.
        last = t.split()[-1]
        if last.isupper() and len(last) > 1:
            return Mention(t, "organisation", 0.4, _key(t))
        if len(ws) == 1:
            return Mention(t, "named_person", 0.5, _person_key(t))
        return Mention(t, "named_person", 0.4, _key(t))
    if plural_head:
        return Mention(t, "vague", 0.4, _key(t), plural=True)
    return Mention(t, "vague", 0.3, _key(t))


def _proper_head(text: str) -> bool:
    last = text.split()[-1] if text.split() else ""
    return last[:1].isupper()


def _person_key(name: str) -> str:
    return "person:" + name.split()[-1].lower().strip(".,’'")


def _key(text: str) -> str:
    ws = [w for w in words(text) if w not in _DETERMINERS]
    return "src:" + " ".join(ws)


@dataclass
class SourceEntry:
    """One source of the article, merged over every mention of it."""

    id: str
    name: str
    kind: str
    confidence: float
    mentions: list[str] = field(default_factory=list)
    linked: bool = False
    role: str = ""


class Registry:
    """Sources of one article in order of first mention; pronouns resolve to recent mentions."""

    def __init__(self) -> None:
        self.entries: dict[str, SourceEntry] = {}
        self._ids: set[str] = set()
        self.recent: list[tuple[str, Mention]] = []

    def add(self, m: Mention) -> SourceEntry:
        """Register a mention (merging it with an earlier one of the same source) and return the entry."""
        key = m.key
        entry = self.entries.get(key)
        if entry is None and m.kind == "named_person":
            entry = next((e for k, e in self.entries.items() if k == key or _surname_match(e, m)), None)
        if entry is None:
            base = "src-" + slug(m.key.split(":", 1)[-1] or m.text, 32)
            sid, n = base, 2
            while sid in self._ids:
                sid, n = f"{base}-{n}", n + 1
            self._ids.add(sid)
            entry = SourceEntry(sid, m.text, m.kind, m.confidence, role=m.role)
            self.entries[key] = entry
        else:
            if (
                len(m.text) > len(entry.name)
                and m.kind == entry.kind
                and len(m.text) < 90
                and _caps(m.text) >= _caps(entry.name)
            ):
                entry.name = m.text
            entry.confidence = max(entry.confidence, m.confidence)
            entry.role = entry.role or m.role
        entry.mentions.append(m.written or m.text)
        self.recent.append((entry.id, m))
        return entry

    def resolve(self, pronoun: Mention, people: list[tuple[int, str]]) -> SourceEntry | None:
        """The source a pronoun most probably means.

        ``people`` are person names seen in the text before the pronoun as ``(position, name)``;
        the latest one wins for he/she, the latest group for they/them, the latest
        document, outlet or organisation for "it".
        """
        want = PRONOUNS.get(pronoun.key, "person")
        if want == "person":
            for _, name in sorted(people, reverse=True):
                return self.add(Mention(name, "named_person", 0.6, _person_key(name)))
        if want == "group" and self.recent and self.by_id(self.recent[-1][0]).kind == "organisation":
            return self.by_id(self.recent[-1][0])  # "Police said ... They said ...": a body spoken of as many
        for sid, m in reversed(self.recent):
            entry = self.by_id(sid)
            if want == "thing" and entry.kind in {"official_document", "organisation", "named_outlet"}:
                return entry
            if want == "group" and (m.plural or entry.kind in {"anonymous", "vague"}):
                return entry
        return None

    def by_id(self, sid: str) -> SourceEntry:
        """The entry with id ``sid``."""
        return next(e for e in self.entries.values() if e.id == sid)


def _caps(text: str) -> int:
    """Capitalised words after the first: "spokesman Piet Aalders" names more than "Aalders with the company"."""
    return sum(1 for w in text.split()[1:] if w[:1].isupper())


def _surname_match(entry: SourceEntry, m: Mention) -> bool:
    if entry.kind != "named_person":
        return False
    return bool(entry.name.split()) and entry.name.split()[-1].lower() == m.text.split()[-1].lower()


# "the Centre for Harbour Studies", "the Campaign for Clean Rivers": a body's name joined by "for" or "on".
_BODY_FOR = re.compile(
    r"\b(?:[A-Z][\w’'-]*\s+)*(?:Centre|Center|Institute|Council|Campaign|Alliance|Office|Commission|Committee|"
    r"Foundation|Society|Association|Coalition|Movement|Agency|Department|Ministry|Fund|Trust|League|"
    r"Partnership|Board|Academy|Forum|Federation|Network|Union)\s+for\s+(?:the\s+)?"
    r"[A-Z][\w’'-]*(?:\s+(?:and\s+)?[A-Z][\w’'-]*)*"
)


def organisations_in(text: str, lex: Lexicon) -> list[tuple[int, str]]:
    """Names of organisations in ``text`` (a run ending in "Air", "Inc", or holding "Agency", "News" ...)."""
    out = [(m.start(), m.group(0)) for m in _BODY_FOR.finditer(text)]
    joined = [(a, a + len(n)) for a, n in out]
    for m in _org_runs(text, lex):
        if any(a <= m.start() < b for a, b in joined):
            continue  # a part of a name joined by "for"
        run = re.sub(r"^(?:The|A|An)\s+", "", m.group(0))
        run = re.sub(r"(?<=[a-z]{3})\.$", "", run)  # a sentence's full stop, not an abbreviation's ("Co.")
        ws = words(run)
        if not ws or re.match(r"(?:In|On|At|For|But|And|As|After|Before|When)\b", run):
            continue
        if run.lower() in lex.words("months") | lex.words("weekdays"):
            continue  # "in mid-November, the airline said": a date, not the airline's name
        generic = lex.words("organisation_nouns") | lex.words("institution_words") | lex.words("anonymous_heads")
        if all(w in generic for w in ws):
            continue  # "Company officials ...": common nouns capitalised at the start, not a name
        before = re.search(r"([a-z]+)\s+$", text[: m.start()])
        # "the security firm Greyline", "the aid group Clearwater Health": the noun before names an organisation.
        introduced = before is not None and before.group(1) in lex.words("organisation_nouns") | {"firm", "trader"}
        # "Fjordbus, the company that runs ...", "the Institute for Transport Policy, a think tank": an
        # apposition after the name says what it is.
        described = re.match(r",\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?([a-z]+)\b", text[m.end() :])
        introduced = introduced or (
            described is not None and described.group(1) in lex.words("organisation_nouns") | {"tank", "firm", "trader"}
        )
        if (
            ws[-1] in lex.words("org_suffixes")
            or introduced
            or lex.pattern("institution_words").search(run)
            or lex.pattern("outlet_words").search(run)
        ) and len(run) > 2:
            out.append((m.start(), run))
    return out


def _org_runs(text: str, lex: Lexicon) -> list[re.Match[str]]:
    """Runs of capitalised words, a person's name split from the body after "of": "Dr. Ivo Mandt of
    Kessel University" holds the organisation "Kessel University", not one name."""
    out: list[re.Match[str]] = []
    for m in NAME_RUN.finditer(text):
        person_of = re.match(r"(.+?)\s+of\s+(?=[A-Z])", m.group(0))
        if person_of and _person_name(person_of.group(1), lex):
            inner = NAME_RUN.match(text, m.start() + person_of.end())
            if inner:
                out.append(inner)
                continue
        out.append(m)
    return out


# Words that begin a capitalised run but are not a first name: "The", "If Republicans", "When Congress".
_NOT_A_FIRST_NAME = (
    r"(?:The|A|An|In|On|If|When|While|After|Before|But|And|As|At|For|From|With|Since|Until|Though|Although|"
    r"Once|Unless|Because|So|Yet|Or|Nor|Then|This|That|These|Those|Every|Each|All|Some|Many|Most|"
    r"Says|Said|Tells|Warns|Claims|Admits|Urges|Denies|Vows|Is|Are|Was|Were|Will|Has|Have)\s"
)
_NOT_GIVEN_NAMES = frozenset(
    """
    social supreme white national federal united new north south east west general royal public human civil
    central democratic republican medicare medicaid homeland internal foreign defense defence health security
    state city county district high middle great grand holy old first second third
    """.split()
)
_GROUP_WORDS = frozenset(
    """
    republicans democrats trustees conservatives liberals socialists nationalists greens americans britons
    europeans officials leaders members senators lawmakers ministers residents voters workers protesters
    investigators governors directors commissioners regents supporters critics councillors councilors
    """.split()
)
_PLACE_BEFORE = re.compile(r"\b(?:in|near|across|outside|inside|around|through)\s+$")


def people_in(text: str, lex: Lexicon, offset: int = 0) -> list[tuple[int, str]]:
    """Person names in ``text`` that a title or role introduces, or that have two or more parts."""
    out: list[tuple[int, str]] = []
    titles = lex.pattern("titles")
    for m in NAME_RUN.finditer(text):
        run, start = m.group(0), m.start()
        lead = re.match(_NOT_A_FIRST_NAME, run)
        if lead and re.match(r"(?:When|While|After|Before|As|If|Since|Until|Though|Although|Once|Because)\s", run):
            # "When President Ivo Marr visited ...": the capitalised first word opens a clause, the name follows
            run, start = run[lead.end() :], start + lead.end()
        pronoun = re.search(r"\s(?:He|She|It|They|We|I|His|Her|Its|Their)\b.*$", run)
        if pronoun:  # "MORRO BAY, Calif. He noted": a pronoun starts a new clause, it is no part of a name
            run = run[: pronoun.start()]
        words = run.split()
        last_title = max((i for i, w in enumerate(words[:-1]) if titles.fullmatch(w.rstrip("."))), default=-1)
        if last_title > 0:
            # "New York Governor Andrew Cuomo": a place or body before the title; the name after it
            cut = len(" ".join(words[: last_title + 1])) + 1
            run, start = run[cut:], start + cut
        name = _person_name(run, lex) if run else None
        courtesy = re.fullmatch(r"(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Lady|Lord|Prof)\.?\s+[A-Z][a-z][\w’'-]*", run)
        if name is None and courtesy:
            name = run  # "Mrs Thatcher", "Mr Mugabe": a courtesy title and a surname name one person
        before = text[max(0, start - 40) : start]
        titled = bool(titles.search(before.split(",")[-1])) or bool(titles.match(run))
        if name and (titled or len(name.split()) >= 2) and not re.match(_NOT_A_FIRST_NAME, run):
            if _PLACE_BEFORE.search(before) and not titled:
                continue  # "killed in South Carolina", "flew to New York": a place
            if name.split()[0].lower() in _NOT_GIVEN_NAMES and not titled:
                continue  # "Social Security", "White House", "National Guard": an institution or a thing
            if name.split()[-1].lower() in _GROUP_WORDS and not titled:
                continue  # "Medicare Trustees", "House Republicans": a body or a group, not a person
            name = re.sub(r"(?<=[a-z]{2})\.$", "", name)  # a full stop, not "Jr."
            out.append((offset + start, re.sub(r"['’]s?$", "", name)))  # "Zach Parise’s goals": the person
    return out
