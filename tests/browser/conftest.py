"""Browser tests drive Debian's Chromium through Playwright (never a
downloaded browser) against pytest-django's live server."""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from django.db import connections

import pytest

from tests.conftest import REPO_ROOT

SCREENSHOTS = REPO_ROOT / "test-output" / "browser"


@pytest.fixture(scope="session", autouse=True)
def serialized_database_for_every_connection(django_db_setup: None) -> None:
    """Browser tests are transactional and restore the migrations' data
    (locales, the root page) with serialized_rollback. Once Playwright and the
    live server have run, the main thread may be handed a new connection
    object without the serialized data, and the next test would start with an
    empty database; keeping the data on the connection class lets every
    connection object restore it."""
    for alias in connections:
        wrapper = connections[alias]
        contents = getattr(wrapper, "_test_serialized_contents", None)
        if contents is not None:
            type(wrapper)._test_serialized_contents = contents


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    # Playwright's sync API runs an event loop in this thread; the test code
    # around it still talks to the database synchronously.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    if not executable:
        pytest.fail("Chromium is not installed: run ./bin/test, which installs it.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                # Every test hostname reaches the live server on loopback.
                "--host-resolver-rules="
                "MAP *.portal.test 127.0.0.1, MAP portal.test 127.0.0.1",
            ],
        )
        yield browser
        browser.close()
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def screenshot_dir(request: pytest.FixtureRequest) -> Path:
    directory = SCREENSHOTS / request.node.name
    directory.mkdir(parents=True, exist_ok=True)
    return directory
