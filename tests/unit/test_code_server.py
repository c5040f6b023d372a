"""The sandbox server's entry point is the grader's, and names what it starts and loads by strings that resolve."""

from __future__ import annotations

import importlib.util
import inspect

from medialit.grading.isolation import code_server
from medialit.grading.isolation.bwrap import SERVER_MODULE


def test_the_server_module_is_the_graders_entry_point():
    # `python -m SERVER_MODULE` runs this very file: a rename that forgets the string fails here.
    spec = importlib.util.find_spec(SERVER_MODULE)
    assert spec is not None and spec.origin == code_server.__file__
    assert SERVER_MODULE.startswith("medialit.grading.")


def test_the_warm_up_loads_what_answers_call():
    runtime = importlib.import_module(code_server.STUDENT_RUNTIME)
    for name in ("use", "claims_table"):
        assert callable(getattr(runtime, name)), name
    assert "case" in inspect.signature(runtime.use).parameters
