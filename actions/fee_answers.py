"""Answers about fees, composed from the kiosk API's result into a few SMS-sized lines."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.fee_vocabulary import applicant_in
from actions.kiosk_client import KioskApiError, KioskApiRefused, KioskClient
from actions.responses import render, yuan

log = logging.getLogger(__name__)

# Of the API's notes, the ones an SMS answer keeps: the amount used, when to pay, and how a
# ranged fee was set. Halving has its own line; the footer points to relief.
_KEPT_NOTE_TOPICS = frozenset({"amount", "payment", "range"})


class ActionAskFeeAmount(Action):
    """Asks for the amount in the words of the kind (诉讼请求金额, 申请执行金额 …)."""

    def name(self) -> str:
        """Action name used in the domain."""
        return "action_ask_fee_amount"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """One question; 'optional' kinds also accept 没有."""
        try:
            kinds = KioskClient.from_env().fee_kinds()
        except KioskApiError:
            kinds = {}
        kind = kinds.get(str(tracker.get_slot("fee_case_kind")), {})
        label = kind.get("amount_label") or "涉及的金额"
        optional = kind.get("amount") == "optional"
        response = "utter_ask_fee_amount_optional" if optional else "utter_ask_fee_amount"
        dispatcher.utter_message(response=response, label=label)
        return []


class ActionFeeEstimate(Action):
    """The fee for the case described, with its items, basis and the halving possibilities."""

    def name(self) -> str:
        """Action name used in the domain."""
        return "action_fee_estimate"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Ask the kiosk API and answer in a few lines."""
        request: dict[str, Any] = {
            **(tracker.get_slot("fee_details") or {}),
            "case_kind": tracker.get_slot("fee_case_kind"),
        }
        amount = tracker.get_slot("fee_amount")
        if amount not in (None, "0", "0.00"):
            request["amount"] = amount
        try:
            estimate = KioskClient.from_env().estimate_fee(request)
        except KioskApiRefused as exc:
            dispatcher.utter_message(text=exc.message)
            return [SlotSet("fee_amount", None)] if "amount" in exc.code else []
        except KioskApiError as exc:
            log.warning("fee estimate failed: %s", exc)
            dispatcher.utter_message(response="utter_service_unavailable")
            return []
        dispatcher.utter_message(text=fee_answer(estimate, domain))
        return [SlotSet("fee_estimated", True)]


def fee_answer(estimate: dict[str, Any], domain: dict[str, Any]) -> str:
    """The estimate as a few short lines: total, items with basis, halving, when to pay."""
    values = {
        "kind_label": estimate["case_kind_label"],
        "amount_label": estimate.get("amount_label") or "",
        "amount": yuan(estimate["amount"]) if estimate.get("amount") else "",
        "total": yuan(estimate["total"]),
    }
    head = "utter_fee_estimate_head_amount" if estimate.get("amount") else "utter_fee_estimate_head"
    lines = [render(domain, head, **values)]
    for item in estimate["items"]:
        lines.append(
            render(
                domain,
                "utter_fee_estimate_item",
                name=item["name"],
                amount=yuan(item["amount"]),
                basis=item["basis"],
            )
        )
    halved = estimate["halving"]["halved_total"]
    if halved:
        lines.append(render(domain, "utter_fee_estimate_halving", halved_total=yuan(halved)))
    for note in estimate["notes"]:
        if note.get("topic") not in _KEPT_NOTE_TOPICS:
            continue
        if note.get("basis"):
            lines.append(render(domain, "utter_fee_estimate_note", **note))
        else:
            lines.append(note["text"])
    lines.append(render(domain, "utter_fee_estimate_footer"))
    return "\n".join(lines)


class ActionFeeRelief(Action):
    """What relief the person's circumstances may earn, what to submit and when."""

    def name(self) -> str:
        """Action name used in the domain."""
        return "action_fee_relief"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Ask the kiosk API and answer with the measures, the materials and the timing."""
        codes = list(tracker.get_slot("relief_circumstances") or [])
        applicant = applicant_in(str((tracker.latest_message or {}).get("text") or ""))
        try:
            relief = KioskClient.from_env().fee_relief(applicant, codes)
        except KioskApiError as exc:
            log.warning("fee relief failed: %s", exc)
            dispatcher.utter_message(response="utter_service_unavailable")
            return [SlotSet("relief_circumstances", None)]
        dispatcher.utter_message(text=relief_answer(relief, domain))
        return [SlotSet("relief_circumstances", None)]


def relief_answer(relief: dict[str, Any], domain: dict[str, Any]) -> str:
    """Measures with grounds and basis, then what to submit and when."""
    lines = []
    for option in relief["options"]:
        grounds = "；".join(g["label"] for g in option["grounds"])
        bases = "、".join(dict.fromkeys(g["basis"] for g in option["grounds"]))
        response = "utter_relief_option" if option["mandatory"] else "utter_relief_option_maybe"
        lines.append(
            render(domain, response, measure=option["label"], grounds=grounds, basis=bases)
        )
        lines.append(option["detail"]["text"])
    for refusal in relief["refused"]:
        lines.append(f"{refusal['reason']}（{refusal['basis']}）")
    materials = "；".join(m["text"] for m in relief["materials"])
    lines.append(render(domain, "utter_relief_materials", materials=materials))
    when = relief["timing"][0]
    lines.append(render(domain, "utter_fee_estimate_note", text=when["text"], basis=when["basis"]))
    return "\n".join(lines)
