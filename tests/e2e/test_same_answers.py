"""The same fee question through the kiosk chat, SMS, the voice line and WeChat: the same total.

Each channel is called as its provider calls it — signed by Twilio's RequestValidator, signed
as WeChat signs — against the running stack (real Rasa, action server and kiosk API).
"""

from __future__ import annotations

import hashlib
import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest
import requests
from twilio.request_validator import RequestValidator

from tests.e2e.conftest import chat, running_stack
from tools.stack import Stack

pytestmark = pytest.mark.e2e

QUESTION = "欠我八万打官司要多少钱"
PUBLIC_BASE_URL = "https://court.example.cn"
TWILIO_TOKEN = "e2e-twilio-auth-token"
WECHAT_TOKEN = "e2e-wechat-token"


@pytest.fixture(scope="module")
def channel_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The stack with the Twilio and WeChat webhooks configured."""
    env = {
        "PUBLIC_BASE_URL": PUBLIC_BASE_URL,
        "TWILIO_AUTH_TOKEN": TWILIO_TOKEN,
        "WECHAT_TOKEN": WECHAT_TOKEN,
        "WECHAT_APP_ID": "wx0000000000e2e000",
        "WECHAT_APP_SECRET": "e2e-secret",
        # A first turn may take Rasa longer than WeChat's 5 s on a loaded test machine: the
        # passive reply is what this test compares, the late path has its own tests.
        "WECHAT_REPLY_BUDGET_SECONDS": "25",
    }
    yield from running_stack(tmp_path_factory, env)


def _twilio(stack: Stack, path: str, params: dict[str, str]) -> ET.Element:
    signature = RequestValidator(TWILIO_TOKEN).compute_signature(PUBLIC_BASE_URL + path, params)
    response = requests.post(
        stack.kiosk_url + path,
        data=params,
        headers={"X-Twilio-Signature": signature},
        timeout=40,
    )
    assert response.status_code == 200, response.text
    return ET.fromstring(response.text)


def _by_kiosk(stack: Stack) -> str:
    response = chat(stack, QUESTION, sender="same-kiosk")
    assert response.status_code == 200 and not response.json()["degraded"], response.text
    return "\n".join(m["text"] for m in response.json()["messages"])


def _by_sms(stack: Stack) -> str:
    root = _twilio(stack, "/twilio/sms", {"From": "+8613800138101", "Body": QUESTION})
    return "\n".join(m.text or "" for m in root.iter("Message"))


def _by_voice(stack: Stack) -> str:
    params = {
        "From": "+8613800138102",
        "CallSid": "CA" + "e" * 32,
        "SpeechResult": QUESTION,
        "Confidence": "0.9",
    }
    root = _twilio(stack, "/twilio/voice/gather", params)
    return "".join(s.text or "" for s in root.iter("Say"))


def _by_wechat(stack: Stack) -> str:
    timestamp, nonce = str(int(time.time())), "20261121"
    signature = hashlib.sha1("".join(sorted([WECHAT_TOKEN, timestamp, nonce])).encode())
    body = (
        "<xml><ToUserName><![CDATA[gh_court]]></ToUserName>"
        "<FromUserName><![CDATA[o-same-answers-openid]]></FromUserName>"
        f"<CreateTime>{timestamp}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
        f"<Content><![CDATA[{QUESTION}]]></Content><MsgId>88880001</MsgId></xml>"
    )
    response = requests.post(
        f"{stack.kiosk_url}/wechat",
        params={"signature": signature.hexdigest(), "timestamp": timestamp, "nonce": nonce},
        data=body.encode(),
        timeout=40,
    )
    assert response.status_code == 200, response.text
    return ET.fromstring(response.text).findtext("Content") or ""


def _amounts(text: str) -> set[str]:
    """Every yuan amount said, written without grouping commas: "1,800元" → "1800"."""
    return {m.replace(",", "") for m in re.findall(r"(\d[\d,]*(?:\.\d+)?)\s*元", text)}


def test_one_fee_question_gets_one_total_on_every_channel(channel_stack):
    estimate = requests.post(
        f"{channel_stack.kiosk_url}/api/v1/fees/estimate",
        json={"case_kind": "property", "amount": "80000"},
        headers={"Authorization": "Bearer e2e-service-token"},
        timeout=10,
    ).json()
    total = f"{float(estimate['total']):.2f}".removesuffix(".00")
    answers = {
        "kiosk": _by_kiosk(channel_stack),
        "sms": _by_sms(channel_stack),
        "voice": _by_voice(channel_stack),
        "wechat": _by_wechat(channel_stack),
    }
    for channel, text in answers.items():
        assert total in _amounts(text), (channel, total, text)
