"""SMS opt-out: a number that replied 退订/TD/STOP gets nothing more from the court."""

from __future__ import annotations

import datetime as dt
import re
from datetime import UTC

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from kiosk_api.domain.privacy import keyed_digest
from kiosk_api.models import OutboxMessage, SmsOptOut, Subscription

# Twilio's own opt-out words plus the Chinese ones mainland carriers require (退订, TD).
_STOP_WORDS = frozenset(
    {"退订", "td", "stop", "stopall", "unsubscribe", "cancel", "end", "quit", "取消订阅"}
)
_PUNCTUATION = re.compile(r"[\s。.!！,，、~～]+")


def normalise_phone(phone: str) -> str:
    """A phone number as stored on the docket: mainland mobiles as 11 digits, others E.164."""
    digits = re.sub(r"[^\d+]", "", phone)
    if digits.startswith("+86"):
        return digits[3:]
    if digits.startswith("0086"):
        return digits[4:]
    if len(digits) == 13 and digits.startswith("86") and digits[2] == "1":
        return digits[2:]
    return digits


def phone_digest(key: str, phone: str) -> str:
    """The keyed digest an opt-out is stored under (the number itself is not kept)."""
    return keyed_digest(key, "phone:" + normalise_phone(phone))


def is_stop_request(text: str) -> bool:
    """True for a reply that asks to stop messages: 退订, TD, STOP (any case, stray punctuation)."""
    return _PUNCTUATION.sub("", text or "").lower() in _STOP_WORDS


def is_opted_out(session: Session, key: str, phone: str) -> bool:
    """Whether this number has opted out of court SMS."""
    return session.get(SmsOptOut, phone_digest(key, phone)) is not None


def record_opt_out(session: Session, key: str, phone: str, source: str) -> int:
    """Opt a number out: cancel its subscriptions and unsent messages; returns how many were."""
    digest = phone_digest(key, phone)
    if session.get(SmsOptOut, digest) is None:
        session.add(SmsOptOut(phone_digest=digest, source=source))
    now = dt.datetime.now(UTC)
    number = normalise_phone(phone)
    subscriptions = list(
        session.scalars(
            select(Subscription).where(
                Subscription.cancelled_at.is_(None), Subscription.phone == number
            )
        )
    )
    for subscription in subscriptions:
        subscription.cancelled_at = now
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.status == "pending", OutboxMessage.phone == number)
        .values(status="cancelled", last_error="opted out")
    )
    return len(subscriptions)


def clear_opt_out(session: Session, key: str, phone: str) -> None:
    """Allow messages again, when the party subscribes anew after verifying."""
    existing = session.get(SmsOptOut, phone_digest(key, phone))
    if existing is not None:
        session.delete(existing)
