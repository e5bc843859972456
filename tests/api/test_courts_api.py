"""/api/v1/courts: the courts' public information, this court first, found by what people say."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.api.filing_checks import assert_chinese_error

ALL_CODES = ["粤0304", "粤03", "粤0303", "粤0305"]  # this court first, then by code
FIELDS = {
    "code",
    "name",
    "level",
    "address",
    "phone",
    "service_hours",
    "transport",
    "home",
}


def courts(client, q: str | None = None):
    return client.get("/api/v1/courts", query_string={} if q is None else {"q": q})


def codes(response) -> list[str]:
    assert response.status_code == 200, response.get_json()
    return [court["code"] for court in response.get_json()["courts"]]


def test_without_a_query_every_court_is_listed_with_the_home_court_first(client, showcase):
    body = courts(client).get_json()
    assert [c["code"] for c in body["courts"]] == ALL_CODES
    assert body["query"] is None and body["matched"] is False
    assert [c["home"] for c in body["courts"]] == [True, False, False, False]
    for court in body["courts"]:
        assert set(court) == FIELDS
        assert court["address"] and court["phone"] and court["service_hours"]


@pytest.mark.parametrize("q", ["", "   ", "\t"])
def test_a_blank_query_is_no_query(client, showcase, q):
    body = courts(client, q).get_json()
    assert [c["code"] for c in body["courts"]] == ALL_CODES
    assert body["query"] is None and body["matched"] is False


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("南山法院在哪", ["粤0305"]),
        ("南山区人民法院电话", ["粤0305"]),
        ("深圳市南山区人民法院", ["粤0305"]),
        ("福田法院几点上班", ["粤0304"]),
        ("深圳福田", ["粤0304"]),
        ("罗湖", ["粤0303"]),
        ("中院", ["粤03"]),
        ("深圳中院怎么走", ["粤03"]),
        ("深圳市中级人民法院", ["粤03"]),
        ("福田区法院和南山区法院", ["粤0304", "粤0305"]),
    ],
)
def test_a_query_finds_the_courts_it_names(client, showcase, q, expected):
    response = courts(client, q)
    assert codes(response) == expected
    body = response.get_json()
    assert body["matched"] is True and body["query"] == q.strip()


def test_the_home_court_is_marked_when_it_is_found(client, showcase):
    body = courts(client, "福田法院").get_json()
    assert body["courts"][0]["home"] is True
    assert courts(client, "南山法院").get_json()["courts"][0]["home"] is False


@pytest.mark.parametrize("q", ["北京朝阳法院", "广州", "法院", "<script>alert(1)</script>"])
def test_a_query_naming_no_court_of_the_directory_matches_nothing(client, showcase, q):
    body = courts(client, q).get_json()
    assert body["courts"] == [] and body["matched"] is False
    assert body["query"] == q


def test_a_query_over_100_characters_is_refused(client, showcase):
    assert_chinese_error(courts(client, "南" * 101), 422, "too_long")
    assert courts(client, "南" * 100).status_code == 200
    response = courts(client, "南" * 10_000)
    assert response.status_code in (413, 414, 422)


@pytest.mark.parametrize("code", ALL_CODES)
def test_one_court_by_its_code(client, showcase, code):
    response = client.get(f"/api/v1/courts/{code}")
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == FIELDS
    assert body["code"] == code
    assert body["home"] is (code == "粤0304")


def test_the_south_mountain_court_has_its_public_details(client, showcase):
    body = client.get("/api/v1/courts/粤0305").get_json()
    assert body["name"] == "深圳市南山区人民法院"
    assert body["level"] == "basic"
    assert body["address"].startswith("深圳市南山区")


@pytest.mark.parametrize(
    "code", ["粤9999", "粤030", "粤0304 ", "yue0304", "x" * 300, "'; DROP TABLE courts; --"]
)
def test_an_unknown_court_code_is_a_chinese_404(client, showcase, code):
    response = client.get(f"/api/v1/courts/{quote(code, safe='')}")
    error = assert_chinese_error(response, 404, "unknown_court")
    assert len(error["message"]) < 60, "the echoed code is cut short"
    assert codes(courts(client)) == ALL_CODES, "the directory is untouched"


@pytest.mark.parametrize("code", ["%00", "a%00b", "%1b", "%7f"])
def test_control_characters_in_a_court_code_are_a_404_not_a_500(client, showcase, code):
    # NUL is refused by the request guard before the court lookup (not_found), the other
    # control characters by the lookup itself (unknown_court): both are a Chinese 404.
    assert_chinese_error(client.get(f"/api/v1/courts/{code}"), 404)


def test_no_courts_in_the_docket_lists_nothing(client):
    body = courts(client).get_json()
    assert body["courts"] == []
    assert_chinese_error(client.get("/api/v1/courts/粤0304"), 404, "unknown_court")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(q=st.text(max_size=40) | st.sampled_from(["南山", "中院", "福田", "深圳"]))
def test_any_query_lists_courts_of_the_directory_or_none(client, showcase, q):
    response = courts(client, q)
    if "\x00" in q:
        # The request guard refuses NUL in any query value (PostgreSQL cannot hold it).
        assert_chinese_error(response, 422, "invalid_text")
        return
    assert response.status_code == 200, response.get_data(as_text=True)
    body = json.loads(response.get_data(as_text=True))
    assert set(codes(response)) <= set(ALL_CODES)
    assert body["matched"] is (bool(q.strip()) and bool(body["courts"]))
