"""Docket import: JSON Lines upserted by 案号 in one transaction, all or nothing."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from kiosk_api.db import as_utc, transaction
from kiosk_api.domain.docket_records import DocketRecord, RecordError, StaffRef, parse_record
from kiosk_api.domain.privacy import id_number_digests
from kiosk_api.domain.untrusted_text import MAX_JSON_DEPTH, has_unstorable_text, json_nesting_depth
from kiosk_api.models import (
    Case,
    CaseEvent,
    Court,
    CourtStaff,
    DocketChange,
    FeeItem,
    Hearing,
    Party,
    ServiceRecord,
)
from kiosk_api.services import notifications

_BATCH = 500


@dataclass(frozen=True)
class LineError:
    """A record that cannot be imported, by its line number in the file."""

    line: int
    reason: str


@dataclass
class ImportSummary:
    """What an import did (or, with errors, would not do)."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    changes: int = 0
    errors: list[LineError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the import was written."""
        return not self.errors


class _Abort(Exception):
    """Rolls the import transaction back once errors are known."""


def parse_lines(lines: Iterable[str]) -> tuple[list[tuple[int, DocketRecord]], list[LineError]]:
    """Decode and check every line; blank lines are skipped, duplicates are errors."""
    records: list[tuple[int, DocketRecord]] = []
    errors: list[LineError] = []
    first_seen: dict[str, int] = {}
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        if json_nesting_depth(raw) > MAX_JSON_DEPTH:
            errors.append(LineError(number, "JSON嵌套层级过深"))
            continue
        try:
            data = json.loads(raw)
            if has_unstorable_text(data):
                raise RecordError("含有无法保存的字符（NUL或不成对的代理字符）")
            record = parse_record(data)
        except json.JSONDecodeError as exc:
            errors.append(LineError(number, f"不是有效的JSON（第{exc.colno}列）"))
            continue
        except RecordError as exc:
            errors.append(LineError(number, str(exc)))
            continue
        key = record.number.text
        if key in first_seen:
            errors.append(LineError(number, f"案号 {key} 与第{first_seen[key]}行重复"))
            continue
        first_seen[key] = number
        records.append((number, record))
    return records, errors


def upsert_courts(sessions: sessionmaker[Session], courts: Sequence[dict[str, str]]) -> int:
    """Insert or update court reference data by court code; returns how many were new."""
    fields = ("name", "level", "address", "phone", "service_hours", "transport")
    added = 0
    with transaction(sessions) as session:
        existing = {c.code: c for c in session.scalars(select(Court))}
        for data in courts:
            court = existing.get(data["code"])
            if court is None:
                court = Court(code=data["code"])
                session.add(court)
                added += 1
            for name in fields:
                setattr(court, name, data.get(name, ""))
    return added


def import_lines(
    sessions: sessionmaker[Session],
    lines: Iterable[str],
    *,
    id_key: str,
    record_changes: bool = True,
) -> ImportSummary:
    """Import a JSON Lines docket; with any bad record nothing at all is written."""
    records, errors = parse_lines(lines)
    summary = ImportSummary(errors=errors)
    if errors:
        return summary
    try:
        with transaction(sessions) as session:
            _Importer(session, id_key, record_changes, summary).run(records)
            if summary.errors:
                raise _Abort
    except _Abort:
        summary.inserted = summary.updated = summary.unchanged = summary.changes = 0
    return summary


class _Importer:
    """Holds the lookups of one import transaction."""

    def __init__(self, session: Session, id_key: str, record_changes: bool, summary: ImportSummary):
        self.session = session
        self.id_key = id_key
        self.record_changes = record_changes
        self.summary = summary
        self.courts = {c.code: c for c in session.scalars(select(Court))}
        self.staff = {(s.court_id, s.role, s.name): s for s in session.scalars(select(CourtStaff))}

    def run(self, records: list[tuple[int, DocketRecord]]) -> None:
        for start in range(0, len(records), _BATCH):
            batch = records[start : start + _BATCH]
            existing = self._load([r.number.text for _, r in batch])
            for line, record in batch:
                court = self.courts.get(record.number.court_code)
                if court is None:
                    self.summary.errors.append(
                        LineError(line, f"未知的法院代字 {record.number.court_code}")
                    )
                    continue
                self._apply(court, record, existing.get(record.number.text))
            self.session.flush()

    def _load(self, numbers: list[str]) -> dict[str, Case]:
        query = (
            select(Case)
            .where(Case.case_number.in_(numbers))
            .options(
                *(
                    selectinload(rel)
                    for rel in (Case.parties, Case.hearings, Case.events, Case.services, Case.fees)
                )
            )
        )
        return {case.case_number: case for case in self.session.scalars(query)}

    def _apply(self, court: Court, record: DocketRecord, case: Case | None) -> None:
        if case is None:
            case = Case(case_number=record.number.text)
            self.session.add(case)
            self._write(case, court, record)
            self.summary.inserted += 1
            if self.record_changes:
                self._change(case, "case_added", {"stage": record.stage.value})
            return
        if _snapshot_of_case(case) == self._snapshot_of_record(court, record):
            self.summary.unchanged += 1
            return
        self._record_changes(case, record)
        self._write(case, court, record)
        self.summary.updated += 1

    def _staff_member(self, court: Court, role: str, ref: StaffRef | None) -> CourtStaff | None:
        if ref is None:
            return None
        key = (court.id, role, ref.name)
        member = self.staff.get(key)
        if member is None:
            member = CourtStaff(court_id=court.id, role=role, name=ref.name)
            self.session.add(member)
            self.staff[key] = member
        member.office_phone, member.office = ref.office_phone, ref.office
        return member

    def _write(self, case: Case, court: Court, record: DocketRecord) -> None:
        number = record.number
        case.year, case.court, case.type_code, case.serial = (
            number.year,
            court,
            number.type_code,
            number.serial,
        )
        case.cause, case.kind, case.procedure, case.stage = (
            record.cause,
            record.kind,
            record.procedure,
            record.stage,
        )
        case.filed_on, case.closed_on, case.claim_amount = (
            record.filed_on,
            record.closed_on,
            record.claim_amount,
        )
        case.judge = self._staff_member(court, "judge", record.judge)
        case.clerk = self._staff_member(court, "clerk", record.clerk)
        self._write_parties(case, record)
        self._write_hearings(case, record)
        case.events = [
            CaseEvent(occurred_on=e.occurred_on, stage=e.stage, description=e.description)
            for e in record.events
        ]
        case.services = [
            ServiceRecord(
                party_role=s.party_role, document=s.document, method=s.method, served_on=s.served_on
            )
            for s in record.services
        ]
        case.fees = [
            FeeItem(
                kind=f.kind,
                payer_role=f.payer_role,
                amount=f.amount,
                due_on=f.due_on,
                paid_amount=f.paid_amount,
                paid_on=f.paid_on,
            )
            for f in record.fees
        ]

    def _write_parties(self, case: Case, record: DocketRecord) -> None:
        # Parties keep their row (and id) across imports: verification tokens point at them.
        current = {(p.role, p.name): p for p in case.parties}
        parties = []
        for data in record.parties:
            party = current.get((data.role, data.name)) or Party(role=data.role, name=data.name)
            party.kind, party.phone = data.kind, data.phone
            party.id_digest, party.id_tail_digest = self._digests(data.id_number)
            parties.append(party)
        case.parties = parties

    def _write_hearings(self, case: Case, record: DocketRecord) -> None:
        current = {h.ref: h for h in case.hearings}
        hearings = []
        for data in record.hearings:
            hearing = current.get(data.ref) or Hearing(ref=data.ref)
            # Stored in UTC: SQLite keeps no offset, and UTC reads back the same on both backends.
            hearing.scheduled_at = data.scheduled_at.astimezone(UTC)
            hearing.courtroom = data.courtroom
            hearing.kind, hearing.status = data.kind, data.status
            hearings.append(hearing)
        case.hearings = hearings

    def _digests(self, id_number: str | None) -> tuple[str | None, str | None]:
        if not id_number:
            return None, None
        return id_number_digests(self.id_key, id_number)

    def _record_changes(self, case: Case, record: DocketRecord) -> None:
        if not self.record_changes:
            return
        if case.stage != record.stage:
            self._change(
                case, "stage_changed", {"from": case.stage.value, "to": record.stage.value}
            )
        before = {h.ref: h for h in case.hearings}
        for hearing in record.hearings:
            old = before.get(hearing.ref)
            detail = {
                "ref": hearing.ref,
                "kind": hearing.kind,
                "scheduled_at": hearing.scheduled_at.isoformat(),
                "courtroom": hearing.courtroom,
            }
            if old is None:
                self._change(case, "hearing_added", detail)
            elif not _same_instant(old.scheduled_at, hearing.scheduled_at) or (
                old.courtroom != hearing.courtroom
            ):
                self._change(
                    case,
                    "hearing_moved",
                    {
                        **detail,
                        "from": {
                            "scheduled_at": _iso(old.scheduled_at),
                            "courtroom": old.courtroom,
                        },
                    },
                )
            elif old.status != hearing.status:
                self._change(case, "hearing_status", {**detail, "status": hearing.status})

    def _change(self, case: Case, kind: str, detail: dict[str, Any]) -> None:
        change = DocketChange(case=case, kind=kind, detail=detail)
        self.session.add(change)
        self.summary.changes += 1
        # Same transaction: an import that rolls back leaves no message to send.
        notifications.enqueue_for_change(self.session, change, now=dt.datetime.now(UTC))

    def _snapshot_of_record(self, court: Court, record: DocketRecord) -> dict[str, Any]:
        return {
            "court": court.code,
            "case": (record.cause, record.kind, record.procedure, record.stage),
            "dates": (record.filed_on, record.closed_on),
            "amount": record.claim_amount,
            "judge": _staff_tuple(record.judge),
            "clerk": _staff_tuple(record.clerk),
            "parties": [
                (p.role, p.kind, p.name, p.phone, self._digests(p.id_number))
                for p in record.parties
            ],
            "hearings": [
                (h.ref, _iso(h.scheduled_at), h.courtroom, h.kind, h.status)
                for h in record.hearings
            ],
            "events": [(e.occurred_on, e.stage, e.description) for e in record.events],
            "services": [
                (s.party_role, s.document, s.method, s.served_on) for s in record.services
            ],
            "fees": [
                (f.kind, f.payer_role, f.amount, f.due_on, f.paid_amount, f.paid_on)
                for f in record.fees
            ],
        }


def _snapshot_of_case(case: Case) -> dict[str, Any]:
    return {
        "court": case.court.code,
        "case": (case.cause, case.kind, case.procedure, case.stage),
        "dates": (case.filed_on, case.closed_on),
        "amount": case.claim_amount,
        "judge": _staff_tuple(case.judge),
        "clerk": _staff_tuple(case.clerk),
        "parties": [
            (p.role, p.kind, p.name, p.phone, (p.id_digest, p.id_tail_digest)) for p in case.parties
        ],
        "hearings": [
            (h.ref, _iso(h.scheduled_at), h.courtroom, h.kind, h.status) for h in case.hearings
        ],
        "events": [(e.occurred_on, e.stage, e.description) for e in case.events],
        "services": [(s.party_role, s.document, s.method, s.served_on) for s in case.services],
        "fees": [
            (f.kind, f.payer_role, f.amount, f.due_on, f.paid_amount, f.paid_on) for f in case.fees
        ],
    }


def _staff_tuple(staff: StaffRef | CourtStaff | None) -> tuple[str, str, str] | None:
    return None if staff is None else (staff.name, staff.office_phone, staff.office)


def _iso(moment: dt.datetime) -> str:
    return as_utc(moment).isoformat()


def _same_instant(a: dt.datetime, b: dt.datetime) -> bool:
    return _iso(a) == _iso(b)
