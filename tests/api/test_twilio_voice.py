"""The Mandarin voice hotline: /twilio/voice and the requests Twilio makes during the call."""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from typing import Any
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk_api.app import create_app
from kiosk_api.channels import twilio_voice as voice
from kiosk_api.channels.spoken_text import sentence_chunks, speakable, truncate
from kiosk_api.services.chat import Channel, conversation_id_for
from tests.api.twilio_signing import (
    ACCOUNT_SID,
    AUTH_TOKEN,
    CITIZEN,
    PUBLIC_BASE_URL,
    SENDER_KEY,
    sign,
)

CALL_SID = "CA" + "c" * 32
STAFF_LINE = "+862083000000"
VOICE_PATHS = [
    "/twilio/voice",
    "/twilio/voice/gather",
    "/twilio/voice/listen",
    "/twilio/voice/menu",
    "/twilio/voice/dialed",
]
# What ends an answer without leaving the caller in silence.
LAST_VERBS = {"Gather", "Redirect", "Dial", "Hangup"}
HANDOFF_TEXT = "已为您转接人工服务，工单号 RGABCDEF。工作人员会在工作时间尽快联系您。"


def _create(config: dict[str, Any], fake_rasa):  # type: ignore[no-untyped-def]
    return create_app(
        {
            "SERVICE_TOKEN": "test-service-token",
            "STAFF_TOKENS": ("test-staff-token",),
            "ID_HASH_KEY": "test-id-key",
            "SENDER_HASH_KEY": SENDER_KEY,
            "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
            "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
            # The app sees http://localhost behind the proxy; Twilio signs the public URL.
            "PUBLIC_BASE_URL": PUBLIC_BASE_URL,
            "VOICE_HANDOFF_NUMBER": STAFF_LINE,
            **config,
        },
        rasa=fake_rasa,
    )


@pytest.fixture
def app(tmp_path, fake_rasa):  # type: ignore[no-untyped-def]
    """The kiosk API with Twilio and a staff line configured; the voice line reads no tables."""
    app = _create({"DATABASE_URL": f"sqlite:///{tmp_path / 'docket.db'}"}, fake_rasa)
    app.config["TESTING"] = True
    yield app
    app.extensions["court.engine"].dispose()


def _reconfigure(app, **overrides: str) -> None:  # type: ignore[no-untyped-def]
    settings = app.extensions["court.settings"]
    app.extensions["court.settings"] = settings.with_overrides(overrides)


def _call_params(**extra: str) -> dict[str, str]:
    # What Twilio posts to a number's voice webhook (and, plus the gathered input, to actions).
    return {
        "AccountSid": ACCOUNT_SID,
        "ApiVersion": "2010-04-01",
        "CallSid": CALL_SID,
        "CallStatus": "in-progress",
        "Caller": CITIZEN,
        "Direction": "inbound",
        "From": CITIZEN,
        "FromCountry": "CN",
        "To": "+15005550006",
        **extra,
    }


def _post(client, target: str, params: dict[str, str], *, signature: str | None = None):  # type: ignore[no-untyped-def]
    """POST like Twilio: `target` is a path or one of the absolute URLs our TwiML names."""
    parts = urlsplit(target)
    path = f"{parts.path}?{parts.query}" if parts.query else parts.path
    if signature is None:
        signature = sign(PUBLIC_BASE_URL + path, params)
    return client.post(path, data=params, headers={"X-Twilio-Signature": signature})


def _twiml(response) -> ET.Element:  # type: ignore[no-untyped-def]
    """The parsed TwiML, after checking the caller is never left in silence."""
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "text/xml"
    root = ET.fromstring(response.data)
    assert root.tag == "Response"
    assert len(root) > 0
    assert root[-1].tag in LAST_VERBS, [verb.tag for verb in root]
    for say in root.iter("Say"):
        assert (say.text or "").strip()
        assert len(say.text or "") <= voice.MAX_SAY_CHARS
    if root[-1].tag in {"Hangup", "Dial"}:
        assert root[-2].tag == "Say", "say something before hanging up or transferring"
    for gather in root.iter("Gather"):
        assert gather.find("Say") is not None, "a Gather always says what to do"
    return root


def _spoken(root: ET.Element) -> str:
    return "".join(say.text or "" for say in root.iter("Say"))


def _gather(root: ET.Element) -> ET.Element:
    assert root[-1].tag == "Gather"
    return root[-1]


def _answer(client, **input_: str) -> ET.Element:  # type: ignore[no-untyped-def]
    return _twiml(_post(client, "/twilio/voice/gather", _call_params(**input_)))


# -- signatures --------------------------------------------------------------------------


@pytest.mark.parametrize("path", VOICE_PATHS)
@pytest.mark.parametrize("case", ["missing", "empty", "wrong_token", "other_path", "tampered"])
def test_a_request_not_signed_by_twilio_for_this_url_is_refused(client, fake_rasa, path, case):
    params = _call_params(SpeechResult="我要转人工", Digits="0")
    good_url = PUBLIC_BASE_URL + path
    signature = {
        "missing": None,
        "empty": "",
        "wrong_token": sign(good_url, params, token="someone-elses-token"),
        "other_path": sign(PUBLIC_BASE_URL + "/twilio/sms", params),
        "tampered": sign(good_url, {**params, "From": "+8613900000000"}),
    }[case]
    headers = {} if signature is None else {"X-Twilio-Signature": signature}
    response = client.post(path, data=params, headers=headers)
    assert response.status_code == 403
    assert response.mimetype == "text/plain"
    assert "签名" in response.get_data(as_text=True)
    assert fake_rasa.sent == []


def test_without_an_auth_token_no_call_is_answered(app, client):
    _reconfigure(app, TWILIO_AUTH_TOKEN="")
    params = _call_params()
    signature = sign(PUBLIC_BASE_URL + "/twilio/voice", params, token="")
    assert _post(client, "/twilio/voice", params, signature=signature).status_code == 403


def test_the_silence_count_in_the_url_is_signed_too(client):
    params = _call_params()
    signature = sign(PUBLIC_BASE_URL + "/twilio/voice/gather?silent=1", params)
    response = client.post(
        "/twilio/voice/gather?silent=2", data=params, headers={"X-Twilio-Signature": signature}
    )
    assert response.status_code == 403


# -- the call ----------------------------------------------------------------------------


def test_a_call_is_greeted_and_the_caller_can_speak_mandarin_or_press_keys(client, fake_rasa):
    root = _twiml(_post(client, "/twilio/voice", _call_params()))
    assert "自动" in _spoken(root) and "不对案件的实体问题" in _spoken(root)
    gather = _gather(root)
    assert gather.get("input") == "speech dtmf"
    assert gather.get("language") == "cmn-Hans-CN"
    assert gather.get("numDigits") == "1"
    assert gather.get("actionOnEmptyResult") == "true"
    assert gather.get("action") == PUBLIC_BASE_URL + "/twilio/voice/gather"
    assert gather.get("method") == "POST"
    menu = _spoken(gather)
    for key in ("按1", "按2", "按3", "按0"):
        assert key in menu
    for say in root.iter("Say"):
        assert (say.get("voice"), say.get("language")) == ("Polly.Zhiyu-Neural", "cmn-CN")
    assert fake_rasa.sent == []


def test_the_court_chooses_the_recognition_language_and_the_voice(app, client):
    _reconfigure(
        app,
        VOICE_SPEECH_LANGUAGE="zh-CN",
        VOICE_SAY_VOICE="Google.cmn-CN-Wavenet-A",
        VOICE_SAY_LANGUAGE="cmn-CN",
    )
    root = _twiml(_post(client, "/twilio/voice", _call_params()))
    assert _gather(root).get("language") == "zh-CN"
    assert {say.get("voice") for say in root.iter("Say")} == {"Google.cmn-CN-Wavenet-A"}


def test_what_the_caller_says_reaches_the_assistant_and_its_answer_is_read_back(client, fake_rasa):
    fake_rasa.replies = [
        {"recipient_id": "x", "text": "离婚案件每件交纳50元至300元。"},
        {"recipient_id": "x", "text": "还有其他问题吗？"},
    ]
    root = _answer(client, SpeechResult="离婚要交多少诉讼费", Confidence="0.92")
    conversation_id, text, metadata = fake_rasa.sent[0]
    assert conversation_id == conversation_id_for(SENDER_KEY, Channel.VOICE, CITIZEN)
    assert "13800138001" not in conversation_id
    assert (text, metadata) == ("离婚要交多少诉讼费", {"channel": "voice"})
    assert root[0].tag == "Say"
    assert _spoken(root).startswith("离婚案件每件交纳50元至300元。还有其他问题吗？")
    gather = _gather(root)
    assert gather.get("action") == PUBLIC_BASE_URL + "/twilio/voice/gather"
    assert _spoken(gather) == voice.FOLLOW_UP


def test_links_markup_and_emoji_are_not_read_aloud(client, fake_rasa):
    fake_rasa.replies = [
        {
            "recipient_id": "x",
            "text": "**网上立案**请登录 https://zxfw.court.gov.cn/zxfw/#/ 办理！！！😀",
        }
    ]
    spoken = _spoken(_answer(client, SpeechResult="怎么网上立案"))
    assert "网上立案请登录办理！" in spoken
    for unspeakable in ("http", "court.gov.cn", "*", "！！", "😀"):
        assert unspeakable not in spoken


def test_a_long_answer_is_read_in_short_pieces_and_cut_short(client, fake_rasa):
    sentence = "起诉状应当记明当事人的基本情况、诉讼请求和所根据的事实与理由。"
    fake_rasa.replies = [{"recipient_id": "x", "text": sentence * 40}]
    root = _answer(client, SpeechResult="起诉状怎么写")
    answer = [say.text or "" for say in root if say.tag == "Say"]
    assert len(answer) > 1
    spoken = "".join(answer)
    assert len(spoken) <= voice.MAX_SPOKEN_CHARS + 40
    assert spoken.endswith("内容较长，其余部分请到法院诉讼服务大厅窗口咨询。")
    _gather(root)


def test_quick_reply_buttons_are_offered_as_phrases_to_say(client, fake_rasa):
    fake_rasa.replies = [
        {
            "recipient_id": "x",
            "text": "请问您是想查询诉讼费吗？",
            "buttons": [
                {"title": "是的", "payload": "/affirm"},
                {"title": "不是", "payload": "/deny"},
            ],
        }
    ]
    assert "您可以说：是的、不是。" in _spoken(_answer(client, SpeechResult="费用"))


@pytest.mark.parametrize("key", ["1", "2", "3"])
def test_a_menu_key_sends_its_question_to_the_assistant(client, fake_rasa, key):
    fake_rasa.replies = [{"recipient_id": "x", "text": "好的。"}]
    root = _answer(client, Digits=key)
    [(conversation_id, text, _metadata)] = fake_rasa.sent
    assert text == {"1": "诉讼费怎么算", "2": "查询案件", "3": "我要起诉"}[key]
    assert conversation_id == conversation_id_for(SENDER_KEY, Channel.VOICE, CITIZEN)
    assert _spoken(root).startswith("好的。")
    _gather(root)


@pytest.mark.parametrize("key", ["7", "#", "*"])
def test_any_other_key_reads_the_menu_again(client, fake_rasa, key):
    root = _answer(client, Digits=key)
    assert ("没有这个选项" in _spoken(root)) is (key != "*")
    assert "按1" in _spoken(_gather(root))
    assert fake_rasa.sent == []


# -- transfer to staff ---------------------------------------------------------------------


def test_zero_transfers_the_call_to_the_staff_line(client, fake_rasa):
    root = _answer(client, Digits="0")
    dial = root[-1]
    assert dial.tag == "Dial"
    assert (dial.text or "").strip() == STAFF_LINE
    assert dial.get("action") == PUBLIC_BASE_URL + "/twilio/voice/dialed"
    assert voice.TRANSFERRING in _spoken(root)
    assert fake_rasa.sent == []


def test_zero_without_a_staff_line_names_the_hotline_and_the_call_goes_on(app, client):
    _reconfigure(app, VOICE_HANDOFF_NUMBER="")
    root = _answer(client, Digits="0")
    assert root.find("Dial") is None
    assert "12368" in _spoken(root) and "法院诉讼服务大厅" in _spoken(root)
    assert "按1" in _spoken(_gather(root))


def test_a_handoff_by_the_assistant_transfers_the_call(client, fake_rasa):
    # Rasa's REST channel sends a response's `custom` payload as a message of its own.
    fake_rasa.replies = [
        {"recipient_id": "x", "text": HANDOFF_TEXT},
        {"recipient_id": "x", "custom": {"handoff": True}},
    ]
    root = _answer(client, SpeechResult="我要找工作人员")
    assert root[-1].tag == "Dial"
    assert (root[-1].text or "").strip() == STAFF_LINE
    assert fake_rasa.sent[0][1] == "我要找工作人员"


def test_a_handoff_without_a_staff_line_reads_the_ticket_and_goes_on(app, client, fake_rasa):
    _reconfigure(app, VOICE_HANDOFF_NUMBER="")
    fake_rasa.replies = [
        {"recipient_id": "x", "text": HANDOFF_TEXT},
        {"recipient_id": "x", "custom": {"handoff": True}},
    ]
    root = _answer(client, SpeechResult="转人工")
    assert root.find("Dial") is None
    assert "RGABCDEF" in _spoken(root)
    _gather(root)


def test_only_the_marker_makes_a_handoff_not_the_wording(client, fake_rasa):
    fake_rasa.replies = [
        {"recipient_id": "x", "text": HANDOFF_TEXT},
        {"recipient_id": "x", "custom": {"handoff": "yes"}},
    ]
    root = _answer(client, SpeechResult="人工服务是什么")
    assert root.find("Dial") is None
    _gather(root)


def test_after_talking_to_staff_the_caller_is_thanked_and_the_call_ends(client):
    root = _twiml(_post(client, "/twilio/voice/dialed", _call_params(DialCallStatus="completed")))
    assert [verb.tag for verb in root] == ["Say", "Hangup"]
    assert _spoken(root) == voice.GOODBYE


@pytest.mark.parametrize("status", ["busy", "no-answer", "failed", "canceled", ""])
def test_when_nobody_takes_the_transfer_the_caller_gets_the_menu_back(client, status):
    root = _twiml(_post(client, "/twilio/voice/dialed", _call_params(DialCallStatus=status)))
    assert "无法接通" in _spoken(root) and "12368" in _spoken(root)
    assert "按1" in _spoken(_gather(root))


# -- silence, mishearing, a busy assistant ---------------------------------------------------


def test_a_silent_caller_is_asked_again_then_offered_the_menu_then_told_goodbye(client, fake_rasa):
    first = _answer(client)  # the greeting's Gather timed out
    assert _spoken(first) == voice.NOT_HEARD
    assert first[-1].tag == "Redirect" and first[-1].get("method") == "POST"
    assert first[-1].text == PUBLIC_BASE_URL + "/twilio/voice/listen?silent=1"

    again = _twiml(_post(client, first[-1].text, _call_params()))
    assert _spoken(_gather(again)) == voice.LISTENING
    action = _gather(again).get("action")
    assert action == PUBLIC_BASE_URL + "/twilio/voice/gather?silent=1"

    second = _twiml(_post(client, action, _call_params()))
    assert second[-1].tag == "Redirect"
    assert second[-1].text == PUBLIC_BASE_URL + "/twilio/voice/menu?silent=2"

    menu = _twiml(_post(client, second[-1].text, _call_params()))
    assert "按1" in _spoken(_gather(menu))
    action = _gather(menu).get("action")

    last = _twiml(_post(client, action, _call_params()))
    assert [verb.tag for verb in last] == ["Say", "Hangup"]
    assert "再见" in _spoken(last)
    assert fake_rasa.sent == []


def test_speaking_after_a_silence_starts_the_count_again(client):
    root = _twiml(
        _post(client, "/twilio/voice/gather?silent=2", _call_params(SpeechResult="开庭时间"))
    )
    assert _gather(root).get("action") == PUBLIC_BASE_URL + "/twilio/voice/gather"


@pytest.mark.parametrize(
    ("count", "last"),
    [
        ("abc", "Redirect"),
        ("-1", "Redirect"),
        ("%C2%B2", "Redirect"),
        ("", "Redirect"),
        ("999", "Hangup"),
    ],
)
def test_a_strange_silence_count_is_read_as_none_or_the_most(client, count, last):
    root = _twiml(_post(client, f"/twilio/voice/gather?silent={count}", _call_params()))
    assert root[-1].tag == last


def test_a_doubtful_recognition_is_asked_again_not_sent_to_the_assistant(client, fake_rasa):
    root = _answer(client, SpeechResult="书送费", Confidence="0.08")
    assert _spoken(root).startswith(voice.NOT_UNDERSTOOD)
    assert "按1" in _spoken(_gather(root))
    assert fake_rasa.sent == []


@pytest.mark.parametrize("confidence", ["0", "0.0", "", "n/a"])
def test_a_result_without_a_confidence_is_taken_as_heard(client, fake_rasa, confidence):
    _answer(client, SpeechResult="诉讼费", Confidence=confidence)
    assert [text for _id, text, _meta in fake_rasa.sent] == ["诉讼费"]


def test_when_the_assistant_is_down_the_caller_hears_the_busy_message_and_the_menu(
    client, fake_rasa
):
    fake_rasa.down = True
    root = _answer(client, SpeechResult="你好")
    spoken = _spoken(root)
    assert "有点忙" in spoken and "12368" in spoken
    assert "按0" in _spoken(_gather(root))


def test_when_the_actions_fail_the_caller_hears_the_busy_message_and_the_menu(client, fake_rasa):
    fake_rasa.replies = []  # what Rasa answers when a custom action failed
    root = _answer(client, SpeechResult="查一下我的案子")
    assert "有点忙" in _spoken(root)
    assert "按2" in _spoken(_gather(root))


# -- callers -------------------------------------------------------------------------------


def test_callers_who_withhold_their_number_do_not_share_a_conversation(client, fake_rasa):
    for call_sid in ("CA" + "1" * 32, "CA" + "2" * 32):
        params = _call_params(From="anonymous", CallSid=call_sid, SpeechResult="查询案件")
        _twiml(_post(client, "/twilio/voice/gather", params))
    first, second = (conversation_id for conversation_id, _text, _meta in fake_rasa.sent)
    assert first != second


def test_a_turn_without_any_caller_is_a_bad_request(client, fake_rasa):
    params = _call_params(SpeechResult="你好")
    del params["From"], params["CallSid"]
    response = _post(client, "/twilio/voice/gather", params)
    assert response.status_code == 400
    assert fake_rasa.sent == []


def test_neither_the_number_nor_what_was_said_is_logged(client, caplog):
    caplog.set_level(logging.DEBUG)
    _twiml(_post(client, "/twilio/voice", _call_params()))
    _answer(client, SpeechResult="我的案号是（2024）粤0305民初1号，什么时候开庭")
    _answer(client, Digits="0")
    _answer(client)
    _post(client, "/twilio/voice/gather", _call_params(SpeechResult="机密内容"), signature="bad")
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for secret in ("13800138001", "粤0305民初", "机密内容", STAFF_LINE):
        assert secret not in logged


def test_an_unexpected_failure_is_apologised_for_in_chinese(app, client, fake_rasa, caplog):
    def broken(*_args: object) -> list[dict[str, Any]]:
        raise RuntimeError("boom with 机密内容")

    fake_rasa.send = broken
    root = _twiml(_post(client, "/twilio/voice/gather", _call_params(SpeechResult="你好")))
    assert [verb.tag for verb in root] == ["Say", "Hangup"]
    assert "故障" in _spoken(root)
    assert "机密内容" not in caplog.text


# -- anything Twilio could send ------------------------------------------------------------

_FIELDS = st.sampled_from(
    ["From", "CallSid", "SpeechResult", "Confidence", "Digits", "DialCallStatus", "To"]
) | st.text(max_size=12)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    path=st.sampled_from(VOICE_PATHS),
    silent=st.none() | st.text(max_size=6),
    form=st.dictionaries(_FIELDS, st.text(max_size=40), max_size=8),
)
def test_no_signed_form_makes_the_line_fail(client, fake_rasa, path, silent, form):
    target = path if silent is None else f"{path}?silent={silent}"
    response = client.post(
        target,
        data=form,
        headers={"X-Twilio-Signature": sign(PUBLIC_BASE_URL + target, form)},
    )
    # 422: the request guard refuses a NUL in the query (Twilio never sends one).
    assert response.status_code in (200, 400, 403, 422)
    if response.status_code == 200:
        # The apology of the catch-all handler would hide a crash behind a 200.
        assert "故障" not in _spoken(_twiml(response))
    else:
        assert response.mimetype == "text/plain" and response.get_data(as_text=True)


# -- text read aloud -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("诉讼费：\n- 50元\n- 100元", "诉讼费：50元。100元。"),
        ("1. 起诉状\n2. 身份证明", "1、起诉状。2、身份证明。"),
        ("真的吗？？！！", "真的吗？"),
        ("请稍候……马上就好", "请稍候。马上就好。"),
        ("网址：https://example.cn/a?b=1 。", "网址。"),
        ("【温馨提示】请带好材料", "温馨提示请带好材料。"),
        ("Hello, world", "Hello, world。"),
        ("每件交纳50~300元", "每件交纳50至300元。"),
        ("周一至周五 9:00-12:00，电话0755-12345678", "周一至周五 9:00至12:00，电话0755-12345678。"),
        ("\x00\x07", ""),
    ],
)
def test_text_is_made_speakable(text, spoken):
    assert speakable(text) == spoken


@given(st.text(max_size=400), st.integers(min_value=5, max_value=200))
def test_say_pieces_are_short_and_lose_nothing(text, limit):
    cleaned = speakable(text)
    chunks = sentence_chunks(cleaned, limit)
    assert all(0 < len(chunk) <= limit for chunk in chunks)
    assert "".join("".join(chunks).split()) == "".join(cleaned.split())
    ET.fromstring(f"<Say>{''.join(chunks).replace('&', '&amp;').replace('<', '&lt;')}</Say>")


@given(st.text(max_size=600), st.integers(min_value=1, max_value=300))
def test_truncation_never_exceeds_the_limit(text, limit):
    kept, cut = truncate(text, limit)
    assert len(kept) <= limit
    assert cut is (len(text) > limit)
