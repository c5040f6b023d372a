"""What a notebook calls: ``use`` the case, ``show`` a question's widget, ``check`` an answer.

This is an adapter at the edge (it talks to IPython). A notebook keeps one
session, created by :func:`use` (pyplot-style), so cells stay one line long.

Some imports stay inside the functions that need them, on measured cost (``python -X
importtime``, best of five on the project machine, with this module loaded; ``import
medialit.runtime`` itself takes 0.06 s):

- the widgets (:mod:`medialit.widgets`: anywidget and ipywidgets, +0.12 s) and IPython with
  the answer recorder (:mod:`medialit.runtime.record`, +0.05 s): only :func:`show` and code
  checks use them, and the grader's portable code path imports this module once per code
  answer without needing either;
- YAML, :mod:`medialit.case.load` and the curriculum (:mod:`medialit.curriculum.spec`,
  :mod:`medialit.curriculum.bundle`; together +0.05 s, doubling the import): a student's first
  cell reads the JSON bundle only (tests/integration/test_student_bundle.py checks that it
  loads none of them); the teacher's view of a full case folder, :func:`show` and
  :func:`check` import them when they need them.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import html
import io
import os
import warnings
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

from medialit import qtypes
from medialit.analysis.figures import sourcing_alt_text_of, sourcing_figure_of, timeline_alt_text_of, timeline_figure_of
from medialit.analysis.profile import ParagraphProfile, TimelineEntry
from medialit.case.bundle import load_bundle
from medialit.contracts import BOOK_BUILD_ENV
from medialit.errors import BundleError, WidgetError
from medialit.model import Article, Lesson, Question, StudentCase, find_question
from medialit.qtypes import selfcheck
from medialit.qtypes.base import CLAIM_SPOTTER, PHRASE_HIGHLIGHTER, SEARCH_LAB, SOURCE_TRACER
from medialit.qtypes.hints import feedback_stage, look_again, practice_answer_line
from medialit.qtypes.wellformed import public_check
from medialit.runtime.notebook import SavedNotebook, locate_notebook

__all__ = [
    "article_date",
    "check",
    "claims_table",
    "show",
    "sources_table",
    "sourcing_figure",
    "timeline_figure",
    "use",
]


@dataclass
class Session:
    """The student view of the case a notebook works on, and its live widgets.

    ``view`` is what the student bundle holds (:class:`~medialit.model.StudentCase`):
    the article, the questions without graded keys, and the published tables.
    Every function here reads only ``view``, so a notebook behaves the same on
    the bundle and on the teacher's full case.
    """

    view: StudentCase
    answers_dir: Path | None = None
    widgets: dict[str, Any] = field(default_factory=dict)
    #: Where the answers saved in the notebook are read back from (found once, by :func:`use`).
    notebook: SavedNotebook = field(default_factory=lambda: SavedNotebook("nowhere"))
    #: The practice Checks (``check("L3.P1")``) that were not all right, per question.
    wrong_checks: dict[str, int] = field(default_factory=dict)

    @property
    def lessons(self) -> tuple[Lesson, ...]:
        """The lessons and their questions (practice whole, exercises without keys)."""
        return self.view.lessons


_session: Session | None = None


def _student_view_of_case(folder: str | Path | None, *, keys: bool = False) -> StudentCase:
    """The student view of a full case folder (the teacher's, or the embedded one).

    ``keys``: with the full lessons instead (graded keys included), for solution notebooks.
    """
    from medialit.case.load import load_case
    from medialit.curriculum.bundle import student_view
    from medialit.curriculum.spec import load_curriculum

    c = load_case(folder)
    lessons = load_curriculum(c)
    view = student_view(c, lessons)
    return dataclasses.replace(view, lessons=lessons) if keys else view


def use(
    case: str | Path | None = None,
    answers_dir: str | Path | None = None,
    *,
    case_id: str | None = None,
    keys: bool = False,
) -> ArticleView:
    """Load the case this notebook works on, and show its article with paragraph and sentence ids.

    ``case`` is the student bundle (``medialit-case.json``, what lesson and
    exercise notebooks load), or a teacher's case folder (``article.md`` +
    ``annotations.yaml``), or ``None`` for the embedded case study. Either way
    the notebook sees only the student view: no annotations and no graded keys.

    ``case_id`` (written by the generator) is the id of the case the notebook
    was made for: loading another case is an error. A bundle path that does not
    exist falls back to ``$MEDIALIT_CASE`` (set by the book build); when the
    notebook is for the embedded case, to the embedded case itself, which ships
    with medialit (so a notebook downloaded alone from the book still runs).

    ``keys=True`` (the teachers' solution notebooks) also loads the graded keys,
    from the case folder: ``show(..., solution=True)`` needs them. A student
    bundle has none, so it is refused then.

    It also finds where the answers saved in the notebook can be read back from (its file, or
    Colab's copy, read now, before "Run all" clears the cells that hold them; see
    :mod:`medialit.runtime.notebook`), and the article view says how answers are kept here.
    """
    global _session

    env = os.environ.get("MEDIALIT_CASE") or None
    view: StudentCase
    if keys:
        view = _teacher_view(case, env)
    elif case is None:
        view = _load_path(env) if env else _embedded_view()
    elif Path(case).exists():
        view = _load_path(case)
    elif env:
        view = _load_path(env)
    elif case_id is not None and case_id == _embedded_case_id():
        view = _embedded_view()
    else:
        view = load_bundle(case)  # raises BundleError: no such file, and how to fix it
    if case_id is not None and view.case_id != case_id:
        raise BundleError(
            f"this notebook is for case '{case_id}', but {case or env or 'the embedded case'} is case "
            f"'{view.case_id}'. Fix: put the notebook next to the {case_id} bundle (medialit-case.json)."
        )
    notebook = locate_notebook()
    _session = Session(view, Path(answers_dir) if answers_dir else None, notebook=notebook)
    # A book build executes lessons for the site, where nobody answers: no word on keeping answers.
    return ArticleView(view.article, "" if os.environ.get(BOOK_BUILD_ENV) else notebook.keeping)


@dataclass(frozen=True)
class ArticleView:
    """The article with its ids, as the setup cell shows it: folded, opened with a click or Enter.

    Questions name paragraphs (P3) and sentences (p3.s1); this is where students look them up.
    """

    article: Article
    #: How answers are kept in this environment, for the student (see :mod:`medialit.runtime.notebook`).
    keeping: str = ""

    def _lines(self) -> list[tuple[str, str, list[tuple[str, str]]]]:
        out = []
        for block in self.article.blocks:  # no "headline" or "furniture" labels: lessons ask students to tell
            out.append((block.id, block.id.upper(), [(s.id, s.text) for s in block.sentences]))
        return out

    def __repr__(self) -> str:
        lines = [f"{self.article.title}: the article with paragraph and sentence ids"]
        for _, label, sentences in self._lines():
            lines.append(f"{label}: " + " ".join(f"[{sid}] {text}" for sid, text in sentences))
        if self.keeping:
            lines.append(self.keeping)
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = []
        for bid, label, sentences in self._lines():
            body = " ".join(
                f'<span class="medialit-sid">[{escape(sid)}]</span> {escape(text)}' for sid, text in sentences
            )
            rows.append(f'<p id="medialit-{escape(bid)}"><strong>{escape(label)}</strong> {body}</p>')
        summary = escape(f"The article, with paragraph and sentence ids ({len(self.article.paragraphs)} paragraphs)")
        return (
            '<details class="medialit-article" data-medialit-article="1">'
            f"<summary>{summary}</summary>"
            f'<section aria-label="{escape(self.article.title)}: the article with ids">{"".join(rows)}</section>'
            "</details>" + (f'<p class="medialit-keeping">{escape(self.keeping)}</p>' if self.keeping else "")
        )


def _teacher_view(case: str | Path | None, env: str | None) -> StudentCase:
    """The view with graded keys, read once from the teacher's case folder (or the embedded case)."""
    folder = case if case is not None and Path(case).exists() else env
    if folder is not None and not Path(folder).is_dir():
        raise BundleError(
            f"{folder} is a student bundle: it holds no answer keys. "
            "Fix: solution notebooks load the teacher's case folder, use(case='path/to/case', keys=True)."
        )
    return _student_view_of_case(folder, keys=True)


#: The embedded case's folder, and its packaged student bundle (written by ``medialit generate`` in a
#: checkout, see :func:`medialit.api.packaged_bundle`, or ``make embedded-bundle``).
EMBEDDED_CASE_DIR = Path(__file__).resolve().parent.parent / "casestudies" / "mek"
EMBEDDED_BUNDLE = EMBEDDED_CASE_DIR / "medialit-case.json"


def _embedded_case_id() -> str:
    return EMBEDDED_CASE_DIR.name


def _embedded_view() -> StudentCase:
    """The embedded case's student view: from its packaged bundle (JSON, no YAML parsed), else its folder."""
    from medialit.case.bundle import load_bundle

    if EMBEDDED_BUNDLE.is_file():
        return load_bundle(EMBEDDED_BUNDLE)
    return _student_view_of_case(None)


def _load_path(path: str | Path) -> StudentCase:
    p = Path(path)
    if p.is_dir():
        return _student_view_of_case(p)
    return load_bundle(p)


def _current() -> Session:
    if _session is None:
        use()
    assert _session is not None
    return _session


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


def _widget_extras(q: Question, s: Any) -> dict[str, Any]:
    """What a widget needs besides the question: the search lab searches the case's source packet."""
    if q.widget != SEARCH_LAB:
        return {}
    if s.view.packet is None:
        raise WidgetError(f"{q.id}: this case has no source packet, so the search lab has nothing to search.")
    return {"packet": s.view.packet}


def show(question: str, *, value: Any = None, solution: bool = False) -> None:
    """Display the widget of ``question``.

    Practice questions (``L2.P1``) give instant feedback. Exercise questions
    (``L2.Q3``) keep the answer of record in the notebook and in a sidecar file,
    and come back as the student left them after a kernel restart.
    ``solution=True`` (teachers' solution notebooks) starts from the key.
    """
    from IPython.display import display

    from medialit.runtime.record import AnswerRecorder

    s = _current()
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


def _offer_restore(widget: Any, record: dict[str, Any]) -> None:
    """Let the widget offer ``record``'s value back (a message and a button), when it fits the question."""
    try:
        value = widget._check_value(widget.question, record["value"], list(widget.items), list(widget.labels))
    except (WidgetError, KeyError, TypeError, ValueError):
        return  # the saved answer does not fit this version of the question
    widget.restore_value = value
    widget.restore_note = RESTORE_NOTE.format(seq=record["seq"])


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


_UNSET: Any = object()


def check(question: str, answer: Any = _UNSET, *, expect: str | None = None, reveal: bool = False) -> CheckResult:
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
    s = _current()
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


def _practice_feedback(s: Session, q: Question, answer: Any, reveal: bool) -> list[str]:
    """The practice feedback of ``check()``: a hint first, the answer later (:func:`feedback_stage`)."""
    qt = qtypes.get(q.type)
    if q.key is None or qt.manual or qt.searches_packet:
        return []  # the search lab's Check is in its widget (it weighs the search as well)
    perfect = answer is not None and qt.key_fraction(q, answer) >= 1.0
    if not perfect:
        s.wrong_checks[q.id] = s.wrong_checks.get(q.id, 0) + 1
    if perfect:
        return ["Right: your answer matches the key.", *([q.explanation.strip()] if q.explanation else [])]
    if feedback_stage(s.wrong_checks[q.id], perfect, reveal) == "hint":
        hint = str(q.settings.get("hint", "") or "")
        return [
            "Not all right yet.",
            *(qt.marks(q, answer) if answer is not None else ()),
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


def claims_table() -> list[dict[str, str]]:
    """One row per annotated claim: its ``kind`` and how the article attributes it.

    Each row: ``kind`` (``factual``, ``opinion``, ``prediction`` or ``label``)
    and ``attribution`` (``attributed``, ``anonymous`` or ``unattributed``).
    Rows are sorted and carry no claim, sentence or paragraph id: the table is
    published for counting, and cannot answer which sentence is which.
    """
    return [dict(r) for r in _current().view.claims]


class FigureView:
    """A figure shown as a PNG with alt text (HTML ``<img alt>``), so screen readers get a description."""

    def __init__(self, figure: Any, alt: str) -> None:
        self.figure = figure
        self.alt = alt

    def _repr_png_(self) -> bytes:
        buf = io.BytesIO()
        self.figure.savefig(buf, format="png", metadata={"Software": None})
        return buf.getvalue()

    def _repr_html_(self) -> str:
        data = base64.b64encode(self._repr_png_()).decode("ascii")
        return f'<img src="data:image/png;base64,{data}" alt="{html.escape(self.alt)}" style="max-width:100%">'


#: What a figure cell says when matplotlib is not installed (a student install has only the runtime).
FIGURE_EXTRA_NOTE = (
    "The picture of this figure needs matplotlib, which this installation lacks: "
    "pip install 'medialit[figures]' (or see the figure on the course site). What it shows:"
)


def _have_matplotlib() -> bool:
    from medialit.extras import installed

    return installed("matplotlib")


class FigureText:
    """A figure's description where matplotlib is missing: the alt text, and how to get the picture."""

    def __init__(self, alt: str) -> None:
        self.alt = alt

    def __repr__(self) -> str:
        return f"{FIGURE_EXTRA_NOTE}\n{self.alt}"

    def _repr_html_(self) -> str:
        import html

        return (
            f'<figure class="medialit-figure-text"><figcaption>{html.escape(FIGURE_EXTRA_NOTE)}</figcaption>'
            f"<p>{html.escape(self.alt)}</p></figure>"
        )


def _profile() -> list[Any]:
    return [
        ParagraphProfile(
            paragraph=str(r["paragraph"]),
            claims=int(r["attributed"]) + int(r["anonymous"]) + int(r["unattributed"]),
            attributed=int(r["attributed"]),
            anonymous=int(r["anonymous"]),
            unattributed=int(r["unattributed"]),
        )
        for r in _current().view.paragraphs
    ]


def _timeline() -> list[Any]:
    ref = article_date()
    out = []
    for r in _current().view.sources:
        day = dt.date.fromisoformat(r["date"])
        out.append(TimelineEntry(r["source"], r["name"], day, (ref - day).days if ref else None))
    return out


def sourcing_figure() -> FigureView | FigureText:
    """The claims-by-paragraph figure of the current case, with alt text."""
    prof = _profile()
    alt = sourcing_alt_text_of(prof)
    return FigureView(sourcing_figure_of(prof), alt) if _have_matplotlib() else FigureText(alt)


def timeline_figure() -> FigureView | FigureText:
    """The source timeline figure of the current case, with alt text.

    Sources whose dates an exercise asks students to find (``settings.withhold_dates``) are not
    in the student's tables, so they are not on the time line either.
    """
    entries = _timeline()
    alt = timeline_alt_text_of(entries)
    if not _have_matplotlib():
        return FigureText(alt)
    return FigureView(timeline_figure_of(entries, article_date()), alt)


def sources_table(ids: list[str] | None = None) -> list[dict[str, str]]:
    """The dated sources of the current case (or those in ``ids``), oldest first.

    Each row: ``source`` (id), ``name``, ``kind`` and ``date`` (``YYYY-MM-DD``; a
    month-only date counts as the first of the month).
    """
    rows = [dict(r) for r in _current().view.sources]
    if ids is not None:
        known = {r["source"] for r in rows}
        unknown = [i for i in ids if i not in known]
        if unknown:
            raise KeyError(f"no dated source with id {', '.join(unknown)}")
        rows = [r for r in rows if r["source"] in ids]
    return rows


def article_date() -> Any:
    """The article's date, or the first day of its estimated date window (a ``datetime.date``)."""
    art = _current().view.article
    if art.date is not None:
        return art.date
    return art.date_estimate.earliest if art.date_estimate else None
