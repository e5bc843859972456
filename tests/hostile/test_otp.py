"""Verification codes and lookup tokens under attack: replay, cross-use, guessing, enumeration."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.hostile.conftest import CASE, PLAINTIFF_PHONE, lookup_token, sms_code

UNKNOWN_CASE = "（2026）粤0304民初9999号"


def _start(client: Any, case_number: str = CASE, phone: str = PLAINTIFF_PHONE) -> Any:
    return client.post(
        "/api/v1/cases/lookup",
        json={"case_number": case_number, "method": "sms", "phone": phone},
    )


def _verify(client: Any, challenge_id: str, code: str) -> Any:
    return client.post(
        "/api/v1/cases/lookup/verify", json={"challenge_id": challenge_id, "code": code}
    )


@pytest.fixture
def api(hostile_app: Any) -> Any:
    """A client of the hostile app."""
    return hostile_app.test_client()


def test_a_used_code_cannot_be_replayed_on_its_own_or_a_new_challenge(api: Any, sms: Any) -> None:
    first = _start(api).get_json()["challenge_id"]
    code = sms_code(sms)
    assert _verify(api, first, code).status_code == 200
    assert _verify(api, first, code).status_code == 422
    second = _start(api).get_json()["challenge_id"]
    if sms_code(sms) != code:  # one in a million the new code is the same
        assert _verify(api, second, code).status_code == 422


def test_a_code_is_bound_to_its_own_challenge(api: Any, sms: Any) -> None:
    first = _start(api).get_json()["challenge_id"]
    first_code = sms_code(sms)
    second = _start(api).get_json()["challenge_id"]
    second_code = sms_code(sms)
    if first_code != second_code:
        assert _verify(api, second, first_code).status_code == 422
        assert _verify(api, first, second_code).status_code == 422


def test_guessing_locks_the_case_even_for_the_right_code_until_the_lockout_ends(
    hostile_app: Any, api: Any, sms: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = hostile_app.extensions["court.settings"]
    challenge = _start(api).get_json()["challenge_id"]
    right = sms_code(sms)
    wrong = [f"{n:06d}" for n in range(1000) if f"{n:06d}" != right]
    answers = [
        _verify(api, challenge, guess)
        for guess in wrong[: settings.LOOKUP_MAX_FAILURES_PER_CASE + 3]
    ]
    statuses = [a.status_code for a in answers]
    assert (
        statuses[: settings.LOOKUP_MAX_FAILURES_PER_CASE]
        == [422] * settings.LOOKUP_MAX_FAILURES_PER_CASE
    )
    assert set(statuses[settings.LOOKUP_MAX_FAILURES_PER_CASE :]) == {429}
    locked = _verify(api, challenge, right)
    assert locked.status_code == 429
    assert int(locked.headers["Retry-After"]) > 0

    # Once the lockout has run out, the party can verify again with a fresh code.
    later = time.time() + settings.LOOKUP_LOCKOUT_MINUTES * 60 + 5
    monkeypatch.setattr(time, "time", lambda: later)
    fresh = _start(api)
    assert fresh.status_code == 202
    assert _verify(api, fresh.get_json()["challenge_id"], sms_code(sms)).status_code == 200


def test_real_and_unknown_case_numbers_get_the_same_answers(api: Any, sms: Any) -> None:
    real = _start(api)
    unknown = _start(api, case_number=UNKNOWN_CASE)
    wrong_phone = _start(api, phone="13912345678")
    bodies = [r.get_json() for r in (real, unknown, wrong_phone)]
    assert real.status_code == unknown.status_code == wrong_phone.status_code == 202
    for body in bodies:
        body.pop("challenge_id")
    assert bodies[0].keys() == bodies[1].keys() == bodies[2].keys()
    assert bodies[0]["message"] == bodies[1]["message"] == bodies[2]["message"]
    assert len(sms.sent) == 1
    failures = [
        _verify(api, unknown.get_json()["challenge_id"], "123456"),
        _verify(api, wrong_phone.get_json()["challenge_id"], "123456"),
        _verify(
            api, real.get_json()["challenge_id"], "000000" if sms_code(sms) != "000000" else "1"
        ),
        _verify(api, "guessed-challenge-id", "123456"),
    ]
    assert {f.status_code for f in failures} == {422}
    assert len({f.get_data() for f in failures}) == 1


def test_without_a_token_every_case_number_looks_alike(api: Any) -> None:
    numbers = [CASE, UNKNOWN_CASE, "（2026）粤0304执2001号", "（1999）粤0304民初1号"]
    answers = [api.get(f"/api/v1/cases/{number}") for number in numbers]
    assert {a.status_code for a in answers} == {401}
    assert len({a.get_data() for a in answers}) == 1


def test_a_token_opens_only_its_case_and_unknown_cases_look_like_others(api: Any, sms: Any) -> None:
    token = lookup_token(api, sms)
    headers = {"Authorization": f"Bearer {token}"}
    other = api.get("/api/v1/cases/（2026）粤0304执2001号", headers=headers)
    unknown = api.get(f"/api/v1/cases/{UNKNOWN_CASE}", headers=headers)
    assert other.status_code == unknown.status_code == 403
    assert other.get_data() == unknown.get_data()


def test_guessed_and_tampered_tokens_are_refused(api: Any, sms: Any) -> None:
    token = lookup_token(api, sms)
    flipped = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    for guess in (flipped, token + "x", token[:-1], "x" * len(token), "null", "' OR 1=1 --"):
        response = api.get(f"/api/v1/cases/{CASE}", headers={"Authorization": f"Bearer {guess}"})
        assert response.status_code == 401, guess
