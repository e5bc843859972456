"""POST /api/v1/jurisdiction/advise: which courts may hear a first-instance case."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify

from kiosk_api import runtime
from kiosk_api.api.disputes import dispute_or_404
from kiosk_api.api.validation import bool_field, choice_field, json_object, text_field
from kiosk_api.domain.jurisdiction import AGREEMENT_PLACES, Agreement, JurisdictionError, advise
from kiosk_api.errors import Unprocessable
from kiosk_api.services.fee_estimates import amount_value
from kiosk_api.services.filing_guide import advice_json, court_records

bp = Blueprint("jurisdiction", __name__, url_prefix="/api/v1")

MAX_PLACE_CHARS = 100


@bp.post("/jurisdiction/advise")
def advise_view() -> Response:
    """The competent courts for a dispute and the places involved, with level and basis."""
    body = json_object()
    dispute = dispute_or_404(text_field(body, "dispute", "纠纷类型", max_chars=40))
    places = _places(body.get("places"))
    amount = None if body.get("amount") in (None, "") else amount_value(body["amount"]).value
    reference = runtime.filing()
    try:
        advice = advise(
            dispute,
            places,
            thresholds=reference.thresholds,
            directory=court_records(runtime.db_session()),
            amount=amount,
            cross_province=bool(bool_field(body, "cross_province", "是否跨省")),
            agreement=_agreement(body.get("agreement")),
            against_government=bool(
                bool_field(body, "against_government", "是否起诉县级以上人民政府")
            ),
        )
    except JurisdictionError as exc:
        raise Unprocessable(str(exc), code="invalid_place", detail={"field": "places"}) from None
    return jsonify(advice_json(advice))


def _places(raw: Any) -> dict[str, str]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise Unprocessable(
            'places 应为对象，例如 {"defendant_domicile": "深圳市福田区"}',
            code="invalid_field",
            detail={"field": "places"},
        )
    return {
        str(key)[:40]: text_field(raw, key, "地点", max_chars=MAX_PLACE_CHARS, required=False)
        for key in raw
    }


def _agreement(raw: Any) -> Agreement | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise Unprocessable(
            "agreement 应为对象（place、relation、written）",
            code="invalid_field",
            detail={"field": "agreement"},
        )
    return Agreement(
        place=text_field(raw, "place", "协议约定的地点", max_chars=MAX_PLACE_CHARS),
        relation=choice_field(raw, "relation", "约定地点与争议的关系", AGREEMENT_PLACES),
        written=bool(bool_field(raw, "written", "是否书面约定", default=True)),
        consumer_standard_terms=bool(bool_field(raw, "consumer_standard_terms", "是否格式条款")),
    )
