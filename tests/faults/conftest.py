"""Fixtures of the fault tests: a local Twilio, and where the processes write their logs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fake_twilio import FakeTwilio
from tools.paths import ROOT

ACCOUNT_SID = "AC" + "7" * 32
AUTH_TOKEN = "faults-twilio-auth-token"
FROM_NUMBER = "+15005550006"
LOG_DIR: Path = ROOT / "test-output" / "faults"


@pytest.fixture
def fake_twilio() -> Iterator[FakeTwilio]:
    """Twilio's REST API on a random local port, with outage modes."""
    with FakeTwilio(ACCOUNT_SID, AUTH_TOKEN) as fake:
        yield fake


def twilio_env(fake: FakeTwilio) -> dict[str, str]:
    """Settings that make a process send SMS through the real twilio client to `fake`."""
    return {
        "SMS_SENDER": "twilio",
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "TWILIO_FROM_NUMBER": FROM_NUMBER,
        "TWILIO_API_BASE_URL": fake.base_url,
    }
