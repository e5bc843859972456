"""kill -9 a kiosk API worker (gunicorn, sync workers): in flight, idle, and under load.

The master replaces a killed worker by itself; the request it was serving is lost as a cut
connection (never a half answer), and the action server's kiosk client asks again once for
reads and pure computations, so a conversation does not notice.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator

import pytest
import requests

from actions.kiosk_client import KioskApiError, KioskClient
from actions.settings import ActionSettings
from kiosk_api.db import fresh_sqlite_docket
from tests.faults.conftest import LOG_DIR
from tests.faults.flaky_server import FlakyServer
from tests.faults.processes import children, socket_owner, wait_for
from tools.stack import Ports, Stack, free_port

pytestmark = pytest.mark.e2e  # the real kiosk API process (gunicorn)

SERVICE_TOKEN = "faults-service-token"


class Api:
    """The gunicorn stack and the stand-in Rasa it talks to."""

    def __init__(self, stack: Stack, rasa: FlakyServer) -> None:
        self.stack, self.rasa = stack, rasa

    @property
    def master(self) -> int:
        """gunicorn's master pid."""
        return self.stack.processes["kiosk_api"].pid

    def workers(self) -> set[int]:
        """The current worker pids."""
        return children(self.master)

    def wait_replaced(self, killed: int) -> set[int]:
        """Wait until the master runs a full set of workers again, without `killed`."""

        def replaced() -> set[int] | None:
            now = self.workers()
            return now if len(now) == self.stack.kiosk_workers and killed not in now else None

        return wait_for(f"gunicorn replacing worker {killed}", replaced)


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """The kiosk API under gunicorn, its Rasa a local stand-in that can hold a request."""
    run_dir = tmp_path_factory.mktemp("worker-kill")
    with FlakyServer() as rasa:
        port = int(rasa.url.rsplit(":", 1)[1])
        stack = Stack(
            ports=Ports(kiosk_api=free_port(), actions=free_port(), rasa=port),
            run_dir=run_dir,
            log_dir=LOG_DIR,
            env={
                "DATABASE_URL": fresh_sqlite_docket(run_dir),
                "SERVICE_TOKEN": SERVICE_TOKEN,
                "CHAT_TIMEOUT_SECONDS": "25",  # below gunicorn's own 30 s worker timeout
            },
        )
        with stack:
            stack.start(("kiosk_api",))
            stack.wait_ready(timeout=180)
            master = stack.processes["kiosk_api"].pid
            wait_for("gunicorn's workers", lambda: len(children(master)) == stack.kiosk_workers)
            yield Api(stack, rasa)


def _chat(api: Api, sender: str) -> requests.Response:
    return requests.post(
        f"{api.stack.kiosk_url}/api/v1/chat",
        json={"sender": sender, "message": "诉讼费怎么算", "channel": "kiosk"},
        timeout=60,
    )


def test_a_worker_killed_in_flight_cuts_its_connection_and_is_replaced(api):
    before = api.workers()
    api.rasa.fail_next("hold")  # Rasa takes the turn and does not answer: the worker waits
    outcome: dict[str, object] = {}

    def turn() -> None:
        try:
            outcome["response"] = _chat(api, "kiosk-inflight")
        except requests.RequestException as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=turn)
    thread.start()
    held_port = wait_for("the turn reaching Rasa", lambda: list(api.rasa.held_from))[0]
    rasa_port = int(api.rasa.url.rsplit(":", 1)[1])
    busy = wait_for(
        "the worker serving the turn", lambda: socket_owner(before, held_port, rasa_port)
    )
    os.kill(busy, signal.SIGKILL)
    thread.join(timeout=60)
    # A cut connection, never a half-written answer or a 500 with a trace.
    assert isinstance(outcome.get("error"), requests.ConnectionError), outcome
    after = api.wait_replaced(busy)
    assert before - {busy} <= after
    # The same turn again: the stand-in Rasa now answers nonsense, so the gateway falls back.
    again = _chat(api, "kiosk-inflight")
    assert again.status_code == 200
    body = again.json()
    assert body["degraded"] is True and "12368" in body["messages"][0]["text"]


def test_under_load_killed_workers_cost_the_action_server_nothing(api):
    client = KioskClient(ActionSettings(api.stack.kiosk_url, SERVICE_TOKEN, 30.0))
    stop = threading.Event()
    calls: list[str] = []
    errors: list[Exception] = []

    def load() -> None:
        while not stop.is_set():
            try:
                fee = client.estimate_fee({"case_kind": "property", "amount": "八万"})
                guide = client.filing_guide()
            except KioskApiError as exc:
                errors.append(exc)
                continue
            assert fee["total"] == "1800.00" and guide
            calls.append("ok")

    threads = [threading.Thread(target=load) for _ in range(3)]
    for thread in threads:
        thread.start()
    try:
        for _ in range(3):
            _wait_more_calls(calls)
            victim = sorted(api.workers())[0]
            os.kill(victim, signal.SIGKILL)
            api.wait_replaced(victim)
        _wait_more_calls(calls)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=90)
    assert errors == []


def _wait_more_calls(calls: list[str], more: int = 5) -> None:
    done = len(calls)
    wait_for(f"{more} more calls", lambda: len(calls) >= done + more)
