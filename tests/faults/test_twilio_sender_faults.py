"""Twilio failing in every way, seen by the real sender: retried only when surely not sent."""

from __future__ import annotations

import pytest

from kiosk_api.config import Settings
from kiosk_api.notify.senders import SendFailed
from kiosk_api.notify.twilio_sender import TwilioSmsSender
from tests.fake_twilio import FakeTwilio
from tests.faults.blackhole import blackhole_port
from tests.faults.conftest import twilio_env
from tools.stack import free_port

PHONE = "13800138001"
BODY = "【福田法院】测试短信。回复TD退订"


def _sender(base_url: str, fake: FakeTwilio, timeout: float = 2.0) -> TwilioSmsSender:
    env = {**twilio_env(fake), "TWILIO_API_BASE_URL": base_url}
    return TwilioSmsSender(Settings().with_overrides(env), timeout=timeout)


def _failure(sender: TwilioSmsSender) -> SendFailed:
    with pytest.raises(SendFailed) as failure:
        sender.send(PHONE, BODY, status_callback=None)
    assert PHONE not in failure.value.message
    return failure.value


def test_twilio_answering_500_is_retryable_and_nothing_was_taken(fake_twilio):
    fake_twilio.fail_all(500)
    failure = _failure(_sender(fake_twilio.base_url, fake_twilio))
    assert failure.retryable and "HTTP 500" in failure.message
    assert fake_twilio.created == []


def test_twilio_refusing_connections_is_retryable(fake_twilio):
    sender = _sender(fake_twilio.base_url, fake_twilio)
    fake_twilio.go_down()
    failure = _failure(sender)
    assert failure.retryable and "无法连接" in failure.message
    fake_twilio.come_up()
    assert sender.send(PHONE, BODY, status_callback=None).provider_ref.startswith("SM")


def test_a_connect_timeout_is_retryable_since_nothing_reached_twilio(fake_twilio):
    with blackhole_port() as port:
        failure = _failure(_sender(f"http://127.0.0.1:{port}", fake_twilio, timeout=0.5))
    assert failure.retryable and "超时" in failure.message


def test_an_answer_after_the_client_timeout_is_unknown_and_not_retryable(fake_twilio):
    fake_twilio.hold(30)
    failure = _failure(_sender(fake_twilio.base_url, fake_twilio, timeout=0.5))
    assert not failure.retryable and "可能已发出" in failure.message
    assert len(fake_twilio.created) == 1


def test_a_connection_cut_after_the_request_is_unknown_and_not_retryable(fake_twilio):
    # requests calls both this and a refused connection ConnectionError; only the refusal
    # proves the message never reached Twilio.
    fake_twilio.drop()
    failure = _failure(_sender(fake_twilio.base_url, fake_twilio))
    assert not failure.retryable and "可能已发出" in failure.message
    assert len(fake_twilio.created) == 1


def test_a_port_nobody_listens_on_is_retryable(fake_twilio):
    failure = _failure(_sender(f"http://127.0.0.1:{free_port()}", fake_twilio))
    assert failure.retryable
