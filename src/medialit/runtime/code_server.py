"""Entry point of the code-answer sandbox server: ``python -m medialit.runtime.code_server``.

The server itself is :mod:`medialit.grading._zygote` (fork per answer, namespaces,
limits, the wire protocol). It lives in the grading layer and must not import the
runtime, which sits above grading; this entry point, in the runtime layer, gives it the
function that pre-loads the student runtime and the case. Arguments are the server's:
``[--isolated] [--uid N --gid N | --late-uid N --gid N] BUNDLE``.
"""

from __future__ import annotations

import sys

import medialit.runtime as runtime
from medialit.grading import _zygote


def warm(case: str) -> None:
    """Load the case (a student bundle or a case folder; "" for the embedded one) and its tables once."""
    runtime.use(case or None)
    runtime.claims_table()


if __name__ == "__main__":  # pragma: no cover - runs as the server process
    sys.exit(_zygote.main(warm))
