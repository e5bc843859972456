"""Fee questions through the whole assistant: one-shot, step by step, corrected, and relief."""

from __future__ import annotations

import pytest
import requests

from tests.e2e.conftest import chat

pytestmark = pytest.mark.e2e


def _reply(response: requests.Response) -> tuple[str, list[dict[str, str]]]:
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["degraded"] is False, body
    buttons = [b for m in body["messages"] for b in m["buttons"]]
    return "\n".join(m["text"] for m in body["messages"]), buttons


def test_the_chat_gives_the_same_total_and_basis_as_the_api(stack):
    text, _ = _reply(chat(stack, "欠我八万打官司要多少钱", sender="fee-one-shot"))
    api = requests.post(
        f"{stack.kiosk_url}/api/v1/fees/estimate",
        json={"case_kind": "property", "amount": "八万"},
        timeout=10,
    ).json()
    assert api["total"] == "1800.00"
    assert "共1,800元" in text
    assert api["items"][0]["basis"] in text
    assert "减半，为900元" in text


def test_the_form_asks_for_what_is_missing_and_takes_a_correction(stack):
    sender = "fee-steps"
    text, buttons = _reply(chat(stack, "打官司要交多少钱", sender=sender))
    assert "哪类案件" in text and any(b["title"] == "离婚" for b in buttons)
    text, _ = _reply(chat(stack, "朋友借钱不还", sender=sender))
    assert "诉讼请求金额是多少" in text
    text, _ = _reply(chat(stack, "五万块", sender=sender))
    assert "诉讼请求金额50,000元" in text and "共1,050元" in text
    text, _ = _reply(chat(stack, "不对，是十八万", sender=sender))
    assert "诉讼请求金额180,000元" in text and "共3,900元" in text


def test_an_unclear_amount_is_explained_and_asked_again(stack):
    sender = "fee-unclear"
    _reply(chat(stack, "申请财产保全要交多少钱", sender=sender))
    text, _ = _reply(chat(stack, "七八万吧", sender=sender))
    assert "不是一个确定的金额" in text and "申请保全的财产数额是多少" in text
    text, _ = _reply(chat(stack, "8万", sender=sender))
    assert "申请保全费820元" in text


def test_relief_answers_with_the_measure_and_what_to_submit(stack):
    text, _ = _reply(chat(stack, "我是低保户，交不起诉讼费怎么办", sender="fee-relief"))
    assert "可以申请免交诉讼费" in text and "第四十五条第（三）项" in text
    assert "需要提交" in text
