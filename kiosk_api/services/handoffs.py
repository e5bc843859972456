"""Handoff tickets: conversations the assistant passes to court staff."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from kiosk_api.db import transaction
from kiosk_api.errors import Conflict, NotFound
from kiosk_api.models import HandoffTicket

TRANSCRIPT_LIMIT = 10
TRANSCRIPT_TEXT_LIMIT = 500
# No 0/O or 1/I: codes are read aloud over the phone.
_CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


@dataclass(frozen=True)
class TranscriptLine:
    """One message of the conversation before the handoff."""

    speaker: str  # user / bot
    text: str


def _new_code() -> str:
    return "RG" + "".join(secrets.choice(_CODE_ALPHABET) for _ in range(6))


def open_ticket(
    sessions: sessionmaker[Session],
    *,
    conversation_id: str,
    channel: str,
    reason: str,
    transcript: Sequence[TranscriptLine],
) -> HandoffTicket:
    """Open a ticket, or return the open one this conversation already has."""
    lines = [
        {"speaker": line.speaker, "text": line.text[:TRANSCRIPT_TEXT_LIMIT]}
        for line in list(transcript)[-TRANSCRIPT_LIMIT:]
    ]
    for _attempt in range(5):
        try:
            with transaction(sessions) as session:
                existing = session.scalar(
                    select(HandoffTicket).where(
                        HandoffTicket.conversation_id == conversation_id,
                        HandoffTicket.status == "open",
                    )
                )
                if existing is not None:
                    existing.transcript = lines or existing.transcript
                    return existing
                ticket = HandoffTicket(
                    code=_new_code(),
                    conversation_id=conversation_id,
                    channel=channel,
                    reason=reason,
                    transcript=lines,
                    status="open",
                )
                session.add(ticket)
            return ticket
        except IntegrityError:
            continue  # a code collision: draw another
    raise Conflict("暂时无法创建人工服务工单，请稍后再试")


def list_tickets(session: Session, status: str | None) -> list[HandoffTicket]:
    """Tickets newest first, optionally only those with a status."""
    query = select(HandoffTicket).order_by(HandoffTicket.id.desc()).limit(200)
    if status:
        query = query.where(HandoffTicket.status == status)
    return list(session.scalars(query))


def close_ticket(sessions: sessionmaker[Session], code: str, resolution: str) -> HandoffTicket:
    """Close an open ticket with what staff did about it."""
    with transaction(sessions) as session:
        ticket = session.scalar(select(HandoffTicket).where(HandoffTicket.code == code))
        if ticket is None:
            raise NotFound("未找到该人工服务工单")
        if ticket.status != "open":
            raise Conflict("该工单已关闭")
        ticket.status = "closed"
        ticket.closed_at = dt.datetime.now(dt.UTC)
        ticket.resolution = resolution
        return ticket
