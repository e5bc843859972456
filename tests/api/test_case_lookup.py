"""Case lookup behind verification: SMS codes, kiosk identity checks, tokens, lockouts, audit."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from kiosk_api.models import AuditEvent, VerificationChallenge
from kiosk_api.services.chat import Channel, conversation_id_for
from kiosk_api.services.kiosk_devices import register_device
from tests.strategies import json_values

CASE = "（2026）粤0304民初1001号"
PLAINTIFF_PHONE = "13800138001"
SERVICE = {"Authorization": "Bearer test-service-token"}


def _start(client, **body):
    return client.post(
        "/api/v1/cases/lookup",
        json={"case_number": CASE, "method": "sms", "phone": PLAINTIFF_PHONE, **body},
    )


def _code(sms) -> str:
    match = re.search(r"验证码(\d{6})", sms.sent[-1].body)
    assert match, sms.sent[-1].body
    return match.group(1)


def _verify(client, challenge_id, headers=None, **credentials):
    return client.post(
        "/api/v1/cases/lookup/verify",
        json={"challenge_id": challenge_id, **credentials},
        headers=headers or {},
    )


def _token(client, sms) -> str:
    challenge = _start(client).get_json()
    return _verify(client, challenge["challenge_id"], code=_code(sms)).get_json()["token"]


def test_sms_code_goes_to_the_phone_on_file_and_unlocks_the_case(client, showcase, sms):
    started = _start(client, case_number="(2026)粤0304民初1001")
    assert started.status_code == 202
    body = started.get_json()
    assert body["masked_phone"] == "138****8001"
    assert body["expires_in"] == 300
    assert [m.to for m in sms.sent] == [PLAINTIFF_PHONE]
    assert CASE in sms.sent[0].body and "5分钟" in sms.sent[0].body

    verified = _verify(client, body["challenge_id"], code=_code(sms))
    assert verified.status_code == 200
    grant = verified.get_json()
    assert grant["party"] == {"role": "plaintiff", "name": "张*"}

    view = client.get(
        f"/api/v1/cases/{CASE}", headers={"Authorization": f"Bearer {grant['token']}"}
    )
    assert view.status_code == 200
    case = view.get_json()
    assert case["case_number"] == CASE
    assert case["stage"]["label"] == "已排期"
    assert case["next_hearing"]["courtroom"]
    assert case["next_hearing"]["address"] == "深圳市福田区福华三路88号"
    assert case["judge"]["office_phone"]
    assert {p["name"] for p in case["parties"]} == {"张*", "李*"}
    assert [p["is_you"] for p in case["parties"]] == [True, False]


def test_the_code_is_single_use(client, showcase, sms):
    challenge = _start(client).get_json()["challenge_id"]
    code = _code(sms)
    assert _verify(client, challenge, code=code).status_code == 200
    again = _verify(client, challenge, code=code)
    assert again.status_code == 422
    assert again.get_json()["error"]["code"] == "verification_failed"


def test_the_code_is_stored_only_as_a_digest(client, showcase, sms, app):
    _start(client)
    code = _code(sms)
    with app.extensions["court.sessions"]() as session:
        challenge = session.scalars(select(VerificationChallenge)).one()
    assert challenge.code_digest and code not in challenge.code_digest
    assert len(challenge.code_digest) == 64


def test_an_expired_code_fails(client, showcase, sms, app):
    challenge = _start(client).get_json()["challenge_id"]
    import datetime as dt

    with app.extensions["court.sessions"].begin() as session:
        row = session.get(VerificationChallenge, challenge)
        row.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    assert _verify(client, challenge, code=_code(sms)).status_code == 422


def test_unknown_case_and_wrong_number_and_wrong_code_look_the_same(client, showcase, sms):
    unknown = _start(client, case_number="（2026）粤0304民初9999号")
    not_on_file = _start(client, phone="13912345678")
    known = _start(client)
    assert unknown.status_code == not_on_file.status_code == known.status_code == 202
    shapes = [set(r.get_json()) for r in (unknown, not_on_file, known)]
    assert shapes[0] == shapes[1] == shapes[2]
    assert unknown.get_json()["message"] == known.get_json()["message"]
    assert len(sms.sent) == 1  # only the party on file got a code

    failures = [
        _verify(client, unknown.get_json()["challenge_id"], code="123456"),
        _verify(client, not_on_file.get_json()["challenge_id"], code="123456"),
        _verify(client, known.get_json()["challenge_id"], code="000000"),
        _verify(client, "no-such-challenge", code="123456"),
    ]
    assert {r.status_code for r in failures} == {422}
    assert len({r.get_data() for r in failures}) == 1


def test_the_sms_sender_is_recognised_without_revealing_the_number(client, showcase, sms):
    conversation = conversation_id_for("test-sender-key", Channel.SMS, "+86" + PLAINTIFF_PHONE)
    started = client.post(
        "/api/v1/cases/lookup",
        json={
            "case_number": CASE,
            "method": "sms",
            "channel": "sms",
            "conversation_id": conversation,
        },
        headers=SERVICE,
    )
    assert started.status_code == 202
    assert started.get_json()["masked_phone"] is None
    assert [m.to for m in sms.sent] == [PLAINTIFF_PHONE]
    verified = _verify(
        client,
        started.get_json()["challenge_id"],
        headers=SERVICE,
        code=_code(sms),
        channel="sms",
        conversation_id=conversation,
    )
    assert verified.status_code == 200


def test_failures_lock_the_case_out_for_every_client(client, showcase, sms, app):
    limit = app.extensions["court.settings"].LOOKUP_MAX_FAILURES_PER_CASE
    challenge = _start(client).get_json()["challenge_id"]
    for _ in range(limit):
        assert _verify(client, challenge, code="999999").status_code == 422
    # Even the right code is refused now: guessing cannot go on.
    locked = _verify(client, challenge, code=_code(sms))
    assert locked.status_code == 429
    assert int(locked.headers["Retry-After"]) > 60
    assert "锁定" in locked.get_json()["error"]["message"]
    # A second client (the assistant, for another conversation) is locked out of the case too.
    fresh = _start(client).get_json()["challenge_id"]
    other = _verify(
        client, fresh, code=_code(sms), headers=SERVICE, channel="web", conversation_id="web-x"
    )
    assert other.status_code == 429


def test_codes_sent_per_case_are_limited(client, showcase, sms, app):
    limit = app.extensions["court.settings"].LOOKUP_MAX_CODES_PER_CASE
    for _ in range(limit):
        assert _start(client).status_code == 202
    refused = _start(client)
    assert refused.status_code == 429
    assert len(sms.sent) == limit


def test_every_lookup_and_verification_is_audited_without_secrets(client, showcase, sms, app):
    challenge = _start(client).get_json()["challenge_id"]
    code = _code(sms)
    _verify(client, challenge, code="000000")
    token = _verify(client, challenge, code=code).get_json()["token"]
    client.get(f"/api/v1/cases/{CASE}", headers={"Authorization": f"Bearer {token}"})
    with app.extensions["court.sessions"]() as session:
        events = session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [(e.action, e.result) for e in events] == [
        ("lookup", "code_sent"),
        ("verify", "wrong_code"),
        ("verify", "verified"),
        ("view", "shown"),
    ]
    assert all(e.channel == "web" for e in events[:3])
    for event in events:
        row = " ".join(str(v) for v in vars(event).values())
        assert code not in row and PLAINTIFF_PHONE not in row and "123X" not in row


@pytest.fixture
def kiosk(app):
    with app.extensions["court.sessions"].begin() as session:
        token = register_device(session, "大厅1号机")
    return {"Authorization": f"Bearer {token}"}


def test_a_kiosk_verifies_by_name_and_id_tail(client, showcase, kiosk):
    started = client.post(
        "/api/v1/cases/lookup", json={"case_number": CASE, "method": "identity"}, headers=kiosk
    )
    assert started.status_code == 202
    challenge = started.get_json()["challenge_id"]
    wrong = _verify(client, challenge, headers=kiosk, name="张明", id_tail="07123Y")
    assert wrong.status_code == 422
    right = _verify(client, challenge, headers=kiosk, name="张 明", id_tail="07123x")
    assert right.status_code == 200
    assert right.get_json()["party"]["role"] == "plaintiff"


def test_an_id_card_reader_event_verifies_at_a_registered_kiosk(client, showcase, kiosk):
    challenge = client.post(
        "/api/v1/cases/lookup", json={"case_number": CASE, "method": "id_card"}, headers=kiosk
    ).get_json()["challenge_id"]
    verified = _verify(client, challenge, headers=kiosk, id_number="440305198806123453")
    assert verified.status_code == 200
    assert verified.get_json()["party"] == {"role": "defendant", "name": "李*"}


def test_identity_methods_are_refused_off_the_kiosk(client, showcase):
    refused = client.post("/api/v1/cases/lookup", json={"case_number": CASE, "method": "identity"})
    assert refused.status_code == 422
    assert refused.get_json()["error"]["code"] == "method_needs_kiosk"
    forged = client.post(
        "/api/v1/cases/lookup",
        json={"case_number": CASE, "method": "identity"},
        headers={"Authorization": "Bearer not-a-device"},
    )
    assert forged.status_code == 401


def test_a_revoked_kiosk_cannot_verify(client, showcase, kiosk, app):
    from kiosk_api.services.kiosk_devices import revoke_device

    with app.extensions["court.sessions"].begin() as session:
        assert revoke_device(session, "大厅1号机")
    refused = client.post(
        "/api/v1/cases/lookup", json={"case_number": CASE, "method": "identity"}, headers=kiosk
    )
    assert refused.status_code == 401


def test_the_case_needs_a_token_for_that_very_case(client, showcase, sms):
    assert client.get(f"/api/v1/cases/{CASE}").status_code == 401
    bad = client.get(f"/api/v1/cases/{CASE}", headers={"Authorization": "Bearer forged"})
    assert bad.status_code == 401
    token = _token(client, sms)
    other = client.get(
        "/api/v1/cases/（2026）粤0304执2001号", headers={"Authorization": f"Bearer {token}"}
    )
    assert other.status_code == 403


def test_the_case_view_never_shows_id_numbers_or_other_parties_phones(client, showcase, sms):
    token = _token(client, sms)
    text = client.get(
        f"/api/v1/cases/{CASE}", headers={"Authorization": f"Bearer {token}"}
    ).get_data(as_text=True)
    for secret in ("44030419900307123X", "07123X", "440305198806123453", "13900139002", "李华"):
        assert secret not in text


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"case_number": "", "method": "sms", "phone": PLAINTIFF_PHONE}, "missing_field"),
        ({"case_number": "（2026）粤0304民初号", "method": "sms", "phone": PLAINTIFF_PHONE}, None),
        ({"case_number": CASE, "method": "fax"}, "invalid_choice"),
        ({"case_number": CASE, "method": "sms", "phone": "12345"}, "invalid_phone"),
        ({"case_number": CASE, "method": "sms"}, "missing_field"),
        ({"case_number": 1001, "method": "sms", "phone": PLAINTIFF_PHONE}, "invalid_field"),
    ],
)
def test_bad_lookup_input_gets_a_chinese_422(client, showcase, body, code):
    response = client.post("/api/v1/cases/lookup", json=body)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert re.search(r"[\u4e00-\u9fff]", error["message"])
    if code:
        assert error["code"] == code


@pytest.mark.postgres
def test_lockouts_are_shared_between_workers_through_redis(database_url, fake_rasa, sms):
    """Two kiosk API processes with REDIS_URL set see the same failure counts."""
    import os
    import uuid

    import redis

    from kiosk_api.app import create_app

    url = "redis://127.0.0.1:6379/15"
    try:
        # Database 15 belongs to the tests: start from empty counters.
        redis.Redis.from_url(url, socket_connect_timeout=1).flushdb()
    except redis.RedisError:
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail("Redis is not reachable at 127.0.0.1:6379 (CI needs it)")
        pytest.skip("Redis is not reachable at 127.0.0.1:6379")
    config = {
        "DATABASE_URL": database_url,
        "REDIS_URL": url,
        "SENDER_HASH_KEY": "test-sender-key",
        "LOOKUP_TOKEN_KEY": "test-lookup-key",
    }
    first, second = (create_app(config, rasa=fake_rasa, sms=sms) for _ in range(2))
    case = f"（2026）粤0304民初{uuid.uuid4().int % 900000 + 100000}号"
    one, two = first.test_client(), second.test_client()
    challenge = _start(one, case_number=case).get_json()["challenge_id"]
    limit = first.extensions["court.settings"].LOOKUP_MAX_FAILURES_PER_CASE
    for _ in range(limit):
        assert _verify(one, challenge, code="111111").status_code == 422
    assert _verify(two, challenge, code="111111").status_code == 429
    for app in (first, second):
        app.extensions["court.engine"].dispose()


_lookup_bodies = st.fixed_dictionaries(
    {},
    optional={
        field: st.sampled_from([CASE, PLAINTIFF_PHONE, "sms", "identity", "123456", ""])
        | json_values
        for field in ("case_number", "method", "phone", "challenge_id", "code", "name", "id_tail")
    },
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=_lookup_bodies | json_values, path=st.sampled_from(["", "/verify"]))
def test_no_json_body_of_any_shape_produces_a_500(client, body, path):
    response = client.post(
        f"/api/v1/cases/lookup{path}", data=json.dumps(body), content_type="application/json"
    )
    assert response.status_code in (202, 400, 422, 429), response.get_data(as_text=True)
    if response.status_code >= 400:
        assert re.search(r"[\u4e00-\u9fff]", response.get_json()["error"]["message"])
