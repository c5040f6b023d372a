"""Time a notebook's first cell, ``use(...)``, in fresh interpreters.

Each run starts a new Python process (as a kernel would), imports the runtime and loads the
case: from the student bundle (``medialit-case.json``, what lessons and exercises load), from
the teacher's case folder, and from the embedded case (``use()``). Prints the median of
``--runs`` runs of each, in milliseconds.

    .venv/bin/python benchmarks/use_speed.py [--runs 5] [--bundle exercises/medialit-case.json]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CODE = (
    "import sys, time; t0 = time.perf_counter(); from medialit.runtime import use; "
    "arg = sys.argv[1] or None; use(arg); print(time.perf_counter() - t0)"
)


def _once(arg: str) -> float:
    env = {k: v for k, v in os.environ.items() if k != "MEDIALIT_CASE"}
    out = subprocess.run(
        [sys.executable, "-c", CODE, arg], capture_output=True, text=True, check=True, env=env, cwd="/"
    )
    return float(out.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--bundle", type=Path, default=ROOT / "exercises" / "medialit-case.json")
    args = parser.parse_args()
    from medialit.case.load import default_case_dir

    cases = {
        "student bundle (medialit-case.json)": str(args.bundle.resolve()),
        "teacher's case folder": str(default_case_dir()),
        "embedded case, use()": "",
    }
    for label, arg in cases.items():
        times = [_once(arg) for _ in range(args.runs)]
        print(f"{label:38s} median {statistics.median(times) * 1000:8.1f} ms  (min {min(times) * 1000:.1f})")


if __name__ == "__main__":
    main()
