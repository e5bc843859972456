"""The kiosk's risk-report pages: a code typed any way finds the report; it prints; it escapes."""

import pytest

from tests.api.test_risk_api import answers


@pytest.fixture
def kept(client):
    report = client.post(
        "/api/v1/risk/assess",
        json={"dispute": "private_lending", "answers": answers(assets="none")},
    ).get_json()
    return report


def test_the_report_page_shows_level_findings_basis_and_the_notice(client, kept):
    page = client.get(f"/kiosk/risk/reports/{kept['code']}").get_data(as_text=True)
    assert "诉讼风险评估报告" in page and kept["code"] in page
    assert f"总体风险：{kept['level']['level']}" in page
    assert kept["findings"][0]["reason"] in page
    assert "不是对案件事实和结果的判断" in page
    assert "依据：《" in page and "window.print()" in page


def test_a_code_typed_in_lower_case_with_a_dash_finds_the_report(client, kept):
    typed = f"{kept['code'][:4].lower()}-{kept['code'][4:].lower()}"
    response = client.get("/kiosk/risk", query_string={"code": typed})
    assert response.status_code == 200 and kept["code"] in response.get_data(as_text=True)


def test_an_unknown_code_says_so_in_chinese(client):
    response = client.get("/kiosk/risk", query_string={"code": "<b>nope</b>"})
    page = response.get_data(as_text=True)
    assert response.status_code == 404 and "没有找到这个报告编号" in page
    assert "<b>nope</b>" not in page and "&lt;b&gt;nope&lt;/b&gt;" in page


def test_the_pages_are_never_cached_and_load_nothing_from_outside(client, kept):
    response = client.get(f"/kiosk/risk/reports/{kept['code']}")
    assert response.headers["Cache-Control"] == "no-store"
    assert "https://" not in response.get_data(as_text=True)
