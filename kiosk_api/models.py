"""Docket schema: courts, cases, parties, staff, hearings, timeline, service, fees, handoffs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy import Enum as SAEnum
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from kiosk_api.domain.stages import CaseKind, Procedure, Stage

Money = Numeric(14, 2)


def _enum(enum_cls: type, name: str) -> SAEnum:
    # Stored as VARCHAR + CHECK, not a native enum type, so adding a value is a plain migration.
    return SAEnum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda e: [m.value for m in e],
    )


class Base(DeclarativeBase):
    """Declarative base of every docket table."""

    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


class Court(Base):
    """A people's court: 法院代字, contacts and service hours."""

    __tablename__ = "courts"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(64))
    level: Mapped[str] = mapped_column(String(16))  # basic / intermediate / high
    address: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(32))
    service_hours: Mapped[str] = mapped_column(String(200))
    transport: Mapped[str] = mapped_column(String(300), default="")


class CourtStaff(Base):
    """A judge or clerk, with office contacts only (never a private number)."""

    __tablename__ = "court_staff"

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("courts.id"))
    role: Mapped[str] = mapped_column(String(16))  # judge / clerk
    name: Mapped[str] = mapped_column(String(32))
    office_phone: Mapped[str] = mapped_column(String(32))
    office: Mapped[str] = mapped_column(String(64), default="")

    __table_args__ = (UniqueConstraint("court_id", "role", "name", name="uq_staff_person"),)


class Case(Base):
    """A case on the docket, keyed by its normalised 案号."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_number: Mapped[str] = mapped_column(String(64), unique=True)
    year: Mapped[int] = mapped_column(Integer)
    court_id: Mapped[int] = mapped_column(ForeignKey("courts.id"), index=True)
    type_code: Mapped[str] = mapped_column(String(16))
    serial: Mapped[int] = mapped_column(Integer)
    cause: Mapped[str] = mapped_column(String(64))  # 案由
    kind: Mapped[CaseKind] = mapped_column(_enum(CaseKind, "case_kind"))
    procedure: Mapped[Procedure] = mapped_column(_enum(Procedure, "case_procedure"))
    stage: Mapped[Stage] = mapped_column(_enum(Stage, "case_stage"))
    filed_on: Mapped[dt.date] = mapped_column(Date)
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    claim_amount: Mapped[Decimal | None] = mapped_column(Money)
    judge_id: Mapped[int | None] = mapped_column(ForeignKey("court_staff.id"))
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("court_staff.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )

    court: Mapped[Court] = relationship()
    judge: Mapped[CourtStaff | None] = relationship(foreign_keys=[judge_id])
    clerk: Mapped[CourtStaff | None] = relationship(foreign_keys=[clerk_id])
    parties: Mapped[list[Party]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Party.id"
    )
    hearings: Mapped[list[Hearing]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Hearing.scheduled_at"
    )
    events: Mapped[list[CaseEvent]] = relationship(
        back_populates="case",
        cascade="all, delete-orphan",
        order_by="[CaseEvent.occurred_on, CaseEvent.id]",
    )
    services: Mapped[list[ServiceRecord]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="ServiceRecord.id"
    )
    fees: Mapped[list[FeeItem]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="FeeItem.id"
    )


class Party(Base):
    """A party to a case. The ID number is kept only as keyed digests, never in clear."""

    __tablename__ = "parties"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))  # plaintiff / defendant / third_party / ...
    kind: Mapped[str] = mapped_column(String(16), default="natural")  # natural / legal
    name: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(32))
    id_digest: Mapped[str | None] = mapped_column(String(64), index=True)
    id_tail_digest: Mapped[str | None] = mapped_column(String(64))

    case: Mapped[Case] = relationship(back_populates="parties")


class Hearing(Base):
    """A scheduled court session; `ref` is the docket system's own identifier for it."""

    __tablename__ = "hearings"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    ref: Mapped[str] = mapped_column(String(32))
    scheduled_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    courtroom: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))  # 开庭 / 调解 / 听证 / 宣判
    status: Mapped[str] = mapped_column(String(16), default="scheduled")

    case: Mapped[Case] = relationship(back_populates="hearings")

    __table_args__ = (UniqueConstraint("case_id", "ref", name="uq_hearing_ref"),)


class CaseEvent(Base):
    """One step on a case's public timeline."""

    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    occurred_on: Mapped[dt.date] = mapped_column(Date)
    stage: Mapped[Stage] = mapped_column(_enum(Stage, "event_stage"))
    description: Mapped[str] = mapped_column(String(200))

    case: Mapped[Case] = relationship(back_populates="events")


class ServiceRecord(Base):
    """A document served (送达) on a party."""

    __tablename__ = "service_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    party_role: Mapped[str] = mapped_column(String(16))
    document: Mapped[str] = mapped_column(String(64))
    method: Mapped[str] = mapped_column(String(16))  # 直接 / 邮寄 / 电子 / 公告
    served_on: Mapped[dt.date | None] = mapped_column(Date)

    case: Mapped[Case] = relationship(back_populates="services")


class FeeItem(Base):
    """A fee charged in a case: what, how much, when due, how much paid."""

    __tablename__ = "fee_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))  # 案件受理费 / 申请执行费 / 保全费 ...
    payer_role: Mapped[str] = mapped_column(String(16))
    amount: Mapped[Decimal] = mapped_column(Money)
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    paid_amount: Mapped[Decimal] = mapped_column(Money, default=Decimal("0"))
    paid_on: Mapped[dt.date | None] = mapped_column(Date)

    case: Mapped[Case] = relationship(back_populates="fees")


class DocketChange(Base):
    """A change found by a docket import, waiting for the notification worker."""

    __tablename__ = "docket_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))  # stage_changed / hearing_added / hearing_moved
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    processed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    case: Mapped[Case] = relationship()

    __table_args__ = (Index("ix_docket_changes_pending", "processed_at", "id"),)


class HandoffTicket(Base):
    """A conversation handed to court staff, with the last messages for context."""

    __tablename__ = "handoff_tickets"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    conversation_id: Mapped[str] = mapped_column(String(128), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(200))
    transcript: Mapped[list[Any]] = mapped_column(default=list)
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    resolution: Mapped[str | None] = mapped_column(Text)


class KioskDevice(Base):
    """A registered kiosk; it authenticates with a token kept here only as a digest."""

    __tablename__ = "kiosk_devices"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class VerificationChallenge(Base):
    """One attempt to prove being a party of a case; an SMS code is kept only as a digest.

    A challenge for an unknown case or a number not on file has no party: from outside it
    behaves exactly like a real one, and no code can ever verify it.
    """

    __tablename__ = "verification_challenges"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    case_number: Mapped[str] = mapped_column(String(64))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    party_id: Mapped[int | None] = mapped_column(ForeignKey("parties.id", ondelete="CASCADE"))
    method: Mapped[str] = mapped_column(String(16))  # sms / identity / id_card
    channel: Mapped[str] = mapped_column(String(16))
    code_digest: Mapped[str | None] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    consumed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class AuditEvent(Base):
    """Who looked up or verified what, when, through which channel, with what result.

    Never a code, an ID number or a phone number: `client` is a pseudonymous digest.
    """

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), index=True
    )
    action: Mapped[str] = mapped_column(String(32))  # lookup / verify / view / subscribe ...
    channel: Mapped[str] = mapped_column(String(16))
    client: Mapped[str] = mapped_column(String(64))
    case_number: Mapped[str | None] = mapped_column(String(64), index=True)
    party_id: Mapped[int | None] = mapped_column(Integer)
    result: Mapped[str] = mapped_column(String(32))


class Subscription(Base):
    """A verified party's wish to get hearing reminders and status changes by SMS."""

    __tablename__ = "subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id", ondelete="CASCADE"))
    phone: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(16))  # where it was asked for
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    case: Mapped[Case] = relationship()
    party: Mapped[Party] = relationship()

    __table_args__ = (UniqueConstraint("case_id", "party_id", name="uq_subscription_party"),)


class SmsOptOut(Base):
    """A phone number that replied 退订/TD/STOP: nothing more is sent to it."""

    __tablename__ = "sms_opt_outs"

    phone_digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    source: Mapped[str] = mapped_column(String(16))  # sms_reply / chat / kiosk / staff
    opted_out_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class OutboxMessage(Base):
    """An SMS waiting to be sent, or sent: written in the transaction that caused it.

    `idempotency_key` makes enqueueing and sending happen at most once per event and person.
    """

    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(128), unique=True)
    kind: Mapped[str] = mapped_column(String(32))  # stage_changed / hearing_reminder ...
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"))
    subscription_id: Mapped[int | None] = mapped_column(
        ForeignKey("subscriptions.id", ondelete="SET NULL")
    )
    phone: Mapped[str] = mapped_column(String(32))
    body: Mapped[str] = mapped_column(Text)
    # pending / sending / sent / delivered / failed / cancelled
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    not_before: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    provider: Mapped[str | None] = mapped_column(String(16))
    provider_ref: Mapped[str | None] = mapped_column(String(64), index=True)
    provider_status: Mapped[str | None] = mapped_column(String(32))
    last_error: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (Index("ix_outbox_due", "status", "not_before"),)


class RiskReport(Base):
    """A risk-assessment report kept under an anonymous code: no name, phone or case number.

    `body` is the report as shown, with the questions worded as in its questionnaire version,
    so a later version never changes a stored report.
    """

    __tablename__ = "risk_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    dispute: Mapped[str] = mapped_column(String(40))
    questionnaire_version: Mapped[str] = mapped_column(String(20))
    level: Mapped[str] = mapped_column(String(4))
    body: Mapped[dict[str, Any]]
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), index=True
    )
