"""Match pairs: ``{item: match}``, scored like :mod:`medialit.qtypes.label_items`."""

from __future__ import annotations

from medialit.qtypes.label_items import LabelItems


class MatchPairs(LabelItems):
    """Match each item with one of the listed matches."""

    name = "match_pairs"
    minutes = 3
    verb = "match"
    verbs = "matches"
