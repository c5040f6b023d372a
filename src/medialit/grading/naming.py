"""Report naming: a file name for each student's reports, and student ids made unique in arrival order."""

from __future__ import annotations

from dataclasses import replace

from medialit.grading.results import SubmissionResult


class UniqueIds:
    """Makes student ids unique in arrival order: ``-2``, ``-3`` ... appended to repeats.

    Ids are compared as the report file names they become (case-insensitively,
    after :func:`safe_name`), so two students never share a feedback file.
    """

    def __init__(self) -> None:
        self._seen: set[str] = set()

    def unique(self, sid: str) -> str:
        """``sid`` or the first free ``sid-N``."""
        cand, n = sid, 1
        while _file_key(cand) in self._seen:
            n += 1
            cand = f"{sid}-{n}"
        self._seen.add(_file_key(cand))
        return cand

    def apply(self, r: SubmissionResult) -> SubmissionResult:
        """``r`` with a unique student id (and a note when it was renamed)."""
        sid = self.unique(r.student)
        if sid == r.student:
            return r
        note = f"another submission has the student id {r.student!r}; this one is {sid!r}"
        return replace(r, student=sid, message="; ".join(m for m in (r.message, note) if m))


def _file_key(student: str) -> str:
    return safe_name(student).lower()


def safe_name(name: str) -> str:
    """A file name for a student's reports (letters, digits, ``-_.``; never empty or hidden)."""
    keep = "".join(ch if (ch.isascii() and ch.isalnum()) or ch in "-_." else "_" for ch in name)
    return keep.strip(".")[:100] or "submission"
