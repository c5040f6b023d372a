"""Browser fixtures: Debian's Chromium driven by Playwright, pages served from localhost.

Chromium is the system one (``/usr/bin/chromium`` or ``$MEDIALIT_CHROMIUM``);
Playwright never downloads a browser. Without it the tests are skipped, unless
``CI`` is set, where a missing browser is a failure.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import pathlib
import threading
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
CHROMIUM = pathlib.Path(os.environ.get("MEDIALIT_CHROMIUM", "/usr/bin/chromium"))
#: axe-core from the npm registry, installed by ``npm ci`` (scripts/system-deps.sh).
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: needs headless Chromium (Playwright)")


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _unavailable(reason: str) -> None:
    if _in_ci():
        pytest.fail(f"{reason} (CI is set, so this is a failure, not a skip)")
    pytest.skip(f"{reason} (scripts/system-deps.sh installs it)")


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """A headless Chromium browser (Playwright), shared by the session."""
    if not CHROMIUM.is_file():
        _unavailable(
            f"Chromium not found at {CHROMIUM}; install Debian's chromium (apt-get install chromium)"
            " or set MEDIALIT_CHROMIUM"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright Python package is not installed")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve(directory: pathlib.Path) -> Iterator[str]:
    """Serve ``directory`` over HTTP on 127.0.0.1 (a thread); yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, pathlib.Path]]:
    """``(base_url, directory)`` of a localhost HTTP server in a thread."""
    root = tmp_path_factory.mktemp("site")
    (root / "favicon.ico").write_bytes(b"")
    with serve(root) as base:
        yield base, root


@pytest.fixture(scope="session")
def student_site(student_html: pathlib.Path) -> Iterator[tuple[str, pathlib.Path]]:
    """``(base_url, html_dir)``: the built student book served on 127.0.0.1."""
    with serve(student_html) as base:
        yield base, student_html


@pytest.fixture(scope="session")
def axe_source() -> str:
    """The text of axe-core's ``axe.min.js`` (npm package, installed by ``npm ci``)."""
    if not AXE.is_file():
        _unavailable(f"axe-core not found at {AXE}; run `npm ci` in the project folder")
    return AXE.read_text(encoding="utf-8")


class Guard:
    """Requests outside localhost (aborted) and page errors seen by one page."""

    def __init__(self) -> None:
        self.external: list[str] = []
        self.errors: list[str] = []

    def route(self, route: Any) -> None:
        url = route.request.url
        if urlsplit(url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            self.external.append(url)
            route.abort()


@pytest.fixture
def guarded_page(chromium: Any) -> Iterator[tuple[Any, Guard]]:
    """A fresh page that aborts (and records) every request not to localhost.

    The test fails afterwards if any such request was attempted or a page error
    (uncaught JS exception) happened.
    """
    context = chromium.new_context(viewport={"width": 1000, "height": 800})
    page = context.new_page()
    guard = Guard()
    page.route("**/*", guard.route)
    page.on("pageerror", lambda exc: guard.errors.append(str(exc)))
    yield page, guard
    context.close()
    assert not guard.external, f"requests outside localhost were attempted: {guard.external}"
    assert not guard.errors, f"uncaught page errors: {guard.errors}"


@pytest.fixture
def new_guarded_page(chromium: Any) -> Iterator[Callable[..., tuple[Any, Guard]]]:
    """``new_guarded_page(**context_options)``: a fresh page and its :class:`Guard`.

    Each call opens a new browser context whose every request outside localhost is
    aborted and recorded in ``guard.external`` (and JS exceptions in ``guard.errors``);
    the test asserts on them. Contexts close at teardown.
    """
    contexts: list[Any] = []

    def _new(**options: Any) -> tuple[Any, Guard]:
        context = chromium.new_context(**{"viewport": {"width": 1280, "height": 900}, **options})
        contexts.append(context)
        guard = Guard()
        context.route("**/*", guard.route)
        page = context.new_page()
        page.on("pageerror", lambda exc: guard.errors.append(str(exc)))
        return page, guard

    yield _new
    for context in contexts:
        context.close()


WIDGETS_READY = (
    "() => [...document.querySelectorAll('[data-medialit-static]')]"
    ".every((r) => r.hasAttribute('data-medialit-render-ms') || r.querySelector('[role=alert]'))"
)


@pytest.fixture(scope="session")
def wait_for_widgets() -> Callable[[Any], None]:
    """``wait_for_widgets(page)``: until every static widget has rendered (or shows its error)."""
    return lambda page: page.wait_for_function(WIDGETS_READY)


@pytest.fixture
def open_page(site: tuple[str, pathlib.Path], guarded_page: tuple[Any, Guard]) -> Callable[[str, str], Any]:
    """``open_page(name, body_html)`` writes a page, loads it, waits for the widgets."""
    base, root = site
    page, _ = guarded_page

    def _open(name: str, body: str) -> Any:
        html = (
            '<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f"<title>{name}</title></head><body>{body}</body></html>"
        )
        (root / f"{name}.html").write_text(html, encoding="utf-8")
        page.goto(f"{base}/{name}.html")
        page.wait_for_function(WIDGETS_READY)
        return page

    return _open
