"""Case lookup actions against the real kiosk API: the form's checks, the answer, subscriptions."""

from __future__ import annotations

import asyncio
import re

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.case_lookup import ActionCaseStatus, ActionManageSubscription, ValidateCaseLookupForm
from kiosk_api.services.chat import Channel, conversation_id_for
from tests.actions.conftest import load_domain, make_tracker

DOMAIN = load_domain()
CASE = "（2026）粤0304民初1001号"
PHONE = "13800138001"
SMS_SENDER = conversation_id_for("test-sender-key", Channel.SMS, "+86" + PHONE)
FORM_SLOTS = ["lookup_case_number", "lookup_phone", "lookup_code"]


def _tracker(text, *, channel="web", sender="web-0123456789abcdef", intent="inform", **slots):
    latest = {"text": text, "intent": {"name": intent}, "metadata": {"channel": channel}}
    return make_tracker(sender_id=sender, latest=latest, slots=slots)


def _validate(method, value, tracker):
    dispatcher = CollectingDispatcher()
    slots = getattr(ValidateCaseLookupForm(), method)(value, dispatcher, tracker, DOMAIN)
    return slots, [m.get("text") or m.get("response") for m in dispatcher.messages]


def _required(tracker):
    return asyncio.run(
        ValidateCaseLookupForm().required_slots(FORM_SLOTS, CollectingDispatcher(), tracker, DOMAIN)
    )


def _code(sms):
    return re.search(r"验证码(\d{6})", sms.sent[-1].body).group(1)


def test_the_phone_is_asked_except_where_the_sender_is_known():
    assert _required(_tracker("查案")) == FORM_SLOTS
    sms = _tracker("查案", channel="sms", sender=SMS_SENDER)
    assert _required(sms) == ["lookup_case_number", "lookup_code"]
    assert _required(_tracker("x", lookup_locked=True)) == []


def test_a_malformed_case_number_is_explained_and_asked_again(kiosk_api_url, showcase):
    slots, messages = _validate(
        "validate_lookup_case_number", "（2026）粤0304民初号", _tracker("（2026）粤0304民初号")
    )
    assert slots == {"lookup_case_number": None}
    assert messages == ["utter_lookup_case_number_invalid"]


def test_a_case_number_is_normalised_and_on_sms_the_code_is_sent_at_once(
    kiosk_api_url, showcase, sms
):
    tracker = _tracker("2026粤0304民初1001", channel="sms", sender=SMS_SENDER)
    slots, messages = _validate("validate_lookup_case_number", "2026粤0304民初1001", tracker)
    assert slots["lookup_case_number"] == CASE
    assert slots["lookup_challenge"]
    assert [m.to for m in sms.sent] == [PHONE]
    assert "验证码已发送" in messages[0]
    assert "张" not in messages[0] and "138" not in messages[0]


def test_nothing_is_revealed_before_verification(kiosk_api_url, showcase, sms):
    known, _ = _validate("validate_lookup_phone", PHONE, _tracker(PHONE, lookup_case_number=CASE))
    unknown, unknown_messages = _validate(
        "validate_lookup_phone",
        PHONE,
        _tracker(PHONE, lookup_case_number="（2026）粤0304民初9999号"),
    )
    _, known_messages = _validate(
        "validate_lookup_phone", PHONE, _tracker(PHONE, lookup_case_number=CASE)
    )
    assert set(known) == set(unknown) == {"lookup_phone", "lookup_challenge"}
    assert known_messages == unknown_messages


def test_the_right_code_verifies_and_the_answer_follows(kiosk_api_url, showcase, sms):
    started, _ = _validate("validate_lookup_phone", PHONE, _tracker(PHONE, lookup_case_number=CASE))
    tracker = _tracker("验证码" + _code(sms), lookup_case_number=CASE, **started)
    wrong, messages = _validate("validate_lookup_code", "000000", tracker)
    assert wrong == {"lookup_code": None} and messages == ["utter_lookup_code_wrong"]
    verified, _ = _validate("validate_lookup_code", "验证码是" + _code(sms), tracker)
    assert verified["lookup_verified"] is True
    assert verified["lookup_code"] == "verified"
    assert verified["lookup_verified_case"] == CASE

    dispatcher = CollectingDispatcher()
    after = _tracker("x", lookup_case_number=CASE, **{**started, **verified})
    events = ActionCaseStatus().run(dispatcher, after, DOMAIN)
    answer = dispatcher.messages[0]["text"]
    assert answer.startswith(f"{CASE}（民间借贷纠纷，简易程序）当前阶段：已排期。")
    assert "下次开庭" in answer and "福华三路88号" in answer
    assert "承办法官" in answer
    assert "订阅提醒" in answer
    assert "李华" not in answer and "07123X" not in answer
    cleared = {e["name"]: e["value"] for e in events}
    assert cleared["lookup_code"] is None and cleared["lookup_challenge"] is None


def test_a_lockout_ends_the_form_with_the_apis_message(kiosk_api_url, showcase, sms, app):
    started, _ = _validate("validate_lookup_phone", PHONE, _tracker(PHONE, lookup_case_number=CASE))
    tracker = _tracker("x", lookup_case_number=CASE, **started)
    for _ in range(app.extensions["court.settings"].LOOKUP_MAX_FAILURES_PER_CASE):
        _validate("validate_lookup_code", "000000", tracker)
    slots, messages = _validate("validate_lookup_code", _code(sms), tracker)
    assert slots == {"lookup_code": "locked", "lookup_locked": True}
    assert "锁定" in messages[0]


@pytest.mark.parametrize("intent", ["subscribe_notifications", "unsubscribe_notifications"])
def test_subscription_changes_wait_for_verification(intent):
    dispatcher = CollectingDispatcher()
    events = ActionManageSubscription().run(dispatcher, _tracker("订阅", intent=intent), DOMAIN)
    assert events[0]["name"] == "pending_subscription"
    assert dispatcher.messages[0]["response"].endswith("_needs_verification")


def test_a_verified_party_subscribes_then_unsubscribes(kiosk_api_url, showcase, sms):
    started, _ = _validate("validate_lookup_phone", PHONE, _tracker(PHONE, lookup_case_number=CASE))
    verified, _ = _validate(
        "validate_lookup_code", _code(sms), _tracker("x", lookup_case_number=CASE, **started)
    )
    for intent, expected in (
        ("subscribe_notifications", "已订阅"),
        ("unsubscribe_notifications", "已取消"),
    ):
        dispatcher = CollectingDispatcher()
        ActionManageSubscription().run(dispatcher, _tracker("x", intent=intent, **verified), DOMAIN)
        assert dispatcher.messages[0]["text"].startswith(expected)
