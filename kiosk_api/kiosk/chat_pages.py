"""智能问答 on the kiosk: a form that talks to the assistant through the chat gateway."""

from __future__ import annotations

import secrets
from typing import Any

from flask import Blueprint, Response, jsonify, render_template, request, session

from kiosk_api import runtime
from kiosk_api.api.validation import text_field
from kiosk_api.errors import ApiError
from kiosk_api.kiosk import device_gate, page_policy
from kiosk_api.services.chat import (
    MAX_MESSAGE_CHARS,
    Channel,
    ChatReply,
    conversation_id_for,
    converse,
)

bp = Blueprint("kiosk_chat", __name__, url_prefix="/kiosk/chat", template_folder="templates")
page_policy.install(bp)
device_gate.install(bp)

# The Flask session's key for this person's random sender id; the idle reset drops it, so the
# next person at the same kiosk starts a new conversation.
SENDER_KEY = "chat_sender"
# Shown as quick replies before the first turn; each is something the assistant understands.
STARTERS = ("我要起诉", "诉讼费怎么算", "我要查询案件进度", "风险评估", "转人工")


@bp.get("")
def index() -> str:
    """The chat screen; the conversation so far is kept by the browser for this session only."""
    return render_template("kiosk/chat.html", starters=STARTERS, turn=None, error=None)


@bp.post("")
def send() -> tuple[Response | str, int]:
    """One turn: the typed text, or a quick reply's payload, to the assistant and back."""
    wants_json = request.accept_mimetypes.best == "application/json"
    form = request.form
    field = "payload" if form.get("payload") else "message"
    try:
        message = text_field(form.to_dict(), field, "消息内容", max_chars=MAX_MESSAGE_CHARS)
    except ApiError as error:
        if wants_json:
            return jsonify({"error": {"code": error.code, "message": error.message}}), 422
        page = render_template("kiosk/chat.html", starters=STARTERS, turn=None, error=error.message)
        return page, 422
    # A quick reply shows its title as what the person said, not the payload ("/affirm").
    said = form.get("title", "").strip()[:MAX_MESSAGE_CHARS] or message
    turn = {"said": said, "messages": _messages(_converse(message))}
    if wants_json:
        return jsonify(turn), 200
    return render_template("kiosk/chat.html", starters=STARTERS, turn=turn, error=None), 200


def _converse(message: str) -> ChatReply:
    if SENDER_KEY not in session:
        session[SENDER_KEY] = secrets.token_urlsafe(16)
    settings = runtime.settings()
    return converse(
        runtime.rasa(),
        conversation_id=conversation_id_for(
            settings.SENDER_HASH_KEY, Channel.KIOSK, session[SENDER_KEY]
        ),
        channel=Channel.KIOSK,
        message=message,
        hotline=settings.HOTLINE,
        service_hall=settings.SERVICE_HALL,
    )


def _messages(reply: ChatReply) -> list[dict[str, Any]]:
    return [{"text": m.text, "buttons": [dict(b) for b in m.buttons]} for m in reply.messages]
