"""Procedural deadlines (诉讼期间): when a period ends, and the provisions that say so.

Counting follows 《民事诉讼法》第八十五条: the day the period starts is not counted (第二款), a
period of n days therefore ends on start + n days, and a last day that is a rest day moves to
the first working day after it (第三款; weekends count as rest days unless the State Council
made them working days, see `holidays`). For months and years 第八十五条 does not say which day
is "the same day" of a shorter month, so we apply the general rule for periods in
《民法典》第二百零二条: the corresponding day of the final month, or that month's last day when
it has none (1月31日 + 1个月 → 2月28日/29日). It is the one statutory answer to the question,
it keeps a period of n months inside its n-th month instead of spilling into the next, and
申请执行 (民诉法 250) is a 时效 that already follows the civil-law rules.
"""

from __future__ import annotations

import calendar as month_calendar
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum

from kiosk_api.domain.holidays import HolidayCalendar, default_calendar
from kiosk_api.domain.legal_basis import (
    ADMINISTRATIVE_PROCEDURE_LAW,
    APL_INTERPRETATION,
    CIVIL_CODE,
    CPL_INTERPRETATION,
    EVIDENCE_RULES,
    FILING_RULES,
    LABOUR_ARBITRATION_LAW,
    Basis,
    civil_procedure,
)
from kiosk_api.domain.stages import PROCEDURE_LABELS, Procedure

ALL_PARTIES = "all"  # the party_role of a document served on every party


class DeadlineError(ValueError):
    """A deadline cannot be computed from what was given; the message says why, in Chinese."""


class DeadlineKind(StrEnum):
    """The periods the assistant computes."""

    DEFENCE = "defence"
    APPEAL_DEFENCE = "appeal_defence"
    APPEAL_JUDGMENT = "appeal_judgment"
    APPEAL_RULING = "appeal_ruling"
    ADMINISTRATIVE_APPEAL_JUDGMENT = "administrative_appeal_judgment"
    ADMINISTRATIVE_APPEAL_RULING = "administrative_appeal_ruling"
    EVIDENCE = "evidence"
    ENFORCEMENT_APPLICATION = "enforcement_application"
    RETRIAL = "retrial"
    ADMINISTRATIVE_RETRIAL = "administrative_retrial"
    SUIT_AFTER_PRESERVATION = "suit_after_preservation"
    LIMITATION = "limitation"
    LABOUR_ARBITRATION = "labour_arbitration"
    ADMINISTRATIVE_SUIT = "administrative_suit"
    ADMINISTRATIVE_SUIT_AFTER_RECONSIDERATION = "administrative_suit_after_reconsideration"
    FILING_DECISION = "filing_decision"
    TRIAL_ORDINARY = "trial_ordinary"
    TRIAL_SIMPLE = "trial_simple"
    TRIAL_SMALL_CLAIMS = "trial_small_claims"


class Counting(StrEnum):
    """How a period is counted: procedural (民诉法 85) or civil-law (民法典 201–203)."""

    PROCEDURAL = "procedural"
    CIVIL = "civil"


class Unit(StrEnum):
    """The unit a period is counted in, spelled as a Chinese statute spells it."""

    DAY = "日"
    MONTH = "个月"
    YEAR = "年"


@dataclass(frozen=True)
class Period:
    """A length of time, e.g. 15日, 6个月, 2年."""

    amount: int
    unit: Unit

    def text(self) -> str:
        """The period as shown to the user, e.g. "15日"."""
        return f"{self.amount}{self.unit.value}"


@dataclass(frozen=True)
class DeadlineRule:
    """One period of the rule table: its label, length, basis and what starts it."""

    kind: DeadlineKind
    label: str
    period: Period
    basis: tuple[Basis, ...]
    starts_with: str
    abroad_period: Period | None = None
    abroad_basis: tuple[Basis, ...] = ()
    notes: tuple[str, ...] = ()
    counting: Counting = Counting.PROCEDURAL


@dataclass(frozen=True)
class EvidencePeriod:
    """The standard 举证期限 of one procedure and the limit the rules set on it."""

    label: str
    period: Period
    basis: tuple[Basis, ...]
    limit: str


@dataclass(frozen=True)
class Deadline:
    """A computed deadline: the last day to act, how it was counted, and why."""

    kind: DeadlineKind
    label: str
    start: dt.date
    ends_on: dt.date
    period_text: str
    basis: tuple[Basis, ...]
    notes: tuple[str, ...]
    moved_from: dt.date | None = None  # the last day before a rest-day move
    document: str | None = None  # the served document it runs from, when known
    calendar_covered: bool = True  # False: the holiday notice for a year involved is not on file


@dataclass(frozen=True)
class ServedDocument:
    """A document the court served on a party (party_role "all": served on every party)."""

    document: str
    served_on: dt.date
    party_role: str


_DAYS_15 = Period(15, Unit.DAY)
# 民诉法解释 243: periods that do not count towards the trial time limit.
_TRIAL_EXCLUSIONS = (
    "公告期间、鉴定期间、双方当事人和解期间、审理当事人提出的管辖异议以及处理人民法院之间的"
    "管辖争议期间不计入审理期限（《民诉法解释》第二百四十三条）"
)
_DAYS_30 = Period(30, Unit.DAY)
_ABROAD_APPEAL = (
    civil_procedure(286),
)  # 在中华人民共和国领域内没有住所的当事人: 30 days to appeal or answer

DEADLINE_RULES: Mapping[DeadlineKind, DeadlineRule] = {
    rule.kind: rule
    for rule in (
        DeadlineRule(
            DeadlineKind.DEFENCE,
            "答辩期",
            _DAYS_15,
            (civil_procedure(128, 1),),
            "收到起诉状副本之日",
            abroad_period=_DAYS_30,
            abroad_basis=(civil_procedure(285),),
        ),
        DeadlineRule(
            DeadlineKind.APPEAL_DEFENCE,
            "上诉答辩期",
            _DAYS_15,
            (civil_procedure(174),),
            "收到上诉状副本之日",
            abroad_period=_DAYS_30,
            abroad_basis=_ABROAD_APPEAL,
        ),
        DeadlineRule(
            DeadlineKind.APPEAL_JUDGMENT,
            "上诉期（判决）",
            _DAYS_15,
            (civil_procedure(171, 1),),
            "判决书送达之日",
            abroad_period=_DAYS_30,
            abroad_basis=_ABROAD_APPEAL,
        ),
        DeadlineRule(
            DeadlineKind.APPEAL_RULING,
            "上诉期（裁定）",
            Period(10, Unit.DAY),
            (civil_procedure(171, 2),),
            "裁定书送达之日",
            abroad_period=_DAYS_30,
            abroad_basis=_ABROAD_APPEAL,
        ),
        DeadlineRule(
            DeadlineKind.ADMINISTRATIVE_APPEAL_JUDGMENT,
            "上诉期（行政判决）",
            _DAYS_15,
            (Basis(ADMINISTRATIVE_PROCEDURE_LAW, 85),),
            "判决书送达之日",
        ),
        DeadlineRule(
            DeadlineKind.ADMINISTRATIVE_APPEAL_RULING,
            "上诉期（行政裁定）",
            Period(10, Unit.DAY),
            (Basis(ADMINISTRATIVE_PROCEDURE_LAW, 85),),
            "裁定书送达之日",
        ),
        DeadlineRule(
            DeadlineKind.EVIDENCE,
            "举证期限",
            _DAYS_15,  # replaced by the procedure's figure, see EVIDENCE_PERIODS
            (),
            "收到举证通知书之日",
        ),
        DeadlineRule(
            DeadlineKind.ENFORCEMENT_APPLICATION,
            "申请执行期限",
            Period(2, Unit.YEAR),
            (civil_procedure(250, 1), civil_procedure(250, 2)),
            "法律文书规定履行期间的最后一日",
            notes=(
                "法律文书规定分期履行的，从最后一期履行期限届满之日起计算；"
                "法律文书未规定履行期间的，从法律文书生效之日起计算",
                "申请执行时效的中止、中断，适用法律有关诉讼时效中止、中断的规定",
            ),
        ),
        DeadlineRule(
            DeadlineKind.RETRIAL,
            "申请再审期限",
            Period(6, Unit.MONTH),
            (civil_procedure(216),),
            "判决、裁定发生法律效力之日",
            notes=(
                "有《民事诉讼法》第二百一十一条第一项、第三项、第十二项、第十三项规定情形的，"
                "自知道或者应当知道之日起六个月内提出",
            ),
        ),
        DeadlineRule(
            DeadlineKind.ADMINISTRATIVE_RETRIAL,
            "申请再审期限（行政）",
            Period(6, Unit.MONTH),
            (Basis(APL_INTERPRETATION, 110),),
            "判决、裁定或者调解书发生法律效力之日",
            notes=(
                "有新的证据足以推翻原判决、裁定等法定情形的，自知道或者应当知道之日起六个月内提出",
            ),
        ),
        DeadlineRule(
            DeadlineKind.SUIT_AFTER_PRESERVATION,
            "诉前保全后起诉期限",
            _DAYS_30,
            (civil_procedure(104, 3),),
            "人民法院采取保全措施之日",
            notes=("逾期不依法提起诉讼或者申请仲裁的，人民法院应当解除保全",),
        ),
        DeadlineRule(
            DeadlineKind.LIMITATION,
            "诉讼时效",
            Period(3, Unit.YEAR),
            (Basis(CIVIL_CODE, 188, 1), Basis(CIVIL_CODE, 188, 2)),
            "知道或者应当知道权利受到损害以及义务人之日",
            notes=(
                "自权利受到损害之日起超过二十年的，人民法院不予保护",
                "同一债务分期履行的，从最后一期履行期限届满之日起计算（《民法典》第一百八十九条）",
                "时效期间内向对方催讨、对方同意履行或者起诉、申请仲裁的，时效中断，重新计算"
                "（《民法典》第一百九十五条）",
                "请求支付抚养费、赡养费、扶养费等请求权不适用诉讼时效（《民法典》第一百九十六条）",
            ),
            counting=Counting.CIVIL,
        ),
        DeadlineRule(
            DeadlineKind.LABOUR_ARBITRATION,
            "劳动争议仲裁时效",
            Period(1, Unit.YEAR),
            (Basis(LABOUR_ARBITRATION_LAW, 27, 1),),
            "知道或者应当知道其权利被侵害之日",
            notes=(
                "劳动争议须先申请劳动仲裁，对仲裁裁决不服的才能向人民法院起诉"
                "（《劳动争议调解仲裁法》第五条）",
                "劳动关系存续期间因拖欠劳动报酬发生争议的，不受一年的限制；劳动关系终止的，"
                "应当自劳动关系终止之日起一年内提出（《劳动争议调解仲裁法》第二十七条第四款）",
            ),
            counting=Counting.CIVIL,
        ),
        DeadlineRule(
            DeadlineKind.ADMINISTRATIVE_SUIT,
            "行政诉讼起诉期限",
            Period(6, Unit.MONTH),
            (Basis(ADMINISTRATIVE_PROCEDURE_LAW, 46, 1),),
            "知道或者应当知道作出行政行为之日",
            notes=(
                "法律另有规定的除外；因不动产提起诉讼的，自行政行为作出之日起最长不超过二十年，"
                "其他案件不超过五年（《行政诉讼法》第四十六条第二款）",
                "期间计算适用《民事诉讼法》的规定（《行政诉讼法》第一百零一条）",
            ),
        ),
        DeadlineRule(
            DeadlineKind.ADMINISTRATIVE_SUIT_AFTER_RECONSIDERATION,
            "复议后起诉期限",
            _DAYS_15,
            (Basis(ADMINISTRATIVE_PROCEDURE_LAW, 45),),
            "收到复议决定书之日",
            notes=("复议机关逾期不作决定的，自复议期满之日起十五日内起诉",),
        ),
        DeadlineRule(
            DeadlineKind.FILING_DECISION,
            "立案审查期限",
            Period(7, Unit.DAY),
            (civil_procedure(126), Basis(FILING_RULES, 8, item=1)),
            "人民法院收到起诉状之日",
            notes=(
                "材料齐全、符合起诉条件的，当场登记立案（《登记立案规定》第二条第二款）",
                "需要补正材料的，自收到补正材料之日起计算（《登记立案规定》第七条第二款）",
                "七日内仍不能判定是否符合起诉条件的，应当先行立案（《登记立案规定》第八条第二款）",
            ),
        ),
        DeadlineRule(
            DeadlineKind.TRIAL_ORDINARY,
            "审理期限（普通程序）",
            Period(6, Unit.MONTH),
            (civil_procedure(152),),
            "立案之日",
            notes=(
                "有特殊情况的，经本院院长批准可以延长六个月；还需延长的，报请上级人民法院批准",
                _TRIAL_EXCLUSIONS,
            ),
        ),
        DeadlineRule(
            DeadlineKind.TRIAL_SIMPLE,
            "审理期限（简易程序）",
            Period(3, Unit.MONTH),
            (civil_procedure(164),),
            "立案之日",
            notes=(
                "有特殊情况需要延长的，经本院院长批准，可以延长一个月",
                _TRIAL_EXCLUSIONS,
            ),
        ),
        DeadlineRule(
            DeadlineKind.TRIAL_SMALL_CLAIMS,
            "审理期限（小额诉讼）",
            Period(2, Unit.MONTH),
            (civil_procedure(168),),
            "立案之日",
            notes=(
                "有特殊情况需要延长的，经本院院长批准，可以延长一个月",
                _TRIAL_EXCLUSIONS,
            ),
        ),
    )
}

_EVIDENCE_RULE_51 = Basis(EVIDENCE_RULES, 51, 2)

# 证据规定 51(2) sets a floor for ordinary and second-instance cases and a ceiling for simple
# and small-claims cases; the figure itself is the one that limit names.
EVIDENCE_PERIODS: Mapping[Procedure, EvidencePeriod] = {
    Procedure.ORDINARY: EvidencePeriod(
        "第一审普通程序", _DAYS_15, (_EVIDENCE_RULE_51,), "不得少于十五日"
    ),
    Procedure.SIMPLE: EvidencePeriod(
        "简易程序",
        _DAYS_15,
        (_EVIDENCE_RULE_51, Basis(CPL_INTERPRETATION, 266, 1)),
        "不得超过十五日",
    ),
    Procedure.SMALL_CLAIMS: EvidencePeriod(
        "小额诉讼",
        Period(7, Unit.DAY),
        (_EVIDENCE_RULE_51, Basis(CPL_INTERPRETATION, 275, 1)),
        "一般不得超过七日",
    ),
    Procedure.SECOND_INSTANCE: EvidencePeriod(
        "当事人提供新的证据的第二审", Period(10, Unit.DAY), (_EVIDENCE_RULE_51,), "不得少于十日"
    ),
}

_COUNTING = civil_procedure(85, 2)
_REST_DAY_MOVE = civil_procedure(85, 3)
# 民法典 201 (the first day not counted) and 203 (a last day on a holiday moves on).
_CIVIL_COUNTING = Basis(CIVIL_CODE, 201)
_CIVIL_REST_DAY_MOVE = Basis(CIVIL_CODE, 203, 1)
_MONTH_END = Basis(CIVIL_CODE, 202)
_ADMINISTRATIVE_APPEALS = frozenset(
    {DeadlineKind.ADMINISTRATIVE_APPEAL_JUDGMENT, DeadlineKind.ADMINISTRATIVE_APPEAL_RULING}
)
_SHORT_PROCEDURES = frozenset({Procedure.SIMPLE, Procedure.SMALL_CLAIMS})


def compute_deadline(
    kind: DeadlineKind | str,
    start: dt.date,
    *,
    abroad: bool = False,
    procedure: Procedure | str | None = None,
    calendar: HolidayCalendar | None = None,
) -> Deadline:
    """The last day of the `kind` period that starts on `start`, with its basis and notes."""
    rule = DEADLINE_RULES[_kind(kind)]
    period, basis, notes = _applicable_period(rule, _procedure(procedure), abroad)
    days = calendar or default_calendar()
    try:
        last_day, clamped = _end_of_period(start, period)
        ends_on = days.next_working_day(last_day)
    except (OverflowError, ValueError) as exc:
        raise DeadlineError(f"{date_text(start)}起算的期间超出了可以计算的日期范围") from exc

    counting = [
        f"自{rule.starts_with}（{date_text(start)}）的次日起算，期间开始之日不计算在内；"
        f"期间为{period.text()}"
    ]
    civil = rule.counting is Counting.CIVIL
    cited = [*basis, _CIVIL_COUNTING if civil else _COUNTING]
    if clamped:
        counting.append(
            f"{last_day.year}年{last_day.month}月没有与起算日对应的日期，"
            f"以该月末日（{date_text(last_day)}）为期间届满的最后一日"
        )
        cited.append(_MONTH_END)
    if ends_on != last_day:
        counting.append(
            f"期间届满的最后一日（{date_text(last_day)}）为法定休假日，顺延至{date_text(ends_on)}"
        )
        cited.append(_CIVIL_REST_DAY_MOVE if civil else _REST_DAY_MOVE)
    uncovered = [y for y in range(last_day.year, ends_on.year + 1) if not days.covers(y)]
    counting.extend(
        f"本系统尚未收录{year}年的国务院节假日安排，只按周末顺延；"
        "如果最后一日是该年的法定节假日，实际期限可能更晚，请以法院通知为准"
        for year in uncovered
    )
    return Deadline(
        kind=rule.kind,
        label=rule.label,
        start=start,
        ends_on=ends_on,
        period_text=period.text(),
        basis=tuple(cited),
        notes=(*counting, *notes),
        moved_from=last_day if ends_on != last_day else None,
        calendar_covered=not uncovered,
    )


def _applicable_period(
    rule: DeadlineRule, procedure: Procedure | None, abroad: bool
) -> tuple[Period, tuple[Basis, ...], list[str]]:
    """The period, basis and notes for this party: by procedure (举证期限) or abroad (涉外)."""
    period, basis = rule.period, rule.basis
    notes: list[str] = []
    if rule.kind is DeadlineKind.EVIDENCE:
        evidence = _evidence_period(procedure)
        period, basis = evidence.period, evidence.basis
        notes.append(
            f"{evidence.label}案件人民法院指定的举证期限{evidence.limit}，"
            f"此处按{period.text()}计算；举证期限以人民法院举证通知书载明的期限为准"
        )
    elif abroad and rule.abroad_period is not None:
        period, basis = rule.abroad_period, rule.abroad_basis
        notes.append(f"当事人在中华人民共和国领域内没有住所，期间为{period.text()}")
    elif abroad and rule.kind in _ADMINISTRATIVE_APPEALS:
        # 行政诉讼法 85 has no 涉外 extension; whether 民诉法 286 applies is for the court.
        notes.append("涉外行政案件的上诉期间，请以人民法院的告知为准")
    if rule.kind is DeadlineKind.DEFENCE and procedure in _SHORT_PROCEDURES and not abroad:
        # 民诉法解释 266(1), 275(2): the court may fix a written-answer period in these procedures.
        notes.append("简易程序、小额诉讼案件中被告要求书面答辩的，答辩期间可能由人民法院另行确定")
    notes.extend(rule.notes)
    return period, basis, notes


def _kind(kind: DeadlineKind | str) -> DeadlineKind:
    try:
        return DeadlineKind(kind)
    except ValueError:
        raise DeadlineError(f"无法计算“{kind}”这种期间") from None


def _procedure(procedure: Procedure | str | None) -> Procedure | None:
    if procedure is None:
        return None
    try:
        return Procedure(procedure)
    except ValueError:
        raise DeadlineError(f"未知的审理程序“{procedure}”") from None


def _evidence_period(procedure: Procedure | None) -> EvidencePeriod:
    if procedure is None or procedure not in EVIDENCE_PERIODS:
        names = "、".join(PROCEDURE_LABELS[p] for p in EVIDENCE_PERIODS)
        given = (
            "未说明审理程序" if procedure is None else f"{PROCEDURE_LABELS[procedure]}没有举证期限"
        )
        raise DeadlineError(f"计算举证期限需要说明审理程序（{names}），{given}")
    return EVIDENCE_PERIODS[procedure]


def _end_of_period(start: dt.date, period: Period) -> tuple[dt.date, bool]:
    """The nominal last day, and whether it was pulled back to a month's end."""
    if period.unit is Unit.DAY:
        return start + dt.timedelta(days=period.amount), False
    months = period.amount * (12 if period.unit is Unit.YEAR else 1)
    year, month_index = divmod(start.month - 1 + months, 12)
    year += start.year
    month = month_index + 1
    month_length = month_calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(start.day, month_length)), start.day > month_length


def date_text(day: dt.date) -> str:
    """A date as a Chinese court writes it: 2026年12月3日."""
    return f"{day.year}年{day.month}月{day.day}日"


# --- deadlines running from the documents served on a party ---------------------------------

_DEFENDING_ROLES = frozenset({"defendant", "respondent"})
# 民诉法 157(2): of all rulings only 不予受理, 管辖权异议 and 驳回起诉 can be appealed; 行政 cases
# call the first 不予立案.
_APPEALABLE_RULING_WORDS = ("不予受理", "不予立案", "驳回起诉", "管辖权异议", "管辖异议")
_FINAL_JUDGMENT = "以判决书送达之日作为判决发生法律效力之日计算；判决更早生效的，以实际生效之日为准"


@dataclass(frozen=True)
class _Found:
    kind: DeadlineKind
    basis: tuple[Basis, ...] = ()
    notes: tuple[str, ...] = ()


def running_deadlines(
    served: Iterable[ServedDocument],
    *,
    procedure: Procedure | str,
    party_role: str,
    today: dt.date,
    abroad: bool = False,
    calendar: HolidayCalendar | None = None,
) -> tuple[Deadline, ...]:
    """The deadlines still running on `today` for the party, from what was served on it."""
    chosen = _procedure(procedure)
    if chosen is None:
        raise DeadlineError("需要说明审理程序")
    running: dict[tuple[DeadlineKind, dt.date], Deadline] = {}
    for doc in served:
        if doc.party_role not in (party_role, ALL_PARTIES):
            continue
        for found in _deadlines_started_by(doc, chosen, party_role):
            deadline = compute_deadline(
                found.kind, doc.served_on, abroad=abroad, procedure=chosen, calendar=calendar
            )
            if deadline.ends_on < today:
                continue
            deadline = replace(
                deadline,
                basis=(*deadline.basis, *found.basis),
                notes=(*found.notes, *deadline.notes),
                document=doc.document,
            )
            running.setdefault((deadline.kind, deadline.start), deadline)
    return tuple(sorted(running.values(), key=lambda d: (d.ends_on, d.start, d.kind)))


def _deadlines_started_by(doc: ServedDocument, procedure: Procedure, role: str) -> list[_Found]:
    """What the served document sets running for this party (one document may start several)."""
    name = "".join(doc.document.split())
    administrative = "行政" in name
    found: list[_Found] = []
    if ("起诉状副本" in name or "应诉通知书" in name) and role in _DEFENDING_ROLES:
        found.append(_Found(DeadlineKind.DEFENCE))
    # A copy served on every party reaches the appellant too, who does not answer its own appeal.
    if "上诉状副本" in name and not (doc.party_role == ALL_PARTIES and role == "appellant"):
        found.append(_Found(DeadlineKind.APPEAL_DEFENCE))
    if "举证通知书" in name and procedure in EVIDENCE_PERIODS:
        found.append(_Found(DeadlineKind.EVIDENCE))
    if "判决书" in name:
        found.extend(_after_judgment(procedure, administrative))
    elif "裁定书" in name:
        found.extend(_after_ruling(name, procedure, administrative))
    # 调解书 take effect once both parties sign them (民诉法 100(3)): nothing to appeal.
    return found


def _after_judgment(procedure: Procedure, administrative: bool) -> list[_Found]:
    retrial = DeadlineKind.ADMINISTRATIVE_RETRIAL if administrative else DeadlineKind.RETRIAL
    basis: tuple[Basis, ...]
    if procedure is Procedure.SECOND_INSTANCE:
        basis = () if administrative else (civil_procedure(182),)
        return [
            _Found(
                retrial, basis, ("第二审判决是终审判决，不能上诉，可以申请再审", _FINAL_JUDGMENT)
            )
        ]
    if procedure is Procedure.SMALL_CLAIMS:
        basis = (
            () if administrative else (civil_procedure(165, 1), Basis(CPL_INTERPRETATION, 424, 1))
        )
        notes = ("小额诉讼案件实行一审终审，判决不能上诉，可以申请再审", _FINAL_JUDGMENT)
        return [_Found(retrial, basis, notes)]
    if procedure is Procedure.ENFORCEMENT:
        return []
    if administrative:
        return [_Found(DeadlineKind.ADMINISTRATIVE_APPEAL_JUDGMENT)]
    return [_Found(DeadlineKind.APPEAL_JUDGMENT)]


def _after_ruling(name: str, procedure: Procedure, administrative: bool) -> list[_Found]:
    # Second-instance and small-claims rulings are final (民诉法 182, 民诉法解释 276–277), and
    # enforcement rulings are reviewed (复议), not appealed.
    if procedure not in (Procedure.ORDINARY, Procedure.SIMPLE):
        return []
    if not any(word in name for word in _APPEALABLE_RULING_WORDS):
        return []
    if administrative:
        return [_Found(DeadlineKind.ADMINISTRATIVE_APPEAL_RULING)]
    return [_Found(DeadlineKind.APPEAL_RULING, (civil_procedure(157, 2),))]
