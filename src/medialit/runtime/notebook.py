"""Where the kernel can read back the answers saved in its notebook, and what it tells the student.

The answer of record lives in the notebook's outputs (:mod:`medialit.runtime.record`). After a
kernel restart or in a fresh runtime, a widget restores its answer from the sidecar file, or
else from the notebook itself, which the kernel can read only when the front end says where
it is:

- JupyterLab and Notebook 7 set ``JPY_SESSION_NAME`` (the notebook's path), VS Code sets
  ``__vsc_ipynb_file__``: the notebook is read from disk, as last saved;
- Google Colab keeps the notebook in the browser (or Drive): it is read through Colab's own
  kernel-side API (``google.colab._message.blocking_request("get_ipynb")``), once, when
  :func:`medialit.runtime.use` runs the setup cell, so "Run all" in a new runtime reads every
  answer before the cells that hold them are cleared and run again;
- anywhere else (a front end that says nothing) the notebook cannot be read, and ``use()``
  says so: the sidecar folder is then the only way back.

IPython is not imported here (a plain Python reading a notebook needs none): the VS Code
variable is read only when IPython is already loaded.
"""

from __future__ import annotations

import importlib
import json
import os
import pathlib
import sys
from dataclasses import dataclass
from typing import Any, Literal, TypeGuard

from medialit.contracts import ANSWER_MIME, ANSWER_SCHEMA_VERSION, AnswerRecord, answer_record_problem
from medialit.errors import WidgetError

#: Largest notebook read to restore an answer from (a bigger file is not searched).
NOTEBOOK_READ_LIMIT = 64 * 1024 * 1024
#: How long the setup cell waits for Colab's front end to hand over the notebook (seconds).
COLAB_TIMEOUT = 10.0

Where = Literal["file", "colab", "nowhere"]

#: What ``use()`` tells the student about their answers, by where the notebook can be read.
KEEPING = {
    "file": (
        "Your answers are saved in this notebook (save it as usual) and in .medialit/answers/ beside it; "
        "after a restart each answer comes back when you run its cell."
    ),
    "colab": (
        "Your answers are saved in this notebook (File > Save keeps them in Drive) and, while this runtime "
        "lasts, in .medialit/answers/; in a new runtime, run this cell first: medialit reads your saved "
        "answers back from the notebook through Colab, and each comes back when you run its cell."
    ),
    "nowhere": (
        "Your answers are saved in this notebook when you save it, and in .medialit/answers/ in this folder. "
        "This Jupyter does not tell medialit which notebook is open, so medialit cannot read answers back "
        "from the notebook: keep the .medialit folder with the notebook, or an answered cell you run again "
        "in a new runtime starts empty (its saved answer is replaced when you save)."
    ),
}


def _ipython_namespace() -> dict[str, object]:
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    namespace = getattr(shell, "user_ns", None)
    return namespace if isinstance(namespace, dict) else {}


def notebook_path() -> pathlib.Path | None:
    """The notebook this kernel runs, where the front-end tells it; ``None`` when none does."""
    candidates: list[pathlib.Path] = []
    vscode = _ipython_namespace().get("__vsc_ipynb_file__")
    if isinstance(vscode, str) and vscode:
        candidates.append(pathlib.Path(vscode))
    session = os.environ.get("JPY_SESSION_NAME", "")
    if session:
        path = pathlib.Path(session)
        # Absolute when the server knew the file's name; else relative to the server's root, and
        # the kernel runs in the notebook's folder.
        candidates += [path] if path.is_absolute() else [pathlib.Path.cwd() / path.name, pathlib.Path.cwd() / path]
    for candidate in candidates:
        if candidate.suffix == ".ipynb" and candidate.is_file():
            return candidate
    return None


def colab_notebook() -> dict[str, Any] | None:
    """The notebook as Colab's front end holds it (Colab's ``get_ipynb`` request); None outside Colab.

    Only in a Colab kernel, which imports ``google.colab`` when it starts: elsewhere (even with the
    package installed) there is no front end to answer, and the request would only wait.
    """
    if "google.colab" not in sys.modules:
        return None
    try:
        message = importlib.import_module("google.colab._message")
    except ImportError:
        return None
    try:
        reply = message.blocking_request("get_ipynb", request="", timeout_sec=COLAB_TIMEOUT)
    except Exception:  # whatever the front end does wrong, the notebook is unreadable
        return None
    nb = reply.get("ipynb") if isinstance(reply, dict) else None
    return nb if isinstance(nb, dict) else None


def read_notebook(path: pathlib.Path) -> dict[str, Any] | None:
    """The notebook file's JSON, or None when it cannot be read (too big, not JSON ...)."""
    try:
        if path.stat().st_size > NOTEBOOK_READ_LIMIT:
            return None
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return None
    return nb if isinstance(nb, dict) else None


def valid_record(data: object, question_id: str) -> TypeGuard[AnswerRecord]:
    """True for an answer record of ``question_id`` under the schema this medialit reads."""
    return (
        isinstance(data, dict)
        and data.get("schema_version") == ANSWER_SCHEMA_VERSION
        and data.get("question") == question_id
        and isinstance(data.get("seq"), int)
        and not isinstance(data.get("seq"), bool)
        and data["seq"] >= 0
        and "value" in data
    )


def refuse_other_version(data: object, question_id: str, where: str) -> None:
    """Raise :class:`WidgetError` for a record of ``question_id`` whose schema_version is not ours."""
    if isinstance(data, dict) and data.get("question") == question_id and "schema_version" in data:
        problem = answer_record_problem(data, where)
        if problem:
            raise WidgetError(problem + " Until then the saved answer is left as it is.")


def best_record(nb: dict[str, object], question_id: str, where: str) -> AnswerRecord | None:
    """The record of ``question_id`` with the highest ``seq`` among the notebook's outputs.

    Raises :class:`WidgetError` when a record of this question has a ``schema_version`` this
    medialit does not read (it must not be replaced by an empty answer).
    """
    best: AnswerRecord | None = None
    cells = nb.get("cells")
    for cell in cells if isinstance(cells, list) else ():
        outputs = cell.get("outputs") if isinstance(cell, dict) else None
        for out in outputs if isinstance(outputs, list) else ():
            data = out.get("data") if isinstance(out, dict) else None
            rec = data.get(ANSWER_MIME) if isinstance(data, dict) else None
            refuse_other_version(rec, question_id, where)
            newer = isinstance(rec, dict) and (best is None or rec.get("seq", -1) > best["seq"])
            if newer and valid_record(rec, question_id):
                best = rec
    return best


def saved_record(path: pathlib.Path | None, question_id: str) -> AnswerRecord | None:
    """The record of ``question_id`` with the highest ``seq`` in the notebook file ``path``."""
    nb = read_notebook(path) if path is not None else None
    return best_record(nb, question_id, str(path)) if nb is not None else None


@dataclass(frozen=True)
class SavedNotebook:
    """The notebook as the kernel can read it back: a file, a copy from Colab, or nothing."""

    where: Where
    path: pathlib.Path | None = None
    copy: dict[str, Any] | None = None

    def record(self, question_id: str) -> AnswerRecord | None:
        """The notebook's saved record of ``question_id`` (the file as last saved), or None."""
        if self.path is not None:
            return saved_record(self.path, question_id)
        if self.copy is not None:
            return best_record(self.copy, question_id, "this Colab notebook")
        return None

    @property
    def keeping(self) -> str:
        """How answers are kept here, in words for the student."""
        return KEEPING[self.where]


def locate_notebook() -> SavedNotebook:
    """Find where this kernel's notebook can be read: its file, else Colab's copy, else nowhere."""
    path = notebook_path()
    if path is not None:
        return SavedNotebook("file", path=path)
    copy = colab_notebook()
    if copy is not None:
        return SavedNotebook("colab", copy=copy)
    return SavedNotebook("nowhere")
