"""The kiosk shell in a real browser: device setup, home, orientations, font size, idle wipe."""

from __future__ import annotations

import re

import pytest
import requests

from tests.browser.conftest import STAFF_TOKEN, device_cookie, expect, screenshot

pytestmark = pytest.mark.browser

SERVICES = {
    "立案指引": ("/kiosk/filing", "立案指引"),
    "诉讼费计算": ("/kiosk/fees", "诉讼费用计算"),
    "案件查询": ("/kiosk/cases", "案件查询"),
    "风险评估": ("/kiosk/risk", "打印风险评估报告"),
    "开庭公告": ("/kiosk/hearings", "开庭公告"),
    "智能问答": ("/kiosk/chat", "智能问答"),
}
ORIENTATIONS = {"portrait": (1080, 1920), "landscape": (1920, 1080)}


def test_an_unregistered_browser_gets_the_chinese_403_until_staff_set_it_up(stranger, served):
    response = stranger.goto("/kiosk")
    assert response.status == 403
    expect(stranger.locator("h2")).to_have_text("本设备尚未登记为法院自助终端")
    screenshot(stranger, "device-required")

    stranger.get_by_role("link", name="终端登记页面").click()
    stranger.get_by_label("设备凭证").fill(served.register("大厅3号机"))
    stranger.get_by_role("button", name="登记本终端").click()
    expect(stranger).to_have_url(re.compile(r"/kiosk$"))
    expect(stranger.locator(".service-tile")).to_have_count(6)
    cookie = next(c for c in stranger.context.cookies() if c["name"] == "kiosk_device")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["path"] == "/kiosk"
    # Script never sees the device token.
    assert "kiosk_device" not in stranger.evaluate("document.cookie")


def test_a_revoked_kiosk_is_refused_on_its_next_page(chromium, served):
    context = chromium.new_context(base_url=served.url)
    context.add_cookies([device_cookie(served, served.register("待停用终端"))])
    page = context.new_page()
    assert page.goto("/kiosk").status == 200
    revoked = requests.delete(
        f"{served.url}/api/v1/staff/kiosks/待停用终端",
        headers={"Authorization": f"Bearer {STAFF_TOKEN}"},
        timeout=10,
    )
    assert revoked.status_code == 200
    assert page.reload().status == 403
    expect(page.get_by_text("本设备尚未登记为法院自助终端")).to_be_visible()
    context.close()


def test_home_opens_every_service_and_each_leads_back_home(kiosk):
    kiosk.goto("/kiosk")
    screenshot(kiosk, "home-portrait")
    for label, (path, title) in SERVICES.items():
        kiosk.locator(".service-tile", has_text=label).click()
        expect(kiosk).to_have_url(re.compile(re.escape(path) + "$"))
        expect(kiosk.locator("h1")).to_have_text(title)
        screenshot(kiosk, f"service-{path.rsplit('/', 1)[-1]}")
        kiosk.get_by_role("link", name="首页", exact=True).click()
        expect(kiosk).to_have_url(re.compile(r"/kiosk$"))


@pytest.mark.parametrize("orientation", list(ORIENTATIONS))
def test_home_buttons_are_big_and_all_on_screen_in_both_orientations(kiosk, orientation):
    width, height = ORIENTATIONS[orientation]
    kiosk.set_viewport_size({"width": width, "height": height})
    kiosk.goto("/kiosk")
    tiles = kiosk.locator(".service-tile")
    expect(tiles).to_have_count(6)
    for index in range(6):
        tile = tiles.nth(index)
        expect(tile).to_be_visible()
        box = tile.bounding_box()
        assert box["height"] >= 120 and box["width"] >= 300, (orientation, box)
        # Every button fits on the screen as it is: nobody should have to scroll to find one.
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
        assert box["y"] >= 0 and box["y"] + box["height"] <= height, (orientation, box)
        label = tile.locator(".tile-label")
        assert float(label.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 48
    columns = len({round(tiles.nth(i).bounding_box()["x"]) for i in range(6)})
    assert columns == (2 if orientation == "portrait" else 3)
    screenshot(kiosk, f"home-{orientation}")


def test_the_font_toggle_enlarges_text_for_this_session_only(kiosk):
    kiosk.goto("/kiosk/fees")
    root = kiosk.locator("html")
    expect(root).to_have_css("font-size", "24px")
    toggle = kiosk.get_by_role("button", name="字体放大")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(root).to_have_css("font-size", "30px")
    screenshot(kiosk, "fees-large-font")
    # Kept while this person moves between pages...
    kiosk.get_by_role("link", name="首页", exact=True).click()
    expect(kiosk).to_have_url(re.compile(r"/kiosk$"))
    expect(root).to_have_css("font-size", "30px")
    expect(kiosk.get_by_role("button", name="字体放大")).to_have_attribute("aria-pressed", "true")
    screenshot(kiosk, "home-large-font")
    kiosk.get_by_role("button", name="字体放大").click()
    expect(root).to_have_css("font-size", "24px")
    # ...and never outlives the session: it lives in sessionStorage, which the wipe clears.
    assert kiosk.evaluate("() => sessionStorage.getItem('kiosk.fontSize')") is None


def _chat(page, text):
    page.get_by_label("请输入您的问题").fill(text)
    page.get_by_role("button", name="发送").click()
    expect(page.locator(".bubble.user").last).to_have_text(text)


def test_idling_warns_then_wipes_everything_and_the_next_chat_is_new(kiosk, served):
    served.set_idle_seconds(3)
    kiosk.goto("/kiosk/chat")
    _chat(kiosk, "我想起诉")
    first_conversation = served.rasa.sent[-1][0]
    kiosk.get_by_role("button", name="字体放大").click()
    kiosk.evaluate(
        "() => { localStorage.setItem('left', '1'); document.cookie = 'left_behind=1; path=/'; }"
    )
    assert kiosk.evaluate("() => sessionStorage.length") == 2  # the transcript and the font

    warning = kiosk.get_by_role("alertdialog")
    expect(warning).to_be_visible(timeout=5000)
    expect(warning).to_contain_text("即将返回首页")

    expect(kiosk).to_have_url(re.compile(r"/kiosk$"), timeout=8000)
    expect(kiosk.locator(".service-tile")).to_have_count(6)
    assert kiosk.evaluate("() => sessionStorage.length + localStorage.length") == 0
    assert kiosk.evaluate("() => document.cookie") == ""
    expect(kiosk.locator("html")).to_have_css("font-size", "24px")
    names = {c["name"] for c in kiosk.context.cookies()}
    assert names == {"kiosk_device"}, names
    # Back cannot return to the wiped page: it was replaced in the history.
    assert kiosk.evaluate("() => history.length") <= 2

    # A fresh home page is left alone: no reload every few seconds.
    loads = []
    kiosk.on("request", lambda request: loads.append(request.url))
    kiosk.wait_for_timeout(4500)
    assert not [url for url in loads if "/kiosk" in url and "/static/" not in url], loads

    served.set_idle_seconds(600)
    kiosk.goto("/kiosk/chat")
    expect(kiosk.locator(".chat-log .bubble")).to_have_count(0)
    _chat(kiosk, "你好")
    assert served.rasa.sent[-1][0] != first_conversation


def test_a_touch_during_the_warning_keeps_the_session(kiosk, served):
    # Three seconds of warning: time to look at it before touching.
    served.set_idle_seconds(9)
    kiosk.goto("/kiosk/chat")
    _chat(kiosk, "我想起诉")
    warning = kiosk.get_by_role("alertdialog")
    expect(warning).to_be_visible(timeout=10000)
    screenshot(kiosk, "idle-warning")
    kiosk.get_by_role("button", name="继续使用").click()
    expect(warning).to_be_hidden()
    expect(kiosk).to_have_url(re.compile(r"/kiosk/chat$"))
    expect(kiosk.locator(".bubble.user")).to_have_text("我想起诉")


def test_end_of_use_button_wipes_at_once(kiosk, served):
    kiosk.goto("/kiosk/chat")
    _chat(kiosk, "我想起诉")
    kiosk.get_by_role("button", name="结束使用").click()
    expect(kiosk).to_have_url(re.compile(r"/kiosk$"))
    assert kiosk.evaluate("() => sessionStorage.length") == 0
    kiosk.goto("/kiosk/chat")
    expect(kiosk.locator(".chat-log .bubble")).to_have_count(0)
