"""The analyzer's word lists (``lexicon.yaml``), loaded once and compiled to regular expressions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

LEXICON_FILE = "lexicon.yaml"


def phrase_pattern(phrases: list[str] | frozenset[str] | tuple[str, ...]) -> re.Pattern[str]:
    """One case-insensitive pattern matching any phrase on word boundaries, longest first."""
    alts = sorted({p.lower().replace("’", "'") for p in phrases}, key=lambda p: (-len(p), p))
    # An apostrophe in a listed phrase ("won't", "can't reach") matches a straight or a curly one.
    body = "|".join(re.escape(p).replace(r"\ ", r"\s+").replace("'", "['’]") for p in alts)
    # A possessive ending ("regime’s", "regime's") ends a word; any other apostrophe ("won’t") does not.
    return re.compile(rf"(?<![\w’'-])(?:{body})(?![\w-])(?!['’](?!s\b))", re.IGNORECASE)


@dataclass(frozen=True)
class Lexicon:
    """The lists of ``lexicon.yaml`` as sets, plus compiled patterns for the ones searched in text."""

    data: dict[str, Any]
    patterns: dict[str, re.Pattern[str]]
    _sets: dict[str, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)

    def words(self, key: str) -> frozenset[str]:
        """The entries of list ``key``, lower case (computed once per list)."""
        found = self._sets.get(key)
        if found is None:
            found = self._sets[key] = frozenset(str(w).lower() for w in self.data[key])
        return found

    def pattern(self, key: str) -> re.Pattern[str]:
        """A pattern matching any entry of list ``key``."""
        return self.patterns[key]

    def regex(self, key: str) -> re.Pattern[str]:
        """One case-insensitive pattern for list ``key`` of regular expressions (never matches when empty)."""
        return _regex(tuple(self.data.get(key) or ()))


@cache
def _regex(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns) or r"(?!x)x", re.IGNORECASE)


_SEARCHED = (
    "speech_verbs",
    "finding_verbs",
    "reporting_nouns",
    "evaluative",
    "prediction_markers",
    "schedule_markers",
    "comparison_words",
    "causal_words",
    "event_verbs",
    "labels",
    "loaded",
    "hedges",
    "balance_markers",
    "relative_dates",
    "anonymity_markers",
    "outlet_words",
    "document_words",
    "institution_words",
    "image_furniture",
    "titles",
    "audiences",
    "org_suffixes",
    "force_metaphors",
    "loaded_verbs",
    "prejudging_adverbs",
    "person_nouns",
    "reported_hedges",
    "viewed_hedges",
    "efficacy_markers",
    "access_markers",
    "no_response_markers",
    "headline_verbs",
    "stance_predicates",
)


@cache
def lexicon() -> Lexicon:
    """Load ``lexicon.yaml`` from the package (cached)."""
    text = (resources.files("medialit.drafter") / LEXICON_FILE).read_text("utf-8")
    data = yaml.safe_load(text)
    return Lexicon(data=data, patterns={k: phrase_pattern(data[k]) for k in _SEARCHED})
