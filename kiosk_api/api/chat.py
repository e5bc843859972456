"""POST /api/v1/chat: the gateway every channel uses to talk to the assistant."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from kiosk_api import runtime
from kiosk_api.api.validation import choice_field, json_object, text_field
from kiosk_api.services.chat import MAX_MESSAGE_CHARS, Channel, conversation_id_for, converse

bp = Blueprint("chat", __name__, url_prefix="/api/v1")


@bp.post("/chat")
def chat() -> Response:
    """One turn of conversation with the assistant."""
    body = json_object()
    sender = text_field(body, "sender", "发送方标识", max_chars=128)
    message = text_field(body, "message", "消息内容", max_chars=MAX_MESSAGE_CHARS)
    channel = Channel(choice_field(body, "channel", "渠道", [c.value for c in Channel]))
    settings = runtime.settings()
    reply = converse(
        runtime.rasa(),
        conversation_id=conversation_id_for(settings.SENDER_HASH_KEY, channel, sender),
        channel=channel,
        message=message,
        hotline=settings.HOTLINE,
        service_hall=settings.SERVICE_HALL,
    )
    return jsonify(
        {
            "conversation_id": reply.conversation_id,
            "messages": [
                {"text": m.text, "buttons": [dict(b) for b in m.buttons]} for m in reply.messages
            ],
            "degraded": reply.degraded,
        }
    )
