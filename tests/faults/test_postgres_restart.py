"""PostgreSQL restarting under the kiosk API and the outbox worker (a private cluster).

While the database is down the API answers a Chinese 503 with Retry-After, keeps serving what
needs no database, and refuses writes whole; once it is back the same gunicorn workers serve
again by themselves. The outbox worker survives the outage, keeps the outcome of an SMS Twilio
accepted just as the database went away, and sends every row exactly once.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import requests
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session, sessionmaker

from kiosk_api.db import make_engine, make_session_factory, migrate
from kiosk_api.errors import DATABASE_RETRY_AFTER_SECONDS
from tests.fake_twilio import FakeTwilio
from tests.faults.conftest import ACCOUNT_SID, AUTH_TOKEN, LOG_DIR, twilio_env
from tests.faults.outbox import add_due, all_in, e164, phones, rows
from tests.faults.pg_cluster import PrivateCluster, unavailable_reason
from tests.faults.processes import children, notify_worker, wait_for
from tools.stack import Ports, Stack

# Real processes (gunicorn, the outbox worker) on a real, private PostgreSQL.
pytestmark = [pytest.mark.postgres, pytest.mark.e2e]

SERVICE = {"Authorization": "Bearer faults-service-token"}
STAFF = {"Authorization": "Bearer faults-staff-token"}
TICKET = {
    "conversation_id": "sms-faults-1",
    "channel": "sms",
    "reason": "用户要求人工服务",
    "transcript": [{"speaker": "user", "text": "转人工"}],
}


class Setup:
    """The private cluster, the docket's sessions, the stand-in Twilio and the API stack."""

    def __init__(
        self, cluster: PrivateCluster, sessions: sessionmaker[Session], fake: FakeTwilio
    ) -> None:
        self.cluster, self.sessions, self.fake = cluster, sessions, fake
        self.stack: Stack | None = None


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Setup]:
    """A PostgreSQL cluster of this module, migrated, with the API and worker pointed at it."""
    reason = unavailable_reason()
    if reason is not None:
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail(f"cannot make a private PostgreSQL cluster: {reason}")
        pytest.skip(f"cannot make a private PostgreSQL cluster: {reason}")
    cluster = PrivateCluster().create()
    engine = None
    try:
        admin = create_engine(cluster.url(), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text('CREATE DATABASE "docket"'))
        admin.dispose()
        engine = make_engine(cluster.url("docket"))
        migrate(engine)
        with FakeTwilio(ACCOUNT_SID, AUTH_TOKEN) as fake:
            yield Setup(cluster, make_session_factory(engine), fake)
    finally:
        if engine is not None:
            engine.dispose()
        cluster.destroy()


def _env(setup: Setup) -> dict[str, str]:
    return {
        **twilio_env(setup.fake),
        "DATABASE_URL": setup.cluster.url("docket"),
        "SERVICE_TOKEN": SERVICE["Authorization"].removeprefix("Bearer "),
        "STAFF_TOKENS": STAFF["Authorization"].removeprefix("Bearer "),
        "NOTIFY_QUIET_HOURS": "",
        "NOTIFY_RETRY_BASE_SECONDS": "1",
        "NOTIFY_MAX_ATTEMPTS": "20",
    }


@pytest.fixture(scope="module")
def api(setup: Setup, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The kiosk API under gunicorn (two sync workers) on the private cluster."""
    stack = Stack(
        ports=Ports.free(),
        run_dir=tmp_path_factory.mktemp("pg-stack"),
        log_dir=LOG_DIR,
        env=_env(setup),
    )
    with stack:
        stack.start(("kiosk_api",))
        stack.wait_ready(timeout=180)
        yield stack


def _tickets(api: Stack) -> requests.Response:
    return requests.get(f"{api.kiosk_url}/api/v1/staff/handoffs", headers=STAFF, timeout=30)


def _assert_chinese_503(response: requests.Response) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["Retry-After"] == str(DATABASE_RETRY_AFTER_SECONDS)
    error = response.json()["error"]
    assert error["code"] == "database_unavailable"
    assert "稍后再试" in error["message"] and "12368" in error["message"]
    for leak in ("Traceback", "psycopg", "SELECT", "INSERT", "127.0.0.1"):
        assert leak not in response.text


def test_a_database_restart_gives_a_chinese_503_and_the_same_workers_recover(setup, api):
    url = api.kiosk_url
    assert requests.post(f"{url}/api/v1/handoffs", json=TICKET, headers=SERVICE).status_code == 201
    assert len(_tickets(api).json()["tickets"]) == 1
    workers = children(api.processes["kiosk_api"].pid)
    assert len(workers) == api.kiosk_workers

    setup.cluster.stop()
    try:
        # Several of each, so that both workers (and their dead pooled connections) are hit.
        for _ in range(4):
            assert requests.get(f"{url}/healthz", timeout=30).status_code == 200
            fee = requests.post(
                f"{url}/api/v1/fees/estimate",
                json={"case_kind": "property", "amount": "八万"},
                timeout=30,
            )
            assert fee.status_code == 200 and fee.json()["total"] == "1800.00"
            _assert_chinese_503(_tickets(api))
            second = {**TICKET, "conversation_id": "sms-faults-2"}
            _assert_chinese_503(
                requests.post(f"{url}/api/v1/handoffs", json=second, headers=SERVICE, timeout=30)
            )
    finally:
        setup.cluster.start()

    listed = wait_for("the API reading again", lambda: (r := _tickets(api)).ok and r)
    # The refused writes left nothing behind, not even half a ticket.
    assert [t["conversation_id"] for t in listed.json()["tickets"]] == ["sms-faults-1"]
    third = {**TICKET, "conversation_id": "sms-faults-3"}
    assert requests.post(f"{url}/api/v1/handoffs", json=third, headers=SERVICE).status_code == 201
    assert children(api.processes["kiosk_api"].pid) == workers  # recovered, not replaced


def test_the_outbox_worker_keeps_an_accepted_sms_through_the_outage_and_sends_each_once(setup):
    numbers = phones(3, start=5000)
    with notify_worker(_env(setup), "notify-postgres") as worker:
        # Twilio takes the first message but answers only once the database is gone.
        setup.fake.hold(600)
        add_due(setup.sessions, numbers)
        wait_for("Twilio taking the first SMS", lambda: setup.fake.created)
        setup.cluster.stop()
        try:
            setup.fake.recover()
            setup.fake.release_held()
            # The worker cannot record it and backs off; it must not die or send more.
            wait_for(
                "the worker noticing the outage",
                lambda: b"kept in memory" in (LOG_DIR / "notify-postgres.log").read_bytes(),
            )
            assert worker.poll() is None
            assert len(setup.fake.created) == 1
        finally:
            setup.cluster.start()
        wait_for("every row sent", lambda: all_in(setup.sessions, numbers, "sent"))
        assert worker.poll() is None
    found = rows(setup.sessions, numbers)
    assert {n: len(setup.fake.created_for(e164(n))) for n in numbers} == {n: 1 for n in numbers}
    first = setup.fake.created[0]["To"]
    assert {e164(n): r.provider_ref for n, r in found.items()}[first] == setup.fake.created_sids[0]
