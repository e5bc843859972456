"""/api/v1/deadlines/*: the rule of each period, and its last day counted from a start."""

from __future__ import annotations

import datetime as dt
import json
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk_api.api import deadlines as deadlines_api
from kiosk_api.domain.deadlines import DeadlineKind
from tests.api.filing_checks import CHINESE, assert_chinese_error, assert_citations_well_formed
from tests.strategies import json_values

COMPUTE = "/api/v1/deadlines/compute"
COUNTING = "《民事诉讼法》第八十五条第二款"
CIVIL_COUNTING = "《民法典》第二百零一条"


class _FrozenDateTime(dt.datetime):
    @classmethod
    def now(cls, tz: dt.tzinfo | None = None) -> _FrozenDateTime:  # type: ignore[override]
        return cls(2026, 11, 21, 9, 30, tzinfo=tz)


@pytest.fixture
def today_is_2026_11_21(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    """The court's today, for questions that give a date without a year or say 昨天."""
    monkeypatch.setattr(deadlines_api, "dt", SimpleNamespace(datetime=_FrozenDateTime))
    return dt.date(2026, 11, 21)


def compute(api, **body: Any):
    return api.post(COMPUTE, json=body)


def computed(api, **body: Any) -> dict[str, Any]:
    response = compute(api, **body)
    assert response.status_code == 200, response.get_json()
    answer = response.get_json()
    assert answer["computed"] is True, answer
    assert_citations_well_formed(answer)
    return answer["deadline"]


# --- the rules -------------------------------------------------------------------------------


def test_kinds_lists_every_period_with_its_rule(api):
    kinds = api.get("/api/v1/deadlines/kinds").get_json()["kinds"]
    assert [k["kind"] for k in kinds] == [k.value for k in DeadlineKind]
    for kind in kinds:
        assert CHINESE.search(kind["label"]) and kind["starts_with"]
        assert kind["basis"], kind["kind"]
    assert_citations_well_formed(kinds)


@pytest.mark.parametrize(
    ("kind", "period", "basis"),
    [
        ("defence", "15日", "《民事诉讼法》第一百二十八条第一款"),
        ("appeal_judgment", "15日", "《民事诉讼法》第一百七十一条第一款"),
        ("appeal_ruling", "10日", "《民事诉讼法》第一百七十一条第二款"),
        ("retrial", "6个月", "《民事诉讼法》第二百一十六条"),
        ("enforcement_application", "2年", "《民事诉讼法》第二百五十条第一款"),
        ("suit_after_preservation", "30日", "《民事诉讼法》第一百零四条第三款"),
        ("limitation", "3年", "《民法典》第一百八十八条第一款"),
        ("filing_decision", "7日", "《民事诉讼法》第一百二十六条"),
        ("trial_ordinary", "6个月", "《民事诉讼法》第一百五十二条"),
        ("trial_simple", "3个月", "《民事诉讼法》第一百六十四条"),
        ("trial_small_claims", "2个月", "《民事诉讼法》第一百六十八条"),
    ],
)
def test_each_rule_states_its_length_and_provision(api, kind, period, basis):
    rules = {k["kind"]: k for k in api.get("/api/v1/deadlines/kinds").get_json()["kinds"]}
    assert rules[kind]["period"] == period
    assert basis in rules[kind]["basis"]


def test_the_evidence_period_depends_on_the_procedure(api):
    rules = {k["kind"]: k for k in api.get("/api/v1/deadlines/kinds").get_json()["kinds"]}
    evidence = rules["evidence"]
    assert evidence["period"] is None
    limits = {p["procedure"]: (p["period"], p["limit"]) for p in evidence["by_procedure"]}
    assert limits == {
        "ordinary": ("15日", "不得少于十五日"),
        "simple": ("15日", "不得超过十五日"),
        "small_claims": ("7日", "一般不得超过七日"),
        "second_instance": ("10日", "不得少于十日"),
    }


def test_a_party_abroad_has_thirty_days_to_appeal_and_answer(api):
    rules = {k["kind"]: k for k in api.get("/api/v1/deadlines/kinds").get_json()["kinds"]}
    for kind in ("defence", "appeal_defence", "appeal_judgment", "appeal_ruling"):
        assert rules[kind]["abroad_period"] == "30日"


# --- computing from a start ------------------------------------------------------------------

# From Monday 2 March 2026. 2 May 2026 is a Saturday inside the 劳动节 holiday (1–5 May).
ENDS_FROM_2026_03_02 = {
    "defence": "2026-03-17",
    "appeal_defence": "2026-03-17",
    "appeal_judgment": "2026-03-17",
    "appeal_ruling": "2026-03-12",
    "administrative_appeal_judgment": "2026-03-17",
    "administrative_appeal_ruling": "2026-03-12",
    "evidence": "2026-03-17",
    "enforcement_application": "2028-03-02",
    "retrial": "2026-09-02",
    "administrative_retrial": "2026-09-02",
    "suit_after_preservation": "2026-04-01",
    "limitation": "2029-03-02",
    "labour_arbitration": "2027-03-02",
    "administrative_suit": "2026-09-02",
    "administrative_suit_after_reconsideration": "2026-03-17",
    "filing_decision": "2026-03-09",
    "trial_ordinary": "2026-09-02",
    "trial_simple": "2026-06-02",
    "trial_small_claims": "2026-05-06",
}


def test_the_table_covers_every_kind():
    assert set(ENDS_FROM_2026_03_02) == {k.value for k in DeadlineKind}


@pytest.mark.parametrize("kind", [k.value for k in DeadlineKind])
def test_every_kind_computes_from_a_start_date(api, kind):
    deadline = computed(api, kind=kind, start="2026-03-02", procedure="ordinary")
    assert deadline["kind"] == kind
    assert deadline["start"] == "2026-03-02"
    assert deadline["ends_on"] == ENDS_FROM_2026_03_02[kind]
    assert isinstance(deadline["basis"], list) and deadline["basis"]
    assert COUNTING in deadline["basis"] or CIVIL_COUNTING in deadline["basis"]
    ends = dt.date.fromisoformat(deadline["ends_on"])
    assert deadline["weekday"] == "一二三四五六日"[ends.weekday()]
    assert deadline["ends_on_text"] == f"{ends.year}年{ends.month}月{ends.day}日"
    assert deadline["calendar_covered"] is (ends.year in deadline["calendar_years"])


@pytest.mark.parametrize(
    ("kind", "counting"),
    [
        ("limitation", CIVIL_COUNTING),
        ("labour_arbitration", CIVIL_COUNTING),
        ("appeal_judgment", COUNTING),
        ("administrative_suit", COUNTING),
    ],
)
def test_limitation_periods_count_by_the_civil_code_and_procedure_by_article_85(
    api, kind, counting
):
    deadline = computed(api, kind=kind, start="2026-03-02")
    assert counting in deadline["basis"]


def test_a_last_day_in_the_national_day_holiday_moves_to_the_next_working_day(api):
    deadline = computed(api, kind="limitation", start="2023-10-01")
    assert deadline["ends_on"] == "2026-10-08"
    assert deadline["moved_from"] == "2026-10-01"
    assert deadline["calendar_covered"] is True
    assert "《民法典》第二百零三条第一款" in deadline["basis"]
    assert any("顺延至2026年10月8日" in note for note in deadline["notes"])


def test_a_procedural_last_day_in_the_spring_festival_moves_under_article_85(api):
    deadline = computed(api, kind="appeal_judgment", start="2026-02-05")
    assert (deadline["moved_from"], deadline["ends_on"]) == ("2026-02-20", "2026-02-24")
    assert "《民事诉讼法》第八十五条第三款" in deadline["basis"]


def test_a_weekend_made_a_working_day_is_not_moved(api):
    # Saturday 14 February 2026 is a working day (调休上班) before the Spring Festival.
    deadline = computed(api, kind="appeal_ruling", start="2026-02-04")
    assert deadline["ends_on"] == "2026-02-14"
    assert deadline["moved_from"] is None


def test_an_ordinary_weekend_is_moved_to_monday(api):
    deadline = computed(api, kind="appeal_judgment", start="2026-03-06")
    assert (deadline["moved_from"], deadline["ends_on"]) == ("2026-03-21", "2026-03-23")


def test_a_month_without_the_corresponding_day_ends_on_its_last_day(api):
    deadline = computed(api, kind="trial_small_claims", start="2025-12-31")
    assert deadline["ends_on"] == "2026-02-28"
    assert "《民法典》第二百零二条" in deadline["basis"]


def test_a_date_beyond_the_holiday_data_says_the_calendar_is_not_covered(api):
    deadline = computed(api, kind="retrial", start="2026-11-21")
    assert deadline["ends_on"] == "2027-05-21"
    assert deadline["calendar_covered"] is False
    assert 2027 not in deadline["calendar_years"]
    assert any("尚未收录2027年" in note and "以法院通知为准" in note for note in deadline["notes"])


def test_a_party_abroad_gets_thirty_days_under_article_286(api):
    deadline = computed(api, kind="appeal_judgment", start="2026-03-02", abroad=True)
    assert deadline["ends_on"] == "2026-04-01" and deadline["period"] == "30日"
    assert "《民事诉讼法》第二百八十六条" in deadline["basis"]
    defence = computed(api, kind="defence", start="2026-03-02", abroad=True)
    assert "《民事诉讼法》第二百八十五条" in defence["basis"]


@pytest.mark.parametrize(
    ("procedure", "ends_on"),
    [
        ("ordinary", "2026-03-17"),
        ("simple", "2026-03-17"),
        ("small_claims", "2026-03-09"),
        ("second_instance", "2026-03-12"),
    ],
)
def test_the_evidence_period_is_counted_for_the_procedure_given(api, procedure, ends_on):
    deadline = computed(api, kind="evidence", start="2026-03-02", procedure=procedure)
    assert deadline["ends_on"] == ends_on
    assert "《证据规定》第五十一条第二款" in deadline["basis"]


def test_the_evidence_period_without_a_procedure_gives_the_rule(api):
    body = compute(api, kind="evidence", start="2026-03-02").get_json()
    assert body["computed"] is False and body["deadline"] is None
    assert len(body["rule"]["by_procedure"]) == 4


@pytest.mark.parametrize("start", ["2026年3月2日", "2026/3/2", "2026.03.02", "２０２６年３月２日"])
def test_the_start_may_be_written_the_usual_ways(api, start):
    assert computed(api, kind="appeal_judgment", start=start)["start"] == "2026-03-02"


# --- questions -------------------------------------------------------------------------------


def test_a_question_names_the_period_and_the_day(api, today_is_2026_11_21):
    deadline = computed(api, question="判决书11月3号收到的 最晚哪天上诉")
    assert deadline["kind"] == "appeal_judgment"
    assert (deadline["start"], deadline["ends_on"]) == ("2026-11-03", "2026-11-18")
    assert "《民事诉讼法》第一百七十一条第一款" in deadline["basis"]


@pytest.mark.parametrize(
    ("question", "kind", "start"),
    [
        ("昨天收到判决书，什么时候上诉", "appeal_judgment", "2026-11-20"),
        ("裁定书十一月十号送达的，上诉期到哪天", "appeal_ruling", "2026-11-10"),
        ("11月25号收到起诉状副本，答辩期到哪天", "defence", "2025-11-25"),
        (
            "2026年9月1日收到行政复议决定书",
            "administrative_suit_after_reconsideration",
            "2026-09-01",
        ),
        ("小额诉讼 11.2收到举证通知书 举证期限", "evidence", "2026-11-02"),
    ],
)
def test_questions_in_everyday_words(api, today_is_2026_11_21, question, kind, start):
    deadline = computed(api, question=question)
    assert (deadline["kind"], deadline["start"]) == (kind, start)


@pytest.mark.parametrize(
    ("question", "start"),
    [
        ("判决书11月3号收到的，今天还能上诉吗", "2026-11-03"),
        ("判决书2026年11月3日收到，今天最晚能上诉吗", "2026-11-03"),
        ("11.3收到判决书，昨天去问了，上诉期到哪天", "2026-11-03"),
        ("今天收到判决书，判决是11月3日作出的，上诉期到哪天", "2026-11-21"),
    ],
)
def test_the_first_date_in_the_question_is_the_start_not_a_later_today(
    api, today_is_2026_11_21, question, start
):
    deadline = computed(api, question=question)
    assert deadline["start"] == start


def test_a_question_abroad_gets_the_longer_period(api, today_is_2026_11_21):
    deadline = computed(api, question="我在国外，判决书11月3日收到，什么时候上诉")
    assert deadline["period"] == "30日"


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("上诉期是多久", "appeal_judgment"),
        ("诉讼时效是几年", "limitation"),
        ("劳动仲裁有时效吗", "labour_arbitration"),
        ("申请再审有期限吗", "retrial"),
    ],
)
def test_a_question_without_a_date_gets_the_rule(api, question, kind):
    body = compute(api, question=question).get_json()
    assert body["computed"] is False and body["deadline"] is None
    assert body["rule"]["kind"] == kind and body["rule"]["basis"]


@pytest.mark.parametrize(
    ("question", "says", "cited"),
    [
        (
            "11月3日收到劳动仲裁裁决书，多久内要起诉",
            "十五日内向人民法院起诉",
            "第五十条",
        ),
        ("对劳动仲裁裁决不服，多长时间起诉", "十五日", "第四十八条"),
        ("小额诉讼判决11月3日收到，上诉期到哪天", "一审终审", "《民事诉讼法》第一百六十五条第一款"),
        ("调解书11月3日收到，上诉期多久", "不能上诉", "《民事诉讼法》第一百条第三款"),
        ("执行异议被裁定驳回了，多久可以申请复议", "十日内", "《民事诉讼法》第二百三十六条"),
    ],
)
def test_a_question_about_a_period_not_computed_gets_the_rule_not_another_periods_date(
    api, today_is_2026_11_21, question, says, cited
):
    error = assert_chinese_error(compute(api, question=question), 422)
    assert error["code"] == "deadline_not_computable"
    assert says in error["message"] and cited in error["message"]


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("仲裁裁决生效后多久申请执行", "enforcement_application"),
        ("公司把我辞退了，劳动仲裁时效多久", "labour_arbitration"),
        ("行政复议决定书收到后多久起诉", "administrative_suit_after_reconsideration"),
    ],
)
def test_neighbouring_questions_still_get_their_period(api, question, kind):
    body = compute(api, question=question).get_json()
    assert body["rule"]["kind"] == kind


@pytest.mark.parametrize("procedure", ["small_claims", "second_instance"])
@pytest.mark.parametrize("kind", ["appeal_judgment", "appeal_ruling"])
def test_no_appeal_period_is_computed_for_a_final_judgment(api, kind, procedure):
    response = compute(api, kind=kind, start="2026-03-02", procedure=procedure)
    error = assert_chinese_error(response, 422, "not_appealable")
    assert "不能上诉" in error["message"] and "再审" in error["message"]
    assert computed(api, kind=kind, start="2026-03-02", procedure="simple")["kind"] == kind


def test_an_explicit_kind_wins_over_the_words_of_the_question(api):
    deadline = computed(api, kind="retrial", question="上诉", start="2026-03-02")
    assert deadline["kind"] == "retrial"


# --- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        {"kind": "retrial", "start": "2026年2月30日"},
        {"kind": "retrial", "start": "2026-02-30"},
        {"kind": "retrial", "start": "13月1日"},
        {"kind": "retrial", "start": "下个月"},
        {"question": "2月30日收到判决书，上诉期到哪天"},
        {"question": "判决书十三月三号收到 上诉"},
    ],
)
def test_an_impossible_or_unreadable_date_is_invalid_date(api, body):
    error = assert_chinese_error(compute(api, **body), 422, "invalid_date")
    assert error["detail"] == {"field": "start"}


@pytest.mark.parametrize(
    "question",
    [
        "判决书一二月三号收到 上诉",
        "判决书十十月三号收到 上诉",
        "判决书十一二月三号收到 上诉",
        "判决书十月三十十号收到 上诉",
    ],
)
def test_chinese_numerals_that_are_not_numbers_are_an_invalid_date_not_a_500(api, question):
    assert_chinese_error(compute(api, question=question), 422, "invalid_date")


def test_an_unknown_kind_lists_the_allowed_kinds(api):
    error = assert_chinese_error(compute(api, kind="appeal", start="2026-03-02"), 422)
    assert error["code"] == "invalid_choice"
    assert error["detail"]["allowed"] == [k.value for k in DeadlineKind]


def test_a_question_naming_no_period_asks_which_one(api):
    error = assert_chinese_error(compute(api, question="今天天气怎么样"), 422, "unknown_deadline")
    assert "上诉" in error["message"]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({}, "missing_field"),
        ({"kind": "", "question": "  "}, "missing_field"),
        ({"kind": 5}, "invalid_field"),
        ({"question": ["上诉"]}, "invalid_field"),
        ({"kind": "retrial", "start": 20260302}, "invalid_field"),
        ({"kind": "retrial", "start": "2026-03-02", "abroad": "yes"}, "invalid_field"),
        ({"kind": "retrial", "start": "2026-03-02", "procedure": "xyz"}, "deadline_not_computable"),
        (
            {"kind": "evidence", "start": "2026-03-02", "procedure": "enforcement"},
            "deadline_not_computable",
        ),
        ({"kind": "limitation", "start": "9999-12-25"}, "deadline_not_computable"),
        ({"kind": "limitation", "start": "2026-03-02" + " " * 40 + "x"}, "too_long"),
        ({"question": "上诉" * 101}, "too_long"),
    ],
)
def test_bad_input_is_a_chinese_422(api, body, code):
    assert_chinese_error(compute(api, **body), 422, code)


def test_a_body_that_is_not_json_is_a_400(api):
    assert_chinese_error(api.post(COMPUTE, data="kind=retrial", content_type="text/plain"), 400)
    assert_chinese_error(api.post(COMPUTE, data="[", content_type="application/json"), 400)
    assert_chinese_error(api.post(COMPUTE, json="retrial"), 400, "not_json_object")


def test_a_very_long_question_is_refused(api):
    response = compute(api, question="上诉" * 5000)
    assert response.status_code in (413, 422)
    assert CHINESE.search(response.get_json()["error"]["message"])


@pytest.mark.parametrize("field", ["question", "kind", "start", "procedure"])
def test_control_characters_are_refused(api, field):
    body = {"kind": "retrial", "start": "2026-03-02", field: "上诉\x00\x1b"}
    error = assert_chinese_error(compute(api, **body), 422, "invalid_field")
    assert error["detail"] == {"field": field}


@pytest.mark.parametrize(
    "kind", ["'; DROP TABLE cases; --", "<script>alert(1)</script>", '"}{"computed": true']
)
def test_injection_in_kind_is_echoed_only_inside_valid_json(api, kind):
    response = compute(api, kind=kind, start="2026-03-02")
    error = assert_chinese_error(response, 422, "invalid_choice")
    assert response.mimetype == "application/json"
    assert kind in json.loads(response.get_data(as_text=True))["error"]["message"]
    assert error["detail"]["field"] == "kind"


# --- robustness ------------------------------------------------------------------------------

_dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(9999, 12, 31)).map(
    dt.date.isoformat
)
_date_words = st.text(
    alphabet="0123456789一二三四五六七八九十两零〇年月日号./- 昨今前天", max_size=14
)
_deadline_bodies = st.fixed_dictionaries(
    {},
    optional={
        "kind": st.sampled_from([k.value for k in DeadlineKind] + ["nope", ""]) | json_values,
        "question": st.builds("{}收到判决书 上诉".format, _date_words) | json_values,
        "start": _dates | _date_words | json_values,
        "abroad": st.booleans() | json_values,
        "procedure": st.sampled_from(["ordinary", "simple", "small_claims", "x"]) | json_values,
    },
)


@settings(max_examples=40, deadline=None)
@given(body=_deadline_bodies | json_values)
def test_no_json_body_of_any_shape_produces_a_500(api, body):
    response = api.post(COMPUTE, data=json.dumps(body), content_type="application/json")
    assert response.status_code in (200, 400, 422), (body, response.get_json())
    answer = response.get_json()
    if response.status_code != 200:
        assert CHINESE.search(answer["error"]["message"]), answer
    else:
        assert_citations_well_formed(answer)
        if answer["computed"]:
            deadline = answer["deadline"]
            assert deadline["ends_on"] > deadline["start"]


@settings(max_examples=40, deadline=None)
@given(words=_date_words)
def test_any_date_words_in_a_question_are_a_day_or_a_reason(api, words):
    response = compute(api, question=f"判决书{words}收到，上诉期到哪天")
    assert response.status_code in (200, 422), response.get_json()
    if response.status_code == 422:
        assert response.get_json()["error"]["code"] in ("invalid_date", "deadline_not_computable")


@settings(max_examples=40, deadline=None)
@given(start=st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2026, 12, 31)))
def test_the_last_day_is_never_a_rest_day_in_a_covered_year(api, start):
    deadline = computed(api, kind="appeal_judgment", start=start.isoformat())
    ends = dt.date.fromisoformat(deadline["ends_on"])
    nominal = start + dt.timedelta(days=15)
    assert ends >= nominal
    assert (deadline["moved_from"] is None) is (ends == nominal)
    if deadline["calendar_covered"]:
        from kiosk_api.domain.holidays import default_calendar

        assert not default_calendar().is_rest_day(ends)
