"""Quiet hours: the local times at which the court sends no SMS, and when sending may resume."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from datetime import UTC, tzinfo
from zoneinfo import ZoneInfo

_SPEC = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


@dataclass(frozen=True)
class QuietWindow:
    """A daily window of local time, start included and end excluded; may cross midnight."""

    start: dt.time
    end: dt.time

    @property
    def crosses_midnight(self) -> bool:
        """True for a window like 21:00-08:00 that ends on the next day."""
        return self.end < self.start

    def contains(self, local: dt.time) -> bool:
        """Whether a local wall-clock time falls inside the window."""
        if self.crosses_midnight:
            return local >= self.start or local < self.end
        return self.start <= local < self.end


def parse_quiet_hours(spec: str) -> QuietWindow | None:
    """ "21:00-08:00" → a window; "" → None (no quiet hours); anything else is a ValueError."""
    if not spec.strip():
        return None
    match = _SPEC.match(spec)
    if match is None:
        raise ValueError(f"quiet hours must look like 21:00-08:00, not {spec!r}")
    h1, m1, h2, m2 = (int(part) for part in match.groups())
    if not (h1 < 24 and h2 < 24 and m1 < 60 and m2 < 60):
        raise ValueError(f"quiet hours out of range: {spec!r}")
    start, end = dt.time(h1, m1), dt.time(h2, m2)
    if start == end:
        raise ValueError(f"quiet hours start and end at the same time: {spec!r}")
    return QuietWindow(start, end)


def _zone(tz: str | tzinfo) -> tzinfo:
    return ZoneInfo(tz) if isinstance(tz, str) else tz


def next_allowed(
    moment_utc: dt.datetime, quiet: str = "21:00-08:00", tz: str | tzinfo = "Asia/Shanghai"
) -> dt.datetime:
    """The first instant at or after `moment_utc` outside the quiet hours, as an aware UTC time.

    A naive `moment_utc` is read as UTC (SQLite returns stored UTC times without an offset).
    The window is local time in `tz`: 21:00 is already quiet, 08:00 is allowed again.
    """
    moment = moment_utc.replace(tzinfo=UTC) if moment_utc.tzinfo is None else moment_utc
    moment = moment.astimezone(UTC)
    window = parse_quiet_hours(quiet)
    if window is None:
        return moment
    zone = _zone(tz)
    local = moment.astimezone(zone)
    wall = local.time().replace(tzinfo=None)
    if not window.contains(wall):
        return moment
    end_day = local.date()
    if window.crosses_midnight and wall >= window.start:
        end_day += dt.timedelta(days=1)
    resume = dt.datetime.combine(end_day, window.end, tzinfo=zone)
    return resume.astimezone(UTC)
