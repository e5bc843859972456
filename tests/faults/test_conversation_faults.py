"""kill -9 the action server, then Rasa, in the middle of a fee conversation.

While one is gone the person gets the Chinese busy message (hotline 12368, service hall) and
the response says `degraded`; once it is started again the same conversation carries on
where it was — the form's slots were kept (Rasa's tracker store is on disk) and the fee comes
out right. Killing Rasa leaves the kiosk API's processes untouched.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from tests.e2e.conftest import chat, running_stack
from tools.stack import Stack

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The three real processes (skips without a trained model unless REQUIRE_MODEL=1)."""
    yield from running_stack(tmp_path_factory)


def _answer(response: requests.Response) -> tuple[str, bool]:
    assert response.status_code == 200, response.text
    body = response.json()
    return "\n".join(m["text"] for m in body["messages"]), bool(body["degraded"])


def _into_the_fee_form(stack: Stack, sender: str) -> None:
    text, degraded = _answer(chat(stack, "打官司要交多少钱", sender=sender))
    assert not degraded and "哪类案件" in text
    text, degraded = _answer(chat(stack, "朋友借钱不还", sender=sender))
    assert not degraded and "诉讼请求金额是多少" in text


def _busy(text: str, degraded: bool) -> None:
    assert degraded, text
    assert "暂时无法回答" in text and "12368" in text


def test_the_action_server_killed_mid_form_then_restarted_resumes_the_form(stack):
    sender = "faults-fee-actions"
    _into_the_fee_form(stack, sender)
    stack.kill("actions")
    _busy(*_answer(chat(stack, "五万块", sender=sender)))
    stack.start(("actions",))
    stack.wait_ready(timeout=180, names=("actions",))
    text, degraded = _answer(chat(stack, "五万块", sender=sender))
    assert not degraded, text
    assert "诉讼请求金额50,000元" in text and "共1,050元" in text


def test_rasa_killed_mid_form_then_restarted_resumes_the_form(stack):
    sender = "faults-fee-rasa"
    master = stack.processes["kiosk_api"].pid
    _into_the_fee_form(stack, sender)
    stack.kill("rasa")
    _busy(*_answer(chat(stack, "五万块", sender=sender)))
    # The kiosk API itself is untouched: same master, still serving what needs no Rasa.
    fee = requests.post(
        f"{stack.kiosk_url}/api/v1/fees/estimate",
        json={"case_kind": "property", "amount": "五万"},
        timeout=30,
    )
    assert fee.status_code == 200 and fee.json()["total"] == "1050.00"
    ready = requests.get(f"{stack.kiosk_url}/readyz", timeout=30)
    assert ready.status_code == 503 and ready.json()["checks"]["rasa"] == "unavailable"
    stack.start(("rasa",))
    stack.wait_ready(timeout=300, names=("rasa",))
    kiosk_api = stack.processes["kiosk_api"]
    assert kiosk_api.pid == master and kiosk_api.poll() is None
    text, degraded = _answer(chat(stack, "五万块", sender=sender))
    assert not degraded, text
    assert "诉讼请求金额50,000元" in text and "共1,050元" in text
