"""/api/v1/risk/*: questionnaires, assessments, and reports kept under an anonymous code."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk_api.domain.risk_questionnaires import Kind, default_questionnaires
from tests.api.filing_checks import assert_chinese_error, assert_citations_well_formed
from tests.strategies import json_values

LENDING = default_questionnaires().questionnaires["private_lending"]


def answers(**changes: Any) -> dict[str, Any]:
    """A claimant's first option everywhere, 10万 and a recent date, overridden by `changes`."""
    chosen: dict[str, Any] = {}
    for q in LENDING.questions:
        if q.kind is Kind.AMOUNT:
            chosen[q.id] = "10万"
        elif q.kind is Kind.DATE:
            chosen[q.id] = "2026-06-01"
        elif q.kind is Kind.MULTI:
            chosen[q.id] = [q.options[0].id]
        else:
            chosen[q.id] = next(o.id for o in q.options if not o.respondent)
    return {**chosen, **changes}


def assess(client, **body: Any):
    return client.post("/api/v1/risk/assess", json={"dispute": "private_lending", **body})


def test_the_questionnaire_lists_its_questions_and_options(client):
    body = client.get("/api/v1/risk/questionnaires/private_lending").get_json()
    assert body["version"] == LENDING.version
    assert [q["id"] for q in body["questions"]] == [q.id for q in LENDING.questions]
    first = body["questions"][0]
    assert first["kind"] == "choice" and first["options"][0]["label"]


def test_a_dispute_without_a_questionnaire_is_a_chinese_404(client):
    assert_chinese_error(
        client.get("/api/v1/risk/questionnaires/neighbor"), 404, "unknown_questionnaire"
    )


def test_an_assessment_is_explained_cited_and_kept_under_a_code(client):
    response = assess(client, answers=answers(assets="none", defendant_address="unknown"))
    assert response.status_code == 200, response.get_json()
    report = response.get_json()
    assert len(report["code"]) == 8
    assert report["level"]["level"] == "高" and "三项以上中风险" in report["level"]["rule"]
    risks = [f["risk"] for f in report["findings"]]
    assert "no_assets" in risks and "service_address" in risks
    assert report["costs"][0]["name"] == "案件受理费（估算）"
    assert "不是对案件事实和结果的判断" in report["notice"]
    assert len(report["findings"]) + len(report["general_risks"]) == 17
    assert_citations_well_formed(report)
    kept = client.get(f"/api/v1/risk/reports/{report['code'].lower()}").get_json()
    assert kept == report


def test_the_kept_report_holds_no_personal_data(client, app):
    report = assess(client, answers=answers()).get_json()
    from kiosk_api.models import RiskReport

    with app.extensions["court.sessions"]() as session:
        row = session.query(RiskReport).one()
    assert row.code == report["code"] and row.dispute == "private_lending"
    assert set(row.body) == set(report) - {"code", "link"}


def test_keep_false_keeps_nothing(client):
    report = assess(client, answers=answers(), keep=False).get_json()
    assert report["code"] is None


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"colour": "red"}, "unknown_question", "answers.colour"),
        ({"assets": "plenty"}, "invalid_option", "answers.assets"),
        ({"claim_amount": "很多钱"}, "invalid_amount", "answers.claim_amount"),
        ({"harm_known_on": "2026年2月30日"}, "invalid_date", "answers.harm_known_on"),
        ({"harm_known_on": "2099-01-01"}, "invalid_date", "answers.harm_known_on"),
    ],
)
def test_bad_answers_are_a_chinese_422_naming_the_question(client, changes, code, field):
    error = assert_chinese_error(assess(client, answers=answers(**changes)), 422, code)
    assert error["detail"] == {"field": field}


def test_a_missing_answer_names_the_question(client):
    partial = answers()
    del partial["assets"]
    error = assert_chinese_error(assess(client, answers=partial), 422, "missing_answer")
    assert error["message"].startswith("请回答：")


@pytest.mark.parametrize("code", ["ABCDEFG", "ZZZZZZZZ", "'; DROP TABLE"])
def test_an_unknown_report_code_is_a_chinese_404(client, code):
    assert_chinese_error(client.get(f"/api/v1/risk/reports/{code}"), 404, "unknown_report")


def test_a_nul_in_a_report_code_is_a_chinese_404(client):
    # Refused by the request guard before the report lookup, hence the generic code.
    assert_chinese_error(client.get("/api/v1/risk/reports/\x00"), 404, "not_found")


_bodies = st.fixed_dictionaries(
    {"dispute": st.sampled_from(["private_lending", "divorce", "nope"]) | json_values},
    optional={
        "answers": st.dictionaries(st.sampled_from([q.id for q in LENDING.questions]), json_values)
        | json_values,
        "keep": json_values,
    },
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=_bodies | json_values)
def test_any_json_body_is_answered_without_a_server_error(client, body):
    response = client.post("/api/v1/risk/assess", json=body)
    assert response.status_code in (200, 400, 404, 422)
