"""案件查询 on the kiosk: verification first, no case data on the page, lookup via the chat."""

from __future__ import annotations


def test_the_page_explains_verification_and_shows_no_case(client, showcase):
    html = client.get("/kiosk/cases").text
    assert "验证通过前，不会显示任何案件信息" in html
    assert "5分钟内有效" in html
    assert "（2026）粤0304民初1001号" not in html and "张*" not in html


def test_start_sends_the_lookup_request_to_the_assistant(client, fake_rasa):
    html = client.get("/kiosk/cases").text
    assert 'action="/kiosk/chat"' in html and 'name="message" value="我要查询案件进度"' in html
    client.post("/kiosk/chat", data={"title": "开始查询案件", "message": "我要查询案件进度"})
    assert fake_rasa.sent[0][1] == "我要查询案件进度"
