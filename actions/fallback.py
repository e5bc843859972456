"""action_default_ask_affirmation: Rasa's built-in asks in English; this asks in Chinese."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

# How each intent reads in "请问您是想……吗？". Skills add theirs here.
INTENT_LABELS: dict[str, str] = {
    "greet": "打个招呼",
    "goodbye": "结束咨询",
    "thank": "表示感谢",
    "affirm": "表示同意",
    "deny": "表示否定",
    "bot_challenge": "确认我是不是真人",
    "human_handoff": "转接人工服务",
    "out_of_scope": "咨询诉讼服务以外的问题",
    "inform": "补充一些信息",
    "ask_fee": "咨询诉讼费",
    "ask_fee_relief": "申请缓交、减交或免交诉讼费",
    "query_case": "查询您的案件进展",
    "subscribe_notifications": "订阅案件短信提醒",
    "unsubscribe_notifications": "取消案件短信提醒",
    "ask_filing_guide": "了解怎么起诉、立案",
    "ask_jurisdiction": "了解应该向哪个法院起诉",
    "ask_mediation": "了解诉前调解",
    "ask_deadline": "了解诉讼期限",
    "ask_court_info": "了解法院地址、电话和办公时间",
    "assess_risk": "做诉讼风险评估",
}
_FALLBACK = "nlu_fallback"


class ActionAskAffirmation(Action):
    """First stage of the two-stage fallback: confirm the most likely intent."""

    def name(self) -> str:
        """Overrides Rasa's default action of the same name."""
        return "action_default_ask_affirmation"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Ask whether the citizen meant the best-ranked real intent."""
        ranking = (tracker.latest_message or {}).get("intent_ranking") or []
        candidates = [r.get("name") for r in ranking if r.get("name") != _FALLBACK]
        intent = next((name for name in candidates if name in INTENT_LABELS), None)
        if intent is None:
            dispatcher.utter_message(response="utter_ask_rephrase")
            return []
        dispatcher.utter_message(
            response="utter_ask_affirmation", intent=intent, intent_label=INTENT_LABELS[intent]
        )
        return []
