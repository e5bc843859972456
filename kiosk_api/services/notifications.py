"""SMS subscriptions and the outbox: messages are written in the transaction that causes them.

Every outbox row has an idempotency key naming the event and the subscription, so enqueueing
the same event twice (a retried import, two workers computing the same reminders) leaves one
row. Rows are inserted with INSERT … ON CONFLICT DO NOTHING, which is race-safe on both
PostgreSQL and SQLite. The notification worker (kiosk_api.notify.worker) sends them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from datetime import UTC, tzinfo
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kiosk_api.config import Settings
from kiosk_api.db import as_utc
from kiosk_api.errors import Unprocessable
from kiosk_api.models import Case, Court, DocketChange, Hearing, OutboxMessage, Party, Subscription
from kiosk_api.services.notification_texts import change_text, reminder_text
from kiosk_api.services.opt_outs import clear_opt_out, is_opted_out, normalise_phone

DEFAULT_TZ = Settings.COURT_TIMEZONE
REMINDER_KIND = "hearing_reminder"
_HEARING_CHANGES = frozenset({"hearing_moved", "hearing_status"})


def change_key(change_id: int, subscription_id: int) -> str:
    """Idempotency key of the message telling one subscriber about one docket change."""
    return f"change:{change_id}:sub:{subscription_id}"


def reminder_key(hearing_id: int, scheduled_at: dt.datetime, subscription_id: int) -> str:
    """Idempotency key of a hearing reminder: a moved hearing gets a new one, never a repeat."""
    return f"reminder:{hearing_id}:{as_utc(scheduled_at).isoformat()}:sub:{subscription_id}"


def reminder_hearing_time(idempotency_key: str) -> dt.datetime | None:
    """The hearing time a reminder's key names (None for any other key)."""
    kind, _, rest = idempotency_key.partition(":")
    if kind != "reminder":
        return None
    moment = rest.partition(":")[2].rpartition(":sub:")[0]
    try:
        return as_utc(dt.datetime.fromisoformat(moment))
    except ValueError:
        return None


def subscribe(
    session: Session, *, case: Case, party: Party, channel: str, key: str
) -> Subscription:
    """Subscribe a verified party to SMS about a case (again, if cancelled before).

    Subscribing after verification is explicit new consent, so an earlier opt-out of the
    number is cleared. The caller frames the transaction.
    """
    if party.case_id != case.id:
        raise ValueError("the party is not a party of this case")
    if not party.phone:
        raise Unprocessable("该当事人未登记手机号码，无法订阅短信提醒", code="no_phone")
    phone = normalise_phone(party.phone)
    query = select(Subscription).where(
        Subscription.case_id == case.id, Subscription.party_id == party.id
    )
    subscription = session.scalar(query)
    if subscription is None:
        subscription = Subscription(
            case_id=case.id, party_id=party.id, phone=phone, channel=channel
        )
        try:
            with session.begin_nested():
                session.add(subscription)
        except IntegrityError:
            # A concurrent request subscribed the same party first: use its row.
            subscription = session.scalars(query).one()
    subscription.phone, subscription.channel, subscription.cancelled_at = phone, channel, None
    clear_opt_out(session, key, phone)
    session.flush()
    return subscription


def unsubscribe(
    session: Session, *, case: Case, party: Party, now: dt.datetime | None = None
) -> bool:
    """Cancel a party's subscription and its unsent messages; False when there was none."""
    subscription = session.scalar(
        select(Subscription).where(
            Subscription.case_id == case.id,
            Subscription.party_id == party.id,
            Subscription.cancelled_at.is_(None),
        )
    )
    if subscription is None:
        return False
    subscription.cancelled_at = now or dt.datetime.now(UTC)
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.subscription_id == subscription.id, OutboxMessage.status == "pending")
        .values(status="cancelled", last_error="unsubscribed")
    )
    return True


def insert_outbox_rows(session: Session, rows: Sequence[dict[str, Any]]) -> int:
    """Insert outbox rows, silently skipping any whose idempotency key exists; how many were new.

    ON CONFLICT DO NOTHING rather than a pre-check, so two workers racing on the same reminder
    cannot both insert it nor fail the other's transaction.
    """
    if not rows:
        return 0
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        stmt: Any = pg_insert(OutboxMessage).values(list(rows))
    elif dialect == "sqlite":
        stmt = sqlite_insert(OutboxMessage).values(list(rows))
    else:  # pragma: no cover - only PostgreSQL and SQLite are supported
        raise RuntimeError(f"outbox inserts are not implemented for {dialect}")
    stmt = stmt.on_conflict_do_nothing(index_elements=["idempotency_key"]).returning(
        OutboxMessage.id
    )
    # RETURNING lists only the rows inserted; rowcount is not reliable across drivers here.
    return len(session.connection().execute(stmt).all())


def _row(
    *, key: str, kind: str, case_id: int, subscription: Subscription, body: str, now: dt.datetime
) -> dict[str, Any]:
    return {
        "idempotency_key": key,
        "kind": kind,
        "case_id": case_id,
        "subscription_id": subscription.id,
        "phone": subscription.phone,
        "body": body,
        "status": "pending",
        "attempts": 0,
        "not_before": as_utc(now),
    }


def _active_subscriptions(session: Session, case_id: int) -> list[Subscription]:
    return list(
        session.scalars(
            select(Subscription)
            .where(Subscription.case_id == case_id, Subscription.cancelled_at.is_(None))
            .order_by(Subscription.id)
        )
    )


def enqueue_for_change(
    session: Session,
    change: DocketChange,
    *,
    now: dt.datetime,
    tz: str | tzinfo = DEFAULT_TZ,
    key: str | None = None,
) -> int:
    """Queue one SMS per active subscriber of the changed case; returns how many were queued.

    Runs inside the caller's transaction (the docket import), so a rolled-back import leaves
    no message behind. With `key` (SENDER_HASH_KEY) opted-out numbers are skipped here too;
    without it the worker skips them at send time (an opt-out also cancels subscriptions).
    """
    case = change.case if change.case is not None else session.get(Case, change.case_id)
    if case is None or case.id is None:
        return 0  # a case added by this very import: nobody can have subscribed to it yet
    # No autoflush: the import is mid-way through rewriting this case; only our rows flush.
    with session.no_autoflush:
        hearing = None
        if change.kind in _HEARING_CHANGES or change.kind == "hearing_added":
            hearing = next((h for h in case.hearings if h.ref == change.detail.get("ref")), None)
        if change.kind in _HEARING_CHANGES and hearing is not None and hearing.id is not None:
            # An unsent reminder now names the wrong time, room or status. Deleting it (it was
            # never sent) frees its key, so the next reminder pass writes a correct one if the
            # hearing is still on.
            session.execute(
                delete(OutboxMessage)
                .where(
                    OutboxMessage.status == "pending",
                    OutboxMessage.kind == REMINDER_KIND,
                    OutboxMessage.idempotency_key.startswith(f"reminder:{hearing.id}:"),
                )
                .execution_options(synchronize_session=False)
            )
        subscriptions = _active_subscriptions(session, case.id)
        if key is not None:
            subscriptions = [s for s in subscriptions if not is_opted_out(session, key, s.phone)]
        if not subscriptions:
            return 0
        court = case.court if case.court is not None else session.get(Court, case.court_id)
        body = change_text(
            court_name=court.name if court else "",
            case_number=case.case_number,
            kind=change.kind,
            detail=change.detail,
            hearing_kind=str(change.detail.get("kind") or (hearing.kind if hearing else "开庭")),
            tz=tz,
        )
    if body is None:
        return 0
    session.flush()  # the change needs its id for the idempotency key
    rows = [
        _row(
            key=change_key(change.id, s.id),
            kind=change.kind,
            case_id=case.id,
            subscription=s,
            body=body,
            now=now,
        )
        for s in subscriptions
    ]
    return insert_outbox_rows(session, rows)


def enqueue_hearing_reminders(
    session: Session,
    *,
    now: dt.datetime,
    hours: int,
    tz: str | tzinfo = DEFAULT_TZ,
    key: str | None = None,
) -> int:
    """Queue a reminder for every scheduled hearing in (now, now + hours], once per subscriber."""
    start = as_utc(now)
    end = start + dt.timedelta(hours=hours)
    found = session.execute(
        select(Hearing, Case.case_number, Court.name, Subscription)
        .join(Case, Hearing.case_id == Case.id)
        .join(Court, Case.court_id == Court.id)
        .join(Subscription, Subscription.case_id == Case.id)
        .where(
            Hearing.status == "scheduled",
            Hearing.scheduled_at > start,
            Hearing.scheduled_at <= end,
            Subscription.cancelled_at.is_(None),
        )
        .order_by(Hearing.id, Subscription.id)
    ).all()
    candidates = {
        reminder_key(hearing.id, hearing.scheduled_at, sub.id): (hearing, number, court, sub)
        for hearing, number, court, sub in found
    }
    if not candidates:
        return 0
    existing = set(
        session.scalars(
            select(OutboxMessage.idempotency_key).where(
                OutboxMessage.idempotency_key.in_(list(candidates))
            )
        )
    )
    rows = []
    for idem, (hearing, number, court_name, sub) in candidates.items():
        if idem in existing or (key is not None and is_opted_out(session, key, sub.phone)):
            continue
        body = reminder_text(
            court_name=court_name,
            case_number=number,
            scheduled_at=hearing.scheduled_at,
            courtroom=hearing.courtroom,
            hearing_kind=hearing.kind,
            tz=tz,
        )
        rows.append(
            _row(
                key=idem,
                kind=REMINDER_KIND,
                case_id=hearing.case_id,
                subscription=sub,
                body=body,
                now=start,
            )
        )
    return insert_outbox_rows(session, rows)
