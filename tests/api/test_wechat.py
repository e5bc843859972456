"""WeChat official-account webhook (GET/POST /wechat) and the mini-program's chat turns.

The messages are built here as WeChat builds them: the signatures with hashlib, the safe-mode
ciphertext with the raw AES primitive and padding written out by hand, so a mistake shared
with kiosk_api/channels/wechat_crypto.py cannot make both sides agree.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import struct
import threading
import time
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.serving import make_server
from werkzeug.wrappers import Request
from werkzeug.wrappers import Response as WsgiResponse

from kiosk_api.app import create_app
from kiosk_api.channels.wechat import TEXT_ONLY, render_reply
from kiosk_api.channels.wechat_crypto import MessageCipher
from kiosk_api.channels.wechat_customer_service import (
    DeliveryFailed,
    HttpCustomerService,
    RecordingCustomerService,
)
from kiosk_api.config import Settings
from kiosk_api.services.chat import Channel, ChatMessage, conversation_id_for
from kiosk_api.services.shared_store import MemoryStore
from tests.fakes import FakeRasa

TOKEN = "test-wechat-token"
APP_ID = "wx1234567890abcdef"
APP_SECRET = "test-wechat-app-secret"
# 43 characters of base64, as the WeChat console generates them.
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
SENDER_KEY = "test-sender-key"
OPENID = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"
ACCOUNT = "gh_0123456789ab"
SETTINGS = {
    "DATABASE_URL": "sqlite://",  # the webhook reads and writes no tables
    "SENDER_HASH_KEY": SENDER_KEY,
    "WECHAT_TOKEN": TOKEN,
    "WECHAT_APP_ID": APP_ID,
    "WECHAT_APP_SECRET": APP_SECRET,
    "WECHAT_ENCODING_AES_KEY": AES_KEY,
    "WECHAT_REPLY_BUDGET_SECONDS": 3.0,
}


def _make_app(fake_rasa: FakeRasa, **overrides: Any) -> Any:
    app = create_app({**SETTINGS, **overrides}, rasa=fake_rasa)
    app.config["TESTING"] = True
    return app


@pytest.fixture
def customer_service() -> RecordingCustomerService:
    """Records the answers sent after the reply window."""
    return RecordingCustomerService()


@pytest.fixture
def app(fake_rasa, customer_service):  # type: ignore[no-untyped-def]
    """The kiosk API with the WeChat channel configured and a recording customer service."""
    app = _make_app(fake_rasa)
    app.extensions["court.wechat.customer_service"] = customer_service
    yield app
    app.extensions["court.engine"].dispose()


class SlowRasa(FakeRasa):
    """An assistant that takes longer than the reply budget."""

    def __init__(self, delay: float) -> None:
        super().__init__()
        self.delay = delay

    def send(self, conversation_id: str, text: str, metadata: dict[str, Any]) -> Any:
        """Answer after `delay` seconds."""
        time.sleep(self.delay)
        return super().send(conversation_id, text, metadata)


# -- WeChat's side, written independently of the production code ------------------------------


def _sha1_signature(*parts: str, token: str = TOKEN) -> str:
    return hashlib.sha1("".join(sorted([token, *parts])).encode()).hexdigest()


def _query(*, token: str = TOKEN, **extra: str) -> dict[str, str]:
    timestamp, nonce = str(int(time.time())), str(uuid.uuid4().int % 10**9)
    return {
        "signature": _sha1_signature(timestamp, nonce, token=token),
        "timestamp": timestamp,
        "nonce": nonce,
        "openid": OPENID,
        **extra,
    }


def _aes(key: bytes) -> Cipher[modes.CBC]:
    return Cipher(algorithms.AES(key), modes.CBC(key[:16]))


def _wechat_encrypt(message: bytes, app_id: str = APP_ID) -> str:
    """Encrypt as WeChat does: random(16) + len(4, big-endian) + msg + appid, PKCS#7 to 32."""
    key = base64.b64decode(AES_KEY + "=")
    plain = os.urandom(16) + struct.pack(">I", len(message)) + message + app_id.encode()
    pad = 32 - len(plain) % 32
    plain += bytes([pad]) * pad
    encryptor = _aes(key).encryptor()
    return base64.b64encode(encryptor.update(plain) + encryptor.finalize()).decode()


def _wechat_decrypt(encrypted: str) -> tuple[bytes, str]:
    """What WeChat reads out of an encrypted reply: the message and the appid after it."""
    key = base64.b64decode(AES_KEY + "=")
    decryptor = _aes(key).decryptor()
    plain = decryptor.update(base64.b64decode(encrypted)) + decryptor.finalize()
    pad = plain[-1]
    assert 1 <= pad <= 32 and plain[-pad:] == bytes([pad]) * pad
    plain = plain[:-pad]
    assert pad == 32 - len(plain) % 32, "PKCS#7 to 32-byte blocks, not AES's 16"
    (length,) = struct.unpack(">I", plain[16:20])
    return plain[20 : 20 + length], plain[20 + length :].decode()


def _message_xml(msg_type: str = "text", *, from_user: str = OPENID, **fields: str) -> bytes:
    """A push as WeChat sends it; fields become elements (CDATA for text)."""
    created = fields.pop("CreateTime", str(int(time.time())))
    parts = [
        f"<ToUserName><![CDATA[{ACCOUNT}]]></ToUserName>",
        f"<FromUserName><![CDATA[{from_user}]]></FromUserName>",
        f"<CreateTime>{created}</CreateTime>",
        f"<MsgType><![CDATA[{msg_type}]]></MsgType>",
    ]
    parts += [f"<{name}><![CDATA[{value}]]></{name}>" for name, value in fields.items()]
    return ("<xml>" + "".join(parts) + "</xml>").encode()


def _text_xml(content: str, msg_id: str | None = None) -> bytes:
    msg_id = msg_id or str(uuid.uuid4().int % 10**19)
    return _message_xml("text", Content=content, MsgId=msg_id)


def _post(client, body: bytes, query: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    query = _query() if query is None else query
    return client.post(f"/wechat?{urlencode(query)}", data=body, content_type="text/xml")


def _post_encrypted(client, message: bytes, *, app_id: str = APP_ID):  # type: ignore[no-untyped-def]
    encrypted = _wechat_encrypt(message, app_id)
    query = _query(encrypt_type="aes")
    query["msg_signature"] = _sha1_signature(query["timestamp"], query["nonce"], encrypted)
    body = (
        f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName>"
        f"<Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>"
    )
    return _post(client, body.encode(), query)


def _reply(response) -> dict[str, str]:  # type: ignore[no-untyped-def]
    root = ET.fromstring(response.data)
    assert root.tag == "xml"
    return {child.tag: child.text or "" for child in root}


# -- server verification --------------------------------------------------------------------


def test_a_signed_server_check_gets_its_echostr_back(client):
    response = client.get("/wechat", query_string=_query(echostr="5837397598542097414"))
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "5837397598542097414"


def test_the_server_check_example_of_wechats_documentation_passes(fake_rasa):
    # developers.weixin.qq.com 消息推送 "发起验证": Token AAAAA and the URL WeChat sends.
    client = _make_app(fake_rasa, WECHAT_TOKEN="AAAAA").test_client()
    query = "signature=f464b24fc39322e44b38aa78f5edd27bd1441696&echostr=4375120948345356249"
    response = client.get(f"/wechat?{query}&timestamp=1714036504&nonce=1514711492")
    assert response.get_data(as_text=True) == "4375120948345356249"


@pytest.mark.parametrize("case", ["forged", "other_token", "missing", "tampered_nonce"])
def test_a_server_check_not_signed_with_our_token_is_refused(client, case):
    query = _query(echostr="5837397598542097414")
    if case == "forged":
        query["signature"] = "0" * 40
    elif case == "other_token":
        query = _query(token="someone-elses-token", echostr="1")
    elif case == "missing":
        del query["signature"]
    else:
        query["nonce"] += "1"
    response = client.get("/wechat", query_string=query)
    assert response.status_code == 403
    assert "5837397598542097414" not in response.get_data(as_text=True)


def test_without_a_token_configured_every_request_is_refused(fake_rasa):
    app = _make_app(fake_rasa, WECHAT_TOKEN="")
    client = app.test_client()
    query = _query(token="", echostr="1")
    query["signature"] = hashlib.sha1(
        "".join(sorted([query["timestamp"], query["nonce"]])).encode()
    ).hexdigest()
    assert client.get("/wechat", query_string=query).status_code == 403
    assert _post(client, _text_xml("你好"), query).status_code == 403
    assert fake_rasa.sent == []


# -- plain mode ---------------------------------------------------------------------------------


def test_a_plain_text_message_gets_the_assistants_answer_as_a_text_reply(client, fake_rasa):
    fake_rasa.replies = [{"recipient_id": "x", "text": "起诉离婚的案件受理费为每件50元至300元。"}]
    response = _post(client, _text_xml("离婚要交多少钱"))
    assert response.status_code == 200
    assert response.mimetype == "text/xml"
    reply = _reply(response)
    assert reply["ToUserName"] == OPENID and reply["FromUserName"] == ACCOUNT
    assert reply["MsgType"] == "text"
    assert reply["Content"] == "起诉离婚的案件受理费为每件50元至300元。"
    assert abs(int(reply["CreateTime"]) - time.time()) < 60
    conversation_id, text, metadata = fake_rasa.sent[0]
    assert (text, metadata) == ("离婚要交多少钱", {"channel": "wechat"})
    assert conversation_id == conversation_id_for(SENDER_KEY, Channel.WECHAT, OPENID)
    assert OPENID not in conversation_id


def test_several_assistant_messages_and_their_buttons_become_one_text(client, fake_rasa):
    fake_rasa.replies = [
        {"recipient_id": "x", "text": "请问是哪类案件？"},
        {
            "recipient_id": "x",
            "text": "也可以直接说。",
            "buttons": [
                {"title": "离婚", "payload": '/inform{"fee_case_kind":"divorce"}'},
                {"title": "劳动争议", "payload": '/inform{"fee_case_kind":"labor"}'},
            ],
        },
    ]
    content = _reply(_post(client, _text_xml("算诉讼费")))["Content"]
    assert (
        content
        == "请问是哪类案件？\n\n也可以直接说。\n请回复以下选项的文字：\n1. 离婚\n2. 劳动争议"
    )
    assert "/inform" not in content


def test_options_the_bot_already_numbered_are_passed_through_unchanged():
    numbered = "（1/5）借款有没有书面借条？\n回复序号：1. 有 2. 没有"
    assert render_reply([ChatMessage(text=numbered)]) == numbered


def test_a_long_answer_is_cut_to_what_a_wechat_reply_can_carry():
    text = render_reply([ChatMessage(text="第一行\n" + "很长的说明" * 400)])
    assert len(text.encode()) <= 2048
    assert text.startswith("第一行") and text.endswith("……")


@pytest.mark.parametrize(
    "case", ["forged", "missing", "other_token", "tampered_timestamp", "msg_signature_only"]
)
def test_a_post_not_signed_with_our_token_is_refused_before_reading_it(client, fake_rasa, case):
    query = _query()
    if case == "forged":
        query["signature"] = "f" * 40
    elif case == "missing":
        del query["signature"]
    elif case == "other_token":
        query = _query(token="someone-elses-token")
    elif case == "tampered_timestamp":
        query["timestamp"] = str(int(query["timestamp"]) + 1)
    else:
        query["msg_signature"] = query.pop("signature")
    response = _post(client, _text_xml("你好"), query)
    assert response.status_code == 403
    assert fake_rasa.sent == []


@pytest.mark.parametrize(
    ("age_seconds", "status"), [(-120, 200), (120, 200), (301, 403), (-301, 403), (86400, 403)]
)
def test_a_push_signed_outside_the_clock_window_is_refused(client, fake_rasa, age_seconds, status):
    # A plain-mode signature does not cover the body: an old one must not sign anything.
    timestamp, nonce = str(int(time.time()) - age_seconds), "20261122"
    query = {
        "signature": _sha1_signature(timestamp, nonce),
        "timestamp": timestamp,
        "nonce": nonce,
        "openid": OPENID,
    }
    response = _post(client, _text_xml("你好"), query)
    assert response.status_code == status
    assert (fake_rasa.sent == []) is (status == 403)


# -- safe mode ----------------------------------------------------------------------------------


def test_a_safe_mode_message_is_decrypted_and_answered_encrypted(client, fake_rasa):
    fake_rasa.replies = [{"recipient_id": "x", "text": "您好，请问有什么可以帮您？"}]
    response = _post_encrypted(client, _text_xml("你好，我想立案"))
    assert response.status_code == 200
    envelope = _reply(response)
    assert set(envelope) == {"Encrypt", "MsgSignature", "TimeStamp", "Nonce"}
    assert envelope["MsgSignature"] == _sha1_signature(
        envelope["TimeStamp"], envelope["Nonce"], envelope["Encrypt"]
    )
    inner, app_id = _wechat_decrypt(envelope["Encrypt"])
    assert app_id == APP_ID
    reply = {child.tag: child.text for child in ET.fromstring(inner)}
    assert (reply["ToUserName"], reply["FromUserName"]) == (OPENID, ACCOUNT)
    assert reply["Content"] == "您好，请问有什么可以帮您？"
    assert fake_rasa.sent[0][1] == "你好，我想立案"


def test_a_safe_mode_message_with_a_wrong_msg_signature_is_refused(client, fake_rasa):
    encrypted = _wechat_encrypt(_text_xml("你好"))
    query = _query(encrypt_type="aes", msg_signature=_sha1_signature("1", "2", encrypted))
    body = f"<xml><Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>".encode()
    assert _post(client, body, query).status_code == 403
    assert fake_rasa.sent == []


def test_a_safe_mode_message_for_another_account_is_not_read(client, fake_rasa):
    response = _post_encrypted(client, _text_xml("你好"), app_id="wx0000000000000000")
    assert response.status_code == 400
    assert fake_rasa.sent == []


def test_a_safe_mode_message_without_a_key_configured_is_a_bad_request(fake_rasa):
    client = _make_app(fake_rasa, WECHAT_ENCODING_AES_KEY="").test_client()
    assert _post_encrypted(client, _text_xml("你好")).status_code == 400
    assert fake_rasa.sent == []


@pytest.mark.parametrize(
    ("key", "app_id", "named"),
    [
        ("too-short", APP_ID, "WECHAT_ENCODING_AES_KEY"),
        ("!" * 43, APP_ID, "WECHAT_ENCODING_AES_KEY"),
        (AES_KEY, "", "WECHAT_APP_ID"),
    ],
)
def test_an_unusable_safe_mode_setting_stops_the_app_at_start_up(fake_rasa, key, app_id, named):
    with pytest.raises(ValueError, match=named):
        _make_app(fake_rasa, WECHAT_ENCODING_AES_KEY=key, WECHAT_APP_ID=app_id)


@settings(max_examples=50, deadline=None)
@given(message=st.binary(max_size=3000))
def test_the_cipher_and_wechats_algorithm_agree_both_ways(message):
    cipher = MessageCipher(AES_KEY, APP_ID)
    assert _wechat_decrypt(cipher.encrypt(message)) == (message, APP_ID)
    assert cipher.decrypt(_wechat_encrypt(message)) == message


# -- de-duplication and the reply window ----------------------------------------------------


def test_wechats_retries_of_a_message_are_answered_once(client, fake_rasa):
    body = _text_xml("离婚要交多少钱", msg_id="6054768590064713728")
    first = _post(client, body)
    retries = [_post(client, body) for _ in range(3)]
    assert _reply(first)["Content"]
    assert [r.get_data(as_text=True) for r in retries] == ["success"] * 3
    assert len(fake_rasa.sent) == 1


def test_different_messages_from_the_same_citizen_are_each_answered(client, fake_rasa):
    for msg_id in ("1000000000000000001", "1000000000000000002"):
        assert _post(client, _text_xml("你好", msg_id=msg_id)).mimetype == "text/xml"
    assert len(fake_rasa.sent) == 2


def test_a_message_retried_to_another_worker_is_answered_once_through_redis(fake_rasa):
    """Two kiosk API processes (gunicorn workers) with REDIS_URL share the MsgId claims."""
    import redis

    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail("Redis is not reachable at 127.0.0.1:6379 (CI needs it)")
        pytest.skip("Redis is not reachable at 127.0.0.1:6379")
    first, second = (_make_app(fake_rasa, REDIS_URL=url) for _ in range(2))
    body = _text_xml("你好", msg_id=str(uuid.uuid4().int % 10**19))
    assert _post(first.test_client(), body).mimetype == "text/xml"
    assert _post(second.test_client(), body).get_data(as_text=True) == "success"
    assert len(fake_rasa.sent) == 1


def test_a_slow_answer_is_acknowledged_at_once_and_sent_as_a_customer_service_message(
    customer_service,
):
    slow = SlowRasa(delay=2.0)
    slow.replies = [{"recipient_id": "x", "text": "您的案件目前处于审理阶段。"}]
    app = _make_app(slow, WECHAT_REPLY_BUDGET_SECONDS=0.2)
    app.extensions["court.wechat.customer_service"] = customer_service
    started = time.monotonic()
    response = _post(app.test_client(), _text_xml("查一下我的案子"))
    assert time.monotonic() - started < 1.5  # the budget, not the assistant's 2 s
    assert response.get_data(as_text=True) == "success"
    assert customer_service.sent == []
    assert customer_service.wait_for(1, timeout=5)
    [sent] = customer_service.sent
    assert (sent.openid, sent.text) == (OPENID, "您的案件目前处于审理阶段。")


def test_a_late_answer_that_cannot_be_delivered_is_logged_without_personal_data(
    customer_service, caplog
):
    customer_service.down = True
    slow = SlowRasa(delay=0.5)
    app = _make_app(slow, WECHAT_REPLY_BUDGET_SECONDS=0.1)
    app.extensions["court.wechat.customer_service"] = customer_service
    with caplog.at_level(logging.INFO):
        assert _post(app.test_client(), _text_xml("我的电话是多少")).data == b"success"
        deadline = time.monotonic() + 5
        while "not delivered" not in caplog.text and time.monotonic() < deadline:
            time.sleep(0.05)
    assert "late answer not delivered" in caplog.text
    assert OPENID not in caplog.text and "我的电话是多少" not in caplog.text


# -- other kinds of messages --------------------------------------------------------------------


def test_a_new_follower_is_welcomed(client, fake_rasa):
    reply = _reply(_post(client, _message_xml("event", Event="subscribe")))
    assert reply["ToUserName"] == OPENID
    assert "诉讼服务智能助手" in reply["Content"] and "12368" in reply["Content"]
    assert fake_rasa.sent == []


def test_a_retried_subscribe_event_is_welcomed_once(client):
    body = _message_xml("event", Event="subscribe", CreateTime="1700000000")
    assert _post(client, body).mimetype == "text/xml"
    assert _post(client, body).get_data(as_text=True) == "success"


@pytest.mark.parametrize("event", ["unsubscribe", "CLICK", "VIEW", "LOCATION", "SCAN"])
def test_other_events_are_acknowledged_with_success(client, fake_rasa, event):
    response = _post(client, _message_xml("event", Event=event))
    assert (response.status_code, response.get_data(as_text=True)) == (200, "success")
    assert fake_rasa.sent == []


@pytest.mark.parametrize(
    ("msg_type", "fields"),
    [
        ("image", {"PicUrl": "http://mmbiz.qpic.cn/x", "MediaId": "m1"}),
        ("voice", {"MediaId": "m1", "Format": "amr"}),
        ("video", {"MediaId": "m1", "ThumbMediaId": "t1"}),
        ("location", {"Location_X": "23.1", "Location_Y": "113.3", "Label": "x"}),
        ("link", {"Title": "t", "Url": "http://example.com"}),
    ],
)
def test_messages_without_text_get_a_short_chinese_answer(client, fake_rasa, msg_type, fields):
    body = _message_xml(msg_type, MsgId=str(uuid.uuid4().int % 10**19), **fields)
    assert _reply(_post(client, body))["Content"] == TEXT_ONLY
    assert fake_rasa.sent == []


def test_a_voice_message_recognised_by_wechat_is_a_chat_turn(client, fake_rasa):
    body = _message_xml("voice", MediaId="m1", Format="amr", Recognition="诉讼费怎么算", MsgId="7")
    assert _reply(_post(client, body))["Content"] == "您好，我是诉讼服务智能助手。"
    assert fake_rasa.sent[0][1] == "诉讼费怎么算"


# -- bad input: 4xx, never 500, no trace ----------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not xml at all",
        b"<xml><ToUserName>",
        b"<message><ToUserName>a</ToUserName></message>",
        b'<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        b"<xml><Content>&b;</Content></xml>",
        b"<xml><ToUserName>gh_1</ToUserName><CreateTime>1</CreateTime><MsgType>text</MsgType></xml>",
        b"<xml><ToUserName>gh_1</ToUserName><FromUserName>o1</FromUserName>"
        b"<CreateTime>1</CreateTime></xml>",
        b"<xml><ToUserName>gh_1</ToUserName><FromUserName>o1</FromUserName>"
        b"<CreateTime>yesterday</CreateTime><MsgType>text</MsgType></xml>",
        b"<xml><ToUserName>gh_1</ToUserName><FromUserName>o1</FromUserName>"
        b"<CreateTime>1</CreateTime><MsgType>text</MsgType><MsgId>12a</MsgId></xml>",
        b"<xml><ToUserName>gh_1</ToUserName><FromUserName>" + b"o" * 500 + b"</FromUserName>"
        b"<CreateTime>1</CreateTime><MsgType>text</MsgType></xml>",
        "<xml><Content>你好</Content></xml>".encode("gbk"),
    ],
)
def test_a_body_that_is_not_a_wechat_message_is_a_bad_request(client, fake_rasa, body):
    response = _post(client, body)
    assert response.status_code == 400
    assert response.mimetype == "text/plain"
    assert "Traceback" not in response.get_data(as_text=True)
    assert fake_rasa.sent == []


@pytest.mark.parametrize(
    "encrypted", ["", "not base64!", "YWJj", base64.b64encode(b"x" * 32).decode()]
)
def test_an_encrypt_field_that_does_not_decrypt_is_a_bad_request(client, fake_rasa, encrypted):
    query = _query(encrypt_type="aes")
    query["msg_signature"] = _sha1_signature(query["timestamp"], query["nonce"], encrypted)
    body = f"<xml><Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>".encode()
    assert _post(client, body, query).status_code == 400
    assert fake_rasa.sent == []


def test_an_oversized_body_is_refused_with_413_not_500(client, fake_rasa):
    response = _post(client, _text_xml("长" * 40_000))
    assert response.status_code == 413
    assert "Traceback" not in response.get_data(as_text=True)
    assert fake_rasa.sent == []


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=st.binary(max_size=2000) | st.text(max_size=500).map(lambda t: t.encode()))
def test_no_signed_body_of_any_bytes_produces_a_500(client, body):
    response = _post(client, body)
    assert response.status_code < 500
    encrypted = body.decode("latin-1")
    query = _query(encrypt_type="aes")
    query["msg_signature"] = _sha1_signature(query["timestamp"], query["nonce"], encrypted.strip())
    wrapped = b"<xml><Encrypt><![CDATA[" + body + b"]]></Encrypt></xml>"
    assert _post(client, wrapped, query).status_code < 500
    assert _post(client, body, query).status_code < 500


# -- the customer-service API, against a local stand-in of api.weixin.qq.com ----------------


class FakeWeChatApi:
    """/cgi-bin/token and /cgi-bin/message/custom/send on a loopback port, recording calls."""

    def __init__(self) -> None:
        self.token_requests: list[dict[str, str]] = []
        self.sent: list[tuple[str, dict[str, Any]]] = []  # (access_token, JSON body)
        self.expires_in = 7200
        self.token_error: dict[str, Any] | None = None
        self.stale_tokens: set[str] = set()
        self._lock = threading.Lock()
        self._server = make_server("127.0.0.1", 0, self._wsgi, threaded=True)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        """The origin to put in WECHAT_API_BASE_URL."""
        return f"http://127.0.0.1:{self._server.server_port}"

    @Request.application  # type: ignore[misc]
    def _wsgi(self, request: Request) -> WsgiResponse:
        with self._lock:
            if request.path == "/cgi-bin/token" and request.method == "GET":
                self.token_requests.append(dict(request.args))
                if self.token_error:
                    return self._json(self.token_error)
                token = f"token-{len(self.token_requests)}"
                return self._json({"access_token": token, "expires_in": self.expires_in})
            if request.path == "/cgi-bin/message/custom/send" and request.method == "POST":
                token = request.args.get("access_token", "")
                self.sent.append((token, json.loads(request.get_data())))
                if token in self.stale_tokens:
                    return self._json({"errcode": 40001, "errmsg": "invalid credential"})
                return self._json({"errcode": 0, "errmsg": "ok"})
        return WsgiResponse("not found", status=404)

    @staticmethod
    def _json(body: dict[str, Any]) -> WsgiResponse:
        return WsgiResponse(json.dumps(body), mimetype="application/json")

    def __enter__(self) -> FakeWeChatApi:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._server.shutdown()
        self._thread.join(timeout=5)


@pytest.fixture
def wechat_api() -> Iterator[FakeWeChatApi]:
    """A running stand-in of WeChat's API."""
    with FakeWeChatApi() as api:
        yield api


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _http_service(api: FakeWeChatApi, clock: Clock | None = None) -> HttpCustomerService:
    store = MemoryStore(monotonic=clock) if clock else MemoryStore()
    return HttpCustomerService(api.base_url, APP_ID, APP_SECRET, store, timeout=5.0)


def test_the_access_token_is_fetched_once_and_reused(wechat_api):
    service = _http_service(wechat_api)
    service.send_text(OPENID, "第一条")
    service.send_text(OPENID, "第二条")
    assert wechat_api.token_requests == [
        {"grant_type": "client_credential", "appid": APP_ID, "secret": APP_SECRET}
    ]
    assert wechat_api.sent == [
        ("token-1", {"touser": OPENID, "msgtype": "text", "text": {"content": "第一条"}}),
        ("token-1", {"touser": OPENID, "msgtype": "text", "text": {"content": "第二条"}}),
    ]


def test_the_access_token_is_renewed_shortly_before_it_expires(wechat_api):
    clock = Clock()
    service = _http_service(wechat_api, clock)
    service.send_text(OPENID, "一")
    clock.now += 7200 - 300 - 1  # just inside the cached lifetime
    service.send_text(OPENID, "二")
    clock.now += 2  # five minutes before WeChat's expiry: renew
    service.send_text(OPENID, "三")
    assert [token for token, _ in wechat_api.sent] == ["token-1", "token-1", "token-2"]
    assert len(wechat_api.token_requests) == 2


def test_a_token_wechat_calls_invalid_is_replaced_and_the_message_sent_once_more(wechat_api):
    service = _http_service(wechat_api)
    service.send_text(OPENID, "一")
    wechat_api.stale_tokens.add("token-1")  # e.g. another system fetched a new token
    service.send_text(OPENID, "二")
    assert [token for token, _ in wechat_api.sent] == ["token-1", "token-1", "token-2"]
    service.send_text(OPENID, "三")
    assert wechat_api.sent[-1][0] == "token-2"


def test_a_refused_token_request_fails_without_showing_the_secret(wechat_api):
    wechat_api.token_error = {"errcode": 40125, "errmsg": "invalid appsecret"}
    with pytest.raises(DeliveryFailed) as failure:
        _http_service(wechat_api).send_text(OPENID, "一")
    assert "40125" in str(failure.value) and APP_SECRET not in str(failure.value)
    assert wechat_api.sent == []


def test_an_unreachable_api_fails_without_showing_the_secret():
    service = HttpCustomerService("http://127.0.0.1:9", APP_ID, APP_SECRET, MemoryStore())
    with pytest.raises(DeliveryFailed) as failure:
        service.send_text(OPENID, "一")
    assert APP_SECRET not in str(failure.value)
    assert failure.value.__cause__ is None and failure.value.__suppress_context__


def test_the_app_sends_late_answers_to_the_configured_api(wechat_api):
    slow = SlowRasa(delay=0.6)
    slow.replies = [{"recipient_id": "x", "text": "稍后答复的内容"}]
    app = _make_app(slow, WECHAT_REPLY_BUDGET_SECONDS=0.1, WECHAT_API_BASE_URL=wechat_api.base_url)
    assert _post(app.test_client(), _text_xml("你好")).data == b"success"
    deadline = time.monotonic() + 5
    while not wechat_api.sent and time.monotonic() < deadline:
        time.sleep(0.05)
    assert wechat_api.sent == [
        ("token-1", {"touser": OPENID, "msgtype": "text", "text": {"content": "稍后答复的内容"}})
    ]


# -- settings -----------------------------------------------------------------------------------


def test_the_reply_budget_is_read_from_the_environment():
    assert (
        Settings.from_env({"WECHAT_REPLY_BUDGET_SECONDS": "2.5"}).WECHAT_REPLY_BUDGET_SECONDS == 2.5
    )
    assert Settings().WECHAT_REPLY_BUDGET_SECONDS < 5


# -- privacy and the mini-program -------------------------------------------------------------


def test_a_webhook_turn_logs_neither_the_openid_nor_the_text(client, caplog):
    with caplog.at_level(logging.DEBUG):
        _post(client, _text_xml("我叫张三，案号（2024）粤0304民初123号"))
        _post(client, _text_xml("你好"), {**_query(), "signature": "0" * 40})
    assert OPENID not in caplog.text
    assert "张三" not in caplog.text and "你好" not in caplog.text


def test_the_mini_program_chats_through_the_chat_api_with_its_openid(client, fake_rasa, caplog):
    openid = "o6_bmjrPTlm6_2sgVt7hMZOPfL2M"
    with caplog.at_level(logging.DEBUG):
        first = client.post(
            "/api/v1/chat", json={"sender": openid, "message": "你好", "channel": "wechat"}
        )
        again = client.post(
            "/api/v1/chat", json={"sender": openid, "message": "转人工", "channel": "wechat"}
        )
    assert first.status_code == 200
    conversation_id = first.json["conversation_id"]
    assert conversation_id == again.json["conversation_id"]
    assert conversation_id == conversation_id_for(SENDER_KEY, Channel.WECHAT, openid)
    assert conversation_id.startswith("wechat-") and openid not in conversation_id
    assert [sent[2] for sent in fake_rasa.sent] == [{"channel": "wechat"}] * 2
    assert all(openid not in sent[0] for sent in fake_rasa.sent)
    assert openid not in caplog.text
    assert first.json["messages"] == [{"text": "您好，我是诉讼服务智能助手。", "buttons": []}]
