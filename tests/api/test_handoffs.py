"""Handoff tickets: the action server opens them, staff list and close them."""

import pytest

SERVICE = {"Authorization": "Bearer test-service-token"}
STAFF = {"Authorization": "Bearer test-staff-token"}
TICKET = {
    "conversation_id": "sms-abc123",
    "channel": "sms",
    "reason": "用户要求人工服务",
    "transcript": [{"speaker": "user", "text": "转人工"}, {"speaker": "bot", "text": "好的"}],
}


def test_the_action_server_opens_a_ticket_and_staff_see_it(client):
    created = client.post("/api/v1/handoffs", json=TICKET, headers=SERVICE)
    assert created.status_code == 201
    code = created.json["code"]
    assert code.startswith("RG") and len(code) == 8
    listed = client.get("/api/v1/staff/handoffs?status=open", headers=STAFF).json["tickets"]
    assert [(t["code"], t["transcript"]) for t in listed] == [(code, TICKET["transcript"])]


def test_a_conversation_has_one_open_ticket_at_a_time(client):
    first = client.post("/api/v1/handoffs", json=TICKET, headers=SERVICE).json["code"]
    second = client.post("/api/v1/handoffs", json=TICKET, headers=SERVICE).json["code"]
    assert first == second


def test_staff_close_a_ticket_once(client):
    code = client.post("/api/v1/handoffs", json=TICKET, headers=SERVICE).json["code"]
    closed = client.post(
        f"/api/v1/staff/handoffs/{code}/close", json={"resolution": "已电话回复"}, headers=STAFF
    )
    assert closed.json["status"] == "closed" and closed.json["resolution"] == "已电话回复"
    again = client.post(
        f"/api/v1/staff/handoffs/{code}/close", json={"resolution": "x"}, headers=STAFF
    )
    assert again.status_code == 409
    assert client.get("/api/v1/staff/handoffs?status=open", headers=STAFF).json["tickets"] == []
    missing = client.post(
        "/api/v1/staff/handoffs/RGNOPE99/close", json={"resolution": "x"}, headers=STAFF
    )
    assert missing.status_code == 404


@pytest.mark.parametrize(
    ("method", "path", "headers"),
    [
        ("post", "/api/v1/handoffs", {}),
        ("post", "/api/v1/handoffs", STAFF),
        ("post", "/api/v1/handoffs", {"Authorization": "Basic dGVzdA=="}),
        ("get", "/api/v1/staff/handoffs", {}),
        ("get", "/api/v1/staff/handoffs", SERVICE),
        ("post", "/api/v1/staff/handoffs/RG000000/close", SERVICE),
    ],
)
def test_tickets_need_the_right_token(client, method, path, headers):
    response = getattr(client, method)(path, json=TICKET, headers=headers)
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthorized"


@pytest.mark.parametrize(
    "patch",
    [
        {"channel": "fax"},
        {"conversation_id": ""},
        {"transcript": "hello"},
        {"transcript": [{"speaker": "judge", "text": "x"}]},
        {"transcript": [{"speaker": "user"}]},
    ],
)
def test_malformed_tickets_are_refused(client, patch):
    response = client.post("/api/v1/handoffs", json={**TICKET, **patch}, headers=SERVICE)
    assert response.status_code == 422


def test_transcripts_are_capped(client):
    long = {**TICKET, "transcript": [{"speaker": "user", "text": "字" * 600}] * 12}
    ticket = client.post("/api/v1/handoffs", json=long, headers=SERVICE).json
    assert len(ticket["transcript"]) == 10
    assert all(len(line["text"]) == 500 for line in ticket["transcript"])
