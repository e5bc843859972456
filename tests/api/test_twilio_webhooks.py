"""Twilio webhooks: delivery reports (/twilio/status) and inbound SMS (/twilio/sms)."""

from __future__ import annotations

import datetime as dt
import logging
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from kiosk_api.app import create_app
from kiosk_api.channels.twilio_sms import OPT_OUT_REPLY
from kiosk_api.channels.twilio_sms import bp as twilio_bp
from kiosk_api.domain.stages import CaseKind, Procedure, Stage
from kiosk_api.models import Case, Court, OutboxMessage, Party, SmsOptOut, Subscription
from kiosk_api.services.chat import Channel, conversation_id_for
from kiosk_api.services.opt_outs import phone_digest
from tests.api.twilio_signing import (
    ACCOUNT_SID,
    AUTH_TOKEN,
    CITIZEN,
    PUBLIC_BASE_URL,
    SENDER_KEY,
    sign,
)

SID = "SM" + "a" * 32


@pytest.fixture
def app(database_url, fake_rasa):  # type: ignore[no-untyped-def]
    """The kiosk API with Twilio configured and the Twilio blueprint registered."""
    app = create_app(
        {
            "DATABASE_URL": database_url,
            "SERVICE_TOKEN": "test-service-token",
            "STAFF_TOKENS": ("test-staff-token",),
            "ID_HASH_KEY": "test-id-key",
            "SENDER_HASH_KEY": SENDER_KEY,
            "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
            "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
            "TWILIO_FROM_NUMBER": "+15005550006",
            # The app sees http://localhost behind the proxy; Twilio signs the public URL.
            "PUBLIC_BASE_URL": PUBLIC_BASE_URL,
        },
        rasa=fake_rasa,
    )
    if "twilio_sms" not in app.blueprints:
        app.register_blueprint(twilio_bp)
    app.config["TESTING"] = True
    yield app
    app.extensions["court.engine"].dispose()


def _post(
    client,
    path: str,
    params: dict[str, str],
    *,
    signed_url: str | None = None,
    signature: str | None = None,
    query: str = "",
):  # type: ignore[no-untyped-def]
    target = f"{path}?{query}" if query else path
    if signature is None:
        signature = sign(signed_url or PUBLIC_BASE_URL + target, params)
    return client.post(target, data=params, headers={"X-Twilio-Signature": signature})


def _status_params(status: str, sid: str = SID, **extra: str) -> dict[str, str]:
    # What Twilio posts to a message's StatusCallback.
    return {
        "AccountSid": ACCOUNT_SID,
        "ApiVersion": "2010-04-01",
        "From": "+15005550006",
        "MessageSid": sid,
        "MessageStatus": status,
        "SmsSid": sid,
        "SmsStatus": status,
        "To": CITIZEN,
        **extra,
    }


def _sms_params(body: str, sender: str = CITIZEN) -> dict[str, str]:
    # What Twilio posts to the number's messaging webhook.
    return {
        "AccountSid": ACCOUNT_SID,
        "ApiVersion": "2010-04-01",
        "Body": body,
        "From": sender,
        "FromCountry": "CN",
        "MessageSid": "SM" + "b" * 32,
        "NumMedia": "0",
        "NumSegments": "1",
        "SmsMessageSid": "SM" + "b" * 32,
        "SmsStatus": "received",
        "To": "+15005550006",
    }


def _outbox(
    sessions,
    *,
    sid: str | None = SID,
    status: str = "sent",  # type: ignore[no-untyped-def]
    provider_status: str | None = "queued",
    key: str = "m1",
    phone: str = "13800138001",
) -> int:
    with sessions() as session, session.begin():
        message = OutboxMessage(
            idempotency_key=key,
            kind="hearing_reminder",
            phone=phone,
            body="您的案件将于明天开庭。",
            status=status,
            not_before=dt.datetime.now(dt.UTC),
            provider="twilio" if sid else None,
            provider_ref=sid,
            provider_status=provider_status if sid else None,
        )
        session.add(message)
        session.flush()
        return message.id


def _message(sessions, message_id: int) -> OutboxMessage:  # type: ignore[no-untyped-def]
    with sessions() as session:
        message = session.get(OutboxMessage, message_id)
        assert message is not None
        return message


def _replies(response) -> list[str]:  # type: ignore[no-untyped-def]
    root = ET.fromstring(response.data)
    assert root.tag == "Response"
    return [element.text or "" for element in root.findall("Message")]


# -- delivery reports ----------------------------------------------------------------------


def test_a_signed_delivered_report_marks_the_message_delivered(client, sessions):
    message_id = _outbox(sessions)
    response = _post(client, "/twilio/status", _status_params("delivered"))
    assert response.status_code == 204
    message = _message(sessions, message_id)
    assert (message.status, message.provider_status) == ("delivered", "delivered")
    assert message.last_error is None


@pytest.mark.parametrize("status", ["failed", "undelivered"])
def test_an_undeliverable_message_is_failed_with_the_twilio_error_code(client, sessions, status):
    message_id = _outbox(sessions)
    response = _post(client, "/twilio/status", _status_params(status, ErrorCode="30003"))
    assert response.status_code == 204
    message = _message(sessions, message_id)
    assert (message.status, message.provider_status) == ("failed", status)
    assert message.last_error == "Twilio 错误码 30003"


@pytest.mark.parametrize("status", ["sending", "sent"])
def test_progress_short_of_delivery_is_recorded_and_the_message_stays_sent(
    client, sessions, status
):
    message_id = _outbox(sessions)
    assert _post(client, "/twilio/status", _status_params(status)).status_code == 204
    message = _message(sessions, message_id)
    assert (message.status, message.provider_status) == ("sent", status)


@pytest.mark.parametrize("late", ["sent", "sending", "queued", "undelivered"])
def test_a_late_report_never_undoes_delivered(client, sessions, late):
    message_id = _outbox(sessions)
    assert _post(client, "/twilio/status", _status_params("delivered")).status_code == 204
    response = _post(client, "/twilio/status", _status_params(late, ErrorCode="30005"))
    assert response.status_code == 204
    message = _message(sessions, message_id)
    assert (message.status, message.provider_status, message.last_error) == (
        "delivered",
        "delivered",
        None,
    )


def test_a_report_for_an_unknown_message_is_acknowledged_and_changes_nothing(client, sessions):
    message_id = _outbox(sessions)
    response = _post(client, "/twilio/status", _status_params("failed", sid="SM" + "f" * 32))
    assert response.status_code == 204
    assert _message(sessions, message_id).status == "sent"


def test_a_report_without_message_sid_is_a_bad_request(client, sessions):
    params = _status_params("delivered")
    del params["MessageSid"]
    response = _post(client, "/twilio/status", params)
    assert response.status_code == 400
    assert response.mimetype == "text/plain"


def test_the_status_callback_url_may_carry_a_query_string_that_is_signed_too(client, sessions):
    message_id = _outbox(sessions)
    response = _post(client, "/twilio/status", _status_params("delivered"), query="outbox=7")
    assert response.status_code == 204
    assert _message(sessions, message_id).status == "delivered"


def test_a_signature_over_the_url_with_the_default_port_is_accepted(client, sessions):
    message_id = _outbox(sessions)
    params = _status_params("delivered")
    response = _post(
        client, "/twilio/status", params, signed_url="https://court.example.cn:443/twilio/status"
    )
    assert response.status_code == 204
    assert _message(sessions, message_id).status == "delivered"


@pytest.mark.parametrize(
    "case",
    [
        "missing",
        "empty",
        "wrong_token",
        "internal_url",
        "other_host",
        "other_path",
        "query_dropped",
        "tampered_param",
        "extra_param",
    ],
)
def test_a_report_not_signed_by_twilio_for_this_url_is_refused(client, sessions, case):
    message_id = _outbox(sessions)
    params = _status_params("delivered")
    good_url = PUBLIC_BASE_URL + "/twilio/status"
    signature = {
        "missing": None,
        "empty": "",
        "wrong_token": sign(good_url, params, token="someone-elses-token"),
        # What request.url is inside the app: signing it must not be what we check.
        "internal_url": sign("http://localhost/twilio/status", params),
        "other_host": sign("https://attacker.example/twilio/status", params),
        "other_path": sign(PUBLIC_BASE_URL + "/twilio/sms", params),
        "query_dropped": sign(good_url, params),
        "tampered_param": sign(good_url, params),
        "extra_param": sign(good_url, params),
    }[case]
    sent = dict(params)
    query = ""
    if case == "tampered_param":
        sent = {**params, "MessageStatus": "failed"}
    elif case == "extra_param":
        sent = {**params, "ErrorCode": "30003"}
    elif case == "query_dropped":
        query = "outbox=7"
    headers = {} if signature is None else {"X-Twilio-Signature": signature}
    target = f"/twilio/status?{query}" if query else "/twilio/status"
    response = client.post(target, data=sent, headers=headers)
    assert response.status_code == 403
    assert response.mimetype == "text/plain"
    assert "签名" in response.get_data(as_text=True)
    message = _message(sessions, message_id)
    assert (message.status, message.provider_status) == ("sent", "queued")


def test_without_an_auth_token_no_callback_is_accepted(app, client, sessions):
    settings = app.extensions["court.settings"]
    app.extensions["court.settings"] = settings.with_overrides({"TWILIO_AUTH_TOKEN": ""})
    message_id = _outbox(sessions)
    params = _status_params("delivered")
    # Even a signature made with the empty key is refused.
    signature = sign(PUBLIC_BASE_URL + "/twilio/status", params, token="")
    response = _post(client, "/twilio/status", params, signature=signature)
    assert response.status_code == 403
    assert _message(sessions, message_id).status == "sent"


# -- inbound SMS ---------------------------------------------------------------------------


def _subscribed_party(sessions, phone: str = "13800138001") -> int:  # type: ignore[no-untyped-def]
    with sessions() as session, session.begin():
        court = Court(
            code="粤0305",
            name="深圳市南山区人民法院",
            level="basic",
            address="深圳市南山区",
            phone="0755-00000000",
            service_hours="工作日 9:00-18:00",
        )
        case = Case(
            case_number="（2024）粤0305民初1号",
            year=2024,
            court=court,
            type_code="民初",
            serial=1,
            cause="民间借贷纠纷",
            kind=CaseKind.CIVIL,
            procedure=Procedure.SIMPLE,
            stage=Stage.SCHEDULED,
            filed_on=dt.date(2024, 3, 1),
        )
        party = Party(case=case, role="plaintiff", name="张三", phone=phone)
        session.add_all([court, case, party])
        session.flush()
        subscription = Subscription(case_id=case.id, party_id=party.id, phone=phone, channel="sms")
        session.add(subscription)
        session.flush()
        return subscription.id


@pytest.mark.parametrize("word", ["STOP", "stop", "退订", "TD", "td。", " 退订！"])
def test_a_stop_reply_opts_the_number_out_and_cancels_what_was_waiting(
    client, sessions, fake_rasa, word
):
    subscription_id = _subscribed_party(sessions)
    pending = _outbox(sessions, sid=None, status="pending", key="pending-1")
    already_sent = _outbox(sessions, key="sent-1")
    response = _post(client, "/twilio/sms", _sms_params(word))
    assert response.status_code == 200
    assert response.mimetype == "text/xml"
    assert _replies(response) == [OPT_OUT_REPLY]
    assert fake_rasa.sent == []
    with sessions() as session:
        opt_out = session.get(SmsOptOut, phone_digest(SENDER_KEY, CITIZEN))
        assert opt_out is not None and opt_out.source == "sms_reply"
        subscription = session.get(Subscription, subscription_id)
        assert subscription is not None and subscription.cancelled_at is not None
    assert _message(sessions, pending).status == "cancelled"
    assert _message(sessions, already_sent).status == "sent"


def test_a_second_stop_reply_is_harmless(client, sessions):
    for _ in range(2):
        response = _post(client, "/twilio/sms", _sms_params("退订"))
        assert _replies(response) == [OPT_OUT_REPLY]
    with sessions() as session:
        assert len(session.scalars(select(SmsOptOut)).all()) == 1


def test_a_stop_reply_during_a_database_outage_is_answered_as_not_done(
    client, sessions, monkeypatch
):
    def database_gone(*_args: Any, **_kwargs: Any) -> None:
        raise OperationalError("INSERT …", {}, Exception("server closed the connection"))

    monkeypatch.setattr("kiosk_api.channels.twilio_sms.record_opt_out", database_gone)
    response = _post(client, "/twilio/sms", _sms_params("退订"))
    assert response.status_code == 200 and response.mimetype == "text/xml"
    (reply,) = _replies(response)
    assert "未能处理" in reply and "12368" in reply
    assert OPT_OUT_REPLY not in reply


def test_an_ordinary_text_is_a_chat_turn_under_a_pseudonymous_conversation(client, fake_rasa):
    fake_rasa.replies = [
        {"recipient_id": "x", "text": "离婚案件每件交纳50元至300元。"},
        {"recipient_id": "x", "text": "还有其他问题吗？", "buttons": [{"title": "转人工"}]},
    ]
    response = _post(client, "/twilio/sms", _sms_params("离婚要交多少诉讼费？"))
    assert response.status_code == 200
    assert response.mimetype == "text/xml"
    assert _replies(response) == ["离婚案件每件交纳50元至300元。", "还有其他问题吗？"]
    conversation_id, text, metadata = fake_rasa.sent[0]
    assert conversation_id == conversation_id_for(SENDER_KEY, Channel.SMS, CITIZEN)
    assert "13800138001" not in conversation_id
    assert (text, metadata) == ("离婚要交多少诉讼费？", {"channel": "sms"})


def test_when_the_assistant_is_down_the_texter_gets_the_busy_answer(client, fake_rasa):
    fake_rasa.down = True
    response = _post(client, "/twilio/sms", _sms_params("你好"))
    assert response.status_code == 200
    (reply,) = _replies(response)
    assert "12368" in reply


def test_an_empty_text_gets_an_empty_twiml_answer(client, fake_rasa):
    response = _post(client, "/twilio/sms", _sms_params("   "))
    assert response.status_code == 200
    assert _replies(response) == []
    assert fake_rasa.sent == []


@pytest.mark.parametrize("body", ["退订", "你好"])
def test_an_unsigned_text_is_refused_and_does_nothing(client, sessions, fake_rasa, body):
    params = _sms_params(body)
    forged = sign(PUBLIC_BASE_URL + "/twilio/sms", {**params, "From": "+8613900000000"})
    response = _post(client, "/twilio/sms", params, signature=forged)
    assert response.status_code == 403
    assert fake_rasa.sent == []
    with sessions() as session:
        assert session.scalars(select(SmsOptOut)).all() == []


def test_a_text_without_a_sender_is_a_bad_request(client, fake_rasa):
    params = _sms_params("你好")
    del params["From"]
    assert _post(client, "/twilio/sms", params).status_code == 400
    assert fake_rasa.sent == []


def test_neither_the_number_nor_the_text_is_logged(client, sessions, caplog):
    caplog.set_level(logging.DEBUG)
    params: list[dict[str, Any]] = [
        _sms_params("我的案号是（2024）粤0305民初1号，什么时候开庭"),
        _sms_params("退订"),
    ]
    for sms in params:
        assert _post(client, "/twilio/sms", sms).status_code == 200
    forged = _sms_params("机密内容")
    _post(client, "/twilio/sms", forged, signature="bad")
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for secret in ("13800138001", "粤0305民初", "机密内容", "退订"):
        assert secret not in logged


def test_a_long_answer_is_sent_as_sms_sized_parts_cut_at_line_breaks(client, fake_rasa):
    from kiosk_api.channels.twilio_sms import SMS_PART_CHARS

    lines = [f"{n}. " + "要带的材料和证据说明" * 6 + "。" for n in range(1, 20)]
    fake_rasa.replies = [{"recipient_id": "x", "text": "\n".join(lines)}]
    parts = _replies(_post(client, "/twilio/sms", _sms_params("起诉要带什么")))
    assert len(parts) > 1 and all(len(p) <= SMS_PART_CHARS for p in parts)
    assert "\n".join(parts) == "\n".join(lines)  # nothing lost, every part starts a line
    assert all(p.split(". ", 1)[0].isdigit() for p in parts)


def test_one_overlong_line_is_cut_between_sentences():
    from kiosk_api.channels.twilio_sms import sms_parts

    text = "这是一句话。" * 200
    parts = sms_parts(text, 100)
    assert "".join(parts) == text and all(len(p) <= 100 and p.endswith("。") for p in parts)
