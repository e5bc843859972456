"""What a verified party sees: stage path, hearing, staff, running deadlines, fees, documents."""

from __future__ import annotations

import re

import pytest

APPEAL = "（2025）粤03民终3001号"
ENFORCEMENT = "（2026）粤0304执2001号"


def _view(client, sms, case_number, phone):
    challenge = client.post(
        "/api/v1/cases/lookup",
        json={"case_number": case_number, "method": "sms", "phone": phone},
    ).get_json()["challenge_id"]
    code = re.search(r"验证码(\d{6})", sms.sent[-1].body).group(1)
    token = client.post(
        "/api/v1/cases/lookup/verify", json={"challenge_id": challenge, "code": code}
    ).get_json()["token"]
    response = client.get(
        f"/api/v1/cases/{case_number}", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200
    return response.get_json()


def test_a_served_second_instance_judgment_starts_the_retrial_window(client, showcase, sms):
    view = _view(client, sms, APPEAL, "13600136004")
    assert view["stage"]["label"] == "已宣判"
    assert [step["reached"] for step in view["progress"]][:5] == [True] * 5
    retrial = [d for d in view["deadlines"] if d["label"].startswith("申请再审")]
    assert retrial, view["deadlines"]
    assert "《民事诉讼法》第二百一十六条" in retrial[0]["basis"]
    assert 170 <= retrial[0]["days_left"] <= 190
    assert not [d for d in view["deadlines"] if d["label"].startswith("上诉期")]
    assert any(doc["document"] == "民事判决书" for doc in view["documents"])


def test_an_enforcement_case_follows_the_enforcement_stages(client, showcase, sms):
    view = _view(client, sms, ENFORCEMENT, "13700137003")
    assert [step["label"] for step in view["progress"]] == [
        "已立案",
        "财产调查中",
        "执行实施中",
        "已结案",
    ]
    assert view["you"]["role_label"] == "申请执行人"
    assert {p["role_label"] for p in view["parties"]} == {"申请执行人", "被执行人"}


def test_fees_show_what_is_owed_by_the_viewer(client, showcase, sms):
    view = _view(client, sms, "（2026）粤0304民初1001号", "13800138001")
    fees = view["fees"]
    assert fees["items"], view
    mine = [item for item in fees["items"] if item["payer_is_you"]]
    owed = sum(float(item["owed"]) for item in mine)
    assert float(fees["owed_by_you"]) == pytest.approx(owed)
    assert view["next_hearing"]["time_text"].endswith("09:30")


def test_a_verified_party_subscribes_and_unsubscribes(client, showcase, sms):
    case_number = "（2026）粤0304民初1001号"
    challenge = client.post(
        "/api/v1/cases/lookup",
        json={"case_number": case_number, "method": "sms", "phone": "13800138001"},
    ).get_json()["challenge_id"]
    code = re.search(r"验证码(\d{6})", sms.sent[-1].body).group(1)
    token = client.post(
        "/api/v1/cases/lookup/verify", json={"challenge_id": challenge, "code": code}
    ).get_json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    url = f"/api/v1/cases/{case_number}/subscription"
    assert client.post(url).status_code == 401
    subscribed = client.post(url, headers=auth)
    assert subscribed.status_code == 201
    assert subscribed.get_json()["masked_phone"] == "138****8001"
    assert "TD" in subscribed.get_json()["message"]
    assert client.get(f"/api/v1/cases/{case_number}", headers=auth).get_json()["subscribed"]
    assert client.post(url, headers=auth).status_code == 201  # twice is still one subscription
    cancelled = client.delete(url, headers=auth)
    assert cancelled.get_json() == {"subscribed": False, "message": "已取消本案的短信提醒。"}
    assert not client.get(f"/api/v1/cases/{case_number}", headers=auth).get_json()["subscribed"]
    assert client.delete(url, headers=auth).get_json()["message"].startswith("您尚未订阅")
