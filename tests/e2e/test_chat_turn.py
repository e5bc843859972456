"""One chat turn end to end: gateway → Rasa → action server → kiosk API → answer.

The tests run in file order: the last ones kill the action server and then Rasa.
"""

from __future__ import annotations

import re

import pytest
import requests

from tests.e2e.conftest import STAFF_TOKEN, chat

pytestmark = pytest.mark.e2e


def _texts(response: requests.Response) -> str:
    assert response.status_code == 200, response.text
    return "\n".join(m["text"] for m in response.json()["messages"])


def test_the_stack_is_ready(stack):
    ready = requests.get(f"{stack.kiosk_url}/readyz", timeout=5)
    assert ready.json()["checks"] == {"database": "ok", "rasa": "ok"}


def test_a_greeting_is_answered_in_chinese_as_an_automated_assistant(stack):
    text = _texts(chat(stack, "你好"))
    assert "智能助手" in text and "自动" in text


def test_asking_for_a_person_opens_a_ticket_staff_can_see(stack):
    sender = "handoff-citizen"
    chat(stack, "你好", sender)
    text = _texts(chat(stack, "我要转人工", sender))
    code = re.search(r"RG[0-9A-Z]{6}", text)
    assert code, text
    tickets = requests.get(
        f"{stack.kiosk_url}/api/v1/staff/handoffs?status=open",
        headers={"Authorization": f"Bearer {STAFF_TOKEN}"},
        timeout=5,
    ).json()["tickets"]
    [ticket] = [t for t in tickets if t["code"] == code.group()]
    assert ticket["channel"] == "kiosk"
    assert "handoff-citizen" not in ticket["conversation_id"]
    assert [line["text"] for line in ticket["transcript"] if line["speaker"] == "user"] == [
        "你好",
        "我要转人工",
    ]


def test_with_the_action_server_killed_the_citizen_is_told_where_to_go(stack):
    stack.kill("actions")
    response = chat(stack, "转人工", "after-actions-died")
    assert response.json()["degraded"] is True
    assert "12368" in _texts(response)
    # Responses that need no action still work.
    assert "智能助手" in _texts(chat(stack, "你好", "after-actions-died-2"))


def test_with_rasa_killed_the_gateway_answers_busy_and_not_ready(stack):
    stack.kill("rasa")
    response = chat(stack, "你好", "after-rasa-died")
    assert response.json()["degraded"] is True
    assert "12368" in _texts(response) and "诉讼服务大厅" in _texts(response)
    assert requests.get(f"{stack.kiosk_url}/readyz", timeout=10).status_code == 503
