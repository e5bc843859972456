"""Quiet hours: when an SMS due at some moment may go out instead."""

from __future__ import annotations

import datetime as dt
from datetime import UTC
from zoneinfo import ZoneInfo

import pytest

from kiosk_api.domain.quiet_hours import next_allowed, parse_quiet_hours

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(day: int, hour: int, minute: int = 0, second: int = 0) -> dt.datetime:
    """A Shanghai wall-clock time in December 2026, as UTC."""
    return dt.datetime(2026, 12, day, hour, minute, second, tzinfo=SHANGHAI).astimezone(UTC)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (local(1, 20, 59, 59), local(1, 20, 59, 59)),  # just before: allowed
        (local(1, 21), local(2, 8)),  # the start is already quiet
        (local(1, 23, 30), local(2, 8)),
        (local(2, 0), local(2, 8)),  # after midnight: the same morning
        (local(2, 7, 59, 59), local(2, 8)),
        (local(2, 8), local(2, 8)),  # the end is allowed again
        (local(2, 12), local(2, 12)),
    ],
)
def test_window_crossing_midnight_defers_to_the_morning(moment, expected):
    assert next_allowed(moment, "21:00-08:00", "Asia/Shanghai") == expected


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (local(1, 11, 59), local(1, 11, 59)),
        (local(1, 12), local(1, 14)),
        (local(1, 13, 59), local(1, 14)),
        (local(1, 14), local(1, 14)),
        (local(1, 23), local(1, 23)),
    ],
)
def test_window_within_a_day_defers_to_its_end(moment, expected):
    assert next_allowed(moment, "12:00-14:00", SHANGHAI) == expected


def test_no_quiet_hours_never_defers():
    moment = local(1, 23)
    assert next_allowed(moment, "", "Asia/Shanghai") == moment
    assert parse_quiet_hours("  ") is None


def test_result_is_utc_and_naive_input_is_read_as_utc():
    naive = dt.datetime(2026, 12, 1, 14, 0)  # 22:00 in Shanghai
    result = next_allowed(naive, "21:00-08:00", "Asia/Shanghai")
    assert result == dt.datetime(2026, 12, 2, 0, 0, tzinfo=UTC)
    assert result.utcoffset() == dt.timedelta(0)


def test_window_is_local_time_of_the_given_zone():
    moment = dt.datetime(2026, 12, 1, 22, 0, tzinfo=UTC)  # 06:00 in Shanghai, 22:00 in London
    assert next_allowed(moment, "21:00-08:00", "Asia/Shanghai") == dt.datetime(
        2026, 12, 2, 0, 0, tzinfo=UTC
    )
    assert next_allowed(moment, "21:00-08:00", "Europe/London") == dt.datetime(
        2026, 12, 2, 8, 0, tzinfo=UTC
    )


@pytest.mark.parametrize("spec", ["21-08", "25:00-08:00", "21:00-08:60", "08:00-08:00", "夜间"])
def test_malformed_quiet_hours_are_rejected(spec):
    with pytest.raises(ValueError):
        parse_quiet_hours(spec)
