"""Client for Rasa's REST channel, behind a small interface so tests can swap it."""

from __future__ import annotations

from typing import Any, Protocol

import requests


class RasaUnavailable(Exception):
    """Rasa did not answer in time or answered with an error."""


class RasaClient(Protocol):
    """What the gateway needs from Rasa."""

    def send(
        self, conversation_id: str, text: str, metadata: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Deliver one user message; return the bot's messages."""
        ...

    def is_reachable(self) -> bool:
        """Whether the Rasa server answers at all."""
        ...


class HttpRasaClient:
    """Talks to `rasa run` over its REST webhook (Rasa binds loopback only)."""

    def __init__(self, base_url: str, timeout: float, ready_timeout: float = 2.0):
        self._base_url = base_url.rstrip("/")
        self._timeout = timeout
        self._ready_timeout = ready_timeout
        self._http = requests.Session()

    def send(
        self, conversation_id: str, text: str, metadata: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """POST the message to /webhooks/rest/webhook and return Rasa's reply list."""
        try:
            response = self._http.post(
                f"{self._base_url}/webhooks/rest/webhook",
                json={"sender": conversation_id, "message": text, "metadata": metadata},
                timeout=self._timeout,
            )
            response.raise_for_status()
            replies = response.json()
        except (requests.RequestException, ValueError) as exc:
            raise RasaUnavailable(type(exc).__name__) from exc
        if not isinstance(replies, list):
            raise RasaUnavailable("unexpected reply shape")
        return [reply for reply in replies if isinstance(reply, dict)]

    def is_reachable(self) -> bool:
        """GET / answers 'Hello from Rasa' when the server is up."""
        try:
            return self._http.get(f"{self._base_url}/", timeout=self._ready_timeout).ok
        except requests.RequestException:
            return False
