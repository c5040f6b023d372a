"""Entry point of the code-answer sandbox server: ``python -m medialit.grading.isolation.code_server``.

The server itself is :mod:`medialit.grading.isolation._zygote` (fork per answer, namespaces, limits, the
wire protocol). Before its first request it loads, once, what the answers import: the student
runtime (:data:`STUDENT_RUNTIME`) and the case, so every forked answer starts with them loaded.
The runtime is the students' library, not the grader's: the grader never imports it (the
``layers`` contract keeps grading below the runtime), and this server loads it by name as an
answer would. Arguments are the server's:
``[--isolated] [--uid N --gid N | --late-uid N --gid N] BUNDLE``.
"""

from __future__ import annotations

import importlib
import sys

from medialit.grading.isolation import _zygote

#: The module a code answer calls (``use``, ``claims_table`` ...), loaded by name in the server only.
STUDENT_RUNTIME = "medialit.runtime"


def warm(case: str) -> None:
    """Load the case (a student bundle or a case folder; "" for the embedded one) and its tables once."""
    runtime = importlib.import_module(STUDENT_RUNTIME)
    runtime.use(case or None)
    runtime.claims_table()


if __name__ == "__main__":  # pragma: no cover - runs as the server process
    sys.exit(_zygote.main(warm))
