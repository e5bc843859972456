"""The outbox worker: sends due SMS once, defers quiet hours, retries, never resends (both DBs)."""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from datetime import UTC

import pytest
from sqlalchemy.exc import OperationalError

from kiosk_api.config import Settings
from kiosk_api.db import make_engine, make_session_factory
from kiosk_api.models import OutboxMessage, SmsOptOut
from kiosk_api.notify.cli import notify
from kiosk_api.notify.outcomes import OutcomeJournal
from kiosk_api.notify.senders import (
    ConsoleSmsSender,
    RecordingSmsSender,
    SendFailed,
    make_sender,
)
from kiosk_api.notify.worker import UNKNOWN_OUTCOME, run_forever, run_once, scrub
from kiosk_api.services.notifications import enqueue_hearing_reminders
from kiosk_api.services.opt_outs import phone_digest
from tests.unit.test_notifications import HEARING_AT, SENDER_KEY, outbox, setup_docket

PHONE = "13800138001"
DAYTIME = dt.datetime(2026, 11, 30, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
EVENING = dt.datetime(2026, 11, 30, 14, 0, tzinfo=UTC)  # 22:00 in Shanghai
NEXT_MORNING = dt.datetime(2026, 12, 1, 0, 0, tzinfo=UTC)  # 08:00 in Shanghai
SETTINGS = Settings().with_overrides(
    {
        "SENDER_HASH_KEY": SENDER_KEY,
        "PUBLIC_BASE_URL": "https://court.example",
        "NOTIFY_MAX_ATTEMPTS": 3,
        "NOTIFY_RETRY_BASE_SECONDS": 60,
    }
)


def add_message(
    sessions, *, key="m1", body="【法院】测试短信。回复TD退订", phone=PHONE, **fields
) -> int:
    with sessions() as session, session.begin():
        message = OutboxMessage(
            idempotency_key=key,
            kind="stage_changed",
            phone=phone,
            body=body,
            not_before=fields.pop("not_before", DAYTIME),
            **fields,
        )
        session.add(message)
        session.flush()
        return message.id


def get(sessions, message_id: int) -> OutboxMessage:
    with sessions() as session:
        return session.get(OutboxMessage, message_id)


def aware(moment: dt.datetime | None) -> dt.datetime | None:
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def test_due_message_is_sent_once_and_recorded(sessions):
    message_id = add_message(sessions)
    sender = RecordingSmsSender()
    report = run_once(sessions, sender, SETTINGS, now=DAYTIME)
    assert (report.sent, report.failed, report.retried) == (1, 0, 0)
    [sms] = sender.sent
    assert (sms.to, sms.status_callback) == (PHONE, "https://court.example/twilio/status")
    row = get(sessions, message_id)
    assert (row.status, row.attempts, row.provider, row.provider_ref) == (
        "sent",
        1,
        "recording",
        "rec-1",
    )
    assert row.provider_status == "queued" and aware(row.sent_at) == DAYTIME
    assert run_once(sessions, sender, SETTINGS, now=DAYTIME).sent == 0
    assert len(sender.sent) == 1


def test_message_not_yet_due_waits(sessions):
    add_message(sessions, not_before=DAYTIME + dt.timedelta(minutes=5))
    sender = RecordingSmsSender()
    assert run_once(sessions, sender, SETTINGS, now=DAYTIME).sent == 0
    assert run_once(sessions, sender, SETTINGS, now=DAYTIME + dt.timedelta(minutes=5)).sent == 1


def test_quiet_hours_defer_to_the_morning_without_counting_an_attempt(sessions):
    message_id = add_message(sessions, not_before=EVENING)
    sender = RecordingSmsSender()
    report = run_once(sessions, sender, SETTINGS, now=EVENING)
    assert (report.deferred, report.sent) == (1, 0) and sender.calls == 0
    row = get(sessions, message_id)
    assert (row.status, row.attempts, aware(row.not_before)) == ("pending", 0, NEXT_MORNING)
    late = NEXT_MORNING - dt.timedelta(seconds=1)
    assert run_once(sessions, sender, SETTINGS, now=late).sent == 0
    assert run_once(sessions, sender, SETTINGS, now=NEXT_MORNING).sent == 1


def test_retryable_failures_back_off_then_fail(sessions):
    message_id = add_message(sessions)
    sender = RecordingSmsSender()
    sender.fail_next(3, "Service unavailable", retryable=True)
    now = DAYTIME
    for attempt, wait in ((1, 60), (2, 120)):
        report = run_once(sessions, sender, SETTINGS, now=now)
        assert report.retried == 1
        row = get(sessions, message_id)
        assert (row.status, row.attempts) == ("pending", attempt)
        assert aware(row.not_before) == now + dt.timedelta(seconds=wait)
        early = run_once(sessions, sender, SETTINGS, now=now + dt.timedelta(seconds=wait - 1))
        assert (early.retried, early.failed, sender.calls) == (0, 0, attempt)
        now += dt.timedelta(seconds=wait)
    report = run_once(sessions, sender, SETTINGS, now=now)
    assert (report.failed, report.retried) == (1, 0)
    row = get(sessions, message_id)
    assert (row.status, row.attempts, row.last_error) == ("failed", 3, "Service unavailable")
    assert sender.calls == 3 and sender.sent == []


def test_non_retryable_failure_fails_at_once_without_the_number_in_the_error(sessions):
    message_id = add_message(sessions)
    sender = RecordingSmsSender()
    sender.fail_next(1, "The 'To' number +8613800138001 is not valid (21211)", retryable=False)
    report = run_once(sessions, sender, SETTINGS, now=DAYTIME)
    assert report.failed == 1
    row = get(sessions, message_id)
    assert (row.status, row.attempts) == ("failed", 1)
    assert "138" not in row.last_error and "21211" in row.last_error


def test_unexpected_sender_error_is_an_unknown_outcome_and_not_retried(sessions):
    message_id = add_message(sessions)

    class Exploding:
        name = "exploding"

        def send(self, to, body, *, status_callback):
            raise TimeoutError

    assert run_once(sessions, Exploding(), SETTINGS, now=DAYTIME).failed == 1
    row = get(sessions, message_id)
    assert row.status == "failed" and row.last_error.startswith(UNKNOWN_OUTCOME)


def test_a_row_left_sending_is_never_resent(sessions):
    claimed_at = DAYTIME - dt.timedelta(minutes=5)
    message_id = add_message(sessions, status="sending", not_before=claimed_at)
    sender = RecordingSmsSender()
    report = run_once(sessions, sender, SETTINGS, now=DAYTIME)
    assert report.sent == 0 and get(sessions, message_id).status == "sending"
    later = claimed_at + dt.timedelta(minutes=10)
    report = run_once(sessions, sender, SETTINGS, now=later)
    assert report.abandoned == 1 and report.sent == 0
    row = get(sessions, message_id)
    assert (row.status, row.last_error) == ("failed", UNKNOWN_OUTCOME)
    run_once(sessions, sender, SETTINGS, now=later + dt.timedelta(days=1))
    assert sender.calls == 0


def test_opted_out_number_is_cancelled_not_sent(sessions):
    message_id = add_message(sessions)
    with sessions() as session, session.begin():
        session.add(SmsOptOut(phone_digest=phone_digest(SENDER_KEY, PHONE), source="sms_reply"))
    sender = RecordingSmsSender()
    report = run_once(sessions, sender, SETTINGS, now=DAYTIME)
    assert (report.cancelled, report.sent, sender.calls) == (1, 0, 0)
    assert get(sessions, message_id).status == "cancelled"


def test_reminders_are_queued_and_sent_exactly_once(docket):
    sender = RecordingSmsSender()
    day_before = HEARING_AT - dt.timedelta(hours=24)  # 09:30 local: not quiet
    report = run_once(docket, sender, SETTINGS, now=day_before)
    assert (report.reminders, report.sent) == (1, 1)
    again = run_once(docket, sender, SETTINGS, now=day_before + dt.timedelta(hours=1))
    assert (again.reminders, again.sent) == (0, 0)
    assert len(sender.sent) == 1 and "提醒" in sender.sent[0].body


def test_logs_carry_no_phone_numbers_or_bodies(sessions, caplog):
    add_message(sessions, key="a")
    add_message(sessions, key="b", not_before=DAYTIME)
    sender = RecordingSmsSender()
    sender.fail_next(1, "rejected +8613800138001", retryable=True)
    with caplog.at_level(logging.DEBUG, logger="kiosk_api.notify"):
        run_once(sessions, sender, SETTINGS, now=DAYTIME)
    assert caplog.records
    assert "138" not in caplog.text and "测试短信" not in caplog.text


def test_two_workers_never_send_the_same_row(database_url):
    if database_url.startswith("sqlite"):
        pytest.skip("SKIP LOCKED is PostgreSQL's; SQLite serialises writers instead")
    engines = [make_engine(database_url) for _ in range(2)]
    try:
        factories = [make_session_factory(engine) for engine in engines]
        for n in range(60):
            add_message(factories[0], key=f"race-{n}", body=f"短信{n}")
        sender = RecordingSmsSender()
        sender.on_send = lambda _to, _body: threading.Event().wait(0.002)
        start = threading.Barrier(2)
        reports = []
        errors = []

        def work(factory) -> None:
            try:
                start.wait()
                reports.append(run_once(factory, sender, SETTINGS, now=DAYTIME))
            except Exception as exc:  # surfaced below
                errors.append(exc)

        threads = [threading.Thread(target=work, args=(f,)) for f in factories]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert errors == []
        bodies = [sms.body for sms in sender.sent]
        assert len(bodies) == 60 and len(set(bodies)) == 60
        assert sum(r.sent for r in reports) == 60
        assert {m.status for m in outbox(factories[0])} == {"sent"}
    finally:
        for engine in engines:
            engine.dispose()


def test_console_sender_masks_the_number(capsys):
    result = ConsoleSmsSender().send(
        "13800138001", "【法院】开庭提醒。回复TD退订", status_callback=None
    )
    printed = capsys.readouterr().out
    assert printed.strip() == "【短信】→ 138****8001：【法院】开庭提醒。回复TD退订"
    assert "13800138001" not in printed
    assert result.provider == "console" and result.status == "sent"


def test_make_sender_picks_by_setting_and_rejects_unknown_ones():
    assert isinstance(make_sender(Settings()), ConsoleSmsSender)
    with pytest.raises(ValueError, match="SMS_SENDER"):
        make_sender(Settings().with_overrides({"SMS_SENDER": "pigeon"}))


def test_recording_sender_fails_as_told():
    sender = RecordingSmsSender()
    sender.fail_next(1, "busy", retryable=True)
    with pytest.raises(SendFailed) as failure:
        sender.send(PHONE, "x", status_callback=None)
    assert failure.value.retryable
    assert sender.send(PHONE, "x", status_callback=None).provider_ref == "rec-1"


def test_scrub_removes_numbers_but_keeps_error_codes():
    assert scrub("To +86 138 0013 8001 failed: 30003") == "To *** failed: 30003"


def test_cli_once_prints_the_masked_sms(app):
    if "notify" not in app.cli.commands:
        app.cli.add_command(notify)
    settings = app.extensions["court.settings"]
    app.extensions["court.settings"] = settings.with_overrides({"NOTIFY_QUIET_HOURS": ""})
    add_message(
        app.extensions["court.sessions"], not_before=dt.datetime.now(UTC) - dt.timedelta(seconds=1)
    )
    result = app.test_cli_runner().invoke(args=["notify", "run", "--once"])
    assert result.exit_code == 0, result.output
    assert "【短信】→ 138****8001：【法院】测试短信。回复TD退订" in result.output
    assert "已发送 1" in result.output and PHONE not in result.output


def test_cli_refuses_an_unknown_sender(app):
    if "notify" not in app.cli.commands:
        app.cli.add_command(notify)
    settings = app.extensions["court.settings"]
    app.extensions["court.settings"] = settings.with_overrides({"SMS_SENDER": "pigeon"})
    result = app.test_cli_runner().invoke(args=["notify", "run", "--once"])
    assert result.exit_code != 0 and "SMS_SENDER" in result.output


@pytest.fixture
def docket(sessions):
    return setup_docket(sessions)


def test_a_reminder_that_would_arrive_after_the_hearing_is_cancelled(docket):
    with docket() as session, session.begin():
        enqueue_hearing_reminders(
            session, now=HEARING_AT - dt.timedelta(hours=3), hours=24, key=SENDER_KEY
        )
    sender = RecordingSmsSender()
    report = run_once(docket, sender, SETTINGS, now=HEARING_AT + dt.timedelta(minutes=1))
    assert (report.cancelled, report.sent, sender.calls) == (1, 0, 0)
    [message] = outbox(docket)
    assert (message.status, message.last_error) == ("cancelled", "hearing time passed")


class _Outage:
    """A session factory whose database can be made unreachable (OperationalError on use)."""

    def __init__(self, sessions) -> None:
        self._sessions = sessions
        self.down = False

    def __call__(self):
        if self.down:
            raise OperationalError("connect", {}, ConnectionRefusedError("database down"))
        return self._sessions()


def test_an_outcome_the_database_missed_is_kept_and_written_when_it_is_back(sessions):
    ids = [add_message(sessions, key=f"m{i}", phone=f"1380013800{i}") for i in range(3)]
    outage = _Outage(sessions)
    sender = RecordingSmsSender()
    # The database goes away just as the provider accepts the first message.
    sender.on_send = lambda _to, _body: setattr(outage, "down", True)
    journal = OutcomeJournal()
    with pytest.raises(OperationalError):
        run_once(outage, sender, SETTINGS, now=DAYTIME, journal=journal)
    assert sender.calls == 1 and len(journal) == 3  # one sent, two given back
    with pytest.raises(OperationalError):  # still down: kept, nothing sent
        run_once(outage, sender, SETTINGS, now=DAYTIME, journal=journal)
    assert sender.calls == 1 and len(journal) == 3
    outage.down, sender.on_send = False, None
    report = run_once(outage, sender, SETTINGS, now=DAYTIME, journal=journal)
    assert report.sent == 2 and len(journal) == 0
    assert [get(sessions, i).status for i in ids] == ["sent"] * 3
    assert sorted(m.to for m in sender.sent) == [f"1380013800{i}" for i in range(3)]
    assert get(sessions, ids[0]).provider_ref == "rec-1"


def test_the_worker_loop_backs_off_through_an_outage_and_sends_each_row_once(sessions):
    # The loop runs on the real clock: due long ago, and no quiet hours.
    past = dt.datetime(2020, 1, 1, tzinfo=UTC)
    ids = [
        add_message(sessions, key=f"m{i}", phone=f"1380013800{i}", not_before=past)
        for i in range(2)
    ]
    settings = SETTINGS.with_overrides({"NOTIFY_QUIET_HOURS": ""})
    outage = _Outage(sessions)
    outage.down = True
    sender = RecordingSmsSender()
    stop = threading.Event()
    worker = threading.Thread(
        target=run_forever, args=(outage, sender, settings), kwargs={"interval": 0.05, "stop": stop}
    )
    worker.start()
    try:
        stop.wait(1.0)  # a few failed passes
        assert sender.calls == 0
        outage.down = False
        deadline = time.monotonic() + 60
        while any(get(sessions, i).status != "sent" for i in ids):
            assert time.monotonic() < deadline, "rows not sent after the database came back"
            time.sleep(0.05)
    finally:
        stop.set()
        worker.join(timeout=30)
    assert sender.calls == 2
