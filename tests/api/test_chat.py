"""POST /api/v1/chat: the gateway in front of Rasa."""

import pytest


def _chat(client, **overrides):
    body = {"sender": "13800138001", "message": "你好", "channel": "sms", **overrides}
    return client.post("/api/v1/chat", json=body)


def test_a_turn_is_forwarded_to_rasa_and_its_answer_returned(client, fake_rasa):
    fake_rasa.replies = [
        {
            "recipient_id": "x",
            "text": "您好！",
            "buttons": [{"title": "转人工", "payload": "/human_handoff"}],
        },
        {"recipient_id": "x", "image": "ignored.png"},
    ]
    response = _chat(client)
    assert response.status_code == 200
    assert response.json["messages"] == [
        {"text": "您好！", "buttons": [{"title": "转人工", "payload": "/human_handoff"}]}
    ]
    assert response.json["degraded"] is False
    conversation_id, text, metadata = fake_rasa.sent[0]
    assert (text, metadata) == ("你好", {"channel": "sms"})
    assert conversation_id == response.json["conversation_id"]


def test_rasa_never_sees_the_phone_number_but_the_conversation_is_stable(client, fake_rasa):
    first = _chat(client).json["conversation_id"]
    again = _chat(client, message="转人工").json["conversation_id"]
    other_channel = _chat(client, channel="wechat").json["conversation_id"]
    assert first == again != other_channel
    assert first.startswith("sms-") and "13800138001" not in first
    assert all("138001" not in sent[0] for sent in fake_rasa.sent)


def test_rasa_down_gives_the_busy_answer_with_alternatives_not_an_error(client, fake_rasa):
    fake_rasa.down = True
    response = _chat(client)
    assert response.status_code == 200
    assert response.json["degraded"] is True
    text = response.json["messages"][0]["text"]
    assert "12368" in text and "诉讼服务大厅" in text


def test_an_empty_rasa_answer_means_an_action_failed_and_gives_the_busy_answer(client, fake_rasa):
    fake_rasa.replies = []
    response = _chat(client)
    assert response.json["degraded"] is True
    assert "12368" in response.json["messages"][0]["text"]


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"message": "你好", "channel": "sms"}, 422, "sender"),
        ({"sender": "a", "channel": "sms"}, 422, "message"),
        ({"sender": "a", "message": "   ", "channel": "sms"}, 422, "message"),
        ({"sender": "a", "message": "你好", "channel": "fax"}, 422, "channel"),
        ({"sender": "a", "message": 12, "channel": "sms"}, 422, "message"),
        ({"sender": "a", "message": "你" * 1001, "channel": "sms"}, 422, "message"),
        ({"sender": "a", "message": "hi\x00there", "channel": "sms"}, 422, "message"),
    ],
)
def test_bad_chat_input_is_refused_in_chinese(client, fake_rasa, body, status, field):
    response = client.post("/api/v1/chat", json=body)
    assert response.status_code == status
    error = response.json["error"]
    assert error["detail"]["field"] == field
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error["message"])
    assert fake_rasa.sent == []


@pytest.mark.parametrize(
    ("data", "content_type", "status"),
    [
        ("not json", "application/json", 400),
        ("[1, 2]", "application/json", 400),
        ("sender=a", "application/x-www-form-urlencoded", 400),
        ("{" + '"m": "' + "x" * 70_000 + '"}', "application/json", 413),
    ],
)
def test_malformed_bodies_get_a_json_4xx(client, data, content_type, status):
    response = client.post("/api/v1/chat", data=data, content_type=content_type)
    assert response.status_code == status
    assert set(response.json["error"]) >= {"code", "message"}
