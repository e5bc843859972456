"""The kiosk home screen and shell: six big services, font toggle, idle setting, scripts."""

from __future__ import annotations

import re

from tests.kiosk.page_checks import only_own_scripts

SERVICES = {
    "立案指引": "/kiosk/filing",
    "诉讼费计算": "/kiosk/fees",
    "案件查询": "/kiosk/cases",
    "风险评估": "/kiosk/risk",
    "开庭公告": "/kiosk/hearings",
    "智能问答": "/kiosk/chat",
}


def tiles(html):
    """Each home button as (label, link)."""
    found = re.findall(
        r'<a class="service-tile" href="([^"]+)">\s*<span class="tile-label">([^<]+)</span>', html
    )
    return {label: href for href, label in found}


def test_home_offers_the_six_services_as_big_buttons_that_open(client):
    home = client.get("/kiosk")
    assert home.status_code == 200
    assert tiles(home.text) == SERVICES
    for href in SERVICES.values():
        assert client.get(href).status_code == 200, href


def test_every_page_carries_the_shell_with_the_idle_setting(client, app):
    settings = app.extensions["court.settings"]
    app.extensions["court.settings"] = settings.with_overrides({"KIOSK_IDLE_SECONDS": 45})
    for path in ("/kiosk", "/kiosk/fees", "/kiosk/filing", "/kiosk/chat", "/kiosk/hearings"):
        html = client.get(path).text
        assert 'data-idle-seconds="45"' in html, path
        assert 'data-reset-url="/kiosk/session/reset"' in html
        assert 'data-home-url="/kiosk"' in html
        assert 'id="font-toggle" aria-pressed="false"' in html
        assert 'id="end-session"' in html and "即将返回首页" in html
        assert only_own_scripts(html)
        assert '<script src="/kiosk/static/kiosk-idle.js" defer></script>' in html


def test_the_idle_setting_defaults_to_a_minute(client):
    assert 'data-idle-seconds="60"' in client.get("/kiosk").text


def test_only_a_fresh_home_page_tells_the_timer_there_is_nothing_to_wipe(client):
    assert 'data-fresh="1"' in client.get("/kiosk").text
    assert 'data-fresh="1"' not in client.get("/kiosk/fees").text
    client.post("/kiosk/chat", data={"message": "你好"})
    assert 'data-fresh="1"' not in client.get("/kiosk").text


def test_the_shell_scripts_are_served_and_never_use_html_injection(client):
    for name in ("kiosk-idle.js", "kiosk-font.js", "kiosk-chat.js"):
        script = client.get(f"/kiosk/static/{name}")
        assert script.status_code == 200 and "javascript" in script.mimetype
        source = script.text
        assert "innerHTML" not in source and "eval(" not in source and "http" not in source


def test_the_idle_script_wipes_storage_cookies_and_the_server_session_then_goes_home(client):
    source = client.get("/kiosk/static/kiosk-idle.js").text
    for step in ("sessionStorage", "localStorage", "document.cookie", "resetUrl", "replace("):
        assert step in source


def test_css_lays_the_home_out_for_both_orientations_and_large_print(client):
    css = client.get("/kiosk/static/kiosk.css").text
    assert "@media (orientation: portrait) and (max-aspect-ratio: 3/5)" in css
    assert "html.font-large" in css
    tile = re.search(r"\.service-tile \{(.*?)\}", css, re.S).group(1)
    assert int(re.search(r"min-height: (\d+)px", tile).group(1)) >= 120
    assert ":hover" not in css


def test_inputs_suit_the_on_screen_keyboard(client):
    chat = client.get("/kiosk/chat").text
    assert re.search(r'id="message"[^>]*inputmode="text"[^>]*enterkeyhint="send"', chat, re.S)
    assert 'autocomplete="off"' in chat
    filing = client.get("/kiosk/filing").text
    assert re.search(r'id="q"[^>]*inputmode="text"', filing)
    risk = client.get("/kiosk/risk").text
    assert 'inputmode="text"' in risk and 'autocomplete="off"' in risk
