"""Filling the fee slots: what kind of case, which amount, and relief circumstances.

A person can give the whole question at once ("欠我八万打官司要多少钱"), correct it later
("不对，是十八万"), or say the amount before asking about fees at all ("欠我八万" … "打官司要
多少钱"): the forms' validation actions read the current message and, when they start, every
earlier message they did not hear (actions/slot_mappings.py). They then check the values with
the kiosk API and re-ask with its message.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.fee_vocabulary import NO_AMOUNT, case_kind_in, fee_details_in, relief_circumstances_in
from actions.kiosk_client import KioskApiError, KioskApiRefused, KioskClient
from actions.slot_mappings import ExtractingFormValidationAction, carried_slots

log = logging.getLogger(__name__)

FEE_SLOTS = ("fee_case_kind", "fee_amount", "fee_details")
RELIEF_SLOTS = ("relief_circumstances",)


def _text(message: dict[str, Any]) -> str:
    return str(message.get("text") or "")


def _entities(message: dict[str, Any], name: str) -> list[str]:
    return [
        str(entity["value"])
        for entity in message.get("entities") or []
        if entity.get("entity") == name and entity.get("value") is not None
    ]


def _kind_named(message: dict[str, Any], asked: str | None) -> str | None:
    chosen = _entities(message, "fee_case_kind")
    if chosen:
        return chosen[0]
    text = _text(message)
    if asked == "fee_amount" and NO_AMOUNT.search(text):
        return None  # "不涉及赔偿" answers the amount question; 赔偿 is not a new kind
    return case_kind_in(text)


def _amount_text(message: dict[str, Any], slots: dict[str, Any], asked: str | None) -> str | None:
    entity = _entities(message, "amount")
    if entity:
        return entity[0]
    text = _text(message).strip()
    if asked == "fee_amount" and text and not text.startswith("/"):
        if _kind_named(message, asked) not in (None, slots.get("fee_case_kind")):
            return None  # "是离婚" changes the question rather than answering it
        return "0" if NO_AMOUNT.search(text) else text
    return None


def fee_question_in(
    message: dict[str, Any], slots: dict[str, Any], asked: str | None = None
) -> dict[str, Any]:
    """Kind, amount and details of a fee question, read together from one message.

    Together because a new kind must reset the amount and details that belonged to the old
    question (8万 of debt is not a divorce's property), unless this very message gives new ones.
    """
    kind = _kind_named(message, asked)
    if kind is None and asked == "fee_case_kind":
        kind = "unknown"  # validate_fee_form explains and asks again
    amount = _amount_text(message, slots, asked)
    details = fee_details_in(_text(message))
    changes: dict[str, Any] = {}
    if kind is not None and kind != slots.get("fee_case_kind"):
        changes = {"fee_case_kind": kind, "fee_amount": amount, "fee_details": details}
    else:
        if amount:
            changes["fee_amount"] = amount
        if details:
            changes["fee_details"] = {**(slots.get("fee_details") or {}), **details}
    return changes


def relief_in(message: dict[str, Any], asked: str | None = None) -> dict[str, Any]:
    """Relief circumstances from a button or the words of one message."""
    answering = asked == "relief_circumstances"
    chosen = _entities(message, "relief_circumstance")
    codes = chosen or relief_circumstances_in(_text(message), answering=answering)
    if not codes and answering:
        codes = ["unknown"]
    return {"relief_circumstances": codes} if codes else {}


def _read_now(tracker: Tracker, before: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """What earlier messages changed (as the tracker does not know yet), then this one."""
    earlier = {name: value for name, value in before.items() if value != tracker.get_slot(name)}
    return {**earlier, **changes}


class FeeSlotExtraction:
    """extract_* methods for the fee and relief slots; mixed into the fee forms' validation."""

    def extract_fee_case_kind(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Kind, amount and details from this message and from those before the form ran.

        One method for the three slots: rasa-sdk runs extractors one after another.
        """
        before = carried_slots(
            tracker, "fee_form", FEE_SLOTS, lambda message, slots: fee_question_in(message, slots)
        )
        asked = tracker.get_slot("requested_slot")
        return _read_now(
            tracker, before, fee_question_in(tracker.latest_message or {}, before, asked)
        )

    def extract_relief_circumstances(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Relief circumstances from this message, or from one before the form ran."""
        before = carried_slots(
            tracker, "fee_relief_form", RELIEF_SLOTS, lambda message, _slots: relief_in(message)
        )
        asked = tracker.get_slot("requested_slot")
        return _read_now(tracker, before, relief_in(tracker.latest_message or {}, asked))


class ValidateFeeForm(FeeSlotExtraction, ExtractingFormValidationAction):
    """Asks for the amount only when the kind takes one, and checks both values."""

    def name(self) -> str:
        """Action name used in the domain."""
        return "validate_fee_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        """fee_amount is asked only for kinds whose fee depends on an amount."""
        kind = tracker.get_slot("fee_case_kind")
        if kind is None:
            return domain_slots
        try:
            kinds = KioskClient.from_env().fee_kinds()
        except KioskApiError as exc:
            log.warning("fee kinds unavailable: %s", exc)
            return domain_slots
        if kinds.get(kind, {}).get("amount") == "not_used":
            return [slot for slot in domain_slots if slot != "fee_amount"]
        return domain_slots

    def validate_fee_case_kind(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Only kinds the fee rules know."""
        try:
            kinds = KioskClient.from_env().fee_kinds()
        except KioskApiError:
            dispatcher.utter_message(response="utter_service_unavailable")
            return {"fee_case_kind": None}
        if value in kinds:
            return {"fee_case_kind": value}
        dispatcher.utter_message(response="utter_fee_kind_not_understood")
        return {"fee_case_kind": None}

    def validate_fee_amount(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """The amount as the kiosk API reads it; its Chinese message when it cannot."""
        client = KioskClient.from_env()
        try:
            kind = client.fee_kinds().get(str(tracker.get_slot("fee_case_kind")), {})
            parsed = client.parse_amount(str(value), allow_zero=kind.get("amount") == "optional")
        except KioskApiRefused as exc:
            dispatcher.utter_message(text=exc.message)
            return {"fee_amount": None}
        except KioskApiError:
            dispatcher.utter_message(response="utter_service_unavailable")
            return {"fee_amount": None}
        return {"fee_amount": parsed["amount"]}


class ValidateFeeReliefForm(FeeSlotExtraction, ExtractingFormValidationAction):
    """Re-asks when the answer names no circumstance the Measures know."""

    def name(self) -> str:
        """Action name used in the domain."""
        return "validate_fee_relief_form"

    def validate_relief_circumstances(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """At least one known circumstance."""
        codes = [code for code in (value or []) if code != "unknown"]
        if codes:
            return {"relief_circumstances": codes}
        dispatcher.utter_message(response="utter_relief_not_understood")
        return {"relief_circumstances": None}
