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
from collections.abc import Callable
from dataclasses import dataclass

from medialit.case.segment import _LIST_ITEM
from medialit.drafter._lexicon import Lexicon, lexicon
from medialit.drafter._text import Quotes, clean_span, find_quotes, is_whole_quote, outside_text
from medialit.drafter.cue_forms import CueForms
from medialit.drafter.found import (
    _LY_NOT_ADVERB,
    _TIME_WORD,
    Found,
    _head_word,
    _mode,
    _np_after,
    _Sent,
    _strip_verb_modifiers,
)
from medialit.drafter.references import ACRONYM, STARTERS, NameTally, References
from medialit.drafter.sources import PRONOUNS as PRONOUN_WORDS
from medialit.drafter.sources import (
    Mention,
    Registry,
    _person_name,
    and_name_at_end,
    classify,
)
from medialit.model import Article

_CUT = re.compile(
    r".*\b(?:that|which|who|whom|while|when|because|although|though|as|if|led|leading|and|but|so|"
    r"since|after|before|where|whereas|has|have|had)\s+",
    re.IGNORECASE | re.DOTALL,
)
_APPOSITIVE = re.compile(
    r"^\s*(?:who|whose|which|whom|one\s+of|a|an|the|another|fellow|\d+|based|speaking|citing|via|including|among|such\s+as|now|himself|"
    r"herself|also|like|then|formerly|once|along|both|each|all|its|his|her|their|head|chief|"
    r"director|executive|former)\b|^\s*[a-z]+ed\s+(?:in|on|by|at|last|this|with|from|for)\b"
    # a bare role: "associate professor of epidemiology at ...", "senior fellow at ...", "spokesman for ..."
    r"|^\s*(?:[a-z][\w-]*\s+){0,2}(?:professor|lecturer|fellow|researcher|scientist|analyst|economist|"
    r"spokes(?:man|woman|person)|president|chair(?:man|woman)?|director|chief|head|author|co-author|editor|"
    r"founder|leader|member|minister|secretary|ambassador|advis[eo]r|manager|officer|partner|professor|"
    r"dean|coach|lawyer|attorney|governor|mayor|commissioner|ceo|cfo|coo|cto)\s+(?:of|at|for|with|in)\s"
    # a body's role: "Edmunds' executive director of industry analysis", "NASA's associate administrator"
    r"|^\s*(?:[A-Z][\w.&-]*\s+){0,3}[A-Z][\w.&-]*(?:['’]s|['’])\s+(?:[a-z][\w-]*\s+){0,3}(?:professor|"
    r"researcher|scientist|analyst|economist|spokes(?:man|woman|person)|president|chair(?:man|woman)?|director|"
    r"chief|head|editor|founder|leader|minister|secretary|ambassador|advis[eo]r|manager|officer|administrator|"
    r"executive|counsel|commissioner|correspondent|coach)\b",
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
    r"has\s+not|hasn[’']t|have\s+not|haven[’']t|had\s+not|hadn[’']t|"
    r"could\s+not|couldn[’']t|will\s+not|won[’']t|do\s+not|don[’']t|not|never|no\s+longer)\s+(?:to\s+)?$",
    re.IGNORECASE,
)
_STANCE_ONLY = re.compile(
    r"^\s*(?:the|that|this|it|them|those|these|such)\b(?:\s+\w+){0,2}\s*[.!?]?\s*$", re.IGNORECASE
)
# Verbs that report only with a clause or a quotation: with a plain noun phrase they do something.
# What a company "reports" when it reports results, not words.
_FINANCIAL_OBJECT = re.compile(
    r"\s+(?:a\s+|an\s+|its\s+|their\s+)?(?:net\s+|quarterly\s+|annual\s+|record\s+|first-|second-|third-|fourth-|"
    r"strong(?:er)?\s+|weak(?:er)?\s+|better|worse|in-line|higher|lower|profits?|loss(?:es)?|revenues?|sales|earnings|"
    r"results|growth|declines?|increases?|drops?|rises?|falls?)"
)
# An auxiliary or modal: the object of "announced" is a clause ("announced its chief would step down").
_AUXILIARY = re.compile(r"\s(?:would|will|could|can|might|may|should|must|is|are|was|were|has|have|had)\b")
_ACT_VERBS = frozenset("announced announces announce maintains maintained maintain".split())
_NAME_ONLY = re.compile(r"^\s*(?:[A-Z][\w’'.-]*\s*){1,4}$")
_PASSIVE_BEFORE = re.compile(
    r"\b(?:(?:is|are|was|were|be|been|being)(?:\s+(?:now|also|still|not|then|later|first|[a-z]+ly))?|widely|generally)\s*$",
    re.IGNORECASE,
)
# An infinitive ("we need to think", "plans to announce"): no report of what was said, except "went on to say".
_TO_BEFORE = re.compile(
    r"\b(?:need|needs|needed|plan|plans|planned|planning|want|wants|wanted|expect|expects|expected|hope|hopes|"
    r"hoped|try|tries|tried|trying|going|has|have|had|ought|intend|intends|intended|aim|aims|seek|seeks|sought|"
    r"due|likely|unlikely|able|unable|wish|wishes|chose|choose|decided|agreed|promised|vowed|refused|declined|"
    r"refusal|reluctance|failure|willingness|unwillingness|readiness|attempt|attempts|bid|effort|efforts|"
    r"like|love|hate|prefer)\s+to\s+$"
    r"|\bfor\s+(?:[\w’'-]+\s+){1,3}to\s+$",  # "waiting for some officials to tell us"
    re.IGNORECASE,
)
_PREPOSITION_BEFORE = re.compile(
    r"\b(?:without|of|for|with|after|before|by|about|on|in|from|against|despite|while|since)\s+$", re.IGNORECASE
)
_WENT_ON_TO = re.compile(
    r"\b(?:(?:went|goes|go|going|proceeded|continued|came\s+out)\s+(?:on\s+)?|"
    r"(?:led|leads|lead|leading|prompted|caused|persuaded)\s+[^,.;:]{1,60}?\s+)to\s+$",
    re.IGNORECASE,
)
# A verb-like noun right after a verb is its object: "The letter includes names", "it keeps records".
_VERB_BEFORE_NOUN = frozenset(
    """
    includes include including included has have had contains contain containing lists gives give keeps keep
    kept collects collect collected shares share stores store uses use used holds hold held publishes published
    raised raises raise stoked stokes stoke sparked sparks fuelled fueled fuels eased eases allayed heightened
    renewed dismissed rejected denied deny denies
    """.split()
)
# A modal before the verb ("The board should say no", "The minister will announce ..."): a wish or a
# forecast of speech, not a report of it (the gold convention: modal phrases are no attributions).
# "would say only that ..." / "would only say" is the newsroom idiom for what someone did say.
_MODAL_BEFORE = re.compile(
    r"\b(?:will|would|should|could|might|may|must|can|shall|ought\s+to)\s+(?:(?:also|still|surely|probably|soon|then|have|not)\s+)*$",
    re.IGNORECASE,
)
_ONLY_AFTER = re.compile(r"\s+only\b")
# A modal or an auxiliary with a verb inside what would be the speaker ("The council will debate the
# waiting lists", "The spills killed an estimated"): the words before the verb are a clause.
_VERB_IN_SUBJECT = re.compile(r"\s(?:will|would|should|could|might|must|shall|can)\s+(?:not\s+)?(?!only\b)[a-z]+\b")
# A finite verb of the writer's clause inside what would be the speaker ("The team chose only people
# who had reported", "J.P. Morgan did not admit nor deny", "The leadership gave members talking points to").
_CLAUSE_IN_SUBJECT = re.compile(r"\s(?:is|are|was|were|did|does|gave|chose|took|made)\s+[a-z]")
_INDEFINITE = re.compile(r"(?:[Ss]ome(?:one|body)|[Aa]n?\s+(?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*)\s*$")
_MONTH_OR_DAY = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\.?"
)
# A date that opens the phrase before the verb: "In May 1986", "on March 6", "On Monday", "In 2019,".
_LEADING_DATE = re.compile(
    rf"(?:[Ii]n|[Oo]n|[Bb]y|[Ss]ince|[Uu]ntil)\s+(?:(?:early|late|mid)[\s-]+)?(?:{_MONTH_OR_DAY}(?:\s+\d{{1,2}}(?!\d))?(?:,?\s+\d{{4}})?|\d{{4}})"
    r"\s*,?\s*"
)
# A person's own group, which the person named before "and" speaks for: "(Paganini and) his team".
_OWN_GROUP = re.compile(
    r"(?:his|her|their)\s+(?:\w+\s+)?(?:team|family|colleagues|co-authors|coauthors|staff|aides|supporters|"
    r"relatives|advisers|advisors|lawyers|researchers)"
)
# A noun phrase led by a determiner: one of two speakers of one verb ("the watchdog and U.S. officials").
_DETERMINER_LED = re.compile(r"(?:the|a|an|his|her|their|its|some|other|several|two|three)\s", re.IGNORECASE)
# Words that may follow a pronoun in its own subject: "They both said", "She too said".
_PRONOUN_COMPANIONS = frozenset("both all each too also alone herself himself themselves itself ourselves".split())
# A noun phrase whose object is named by a bare name, as the whole phrase or at the end of the
# writer's clause: "a program Iran (says it needs)", "She bought a house Tom Berg (says is haunted)".
_NOUN_THEN_NAME = re.compile(
    r"(?:^|(?<=[a-z] ))(?:a|an|this|that)\s+(?:[a-z][\w-]*\s+){1,2}((?:[A-Z][\w’'.-]*\s*){1,3})$"
)
# "is", "are", "was", "were" right before an -ing verb: a progressive report ("are alleging"), not a passive.
_PROGRESSIVE_AUX = re.compile(r"\s+(?:is|are|was|were|am)(?:\s+(?:now|also|still))?\s*$")
_LOWER_ROLE = re.compile(
    r"(?:a|an|this|that)\s+(?:[a-z][\w-]*\s+){0,2}(?:spokes\w*|official|minister|president|chief|leader|director|member|lawyer|analyst)\b"
)
_DESCRIBED_WITH_CLAUSE = re.compile(
    r"((?:[Tt]he|[Tt]his|[Tt]hat)\s+[a-z]+),\s+(?:which|who|based|founded|set\s+up)\b.*"
)
_ACTION_IN_SUBJECT = re.compile(
    r"\s(?:took|went|turned|came|issued|released|published|posted|used|held)\s+(?:to|a|an|the|out|on)\b"
)
# An article right before the verb makes it an adjective: "an estimated 40,000", "the reported deal".
_ARTICLE_BEFORE = re.compile(r"\b(?:a|an|the)\s+(?:[a-z]+ly\s+)?$", re.IGNORECASE)  # "a (recently) announced plan"
_EXTENSION = re.compile(
    r"\s+(?:in|on)\s+(?:a|an|the|its|his|her|their)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:statement|memo|letter|interview|email|post|report|release|speech|tweet|filing|note|"
    r"briefing|broadcast|op-ed|video|message|conference\s+call|news\s+conference)"
    r"(?:\s+(?:to|with|on)\s+[^,.;“\"]{1,40}?)?(?=[,.;:]|\s+that\b|\s*$)",
    re.IGNORECASE,
)
_SHORT_TAIL = re.compile(
    r"^\s*(?:(?:in|on|at|during|after|before|to|with|from|outside|inside|near|via|ahead\s+of|last|this|earlier|later|late|early|"
    r"recently|yesterday|today|on\s+\w+|told)\b[^“\"]{0,80})?[.!?…]?[”\"’]?\s*$",
    re.IGNORECASE,
)
_TELL = {"told", "tell", "tells", "telling"}
# A determiner after a recipient's first words: the reported clause begins there.
_SECOND_NP = re.compile(r"(?<=\S)\s+(?=(?:the|a|an|this|these|those|its|his|her|their|some|no|all|most|more)\b)")
_SHORT_RECIPIENT = re.compile(
    r"\s+(me|us|him|her|them|you|reporters|journalists|lawmakers|supporters|listeners|viewers)\b(?=\s+(?!that\b)[a-z0-9$£€])"
)
# "One would expect", "you might think": a generic or modal subject is nobody's attribution.
_MODAL_SUBJECT = re.compile(
    r"^\s*(?:one(?!\s+(?:of|[a-z]*(?:er|or|ist|ian|ant|ent|ess|man|woman|person|source|official|witness|resident|analyst|expert|aide|diplomat)s?)\s)|you|one\s+(?:would|might|could|may|can|should|must)|you\s+(?:would|might|could|may|can|should|must)|"
    r"(?:i|we)\s+(?:would|might|could|may|can|should|must)|"
    # "Few would argue ...", "No one could deny ...": a rhetorical quantifier, nobody's attribution.
    r"(?:few|many|most|some|no\s+one|nobody|none|everyone|anyone)\s+(?:would|could|can|might|will|should))\b",
    re.IGNORECASE,
)
# "We wish we could say ...", "I would argue ...": a first or second person (or generic "one") with a
# modal right before the verb states a wish or a hypothesis, not an attribution.
_MODAL_BEFORE_VERB = re.compile(
    r"\b(?:i|we|you|one)\s+(?:would|might|could|may|can|should|must|wish|wished)\s*(?:like\s+to\s+|only\s+)?$",
    re.IGNORECASE,
)
# Participles that report for the subject of the main clause: "X marched ..., saying ...".
_PARTICIPLES = frozenset(
    """
    saying adding noting arguing warning claiming insisting stressing telling explaining asserting
    alleging contending complaining accusing charging calling
    """.split()
)
_LEADING_ADVERBIAL = re.compile(
    r"\s*(?:On|In|At|After|Before|Last|This|Earlier|Later|During|Since|"
    r"(?:Hours|Days|Weeks|Months|Years|Minutes|Moments|Shortly|Soon|Long)\s+(?:before|after|later|earlier|ago)\b)\b"
)
# A dateline that opens a wire story: "BUFFALO, N.Y. — ", "LONDON (AP) — ".
_DATELINE = re.compile(r"\s*[A-Z][A-Z .'-]+(?:,\s*[A-Z][\w.]*\.?(?:\s[A-Z][\w.]*\.?)?)?\s*(?:\([^)]*\)\s*)?[—–-]+\s*")
# The first finite verb of a clause, which ends its subject ("Farmers and fishing groups marched").
_FINITE = re.compile(
    r"\s(?:[a-z]+ed|was|were|is|are|has|have|had|will|would|can|could|should|must|might|went|met|held|wrote|gave|took|made|"
    r"came|sent|left|began|ran|led|set|put|cut|won|lost|did|does|do|took|fought|spoke|rose|fell|sold|"
    r"bought|paid|kept|built|told|said)\b"
)
# Content that starts with a verb: the subject is a reduced relative clause ("a move officials said would ...").
_GAP = re.compile(r"\s+(?:would|will|could|can|might|may|should|must|was|were|is|are|has|had|have)\b", re.IGNORECASE)
# Thread numbering ("2/") and transcript or post labels ("ANCHOR:", "@name:") start a new segment.
_LABEL = re.compile(r"(?<!\S)\d{1,3}/\s+|^[^:“”\"]{1,60}:\s+")
# Passive reporting: "X was quoted (by Y | in Y) as saying", "X is reported as saying".
# "Local radio later quoted the head of the agency, Ivo Marr, as saying ...": the person quoted is the source.
_ACTIVE_QUOTE = re.compile(
    r"\bquote[sd]?\s+(?P<who>[^“”\";:]{2,100}?)\s*,?\s+as\s+"
    r"(?:saying|telling\s+[\w ]{2,30}?|having\s+said|calling|describing)\b"
)
_PASSIVE_QUOTE = re.compile(
    r"\b(?:was|were|is|are|has\s+been|have\s+been|had\s+been)\s+(?:quoted|cited|reported|heard)"
    r"(?:\s+(?:by|in|on)\s+(?P<via>[^,;:“”\"]{2,60}?))?\s+"
    r"(?:as\s+(?:saying|telling\s+[\w ]{2,30}?|having\s+said|calling|describing)|calling|describing|saying)\b"
    r"(?:\s+(?:in|on|to)\s+(?P<via2>(?:the\s+)?[A-Z][^,;:“”\"]{1,50}?)(?=\s+(?:that|last|this|on|in|earlier)\b|[,;:]|\s*[“\"]))?",
    re.IGNORECASE,
)
# A passive verb of accusing or advising with its agent: "is accused by critics of ...", "was advised by X to ...".
_PASSIVE_AGENT = re.compile(
    r"\b(?:is|are|was|were|has\s+been|have\s+been|had\s+been|being)\s+(?:\w+ly\s+)?"
    r"(?:accused|advised|warned|told|urged|informed|assured|reminded)\s+by\s+(?=\S)",
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


# A lowercase role right before a person's two-part name: "union leader Birgit Sand", "fire chief Ola Dahl".
_ROLE_GLUED_TO_NAME = re.compile(r"(?:[a-z][\w’'-]*\s+){1,4}[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)+")


def _titled_person(text: str, lex: Lexicon) -> bool:
    """Whether ``text`` is a person's name, after capitalised titles at most ("Council Member Dana
    Whitfield"); "Varden Institute of Marine Science" holds a name-like run but is an organisation."""
    person = _person_name(text, lex)
    if person is None:
        return False
    at = text.find(person.split()[0])
    return at >= 0 and re.fullmatch(r"(?:[A-Z][\w’'.-]*\s+)*", text[:at]) is not None


# -- reading the clause around a reporting verb ---------------------------------------------------
_LAST_CLAUSE = re.compile(r",(?!\d{3}\b)")  # a comma that does not group digits ("12,000")
_AFTER_QUOTE = re.compile(r"[”\"»]\s*,?\s*$")
_BEFORE_SPEAKER_AFTER = re.compile(r"[,”\"»]\s*$")
_NOT_REPORTING_AFTER = re.compile(
    r"\s+(?:by|as|for(?!\s+(?:years|months|weeks|decades|days|some\s+time|a\s+long\s+time|a\s+while)\b)|after|off|up)\b"
)
# "called the process a sham", "called the plan reckless", "what Dimon called a record year": the
# speaker's characterisation (a cue, tests/data/eval/README.md), unlike "called the harbour office",
# "called a strike", "called 911". An object (a pronoun or a short noun phrase) then a second noun phrase
# or an evaluative adjective; or, after "what X called", the noun phrase alone.
_NAMES_AS = re.compile(
    r"\s+(?:(?:it|him|her|them|this|that|these|those)|(?:the|an?|his|her|its|their|this|that|[A-Z][\w’'.-]*)"
    r"(?:\s+(?!(?:a|an|the|to|for|at|in|and|with|from|after|before|when|because)\b)[\w’'.-]+){0,6}?)"
    r"\s+(?:an?\s+|the\s+)(?!(?:same|next|following)\b)[\w’'-]+"
    r"|\s+(?:it|him|her|them|this|that|(?:the|his|her|its|their)(?:\s+[\w’'-]+){1,4}?)\s+[a-z]+"
    r"(?:ous|ful|ible|able|ic|ive|ent|ant|ing|less|ish|ary|ory|ist|ed|ward)\b(?=\s*(?:[,.;:!?]|and\b|but\b|$))"
)
_NAMING_VERBS = frozenset({"called", "calls"})
# A figure that a price, an index or a share "added": "added 0.3%", "added 12 points", "adds $1.20".
_MARKET_MOVE = re.compile(
    r"\s+(?:about\s+|nearly\s+|almost\s+)?[$€£]?\d[\d.,]*\s*(?:%|percent|per\s+cent|points?|cents?|bps|basis)"
)
# "than X said", "than what X suggests": a comparison with a claim, not a count of people ("more than 200 said").
_THAN_SAID = re.compile(
    r"\bthan\s+(?:what\s+)?(?!\d|(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|half|dozens|hundreds|"
    r"thousands|millions)\b)(?:[\w’'.-]+\s+){1,4}$",
    re.IGNORECASE,
)
# Two people spoken of together: "Both men", "The two women", "The pair".
_BOTH = re.compile(
    r"(?:[Bb]oth|[Tt]he\s+two)(?:\s+(?:men|women|brothers|sisters|hostages|suspects|victims))?|[Tt]he\s+(?:pair|couple)"
)
# Verbs that stir a feeling or a claim, after which "fears", "hopes", "claims" or "concerns" is a noun.
_STIRRED = re.compile(
    r"\b(?:stok|rais|spark|fuel|fuell|eas|prompt|trigger|heighten|deepen|fann|allay|reviv|dash|renew)"
    r"(?:e|es|ed|s|ing)?\s+(?:(?!and\b|but\b)[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)
_JOINED_SPEECH = re.compile(
    r"[^,;:.!?“”\"]*\s+and\s+(?:\w+\s+)?(?:said|says|added|adds|told|tells|warned|vowed|insisted|argued)\b"
)
_SPEAKER_STARTS = re.compile(
    r"\s+(?:[a-z][\w-]*\s+){1,3}[A-Z][\w’'.-]+\s+[A-Z][\w’'-]+[\s,.]|\s+[A-Z]|\s+the\s|\s+(?:a|an|one|two|three|several)\s+(?:[\w-]+\s+){0,3}?(?:source|sources|official|officials|spokesman|spokeswoman|spokesperson|person|people|diplomat|aide|resident|witness|analyst|expert|member|employee|officer)\b"
    # ", say experts, but ...", "..., say officials.": a plural of people named by what they do
    r"|\s+(?:[a-z]+\s+)?(?:experts|officials|analysts|economists|scientists|researchers|investigators|police|"
    r"doctors|witnesses|residents|sources|observers|critics|activists|[a-z]+(?:ographers|ologists|icians))(?=\s*[,.;])"
)
_SPEAKER_AFTER_WORD = re.compile(r"\s+[a-z][\w-]*\s+[\w -]*[A-Z]")
_CLOSES_AFTER_SPEAKER = re.compile(
    r"\s*(?:,\s*(?:who|whose|which|a|an|the|one|adding|noting|but|although|though|while)\b.*|[.!?]?[”\"’]?\s*)$",
    re.DOTALL,
)
_CLOSES_AFTER_NAME = re.compile(
    r"\s*(?:,.*|[.!?]?[”\"’]?\s*|\s+(?:at|in|on|during|outside|from|of|with|for)\b.*)$", re.DOTALL
)
_RELATIVE_HEAD = re.compile(
    r"(?:.*(?:,|\b(?:on|in|of|by|with|for|from|to)\s))?\s*([^,]*?)\s+(?:that|which|who)\s*$", re.DOTALL
)
# Of those, the documents that speak as themselves ("The report found"), not as their author.
_PUBLISHED = frozenset({"report", "study", "survey", "audit", "review"})
# Plural heads that are things, not people: "the figures show" is a document's finding, "prices say" nothing.
_THINGS = frozenset(
    """
    figures numbers results data prices rates rules laws plans points things times years days months weeks
    questions issues problems cases changes costs sales profits losses shares markets stocks
    """.split()
)
_HEADLINE_SPEECH = frozenset("says said tells warns claims admits insists urges vows denies".split())
_COMMA_RELATIVE = re.compile(
    r".*\b(?:by|from|with|against)\s+((?:(?:the|a|an)\s+)?(?:[\w’'.-]+\s+){0,4}?[\w’'.-]+)"
    r"\s*,\s*(?:which|who)\s*$",
    re.DOTALL,
)
# "pointed to a study that found ...": a verb that cites a thing, whose object may hold its own cue.
_CITING = re.compile(r"\bpoint(?:s|ed|ing)?\s+to$", re.IGNORECASE)
# "recalled" reports a memory only with content after it ("recalled that ...", "recalled how ...").
_GAVE_NAME = re.compile(
    r"\s+who\s+(?:gave|gives)\s+(?:his|her|their)\s+(?:first\s+)?name\s+(?:only\s+)?as\s+[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*"
)
_QUOTE_THEN_SPEAKER = re.compile(r"[”\"»]\s*,?\s*(?:[\w’'.-]+\s+){0,6}$")
_RECALL = re.compile(r"recall(?:s|ed)?", re.IGNORECASE)
_RECALLED_CONTENT = re.compile(r"\s*(?:,|[“\"]|(?:that|how|when|what|why|seeing|being|having)\b)", re.IGNORECASE)
# A verb joined to the clause before by "but" or "and", with no subject of its own.
_JOINED = re.compile(r"\S\s*,?\s+(?:but|and|yet)\s+$", re.IGNORECASE)
_COORDINATION = re.compile(r"\s*(?:and|but|,)?\s*", re.IGNORECASE)


@dataclass
class _Cue:
    """One reporting verb in a sentence (``text`` may be the inner reading of a block quote)."""

    st: _Sent
    text: str
    quotes: Quotes
    outside: str
    vs: int
    ve: int
    verb: str
    speech: bool


@dataclass
class _Subject:
    """The speaker phrase before a verb (``text`` is empty when there is none), where it starts,
    whether a comma leads it, and the stretch of text before the verb it was read from."""

    text: str
    start: int
    led_by_comma: bool
    segment: str


def _reports(text: str, vs: int, ve: int) -> bool:
    """False for a verb that reports nothing: negated ("declined to say"), passive ("is said"),
    a phrasal use ("said by", "called for", "shows up"), or "recalled" with an object that is
    no content ("recalled 30,000 tubs": a product recall); or a word that is a noun here."""
    before = text[:vs]
    progressive = text[vs:ve].endswith("ing") and _reports_content(text[ve:]) and _PROGRESSIVE_AUX.search(before)
    passive = _PASSIVE_BEFORE.search(before) and not progressive  # "are alleging" is active
    if _NEGATED.search(before) or passive or _ARTICLE_BEFORE.search(before):
        return False
    if _TO_BEFORE.search(before) and not _WENT_ON_TO.search(before):
        return False
    if text[vs:ve].lower() in {"expected", "forecast", "estimated"} and re.search(r"\b(?:than|as)\s+$", before):
        return False  # "better than expected": a comparison, nobody's words
    if text[vs:ve].lower() in {"reported", "reports", "report"} and _FINANCIAL_OBJECT.match(text[ve:]):
        return False  # "the companies reported in-line results", "reported a net loss": results, not words
    if text[vs:ve].lower() in {"added", "adds"} and _MARKET_MOVE.match(text[ve:]):
        return False  # "The Nasdaq Composite added 0.3%": a market move, not a word
    if text[vs:ve].lower() in {"agreed", "agrees", "agree"} and re.match(
        r"\s+(?:a|an|the|terms|personal\s+terms)\b", text[ve:]
    ):
        return False  # "has agreed a three-year deal": a contract, not a report
    if text[vs:ve].lower() in {"agreed", "agrees", "agree", "asked", "asks"} and re.match(r"\s+to\s+[a-z]+", text[ve:]):
        return False  # "agreed to hold talks", "had asked to convey its thanks": a decision or a request, no report
    if text[vs:ve].endswith("ing") and _PREPOSITION_BEFORE.search(before):
        return False  # "opened without warning", "a history of complaining": a gerund, no report
    if _a_noun_here(text[vs:ve].lower(), before, text[ve:]):
        return False
    modal = _MODAL_BEFORE.search(before)
    if modal and not (modal.group(0).lower().startswith("would") and _ONLY_AFTER.match(text[ve:])):
        return False
    if (
        _RECALL.fullmatch(text[vs:ve])
        and not _QUOTE_THEN_SPEAKER.search(before)
        and not _RECALLED_CONTENT.match(text[ve:])
    ):
        return False
    if re.match(r"(?:\s+(?:on|last|this|in|at|early|late)\s+[\w-]+){1,2}\s+by\s", text[ve:]):
        return False  # "the move announced on Monday by Pompeo": a participle of the passive, its agent after "by"
    if _THAN_SAID.search(before):
        return False  # "more complicated than McKinley suggests": the writer measures a claim, no report
    if text[vs:ve].lower() in {"described", "describes"} and re.match(r"\s+(?:in|by|on|at|below|above)\b", text[ve:]):
        return False  # "the method described in the paper": a participle, no report
    return not _NOT_REPORTING_AFTER.match(text[ve:])


def _a_noun_here(word: str, before: str, after: str) -> bool:
    """Whether a verb-like ``word`` is a noun or a possessed thing here: "Trump's call", "data on states",
    "Arab states to have signed", "stokes instability fears", "Court records show"."""
    if re.search(r"(?:['’]s|['’]|\b(?:his|her|its|their|our|my|your))\s+$", before, re.IGNORECASE):
        return True  # "Trump's call", "Epstein's alleged victims", "their claims": a noun or an adjective
    if word in {"states", "reports", "claims", "notes", "fears", "hopes", "estimates"} and re.search(
        r"\b(?:on|of|in|for|from|across|between|among|about|with|by|other|all|many|some|several|these|those|"
        r"both|most|few|such|member|neighbouring|neighboring|swing|battleground|key|\d+|[a-z]+-[a-z]+|[a-z]+(?:ern|ing))\s+$",
        before,
        re.IGNORECASE,
    ):
        return True  # "data on states with legal cannabis", "a wave of claims": a noun after a preposition
    if word == "states" and (
        re.match(r"\s+to\s+\w+", after)
        or re.search(
            r"\b(?:Arab|Gulf|Baltic|Nordic|Balkan|Muslim|EU|UN|NATO|[A-Z][a-z]+(?:an|ish|ese|ic|i))\s+$", before
        )
    ):
        return True  # "The only two Arab states to have signed", "Baltic states": a noun, not "states that"
    if word in {"fears", "hopes", "claims", "worries", "fear", "hope", "claim"} and _STIRRED.search(before):
        return True  # "Attack stokes instability fears", "raised hopes": a noun after a verb that stirs it
    # "Court records show ...", "the figures show": a noun before the verb that reports
    return bool(
        re.match(
            r"\s+(?:show|shows|showed|shown|say|says|said|suggest|suggests|found|reveal|reveals|indicate|indicates)\b",
            after,
        )
    )


def _speaker_follows(text: str, vs: int, ve: int) -> bool:
    """Whether the speaker may be named right after the verb: “…,” said Dana Whitfield / …, said the minister."""
    before, after = text[:vs], text[ve:]
    after_quote = bool(_AFTER_QUOTE.search(before))
    if not after_quote and _NAME_ONLY.match(_LAST_CLAUSE.split(before.rstrip(" ,"))[-1]):
        # "A spokeswoman for the company, Lea Marsh, said the strike ...": a name just before the
        # verb is the speaker, and what follows the verb is the content, not a speaker.
        return False
    if not _BEFORE_SPEAKER_AFTER.search(before):
        return False
    if not after_quote and not _FINITE.search(_without_apposition(before)):
        # "The Dalby Herald, a weekly, said the mayor ...", "Dr. Lars Vik, who led the study, said the
        # drug ...": no clause before the verb, only its subject (and an apposition about it).
        return False
    return bool(_SPEAKER_STARTS.match(after) or (after_quote and _SPEAKER_AFTER_WORD.match(after)))


def _without_apposition(before: str) -> str:
    """``before`` (the text before a verb) without the appositions that close it (", who led the study,")."""
    clauses = _LAST_CLAUSE.split(before.rstrip(" ,"))
    while len(clauses) > 1 and re.match(
        r"\s*(?:who|whose|which|a|an|the|citing|quoting|according\s+to)\b", clauses[-1], re.IGNORECASE
    ):
        if re.match(r"\s*(?:a|an|the)\b", clauses[-1], re.IGNORECASE) and re.search(
            r"\s(?:will|would|is|are|was|were|has|have|had|can|could)\s", clauses[-1] + " "
        ):
            break  # ", the impact will increase,": a clause of its own, not an apposition
        clauses.pop()
    return ",".join(clauses)


# A bare role in apposition that runs to the end of the sentence: ", executive vice president of X."
_ROLE_TO_THE_END = re.compile(
    r"\s*,\s*(?:[a-z][^“”\";:]*|(?:[A-Z][\w’'.&-]*\s+){1,5}(?:[a-z][\w-]*\s*){1,3})[.!?]?[”\"’]?\s*$"
)  # ", executive vice president of the builders' group.", ", Columbus Police Department spokesman."


def _speaker_span_after(text: str, quotes: Quotes, vs: int, ve: int) -> tuple[int, int] | None:
    """The speaker's noun phrase after the verb, when the sentence closes after it (or after
    "who ..."/"adding ..."); None when what follows is content, not a speaker."""
    s, e = _np_after(text, ve)
    given = _GAVE_NAME.match(text, e)
    if given:
        e = given.end()  # "said a woman who gave her name only as Britt": the name is part of the speaker
    closes = bool(_AFTER_QUOTE.search(text[:vs]) or _CLOSES_AFTER_SPEAKER.match(text[e:]))
    if not closes and text[s:e][:1].isupper() and _ROLE_TO_THE_END.match(text[e:]):
        closes = True  # "..., said Russell Davis, executive vice president of the builders' group."
    apposed = _ROLE_THEN_NAME.match(text, e)
    if e > s and not text[s:e][:1].isupper() and apposed and not quotes.covers(e, apposed.end(1)):
        # "said the party's spokeswoman, Jane Roe, at a rally": the name after the role.
        e = apposed.end(1)
        closes = closes or bool(_CLOSES_AFTER_NAME.match(text[e:]))
    if e > s and closes and not re.match(r"that\b", text[s:e]):
        return s, e
    return None


# Participles added for real copy (third round): they report only when content follows ("..., claiming the
# rules were unfair", "..., insisting that ..."), never as a bare verb.
_CONTENT_PARTICIPLES = frozenset(
    """
    claiming arguing insisting warning alleging contending complaining asserting stressing noting explaining adding
    """.split()
)


def _reports_content(after: str) -> bool:
    """Whether the words after a participle are reported content: "that ...", a quotation, or a clause with
    its own finite verb ("the rules were unfair"), not an object ("the title", "to fears", "residents to leave")."""
    if re.match(r"\s*(?:that\b|[“\"‘])", after):
        return True
    if re.match(r"\s+(?:to|of|for|about|on|in|with|at|from)\b", after):
        return False
    clause = re.split(r"[,;:.!?]", after, maxsplit=1)[0]
    return bool(
        re.search(
            r"\s(?:was|were|is|are|has|have|had|will|would|could|can|should|must|did|do|does|[a-z]{3,}ed)\b", clause
        )
    )


def _without_openers(subject: str, start: int, naming: bool = False) -> tuple[str, int]:
    """``subject`` (at ``start``) without what opens the writer's clause before the speaker: a connective
    ("However she ..."), a date ("In May 1986 Mr Joseph ..."), a phrase before a name ("in a note to
    his letter Mrs Thatcher ..."), and without an adverb before the verb ("she eventually ..."). Before a
    naming verb (``naming``), also the clause that holds "what" ("questions about what President Obama calls
    the ... relationship"): "what X called Y" names Y as X's, "what X said" alone reports nothing."""
    relative = naming and re.search(
        r"(?:^|\s)what\s+(?=(?:[A-Z]|the\s|an?\s|his\s|her\s|its\s|their\s|(?:[a-z][\w-]*\s+){1,3}[A-Z])[^,;:]*$)",
        subject,
    )
    if relative:
        subject, start = subject[relative.end() :], start + relative.end()
    connective = re.match(r"(?:However|But|And|Yet|Still|Meanwhile|Instead|Indeed|Also|So|Then)\s+(?=\S)", subject)
    if connective:  # "However she eventually concluded": the connective is the writer's, not the speaker
        subject, start = subject[connective.end() :], start + connective.end()
    when = _LEADING_DATE.match(subject) or re.match(r"\d{4},?\s+(?=the\s|[A-Z])", subject)
    if when and subject[when.end() :].strip():
        # "In May 1986 Mr Joseph wrote", "on March 6 Mr Joseph wrote": the date is no part of the speaker
        subject, start = subject[when.end() :], start + when.end()
    placed_pronoun = re.fullmatch(
        r"(?:[Ii]n|[Oo]n|[Aa]t|[Dd]uring|[Aa]fter|[Bb]efore)\b.*?\s(he|she|they|it|we|I)", subject
    )
    if placed_pronoun:  # "In a Tumblr post at the time she (described)": the pronoun after the phrase
        subject, start = placed_pronoun.group(1), start + placed_pronoun.start(1)
    adverb = re.search(r"\s+[a-z]+ly$", subject)
    if adverb and len(subject.split()) > 1 and not _LY_NOT_ADVERB.search(subject):
        subject = subject[: adverb.start()]  # "she eventually (concluded)"
    placed = re.fullmatch(
        r"(?:in|on|at|during|after|before|for|with|from|by|under)\s+[^A-Z]*?([A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*)",
        subject,
    )
    if placed:
        # "in a hand-written annotation to his letter Mrs Thatcher (said)": the name after the phrase
        subject, start = placed.group(1), start + placed.start(1)
    return subject, start


def _recipient(text: str, ve: int, verb: str) -> tuple[int, int] | None:
    """Whom a form of "tell" names: "told me the count ...", "told the Hollin Record that ..."."""
    if verb not in _TELL:
        return None
    short = _SHORT_RECIPIENT.match(text, ve)
    if short:  # "told me the count ...", "told reporters the plan ...": the recipient is one word
        return short.start(1), short.end(1)
    rs, re_ = _np_after(text, ve)
    rtext = text[rs:re_]
    clause = re.search(r"\s(?:he|she|they|it|we|I|there|his|her|their)\b", rtext)
    if clause:  # "told investigators he had been at home": the recipient ends where the clause begins
        re_ = rs + clause.start()
        rtext = text[rs:re_]
    second = next(
        (
            m
            for m in _SECOND_NP.finditer(rtext)
            if not re.search(r"\b(?:of|from|for|at|in|on|with|to|by)$", rtext[: m.start()])
        ),
        None,
    )
    if second:  # "told the BBC the move was misleading": the recipient ends where the next noun phrase begins
        re_ = rs + second.start()
        rtext = text[rs:re_]
    if rtext and not rtext.lower().startswith("that"):
        return rs, re_
    return None


def _content_start(text: str, ve: int, recipient: tuple[int, int] | None) -> int:
    """Where the reported words start: after the verb, its recipient and "in a statement ..."."""
    start = recipient[1] if recipient else ve
    ext = _EXTENSION.match(text, start)
    return ext.end() if ext else start


def _coordinated(cue: _Cue, seg: str, tail_start: int, out: list[Found]) -> Found | None:
    """A verb with no subject of its own after "and"/"but": it shares the speaker of the verb before."""
    if not out or not _COORDINATION.fullmatch(seg):
        return None
    text = cue.text
    hit = Found(
        cue.st.id, (cue.vs, tail_start), text[cue.vs : tail_start], out[-1].source, "paraphrase", 0.6, "coordinated"
    )
    hit.mode = _mode(text, [(tail_start, len(text))], cue.quotes)
    hit.content = text[tail_start:].strip(" ,.")
    return hit


_NAME_OF = re.compile(r"(?:\b[Tt]he\s+)?(?:[A-Z][\w’'-]*\s+)+of\s+$")
_DOCUMENT_BY = re.compile(
    r"\b(?:[Aa]n?|[Tt]he|[Ii]ts|[Tt]heir)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:study|review|report|survey|analysis|audit|investigation|paper|poll|assessment)\s+by\s+$"
)


def _whole_relative_head(text: str, subject: str, start: int) -> tuple[str, int]:
    """The noun phrase a relative clause hangs on, not only its last part: "the Halden Institute of
    Technology that found" (not "Technology"), "a study by the Orsa Institute that found"."""
    end = start + len(subject)
    if subject[:1].isupper():
        named = _NAME_OF.search(text[:start])
        if named:
            start = named.start()
    doc = _DOCUMENT_BY.search(text[:start])
    if doc:
        start = doc.start()
    return text[start:end], start


def _inside_earlier_content(cue: _Cue, subject: _Subject, consumed_after: int) -> bool:
    """Whether the verb sits in the content of an earlier speaker-first verb ("X said Y claimed ...")
    with no comma between that content's start and this subject."""
    between = cue.text[consumed_after : subject.start]
    if re.search(r"\S\s+(?:and|but)\s+$", between) and re.match(r"(?:the|an?)\s+[a-z]", subject.text):
        # "X said the talks had failed and the army said ...": a second speaker of the writer's, after a
        # clause complete in itself, not words inside X's report
        return False
    return 0 <= consumed_after <= cue.vs and "," not in between


def _weak_finding(cue: _Cue, hit: Found) -> bool:
    """A finding verb ("shows", "found") whose subject is a low-confidence vague source: no attribution."""
    return not cue.speech and hit.source.kind == "vague" and hit.source.confidence < 0.5


def _placement(cue: _Cue, subject: _Subject, tail_start: int) -> str | None:
    """Where the speaker stands: "end" ("..., the department said in a memo."), "paren"
    ("The hospital, she said, is ..."), "first" ("Experts say ..."); None with nothing reported."""
    text = cue.text
    after = text[tail_start:]
    if _SHORT_TAIL.match(after) and subject.start > 0 and text[: subject.start].strip(' ,“”"'):
        return "end"
    if subject.led_by_comma and after.lstrip().startswith(","):
        return "paren"
    if re.fullmatch(r"\s*:\s*", after) and not cue.quotes.covers(0, subject.start):
        return "first"  # "President Ivo Marr also said:" and the quotation in the next paragraph
    if not re.search(r"\w", re.sub(r"^\s*that\b", "", after)):
        return None
    if re.match(r"\s*(?:nothing|little|no\s+more)\b", after):
        return None  # "the board said nothing": no words reported
    if (
        cue.verb in _ACT_VERBS
        and re.match(r"\s*(?:a|an|the|its|his|her|their)\s", after)
        and not re.search(r"[“\"”]|\bthat\b|,\s*(?:saying|adding)\b", after)
        and not _AUXILIARY.search(re.split(r"[,;:—–]|\s-\s", after)[0])
    ):
        return None  # "announced a settlement", "maintains a political office": an act or a fact, no report
    if cue.verb in _NAMING_VERBS and _NAMES_AS.match(text, cue.ve):
        return "first"  # "Critics called the plan reckless": a characterisation, not a bare stance
    if _STANCE_ONLY.match(after) and not _FINITE.search(after) and not cue.quotes.covers(tail_start, len(text)):
        return None  # "Skyline denied the claim.": a stance, no reported content ("said the plan failed" has)
    return "first"


def _content_region(placement: str, sub_start: int, tail_start: int, length: int) -> list[tuple[int, int]]:
    """The stretches of the sentence that hold the reported words, for each placement of the speaker."""
    if placement == "end":
        return [(0, sub_start)]
    if placement == "paren":
        return [(0, sub_start), (tail_start, length)]
    return [(tail_start, length)]


_COUNTED_WHO = re.compile(
    r"\b(?:number|share|proportion|percentage|fraction|rate|count)\s+(?:of\s+[\w-]+\s+)?(?:who|that)\s+$", re.IGNORECASE
)


def _according_after_a_speaker(text: str, out: list[Found]) -> None:
    """ "..., he said, according to the Intelligencer", "Critics called the deal a giveaway, according to a
    report in the Harbor Times.": the outlet or document that reports the speaker's words is the chain
    behind the speaker, not a second source of the sentence."""
    for acc in [h for h in out if h.pattern == "according_to"]:
        closes = re.fullmatch(r"[\s.”\"’)]*", text[acc.cue[1] :]) is not None  # "..., according to Y." ends it
        prior = [
            h
            for h in out
            if h is not acc
            and h.pattern != "according_to"
            and h.cue[1] <= acc.cue[0]
            and (
                re.fullmatch(r"[\s,]*", text[h.cue[1] : acc.cue[0]])  # "he said, according to Y"
                or (closes and h.pattern in {"speaker_first", "passive"})  # "Critics called X Y, according to Z."
            )
        ]
        if prior and not prior[-1].chain:
            prior[-1].chain = [prior[-1].source, acc.source]
            out.remove(acc)


_NESTABLE = frozenset({"speaker_first", "passive"})  # cues that a speaker named last can own


def _resolve_speakers_last(out: list[Found], relays: Callable[[Found], bool]) -> list[Found]:
    """A speaker named last owns everything before: drop attributions nested in that content,
    unless the last one only relays them ("X said ..., a radio network reports"): then X is
    the source and the relay is the chain behind X."""
    lasts = [h for h in out if h.pattern == "speaker_last"]
    dropped: set[int] = set()
    for last in (h for h in lasts if relays(h)):
        nested = [h for h in out if h.pattern in _NESTABLE and h.cue[1] <= last.cue[0]]
        if nested:
            for h in nested:
                h.chain = [h.source, last.source]
            dropped.add(id(last))

    def owned_by_a_later_speaker(h: Found) -> bool:
        nestable = h.pattern in _NESTABLE or (h.pattern == "no_verb" and h.source.name == "unnamed observers")
        return nestable and any(o is not h and h.cue[1] <= o.cue[0] and id(o) not in dropped for o in lasts)

    return [h for h in out if id(h) not in dropped and not owned_by_a_later_speaker(h)]


class _Finder(References, CueForms):
    def __init__(self, article: Article, lex: Lexicon) -> None:
        self.article = article
        self.lex = lex
        self.registry = Registry()
        self.people: list[tuple[tuple[int, int], str]] = []
        self.orgs: list[tuple[tuple[int, int], str]] = []
        self.found: list[Found] = []
        self.sents: list[_Sent] = []
        self._roles_seen: dict[str, str | None] = {}
        self._contexts: list[tuple[str, str]] | None = None
        self._spelled: dict[str, list[tuple[int, str]]] | None = None
        self.surnames: dict[str, str] = {}
        self.gender: dict[str, str] = {}
        self._org_firsts: dict[str, str] = {}
        self._name_tally = NameTally()
        self._index_of: dict[str, int] = {}
        self.surname_pattern: re.Pattern[str] | None = None
        self.verbs = lex.pattern("speech_verbs")
        self.finding = lex.pattern("finding_verbs")
        self.speech_words = lex.words("speech_verbs")
        self.stance = lex.pattern("stance_predicates")

    # -- the walk over the article -------------------------------------------------------------
    def run(self) -> list[Found]:
        sents: list[_Sent] = []
        for para in self.article.paragraphs:
            carry = False
            for s in para.sentences:
                q = find_quotes(s.text, starts_inside=carry)
                carry = q.ends_inside
                sents.append(_Sent(s.id, s.text, q, is_whole_quote(s.text, q), len(sents), para.id))
        self.sents = sents
        self._index_of = {x.id: x.index for x in sents}  # sentence id -> its place in the article
        by_sentence: dict[str, list[Found]] = {}
        for st in sents:
            self._note_people(st)
            hits = self._sentence(st)
            by_sentence[st.id] = hits
            self.found.extend(hits)
        self._continuations(sents, by_sentence)
        self._resolve_roles()
        self._headline_report()
        return self.found

    # -- one sentence ---------------------------------------------------------------------------
    def _sentence(self, st: _Sent) -> list[Found]:
        hits = self._interviewed_by(st, self._sentence_hits(st))
        return hits

    def _sentence_hits(self, st: _Sent) -> list[Found]:
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
        """Every attribution in one reading of a sentence, in the order the cue kinds are tried."""
        out: list[Found] = []
        outside = outside_text(text, quotes)
        self._according(st, text, quotes, outside, out)
        for m in _PASSIVE_QUOTE.finditer(outside):
            if not re.search(r"\bas\s", m.group(0)) and not re.search(r"\b(?:quoted|cited)\b", m.group(0)):
                continue  # "the man was heard saying ...": reported in the words of whoever said so
            hit = self._passive(st, text, quotes, outside, m, out)
            if hit:
                out.append(hit)
        for m in _PASSIVE_AGENT.finditer(outside):
            hit = self._passive_agent(st, text, quotes, m, out)
            if hit:
                out.append(hit)
        for m in _ACTIVE_QUOTE.finditer(outside):
            hit = self._active_quote(st, text, quotes, outside, m, out)
            if hit:
                out.append(hit)
        self._verbs(st, text, quotes, outside, out)
        self._citing(st, text, quotes, outside, out)
        self._with_speaker(st, text, quotes, outside, out)
        out.extend(self._nouns(st, text, quotes, outside, out))
        self._no_verb(st, text, quotes, outside, out)
        _according_after_a_speaker(text, out)
        return _resolve_speakers_last(out, self._relays)

    def _verbs(self, st: _Sent, text: str, quotes: Quotes, outside: str, out: list[Found]) -> None:
        """Speech and finding verbs, left to right; a speaker-first verb's content hides the verbs in it."""
        consumed_after = -1
        matches = list(self.verbs.finditer(outside)) + list(self.finding.finditer(outside))
        # "The union is concerned that ...": a stated position with no speech verb.
        matches += [m for m in self.stance.finditer(outside) if re.match(r"\s+that\b", outside[m.end() :])]
        for m in sorted(matches, key=lambda m: m.start()):
            if any(h.cue[0] <= m.start() < h.cue[1] for h in out) or not self._verb_use(outside, m, st.index == 0):
                continue
            hit = self._verb(st, text, quotes, outside, m, out, consumed_after)
            if hit:
                out.append(hit)
                if hit.pattern in {"speaker_first", "coordinated", "shared"} and not _CITING.search(hit.cue_text):
                    consumed_after = hit.cue[1]

    def _relays(self, hit: Found) -> bool:
        verb = hit.cue_text.split()[-1].lower() if hit.cue_text.split() else ""
        # "X told investigators ..., court papers say": the document carries X's words to the writer.
        return verb in _RELAY_VERBS or hit.source.kind in {"named_outlet", "official_document"}

    # -- a reporting verb: whose words, and which words -----------------------------------------
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
        """The attribution of one speech or finding verb: the speaker named after it, before it,
        or shared with the verb before ("said ... and added ...")."""
        verb = m.group(0).lower()
        speech = verb in self.speech_words or self.stance.fullmatch(verb) is not None
        cue = _Cue(st, text, quotes, outside, m.start(), m.end(), verb, speech)
        if not _reports(text, cue.vs, cue.ve):
            return None
        if verb in _PARTICIPLES and re.search(r"(?:,|\s[—–])\s*$", text[: cue.vs]):
            if verb in _CONTENT_PARTICIPLES and not _reports_content(text[cue.ve :]):
                return None  # "..., adding to fears", "..., claiming the title", "..., warning residents to leave"
            return self._participle(cue, out)
        progressive = _PROGRESSIVE_AUX.search(text[: cue.vs])  # "been" and "not" never pass _reports
        issued = re.search(
            r"\b(?:statement|letter|release|memo|message|post|tweet|video|notice|appeal)\s+$", text[: cue.vs]
        )
        if verb in _CONTENT_PARTICIPLES and not ((progressive or issued) and _reports_content(text[cue.ve :])):
            return None  # "A sign explaining the rules", "were seen arguing": no speaker reporting content
        hit = self._speaker_after(cue, out)
        if hit is not None:
            return hit
        subject = self._speaker_before(cue)
        if subject is None:
            return None
        recipient = _recipient(text, cue.ve, verb)
        tail_start = _content_start(text, cue.ve, recipient)
        if not subject.text:
            return _coordinated(cue, subject.segment, tail_start, out) or self._shared_subject(
                cue, subject.segment, tail_start, recipient, out
            )
        return self._speaker_named_before(cue, subject, tail_start, recipient, out, consumed_after)

    def _participle(self, cue: _Cue, out: list[Found]) -> Found | None:
        """ "Farmers and fishing groups marched ..., saying the project will ...": the participle
        reports for the subject of the main clause (or for the speaker of the verb before it)."""
        text = cue.text
        content = (cue.ve, len(text))
        earlier = [h for h in out if h.sentence == cue.st.id and h.cue[1] <= cue.vs]
        if earlier:
            return None  # "X said ..., adding ...": the cue before already credits the whole sentence
        subject = self._main_subject(cue)
        if subject is None:
            return None
        start, head = subject
        hit = self._make(cue.st, text, cue.quotes, (start, cue.ve), (start, start + len(head)), "participle", 0.7, out)
        if hit is not None:
            hit.mode = _mode(text, [content], cue.quotes)
            hit.content = text[cue.ve :].strip(" ,.")
        return hit

    def _main_subject(self, cue: _Cue) -> tuple[int, str] | None:
        """The subject of the main clause before the verb ("On Saturday, farmers marched ...":
        "farmers"), with its offset; None when it names no plausible speaker."""
        text = cue.text
        seg_start = self._segment_start(text, cue.quotes, cue.outside, cue.vs)
        clause = text[seg_start : cue.vs]
        verb = _FINITE.search(clause)
        if verb is None or cue.quotes.covers(seg_start, seg_start + verb.start()):
            return None
        dateline = _DATELINE.match(clause) if seg_start == 0 else None
        offset = dateline.end() if dateline else 0  # "BUFFALO, N.Y. — Wild coach ...": the dateline is no subject
        parts = re.split(r",(?!\d{3}\b)", clause[offset : verb.start()])
        while len(parts) > 1 and (_PARENTHETICAL.match(parts[0]) or _LEADING_ADVERBIAL.match(parts[0])):
            offset += len(parts[0]) + 1  # "On Saturday, farmers marched ...": the subject follows
            parts = parts[1:]
        lead = re.match(r"\s*(?:(?:But|And|Yet|So|Still|However)\s+)?", parts[0])
        s = offset + (lead.end() if lead else 0)
        head = clause[s : offset + len(parts[0])].rstrip()
        if not head or not self._plausible(head, True):
            return None
        return seg_start + s, head

    def _shared_subject(
        self, cue: _Cue, seg: str, tail_start: int, recipient: tuple[int, int] | None, out: list[Found]
    ) -> Found | None:
        """ "Company officials expressed sympathy ..., but said the verdict ...": a verb after "but"
        or "and" with no subject of its own reports for the subject of the clause before."""
        if not cue.speech or not _JOINED.search(seg) or any(h.cue[1] <= cue.vs for h in out):
            return None
        subject = self._main_subject(cue)
        if subject is None:
            return None
        start, head = subject
        if not self._speaker_like(head):
            return None
        named = re.match(r",\s*[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)+(?=\s*,)", cue.text[start + len(head) :])
        if named:
            head += named.group(0)  # "Hollby's mayor, Ivar Stenlund, called ... and said": the person named
        hit = self._make(cue.st, cue.text, cue.quotes, (start, cue.ve), (start, start + len(head)), "shared", 0.7, out)
        if hit is not None:
            hit.mode = _mode(cue.text, [(tail_start, len(cue.text))], cue.quotes)
            hit.content = cue.text[tail_start:].strip(" ,.")
            if recipient:
                self._chain_to_recipient(hit, cue.text[recipient[0] : recipient[1]])
        return hit

    def _speaker_after(self, cue: _Cue, out: list[Found]) -> Found | None:
        """Quote or clause first, verb then speaker: “…,” said Dana Whitfield, who …"""
        if not cue.speech or not (_speaker_follows(cue.text, cue.vs, cue.ve) or self._body_closes(cue)):
            return None
        if cue.verb in _TELL:
            return None  # "..., told Reuters": whom they told, never who spoke
        span = _speaker_span_after(cue.text, cue.quotes, cue.vs, cue.ve)
        if span is None:
            return None
        hit = self._make(cue.st, cue.text, cue.quotes, (cue.vs, span[1]), span, "speaker_after", 0.9, out)
        if hit is not None:
            before = cue.text[: cue.vs]
            hit.mode = _mode(cue.text, [(0, len(before.rstrip(" ,")))], cue.quotes)
            hit.content = before.strip(" ,")
        return hit

    def _body_closes(self, cue: _Cue) -> bool:
        """ "The mine employs 300 people, said the company, which ...": a clause, a comma, the verb,
        then a body or an unnamed official that closes the sentence, even when the clause's verb
        is not one ``_FINITE`` knows."""
        text = cue.text
        if not re.search(r"\w\s*,\s*$", text[: cue.vs]) or cue.quotes.covers(0, cue.vs):
            return False
        m = re.match(
            r"\s+(?:the|a|an)\s+(?:[a-z][\w-]*\s+){0,2}([a-z]+)(?=\s*(?:,\s*(?:which|who)\b|[.!?]?\s*$))",
            text[cue.ve :],
        )
        lex = self.lex
        heads = lex.words("organisation_nouns") | lex.words("anonymous_heads") | lex.words("institution_words")
        return m is not None and m.group(1) in heads

    def _speaker_before(self, cue: _Cue) -> _Subject | None:
        """The phrase before the verb that names the speaker (its text is empty when there is none);
        None for a generic or modal subject ("One would expect ...")."""
        seg_start = self._segment_start(cue.text, cue.quotes, cue.outside, cue.vs)
        seg = cue.text[seg_start : cue.vs]
        if _MODAL_SUBJECT.match(_LAST_CLAUSE.split(seg)[-1]) or _MODAL_BEFORE_VERB.search(seg):
            return None
        seg = _strip_verb_modifiers(seg)
        if cue.verb.endswith("ing"):
            seg = _PROGRESSIVE_AUX.sub("", seg)  # "are alleging"
        rel = _RELATIVE_HEAD.match(seg)
        after_comma = _COMMA_RELATIVE.match(seg)
        if after_comma and (_TIME_WORD.search(after_comma.group(1)) or not cue.speech or cue.verb in {"tells", "tell"}):
            after_comma = None  # "... on Monday, who said": a time, not a speaker
        if after_comma and not (rel and rel.group(1).strip()):
            # "... was rejected by the defence ministry, which said ...": the speaker is the noun
            # phrase the clause hangs on, the object of the preposition before it.
            subject, start, led_by_comma = after_comma.group(1), seg_start + after_comma.start(1), False
        elif rel and rel.group(1).strip():
            # "radio advertisements that claim ...": the noun phrase the relative clause hangs on.
            subject, start, led_by_comma = rel.group(1).strip(), seg_start + rel.start(1), False
            subject, start = _whole_relative_head(cue.text, subject, start)
            clause = _CLAUSE_IN_SUBJECT.search(subject)
            det = [
                m
                for m in re.finditer(r"\b(?:a|an|the|its|his|her|their)\s", subject)
                if clause and m.start() >= clause.end() - 1
            ]
            if clause and det:
                # "Apple is appealing a ruling that said": the ruling, not the writer's clause before it
                subject, start = subject[det[-1].start() :], start + det[-1].start()
        else:
            subject, start, led_by_comma = self._subject(seg, seg_start)
        described = self._described_person(seg, seg_start)
        if described is not None:
            subject, start = described
        refined = self._refine_subject(cue, seg_start, subject, start)
        if refined is None:
            return None
        subject, start = refined
        return _Subject(subject, start, led_by_comma, seg)

    def _refine_subject(self, cue: _Cue, seg_start: int, subject: str, start: int) -> tuple[str, int] | None:
        """The speaker inside the phrase before the verb, once typography, a dash, a bare name, a reduced
        relative and the writer's own action are set aside; None when a name is given and nothing reported."""
        subject, start = _without_openers(subject, start, naming=cue.verb in _NAMING_VERBS)
        closing = re.match(r"[’'`]{2}\s*,?\s*", subject)
        if closing:  # "...,’’ Will Moy ... told the BBC": two apostrophes typed for a closing quotation mark
            subject, start = subject[closing.end() :], start + closing.end()
        if re.search(r"\s(?:--|—|–)\s*$", subject):
            # "Kari Lund – the mayor – said": the phrase between dashes is an apposition of the speaker before it
            paired = re.search(
                r"(?:^|[,;:]\s*)([^,;:–—]+?)\s(?:--|—|–)\s[^–—]+?\s(?:--|—|–)\s*$", cue.text[: start + len(subject)]
            )
            if paired:
                subject, start = paired.group(1), paired.start(1)
        dash = list(re.finditer(r"\s(?:--|—|–)\s+", subject))
        if len(dash) >= 2:
            # "Kari Lund – the mayor – said": the dashes set an apposition apart; the speaker is before it
            subject = subject[: dash[0].start()]
        elif dash:
            # "... to have it stop enrichment -- a program Iran says it needs": the dash ends the clause
            subject, start = subject[dash[0].end() :], start + dash[0].end()
        named = _NOUN_THEN_NAME.search(subject)
        if named and not _LOWER_ROLE.match(subject[named.start() :]):
            # "a program Iran says it needs", "a claim Moscow denies": the name is the speaker
            subject, start = named.group(1), start + named.start(1)
        if subject and _GAP.match(cue.text[cue.ve :]):
            subject, start = self._reduced_relative(subject, start)
        if cue.verb == "named" and re.match(r"\s+[A-Z]", cue.text[cue.ve :]) and _INDEFINITE.match(subject):
            return None  # "Someone named Tom Vale", "a man named Ali": a name given, nothing reported
        action = (
            _ACTION_IN_SUBJECT.search(subject)
            if cue.verb in {"say", "tell", "announce", "warn"} or cue.verb in _PARTICIPLES
            else None
        )
        if action is not None:
            subject = subject[: action.start()]  # "Rosa Quint took to social media on Sunday to say": Rosa Quint
        acted = re.match(r"(?:issued|released|published|posted|put\s+out|sent)\s", subject)
        if acted and cue.text[seg_start:start].rstrip().endswith(","):
            # "The Electoral Commission, which regulates campaigns, issued a statement warning ...": the
            # subject before the apposition
            before = cue.text[seg_start:start].rstrip()
            lead = re.match(r"\s*(?:In|On|At|After|Before|Last|This|Earlier|Later|During|Since|As)\b[^,]*,", before)
            skip = lead.end() if lead else 0  # "In a reflection of the confusion, the Commission, which ..."
            earlier, at, _ = self._subject(before[skip:], seg_start + skip)
            if earlier:
                subject, start = earlier, at
        return subject, start

    def _described_person(self, seg: str, seg_start: int) -> tuple[str, int] | None:
        """ "A person who has seen the internal review said": an unnamed speaker described by a
        relative clause is the whole description, not the end of the clause."""
        lex = self.lex
        heads = lex.words("anonymous_heads") | lex.words("vague_heads") | lex.words("person_nouns")
        parts = re.split(r",(?!\d{3}\b)", seg)
        last = parts[-1] if parts[-1].strip() else ""
        m = re.match(
            r"\s*((?:[Aa]n?|[Oo]ne|[Tt]wo|[Tt]hree|[Ss]ome|[Ss]everal|[Aa]nother)\s+(?:[\w-]+\s+){0,2}?([a-z]+)"
            r"\s+(?:who|that)\s+[^,;:“”\"]+?)\s*$",
            last,
        )
        if not m or m.group(2) not in heads:
            return None
        return m.group(1), seg_start + len(seg) - len(last) + m.start(1)

    def _speaker_named_before(
        self,
        cue: _Cue,
        subject: _Subject,
        tail_start: int,
        recipient: tuple[int, int] | None,
        out: list[Found],
        consumed_after: int,
    ) -> Found | None:
        """Speaker first ("Experts say ...") or last ("..., the department said."), with what they said."""
        text = cue.text
        if _inside_earlier_content(cue, subject, consumed_after) or not self._plausible(subject.text, cue.speech):
            return None
        if _COUNTED_WHO.search(text[: cue.vs]):
            return None  # "the number who said they had used it rose": a count of people polled, not a speaker
        placement = _placement(cue, subject, tail_start)
        if placement is None:
            return None
        pattern = "speaker_first" if placement == "first" else "speaker_last"
        mention = (subject.start, subject.start + len(subject.text))
        conf = 0.8 if cue.speech else 0.6
        context = re.split(r",\s*citing\s", text[subject.start : cue.vs])[
            0
        ]  # whom the speaker cites is not the speaker
        pair = self._two_speakers(cue, subject)
        first: Found | None = None
        leader = re.search(r"(?<![\w’'.-])([A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,2})\s+and\s+$", text[: subject.start])
        if leader and _OWN_GROUP.fullmatch(subject.text):
            # "Paganini and his team wrote": the named person speaks for a group that is his own
            mention, pair = (leader.start(1), leader.end(1)), None
        elif pair is not None:
            # "the UN nuclear watchdog and U.S. officials say": two speakers, one cue each
            span = (pair[0][0], tail_start)
            first = self._make(cue.st, text, cue.quotes, span, pair[0], pattern, conf, out, context)
            mention = pair[1]
        cue_span = (pair[0][0] if pair is not None else min(subject.start, mention[0]), tail_start)
        hit = self._make(cue.st, text, cue.quotes, cue_span, mention, pattern, conf, out, context)
        if hit is None or _weak_finding(cue, hit):
            return None
        relayed = re.search(r",\s*via\s+([^,]+?)\s*,\s*$", text[subject.start : cue.vs])
        if recipient:
            self._chain_to_recipient(hit, text[recipient[0] : recipient[1]])
        elif relayed:
            self._chain_to_recipient(hit, relayed.group(1))  # "Richardson, via USA Today, said": the outlet relays
        region = _content_region(placement, subject.start, tail_start, len(text))
        hit.mode = _mode(text, region, cue.quotes)
        hit.content = " ".join(text[a:b].strip(" ,.:") for a, b in region).strip()
        if cue.verb in _NAMING_VERBS and hit.mode == "paraphrase":
            named = _NAMES_AS.match(text, cue.ve) or re.search(r"\bwhat\s+$", text[: subject.start])
            if not named or _JOINED_SPEECH.match(text, cue.ve):
                # "called the harbour office", "called a strike": a call or an act, no words reported; "called
                # the response a disaster and said ...": one cue, carried by the verb that reports
                return None
        if first is not None:
            first.mode, first.content, first.chain = hit.mode, hit.content, list(hit.chain)
            out.append(first)
        return hit

    def _two_speakers(self, cue: _Cue, subject: _Subject) -> tuple[tuple[int, int], tuple[int, int]] | None:
        """ "A and B said": the noun phrase A before the speaker B, when both can speak and each is of
        two words or more or led by a determiner ("the watchdog and U.S. officials", "Ann Berg and her
        lawyer"), never part of a name that holds "and" ("Marks and Spencer", "the Fire and Rescue Service")."""
        inner = re.fullmatch(r"((?:[Tt]he\s+)?(.+?))\s+and\s+((?:the\s+)?(.+))", subject.text)
        known = self.lex.words("institution_words") | self.lex.words("countries")
        if inner and inner.group(2).lower() in known and inner.group(4).lower() in known:
            # "The United Nations and European Union stressed": two bodies, each a speaker
            a, b = subject.start + inner.start(1), subject.start + inner.start(3)
            return (a, a + len(inner.group(1))), (b, b + len(inner.group(3)))
        before = cue.text[: subject.start]
        m = re.search(r"(?:^|[,;:“”\"]\s*|\b(?:that|but)\s+)([^,;:“”\"]+?)\s+and\s+$", before)
        if m is None or cue.quotes.covers(m.start(1), subject.start):
            return None
        part, start = m.group(1), m.start(1)
        opener = re.match(r"(?:While|Although|Though|As|Because|Since|If|When|Whereas)\s+", part)
        if opener:  # "While the watchdog and U.S. officials say ...": the clause's subject after its opener
            part, start = part[opener.end() :], start + opener.end()
        lead = re.match(r"\s*(?:On|In|At|After|Before|Last|This|Earlier|Later)\b", part)
        if all(re.sub(r"^[Tt]he\s+", "", p.strip()).lower() in known for p in (part, subject.text)):
            return (start, m.end(1)), (subject.start, subject.start + len(subject.text))  # "Russia and China said"
        whole = part + " and " + subject.text
        if lead or and_name_at_end(whole, self.lex) is not None or _FINITE.search(" " + part):
            return None
        named = any(w[:1].isupper() for w in part.split()[1:]) or (part[:1].isupper() and start > 0)
        if not (_DETERMINER_LED.match(part) or named):
            return None  # "lead researcher and NASA scientist Lucas Paganini": one person's two roles
        for p in (part, subject.text):
            if not (len(p.split()) >= 2 or _DETERMINER_LED.match(p)) or not self._plausible(p, cue.speech):
                return None
            if p.split()[0].lower() in {"he", "she", "they", "we", "i", "it"}:
                return None
        return (start, m.end(1)), (subject.start, subject.start + len(subject.text))

    def _chain_to_recipient(self, hit: Found, recipient: str) -> None:
        """ "X told <outlet>": the outlet stands behind X in the chain (an audience does not)."""
        rm = classify(recipient, self.lex)
        audience = self.lex.pattern("audiences").fullmatch(recipient.strip())
        glued = re.fullmatch(
            r"(?:the\s+)?[A-Z][\w-]*(?:press|news|post|times|wire|tv|radio|\.com|\.org)", recipient.strip()
        )
        if glued and rm.kind != "named_outlet":
            rm = Mention(recipient.strip(), "named_outlet", 0.5, rm.key)  # "told Nordpress", "told PolitickerNJ.com"
        if rm.kind == "named_outlet" and not audience:
            hit.chain = [hit.source, self.registry.add(rm)]

    def _reduced_relative(self, subject: str, start: int) -> tuple[str, int]:
        """ "a move officials said would save ...": the speaker is "officials", not "a move officials"."""
        ws = list(re.finditer(r"\S+", subject))
        if len(ws) < 3 or ws[0].group(0).lower() not in {"a", "an", "the", "this", "that"}:
            return subject, start
        heads = self.lex.words("anonymous_heads") | self.lex.words("vague_heads") | self.lex.words("institution_words")
        if ws[-1].group(0).lower().strip(".,") not in heads:
            return subject, start
        i = len(ws) - 1
        while i > 1 and (ws[i - 1].group(0).lower() in STARTERS or ws[i - 1].group(0)[:1].isupper()):
            i -= 1
        if i <= 1:
            return subject, start
        return subject[ws[i].start() :], start + ws[i].start()

    def _verb_use(self, text: str, m: re.Match[str], headline: bool = False) -> bool:
        """False when the match is a noun or a name ("the estimate", "United States"); a headline in
        title case capitalises its verb ("Jamie Dimon Says Banks Are Under Assault")."""
        word = m.group(0)
        if word[0].isupper() and m.start() > 0 and not (headline and word.lower() in _HEADLINE_SPEECH):
            return False
        if word.lower() == "report":
            # "Many people report ...", "they report": a plural or "they" before it; else a noun ("the 84-page report").
            prev = re.search(r"([\w’'-]+)\W*$", text[: m.start()])
            subject_like = prev is not None and re.fullmatch(
                r"[a-z]{3,}s|[A-Z][a-z]+s|they|we|you|I|people", prev.group(1)
            )
            # "A police report", "The progress report", "A United Nations report": a determiner opens the
            # noun phrase, so "report" is its head noun.
            np = re.search(r"(?:^|[,;:.!?])\s*((?:[\w’'-]+\s+){0,3})$", text[: m.start()])
            opens_np = np is not None and re.match(r"(?i)(?:a|an|the|this|that|its|their|his|her|our)\s", np.group(1))
            if not subject_like or opens_np or re.match(r"\s+to\b", text[m.end() :]):
                return False
        if word.lower() in _NOUN_LIKE and not re.search(r"\bat\s+first\s+$", text[: m.start()]):
            prev = re.search(r"([\w’'-]+)\W*$", text[: m.start()])
            if prev is None or re.search(r"\s{4,}$", text[prev.end() : m.start()]):
                return True  # “…,” says Dora Fenwick: right after a quotation (blanked here), a verb
            if prev.group(1).lower() in _DETERMINER_LIKE | _VERB_BEFORE_NOUN or prev.group(1).endswith("’s"):
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
            if ch == "(" and i >= 0 and ")" in outside[i:vs]:
                continue  # "the Association of ... (ABC) political director Jane Doe said": a closed aside
            if i >= 0:
                start = max(start, i + 1)
        if "/" in outside[:vs] or ":" in outside[:vs]:
            for m in _LABEL.finditer(outside[:vs]):
                start = max(start, m.end())
        return start

    def _subject(self, seg: str, seg_start: int) -> tuple[str, int, bool]:
        """The speaker phrase in ``seg`` (text before the verb), its offset, and whether a comma precedes it."""
        named = and_name_at_end(seg, self.lex)
        if named is not None:
            return named.group(0), seg_start + named.start(), False
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
                and len(parts[k].split()) <= 40
            ):
                k -= 1
                if re.match(r"\s*(?:who|whose)\b", parts[k + 1]) and re.match(r"\s*(?:the|a|an|one|two)\s", parts[k]):
                    break  # "the source, who said he had spoken to people inside, told Reuters": the antecedent
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

    def _speaker_like(self, subject: str) -> bool:
        """A subject that can speak: a name, a pronoun, a group of people or a body ("Rescue crews",
        "Company officials", "the ministry"), not a thing ("The storm")."""
        ws = subject.split()
        head = _head_word(subject)
        if any(w[:1].isupper() for w in ws[1:]) or head.lower() in PRONOUN_WORDS:
            return True
        lex = self.lex
        known = (
            lex.words("vague_heads")
            | lex.words("anonymous_heads")
            | lex.words("institution_words")
            | lex.words("organisation_nouns")
            | lex.words("journalist_words")
            | lex.words("titles")
        )
        return head.lower() in known or (head.endswith("s") and not head.endswith("ss"))

    def _plausible(self, subject: str, speech: bool) -> bool:
        ws = subject.split()
        if not ws or len(ws) > 14:
            return False
        if ws[0].lower() in {"no", "nobody", "none", "neither"} or subject.lower().startswith("no one"):
            return False  # "no group claimed responsibility": nobody's words
        if ws[0].lower() in {"who", "which", "whom", "whose", "what", "do", "does", "did"}:
            return False  # "..., who still believed", "What I said", "Do you think": a clause or a question
        if re.fullmatch(r"(?:all\s+(?:of\s+)?)?(?:this|that|these|those|which|what|such)", subject.strip().lower()):
            return False  # "This suggests that ...": the writer's inference from what came before, no speaker
        relative = re.search(r"\b(?:who|that|which)\b", subject)
        if (_VERB_IN_SUBJECT.search(subject) or _CLAUSE_IN_SUBJECT.search(subject)) and not relative:
            # "The council will debate the waiting lists", "The team chose only people who had reported",
            # "The firm did not admit nor deny": a clause with its own verb, not a speaker before the verb
            return False
        if (
            ws[0].lower() in {"i", "we", "you", "he", "she", "they", "it"}
            and len(ws) > 1
            and ws[1].islower()
            and ws[1] not in _PRONOUN_COMPANIONS
        ):
            return False  # "I hate to say": a pronoun and its own verb, not a speaker ("They both said" is)
        first = ws[0].lower().strip('“"')
        if ws[0][:1].isupper() or first in STARTERS or first in {"he", "she", "they", "it", "we", "i"}:
            return True
        if re.fullmatch(r"[a-z]{1,2}[A-Z][\w’'-]*", ws[0]):
            return True  # "iFixit", "eBay": a name that starts in lower case
        lex = self.lex
        roles = lex.words("titles") | lex.words("anonymous_heads") | lex.words("journalist_words")
        if first in roles and any(w[:1].isupper() for w in ws[1:]):
            return True  # "spokesman Jan Novak", "chief executive Lena Brandt"
        if _ROLE_GLUED_TO_NAME.fullmatch(subject):
            return True  # "union leader Birgit Sand": a lowercase role glued to a two-part name
        head = _head_word(subject)
        known = (
            lex.words("vague_heads")
            | lex.words("anonymous_heads")
            | lex.words("institution_words")
            | lex.words("document_words")
            | lex.words("journalist_words")
            | lex.words("titles")
        )
        if speech and re.fullmatch(r"[a-z]+(?:ers|ors|ists|ians|ants|ents)", head) and len(ws) <= 3:
            return True  # "forecasters say", "some economists said": people named by what they do
        if speech and re.fullmatch(r"[a-z]{3,}(?:es|s)", head) and not head.endswith("ss") and 2 <= len(ws) <= 4:
            return head not in _THINGS  # "college football coaches have said": a group of people
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
        # "The utility, which serves 600,000 homes": a description of a body named before, with a
        # clause about it; the description alone says who it is.
        bare = _DESCRIBED_WITH_CLAUSE.fullmatch(mtext.strip())
        if bare is not None:
            mtext = bare.group(1)
        mtext = re.sub(r"\s+would\s+only$", "", mtext)
        described = re.fullmatch(r"(?:[Tt]he|[Tt]his|[Tt]hat)\s+([a-z]+)", mtext.strip())
        issued = self._issuer(st, described.group(1) if described else "", out)
        if issued is not None and described is not None and described.group(1) in _PUBLISHED:
            # "FairThread said in a report ... The report found ...": that body's report, a document.
            bare_owner = re.sub(r"^(?:[Tt]he|[Aa]n?)\s+", "", issued.name)
            owner = re.findall(r"[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*", bare_owner)
            name = f"{owner[-1] if owner else bare_owner}'s {described.group(1)}"
            doc = self.registry.add(Mention(name, "official_document", 0.6, "src:" + name.lower()))
            cs, ce = clean_span(st.text, *cue)
            return Found(st.id, (cs, ce), st.text[cs:ce].strip(), doc, "paraphrase", round(conf * 0.85, 2), pattern)
        if issued is not None:
            # "Corla said in a statement that ... The statement said ...": the statement is Corla's words.
            cs, ce = clean_span(st.text, *cue)
            self.registry.recent.append((issued.id, Mention(mtext, issued.kind, issued.confidence, "")))
            return Found(st.id, (cs, ce), st.text[cs:ce].strip(), issued, "paraphrase", round(conf * 0.85, 2), pattern)
        written = mtext
        mtext = self._named_earlier(st, mention[0], mtext)
        pair = self._pair_named_before(st) if _BOTH.fullmatch(mtext.strip()) else None
        men: Mention = classify(mtext, self.lex, context)
        if pair is not None:  # "Both men claimed": the two people named together before
            men = Mention(pair, "named_person", 0.6, "pair:" + pair.lower(), plural=True)
        elif mtext != written and ACRONYM.fullmatch(written.strip()):
            men = Mention(mtext, "organisation", 0.7, men.key)  # "CBP" spelled out: a body, whatever its words
        by_noun = described is not None and described.group(1) in self.lex.words("organisation_nouns")
        if men.kind == "named_person" and (
            by_noun  # "the firm" -> "Tessel Consult"
            or (
                any(mtext == n or mtext.endswith(" " + n) for _, n in self.orgs)
                and not _titled_person(mtext, self.lex)  # "Council Member Dana Whitfield" is a person
            )
        ):
            men = Mention(mtext, "organisation", 0.5, men.key)  # "the team" -> an organisation named before
        if (
            men.kind == "named_person"
            and re.fullmatch(r"[A-Z][a-z]+(?:ers|ors|ists|ians|ants|ents|ees)", mtext.strip())
            and mtext.strip() not in self.surnames
        ):
            # "Employers believe ...", "Legislators said ...": a plural common noun at the start of a
            # sentence, not the surname of anyone the article names in full.
            men = Mention(mtext.strip(), "vague", 0.5, men.key, plural=True)
        body = self._body_just_before(st, mention[0], men)
        if body is not None:
            entry = self.registry.add(body)
            conf *= 0.85
        elif men.pronoun:
            if mtext.strip().lower() in {"we", "i"} and not quotes.regions and not st.whole_quote:
                return None  # "We have found ...", "I asked the council": the writer, out of any quotation
            resolved = self._previous_speaker(st, mention[0], men.key, out) or self.registry.resolve(
                men, self._people_before(st, mention[0], men.key)
            )
            if resolved is None:
                return None
            entry = resolved
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
            introduced = prev is not None and prev.text.rstrip().endswith(":") and st.whole_quote
            if prev is not None and introduced and prev_hits and not prev_hits[-1].content:
                # "He also said:" then the quotation, in a paragraph of its own: his words
                owner = prev_hits[-1]
                owner.mode = "direct_quote"
            elif prev is not None and quoted_run and prev_hits:
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
