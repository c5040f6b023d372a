"""Run a code answer in a separate, limited interpreter and return its ``answer``.

The student's cell runs in ``python -I`` (isolated mode) in an empty temporary
folder, with CPU-time, memory and wall-clock limits. Only the JSON of the
``answer`` variable comes back; the parent compares it with the key, so
nothing the student's code prints about itself is trusted.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from typing import Any

CPU_SECONDS = 20
WALL_SECONDS = 30
MEMORY_BYTES = 1024 * 1024 * 1024
OUTPUT_LIMIT = 1024 * 1024
_SENTINEL = "@@medialit-answer@@"

_RUNNER = r"""
import json, sys
src = sys.stdin.read()
ns = {"__name__": "__main__"}
try:
    exec(compile(src, "<answer cell>", "exec"), ns)
except BaseException as exc:
    sys.stdout.write("@@medialit-answer@@" + json.dumps({"error": type(exc).__name__ + ": " + str(exc)[:300]}))
    raise SystemExit(0)
value = ns.get("answer", None)
try:
    import numbers
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        value = float(value)
    out = json.dumps({"value": value})
except (TypeError, ValueError):
    out = json.dumps({"error": "`answer` holds a value that is not plain data: " + type(value).__name__})
sys.stdout.write("@@medialit-answer@@" + out)
"""


@dataclass(frozen=True)
class RunResult:
    """What came back from running a code answer."""

    ok: bool
    value: Any = None
    error: str = ""


def _limits() -> None:  # pragma: no cover - runs in the child
    import resource

    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_FSIZE, (OUTPUT_LIMIT * 8, OUTPUT_LIMIT * 8))


def run_answer(source: str, *, timeout: float = WALL_SECONDS, case_dir: str | None = None) -> RunResult:
    """Execute ``source`` in a sandboxed interpreter and return its ``answer``.

    ``case_dir`` names the case study the student's code reads through
    ``medialit.runtime`` (the embedded one when ``None``).
    """
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "MPLBACKEND": "Agg",
        "HOME": "",
        "LANG": "C.UTF-8",
    }
    with tempfile.TemporaryDirectory(prefix="medialit-run-") as tmp:
        env["HOME"] = tmp
        env["MPLCONFIGDIR"] = tmp
        if case_dir is not None:
            env["MEDIALIT_CASE"] = str(case_dir)
        try:
            proc = subprocess.run(
                [sys.executable, "-I", "-c", _RUNNER],
                input=source,
                capture_output=True,
                text=True,
                cwd=tmp,
                env=env,
                timeout=timeout,
                preexec_fn=_limits if os.name == "posix" else None,  # noqa: PLW1509
                check=False,
            )
        except subprocess.TimeoutExpired:
            return RunResult(False, error=f"the code ran longer than {timeout:g} s and was stopped")
    out = proc.stdout
    if _SENTINEL not in out:
        if proc.returncode < 0:
            return RunResult(False, error=f"the code was stopped by a resource limit (signal {-proc.returncode})")
        tail = (proc.stderr or "").strip().splitlines()[-1:] or ["no output"]
        return RunResult(False, error=f"the code did not finish: {tail[0][:300]}")
    payload = out.rsplit(_SENTINEL, 1)[1][:OUTPUT_LIMIT]
    try:
        data = json.loads(payload)
    except json.JSONDecodeError:
        return RunResult(False, error="the code's answer could not be read")
    if "error" in data:
        return RunResult(False, error=str(data["error"]))
    return RunResult(True, value=data.get("value"))
