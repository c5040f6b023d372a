"""Run a command as if some modules were not installed (an extra left out), in a subprocess.

``blocked_env`` writes a ``sitecustomize.py`` that puts a finder first on ``sys.meta_path``
raising ``ModuleNotFoundError`` for the named top-level modules, exactly what Python raises when a
package is absent; the folder goes first on ``PYTHONPATH`` so every child Python gets it too.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SITECUSTOMIZE = """
import sys

BLOCKED = set({blocked!r})


class _Blocker:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None


sys.meta_path.insert(0, _Blocker())
"""


def blocked_env(tmp: Path, blocked: list[str]) -> dict[str, str]:
    folder = tmp / "block-site"
    folder.mkdir(exist_ok=True)
    (folder / "sitecustomize.py").write_text(SITECUSTOMIZE.format(blocked=sorted(blocked)), encoding="utf-8")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(folder), *filter(None, [env.get("PYTHONPATH")])])
    env.pop("MEDIALIT_CASE", None)
    return env


def run_medialit(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "medialit", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
