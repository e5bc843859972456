"""Risk assessment: the questionnaire of a dispute, the assessment, a kept report by its code."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, jsonify

from kiosk_api import runtime
from kiosk_api.api.disputes import dispute_or_404
from kiosk_api.api.validation import bool_field, json_object, text_field
from kiosk_api.domain.filing import small_claims_ceiling
from kiosk_api.domain.risk_assessment import Context
from kiosk_api.domain.risk_questionnaires import Questionnaire, default_questionnaires
from kiosk_api.errors import NotFound
from kiosk_api.services.risk_reports import (
    assess_answers,
    keep,
    kept_report,
    questionnaire_json,
    read_answers,
    report_json,
)

bp = Blueprint("risk", __name__, url_prefix="/api/v1/risk")


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
    keep_it = bool_field(body, "keep", "keep ", default=True)
    settings = runtime.settings()
    today = dt.datetime.now(ZoneInfo(settings.COURT_TIMEZONE)).date()
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
    return jsonify({"code": kept, **answer})


@bp.get("/reports/<code>")
def kept(code: str) -> Response:
    """A kept report by its code (as typed: case, spaces and dashes do not matter)."""
    return jsonify(kept_report(runtime.db_session(), code[:40]))


def _questionnaire(dispute: str) -> Questionnaire:
    found = default_questionnaires().questionnaires.get(dispute)
    if found is None:
        available = "、".join(default_questionnaires().questionnaires)
        raise NotFound(
            f"“{dispute[:40]}”暂时没有风险评估问卷，目前提供：{available}",
            code="unknown_questionnaire",
        )
    return found
