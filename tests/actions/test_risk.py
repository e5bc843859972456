"""Risk-assessment actions against the real kiosk API: reading answers, asking, the report."""

from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk.executor import CollectingDispatcher

from actions.risk import (
    COMPLETE,
    PAUSED,
    ActionAskRiskAnswer,
    ActionAskRiskDispute,
    ActionRiskReport,
    ValidateRiskForm,
    ValidateRiskSmsForm,
)
from kiosk_api.domain.risk_questionnaires import default_questionnaires
from tests.actions.conftest import load_domain, make_tracker
from tests.api.test_risk_api import answers as all_answers

DOMAIN = load_domain()
LENDING = default_questionnaires().questionnaires["private_lending"]


def turn(
    text: str,
    *,
    channel: str = "kiosk",
    intent: str = "inform",
    confidence: float = 0.9,
    entities: tuple[tuple[str, str], ...] = (),
    loop: str | None = "risk_form",
    **slots: Any,
):
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "intent_ranking": [{"name": intent, "confidence": confidence}],
        "entities": [{"entity": e, "value": v} for e, v in entities],
        "metadata": {"channel": channel},
    }
    return make_tracker(latest=latest, slots=slots, active_loop=loop)


def extracted(tracker) -> dict[str, Any]:
    events = asyncio.run(
        ValidateRiskForm().get_extraction_events(CollectingDispatcher(), tracker, DOMAIN)
    )
    return {event["name"]: event["value"] for event in events}


def answering(text: str, answered: dict[str, Any] | None = None, **kw: Any) -> dict[str, Any]:
    tracker = turn(
        text,
        requested_slot="risk_answer",
        risk_dispute="private_lending",
        risk_answers=answered,
        **kw,
    )
    return extracted(tracker)


def run(action, tracker) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker, DOMAIN)
    return dispatcher.messages, events


def test_a_request_naming_the_dispute_fills_it(kiosk_api_url):
    found = extracted(turn("朋友借钱不还 我想做个风险评估", intent="assess_risk", loop=None))
    assert found["risk_dispute"] == "private_lending"


def test_a_dispute_button_fills_it_and_starts_afresh(kiosk_api_url):
    tracker = turn(
        '/inform{"risk_dispute":"divorce"}',
        entities=(("risk_dispute", "divorce"),),
        requested_slot="risk_dispute",
    )
    assert extracted(tracker) == {"risk_dispute": "divorce", "risk_answers": None}


def test_restarting_forgets_the_answers(kiosk_api_url):
    tracker = turn(
        "重新评估",
        intent="assess_risk",
        loop=None,
        risk_dispute="private_lending",
        risk_answers={"defendant_identity": "full"},
    )
    found = extracted(tracker)
    assert found["risk_answers"] is None and found.get("risk_dispute") is None


def test_an_answer_in_own_words_is_read_for_the_current_question(kiosk_api_url):
    assert answering("都知道")["risk_answer"] == {
        "question": "defendant_identity",
        "value": "full",
        "shown": "都知道",
    }
    later = answering("有借条", {"defendant_identity": "full", "defendant_address": "known"})
    assert later["risk_answer"]["question"] == "iou"
    assert later["risk_answer"]["value"] == "yes_original"


def test_an_answer_read_as_another_intent_is_still_an_answer(kiosk_api_url):
    found = answering("不知道", intent="ask_deadline", confidence=0.95)
    assert found["risk_answer"]["value"] == "unknown"


def test_an_unclear_answer_carries_the_candidates(kiosk_api_url):
    ids = [q.id for q in LENDING.questions]
    answered = {q: "x" for q in ids[: ids.index("witnesses")]}
    found = answering("有", answered)["risk_answer"]
    assert found["candidates"] == ["willing", "unwilling"] and "有，愿意出庭" in found["unclear"]


def test_a_new_dispute_drops_the_answers_even_though_the_form_does_not_ask_for_them(
    kiosk_api_url,
):
    tracker = turn(
        '/inform{"risk_dispute":"divorce"}',
        entities=(("risk_dispute", "divorce"),),
        requested_slot="risk_dispute",
        risk_answers={"defendant_identity": "full"},
    )
    events = asyncio.run(ValidateRiskForm().run(CollectingDispatcher(), tracker, DOMAIN))
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots["risk_dispute"] == "divorce" and slots["risk_answers"] is None


def test_a_side_question_is_left_to_its_skill(kiosk_api_url):
    found = answering("劳动仲裁的时效是多久", intent="ask_deadline", confidence=0.93)
    assert "risk_answer" not in found


def test_saying_pause_pauses(kiosk_api_url):
    assert answering("先暂停一下")["risk_answer"] == {"stop": True}


def validate_answer(value: Any, answered: dict[str, Any] | None, text: str = "都知道"):
    dispatcher = CollectingDispatcher()
    tracker = turn(text, risk_dispute="private_lending", risk_answers=answered)
    result = ValidateRiskForm().validate_risk_answer(value, dispatcher, tracker, DOMAIN)
    return result, [m.get("text") for m in dispatcher.messages]


def test_a_reading_joins_the_answers_and_the_last_completes_the_form(kiosk_api_url):
    reading = {"question": "defendant_identity", "value": "full", "shown": "都知道"}
    result, messages = validate_answer(reading, None)
    assert result["risk_answers"] == {"defendant_identity": "full"}
    assert result["risk_answer"] is None and messages == []
    everything = all_answers()
    last = LENDING.questions[-1].id
    rest = {k: v for k, v in everything.items() if k != last}
    reading = {"question": last, "value": everything[last], "shown": "没有困难"}
    result, messages = validate_answer(reading, rest, text="不困难")
    assert result["risk_answer"] == COMPLETE and result["risk_answers"] == everything
    assert messages == ["记下了：没有困难"]


def test_an_unclear_reading_is_asked_again_and_a_stop_pauses(kiosk_api_url):
    unclear = {"question": "witnesses", "unclear": "您的意思是…", "candidates": ["willing"]}
    result, _ = validate_answer(unclear, None)
    assert result["risk_answer"] is None
    assert result["risk_clarification"] == {"message": "您的意思是…", "options": ["willing"]}
    result, _ = validate_answer({"stop": True}, None)
    assert result["risk_answer"] == PAUSED


def test_a_type_without_a_questionnaire_names_the_available_ones(kiosk_api_url):
    dispatcher = CollectingDispatcher()
    result = ValidateRiskForm().validate_risk_dispute("neighbor", dispatcher, turn("邻居"), DOMAIN)
    assert result == {"risk_dispute": None}
    assert "民间借贷纠纷" in dispatcher.messages[0]["text"]


def test_the_dispute_question_has_a_button_per_questionnaire(kiosk_api_url):
    [message], _ = run(ActionAskRiskDispute(), turn("风险评估"))
    assert len(message["buttons"]) == len(default_questionnaires().questionnaires)
    [sms], _ = run(ActionAskRiskDispute(), turn("风险评估", channel="sms"))
    assert "回复序号：1. 民间借贷纠纷" in sms["text"] and not sms["buttons"]


def test_the_first_question_explains_the_form_and_offers_its_options(kiosk_api_url):
    [message], _ = run(ActionAskRiskAnswer(), turn("…", risk_dispute="private_lending"))
    assert message["text"].startswith("开始民间借贷纠纷诉讼风险评估，共")
    assert f"（1/{len(LENDING.questions)}）{LENDING.questions[0].text}" in message["text"]
    assert [b["title"] for b in message["buttons"]] == ["都知道", "只知道名字", "不知道"]
    [sms], _ = run(ActionAskRiskAnswer(), turn("…", channel="sms", risk_dispute="private_lending"))
    assert sms["text"].endswith("回复序号：1. 都知道 2. 只知道名字 3. 不知道")
    phone = turn("…", channel="voice", risk_dispute="private_lending")
    [call], _ = run(ActionAskRiskAnswer(), phone)
    assert call["text"].endswith("请说出序号：1. 都知道 2. 只知道名字 3. 不知道")


def test_resuming_says_so_and_asks_the_next_question(kiosk_api_url):
    tracker = turn(
        "继续风险评估",
        intent="assess_risk",
        risk_dispute="private_lending",
        risk_answers={"defendant_identity": "full"},
    )
    [message], _ = run(ActionAskRiskAnswer(), tracker)
    assert message["text"].startswith("接着上次的评估，已答1题。\n（2/")


def test_a_clarification_offers_only_the_candidates(kiosk_api_url):
    tracker = turn(
        "有",
        risk_dispute="private_lending",
        risk_clarification={"message": "您的意思是下面哪一项", "options": ["name_only", "full"]},
    )
    [message], events = run(ActionAskRiskAnswer(), tracker)
    assert message["text"] == "您的意思是下面哪一项"
    assert [b["title"] for b in message["buttons"]] == ["都知道", "只知道名字"]
    assert events == [
        {"event": "slot", "timestamp": None, "name": "risk_clarification", "value": None}
    ]


def test_the_report_is_short_cited_coded_and_forgets_the_answers(kiosk_api_url):
    tracker = turn(
        "没有困难",
        risk_dispute="private_lending",
        risk_answers=all_answers(assets="none"),
        risk_answer=COMPLETE,
    )
    messages, events = run(ActionRiskReport(), tracker)
    texts = [m.get("text") or m.get("response") for m in messages]
    assert texts[0].startswith("评估完成（民间借贷纠纷）：总体风险等级为“高”。判断规则：")
    assert "【高】无财产或者无足够财产可供执行" in texts[1] and "《民事诉讼法》" in texts[1]
    assert any(t.startswith("诉讼时效：") for t in texts)
    assert any(t.startswith("费用：案件受理费（估算）约") for t in texts)
    code_line = next(t for t in texts if t.startswith("报告编号："))
    slots = {e["name"]: e["value"] for e in events}
    assert slots["risk_report_code"] in code_line and "/kiosk/risk/reports/" in code_line
    assert "不是对案件事实和结果的判断" in code_line
    assert texts[-1] == "utter_risk_offer_link" and slots["risk_link_offered"] is True
    assert slots["risk_answers"] is None and slots["risk_dispute"] is None


def test_on_sms_the_link_is_not_offered_again(kiosk_api_url):
    tracker = turn(
        "…",
        channel="sms",
        risk_dispute="private_lending",
        risk_answers=all_answers(),
        risk_answer=COMPLETE,
    )
    messages, events = run(ActionRiskReport(), tracker)
    assert "utter_risk_offer_link" not in [m.get("response") for m in messages]
    assert {e["name"]: e["value"] for e in events}["risk_link_offered"] is False


def test_a_paused_form_says_how_to_go_on_and_keeps_the_answers(kiosk_api_url):
    tracker = turn(
        "暂停", risk_dispute="private_lending", risk_answers={"iou": "none"}, risk_answer=PAUSED
    )
    messages, events = run(ActionRiskReport(), tracker)
    assert [m["response"] for m in messages] == ["utter_risk_paused"]
    assert "risk_answers" not in {e["name"] for e in events}


def texted(phone: str, code: str):
    dispatcher = CollectingDispatcher()
    result = ValidateRiskSmsForm().validate_risk_phone(
        phone, dispatcher, turn(phone, loop="risk_sms_form", risk_report_code=code), DOMAIN
    )
    return result["risk_phone"], dispatcher.messages


def test_the_link_goes_to_the_number_and_only_its_mask_stays(kiosk_api_url, client):
    code = client.post(
        "/api/v1/risk/assess", json={"dispute": "private_lending", "answers": all_answers()}
    ).get_json()["code"]
    assert texted("1380013", code)[0] is None  # mistyped: asked again
    phone, messages = texted("13800138000", code)
    assert phone == "138****8000"
    assert messages[-1]["response"] == "utter_risk_link_sent"


def test_answers_to_questions_a_new_version_dropped_are_left_out(kiosk_api_url):
    answered = {**all_answers(), "question_of_an_older_version": "yes"}
    tracker = turn("…", risk_dispute="private_lending", risk_answers=answered, risk_answer=COMPLETE)
    messages, _ = run(ActionRiskReport(), tracker)
    assert messages[0]["text"].startswith("评估完成（民间借贷纠纷）")
