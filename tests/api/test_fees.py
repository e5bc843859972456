"""/api/v1/fees/* and /api/v1/amounts/parse: the contract, Chinese errors, and no 500s."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk_api.app import create_app
from kiosk_api.services.fee_standards import FeeTableError
from tests.fakes import FakeRasa
from tests.strategies import json_values


def estimate(client, **body):
    return client.post("/api/v1/fees/estimate", json=body)


@pytest.mark.parametrize(
    ("body", "total"),
    [
        ({"case_kind": "property", "amount": "八万"}, "1800.00"),
        ({"case_kind": "property", "amount": 80000}, "1800.00"),
        ({"case_kind": "property", "amount": "1,200,000元"}, "15600.00"),
        ({"case_kind": "property", "amount": "5万", "procedure": "simple"}, "525.00"),
        ({"case_kind": "divorce", "amount": "50万"}, "1800.00"),
        ({"case_kind": "divorce"}, "300.00"),
        ({"case_kind": "labor", "wage_claim": True}, "10.00"),
        ({"case_kind": "execution", "amount": "1000万"}, "77400.00"),
        ({"case_kind": "preservation", "amount": "一百万"}, "5000.00"),
        ({"case_kind": "payment_order", "amount": 10000}, "16.67"),
        ({"case_kind": "special_procedure"}, "0.00"),
    ],
)
def test_estimate_answers_with_the_total_as_a_decimal_string(client, body, total):
    response = estimate(client, **body)
    assert response.status_code == 200, response.json
    assert response.json["total"] == total


def test_estimate_itemises_with_basis_and_halving_and_notes(client):
    body = estimate(client, case_kind="property", amount="八万").json
    assert body["items"] == [
        {
            "name": "案件受理费",
            "amount": "1800.00",
            "basis": "《诉讼费用交纳办法》第十三条第（一）项",
            "reduction": False,
        }
    ]
    assert body["halving"] == {"applied": False, "basis": None, "halved_total": "900.00"}
    assert body["amount"] == "80000.00" and body["province"] == "粤"
    assert all(note["text"] and "topic" in note for note in body["notes"])


def test_guangdong_standard_is_used_and_named(client):
    body = estimate(client, case_kind="personality", province="粤").json
    assert body["standard"] == "广东省标准" and body["total"] == "500.00"
    other = estimate(client, case_kind="personality", province="京").json
    assert other["standard"] == "默认标准"
    assert any("按上限估算" in note["text"] for note in other["notes"])


def test_an_amount_for_a_per_case_fee_is_ignored_with_a_note(client):
    body = estimate(client, case_kind="labor", amount="3万").json
    assert body["total"] == "10.00"
    assert body["notes"][0]["text"] == "劳动争议案件按件交纳，与金额无关"


@pytest.mark.parametrize(
    ("body", "code", "message"),
    [
        ({}, "invalid_choice", "案件类型无效"),
        ({"case_kind": "property"}, "missing_field", "请填写诉讼请求金额"),
        ({"case_kind": "property", "amount": "七八万"}, "amount_ambiguous", "不是一个确定的金额"),
        ({"case_kind": "property", "amount": "-5万"}, "amount_negative", "金额不能是负数"),
        ({"case_kind": "property", "amount": 0}, "amount_zero", "金额必须大于零"),
        ({"case_kind": "property", "amount": "2万亿"}, "amount_too_large", "超过1万亿元"),
        ({"case_kind": "property", "amount": 1e300}, "amount_too_large", "超过1万亿元"),
        ({"case_kind": "property", "amount": "5000美元"}, "amount_foreign_currency", "人民币"),
        ({"case_kind": "property", "amount": True}, "invalid_field", "金额请填写数字"),
        ({"case_kind": "property", "amount": "1", "province": "广东"}, "invalid_choice", "简称"),
        ({"case_kind": "property", "amount": "1", "counterclaim": "maybe"}, "invalid_field", ""),
        (
            {"case_kind": "divorce", "procedure": "small_claims"},
            "invalid_fee_request",
            "小额诉讼只适用于金钱给付案件",
        ),
    ],
)
def test_bad_input_gets_a_chinese_422(client, body, code, message):
    response = client.post("/api/v1/fees/estimate", json=body)
    assert response.status_code == 422
    assert response.json["error"]["code"] == code
    assert message in response.json["error"]["message"]


def test_relief_lists_measures_materials_and_timing(client):
    body = client.post(
        "/api/v1/fees/relief", json={"circumstances": ["claiming_support", "accident_victim"]}
    ).json
    assert [option["label"] for option in body["options"]] == ["免交", "缓交"]
    assert body["options"][0]["grounds"][0]["basis"] == "《诉讼费用交纳办法》第四十五条第（二）项"
    assert body["materials"][0]["text"].startswith("书面的司法救助申请")
    assert body["timing"][0]["basis"] == "《诉讼费用交纳办法》第四十八条第一款"
    assert len(body["circumstances"]) == 13


def test_relief_refuses_exemption_for_an_organization(client):
    body = client.post(
        "/api/v1/fees/relief",
        json={"applicant": "organization", "circumstances": ["disabled_without_income"]},
    ).json
    assert body["options"] == []
    assert body["refused"][0]["basis"] == "《诉讼费用交纳办法》第四十四条第二款"


def test_relief_reduction_says_at_least_thirty_percent(client):
    body = client.post("/api/v1/fees/relief", json={"circumstances": ["disaster_hardship"]}).json
    assert body["options"][0]["detail"]["text"] == "准予减交的，减交比例不得低于30%"


@pytest.mark.parametrize(
    "body",
    [{"circumstances": ["no_such"]}, {"circumstances": [1]}, {"applicant": "robot"}],
)
def test_relief_bad_input_is_422(client, body):
    assert client.post("/api/v1/fees/relief", json=body).status_code == 422


@pytest.mark.parametrize(
    ("text", "amount", "approximate"),
    [
        ("十二万三千", "123000.00", False),
        ("壹拾万元整", "100000.00", False),
        ("120万元人民币", "1200000.00", False),
        ("3.5w", "35000.00", False),
        ("6万多", "60000.00", True),
    ],
)
def test_amounts_parse(client, text, amount, approximate):
    body = client.post("/api/v1/amounts/parse", json={"text": text}).json
    assert (body["amount"], body["approximate"]) == (amount, approximate)


def test_amounts_parse_zero_only_when_allowed(client):
    assert client.post("/api/v1/amounts/parse", json={"text": "0"}).status_code == 422
    allowed = client.post("/api/v1/amounts/parse", json={"text": "0", "allow_zero": True})
    assert allowed.json["amount"] == "0.00"


def test_fee_kinds_list_every_kind_with_its_amount_use(client):
    kinds = {k["case_kind"]: k for k in client.get("/api/v1/fees/kinds").json["kinds"]}
    assert kinds["property"]["amount"] == "required"
    assert kinds["divorce"]["amount_label"] == "财产分割总额"
    assert kinds["labor"]["amount"] == "not_used"


def test_a_fee_table_outside_the_statutory_range_stops_the_service(tmp_path):
    table = tmp_path / "fees.yml"
    table.write_text("provinces:\n  粤:\n    source: test\n    divorce: 400\n", encoding="utf-8")
    with pytest.raises(FeeTableError, match="outside the statutory range"):
        create_app({"DATABASE_URL": "sqlite://", "FEE_STANDARDS_FILE": str(table)}, rasa=FakeRasa())


def test_rounding_to_the_yuan_is_a_setting(tmp_path):
    app = create_app({"DATABASE_URL": "sqlite://", "FEE_ROUNDING": "yuan"}, rasa=FakeRasa())
    body = estimate(app.test_client(), case_kind="payment_order", amount=10000).json
    assert body["total"] == "17.00"


fee_fields = st.fixed_dictionaries(
    {},
    optional={
        "case_kind": st.sampled_from(["property", "divorce", "execution", "labor", "x"])
        | json_values,
        "amount": json_values,
        "procedure": st.sampled_from(["ordinary", "simple", "small_claims"]) | json_values,
        "outcome": st.sampled_from(["judgment", "mediation", "withdrawal"]) | json_values,
        "counterclaim": json_values,
        "instance": st.sampled_from(["first", "appeal", "retrial"]) | json_values,
        "province": st.sampled_from(["粤", "京"]) | json_values,
        "circumstances": json_values,
        "applicant": json_values,
        "text": json_values,
    },
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=fee_fields | json_values)
def test_no_json_body_of_any_shape_produces_a_500(client, body):
    for path in ("/api/v1/fees/estimate", "/api/v1/fees/relief", "/api/v1/amounts/parse"):
        response = client.post(path, data=json.dumps(body), content_type="application/json")
        assert response.status_code in (200, 400, 422), (path, body, response.json)
        if response.status_code != 200:
            assert response.json["error"]["message"]
