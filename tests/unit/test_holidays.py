"""The holiday calendar: the State Council notices for 2024–2026, and the loader's checks."""

import datetime as dt

import chinese_calendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk_api.domain.holidays import (
    SHIPPED_CALENDAR,
    HolidayCalendar,
    HolidayDataError,
    default_calendar,
    load_calendar,
)

D = dt.date


@pytest.fixture(scope="module")
def calendar():
    return default_calendar()


# Straight from the notices (国办发明电〔2023〕7号, 〔2024〕12号, 〔2025〕7号).
@pytest.mark.parametrize(
    ("day", "rest"),
    [
        (D(2024, 1, 1), True),  # 元旦，与周末连休
        (D(2024, 2, 9), False),  # 除夕 2024: only "encouraged" off, a working Friday
        (D(2024, 2, 10), True),
        (D(2024, 2, 17), True),
        (D(2024, 2, 4), False),  # Sunday worked
        (D(2024, 2, 18), False),  # Sunday worked
        (D(2024, 4, 7), False),  # Sunday worked after 清明
        (D(2024, 4, 28), False),
        (D(2024, 5, 11), False),  # Saturday worked
        (D(2024, 6, 10), True),  # 端午，Monday
        (D(2024, 9, 14), False),  # Saturday worked before 中秋
        (D(2024, 9, 16), True),
        (D(2024, 9, 29), False),
        (D(2024, 10, 7), True),
        (D(2024, 10, 12), False),
        (D(2025, 1, 1), True),
        (D(2025, 1, 26), False),
        (D(2025, 1, 28), True),  # 除夕 is a holiday from 2025
        (D(2025, 2, 4), True),
        (D(2025, 2, 8), False),
        (D(2025, 4, 4), True),
        (D(2025, 4, 27), False),
        (D(2025, 5, 5), True),
        (D(2025, 6, 2), True),
        (D(2025, 9, 28), False),
        (D(2025, 10, 8), True),  # 国庆节、中秋节 run together to the 8th
        (D(2025, 10, 11), False),
        (D(2026, 1, 2), True),
        (D(2026, 1, 4), False),
        (D(2026, 2, 14), False),
        (D(2026, 2, 23), True),
        (D(2026, 2, 28), False),
        (D(2026, 4, 6), True),
        (D(2026, 5, 5), True),
        (D(2026, 5, 9), False),
        (D(2026, 6, 19), True),
        (D(2026, 9, 20), False),
        (D(2026, 9, 25), True),
        (D(2026, 10, 7), True),
        (D(2026, 10, 8), False),
        (D(2026, 10, 10), False),
        (D(2026, 3, 7), True),  # an ordinary Saturday
        (D(2026, 3, 9), False),  # an ordinary Monday
    ],
)
def test_days_follow_the_state_council_notices(calendar, day, rest):
    assert calendar.is_rest_day(day) is rest


@pytest.mark.parametrize(
    ("year", "days_off", "weekend_days_worked", "document_number"),
    [
        (2024, 28, 8, "国办发明电〔2023〕7号"),
        (2025, 28, 5, "国办发明电〔2024〕12号"),
        (2026, 33, 6, "国办发明电〔2025〕7号"),
    ],
)
def test_each_year_carries_its_notice(
    calendar, year, days_off, weekend_days_worked, document_number
):
    notice = calendar.notices[year]
    assert notice.title == f"国务院办公厅关于{year}年部分节假日安排的通知"
    assert notice.document_number == document_number
    assert notice.source() == f"《{notice.title}》（{document_number}）"
    assert sum(1 for h in notice.holidays for _ in h.rest_days()) == days_off
    assert sum(len(h.working_days) for h in notice.holidays) == weekend_days_worked


def test_calendar_covers_only_the_years_on_file(calendar):
    assert [year for year in range(2020, 2031) if calendar.covers(year)] == [2024, 2025, 2026]


def test_years_not_on_file_fall_back_to_weekends(calendar):
    assert not calendar.is_rest_day(D(2027, 10, 1))  # a Friday; its notice is not on file
    assert calendar.is_rest_day(D(2027, 10, 2))
    assert not calendar.is_rest_day(D(2023, 12, 29))


def test_next_working_day_skips_a_whole_holiday_block(calendar):
    assert calendar.next_working_day(D(2026, 2, 15)) == D(2026, 2, 24)
    assert calendar.next_working_day(D(2026, 2, 24)) == D(2026, 2, 24)
    assert calendar.next_working_day(D(2024, 4, 5)) == D(2024, 4, 7)  # a Sunday worked


def test_default_calendar_is_loaded_once():
    assert default_calendar() is default_calendar()
    assert load_calendar(SHIPPED_CALENDAR) == default_calendar()


def test_an_empty_calendar_knows_only_weekends():
    empty = HolidayCalendar.from_notices({})
    assert not empty.covers(2026)
    assert not empty.is_rest_day(D(2026, 10, 1))
    assert empty.is_rest_day(D(2026, 10, 10))


@given(st.dates(min_value=D(2023, 12, 1), max_value=D(2027, 1, 31)))
def test_next_working_day_is_the_first_working_day(day):
    calendar = default_calendar()
    found = calendar.next_working_day(day)
    assert found >= day
    assert not calendar.is_rest_day(found)
    skipped = (found - day).days
    assert all(calendar.is_rest_day(day + dt.timedelta(days=n)) for n in range(skipped))


_GOOD = """
years:
  2030:
    notice: 国务院办公厅关于2030年部分节假日安排的通知
    document_number: 国办发明电〔2029〕1号
    published: 2029-11-01
    holidays:
      - {name: 国庆节, from: 2030-10-01, to: 2030-10-07, work: [2030-09-29]}
"""


def test_a_new_year_can_be_added_to_the_file(tmp_path):
    path = tmp_path / "holidays.yml"
    path.write_text(_GOOD, encoding="utf-8")
    calendar = load_calendar(path)
    assert calendar.covers(2030)
    assert calendar.is_rest_day(D(2030, 10, 7))
    assert not calendar.is_rest_day(D(2030, 9, 29))


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        (("work: [2030-09-29]", "work: [2030-09-30]"), "不是周六或周日"),
        (("work: [2030-09-29]", "work: [2030-10-05]"), "既是放假日又是调休上班日"),
        (("from: 2030-10-01", "from: 2031-10-01"), "不在2030年"),
        (("to: 2030-10-07", "to: 2030-09-07"), "早于开始日"),
        (("from: 2030-10-01", "from: 十月一日"), "不是日期"),
        (("    document_number: 国办发明电〔2029〕1号\n", ""), "缺少 document_number"),
        (("years:", "yaers:"), "缺少 years"),
        (("holidays:\n      - ", "holidays:\n        "), "holidays 应为列表"),
        (("work: [2030-09-29]", "work: 2030-09-29"), "work 应为日期列表"),
        (("{name: 国庆节, ", "{"), "须写明 name"),
    ],
)
def test_a_broken_file_is_refused_saying_where(tmp_path, change, complaint):
    path = tmp_path / "holidays.yml"
    path.write_text(_GOOD.replace(*change), encoding="utf-8")
    with pytest.raises(HolidayDataError, match=complaint):
        load_calendar(path)


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(HolidayDataError, match="无法读取"):
        load_calendar(tmp_path / "absent.yml")


def test_shipped_calendar_agrees_with_the_chinese_calendar_package_day_by_day():
    """Cross-check the transcribed notices against an independently maintained calendar."""
    calendar = default_calendar()
    disagreements = []
    for year in sorted(calendar.notices):
        day = dt.date(year, 1, 1)
        while day.year == year:
            try:
                theirs = not chinese_calendar.is_workday(day)
            except NotImplementedError:  # a year the package does not cover yet
                break
            if theirs != calendar.is_rest_day(day):
                disagreements.append(day.isoformat())
            day += dt.timedelta(days=1)
    assert disagreements == []
