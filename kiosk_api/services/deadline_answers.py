"""Deadline answers as JSON: a period's rule, or its last day from a given start."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

from kiosk_api.domain.deadline_questions import (
    DateTextError,
    abroad_in_question,
    find_date,
    kind_for_question,
    period_not_computed,
    procedure_for_question,
)
from kiosk_api.domain.deadlines import (
    DEADLINE_RULES,
    EVIDENCE_PERIODS,
    Deadline,
    DeadlineError,
    DeadlineKind,
    compute_deadline,
    date_text,
)
from kiosk_api.domain.holidays import default_calendar
from kiosk_api.domain.legal_basis import cites
from kiosk_api.domain.stages import Procedure
from kiosk_api.errors import Unprocessable

UNKNOWN_KIND_MESSAGE = (
    "请说明是哪一种期限：上诉、答辩、举证、诉讼时效、劳动仲裁、行政起诉、申请执行、申请再审、"
    "诉前保全、立案审查或者审理期限"
)
# 民诉法 165(1) and 182: these judgments and rulings are final when made.
_FINAL = {
    Procedure.SMALL_CLAIMS.value: "小额诉讼案件实行一审终审（《民事诉讼法》第一百六十五条第一款）",
    Procedure.SECOND_INSTANCE.value: "第二审人民法院的判决、裁定是终审的判决、裁定"
    "（《民事诉讼法》第一百八十二条）",
}
_APPEALS = frozenset({DeadlineKind.APPEAL_JUDGMENT, DeadlineKind.APPEAL_RULING})


def kinds_json() -> list[dict[str, Any]]:
    """Every period the API computes, with its label, length and starting event."""
    return [rule_json(kind) for kind in DeadlineKind]


def rule_json(kind: DeadlineKind) -> dict[str, Any]:
    """A period's rule without a date: length, what starts it, basis and notes."""
    rule = DEADLINE_RULES[kind]
    answer: dict[str, Any] = {
        "kind": kind.value,
        "label": rule.label,
        "period": rule.period.text(),
        "starts_with": rule.starts_with,
        "abroad_period": rule.abroad_period.text() if rule.abroad_period else None,
        "basis": cites((*rule.basis, *rule.abroad_basis)),
        "notes": list(rule.notes),
    }
    if kind is DeadlineKind.EVIDENCE:
        answer["by_procedure"] = [
            {
                "procedure": procedure.value,
                "label": period.label,
                "period": period.period.text(),
                "limit": period.limit,
                "basis": cites(period.basis),
            }
            for procedure, period in EVIDENCE_PERIODS.items()
        ]
        answer["period"] = None
        answer["basis"] = cites(next(iter(EVIDENCE_PERIODS.values())).basis)
    return answer


def deadline_json(deadline: Deadline) -> dict[str, Any]:
    """A computed deadline: the last day, how it was counted, and why."""
    return {
        "kind": deadline.kind.value,
        "label": deadline.label,
        "start": deadline.start.isoformat(),
        "ends_on": deadline.ends_on.isoformat(),
        "ends_on_text": date_text(deadline.ends_on),
        "weekday": "一二三四五六日"[deadline.ends_on.weekday()],
        "period": deadline.period_text,
        "moved_from": deadline.moved_from.isoformat() if deadline.moved_from else None,
        "calendar_covered": deadline.calendar_covered,
        "calendar_years": sorted(default_calendar().notices),
        "notes": list(deadline.notes),
        "basis": cites(deadline.basis),
    }


def answer(
    *,
    kind: str | None,
    question: str,
    start: str,
    abroad: bool | None,
    procedure: str | None,
    today: dt.date,
) -> dict[str, Any]:
    """POST /deadlines/compute: the rule, or the last day when a start date is known."""
    chosen = _kind(kind, question)
    if chosen in _APPEALS and procedure in _FINAL:
        raise Unprocessable(
            f"{_FINAL[procedure]}，不能上诉；认为有错误的，可以申请再审",
            code="not_appealable",
            detail={"field": "procedure"},
        )
    start_day = _start(start, question, today)
    procedure = procedure or _value(procedure_for_question(question))
    if abroad is None:
        abroad = abroad_in_question(question)
    if start_day is None or (chosen is DeadlineKind.EVIDENCE and procedure is None):
        return {"computed": False, "rule": rule_json(chosen), "deadline": None}
    try:
        deadline = compute_deadline(chosen, start_day, abroad=abroad, procedure=procedure)
    except DeadlineError as exc:
        raise Unprocessable(str(exc), code="deadline_not_computable") from None
    return {"computed": True, "rule": rule_json(chosen), "deadline": deadline_json(deadline)}


def _kind(kind: str | None, question: str) -> DeadlineKind:
    if kind:
        try:
            return DeadlineKind(kind)
        except ValueError:
            raise Unprocessable(
                f"无法计算“{kind[:40]}”这种期限",
                code="invalid_choice",
                detail={"field": "kind", "allowed": [k.value for k in DeadlineKind]},
            ) from None
    if (rule := period_not_computed(question)) is not None:
        raise Unprocessable(rule, code="deadline_not_computable", detail={"field": "question"})
    found = kind_for_question(question)
    if found is None:
        raise Unprocessable(UNKNOWN_KIND_MESSAGE, code="unknown_deadline", detail={"field": "kind"})
    return found


def _start(start: str, question: str, today: dt.date) -> dt.date | None:
    try:
        if not start:
            return find_date(question, today) if question else None
        with contextlib.suppress(ValueError):
            return dt.date.fromisoformat(start)
        found = find_date(start, today)
    except DateTextError as exc:
        raise Unprocessable(str(exc), code="invalid_date", detail={"field": "start"}) from None
    if found is None:
        raise Unprocessable(
            f"无法识别日期“{start[:40]}”，请写成2026年11月3日或2026-11-03",
            code="invalid_date",
            detail={"field": "start"},
        )
    return found


def _value(procedure: Procedure | None) -> str | None:
    return procedure.value if procedure else None
