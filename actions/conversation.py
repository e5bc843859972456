"""What actions read from a Rasa tracker: the channel and the recent transcript."""

from __future__ import annotations

from rasa_sdk import Tracker

from actions.kiosk_client import TranscriptLine

KNOWN_CHANNELS = frozenset({"kiosk", "sms", "voice", "wechat", "web"})


def channel_of(tracker: Tracker) -> str:
    """The channel the gateway put in the message metadata (kiosk API's Channel values)."""
    channel = (tracker.latest_message or {}).get("metadata", {}).get("channel")
    if channel in KNOWN_CHANNELS:
        return str(channel)
    # Rasa's conversation ids from the gateway start with the channel: "sms-3fa9...".
    prefix = tracker.sender_id.split("-", 1)[0]
    return prefix if prefix in KNOWN_CHANNELS else "web"


def recent_transcript(tracker: Tracker, limit: int = 10) -> list[TranscriptLine]:
    """The last user and bot messages of this conversation, oldest first."""
    lines = [
        TranscriptLine("user" if event["event"] == "user" else "bot", event["text"])
        for event in tracker.events
        if event.get("event") in ("user", "bot") and event.get("text")
    ]
    return lines[-limit:]
