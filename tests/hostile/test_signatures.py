"""Forged, tampered and replayed Twilio and WeChat signatures: 403, and nothing is done."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode

import pytest

from tests.api import wechat_signing
from tests.api.twilio_signing import ACCOUNT_SID, AUTH_TOKEN, CITIZEN, PUBLIC_BASE_URL, sign
from tests.hostile.conftest import assert_no_leak_in_logs

SMS = {"AccountSid": ACCOUNT_SID, "Body": "你好", "From": CITIZEN, "MessageSid": "SM" + "e" * 32}


def _twilio_forgeries() -> dict[str, tuple[str, dict[str, str], str]]:
    """name → (path posted to, params posted, signature sent)."""
    good = sign(PUBLIC_BASE_URL + "/twilio/sms", SMS)
    return {
        "missing": ("/twilio/sms", SMS, ""),
        "garbage": ("/twilio/sms", SMS, "not-a-signature"),
        "another_token": ("/twilio/sms", SMS, sign(PUBLIC_BASE_URL + "/twilio/sms", SMS, "x")),
        "tampered_body": ("/twilio/sms", {**SMS, "Body": "退订"}, good),
        "added_param": ("/twilio/sms", {**SMS, "Extra": "1"}, good),
        "replayed_elsewhere": ("/twilio/voice", SMS, good),
        "other_host": ("/twilio/sms", SMS, sign("https://evil.example/twilio/sms", SMS)),
        "case_changed": ("/twilio/sms", SMS, good.swapcase()),
        "token_as_signature": ("/twilio/sms", SMS, AUTH_TOKEN),
    }


def test_forged_twilio_requests_are_refused_and_reach_nothing(
    hostile_app: Any, fake_rasa: Any, sms: Any, caplog: pytest.LogCaptureFixture
) -> None:
    client = hostile_app.test_client()
    with caplog.at_level(logging.DEBUG):
        for name, (path, params, signature) in _twilio_forgeries().items():
            response = client.post(path, data=params, headers={"X-Twilio-Signature": signature})
            assert response.status_code == 403, name
            assert CITIZEN not in response.get_data(as_text=True)
    assert fake_rasa.sent == [] and sms.sent == []
    assert_no_leak_in_logs(caplog)


def test_the_genuine_twilio_request_is_accepted(hostile_app: Any, fake_rasa: Any) -> None:
    signature = sign(PUBLIC_BASE_URL + "/twilio/sms", SMS)
    response = hostile_app.test_client().post(
        "/twilio/sms", data=SMS, headers={"X-Twilio-Signature": signature}
    )
    assert response.status_code == 200
    assert len(fake_rasa.sent) == 1


def _wechat_forgeries() -> dict[str, dict[str, str]]:
    good = wechat_signing.signed_query()
    return {
        "missing": {k: v for k, v in good.items() if k != "signature"},
        "another_token": wechat_signing.signed_query(token="not-our-token"),
        "tampered_timestamp": {**good, "timestamp": str(int(good["timestamp"]) + 1)},
        "tampered_nonce": {**good, "nonce": good["nonce"] + "1"},
        "empty": {**good, "signature": ""},
        "sha1_of_nothing": {**good, "signature": "da39a3ee5e6b4b0d3255bfef95601890afd80709"},
    }


def test_forged_wechat_pushes_are_refused_and_reach_nothing(
    hostile_app: Any, fake_rasa: Any
) -> None:
    client = hostile_app.test_client()
    for name, forged in _wechat_forgeries().items():
        query = urlencode(forged)
        response = client.post(
            f"/wechat?{query}", data=wechat_signing.text_xml("你好"), content_type="text/xml"
        )
        assert response.status_code == 403, name
        assert client.get(f"/wechat?{query}&echostr=hello").status_code == 403, name
    assert fake_rasa.sent == []


def test_a_safe_mode_push_with_a_valid_url_signature_but_a_swapped_ciphertext_is_refused(
    hostile_app: Any, fake_rasa: Any
) -> None:
    url, _body = wechat_signing.encrypted_push(wechat_signing.text_xml("你好"))
    _other_url, other_body = wechat_signing.encrypted_push(wechat_signing.text_xml("退订"))
    response = hostile_app.test_client().post(url, data=other_body, content_type="text/xml")
    assert response.status_code == 403
    assert fake_rasa.sent == []


def test_a_replayed_wechat_push_is_answered_once(hostile_app: Any, fake_rasa: Any) -> None:
    # WeChat's signature has no expiry (its own retries reuse it); the MsgId keeps a replay
    # from being answered, or acted on, twice.
    client = hostile_app.test_client()
    for safe_mode in (False, True):
        fake_rasa.sent.clear()
        message = wechat_signing.text_xml("你好")
        if safe_mode:
            url, body = wechat_signing.encrypted_push(message)
        else:
            url, body = f"/wechat?{urlencode(wechat_signing.signed_query())}", message
        first = client.post(url, data=body, content_type="text/xml")
        again = client.post(url, data=body, content_type="text/xml")
        assert first.status_code == again.status_code == 200
        assert len(fake_rasa.sent) == 1, safe_mode
