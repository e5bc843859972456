"""The idle wipe's server half: the session and every cookie but the device's are forgotten."""

from __future__ import annotations

from kiosk_api.kiosk.device_gate import COOKIE


def test_reset_forgets_the_chat_sender_so_the_next_person_starts_anew(client, fake_rasa):
    client.post("/kiosk/chat", data={"message": "你好"})
    client.post("/kiosk/chat", data={"message": "转人工"})
    first, again = fake_rasa.sent[0][0], fake_rasa.sent[1][0]
    assert first == again

    reset = client.post("/kiosk/session/reset")
    assert reset.status_code == 204
    assert reset.headers["Cache-Control"] == "no-store"

    client.post("/kiosk/chat", data={"message": "你好"})
    assert fake_rasa.sent[2][0] != first
    assert fake_rasa.sent[2][0].startswith("kiosk-")


def test_reset_expires_every_cookie_except_the_device_cookie(client):
    client.set_cookie("left_behind", "1", path="/")
    client.post("/kiosk/chat", data={"message": "你好"})
    cookies = client.post("/kiosk/session/reset").headers.getlist("Set-Cookie")
    expired = {c.split("=", 1)[0] for c in cookies if "Max-Age=0" in c}
    assert {"left_behind", "kiosk_session"} <= expired
    assert not any(c.startswith(f"{COOKIE}=") for c in cookies)
    assert client.get("/kiosk").status_code == 200


def test_the_session_cookie_is_http_only_and_same_site(client):
    cookie = client.post("/kiosk/chat", data={"message": "你好"}).headers["Set-Cookie"]
    assert cookie.startswith("kiosk_session=")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie


def test_reset_works_on_a_revoked_kiosk_too(stranger):
    assert stranger.post("/kiosk/session/reset").status_code == 204
