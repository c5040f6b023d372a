"""Time `medialit build` on this machine: cold, unchanged rebuild, and after editing one lesson.

Run:  .venv/bin/python benchmarks/build_speed.py
Prints wall-clock seconds and how many notebooks Jupyter Book executed in each step.
Targets (issue 3): cold < 180 s, unchanged rebuild < 20 s, one edited lesson -> one execution.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from medialit.api import generate, load_module
from medialit.publish.book import build_book

ROOT = Path(__file__).resolve().parents[1]


def _executions(log: list[str]) -> int:
    return sum(1 for line in log if "Executing notebook" in line)


def _step(name: str, fn) -> None:
    log: list[str] = []
    t0 = time.perf_counter()
    fn(log)
    dt = time.perf_counter() - t0
    print(f"{name:<38} {dt:7.1f} s   notebooks executed: {_executions(log)}")


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="medialit-bench-") as tmp:
        root = Path(tmp)
        shutil.copytree(ROOT / "book", root / "book", ignore=shutil.ignore_patterns("_build"))
        print(f"project copy: {root}")

        def cold(log):
            generate(root)
            build_book(root, *load_module(), edition="student", log=log)

        def unchanged(log):
            generate(root)
            build_book(root, *load_module(), edition="student", log=log)

        def edit_one(log):
            nb = sorted((root / "lessons").glob("*.ipynb"))[0]
            text = nb.read_text(encoding="utf-8")
            nb.write_text(
                text.replace("from medialit.runtime import", "# edited\\nfrom medialit.runtime import", 1),
                encoding="utf-8",
            )
            build_book(root, *load_module(), edition="student", log=log)

        def teacher(log):
            build_book(root, *load_module(), edition="teacher", log=log)

        _step("cold build (student, empty cache)", cold)
        _step("rebuild, nothing changed", unchanged)
        _step("rebuild after editing one lesson", edit_one)
        _step("teacher edition (shared cache)", teacher)
    return 0


if __name__ == "__main__":
    sys.exit(main())
