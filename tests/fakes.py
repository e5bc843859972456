"""Test doubles that record what would have been sent to outside services."""

from __future__ import annotations

from typing import Any

from kiosk_api.channels.rasa import RasaUnavailable


class FakeRasa:
    """Answers every message with canned replies; can be switched to 'down'."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str, dict[str, Any]]] = []
        self.replies: list[dict[str, Any]] = [
            {"recipient_id": "x", "text": "您好，我是诉讼服务智能助手。"}
        ]
        self.down = False

    def send(
        self, conversation_id: str, text: str, metadata: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Record the turn and answer with the canned replies."""
        if self.down:
            raise RasaUnavailable("ConnectionError")
        self.sent.append((conversation_id, text, metadata))
        return list(self.replies)

    def is_reachable(self) -> bool:
        """Up unless switched down."""
        return not self.down
