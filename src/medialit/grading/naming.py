"""Report naming: a file name for each student's reports, ids claimed by several files, and ids made unique.

Student ids (from names, :mod:`medialit.grading.inputs`, or from notebook
metadata with ``--id-metadata``) are never renamed: files that claim one id for
one lesson are all error rows (:func:`collisions`), so none can take another's
place in a report or an LMS import. One student's notebooks of different lessons
are that student's work, each graded; their report files carry the lesson
(:func:`report_stem`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

#: How many files a collision message lists by name.
LISTED = 5


def id_key(student: str) -> str:
    """What makes two ids the same student: the LMS files match ids case-insensitively, and so do file names."""
    return safe_name(student).casefold()


NAMES_FIX = "Keep one file per student and lesson (or set ids with --id-pattern or --id-metadata) and grade again"
METADATA_FIX = (
    "The ids come from the notebooks' metadata (--id-metadata), which a student can copy or edit: "
    "check these files, keep one per student and lesson and grade again"
)


def collisions(claims: Sequence[tuple[str, str, str]], fix: str = NAMES_FIX) -> dict[int, str]:
    """For ``(student id, file, lesson)`` claims: the index of every claim whose id and lesson another
    claim has too, with why.

    A claim with no lesson (a file that could not be graded: an error row either way) claims no
    lesson's grade, so it collides with nothing. The message names the id, the lesson and the
    files (the first :data:`LISTED` of them), the same for each file of one group.
    """
    groups: dict[tuple[str, str], list[int]] = {}
    for i, (student, _, lesson) in enumerate(claims):
        if lesson:
            groups.setdefault((id_key(student), lesson), []).append(i)
    out: dict[int, str] = {}
    for (_, lesson), members in groups.items():
        if len(members) < 2:
            continue
        files = [claims[i][1] for i in members]
        shown = ", ".join(files[:LISTED]) + (f" and {len(files) - LISTED} more" if len(files) > LISTED else "")
        why = (
            f"{len(files)} files claim the student id {claims[members[0]][0]!r} for {lesson} ({shown}); none of "
            f"them is graded or written to an LMS import. {fix}"
        )
        archives = {f.rsplit("!", 1)[0] for f in files if "!" in f}
        if len(archives) == 1 and all("!" in f for f in files):
            why += (
                f" (the files are in one archive: if {archives.pop()} is a download of the whole class and sits "
                "in a folder, give it on the command line instead, or unzip it; an archive inside a folder is "
                "one student's and its members name no one)"
            )
        for i in members:
            out[i] = why
    return out


def shared_ids(students: Sequence[str]) -> frozenset[str]:
    """The ids (as :func:`id_key`) that more than one of ``students`` has."""
    seen: set[str] = set()
    shared: set[str] = set()
    for student in students:
        key = id_key(student)
        (shared if key in seen else seen).add(key)
    return frozenset(shared)


def report_stem(student: str, lesson: str, shared: frozenset[str]) -> str:
    """The name of a submission's report files: the student's id, with the lesson when the
    student handed in more than one notebook (``alice.L3``), so no report overwrites another."""
    if lesson and id_key(student) in shared:
        return safe_name(f"{student}.{lesson}")
    return safe_name(student)


def safe_name(name: str) -> str:
    """A file name for a student's reports (letters, digits, ``-_.``; never empty or hidden).

    An id that is not such a name already gets a short hash of itself, so two ids
    that differ only in characters replaced here (``渡辺``, ``山田``) keep apart.
    """
    keep = "".join(ch if (ch.isascii() and ch.isalnum()) or ch in "-_." else "_" for ch in name)
    keep = keep.strip(".")[:100] or "submission"
    if keep != name:
        keep = f"{keep[:90]}-{hashlib.sha256(name.encode('utf-8', 'surrogateescape')).hexdigest()[:8]}"
    return keep
