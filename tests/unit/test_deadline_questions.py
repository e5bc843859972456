"""Reading deadline questions: which period, and the date it starts from."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk_api.domain.deadline_questions import (
    DateTextError,
    abroad_in_question,
    find_date,
    kind_for_question,
    procedure_for_question,
)
from kiosk_api.domain.deadlines import DeadlineKind as K
from kiosk_api.domain.stages import Procedure

TODAY = dt.date(2026, 11, 21)
D = dt.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("判决书2026年11月3日收到的", D(2026, 11, 3)),
        ("判决书11月3号收到的 最晚哪天上诉", D(2026, 11, 3)),
        ("十一月三日收到", D(2026, 11, 3)),
        ("2026-11-03送达", D(2026, 11, 3)),
        ("２０２６年１１月３日", D(2026, 11, 3)),  # full-width digits
        ("11.3收到的判决", D(2026, 11, 3)),
        ("今天收到传票", TODAY),
        ("昨天收到的判决书", D(2026, 11, 20)),
        ("前天收到的", D(2026, 11, 19)),
        ("12月25日收到的", D(2025, 12, 25)),  # a later day this year is last year's
        ("二十号收到", None),  # a day without a month is not guessed
        ("上诉期多少天", None),
    ],
)
def test_dates_are_read_the_ways_people_write_them(text, expected):
    assert find_date(text, TODAY) == expected


@pytest.mark.parametrize("text", ["2026年2月30日收到", "13月5日", "2月30号"])
def test_impossible_dates_are_refused_in_chinese(text):
    with pytest.raises(DateTextError, match="不是一个有效的日期"):
        find_date(text, TODAY)


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 12, 31)))
def test_any_written_full_date_is_read_back(day):
    assert find_date(f"{day.year}年{day.month}月{day.day}日收到", TODAY) == day


@given(st.text(max_size=60))
def test_any_text_gives_a_date_none_or_a_chinese_refusal(text):
    try:
        found = find_date(text, TODAY)
    except DateTextError as exc:
        assert "日期" in str(exc)
    else:
        assert found is None or isinstance(found, dt.date)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("上诉期是几天", K.APPEAL_JUDGMENT),
        ("裁定不服 上诉期多长", K.APPEAL_RULING),
        ("对方上诉了 我答辩期多久", K.APPEAL_DEFENCE),
        ("收到起诉状副本 答辩期多长", K.DEFENCE),
        ("举证期限是多少天", K.EVIDENCE),
        ("行政判决上诉期", K.ADMINISTRATIVE_APPEAL_JUDGMENT),
        ("行政裁定的上诉期限", K.ADMINISTRATIVE_APPEAL_RULING),
        ("申请再审的期限", K.RETRIAL),
        ("诉前保全以后多久要起诉", K.SUIT_AFTER_PRESERVATION),
        ("申请强制执行有期限吗", K.ENFORCEMENT_APPLICATION),
        ("劳动仲裁时效多久", K.LABOUR_ARBITRATION),
        ("复议决定下来后多久能起诉", K.ADMINISTRATIVE_SUIT_AFTER_RECONSIDERATION),
        ("告行政机关的起诉期限", K.ADMINISTRATIVE_SUIT),
        ("小额诉讼多久审完", K.TRIAL_SMALL_CLAIMS),
        ("简易程序审理期限", K.TRIAL_SIMPLE),
        ("法院审限是多长", K.TRIAL_ORDINARY),
        ("法院多久决定立不立案", K.FILING_DECISION),
        ("诉讼时效是多久", K.LIMITATION),
        ("借钱过了四年还能告吗", K.LIMITATION),
        ("今天天气怎么样", None),
    ],
)
def test_the_period_is_read_from_everyday_words(text, kind):
    assert kind_for_question(text) is kind


@pytest.mark.parametrize(
    ("text", "procedure"),
    [
        ("小额诉讼举证期限", Procedure.SMALL_CLAIMS),
        ("简易程序举证期限", Procedure.SIMPLE),
        ("二审举证期限", Procedure.SECOND_INSTANCE),
        ("举证期限", None),
    ],
)
def test_the_procedure_is_read_when_named(text, procedure):
    assert procedure_for_question(text) is procedure


def test_a_party_abroad_is_recognised():
    assert abroad_in_question("我人在国外 上诉期多久")
    assert not abroad_in_question("上诉期多久")
