"""``show(question)``: a question's widget in the notebook, keeping its answer of record.

The widgets (anywidget and ipywidgets, +0.12 s) and IPython with the answer recorder
(:mod:`medialit.runtime.record`, +0.05 s) are imported inside :func:`show`: the grader's
portable code path imports the runtime once per code answer without needing either.
"""

from __future__ import annotations

import os
import warnings
from typing import Any

from medialit.contracts import BOOK_BUILD_ENV, AnswerRecord
from medialit.errors import WidgetError
from medialit.model import Question, find_question
from medialit.qtypes.base import CLAIM_SPOTTER, PHRASE_HIGHLIGHTER, SEARCH_LAB, SOURCE_TRACER
from medialit.runtime.session import Session, current


def _widget_class(q: Question) -> Any:
    from medialit import widgets

    kinds = {
        CLAIM_SPOTTER: widgets.ClaimSpotter,
        SOURCE_TRACER: widgets.SourceTracer,
        PHRASE_HIGHLIGHTER: widgets.PhraseHighlighter,
        SEARCH_LAB: widgets.SearchLab,
    }
    if q.widget not in kinds:
        raise WidgetError(f"{q.id}: question type {q.type} is answered in code, not in a widget.")
    return kinds[q.widget]


def _widget_extras(q: Question, s: Session) -> dict[str, object]:
    """What a widget needs besides the question: the search lab searches the case's source packet."""
    if q.widget != SEARCH_LAB:
        return {}
    if s.view.packet is None:
        raise WidgetError(f"{q.id}: this case has no source packet, so the search lab has nothing to search.")
    return {"packet": s.view.packet}


def show(question: str, *, value: object = None, solution: bool = False) -> None:
    """Display the widget of ``question``.

    Practice questions (``L2.P1``) give instant feedback. Exercise questions
    (``L2.Q3``) keep the answer of record in the notebook and in a sidecar file,
    and come back as the student left them after a kernel restart.
    ``solution=True`` (teachers' solution notebooks) starts from the key.
    """
    from IPython.display import display

    from medialit.runtime.record import AnswerRecorder

    s = current()
    _, q = find_question(s.lessons, question)
    if solution:
        if q.key is None:
            raise WidgetError(f"{q.id}: this case has no key for the question, so there is no solution to show.")
        value = q.key
    mode = "practice" if ".P" in q.id else "graded"
    cls = _widget_class(q)
    extra = _widget_extras(q, s)
    if mode == "practice":
        cites = {c["id"]: {"title": c["title"], "url": c["url"]} for c in s.view.citations}
        w = cls.from_question(q, mode=mode, value=value, citations=cites, **extra)
        s.widgets[q.id] = w
        display(w)
        return
    recorder = AnswerRecorder(q.id, s.answers_dir, q, saved=s.notebook)
    restored_from_file = False
    if value is None:
        restored = recorder.restore()
        if restored is not None:
            value, restored_from_file = restored[0], True
    try:
        w = cls.from_question(q, mode=mode, value=value, **extra)
    except WidgetError:
        if not restored_from_file:
            raise
        # The saved answer no longer fits the question (it was edited): start afresh, say so.

        warnings.warn(
            f"{q.id}: the saved answer does not fit this version of the question; starting empty.",
            stacklevel=2,
        )
        w = cls.from_question(q, mode=mode, value=None, **extra)
    if recorder.offer is not None:
        _offer_restore(w, recorder.offer)
    if not os.environ.get(BOOK_BUILD_ENV):
        w.unsaved_note = UNSAVED_NOTE
    s.widgets[q.id] = w
    display(w)
    recorder.start(w.value)
    recorder.bind(w)


#: What the static fallback of a graded widget says (after "Answers here are not saved: ") when a
#: front end shows it instead of the live widget: Jupyter's server cannot run the widget, so
#: nothing clicked reaches the kernel. The usual cause is a split environment (JupyterHub
#: images, conda kernels, a system Jupyter): medialit in the kernel, anywidget not beside the server.
UNSAVED_NOTE = (
    "this Jupyter cannot run medialit's live widgets, so clicks here never reach the kernel. "
    "Fix: install anywidget where the Jupyter server runs (pip install anywidget, in the environment "
    "that runs jupyter lab or jupyter notebook), restart Jupyter, then run the setup cell and this cell again."
)

#: What a widget says when it starts empty while the notebook holds a saved answer.
RESTORE_NOTE = (
    "This notebook holds a saved answer to this question (saved change {seq}), but the answer of record "
    "is empty. Restore the saved answer, or leave it empty and answer again."
)


def _offer_restore(widget: Any, record: AnswerRecord) -> None:
    """Let the widget offer ``record``'s value back (a message and a button), when it fits the question."""
    try:
        value = widget._check_value(widget.question, record["value"], list(widget.items), list(widget.labels))
    except (WidgetError, KeyError, TypeError, ValueError):
        return  # the saved answer does not fit this version of the question
    widget.restore_value = value
    widget.restore_note = RESTORE_NOTE.format(seq=record["seq"])
