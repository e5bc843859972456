"""Typed HTTP client for the kiosk API: the only way actions reach legal rules and the docket."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import requests

from actions.settings import ActionSettings


class KioskApiError(Exception):
    """The kiosk API could not be reached or refused the request."""


@dataclass(frozen=True)
class TranscriptLine:
    """One message before a handoff."""

    speaker: str  # user / bot
    text: str


@dataclass(frozen=True)
class HandoffTicket:
    """The ticket staff will see."""

    code: str
    status: str


class KioskClient:
    """Calls the kiosk API with the service token and a timeout on every request."""

    def __init__(self, settings: ActionSettings, http: requests.Session | None = None):
        self._settings = settings
        self._http = http or requests.Session()

    def _post(self, path: str, payload: dict[str, Any]) -> dict[str, Any]:
        try:
            response = self._http.post(
                f"{self._settings.kiosk_api_url}{path}",
                json=payload,
                headers={"Authorization": f"Bearer {self._settings.service_token}"},
                timeout=self._settings.timeout_seconds,
            )
        except requests.RequestException as exc:
            raise KioskApiError(type(exc).__name__) from exc
        if response.status_code >= 400:
            raise KioskApiError(f"HTTP {response.status_code}")
        try:
            body = response.json()
        except ValueError as exc:
            raise KioskApiError("response is not JSON") from exc
        if not isinstance(body, dict):
            raise KioskApiError("response is not a JSON object")
        return body

    def open_handoff(
        self, *, conversation_id: str, channel: str, reason: str, transcript: list[TranscriptLine]
    ) -> HandoffTicket:
        """Open (or reuse) the conversation's handoff ticket."""
        body = self._post(
            "/api/v1/handoffs",
            {
                "conversation_id": conversation_id,
                "channel": channel,
                "reason": reason,
                "transcript": [{"speaker": t.speaker, "text": t.text} for t in transcript],
            },
        )
        return HandoffTicket(code=str(body["code"]), status=str(body["status"]))
