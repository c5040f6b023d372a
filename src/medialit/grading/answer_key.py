"""Key routing: the answer key of every lesson, and which lesson a submitted notebook belongs to."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from medialit.errors import GradingError
from medialit.grading.extract import Extracted
from medialit.model import Lesson, Question

_QID = re.compile(r"^(L\d+)\.Q\d+$")


@dataclass
class AnswerKey:
    """The questions of every lesson, indexed for grading.

    ``case_id`` (the article id) lets the grader tell a notebook of another case
    study from one of this key; ``case_dir`` is what code answers load;
    ``citations`` maps citation ids to ``(title, url)`` for released feedback.
    """

    lessons: dict[str, Lesson]
    questions: dict[str, Question] = field(default_factory=dict)
    case_dir: str | None = None
    case_id: str = ""
    citations: dict[str, tuple[str, str]] = field(default_factory=dict)

    @classmethod
    def from_lessons(
        cls,
        lessons: Iterable[Lesson],
        case_dir: str | Path | None = None,
        case_id: str = "",
        citations: dict[str, tuple[str, str]] | None = None,
    ) -> AnswerKey:
        """Index the exercise questions of ``lessons`` (of the case in ``case_dir``, default embedded).

        Released feedback lists each question's sources; a citation that an item withholds
        (``settings.withhold_citations``: a re-post whose address carries the date L5.Q8 asks
        for) is left off every question before that item (before the last such item): those of
        earlier lessons and the earlier questions of its own lesson, whose released feedback a
        student can read before answering it, for instance after a resubmission (issue 21).
        """
        lessons = tuple(lessons)
        # The last place (lesson number, position in the lesson) that withholds each citation:
        # every question before it loses the citation (practice withholds from its whole
        # lesson's questions).
        last: dict[str, tuple[int, int]] = {}
        for lesson in lessons:
            places = [(q, -1) for q in lesson.practice] + [(q, i) for i, q in enumerate(lesson.questions)]
            for q, i in places:
                for cid in q.settings.get("withhold_citations") or ():
                    last[str(cid)] = max(last.get(str(cid), (lesson.number, i)), (lesson.number, i))

        def released(lesson: Lesson) -> Lesson:
            def keeps(i: int) -> Callable[[str], bool]:
                return lambda cid: last.get(cid, (0, -1)) <= (lesson.number, i)

            qs = tuple(
                q if all(map(keeps(i), q.citations)) else replace(q, citations=tuple(filter(keeps(i), q.citations)))
                for i, q in enumerate(lesson.questions)
            )
            return lesson if qs == lesson.questions else replace(lesson, questions=qs)

        by_id = {lesson.id: released(lesson) for lesson in lessons}
        qs = {q.id: q for lesson in by_id.values() for q in lesson.questions}
        return cls(by_id, qs, str(Path(case_dir).resolve()) if case_dir else None, case_id, dict(citations or {}))

    def restrict(self, lesson_ids: Iterable[str]) -> AnswerKey:
        """The key of some lessons only; an unknown lesson id is a :class:`GradingError`."""
        wanted = list(lesson_ids)
        unknown = [lid for lid in wanted if lid not in self.lessons]
        if unknown:
            raise GradingError(f"unknown lesson {', '.join(unknown)}; the key has {', '.join(self.lessons)}")
        return AnswerKey.from_lessons(
            [self.lessons[lid] for lid in wanted], self.case_dir, self.case_id, self.citations
        )

    def lesson_of(self, ex: Extracted) -> Lesson:
        """The lesson a notebook belongs to, from its metadata or its question ids.

        Raises :class:`GradingError` for a notebook of another assignment.
        """
        meta = ex.metadata
        if meta.get("edition") == "lesson":
            raise GradingError("this is a lesson notebook; hand in the exercise notebook")
        assignment = meta.get("assignment")
        if isinstance(assignment, str) and self.case_id and "-" in assignment:
            case_part = assignment.rsplit("-", 1)[0]
            if case_part != self.case_id:
                raise GradingError(
                    f"this notebook belongs to assignment {assignment[:60]!r}, not to the {self.case_id!r} case "
                    "this key grades; grade it with its own key (--key CASE_DIR)"
                )
        found = {m.group(1) for qid in ex.present if (m := _QID.match(qid))}
        lid = meta.get("lesson")
        if isinstance(lid, str) and lid:
            if lid in self.lessons and (lid in found or not found):
                return self.lessons[lid]
            if lid not in self.lessons:
                raise GradingError(
                    f"this notebook is for lesson {lid[:20]}; this key grades {', '.join(self.lessons) or 'nothing'}"
                )
        known = {f for f in found if f in self.lessons}
        if len(known) == 1:
            return self.lessons[known.pop()]
        if not found:
            raise GradingError("no medialit answer cells found; is this a notebook of this assignment?")
        if not known:
            raise GradingError(
                f"the answer cells belong to lesson {', '.join(sorted(found))}, "
                f"which this key does not grade ({', '.join(self.lessons)})"
            )
        raise GradingError(f"answer cells of several lessons found ({', '.join(sorted(known))})")
