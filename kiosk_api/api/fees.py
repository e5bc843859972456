"""Litigation fees (《诉讼费用交纳办法》): case kinds, estimates, relief, and amount parsing."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from kiosk_api import runtime
from kiosk_api.api.validation import json_object, text_field
from kiosk_api.domain.amounts import AmountError, format_yuan, parse_amount
from kiosk_api.errors import Unprocessable
from kiosk_api.services.fee_estimates import (
    MAX_AMOUNT_TEXT,
    estimate_from,
    kinds_json,
    money,
    relief_from,
)

bp = Blueprint("fees", __name__, url_prefix="/api/v1")


@bp.get("/fees/kinds")
def kinds() -> Response:
    """Every case kind with its label and the amount it needs."""
    return jsonify({"kinds": kinds_json()})


@bp.post("/fees/estimate")
def estimate() -> Response:
    """The fee for a case or an application, itemised, each line with its article."""
    return jsonify(estimate_from(json_object(), runtime.fee_tables()))


@bp.post("/fees/relief")
def relief() -> Response:
    """Which of 缓交/减交/免交 the stated circumstances may earn, and what to submit."""
    return jsonify(relief_from(json_object()))


@bp.post("/amounts/parse")
def amounts_parse() -> Response:
    """An amount as people say it ("三万五", "120万元人民币") as a decimal string in yuan."""
    body = json_object()
    text = text_field(body, "text", "金额", max_chars=MAX_AMOUNT_TEXT)
    allow_zero = body.get("allow_zero", False)
    if not isinstance(allow_zero, bool):
        raise Unprocessable(
            "allow_zero 应为 true 或 false", code="invalid_field", detail={"field": "allow_zero"}
        )
    try:
        parsed = parse_amount(text, allow_zero=allow_zero)
    except AmountError as exc:
        raise Unprocessable(
            exc.message, code=f"amount_{exc.code}", detail={"field": "text"}
        ) from None
    return jsonify(
        {
            "amount": money(parsed.value),
            "display": format_yuan(parsed.value),
            "approximate": parsed.approximate,
        }
    )
