"""开庭公告 on the kiosk: the week's public hearings, party names masked as in the API."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from flask import Blueprint, render_template, request

from kiosk_api import runtime
from kiosk_api.kiosk import device_gate, page_policy
from kiosk_api.services.hearing_notices import hearing_notices

bp = Blueprint(
    "kiosk_hearings", __name__, url_prefix="/kiosk/hearings", template_folder="templates"
)
page_policy.install(bp)
device_gate.install(bp)

# A notice board, not an archive: today and the six days after it, one button each.
DAYS_SHOWN = 7
_WEEKDAYS = "一二三四五六日"
_NAMED_DAYS = ("今天", "明天", "后天")
UNKNOWN_DAY = "只能查看今天起7天内的开庭公告，已为您显示今天的。"


@bp.get("")
def index() -> tuple[str, int]:
    """The chosen day's public hearings (today unless `date` names one of the next days)."""
    tz = ZoneInfo(runtime.settings().COURT_TIMEZONE)
    today = dt.datetime.now(tz).date()
    days = [today + dt.timedelta(days=n) for n in range(DAYS_SHOWN)]
    chosen, error = _chosen_day(request.args.get("date", ""), days)
    hearings = hearing_notices(runtime.db_session(), day=chosen, tz=tz, court=None)
    page = render_template(
        "kiosk/hearings.html",
        days=[{"date": d.isoformat(), "label": _label(d, n)} for n, d in enumerate(days)],
        chosen=chosen.isoformat(),
        chosen_label=_label(chosen, days.index(chosen)),
        hearings=hearings,
        error=error,
    )
    return page, 200 if error is None else 422


def _chosen_day(text: str, days: list[dt.date]) -> tuple[dt.date, str | None]:
    if not text:
        return days[0], None
    try:
        day = dt.date.fromisoformat(text.strip()[:10])
    except ValueError:
        return days[0], UNKNOWN_DAY
    return (day, None) if day in days else (days[0], UNKNOWN_DAY)


def _label(day: dt.date, offset: int) -> str:
    named = f"{_NAMED_DAYS[offset]} " if offset < len(_NAMED_DAYS) else ""
    return f"{named}{day.month}月{day.day}日 星期{_WEEKDAYS[day.weekday()]}"
