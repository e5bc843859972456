"""智能问答 on the kiosk: turns reach the assistant on the kiosk channel under a random sender."""

from __future__ import annotations

import pytest

from kiosk_api.services.chat import Channel
from tests.kiosk.page_checks import only_own_scripts

BUTTONS = [
    {"title": "是的", "payload": "/affirm"},
    {"title": "转人工", "payload": "/human_handoff"},
]
JSON = {"Accept": "application/json"}


@pytest.fixture
def asks_back(fake_rasa):
    """The assistant answers with a question and two quick replies."""
    fake_rasa.replies = [{"recipient_id": "x", "text": "您是要起诉吗？", "buttons": BUTTONS}]
    return fake_rasa


def test_the_chat_page_offers_starters_and_a_keyboard_friendly_box(client):
    page = client.get("/kiosk/chat")
    assert page.status_code == 200
    html = page.text
    assert 'name="message"' in html and 'maxlength="1000"' in html
    for starter in ("我要起诉", "诉讼费怎么算", "风险评估", "转人工"):
        assert f'name="payload" value="{starter}"' in html
    assert '<script src="/kiosk/static/kiosk-chat.js" defer></script>' in html
    assert only_own_scripts(html)


def test_a_typed_turn_goes_to_the_assistant_on_the_kiosk_channel(client, asks_back):
    page = client.post("/kiosk/chat", data={"message": "我想告邻居"})
    assert page.status_code == 200
    conversation_id, text, metadata = asks_back.sent[0]
    assert (text, metadata) == ("我想告邻居", {"channel": Channel.KIOSK.value})
    assert conversation_id.startswith("kiosk-")
    html = page.text
    assert "我想告邻居" in html and "您是要起诉吗？" in html
    for button in BUTTONS:
        assert f'name="payload" value="{button["payload"]}"' in html
        assert f'name="title" value="{button["title"]}"' in html


def test_a_quick_reply_sends_its_payload_and_shows_its_title(client, asks_back):
    client.post("/kiosk/chat", data={"message": "我想告邻居"})
    turn = client.post("/kiosk/chat", data={"title": "是的", "payload": "/affirm"}, headers=JSON)
    assert turn.status_code == 200
    assert turn.json["said"] == "是的"
    assert turn.json["messages"] == [{"text": "您是要起诉吗？", "buttons": BUTTONS}]
    assert asks_back.sent[1][1] == "/affirm"
    # One person, one conversation.
    assert asks_back.sent[0][0] == asks_back.sent[1][0]


def test_two_kiosk_sessions_are_two_conversations(app, client, fake_rasa):
    from tests.kiosk.conftest import register

    other = app.test_client()
    other.set_cookie("kiosk_device", register(app, "大厅2号机"), path="/kiosk")
    client.post("/kiosk/chat", data={"message": "你好"})
    other.post("/kiosk/chat", data={"message": "你好"})
    assert fake_rasa.sent[0][0] != fake_rasa.sent[1][0]


def test_an_empty_message_is_a_chinese_422(client, fake_rasa):
    page = client.post("/kiosk/chat", data={"message": "   "})
    assert page.status_code == 422 and "请填写消息内容" in page.text
    turn = client.post("/kiosk/chat", data={"message": ""}, headers=JSON)
    assert turn.status_code == 422 and turn.json["error"]["message"] == "请填写消息内容"
    assert fake_rasa.sent == []


def test_the_assistant_down_gives_the_busy_answer_not_an_error(client, fake_rasa):
    fake_rasa.down = True
    turn = client.post("/kiosk/chat", data={"message": "你好"}, headers=JSON)
    assert turn.status_code == 200
    assert "12368" in turn.json["messages"][0]["text"]


def test_what_the_citizen_typed_comes_back_escaped(client, fake_rasa):
    attack = "<script>alert(1)</script>"
    fake_rasa.replies = [{"recipient_id": "x", "text": "<b>粗体</b>"}]
    html = client.post("/kiosk/chat", data={"message": attack}).text
    assert only_own_scripts(html) and "<b>粗体</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_risk_page_starts_an_assessment_in_the_chat(client, fake_rasa):
    html = client.get("/kiosk/risk").text
    assert 'action="/kiosk/chat"' in html and 'name="message" value="风险评估"' in html
    client.post("/kiosk/chat", data={"title": "开始风险评估", "message": "风险评估"})
    assert fake_rasa.sent[0][1] == "风险评估"


def test_the_chat_transcript_prints_without_its_controls(client):
    html = client.get("/kiosk/chat").text
    assert "window.print()" in html
    css = client.get("/kiosk/static/kiosk.css").text
    assert ".chat-form" in css.split("@media print")[-1]
