"""Jupyter Server extension: medialit notebooks are saved without live widget views.

Enabled by ``etc/jupyter/jupyter_server_config.d/medialit.json``, which the wheel installs
from ``medialit/runtime/jupyter_server_config.json`` (pyproject.toml's ``shared-data``; the
course site's wheel carries it too, :func:`medialit.grading.autograder.build_wheel`).
It registers a pre-save hook that, in notebooks carrying ``metadata.medialit``, replaces
each live widget view with a one-line note (see
:mod:`medialit.runtime.saved`), so a notebook reopened without its kernel shows
the saved answer and "run the setup cell and this cell to edit it" instead of
"Error displaying widget: model not found". The open notebook keeps its live
widgets; only the file on disk changes.
"""

from __future__ import annotations

import logging
from typing import Any

from medialit.runtime.saved import strip_widget_views, version_problem

log = logging.getLogger("medialit")


def pre_save_hook(model: dict[str, Any], **kwargs: Any) -> None:
    """Contents-manager hook: rewrite the notebook in ``model`` before it is written.

    A notebook whose medialit metadata has a ``schema_version`` this medialit does not read
    is saved unchanged, with a warning in the server log naming it (saving must never fail).
    """
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    problem = version_problem(model["content"], str(kwargs.get("path") or "a notebook"))
    if problem:
        log.warning("medialit: saved unchanged: %s", problem)
        return
    content, replaced = strip_widget_views(model["content"])
    if replaced:
        model["content"] = content


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "medialit.runtime.jupyter_server"}]


def _load_jupyter_server_extension(serverapp: Any) -> None:
    serverapp.contents_manager.register_pre_save_hook(pre_save_hook)
    serverapp.log.info("medialit: widget views are replaced by a note when a medialit notebook is saved")
