"""The outbox worker: queues hearing reminders and sends due SMS, at most once each.

One pass (`run_once`):

1. queues reminders for hearings in the next HEARING_REMINDER_HOURS;
2. gives up on rows a crashed worker left in `sending` for over ten minutes (below);
3. claims due `pending` rows in small batches with SELECT … FOR UPDATE SKIP LOCKED, so
   several workers (one per machine) each take different rows; a row whose number opted out
   or whose subscription was cancelled is cancelled, and so is a reminder that could only go
   out once its hearing has begun; one due in quiet hours is moved to their end (that is not
   an attempt);
4. marks the claimed rows `sending` and COMMITS before calling the provider: from then on no
   other worker can pick them up;
5. records the outcome: `sent` (provider, reference, status, time); on a retryable failure
   `pending` again with attempts + 1 and an exponential delay; `failed` after
   NOTIFY_MAX_ATTEMPTS or on a failure the provider says will not go away.

A database outage never loses an outcome: outcomes go through an OutcomeJournal (outcomes.py)
that keeps them in memory until they are written; if the database goes away mid-batch, the
rows not yet handed to the provider are given back (`pending`) the same way, and `run_forever`
retries with a backoff from 0.5 s to a minute, writing the held outcomes first.

At most once, never twice: a row still `sending` ten minutes after it was claimed belongs to
a worker that died between the provider call and recording its outcome, so nobody knows
whether the citizen got the SMS. It is marked `failed` with "发送结果未知，未自动重发" and NOT
sent again — a missed notice can be followed up by staff; a duplicate court SMS misleads.
Likewise an unexpected exception from a sender (not SendFailed) counts as an unknown outcome.
While a row is `sending`, its `not_before` holds the moment it was claimed.

Logs carry counts and outbox ids only: never a phone number or a message body.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from kiosk_api.config import Settings
from kiosk_api.db import DATABASE_OUTAGE_ERRORS, as_utc, transaction
from kiosk_api.domain.quiet_hours import next_allowed, parse_quiet_hours
from kiosk_api.models import OutboxMessage, Subscription
from kiosk_api.notify.outcomes import Outcome, OutcomeJournal, set_if
from kiosk_api.notify.senders import SendFailed, SmsSender
from kiosk_api.services.notifications import enqueue_hearing_reminders, reminder_hearing_time
from kiosk_api.services.opt_outs import is_opted_out

log = logging.getLogger("kiosk_api.notify")

BATCH_SIZE = 10
STALE_SENDING = dt.timedelta(minutes=10)
MAX_RETRY_DELAY_SECONDS = 3600
# Waits of run_forever after a failed pass (the database is usually what failed): short at
# first so a restart costs seconds, doubling up to a minute so an outage is not hammered.
FIRST_BACKOFF_SECONDS = 0.5
MAX_BACKOFF_SECONDS = 60.0
UNKNOWN_OUTCOME = "发送结果未知，未自动重发"
STATUS_CALLBACK_PATH = "/twilio/status"
# Runs of digits that could be a phone number; provider errors sometimes quote the recipient.
_NUMBER = re.compile(r"\+?\d[\d\s()-]{5,}\d")


@dataclass
class WorkerReport:
    """What one pass did (counts of outbox rows)."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    deferred: int = 0
    reminders: int = 0
    cancelled: int = 0
    # Left in `sending` by a dead worker and marked failed (not resent); not in `failed`.
    abandoned: int = 0

    @property
    def busy(self) -> bool:
        """True when the pass did anything at all."""
        return any(vars(self).values())


@dataclass(frozen=True)
class _Claimed:
    id: int
    phone: str
    body: str
    attempts: int


def scrub(message: str) -> str:
    """A provider's error text fit to store: phone-like digit runs removed, 300 chars at most."""
    return _NUMBER.sub("***", message or "")[:300]


def retry_delay(attempts: int, base_seconds: int) -> dt.timedelta:
    """Wait before the next try after `attempts` failed ones: base, 2×, 4× … capped at an hour."""
    seconds = base_seconds * 2 ** max(attempts - 1, 0)
    return dt.timedelta(seconds=max(1, min(seconds, MAX_RETRY_DELAY_SECONDS)))


def _set(session: Session, row_id: int, expected: tuple[str, ...], **values: Any) -> bool:
    return set_if(session, Outcome(row_id, expected, values))


def _abandon_stale(sessions: sessionmaker[Session], now: dt.datetime) -> int:
    with transaction(sessions) as session:
        result = session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.status == "sending",
                OutboxMessage.not_before <= now - STALE_SENDING,
            )
            .values(status="failed", last_error=UNKNOWN_OUTCOME)
            .execution_options(synchronize_session=False)
        )
        return int(getattr(result, "rowcount", 0) or 0)


def _reason_not_to_send(
    session: Session, settings: Settings, row: Any, earliest: dt.datetime
) -> str | None:
    if row.cancelled_at is not None:
        return "unsubscribed"
    if is_opted_out(session, settings.SENDER_HASH_KEY, row.phone):
        return "opted out"
    hearing_at = reminder_hearing_time(row.idempotency_key)
    if hearing_at is not None and hearing_at <= earliest:
        # The worker was down, or quiet hours last past the hearing: a late reminder misleads.
        return "hearing time passed"
    return None


def _claim(
    sessions: sessionmaker[Session],
    settings: Settings,
    now: dt.datetime,
    report: WorkerReport,
) -> tuple[list[_Claimed], bool]:
    """Claim one batch; returns the rows to send and whether any due row was found."""
    with transaction(sessions) as session:
        rows = session.execute(
            select(
                OutboxMessage.id,
                OutboxMessage.phone,
                OutboxMessage.body,
                OutboxMessage.attempts,
                OutboxMessage.idempotency_key,
                Subscription.cancelled_at,
            )
            .outerjoin(Subscription, Subscription.id == OutboxMessage.subscription_id)
            .where(OutboxMessage.status == "pending", OutboxMessage.not_before <= now)
            .order_by(OutboxMessage.not_before, OutboxMessage.id)
            .limit(BATCH_SIZE)
            .with_for_update(skip_locked=True, of=OutboxMessage)
        ).all()
        resume = next_allowed(now, settings.NOTIFY_QUIET_HOURS, settings.COURT_TIMEZONE)
        claimed: list[_Claimed] = []
        for row in rows:
            reason = _reason_not_to_send(session, settings, row, max(now, resume))
            if reason is not None:
                if _set(session, row.id, ("pending",), status="cancelled", last_error=reason):
                    report.cancelled += 1
            elif resume > now:
                if _set(session, row.id, ("pending",), not_before=resume):
                    report.deferred += 1
            elif _set(session, row.id, ("pending",), status="sending", not_before=now):
                claimed.append(_Claimed(row.id, row.phone, row.body, row.attempts))
        return claimed, bool(rows)


def _deliver(
    journal: OutcomeJournal,
    sender: SmsSender,
    settings: Settings,
    row: _Claimed,
    clock: Callable[[], dt.datetime],
    report: WorkerReport,
) -> None:
    """Hand one claimed row to the provider and journal what came of it (not yet written)."""
    attempts = row.attempts + 1
    callback = settings.PUBLIC_BASE_URL.rstrip("/") + STATUS_CALLBACK_PATH
    try:
        result = sender.send(row.phone, row.body, status_callback=callback)
    except SendFailed as exc:
        if exc.retryable and attempts < settings.NOTIFY_MAX_ATTEMPTS:
            wait = retry_delay(attempts, settings.NOTIFY_RETRY_BASE_SECONDS)
            outcome: dict[str, Any] = {"status": "pending", "not_before": clock() + wait}
            report.retried += 1
            log.warning("outbox %d: send failed, retry %d in %ds", row.id, attempts, wait.seconds)
        else:
            outcome = {"status": "failed"}
            report.failed += 1
            log.warning("outbox %d: send failed for good after %d attempt(s)", row.id, attempts)
        journal.record(
            row.id, ("sending",), attempts=attempts, last_error=scrub(exc.message), **outcome
        )
        return
    except Exception as exc:
        # The provider may or may not have taken it: do not risk a second SMS.
        report.failed += 1
        log.error("outbox %d: sender raised %s; not retried", row.id, type(exc).__name__)
        journal.record(
            row.id,
            ("sending",),
            status="failed",
            attempts=attempts,
            last_error=f"{UNKNOWN_OUTCOME}（{type(exc).__name__}）",
        )
        return
    report.sent += 1
    # Also over a `failed` the stale-row sweep wrote meanwhile: the provider has it.
    journal.record(
        row.id,
        ("sending", "failed"),
        status="sent",
        attempts=attempts,
        provider=result.provider[:16],
        provider_ref=result.provider_ref[:64],
        provider_status=result.status[:32],
        sent_at=clock(),
        last_error=None,
    )


def _release(journal: OutcomeJournal, rows: list[_Claimed]) -> None:
    # Claimed but not yet handed to the provider (stopping, or the database went away):
    # safe to give back.
    for row in rows:
        journal.record(row.id, ("sending",), status="pending")


def run_once(
    sessions: sessionmaker[Session],
    sender: SmsSender,
    settings: Settings,
    *,
    now: dt.datetime | None = None,
    stop: threading.Event | None = None,
    journal: OutcomeJournal | None = None,
) -> WorkerReport:
    """One pass of the worker (see the module docstring); `now` fixes the clock for tests.

    `journal` carries outcomes a database outage kept from being written across passes.
    """
    if now is None:

        def clock() -> dt.datetime:
            return dt.datetime.now(UTC)
    else:
        fixed = as_utc(now)

        def clock() -> dt.datetime:
            return fixed

    journal = journal if journal is not None else OutcomeJournal()
    # First what earlier passes could not write: until then those rows look still `sending`.
    journal.flush(sessions)
    report = WorkerReport()
    with transaction(sessions) as session:
        report.reminders = enqueue_hearing_reminders(
            session,
            now=clock(),
            hours=settings.HEARING_REMINDER_HOURS,
            tz=settings.COURT_TIMEZONE,
            key=settings.SENDER_HASH_KEY,
        )
    report.abandoned = _abandon_stale(sessions, clock())
    if report.abandoned:
        log.error("%d outbox row(s) left in sending: marked failed, not resent", report.abandoned)
    while stop is None or not stop.is_set():
        claimed, found = _claim(sessions, settings, clock(), report)
        if not found:
            break
        for index, row in enumerate(claimed):
            if stop is not None and stop.is_set():
                _release(journal, claimed[index:])
                journal.flush(sessions)
                break
            _deliver(journal, sender, settings, row, clock, report)
            try:
                journal.flush(sessions)
            except DATABASE_OUTAGE_ERRORS:
                # The rest of the batch has not reached the provider: give it back with the
                # outcome in hand, once the database is back.
                _release(journal, claimed[index + 1 :])
                raise
    if report.busy:
        log.info(
            "notify pass: sent=%d retried=%d failed=%d deferred=%d cancelled=%d "
            "reminders=%d abandoned=%d",
            report.sent,
            report.retried,
            report.failed,
            report.deferred,
            report.cancelled,
            report.reminders,
            report.abandoned,
        )
    return report


def run_forever(
    sessions: sessionmaker[Session],
    sender: SmsSender,
    settings: Settings,
    *,
    interval: float = 10.0,
    stop: threading.Event | None = None,
) -> None:
    """Run passes every `interval` seconds until `stop` is set or Ctrl-C; errors are logged."""
    parse_quiet_hours(settings.NOTIFY_QUIET_HOURS)  # a bad setting fails now, not every pass
    stop = stop or threading.Event()
    journal = OutcomeJournal()
    backoff = FIRST_BACKOFF_SECONDS
    log.info("notify worker started (sender=%s, every %.1fs)", sender.name, interval)
    try:
        while not stop.is_set():
            try:
                run_once(sessions, sender, settings, stop=stop, journal=journal)
                wait, backoff = interval, FIRST_BACKOFF_SECONDS
            except Exception as exc:
                # Type only: database errors quote their parameters, which hold phone numbers.
                log.error("notify pass failed: %s; next try in %.1fs", type(exc).__name__, backoff)
                wait, backoff = backoff, min(backoff * 2, MAX_BACKOFF_SECONDS)
            stop.wait(wait)
    except KeyboardInterrupt:
        pass
    if journal:
        # Those rows stay `sending` and will be marked "结果未知" by the stale sweep: never resent.
        log.error("notify worker stopped with %d outcome(s) not written", len(journal))
    log.info("notify worker stopped")
