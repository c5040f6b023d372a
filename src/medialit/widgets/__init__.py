"""Interactive question widgets (anywidget), one class per interaction.

Each widget runs live in a kernel (JupyterLab, Notebook 7, VS Code, Colab) and,
through the ``text/html`` fallback of its MIME bundle, statically in the book.
"""

from __future__ import annotations

from medialit.errors import WidgetError
from medialit.model import Question
from medialit.widgets._base import QuestionWidget, _normalise_kind
from medialit.widgets.claim_spotter import ClaimSpotter
from medialit.widgets.phrase_highlighter import PhraseHighlighter
from medialit.widgets.search_lab import SearchLab
from medialit.widgets.source_tracer import SourceTracer

__all__ = ["ClaimSpotter", "PhraseHighlighter", "SearchLab", "SourceTracer", "widget_for"]

_CLASSES: dict[str, type[QuestionWidget]] = {
    _normalise_kind(cls.kind): cls for cls in (ClaimSpotter, PhraseHighlighter, SearchLab, SourceTracer)
}


def widget_for(question: Question, *, mode: str, value: object = None) -> QuestionWidget:
    """Build the widget that ``question.widget`` names.

    Raises
    ------
    WidgetError
        ``question.widget`` names no medialit widget, or ``from_question`` refuses
        the question.
    """
    cls = _CLASSES.get(_normalise_kind(question.widget))
    if cls is None:
        known = ", ".join(sorted(c.kind for c in _CLASSES.values()))
        raise WidgetError(f"{question.id}: unknown widget {question.widget!r}; use one of {known}")
    return cls.from_question(question, mode=mode, value=value)
