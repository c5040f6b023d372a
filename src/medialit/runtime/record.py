"""The answer of record: a display output the kernel keeps up to date, plus a sidecar.

A widget answer is stored in a display output of the answer cell with MIME type
``application/vnd.medialit.answer+json``::

    {"schema_version": 1, "question": "L2.Q3", "seq": 4, "value": [...]}

beside two readable forms that need no kernel and no medialit: ``text/plain``
and ``text/html`` (``Saved: 4 highlights: 1. “the MEK attacked …” (paragraph 6) …``).

Every change increments ``seq``, updates that output in place
(``IPython.display.update_display``) so the saved ``.ipynb`` holds the latest
answer, and rewrites ``.medialit/answers/<notebook>/<question>.json`` atomically so the
widget and the record survive a kernel restart (sidecars are named by notebook and question). ``seq`` continues from the
sidecar after a restart, so it always increases; the grader keeps the record
with the highest ``seq`` per question.

When the sidecar is missing (a new Colab runtime, a notebook moved or
downloaded), the answer is restored from the record saved in the notebook
itself, found through ``JPY_SESSION_NAME`` (JupyterLab, Notebook 7),
``__vsc_ipynb_file__`` (VS Code) or Colab's own API (see
:mod:`medialit.runtime.notebook`): "Restart and run all" then save never
replaces a saved answer with an empty one. Where no front end says which notebook
this is, ``use()`` says that only the sidecar brings answers back.

A record of another ``schema_version`` (written by a newer medialit) is never overwritten:
reading it raises :class:`~medialit.errors.WidgetError` naming the file, the version found
and the version this medialit reads.
"""

from __future__ import annotations

import json
import os
import pathlib
import re
import tempfile
from typing import Any

from IPython.display import display, update_display

from medialit import qtypes
from medialit.contracts import ANSWER_SCHEMA_VERSION, AnswerRecord
from medialit.errors import WidgetError
from medialit.model import Question
from medialit.qtypes.wellformed import is_empty_answer
from medialit.readable import record_bundle
from medialit.runtime.notebook import (
    SavedNotebook,
    notebook_path,
    refuse_other_version,
    saved_record,
    valid_record,
)

_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")

__all__ = ["AnswerRecorder", "notebook_path", "saved_record"]


def _notebook_folder(notebook: pathlib.Path) -> str:
    """The sidecar folder of a notebook: its name without ``.ipynb``, reduced to safe characters."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", notebook.stem).lstrip(".") or "notebook"
    return name[:100]


class AnswerRecorder:
    """Keep the answer of record of one question in the notebook and in a sidecar.

    Parameters
    ----------
    question_id
        The question id (``"L2.Q3"``); it names the sidecar file.
    directory
        Where the sidecar lives; default ``Path.cwd() / ".medialit" / "answers"``.
    question
        The question itself (optional): the record's readable forms then quote the
        items' text instead of naming their ids.
    saved
        Where the notebook's saved records are read back from (found by ``use()``,
        :func:`medialit.runtime.notebook.locate_notebook`); default: the notebook file the
        front end names, if any.

    Raises
    ------
    WidgetError
        ``question_id`` cannot be used as a file name.
    """

    def __init__(
        self,
        question_id: str,
        directory: pathlib.Path | None = None,
        question: Question | None = None,
        saved: SavedNotebook | None = None,
    ) -> None:
        if not _SAFE_ID.match(question_id or ""):
            raise WidgetError(f"{question_id!r} is not a valid question id for an answer record")
        self.question_id = question_id
        self.directory = (
            pathlib.Path(directory) if directory is not None else (pathlib.Path.cwd() / ".medialit" / "answers")
        )
        self.display_id = f"medialit-answer-{question_id}"
        self.question = question
        self.seq = 0
        self._value: object = None
        self._loaded = False
        self.saved = saved
        self.notebook = saved.path if saved is not None and saved.path is not None else notebook_path()
        #: A record saved in the notebook that was not restored because the answer of record is
        #: empty (set by :meth:`restore`); the widget offers to restore it.
        self.offer: AnswerRecord | None = None

    @property
    def path(self) -> pathlib.Path:
        """The sidecar file: ``<directory>/<notebook name>/<question_id>.json``.

        Named by notebook and question, so two notebooks in one folder (a copy, a solution)
        never share an answer; ``<directory>/<question_id>.json`` when no front-end says
        which notebook this is.
        """
        if self.notebook is None:
            return self.directory / f"{self.question_id}.json"
        return self.directory / _notebook_folder(self.notebook) / f"{self.question_id}.json"

    def record(self) -> AnswerRecord:
        """The current record: ``{schema_version, question, seq, value}``."""
        return {
            "schema_version": ANSWER_SCHEMA_VERSION,
            "question": self.question_id,
            "seq": self.seq,
            "value": self._value,
        }

    def restore(self) -> tuple[Any, int] | None:
        """Read the sidecar and the notebook's saved record; ``(value, seq)`` of the newer, or ``None``.

        A sidecar that cannot be read, is not JSON, or is not a record of this question
        under the current schema is ignored. Of the sidecar and the record saved in the
        notebook file (:func:`notebook_path`), the one with the higher ``seq`` wins (the
        sidecar on a tie). When the winner is an empty answer and the notebook holds a
        non-empty one, that one is kept in :attr:`offer` for the widget to offer. The next
        :meth:`update` rewrites the sidecar. A record of this question with another ``schema_version`` raises
        :class:`WidgetError` (naming the file) instead of being overwritten.
        """
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError):
            data = None
        refuse_other_version(data, self.question_id, str(self.path))
        side = data if valid_record(data, self.question_id) else None
        if self.notebook is None and self.saved is not None:
            saved = self.saved.record(self.question_id)  # Colab's copy of the notebook, read by use()
        else:
            saved = saved_record(self.notebook, self.question_id)
        # Only now: a refused record keeps refusing every later update instead of being overwritten.
        self._loaded = True
        best = side if saved is None or (side is not None and side["seq"] >= saved["seq"]) else saved
        if best is None:
            return None
        if (
            saved is not None
            and best is not saved
            and is_empty_answer(best["value"])
            and not is_empty_answer(saved["value"])
        ):
            self.offer = saved
        self.seq = max(self.seq, best["seq"], saved["seq"] if saved is not None else 0)
        self._value = best["value"]
        return best["value"], best["seq"]

    def start(self, value: object) -> None:
        """Display the record of ``value`` in the current cell (with a display id).

        ``seq`` is the sidecar's (0 when there is none), so re-running the cell
        after a restart shows the restored record unchanged.
        """
        if not self._loaded:
            self.restore()
        self._value = value
        display(self._bundle(), raw=True, display_id=self.display_id)

    def update(self, value: object) -> None:
        """Record a new ``value``: increment ``seq``, update the display, write the sidecar."""
        if not self._loaded:
            self.restore()
        self.seq += 1
        self._value = value
        self._write_sidecar()
        update_display(self._bundle(), raw=True, display_id=self.display_id)

    def bind(self, widget: Any) -> object:
        """Call :meth:`update` on every change of ``widget.value``.

        Returns a function that stops observing.
        """

        def _on_change(change: dict[str, object]) -> None:
            self.update(change["new"])

        widget.observe(_on_change, names="value")
        return lambda: widget.unobserve(_on_change, names="value")

    # -- internals ---------------------------------------------------------------

    def _bundle(self) -> dict[str, object]:
        record = self.record()
        words = qtypes.describe(record.get("value"), self.question) if self.question is not None else None
        return record_bundle(record, self.question, words)

    def _write_sidecar(self) -> None:
        folder = self.path.parent
        folder.mkdir(parents=True, exist_ok=True)
        text = json.dumps(self.record(), ensure_ascii=False, sort_keys=True, indent=2) + "\n"
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{self.question_id}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            pathlib.Path(tmp).unlink(missing_ok=True)
            raise
