"""The lost-sidecar flow in a real Jupyter Notebook 7: the answer stays in the .ipynb.

Like tests/browser/test_jupyterlab.py, with ``jupyter notebook`` (Notebook 7) instead of
JupyterLab: answer L3.Q1 in the live widget, save, delete the sidecar (a new runtime, a moved
notebook), restart the kernel and run all, save again: the widget comes back answered and the
notebook on disk still holds the answer.
"""

from __future__ import annotations

import contextlib
import json
import os
import pathlib
import secrets
import shutil
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from test_jupyterlab import (
    LAB_SETTINGS,
    NOTEBOOK,
    QUESTION,
    TIMEOUT_MS,
    WIDGET,
    Lab,
    _free_port,
    _wait_for_status,
    accept_dialogs,
    answer_cell,
    live_widget,
    pressed_ids,
    wait_for_record,
    wait_kernel_idle,
    wait_kernel_ready,
)

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

#: Thrown by Notebook 7's own bundle (notebook_core.*.js) while its settings registry loads, with
#: no user settings at all as well; nothing of medialit runs there. Any other page error fails.
NOTEBOOK_CORE_ERROR = "Cannot read properties of undefined (reading 'schema')"


def _ours(errors: list[str]) -> list[str]:
    return [e for e in errors if not (e.startswith(NOTEBOOK_CORE_ERROR) and "/static/notebook/notebook_core." in e)]


@pytest.fixture
def notebook7(tmp_path: pathlib.Path) -> Iterator[Lab]:
    """A ``jupyter notebook`` (Notebook 7) server of this Python, rooted in a tmp folder."""
    pytest.importorskip("notebook", minversion="7")
    root = tmp_path / "work"
    root.mkdir()
    env = dict(os.environ)
    for name, sub in (
        ("JUPYTER_CONFIG_DIR", "config"),
        ("JUPYTER_DATA_DIR", "data"),
        ("JUPYTER_RUNTIME_DIR", "runtime"),
        ("IPYTHONDIR", "ipython"),
    ):
        env[name] = str(tmp_path / sub)
        (tmp_path / sub).mkdir()
    env["JUPYTERLAB_SETTINGS_DIR"] = str(tmp_path / "config" / "lab" / "user-settings")
    env["JUPYTERLAB_WORKSPACES_DIR"] = str(tmp_path / "config" / "lab" / "workspaces")
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    env.pop("MEDIALIT_CASE", None)
    # Only the notebook tracker's settings: Notebook 7 lacks some of the JupyterLab plugins.
    for rel, settings in LAB_SETTINGS.items():
        if "notebook-extension" not in rel:
            continue
        path = pathlib.Path(env["JUPYTERLAB_SETTINGS_DIR"]) / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(settings), encoding="utf-8")
    port, token = _free_port(), secrets.token_hex(16)
    log = tmp_path / "jupyter-lab.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "notebook",
                "--no-browser",
                f"--port={port}",
                "--ServerApp.port_retries=0",
                "--ServerApp.ip=127.0.0.1",
                f"--IdentityProvider.token={token}",
                f"--ServerApp.root_dir={root}",
                "--ServerApp.terminals_enabled=False",
                "--JupyterNotebookApp.expose_app_in_browser=True",
                *(["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []),
            ],
            cwd=root,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    server = Lab(root, port, token, proc)
    try:
        _wait_for_status(server, log)
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)


def command(page: Any, name: str) -> None:
    """Run a front-end command (the same ones Notebook 7's menus run)."""
    page.evaluate("(name) => { window.jupyterapp.commands.execute(name); }", name)


def test_lost_sidecar_then_restart_run_all_and_save_keeps_the_answer(
    chromium: Any, notebook7: Lab, tmp_path: pathlib.Path
) -> None:
    from medialit.api import generate

    generate(tmp_path / "module")
    shutil.copy(tmp_path / "module" / "exercises" / NOTEBOOK, notebook7.root / NOTEBOOK)
    shutil.copy(tmp_path / "module" / "exercises" / "medialit-case.json", notebook7.root / "medialit-case.json")
    nb_path = notebook7.root / NOTEBOOK
    sidecar = notebook7.root / ".medialit" / "answers" / pathlib.Path(NOTEBOOK).stem / f"{QUESTION}.json"

    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    outside: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith(notebook7.base):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(f"{exc} {exc.stack}"))

    def save() -> None:
        command(page, "docmanager:save")
        page.wait_for_function(
            "() => { const w = window.jupyterapp.shell.currentWidget; return !!w && w.context.model.dirty === false; }"
        )

    try:
        page.goto(notebook7.url(f"notebooks/{NOTEBOOK}"))
        page.locator(".jp-Notebook .jp-Cell").first.wait_for(state="visible")
        wait_kernel_ready(page)
        accept_dialogs(page)
        command(page, "notebook:run-all-cells")
        cell = answer_cell(page)
        widget = live_widget(cell)
        buttons = widget.locator("button.medialit-item")
        picks = sorted([buttons.nth(0).get_attribute("data-item"), buttons.nth(2).get_attribute("data-item")])
        for item in picks:
            widget.locator(f'button.medialit-item[data-item="{item}"]').click()
            widget.locator(f'button.medialit-item[data-item="{item}"][aria-pressed="true"]').wait_for()
        cell.locator(".jp-OutputArea-output", has_text="Saved: 2 sentences selected").wait_for()
        wait_kernel_idle(page)
        first = wait_for_record(nb_path, QUESTION, picks, min_seq=2, save=save)
        assert sidecar.is_file(), f"no sidecar named by notebook and question at {sidecar}"

        # The sidecar is lost; restart the kernel and run all; save.
        shutil.rmtree(notebook7.root / ".medialit")
        widget.first.evaluate("el => el.setAttribute('data-test-stale', '')")
        command(page, "notebook:restart-run-all")
        page.locator(".jp-Dialog button.jp-mod-accept").first.click()
        page.wait_for_function(
            "([sel, n]) => document.querySelectorAll(sel).length === n",
            arg=[f'{WIDGET}:not([data-test-stale]) button.medialit-item[aria-pressed="true"]', 2],
        )
        assert pressed_ids(live_widget(cell)) == picks
        wait_kernel_idle(page)
        last = wait_for_record(nb_path, QUESTION, picks, min_seq=first["seq"], save=save)
        assert last["value"] == picks
        assert not _ours(errors), f"uncaught page errors: {errors}"
        print(f"\nNotebook 7 lost-sidecar flow: seq {first['seq']} -> {last['seq']}; outside requests: {len(outside)}")
    except BaseException:
        shot = tmp_path / "notebook7-failure.png"
        with contextlib.suppress(Exception):
            page.screenshot(path=str(shot), full_page=True)
        print(f"\nscreenshot: {shot}\npage errors: {errors}")
        print((tmp_path / "jupyter-lab.log").read_text(errors="replace")[-4000:])
        raise
    finally:
        context.close()
