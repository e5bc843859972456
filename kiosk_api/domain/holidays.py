"""China's statutory rest days as data (kiosk_api/reference/holidays.yml), for counting periods.

A day is a rest day when the State Council's notice for its year gives it off, or when it is a
Saturday or Sunday that the notice does not turn into a working day (调休上班). Years without
a notice on file fall back to weekends only; callers say so to the user (`covers`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

# PyYAML ships without type hints; the ignore stays harmless if its stubs are installed later.
import yaml  # type: ignore[import-untyped, unused-ignore]

SHIPPED_CALENDAR = Path(__file__).resolve().parent.parent / "reference" / "holidays.yml"

_SATURDAY = 5


class HolidayDataError(ValueError):
    """The holiday file is unreadable or contradicts itself; the message says where."""


@dataclass(frozen=True)
class Holiday:
    """One holiday block of a notice: the days off and the weekend days worked instead."""

    name: str
    first: dt.date
    last: dt.date
    working_days: tuple[dt.date, ...]

    def rest_days(self) -> Iterator[dt.date]:
        """Every day off in the block, bridging days included."""
        day = self.first
        while day <= self.last:
            yield day
            day += dt.timedelta(days=1)


@dataclass(frozen=True)
class HolidayNotice:
    """A year's 国务院办公厅关于…年部分节假日安排的通知."""

    year: int
    title: str
    document_number: str
    published_on: dt.date
    holidays: tuple[Holiday, ...]

    def source(self) -> str:
        """The notice as it is cited: 《title》（document number）."""
        return f"《{self.title}》（{self.document_number}）"


@dataclass(frozen=True)
class HolidayCalendar:
    """Rest days and adjusted working days for the years whose notices are on file."""

    notices: Mapping[int, HolidayNotice]
    rest_days: frozenset[dt.date]
    working_days: frozenset[dt.date]

    @classmethod
    def from_notices(cls, notices: Mapping[int, HolidayNotice]) -> HolidayCalendar:
        """Index the notices' days; a day both off and worked is refused."""
        rest: set[dt.date] = set()
        working: set[dt.date] = set()
        for notice in notices.values():
            for holiday in notice.holidays:
                rest.update(holiday.rest_days())
                working.update(holiday.working_days)
        clash = sorted(rest & working)
        if clash:
            raise HolidayDataError(f"{clash[0].isoformat()} 既是放假日又是调休上班日")
        return cls(MappingProxyType(dict(notices)), frozenset(rest), frozenset(working))

    def covers(self, year: int) -> bool:
        """Whether the notice for `year` is on file."""
        return year in self.notices

    def is_rest_day(self, day: dt.date) -> bool:
        """A statutory holiday day off, or a weekend day that is not an adjusted working day."""
        if day in self.rest_days:
            return True
        return day.weekday() >= _SATURDAY and day not in self.working_days

    def next_working_day(self, day: dt.date) -> dt.date:
        """`day` itself when it is a working day, else the first working day after it."""
        while self.is_rest_day(day):
            day += dt.timedelta(days=1)
        return day


def load_calendar(path: Path = SHIPPED_CALENDAR) -> HolidayCalendar:
    """Read and check a holiday file (the shipped one by default)."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise HolidayDataError(f"无法读取节假日安排 {path}：{exc}") from exc
    years = raw.get("years") if isinstance(raw, dict) else None
    if not isinstance(years, dict):
        raise HolidayDataError(f"{path}：缺少 years")
    notices = {}
    for year, entry in years.items():
        if not isinstance(year, int) or not isinstance(entry, dict):
            raise HolidayDataError(f"{path}：{year!r} 不是年份及其通知")
        notices[year] = _notice(year, entry)
    return HolidayCalendar.from_notices(notices)


@cache  # the shipped file never changes while the process runs
def default_calendar() -> HolidayCalendar:
    """The calendar shipped in kiosk_api/reference/holidays.yml."""
    return load_calendar()


def _notice(year: int, entry: dict[str, Any]) -> HolidayNotice:
    for key in ("notice", "document_number", "published", "holidays"):
        if not entry.get(key):
            raise HolidayDataError(f"{year}年：缺少 {key}")
    published = _date(entry["published"], f"{year}年 published")
    holidays = entry["holidays"]
    if not isinstance(holidays, list):
        raise HolidayDataError(f"{year}年：holidays 应为列表")
    return HolidayNotice(
        year=year,
        title=str(entry["notice"]).strip(),
        document_number=str(entry["document_number"]).strip(),
        published_on=published,
        holidays=tuple(_holiday(year, item) for item in holidays),
    )


def _holiday(year: int, item: object) -> Holiday:
    if not isinstance(item, dict) or not item.get("name"):
        raise HolidayDataError(f"{year}年：每个假期须写明 name、from、to、work")
    where = f"{year}年{item['name']}"
    first = _in_year(_date(item.get("from"), f"{where} from"), year, where)
    last = _in_year(_date(item.get("to"), f"{where} to"), year, where)
    if last < first:
        raise HolidayDataError(f"{where}：放假结束日早于开始日")
    work = item.get("work") or []
    if not isinstance(work, list):
        raise HolidayDataError(f"{where}：work 应为日期列表")
    working = tuple(_in_year(_date(day, f"{where} work"), year, where) for day in work)
    for day in working:
        # A notice only ever moves work onto a weekend; anything else is a typing error.
        if day.weekday() < _SATURDAY:
            raise HolidayDataError(f"{where}：调休上班日 {day.isoformat()} 不是周六或周日")
    return Holiday(str(item["name"]), first, last, working)


def _date(value: object, where: str) -> dt.date:
    # YAML reads 2024-10-01 as a date; a datetime or a string means the file was mistyped.
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    raise HolidayDataError(f"{where}：{value!r} 不是日期（写作 YYYY-MM-DD）")


def _in_year(day: dt.date, year: int, where: str) -> dt.date:
    # A 元旦 block may start in the last days of the previous December.
    if day.year == year or (day.year == year - 1 and day.month == 12):
        return day
    raise HolidayDataError(f"{where}：{day.isoformat()} 不在{year}年")
