"""Staff register and revoke kiosks; the token is shown once and never logged."""

from __future__ import annotations

import pytest

from kiosk_api.services.kiosk_devices import authenticate_device

STAFF = {"Authorization": "Bearer test-staff-token"}
SERVICE = {"Authorization": "Bearer test-service-token"}


def _active(app, token):
    with app.extensions["court.sessions"]() as session:
        device = authenticate_device(session, token)
        return device.name if device else None


def test_staff_register_a_kiosk_and_get_its_token_once(app, client):
    response = client.post("/api/v1/staff/kiosks", json={"name": "大厅1号机"}, headers=STAFF)
    assert response.status_code == 201
    body = response.json
    assert body["name"] == "大厅1号机" and len(body["token"]) >= 40
    assert _active(app, body["token"]) == "大厅1号机"


def test_registering_a_name_again_replaces_its_token(app, client):
    first = client.post("/api/v1/staff/kiosks", json={"name": "大厅1号机"}, headers=STAFF).json
    second = client.post("/api/v1/staff/kiosks", json={"name": "大厅1号机"}, headers=STAFF).json
    assert first["token"] != second["token"]
    assert _active(app, first["token"]) is None
    assert _active(app, second["token"]) == "大厅1号机"


def test_staff_revoke_a_kiosk_and_its_token_stops_working(app, client):
    token = client.post("/api/v1/staff/kiosks", json={"name": "大厅1号机"}, headers=STAFF).json[
        "token"
    ]
    revoked = client.delete("/api/v1/staff/kiosks/大厅1号机", headers=STAFF)
    assert revoked.status_code == 200 and revoked.json == {"name": "大厅1号机", "revoked": True}
    assert _active(app, token) is None
    again = client.delete("/api/v1/staff/kiosks/大厅1号机", headers=STAFF)
    assert again.status_code == 404 and again.json["error"]["code"] == "unknown_kiosk"
    unknown = client.delete(f"/api/v1/staff/kiosks/{'x' * 80}", headers=STAFF)
    assert unknown.status_code == 404 and "没有名为" in unknown.json["error"]["message"]


@pytest.mark.parametrize("headers", [{}, SERVICE, {"Authorization": "Bearer nope"}])
def test_only_staff_may_register_or_revoke(client, headers):
    post = client.post("/api/v1/staff/kiosks", json={"name": "x"}, headers=headers)
    delete = client.delete("/api/v1/staff/kiosks/x", headers=headers)
    assert post.status_code == delete.status_code == 401
    assert post.json["error"]["message"] in ("缺少访问凭证", "访问凭证无效")


@pytest.mark.parametrize(
    ("body", "code"),
    [({}, "missing_field"), ({"name": " "}, "missing_field"), ({"name": "x" * 65}, "too_long")],
)
def test_a_kiosk_needs_a_short_name(client, body, code):
    response = client.post("/api/v1/staff/kiosks", json=body, headers=STAFF)
    assert response.status_code == 422 and response.json["error"]["code"] == code


def test_the_token_never_reaches_the_log(client, caplog):
    token = client.post("/api/v1/staff/kiosks", json={"name": "大厅9号机"}, headers=STAFF).json[
        "token"
    ]
    assert "大厅9号机" in caplog.text and token not in caplog.text


def test_the_endpoints_are_in_the_openapi_document(client):
    paths = client.get("/openapi.json").json["paths"]
    assert "post" in paths["/api/v1/staff/kiosks"]
    assert paths["/api/v1/staff/kiosks/{name}"]["delete"]["security"] == [{"staffToken": []}]
