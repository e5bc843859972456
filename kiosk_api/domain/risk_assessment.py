"""The risk assessment (诉讼风险评估): answers → an explained report, deterministic and pure.

Each finding is a risk of the 民事诉讼风险提示书 made real by the person's answers — the rule
that matched, the reason in their terms, what to do, and the provisions. The limitation period
is computed from the date they give and the dispute's period in the catalog. The overall level
follows a stated rule (LEVEL_RULE), the fee comes from the fee engine, the expected duration
from the procedure's time limits, and the next steps from the dispute and the answers.

A report is self-contained: it carries the questions and answers as they were worded in the
questionnaire version used, so a stored report never depends on a later version.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from kiosk_api.domain.amounts import format_yuan
from kiosk_api.domain.deadlines import DeadlineKind, compute_deadline, date_text
from kiosk_api.domain.disputes import Dispute, SmallClaims
from kiosk_api.domain.fee_schedule import DEFAULT_ROUNDING, DEFAULT_STANDARD, FeeStandard, Rounding
from kiosk_api.domain.fees import (
    KINDS,
    AmountUse,
    CaseKind,
    FeeRequest,
    FeeRequestError,
    estimate_fee,
)
from kiosk_api.domain.fees import Procedure as FeeProcedure
from kiosk_api.domain.legal_basis import (
    PEOPLES_MEDIATION_LAW,
    Basis,
    civil_procedure,
    fee_measures,
)
from kiosk_api.domain.litigation_risks import RISK_NOTICES, Risk
from kiosk_api.domain.risk_questionnaires import Kind, Option, Question, Questionnaire, Rule

NOTICE = (
    "本评估是对诉讼程序风险的提示，依据您的回答和法律规定自动生成，不是对案件事实和结果的判断，"
    "也不是法律意见。"
)
LEVEL_RULE = (
    "有一项高风险，或者三项以上中风险的，为“高”；有中风险，或者三项以上低风险的，为“中”；其余为“低”"
)
LIMITATION_WARNING_DAYS = 90

# Risks about the other side: not the concern of a person who is the one being sued.
_ABOUT_THE_OTHER_SIDE = frozenset(
    {Risk.FILING_CONDITIONS, Risk.SERVICE_ADDRESS, Risk.NO_ASSETS, Risk.PRESERVATION}
)

# The catalog's limitation period → the deadline that computes it.
_LIMITATION_KINDS = {
    "3年": DeadlineKind.LIMITATION,
    "1年": DeadlineKind.LABOUR_ARBITRATION,
    "6个月": DeadlineKind.ADMINISTRATIVE_SUIT,
    "2年": DeadlineKind.ENFORCEMENT_APPLICATION,
}


class AssessmentError(ValueError):
    """Answers the questionnaire cannot take; `code` and `question` say which, in Chinese."""

    def __init__(self, message: str, code: str, question: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.question = question


class Level(StrEnum):
    """The overall level, by LEVEL_RULE."""

    LOW = "低"
    MEDIUM = "中"
    HIGH = "高"


@dataclass(frozen=True)
class Answered:
    """A question and the answer as the person saw them."""

    question: str
    text: str
    answer: str


@dataclass(frozen=True)
class Finding:
    """One risk made real by the answers."""

    risk: Risk
    title: str
    severity: int
    reason: str
    advice: str
    basis: tuple[Basis, ...]


@dataclass(frozen=True)
class LimitationCheck:
    """The limitation period from the date given: its last day and where it stands."""

    applies: bool
    ends_on: dt.date | None
    expired: bool
    text: str
    basis: tuple[Basis, ...]


@dataclass(frozen=True)
class Cost:
    """A fee figure with its basis."""

    name: str
    amount: Decimal
    basis: tuple[Basis, ...]
    note: str = ""


@dataclass(frozen=True)
class Step:
    """Something to do next, with its basis."""

    text: str
    basis: tuple[Basis, ...] = ()


@dataclass(frozen=True)
class Report:
    """The whole assessment, as shown, printed and stored."""

    dispute: str
    cause: str
    questionnaire_version: str
    assessed_on: dt.date
    answers: tuple[Answered, ...]
    findings: tuple[Finding, ...]
    level: Level
    level_rule: str
    limitation: LimitationCheck
    costs: tuple[Cost, ...]
    duration: tuple[Step, ...]
    next_steps: tuple[Step, ...]
    notice: str


@dataclass(frozen=True)
class Context:
    """What the engine needs besides the answers: the day, fee standard, small-claims ceiling."""

    today: dt.date
    standard: FeeStandard = DEFAULT_STANDARD
    rounding: Rounding = DEFAULT_ROUNDING
    small_claims_ceiling: Decimal | None = None


def assess(
    questionnaire: Questionnaire,
    dispute: Dispute,
    answers: Mapping[str, object],
    context: Context,
) -> Report:
    """The report for `answers` to `questionnaire` (every question must be answered)."""
    values = _checked(questionnaire, answers, context.today)
    chosen = _chosen_options(questionnaire, values)
    respondent = any(option.respondent for option in chosen)
    findings = [
        _finding(rule)
        for rule in questionnaire.rules
        if _matches(rule, values) and not (respondent and rule.risk in _ABOUT_THE_OTHER_SIDE)
    ]
    paused = [option.label for option in chosen if option.limitation_paused]
    limitation = _limitation(dispute, values, context.today, respondent=respondent, paused=paused)
    if limitation.applies and limitation.ends_on is not None:
        near = limitation.ends_on - context.today <= dt.timedelta(days=LIMITATION_WARNING_DAYS)
        if limitation.expired or near:
            findings.append(_limitation_finding(limitation))
    findings = _merged(findings)
    amount = values.get("claim_amount")
    claim = amount if isinstance(amount, Decimal) else None
    small = _small_claims(dispute, claim, context)
    return Report(
        dispute=dispute.code,
        cause=dispute.cause,
        questionnaire_version=questionnaire.version,
        assessed_on=context.today,
        answers=tuple(_answered(q, values[q.id]) for q in questionnaire.questions),
        findings=tuple(findings),
        level=level_of(findings),
        level_rule=LEVEL_RULE,
        limitation=limitation,
        costs=_costs(dispute, claim, values, small, context, respondent=respondent),
        duration=_duration(small),
        next_steps=_next_steps(dispute, values, findings, respondent=respondent),
        notice=NOTICE,
    )


def level_of(findings: list[Finding]) -> Level:
    """The overall level by LEVEL_RULE."""
    counts = {s: sum(1 for f in findings if f.severity == s) for s in (1, 2, 3)}
    if counts[3] or counts[2] >= 3:
        return Level.HIGH
    if counts[2] or counts[1] >= 3:
        return Level.MEDIUM
    return Level.LOW


def _checked(
    questionnaire: Questionnaire, answers: Mapping[str, object], today: dt.date
) -> dict[str, object]:
    unknown = sorted(set(answers) - {q.id for q in questionnaire.questions})
    if unknown:
        raise AssessmentError(
            f"问卷中没有“{unknown[0][:40]}”这个问题", "unknown_question", unknown[0][:40]
        )
    values: dict[str, object] = {}
    for question in questionnaire.questions:
        if question.id not in answers or answers[question.id] in (None, "", []):
            raise AssessmentError(f"请回答：{question.text}", "missing_answer", question.id)
        values[question.id] = _value(question, answers[question.id], today)
    return values


def _value(question: Question, raw: object, today: dt.date) -> object:
    where = question.id
    if question.kind is Kind.CHOICE:
        if not isinstance(raw, str) or question.option(raw) is None:
            raise AssessmentError(_options_message(question), "invalid_option", where)
        return raw
    if question.kind is Kind.MULTI:
        chosen = [raw] if isinstance(raw, str) else raw
        if not isinstance(chosen, list) or not chosen:
            raise AssessmentError(_options_message(question), "invalid_option", where)
        if any(not isinstance(c, str) or question.option(c) is None for c in chosen):
            raise AssessmentError(_options_message(question), "invalid_option", where)
        return frozenset(chosen)
    if question.kind is Kind.AMOUNT:
        if not isinstance(raw, Decimal) or not raw.is_finite() or raw < 0:
            raise AssessmentError(f"“{question.text}”请填写金额（元）", "invalid_amount", where)
        return raw
    if not isinstance(raw, dt.date) or raw > today:
        raise AssessmentError(f"“{question.text}”请填写今天或以前的日期", "invalid_date", where)
    return raw


def _options_message(question: Question) -> str:
    labels = "、".join(o.label for o in question.options)
    return f"“{question.text}”请从以下选项中选择：{labels}"


def _matches(rule: Rule, values: Mapping[str, object]) -> bool:
    for question_id, options in rule.when.items():
        value = values.get(question_id)
        chosen = value if isinstance(value, frozenset) else frozenset({value})
        if not chosen & options:
            return False
    return True


def _chosen_options(questionnaire: Questionnaire, values: Mapping[str, object]) -> list[Option]:
    chosen: list[Option] = []
    for question in questionnaire.questions:
        value = values[question.id]
        ids = value if isinstance(value, frozenset) else {value}
        chosen.extend(o for o in question.options if o.id in ids)
    return chosen


def _merged(findings: list[Finding]) -> list[Finding]:
    """One finding per risk: the highest severity, every reason and piece of advice once."""
    by_risk: dict[Risk, list[Finding]] = {}
    for finding in findings:
        by_risk.setdefault(finding.risk, []).append(finding)
    merged = [
        Finding(
            risk,
            group[0].title,
            max(f.severity for f in group),
            "；".join(dict.fromkeys(f.reason for f in group)),
            "；".join(dict.fromkeys(f.advice for f in group if f.advice)),
            tuple(dict.fromkeys(b for f in group for b in f.basis)),
        )
        for risk, group in by_risk.items()
    ]
    return sorted(merged, key=lambda f: (-f.severity, list(Risk).index(f.risk)))


def _finding(rule: Rule) -> Finding:
    notice = RISK_NOTICES[rule.risk]
    return Finding(rule.risk, notice.title, rule.severity, rule.reason, rule.advice, notice.basis)


def _answered(question: Question, value: object) -> Answered:
    if isinstance(value, frozenset):
        text = "、".join(o.label for o in question.options if o.id in value)
    elif isinstance(value, str):
        option = question.option(value)
        text = option.label if option else value
    elif isinstance(value, Decimal):
        text = format_yuan(value)
    elif isinstance(value, dt.date):
        text = date_text(value)
    else:
        text = str(value)
    return Answered(question.id, question.text, text)


def _limitation(
    dispute: Dispute,
    values: Mapping[str, object],
    today: dt.date,
    *,
    respondent: bool,
    paused: list[str],
) -> LimitationCheck:
    period = dispute.limitation.period
    explanation = dispute.limitation.explanation
    kind = _LIMITATION_KINDS.get(period)
    start = values.get("harm_known_on")
    if paused:
        text = f"按您的回答（{'、'.join(paused)}），时效期间暂不计算。{explanation.text}"
        return LimitationCheck(False, None, False, text, explanation.basis)
    if respondent or kind is None or not isinstance(start, dt.date):
        # A court does not raise limitation for the party who could plead it; nor do we.
        return LimitationCheck(False, None, False, explanation.text, explanation.basis)
    deadline = compute_deadline(kind, start)
    expired = deadline.ends_on < today
    state = "已经届满" if expired else "届满"
    text = (
        f"从{date_text(start)}起算，{deadline.label}{deadline.period_text}，"
        f"于{date_text(deadline.ends_on)}{state}。{explanation.text}"
    )
    if not deadline.calendar_covered:
        text += "（该年的节假日安排尚未收录，最后一日只按周末顺延）"
    return LimitationCheck(True, deadline.ends_on, expired, text, deadline.basis)


def _limitation_finding(limitation: LimitationCheck) -> Finding:
    notice = RISK_NOTICES[Risk.LIMITATION]
    if limitation.expired:
        reason = f"按您填写的日期，{limitation.text}"
        advice = (
            "如果期间内向对方催讨过、对方同意还款或者申请过调解、仲裁，时效会中断、重新计算，"
            "请准备好这些证据；对方提出时效抗辩而没有中断事由的，请求可能被驳回"
        )
        severity = 3
    else:
        reason = f"时效即将届满：{limitation.text}"
        advice = "请尽快起诉或者以书面方式向对方主张权利，并保存好催讨的记录"
        severity = 2
    return Finding(
        Risk.LIMITATION, notice.title, severity, reason, advice, (*notice.basis, *limitation.basis)
    )


def _small_claims(dispute: Dispute, claim: Decimal | None, context: Context) -> bool:
    return (
        dispute.small_claims.eligible is SmallClaims.POSSIBLE
        and claim is not None
        and context.small_claims_ceiling is not None
        and 0 < claim <= context.small_claims_ceiling
    )


def _costs(
    dispute: Dispute,
    claim: Decimal | None,
    values: Mapping[str, object],
    small: bool,
    context: Context,
    *,
    respondent: bool,
) -> tuple[Cost, ...]:
    costs: list[Cost] = []
    kind = CaseKind(dispute.fee.kind)
    uses_amount = KINDS[kind].amount_use is not AmountUse.NOT_USED
    procedure = FeeProcedure.SMALL_CLAIMS if small else FeeProcedure.SIMPLE
    request = FeeRequest(
        case_kind=kind,
        amount=claim if uses_amount and claim else None,
        procedure=procedure,
        wage_claim=dispute.code == "labor_remuneration",
    )
    try:
        fee = estimate_fee(request, context.standard, context.rounding)
    except FeeRequestError:
        fee = None
    if fee is not None:
        note = ""
        if fee.halved_total is not None:
            note = f"以调解方式结案或者撤诉的，减半为{format_yuan(fee.halved_total)}"
        costs.append(
            Cost(
                "案件受理费（估算）",
                fee.total,
                tuple(dict.fromkeys(line.basis for line in fee.lines)),
                note,
            )
        )
    if values.get("asset_transfer") == "yes" and claim and not respondent:
        preservation = estimate_fee(
            FeeRequest(case_kind=CaseKind.PRESERVATION, amount=claim),
            context.standard,
            context.rounding,
        )
        costs.append(
            Cost(
                "财产保全申请费（如申请保全）",
                preservation.total,
                (fee_measures(14, item=2),),
                "法院可以责令申请人提供担保",
            )
        )
    return tuple(costs)


def _duration(small: bool) -> tuple[Step, ...]:
    filing = Step("法院收到起诉状后，当场不能判定的，七日内决定是否立案", (civil_procedure(126),))
    if small:
        return (
            filing,
            Step(
                "适用小额诉讼程序的，一般在立案之日起两个月内审结，一审终审",
                (civil_procedure(168),),
            ),
        )
    return (
        filing,
        Step("适用简易程序的，一般在立案之日起三个月内审结", (civil_procedure(164),)),
        Step("案情复杂转为普通程序的，一般在立案之日起六个月内审结", (civil_procedure(152),)),
    )


def _next_steps(
    dispute: Dispute, values: Mapping[str, object], findings: list[Finding], *, respondent: bool
) -> tuple[Step, ...]:
    steps: list[Step] = []
    if dispute.pre_procedure is not None:
        pre = dispute.pre_procedure
        steps.append(Step(f"起诉前须先{pre.name}：{pre.explanation.text}", pre.explanation.basis))
    if dispute.mediation.suited:
        steps.append(
            Step(
                f"可以先申请诉前调解，不收费：{dispute.mediation.text}",
                (civil_procedure(125), Basis(PEOPLES_MEDIATION_LAW, 4)),
            )
        )
    if values.get("asset_transfer") == "yes" and not respondent:
        steps.append(
            Step(
                "担心对方转移财产的，可以在起诉时申请诉讼保全，情况紧急的可以在起诉前申请诉前保全"
                "（诉前保全后三十日内须起诉）",
                (civil_procedure(103), civil_procedure(104)),
            )
        )
    steps.extend(Step(f.advice) for f in findings if f.advice)
    if values.get("hardship") == "yes":
        steps.append(
            Step(
                "经济困难的，起诉时可以书面申请缓交、减交或者免交诉讼费；也可以拨打12348"
                "向法律援助机构申请法律援助",
                (fee_measures(44), fee_measures(48)),
            )
        )
    return tuple(dict.fromkeys(steps))
