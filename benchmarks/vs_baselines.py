"""medialit grade vs nbgrader autograde and otter-grader on equivalent assignments: speed ratio.

Run:  .venv/bin/python benchmarks/vs_baselines.py [--n 20] [--otter-n 5] [--venv /tmp/medialit-baselines-venv]
      [--baselines DIR]

The baselines are measured as in ../shared/baselines/graders beside the repository
(REPORT.md; another folder with --baselines or MEDIALIT_BASELINES): the same
8-question, 11-point media-literacy assignment ``ps1`` (7 literal answers and one
small function) is built for nbgrader 0.9.6 and otter-grader 7.0.0 from one spec,
and N synthetic students answer it identically in both (the 6 deliberately broken
submissions of that set are left out here: this measures speed on good ones).
nbgrader runs ``nbgrader autograde ps1`` (one process, a kernel per notebook);
otter runs ``otter run`` once per submission (its non-Docker path).

medialit grades the equivalent exercise notebook of its own curriculum (lesson
L3: 9 questions, one code question run in the sandbox, two widget answers, one
short text for the manual queue), N synthetic students, with ``medialit grade``
end to end (process start, key, sandbox, all reports), at N and 10N, which
gives both the end-to-end ratio at N and the cost of one more submission
(nbgrader is run at N and 2N for the same, after a 2-submission warm-up run;
otter pays everything per submission).

nbgrader and otter are installed only into the virtual environment given by
``--venv`` (created on first use with pip); they are never medialit dependencies.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEFAULT_BASELINES = REPO.parent / "shared" / "baselines" / "graders"
SCRIPTS = ("spec.py", "build_assignment.py", "make_submissions.py")


def baselines_dir(given: Path | None = None, environ: dict[str, str] | None = None) -> Path:
    """The folder of the baseline scripts: ``given``, else ``$MEDIALIT_BASELINES``, else ../shared beside the repo.

    Exits with a message naming the folder and the missing scripts when it is not usable.
    """
    env = os.environ if environ is None else environ
    folder = given or (Path(env["MEDIALIT_BASELINES"]) if env.get("MEDIALIT_BASELINES") else DEFAULT_BASELINES)
    missing = [name for name in SCRIPTS if not (folder / name).is_file()]
    if missing:
        raise SystemExit(
            f"baseline scripts not found in {folder} (missing {', '.join(missing)}); "
            "pass --baselines DIR or set MEDIALIT_BASELINES"
        )
    return folder


def sh(cmd: list[str], cwd: Path, env: dict[str, str], timeout: float = 3600) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    dt = time.perf_counter() - t0
    if proc.returncode not in (0, 1):
        print(f"  ! {' '.join(cmd[:3])}... exit {proc.returncode}: {proc.stderr[-800:]}")
    return dt


def ensure_venv(venv: Path) -> Path:
    py = venv / "bin" / "python"
    if not py.exists():
        print(f"creating {venv} with nbgrader==0.9.6 and otter-grader==7.0.0 (pip, one time)")
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(py), "-m", "pip", "install", "-q", "nbgrader==0.9.6", "otter-grader==7.0.0"], check=True)
    return py


def baseline_env(venv: Path, work: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHON"))}
    env["PATH"] = f"{venv / 'bin'}:{env.get('PATH', '')}"
    for name, sub in (("TMPDIR", ".tmp"), ("JUPYTER_RUNTIME_DIR", ".jupyter_runtime"), ("IPYTHONDIR", ".ipython")):
        (work / sub).mkdir(exist_ok=True)
        env[name] = str(work / sub)
    return env


def build_baselines(py: Path, work: Path, env: dict[str, str], baselines: Path) -> None:
    for name in SCRIPTS:
        shutil.copy(baselines / name, work / name)
    sh([str(py), "build_assignment.py"], work, env)
    sh(["nbgrader", "generate_assignment", "ps1"], work / "nbgrader_template", env)
    sh(["otter", "assign", "master/ps1.ipynb", "dist"], work / "otter", env)
    zips = sorted((work / "otter" / "dist" / "autograder").glob("ps1-autograder_*.zip"))
    shutil.copy(zips[0], work / "otter" / "autograder.zip")


def drop_bad(run: Path) -> int:
    for d in (run / "nbgrader_course" / "submitted").glob("bad_*"):
        shutil.rmtree(d)
    for f in (run / "otter_subs").glob("bad_*.ipynb"):
        f.unlink()
    return len(list((run / "otter_subs").glob("*.ipynb")))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=20, help="good submissions for nbgrader and medialit")
    ap.add_argument("--otter-n", type=int, default=5, help="submissions for otter (about 10 s each)")
    ap.add_argument("--venv", type=Path, default=Path(tempfile.gettempdir()) / "medialit-baselines-venv")
    ap.add_argument("--keep", action="store_true")
    ap.add_argument(
        "--baselines",
        type=Path,
        default=None,
        help=f"folder of the baseline scripts (default: $MEDIALIT_BASELINES, else {DEFAULT_BASELINES})",
    )
    args = ap.parse_args()
    baselines = baselines_dir(args.baselines)
    work = Path(tempfile.mkdtemp(prefix="medialit-vs-baselines-"))
    try:
        py = ensure_venv(args.venv)
        env = baseline_env(args.venv, work)
        probe = "import nbgrader, otter; print(nbgrader.__version__, otter.__version__)"
        version = subprocess.run(
            [str(py), "-c", probe], capture_output=True, text=True, env=env, check=True
        ).stdout.split()
        print(
            f"nbgrader {version[0]}, otter-grader {version[1]}, {os.cpu_count()} CPUs, "
            f"load average {os.getloadavg()[0]:.1f}"
        )
        build_baselines(py, work, env, baselines)
        nbg = {}
        for size in (2, args.n, 2 * args.n):  # the first, tiny run warms caches and is not reported
            run = work / "runs" / f"N{size}"
            sh([str(py), "make_submissions.py", str(size + 6), str(run)], work, env)
            n = drop_bad(run)
            nbg[n] = sh(["nbgrader", "autograde", "ps1"], run / "nbgrader_course", env)
            if size > 2:
                print(f"nbgrader autograde, {n:5d} submissions:      {nbg[n]:8.1f} s  {nbg[n] / n:7.3f} s/submission")
        n2 = args.n
        nbg_slope = (nbg[2 * args.n] - nbg[args.n]) / args.n

        otter_files = sorted((work / "runs" / f"N{2 * args.n}" / "otter_subs").glob("*.ipynb"))[: args.otter_n]
        t0 = time.perf_counter()
        for f in otter_files:
            out = work / "otter_out" / f.stem
            out.mkdir(parents=True)
            cmd = ["otter", "run", "-a", str(work / "otter" / "autograder.zip"), "-o", ".", "--no-logo", str(f)]
            sh(cmd, out, env, timeout=120)
        n_ot = len(otter_files)
        otter_each = (time.perf_counter() - t0) / n_ot
        print(
            f"otter run (sequential), {n_ot:5d} submissions: {otter_each * n_ot:8.1f} s  {otter_each:7.3f} s/submission"
        )

        sys.path.insert(0, str(HERE))
        from grade_speed import make_submissions

        ml = {}
        for size in (args.n, 10 * args.n):
            subs = work / f"medialit_subs_{size}"
            make_submissions(subs, size, "L3", unique_code=1.0)
            t0 = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "medialit", "grade", str(subs), "--out", str(work / f"ml{size}"), "--jobs", "1"],
                capture_output=True,
                check=False,
            )
            ml[size] = time.perf_counter() - t0
            print(
                f"medialit grade --jobs 1, {size:5d} submissions: {ml[size]:8.1f} s  "
                f"{ml[size] / size:7.3f} s/submission  (every code answer unique: one sandbox run each)"
            )
        ml_slope = (ml[10 * args.n] - ml[args.n]) / (9 * args.n)
        print(
            f"end to end at {args.n} submissions (start-up included), medialit = 1: "
            f"nbgrader {nbg[n2] / ml[args.n]:.0f}x, otter {otter_each * args.n / ml[args.n]:.0f}x slower"
        )
        print(
            f"per additional submission: medialit {ml_slope * 1e3:.1f} ms, nbgrader {nbg_slope * 1e3:.0f} ms "
            f"({nbg_slope / ml_slope:.0f}x), otter {otter_each * 1e3:.0f} ms ({otter_each / ml_slope:.0f}x)"
        )
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
