"""Risk assessment in chat: one question at a time, then a short result and the report's code.

The questionnaire, the reading of free-text answers and the assessment all come from the kiosk
API; this module only asks, confirms what it understood and keeps the messages short enough
for an SMS. Answers stay in a slot while the person pauses ("继续风险评估" goes on from the
next question) and are dropped once the report is made: the kept report has no personal data.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.case_lookup import SENDER_KNOWN_CHANNELS
from actions.conversation import channel_of
from actions.kiosk_client import KioskApiError, KioskApiRefused, KioskClient
from actions.responses import basis_text, render, yuan
from actions.risk_slots import RiskSlotExtraction, next_question
from actions.slot_mappings import ExtractingFormValidationAction

PAUSED = "paused"
COMPLETE = "complete"
# Channels that show buttons; elsewhere (SMS, phone, WeChat text) the options are numbered.
BUTTON_CHANNELS = frozenset({"kiosk", "web"})
FINDINGS_IN_SUMMARY = 3
BASES_IN_SUMMARY = 2  # the full list is in the report
# Once a report is made these go: the next assessment starts clean.
ASSESSMENT_SLOTS = ("risk_dispute", "risk_answers", "risk_answer", "risk_clarification")


class ValidateRiskForm(RiskSlotExtraction, ExtractingFormValidationAction):
    """Checks the dispute has a questionnaire and files each reading among the answers."""

    def name(self) -> str:
        """Action name used in the domain."""
        return "validate_risk_form"

    def validate_risk_dispute(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Only types with a questionnaire; anything else names the ones there are."""
        try:
            available = KioskClient.from_env().risk_questionnaires()
        except KioskApiError:
            dispatcher.utter_message(response="utter_service_unavailable")
            return {"risk_dispute": None}
        if value in {q["dispute"] for q in available}:
            return {"risk_dispute": value}
        if value != "unknown":
            titles = "、".join(q["title"].removesuffix("诉讼风险评估") for q in available)
            dispatcher.utter_message(
                text=render(domain, "utter_risk_unavailable_type", titles=titles)
            )
        return {"risk_dispute": None}

    def validate_risk_answer(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """A reading joins the answers; an unclear one is asked again with its candidates."""
        if not isinstance(value, dict):
            return {"risk_answer": None}
        if value.get("stop"):
            return {"risk_answer": PAUSED, "risk_clarification": None}
        if "unclear" in value:
            clarification = {"message": value["unclear"], "options": value.get("candidates", [])}
            return {"risk_answer": None, "risk_clarification": clarification}
        answers = {**(tracker.get_slot("risk_answers") or {}), value["question"]: value["value"]}
        said = str(tracker.latest_message.get("text") or "").strip()
        if said != value["shown"]:
            # Typed or spoken in the person's own words: say what was understood.
            dispatcher.utter_message(text=f"记下了：{value['shown']}")
        try:
            questionnaire = KioskClient.from_env().risk_questionnaire(
                str(tracker.get_slot("risk_dispute"))
            )
        except KioskApiError:
            dispatcher.utter_message(response="utter_service_unavailable")
            return {"risk_answer": None}
        remaining = next_question(questionnaire, answers)
        return {
            "risk_answers": answers,
            "risk_answer": None if remaining else COMPLETE,
            "risk_clarification": None,
        }


class ActionAskRiskDispute(Action):
    """Which dispute to assess: one button per questionnaire."""

    def name(self) -> str:
        """Action name used in the domain."""
        return "action_ask_risk_dispute"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Ask for the type, with the questionnaires as buttons (numbered where none show)."""
        try:
            available = KioskClient.from_env().risk_questionnaires()
        except KioskApiError:
            dispatcher.utter_message(response="utter_service_unavailable")
            return []
        names = [q["title"].removesuffix("诉讼风险评估") for q in available]
        text = "做诉讼风险评估，先选纠纷类型，或者直接说说是什么事（例如“朋友借钱不还”）："
        if channel_of(tracker) in BUTTON_CHANNELS:
            buttons = [
                {"title": name, "payload": f'/inform{{"risk_dispute":"{q["dispute"]}"}}'}
                for name, q in zip(names, available, strict=True)
            ]
            dispatcher.utter_message(text=text, buttons=buttons)
        else:
            dispatcher.utter_message(text=text + numbered(names, channel_of(tracker)))
        return []


class ActionAskRiskAnswer(Action):
    """The next question, with its options as buttons or numbered; or the clarification."""

    def name(self) -> str:
        """Action name used in the domain."""
        return "action_ask_risk_answer"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Ask the first unanswered question of the chosen questionnaire."""
        try:
            questionnaire = KioskClient.from_env().risk_questionnaire(
                str(tracker.get_slot("risk_dispute"))
            )
        except KioskApiError:
            dispatcher.utter_message(response="utter_service_unavailable")
            return []
        answers = tracker.get_slot("risk_answers") or {}
        found = next_question(questionnaire, answers)
        if found is None:
            return []
        number, question = found
        total = len(questionnaire["questions"])
        clarification = tracker.get_slot("risk_clarification")
        if clarification:
            wanted = set(clarification["options"])
            options = [o for o in question["options"] if o["id"] in wanted]
            self._ask(dispatcher, tracker, clarification["message"], options, numbered_text=False)
            return [SlotSet("risk_clarification", None)]
        lead = ""
        if not answers:
            lead = (
                f"开始{questionnaire['title']}，共{total}题。点选或者用自己的话回答都可以，"
                "说“暂停”可以先停下。\n"
            )
        elif tracker.get_intent_of_latest_message() == "assess_risk":
            lead = f"接着上次的评估，已答{len(answers)}题。\n"
        text = f"{lead}（{number}/{total}）{question['text']}"
        if question["kind"] == "multi":
            text += "可以选几项，用顿号隔开。"
        if question["kind"] in ("date", "amount") and question.get("help"):
            text += f"\n{question['help']}"
        self._ask(dispatcher, tracker, text, question["options"], numbered_text=True)
        return []

    @staticmethod
    def _ask(
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        text: str,
        options: list[dict[str, Any]],
        *,
        numbered_text: bool,
    ) -> None:
        labels = [o["label"] for o in options]
        if options and channel_of(tracker) in BUTTON_CHANNELS:
            buttons = [{"title": label, "payload": label} for label in labels]
            dispatcher.utter_message(text=text, buttons=buttons)
        elif options and numbered_text:
            dispatcher.utter_message(text=text + numbered(labels, channel_of(tracker)))
        else:
            dispatcher.utter_message(text=text)


def numbered(labels: list[str], channel: str) -> str:
    """Options as a numbered list where no buttons show: "\n回复序号：1. 有 2. 没有".

    On the phone the number is said, not keyed: the keypad is the voice line's own menu.
    """
    lead = "请说出序号" if channel == "voice" else "回复序号"
    return f"\n{lead}：" + " ".join(f"{n}. {label}" for n, label in enumerate(labels, start=1))


class ActionRiskReport(Action):
    """After the form: the short result and report code, or what to say to go on later."""

    def name(self) -> str:
        """Action name used in the domain."""
        return "action_risk_report"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Assess with POST /api/v1/risk/assess, summarise, and offer to text the link."""
        if tracker.get_slot("risk_answer") != COMPLETE:
            dispatcher.utter_message(response="utter_risk_paused")
            return [SlotSet("risk_answer", None), SlotSet("risk_link_offered", False)]
        dispute = str(tracker.get_slot("risk_dispute"))
        try:
            api = KioskClient.from_env()
            # Answers to questions a newer questionnaire version dropped are left out.
            asked = {q["id"] for q in api.risk_questionnaire(dispute)["questions"]}
            answers = tracker.get_slot("risk_answers") or {}
            report = api.assess_risk(dispute, {k: v for k, v in answers.items() if k in asked})
        except KioskApiRefused as refused:
            dispatcher.utter_message(text=f"{refused.message}。请说“重新评估”从头再做一次。")
            return [SlotSet(slot, None) for slot in ASSESSMENT_SLOTS]
        except KioskApiError:
            dispatcher.utter_message(response="utter_service_unavailable")
            return [SlotSet("risk_link_offered", False)]
        for line in summary_lines(report):
            dispatcher.utter_message(text=line)
        offered = channel_of(tracker) not in SENDER_KNOWN_CHANNELS
        if offered:
            dispatcher.utter_message(response="utter_risk_offer_link")
        return [
            *(SlotSet(slot, None) for slot in ASSESSMENT_SLOTS),
            SlotSet("risk_report_code", report["code"]),
            SlotSet("risk_link_offered", offered),
        ]


def summary_lines(report: dict[str, Any]) -> list[str]:
    """The report in a few short messages: level and rule, main risks, limitation, cost, code."""

    def cite(item: dict[str, Any]) -> str:
        return basis_text(item, BASES_IN_SUMMARY)

    level = report["level"]
    findings = sorted(report["findings"], key=lambda f: -f["severity"])
    lines = [
        f"评估完成（{report['dispute']['cause']}）：总体风险等级为“{level['level']}”。"
        f"判断规则：{level['rule']}。"
    ]
    if findings:
        shown = [
            f"{n}.【{f['severity_label']}】{f['title']}：{f['reason']}{cite(f)}"
            for n, f in enumerate(findings[:FINDINGS_IN_SUMMARY], start=1)
        ]
        more = len(findings) - FINDINGS_IN_SUMMARY
        tail = f"\n另有{more}项见完整报告。" if more > 0 else ""
        lines.append("根据您的回答，需要注意：\n" + "\n".join(shown) + tail)
    limitation = report["limitation"]
    if limitation["applies"]:
        lines.append(f"诉讼时效：{limitation['text'].split('。')[0]}。{cite(limitation)}")
    if report["costs"]:
        costs = "；".join(f"{c['name']}约{yuan(c['amount'])}元" for c in report["costs"])
        lines.append(f"费用：{costs}{cite(report['costs'][0])}")
    lines.append(
        f"报告编号：{report['code']}。完整报告（每项风险的原因、建议和法律依据）：{report['link']}"
        f"，也可以在本院自助终端点“风险评估”输入编号打印。{report['notice']}"
    )
    return lines


class ValidateRiskSmsForm(RiskSlotExtraction, ExtractingFormValidationAction):
    """Queues the link to the number given; keeps only the masked number in the slot."""

    def name(self) -> str:
        """Action name used in the domain."""
        return "validate_risk_sms_form"

    def validate_risk_phone(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """POST /api/v1/risk/reports/{code}/sms; a wrong number is asked again."""
        code = tracker.get_slot("risk_report_code")
        if not code:
            return {"risk_phone": "none"}
        try:
            sent = KioskClient.from_env().text_risk_link(str(code), str(value))
        except KioskApiRefused as refused:
            dispatcher.utter_message(text=refused.message)
            # Only a mistyped number is worth asking again; opted out or limits will not change.
            return {"risk_phone": None if refused.code == "invalid_phone" else "refused"}
        except KioskApiError:
            dispatcher.utter_message(response="utter_service_unavailable")
            return {"risk_phone": "refused"}
        dispatcher.utter_message(response="utter_risk_link_sent", phone=sent["phone"])
        return {"risk_phone": sent["phone"]}
