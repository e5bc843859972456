"""GET /api/v1/courts: the courts' public information (address, phone, hours, transport)."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request
from sqlalchemy import select

from kiosk_api import runtime
from kiosk_api.errors import NotFound, Unprocessable
from kiosk_api.models import Court
from kiosk_api.services.filing_guide import court_json, courts_matching

bp = Blueprint("courts", __name__, url_prefix="/api/v1")

MAX_QUERY_CHARS = 100
MAX_CODE_CHARS = 16  # the courts.code column


@bp.get("/courts")
def index() -> Response:
    """The courts (this court first), or those a text names (`q`: 南山法院, 中院 …)."""
    query = request.args.get("q", "")
    if len(query) > MAX_QUERY_CHARS:
        raise Unprocessable(
            f"查询文字过长，最多{MAX_QUERY_CHARS}个字", code="too_long", detail={"field": "q"}
        )
    home = runtime.settings().HOME_COURT
    courts = sorted(
        runtime.db_session().scalars(select(Court)), key=lambda c: (c.code != home, c.code)
    )
    matched = courts_matching(courts, query)
    return jsonify(
        {
            "query": query.strip() or None,
            "matched": bool(query.strip()) and bool(matched),
            "courts": [court_json(c, home=c.code == home) for c in matched],
        }
    )


@bp.get("/courts/<code>")
def show(code: str) -> Response:
    """One court by its 法院代字 (粤0304)."""
    # A code no court can have is not looked up: PostgreSQL refuses text with NUL in it.
    if len(code) > MAX_CODE_CHARS or not code.isprintable():
        court = None
    else:
        court = runtime.db_session().scalar(select(Court).where(Court.code == code))
    if court is None:
        raise NotFound(f"未找到法院代字为“{code[:16]}”的法院", code="unknown_court")
    return jsonify(court_json(court, home=court.code == runtime.settings().HOME_COURT))
