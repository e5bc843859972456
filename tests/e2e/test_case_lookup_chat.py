"""Case lookup through the real stack: kiosk chat and the Twilio SMS webhook, codes read off the
console sender's output as a citizen reads them off their phone."""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterator
from xml.etree import ElementTree

import pytest
import requests
from twilio.request_validator import RequestValidator

from kiosk_api.config import Settings
from kiosk_api.db import make_engine, make_session_factory
from kiosk_api.demo_docket import DEMO_COURTS, demo_records
from kiosk_api.services.docket_import import import_lines, upsert_courts
from tests.e2e.conftest import chat, running_stack
from tools.paths import ROOT
from tools.stack import Stack

TWILIO_TOKEN = "e2e-twilio-auth-token"
PUBLIC_BASE_URL = "https://court.example.test"
SMS_LOG = ROOT / "test-output" / "e2e" / "kiosk_api.log"


@pytest.fixture(scope="module")
def lookup_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The stack with the showcase docket and Twilio webhooks signed for a public origin."""
    env = {"TWILIO_AUTH_TOKEN": TWILIO_TOKEN, "PUBLIC_BASE_URL": PUBLIC_BASE_URL}
    for stack in running_stack(tmp_path_factory, env):
        settings = Settings.from_env({**os.environ, **stack.env})
        engine = make_engine(settings.DATABASE_URL)
        sessions = make_session_factory(engine)
        upsert_courts(sessions, DEMO_COURTS)
        lines = [json.dumps(r, ensure_ascii=False) for r in demo_records(0)]
        assert import_lines(sessions, lines, id_key=settings.ID_HASH_KEY).ok
        engine.dispose()
        yield stack


def _texts(response: requests.Response) -> str:
    assert response.status_code == 200, response.text
    return "\n".join(m["text"] for m in response.json()["messages"])


def _code_sent_to(masked_phone: str, after: int) -> str:
    """The code in the newest SMS to this (masked) number printed after `after` bytes of log."""
    pattern = re.compile(rf"【短信】→ {re.escape(masked_phone)}：.*?验证码(\d{{6}})")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        found = pattern.findall(SMS_LOG.read_bytes()[after:].decode("utf-8", "replace"))
        if found:
            return str(found[-1])
        time.sleep(0.2)
    raise AssertionError(f"no code sent to {masked_phone}")


def _log_size() -> int:
    return SMS_LOG.stat().st_size if SMS_LOG.exists() else 0


def _sms(stack: Stack, sender: str, body: str) -> str:
    """One inbound SMS through /twilio/sms, signed as Twilio signs it; the reply's text."""
    params = {"From": sender, "To": "+12025550100", "Body": body, "MessageSid": "SM" + "0" * 32}
    signature = RequestValidator(TWILIO_TOKEN).compute_signature(
        f"{PUBLIC_BASE_URL}/twilio/sms", params
    )
    response = requests.post(
        f"{stack.kiosk_url}/twilio/sms",
        data=params,
        headers={"X-Twilio-Signature": signature},
        timeout=30,
    )
    assert response.status_code == 200, response.text
    return "\n".join(m.text or "" for m in ElementTree.fromstring(response.text).iter("Message"))


def test_a_party_looks_up_the_case_in_the_kiosk_chat_and_subscribes(lookup_stack):
    sender = "kiosk-lookup-1"
    assert "案号" in _texts(chat(lookup_stack, "我想查一下我的案子", sender))
    asked_phone = _texts(chat(lookup_stack, "（2026）粤0304民初1001", sender))
    assert "手机" in asked_phone
    before = _log_size()
    sent = _texts(chat(lookup_stack, "13800138001", sender))
    assert "验证码已发送" in sent and "6位" in sent
    assert "张" not in sent and "民间借贷" not in sent  # nothing about the case yet
    code = _code_sent_to("138****8001", before)

    answer = _texts(chat(lookup_stack, f"验证码{code}", sender))
    assert answer.startswith("（2026）粤0304民初1001号（民间借贷纠纷，简易程序）当前阶段：已排期。")
    assert "下次开庭" in answer and "深圳市福田区福华三路88号" in answer
    assert "承办法官" in answer
    assert "李华" not in answer and "13900139002" not in answer

    subscribed = _texts(chat(lookup_stack, "开庭前发短信提醒我", sender))
    assert "已订阅" in subscribed and "138****8001" in subscribed


def test_an_unknown_case_gets_the_same_answers_and_never_unlocks(lookup_stack):
    sender = "kiosk-lookup-2"
    chat(lookup_stack, "查案件", sender)
    chat(lookup_stack, "（2026）粤0304民初9999号", sender)
    unknown = _texts(chat(lookup_stack, "13800138001", sender))
    known_sender = "kiosk-lookup-3"
    chat(lookup_stack, "查案件", known_sender)
    chat(lookup_stack, "（2026）粤0304民初1001号", known_sender)
    known = _texts(chat(lookup_stack, "13800138001", known_sender))
    assert unknown == known
    refused = _texts(chat(lookup_stack, "123456", sender))
    assert "验证未通过" in refused


def test_on_sms_the_senders_number_gets_the_code_without_being_asked(lookup_stack):
    sender = "+8613700137003"
    before = _log_size()
    first = _sms(lookup_stack, sender, "查案件（2026）粤0304执2001号")
    assert "验证码已发送" in first and "手机号码" not in first
    assert "王" not in first and "财产" not in first  # nothing about the case yet
    code = _code_sent_to("137****7003", before)
    answer = _sms(lookup_stack, sender, code)
    assert "（2026）粤0304执2001号" in answer and "财产调查中" in answer
    stopped = _sms(lookup_stack, sender, "TD")
    assert "退订" in stopped
