"""Risk assessment: the questionnaire of a dispute, the assessment, a kept report by its code."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, jsonify

from kiosk_api import runtime
from kiosk_api.api.disputes import dispute_or_404
from kiosk_api.api.validation import bool_field, json_object, text_field
from kiosk_api.db import transaction
from kiosk_api.domain.filing import small_claims_ceiling
from kiosk_api.domain.risk_answers import MAX_ANSWER_CHARS, AnswerUnclear, read_answer
from kiosk_api.domain.risk_assessment import Context
from kiosk_api.domain.risk_questionnaires import Questionnaire, default_questionnaires
from kiosk_api.errors import NotFound, Unprocessable
from kiosk_api.services.risk_links import report_link, text_report_link
from kiosk_api.services.risk_reports import (
    assess_answers,
    keep,
    kept_report,
    questionnaire_json,
    read_answers,
    report_json,
)

bp = Blueprint("risk", __name__, url_prefix="/api/v1/risk")


@bp.get("/questionnaires")
def questionnaires() -> Response:
    """The dispute types that have a questionnaire, with their titles, in file order."""
    found = default_questionnaires()
    return jsonify(
        {
            "version": found.version,
            "questionnaires": [
                {"dispute": q.dispute, "title": q.title, "questions": len(q.questions)}
                for q in found.questionnaires.values()
            ],
        }
    )


@bp.get("/questionnaires/<dispute>")
def questionnaire(dispute: str) -> Response:
    """The questions for one dispute type, in asking order, with their options."""
    return jsonify(questionnaire_json(_questionnaire(dispute)))


@bp.post("/assess")
def assess_view() -> Response:
    """Answers → the explained report; kept under an anonymous code unless `keep` is false."""
    body = json_object()
    code = text_field(body, "dispute", "纠纷类型", max_chars=40)
    form = _questionnaire(code)
    dispute = dispute_or_404(code)
    keep_it = bool_field(body, "keep", "是否保存报告", default=True)
    settings = runtime.settings()
    today = _today()
    tables = runtime.fee_tables()
    wage = runtime.filing().wages.get(settings.COURT_PROVINCE)
    context = Context(
        today=today,
        standard=tables.for_province(settings.COURT_PROVINCE),
        rounding=tables.rounding,
        small_claims_ceiling=small_claims_ceiling(wage) if wage else None,
    )
    report = assess_answers(form, dispute, read_answers(form, body.get("answers"), today), context)
    answer = report_json(report)
    kept = keep(runtime.session_factory(), report, answer) if keep_it else None
    link = report_link(settings, kept) if kept else None
    return jsonify({"code": kept, "link": link, **answer})


@bp.get("/reports/<code>")
def kept(code: str) -> Response:
    """A kept report by its code (as typed: case, spaces and dashes do not matter)."""
    report = kept_report(runtime.db_session(), code[:40])
    return jsonify({"link": report_link(runtime.settings(), report["code"]), **report})


def _questionnaire(dispute: str) -> Questionnaire:
    found = default_questionnaires().questionnaires.get(dispute)
    if found is None:
        available = "、".join(default_questionnaires().questionnaires)
        raise NotFound(
            f"“{dispute[:40]}”暂时没有风险评估问卷，目前提供：{available}",
            code="unknown_questionnaire",
        )
    return found


@bp.post("/answers/read")
def read_answer_view() -> Response:
    """A free-text answer to one question → the option(s), date or amount it means."""
    body = json_object()
    form = _questionnaire(text_field(body, "dispute", "纠纷类型", max_chars=40))
    question_id = text_field(body, "question", "问题编号", max_chars=64)
    question = form.question(question_id)
    if question is None:
        raise Unprocessable(
            f"问卷中没有“{question_id}”这个问题",
            code="unknown_question",
            detail={"field": "question"},
        )
    text = text_field(body, "text", "回答", max_chars=MAX_ANSWER_CHARS)
    try:
        answer = read_answer(question, text, _today())
    except AnswerUnclear as unclear:
        raise Unprocessable(
            unclear.message,
            code="answer_unclear",
            detail={"field": "text", "candidates": list(unclear.candidates)},
        ) from None
    return jsonify(
        {
            "question": question.id,
            "value": answer.value,
            "shown": answer.shown,
            "approximate": answer.approximate,
        }
    )


@bp.post("/reports/<code>/sms")
def text_link(code: str) -> Response:
    """Text the link of a kept report to a phone number (the number is not kept with it)."""
    body = json_object()
    phone = text_field(body, "phone", "手机号", max_chars=32)
    session_factory = runtime.session_factory()
    with transaction(session_factory) as session:
        stored = kept_report(session, code[:40])["code"]
        sent = text_report_link(session, runtime.settings(), stored, phone, dt.datetime.now(dt.UTC))
    return jsonify({"code": stored, "phone": sent.masked_phone, "queued": sent.queued})


def _today() -> dt.date:
    return dt.datetime.now(ZoneInfo(runtime.settings().COURT_TIMEZONE)).date()
