"""Custom slot extraction inside the forms' validation actions, and what a form did not hear.

Rasa calls action_validate_slot_mappings after every user message once the domain lists it:
an action-server round trip on every turn, most of which have nothing to extract (21 % of a
turn, measured with py-spy). The skills' extract_* methods therefore live on their forms'
validation actions, which Rasa calls only while a form runs and when it starts. What was said
before a form started ("欠我八万" … "打官司要多少钱") is read back from the tracker's events
when it starts, with `carried_slots`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

# A message (Rasa's parse data: text, intent, entities) and the slots as they were → changes.
Reader = Callable[[dict[str, Any], dict[str, Any]], dict[str, Any]]


class ExtractingFormValidationAction(FormValidationAction, ABC):
    """A form validation action whose extractors may also set slots the form does not ask for."""

    # Abstract so that rasa-sdk, which registers every concrete Action it finds, skips it.
    @abstractmethod
    def name(self) -> str:
        """validate_<form name>."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Extract, validate, and keep the extracted slots that validation leaves out."""
        extracted = await self.get_extraction_events(dispatcher, tracker, domain)
        tracker.add_slots(extracted)
        validated = await self._extract_validation_events(dispatcher, tracker, domain)
        # rasa-sdk returns only the form's required slots: without this, a new kind of fee
        # question would not reset fee_details, nor a new dispute the risk answers so far.
        names = {event["name"] for event in validated if event.get("event") == "slot"}
        return [event for event in extracted if event["name"] not in names] + validated


def _heard_by(events: list[dict[str, Any]], index: int, form: str) -> bool:
    """Whether the form ran on the user message at `index` (and so extracted from it)."""
    for event in events[index + 1 :]:
        if event.get("event") == "user":
            return False
        if event.get("event") == "action" and event.get("name") == form:
            return True
    return False


def _parse_data(event: dict[str, Any]) -> dict[str, Any]:
    parsed = dict(event.get("parse_data") or {})
    parsed["text"] = event.get("text") or parsed.get("text") or ""
    return parsed


def carried_slots(
    tracker: Tracker, form: str, names: tuple[str, ...], read: Reader
) -> dict[str, Any]:
    """The slots `names` as they would be had `read` run on every earlier message the form
    did not hear, interleaved with the slot events in the order they happened.

    Slots no event ever touched keep the tracker's value (a tracker built in a test has no
    history). The latest message is left out: the caller reads it with its own question.
    """
    events = list(tracker.events or [])
    users = [i for i, event in enumerate(events) if event.get("event") == "user"]
    latest = users[-1] if users else len(events)
    state: dict[str, Any] = {}
    for index, event in enumerate(events[:latest]):
        kind = event.get("event")
        if kind == "restart":
            state = {name: None for name in names}
        elif kind == "slot" and event.get("name") in names:
            state[event["name"]] = event.get("value")
        elif kind == "user" and not _heard_by(events, index, form):
            slots = {name: state.get(name, tracker.get_slot(name)) for name in names}
            state.update(read(_parse_data(event), slots))
    # Events after the latest message (this turn's own) are already in the tracker's slots.
    for event in events[latest:]:
        if event.get("event") == "slot" and event.get("name") in names:
            state.pop(event["name"], None)
    return {name: state.get(name, tracker.get_slot(name)) for name in names}
