"""The Gradescope autograder: build ``autograder.zip`` and run it on one submission.

The zip holds, at its root:

- ``setup.sh``: finds a Python >= 3.11 (installing ``python3.11`` with apt when
  the image has none), makes a virtual environment (``$MEDIALIT_VENV``, default
  ``/opt/medialit-venv``) and installs medialit into it, from the wheel in the
  zip (built from the installed package, so it needs no build tools) or, with
  ``from_pypi``, from PyPI; and installs Debian's ``bubblewrap``, which code
  answers run in (where the image allows no user namespaces, code answers go
  to the teacher instead, unless the zip was built with ``--unsafe-code``);
- ``wheels/``: only with ``wheelhouse``: the wheels of medialit's dependencies,
  which the teacher downloads for Gradescope's platform (see :data:`WHEELHOUSE_HOW`);
  setup.sh then installs with ``--no-index --find-links`` and needs no package index.

**Without a wheelhouse, setup.sh needs the package index** (PyPI) for
medialit's dependencies (nbformat, anywidget, matplotlib ...): only medialit
itself is in the zip. Wheels are not made from the teacher's installed
environment because they would fit only the teacher's operating system, CPU
and Python version, not necessarily Gradescope's Linux image (numpy,
matplotlib, pyzmq and rpds-py are compiled), and packages installed by a
system package manager have no wheel metadata to rebuild from. The apt steps
(a Python >= 3.11 when the image has none, bubblewrap) need the image's
package mirror either way.
- ``run_autograder``: grades ``$ROOT/submission`` into
  ``$ROOT/results/results.json``, where ``ROOT`` is ``$MEDIALIT_AUTOGRADER_ROOT``
  or ``/autograder``; it always writes a results.json, even when the submission
  cannot be read;
- ``medialit-autograder.json``: the lesson, visibility, code time limit and
  whether code may run without isolation (``unsafe_code``, default false);
- ``case/``: the case study, when it is not the embedded one.

The zip is deterministic (fixed timestamps, sorted entries).
"""

from __future__ import annotations

import argparse
import base64
import csv
import hashlib
import io
import json
import re
import sys
import zipfile
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from medialit.errors import GradingError
from medialit.grading.batch import load_key
from medialit.grading.grade import Grader
from medialit.grading.inputs import iter_sources
from medialit.grading.reports.feedback import Release
from medialit.grading.reports.gradescope import VISIBILITIES, gradescope_results
from medialit.grading.reports.report import json_text, write_atomic

CONFIG = "medialit-autograder.json"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)

SETUP_SH = r"""#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="${MEDIALIT_VENV:-/opt/medialit-venv}"
if [ ! -x "$VENV/bin/python" ]; then
  PY=""
  for cand in @PYTHONS@; do
    if command -v "$cand" >/dev/null 2>&1 && "$cand" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
      PY="$cand"; break
    fi
  done
  if [ -z "$PY" ] && command -v apt-get >/dev/null 2>&1; then
    apt-get install -y @APT_PYTHON@ @APT_PYTHON@-venv && PY=@APT_PYTHON@
  fi
  if [ -z "$PY" ]; then echo "medialit needs Python 3.11 or newer" >&2; exit 1; fi
  "$PY" -m venv "$VENV"
fi
if ! command -v bwrap >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  # Code answers run in bubblewrap; without it they are sent to the teacher, not run.
  apt-get install -y --no-install-recommends bubblewrap || echo "medialit: bubblewrap could not be installed" >&2
fi
# @SOURCE_NOTE@
PIP=("$VENV/bin/python" -m pip install --disable-pip-version-check --no-input)
if ! "${PIP[@]}" @PIP_SOURCE@${MEDIALIT_PIP_OPTIONS:-} @REQUIREMENT@; then
  echo "medialit: @FAILURE@" >&2
  exit 1
fi
"$VENV/bin/python" -c "import medialit.grading.autograder"
"""

ONLINE_NOTE = "Dependencies come from the package index (PyPI): this step needs network access to it."
ONLINE_FAILURE = (
    "installing failed. This autograder installs medialit's dependencies from the package index (PyPI); "
    "setup needs network access to it, or rebuild the zip with --wheelhouse (see medialit "
    "gradescope-autograder --help)."
)
OFFLINE_NOTE = "Everything comes from the wheels in the zip (--no-index): no package index is needed."
OFFLINE_FAILURE = (
    "installing from the zip's wheels/ failed: a wheel is missing or does not fit this image's "
    "Python or platform. Download the wheels again for this image (see medialit gradescope-autograder --help)."
)
DEFAULT_PYTHONS = "python3.13 python3.12 python3.11 python3"

#: How a teacher fills a wheelhouse for Gradescope's image (Ubuntu, x86-64, Python 3.11 here).
WHEELHOUSE_HOW = (
    "pip download --only-binary=:all: --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64 "
    "--python-version 3.11 --implementation cp --dest wheels/ 'medialit-VERSION-py3-none-any.whl[grade]'"
)
_WHEEL_NAME = re.compile(r"^(?P<name>[^-]+)-[^-]+(?:-\d[^-]*)?-(?P<py>[^-]+)-(?P<abi>[^-]+)-(?P<plat>[^-]+)\.whl$")

RUN_AUTOGRADER = r"""#!/usr/bin/env bash
# Gradescope runs this for every submission; it always writes results/results.json.
ROOT="${MEDIALIT_AUTOGRADER_ROOT:-/autograder}"
VENV="${MEDIALIT_VENV:-/opt/medialit-venv}"
exec "$VENV/bin/python" -m medialit.grading.autograder --root "$ROOT" --source "$ROOT/source"
"""


def _zip_write(zf: zipfile.ZipFile, name: str, data: bytes, executable: bool = False) -> None:
    info = zipfile.ZipInfo(name, ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = ((0o100755 if executable else 0o100644) & 0xFFFF) << 16
    zf.writestr(info, data)


def _record_hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")


#: The Jupyter Server config file: its path in the package, and where a wheel installs it
#: (under the environment's prefix; pyproject.toml's ``shared-data``).
SERVER_CONFIG = ("runtime/jupyter_server_config.json", "etc/jupyter/jupyter_server_config.d/medialit.json")


def build_wheel() -> tuple[str, bytes]:
    """A wheel of the installed medialit, built from its files (no build backend, works offline)."""
    dist = metadata.distribution("medialit")
    version = dist.version
    pkg = Path(str(resources.files("medialit")))
    files: list[tuple[str, bytes]] = []
    for path in sorted(pkg.rglob("*")):
        rel = path.relative_to(pkg)
        if path.is_dir() or "__pycache__" in rel.parts or path.suffix in (".pyc", ".pyo"):
            continue
        files.append((f"medialit/{rel.as_posix()}", path.read_bytes()))
    # The Jupyter Server config that enables medialit's pre-save hook, where the project's wheel
    # puts it (pyproject.toml's shared-data); its package copy is the one source of both.
    config = (pkg / SERVER_CONFIG[0]).read_bytes()
    files.append((f"medialit-{version}.data/data/{SERVER_CONFIG[1]}", config))
    info_dir = f"medialit-{version}.dist-info"
    meta_text = dist.read_text("METADATA") or f"Metadata-Version: 2.1\nName: medialit\nVersion: {version}\n"
    files.append((f"{info_dir}/METADATA", meta_text.encode("utf-8")))
    wheel_info = b"Wheel-Version: 1.0\nGenerator: medialit\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    files.append((f"{info_dir}/WHEEL", wheel_info))
    for licence in dist.metadata.get_all("License-File") or []:
        text = dist.read_text(f"licenses/{licence}")
        if text is not None:
            files.append((f"{info_dir}/licenses/{licence}", text.encode("utf-8")))
    entry_points = dist.read_text("entry_points.txt")
    if entry_points:
        files.append((f"{info_dir}/entry_points.txt", entry_points.encode("utf-8")))
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    for name, data in files:
        w.writerow([name, _record_hash(data), len(data)])
    w.writerow([f"{info_dir}/RECORD", "", ""])
    files.append((f"{info_dir}/RECORD", buf.getvalue().encode("utf-8")))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in files:
            _zip_write(zf, name, data)
    return f"medialit-{version}-py3-none-any.whl", out.getvalue()


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement_names() -> list[str]:
    """Names of what the autograder installs: medialit's requirements and its [grade] extra's."""
    names = []
    for req in metadata.requires("medialit") or []:
        if ";" in req and req.split(";", 1)[1].replace("'", '"').split() != ["extra", "==", '"grade"']:
            continue
        m = re.match(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)", req)
        if m:
            names.append(_canonical(m.group(1)))
    return sorted(set(names))


def read_wheelhouse(folder: str | Path) -> tuple[list[Path], str | None]:
    """The wheels of ``folder`` and the one CPython version their compiled wheels are for (``"3.11"``).

    Raises :class:`GradingError` when the folder holds no wheel, wheels for several
    Python versions, or no wheel for one of medialit's direct requirements.
    """
    root = Path(folder)
    if not root.is_dir():
        raise GradingError(f"{root}: --wheelhouse must be a folder of wheels")
    wheels = sorted(p for p in root.iterdir() if p.suffix == ".whl" and p.is_file())
    if not wheels:
        raise GradingError(f"{root}: no .whl files; fill it with: {WHEELHOUSE_HOW}")
    versions: set[str] = set()
    names: set[str] = set()
    for wheel in wheels:
        m = _WHEEL_NAME.match(wheel.name)
        if not m:
            raise GradingError(f"{wheel}: not a wheel file name (name-version-python-abi-platform.whl)")
        names.add(_canonical(m.group("name")))
        if m.group("abi") in ("abi3", "none"):
            continue  # the stable ABI (cp310-abi3) and pure wheels fit every later Python
        for tag in m.group("py").split("."):
            cp = re.fullmatch(r"cp3(\d+)", tag)
            if cp:
                versions.add(f"3.{cp.group(1)}")
    if len(versions) > 1:
        raise GradingError(
            f"{root}: the wheels are for several Python versions ({', '.join(sorted(versions))}); "
            "download them for one (--python-version)"
        )
    missing = [n for n in _requirement_names() if n not in names]
    if missing:
        raise GradingError(
            f"{root}: no wheel for {', '.join(missing)} (medialit needs them); fill the folder with: {WHEELHOUSE_HOW}"
        )
    return wheels, versions.pop() if versions else None


def build_autograder(
    out: str | Path,
    case_dir: str | Path | None = None,
    lesson: str | None = None,
    visibility: str = "visible",
    code_timeout: float = 30.0,
    wheel: str | Path | None = None,
    from_pypi: bool = False,
    unsafe_code: bool = False,
    release_explanations: bool = False,
    wheelhouse: str | Path | None = None,
) -> Path:
    """Write the Gradescope ``autograder.zip`` (see the module docstring) and return its path.

    ``wheel`` includes a given wheel or sdist instead of one built from the
    installed package; ``from_pypi`` includes none and installs ``medialit==VERSION``;
    ``release_explanations`` shows each question's explanation and sources in the results.
    Without ``wheelhouse`` setup.sh installs medialit's dependencies from the
    package index; with it, the folder's wheels go into the zip and setup.sh
    installs offline (``--no-index``) with the Python version they are for.
    """
    if visibility not in VISIBILITIES:
        raise GradingError(f"visibility must be one of {', '.join(VISIBILITIES)}")
    load_key(case_dir, [lesson] if lesson else None)  # fail now, not on Gradescope
    entries: list[tuple[str, bytes, bool]] = []
    pythons, apt_python = DEFAULT_PYTHONS, "python3.11"
    pip_source, note, failure = "", ONLINE_NOTE, ONLINE_FAILURE
    if wheelhouse is not None:
        if from_pypi:
            raise GradingError("--from-pypi and --wheelhouse contradict each other: a wheelhouse is for offline setup")
        wheels, version = read_wheelhouse(wheelhouse)
        for path in wheels:
            entries.append((f"wheels/{path.name}", path.read_bytes(), False))
        if version is not None:
            pythons = apt_python = f"python{version}"
        pip_source, note, failure = '--no-index --find-links "$HERE/wheels" ', OFFLINE_NOTE, OFFLINE_FAILURE
    if from_pypi:
        requirement = f"'medialit[grade]=={metadata.version('medialit')}'"
    elif wheel is not None:
        w = Path(wheel)
        if not w.is_file():
            raise GradingError(f"{w}: no such wheel or sdist")
        entries.append((w.name, w.read_bytes(), False))
        requirement = f'"$HERE/{w.name}[grade]"' if w.suffix == ".whl" else f'"medialit[grade] @ file://$HERE/{w.name}"'
    else:
        name, data = build_wheel()
        entries.append((name, data, False))
        requirement = f'"$HERE/{name}[grade]"'
    config: dict[str, object] = {
        "lesson": lesson,
        "visibility": visibility,
        "code_timeout": code_timeout,
        "case": None,
        "unsafe_code": unsafe_code,
        "offline": wheelhouse is not None,
    }
    if release_explanations:
        config["release_explanations"] = True
    if case_dir is not None:
        root = Path(case_dir)
        for path in sorted(root.rglob("*")):
            rel = path.relative_to(root)
            if path.is_file() and "__pycache__" not in rel.parts and not any(p.startswith(".") for p in rel.parts):
                entries.append((f"case/{rel.as_posix()}", path.read_bytes(), False))
        config["case"] = "case"
    setup = SETUP_SH
    for placeholder, value in (
        ("@PYTHONS@", pythons),
        ("@APT_PYTHON@", apt_python),
        ("@PIP_SOURCE@", pip_source),
        ("@SOURCE_NOTE@", note),
        ("@FAILURE@", failure),
        ("@REQUIREMENT@", requirement),
    ):
        setup = setup.replace(placeholder, value)
    entries.append(("setup.sh", setup.encode("utf-8"), True))
    entries.append(("run_autograder", RUN_AUTOGRADER.encode("utf-8"), True))
    entries.append((CONFIG, (json.dumps(config, indent=2, sort_keys=True) + "\n").encode("utf-8"), False))
    target = Path(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w") as zf:
        for name, data, executable in sorted(entries):
            _zip_write(zf, name, data, executable)
    return target


def _failure(message: str) -> dict[str, Any]:
    return {
        "score": 0.0,
        "output": f"The autograder could not grade this submission: {message}",
        "output_format": "text",
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": [],
    }


def run_autograder(root: str | Path, source: str | Path | None = None) -> dict[str, Any]:
    """Grade ``root/submission`` into ``root/results/results.json`` (Gradescope's layout); return it."""
    root = Path(root)
    src_dir = Path(source) if source else root / "source"
    results_path = root / "results" / "results.json"
    results_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        config = json.loads((src_dir / CONFIG).read_text(encoding="utf-8"))
        case_dir = src_dir / config["case"] if config.get("case") else None
        key = load_key(case_dir, [config["lesson"]] if config.get("lesson") else None)
        sources = [s for s in iter_sources([root / "submission"])]
        if not sources:
            data = _failure("no notebook (.ipynb) was found in your submission. Upload the exercise notebook.")
        else:
            timeout = float(config.get("code_timeout", 30))
            with Grader(key, code_timeout=timeout, unsafe_code=bool(config.get("unsafe_code"))) as grader:
                results = [grader.grade_source(s) for s in sources]
            graded = [r for r in results if r.status != "error"]
            chosen = graded[0] if graded else results[0]
            release = Release(key.citations) if config.get("release_explanations") else None
            data = gradescope_results(chosen, key.questions, config.get("visibility", "visible"), release)
            if len(results) > 1:
                name = chosen.file.rsplit("/", 1)[-1]
                others = ", ".join(r.file.rsplit("/", 1)[-1] for r in results if r is not chosen)
                data["output"] += (
                    f"\n\nYour submission holds {len(results)} notebooks; only {name} was graded "
                    f"(the first that could be read, by name). Ignored: {others}. Upload one notebook."
                )
    except Exception as exc:  # the student must always get a results.json
        data = _failure(f"{type(exc).__name__}: {exc}. This is not your fault; tell your teacher.")

    write_atomic(results_path, json_text(data, indent=2))
    return data


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``run_autograder``: ``python -m medialit.grading.autograder --root /autograder``."""
    parser = argparse.ArgumentParser(prog="medialit-autograder")
    parser.add_argument("--root", default="/autograder")
    parser.add_argument("--source", default=None)
    args = parser.parse_args(argv)
    data = run_autograder(args.root, args.source)
    print(f"medialit: score {data.get('score')}; {len(data.get('tests', []))} tests")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
