"""Fee estimates and relief for every surface (API, kiosk page): input checks and JSON shape.

Both the JSON API and the kiosk form go through `estimate_from` and `relief_from`, so a
person gets the same figure and basis wherever they ask.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from functools import cache
from typing import Any

from kiosk_api.domain.amounts import (
    MAX_AMOUNT,
    AmountError,
    ParsedAmount,
    format_yuan,
    parse_amount,
)
from kiosk_api.domain.fee_relief import (
    GROUNDS,
    MEASURE_LABELS,
    Applicant,
    ReliefAssessment,
    UnknownGround,
    assess_relief,
)
from kiosk_api.domain.fees import (
    KINDS,
    AmountUse,
    CaseKind,
    FeeEstimate,
    FeeRequest,
    FeeRequestError,
    Instance,
    NoteTopic,
    Outcome,
    Procedure,
    RetrialGround,
    estimate_fee,
)
from kiosk_api.domain.legal_basis import Basis
from kiosk_api.domain.provinces import PROVINCES
from kiosk_api.errors import Unprocessable
from kiosk_api.services.fee_standards import FeeTables

MAX_AMOUNT_TEXT = 64
# Tuples, not sets: a JSON body may send a list or an object here, which cannot be hashed.
_TRUE = (True, "true", "on", "1", "yes")
_FALSE = (False, None, "", "false", "off", "0", "no")


def money(value: Decimal) -> str:
    """Money as the API contract writes it: a decimal string in yuan with two places."""
    return f"{value.quantize(Decimal('0.01'))}"


def cite(basis: Basis | None) -> str | None:
    """A basis as its citation text (None stays None)."""
    return basis.cite() if basis else None


def estimate_from(values: Mapping[str, Any], tables: FeeTables) -> dict[str, Any]:
    """Check the fields of an estimate request and return the estimate as JSON-ready data."""
    kind = CaseKind(_choice(values, "case_kind", "案件类型", CaseKind, None))
    province = province_value(values.get("province"))
    parsed = _amount(values, kind)
    request = FeeRequest(
        case_kind=kind,
        amount=parsed.value if parsed else None,
        procedure=_choice(values, "procedure", "审理程序", Procedure, Procedure.ORDINARY),
        outcome=_choice(values, "outcome", "结案方式", Outcome, Outcome.JUDGMENT),
        counterclaim=_flag(values, "counterclaim", "是否反诉"),
        instance=_choice(values, "instance", "审级", Instance, Instance.FIRST),
        retrial_ground=_choice(
            values, "retrial_ground", "再审事由", RetrialGround, RetrialGround.OTHER
        ),
        wage_claim=_flag(values, "wage_claim", "是否追索劳动报酬"),
    )
    standard = tables.for_province(province)
    try:
        estimate = estimate_fee(request, standard, tables.rounding)
    except FeeRequestError as exc:
        raise Unprocessable(
            exc.message, code="invalid_fee_request", detail={"field": exc.field}
        ) from None
    return _estimate_json(estimate, parsed, province or tables.court_province, values)


def _estimate_json(
    estimate: FeeEstimate, parsed: ParsedAmount | None, province: str, values: Mapping[str, Any]
) -> dict[str, Any]:
    info = KINDS[estimate.case_kind]
    notes = [
        {"text": n.text, "basis": cite(n.basis), "topic": n.topic.value} for n in estimate.notes
    ]
    if parsed and parsed.approximate:
        notes.insert(0, _amount_note(f"按{format_yuan(parsed.value)}估算"))
    if values.get("amount") not in (None, "") and info.amount_use is AmountUse.NOT_USED:
        notes.insert(0, _amount_note(f"{info.label}按件交纳，与金额无关"))
    return {
        "case_kind": estimate.case_kind.value,
        "case_kind_label": info.label,
        "amount": money(parsed.value) if parsed else None,
        "amount_label": info.amount_label or None,
        "province": province,
        "standard": estimate.standard,
        "total": money(estimate.total),
        "prepay": money(estimate.prepay),
        "items": [
            {
                "name": line.name,
                "amount": money(line.amount),
                "basis": line.basis.cite(),
                "reduction": line.reduction,
            }
            for line in estimate.lines
        ],
        "halving": {
            "applied": estimate.halved_by is not None,
            "basis": cite(estimate.halved_by),
            "halved_total": money(estimate.halved_total) if estimate.halved_total else None,
        },
        "notes": notes,
    }


def _amount_note(text: str) -> dict[str, Any]:
    return {"text": text, "basis": None, "topic": NoteTopic.AMOUNT.value}


def kinds_json() -> list[dict[str, Any]]:
    """The case kinds with their labels and what amount, if any, each one needs."""
    return [
        {
            "case_kind": kind.value,
            "label": info.label,
            "amount": info.amount_use.value,
            "amount_label": info.amount_label or None,
        }
        for kind, info in KINDS.items()
    ]


def relief_from(values: Mapping[str, Any]) -> dict[str, Any]:
    """Check a relief request (applicant, circumstances) and return what may be granted."""
    applicant = Applicant(
        _choice(values, "applicant", "申请人类型", Applicant, Applicant.NATURAL_PERSON)
    )
    codes = values.get("circumstances", [])
    if isinstance(codes, str):
        codes = [codes]
    if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
        raise Unprocessable(
            "circumstances 必须是情形代码的列表",
            code="invalid_field",
            detail={"field": "circumstances"},
        )
    try:
        assessment = assess_relief(applicant, codes)
    except UnknownGround as exc:
        raise Unprocessable(
            f"无法识别的情形：{exc.code[:40]}",
            code="invalid_choice",
            detail={"field": "circumstances", "allowed": list(GROUNDS)},
        ) from None
    return _relief_json(assessment)


def _relief_json(assessment: ReliefAssessment) -> dict[str, Any]:
    return {
        "options": [
            {
                "measure": option.measure.value,
                "label": MEASURE_LABELS[option.measure],
                "mandatory": option.mandatory,
                "grounds": [
                    {"code": g.code, "label": g.label, "basis": g.basis.cite()}
                    for g in option.grounds
                ],
                "detail": {"text": option.detail, "basis": cite(option.detail_basis)},
            }
            for option in assessment.options
        ],
        "refused": [
            {"code": r.ground.code, "reason": r.reason, "basis": r.basis.cite()}
            for r in assessment.refused
        ],
        "materials": [{"text": m.text, "basis": m.basis.cite()} for m in assessment.materials],
        "timing": [{"text": t.text, "basis": t.basis.cite()} for t in assessment.timing],
        "circumstances": [
            {
                "code": g.code,
                "label": g.label,
                "measure": g.measure.value,
                "basis": g.basis.cite(),
            }
            for g in GROUNDS.values()
        ],
    }


def _choice(values: Mapping[str, Any], name: str, label: str, enum: type[Any], default: Any) -> Any:
    raw = values.get(name)
    if raw in (None, "") and default is not None:
        return default
    allowed = list(_values(enum))
    if raw not in allowed:
        raise Unprocessable(
            f"{label}无效，可选值为：{'、'.join(allowed)}",
            code="invalid_choice",
            detail={"field": name, "allowed": allowed},
        )
    return enum(raw)


@cache
def _values(enum: type[Any]) -> tuple[str, ...]:
    return tuple(member.value for member in enum)


def _flag(values: Mapping[str, Any], name: str, label: str) -> bool:
    raw = values.get(name)
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise Unprocessable(f"{label}应为 true 或 false", code="invalid_field", detail={"field": name})


def province_value(raw: object) -> str | None:
    """A province abbreviation (粤, 京 …), None when not given, or a 422."""
    if raw in (None, ""):
        return None
    if not isinstance(raw, str) or raw not in PROVINCES:
        raise Unprocessable(
            "省份请用简称填写，例如“粤”“京”“沪”",
            code="invalid_choice",
            detail={"field": "province", "allowed": list(PROVINCES)},
        )
    return str(raw)


def _amount(values: Mapping[str, Any], kind: CaseKind) -> ParsedAmount | None:
    raw = values.get("amount")
    use = KINDS[kind].amount_use
    if use is AmountUse.NOT_USED or raw is None or raw == "":
        if use is AmountUse.REQUIRED:
            raise Unprocessable(
                f"请填写{KINDS[kind].amount_label}",
                code="missing_field",
                detail={"field": "amount"},
            )
        return None
    return amount_value(raw, allow_zero=use is AmountUse.OPTIONAL)


def amount_value(raw: object, *, field: str = "amount", allow_zero: bool = False) -> ParsedAmount:
    """An amount given as a number or as text ("三万五"), or a 422 saying what is wrong."""
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
        raise Unprocessable(
            "金额请填写数字或文字，例如 50000 或“5万元”",
            code="invalid_field",
            detail={"field": field},
        )
    text = raw if isinstance(raw, str) else _plain_number(raw)
    if len(text) > MAX_AMOUNT_TEXT:
        raise Unprocessable(
            f"金额过长，最多{MAX_AMOUNT_TEXT}个字", code="too_long", detail={"field": field}
        )
    try:
        return parse_amount(text, allow_zero=allow_zero)
    except AmountError as exc:
        raise Unprocessable(
            exc.message, code=f"amount_{exc.code}", detail={"field": field}
        ) from None


def _plain_number(value: int | float) -> str:
    # Positional notation, never 1e+20, so the text parser sees what the sender meant; a
    # huge or infinite number is shortened to one just above the limit, which it then refuses.
    number = Decimal(str(value))
    if not number.is_finite() or abs(number) > MAX_AMOUNT:
        number = (MAX_AMOUNT + 1).copy_sign(number) if number.is_finite() else MAX_AMOUNT + 1
    return format(number, "f")
