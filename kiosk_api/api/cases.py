"""Case lookup: start a verification, pass it, then read the case with the token it gives."""

from __future__ import annotations

import datetime as dt
import hmac
from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, jsonify, request
from sqlalchemy.orm import Session

from kiosk_api import runtime
from kiosk_api.api.case_numbers import MAX_TEXT_CHARS
from kiosk_api.api.validation import choice_field, json_object, text_field
from kiosk_api.db import transaction
from kiosk_api.domain.privacy import keyed_digest, mask_phone
from kiosk_api.errors import Unauthorized, Unprocessable
from kiosk_api.services import case_lookup, notifications
from kiosk_api.services.audit import audit
from kiosk_api.services.case_lookup import KIOSK_ONLY, Caller, Credentials, GrantClaims, Method
from kiosk_api.services.case_numbers import parse_or_422
from kiosk_api.services.case_view import case_view, is_subscribed, load_case
from kiosk_api.services.chat import Channel
from kiosk_api.services.kiosk_devices import authenticate_device

bp = Blueprint("cases", __name__, url_prefix="/api/v1")

SUBSCRIBED_MESSAGE = (
    "已订阅：开庭前{hours}小时及案件进展变化时，将向您登记的手机{phone}发送短信提醒。"
    "回复TD可随时退订。"
)
UNSUBSCRIBED_MESSAGE = "已取消本案的短信提醒。"
NOT_SUBSCRIBED_MESSAGE = "您尚未订阅本案的短信提醒，无需取消。"

# Channels the action server may speak for; kiosks and the public are recognised otherwise.
_ASSISTANT_CHANNELS = [c.value for c in Channel]


@bp.post("/cases/lookup")
def lookup() -> Response:
    """Start verifying a party of a case: an SMS code, or a kiosk identity check."""
    body = json_object()
    caller = _caller(body)
    text = text_field(body, "case_number", "案号", max_chars=MAX_TEXT_CHARS)
    case_number = parse_or_422(text, "case_number").text
    method = Method(choice_field(body, "method", "验证方式", [m.value for m in Method]))
    _kiosk_only(method, caller)
    phone = None
    if method is Method.SMS and not _speaks_for_sender(caller):
        phone = case_lookup.valid_phone(text_field(body, "phone", "手机号", max_chars=20))
    challenge = case_lookup.start_lookup(
        runtime.session_factory(),
        runtime.settings(),
        runtime.lookup_limits(),
        runtime.sms_sender(),
        caller=caller,
        case_number=case_number,
        method=method,
        phone=phone,
    )
    response = jsonify(
        {
            "challenge_id": challenge.id,
            "method": challenge.method.value,
            "expires_in": challenge.expires_in,
            "masked_phone": challenge.masked_phone,
            "message": challenge.message,
        }
    )
    response.status_code = 202
    return response


@bp.post("/cases/lookup/verify")
def verify() -> Response:
    """Pass a challenge with the SMS code, or the name and ID tail, or the ID card's number."""
    body = json_object()
    caller = _caller(body)
    challenge_id = text_field(body, "challenge_id", "验证编号", max_chars=64)
    credentials = Credentials(
        code=text_field(body, "code", "验证码", max_chars=16, required=False),
        name=text_field(body, "name", "姓名", max_chars=100, required=False),
        id_tail=text_field(body, "id_tail", "身份证号码后6位", max_chars=6, required=False),
        id_number=text_field(body, "id_number", "身份证号码", max_chars=18, required=False),
    )
    if not (credentials.code or credentials.id_tail or credentials.id_number):
        raise Unprocessable(
            "请填写验证码，或姓名及身份证号码后6位", code="missing_field", detail={"field": "code"}
        )
    grant = case_lookup.verify(
        runtime.session_factory(),
        runtime.settings(),
        runtime.lookup_limits(),
        caller=caller,
        challenge_id=challenge_id,
        credentials=credentials,
    )
    return jsonify(
        {
            "token": grant.token,
            "token_type": "Bearer",
            "expires_in": grant.expires_in,
            "case_number": grant.case_number,
            "party": {"role": grant.party_role, "name": grant.party_name},
        }
    )


@bp.get("/cases/<case_number>")
def show(case_number: str) -> Response:
    """The case as its verified party may see it (Authorization: Bearer <lookup token>)."""
    settings = runtime.settings()
    claims = case_lookup.read_token(settings, _bearer())
    number = parse_or_422(case_number, "case_number").text
    session = runtime.db_session()
    case, party = load_case(session, claims, number)
    view = case_view(case, party, now=dt.datetime.now(dt.UTC), tz=ZoneInfo(settings.COURT_TIMEZONE))
    view["subscribed"] = is_subscribed(session, case, party)
    with transaction(runtime.session_factory()) as audit_session:
        _audit_party(audit_session, "view", claims, number, "shown")
    return jsonify(view)


@bp.post("/cases/<case_number>/subscription")
def subscribe_to_case(case_number: str) -> Response:
    """Subscribe the verified party's phone on file to hearing reminders and status changes."""
    settings = runtime.settings()
    claims = case_lookup.read_token(settings, _bearer())
    number = parse_or_422(case_number, "case_number").text
    with transaction(runtime.session_factory()) as session:
        case, party = load_case(session, claims, number)
        subscription = notifications.subscribe(
            session, case=case, party=party, channel=claims.channel, key=settings.SENDER_HASH_KEY
        )
        _audit_party(session, "subscribe", claims, number, "subscribed")
        phone = subscription.phone
    response = jsonify(
        {
            "subscribed": True,
            "masked_phone": mask_phone(phone),
            "reminder_hours": settings.HEARING_REMINDER_HOURS,
            "message": SUBSCRIBED_MESSAGE.format(
                phone=mask_phone(phone), hours=settings.HEARING_REMINDER_HOURS
            ),
        }
    )
    response.status_code = 201
    return response


@bp.delete("/cases/<case_number>/subscription")
def unsubscribe_from_case(case_number: str) -> Response:
    """Stop the verified party's SMS about this case."""
    claims = case_lookup.read_token(runtime.settings(), _bearer())
    number = parse_or_422(case_number, "case_number").text
    with transaction(runtime.session_factory()) as session:
        case, party = load_case(session, claims, number)
        cancelled = notifications.unsubscribe(session, case=case, party=party)
        _audit_party(session, "unsubscribe", claims, number, "cancelled" if cancelled else "none")
    return jsonify(
        {
            "subscribed": False,
            "message": UNSUBSCRIBED_MESSAGE if cancelled else NOT_SUBSCRIBED_MESSAGE,
        }
    )


def _audit_party(
    session: Session, action: str, claims: GrantClaims, number: str, result: str
) -> None:
    audit(
        session,
        action=action,
        channel=claims.channel,
        client=f"party:{claims.party_id}",
        case_number=number,
        party_id=claims.party_id,
        result=result,
    )


def _bearer() -> str:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("请先验证身份再查询案件", code="verification_required")
    return token.strip()


def _caller(body: dict[str, Any]) -> Caller:
    """Who is asking: the action server (for a conversation), a registered kiosk, or the public."""
    settings = runtime.settings()
    header = request.headers.get("Authorization", "")
    if not header:
        address = request.remote_addr or "unknown"
        return Caller(
            channel="web", client="ip:" + keyed_digest(settings.SENDER_HASH_KEY, address)[:24]
        )
    token = _bearer()
    if hmac.compare_digest(token.encode(), settings.SERVICE_TOKEN.encode()):
        channel = choice_field(body, "channel", "渠道", _ASSISTANT_CHANNELS)
        conversation = text_field(body, "conversation_id", "会话编号", max_chars=128)
        return Caller(channel=channel, client="conv:" + conversation, conversation_id=conversation)
    device = authenticate_device(runtime.db_session(), token)
    if device is None:
        raise Unauthorized("设备凭证无效或已停用", code="unknown_device")
    return Caller(channel="kiosk", client=f"kiosk:{device.id}", device_id=device.id)


def _speaks_for_sender(caller: Caller) -> bool:
    # On SMS and voice the sender's number is known to the gateway; the code still goes only
    # to the number on file, so a spoofed sender gains nothing.
    return caller.conversation_id is not None and caller.channel in (
        Channel.SMS.value,
        Channel.VOICE.value,
    )


def _kiosk_only(method: Method, caller: Caller) -> None:
    if method in KIOSK_ONLY and caller.device_id is None:
        raise Unprocessable(
            "姓名加身份证号码或刷身份证的验证方式仅限法院诉讼服务大厅的自助终端使用，请改用短信验证码",
            code="method_needs_kiosk",
            detail={"field": "method"},
        )
