"""Checksums of locked cells and question metadata: kept here for existing imports.

The tamper-awareness contract lives in :mod:`medialit.contracts`, which notebooks,
grading and the runtime share; this module re-exports it.
"""

from __future__ import annotations

from medialit.contracts import (
    LOCKED_ROLES,
    PREFIX,
    answer_checksum,
    expected_checksum,
    locked_checksum,
    normalize_source,
    seal,
    verify,
)

__all__ = [
    "LOCKED_ROLES",
    "PREFIX",
    "answer_checksum",
    "expected_checksum",
    "locked_checksum",
    "normalize_source",
    "seal",
    "verify",
]
