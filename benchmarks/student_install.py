"""Measure a student's install: a wheel of medialit into a fresh venv, then an exercise's first cell.

Run:  .venv/bin/python benchmarks/student_install.py [--ref GIT_REF] [--extras EXTRAS] [--runs N]

Builds the wheel (of the working tree, or of ``--ref`` through ``git archive``), creates a fresh
venv in a temporary folder outside the repository, times ``pip install <wheel>`` (pip's own
cache is used, so the time is the install, not the download), and prints: packages installed,
MB of the venv's site-packages and of the whole venv, install seconds, and the seconds of an exercise's first cell
(``from medialit.runtime import ...; use(...)``) in a fresh Python: the first run, then the
median of ``--runs`` more. The first cell runs next to the exercise's case bundle, and also alone
(a notebook downloaded without it: the embedded case).
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIRST_CELL = (
    "import time; t = time.perf_counter()\n"
    "from medialit.runtime import check, show, use\n"
    "use({case!r}, case_id='mek')\n"
    "print(time.perf_counter() - t)\n"
)


def _run(cmd: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{proc.stderr[-3000:]}")
    return proc


def build_wheel(tmp: Path, ref: str | None) -> Path:
    source = ROOT
    if ref is not None:
        source = tmp / "src"
        source.mkdir()
        git = shutil.which("git") or "git"
        archive = subprocess.run([git, "-C", str(ROOT), "archive", ref], capture_output=True, check=True).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(source, filter="data")
    out = tmp / "wheel"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(out), str(source)])
    return next(out.glob("medialit-*.whl"))


def site_packages(venv: Path) -> Path:
    return next(venv.glob("lib/python*/site-packages"))


def measure(ref: str | None = None, extras: str = "", runs: int = 5) -> dict[str, float | int | str]:
    with tempfile.TemporaryDirectory(prefix="medialit-student-") as name:
        tmp = Path(name)
        wheel = build_wheel(tmp, ref)
        venv = tmp / "venv"
        _run([sys.executable, "-m", "venv", str(venv)])
        py = str(venv / "bin" / "python")
        baseline = len(json.loads(_run([py, "-m", "pip", "list", "--format=json"]).stdout))
        spec = f"{wheel}[{extras}]" if extras else str(wheel)
        t0 = time.perf_counter()
        _run([py, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", spec])
        install_s = time.perf_counter() - t0
        packages = len(json.loads(_run([py, "-m", "pip", "list", "--format=json"]).stdout)) - baseline
        size = sum(p.stat().st_size for p in site_packages(venv).rglob("*") if p.is_file())
        whole = sum(p.stat().st_size for p in venv.rglob("*") if p.is_file() and not p.is_symlink())
        work = tmp / "exercise"
        work.mkdir()
        shutil.copy(ROOT / "exercises" / "medialit-case.json", work)
        result: dict[str, float | int | str] = {
            "wheel": wheel.name,
            "ref": ref or "working tree",
            "extras": extras or "-",
            "packages": packages,
            "site_packages_mb": round(size / 1e6, 1),
            "venv_mb": round(whole / 1e6, 1),
            "install_s": round(install_s, 1),
        }
        for label, case in (("bundle", "medialit-case.json"), ("alone", "not-downloaded.json")):
            times = [
                float(_run([py, "-c", FIRST_CELL.format(case=case)], cwd=work).stdout.split()[-1])
                for _ in range(runs + 1)
            ]
            result[f"first_cell_{label}_first_s"] = round(times[0], 3)
            result[f"first_cell_{label}_median_s"] = round(statistics.median(times[1:]), 3)
        return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ref", help="measure this git ref (e.g. main) instead of the working tree")
    parser.add_argument("--extras", default="", help="install medialit[EXTRAS] instead of the student install")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    for key, value in measure(args.ref, args.extras, args.runs).items():
        print(f"{key:28} {value}")


if __name__ == "__main__":
    main()
