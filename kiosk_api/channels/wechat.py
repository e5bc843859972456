"""The WeChat official-account webhook: GET /wechat (server check) and POST /wechat (messages).

Every request must carry WeChat's signature; safe-mode messages also their msg_signature.
A citizen's text goes to the assistant in a background thread: the answer is the passive
reply when it comes within WECHAT_REPLY_BUDGET_SECONDS, otherwise WeChat gets "success" at
once and the answer follows as a customer-service message. Each message is handled once even
though WeChat retries it: the first worker to claim its MsgId in the shared store wins.
Nothing here logs an openid or a message text.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from functools import partial
from typing import cast

from flask import Blueprint, Response, current_app, request
from flask.blueprints import BlueprintSetupState
from werkzeug.exceptions import HTTPException

from kiosk_api import runtime
from kiosk_api.channels.rasa import RasaClient
from kiosk_api.channels.wechat_crypto import (
    CryptoError,
    MessageCipher,
    signature,
    signature_matches,
)
from kiosk_api.channels.wechat_customer_service import (
    CustomerService,
    DeliveryFailed,
    make_customer_service,
)
from kiosk_api.channels.wechat_messages import (
    InboundMessage,
    MalformedMessage,
    encrypted_part,
    encrypted_reply,
    fit_reply,
    parse_message,
    text_reply,
)
from kiosk_api.config import Settings
from kiosk_api.domain.privacy import keyed_digest
from kiosk_api.errors import ApiError, log_failure, refusal_status
from kiosk_api.services.chat import (
    MAX_MESSAGE_CHARS,
    Channel,
    ChatMessage,
    conversation_id_for,
    converse,
)
from kiosk_api.services.shared_store import SharedStore, StoreUnavailable, store_from_settings

log = logging.getLogger(__name__)

bp = Blueprint("wechat", __name__)

SUCCESS = "success"  # WeChat's "received, no passive reply": it neither retries nor complains
WELCOME = (
    "感谢关注！我是法院诉讼服务智能助手（自动回复），可以为您提供立案指引、诉讼费计算、"
    "案件查询和诉讼风险评估等程序性信息，但不对案件的实体问题发表意见。"
    "请直接输入您的问题，例如“起诉要交多少钱”。如需人工服务，请拨打诉讼服务热线{hotline}。"
)
TEXT_ONLY = (
    "抱歉，目前只能处理文字消息。请用文字输入您的问题，例如“起诉要交多少钱”“查一下我的案子”。"
)
BUTTONS_LEAD = "请回复以下选项的文字："
_FORBIDDEN = "签名校验失败，请求已拒绝。"
_NO_ECHO = "缺少 echostr。"
_NO_SAFE_MODE = "未启用消息加解密，无法处理加密消息。"
_UNDECRYPTABLE = "消息解密失败。"
_FAILED = "系统繁忙，请稍后再试。"
_UNUSABLE = "请求无法处理。"
_MAX_ECHO_CHARS = 128
# WeChat retries within ~15 s; a claimed message stays claimed well beyond that.
SEEN_TTL_SECONDS = 3600
# A push signed longer ago than this (or in the future, by clock drift) is refused. Well under
# SEEN_TTL_SECONDS, so a replay inside the window still meets its MsgId claim.
PUSH_CLOCK_SKEW_SECONDS = 300
# Turns waiting for the assistant at once in one worker; more queue (and answer late).
_ASSISTANT_THREADS = 8

_STORE = "court.wechat.store"
_CUSTOMER_SERVICE = "court.wechat.customer_service"
_CIPHER = "court.wechat.cipher"
_POOL = "court.wechat.pool"


@bp.record_once
def _create_services(state: BlueprintSetupState) -> None:
    """Create the channel's store, API client, cipher and threads as the app factory adds it."""
    settings = cast(Settings, state.app.extensions["court.settings"])
    extensions = state.app.extensions
    store = store_from_settings(settings)
    extensions[_STORE] = store
    extensions[_CUSTOMER_SERVICE] = make_customer_service(settings, store)
    # A malformed key fails here, at start-up, rather than on the first encrypted message.
    extensions[_CIPHER] = (
        MessageCipher(settings.WECHAT_ENCODING_AES_KEY, settings.WECHAT_APP_ID)
        if settings.WECHAT_ENCODING_AES_KEY
        else None
    )
    extensions[_POOL] = ThreadPoolExecutor(_ASSISTANT_THREADS, thread_name_prefix="wechat")


def _plain(status: int, text: str = "") -> Response:
    return Response(text, status=status, mimetype="text/plain")


def _refused() -> Response:
    # No query string: it carries the openid.
    log.warning("wechat webhook refused: bad or missing signature")
    return _plain(403, _FORBIDDEN)


def _signed(token: str) -> bool:
    args = request.args
    return signature_matches(
        args.get("signature", ""), token, args.get("timestamp", ""), args.get("nonce", "")
    )


@bp.errorhandler(HTTPException)
@bp.errorhandler(ApiError)  # the request guard's refusals (see errors.refusal_status)
def _http_error(error: HTTPException | ApiError) -> Response:
    return _plain(refusal_status(error), _UNUSABLE)


@bp.errorhandler(Exception)
def _unexpected(error: Exception) -> Response:
    log_failure(log, "wechat webhook failed", error)
    return _plain(500, _FAILED)


@bp.get("/wechat")
def verify_server() -> Response:
    """WeChat's server check: echo `echostr` when the signature is right."""
    if not _signed(runtime.settings().WECHAT_TOKEN):
        return _refused()
    echostr = request.args.get("echostr", "")
    if not echostr or len(echostr) > _MAX_ECHO_CHARS:
        return _plain(400, _NO_ECHO)
    return _plain(200, echostr)


@bp.post("/wechat")
def receive() -> Response:
    """A push from WeChat (plain or safe mode): a text reply in the same mode, or "success"."""
    settings = runtime.settings()
    if not _signed(settings.WECHAT_TOKEN) or not _recent(request.args.get("timestamp", "")):
        return _refused()
    body = request.get_data(cache=False)
    cipher = cast(MessageCipher | None, current_app.extensions[_CIPHER])
    safe_mode = request.args.get("encrypt_type", "raw").lower() == "aes"
    try:
        message = parse_message(_opened(body, settings.WECHAT_TOKEN, cipher) if safe_mode else body)
    except _Forged:
        return _refused()
    except MalformedMessage as exc:
        return _plain(400, str(exc))
    text = _answer(settings, message)
    if text is None:
        return _plain(200, SUCCESS)
    reply = text_reply(message, text, int(time.time()))
    if safe_mode and cipher is not None:
        reply = _sealed(settings.WECHAT_TOKEN, cipher, reply)
    return Response(reply, mimetype="text/xml")


def _recent(timestamp: str) -> bool:
    """Whether a push's signed timestamp is within PUSH_CLOCK_SKEW_SECONDS of now.

    A plain-mode signature covers only the token, timestamp and nonce, not the body: without
    this, one captured signature would sign any message forever.
    """
    try:
        return abs(time.time() - int(timestamp)) <= PUSH_CLOCK_SKEW_SECONDS
    except ValueError:
        return False


class _Forged(Exception):
    """A safe-mode push whose msg_signature is not ours."""


def _opened(body: bytes, token: str, cipher: MessageCipher | None) -> bytes:
    """The plain push inside a safe-mode one, once its msg_signature is checked."""
    if cipher is None:
        raise MalformedMessage(_NO_SAFE_MODE)
    encrypted = encrypted_part(body)
    args = request.args
    stamp, nonce = args.get("timestamp", ""), args.get("nonce", "")
    if not signature_matches(args.get("msg_signature", ""), token, stamp, nonce, encrypted):
        raise _Forged
    try:
        return cipher.decrypt(encrypted)
    except CryptoError as exc:
        raise MalformedMessage(_UNDECRYPTABLE) from exc


def _sealed(token: str, cipher: MessageCipher, reply: bytes) -> bytes:
    encrypted = cipher.encrypt(reply)
    timestamp, nonce = str(int(time.time())), str(secrets.randbelow(10**10))
    msg_signature = signature(token, timestamp, nonce, encrypted)
    return encrypted_reply(encrypted, msg_signature, timestamp, nonce)


def _first_delivery(settings: Settings, message: InboundMessage) -> bool:
    """Whether this worker is the first to see the message (WeChat's retries are not)."""
    if message.msg_id:
        key = f"wechat:msg:{message.to_user}:{message.msg_id}"
    else:
        # Events have no MsgId; WeChat suggests FromUserName + CreateTime, kept as a digest.
        seen = f"{message.from_user}:{message.create_time}:{message.event or message.msg_type}"
        key = f"wechat:event:{keyed_digest(settings.SENDER_HASH_KEY, seen)[:32]}"
    try:
        return cast(SharedStore, current_app.extensions[_STORE]).claim(key, SEEN_TTL_SECONDS)
    except StoreUnavailable as exc:
        # Answering a retry twice is better than never answering.
        log.warning("wechat de-duplication unavailable (%s): handling the message", exc)
        return True


def _answer(settings: Settings, message: InboundMessage) -> str | None:
    """The passive reply to a message, or None for "success" (retries, events, late answers)."""
    if not _first_delivery(settings, message):
        log.info("wechat retry of a message already handled")
        return None
    if message.msg_type == "event":
        return WELCOME.format(hotline=settings.HOTLINE) if message.event == "subscribe" else None
    if message.msg_type == "text":
        said = message.content
    elif message.msg_type == "voice":
        said = message.recognition  # only when the account has speech recognition on
    else:
        said = None
    cleaned = _clean(said or "")
    if not cleaned:
        return TEXT_ONLY
    return _assistant_within_budget(settings, message.from_user, cleaned)


def _clean(text: str) -> str:
    kept = "".join(ch for ch in text if ord(ch) >= 32 or ch in "\n\t").strip()
    return kept[:MAX_MESSAGE_CHARS]


def _assistant_within_budget(settings: Settings, openid: str, text: str) -> str | None:
    """The assistant's answer if it comes in time; else None, and it follows by the API."""
    pool = cast(ThreadPoolExecutor, current_app.extensions[_POOL])
    customer_service = cast(CustomerService, current_app.extensions[_CUSTOMER_SERVICE])
    # The thread gets plain values: it runs outside the request and the app context.
    future = pool.submit(
        _assistant_turn,
        runtime.rasa(),
        conversation_id_for(settings.SENDER_HASH_KEY, Channel.WECHAT, openid),
        text,
        settings.HOTLINE,
        settings.SERVICE_HALL,
    )
    try:
        return future.result(timeout=settings.WECHAT_REPLY_BUDGET_SECONDS)
    except FutureTimeout:
        future.add_done_callback(partial(_deliver_late, customer_service, openid))
        log.info("wechat answer outside the reply budget: sending it as a customer-service message")
        return None


def _assistant_turn(
    rasa: RasaClient, conversation_id: str, text: str, hotline: str, service_hall: str
) -> str:
    reply = converse(
        rasa,
        conversation_id=conversation_id,
        channel=Channel.WECHAT,
        message=text,
        hotline=hotline,
        service_hall=service_hall,
    )
    return render_reply(reply.messages)


def _deliver_late(customer_service: CustomerService, openid: str, future: Future[str]) -> None:
    try:
        customer_service.send_text(openid, future.result())
    except DeliveryFailed as exc:
        log.warning("wechat late answer not delivered: %s", exc)
    except Exception as exc:  # a callback's exception would otherwise vanish into the pool
        log.error("wechat late answer failed: %s", type(exc).__name__)
    else:
        log.info("wechat late answer delivered")


def render_reply(messages: Sequence[ChatMessage]) -> str:
    """The assistant's messages as one WeChat text; buttons, which WeChat cannot show, listed.

    The bot already numbers its options for channels without buttons (actions/risk.py); any
    buttons that still come (domain responses) get their titles appended, to be replied as text.
    """
    parts = []
    for message in messages:
        text = message.text.strip()
        titles = [b["title"] for b in message.buttons if b.get("title")]
        if titles:
            listed = "\n".join(f"{n}. {title}" for n, title in enumerate(titles, start=1))
            text = f"{text}\n{BUTTONS_LEAD}\n{listed}"
        parts.append(text)
    return fit_reply("\n\n".join(parts))
