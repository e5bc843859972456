"""The kiosk API on a loopback port, a registered device, and headless Debian chromium."""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import make_server

from kiosk_api.app import create_app
from kiosk_api.db import fresh_sqlite_docket, transaction
from kiosk_api.demo_docket import DEMO_COURTS, demo_records
from kiosk_api.kiosk.device_gate import COOKIE
from kiosk_api.services.docket_import import import_lines, upsert_courts
from kiosk_api.services.kiosk_devices import register_device
from tests.fakes import FakeRasa
from tests.kiosk.page_checks import HEARING_CASE, hearing_tomorrow
from tools.paths import ROOT
from tools.stack import free_port

try:
    from playwright.sync_api import expect
except ImportError:  # `served` skips, or under REQUIRE_BROWSER=1 fails, saying why
    expect = None

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "test-output" / "browser"
STAFF_TOKEN = "browser-staff-token"
# The showcase civil case; the kiosk's notice board shows it tomorrow (see `served`).
# Long enough that no page is wiped while a test clicks through it; the idle test shortens it.
TEST_IDLE_SECONDS = 600


@dataclass
class Served:
    """The running kiosk API: its URL, the app, the fake assistant and a kiosk's token."""

    url: str
    app: Flask
    rasa: FakeRasa
    device_token: str

    def set_idle_seconds(self, seconds: int) -> None:
        """Change KIOSK_IDLE_SECONDS of the running app (read on every page)."""
        settings = self.app.extensions["court.settings"]
        overridden = settings.with_overrides({"KIOSK_IDLE_SECONDS": seconds})
        self.app.extensions["court.settings"] = overridden

    def register(self, name: str) -> str:
        """Register another kiosk; its token."""
        with transaction(self.app.extensions["court.sessions"]) as session:
            return register_device(session, name)


def _require_browser() -> None:
    reason = None
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing (Debian package chromium; `make test` installs it)"
    elif expect is None:
        reason = "the playwright package is missing (pip install -e '.[dev]')"
    if reason is None:
        return
    # `make test` sets REQUIRE_BROWSER=1: there a missing browser fails, it never skips.
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


def _load_showcase(app: Flask) -> None:
    sessions = app.extensions["court.sessions"]
    upsert_courts(sessions, DEMO_COURTS)
    lines = [json.dumps(r, ensure_ascii=False) for r in demo_records(0, today=dt.date.today())]
    summary = import_lines(sessions, lines, id_key="browser-id-key", record_changes=False)
    assert summary.ok, summary.errors
    hearing_tomorrow(sessions, HEARING_CASE)


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The kiosk API on a fresh SQLite docket with the showcase cases, on a loopback port."""
    _require_browser()
    rasa = FakeRasa()
    app = create_app(
        {
            "DATABASE_URL": fresh_sqlite_docket(tmp_path_factory.mktemp("browser")),
            "SERVICE_TOKEN": "browser-service-token",
            "STAFF_TOKENS": (STAFF_TOKEN,),
            "ID_HASH_KEY": "browser-id-key",
            "SENDER_HASH_KEY": "browser-sender-key",
            "LOOKUP_TOKEN_KEY": "browser-lookup-key",
            "KIOSK_IDLE_SECONDS": TEST_IDLE_SECONDS,
        },
        rasa=rasa,
    )
    _load_showcase(app)
    with transaction(app.extensions["court.sessions"]) as session:
        token = register_device(session, "测试终端")
    server = make_server("127.0.0.1", free_port(), app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Served(f"http://127.0.0.1:{server.server_port}", app, rasa, token)
    server.shutdown()
    app.extensions["court.engine"].dispose()


@pytest.fixture(autouse=True)
def _fresh_assistant(served: Served) -> Iterator[None]:
    """Each test starts with the default assistant reply, an empty log and the long idle time."""
    served.rasa.sent.clear()
    served.rasa.replies = [{"recipient_id": "x", "text": "您好，我是诉讼服务智能助手。"}]
    served.rasa.down = False
    yield
    served.set_idle_seconds(TEST_IDLE_SECONDS)


@pytest.fixture(scope="session")
def chromium(served: Served) -> Iterator[Any]:
    """Headless Debian chromium, launched once (playwright never downloads a browser here)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield browser
        browser.close()


def device_cookie(served: Served, token: str | None = None) -> dict[str, Any]:
    """The cookie /kiosk/setup sets, for a context that skips the setup form."""
    return {
        "name": COOKIE,
        "value": token or served.device_token,
        "domain": "127.0.0.1",
        "path": "/kiosk",
        "httpOnly": True,
        "sameSite": "Strict",
    }


@pytest.fixture
def stranger(chromium: Any, served: Served) -> Iterator[Any]:
    """A page in a fresh browser context that is not a registered kiosk."""
    context = chromium.new_context(
        base_url=served.url, viewport={"width": 1080, "height": 1920}, locale="zh-CN"
    )
    yield context.new_page()
    context.close()


@pytest.fixture
def kiosk(chromium: Any, served: Served) -> Iterator[Any]:
    """A page in a fresh context that is a registered kiosk, 1080×1920 portrait."""
    context = chromium.new_context(
        base_url=served.url, viewport={"width": 1080, "height": 1920}, locale="zh-CN"
    )
    context.add_cookies([device_cookie(served)])
    page = context.new_page()
    yield page
    context.close()


def screenshot(page: Any, name: str, *, full_page: bool = False) -> Path:
    """Save what the page shows as test-output/browser/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
