"""Filling the risk-assessment slots; mixed into the risk forms' validation actions.

An answer to the current question is read by the kiosk API whatever intent the NLU gave it:
"有困难" answers the hardship question even if it sounds like a fee-relief question. Only a
message that is not an answer and is confidently another question (which court, a deadline,
is this a robot …) is left to the other skills, and the form comes back to the same question.
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.filing import confident_dispute
from actions.kiosk_client import KioskApiError, KioskApiRefused, KioskClient

# Questions the assistant answers in the middle of an assessment before asking again.
SIDE_QUESTIONS = frozenset(
    {
        "ask_deadline",
        "ask_court_info",
        "ask_mediation",
        "ask_jurisdiction",
        "ask_fee",
        "bot_challenge",
        "out_of_scope",
        "human_handoff",
    }
)
SIDE_QUESTION_CONFIDENCE = 0.6
_STOP = re.compile(
    "暂停|算了|不问了|不评估了|不做了|不答了|不想答|不想做了|先不做|先不评估|以后再说|下次再|退出评估|停止评估|先停"
)
_RESTART = re.compile("重新|重来|从头")


def next_question(
    questionnaire: dict[str, Any], answers: dict[str, Any] | None
) -> tuple[int, dict[str, Any]] | None:
    """The first unanswered question and its position (from 1), or None when all are answered."""
    done = answers or {}
    for number, question in enumerate(questionnaire["questions"], start=1):
        if question["id"] not in done:
            return number, question
    return None


def _text(tracker: Tracker) -> str:
    return str((tracker.latest_message or {}).get("text") or "").strip()


def _asked(tracker: Tracker, slot: str) -> bool:
    return tracker.active_loop_name == "risk_form" and tracker.get_slot("requested_slot") == slot


def _side_question(tracker: Tracker) -> bool:
    intent = (tracker.latest_message or {}).get("intent") or {}
    return (
        intent.get("name") in SIDE_QUESTIONS
        and float(intent.get("confidence") or 0) >= SIDE_QUESTION_CONFIDENCE
    )


class RiskSlotExtraction:
    """extract_* methods for the risk slots; mixed into ValidateRiskForm and ValidateRiskSmsForm.

    They run whenever a risk form runs, including when it starts ("借钱不还想评估风险"), so
    no earlier message needs reading: the filing guide's dispute comes from its own slot.
    """

    def extract_risk_dispute(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """The type from a button, the request itself ("借钱不还想评估风险") or the filing guide."""
        chosen = next(tracker.get_latest_entity_values("risk_dispute"), None)
        if chosen:
            return {"risk_dispute": str(chosen), "risk_answers": None}
        starting = tracker.get_intent_of_latest_message() == "assess_risk"
        if not (starting or _asked(tracker, "risk_dispute")):
            return {}
        changes: dict[str, Any] = {}
        if starting and _RESTART.search(_text(tracker)):
            changes = {"risk_dispute": None, "risk_answers": None, "risk_answer": None}
        try:
            code, _ = confident_dispute(KioskClient.from_env(), _text(tracker))
        except KioskApiError:
            code = None
        current = changes.get("risk_dispute", tracker.get_slot("risk_dispute"))
        if code and code != current:
            return {"risk_dispute": code, "risk_answers": None, "risk_answer": None}
        if current is None and starting:
            # Came from the filing guide: the dispute is already known.
            known = tracker.get_slot("dispute_type")
            return {**changes, "risk_dispute": known} if known else changes
        if code is None and _asked(tracker, "risk_dispute"):
            return {"risk_dispute": "unknown"}  # validate_risk_form asks again with the types
        return changes

    def extract_risk_answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """The current question's answer as the kiosk API reads it, unclear, or a pause."""
        if not _asked(tracker, "risk_answer"):
            return {}
        text = _text(tracker)
        if _STOP.search(text):
            return {"risk_answer": {"stop": True}}
        api = KioskClient.from_env()
        dispute = str(tracker.get_slot("risk_dispute"))
        try:
            found = next_question(api.risk_questionnaire(dispute), tracker.get_slot("risk_answers"))
        except KioskApiError:
            return {}
        if found is None:
            return {}
        question = found[1]["id"]
        try:
            reading = api.read_risk_answer(dispute, question, text)
        except KioskApiRefused as refused:
            if _side_question(tracker):
                return {}  # the form steps aside; a rule answers, then asks again
            candidates = refused.detail.get("candidates") or []
            unclear = {"question": question, "unclear": refused.message, "candidates": candidates}
            return {"risk_answer": unclear}
        except KioskApiError:
            return {}
        reading = {"question": question, "value": reading["value"], "shown": reading["shown"]}
        return {"risk_answer": reading}

    def extract_risk_phone(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Anything with digits, when the number is asked; "不用了" is left to the deny rule."""
        asked = (
            tracker.active_loop_name == "risk_sms_form"
            and tracker.get_slot("requested_slot") == "risk_phone"
        )
        text = _text(tracker)
        return {"risk_phone": text} if asked and re.search(r"\d", text) else {}
