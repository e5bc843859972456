"""action_handoff opens a real ticket through the kiosk API."""

from rasa_sdk.executor import CollectingDispatcher

from actions.handoff import ActionHandoff
from tests.actions.conftest import make_tracker

STAFF = {"Authorization": "Bearer test-staff-token"}
EVENTS = [
    {"event": "user", "text": "你好", "metadata": {"channel": "sms"}},
    {"event": "bot", "text": "您好！我是诉讼服务智能助手。"},
    {"event": "action", "name": "action_listen"},
    {"event": "user", "text": "我要找人工", "metadata": {"channel": "sms"}},
]


def test_handoff_opens_a_ticket_with_the_conversation_and_tells_its_code(kiosk_api_url, client):
    dispatcher = CollectingDispatcher()
    ActionHandoff().run(dispatcher, make_tracker(events=EVENTS), {})
    [message] = dispatcher.messages
    assert message["response"] == "utter_handoff_created"
    code = message["ticket_code"]
    [ticket] = client.get("/api/v1/staff/handoffs", headers=STAFF).json["tickets"]
    assert ticket["code"] == code
    assert (ticket["conversation_id"], ticket["channel"]) == ("sms-0123456789abcdef", "sms")
    assert ticket["reason"] == "用户要求人工服务"
    assert [line["text"] for line in ticket["transcript"]] == [
        "你好",
        "您好！我是诉讼服务智能助手。",
        "我要找人工",
    ]


def test_handoff_after_the_fallback_says_so_in_the_ticket(kiosk_api_url, client):
    offer = {"event": "bot", "text": "抱歉…", "metadata": {"utter_action": "utter_default"}}
    events = [*EVENTS[:2], offer]
    ActionHandoff().run(CollectingDispatcher(), make_tracker(events=events), {})
    [ticket] = client.get("/api/v1/staff/handoffs", headers=STAFF).json["tickets"]
    assert ticket["reason"] == "兜底转人工"


def test_handoff_with_the_kiosk_api_down_points_to_the_hotline(monkeypatch):
    from tools.stack import free_port

    monkeypatch.setenv("KIOSK_API_URL", f"http://127.0.0.1:{free_port()}")
    dispatcher = CollectingDispatcher()
    assert ActionHandoff().run(dispatcher, make_tracker(), {}) == []
    assert [m["response"] for m in dispatcher.messages] == ["utter_handoff_failed"]


def test_handoff_with_a_wrong_service_token_does_not_pretend_success(kiosk_api_url, monkeypatch):
    monkeypatch.setenv("SERVICE_TOKEN", "wrong")
    dispatcher = CollectingDispatcher()
    ActionHandoff().run(dispatcher, make_tracker(), {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_handoff_failed"]
