"""What a verified party may see of their case, ready for JSON, a kiosk page or an SMS."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from kiosk_api.db import as_utc
from kiosk_api.domain.deadlines import ServedDocument, date_text, running_deadlines
from kiosk_api.domain.privacy import mask_name
from kiosk_api.domain.stages import PROCEDURE_LABELS, STAGE_LABELS, CaseKind, Stage, stage_path
from kiosk_api.errors import Forbidden
from kiosk_api.models import Case, CourtStaff, Party, Subscription
from kiosk_api.services.case_lookup import GrantClaims

_WEEKDAYS = "一二三四五六日"
_ROLE_LABELS = {
    "plaintiff": "原告",
    "defendant": "被告",
    "third_party": "第三人",
    "appellant": "上诉人",
    "appellee": "被上诉人",
    "applicant": "申请人",
    "respondent": "被申请人",
}
# In an enforcement case the applicant and respondent have their own names (民诉法 第二百四十三条).
_ENFORCEMENT_ROLE_LABELS = {"applicant": "申请执行人", "respondent": "被执行人"}
_KIND_LABELS = {
    CaseKind.CIVIL: "民事案件",
    CaseKind.ADMINISTRATIVE: "行政案件",
    CaseKind.ENFORCEMENT: "执行案件",
}


def role_label(kind: CaseKind, role: str) -> str:
    """The Chinese name of a party's role in a case of this kind."""
    if kind is CaseKind.ENFORCEMENT and role in _ENFORCEMENT_ROLE_LABELS:
        return _ENFORCEMENT_ROLE_LABELS[role]
    return _ROLE_LABELS.get(role, role)


def local_time_text(moment: dt.datetime, tz: ZoneInfo) -> str:
    """2026年12月3日（星期四）09:30, in the court's time zone."""
    local = as_utc(moment).astimezone(tz)
    return (
        f"{local.year}年{local.month}月{local.day}日（星期{_WEEKDAYS[local.weekday()]}）"
        f"{local:%H:%M}"
    )


def load_case(session: Session, claims: GrantClaims, case_number: str) -> tuple[Case, Party]:
    """The case and the verified party a token is good for; 403 for any other case."""
    case = session.scalar(
        select(Case)
        .where(Case.id == claims.case_id)
        .options(
            # The court and staff in the same row; the lists in one query each.
            *(joinedload(rel) for rel in (Case.court, Case.judge, Case.clerk)),
            *(
                selectinload(rel)
                for rel in (Case.parties, Case.hearings, Case.events, Case.services, Case.fees)
            ),
        )
    )
    party = next((p for p in case.parties if p.id == claims.party_id), None) if case else None
    if case is None or party is None or case.case_number != case_number:
        raise Forbidden(
            "该查询凭证只能查看您已验证的案件，请重新验证身份", code="token_not_for_case"
        )
    return case, party


def is_subscribed(session: Session, case: Case, party: Party) -> bool:
    """Whether the party gets SMS reminders for this case."""
    return (
        session.scalar(
            select(Subscription.id).where(
                Subscription.case_id == case.id,
                Subscription.party_id == party.id,
                Subscription.cancelled_at.is_(None),
            )
        )
        is not None
    )


def case_view(case: Case, viewer: Party, *, now: dt.datetime, tz: ZoneInfo) -> dict[str, Any]:
    """Everything a party may be told about their case; other parties' names masked."""
    today = now.astimezone(tz).date()
    return {
        "case_number": case.case_number,
        "court": {
            "name": case.court.name,
            "address": case.court.address,
            "phone": case.court.phone,
        },
        "cause": case.cause,
        "kind": {"code": case.kind.value, "label": _KIND_LABELS[case.kind]},
        "procedure": {"code": case.procedure.value, "label": PROCEDURE_LABELS[case.procedure]},
        "filed_on": case.filed_on.isoformat(),
        "closed_on": case.closed_on.isoformat() if case.closed_on else None,
        "stage": {"code": case.stage.value, "label": STAGE_LABELS[case.stage]},
        "progress": _progress(case),
        "timeline": [
            {
                "date": event.occurred_on.isoformat(),
                "stage": event.stage.value,
                "label": STAGE_LABELS[event.stage],
                "description": event.description,
            }
            for event in case.events
        ],
        "next_hearing": _next_hearing(case, now, tz),
        "judge": _staff(case.judge),
        "clerk": _staff(case.clerk),
        "deadlines": _deadlines(case, viewer, today),
        "fees": _fees(case, viewer),
        "documents": [
            {
                "document": record.document,
                "method": record.method,
                "served_on": record.served_on.isoformat() if record.served_on else None,
            }
            for record in case.services
            if record.party_role == viewer.role
        ],
        "parties": [
            {
                "role": party.role,
                "role_label": role_label(case.kind, party.role),
                "name": mask_name(party.name),
                "is_you": party.id == viewer.id,
            }
            for party in case.parties
        ],
        "you": {"role": viewer.role, "role_label": role_label(case.kind, viewer.role)},
    }


def _progress(case: Case) -> list[dict[str, Any]]:
    """The stage path with the stages reached so far, for a progress bar."""
    reached = {event.stage for event in case.events} | {case.stage}
    mediated = Stage.MEDIATED in reached
    return [
        {
            "stage": stage.value,
            "label": STAGE_LABELS[stage],
            "reached": stage in reached,
            "current": stage is case.stage,
        }
        for stage in stage_path(case.kind, mediated=mediated)
    ]


def _next_hearing(case: Case, now: dt.datetime, tz: ZoneInfo) -> dict[str, Any] | None:
    # The first session still to come; postponed and cancelled ones do not count.
    upcoming = [
        h for h in case.hearings if h.status == "scheduled" and as_utc(h.scheduled_at) > now
    ]
    hearing = min(upcoming, key=lambda h: as_utc(h.scheduled_at), default=None)
    if hearing is None:
        return None
    return {
        "time": as_utc(hearing.scheduled_at).astimezone(tz).isoformat(),
        "time_text": local_time_text(hearing.scheduled_at, tz),
        "kind": hearing.kind,
        "courtroom": hearing.courtroom,
        "address": case.court.address,
    }


def _staff(member: CourtStaff | None) -> dict[str, str] | None:
    # Office contacts only: the docket never holds a private number for staff.
    if member is None:
        return None
    return {"name": member.name, "office_phone": member.office_phone, "office": member.office}


def _deadlines(case: Case, viewer: Party, today: dt.date) -> list[dict[str, Any]]:
    served = [
        ServedDocument(record.document, record.served_on, record.party_role)
        for record in case.services
        if record.served_on is not None
    ]
    return [
        {
            "kind": deadline.kind.value,
            "label": deadline.label,
            "starts_on": deadline.start.isoformat(),
            "ends_on": deadline.ends_on.isoformat(),
            "ends_on_text": date_text(deadline.ends_on),
            "days_left": (deadline.ends_on - today).days,
            "period": deadline.period_text,
            "basis": [basis.cite() for basis in deadline.basis],
            "notes": list(deadline.notes),
        }
        for deadline in running_deadlines(
            served, procedure=case.procedure.value, party_role=viewer.role, today=today
        )
    ]


def _fees(case: Case, viewer: Party) -> dict[str, Any]:
    items = []
    owed_by_you = Decimal("0")
    for fee in case.fees:
        owed = max(fee.amount - fee.paid_amount, Decimal("0"))
        if fee.payer_role == viewer.role:
            owed_by_you += owed
        items.append(
            {
                "kind": fee.kind,
                "payer": role_label(case.kind, fee.payer_role),
                "payer_is_you": fee.payer_role == viewer.role,
                "amount": f"{fee.amount:.2f}",
                "paid": f"{fee.paid_amount:.2f}",
                "owed": f"{owed:.2f}",
                "due_on": fee.due_on.isoformat() if fee.due_on else None,
                "paid_on": fee.paid_on.isoformat() if fee.paid_on else None,
            }
        )
    return {"items": items, "owed_by_you": f"{owed_by_you:.2f}"}
