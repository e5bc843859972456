"""action_handoff: open a ticket for court staff through the kiosk API."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import channel_of, recent_transcript
from actions.kiosk_client import KioskApiError, KioskClient

log = logging.getLogger(__name__)


class ActionHandoff(Action):
    """Hands the conversation to a person and tells the citizen the ticket number."""

    def name(self) -> str:
        """Action name used in the domain."""
        return "action_handoff"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Open the ticket; if the kiosk API is down, point to the hotline instead."""
        client = KioskClient.from_env()
        reason = "兜底转人工" if _came_from_fallback(tracker) else "用户要求人工服务"
        try:
            ticket = client.open_handoff(
                conversation_id=tracker.sender_id,
                channel=channel_of(tracker),
                reason=reason,
                transcript=recent_transcript(tracker),
            )
        except KioskApiError as exc:
            log.warning("handoff ticket not opened: %s", exc)
            dispatcher.utter_message(response="utter_handoff_failed")
            return []
        dispatcher.utter_message(response="utter_handoff_created", ticket_code=ticket.code)
        return []


def _came_from_fallback(tracker: Tracker) -> bool:
    return any(
        event.get("event") == "bot"
        and (event.get("metadata") or {}).get("utter_action") == "utter_default"
        for event in tracker.events[-6:]
    )
