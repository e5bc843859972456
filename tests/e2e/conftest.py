"""The whole assistant, three real processes on free ports, for end-to-end tests."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import requests

from kiosk_api.db import fresh_sqlite_docket
from tools.paths import MODEL_FILE, ROOT
from tools.stack import Ports, Stack

STAFF_TOKEN = "e2e-staff-token"


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """Kiosk API (gunicorn), action server and Rasa, started once per test module."""
    yield from running_stack(tmp_path_factory)


def running_stack(
    tmp_path_factory: pytest.TempPathFactory, env: dict[str, str] | None = None
) -> Iterator[Stack]:
    """Start the three processes on a fresh docket with extra settings; stop them after."""
    if not MODEL_FILE.exists():
        message = f"no trained Rasa model at {MODEL_FILE}; `make test` trains it first"
        if os.environ.get("REQUIRE_MODEL") == "1":
            pytest.fail(message)
        pytest.skip(message)
    run_dir = tmp_path_factory.mktemp("stack")
    database_url = fresh_sqlite_docket(run_dir)
    stack = Stack(
        ports=Ports.free(),
        run_dir=run_dir,
        log_dir=ROOT / "test-output" / "e2e",
        env={
            "DATABASE_URL": database_url,
            "STAFF_TOKENS": STAFF_TOKEN,
            "SERVICE_TOKEN": "e2e-service-token",
            "CHAT_TIMEOUT_SECONDS": "20",
            **(env or {}),
        },
    )
    stack.start()
    try:
        stack.wait_ready(timeout=300)
        yield stack
    finally:
        stack.stop()


def chat(stack: Stack, message: str, sender: str = "e2e-user") -> requests.Response:
    """One turn through the public gateway."""
    return requests.post(
        f"{stack.kiosk_url}/api/v1/chat",
        json={"sender": sender, "message": message, "channel": "kiosk"},
        timeout=30,
    )
