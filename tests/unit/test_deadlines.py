"""Procedural deadlines: the FACTS table, 民诉法 85 counting, holiday moves, served documents."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk_api.domain.deadlines import (
    DEADLINE_RULES,
    Deadline,
    DeadlineError,
    DeadlineKind,
    ServedDocument,
    Unit,
    compute_deadline,
    running_deadlines,
)
from kiosk_api.domain.holidays import HolidayCalendar, default_calendar

D = dt.date
K = DeadlineKind
COUNTING = "《民事诉讼法》第八十五条第二款"
MOVE = "《民事诉讼法》第八十五条第三款"


def cites(deadline: Deadline) -> list[str]:
    return [basis.cite() for basis in deadline.basis]


# FACTS.md "Deadlines" and the statutes; 2026-03-02 is a Monday far from any holiday.
@pytest.mark.parametrize(
    ("kind", "options", "start", "ends_on", "period", "basis"),
    [
        (
            K.DEFENCE,
            {},
            D(2026, 3, 2),
            D(2026, 3, 17),
            "15日",
            "《民事诉讼法》第一百二十八条第一款",
        ),
        (
            K.DEFENCE,
            {"abroad": True},
            D(2026, 3, 2),
            D(2026, 4, 1),
            "30日",
            "《民事诉讼法》第二百八十五条",
        ),
        (
            K.APPEAL_DEFENCE,
            {},
            D(2026, 3, 2),
            D(2026, 3, 17),
            "15日",
            "《民事诉讼法》第一百七十四条",
        ),
        (
            K.APPEAL_DEFENCE,
            {"abroad": True},
            D(2026, 3, 2),
            D(2026, 4, 1),
            "30日",
            "《民事诉讼法》第二百八十六条",
        ),
        (
            K.APPEAL_JUDGMENT,
            {},
            D(2026, 3, 2),
            D(2026, 3, 17),
            "15日",
            "《民事诉讼法》第一百七十一条第一款",
        ),
        (
            K.APPEAL_JUDGMENT,
            {"abroad": True},
            D(2026, 3, 2),
            D(2026, 4, 1),
            "30日",
            "《民事诉讼法》第二百八十六条",
        ),
        (
            K.APPEAL_RULING,
            {},
            D(2026, 3, 2),
            D(2026, 3, 12),
            "10日",
            "《民事诉讼法》第一百七十一条第二款",
        ),
        (
            K.APPEAL_RULING,
            {"abroad": True},
            D(2026, 3, 2),
            D(2026, 4, 1),
            "30日",
            "《民事诉讼法》第二百八十六条",
        ),
        (
            K.ADMINISTRATIVE_APPEAL_JUDGMENT,
            {},
            D(2026, 3, 2),
            D(2026, 3, 17),
            "15日",
            "《行政诉讼法》第八十五条",
        ),
        (
            K.ADMINISTRATIVE_APPEAL_RULING,
            {},
            D(2026, 3, 2),
            D(2026, 3, 12),
            "10日",
            "《行政诉讼法》第八十五条",
        ),
        (
            K.EVIDENCE,
            {"procedure": "ordinary"},
            D(2026, 3, 2),
            D(2026, 3, 17),
            "15日",
            "《证据规定》第五十一条第二款",
        ),
        (
            K.EVIDENCE,
            {"procedure": "simple"},
            D(2026, 3, 2),
            D(2026, 3, 17),
            "15日",
            "《证据规定》第五十一条第二款",
        ),
        (
            K.EVIDENCE,
            {"procedure": "small_claims"},
            D(2026, 3, 2),
            D(2026, 3, 9),
            "7日",
            "《证据规定》第五十一条第二款",
        ),
        (
            K.EVIDENCE,
            {"procedure": "second_instance"},
            D(2026, 3, 2),
            D(2026, 3, 12),
            "10日",
            "《证据规定》第五十一条第二款",
        ),
        (
            K.ENFORCEMENT_APPLICATION,
            {},
            D(2024, 3, 11),
            D(2026, 3, 11),
            "2年",
            "《民事诉讼法》第二百五十条第一款",
        ),
        (K.RETRIAL, {}, D(2026, 3, 2), D(2026, 9, 2), "6个月", "《民事诉讼法》第二百一十六条"),
        (
            K.ADMINISTRATIVE_RETRIAL,
            {},
            D(2026, 3, 2),
            D(2026, 9, 2),
            "6个月",
            "《行诉法解释》第一百一十条",
        ),
        (
            K.SUIT_AFTER_PRESERVATION,
            {},
            D(2026, 3, 2),
            D(2026, 4, 1),
            "30日",
            "《民事诉讼法》第一百零四条第三款",
        ),
    ],
)
def test_deadline_matches_the_facts_table(kind, options, start, ends_on, period, basis):
    deadline = compute_deadline(kind, start, **options)
    assert (deadline.kind, deadline.start, deadline.ends_on) == (kind, start, ends_on)
    assert deadline.period_text == period
    assert cites(deadline)[0] == basis
    assert COUNTING in cites(deadline)
    assert deadline.moved_from is None
    assert deadline.label == DEADLINE_RULES[kind].label


def test_every_kind_has_a_rule_with_a_chinese_label_and_a_basis():
    assert set(DEADLINE_RULES) == set(DeadlineKind)
    for kind, rule in DEADLINE_RULES.items():
        assert rule.kind is kind
        assert "\u4e00" <= rule.label[0] <= "\u9fff"
        assert rule.basis or kind is K.EVIDENCE  # 举证期限 takes its basis from the procedure


def test_kind_may_be_given_as_its_api_value():
    assert compute_deadline("appeal_judgment", D(2026, 3, 2)).kind is K.APPEAL_JUDGMENT


def test_counting_rule_is_stated():
    deadline = compute_deadline(K.DEFENCE, D(2026, 3, 2))
    assert deadline.notes[0] == (
        "自收到起诉状副本之日（2026年3月2日）的次日起算，期间开始之日不计算在内；期间为15日"
    )


@pytest.mark.parametrize(
    ("procedure", "text"),
    [
        ("ordinary", "第一审普通程序案件人民法院指定的举证期限不得少于十五日，此处按15日计算"),
        ("simple", "简易程序案件人民法院指定的举证期限不得超过十五日，此处按15日计算"),
        ("small_claims", "小额诉讼案件人民法院指定的举证期限一般不得超过七日，此处按7日计算"),
        ("second_instance", "当事人提供新的证据的第二审案件人民法院指定的举证期限不得少于十日"),
    ],
)
def test_evidence_period_defers_to_the_courts_notice(procedure, text):
    notes = " ".join(compute_deadline(K.EVIDENCE, D(2026, 3, 2), procedure=procedure).notes)
    assert text in notes
    assert "举证期限以人民法院举证通知书载明的期限为准" in notes


@pytest.mark.parametrize(
    ("procedure", "extra"),
    [
        ("simple", "《民诉法解释》第二百六十六条第一款"),
        ("small_claims", "《民诉法解释》第二百七十五条第一款"),
    ],
)
def test_short_procedures_cite_the_interpretation_too(procedure, extra):
    assert extra in cites(compute_deadline(K.EVIDENCE, D(2026, 3, 2), procedure=procedure))


@pytest.mark.parametrize(
    ("kind", "start", "options", "complaint"),
    [
        (K.EVIDENCE, D(2026, 3, 2), {}, "未说明审理程序"),
        (K.EVIDENCE, D(2026, 3, 2), {"procedure": "enforcement"}, "执行程序没有举证期限"),
        (K.DEFENCE, D(2026, 3, 2), {"procedure": "appeal"}, "未知的审理程序"),
        ("prescription", D(2026, 3, 2), {}, "无法计算"),
        (K.RETRIAL, D(9999, 12, 1), {}, "超出了可以计算的日期范围"),
    ],
)
def test_bad_input_is_refused_in_chinese(kind, start, options, complaint):
    with pytest.raises(DeadlineError, match=complaint) as error:
        compute_deadline(kind, start, **options)
    assert isinstance(error.value, ValueError)


# --- months and years: 《民法典》第二百零二条, the last day of a month without the day -------


@pytest.mark.parametrize(
    ("kind", "start", "ends_on", "clamped"),
    [
        (K.RETRIAL, D(2023, 8, 31), D(2024, 2, 29), True),  # leap year
        (K.RETRIAL, D(2024, 8, 31), D(2025, 2, 28), True),
        (K.RETRIAL, D(2024, 3, 31), D(2024, 9, 30), True),
        (K.RETRIAL, D(2024, 1, 15), D(2024, 7, 15), False),
        (K.RETRIAL, D(2023, 12, 31), D(2024, 6, 30), True),  # a Sunday: see the move test
        (K.ENFORCEMENT_APPLICATION, D(2024, 2, 29), D(2026, 2, 28), True),
        (K.ENFORCEMENT_APPLICATION, D(2023, 2, 28), D(2025, 2, 28), False),
    ],
)
def test_month_periods_end_on_the_corresponding_day_or_the_months_last(
    kind, start, ends_on, clamped
):
    deadline = compute_deadline(kind, start, calendar=HolidayCalendar.from_notices({}))
    last = deadline.moved_from or deadline.ends_on
    assert last == ends_on
    assert ("《民法典》第二百零二条" in cites(deadline)) is clamped
    assert any("没有与起算日对应的日期" in note for note in deadline.notes) is clamped


def test_month_end_on_an_adjusted_working_saturday_stays():
    # 2026-02-28 is a Saturday the State Council made a working day.
    deadline = compute_deadline(K.RETRIAL, D(2025, 8, 31))
    assert deadline.ends_on == D(2026, 2, 28)
    assert deadline.moved_from is None


def test_month_end_then_weekend_moves_once_and_says_both():
    deadline = compute_deadline(K.RETRIAL, D(2024, 5, 31))
    assert (deadline.moved_from, deadline.ends_on) == (D(2024, 11, 30), D(2024, 12, 2))
    assert "《民法典》第二百零二条" in cites(deadline)
    assert MOVE in cites(deadline)


# --- rest-day moves: 民诉法 85(3) ---------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "start", "last_day", "ends_on"),
    [
        (K.APPEAL_JUDGMENT, D(2026, 9, 18), D(2026, 10, 3), D(2026, 10, 8)),  # 国庆 2026
        (K.DEFENCE, D(2026, 2, 1), D(2026, 2, 16), D(2026, 2, 24)),  # 春节 2026, nine days
        (K.APPEAL_JUDGMENT, D(2025, 9, 23), D(2025, 10, 8), D(2025, 10, 9)),  # 国庆、中秋 2025
        (K.APPEAL_JUDGMENT, D(2024, 3, 21), D(2024, 4, 5), D(2024, 4, 7)),  # to a Sunday worked
        (K.APPEAL_RULING, D(2024, 12, 22), D(2025, 1, 1), D(2025, 1, 2)),  # 元旦 2025
        (K.DEFENCE, D(2026, 3, 6), D(2026, 3, 21), D(2026, 3, 23)),  # a plain weekend
    ],
)
def test_last_day_on_a_rest_day_moves_to_the_next_working_day(kind, start, last_day, ends_on):
    deadline = compute_deadline(kind, start)
    assert (deadline.moved_from, deadline.ends_on) == (last_day, ends_on)
    assert MOVE in cites(deadline)
    moved = f"期间届满的最后一日（{last_day.year}年{last_day.month}月{last_day.day}日）为法定休假日"
    assert any(note.startswith(moved) for note in deadline.notes)


def test_national_day_move_is_stated_in_the_users_words():
    deadline = compute_deadline(K.APPEAL_JUDGMENT, D(2026, 9, 18))
    assert "期间届满的最后一日（2026年10月3日）为法定休假日，顺延至2026年10月8日" in deadline.notes


@pytest.mark.parametrize(
    ("kind", "start", "ends_on"),
    [
        (K.APPEAL_RULING, D(2026, 9, 30), D(2026, 10, 10)),  # Saturday worked after 国庆
        (K.APPEAL_JUDGMENT, D(2026, 9, 5), D(2026, 9, 20)),  # Sunday worked before 国庆
        (K.APPEAL_RULING, D(2024, 5, 1), D(2024, 5, 11)),  # Saturday worked after 劳动节
    ],
)
def test_last_day_on_an_adjusted_working_weekend_day_does_not_move(kind, start, ends_on):
    deadline = compute_deadline(kind, start)
    assert deadline.ends_on == ends_on
    assert deadline.moved_from is None
    assert MOVE not in cites(deadline)
    assert not any("顺延" in note for note in deadline.notes)


# --- years the calendar does not cover -------------------------------------------------


def test_uncovered_year_moves_over_weekends_only_and_says_so():
    deadline = compute_deadline(K.DEFENCE, D(2030, 6, 1))  # last day Sunday 2030-06-16
    assert deadline.ends_on == D(2030, 6, 17)
    assert (
        "本系统尚未收录2030年的国务院节假日安排，只按周末顺延；"
        "如果最后一日是该年的法定节假日，实际期限可能更晚，请以法院通知为准"
    ) in deadline.notes


def test_uncovered_new_years_day_is_not_guessed():
    deadline = compute_deadline(K.DEFENCE, D(2026, 12, 17))  # last day Friday 2027-01-01
    assert deadline.ends_on == D(2027, 1, 1)
    assert (
        "本系统尚未收录2027年的国务院节假日安排，只按周末顺延；"
        "如果最后一日是该年的法定节假日，实际期限可能更晚，请以法院通知为准"
    ) in deadline.notes


def test_covered_years_carry_no_calendar_warning():
    assert not any("未收录" in n for n in compute_deadline(K.DEFENCE, D(2026, 3, 2)).notes)


def test_an_injected_calendar_is_used():
    deadline = compute_deadline(
        K.APPEAL_JUDGMENT, D(2026, 9, 18), calendar=HolidayCalendar.from_notices({})
    )
    assert deadline.ends_on == D(2026, 10, 5)  # weekend only: Saturday 3rd → Monday 5th
    assert (
        "本系统尚未收录2026年的国务院节假日安排，只按周末顺延；"
        "如果最后一日是该年的法定节假日，实际期限可能更晚，请以法院通知为准"
    ) in deadline.notes


# --- abroad ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [K.EVIDENCE, K.RETRIAL, K.ENFORCEMENT_APPLICATION])
def test_abroad_changes_only_the_periods_the_law_extends(kind):
    home = compute_deadline(kind, D(2026, 3, 2), procedure="ordinary")
    away = compute_deadline(kind, D(2026, 3, 2), procedure="ordinary", abroad=True)
    assert (home.ends_on, home.basis) == (away.ends_on, away.basis)


def test_abroad_administrative_appeal_defers_to_the_court():
    deadline = compute_deadline(K.ADMINISTRATIVE_APPEAL_JUDGMENT, D(2026, 3, 2), abroad=True)
    assert deadline.period_text == "15日"
    assert "涉外行政案件的上诉期间，请以人民法院的告知为准" in deadline.notes


def test_simple_procedure_defence_mentions_the_court_may_set_it():
    notes = compute_deadline(K.DEFENCE, D(2026, 3, 2), procedure="simple").notes
    assert any("答辩期间可能由人民法院另行确定" in note for note in notes)


# --- properties --------------------------------------------------------------------------


def _months_later(start: dt.date, months: int) -> dt.date:
    year, month = start.year + (start.month - 1 + months) // 12, (start.month - 1 + months) % 12 + 1
    day = start.day
    while True:
        try:
            return dt.date(year, month, day)
        except ValueError:
            day -= 1


def _nominal_end(kind: DeadlineKind, start: dt.date, abroad: bool) -> dt.date:
    rule = DEADLINE_RULES[kind]
    period = rule.abroad_period if abroad and rule.abroad_period else rule.period
    if period.unit is Unit.DAY:
        return start + dt.timedelta(days=period.amount)
    return _months_later(start, period.amount * (12 if period.unit is Unit.YEAR else 1))


@given(
    kind=st.sampled_from(DeadlineKind),
    start=st.dates(min_value=D(2000, 1, 1), max_value=D(2040, 12, 31)),
    abroad=st.booleans(),
)
def test_deadline_is_never_early_and_never_a_covered_rest_day(kind, start, abroad):
    calendar = default_calendar()
    deadline = compute_deadline(kind, start, abroad=abroad, procedure="ordinary")
    nominal = _nominal_end(kind, start, abroad)
    assert deadline.ends_on >= nominal > start
    assert (deadline.moved_from is not None) == (deadline.ends_on != nominal)
    # The first working day after the nominal one, not any later day.
    assert all(
        calendar.is_rest_day(nominal + dt.timedelta(days=n))
        for n in range((deadline.ends_on - nominal).days)
    )
    if calendar.covers(deadline.ends_on.year):
        assert not calendar.is_rest_day(deadline.ends_on)
    else:
        assert any(f"未收录{deadline.ends_on.year}年" in note for note in deadline.notes)


@given(
    kind=st.sampled_from([k for k, rule in DEADLINE_RULES.items() if rule.abroad_period]),
    start=st.dates(min_value=D(2020, 1, 1), max_value=D(2030, 12, 31)),
)
def test_living_abroad_never_shortens_a_period(kind, start):
    home = compute_deadline(kind, start)
    assert compute_deadline(kind, start, abroad=True).ends_on >= home.ends_on


# --- deadlines running from served documents ----------------------------------------------


def served(document, on, role="all"):
    return ServedDocument(document, on, role)


def kinds(deadlines):
    return [(d.kind, d.ends_on) for d in deadlines]


FIRST_INSTANCE = [
    served("受理案件通知书", D(2026, 3, 1), "plaintiff"),
    served("起诉状副本及应诉通知书", D(2026, 3, 6), "defendant"),
    served("举证通知书", D(2026, 3, 2)),
    served("传票", D(2026, 3, 10)),
]


@pytest.mark.parametrize(
    ("role", "today", "expected"),
    [
        ("defendant", D(2026, 3, 10), [(K.EVIDENCE, D(2026, 3, 17)), (K.DEFENCE, D(2026, 3, 23))]),
        ("plaintiff", D(2026, 3, 10), [(K.EVIDENCE, D(2026, 3, 17))]),
        ("defendant", D(2026, 3, 17), [(K.EVIDENCE, D(2026, 3, 17)), (K.DEFENCE, D(2026, 3, 23))]),
        ("defendant", D(2026, 3, 18), [(K.DEFENCE, D(2026, 3, 23))]),
        ("defendant", D(2026, 3, 24), []),
        ("third_party", D(2026, 3, 10), [(K.EVIDENCE, D(2026, 3, 17))]),
    ],
)
def test_first_instance_deadlines_for_each_party(role, today, expected):
    found = running_deadlines(FIRST_INSTANCE, procedure="ordinary", party_role=role, today=today)
    assert kinds(found) == expected


def test_each_deadline_names_the_document_it_runs_from():
    found = running_deadlines(
        FIRST_INSTANCE, procedure="ordinary", party_role="defendant", today=D(2026, 3, 10)
    )
    assert [d.document for d in found] == ["举证通知书", "起诉状副本及应诉通知书"]


def test_one_document_can_start_several_deadlines_and_duplicates_count_once():
    docs = [
        served("起诉状副本、应诉通知书、举证通知书", D(2026, 3, 2), "defendant"),
        served("应诉通知书", D(2026, 3, 2), "defendant"),
    ]
    found = running_deadlines(
        docs, procedure="small_claims", party_role="defendant", today=D(2026, 3, 2)
    )
    assert kinds(found) == [(K.EVIDENCE, D(2026, 3, 9)), (K.DEFENCE, D(2026, 3, 17))]


@pytest.mark.parametrize(
    ("document", "procedure", "abroad", "expected"),
    [
        ("民事判决书", "ordinary", False, [(K.APPEAL_JUDGMENT, D(2026, 10, 8))]),
        ("民事判决书", "simple", False, [(K.APPEAL_JUDGMENT, D(2026, 10, 8))]),
        ("民事判决书", "ordinary", True, [(K.APPEAL_JUDGMENT, D(2026, 10, 19))]),
        ("行政判决书", "ordinary", False, [(K.ADMINISTRATIVE_APPEAL_JUDGMENT, D(2026, 10, 8))]),
        ("民事判决书", "second_instance", False, [(K.RETRIAL, D(2027, 3, 18))]),
        ("行政判决书", "second_instance", False, [(K.ADMINISTRATIVE_RETRIAL, D(2027, 3, 18))]),
        ("民事判决书", "small_claims", False, [(K.RETRIAL, D(2027, 3, 18))]),
        ("民事判决书", "enforcement", False, []),
        ("民事调解书", "ordinary", False, []),
        ("民事裁定书（驳回起诉）", "ordinary", False, [(K.APPEAL_RULING, D(2026, 9, 28))]),
        ("民事裁定书（不予受理）", "simple", False, [(K.APPEAL_RULING, D(2026, 9, 28))]),
        ("民事裁定书（管辖权异议）", "ordinary", False, [(K.APPEAL_RULING, D(2026, 9, 28))]),
        ("民事裁定书（管辖权异议）", "ordinary", True, [(K.APPEAL_RULING, D(2026, 10, 19))]),
        (
            "行政裁定书（不予立案）",
            "ordinary",
            False,
            [(K.ADMINISTRATIVE_APPEAL_RULING, D(2026, 9, 28))],
        ),
        ("民事裁定书（准许撤诉）", "ordinary", False, []),
        ("民事裁定书（财产保全）", "ordinary", False, []),
        ("民事裁定书（驳回起诉）", "small_claims", False, []),
        ("民事裁定书（驳回起诉）", "second_instance", False, []),
        ("执行裁定书", "enforcement", False, []),
    ],
)
def test_decisions_start_an_appeal_only_where_the_law_allows_one(
    document, procedure, abroad, expected
):
    # Served Friday 2026-09-18: 15 days end in the 2026 National Day holiday, 10 on Monday the 28th.
    found = running_deadlines(
        [served(document, D(2026, 9, 18))],
        procedure=procedure,
        party_role="defendant",
        today=D(2026, 9, 18),
        abroad=abroad,
    )
    assert kinds(found) == expected


def test_second_instance_judgment_offers_retrial_and_says_why():
    (deadline,) = running_deadlines(
        [served("民事判决书", D(2026, 3, 2))],
        procedure="second_instance",
        party_role="appellant",
        today=D(2026, 3, 2),
    )
    assert deadline.kind is K.RETRIAL
    assert deadline.ends_on == D(2026, 9, 2)
    assert "第二审判决是终审判决，不能上诉，可以申请再审" in deadline.notes
    assert cites(deadline)[0] == "《民事诉讼法》第二百一十六条"
    assert "《民事诉讼法》第一百八十二条" in cites(deadline)


def test_small_claims_judgment_is_final_and_cites_it():
    (deadline,) = running_deadlines(
        [served("民事判决书", D(2026, 3, 2))],
        procedure="small_claims",
        party_role="defendant",
        today=D(2026, 3, 2),
    )
    assert deadline.kind is K.RETRIAL
    assert "小额诉讼案件实行一审终审，判决不能上诉，可以申请再审" in deadline.notes
    assert {"《民事诉讼法》第一百六十五条第一款", "《民诉法解释》第四百二十四条第一款"} <= set(
        cites(deadline)
    )


def test_appealable_ruling_cites_article_157():
    (deadline,) = running_deadlines(
        [served("民事裁定书（驳回起诉）", D(2026, 3, 2))],
        procedure="ordinary",
        party_role="plaintiff",
        today=D(2026, 3, 2),
    )
    assert cites(deadline)[:1] == ["《民事诉讼法》第一百七十一条第二款"]
    assert "《民事诉讼法》第一百五十七条第二款" in cites(deadline)


@pytest.mark.parametrize(
    ("doc_role", "role", "expected"),
    [
        ("appellee", "appellee", [(K.APPEAL_DEFENCE, D(2026, 3, 17))]),
        ("all", "appellee", [(K.APPEAL_DEFENCE, D(2026, 3, 17))]),
        ("all", "appellant", []),
        ("appellee", "appellant", []),
        ("defendant", "defendant", [(K.APPEAL_DEFENCE, D(2026, 3, 17))]),  # before the 民终 number
    ],
)
def test_appeal_copy_starts_the_appellees_answer(doc_role, role, expected):
    found = running_deadlines(
        [served("上诉状副本", D(2026, 3, 2), doc_role)],
        procedure="second_instance",
        party_role=role,
        today=D(2026, 3, 2),
    )
    assert kinds(found) == expected


def test_appeal_copy_abroad_gives_thirty_days():
    (deadline,) = running_deadlines(
        [served("上诉状副本", D(2026, 3, 2), "appellee")],
        procedure="second_instance",
        party_role="appellee",
        today=D(2026, 3, 2),
        abroad=True,
    )
    assert deadline.ends_on == D(2026, 4, 1)
    assert cites(deadline)[0] == "《民事诉讼法》第二百八十六条"


def test_running_deadlines_are_sorted_by_their_last_day():
    docs = [
        served("民事判决书", D(2026, 3, 2)),
        served("民事裁定书（管辖权异议）", D(2026, 3, 4)),
        served("举证通知书", D(2026, 2, 27)),
    ]
    found = running_deadlines(
        docs, procedure="ordinary", party_role="defendant", today=D(2026, 3, 2)
    )
    assert [d.ends_on for d in found] == sorted(d.ends_on for d in found)
    assert kinds(found) == [
        (K.EVIDENCE, D(2026, 3, 16)),  # last day Saturday the 14th; the earlier start first
        (K.APPEAL_RULING, D(2026, 3, 16)),  # last day Saturday the 14th as well
        (K.APPEAL_JUDGMENT, D(2026, 3, 17)),
    ]


@pytest.mark.parametrize("procedure", ["", "appeal", "一审"])
def test_running_deadlines_need_a_known_procedure(procedure):
    with pytest.raises(DeadlineError):
        running_deadlines([], procedure=procedure, party_role="defendant", today=D(2026, 3, 2))


# --- the rest of the FACTS deadline table: limitation, suing, filing, trial time limits -----

CIVIL_COUNTING = "《民法典》第二百零一条"


@pytest.mark.parametrize(
    ("kind", "start", "ends_on", "period", "basis", "counting"),
    [
        (
            K.LIMITATION,
            D(2023, 3, 2),
            D(2026, 3, 2),
            "3年",
            "《民法典》第一百八十八条第一款",
            CIVIL_COUNTING,
        ),
        (
            K.LABOUR_ARBITRATION,
            D(2025, 11, 20),
            D(2026, 11, 20),
            "1年",
            "《劳动争议调解仲裁法》第二十七条第一款",
            CIVIL_COUNTING,
        ),
        (
            K.ADMINISTRATIVE_SUIT,
            D(2026, 3, 2),
            D(2026, 9, 2),
            "6个月",
            "《行政诉讼法》第四十六条第一款",
            COUNTING,
        ),
        (
            K.ADMINISTRATIVE_SUIT_AFTER_RECONSIDERATION,
            D(2026, 3, 2),
            D(2026, 3, 17),
            "15日",
            "《行政诉讼法》第四十五条",
            COUNTING,
        ),
        (
            K.FILING_DECISION,
            D(2026, 3, 2),
            D(2026, 3, 9),
            "7日",
            "《民事诉讼法》第一百二十六条",
            COUNTING,
        ),
        (
            K.TRIAL_ORDINARY,
            D(2026, 3, 2),
            D(2026, 9, 2),
            "6个月",
            "《民事诉讼法》第一百五十二条",
            COUNTING,
        ),
        (
            K.TRIAL_SIMPLE,
            D(2026, 3, 2),
            D(2026, 6, 2),
            "3个月",
            "《民事诉讼法》第一百六十四条",
            COUNTING,
        ),
        (
            K.TRIAL_SMALL_CLAIMS,
            D(2026, 3, 3),
            D(2026, 5, 6),
            "2个月",
            "《民事诉讼法》第一百六十八条",
            COUNTING,
        ),
    ],
)
def test_every_row_of_the_facts_table_is_computed(kind, start, ends_on, period, basis, counting):
    deadline = compute_deadline(kind, start)
    assert (deadline.ends_on, deadline.period_text) == (ends_on, period)
    assert cites(deadline)[0] == basis
    assert counting in cites(deadline)
    assert deadline.calendar_covered


def test_limitation_ending_on_national_day_moves_under_the_civil_code():
    deadline = compute_deadline(K.LIMITATION, D(2023, 10, 1))
    assert deadline.moved_from == D(2026, 10, 1)
    assert deadline.ends_on == D(2026, 10, 8)
    assert "《民法典》第二百零三条第一款" in cites(deadline)
    assert "《民事诉讼法》第八十五条第三款" not in cites(deadline)


def test_small_claims_trial_limit_ending_in_labour_day_holiday_moves_past_it():
    deadline = compute_deadline(K.TRIAL_SMALL_CLAIMS, D(2026, 3, 3))
    assert deadline.moved_from == D(2026, 5, 3)
    assert any("公告期间、鉴定期间" in note for note in deadline.notes)


def test_a_date_beyond_the_calendar_is_flagged():
    deadline = compute_deadline(K.RETRIAL, D(2026, 11, 21))
    assert deadline.ends_on == D(2027, 5, 21)
    assert not deadline.calendar_covered
