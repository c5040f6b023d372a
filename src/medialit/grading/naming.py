"""Report naming: a file name for each student's reports, ids claimed by several files, and ids made unique.

Student ids (from names, :mod:`medialit.grading.inputs`, or from notebook
metadata with ``--id-metadata``) are never renamed: files that claim one id
are all error rows (:func:`collisions`), so none can take another's place in a
report or an LMS import.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

#: How many files a collision message lists by name.
LISTED = 5


def id_key(student: str) -> str:
    """What makes two ids the same student: the LMS files match ids case-insensitively, and so do file names."""
    return safe_name(student).casefold()


NAMES_FIX = "Keep one file per student (or set ids with --id-pattern or --id-metadata) and grade again"
METADATA_FIX = (
    "The ids come from the notebooks' metadata (--id-metadata), which a student can copy or edit: "
    "check these files, keep one per student and grade again"
)


def collisions(claims: Sequence[tuple[str, str]], fix: str = NAMES_FIX) -> dict[int, str]:
    """For ``(student id, file)`` claims: the index of every claim whose id another claim has too, with why.

    The message names the id and the files (the first :data:`LISTED` of them), the
    same for each file of one id.
    """
    groups: dict[str, list[int]] = {}
    for i, (student, _) in enumerate(claims):
        groups.setdefault(id_key(student), []).append(i)
    out: dict[int, str] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        files = [claims[i][1] for i in members]
        shown = ", ".join(files[:LISTED]) + (f" and {len(files) - LISTED} more" if len(files) > LISTED else "")
        why = (
            f"{len(files)} files claim the student id {claims[members[0]][0]!r} ({shown}); none of them is graded "
            f"or written to an LMS import. {fix}"
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
