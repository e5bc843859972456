"""开庭公告: a day's public hearings with party names masked."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import select

from kiosk_api.db import as_utc
from kiosk_api.models import Case, Hearing

CASE = "（2026）粤0304民初1001号"


def _hearing_day(sessions) -> str:
    """The local day of the showcase civil case's hearing (a working day a week ahead)."""
    with sessions() as session:
        moment = session.scalars(
            select(Hearing.scheduled_at).join(Hearing.case).where(Case.case_number == CASE)
        ).one()
    return as_utc(moment).astimezone(ZoneInfo("Asia/Shanghai")).date().isoformat()


def test_the_days_hearings_are_listed_with_names_masked(client, showcase):
    response = client.get(f"/api/v1/hearings?court=粤0304&date={_hearing_day(showcase)}")
    assert response.status_code == 200
    body = response.get_json()
    assert body["court"] == {"code": "粤0304", "name": "深圳市福田区人民法院"}
    hearing = next(h for h in body["hearings"] if h["case_number"] == CASE)
    assert hearing["time"] == "09:30"
    assert hearing["parties"] == [{"role": "原告", "name": "张*"}, {"role": "被告", "name": "李*"}]
    text = response.get_data(as_text=True)
    assert "张明" not in text and "13800138001" not in text


def test_other_courts_and_days_are_not_listed(client, showcase):
    day = _hearing_day(showcase)
    other_court = client.get(f"/api/v1/hearings?court=粤0305&date={day}").get_json()
    assert all(h["court"] == "深圳市南山区人民法院" for h in other_court["hearings"])
    far = client.get("/api/v1/hearings?date=2001-01-01").get_json()
    assert far == {"date": "2001-01-01", "court": None, "hearings": []}


def test_bad_parameters_get_a_chinese_422(client, showcase):
    bad_date = client.get("/api/v1/hearings?date=明天")
    assert bad_date.status_code == 422
    assert "YYYY-MM-DD" in bad_date.get_json()["error"]["message"]
    unknown = client.get("/api/v1/hearings?court=火星01")
    assert unknown.status_code == 422
    assert unknown.get_json()["error"]["code"] == "unknown_court"


def test_today_is_the_default_day(client, showcase):
    body = client.get("/api/v1/hearings").get_json()
    assert body["date"] == dt.datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()
