"""Outbox rows for the fault tests, one phone number per row so sends can be counted."""

from __future__ import annotations

import datetime as dt
import uuid
from datetime import UTC

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kiosk_api.models import OutboxMessage


def phones(count: int, start: int) -> list[str]:
    """`count` distinct mainland mobile numbers (fictional) from 139000xxxxx."""
    return [f"139{start + i:08d}" for i in range(count)]


def e164(phone: str) -> str:
    """The number as the Twilio stand-in records it."""
    return "+86" + phone


def add_due(sessions: sessionmaker[Session], numbers: list[str]) -> None:
    """One due SMS per number, in one transaction."""
    due = dt.datetime.now(UTC) - dt.timedelta(minutes=1)
    with sessions() as session, session.begin():
        for number in numbers:
            session.add(
                OutboxMessage(
                    idempotency_key=f"faults-{uuid.uuid4().hex}",
                    kind="stage_changed",
                    phone=number,
                    body="【福田法院】您的案件有新进展。回复TD退订",
                    not_before=due,
                )
            )


def rows(sessions: sessionmaker[Session], numbers: list[str]) -> dict[str, OutboxMessage]:
    """The outbox rows of these numbers, by number."""
    with sessions() as session:
        found = session.scalars(select(OutboxMessage).where(OutboxMessage.phone.in_(numbers)))
        return {row.phone: row for row in found}


def all_in(sessions: sessionmaker[Session], numbers: list[str], status: str) -> bool:
    """Whether every row of these numbers has this status."""
    found = rows(sessions, numbers)
    return len(found) == len(numbers) and all(r.status == status for r in found.values())
