"""Litigation fees under 《诉讼费用交纳办法》: what a case or an application costs, and why.

`estimate_fee` is pure: plain values in, a frozen `FeeEstimate` out, every line and note with
the provision it rests on. Each figure the court would state is computed exactly and then
rounded by the configured policy; a halved fee is half of the rounded full fee, so the lines
always add up to the total.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum, StrEnum

from kiosk_api.domain import fee_schedule as schedule
from kiosk_api.domain.fee_schedule import DEFAULT_ROUNDING, DEFAULT_STANDARD, FeeStandard, Rounding
from kiosk_api.domain.legal_basis import CPL_INTERPRETATION, Basis, fee_measures

ZERO = Decimal(0)


class CaseKind(StrEnum):
    """The `case_kind` values of the API contract: one per rule of arts 8, 13 and 14."""

    PROPERTY = "property"
    DIVORCE = "divorce"
    PERSONALITY = "personality"
    OTHER_NON_PROPERTY = "other_non_property"
    IP = "ip"
    LABOR = "labor"
    ADMINISTRATIVE = "administrative"
    ADMINISTRATIVE_SPECIAL = "administrative_special"
    JURISDICTION_OBJECTION = "jurisdiction_objection"
    EXECUTION = "execution"
    PRESERVATION = "preservation"
    PAYMENT_ORDER = "payment_order"
    PUBLIC_NOTICE = "public_notice"
    ARBITRATION_REVIEW = "arbitration_review"
    BANKRUPTCY = "bankruptcy"
    MARITIME_LIABILITY_FUND = "maritime_liability_fund"
    MARITIME_INJUNCTION = "maritime_injunction"
    MARITIME_LIEN_NOTICE = "maritime_lien_notice"
    MARITIME_CLAIM_REGISTRATION = "maritime_claim_registration"
    MARITIME_GENERAL_AVERAGE = "maritime_general_average"
    SPECIAL_PROCEDURE = "special_procedure"
    ADMINISTRATIVE_COMPENSATION = "administrative_compensation"


class Procedure(StrEnum):
    """The first-instance procedure."""

    ORDINARY = "ordinary"
    SIMPLE = "simple"
    SMALL_CLAIMS = "small_claims"


class Outcome(StrEnum):
    """How the case ends (mediation and withdrawal halve the fee, art 15)."""

    JUDGMENT = "judgment"
    MEDIATION = "mediation"
    WITHDRAWAL = "withdrawal"


class Instance(StrEnum):
    """First instance, appeal (art 17) or retrial (arts 9 and 19)."""

    FIRST = "first"
    APPEAL = "appeal"
    RETRIAL = "retrial"


class RetrialGround(StrEnum):
    """Why a retrial takes place: only the two cases of art 9 pay a fee."""

    NEW_EVIDENCE = "new_evidence"
    NO_APPEAL_FIRST = "no_appeal_first"
    OTHER = "other"


class AmountUse(Enum):
    """What an amount means for a kind, and whether it is needed."""

    REQUIRED = "required"
    OPTIONAL = "optional"
    NOT_USED = "not_used"


@dataclass(frozen=True)
class KindInfo:
    """How a case kind is named, whether it takes an amount, and what that amount is."""

    label: str
    amount_use: AmountUse
    amount_label: str = ""
    # 案件受理费 (arts 13, 15–18 apply) rather than an application fee (art 14).
    acceptance_fee: bool = True


KINDS: dict[CaseKind, KindInfo] = {
    CaseKind.PROPERTY: KindInfo("财产案件", AmountUse.REQUIRED, "诉讼请求金额"),
    CaseKind.DIVORCE: KindInfo("离婚案件", AmountUse.OPTIONAL, "财产分割总额"),
    CaseKind.PERSONALITY: KindInfo("人格权案件", AmountUse.OPTIONAL, "损害赔偿金额"),
    CaseKind.OTHER_NON_PROPERTY: KindInfo("其他非财产案件", AmountUse.NOT_USED),
    CaseKind.IP: KindInfo("知识产权民事案件", AmountUse.OPTIONAL, "争议金额"),
    CaseKind.LABOR: KindInfo("劳动争议案件", AmountUse.NOT_USED),
    CaseKind.ADMINISTRATIVE: KindInfo("行政案件", AmountUse.NOT_USED),
    CaseKind.ADMINISTRATIVE_SPECIAL: KindInfo("商标、专利、海事行政案件", AmountUse.NOT_USED),
    CaseKind.JURISDICTION_OBJECTION: KindInfo(
        "管辖权异议（异议不成立）", AmountUse.NOT_USED, acceptance_fee=False
    ),
    CaseKind.EXECUTION: KindInfo(
        "申请执行", AmountUse.OPTIONAL, "申请执行金额", acceptance_fee=False
    ),
    CaseKind.PRESERVATION: KindInfo(
        "申请保全", AmountUse.OPTIONAL, "申请保全的财产数额", acceptance_fee=False
    ),
    CaseKind.PAYMENT_ORDER: KindInfo(
        "申请支付令", AmountUse.REQUIRED, "请求给付金额", acceptance_fee=False
    ),
    CaseKind.PUBLIC_NOTICE: KindInfo("申请公示催告", AmountUse.NOT_USED, acceptance_fee=False),
    CaseKind.ARBITRATION_REVIEW: KindInfo(
        "申请撤销仲裁裁决或认定仲裁协议效力", AmountUse.NOT_USED, acceptance_fee=False
    ),
    CaseKind.BANKRUPTCY: KindInfo(
        "破产案件", AmountUse.REQUIRED, "破产财产总额", acceptance_fee=False
    ),
    CaseKind.MARITIME_LIABILITY_FUND: KindInfo(
        "申请设立海事赔偿责任限制基金", AmountUse.NOT_USED, acceptance_fee=False
    ),
    CaseKind.MARITIME_INJUNCTION: KindInfo(
        "申请海事强制令", AmountUse.NOT_USED, acceptance_fee=False
    ),
    CaseKind.MARITIME_LIEN_NOTICE: KindInfo(
        "申请船舶优先权催告", AmountUse.NOT_USED, acceptance_fee=False
    ),
    CaseKind.MARITIME_CLAIM_REGISTRATION: KindInfo(
        "申请海事债权登记", AmountUse.NOT_USED, acceptance_fee=False
    ),
    CaseKind.MARITIME_GENERAL_AVERAGE: KindInfo(
        "申请共同海损理算", AmountUse.NOT_USED, acceptance_fee=False
    ),
    CaseKind.SPECIAL_PROCEDURE: KindInfo("特别程序案件", AmountUse.NOT_USED),
    CaseKind.ADMINISTRATIVE_COMPENSATION: KindInfo("行政赔偿案件", AmountUse.NOT_USED),
}

# Kinds whose fee follows the property-case brackets, so that art 17 (appeal on the amount
# appealed) and small claims (money claims only) apply to them.
_MONEY_CLAIMS = {CaseKind.PROPERTY, CaseKind.IP}
_NO_FEE = {
    CaseKind.SPECIAL_PROCEDURE: fee_measures(8, item=1),
    CaseKind.ADMINISTRATIVE_COMPENSATION: fee_measures(8, item=4),
}
_FIXED_ACCEPTANCE = {
    CaseKind.LABOR: (schedule.LABOR_FEE, fee_measures(13, item=4)),
    CaseKind.ADMINISTRATIVE: (schedule.ADMINISTRATIVE_FEE, fee_measures(13, item=5, sub=2)),
    CaseKind.ADMINISTRATIVE_SPECIAL: (
        schedule.ADMINISTRATIVE_SPECIAL_FEE,
        fee_measures(13, item=5, sub=1),
    ),
}
_FIXED_APPLICATION = {
    CaseKind.PUBLIC_NOTICE: (schedule.PUBLIC_NOTICE_FEE, fee_measures(14, item=4)),
    CaseKind.ARBITRATION_REVIEW: (schedule.ARBITRATION_REVIEW_FEE, fee_measures(14, item=5)),
    CaseKind.MARITIME_CLAIM_REGISTRATION: (
        schedule.MARITIME_FIXED_FEE,
        fee_measures(14, item=7, sub=4),
    ),
    CaseKind.MARITIME_GENERAL_AVERAGE: (
        schedule.MARITIME_FIXED_FEE,
        fee_measures(14, item=7, sub=5),
    ),
}
# Per-case fees given only as a range: the figure comes from the province's FeeStandard.
_RANGED = {
    CaseKind.OTHER_NON_PROPERTY: "other_non_property",
    CaseKind.JURISDICTION_OBJECTION: "jurisdiction_objection",
    CaseKind.MARITIME_LIABILITY_FUND: "maritime_liability_fund",
    CaseKind.MARITIME_INJUNCTION: "maritime_injunction",
    CaseKind.MARITIME_LIEN_NOTICE: "maritime_lien_notice",
}

ONLY_ONCE = Basis(CPL_INTERPRETATION, 206)


@dataclass(frozen=True)
class FeeRequest:
    """What the person told us about the case or application."""

    case_kind: CaseKind
    amount: Decimal | None = None
    procedure: Procedure = Procedure.ORDINARY
    outcome: Outcome = Outcome.JUDGMENT
    # The defendant's counterclaim, or an independent third party's claim (art 18).
    counterclaim: bool = False
    instance: Instance = Instance.FIRST
    retrial_ground: RetrialGround = RetrialGround.OTHER
    # 追索劳动报酬: the worker need not prepay (art 20).
    wage_claim: bool = False


@dataclass(frozen=True)
class FeeLine:
    """One line of the bill; a reduction (halving) has a negative amount."""

    name: str
    amount: Decimal
    basis: Basis
    reduction: bool = False


class NoteTopic(StrEnum):
    """What a note is about, so a short channel (SMS) can keep only what it needs."""

    AMOUNT = "amount"
    PAYMENT = "payment"
    CONSEQUENCE = "consequence"
    RANGE = "range"
    HALVING = "halving"
    BEARER = "bearer"
    RELIEF = "relief"


@dataclass(frozen=True)
class FeeNote:
    """Something the person needs to know about the fee, with its basis when it has one."""

    text: str
    basis: Basis | None = None
    topic: NoteTopic = NoteTopic.AMOUNT


@dataclass(frozen=True)
class FeeEstimate:
    """The fee, its lines and notes; `prepay` is what is paid up front, `halved_total` the
    fee after one halving when none was applied yet and one is still possible."""

    case_kind: CaseKind
    total: Decimal
    prepay: Decimal
    lines: tuple[FeeLine, ...]
    notes: tuple[FeeNote, ...]
    halved_by: Basis | None
    halved_total: Decimal | None
    standard: str


_RETRIAL_EXCEPTIONS = FeeNote(
    "但有新的证据足以推翻原判决、裁定而申请再审，或者一审后未上诉又申请再审，经决定再审的，"
    "按不服原判决部分的再审请求数额交纳",
    fee_measures(9),
    topic=NoteTopic.AMOUNT,
)


class FeeRequestError(ValueError):
    """A request the rules cannot answer as asked; `message` says why in Chinese."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def estimate_fee(
    request: FeeRequest,
    standard: FeeStandard = DEFAULT_STANDARD,
    rounding: Rounding = DEFAULT_ROUNDING,
) -> FeeEstimate:
    """The fee for one case or application under the Measures and the province's standard."""
    _check(request)
    info = KINDS[request.case_kind]
    no_fee = _no_fee_basis(request)
    if no_fee is not None:
        line = FeeLine("不交纳案件受理费", ZERO, no_fee)
        notes = [_RETRIAL_EXCEPTIONS] if no_fee.article == 9 else []
        return _result(request, standard, [line], notes, None, None, ZERO)
    if info.acceptance_fee:
        return _acceptance(request, standard, rounding)
    lines = _application_lines(request, standard, rounding)
    total = sum((line.amount for line in lines), ZERO)
    paid_later = request.case_kind in (CaseKind.EXECUTION, CaseKind.BANKRUPTCY)
    notes = _application_notes(request, standard)
    return _result(request, standard, lines, notes, None, None, ZERO if paid_later else total)


def _check(request: FeeRequest) -> None:
    info = KINDS[request.case_kind]
    if info.amount_use is AmountUse.REQUIRED and not request.amount:
        raise FeeRequestError(f"请填写{info.amount_label}（大于零的金额）", "amount")
    if request.amount is not None and request.amount < 0:
        raise FeeRequestError("金额不能是负数", "amount")
    appealable = info.acceptance_fee or request.case_kind is CaseKind.JURISDICTION_OBJECTION
    if request.instance is not Instance.FIRST and not appealable:
        raise FeeRequestError(f"{info.label}不涉及上诉或再审，请选择第一审", "instance")
    if request.procedure is not Procedure.ORDINARY and request.instance is not Instance.FIRST:
        raise FeeRequestError(
            "简易程序和小额诉讼只适用于基层法院的第一审案件（民事诉讼法第一百六十条）",
            "procedure",
        )
    if request.procedure is Procedure.SMALL_CLAIMS:
        money_claim = request.case_kind in _MONEY_CLAIMS and bool(request.amount)
        if not (money_claim or request.case_kind is CaseKind.LABOR):
            raise FeeRequestError(
                "小额诉讼只适用于金钱给付案件，人身关系案件不适用"
                "（民事诉讼法第一百六十五条、第一百六十六条）",
                "procedure",
            )
        if request.counterclaim:
            raise FeeRequestError(
                "当事人提出反诉的案件不适用小额诉讼程序（民事诉讼法第一百六十六条）",
                "procedure",
            )


def _no_fee_basis(request: FeeRequest) -> Basis | None:
    if request.case_kind in _NO_FEE:
        return _NO_FEE[request.case_kind]
    if request.case_kind is CaseKind.JURISDICTION_OBJECTION and request.instance is not (
        Instance.FIRST
    ):
        return fee_measures(8, item=3)
    if request.instance is Instance.RETRIAL and request.retrial_ground is RetrialGround.OTHER:
        return fee_measures(9)
    return None


def _acceptance(request: FeeRequest, standard: FeeStandard, rounding: Rounding) -> FeeEstimate:
    lines = _acceptance_lines(request, standard, rounding)
    full = sum((line.amount for line in lines), ZERO)
    reasons = _halving_reasons(request, standard)
    notes = _acceptance_notes(request, standard, reasons)
    if reasons:
        label, basis = reasons[0]
        halved = rounding.apply(full / 2)
        lines.append(FeeLine(f"减半交纳（{label}）", halved - full, basis, reduction=True))
        # Mediation and withdrawal happen at the end: the full fee is prepaid, half returned.
        outcome_only = basis.article == 15
        prepay = full if outcome_only else halved
        halved_total = None
    else:
        prepay = full
        halved_total = rounding.apply(full / 2) if _halving_possible(request) else None
    if request.wage_claim and request.case_kind is CaseKind.LABOR:
        prepay = ZERO
    return _result(
        request, standard, lines, notes, reasons[0][1] if reasons else None, halved_total, prepay
    )


def _acceptance_lines(
    request: FeeRequest, standard: FeeStandard, rounding: Rounding
) -> list[FeeLine]:
    kind, amount = request.case_kind, request.amount or ZERO
    name = _acceptance_name(request)
    if kind is CaseKind.PROPERTY:
        basis = (
            fee_measures(17) if request.instance is Instance.APPEAL else fee_measures(13, item=1)
        )
        if request.instance is Instance.RETRIAL:
            basis = fee_measures(19)
        return [FeeLine(name, rounding.apply(schedule.PROPERTY_CASE.fee(amount)), basis)]
    if kind is CaseKind.IP:
        if request.amount:
            fee = rounding.apply(schedule.PROPERTY_CASE.fee(amount))
            return [FeeLine(f"{name}（按财产案件标准）", fee, fee_measures(13, item=3))]
        return [_ranged_line(name, "ip_without_amount", standard)]
    if kind is CaseKind.DIVORCE:
        lines = [_ranged_line(name, "divorce", standard)]
        if amount > schedule.DIVORCE_PROPERTY.bands[0].start:
            part = rounding.apply(schedule.DIVORCE_PROPERTY.fee(amount))
            lines.append(
                FeeLine("财产分割超过20万元部分（0.5%）", part, fee_measures(13, item=2, sub=1))
            )
        return lines
    if kind is CaseKind.PERSONALITY:
        lines = [_ranged_line(name, "personality", standard)]
        if amount > schedule.PERSONALITY_DAMAGES.bands[0].start:
            part = rounding.apply(schedule.PERSONALITY_DAMAGES.fee(amount))
            lines.append(FeeLine("损害赔偿超过5万元部分", part, fee_measures(13, item=2, sub=2)))
        return lines
    if kind in _FIXED_ACCEPTANCE:
        fee, basis = _FIXED_ACCEPTANCE[kind]
        return [FeeLine(name, fee, basis)]
    return [_ranged_line(name, _RANGED[kind], standard)]


def _acceptance_name(request: FeeRequest) -> str:
    if request.instance is Instance.APPEAL:
        return "第二审案件受理费"
    if request.instance is Instance.RETRIAL:
        return "再审案件受理费"
    return "反诉案件受理费" if request.counterclaim else "案件受理费"


def _ranged_line(name: str, range_name: str, standard: FeeStandard) -> FeeLine:
    return FeeLine(name, standard.figure(range_name), schedule.STATUTORY_RANGES[range_name].basis)


def _application_lines(
    request: FeeRequest, standard: FeeStandard, rounding: Rounding
) -> list[FeeLine]:
    kind, amount = request.case_kind, request.amount or ZERO
    if kind is CaseKind.EXECUTION:
        if not request.amount:
            return [_ranged_line("申请执行费（无执行金额）", "execution_without_amount", standard)]
        fee = rounding.apply(schedule.EXECUTION.fee(amount))
        return [FeeLine("申请执行费", fee, fee_measures(14, item=1, sub=2))]
    if kind is CaseKind.PRESERVATION:
        fee = min(schedule.PRESERVATION.fee(amount), schedule.PRESERVATION_CAP)
        return [FeeLine("申请保全费", rounding.apply(fee), fee_measures(14, item=2))]
    if kind is CaseKind.PAYMENT_ORDER:
        fee = schedule.PROPERTY_CASE.fee(amount) / 3
        return [
            FeeLine(
                "申请支付令费（财产案件标准的1/3）", rounding.apply(fee), fee_measures(14, item=3)
            )
        ]
    if kind is CaseKind.BANKRUPTCY:
        fee = min(schedule.PROPERTY_CASE.fee(amount) / 2, schedule.BANKRUPTCY_CAP)
        return [
            FeeLine("破产申请费（财产案件标准减半）", rounding.apply(fee), fee_measures(14, item=6))
        ]
    if kind in _FIXED_APPLICATION:
        fee, basis = _FIXED_APPLICATION[kind]
        return [FeeLine(f"{KINDS[kind].label}费", fee, basis)]
    return [_ranged_line(f"{KINDS[kind].label}费", _RANGED[kind], standard)]


def _halving_reasons(request: FeeRequest, standard: FeeStandard) -> list[tuple[str, Basis]]:
    """Every ground for halving that applies, most certain first; only one is ever used."""
    reasons = []
    if request.counterclaim:
        reasons.append(("反诉或第三人请求合并审理", fee_measures(18)))
    if request.procedure is Procedure.SIMPLE:
        reasons.append(("适用简易程序", fee_measures(16)))
    if request.procedure is Procedure.SMALL_CLAIMS and standard.small_claims_halved:
        reasons.append(("小额诉讼参照简易程序", fee_measures(16)))
    if request.outcome is Outcome.MEDIATION:
        reasons.append(("调解结案", fee_measures(15)))
    if request.outcome is Outcome.WITHDRAWAL:
        reasons.append(("申请撤诉", fee_measures(15)))
    return reasons


def _halving_possible(request: FeeRequest) -> bool:
    # Mediation and withdrawal (art 15) remain possible at every instance.
    return request.outcome is Outcome.JUDGMENT


def _acceptance_notes(
    request: FeeRequest, standard: FeeStandard, reasons: list[tuple[str, Basis]]
) -> list[FeeNote]:
    notes: list[FeeNote] = []
    kind = request.case_kind
    if len(reasons) > 1:
        others = "、".join(label for label, _ in reasons[1:])
        notes.append(
            FeeNote(
                f"另有{others}的情形，但案件受理费只能减半一次", ONLY_ONCE, topic=NoteTopic.HALVING
            )
        )
    if not reasons:
        notes.append(
            FeeNote(
                "以调解方式结案或者申请撤诉的，减半交纳", fee_measures(15), topic=NoteTopic.HALVING
            )
        )
        if request.instance is Instance.FIRST:
            notes.append(
                FeeNote("适用简易程序审理的，减半交纳", fee_measures(16), topic=NoteTopic.HALVING)
            )
        notes.append(FeeNote("减半只能一次", ONLY_ONCE, topic=NoteTopic.HALVING))
    elif reasons[0][1].article == 15:
        notes.append(
            FeeNote(
                "立案时先按全额预交；调解结案或准许撤诉后，多交的一半予以退还",
                fee_measures(15),
                topic=NoteTopic.HALVING,
            )
        )
    if request.procedure is Procedure.SMALL_CLAIMS:
        notes.append(_small_claims_note(standard))
    if request.procedure is Procedure.SIMPLE:
        notes.append(
            FeeNote(
                "简易程序转为普通程序的，应自接到通知之日起7日内补交案件受理费",
                Basis(CPL_INTERPRETATION, 199),
                topic=NoteTopic.PAYMENT,
            )
        )
    if request.instance is Instance.APPEAL:
        if kind in _MONEY_CLAIMS:
            notes.append(
                FeeNote(
                    "按不服一审判决部分的上诉请求数额计算", fee_measures(17), topic=NoteTopic.AMOUNT
                )
            )
        notes.append(
            FeeNote(
                "上诉人在提交上诉状时预交；对不予受理、驳回起诉和管辖权异议裁定上诉的，不交纳",
                fee_measures(22, paragraph=2),
                topic=NoteTopic.PAYMENT,
            )
        )
    elif request.instance is Instance.RETRIAL:
        notes.append(
            FeeNote(
                "按不服原判决部分的再审请求数额计算，由申请再审的当事人预交",
                fee_measures(19),
                topic=NoteTopic.AMOUNT,
            )
        )
    elif request.counterclaim:
        notes.append(
            FeeNote(
                "反诉的，自提起反诉次日起7日内交纳",
                fee_measures(22, paragraph=1),
                topic=NoteTopic.PAYMENT,
            )
        )
    else:
        notes.append(
            FeeNote(
                "自接到法院交纳诉讼费用通知次日起7日内交纳",
                fee_measures(22, paragraph=1),
                topic=NoteTopic.PAYMENT,
            )
        )
        notes.append(
            FeeNote(
                "通知后仍不预交、又未获准缓减免的，按撤诉处理",
                Basis(CPL_INTERPRETATION, 213),
                topic=NoteTopic.CONSEQUENCE,
            )
        )
    if kind is CaseKind.LABOR and request.wage_claim:
        notes.append(
            FeeNote(
                "追索劳动报酬的案件可以不预交案件受理费",
                fee_measures(20, paragraph=1),
                topic=NoteTopic.PAYMENT,
            )
        )
    notes.extend(_range_notes(request, standard))
    bearer = fee_measures(33) if kind is CaseKind.DIVORCE else fee_measures(29)
    bearer_text = (
        "离婚案件的诉讼费用由双方协商负担，协商不成的由法院决定"
        if kind is CaseKind.DIVORCE
        else "诉讼费用最终由败诉方负担，部分胜诉的由法院决定各自负担的数额"
    )
    notes.append(FeeNote(bearer_text, bearer, topic=NoteTopic.BEARER))
    notes.append(
        FeeNote(
            "交纳确有困难的，可以申请缓交、减交或者免交", fee_measures(44), topic=NoteTopic.RELIEF
        )
    )
    return notes


def _small_claims_note(standard: FeeStandard) -> FeeNote:
    if standard.small_claims_halved:
        text = "小额诉讼按简易程序减半收取，这是多数地区的做法，以受理法院的通知为准"
    else:
        text = "本省小额诉讼案件不减半收取案件受理费，以受理法院的通知为准"
    return FeeNote(text, fee_measures(16), topic=NoteTopic.HALVING)


def _application_notes(request: FeeRequest, standard: FeeStandard) -> list[FeeNote]:
    kind = request.case_kind
    notes: list[FeeNote] = []
    if request.procedure is not Procedure.ORDINARY or request.outcome is not Outcome.JUDGMENT:
        notes.append(
            FeeNote(
                "申请费不适用减半交纳，减半只适用于案件受理费",
                fee_measures(15),
                topic=NoteTopic.HALVING,
            )
        )
    if kind is CaseKind.EXECUTION:
        notes.append(
            FeeNote(
                "申请人不预交，执行后交纳", fee_measures(20, paragraph=2), topic=NoteTopic.PAYMENT
            )
        )
        notes.append(
            FeeNote(
                "执行申请费由被执行人负担", fee_measures(38, paragraph=1), topic=NoteTopic.BEARER
            )
        )
    elif kind is CaseKind.BANKRUPTCY:
        notes.append(
            FeeNote(
                "破产申请费不预交，清算后交纳",
                fee_measures(20, paragraph=2),
                topic=NoteTopic.PAYMENT,
            )
        )
        notes.append(
            FeeNote("最高不超过30万元，从破产财产中拨付", fee_measures(42), topic=NoteTopic.AMOUNT)
        )
    else:
        notes.append(
            FeeNote(
                "申请时或在法院指定的期限内预交",
                fee_measures(22, paragraph=3),
                topic=NoteTopic.PAYMENT,
            )
        )
    if kind is CaseKind.PRESERVATION:
        notes.append(
            FeeNote(
                "按实际保全的财产数额计算，最多不超过5000元",
                fee_measures(14, item=2),
                topic=NoteTopic.AMOUNT,
            )
        )
        notes.append(
            FeeNote(
                "保全申请费由申请人负担，起诉时可以列入诉讼请求",
                fee_measures(38, paragraph=3),
                topic=NoteTopic.BEARER,
            )
        )
    elif kind is CaseKind.PAYMENT_ORDER:
        notes.append(
            FeeNote(
                "债务人未提出异议的由债务人负担；异议致督促程序终结的由申请人负担，"
                "另行起诉时可列入诉讼请求",
                fee_measures(36),
                topic=NoteTopic.BEARER,
            )
        )
    elif kind is CaseKind.JURISDICTION_OBJECTION:
        notes.append(
            FeeNote("只有异议不成立时才交纳", fee_measures(13, item=6), topic=NoteTopic.AMOUNT)
        )
    notes.extend(_range_notes(request, standard))
    return notes


def _range_notes(request: FeeRequest, standard: FeeStandard) -> list[FeeNote]:
    names = _ranges_used(request)
    notes = []
    for name in names:
        allowed = schedule.STATUTORY_RANGES[name]
        text = f"该项为每件{allowed.low}至{allowed.high}元"
        if not allowed.set_by_province:
            text += "，具体数额由法院在幅度内确定，此处按上限估算"
        elif standard.is_default:
            text += "，具体标准由省级人民政府确定，此处按上限估算"
        else:
            text += f"，按{standard.name}计算"
        notes.append(FeeNote(text, allowed.basis, topic=NoteTopic.RANGE))
    return notes


def _ranges_used(request: FeeRequest) -> list[str]:
    kind = request.case_kind
    if kind is CaseKind.DIVORCE:
        return ["divorce"]
    if kind is CaseKind.PERSONALITY:
        return ["personality"]
    if kind is CaseKind.IP and not request.amount:
        return ["ip_without_amount"]
    if kind is CaseKind.EXECUTION and not request.amount:
        return ["execution_without_amount"]
    if kind in _RANGED:
        return [_RANGED[kind]]
    return []


def _result(
    request: FeeRequest,
    standard: FeeStandard,
    lines: list[FeeLine],
    notes: list[FeeNote],
    halved_by: Basis | None,
    halved_total: Decimal | None,
    prepay: Decimal,
) -> FeeEstimate:
    total = sum((line.amount for line in lines), ZERO)
    return FeeEstimate(
        case_kind=request.case_kind,
        total=total,
        prepay=prepay,
        lines=tuple(lines),
        notes=tuple(notes),
        halved_by=halved_by,
        halved_total=halved_total,
        standard=standard.name,
    )
