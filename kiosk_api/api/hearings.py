"""GET /api/v1/hearings: 开庭公告 for a court and a day (public, names masked)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, jsonify, request
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk_api import runtime
from kiosk_api.errors import Unprocessable
from kiosk_api.models import Court
from kiosk_api.services.hearing_notices import hearing_notices

bp = Blueprint("hearings", __name__, url_prefix="/api/v1")

# The docket holds no hearing outside these years; bounding the day keeps the window arithmetic
# (a day ± its time zone) inside what dates and both databases can represent.
FIRST_DAY = dt.date(1990, 1, 1)
LAST_DAY = dt.date(2099, 12, 31)


@bp.get("/hearings")
def index() -> Response:
    """The day's public hearings (today by default), of one court or of all."""
    tz = ZoneInfo(runtime.settings().COURT_TIMEZONE)
    day = _day(request.args.get("date", ""), tz)
    session = runtime.db_session()
    court = _court(session, request.args.get("court", "").strip())
    return jsonify(
        {
            "date": day.isoformat(),
            "court": {"code": court.code, "name": court.name} if court else None,
            "hearings": hearing_notices(session, day=day, tz=tz, court=court),
        }
    )


def _day(text: str, tz: ZoneInfo) -> dt.date:
    if not text.strip():
        return dt.datetime.now(tz).date()
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise Unprocessable(
            "日期格式不正确，应为YYYY-MM-DD，例如2026-11-23",
            code="invalid_date",
            detail={"field": "date"},
        ) from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise Unprocessable(
            f"日期超出范围，应在{FIRST_DAY.year}年至{LAST_DAY.year}年之间",
            code="invalid_date",
            detail={"field": "date"},
        )
    return day


def _court(session: Session, code: str) -> Court | None:
    if not code:
        return None
    court = session.scalar(select(Court).where(Court.code == code))
    if court is None:
        raise Unprocessable(
            f"未找到法院代字为“{code[:16]}”的法院", code="unknown_court", detail={"field": "court"}
        )
    return court
