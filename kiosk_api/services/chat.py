"""The chat gateway: one citizen message in, the assistant's messages out, on every channel."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from kiosk_api.channels.rasa import RasaClient, RasaUnavailable
from kiosk_api.domain.privacy import keyed_digest

log = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 1000


class Channel(StrEnum):
    """Where a conversation comes from."""

    KIOSK = "kiosk"
    SMS = "sms"
    VOICE = "voice"
    WECHAT = "wechat"
    WEB = "web"


@dataclass(frozen=True)
class ChatMessage:
    """One message from the assistant, with optional quick-reply buttons."""

    text: str
    buttons: tuple[dict[str, str], ...] = ()


@dataclass(frozen=True)
class ChatReply:
    """The assistant's answer to one turn; `degraded` when it came from the fallback."""

    conversation_id: str
    messages: tuple[ChatMessage, ...]
    degraded: bool = False
    # The assistant handed the conversation to staff (see HANDOFF_MARKER).
    handoff: bool = False


# The handoff responses in bot/domain/handoff.yml carry `custom: {handoff: true}`; Rasa's REST
# channel sends it as a message of its own, so channels can act on a handoff (the voice line
# transfers the call) without matching the wording of the responses.
HANDOFF_MARKER = "handoff"


def conversation_id_for(key: str, channel: Channel, sender: str) -> str:
    """A stable, pseudonymous conversation id: Rasa never stores the phone number or openid."""
    return f"{channel.value}-{keyed_digest(key, f'{channel.value}:{sender}')[:24]}"


def busy_message(hotline: str, service_hall: str) -> ChatMessage:
    """What the citizen hears when the assistant cannot answer right now."""
    return ChatMessage(
        text=(
            f"抱歉，智能助手现在有点忙，暂时无法回答。"
            f"您可以稍后再试，或拨打诉讼服务热线{hotline}，也可以到{service_hall}窗口咨询。"
        )
    )


def _is_handoff(reply: dict[str, Any]) -> bool:
    custom = reply.get("custom")
    return isinstance(custom, dict) and custom.get(HANDOFF_MARKER) is True


def _to_message(reply: dict[str, Any]) -> ChatMessage | None:
    text = reply.get("text")
    if not isinstance(text, str) or not text.strip():
        return None
    buttons = tuple(
        {"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
        for b in reply.get("buttons") or ()
        if isinstance(b, dict)
    )
    return ChatMessage(text=text, buttons=buttons)


def converse(
    rasa: RasaClient,
    *,
    conversation_id: str,
    channel: Channel,
    message: str,
    hotline: str,
    service_hall: str,
) -> ChatReply:
    """Send one turn to Rasa; if Rasa or its actions fail, answer with the busy message."""
    try:
        replies = rasa.send(conversation_id, message, {"channel": channel.value})
    except RasaUnavailable as exc:
        log.warning("rasa unavailable for %s turn: %s", channel.value, exc)
        return ChatReply(conversation_id, (busy_message(hotline, service_hall),), degraded=True)
    messages = tuple(m for m in map(_to_message, replies) if m is not None)
    if not messages:
        # Rasa answers an empty list when a custom action failed (e.g. action server down).
        log.warning("rasa returned no messages for a %s turn", channel.value)
        return ChatReply(conversation_id, (busy_message(hotline, service_hall),), degraded=True)
    return ChatReply(conversation_id, messages, handoff=any(map(_is_handoff, replies)))
