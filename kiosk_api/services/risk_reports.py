"""Risk assessments as a use case: read the answers, assess, keep the report under a code.

The kept report is the JSON the person saw — questions worded as in its questionnaire version —
under an anonymous code (no name, phone or case number), so a report made in chat can be
printed at a kiosk by typing the code, and a later questionnaire version never changes it.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from kiosk_api.db import transaction
from kiosk_api.domain.amounts import AmountError, parse_amount
from kiosk_api.domain.deadline_questions import DateTextError, find_date
from kiosk_api.domain.disputes import Dispute
from kiosk_api.domain.legal_basis import cites
from kiosk_api.domain.litigation_risks import RISK_NOTICES
from kiosk_api.domain.risk_assessment import AssessmentError, Context, Report, assess
from kiosk_api.domain.risk_questionnaires import Kind, Question, Questionnaire
from kiosk_api.errors import NotFound, Unprocessable
from kiosk_api.models import RiskReport

# Unambiguous on a kiosk keyboard and when read aloud: no 0/O, 1/I/L.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
SEVERITY_LABELS = {1: "低", 2: "中", 3: "高"}
MAX_ANSWER_CHARS = 64


def questionnaire_json(questionnaire: Questionnaire) -> dict[str, Any]:
    """GET /risk/questionnaires/{dispute}: the questions in asking order with their options."""
    return {
        "dispute": questionnaire.dispute,
        "title": questionnaire.title,
        "version": questionnaire.version,
        "questions": [
            {
                "id": q.id,
                "text": q.text,
                "kind": q.kind.value,
                "help": q.help or None,
                "options": [{"id": o.id, "label": o.label} for o in q.options],
            }
            for q in questionnaire.questions
        ],
    }


def read_answers(questionnaire: Questionnaire, raw: object, today: dt.date) -> dict[str, object]:
    """The JSON answers as the engine takes them (amounts and dates parsed), or a 422."""
    if not isinstance(raw, dict):
        raise Unprocessable(
            "answers 应为对象：问题编号 → 回答", code="invalid_field", detail={"field": "answers"}
        )
    answers: dict[str, object] = {}
    for key, value in raw.items():
        question = questionnaire.question(str(key))
        answers[str(key)[:MAX_ANSWER_CHARS]] = (
            value if question is None else _typed(question, value, today)
        )
    return answers


def _typed(question: Question, value: object, today: dt.date) -> object:
    field = {"field": f"answers.{question.id}"}
    if question.kind is Kind.AMOUNT and isinstance(value, (str, int, float)) and value != "":
        if isinstance(value, bool) or len(str(value)) > MAX_ANSWER_CHARS:
            raise Unprocessable(f"“{question.text}”请填写金额", code="invalid_amount", detail=field)
        try:
            return parse_amount(str(value), allow_zero=True).value
        except AmountError as exc:
            raise Unprocessable(exc.message, code="invalid_amount", detail=field) from None
    if question.kind is Kind.DATE and isinstance(value, str) and value:
        try:
            found = find_date(value[:MAX_ANSWER_CHARS], today)
        except DateTextError as exc:
            raise Unprocessable(str(exc), code="invalid_date", detail=field) from None
        if found is None:
            raise Unprocessable(
                f"“{question.text}”请填写日期，例如2025年3月1日",
                code="invalid_date",
                detail=field,
            )
        return found
    return value


def assess_answers(
    questionnaire: Questionnaire,
    dispute: Dispute,
    answers: Mapping[str, object],
    context: Context,
) -> Report:
    """The engine's report, with its refusals as 422s in Chinese."""
    try:
        return assess(questionnaire, dispute, answers, context)
    except AssessmentError as exc:
        detail = {"field": f"answers.{exc.question}" if exc.question else "answers"}
        raise Unprocessable(exc.message, code=exc.code, detail=detail) from None


def report_json(report: Report) -> dict[str, Any]:
    """The report as the API, the kiosk page and the store show it."""
    found = {f.risk for f in report.findings}
    return {
        "dispute": {"code": report.dispute, "cause": report.cause},
        "questionnaire_version": report.questionnaire_version,
        "assessed_on": report.assessed_on.isoformat(),
        "level": {"level": report.level.value, "rule": report.level_rule},
        "findings": [
            {
                "risk": f.risk.value,
                "title": f.title,
                "severity": f.severity,
                "severity_label": SEVERITY_LABELS[f.severity],
                "reason": f.reason,
                "advice": f.advice,
                "basis": cites(f.basis),
            }
            for f in report.findings
        ],
        "limitation": {
            "applies": report.limitation.applies,
            "ends_on": report.limitation.ends_on.isoformat() if report.limitation.ends_on else None,
            "expired": report.limitation.expired,
            "text": report.limitation.text,
            "basis": cites(report.limitation.basis),
        },
        "costs": [
            {"name": c.name, "amount": f"{c.amount:.2f}", "note": c.note, "basis": cites(c.basis)}
            for c in report.costs
        ],
        "duration": [{"text": s.text, "basis": cites(s.basis)} for s in report.duration],
        "next_steps": [{"text": s.text, "basis": cites(s.basis)} for s in report.next_steps],
        "answers": [
            {"question": a.question, "text": a.text, "answer": a.answer} for a in report.answers
        ],
        "general_risks": [
            {
                "risk": n.risk.value,
                "title": n.title,
                "statement": n.statement,
                "basis": cites(n.basis),
            }
            for n in RISK_NOTICES.values()
            if n.risk not in found
        ],
        "notice": report.notice,
    }


def keep(sessions: sessionmaker[Session], report: Report, body: dict[str, Any]) -> str:
    """Store the report under a new anonymous code and return the code."""
    for _ in range(5):  # 31^8 codes: a clash is rare, and retried
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        try:
            with transaction(sessions) as session:
                session.add(
                    RiskReport(
                        code=code,
                        dispute=report.dispute,
                        questionnaire_version=report.questionnaire_version,
                        level=report.level.value,
                        body=body,
                    )
                )
            return code
        except IntegrityError:
            continue
    raise RuntimeError("could not find a free report code")


def normalised_code(text: str) -> str:
    """A code as people type it (lower case, spaces, a dash) in its stored form."""
    return "".join(ch for ch in text.upper() if ch in CODE_ALPHABET)[:CODE_LENGTH]


def kept_report(session: Session, text: str) -> dict[str, Any]:
    """The stored report for a typed code, or a 404 in Chinese."""
    code = normalised_code(text)
    row = (
        session.scalar(select(RiskReport).where(RiskReport.code == code))
        if len(code) == CODE_LENGTH
        else None
    )
    if row is None:
        raise NotFound("没有找到这个报告编号，请核对后重新输入", code="unknown_report")
    return {"code": row.code, **row.body}
