"""开庭公告 on the kiosk: the API's notices for the coming days, party names masked."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.kiosk.page_checks import TZ, hearing_tomorrow


@pytest.fixture
def tomorrow(showcase):
    """The showcase civil case's hearing moved to 10:00 tomorrow; the day as text."""
    return hearing_tomorrow(showcase).isoformat()


def test_the_day_shows_the_same_hearings_as_the_api_with_names_masked(client, tomorrow):
    api = client.get(f"/api/v1/hearings?date={tomorrow}").json["hearings"]
    page = client.get(f"/kiosk/hearings?date={tomorrow}")
    assert page.status_code == 200
    html = page.text
    assert api, "the showcase hearing should be listed"
    for hearing in api:
        assert hearing["case_number"] in html and hearing["time"] in html
        for party in hearing["parties"]:
            assert f"{party['role']}：{party['name']}" in html
    assert "原告：张*" in html and "张明" not in html and "13800138001" not in html
    assert 'aria-current="date"' in html and "明天" in html


def test_today_is_the_default_and_a_quiet_day_says_so(client, showcase):
    html = client.get("/kiosk/hearings").text
    today = dt.datetime.now(TZ).date()
    assert f"今天 {today.month}月{today.day}日" in html
    assert 'id="hearing-list"' in html


def test_the_day_picker_offers_a_week_from_today(client):
    html = client.get("/kiosk/hearings").text
    today = dt.datetime.now(TZ).date()
    for n in range(7):
        assert f'date={(today + dt.timedelta(days=n)).isoformat()}"' in html
    assert f"date={(today + dt.timedelta(days=7)).isoformat()}" not in html


@pytest.mark.parametrize("date", ["明天", "2001-01-01", "<b>x</b>"])
def test_a_day_outside_the_week_falls_back_to_today_with_a_chinese_note(client, date):
    page = client.get("/kiosk/hearings", query_string={"date": date})
    assert page.status_code == 422
    assert "只能查看今天起7天内的开庭公告" in page.text and "<b>x</b>" not in page.text


def test_the_notice_prints(client):
    assert "window.print()" in client.get("/kiosk/hearings").text
