"""Tamper awareness: which questions' locked cells or metadata were changed, and why.

The checksums themselves are the contract in :mod:`medialit.contracts`;
this module turns the per-cell verdicts of one notebook into per-question
reasons. Nothing here changes a score: the grade always comes from the key.
"""

from __future__ import annotations

from medialit.grading.extract import Extracted
from medialit.model import Lesson


def _same_points(value: object, points: float) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and abs(float(value) - points) < 1e-9


def integrity(ex: Extracted, lesson: Lesson) -> tuple[dict[str, tuple[str, ...]], tuple[str, ...], str]:
    """Tamper report: per question the reasons it counts as modified, the setup cell's, and a note.

    The note says when nothing could be checked (cell metadata stripped by the
    editor, or a notebook made before checksums existed).
    """
    if ex.medialit_cells == 0:
        return {}, (), "the cells carry no medialit metadata (some editors drop it), so locked cells were not checked"
    states = [s for v in ex.seals.values() for s in v]
    if not states or all(s == "unsealed" for s in states):
        return {}, (), "the notebook carries no checksums (an older medialit?), so locked cells were not checked"
    per_q: dict[str, tuple[str, ...]] = {}
    for q in lesson.questions:
        reasons = []
        for role in ("prompt", "check"):
            got = ex.seals.get((q.id, role), [])
            if not got:
                reasons.append(f"its {role} cell was deleted")
            elif "edited" in got:
                reasons.append(f"its {role} cell was edited")
            elif "unsealed" in got:
                reasons.append(f"its {role} cell lost its checksum")
        answer = ex.seals.get((q.id, "answer"), [])
        if "edited" in answer:
            reasons.append("its answer cell's metadata was changed")
        elif "unsealed" in answer:
            reasons.append("its answer cell lost its checksum")
        metas = ex.cell_meta.get(q.id, ())
        if any(m.get("type") != q.type or not _same_points(m.get("points"), q.points) for m in metas):
            reasons.append("its cell metadata does not match the key (type or points)")
        if reasons:
            per_q[q.id] = tuple(reasons)
    setup = ex.seals.get(("setup", "setup"), [])
    setup_reasons: tuple[str, ...] = ()
    if not setup:
        setup_reasons = ("the setup cell was deleted",)
    elif "edited" in setup:
        setup_reasons = ("the setup cell was edited",)
    return per_q, setup_reasons, ""
