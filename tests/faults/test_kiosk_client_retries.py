"""The action server's kiosk client when a connection to the API is lost mid-request.

A killed or recycled gunicorn worker cuts the connection it was serving; the master has
other workers. Reads and pure computations are asked again once; writes never, and nothing
after a timeout.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from actions.kiosk_client import KioskApiError, KioskClient, TranscriptLine
from actions.settings import ActionSettings
from tests.faults.flaky_server import FlakyServer


@pytest.fixture
def api() -> Iterator[FlakyServer]:
    """A stand-in kiosk API that loses connections on cue."""
    with FlakyServer() as server:
        yield server


def _client(api: FlakyServer, timeout: float = 5.0) -> KioskClient:
    return KioskClient(ActionSettings(api.url, "faults-service-token", timeout))


CALLS = {
    "a read": lambda c: c.dispute("loan"),
    "a fee estimate": lambda c: c.estimate_fee({"case_kind": "property", "amount": "8万"}),
    "a dispute classification": lambda c: c.classify_dispute("借钱不还"),
    "an amount": lambda c: c.parse_amount("三万五", allow_zero=False),
}


@pytest.mark.parametrize("fault", ["drop", "truncate"])
@pytest.mark.parametrize("call", CALLS.values(), ids=CALLS.keys())
def test_a_lost_connection_on_a_read_or_pure_computation_is_retried_once(api, call, fault):
    api.fail_next(fault)
    assert call(_client(api)) == {"ok": True}
    assert len(api.requests) == 2


def test_it_is_retried_only_once(api):
    api.fail_next("drop", "drop")
    with pytest.raises(KioskApiError):
        _client(api).dispute("loan")
    assert len(api.requests) == 2


@pytest.mark.parametrize("fault", ["drop", "truncate"])
def test_a_write_is_never_repeated(api, fault):
    api.fail_next(fault)
    with pytest.raises(KioskApiError):
        _client(api).open_handoff(
            conversation_id="sms-x",
            channel="sms",
            reason="用户要求",
            transcript=[TranscriptLine("user", "转人工")],
        )
    assert api.requests == [("POST", "/api/v1/handoffs")]


def test_a_timeout_is_never_repeated(api):
    api.fail_next("hold")
    with pytest.raises(KioskApiError):
        _client(api, timeout=0.5).dispute("loan")
    assert len(api.requests) == 1
