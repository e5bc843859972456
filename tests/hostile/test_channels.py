"""Twilio SMS/status/voice and WeChat (plain and safe mode) webhooks fed hostile text.

The requests are signed exactly as Twilio and WeChat sign them, so the hostile text gets past
the signature check and reaches the parsers; the assistant answers with hostile text too, so the
TwiML and XML built from it are checked as well.
"""

from __future__ import annotations

import itertools
import logging
import xml.etree.ElementTree as ET
from typing import Any
from urllib.parse import urlencode

import pytest

from tests.api import wechat_signing
from tests.api.twilio_signing import ACCOUNT_SID, CITIZEN, PUBLIC_BASE_URL, sign
from tests.hostile.conftest import assert_no_leak_in_logs, docket_rows
from tests.hostile.payloads import FORM_TEXT

# Elements only the hostile text could have brought into a reply.
INJECTED_TAGS = {"script", "img"}

SID = "SM" + "c" * 32
CALL = "CA" + "d" * 32


def _twilio(client: Any, path: str, params: dict[str, str]) -> Any:
    signature = sign(PUBLIC_BASE_URL + path, params)
    return client.post(path, data=params, headers={"X-Twilio-Signature": signature})


def _sms(body: str, sender: str = CITIZEN) -> dict[str, str]:
    return {
        "AccountSid": ACCOUNT_SID,
        "Body": body,
        "From": sender,
        "MessageSid": SID,
        "NumMedia": "0",
        "To": "+15005550006",
    }


def _call(**extra: str) -> dict[str, str]:
    return {
        "AccountSid": ACCOUNT_SID,
        "CallSid": CALL,
        "From": CITIZEN,
        "To": "+15005550006",
        "CallStatus": "in-progress",
        **extra,
    }


def _assert_safe_xml(response: Any) -> None:
    """No 500; an XML answer is well-formed and hostile text in it stayed text, not elements."""
    assert response.status_code < 500, response.get_data(as_text=True)[:300]
    if response.status_code == 200 and response.mimetype == "text/xml":
        tags = {element.tag.lower() for element in ET.fromstring(response.data).iter()}
        assert not tags & INJECTED_TAGS, tags


@pytest.fixture
def hostile_bot(fake_rasa: Any) -> Any:
    """The assistant itself answers with hostile text; the channel must still render safely."""
    fake_rasa.replies = [{"recipient_id": "x", "text": t} for t in FORM_TEXT.values()][:6]
    return fake_rasa


def test_hostile_sms_gets_well_formed_twiml(
    hostile_app: Any, hostile_bot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    client = hostile_app.test_client()
    with caplog.at_level(logging.DEBUG):
        for field, (kind, text) in itertools.product(("Body", "From"), FORM_TEXT.items()):
            response = _twilio(client, "/twilio/sms", {**_sms("你好"), field: text})
            _assert_safe_xml(response)
            # 10,000 characters URL-encoded pass the 64 KB limit: 413, as for any big body.
            assert response.status_code in (200, 400, 413), (field, kind)
    assert_no_leak_in_logs(caplog)


def _outbox_message(app: Any, sid: str) -> None:
    """A sent SMS Twilio knows as `sid`, so a failed report reaches the stored error text."""
    import datetime as dt

    from kiosk_api.db import transaction
    from kiosk_api.models import OutboxMessage

    with transaction(app.extensions["court.sessions"]) as session:
        session.add(
            OutboxMessage(
                idempotency_key="hostile-report",
                kind="verification",
                phone="+8613900000000",
                body="测试",
                status="sent",
                not_before=dt.datetime.now(dt.UTC),
                provider="twilio",
                provider_ref=sid,
            )
        )


def test_hostile_delivery_reports_are_handled(hostile_app: Any) -> None:
    _outbox_message(hostile_app, SID)
    client = hostile_app.test_client()
    fields = ("MessageSid", "MessageStatus", "ErrorCode")
    for field, (kind, text) in itertools.product(fields, FORM_TEXT.items()):
        params = {"AccountSid": ACCOUNT_SID, "MessageSid": SID, "MessageStatus": "undelivered"}
        response = _twilio(client, "/twilio/status", {**params, field: text})
        assert response.status_code in (200, 204, 400, 413), (field, kind, response.data[:300])


VOICE_INPUTS = [
    ("/twilio/voice", "From"),
    ("/twilio/voice/gather", "SpeechResult"),
    ("/twilio/voice/gather", "Digits"),
    ("/twilio/voice/gather", "Confidence"),
    ("/twilio/voice/menu", "Digits"),
    ("/twilio/voice/dialed", "DialCallStatus"),
]


def test_hostile_voice_input_still_gets_spoken_twiml(
    hostile_app: Any, hostile_bot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    client = hostile_app.test_client()
    with caplog.at_level(logging.DEBUG):
        for (path, field), text in itertools.product(VOICE_INPUTS, FORM_TEXT.values()):
            _assert_safe_xml(_twilio(client, path, _call(**{field: text})))
    assert_no_leak_in_logs(caplog)


def test_hostile_wechat_text_gets_a_well_formed_reply(
    hostile_app: Any, hostile_bot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    client = hostile_app.test_client()
    with caplog.at_level(logging.DEBUG):
        for safe_mode, (kind, text) in itertools.product((False, True), FORM_TEXT.items()):
            message = wechat_signing.text_xml(text)
            if safe_mode:
                url, body = wechat_signing.encrypted_push(message)
            else:
                url, body = f"/wechat?{urlencode(wechat_signing.signed_query())}", message
            response = client.post(url, data=body, content_type="text/xml")
            _assert_safe_xml(response)
            assert response.status_code in (200, 400, 413), (safe_mode, kind)
    assert_no_leak_in_logs(caplog)


def test_hostile_webhooks_never_touch_the_docket(hostile_app: Any, hostile_bot: Any) -> None:
    sessions = hostile_app.extensions["court.sessions"]
    before = docket_rows(sessions)
    client = hostile_app.test_client()
    for text in FORM_TEXT.values():
        _twilio(client, "/twilio/sms", _sms(text))
        _twilio(client, "/twilio/status", {"MessageSid": text, "MessageStatus": "delivered"})
        query = urlencode(wechat_signing.signed_query())
        client.post(f"/wechat?{query}", data=wechat_signing.text_xml(text), content_type="text/xml")
    assert docket_rows(sessions) == before


NUL_QUERY_TARGETS = [
    ("/twilio/sms", _sms("你好")),
    ("/twilio/status", {"AccountSid": ACCOUNT_SID, "MessageSid": SID, "MessageStatus": "sent"}),
    *((path, _call()) for path, _field in VOICE_INPUTS),
    ("/twilio/voice/listen", _call()),
]


@pytest.mark.parametrize(("path", "params"), NUL_QUERY_TARGETS)
def test_a_nul_in_a_signed_twilio_query_is_refused_not_apologised_for(
    hostile_app: Any, hostile_bot: Any, path: str, params: dict[str, str]
) -> None:
    # Signed, so only the request guard stands in the way; its refusal must keep its status
    # and the plain-text answer, not become the channel's failure apology (200) or a 500.
    sessions = hostile_app.extensions["court.sessions"]
    before = docket_rows(sessions)
    response = _twilio(hostile_app.test_client(), f"{path}?silent=%00", params)
    assert response.status_code == 422
    assert response.mimetype == "text/plain"
    assert response.get_data(as_text=True) == "请求无法处理。"
    assert hostile_bot.sent == []
    assert docket_rows(sessions) == before


def test_a_nul_in_a_signed_wechat_query_is_refused_not_failed(
    hostile_app: Any, hostile_bot: Any
) -> None:
    query = urlencode({**wechat_signing.signed_query(), "openid": "o\x00x"})
    response = hostile_app.test_client().post(
        f"/wechat?{query}", data=wechat_signing.text_xml("你好"), content_type="text/xml"
    )
    assert response.status_code == 422
    assert response.get_data(as_text=True) == "请求无法处理。"
    assert hostile_bot.sent == []
