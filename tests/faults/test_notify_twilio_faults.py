"""Twilio failing under the real outbox worker process: each SMS goes out exactly once.

`flask notify run` runs as in production, with the real twilio client pointed at the local
stand-in; Twilio answers 500s, refuses connections, answers only after the client's timeout
or cuts the connection once it has the message. What was surely not sent is retried until
it goes out; what may have gone out is recorded as unknown and never sent again.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from kiosk_api.db import fresh_sqlite_docket, make_engine, make_session_factory
from kiosk_api.notify.twilio_sender import DEFAULT_TIMEOUT_SECONDS
from kiosk_api.notify.worker import UNKNOWN_OUTCOME
from tests.fake_twilio import FakeTwilio
from tests.faults.conftest import ACCOUNT_SID, AUTH_TOKEN, LOG_DIR, twilio_env
from tests.faults.outbox import add_due, all_in, e164, phones, rows
from tests.faults.processes import notify_worker, wait_for

pytestmark = pytest.mark.e2e  # the real `flask notify run` process


class Outbox:
    """The worker's database, Twilio stand-in and process, shared by the module's tests."""

    def __init__(self, sessions: sessionmaker[Session], fake: FakeTwilio, process) -> None:  # type: ignore[no-untyped-def]
        self.sessions, self.fake, self.process = sessions, fake, process


@pytest.fixture(scope="module")
def outbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Outbox]:
    """A docket on SQLite, the Twilio stand-in and `flask notify run` sending through it."""
    url = fresh_sqlite_docket(Path(tmp_path_factory.mktemp("notify")))
    engine = make_engine(url)
    with FakeTwilio(ACCOUNT_SID, AUTH_TOKEN) as fake:
        env = {
            **twilio_env(fake),
            "DATABASE_URL": url,
            "NOTIFY_QUIET_HOURS": "",  # the test may run at any hour
            "NOTIFY_RETRY_BASE_SECONDS": "1",
            "NOTIFY_MAX_ATTEMPTS": "20",
        }
        with notify_worker(env, "notify-twilio") as process:
            yield Outbox(make_session_factory(engine), fake, process)
    engine.dispose()


@pytest.fixture(autouse=True)
def _twilio_answers_normally(outbox: Outbox) -> Iterator[None]:
    outbox.fake.recover()
    yield
    outbox.fake.recover()
    outbox.fake.release_held()
    assert outbox.process.poll() is None, "the worker died"


def _attempted(outbox: Outbox, numbers: list[str]) -> bool:
    found = rows(outbox.sessions, numbers)
    return len(found) == len(numbers) and all(r.attempts >= 1 for r in found.values())


def _created_once_each(fake: FakeTwilio, numbers: list[str]) -> None:
    assert {n: len(fake.created_for(e164(n))) for n in numbers} == {n: 1 for n in numbers}


def test_twilio_answering_500s_is_retried_until_each_sms_goes_out_once(outbox):
    numbers = phones(3, start=1000)
    outbox.fake.fail_all(500)
    add_due(outbox.sessions, numbers)
    wait_for("a first failed attempt at every row", lambda: _attempted(outbox, numbers))
    # Pending again (or already claimed for the next try), none given up on.
    found = rows(outbox.sessions, numbers).values()
    assert all(r.status in ("pending", "sending") for r in found)
    assert all("HTTP 500" in (r.last_error or "") for r in found)
    outbox.fake.recover()
    wait_for("every row sent", lambda: all_in(outbox.sessions, numbers, "sent"))
    _created_once_each(outbox.fake, numbers)


def test_twilio_refusing_connections_is_retried_once_it_listens_again(outbox):
    numbers = phones(2, start=2000)
    outbox.fake.go_down()
    try:
        add_due(outbox.sessions, numbers)
        wait_for("a first failed attempt at every row", lambda: _attempted(outbox, numbers))
        errors = [r.last_error or "" for r in rows(outbox.sessions, numbers).values()]
        assert all("无法连接" in e for e in errors), errors
    finally:
        outbox.fake.come_up()
    wait_for("every row sent", lambda: all_in(outbox.sessions, numbers, "sent"))
    _created_once_each(outbox.fake, numbers)


@pytest.mark.parametrize("fault", ["answer after the client timeout", "connection cut"])
def test_an_sms_twilio_may_have_taken_is_marked_unknown_and_never_resent(outbox, fault):
    [number] = phones(1, start=3000 if fault == "connection cut" else 3100)
    if fault == "connection cut":
        outbox.fake.drop()
    else:
        outbox.fake.hold(DEFAULT_TIMEOUT_SECONDS * 6)
    add_due(outbox.sessions, [number])
    wait_for("the row marked failed", lambda: all_in(outbox.sessions, [number], "failed"))
    row = rows(outbox.sessions, [number])[number]
    assert "可能已发出" in (row.last_error or "") and row.attempts == 1
    outbox.fake.recover()
    outbox.fake.release_held()
    # Later passes (proved by a later row going out) leave it alone: one SMS, not two.
    [later] = phones(1, start=3200 if fault == "connection cut" else 3300)
    add_due(outbox.sessions, [later])
    wait_for("a later row sent", lambda: all_in(outbox.sessions, [later], "sent"))
    _created_once_each(outbox.fake, [number, later])
    assert rows(outbox.sessions, [number])[number].status == "failed"
    assert UNKNOWN_OUTCOME not in (row.last_error or "")  # its own, more precise reason


def test_through_all_of_it_the_worker_log_names_no_phone_number_or_body(outbox):
    # Last in the file: the log holds every fault above.
    log = (LOG_DIR / "notify-twilio.log").read_text(encoding="utf-8", errors="replace")
    assert "outbox" in log or "notify" in log
    for leak in ("139000", "+86139", "您的案件有新进展", "Traceback"):
        assert leak not in log
