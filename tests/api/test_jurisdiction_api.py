"""/api/v1/jurisdiction/advise: territory, 专属管辖, 协议管辖 and level, against the directory."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk_api.domain.jurisdiction import GROUNDS
from tests.api.filing_checks import CHINESE, assert_chinese_error, assert_citations_well_formed
from tests.strategies import json_values

ADVISE = "/api/v1/jurisdiction/advise"
CHOICE = "《民事诉讼法》第三十六条"
FUTIAN, NANSHAN, LUOHU = "深圳市福田区", "深圳市南山区", "深圳市罗湖区"
FUTIAN_COURT, NANSHAN_COURT, LUOHU_COURT = (
    "深圳市福田区人民法院",
    "深圳市南山区人民法院",
    "深圳市罗湖区人民法院",
)
INTERMEDIATE_COURT = "深圳市中级人民法院"
LENDING = {"defendant_domicile": NANSHAN, "performance_place": FUTIAN}


def advise(client, **body: Any):
    return client.post(ADVISE, json=body)


def advice(client, **body: Any) -> dict[str, Any]:
    response = advise(client, **body)
    assert response.status_code == 200, response.get_json()
    answer = response.get_json()
    assert_citations_well_formed(answer)
    return answer


def court_names(answer: dict[str, Any]) -> list[str]:
    return [c["court"]["name"] for c in answer["courts"]]


# --- territory -------------------------------------------------------------------------------


def test_a_loan_may_be_sued_where_the_defendant_lives_or_where_it_is_repaid(client, showcase):
    answer = advice(client, dispute="private_lending", places=LENDING)
    assert answer["dispute"] == {"code": "private_lending", "cause": "民间借贷纠纷"}
    assert [(c["ground"], c["court"]["name"]) for c in answer["courts"]] == [
        ("defendant_domicile", NANSHAN_COURT),
        ("performance_place", FUTIAN_COURT),
    ]
    nanshan, futian = (c["court"] for c in answer["courts"])
    assert (nanshan["code"], futian["code"]) == ("粤0305", "粤0304")
    assert nanshan["in_directory"] and nanshan["address"] and nanshan["phone"]
    assert answer["missing"] == [] and answer["exclusive"] is False
    assert any("选择其中一个起诉" in note for note in answer["notes"])
    assert CHOICE in answer["basis"]
    assert answer["level"]["level"] == "basic"


def test_each_court_carries_its_grounds_provisions(client, showcase):
    answer = advice(client, dispute="private_lending", places=LENDING)
    by_ground = {c["ground"]: c["basis"] for c in answer["courts"]}
    assert "《民事诉讼法》第二十二条" in by_ground["defendant_domicile"]
    assert "《民事诉讼法》第二十四条" in by_ground["performance_place"]
    assert "《民诉法解释》第十八条" in by_ground["performance_place"]


def test_one_court_for_two_grounds_is_no_choice_between_courts(client, showcase):
    answer = advice(
        client,
        dispute="private_lending",
        places={"defendant_domicile": FUTIAN, "performance_place": "深圳市福田区福华路"},
    )
    assert set(court_names(answer)) == {FUTIAN_COURT}
    assert not any("选择其中一个起诉" in note for note in answer["notes"])
    assert CHOICE not in answer["basis"]


def test_grounds_without_a_place_are_listed_as_questions(client, showcase):
    answer = advice(client, dispute="private_lending", places={"defendant_domicile": NANSHAN})
    assert court_names(answer) == [NANSHAN_COURT]
    assert [m["key"] for m in answer["missing"]] == ["performance_place"]
    assert "？" in answer["missing"][0]["question"]
    assert answer["missing"][0]["basis"] == ["《民事诉讼法》第二十四条", "《民诉法解释》第十八条"]
    assert CHOICE not in answer["basis"]


@pytest.mark.parametrize("places", [None, {}, {"defendant_domicile": "", "performance_place": " "}])
def test_no_places_gives_every_question_and_no_court(client, showcase, places):
    body: dict[str, Any] = {"dispute": "private_lending"}
    if places is not None:
        body["places"] = places
    answer = advice(client, **body)
    assert answer["courts"] == []
    assert [m["key"] for m in answer["missing"]] == ["defendant_domicile", "performance_place"]


@pytest.mark.parametrize(
    ("place", "name"),
    [
        ("广州市天河区", "广州市天河区的基层人民法院"),
        ("北京市朝阳区", "北京市朝阳区的基层人民法院"),
        ("深圳市", "深圳市的基层人民法院"),
    ],
)
def test_a_place_outside_the_directory_names_its_basic_court_generically(
    client, showcase, place, name
):
    answer = advice(client, dispute="private_lending", places={"defendant_domicile": place})
    court = answer["courts"][0]["court"]
    assert court == {
        "name": name,
        "code": None,
        "address": None,
        "phone": None,
        "in_directory": False,
    }
    assert answer["courts"][0]["place"] == place


@pytest.mark.parametrize(
    ("dispute", "ground"),
    [
        ("private_lending", "tort_place"),
        ("house_lease", "defendant_domicile"),
        ("traffic_accident", "performance_place"),
        ("divorce", "plaintiff_domicile_maintenance"),
        ("administrative", "defendant_domicile"),
        ("private_lending", "nowhere"),
    ],
)
def test_a_ground_the_dispute_does_not_use_is_a_chinese_422(client, showcase, dispute, ground):
    response = advise(client, dispute=dispute, places={ground: FUTIAN})
    error = assert_chinese_error(response, 422, "invalid_place")
    assert "不按" in error["message"] and "可以提供的地点" in error["message"]
    assert error["detail"] == {"field": "places"}


@pytest.mark.parametrize("dispute", sorted({"house_lease", "neighbor", "construction"}))
def test_immovable_property_disputes_go_only_to_where_the_property_is(client, showcase, dispute):
    answer = advice(client, dispute=dispute, places={"immovable_location": LUOHU})
    assert answer["exclusive"] is True
    assert [(c["ground"], c["court"]["name"]) for c in answer["courts"]] == [
        ("immovable_location", LUOHU_COURT)
    ]
    assert answer["courts"][0]["exclusive"] is True
    assert "《民事诉讼法》第三十四条第（一）项" in answer["basis"]
    assert any("专属管辖" in note for note in answer["notes"])


def test_a_lease_cannot_be_sued_where_the_defendant_lives(client, showcase):
    response = advise(client, dispute="house_lease", places={"defendant_domicile": NANSHAN})
    error = assert_chinese_error(response, 422, "invalid_place")
    assert "不动产所在地" in error["message"]


def test_an_agreement_cannot_move_an_exclusive_case(client, showcase):
    answer = advice(
        client,
        dispute="house_lease",
        places={"immovable_location": LUOHU},
        agreement={"place": NANSHAN, "relation": "plaintiff_domicile"},
    )
    assert answer["agreement"]["valid"] is False
    assert "专属管辖" in answer["agreement"]["text"]
    assert {"《民事诉讼法》第三十四条", "《民事诉讼法》第三十五条"} <= set(
        answer["agreement"]["basis"]
    )
    assert court_names(answer) == [LUOHU_COURT]


def test_inheritance_goes_to_the_deceaseds_home_or_the_main_estate(client, showcase):
    answer = advice(
        client,
        dispute="inheritance",
        places={"deceased_domicile": FUTIAN, "main_estate_location": NANSHAN},
    )
    assert answer["exclusive"] is True
    assert court_names(answer) == [FUTIAN_COURT, NANSHAN_COURT]
    assert all(c["exclusive"] for c in answer["courts"])
    assert "《民事诉讼法》第三十四条第（三）项" in answer["basis"]


@pytest.mark.parametrize(
    ("dispute", "places"),
    [
        ("private_lending", {"defendant_domicile": NANSHAN}),
        ("sale_contract", {"defendant_domicile": NANSHAN, "performance_place": FUTIAN}),
        ("credit_card", {"performance_place": FUTIAN}),
    ],
)
def test_a_valid_written_agreement_replaces_the_other_courts(client, showcase, dispute, places):
    answer = advice(
        client,
        dispute=dispute,
        places=places,
        agreement={"place": LUOHU, "relation": "signing_place", "written": True},
    )
    assert answer["agreement"]["valid"] is True
    assert answer["agreement"]["basis"] == ["《民事诉讼法》第三十五条"]
    assert [(c["ground"], c["court"]["name"]) for c in answer["courts"]] == [
        ("agreement", LUOHU_COURT)
    ]
    assert answer["courts"][0]["ground_label"] == "协议选择的合同签订地"
    assert answer["missing"] == []
    assert "《民诉法解释》第三十条" in answer["basis"]
    assert CHOICE not in answer["basis"]


def test_an_agreement_is_written_unless_said_otherwise(client, showcase):
    answer = advice(
        client,
        dispute="sale_contract",
        places=LENDING,
        agreement={"place": LUOHU, "relation": "plaintiff_domicile"},
    )
    assert answer["agreement"]["valid"] is True


@pytest.mark.parametrize(
    ("dispute", "places", "agreement", "reason", "cited"),
    [
        (
            "sale_contract",
            LENDING,
            {"place": LUOHU, "relation": "signing_place", "written": False},
            "口头约定无效",
            "《民诉法解释》第二十九条",
        ),
        (
            "sale_contract",
            LENDING,
            {"place": "北京市朝阳区", "relation": "unconnected"},
            "没有实际联系",
            "《民事诉讼法》第三十五条",
        ),
        (
            "traffic_accident",
            {"tort_place": LUOHU},
            {"place": NANSHAN, "relation": "plaintiff_domicile"},
            "合同或者其他财产权益纠纷",
            "《民事诉讼法》第三十五条",
        ),
        (
            "divorce",
            {"defendant_domicile": NANSHAN},
            {"place": FUTIAN, "relation": "plaintiff_domicile"},
            "不适用",
            "《民事诉讼法》第三十五条",
        ),
    ],
)
def test_an_invalid_agreement_leaves_the_statutory_courts(
    client, showcase, dispute, places, agreement, reason, cited
):
    without = advice(client, dispute=dispute, places=places)
    answer = advice(client, dispute=dispute, places=places, agreement=agreement)
    assert answer["agreement"]["valid"] is False
    assert reason in answer["agreement"]["text"]
    assert cited in answer["agreement"]["basis"]
    assert court_names(answer) == court_names(without)
    assert "agreement" not in [c["ground"] for c in answer["courts"]]


def test_consumer_standard_terms_warn_under_interpretation_article_31(client, showcase):
    answer = advice(
        client,
        dispute="online_shopping",
        places={"defendant_domicile": "杭州市余杭区", "online_delivery_place": NANSHAN},
        agreement={
            "place": "杭州市余杭区",
            "relation": "defendant_domicile",
            "consumer_standard_terms": True,
        },
    )
    assert answer["agreement"]["valid"] is True
    assert "《民诉法解释》第三十一条" in answer["agreement"]["basis"]
    assert "格式条款" in answer["agreement"]["text"]
    assert "《民诉法解释》第三十一条" in answer["basis"]
    plain = advice(
        client,
        dispute="online_shopping",
        places={"defendant_domicile": "杭州市余杭区"},
        agreement={"place": "杭州市余杭区", "relation": "defendant_domicile"},
    )
    assert "《民诉法解释》第三十一条" not in plain["agreement"]["basis"]


@pytest.mark.parametrize(
    ("agreement", "field", "code"),
    [
        ("南山", "agreement", "invalid_field"),
        ({"relation": "signing_place"}, "place", "missing_field"),
        ({"place": LUOHU}, "relation", "invalid_choice"),
        ({"place": LUOHU, "relation": "anywhere"}, "relation", "invalid_choice"),
        ({"place": LUOHU, "relation": "signing_place", "written": "yes"}, "written", None),
        (
            {"place": LUOHU, "relation": "signing_place", "consumer_standard_terms": 1},
            "consumer_standard_terms",
            None,
        ),
    ],
)
def test_a_malformed_agreement_is_a_chinese_422(client, showcase, agreement, field, code):
    response = advise(client, dispute="sale_contract", places=LENDING, agreement=agreement)
    error = assert_chinese_error(response, 422, code)
    assert error["detail"]["field"] == field


# --- level -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "cross_province", "level", "cited"),
    [
        ("100万", False, "basic", "《民事诉讼法》第十八条"),
        ("4.99亿", False, "basic", "《民事诉讼法》第十八条"),
        ("5亿", False, "intermediate", "《民事诉讼法》第十九条第（三）项"),
        ("6亿", False, "intermediate", "《民事诉讼法》第十九条第（三）项"),
        ("2亿", False, "basic", "《民事诉讼法》第十八条"),
        ("9999万", True, "basic", "《民事诉讼法》第十八条"),
        ("1亿", True, "intermediate", "《民事诉讼法》第十九条第（三）项"),
        ("2亿", True, "intermediate", "《民事诉讼法》第十九条第（三）项"),
        ("50亿", False, "high", "《民事诉讼法》第二十条"),
        ("60亿", True, "high", "《民事诉讼法》第二十条"),
    ],
)
def test_the_level_follows_the_amount_and_where_the_parties_live(
    client, showcase, amount, cross_province, level, cited
):
    answer = advice(
        client,
        dispute="private_lending",
        places=LENDING,
        amount=amount,
        cross_province=cross_province,
    )
    assert answer["level"]["level"] == level
    assert answer["level"]["basis"] == [cited]
    assert answer["level"]["label"].endswith("人民法院")
    assert cited in answer["basis"]


def test_a_large_case_goes_to_the_intermediate_court_over_both_places(client, showcase):
    answer = advice(client, dispute="private_lending", places=LENDING, amount="6亿")
    assert court_names(answer) == [INTERMEDIATE_COURT, INTERMEDIATE_COURT]
    assert all(c["court"]["code"] == "粤03" for c in answer["courts"])
    assert "5亿元" in answer["level"]["text"] and "法发〔2021〕27号" in answer["level"]["text"]
    # Both grounds lead to one court: there is nothing to choose between.
    assert not any("选择其中一个起诉" in note for note in answer["notes"])
    assert CHOICE not in answer["basis"]


def test_a_cross_province_case_of_two_hundred_million_is_intermediate(client, showcase):
    answer = advice(
        client, dispute="sale_contract", places=LENDING, amount="2亿", cross_province=True
    )
    assert answer["level"]["level"] == "intermediate"
    assert "1亿元" in answer["level"]["text"] and "不在受理法院所在省份" in answer["level"]["text"]


def test_a_high_court_case_does_not_invent_a_district_high_court(client, showcase):
    answer = advice(client, dispute="private_lending", places=LENDING, amount="60亿")
    assert answer["level"]["level"] == "high"
    for court in answer["courts"]:
        name = court["court"]["name"]
        assert name.endswith("高级人民法院") and court["court"]["in_directory"] is False
        assert not name.startswith(f"{court['place']}的"), name


def test_an_intermediate_court_outside_the_directory_is_named_for_the_place_it_covers(
    client, showcase
):
    answer = advice(
        client,
        dispute="private_lending",
        places={"defendant_domicile": "广州市天河区"},
        amount="6亿",
    )
    court = answer["courts"][0]["court"]
    assert court["in_directory"] is False
    assert court["name"].endswith("中级人民法院") and "广州市天河区" in court["name"]
    assert not court["name"].startswith("广州市天河区的")


@pytest.mark.parametrize(
    ("dispute", "places"),
    [
        ("divorce", {"defendant_domicile": NANSHAN}),
        ("traffic_accident", {"tort_place": LUOHU}),
        ("labor_remuneration", {"employer_location": FUTIAN}),
        ("property_service", {"defendant_domicile": FUTIAN}),
        ("inheritance", {"deceased_domicile": FUTIAN}),
    ],
)
@pytest.mark.parametrize("amount", ["3万", "6亿", "60亿"])
def test_family_injury_labour_and_estate_cases_stay_at_the_basic_court(
    client, showcase, dispute, places, amount
):
    answer = advice(client, dispute=dispute, places=places, amount=amount)
    assert answer["level"]["level"] == "basic"
    assert "法发〔2015〕7号" in answer["level"]["text"]
    assert all(c["court"]["code"] not in ("粤03", None) for c in answer["courts"])


def test_intellectual_property_level_is_left_to_the_designated_courts(client, showcase):
    answer = advice(
        client, dispute="intellectual_property", places={"tort_place": FUTIAN}, amount="6亿"
    )
    assert "集中管辖" in answer["level"]["text"] and "12368" in answer["level"]["text"]


def test_an_agreement_cannot_change_the_level(client, showcase):
    answer = advice(
        client,
        dispute="sale_contract",
        places=LENDING,
        amount="6亿",
        agreement={"place": LUOHU, "relation": "signing_place"},
    )
    assert (
        answer["agreement"]["valid"] is True and "不能改变级别管辖" in answer["agreement"]["text"]
    )
    assert court_names(answer) == [INTERMEDIATE_COURT]


def test_suing_a_county_government_goes_to_the_intermediate_court(client, showcase):
    answer = advice(
        client,
        dispute="administrative",
        places={"agency_location": FUTIAN},
        against_government=True,
    )
    assert answer["level"]["level"] == "intermediate"
    assert answer["level"]["basis"] == ["《行政诉讼法》第十五条第（一）项"]
    assert court_names(answer) == [INTERMEDIATE_COURT]
    basic = advice(client, dispute="administrative", places={"agency_location": FUTIAN})
    assert basic["level"]["level"] == "basic" and court_names(basic) == [FUTIAN_COURT]


# --- enforcement -----------------------------------------------------------------------------


def test_enforcement_goes_to_the_first_instance_court_named_in_full(client, showcase):
    answer = advice(
        client,
        dispute="enforcement",
        places={"first_instance_court": FUTIAN_COURT, "enforcement_property_location": NANSHAN},
    )
    first, property_court = answer["courts"]
    assert first["court"]["name"] == FUTIAN_COURT
    assert first["court"]["code"] == "粤0304" and first["court"]["in_directory"] is True
    assert property_court["court"]["name"] == NANSHAN_COURT
    assert property_court["condition"] == "向与第一审人民法院同级的人民法院申请的"
    assert "《民事诉讼法》第二百三十五条第一款" in answer["basis"]


@pytest.mark.parametrize("first", [INTERMEDIATE_COURT, "深圳中院"])
def test_enforcement_where_the_property_is_uses_the_first_instance_courts_level(
    client, showcase, first
):
    answer = advice(
        client,
        dispute="enforcement",
        places={"first_instance_court": first, "enforcement_property_location": NANSHAN},
    )
    assert court_names(answer) == [INTERMEDIATE_COURT, INTERMEDIATE_COURT]
    assert answer["level"]["level"] == "intermediate"
    assert not any("选择其中一个起诉" in note for note in answer["notes"])


# --- every dispute, every ground -------------------------------------------------------------


def test_every_dispute_accepts_a_place_for_each_of_its_grounds(client, showcase):
    disputes = client.get("/api/v1/disputes").get_json()["disputes"]
    assert len(disputes) == 22
    for dispute in disputes:
        detail = client.get(f"/api/v1/disputes/{dispute['code']}").get_json()
        grounds = [g["key"] for g in detail["jurisdiction"]["grounds"]]
        assert set(grounds) <= set(GROUNDS)
        answer = advice(client, dispute=dispute["code"], places=dict.fromkeys(grounds, FUTIAN))
        assert answer["missing"] == []
        assert {c["ground"] for c in answer["courts"]} <= set(grounds)
        assert answer["courts"], dispute["code"]
        assert answer["rule"]["basis"], dispute["code"]


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({}, 422, "missing_field"),
        ({"dispute": "  "}, 422, "missing_field"),
        ({"dispute": 7}, 422, "invalid_field"),
        ({"dispute": "no_such"}, 404, "unknown_dispute"),
        ({"dispute": "private_lending", "places": ["南山"]}, 422, "invalid_field"),
        ({"dispute": "private_lending", "places": "南山"}, 422, "invalid_field"),
        ({"dispute": "private_lending", "places": {"defendant_domicile": 5}}, 422, "invalid_field"),
        (
            {"dispute": "private_lending", "places": {"defendant_domicile": "南" * 101}},
            422,
            "too_long",
        ),
        ({"dispute": "private_lending", "amount": "七八万"}, 422, "amount_ambiguous"),
        ({"dispute": "private_lending", "amount": -1}, 422, "amount_negative"),
        ({"dispute": "private_lending", "amount": True}, 422, "invalid_field"),
        ({"dispute": "private_lending", "cross_province": "no"}, 422, "invalid_field"),
        ({"dispute": "administrative", "against_government": 1}, 422, "invalid_field"),
    ],
)
def test_bad_input_is_refused_in_chinese(client, showcase, body, status, code):
    assert_chinese_error(advise(client, **body), status, code)


def test_a_body_that_is_not_json_is_a_400(client, showcase):
    assert_chinese_error(client.post(ADVISE, data="dispute=x", content_type="text/plain"), 400)
    assert_chinese_error(client.post(ADVISE, data="{", content_type="application/json"), 400)
    assert_chinese_error(client.post(ADVISE, json=[1, 2]), 400, "not_json_object")


def test_a_very_long_place_is_refused(client, showcase):
    response = advise(
        client, dispute="private_lending", places={"defendant_domicile": "南山" * 5000}
    )
    assert response.status_code in (413, 422)
    assert CHINESE.search(response.get_json()["error"]["message"])


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x07"])
def test_control_characters_in_a_place_are_refused(client, showcase, char):
    response = advise(
        client, dispute="private_lending", places={"defendant_domicile": f"深圳{char}南山"}
    )
    error = assert_chinese_error(response, 422, "invalid_field")
    assert error["detail"] == {"field": "defendant_domicile"}
    agreement = advise(
        client,
        dispute="sale_contract",
        agreement={"place": f"罗湖{char}", "relation": "signing_place"},
    )
    assert_chinese_error(agreement, 422, "invalid_field")


@pytest.mark.parametrize(
    "place",
    [
        "'; DROP TABLE courts; --",
        "南山' OR '1'='1",
        "<script>alert('x')</script>",
        '"}]} {"in_directory": true',
    ],
)
def test_injection_in_a_place_is_echoed_only_as_json_text(client, showcase, place):
    response = advise(client, dispute="private_lending", places={"defendant_domicile": place})
    assert response.status_code == 200 and response.mimetype == "application/json"
    answer = json.loads(response.get_data(as_text=True))
    court = answer["courts"][0]
    assert court["place"] == place
    if "南山" not in place:
        assert court["court"]["in_directory"] is False
    assert len(client.get("/api/v1/courts").get_json()["courts"]) == 4


_places = st.dictionaries(
    st.sampled_from([*GROUNDS, "x", ""]),
    st.sampled_from([FUTIAN, NANSHAN, "广州市天河区", "", "深圳"]) | json_values,
    max_size=3,
)
_agreements = st.fixed_dictionaries(
    {},
    optional={
        "place": st.sampled_from([LUOHU, ""]) | json_values,
        "relation": st.sampled_from(["signing_place", "unconnected", "x"]) | json_values,
        "written": st.booleans() | json_values,
        "consumer_standard_terms": st.booleans() | json_values,
    },
)
_advise_bodies = st.fixed_dictionaries(
    {},
    optional={
        "dispute": st.sampled_from(["private_lending", "house_lease", "enforcement", "nope"])
        | json_values,
        "places": _places | json_values,
        "amount": st.sampled_from(["6亿", "3万", 60e8, ""]) | json_values,
        "cross_province": st.booleans() | json_values,
        "against_government": st.booleans() | json_values,
        "agreement": _agreements | json_values,
    },
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=_advise_bodies | json_values)
def test_no_json_body_of_any_shape_produces_a_500(client, showcase, body):
    response = client.post(ADVISE, data=json.dumps(body), content_type="application/json")
    assert response.status_code in (200, 400, 404, 422), (body, response.get_json())
    answer = response.get_json()
    if response.status_code != 200:
        assert CHINESE.search(answer["error"]["message"]), answer
    else:
        assert_citations_well_formed(answer)
        assert answer["level"]["level"] in ("basic", "intermediate", "high")
