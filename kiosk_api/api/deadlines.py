"""Deadlines: GET /deadlines/kinds, POST /deadlines/compute."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, jsonify

from kiosk_api import runtime
from kiosk_api.api.validation import bool_field, json_object, text_field
from kiosk_api.errors import Unprocessable
from kiosk_api.services.deadline_answers import answer, kinds_json

bp = Blueprint("deadlines", __name__, url_prefix="/api/v1")

MAX_QUESTION_CHARS = 200


@bp.get("/deadlines/kinds")
def kinds() -> Response:
    """Every period the assistant computes, with length, start and basis."""
    return jsonify({"kinds": kinds_json()})


@bp.post("/deadlines/compute")
def compute() -> Response:
    """A period's last day from its start (民诉法 85 / 民法典 201–203), or its rule when no date."""
    body = json_object()
    question = text_field(body, "question", "问题", max_chars=MAX_QUESTION_CHARS, required=False)
    kind = text_field(body, "kind", "期限种类", max_chars=60, required=False)
    if not kind and not question:
        raise Unprocessable(
            "请填写期限种类（kind）或者问题（question）",
            code="missing_field",
            detail={"field": "kind"},
        )
    today = dt.datetime.now(ZoneInfo(runtime.settings().COURT_TIMEZONE)).date()
    return jsonify(
        answer(
            kind=kind or None,
            question=question,
            start=text_field(body, "start", "起算日期", max_chars=40, required=False),
            abroad=bool_field(body, "abroad", "abroad "),
            procedure=text_field(body, "procedure", "审理程序", max_chars=40, required=False)
            or None,
            today=today,
        )
    )
