"""Fee and relief actions against the real kiosk API: extraction, validation and answers."""

import asyncio

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.fee_answers import ActionAskFeeAmount, ActionFeeEstimate, ActionFeeRelief
from actions.fee_slots import ValidateFeeForm, ValidateFeeReliefForm
from actions.fee_vocabulary import case_kind_in, fee_details_in, relief_circumstances_in
from tests.actions.conftest import load_domain, make_tracker

DOMAIN = load_domain()


def user(text, entities=(), **slots):
    latest = {
        "text": text,
        "entities": [{"entity": e, "value": v} for e, v in entities],
        "metadata": {"channel": "sms"},
    }
    return make_tracker(latest=latest, slots=slots)


def extracted(tracker):
    return ValidateFeeForm().extract_fee_case_kind(CollectingDispatcher(), tracker, DOMAIN)


def said(text, entities=(), intent="inform"):
    """An earlier user message as it is kept among the tracker's events."""
    parse = {
        "intent": {"name": intent},
        "entities": [{"entity": e, "value": v} for e, v in entities],
    }
    return {"event": "user", "text": text, "parse_data": parse}


def history(text, events, entities=(), **slots):
    """A tracker whose latest message `text` comes after `events`."""
    tracker = user(text, entities, **slots)
    tracker.events.extend([*events, said(text, entities)])
    return tracker


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("欠我八万打官司要多少钱", "property"),
        ("离婚要交多少诉讼费", "divorce"),
        ("申请强制执行要交钱吗", "execution"),
        ("申请财产保全费用怎么算", "preservation"),
        ("老板拖欠工资起诉要钱吗", "labor"),
        ("告政府要交诉讼费吗", "administrative"),
        ("别人造谣损害我名誉", "personality"),
        ("申请支付令多少钱", "payment_order"),
        ("打官司要多少钱", None),
    ],
)
def test_case_kind_from_everyday_words(text, kind):
    assert case_kind_in(text) == kind


def test_details_from_words():
    assert fee_details_in("二审上诉费多少，调解的话呢") == {
        "instance": "appeal",
        "outcome": "mediation",
    }
    assert fee_details_in("追讨工资 简易程序") == {"procedure": "simple", "wage_claim": True}


def test_the_whole_question_in_one_message_fills_kind_and_amount():
    tracker = user("欠我八万打官司要多少钱", [("amount", "八万")])
    assert extracted(tracker) == {
        "fee_case_kind": "property",
        "fee_amount": "八万",
        "fee_details": {},
    }


def test_a_correction_replaces_only_the_amount():
    tracker = user(
        "不对，是十八万", [("amount", "十八万")], fee_case_kind="property", fee_amount="80000.00"
    )
    assert extracted(tracker) == {"fee_amount": "十八万"}


def test_a_new_kind_drops_the_old_amount():
    tracker = user("那离婚呢", fee_case_kind="property", fee_amount="80000.00")
    assert extracted(tracker) == {
        "fee_case_kind": "divorce",
        "fee_amount": None,
        "fee_details": {},
    }


def test_an_answer_to_the_amount_question_is_taken_whole():
    tracker = user("80000", fee_case_kind="property", requested_slot="fee_amount")
    assert extracted(tracker) == {"fee_amount": "80000"}
    none = user("没有财产分割", fee_case_kind="divorce", requested_slot="fee_amount")
    assert extracted(none) == {"fee_amount": "0"}


def test_an_amount_said_before_the_fee_question_is_used_when_the_form_starts():
    earlier = [said("欠我八万", [("amount", "八万")]), {"event": "action", "name": "action_listen"}]
    assert extracted(history("打官司要多少钱", earlier)) == {
        "fee_case_kind": "property",
        "fee_amount": "八万",
        "fee_details": {},
    }


def test_what_the_form_set_after_a_message_it_heard_is_kept():
    earlier = [
        said("欠我八万", [("amount", "八万")]),
        {"event": "action", "name": "fee_form"},
        {"event": "slot", "name": "fee_case_kind", "value": "property"},
        {"event": "slot", "name": "fee_amount", "value": "80000.00"},
        {"event": "action", "name": "action_fee_estimate"},
    ]
    tracker = history("谢谢", earlier, fee_case_kind="property", fee_amount="80000.00")
    assert extracted(tracker) == {}


def test_a_later_message_outside_the_form_still_counts():
    earlier = [
        said("欠我八万", [("amount", "八万")]),
        {"event": "action", "name": "fee_form"},
        {"event": "slot", "name": "fee_case_kind", "value": "property"},
        {"event": "slot", "name": "fee_amount", "value": "80000.00"},
        said("其实是离婚的事"),
        {"event": "action", "name": "utter_anything_else"},
    ]
    tracker = history("那要多少钱", earlier, fee_case_kind="property", fee_amount="80000.00")
    assert extracted(tracker) == {"fee_case_kind": "divorce", "fee_amount": None, "fee_details": {}}


def test_a_restart_forgets_what_was_said_before():
    earlier = [said("欠我八万", [("amount", "八万")]), {"event": "restart"}]
    assert extracted(history("打官司要多少钱", earlier)) == {}


def test_a_circumstance_said_before_the_relief_question_is_used():
    earlier = [said("我是低保户"), {"event": "action", "name": "utter_anything_else"}]
    tracker = history("诉讼费可以缓交吗", earlier)
    found = ValidateFeeReliefForm().extract_relief_circumstances(
        CollectingDispatcher(), tracker, DOMAIN
    )
    assert found == {"relief_circumstances": ["subsistence_no_other_income"]}


def test_the_form_keeps_the_details_it_does_not_ask_for(kiosk_api_url):
    tracker = history("欠我八万 二审上诉费多少", [], [("amount", "八万")])
    events = asyncio.run(ValidateFeeForm().run(CollectingDispatcher(), tracker, DOMAIN))
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots["fee_details"] == {"instance": "appeal"}
    assert slots["fee_case_kind"] == "property" and slots["fee_amount"] == "80000.00"


def test_a_button_choice_sets_the_kind():
    tracker = user('/inform{"fee_case_kind":"execution"}', [("fee_case_kind", "execution")])
    assert extracted(tracker)["fee_case_kind"] == "execution"


def validate(form, tracker):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(form.get_validation_events(dispatcher, tracker, DOMAIN))
    return {e["name"]: e["value"] for e in events}, dispatcher.messages


def changed(tracker, **slots):
    """A tracker whose slots were just set this turn, as validation sees them."""
    tracker.events.append({"event": "user", "text": tracker.latest_message["text"]})
    tracker.events.extend(
        {"event": "slot", "name": name, "value": value} for name, value in slots.items()
    )
    tracker.slots.update(slots)
    return tracker


def test_the_form_parses_the_amount_through_the_kiosk_api(kiosk_api_url):
    tracker = changed(user("8万", fee_case_kind="property"), fee_amount="8万")
    slots, messages = validate(ValidateFeeForm(), tracker)
    assert slots["fee_amount"] == "80000.00" and messages == []


def test_an_unclear_amount_is_explained_and_asked_again(kiosk_api_url):
    tracker = changed(user("七八万吧", fee_case_kind="property"), fee_amount="七八万吧")
    slots, messages = validate(ValidateFeeForm(), tracker)
    assert slots["fee_amount"] is None
    assert "不是一个确定的金额" in messages[0]["text"]


def test_no_amount_is_asked_for_a_per_case_fee(kiosk_api_url):
    tracker = user("劳动争议", fee_case_kind="labor")
    slots = asyncio.run(
        ValidateFeeForm().required_slots(["fee_case_kind", "fee_amount"], None, tracker, DOMAIN)
    )
    assert slots == ["fee_case_kind"]


def test_the_amount_question_names_what_is_asked(kiosk_api_url):
    dispatcher = CollectingDispatcher()
    ActionAskFeeAmount().run(dispatcher, user("离婚", fee_case_kind="divorce"), DOMAIN)
    assert dispatcher.messages[0]["response"] == "utter_ask_fee_amount_optional"
    assert dispatcher.messages[0]["label"] == "财产分割总额"


def answer(**slots):
    dispatcher = CollectingDispatcher()
    events = ActionFeeEstimate().run(dispatcher, user("…", **slots), DOMAIN)
    return dispatcher.messages[0]["text"], events


def test_the_estimate_fits_a_few_sms_lines_with_total_basis_and_halving(kiosk_api_url):
    text, events = answer(fee_case_kind="property", fee_amount="十八万")
    lines = text.split("\n")
    assert lines[0] == "诉讼费估算（财产案件，诉讼请求金额180,000元）：共3,900元"
    assert lines[1] == "案件受理费3,900元，依据《诉讼费用交纳办法》第十三条第（一）项"
    assert "减半，为1,950元" in lines[2]
    assert any("7日内交纳" in line and "第二十二条" in line for line in lines)
    assert len(text) <= 335  # at most five 67-character SMS parts
    assert events == [SlotSet("fee_estimated", True)]


def test_execution_and_preservation_answers_say_when_they_are_paid(kiosk_api_url):
    execution, _ = answer(fee_case_kind="execution", fee_amount="1000万")
    assert "共77,400元" in execution and "执行后交纳" in execution
    preservation, _ = answer(fee_case_kind="preservation", fee_amount="100万")
    assert "共5,000元" in preservation and "最多不超过5000元" in preservation


def test_a_non_property_answer_states_the_range_used(kiosk_api_url):
    text, _ = answer(fee_case_kind="divorce", fee_amount="0")
    assert text.startswith("诉讼费估算（离婚案件）：共300元")
    assert "按广东省标准计算" in text


def test_an_amount_the_rules_refuse_is_explained_and_cleared(kiosk_api_url):
    dispatcher = CollectingDispatcher()
    events = ActionFeeEstimate().run(
        dispatcher, user("…", fee_case_kind="property", fee_amount="负五万"), DOMAIN
    )
    assert dispatcher.messages[0]["text"] == "金额不能是负数"
    assert events == [SlotSet("fee_amount", None)]


def test_relief_circumstances_from_words():
    assert relief_circumstances_in("我是低保户交不起诉讼费", answering=False) == [
        "subsistence_no_other_income"
    ]
    assert relief_circumstances_in("交不起", answering=False) == []
    assert relief_circumstances_in("家里困难", answering=True) == [
        "other_exempt",
        "other_reduce",
        "other_defer",
    ]


def test_an_unknown_circumstance_is_asked_again():
    tracker = changed(user("嗯"), relief_circumstances=["unknown"])
    slots, messages = validate(ValidateFeeReliefForm(), tracker)
    assert slots["relief_circumstances"] is None
    assert messages[0]["response"] == "utter_relief_not_understood"


def test_relief_answer_names_measure_basis_materials_and_timing(kiosk_api_url):
    dispatcher = CollectingDispatcher()
    tracker = user("我是低保户", relief_circumstances=["subsistence_no_other_income"])
    ActionFeeRelief().run(dispatcher, tracker, DOMAIN)
    text = dispatcher.messages[0]["text"]
    assert "可以申请免交诉讼费" in text and "第四十五条第（三）项" in text
    assert "需要提交：书面的司法救助申请" in text and "低保证" in text
    assert "在起诉或者上诉时提交司法救助申请（《诉讼费用交纳办法》第四十八条第一款）" in text
