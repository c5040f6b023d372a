"""Draft the annotations of any article, for a teacher to review (``medialit new``).

Public API::

    new_case(source, out, *, title=None, date=None, url=None, publisher=None, author=None, force=False)
    draft_annotations(article, links=(), case_id=None) -> dict      # schema-v1 annotation data
    review_status(data) -> ReviewStatus                            # what still needs review
    review_status_of(case_dir) -> ReviewStatus

Everything is rules and word lists (``lexicon.yaml``); nothing is downloaded at run time.
"""

from __future__ import annotations

from typing import Any

__all__ = ["NewCaseResult", "ReviewStatus", "draft_annotations", "new_case", "review_status", "review_status_of"]


def __getattr__(name: str) -> Any:
    # PEP 562 lazy attributes: importing the package stays cheap; each part (the drafter pulls
    # nbformat, 2 s with jsonschema) loads when first used.
    if name in {"new_case", "NewCaseResult"}:
        from medialit.drafter import new

        return getattr(new, name)
    if name == "draft_annotations":
        from medialit.drafter.annotate import draft_annotations

        return draft_annotations
    if name in {"review_status", "review_status_of", "ReviewStatus"}:
        from medialit.drafter import review

        return getattr(review, name)
    raise AttributeError(f"module 'medialit.drafter' has no attribute {name!r}")
