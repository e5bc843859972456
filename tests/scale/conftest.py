"""The assistant scaled out as in production: two Rasa instances on the SQL tracker store in
PostgreSQL with the Redis lock store (bot/endpoints.production.yml), threaded kiosk API workers.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import redis
import requests
from sqlalchemy import create_engine, text

from kiosk_api.db import fresh_sqlite_docket
from tests.conftest import ADMIN_URL, REQUIRE_POSTGRES, scratch_postgres_database
from tools.paths import MODEL_FILE, ROOT
from tools.stack import Ports, Stack

# Redis database 13 belongs to these tests; each stack also has its own lock key prefix.
LOCK_STORE_URL = "redis://127.0.0.1:6379/13"


def _require_model() -> None:
    if not MODEL_FILE.exists():
        message = f"no trained Rasa model at {MODEL_FILE}; `make test` trains it first"
        if os.environ.get("REQUIRE_MODEL") == "1":
            pytest.fail(message)
        pytest.skip(message)


def _require_services() -> None:
    try:
        redis.Redis.from_url(LOCK_STORE_URL, socket_connect_timeout=2).ping()
        with create_engine(ADMIN_URL).connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
        message = f"PostgreSQL and Redis are needed on loopback ({type(exc).__name__})"
        if REQUIRE_POSTGRES:
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def tracker_db_url() -> Iterator[str]:
    """A new PostgreSQL database for Rasa's tracker store, dropped afterwards."""
    _require_model()
    _require_services()
    with scratch_postgres_database("rasa_tracker_") as url:
        yield url


@pytest.fixture(scope="module")
def scaled_stack(tmp_path_factory: pytest.TempPathFactory, tracker_db_url: str) -> Iterator[Stack]:
    """Kiosk API (2 threaded workers), the action server and two Rasa instances."""
    run_dir = tmp_path_factory.mktemp("scaled")
    stack = Stack(
        ports=Ports.free(),
        run_dir=run_dir,
        log_dir=ROOT / "test-output" / "scale",
        env={
            "DATABASE_URL": fresh_sqlite_docket(run_dir),
            "SERVICE_TOKEN": "scale-service-token",
            "CHAT_TIMEOUT_SECONDS": "60",
        },
        kiosk_threads=16,
        rasa_instances=2,
        tracker_db_url=tracker_db_url,
        lock_store_url=LOCK_STORE_URL,
    )
    try:
        stack.start()
        stack.wait_ready(timeout=600)
        yield stack
    finally:
        stack.stop()
        client = redis.Redis.from_url(LOCK_STORE_URL)
        keys = list(client.scan_iter(f"{stack.lock_key_prefix}*"))
        if keys:
            client.delete(*keys)


def rasa_turn(stack: Stack, instance: str, sender: str, message: str) -> list[dict[str, Any]]:
    """One turn sent straight to one Rasa instance's REST webhook; its replies."""
    response = requests.post(
        f"{stack.rasa_urls[instance]}/webhooks/rest/webhook",
        json={"sender": sender, "message": message},
        timeout=120,
    )
    assert response.status_code == 200, response.text
    replies = response.json()
    assert isinstance(replies, list)
    return replies


def gateway_turn(stack: Stack, sender: str, message: str) -> dict[str, Any]:
    """One turn through the kiosk API's chat gateway; its answer, which must not be degraded."""
    response = requests.post(
        f"{stack.kiosk_url}/api/v1/chat",
        json={"sender": sender, "message": message, "channel": "kiosk"},
        timeout=120,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["degraded"] is False, body
    return body


def tracker_events(stack: Stack, conversation_id: str) -> list[dict[str, Any]]:
    """The conversation's events as any instance reads them from the shared tracker store."""
    response = requests.get(
        f"{stack.rasa_url}/conversations/{conversation_id}/tracker",
        params={"token": stack.rasa_token},
        timeout=60,
    )
    assert response.status_code == 200, response.text
    return list(response.json()["events"])


def user_turns(events: list[dict[str, Any]]) -> list[str]:
    """The user messages of a tracker, in order, each checked to be answered before the next."""
    texts: list[str] = []
    answered = True
    for event in events:
        if event.get("event") == "user":
            assert answered, f"{texts[-1]!r} had no answer before {event.get('text')!r}"
            texts.append(str(event.get("text")))
            answered = False
        elif event.get("event") == "bot":
            answered = True
    assert answered, f"{texts[-1]!r} was never answered"
    return texts


def run_in_threads(jobs: list[Callable[[], None]], timeout: float = 600) -> None:
    """Run every job in its own thread; re-raise the first failure."""
    failures: list[BaseException] = []

    def guarded(job: Callable[[], None]) -> None:
        try:
            job()
        except BaseException as exc:  # reported in the test's thread below
            failures.append(exc)

    threads = [threading.Thread(target=guarded, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not any(thread.is_alive() for thread in threads), "a conversation hung"
    if failures:
        raise failures[0]
