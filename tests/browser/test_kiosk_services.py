"""Each kiosk service clicked through in a real browser, on screen and on paper."""

from __future__ import annotations

import re

import pytest
import requests

from tests.api.test_risk_api import answers
from tests.browser.conftest import expect, screenshot

pytestmark = pytest.mark.browser

QUICK_REPLIES = [
    {"title": "是的，我要起诉", "payload": "/affirm"},
    {"title": "转人工", "payload": "/human_handoff"},
]


def printed(page, hidden, shown):
    """On paper: the controls in `hidden` disappear, the result in `shown` stays."""
    page.emulate_media(media="print")
    for selector in hidden:
        expect(page.locator(selector).first).to_be_hidden()
    expect(page.locator(shown).first).to_be_visible()
    page.emulate_media(media="screen")


def test_fee_estimate_for_eighty_thousand_yuan(kiosk):
    kiosk.goto("/kiosk/fees")
    amount = kiosk.get_by_label(re.compile("^金额"))
    expect(amount).to_have_attribute("inputmode", "decimal")
    amount.fill("八万")
    kiosk.get_by_role("button", name="计算诉讼费").click()
    expect(kiosk.locator("#total")).to_have_text(re.compile(r"共\s*1,800\s*元"))
    expect(kiosk.locator("#halving")).to_contain_text("900")
    screenshot(kiosk, "fees-result")
    printed(kiosk, [".fee-form", ".site-nav", ".shell-tools"], "#total")


def test_filing_guide_from_a_description_to_a_printable_checklist(kiosk):
    kiosk.goto("/kiosk/filing")
    kiosk.get_by_label("说说您的情况").fill("老板三个月没发工资")
    kiosk.get_by_role("button", name="帮我找").click()
    matches = kiosk.locator("#matches .dispute-button")
    expect(matches.first).to_be_visible()
    matches.first.click()
    expect(kiosk.locator("h1")).to_contain_text("立案指引：")
    expect(kiosk.locator("#materials")).to_contain_text("要带的材料")
    screenshot(kiosk, "filing-guide")
    printed(kiosk, [".guide-actions", ".site-nav"], "#materials")


def test_risk_report_found_by_its_code_and_printed(kiosk, served):
    report = requests.post(
        f"{served.url}/api/v1/risk/assess",
        json={"dispute": "private_lending", "answers": answers(assets="none")},
        timeout=10,
    ).json()
    kiosk.goto("/kiosk/risk")
    kiosk.get_by_label(re.compile("报告编号")).fill(report["code"].lower())
    kiosk.get_by_role("button", name="查看报告").click()
    expect(kiosk.locator("h1")).to_have_text("诉讼风险评估报告")
    expect(kiosk.get_by_text(report["code"]).first).to_be_visible()
    expect(kiosk.locator("#level-title")).to_have_text(f"总体风险：{report['level']['level']}")
    screenshot(kiosk, "risk-report")
    printed(kiosk, [".guide-actions", ".site-nav"], "#findings-title")


def test_the_risk_report_link_from_an_sms_opens_on_a_phone(stranger, served):
    code = requests.post(
        f"{served.url}/api/v1/risk/assess",
        json={"dispute": "private_lending", "answers": answers()},
        timeout=10,
    ).json()["code"]
    stranger.set_viewport_size({"width": 390, "height": 844})
    assert stranger.goto(f"/kiosk/risk/reports/{code}").status == 200
    expect(stranger.locator("h1")).to_have_text("诉讼风险评估报告")
    expect(stranger.locator("#font-toggle")).to_have_count(0)
    assert stranger.evaluate("() => document.body.dataset.idleSeconds") is None
    screenshot(stranger, "risk-report-phone")


def test_the_risk_page_starts_an_assessment_in_the_chat(kiosk, served):
    served.rasa.replies = [{"recipient_id": "x", "text": "好的，先请问您是哪类纠纷？"}]
    kiosk.goto("/kiosk/risk")
    kiosk.get_by_role("button", name="开始风险评估").click()
    expect(kiosk).to_have_url(re.compile(r"/kiosk/chat$"))
    expect(kiosk.locator(".bubble.user")).to_have_text("开始风险评估")
    expect(kiosk.locator(".bubble.bot", has_text="哪类纠纷")).to_be_visible()
    assert served.rasa.sent[-1][1] == "风险评估"


def test_hearing_list_shows_tomorrows_hearing_with_names_masked(kiosk):
    kiosk.goto("/kiosk/hearings")
    expect(kiosk.locator("[aria-current=date]")).to_contain_text("今天")
    kiosk.get_by_role("link", name=re.compile("^明天")).click()
    hearing = kiosk.locator(".hearing", has_text="（2026）粤0304民初1001号")
    expect(hearing).to_be_visible()
    expect(hearing).to_contain_text("10:00")
    expect(hearing).to_contain_text("原告：张*")
    expect(kiosk.locator("#hearing-list")).not_to_contain_text("张明")
    screenshot(kiosk, "hearings-tomorrow")
    printed(kiosk, [".day-picker", ".guide-actions"], "#hearing-list")


def test_case_lookup_starts_in_the_chat_after_the_verification_notice(kiosk, served):
    kiosk.goto("/kiosk/cases")
    expect(kiosk.get_by_text("验证通过前，不会显示任何案件信息", exact=False)).to_be_visible()
    kiosk.get_by_role("button", name="开始查询").click()
    expect(kiosk).to_have_url(re.compile(r"/kiosk/chat$"))
    assert served.rasa.sent[-1][1] == "我要查询案件进度"


def test_a_chat_turn_and_a_quick_reply_in_one_conversation(kiosk, served):
    served.rasa.replies = [
        {"recipient_id": "x", "text": "请问您是想起诉吗？", "buttons": QUICK_REPLIES}
    ]
    kiosk.goto("/kiosk/chat")
    box = kiosk.get_by_label("请输入您的问题")
    expect(box).to_have_attribute("enterkeyhint", "send")
    box.fill("邻居家漏水把我家泡了")
    kiosk.get_by_role("button", name="发送").click()
    expect(kiosk.locator(".bubble.bot", has_text="请问您是想起诉吗？")).to_be_visible()
    expect(box).to_have_value("")

    served.rasa.replies = [{"recipient_id": "x", "text": "好的，我们先看看要带哪些材料。"}]
    kiosk.get_by_role("button", name="是的，我要起诉").click()
    expect(kiosk.locator(".bubble.user").last).to_have_text("是的，我要起诉")
    expect(kiosk.locator(".bubble.bot").last).to_have_text("好的，我们先看看要带哪些材料。")
    # The latest answer has no quick replies, so the earlier ones are gone too.
    expect(kiosk.locator(".chat-log .reply-button")).to_have_count(0)
    screenshot(kiosk, "chat-quick-reply", full_page=True)

    (first_id, first_text, metadata), (second_id, second_text, _) = served.rasa.sent[-2:]
    assert (first_text, second_text) == ("邻居家漏水把我家泡了", "/affirm")
    assert metadata == {"channel": "kiosk"} and first_id == second_id

    # Moving to another page and back keeps this person's conversation (sessionStorage).
    kiosk.get_by_role("link", name="首页", exact=True).click()
    kiosk.locator(".service-tile", has_text="智能问答").click()
    expect(kiosk.locator(".chat-log .bubble")).to_have_count(4)
