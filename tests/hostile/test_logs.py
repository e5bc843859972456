"""What reaches the logs when things go wrong: type and place, no traceback, no personal data."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from tests.api.twilio_signing import ACCOUNT_SID, PUBLIC_BASE_URL, sign
from tests.hostile.conftest import STAFF_TOKEN, assert_no_leak_in_logs

PERSONAL = "张明 13800138001 44030419900307123X"


def test_an_unexpected_error_is_logged_by_type_and_place_only(
    hostile_app: Any, caplog: pytest.LogCaptureFixture
) -> None:
    @hostile_app.get("/api/v1/boom")
    def boom() -> None:
        raise RuntimeError(PERSONAL)

    with caplog.at_level(logging.DEBUG):
        response = hostile_app.test_client().get("/api/v1/boom")
    assert response.status_code == 500
    assert PERSONAL not in response.get_data(as_text=True)
    failures = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(failures) == 1
    assert failures[0].exc_info is None
    assert "RuntimeError at test_logs.py:" in failures[0].getMessage()
    assert_no_leak_in_logs(caplog)
    assert "13800138001" not in caplog.text and "张明" not in caplog.text


class _BrokenRasa:
    """An assistant client failing with personal data in its message."""

    def send(self, conversation_id: str, text: str, metadata: dict[str, Any]) -> Any:
        """Fail as a buggy client would."""
        raise ValueError(PERSONAL)

    def is_reachable(self) -> bool:
        """Up."""
        return True


@pytest.mark.parametrize("path", ["/twilio/sms", "/twilio/voice/gather"])
def test_a_failing_webhook_logs_no_personal_data(
    hostile_app: Any, path: str, caplog: pytest.LogCaptureFixture
) -> None:
    hostile_app.extensions["court.rasa"] = _BrokenRasa()
    params = {
        "AccountSid": ACCOUNT_SID,
        "Body": PERSONAL,
        "SpeechResult": PERSONAL,
        "From": "+8613800138001",
        "CallSid": "CA" + "f" * 32,
        "MessageSid": "SM" + "f" * 32,
    }
    signature = sign(PUBLIC_BASE_URL + path, params)
    with caplog.at_level(logging.DEBUG):
        response = hostile_app.test_client().post(
            path, data=params, headers={"X-Twilio-Signature": signature}
        )
    assert response.status_code in (200, 500)
    assert PERSONAL not in response.get_data(as_text=True)
    assert all(r.exc_info is None for r in caplog.records)
    assert "13800138001" not in caplog.text and "张明" not in caplog.text


def test_a_kiosk_name_cannot_forge_a_log_line(
    hostile_app: Any, caplog: pytest.LogCaptureFixture
) -> None:
    name = "大厅\n2026-01-01 00:00:00 ERROR [-] forged"
    with caplog.at_level(logging.DEBUG):
        response = hostile_app.test_client().post(
            "/api/v1/staff/kiosks",
            json={"name": name},
            headers={"Authorization": f"Bearer {STAFF_TOKEN}"},
        )
    assert response.status_code in (201, 422)
    assert all("\n" not in r.getMessage() for r in caplog.records)
