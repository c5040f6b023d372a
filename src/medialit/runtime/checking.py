"""``check(question)``: the public checks of an answer, the practice feedback and the opt-in self-check."""

from __future__ import annotations

import html
from dataclasses import replace

from medialit import qtypes
from medialit.model import Question, find_question
from medialit.qtypes import selfcheck
from medialit.qtypes.hints import feedback_stage, look_again, practice_answer_line
from medialit.qtypes.wellformed import public_check
from medialit.runtime.session import Session, current


class CheckResult:
    """The outcome of a public check, shown as text or HTML."""

    def __init__(self, ok: bool, messages: list[str]) -> None:
        self.ok = ok
        self.messages = messages

    def __repr__(self) -> str:
        mark = "OK" if self.ok else "Not yet"
        return f"{mark}: " + " ".join(self.messages)

    def _repr_html_(self) -> str:
        mark = "✔ OK" if self.ok else "✘ Not yet"
        body = " ".join(html.escape(m) for m in self.messages)
        return f'<div role="status" class="medialit-check"><strong>{mark}:</strong> {body}</div>'


_UNSET: object = object()


def check(question: str, answer: object = _UNSET, *, expect: str | None = None, reveal: bool = False) -> CheckResult:
    """Run the public checks of ``question`` on ``answer`` (or on its widget's value).

    Public checks say whether the question is answered, whether the answer is
    well formed and whether it uses ids that exist; they are not the grade.

    ``expect`` is written into the check cell by the generator only when the
    teacher enabled a right/wrong self-check for the question (``self_check``):
    a salted, slow hash of the key (:mod:`medialit.qtypes.selfcheck`). The
    answer is hashed the same way and the check adds *right* or *not right
    yet*. Its limits: a small answer space can be brute-forced by hashing every
    candidate, and unlimited checks turn a graded question into trial and error,
    so teachers should enable it for practice or large answer spaces only.

    A practice question (``L3.P1``, whose key the student bundle carries) is also compared
    with its key, in two steps as in the widgets: the first check that is not all right
    says what to look at again (the student's own choices marked, the paragraphs and
    lesson concepts the item draws on, the question's hint); a later one, or
    ``reveal=True``, gives the answer and its explanation.
    """
    s = current()
    _, q = find_question(s.lessons, question)
    if answer is _UNSET:
        w = s.widgets.get(q.id)
        if qtypes.get(q.type).runs_code:
            return _check_code(q)
        if w is None:
            return CheckResult(False, [f"{q.id}: run the widget cell above first."])
        answer = w.value
    ok, messages = public_check(q, answer)
    if ".P" in q.id and (ok or reveal):
        messages += _practice_feedback(s, q, answer if ok else None, reveal)
    if ok and expect:
        try:
            right = selfcheck.matches(q, answer, expect)
        except ValueError:
            messages.append("The self-check code of this cell is damaged; ask your teacher for a fresh notebook.")
        else:
            messages.append(
                "Self-check: right, your answer matches the key."
                if right
                else "Self-check: not right yet (it checks the exact answer, with no partial credit). " + look_again(q)
            )
    return CheckResult(ok, messages)


def _practice_feedback(s: Session, q: Question, answer: object, reveal: bool) -> list[str]:
    """The practice feedback of ``check()``: a hint first, the answer later (:func:`feedback_stage`)."""
    qt = qtypes.get(q.type)
    if q.key is None or qt.manual or qt.searches_packet:
        return []  # the search lab's Check is in its widget (it weighs the search as well)
    # Practice is judged on the key alone: the marks follow the same rule, so no "✓ accepted" line
    # can stand beside "Not all right yet." (a case's own practice items may list alternatives).
    q = replace(q, alternatives=())
    perfect = answer is not None and qt.score(q, answer, alternatives=False) >= 1.0
    if not perfect:
        s.wrong_checks[q.id] = s.wrong_checks.get(q.id, 0) + 1
    if perfect:
        return ["Right: your answer matches the key.", *([q.explanation.strip()] if q.explanation else [])]
    if feedback_stage(s.wrong_checks[q.id], perfect, reveal) == "hint":
        hint = str(q.settings.get("hint", "") or "")
        return [
            "Not all right yet.",
            *(qt.mark_lines(q, answer) if answer is not None else ()),
            *([hint] if hint else []),
            look_again(q),
            f'To see the answer, check again or run check("{q.id}", reveal=True).',
        ]
    summary, parts = qtypes.describe(q.key, q)
    return [
        "Not all right yet.",
        practice_answer_line(summary, parts),
        *([q.explanation.strip()] if q.explanation else []),
    ]


def _check_code(q: Question) -> CheckResult:
    """The public check of a code question: the value the cell left in ``answer``."""
    try:
        from IPython import get_ipython

        shell = get_ipython()
    except ImportError:  # pragma: no cover - IPython is a dependency
        shell = None
    namespace = shell.user_ns if shell is not None else {}
    if "answer" not in namespace:
        return CheckResult(False, [f"{q.id}: `answer` is not set yet: run the cell above first."])
    ok, messages = public_check(q, namespace["answer"])
    if not ok:
        if namespace["answer"] is None:
            messages = [f"{q.id}: not answered yet: `answer` is still None. Replace None with your computation."]
        else:
            messages.append("(Did you run the cell above? `answer` keeps the value of the last cell that set it.)")
        return CheckResult(False, messages)
    return CheckResult(True, [*messages[:1], "The grader runs your code again to grade it."])
