"""A real server (werkzeug, in a thread) over a copy of the test archive, and Debian's Chromium.

Without /usr/bin/chromium (or $CHROMIUM_PATH) these tests skip, unless REQUIRE_BROWSER=1
(CI), where they fail.
Set SCREENSHOT_DIR=/tmp/screens to keep a screenshot of each page visited by ``shot()``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _require_browser():
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} is missing: apt-get install -y chromium"
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@contextlib.contextmanager
def serve_archive(folder: Path, **values):
    """A werkzeug server over the archive in ``folder``, in a thread; yields its base URL."""
    from app import create_app
    from tests.support import app_settings, serve_app

    app = create_app(app_settings(folder, testing=False, **values))
    try:
        with serve_app(app) as url:
            yield url
    finally:
        app.extensions["news_archive"].close()


@pytest.fixture(scope="module")
def live_server(built_archive, tmp_path_factory):
    folder = tmp_path_factory.mktemp("live") / "archive"
    shutil.copytree(built_archive, folder)
    with serve_archive(folder) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def shot():
    folder = os.environ.get("SCREENSHOT_DIR")

    def take(page, name: str) -> None:
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)

    return take
