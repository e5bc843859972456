"""Case lookup in chat: 案号 → phone (unless the SMS sender is known) → code → the case.

Nothing about a case is said before the kiosk API has verified the code: the answers before
that are the same whether the case exists or not. The lookup token lives in a slot for the
rest of the conversation (it expires on the server after a quarter of an hour).
"""

from __future__ import annotations

import logging
import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions.case_answers import case_status_lines
from actions.conversation import channel_of
from actions.kiosk_client import KioskApiError, KioskApiRefused, KioskClient

log = logging.getLogger(__name__)

# On these channels the gateway knows the caller's number: the code goes there if on file.
SENDER_KNOWN_CHANNELS = frozenset({"sms", "voice"})
_CODE = re.compile(r"(?<!\d)(\d{6})(?!\d)")
_PHONE_DIGITS = re.compile(r"[\d+]")

# Slots of one lookup attempt, cleared when it ends (the token and case number stay).
ATTEMPT_SLOTS = ("lookup_phone", "lookup_code", "lookup_challenge", "lookup_locked")


def _verified_for(tracker: Tracker, case_number: str | None) -> bool:
    return bool(tracker.get_slot("lookup_token")) and (
        case_number is None or tracker.get_slot("lookup_verified_case") == case_number
    )


class ValidateCaseLookupForm(FormValidationAction):
    """Checks the 案号, sends the code, verifies it; re-asks with the API's own message."""

    def name(self) -> str:
        """Action name used in the domain."""
        return "validate_case_lookup_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        """No phone question where the sender is known; nothing more once verified or locked."""
        if tracker.get_slot("lookup_locked"):
            return []
        if _verified_for(tracker, tracker.get_slot("lookup_case_number")):
            return []
        if channel_of(tracker) in SENDER_KNOWN_CHANNELS:
            return [slot for slot in domain_slots if slot != "lookup_phone"]
        return domain_slots

    def validate_lookup_case_number(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """The canonical 案号; on SMS and voice the code is sent at once."""
        try:
            parsed = KioskClient.from_env().parse_case_number(str(value))
        except KioskApiRefused as exc:
            dispatcher.utter_message(
                response="utter_lookup_case_number_invalid", reason=exc.message
            )
            return {"lookup_case_number": None}
        except KioskApiError:
            dispatcher.utter_message(response="utter_service_unavailable")
            return {"lookup_case_number": None}
        case_number = str(parsed["case_number"])
        slots: dict[str, Any] = {"lookup_case_number": case_number}
        if _verified_for(tracker, case_number):
            return slots
        if channel_of(tracker) in SENDER_KNOWN_CHANNELS:
            slots.update(self._send_code(dispatcher, tracker, case_number, phone=None))
        return slots

    def validate_lookup_phone(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Send the code to this number if it is on file for a party of the case."""
        phone = "".join(_PHONE_DIGITS.findall(str(value)))
        case_number = str(tracker.get_slot("lookup_case_number"))
        return {"lookup_phone": phone or None} | (
            self._send_code(dispatcher, tracker, case_number, phone=phone or str(value))
        )

    def validate_lookup_code(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Verify the code; a wrong one is asked again, a lockout ends the form."""
        match = _CODE.search(str(value))
        if match is None:
            dispatcher.utter_message(response="utter_lookup_code_format")
            return {"lookup_code": None}
        try:
            grant = KioskClient.from_env().verify_lookup(
                challenge_id=str(tracker.get_slot("lookup_challenge") or "none"),
                code=match.group(1),
                conversation_id=tracker.sender_id,
                channel=channel_of(tracker),
            )
        except KioskApiRefused as exc:
            if exc.status == 429:
                dispatcher.utter_message(text=exc.message)
                return {"lookup_code": "locked", "lookup_locked": True}
            dispatcher.utter_message(response="utter_lookup_code_wrong")
            return {"lookup_code": None}
        except KioskApiError:
            dispatcher.utter_message(response="utter_service_unavailable")
            return {"lookup_code": None}
        # The code itself is not kept in a slot once used.
        return {
            "lookup_code": "verified",
            "lookup_token": grant["token"],
            "lookup_verified": True,
            "lookup_verified_case": grant["case_number"],
        }

    def _send_code(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        case_number: str,
        *,
        phone: str | None,
    ) -> dict[str, Any]:
        try:
            challenge = KioskClient.from_env().start_lookup(
                case_number=case_number,
                conversation_id=tracker.sender_id,
                channel=channel_of(tracker),
                phone=phone,
            )
        except KioskApiRefused as exc:
            dispatcher.utter_message(text=exc.message)
            if exc.status == 429:
                return {"lookup_locked": True}
            return {"lookup_phone": None} if phone is not None else {"lookup_case_number": None}
        except KioskApiError:
            dispatcher.utter_message(response="utter_service_unavailable")
            return {"lookup_phone": None} if phone is not None else {"lookup_case_number": None}
        dispatcher.utter_message(text=str(challenge["message"]))
        return {"lookup_challenge": challenge["challenge_id"]}


class ActionCaseStatus(Action):
    """After the form: the case in a few SMS-sized lines, then any pending subscription change."""

    def name(self) -> str:
        """Action name used in the domain."""
        return "action_case_status"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Answer from the kiosk API with the party's token, or explain the lockout."""
        events = [SlotSet(slot, None) for slot in ATTEMPT_SLOTS]
        token = tracker.get_slot("lookup_token")
        case_number = tracker.get_slot("lookup_verified_case")
        if tracker.get_slot("lookup_locked") or not token or not case_number:
            # The lockout message was said when it happened.
            return [*events, SlotSet("pending_subscription", None)]
        client = KioskClient.from_env()
        try:
            view = client.case_view(case_number, token)
        except KioskApiRefused as exc:
            dispatcher.utter_message(text=exc.message)
            return [*events, *forget_verification()]
        except KioskApiError:
            dispatcher.utter_message(response="utter_service_unavailable")
            return events
        pending = tracker.get_slot("pending_subscription")
        dispatcher.utter_message(text="\n".join(case_status_lines(domain, view, hint=not pending)))
        if pending:
            change_subscription(dispatcher, client, case_number, token, pending == "subscribe")
        return [*events, SlotSet("pending_subscription", None)]


class ActionManageSubscription(Action):
    """订阅 / 退订: done at once when verified, else remembered until the lookup succeeds."""

    def name(self) -> str:
        """Action name used in the domain."""
        return "action_manage_subscription"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Subscribe or unsubscribe, or ask to verify first."""
        intent = (tracker.latest_message or {}).get("intent", {}).get("name")
        wanted = "unsubscribe" if intent == "unsubscribe_notifications" else "subscribe"
        token = tracker.get_slot("lookup_token")
        case_number = tracker.get_slot("lookup_verified_case")
        if not token or not case_number:
            dispatcher.utter_message(response=f"utter_{wanted}_needs_verification")
            return [SlotSet("pending_subscription", wanted)]
        client = KioskClient.from_env()
        if change_subscription(dispatcher, client, case_number, token, wanted == "subscribe"):
            return []
        return forget_verification()


def change_subscription(
    dispatcher: CollectingDispatcher,
    client: KioskClient,
    case_number: str,
    token: str,
    subscribed: bool,
) -> bool:
    """Call the subscription API and say its answer; False when the token is no longer good."""
    try:
        result = client.set_subscription(case_number, token, subscribed=subscribed)
    except KioskApiRefused as exc:
        dispatcher.utter_message(text=exc.message)
        return exc.status not in (401, 403)
    except KioskApiError:
        dispatcher.utter_message(response="utter_service_unavailable")
        return True
    dispatcher.utter_message(text=str(result["message"]))
    return True


def forget_verification() -> list[dict[str, Any]]:
    """Drop an expired or refused token so the next question verifies again."""
    return [
        SlotSet("lookup_token", None),
        SlotSet("lookup_verified", False),
        SlotSet("lookup_verified_case", None),
    ]
