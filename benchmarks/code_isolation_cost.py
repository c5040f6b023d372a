"""What isolating code answers costs per submission.

Run:  .venv/bin/python benchmarks/code_isolation_cost.py [--n 200] [--lesson L2]

Grades N synthetic submissions of one exercise in this process (``Grader``,
extract + score, no report files), three ways:

1. no code answer run (the starter code is left as it is, so the sandbox is idle);
2. one code answer each, every one different (so the result cache never hits),
   isolated with bubblewrap (the default);
3. the same with ``unsafe=True`` (no isolation), for comparison.

Also times the start of the isolated server (bwrap + Python + loading the
case), paid once per grading process. Prints figures; asserts nothing.
nbgrader's measured cost on this machine is 1.1-1.3 s per submission
(benchmarks/vs_baselines.py), the reference for the 20x target.
"""

from __future__ import annotations

import argparse
import copy
import json
import time
from typing import Any

from medialit.api import render_module
from medialit.grading.batch import load_key
from medialit.grading.grade import Grader
from medialit.grading.isolation.bwrap import unavailable

ANSWER_MARK = "# medialit: "


def _exercise(lesson_number: int) -> dict[str, Any]:
    for path, data in render_module().items():
        if path.startswith("exercises/") and path.rsplit("/", 1)[-1].startswith(f"{lesson_number:02d}-"):
            nb: dict[str, Any] = json.loads(data)
            return nb
    raise SystemExit(f"no exercise notebook for lesson {lesson_number}")


def _with_code(template: dict[str, Any], qid: str, body: str) -> dict[str, Any]:
    nb = copy.deepcopy(template)
    for cell in nb["cells"]:
        m = cell.get("metadata", {}).get("medialit", {})
        if m.get("role") == "answer" and m.get("question") == qid:
            cell["source"] = f"{ANSWER_MARK}{qid}\n{body}"
    return nb


def _grade_all(grader: Grader, notebooks: list[dict[str, Any]]) -> float:
    t0 = time.perf_counter()
    for i, nb in enumerate(notebooks):
        grader.grade_notebook(nb, f"s{i}", f"s{i}.ipynb", [], time.perf_counter())
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=200, help="submissions per mode")
    parser.add_argument("--lesson", default="L2", help="a lesson with a code question")
    args = parser.parse_args()
    key = load_key(None, [args.lesson])
    lesson = key.lessons[args.lesson]
    code = next(q for q in lesson.questions if q.type == "code")
    template = _exercise(lesson.number)
    solution = str(code.settings["solution"])
    blank = [copy.deepcopy(template) for _ in range(args.n)]
    unique = [_with_code(template, code.id, f"{solution}\nvariant = {i}") for i in range(args.n)]
    print(f"{args.n} submissions of {args.lesson} per mode; code question {code.id}")
    reason = unavailable()
    print(f"isolation: {'available' if not reason else 'NOT available: ' + reason}")

    rows = []
    for label, notebooks, unsafe in (
        ("no code answer run", blank, False),
        ("one code answer, isolated (bwrap)", unique, False),
        ("one code answer, unsafe (no isolation)", unique, True),
    ):
        with Grader(key, code_timeout=30, unsafe_code=unsafe) as grader:
            t0 = time.perf_counter()
            warm = grader.runner.run("answer = 0")  # start the server outside the timing
            start = time.perf_counter() - t0
            seconds = _grade_all(grader, notebooks)
            runs = grader.runner.runs - 1
        rows.append((label, seconds / args.n * 1000, start, runs, warm.ok))
    width = max(len(r[0]) for r in rows)
    print(f"{'mode':<{width}}  ms/submission  server start (s)  code runs")
    for label, ms, start, runs, ok in rows:
        note = "" if ok else "  (server did not run code)"
        print(f"{label:<{width}}  {ms:13.2f}  {start:16.2f}  {runs:9d}{note}")
    ms = rows[1][1]
    print(f"isolated, vs nbgrader's 1100-1300 ms per submission: {1100 / ms:.0f}-{1300 / ms:.0f}x faster")


if __name__ == "__main__":
    main()
