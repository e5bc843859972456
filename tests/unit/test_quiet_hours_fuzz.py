"""Property tests of the quiet-hours setting parser and the next allowed sending time."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk_api.domain.quiet_hours import QuietWindow, next_allowed, parse_quiet_hours

_specs = st.from_regex(r"\d{1,2}:\d{2}-\d{1,2}:\d{2}", fullmatch=True)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=20) | _specs)
def test_any_setting_is_a_window_none_or_a_value_error(spec: str) -> None:
    try:
        window = parse_quiet_hours(spec)
    except ValueError:
        return
    assert window is None or isinstance(window, QuietWindow)


_windows = st.tuples(st.times(), st.times()).filter(
    lambda pair: (
        pair[0].replace(second=0, microsecond=0) != pair[1].replace(second=0, microsecond=0)
    )
)


@settings(max_examples=300, deadline=None)
@given(
    _windows,
    st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2090, 1, 1)),
)
def test_the_next_allowed_time_is_not_earlier_and_outside_the_window(
    window: tuple[dt.time, dt.time], moment: dt.datetime
) -> None:
    start, end = window
    spec = f"{start:%H:%M}-{end:%H:%M}"
    allowed = next_allowed(moment.replace(tzinfo=dt.UTC), spec, "Asia/Shanghai")
    assert allowed >= moment.replace(tzinfo=dt.UTC)
    local = allowed.astimezone(dt.timezone(dt.timedelta(hours=8))).time()
    quiet = parse_quiet_hours(spec)
    assert quiet is not None and not quiet.contains(local.replace(tzinfo=None))
