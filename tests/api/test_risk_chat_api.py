"""/api/v1/risk/answers/read and /risk/reports/{code}/sms: what the chat form calls."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from kiosk_api.models import OutboxMessage, RiskReport, SmsOptOut
from kiosk_api.services.opt_outs import phone_digest
from kiosk_api.services.risk_links import MAX_NUMBERS_PER_REPORT
from tests.api.filing_checks import assert_chinese_error
from tests.api.test_risk_api import answers
from tests.strategies import json_values

PHONE = "13800138000"


def read(client, question: str, text: Any, dispute: str = "private_lending"):
    return client.post(
        "/api/v1/risk/answers/read", json={"dispute": dispute, "question": question, "text": text}
    )


def kept_code(client) -> str:
    body = client.post(
        "/api/v1/risk/assess", json={"dispute": "private_lending", "answers": answers()}
    ).get_json()
    return str(body["code"])


def outbox(app) -> list[OutboxMessage]:
    with app.extensions["court.sessions"]() as session:
        return list(session.scalars(select(OutboxMessage)))


@pytest.mark.parametrize(
    ("question", "text", "value", "shown"),
    [
        ("iou", "有借条", "yes_original", "有，原件在我这"),
        ("iou", "2", "copy_only", "只有复印件或照片"),
        ("payment_proof", "微信转的", "online", "微信或支付宝转账"),
        ("harm_known_on", "2024年3月", "2024-03-01", "2024年3月1日（按月初计算）"),
        ("claim_amount", "八万", "80000.00", "80,000元"),
    ],
)
def test_free_text_answers_are_read_as_options_dates_and_amounts(
    client, question, text, value, shown
):
    response = read(client, question, text)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert (body["question"], body["value"], body["shown"]) == (question, value, shown)


def test_several_choices_read_as_a_list_in_option_order(client):
    body = read(client, "relationship_proof", "有工资条和劳动合同", "labor_remuneration").get_json()
    assert body["value"] == ["contract", "pay_records"]


def test_an_answer_that_fits_two_options_names_both_and_asks_again(client):
    error = assert_chinese_error(read(client, "witnesses", "有"), 422, "answer_unclear")
    assert error["detail"]["candidates"] == ["willing", "unwilling"]
    assert "有，愿意出庭" in error["message"] and "有，但不愿出庭" in error["message"]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"dispute": "private_lending", "question": "nope", "text": "有"}, "unknown_question"),
        ({"dispute": "private_lending", "question": "iou"}, "missing_field"),
        ({"dispute": "private_lending", "question": "iou", "text": "x" * 201}, "too_long"),
        ({"dispute": "private_lending", "question": "iou", "text": "有\x00"}, "invalid_field"),
        ({"dispute": "private_lending", "question": "harm_known_on", "text": "明年"}, None),
    ],
)
def test_bad_reads_are_chinese_422s(client, body, code):
    assert_chinese_error(client.post("/api/v1/risk/answers/read", json=body), 422, code)


def test_a_future_date_is_refused(client):
    error = assert_chinese_error(read(client, "harm_known_on", "2099年1月1日"), 422)
    assert "还没有到" in error["message"]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    question=st.sampled_from(["iou", "grounds", "harm_known_on", "claim_amount", "witnesses"]),
    text=st.text(max_size=60) | json_values,
)
def test_any_text_is_read_or_refused_never_a_server_error(client, question, text):
    dispute = "divorce" if question == "grounds" else "private_lending"
    assert read(client, question, text, dispute).status_code in (200, 422)


def test_the_report_link_is_queued_once_per_number_masked_and_signed(client, app):
    code = kept_code(client)
    first = client.post(f"/api/v1/risk/reports/{code.lower()}/sms", json={"phone": PHONE})
    assert first.status_code == 200, first.get_json()
    assert first.get_json() == {"code": code, "phone": "138****8000", "queued": True}
    again = client.post(f"/api/v1/risk/reports/{code}/sms", json={"phone": "+86 138 0013 8000"})
    assert again.get_json()["queued"] is False
    [row] = outbox(app)
    assert row.phone == PHONE and row.kind == "risk_report_link" and row.case_id is None
    assert (
        row.body.startswith("【") and code in row.body and f"/kiosk/risk/reports/{code}" in row.body
    )
    assert row.body.endswith("回复TD退订")
    with app.extensions["court.sessions"]() as session:
        stored = session.scalars(select(RiskReport)).one()
    assert PHONE not in str(stored.body)


def test_a_report_goes_to_a_few_numbers_only(client, app):
    code = kept_code(client)
    for n in range(MAX_NUMBERS_PER_REPORT):
        ok = client.post(f"/api/v1/risk/reports/{code}/sms", json={"phone": f"1390000000{n}"})
        assert ok.status_code == 200
    extra = client.post(f"/api/v1/risk/reports/{code}/sms", json={"phone": "13911112222"})
    assert_chinese_error(extra, 409, "too_many_numbers")
    assert len(outbox(app)) == MAX_NUMBERS_PER_REPORT


def test_an_opted_out_number_gets_nothing(client, app):
    code = kept_code(client)
    with app.extensions["court.sessions"]() as session, session.begin():
        session.add(
            SmsOptOut(phone_digest=phone_digest("test-sender-key", PHONE), source="sms_reply")
        )
    response = client.post(f"/api/v1/risk/reports/{code}/sms", json={"phone": PHONE})
    assert_chinese_error(response, 422, "opted_out")
    assert outbox(app) == []


@pytest.mark.parametrize(
    ("path", "body", "status", "code"),
    [
        ("/api/v1/risk/reports/ZZZZZZZZ/sms", {"phone": PHONE}, 404, "unknown_report"),
        ("/api/v1/risk/reports/{code}/sms", {"phone": "12345"}, 422, "invalid_phone"),
        ("/api/v1/risk/reports/{code}/sms", {}, 422, "missing_field"),
        ("/api/v1/risk/reports/{code}/sms", {"phone": 13800138000}, 422, "invalid_field"),
    ],
)
def test_bad_link_requests_are_chinese_errors_and_send_nothing(
    client, app, path, body, status, code
):
    response = client.post(path.format(code=kept_code(client)), json=body)
    assert_chinese_error(response, status, code)
    assert outbox(app) == []


def test_a_number_gets_a_few_report_links_a_day(client, app):
    from kiosk_api.services.risk_links import MAX_LINKS_PER_NUMBER_PER_DAY

    for _ in range(MAX_LINKS_PER_NUMBER_PER_DAY):
        ok = client.post(f"/api/v1/risk/reports/{kept_code(client)}/sms", json={"phone": PHONE})
        assert ok.status_code == 200
    extra = client.post(f"/api/v1/risk/reports/{kept_code(client)}/sms", json={"phone": PHONE})
    assert_chinese_error(extra, 429, "too_many_links")
    assert extra.headers.get("Retry-After")
