"""A real kiosk API over HTTP for the actions to call, and trackers to run them on."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from werkzeug.serving import make_server

from tools.paths import ROOT
from tools.stack import free_port

DOMAIN_DIR = ROOT / "bot" / "domain"


@pytest.fixture
def kiosk_api_url(app, monkeypatch) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The test app served on a loopback port; the actions are pointed at it."""
    server = make_server("127.0.0.1", free_port(), app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    monkeypatch.setenv("KIOSK_API_URL", url)
    monkeypatch.setenv("SERVICE_TOKEN", "test-service-token")
    yield url
    server.shutdown()


def make_tracker(
    sender_id: str = "sms-0123456789abcdef",
    events: list[dict[str, Any]] | None = None,
    latest: dict[str, Any] | None = None,
    slots: dict[str, Any] | None = None,
    active_loop: str | None = None,
) -> Tracker:
    """A tracker as the action server receives it from Rasa."""
    return Tracker(
        sender_id=sender_id,
        slots=dict(slots or {}),
        latest_message=latest or {"text": "转人工", "metadata": {"channel": "sms"}},
        events=events or [],
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


def load_domain() -> dict[str, Any]:
    """The bot's domain files merged as Rasa sends them to the action server."""
    domain: dict[str, Any] = {"slots": {}, "responses": {}, "forms": {}}
    for path in sorted(DOMAIN_DIR.glob("*.yml")):
        part = yaml.safe_load(path.read_text(encoding="utf-8"))
        for key in domain:
            domain[key].update(part.get(key) or {})
    return domain
