"""开庭公告: the day's public hearings for the hall's display screen, party names masked."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from kiosk_api.db import as_utc
from kiosk_api.domain.privacy import mask_name
from kiosk_api.models import Case, Court, Hearing
from kiosk_api.services.case_view import role_label

# Only sessions the public may attend are announced; mediation and questioning are not public.
PUBLIC_KINDS = ("开庭", "宣判")
_STATUS_LABELS = {"scheduled": "按期开庭", "postponed": "延期", "held": "已开庭"}


def hearing_notices(
    session: Session, *, day: dt.date, tz: ZoneInfo, court: Court | None
) -> list[dict[str, Any]]:
    """Public hearings on a local day, in time order; cancelled sessions are left out."""
    start = dt.datetime.combine(day, dt.time(0), tz).astimezone(dt.UTC)
    end = start + dt.timedelta(days=1)
    query = (
        select(Hearing)
        .join(Hearing.case)
        .where(
            Hearing.scheduled_at >= start,
            Hearing.scheduled_at < end,
            Hearing.kind.in_(PUBLIC_KINDS),
            Hearing.status.in_(tuple(_STATUS_LABELS)),
        )
        .options(
            joinedload(Hearing.case).options(
                joinedload(Case.court), joinedload(Case.judge), selectinload(Case.parties)
            )
        )
        .order_by(Hearing.scheduled_at, Hearing.courtroom, Hearing.id)
    )
    if court is not None:
        query = query.where(Case.court_id == court.id)
    return [_notice(hearing, tz) for hearing in session.scalars(query).unique()]


def _notice(hearing: Hearing, tz: ZoneInfo) -> dict[str, Any]:
    case = hearing.case
    local = as_utc(hearing.scheduled_at).astimezone(tz)
    return {
        "starts_at": local.isoformat(),
        "time": f"{local:%H:%M}",
        "court": case.court.name,
        "courtroom": hearing.courtroom,
        "kind": hearing.kind,
        "status": _STATUS_LABELS[hearing.status],
        "case_number": case.case_number,
        "cause": case.cause,
        "judge": case.judge.name if case.judge else None,
        "parties": [
            {"role": role_label(case.kind, party.role), "name": mask_name(party.name)}
            for party in case.parties
        ],
    }
