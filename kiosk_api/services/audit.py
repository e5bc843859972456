"""The audit trail of case lookups: who, when, through which channel, with what result."""

from __future__ import annotations

from sqlalchemy.orm import Session

from kiosk_api.models import AuditEvent


def audit(
    session: Session,
    *,
    action: str,
    channel: str,
    client: str,
    result: str,
    case_number: str | None = None,
    party_id: int | None = None,
) -> None:
    """Add one audit row to the caller's transaction (never a code, ID or phone number)."""
    session.add(
        AuditEvent(
            action=action,
            channel=channel,
            client=client,
            case_number=case_number,
            party_id=party_id,
            result=result,
        )
    )
