"""Only registered kiosks open the kiosk pages; the SMS-linked risk report stays public."""

from __future__ import annotations

import re

import pytest

from kiosk_api.kiosk.device_gate import COOKIE
from tests.api.test_risk_api import answers
from tests.kiosk.conftest import register

STAFF = {"Authorization": "Bearer test-staff-token"}
# Reachable by any browser: the stylesheet and scripts, the report linked from SMS, the
# staff's setup form and the wipe that only forgets.
PUBLIC = {"/kiosk/static/<path:filename>", "/kiosk/risk/reports/<code>", "/kiosk/setup"}


def kiosk_pages(app):
    """Every GET page under /kiosk that takes no path argument."""
    return sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/kiosk") and "GET" in rule.methods and not rule.arguments
    )


def test_every_kiosk_page_refuses_an_unregistered_browser_in_chinese(app, stranger):
    pages = [page for page in kiosk_pages(app) if page not in PUBLIC]
    assert {"/kiosk", "/kiosk/fees", "/kiosk/chat", "/kiosk/hearings", "/kiosk/cases"} <= set(pages)
    for page in pages:
        response = stranger.get(page)
        assert response.status_code == 403, page
        assert "本设备尚未登记为法院自助终端" in response.text
        assert response.headers["Cache-Control"] == "no-store"
        # No shell: no idle timer, no links into pages it cannot open.
        assert "kiosk-idle.js" not in response.text and 'href="/kiosk/fees"' not in response.text


def test_posting_a_form_needs_a_registered_kiosk_too(stranger):
    assert stranger.post("/kiosk/fees", data={"case_kind": "property"}).status_code == 403
    assert stranger.post("/kiosk/chat", data={"message": "你好"}).status_code == 403


def test_a_registered_kiosk_opens_every_page(app, client):
    for page in kiosk_pages(app):
        assert client.get(page).status_code == 200, page


def test_a_revoked_kiosk_is_refused_from_its_next_request(client):
    assert client.get("/kiosk").status_code == 200
    revoked = client.delete("/api/v1/staff/kiosks/大厅1号机", headers=STAFF)
    assert revoked.status_code == 200
    assert client.get("/kiosk").status_code == 403
    assert client.get("/kiosk/fees").status_code == 403


def test_a_made_up_device_cookie_is_refused(app):
    browser = app.test_client()
    browser.set_cookie(COOKIE, "x" * 43, path="/kiosk")
    assert browser.get("/kiosk").status_code == 403
    browser.set_cookie(COOKIE, "x" * 500, path="/kiosk")
    assert browser.get("/kiosk").status_code == 403


def test_the_risk_report_linked_from_sms_opens_on_any_phone(client, stranger):
    code = client.post(
        "/api/v1/risk/assess", json={"dispute": "private_lending", "answers": answers()}
    ).json["code"]
    page = stranger.get(f"/kiosk/risk/reports/{code}")
    assert page.status_code == 200 and code in page.text
    # On a phone: printable, but no kiosk idle timer or links into refused pages.
    assert "kiosk-idle.js" not in page.text and "输入其他编号" not in page.text
    assert stranger.get("/kiosk/static/kiosk.css").status_code == 200
    assert stranger.get("/kiosk/static/kiosk-idle.js").status_code == 200
    missing = stranger.get("/kiosk/risk/reports/NOPE2345")
    assert missing.status_code == 404 and 'action="/kiosk/risk"' not in missing.text


def test_staff_set_a_terminal_up_by_typing_its_token(app, stranger):
    token = register(app, "大厅2号机")
    form = stranger.get("/kiosk/setup")
    assert form.status_code == 200 and 'name="token"' in form.text
    assert 'autocomplete="off"' in form.text

    wrong = stranger.post("/kiosk/setup", data={"token": "not-a-token"})
    assert wrong.status_code == 403 and "设备凭证无效或已停用" in wrong.text
    assert COOKIE not in wrong.headers.get("Set-Cookie", "")

    done = stranger.post("/kiosk/setup", data={"token": f"  {token} "})
    assert done.status_code == 303 and done.headers["Location"] == "/kiosk"
    cookie = done.headers["Set-Cookie"]
    assert cookie.startswith(f"{COOKIE}={token};")
    for flag in ("HttpOnly", "SameSite=Strict", "Path=/kiosk", "Max-Age="):
        assert flag in cookie
    assert stranger.get("/kiosk").status_code == 200
    assert "大厅2号机" in stranger.get("/kiosk/setup").text


def test_the_home_page_renews_the_device_cookie_so_it_never_lapses(client, device_token):
    cookie = client.get("/kiosk").headers["Set-Cookie"]
    assert cookie.startswith(f"{COOKIE}={device_token};") and "HttpOnly" in cookie
    max_age = int(re.search(r"Max-Age=(\d+)", cookie).group(1))
    assert max_age >= 365 * 24 * 3600


@pytest.mark.parametrize("path", ["/kiosk/setup", "/kiosk/fees"])
def test_a_device_token_never_appears_in_a_page(client, device_token, path):
    assert device_token not in client.get(path).text
