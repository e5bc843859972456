"""Delivery reports from the SMS provider, applied to the outbox message they are about."""

from __future__ import annotations

import re
from enum import StrEnum

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from kiosk_api.models import OutboxMessage

# How far along each Twilio message status is. Callbacks can arrive out of order (a late
# "sent" after "delivered"), so a report only applies when it is further along than the last.
_PROGRESS = {
    "accepted": 0,
    "scheduled": 0,
    "queued": 1,
    "sending": 2,
    "sent": 3,
    "partially_delivered": 4,
    "delivered": 5,
    "undelivered": 5,
    "failed": 5,
    "canceled": 5,
    "read": 6,
}
_DELIVERED = frozenset({"delivered", "read"})
_FAILED = frozenset({"failed", "undelivered", "canceled"})
_ERROR_CODE = re.compile(r"^\d{1,10}$")


class DeliveryOutcome(StrEnum):
    """What a delivery report did to the outbox."""

    UPDATED = "updated"
    STALE = "stale"  # the message is already as far along or further
    UNKNOWN_MESSAGE = "unknown_message"
    UNKNOWN_STATUS = "unknown_status"


def failure_text(status: str, error_code: str | None) -> str:
    """The `last_error` recorded for a message the provider could not deliver."""
    if error_code and _ERROR_CODE.match(error_code):
        return f"Twilio 错误码 {error_code}"
    return f"Twilio 状态 {status}"


def record_delivery_status(
    session: Session, message_sid: str, status: str, error_code: str | None
) -> DeliveryOutcome:
    """Apply one delivery report to the outbox message Twilio knows as `message_sid`.

    The caller frames the transaction. The update is a single conditional UPDATE, so two
    reports racing for the same message cannot make it go backwards.
    """
    status = status.strip().lower()
    progress = _PROGRESS.get(status)
    if progress is None:
        return DeliveryOutcome.UNKNOWN_STATUS
    as_far_along = [name for name, rank in _PROGRESS.items() if rank >= progress]
    values: dict[str, object] = {"provider_status": status}
    if status in _DELIVERED:
        values["status"] = "delivered"
    elif status in _FAILED:
        values["status"] = "failed"
        values["last_error"] = failure_text(status, error_code)
    result = session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.provider_ref == message_sid,
            or_(
                OutboxMessage.provider_status.is_(None),
                OutboxMessage.provider_status.not_in(as_far_along),
            ),
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount:  # type: ignore[attr-defined]
        return DeliveryOutcome.UPDATED
    known = session.scalar(
        select(OutboxMessage.id).where(OutboxMessage.provider_ref == message_sid).limit(1)
    )
    return DeliveryOutcome.STALE if known is not None else DeliveryOutcome.UNKNOWN_MESSAGE
