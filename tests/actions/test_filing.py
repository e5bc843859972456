"""Filing-guidance actions against the real kiosk API: the form, the guide and the questions."""

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.filing import (
    ActionCourtInfo,
    ActionDeadline,
    ActionFilingGuide,
    ActionJurisdiction,
    ActionMediation,
    ValidateFilingForm,
)
from tests.actions.conftest import load_domain, make_tracker

DOMAIN = load_domain()


def user(text, **slots):
    return make_tracker(latest={"text": text, "metadata": {"channel": "kiosk"}}, slots=slots)


def run(action, text, **slots):
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, user(text, **slots), DOMAIN)
    return [m.get("text") or m.get("response") for m in dispatcher.messages], events


def validate(text, **slots):
    dispatcher = CollectingDispatcher()
    result = ValidateFilingForm().validate_dispute_type(
        text, dispatcher, user(text, **slots), DOMAIN
    )
    return result["dispute_type"], [m.get("text") for m in dispatcher.messages]


def test_a_clear_description_fills_the_dispute_type(kiosk_api_url):
    assert validate("老板三个月没发工资了") == ("labor_remuneration", [])


def test_wanting_to_sue_without_details_asks_quietly_on_activation(kiosk_api_url):
    assert validate("我要起诉") == (None, [])


def test_an_unclear_answer_lists_the_candidates(kiosk_api_url):
    code, messages = validate("借钱和租房的事", requested_slot="dispute_type")
    assert code is None
    assert messages and messages[0].startswith("我还不能确定是哪类纠纷")


def test_the_guide_covers_materials_court_filing_mediation_and_offers_the_fee(kiosk_api_url):
    messages, events = run(ActionFilingGuide(), "…", dispute_type="private_lending")
    text = "\n".join(str(m) for m in messages)
    assert messages[0].startswith("您的情况一般属于“民间借贷纠纷”")
    assert "要带的材料：起诉状原本一份" in text and "（《登记立案规定》第六条）" in text
    assert "向哪个法院起诉：" in text and "《民事诉讼法》第二十四条" in text
    assert "时效：" in text and "《民法典》第一百八十八条" in text
    assert "跨域立案" in text and "一次性告知" in text
    assert "建议先试试诉前调解" in text and "不收" in text
    assert messages[-2:] == ["utter_procedure_only", "utter_offer_fee_estimate"]
    assert events == [SlotSet("fee_case_kind", "property")]


def test_labour_guide_says_arbitration_comes_first(kiosk_api_url):
    messages, events = run(ActionFilingGuide(), "…", dispute_type="labor_dispute")
    assert any(str(m).startswith("注意：起诉前须先") and "仲裁" in str(m) for m in messages)
    assert events == [SlotSet("fee_case_kind", "labor")]


def test_jurisdiction_uses_the_dispute_named_in_the_question(kiosk_api_url):
    messages, events = run(ActionJurisdiction(), "租房押金纠纷去哪个法院告")
    assert messages[0].startswith("房屋租赁合同纠纷的管辖：")
    assert "utter_jurisdiction_exclusive" in messages
    assert events == [SlotSet("dispute_type", "house_lease")]


def test_jurisdiction_without_a_dispute_gives_the_general_rules(kiosk_api_url):
    messages, events = run(ActionJurisdiction(), "应该去哪个法院起诉")
    assert messages == ["utter_jurisdiction_general"]
    assert events == []


def test_mediation_explains_what_it_costs_and_whether_it_suits_the_dispute(kiosk_api_url):
    messages, _ = run(ActionMediation(), "调解要钱吗", dispute_type="neighbor")
    text = "\n".join(messages)
    assert "《民事诉讼法》第一百二十五条" in text and "不收取任何费用" in text
    assert "司法确认" in text
    assert messages[-1].startswith("相邻关系纠纷")


def test_a_deadline_with_a_date_is_computed(kiosk_api_url):
    messages, _ = run(ActionDeadline(), "判决书2026年11月3号收到的 最晚哪天上诉")
    assert messages[0].startswith("上诉期（判决）：15日，最后一日是2026年11月18日（星期三）")
    assert "《民事诉讼法》第一百七十一条第一款" in messages[0]


def test_a_deadline_without_a_date_states_the_rule_and_offers_to_compute(kiosk_api_url):
    messages, _ = run(ActionDeadline(), "答辩期多长")
    assert messages[0].startswith("答辩期为15日，自收到起诉状副本之日的次日起算")
    assert messages[-1].startswith("告诉我具体日期")


def test_an_unknown_period_gets_the_apis_question_back(kiosk_api_url):
    messages, _ = run(ActionDeadline(), "那个期限到底多久啊")
    assert messages[0].startswith("请说明是哪一种期限")


@pytest.mark.parametrize(
    ("text", "court"),
    [("南山法院在哪里", "深圳市南山区人民法院"), ("法院几点上班", "深圳市福田区人民法院")],
)
def test_court_info_for_the_named_court_or_this_one(kiosk_api_url, showcase, text, court):
    messages, _ = run(ActionCourtInfo(), text)
    assert messages[0].startswith(court)
    assert "地址：" in messages[0] and "电话：" in messages[0] and "办公时间：" in messages[0]


def test_the_api_being_down_is_said_plainly(monkeypatch):
    monkeypatch.setenv("KIOSK_API_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("SERVICE_TOKEN", "test-service-token")
    for action in (ActionJurisdiction(), ActionMediation(), ActionDeadline(), ActionCourtInfo()):
        messages, _ = run(action, "上诉期多久")
        assert messages == ["utter_service_unavailable"]
