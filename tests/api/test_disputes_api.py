"""/api/v1/disputes*, /api/v1/filing-guide: the catalog, classification and small claims."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.api.filing_checks import (
    CHINESE,
    assert_chinese_error,
    assert_citations_well_formed,
    citations,
)
from tests.strategies import json_values

CODES = (
    "private_lending",
    "divorce",
    "maintenance",
    "inheritance",
    "labor_dispute",
    "labor_remuneration",
    "traffic_accident",
    "personal_injury",
    "medical_damage",
    "sale_contract",
    "house_lease",
    "house_sale",
    "property_service",
    "credit_card",
    "financial_loan",
    "online_shopping",
    "neighbor",
    "construction",
    "reputation",
    "intellectual_property",
    "administrative",
    "enforcement",
)
FILING_RULES_ARTICLE_6 = "《登记立案规定》第六条"


def classify(api, text: str, **extra: Any):
    return api.post("/api/v1/disputes/classify", json={"text": text, **extra})


def small_claims(api, code: str, **body: Any):
    return api.post(f"/api/v1/disputes/{code}/small-claims", json=body)


# --- the catalog -----------------------------------------------------------------------------


def test_catalog_lists_the_22_disputes_with_unique_codes_in_file_order(api):
    body = api.get("/api/v1/disputes").get_json()
    codes = [d["code"] for d in body["disputes"]]
    assert codes == list(CODES)
    assert len(set(codes)) == 22
    assert body["version"] and re.fullmatch(r"\d{4}-\d{2}-\d{2}", body["updated"])
    for dispute in body["disputes"]:
        assert dispute["category"] in ("civil", "administrative", "enforcement")
        assert dispute["names"] and CHINESE.search(dispute["cause"]) and dispute["summary"]


@pytest.mark.parametrize("code", [c for c in CODES if c != "enforcement"])
def test_every_filing_starts_with_the_five_common_materials_of_article_6(api, code):
    materials = api.get(f"/api/v1/disputes/{code}").get_json()["materials"]
    common = [m for m in materials if m["common"]]
    assert materials[: len(common)] == common, "the common materials come first"
    assert len(common) == 5
    for material in common:
        assert any(b.startswith(FILING_RULES_ARTICLE_6) for b in material["basis"]), material
    items = {b for m in common for b in m["basis"] if b.startswith(FILING_RULES_ARTICLE_6)}
    assert {f"{FILING_RULES_ARTICLE_6}第（{n}）项" for n in "一二三四五"} <= items
    assert any(not m["common"] for m in materials), "each dispute adds its own materials"


def test_an_enforcement_application_replaces_the_complaint_under_article_18(api):
    materials = api.get("/api/v1/disputes/enforcement").get_json()["materials"]
    common = [m for m in materials if m["common"]]
    assert materials[: len(common)] == common
    assert common[0]["text"].startswith("申请执行书")
    assert common[0]["basis"] == ["《民事诉讼法》第二百四十七条", "《登记立案规定》第十八条"]
    assert not any("起诉" in m["text"] or "被告" in m["text"] for m in common)
    assert all(
        any(
            b.startswith(("《登记立案规定》第六条", "《登记立案规定》第十八条")) for b in m["basis"]
        )
        for m in common
    )


def test_enforcement_lists_each_material_once(api):
    texts = [m["text"] for m in api.get("/api/v1/disputes/enforcement").get_json()["materials"]]
    assert sum(t.startswith("申请执行书") for t in texts) == 1
    assert sum(t.startswith("生效法律文书") for t in texts) == 1


@pytest.mark.parametrize("code", CODES)
def test_every_detail_is_complete_and_cites_well_formed_provisions(api, code):
    response = api.get(f"/api/v1/disputes/{code}")
    assert response.status_code == 200
    body = response.get_json()
    assert body["code"] == code
    assert body["jurisdiction"]["grounds"], "at least one connecting ground"
    for ground in body["jurisdiction"]["grounds"]:
        assert ground["label"] and ground["question"] and ground["basis"]
    assert body["limitation"]["period"] in ("3年", "1年", "6个月", "2年", "无")
    assert body["small_claims"]["eligible"] in ("possible", "no")
    assert [w["code"] for w in body["filing"]["ways"]] == [
        "on_site",
        "online",
        "self_service",
        "cross_region",
        "oral",
    ]
    assert set(body["mediation"]["guide"]) == {"what", "cost", "effect", "how"}
    assert_citations_well_formed(body)


@pytest.mark.parametrize(
    ("code", "citation"),
    [
        ("divorce", "《民法典》第一千零八十二条"),
        ("inheritance", "《民法典》第一千一百二十三条"),
        ("medical_damage", "《民法典》第一千二百一十八条"),
        ("maintenance", "《民法典》第一百九十六条第（三）项"),
    ],
)
def test_civil_code_articles_above_999_are_cited_in_full(api, code, citation):
    response = api.get(f"/api/v1/disputes/{code}")
    assert response.status_code == 200
    assert citation in citations(response.get_json())


@pytest.mark.parametrize(
    ("code", "exclusive", "agreement", "grounds"),
    [
        ("private_lending", False, True, ["defendant_domicile", "performance_place"]),
        ("house_lease", True, False, ["immovable_location"]),
        ("neighbor", True, False, ["immovable_location"]),
        ("construction", True, False, ["immovable_location"]),
        ("inheritance", True, False, ["deceased_domicile", "main_estate_location"]),
        ("divorce", False, False, ["defendant_domicile", "plaintiff_domicile_divorce"]),
        ("labor_remuneration", False, False, ["employer_location", "labor_contract_place"]),
        ("enforcement", False, False, ["first_instance_court", "enforcement_property_location"]),
    ],
)
def test_detail_states_the_jurisdiction_rule(api, code, exclusive, agreement, grounds):
    rule = api.get(f"/api/v1/disputes/{code}").get_json()["jurisdiction"]
    assert (rule["exclusive"], rule["agreement_allowed"]) == (exclusive, agreement)
    assert [g["key"] for g in rule["grounds"]] == grounds


def test_labour_disputes_name_arbitration_as_the_step_before_court(api):
    for code in ("labor_dispute", "labor_remuneration"):
        body = api.get(f"/api/v1/disputes/{code}").get_json()
        assert body["pre_procedure"]["name"] == "劳动仲裁"
        assert "《劳动争议调解仲裁法》第五条" in body["pre_procedure"]["basis"]
        assert body["limitation"]["period"] == "1年"
    assert api.get("/api/v1/disputes/private_lending").get_json()["pre_procedure"] is None


@pytest.mark.parametrize("code", ["no_such", "PRIVATE_LENDING", "私人借贷", "x" * 500, "<b>x<b>"])
def test_an_unknown_dispute_is_a_chinese_404_that_points_to_the_list(api, code):
    for response in (
        api.get(f"/api/v1/disputes/{code}"),
        small_claims(api, code, amount="3万"),
    ):
        error = assert_chinese_error(response, 404, "unknown_dispute")
        assert "/api/v1/disputes" in error["message"]
        assert len(error["message"]) < 120, "the echoed code is cut short"


def test_filing_guide_lists_the_ways_to_file_and_mediation(api):
    body = api.get("/api/v1/filing-guide").get_json()
    ways = {w["code"]: w for w in body["ways"]}
    assert ways["oral"]["basis"] == [
        "《民事诉讼法》第一百二十三条第二款",
        "《登记立案规定》第三条第二款",
    ]
    assert "七日" in body["decision"]["text"]
    assert "《民事诉讼法》第一百二十六条" in body["decision"]["basis"]
    assert body["one_time_notice"]["basis"] == ["《登记立案规定》第七条"]
    assert "不收费" in body["mediation"]["cost"]["text"]
    assert "三十日" in body["mediation"]["effect"]["text"]
    assert_citations_well_formed(body)


# --- classification --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("老板三个月没发工资", "labor_remuneration"),
        ("借给朋友5万块钱他一直不还", "private_lending"),
        ("房东不退押金", "house_lease"),
        ("被车撞了，对方全责", "traffic_accident"),
        ("老公家暴我想离婚", "divorce"),
        ("楼上邻居家漏水把我家泡了", "neighbor"),
        ("判决生效了对方拒不履行，想申请强制执行", "enforcement"),
        ("对交警的罚款决定不服，想告政府部门", "administrative"),
    ],
)
def test_classify_ranks_the_obvious_dispute_first(api, text, code):
    response = classify(api, text)
    assert response.status_code == 200
    body = response.get_json()
    assert body["matches"][0]["code"] == code, body["matches"]
    assert body["unsure"] is False and body["message"] is None
    assert body["matches"][0]["matched_terms"]
    confidences = [m["confidence"] for m in body["matches"]]
    assert confidences == sorted(confidences, reverse=True)
    assert all(0 < c <= 1 for c in confidences)


def test_unpaid_wages_are_a_labour_remuneration_claim(api):
    body = classify(api, "老板三个月没发工资").get_json()
    first = body["matches"][0]
    assert (first["code"], first["cause"]) == ("labor_remuneration", "追索劳动报酬纠纷")
    assert "没发工资" in first["matched_terms"]


@pytest.mark.parametrize("text", ["你好", "在吗", "？？？", "hello", "12345"])
def test_classify_says_unsure_in_chinese_when_nothing_specific_was_said(api, text):
    body = classify(api, text).get_json()
    assert body["unsure"] is True
    assert CHINESE.search(body["message"]) and "具体" in body["message"]


@pytest.mark.parametrize("limit", [1, 2, 5])
def test_classify_returns_at_most_limit_matches(api, limit):
    body = classify(api, "工资 借款 房租 离婚 车祸 物业费", limit=limit).get_json()
    assert len(body["matches"]) == limit


@pytest.mark.parametrize("limit", [0, 6, -1, "3", 2.5, True, None, [3]])
def test_classify_refuses_a_limit_outside_one_to_five(api, limit):
    error = assert_chinese_error(classify(api, "老板没发工资", limit=limit), 422, "invalid_field")
    assert error["detail"] == {"field": "limit"}


# --- small claims ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "answer", "ceiling", "agreed"),
    [
        ("3万", "yes", "50000.00", "200000.00"),
        (50000, "yes", "50000.00", "200000.00"),
        ("50000.01", "by_agreement", "50000.00", "200000.00"),
        ("12万", "by_agreement", "50000.00", "200000.00"),
        ("20万", "by_agreement", "50000.00", "200000.00"),
        ("200000.01", "no", "50000.00", "200000.00"),
        ("30万", "no", "50000.00", "200000.00"),
    ],
)
def test_small_claims_in_guangdong_against_the_configured_ceiling(
    api, amount, answer, ceiling, agreed
):
    response = small_claims(api, "private_lending", amount=amount, province="粤")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert (body["answer"], body["ceiling"], body["agreed_ceiling"]) == (answer, ceiling, agreed)
    assert body["province"] == "粤"
    assert "《民事诉讼法》第一百六十五条第一款" in body["basis"]
    assert CHINESE.search(body["text"])
    assert_citations_well_formed(body)


def test_small_claims_defaults_to_the_courts_province(api):
    body = small_claims(api, "credit_card", amount="3万").get_json()
    assert (body["province"], body["answer"], body["amount"]) == ("粤", "yes", "30000.00")


def test_a_yes_names_the_two_month_limit_and_one_instance(api):
    body = small_claims(api, "private_lending", amount="3万").get_json()
    assert "一审终审" in body["text"] and "两个月" in body["text"]
    assert "《民事诉讼法》第一百六十八条" in body["basis"]


def test_by_agreement_says_both_parties_must_agree(api):
    body = small_claims(api, "private_lending", amount="12万").get_json()
    assert "双方当事人可以约定" in body["text"]
    assert "《民事诉讼法》第一百六十五条第二款" in body["basis"]


@pytest.mark.parametrize(
    "code", ["divorce", "inheritance", "neighbor", "reputation", "administrative", "enforcement"]
)
def test_disputes_outside_small_claims_answer_no_at_any_amount(api, code):
    body = small_claims(api, code, amount="3万").get_json()
    assert body["answer"] == "no"
    assert body["ceiling"] is None
    assert "不适用小额诉讼" in body["text"]


def test_divorce_is_never_small_claims_and_cites_article_166(api):
    body = small_claims(api, "divorce", amount="1万", province="粤").get_json()
    assert body["answer"] == "no"
    assert "《民事诉讼法》第一百六十六条第（一）项" in body["basis"]


@pytest.mark.parametrize("province", ["京", "沪", "川"])
def test_an_unconfigured_province_is_unknown_with_the_rule(api, province):
    body = small_claims(api, "private_lending", amount="3万", province=province).get_json()
    assert body["answer"] == "unknown"
    assert body["ceiling"] is None and body["agreed_ceiling"] is None
    assert "百分之五十" in body["text"]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({}, "invalid_field"),
        ({"amount": None}, "invalid_field"),
        ({"amount": True}, "invalid_field"),
        ({"amount": [30000]}, "invalid_field"),
        ({"amount": "七八万"}, "amount_ambiguous"),
        ({"amount": "-5万"}, "amount_negative"),
        ({"amount": 0}, "amount_zero"),
        ({"amount": "3万", "province": "广东"}, "invalid_choice"),
        ({"amount": "3万", "province": 44}, "invalid_choice"),
    ],
)
def test_small_claims_bad_input_is_a_chinese_422(api, body, code):
    assert_chinese_error(small_claims(api, "private_lending", **body), 422, code)


# --- robustness ------------------------------------------------------------------------------


def test_a_body_that_is_not_json_is_a_400(api):
    for path in ("/api/v1/disputes/classify", "/api/v1/disputes/private_lending/small-claims"):
        plain = api.post(path, data="text=老板没发工资", content_type="text/plain")
        assert_chinese_error(plain, 400, "not_json")
        broken = api.post(path, data="{text: 1", content_type="application/json")
        assert_chinese_error(broken, 400)
        array = api.post(path, json=["老板没发工资"])
        assert_chinese_error(array, 400, "not_json_object")


def test_a_very_long_text_is_refused_not_classified(api):
    response = classify(api, "工资" * 5000)
    assert response.status_code in (413, 422)
    assert CHINESE.search(response.get_json()["error"]["message"])
    assert_chinese_error(classify(api, "欠" * 501), 422, "too_long")
    assert classify(api, "欠" * 500).status_code == 200


def test_a_body_over_the_size_limit_is_a_chinese_413(api):
    response = api.post(
        "/api/v1/disputes/classify",
        data=json.dumps({"text": "x" * 70_000}),
        content_type="application/json",
    )
    assert_chinese_error(response, 413)


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x08"])
def test_control_characters_in_text_are_refused(api, char):
    error = assert_chinese_error(classify(api, f"老板{char}没发工资"), 422, "invalid_field")
    assert error["detail"] == {"field": "text"}


@pytest.mark.parametrize("char", ["\x7f", "\x85", "\x9b"])
def test_del_and_c1_control_characters_are_refused_too(api, char):
    assert_chinese_error(classify(api, f"老板{char}没发工资"), 422, "invalid_field")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("put", "/api/v1/disputes/classify"),
        ("get", "/api/v1/disputes/private_lending/small-claims"),
        ("post", "/api/v1/disputes"),
        ("delete", "/api/v1/disputes/private_lending"),
    ],
)
def test_a_wrong_method_is_a_chinese_405(api, method, path):
    assert_chinese_error(getattr(api, method)(path), 405, "method_not_allowed")


@pytest.mark.parametrize(
    "text",
    [
        "'; DROP TABLE courts; --",
        "1' OR '1'='1",
        '<script>alert("x")</script>',
        "</script><img src=x onerror=alert(1)>",
        '{"unsure": false}',
        "\\u0000 \\\\ \" '",
    ],
)
def test_injection_strings_are_just_text(api, text):
    response = classify(api, text)
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    body = json.loads(response.get_data(as_text=True))
    assert body["unsure"] is True
    assert api.get("/api/v1/disputes").status_code == 200


_classify_bodies = st.fixed_dictionaries(
    {},
    optional={
        "text": st.sampled_from(["老板三个月没发工资", "你好", "", " "]) | json_values,
        "limit": st.integers(-2, 8) | json_values,
    },
)
_small_claims_bodies = st.fixed_dictionaries(
    {},
    optional={
        "amount": st.sampled_from(["3万", "12万", 50000, "五万元", "0"]) | json_values,
        "province": st.sampled_from(["粤", "京", ""]) | json_values,
    },
)


@settings(max_examples=40, deadline=None)
@given(
    body=_classify_bodies | _small_claims_bodies | json_values,
    code=st.sampled_from(["private_lending", "divorce", "enforcement", "nope"]),
)
def test_no_json_body_of_any_shape_produces_a_500(api, body, code):
    for path in ("/api/v1/disputes/classify", f"/api/v1/disputes/{code}/small-claims"):
        response = api.post(path, data=json.dumps(body), content_type="application/json")
        assert response.status_code in (200, 400, 404, 422), (path, body, response.get_json())
        if response.status_code != 200:
            assert CHINESE.search(response.get_json()["error"]["message"]), response.get_json()
        else:
            assert_citations_well_formed(response.get_json())


@settings(max_examples=40, deadline=None)
@given(text=st.text(min_size=1, max_size=60))
def test_any_text_is_classified_or_refused_with_a_reason(api, text):
    response = classify(api, text, limit=5)
    assert response.status_code in (200, 422), response.get_json()
    body = response.get_json()
    if response.status_code == 200:
        assert len(body["matches"]) <= 5
        assert body["unsure"] or body["matches"]
        assert (body["message"] is None) is (not body["unsure"])
    else:
        assert CHINESE.search(body["error"]["message"])
