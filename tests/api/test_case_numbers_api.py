"""POST /api/v1/case-numbers/parse: the canonical form and parts, exact Chinese errors, no 500s."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk_api.api import case_numbers, openapi_case_numbers
from kiosk_api.demo_docket import DEMO_COURTS
from kiosk_api.services.docket_import import upsert_courts
from tests.strategies import json_values

PATH = "/api/v1/case-numbers/parse"


@pytest.fixture
def app(app):
    """The conftest app with this blueprint, until the app factory registers it itself."""
    if "case_numbers" not in app.blueprints:
        app.register_blueprint(case_numbers.bp)
    upsert_courts(app.extensions["court.sessions"], DEMO_COURTS)
    return app


def parse(client, text):
    return client.post(PATH, json={"text": text})


def test_a_basic_court_is_named_from_the_docket(client):
    response = parse(client, " (2026)粤0304 民初1001 ")
    assert response.status_code == 200, response.json
    assert response.json == {
        "case_number": "（2026）粤0304民初1001号",
        "year": 2026,
        "court_code": "粤0304",
        "court_level": "basic",
        "court_name": "深圳市福田区人民法院",
        "type_code": "民初",
        "case_types": ["民事一审案件"],
        "serial": 1001,
        "serial_end": None,
        "suffix": "",
        "legacy": False,
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "（2025）粤03民终3001号",
            {"court_level": "intermediate", "court_name": "深圳市中级人民法院"},
        ),
        (
            "（2021）最高法知民终2270号",
            {
                "court_level": "supreme",
                "court_name": "最高人民法院",
                "type_code": "知民终",
                "case_types": ["知识产权民事二审案件"],
            },
        ),
        ("（2022）粤民终8号", {"court_level": "high", "court_name": "广东省高级人民法院"}),
        ("（2023）京73民初15号", {"court_level": "specialised", "court_name": None}),
        ("（2024）粤0306民初9号", {"court_level": "basic", "court_name": None}),
        (
            "（2024）粤0304民初18775-18776号",
            {"case_number": "（2024）粤0304民初18775-18776号", "serial_end": 18776},
        ),
        (
            "（2020）粤03民终123号之一",
            {"suffix": "之一", "case_number": "（2020）粤03民终123号之一"},
        ),
        (
            "（2021）川0104民诉前调801号",
            {"type_code": "民诉前调", "case_types": ["民事诉前调解案件"]},
        ),
        (
            "（2015）深福法民初字第1234号",
            {
                "case_number": "（2015）深福法民初字第1234号",
                "court_code": "深福法",
                "court_level": None,
                "court_name": None,
                "type_code": "民初",
                "legacy": True,
            },
        ),
    ],
)
def test_forms_are_described(client, text, expected):
    response = parse(client, text)
    assert response.status_code == 200, response.json
    assert {key: response.json[key] for key in expected} == expected


def test_a_code_with_several_case_types_lists_them_all(client):
    response = parse(client, "（2024）最高法刑核1号")
    assert response.json["case_types"] == [
        "死刑复核案件",
        "法定刑以下判处刑罚复核案件",
        "特殊假释复核案件",
    ]


@pytest.mark.parametrize(
    ("text", "code", "message"),
    [
        ("（2024）粤0304民初号", "case_number_missing_serial", "缺少案件编号"),
        ("粤0304民初1234号", "case_number_missing_year", "缺少收案年度"),
        ("（24）粤0304民初1号", "case_number_invalid_year", "收案年度不正确"),
        ("（2024）民初1号", "case_number_missing_court", "缺少法院代字"),
        ("（2024）港0304民初1号", "case_number_unknown_court", "无法识别的法院代字“港0304”"),
        ("（2024）粤0304民甲1号", "case_number_unknown_type", "无法识别的类型代字“民甲”"),
        ("（2024）粤0304民初0号", "case_number_zero_serial", "案件编号不能为0"),
        ("（2024）粤0304民初9-3号", "case_number_invalid_range", "案号范围不正确"),
        ("（2024）粤0304民初1号!", "case_number_invalid_character", "案号中含有无法识别的字符“!”"),
    ],
)
def test_what_is_wrong_comes_back_as_422_with_its_code(client, text, code, message):
    response = parse(client, text)
    assert response.status_code == 422
    assert response.json == {
        "error": {"code": code, "message": message, "detail": {"field": "text"}}
    }


@pytest.mark.parametrize(
    ("kwargs", "status", "code"),
    [
        ({"data": "（2024）粤0304民初1号", "content_type": "text/plain"}, 400, "not_json"),
        ({"data": "{not json", "content_type": "application/json"}, 400, "not_json_object"),
        ({"json": ["（2024）粤0304民初1号"]}, 400, "not_json_object"),
        ({"json": {}}, 422, "missing_field"),
        ({"json": {"text": "  "}}, 422, "missing_field"),
        ({"json": {"text": 2024}}, 422, "invalid_field"),
        ({"json": {"text": ["（2024）粤0304民初1号"]}}, 422, "invalid_field"),
        ({"json": {"text": "（2024）粤0304民初1号\x00"}}, 422, "invalid_field"),
        ({"json": {"text": "1" * 65}}, 422, "too_long"),
    ],
)
def test_bodies_that_are_not_a_text_field_are_refused(client, kwargs, status, code):
    response = client.post(PATH, **kwargs)
    assert response.status_code == status
    assert response.json["error"]["code"] == code
    assert response.json["error"]["message"]


def test_the_reply_matches_the_openapi_fragment(client):
    schema = openapi_case_numbers.SCHEMAS["CaseNumber"]
    body = parse(client, "（2026）粤0304民初1001号").json
    assert set(body) == set(schema["required"]) == set(schema["properties"])
    operation = openapi_case_numbers.PATHS[PATH]["post"]
    assert operation["requestBody"]["content"]["application/json"]["schema"]["required"] == ["text"]
    assert {"200", "400", "422"} <= operation["responses"].keys()


case_number_texts = st.text(
    st.sampled_from(list("（）()〔〕 　0123456789０９号之一第字民初终执最高法粤京-")), max_size=30
)
bodies = st.fixed_dictionaries(
    {}, optional={"text": case_number_texts | json_values, "extra": json_values}
)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=bodies | json_values)
def test_no_json_body_of_any_shape_produces_a_500(client, body):
    response = client.post(PATH, data=json.dumps(body), content_type="application/json")
    assert response.status_code in (200, 400, 422), (body, response.json)
    if response.status_code != 200:
        assert response.json["error"]["message"]
