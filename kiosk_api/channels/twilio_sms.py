"""Twilio SMS webhooks: inbound texts (/twilio/sms) and delivery reports (/twilio/status).

Both are signature-checked before anything is read. Twilio gets TwiML or plain text back,
never the JSON error model, and nothing here logs a phone number or a message body.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from flask import Blueprint, Response, request
from twilio.twiml.messaging_response import MessagingResponse

from kiosk_api import runtime
from kiosk_api.channels.spoken_text import sentence_chunks
from kiosk_api.channels.twilio_common import (
    incoming_text,
    plain,
    refused,
    register_refusals,
    signature_is_valid,
)
from kiosk_api.db import transaction
from kiosk_api.errors import log_failure
from kiosk_api.services.chat import Channel, conversation_id_for, converse
from kiosk_api.services.delivery_status import record_delivery_status
from kiosk_api.services.opt_outs import is_stop_request, record_opt_out

log = logging.getLogger(__name__)

bp = Blueprint("twilio_sms", __name__, url_prefix="/twilio")

OPT_OUT_REPLY = "您已退订本院短信通知，不会再收到案件提醒。如需恢复，可在案件查询中重新订阅。"
_MISSING_SID = "缺少 MessageSid。"
_MISSING_STATUS = "缺少 MessageStatus。"
_MISSING_FROM = "缺少 From。"
_FAILED = "系统繁忙，请稍后再试。"
_NOT_HANDLED = "系统繁忙，您的短信未能处理，请稍后重新发送，或拨打诉讼服务热线{hotline}。"
# Twilio's SIDs are letters and digits and its error codes digits; nothing else is looked up or
# stored (PostgreSQL cannot even compare a NUL).
_SID = re.compile(r"[A-Za-z0-9]{1,64}")
_ERROR_CODE = re.compile(r"\d{1,10}")
# One SMS of Chinese text holds 70 characters; a long one is sent as segments of 67 that phones
# join again, reliably up to 10 of them. A longer answer goes as several such messages.
SMS_PART_CHARS = 670


def sms_parts(text: str, max_chars: int = SMS_PART_CHARS) -> list[str]:
    """The text as SMS-sized parts, cut at line breaks, else between sentences."""
    parts: list[str] = []
    current = ""
    for line in text.splitlines():
        for piece in [line] if len(line) <= max_chars else sentence_chunks(line, max_chars):
            joined = f"{current}\n{piece}" if current else piece
            if current and len(joined) > max_chars:
                parts.append(current)
                joined = piece
            current = joined
    if current.strip():
        parts.append(current)
    return parts


def _twiml(texts: Iterable[str]) -> Response:
    reply = MessagingResponse()
    for text in texts:
        for part in sms_parts(text):
            reply.message(part)
    return Response(str(reply), mimetype="text/xml")


register_refusals(bp)


@bp.errorhandler(Exception)
def _unexpected(error: Exception) -> Response:
    log_failure(log, "twilio webhook failed", error)
    if request.endpoint == "twilio_sms.inbound_sms":
        # Twilio shows the texter nothing of a 500: answer in Chinese that the text was not
        # handled (a 退订 during a database outage is not recorded) and where else to turn.
        return _twiml([_NOT_HANDLED.format(hotline=runtime.settings().HOTLINE)])
    return plain(500, _FAILED)


@bp.post("/status")
def delivery_status() -> Response:
    """Twilio's message status callback: record delivered/failed on the outbox message.

    Answers 204 whether or not the message is known, so Twilio does not retry a report
    that can never apply.
    """
    settings = runtime.settings()
    if not signature_is_valid(settings):
        return refused()
    message_sid = request.form.get("MessageSid", "").strip()
    if not _SID.fullmatch(message_sid):
        return plain(400, _MISSING_SID)
    status = (request.form.get("MessageStatus") or request.form.get("SmsStatus") or "").strip()
    if not status:
        return plain(400, _MISSING_STATUS)
    error_code = request.form.get("ErrorCode", "").strip()
    error_code = error_code if _ERROR_CODE.fullmatch(error_code) else None
    with transaction(runtime.session_factory()) as session:
        outcome = record_delivery_status(session, message_sid, status, error_code)
    log.info("twilio delivery report: %s", outcome.value)
    return Response(status=204)


@bp.post("/sms")
def inbound_sms() -> Response:
    """A text to the court's number: 退订/TD/STOP opts out, anything else is a chat turn.

    The reply is TwiML with one <Message> per assistant message (each may be split into
    several SMS segments by Twilio); quick-reply buttons are not rendered on SMS.
    """
    settings = runtime.settings()
    if not signature_is_valid(settings):
        return refused()
    sender = request.form.get("From", "").strip()
    if not sender:
        return plain(400, _MISSING_FROM)
    body = request.form.get("Body", "")
    if is_stop_request(body):
        with transaction(runtime.session_factory()) as session:
            record_opt_out(session, settings.SENDER_HASH_KEY, sender, "sms_reply")
        log.info("sms opt-out recorded")
        return _twiml([OPT_OUT_REPLY])
    message = incoming_text(body)
    if not message:
        return _twiml([])  # a picture or an empty text: nothing to answer
    reply = converse(
        runtime.rasa(),
        conversation_id=conversation_id_for(settings.SENDER_HASH_KEY, Channel.SMS, sender),
        channel=Channel.SMS,
        message=message,
        hotline=settings.HOTLINE,
        service_hall=settings.SERVICE_HALL,
    )
    return _twiml(m.text for m in reply.messages)
