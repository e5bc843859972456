"""Filling the fee slots: what kind of case, which amount, and relief circumstances.

Extraction runs on every message (action_validate_slot_mappings), so a person can give the
whole question at once ("欠我八万打官司要多少钱") or correct it later ("不对，是十八万").
The forms' validation checks the values with the kiosk API and re-asks with its message.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions.fee_vocabulary import NO_AMOUNT, case_kind_in, fee_details_in, relief_circumstances_in
from actions.kiosk_client import KioskApiError, KioskApiRefused, KioskClient

log = logging.getLogger(__name__)


def _text(tracker: Tracker) -> str:
    return str((tracker.latest_message or {}).get("text") or "")


def _asked(tracker: Tracker, slot: str) -> bool:
    return tracker.get_slot("requested_slot") == slot


def _kind_named(tracker: Tracker) -> str | None:
    chosen = next(tracker.get_latest_entity_values("fee_case_kind"), None)
    if chosen:
        return str(chosen)
    text = _text(tracker)
    if _asked(tracker, "fee_amount") and NO_AMOUNT.search(text):
        return None  # "不涉及赔偿" answers the amount question; 赔偿 is not a new kind
    return case_kind_in(text)


class FeeSlotExtraction:
    """extract_* methods for the fee and relief slots; mixed into ValidateSlotMappings."""

    def extract_fee_case_kind(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Kind, amount and details of a fee question, read together from one message.

        One method for the three slots: a new kind must reset the amount and details that
        belonged to the old question (8万 of debt is not a divorce's property), unless this
        very message gives new ones, and rasa-sdk runs extractors one after another.
        """
        text = _text(tracker)
        kind = _kind_named(tracker)
        if kind is None and _asked(tracker, "fee_case_kind"):
            kind = "unknown"  # validate_fee_form explains and asks again
        amount = self._amount_text(tracker)
        details = fee_details_in(text)
        changes: dict[str, Any] = {}
        if kind is not None and kind != tracker.get_slot("fee_case_kind"):
            changes = {"fee_case_kind": kind, "fee_amount": amount, "fee_details": details}
        else:
            if amount:
                changes["fee_amount"] = amount
            if details:
                changes["fee_details"] = {**(tracker.get_slot("fee_details") or {}), **details}
        return changes

    def extract_relief_circumstances(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Relief circumstances from a button or the words of the message."""
        chosen = list(tracker.get_latest_entity_values("relief_circumstance"))
        answering = _asked(tracker, "relief_circumstances")
        codes = chosen or relief_circumstances_in(_text(tracker), answering=answering)
        if not codes and answering:
            codes = ["unknown"]
        return {"relief_circumstances": codes} if codes else {}

    @staticmethod
    def _amount_text(tracker: Tracker) -> str | None:
        entity = next(tracker.get_latest_entity_values("amount"), None)
        if entity:
            return str(entity)
        text = _text(tracker).strip()
        if _asked(tracker, "fee_amount") and text and not text.startswith("/"):
            if _kind_named(tracker) not in (None, tracker.get_slot("fee_case_kind")):
                return None  # "是离婚" changes the question rather than answering it
            return "0" if NO_AMOUNT.search(text) else text
        return None


class ValidateFeeForm(FormValidationAction):
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


class ValidateFeeReliefForm(FormValidationAction):
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
