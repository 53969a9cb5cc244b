"""Browser tests: the app served by uvicorn on a free port (over the test database), driven
by Debian's headless Chromium through Playwright. Skipped, with the reason, when
/usr/bin/chromium is missing (and not collected without Playwright), so the suite still runs
on such a machine; under CI either is a failure (tests/tools.py).

`page` is signed in as a secretariat user when the app has accounts (governance.accounts):
the user is created in the test database and logs in through the /login form, as a person
would. Screenshots go to test-artifacts/screenshots/ (see `shoot`)."""

from __future__ import annotations

import importlib.util
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from governance.app import create_app
from governance.core.settings import Settings
from tests.tools import missing, under_ci

CHROMIUM = Path(os.environ.get("GOVERNANCE_CHROMIUM", "/usr/bin/chromium"))
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
USERNAME, PASSWORD = "secretary", "browser-test-password-1"

if importlib.util.find_spec("playwright") is None and not under_ci():
    # The test modules import Playwright: without it there is nothing to collect them with
    # (it comes with the test extra; under CI its absence is an error at collection).
    collect_ignore_glob = ["test_*.py"]

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    """uvicorn in a background thread; `url` is where the app answers."""

    def __init__(self, app: Any) -> None:
        import uvicorn

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="on"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the live server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *_: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture
def live_server(engine: sa.Engine, settings: Settings) -> Iterator[LiveServer]:
    with LiveServer(create_app(settings, engine=engine)) as server:
        yield server


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        missing(f"Chromium is not at {CHROMIUM} (apt-get install chromium fonts-noto-cjk)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
        # LANG / --lang: date and time fields as a Chinese desktop shows them (2021/01/20).
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--no-sandbox", "--lang=zh-CN"],
            env={**os.environ, "LANG": "zh_CN.UTF-8", "LANGUAGE": "zh_CN:zh"},
        )
        yield chromium
        chromium.close()


def create_secretary(engine: sa.Engine) -> bool:
    """A secretariat user, when the app has accounts; False when it has none."""
    if importlib.util.find_spec("governance.accounts") is None:
        return False
    from governance.accounts import service as accounts

    with Session(engine, expire_on_commit=False) as session:
        accounts.create_user(session, username=USERNAME, password=PASSWORD, role="secretariat")
    return True


def log_in(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/login")
    page.fill("input[name=username]", USERNAME)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.locator("form:has(input[name=password]) [type=submit]").first.click()
    assert "/login" not in page.url, "logging in failed"


@pytest.fixture
def page(browser: Browser, live_server: LiveServer, engine: sa.Engine) -> Iterator[Page]:
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(10_000)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    if create_secretary(engine):
        log_in(tab, live_server.url)
    yield tab
    context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"


def shoot(page: Page, name: str, full_page: bool = True) -> Path:
    """Saves a screenshot as a test artefact (test-artifacts/screenshots/NAME.png)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
