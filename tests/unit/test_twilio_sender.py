"""The Twilio sender, driving the real `twilio` client against a local stand-in for Twilio."""

from __future__ import annotations

import base64
import socket
import time
from collections.abc import Iterator

import pytest

from kiosk_api.config import Settings
from kiosk_api.notify.senders import SendFailed, SentMessage, make_sender
from kiosk_api.notify.twilio_sender import (
    DEFAULT_TIMEOUT_SECONDS,
    RoutedHttpClient,
    TwilioSmsSender,
    to_e164,
    twilio_http_client,
)
from tests.fake_twilio import FakeTwilio, Scripted

ACCOUNT_SID = "AC" + "1" * 32
AUTH_TOKEN = "test-twilio-auth-token"
FROM = "+15005550006"
CALLBACK = "https://court.example.cn/twilio/status"
PHONE = "13800138001"
BODY = "【南山法院】您的案件（2024）粤0305民初1号将于6月3日9:00在第三法庭开庭。回复TD退订"


def _settings(base_url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "SMS_SENDER": "twilio",
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "TWILIO_FROM_NUMBER": FROM,
        "TWILIO_API_BASE_URL": base_url,
        **overrides,
    }
    return Settings().with_overrides(values)


@pytest.fixture
def fake_twilio() -> Iterator[FakeTwilio]:
    """Twilio's REST API on a random local port."""
    with FakeTwilio(ACCOUNT_SID, AUTH_TOKEN) as fake:
        yield fake


@pytest.fixture
def sender(fake_twilio: FakeTwilio) -> TwilioSmsSender:
    """The real sender and client, routed to the stand-in."""
    return TwilioSmsSender(_settings(fake_twilio.base_url), timeout=2.0)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_a_message_is_one_form_post_to_the_accounts_messages_resource(sender, fake_twilio):
    result = sender.send(PHONE, BODY, status_callback=CALLBACK)

    (request,) = fake_twilio.requests
    assert request.method == "POST"
    assert request.path == f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
    assert request.query == ""
    credentials = base64.b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode()
    assert request.headers["authorization"] == f"Basic {credentials}"
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert request.headers["accept"] == "application/json"
    assert request.fields == {
        "To": "+8613800138001",
        "From": FROM,
        "Body": BODY,
        "StatusCallback": CALLBACK,
    }
    assert result == SentMessage("twilio", fake_twilio.created_sids[0], "queued")


def test_without_a_status_callback_none_is_sent(sender, fake_twilio):
    sender.send(PHONE, "测试", status_callback=None)
    assert fake_twilio.requests[0].fields == {"To": "+8613800138001", "From": FROM, "Body": "测试"}


@pytest.mark.parametrize(
    ("phone", "e164"),
    [
        ("13800138001", "+8613800138001"),
        ("138 0013 8001", "+8613800138001"),
        ("+86 138-0013-8001", "+8613800138001"),
        ("008613800138001", "+8613800138001"),
        ("8613800138001", "+8613800138001"),
        ("+14155550100", "+14155550100"),
        ("0085291234567", "+85291234567"),
    ],
)
def test_numbers_go_to_twilio_in_e164(phone, e164):
    assert to_e164(phone) == e164


@pytest.mark.parametrize("phone", ["0755-86000000", "12345", "", "1380013800"])
def test_a_number_that_cannot_take_sms_fails_for_good_without_calling_twilio(
    sender, fake_twilio, phone
):
    with pytest.raises(SendFailed) as failure:
        sender.send(phone, BODY, status_callback=CALLBACK)
    assert failure.value.retryable is False
    assert fake_twilio.requests == []


@pytest.mark.parametrize(
    ("status", "code", "retryable"),
    [
        (429, 20429, True),
        (500, 20500, True),
        (503, 20503, True),
        (400, 21211, False),  # invalid 'To' number
        (400, 21610, False),  # recipient replied STOP
        (400, 21614, False),  # not a mobile number
        (400, 21408, False),  # region not enabled
    ],
)
def test_twilio_errors_are_retryable_only_when_trying_later_can_help(
    sender, fake_twilio, status, code, retryable
):
    # Twilio's messages quote the recipient; none of it may reach last_error.
    fake_twilio.fail_next(status, code, "The 'To' number +8613800138001 is not valid.")
    with pytest.raises(SendFailed) as failure:
        sender.send(PHONE, BODY, status_callback=CALLBACK)
    assert failure.value.retryable is retryable
    assert str(code) in failure.value.message
    assert f"HTTP {status}" in failure.value.message
    assert "138" not in failure.value.message and "138" not in str(failure.value)
    # The original exception (with the number in it) is not chained into tracebacks.
    assert failure.value.__cause__ is None and failure.value.__suppress_context__
    assert len(fake_twilio.requests) == 1  # the client itself never retries


def test_an_rfc9457_error_is_mapped_the_same_way(sender, fake_twilio):
    fake_twilio.script(
        Scripted(
            400,
            {
                "type": "https://www.twilio.com/docs/errors/21211",
                "title": "Invalid 'To' Phone Number",
                "status": 400,
                "code": 21211,
                "detail": "The 'To' number +8613800138001 is not a valid phone number.",
            },
        )
    )
    with pytest.raises(SendFailed) as failure:
        sender.send(PHONE, BODY, status_callback=CALLBACK)
    assert failure.value.retryable is False
    assert "21211" in failure.value.message and "138" not in failure.value.message


def test_a_proxy_error_page_without_json_is_retryable(sender, fake_twilio):
    fake_twilio.script(
        Scripted(502, raw=b"<html>Bad Gateway</html>", headers={"Content-Type": "text/html"})
    )
    with pytest.raises(SendFailed) as failure:
        sender.send(PHONE, BODY, status_callback=CALLBACK)
    assert failure.value.retryable is True
    assert "HTTP 502" in failure.value.message


def test_wrong_credentials_are_retried_until_the_configuration_is_fixed(fake_twilio):
    sender = TwilioSmsSender(
        _settings(fake_twilio.base_url, TWILIO_AUTH_TOKEN="rotated-token"), timeout=2.0
    )
    with pytest.raises(SendFailed) as failure:
        sender.send(PHONE, BODY, status_callback=CALLBACK)
    assert failure.value.retryable is True
    assert "20003" in failure.value.message


def test_a_slow_answer_times_out_and_is_not_resent_since_it_may_have_gone_out(fake_twilio):
    sender = TwilioSmsSender(_settings(fake_twilio.base_url), timeout=0.3)
    fake_twilio.delay_next(5)
    started = time.perf_counter()
    with pytest.raises(SendFailed) as failure:
        sender.send(PHONE, BODY, status_callback=CALLBACK)
    assert time.perf_counter() - started < 2
    assert failure.value.retryable is False
    assert "超时" in failure.value.message


def test_twilio_unreachable_is_retryable():
    sender = TwilioSmsSender(_settings(f"http://127.0.0.1:{_free_port()}"), timeout=2.0)
    with pytest.raises(SendFailed) as failure:
        sender.send(PHONE, BODY, status_callback=CALLBACK)
    assert failure.value.retryable is True
    assert "138" not in failure.value.message


def test_an_unreadable_success_is_not_retried_because_the_sms_may_be_out(sender, fake_twilio):
    fake_twilio.script(Scripted(201, raw=b"not json"))
    with pytest.raises(SendFailed) as failure:
        sender.send(PHONE, BODY, status_callback=CALLBACK)
    assert failure.value.retryable is False


def test_edge_and_region_from_the_environment_do_not_escape_the_stand_in(fake_twilio, monkeypatch):
    monkeypatch.setenv("TWILIO_EDGE", "singapore")
    monkeypatch.setenv("TWILIO_REGION", "au1")
    sender = TwilioSmsSender(_settings(fake_twilio.base_url), timeout=2.0)
    sender.send(PHONE, BODY, status_callback=CALLBACK)
    assert fake_twilio.requests[0].path.endswith("/Messages.json")


def test_a_base_url_path_prefix_is_kept(fake_twilio):
    sender = TwilioSmsSender(_settings(fake_twilio.base_url + "/twilio-api/"), timeout=2.0)
    with pytest.raises(SendFailed):  # the stand-in serves no prefix: 404
        sender.send(PHONE, BODY, status_callback=CALLBACK)
    assert fake_twilio.requests[0].path == (
        f"/twilio-api/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
    )


def test_every_request_has_a_timeout_with_or_without_a_base_url():
    assert twilio_http_client("", DEFAULT_TIMEOUT_SECONDS).timeout == DEFAULT_TIMEOUT_SECONDS
    routed = twilio_http_client("http://127.0.0.1:9", 3.0)
    assert isinstance(routed, RoutedHttpClient) and routed.timeout == 3.0


@pytest.mark.parametrize(
    "missing", ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM_NUMBER"]
)
def test_an_incomplete_twilio_configuration_fails_at_startup(missing):
    with pytest.raises(ValueError, match=missing):
        TwilioSmsSender(_settings("", **{missing: ""}))


def test_make_sender_builds_the_twilio_sender_from_settings(fake_twilio):
    sender = make_sender(_settings(fake_twilio.base_url))
    assert isinstance(sender, TwilioSmsSender) and sender.name == "twilio"
    assert sender.send(PHONE, BODY, status_callback=None).provider == "twilio"
