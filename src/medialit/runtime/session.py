"""The notebook's session: the student view of the case it works on, loaded by :func:`use`.

A notebook keeps one session (pyplot-style), so its cells stay one line long; :func:`current`
loads the case on first use and :func:`end` forgets it. This is the runtime's only module state.
YAML, :mod:`medialit.case.load` and the curriculum are imported inside the functions that read a
full case folder (see :mod:`medialit.runtime`): a student's first cell reads the JSON bundle only.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

from medialit.case.bundle import load_bundle
from medialit.contracts import BOOK_BUILD_ENV
from medialit.errors import BundleError
from medialit.model import Article, Lesson, StudentCase
from medialit.runtime.notebook import SavedNotebook, locate_notebook


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
    if EMBEDDED_BUNDLE.is_file():
        return load_bundle(EMBEDDED_BUNDLE)
    return _student_view_of_case(None)


def _load_path(path: str | Path) -> StudentCase:
    p = Path(path)
    if p.is_dir():
        return _student_view_of_case(p)
    return load_bundle(p)


def current() -> Session:
    """The notebook's session, loading the case first when no cell has called :func:`use` yet."""
    if _session is None:
        use()
    assert _session is not None
    return _session


def end() -> None:
    """Forget the session: the next call loads the case again (tests, and a notebook switching cases)."""
    global _session
    _session = None
