"""The dispute catalog: GET /disputes, GET /disputes/{code}, classify, small-claims check."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from kiosk_api import runtime
from kiosk_api.api.validation import json_object, text_field
from kiosk_api.domain.dispute_classifier import MAX_TEXT_CHARS
from kiosk_api.domain.disputes import Dispute
from kiosk_api.errors import NotFound, Unprocessable
from kiosk_api.services.fee_estimates import amount_value, province_value
from kiosk_api.services.filing_guide import (
    catalog_index,
    classification_json,
    dispute_detail,
    filing_ways,
    mediation_guide,
    small_claims_json,
)

bp = Blueprint("disputes", __name__, url_prefix="/api/v1")

MAX_CODE_CHARS = 40
MAX_RESULTS = 5


@bp.get("/disputes")
def index() -> Response:
    """Every dispute type of the catalog, briefly."""
    return jsonify(catalog_index(runtime.filing().catalog))


@bp.get("/disputes/<code>")
def show(code: str) -> Response:
    """One dispute type: materials, evidence, courts, limitation, mediation, small claims, fee."""
    return jsonify(dispute_detail(dispute_or_404(code), runtime.filing().catalog))


@bp.get("/filing-guide")
def filing_guide() -> Response:
    """How to file (当场/网上/自助/跨域/口头) and pre-litigation mediation, for any dispute."""
    return jsonify({**filing_ways(), "mediation": mediation_guide()})


@bp.post("/disputes/classify")
def classify() -> Response:
    """Free text → ranked dispute types, flagged when unsure."""
    body = json_object()
    text = text_field(body, "text", "问题描述", max_chars=MAX_TEXT_CHARS)
    limit = body.get("limit", 3)
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_RESULTS:
        raise Unprocessable(
            f"limit 应为1到{MAX_RESULTS}之间的整数", code="invalid_field", detail={"field": "limit"}
        )
    reference = runtime.filing()
    result = reference.classifier.classify(text, limit=limit)
    return jsonify(classification_json(result, reference.catalog))


@bp.post("/disputes/<code>/small-claims")
def small_claims(code: str) -> Response:
    """Whether a claim may use small-claims procedure, by the province's configured ceiling."""
    dispute = dispute_or_404(code)
    body = json_object()
    amount = amount_value(body.get("amount")).value
    province = province_value(body.get("province")) or runtime.settings().COURT_PROVINCE
    return jsonify(small_claims_json(dispute, amount, province, runtime.filing()))


def dispute_or_404(code: str) -> Dispute:
    """The catalog entry for `code`, or a 404 naming where to see the list."""
    dispute = runtime.filing().catalog.get(code)
    if dispute is None:
        raise NotFound(
            f"纠纷目录中没有“{code[:MAX_CODE_CHARS]}”，可查看 /api/v1/disputes 中的全部类型",
            code="unknown_dispute",
        )
    return dispute
