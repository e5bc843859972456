"""One docket import record (a JSON object per line), checked and turned into plain values.

The format is documented in the README ("Docket import"). Every problem is reported as a
RecordError whose message says, in Chinese, which field is wrong and why.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from kiosk_api.domain.case_numbers import CaseNumber, CaseNumberError, parse_case_number
from kiosk_api.domain.stages import CaseKind, Procedure, Stage

PARTY_ROLES = frozenset(
    {"plaintiff", "defendant", "third_party", "appellant", "appellee", "applicant", "respondent"}
)
PARTY_KINDS = frozenset({"natural", "legal"})
HEARING_KINDS = frozenset({"开庭", "调解", "听证", "宣判", "询问"})
HEARING_STATUSES = frozenset({"scheduled", "held", "postponed", "cancelled"})
SERVICE_METHODS = frozenset({"直接", "邮寄", "电子", "留置", "公告"})
MAX_AMOUNT = Decimal("1000000000000")


class RecordError(ValueError):
    """A record cannot be imported; the message says why."""


@dataclass(frozen=True)
class StaffRef:
    """A judge or clerk named by a record (office contacts only)."""

    name: str
    office_phone: str
    office: str


@dataclass(frozen=True)
class PartyRecord:
    """A party as the docket gives it; the ID number is digested before storage."""

    role: str
    kind: str
    name: str
    phone: str | None
    id_number: str | None


@dataclass(frozen=True)
class HearingRecord:
    """A hearing, identified by the docket system's own reference."""

    ref: str
    scheduled_at: dt.datetime
    courtroom: str
    kind: str
    status: str


@dataclass(frozen=True)
class EventRecord:
    """A step on the case timeline."""

    occurred_on: dt.date
    stage: Stage
    description: str


@dataclass(frozen=True)
class ServiceRecordData:
    """A document served on a party."""

    party_role: str
    document: str
    method: str
    served_on: dt.date | None


@dataclass(frozen=True)
class FeeRecord:
    """A fee charged in the case."""

    kind: str
    payer_role: str
    amount: Decimal
    due_on: dt.date | None
    paid_amount: Decimal
    paid_on: dt.date | None


@dataclass(frozen=True)
class DocketRecord:
    """A whole case as one import line describes it."""

    number: CaseNumber
    cause: str
    kind: CaseKind
    procedure: Procedure
    stage: Stage
    filed_on: dt.date
    closed_on: dt.date | None
    claim_amount: Decimal | None
    judge: StaffRef | None
    clerk: StaffRef | None
    parties: tuple[PartyRecord, ...]
    hearings: tuple[HearingRecord, ...]
    events: tuple[EventRecord, ...]
    services: tuple[ServiceRecordData, ...]
    fees: tuple[FeeRecord, ...]


def _text(obj: dict[str, Any], key: str, where: str, *, max_len: int, required: bool = True) -> str:
    value = obj.get(key)
    if value is None or value == "":
        if required:
            raise RecordError(f"{where}缺少字段 {key}")
        return ""
    if not isinstance(value, str):
        raise RecordError(f"{where}字段 {key} 应为字符串")
    value = value.strip()
    if len(value) > max_len:
        raise RecordError(f"{where}字段 {key} 超过{max_len}个字符")
    return value


def _choice(obj: dict[str, Any], key: str, where: str, allowed: frozenset[str]) -> str:
    value = _text(obj, key, where, max_len=32)
    if value not in allowed:
        raise RecordError(
            f"{where}字段 {key} 的值“{value}”无效，可选：{'、'.join(sorted(allowed))}"
        )
    return value


def _enum[E: (CaseKind, Procedure, Stage)](
    obj: dict[str, Any], key: str, where: str, enum: type[E]
) -> E:
    value = _text(obj, key, where, max_len=32)
    try:
        return enum(value)
    except ValueError:
        allowed = "、".join(m.value for m in enum)
        raise RecordError(f"{where}字段 {key} 的值“{value}”无效，可选：{allowed}") from None


def _date(obj: dict[str, Any], key: str, where: str, *, required: bool = True) -> dt.date | None:
    value = obj.get(key)
    if value is None:
        if required:
            raise RecordError(f"{where}缺少字段 {key}")
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise RecordError(f"{where}字段 {key} 应为日期，如 2024-03-01") from None


def _datetime(obj: dict[str, Any], key: str, where: str) -> dt.datetime:
    value = obj.get(key)
    try:
        parsed = dt.datetime.fromisoformat(str(value))
    except ValueError:
        raise RecordError(
            f"{where}字段 {key} 应为带时区的时间，如 2024-03-01T09:30:00+08:00"
        ) from None
    if parsed.tzinfo is None:
        raise RecordError(f"{where}字段 {key} 缺少时区，如 +08:00")
    return parsed


def _money(obj: dict[str, Any], key: str, where: str, *, required: bool) -> Decimal | None:
    value = obj.get(key)
    if value is None:
        if required:
            raise RecordError(f"{where}缺少字段 {key}")
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise RecordError(f'{where}字段 {key} 应为金额字符串，如 "80000.00"')
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise RecordError(f'{where}字段 {key} 应为金额字符串，如 "80000.00"') from None
    if not amount.is_finite() or amount < 0 or amount >= MAX_AMOUNT:
        raise RecordError(f"{where}字段 {key} 金额超出范围")
    if amount != amount.quantize(Decimal("0.01")):
        raise RecordError(f"{where}字段 {key} 最多精确到分")
    return amount


def _objects(record: dict[str, Any], key: str) -> list[dict[str, Any]]:
    items = record.get(key, [])
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise RecordError(f"字段 {key} 应为对象数组")
    return items


def _staff(record: dict[str, Any], key: str, label: str) -> StaffRef | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, dict):
        raise RecordError(f"字段 {key} 应为对象")
    return StaffRef(
        name=_text(value, "name", label, max_len=32),
        office_phone=_text(value, "office_phone", label, max_len=32),
        office=_text(value, "office", label, max_len=64, required=False),
    )


def _party(item: dict[str, Any], where: str) -> PartyRecord:
    id_number = _text(item, "id_number", where, max_len=32, required=False) or None
    return PartyRecord(
        role=_choice(item, "role", where, PARTY_ROLES),
        kind=_choice(item, "kind", where, PARTY_KINDS) if "kind" in item else "natural",
        name=_text(item, "name", where, max_len=100),
        phone=_text(item, "phone", where, max_len=32, required=False) or None,
        id_number=id_number,
    )


def parse_record(record: Any) -> DocketRecord:
    """Check one decoded JSON line and return it as plain values."""
    if not isinstance(record, dict):
        raise RecordError("每一行必须是一个JSON对象")
    try:
        number = parse_case_number(_text(record, "case_number", "", max_len=64))
    except CaseNumberError as exc:
        raise RecordError(f"案号有误：{exc}") from None
    parties = tuple(_party(p, f"当事人{i + 1}") for i, p in enumerate(_objects(record, "parties")))
    if not parties:
        raise RecordError("至少需要一名当事人")
    if len({(p.role, p.name) for p in parties}) != len(parties):
        raise RecordError("同一角色的当事人姓名重复")
    hearings = tuple(
        HearingRecord(
            ref=_text(h, "ref", f"庭审{i + 1}", max_len=32),
            scheduled_at=_datetime(h, "scheduled_at", f"庭审{i + 1}"),
            courtroom=_text(h, "courtroom", f"庭审{i + 1}", max_len=64),
            kind=_choice(h, "kind", f"庭审{i + 1}", HEARING_KINDS),
            status=_choice(h, "status", f"庭审{i + 1}", HEARING_STATUSES),
        )
        for i, h in enumerate(_objects(record, "hearings"))
    )
    if len({h.ref for h in hearings}) != len(hearings):
        raise RecordError("庭审编号 ref 重复")
    filed_on = _date(record, "filed_on", "")
    closed_on = _date(record, "closed_on", "", required=False)
    assert filed_on is not None
    if closed_on is not None and closed_on < filed_on:
        raise RecordError("结案日期早于立案日期")
    return DocketRecord(
        number=number,
        cause=_text(record, "cause", "", max_len=64),
        kind=_enum(record, "kind", "", CaseKind),
        procedure=_enum(record, "procedure", "", Procedure),
        stage=_enum(record, "stage", "", Stage),
        filed_on=filed_on,
        closed_on=closed_on,
        claim_amount=_money(record, "claim_amount", "", required=False),
        judge=_staff(record, "judge", "承办法官"),
        clerk=_staff(record, "clerk", "书记员"),
        parties=parties,
        hearings=hearings,
        events=tuple(
            EventRecord(
                occurred_on=_date(e, "date", f"节点{i + 1}") or filed_on,
                stage=_enum(e, "stage", f"节点{i + 1}", Stage),
                description=_text(e, "description", f"节点{i + 1}", max_len=200),
            )
            for i, e in enumerate(_objects(record, "events"))
        ),
        services=tuple(
            ServiceRecordData(
                party_role=_choice(s, "party_role", f"送达{i + 1}", PARTY_ROLES),
                document=_text(s, "document", f"送达{i + 1}", max_len=64),
                method=_choice(s, "method", f"送达{i + 1}", SERVICE_METHODS),
                served_on=_date(s, "served_on", f"送达{i + 1}", required=False),
            )
            for i, s in enumerate(_objects(record, "services"))
        ),
        fees=tuple(
            FeeRecord(
                kind=_text(f, "kind", f"费用{i + 1}", max_len=32),
                payer_role=_choice(f, "payer_role", f"费用{i + 1}", PARTY_ROLES),
                amount=_money(f, "amount", f"费用{i + 1}", required=True) or Decimal("0"),
                due_on=_date(f, "due_on", f"费用{i + 1}", required=False),
                paid_amount=_money(f, "paid_amount", f"费用{i + 1}", required=False)
                or Decimal("0"),
                paid_on=_date(f, "paid_on", f"费用{i + 1}", required=False),
            )
            for i, f in enumerate(_objects(record, "fees"))
        ),
    )
