"""Filing guidance in chat: "我要起诉" → the dispute → materials, court, how to file, mediation.

Also the single questions around filing: which court (管辖), mediation, deadlines and the
court's own address and hours. Every statement and basis comes from the kiosk API; this module
only chooses what to say and keeps it short enough for an SMS or a kiosk bubble.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions.kiosk_client import KioskApiError, KioskApiRefused, KioskClient
from actions.responses import basis_text, render

log = logging.getLogger(__name__)


def _latest_text(tracker: Tracker) -> str:
    return str(tracker.latest_message.get("text") or "")


def confident_dispute(client: KioskClient, text: str) -> tuple[str | None, list[str]]:
    """The dispute code a text clearly names, else None and the candidates' 案由."""
    result = client.classify_dispute(text)
    matches = result.get("matches") or []
    if matches and not result.get("unsure"):
        return str(matches[0]["code"]), []
    return None, [str(m["cause"]) for m in matches]


class ValidateFilingForm(FormValidationAction):
    """Turns the person's description into a dispute type, or asks again with candidates."""

    def name(self) -> str:
        """Action name used in the domain."""
        return "validate_filing_form"

    def validate_dispute_type(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        """Keep a catalog code; classify free text; re-ask when the text is not clear enough."""
        text = str(slot_value or "")
        try:
            code, candidates = confident_dispute(KioskClient.from_env(), text)
        except KioskApiError:
            dispatcher.utter_message(response="utter_service_unavailable")
            return {"dispute_type": None}
        answered = tracker.get_slot("requested_slot") == "dispute_type"
        if code is None and answered and candidates:
            dispatcher.utter_message(
                text=render(domain, "utter_filing_unsure", candidates="、".join(candidates))
            )
        return {"dispute_type": code}


class ActionFilingGuide(Action):
    """The guide for one dispute: what to bring, which court, how to file, mediation, fee offer."""

    def name(self) -> str:
        """Action name used in the domain."""
        return "action_filing_guide"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Answer from GET /api/v1/disputes/{code}, then offer the fee estimate."""
        code = tracker.get_slot("dispute_type")
        try:
            detail = KioskClient.from_env().dispute(str(code))
        except KioskApiError:
            dispatcher.utter_message(response="utter_service_unavailable")
            return []
        for line in filing_lines(detail):
            dispatcher.utter_message(text=line)
        dispatcher.utter_message(response="utter_procedure_only")
        dispatcher.utter_message(response="utter_offer_fee_estimate")
        return [SlotSet("fee_case_kind", detail["fee"]["case_kind"])]


def filing_lines(detail: dict[str, Any]) -> list[str]:
    """The guide for one dispute, a message per topic."""
    own = [m["text"] for m in detail["materials"] if not m["common"]]
    lines = [f"您的情况一般属于“{detail['cause']}”。{detail['summary']}"]
    pre = detail.get("pre_procedure")
    if pre:
        lines.append(f"注意：起诉前须先{pre['name']}。{pre['text']}{basis_text(pre)}")
    common = [m for m in detail["materials"] if m["common"]]
    # Each common item cites its own item of one article; the list as a whole cites the article.
    article = common[0]["basis"][0].split("条")[0] + "条"
    materials = "；".join(m["text"] for m in common) + f"（{article}）"
    if own:
        materials += "。本类案件还需要：" + "；".join(own)
    lines.append(f"要带的材料：{materials}")
    lines.append("常见证据：" + "；".join(detail["evidence"]))
    jurisdiction = detail["jurisdiction"]
    lines.append(f"向哪个法院起诉：{jurisdiction['text']}{basis_text(jurisdiction)}")
    limitation = detail["limitation"]
    lines.append(f"时效：{limitation['text']}{basis_text(limitation)}")
    ways = "、".join(w["name"] for w in detail["filing"]["ways"][:4])
    lines.append(
        f"立案方式：{ways}；书写起诉状确有困难的可以口头起诉。材料不全的，法院会一次性告知需要补正的内容"
        f"{basis_text(detail['filing']['one_time_notice'])}"
    )
    mediation = detail["mediation"]
    if mediation["suited"]:
        cost = mediation["guide"]["cost"]
        lines.append(f"建议先试试诉前调解：{mediation['text']}{cost['text']}{basis_text(cost)}")
    if detail["small_claims"]["eligible"] == "possible":
        small = detail["small_claims"]
        lines.append(f"小额诉讼：{small['text']}{basis_text(small)}")
    return lines


class ActionJurisdiction(Action):
    """Which court: the dispute's own rule when known, else the general rules."""

    def name(self) -> str:
        """Action name used in the domain."""
        return "action_jurisdiction"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Answer from the catalog entry of the dispute named now or earlier."""
        client = KioskClient.from_env()
        try:
            code, _ = confident_dispute(client, _latest_text(tracker))
            code = code or tracker.get_slot("dispute_type")
            if code is None:
                dispatcher.utter_message(response="utter_jurisdiction_general")
                return []
            detail = client.dispute(str(code))
        except KioskApiError:
            dispatcher.utter_message(response="utter_service_unavailable")
            return []
        rule = detail["jurisdiction"]
        dispatcher.utter_message(text=f"{detail['cause']}的管辖：{rule['text']}{basis_text(rule)}")
        if rule["exclusive"]:
            dispatcher.utter_message(response="utter_jurisdiction_exclusive")
        elif rule["agreement_allowed"]:
            dispatcher.utter_message(response="utter_jurisdiction_agreement")
        dispatcher.utter_message(response="utter_cross_region_filing")
        return [SlotSet("dispute_type", code)]


class ActionMediation(Action):
    """Pre-litigation mediation: what, cost, effect, how; and whether it suits this dispute."""

    def name(self) -> str:
        """Action name used in the domain."""
        return "action_mediation"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Answer from GET /api/v1/filing-guide and, when known, the dispute's entry."""
        client = KioskClient.from_env()
        try:
            guide = client.filing_guide()["mediation"]
            code, _ = confident_dispute(client, _latest_text(tracker))
            code = code or tracker.get_slot("dispute_type")
            detail = client.dispute(str(code)) if code else None
        except KioskApiError:
            dispatcher.utter_message(response="utter_service_unavailable")
            return []
        for part in ("what", "cost", "effect", "how"):
            dispatcher.utter_message(text=f"{guide[part]['text']}{basis_text(guide[part])}")
        if detail is not None:
            fit = "适合" if detail["mediation"]["suited"] else "不一定适合"
            dispatcher.utter_message(
                text=f"{detail['cause']}{fit}先调解：{detail['mediation']['text']}"
            )
        return []


class ActionDeadline(Action):
    """A time limit: its rule, or its last day when the question gives a date."""

    def name(self) -> str:
        """Action name used in the domain."""
        return "action_deadline"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Answer from POST /api/v1/deadlines/compute with the question as asked."""
        try:
            answer = KioskClient.from_env().deadline(_latest_text(tracker))
        except KioskApiRefused as refused:
            dispatcher.utter_message(text=refused.message)
            return []
        except KioskApiError:
            dispatcher.utter_message(response="utter_service_unavailable")
            return []
        for line in deadline_lines(answer):
            dispatcher.utter_message(text=line)
        return []


def deadline_lines(answer: dict[str, Any]) -> list[str]:
    """A computed last day with how it was counted, or the rule and an offer to compute."""
    rule = answer["rule"]
    deadline = answer.get("deadline")
    if deadline:
        lines = [
            f"{deadline['label']}：{deadline['period']}，最后一日是{deadline['ends_on_text']}"
            f"（星期{deadline['weekday']}）{basis_text(deadline)}"
        ]
        lines.extend(deadline["notes"][:3])
        return lines
    if rule.get("by_procedure"):
        lines = [f"{p['label']}：{p['limit']}（一般{p['period']}）" for p in rule["by_procedure"]]
        return [f"{rule['label']}由法院在举证通知书中指定{basis_text(rule)}：" + "；".join(lines)]
    lines = [
        f"{rule['label']}为{rule['period']}，自{rule['starts_with']}的次日起算{basis_text(rule)}"
    ]
    if rule.get("abroad_period"):
        lines.append(f"在中国境内没有住所的当事人为{rule['abroad_period']}")
    lines.extend(rule["notes"][:2])
    lines.append("告诉我具体日期（例如“11月3日收到判决书”），我可以帮您算出最后一天。")
    return lines


class ActionCourtInfo(Action):
    """The court's address, phone, hours and transport: the court named, else this court."""

    def name(self) -> str:
        """Action name used in the domain."""
        return "action_court_info"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Answer from GET /api/v1/courts."""
        client = KioskClient.from_env()
        try:
            found = client.courts(_latest_text(tracker))
            courts = found["courts"] if found["matched"] else client.courts()["courts"][:1]
        except KioskApiError:
            dispatcher.utter_message(response="utter_service_unavailable")
            return []
        if not courts:
            dispatcher.utter_message(response="utter_service_unavailable")
            return []
        court = courts[0]
        dispatcher.utter_message(
            text=render(
                domain,
                "utter_court_info",
                name=court["name"],
                address=court["address"],
                phone=court["phone"],
                hours=court["service_hours"],
                transport=court["transport"] or "请咨询12368",
            )
        )
        return []
