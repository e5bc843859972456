"""The demo docket: deterministic, importable, and realistic enough to try every lookup on."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from decimal import Decimal

import pytest

from kiosk_api.demo_docket import (
    DEMO_COURTS,
    SHOWCASE,
    demo_records,
    id_check_digit,
)
from kiosk_api.domain.case_numbers import parse_case_number
from kiosk_api.domain.docket_records import parse_record
from kiosk_api.domain.stages import ENFORCEMENT_PATH, TRIAL_PATH, CaseKind, Stage, stage_path

TODAY = dt.date(2026, 3, 18)  # a Wednesday
SATURDAY = dt.date(2026, 3, 21)
HORIZON = TODAY + dt.timedelta(days=42)
CST = dt.timezone(dt.timedelta(hours=8))
MOBILE = re.compile(r"^1[3-9]\d{9}$")
OFFICE_PHONE = re.compile(r"^0755-\d{8}$")


@pytest.fixture(scope="module")
def docket():
    return list(demo_records(today=TODAY))


@pytest.fixture(scope="module")
def generated(docket):
    return docket[len(SHOWCASE) :]


def natural_people(records):
    return [p for r in records for p in r["parties"] if p["kind"] == "natural"]


def hearings_with(records, status):
    return [h for r in records for h in r["hearings"] if h["status"] == status]


# --- determinism and size ------------------------------------------------------------------


def test_same_seed_gives_same_docket():
    assert list(demo_records(300, seed=7, today=TODAY)) == list(
        demo_records(300, seed=7, today=TODAY)
    )


def test_different_seed_gives_different_docket():
    first = list(demo_records(300, seed=7, today=TODAY))
    second = list(demo_records(300, seed=8, today=TODAY))
    assert first[len(SHOWCASE) :] != second[len(SHOWCASE) :]


def test_generation_leaves_the_global_random_state_alone():
    import random

    random.seed(1)
    expected = random.random()
    random.seed(1)
    list(demo_records(50, today=TODAY))
    assert random.random() == expected


@pytest.mark.parametrize("count", [0, 1, 57])
def test_count_generated_cases_follow_the_showcase(count):
    assert len(list(demo_records(count, today=TODAY))) == count + len(SHOWCASE)


def test_default_docket_has_2400_generated_cases(generated):
    assert len(generated) == 2400


def test_negative_count_is_refused():
    with pytest.raises(ValueError):
        list(demo_records(-1))


def test_today_defaults_to_the_current_date():
    today = dt.date.today()
    upcoming = hearings_with(demo_records(100), "scheduled")
    assert upcoming
    assert all(dt.datetime.fromisoformat(h["scheduled_at"]).date() > today for h in upcoming)


# --- import format -------------------------------------------------------------------------


def test_every_record_passes_the_import_parser(docket):
    for record in docket:
        parse_record(record)


def test_case_numbers_are_unique(docket):
    numbers = Counter(r["case_number"] for r in docket)
    assert numbers.most_common(1)[0][1] == 1


def test_serials_rise_with_the_filing_date_per_court_type_and_year(generated):
    last: dict[tuple[str, str, int], tuple[str, int]] = {}
    for record in sorted(generated, key=lambda r: r["filed_on"]):
        number = parse_case_number(record["case_number"])
        assert number.year == int(record["filed_on"][:4])
        key = (number.court_code, number.type_code, number.year)
        if key in last:
            assert (record["filed_on"], number.serial) >= last[key]
        last[key] = (record["filed_on"], number.serial)


def test_all_four_courts_hear_cases(docket):
    used = Counter(parse_case_number(r["case_number"]).court_code for r in docket)
    assert set(used) == {court["code"] for court in DEMO_COURTS}
    assert min(used.values()) >= 100


def test_courts_have_contact_details():
    for court in DEMO_COURTS:
        assert set(court) == {
            "code",
            "name",
            "level",
            "address",
            "phone",
            "service_hours",
            "transport",
        }
        assert all(court.values())
        assert OFFICE_PHONE.match(court["phone"])


def test_case_years_run_from_two_years_back_to_this_year(generated):
    assert {r["filed_on"][:4] for r in generated} == {"2024", "2025", "2026"}


# --- the case mix --------------------------------------------------------------------------


def test_case_mix_is_mostly_civil_then_enforcement_then_administrative(generated):
    kinds = Counter(r["kind"] for r in generated)
    share = {kind: n / len(generated) for kind, n in kinds.items()}
    assert share["civil"] == pytest.approx(0.75, abs=0.05)
    assert share["administrative"] == pytest.approx(0.10, abs=0.04)
    assert share["enforcement"] == pytest.approx(0.15, abs=0.04)


@pytest.mark.parametrize(
    ("type_code", "courts", "procedures", "roles"),
    [
        (
            "民初",
            {"粤0303", "粤0304", "粤0305"},
            {"ordinary", "simple", "small_claims"},
            {"plaintiff", "defendant"},
        ),
        ("民终", {"粤03"}, {"second_instance"}, {"appellant", "appellee"}),
        (
            "行初",
            {"粤0303", "粤0304", "粤0305"},
            {"ordinary", "simple"},
            {"plaintiff", "defendant"},
        ),
        ("行终", {"粤03"}, {"second_instance"}, {"appellant", "appellee"}),
        ("执", {"粤0303", "粤0304", "粤0305"}, {"enforcement"}, {"applicant", "respondent"}),
    ],
)
def test_case_types_sit_in_their_courts_with_their_procedures_and_roles(
    generated, type_code, courts, procedures, roles
):
    records = [r for r in generated if parse_case_number(r["case_number"]).type_code == type_code]
    assert records
    assert {parse_case_number(r["case_number"]).court_code for r in records} == courts
    assert {r["procedure"] for r in records} == procedures
    for record in records:
        assert roles <= {p["role"] for p in record["parties"]} <= roles | {"third_party"}


@pytest.mark.parametrize(
    ("kind", "path"),
    [
        ("civil", (*TRIAL_PATH, Stage.MEDIATED)),
        ("administrative", TRIAL_PATH),
        ("enforcement", ENFORCEMENT_PATH),
    ],
)
def test_every_stage_of_every_path_occurs(generated, kind, path):
    stages = Counter(r["stage"] for r in generated if r["kind"] == kind)
    assert set(stages) == {stage.value for stage in path}
    assert min(stages.values()) >= 10


def test_events_run_forward_to_the_current_stage(docket):
    for record in docket:
        stages = [Stage(e["stage"]) for e in record["events"]]
        mediated = Stage.MEDIATED in stages
        path = stage_path(CaseKind(record["kind"]), mediated=mediated)
        assert tuple(stages) == path[: path.index(Stage(record["stage"])) + 1]
        dates = [e["date"] for e in record["events"]]
        assert dates == sorted(set(dates))
        assert dates[0] == record["filed_on"]
        assert dates[-1] <= TODAY.isoformat()
        expected_closing = dates[-1] if record["stage"] == "closed" else None
        assert record["closed_on"] == expected_closing


def test_causes_are_realistic_per_kind(generated):
    causes = {kind: {r["cause"] for r in generated if r["kind"] == kind} for kind in CaseKind}
    assert {"民间借贷纠纷", "离婚纠纷", "信用卡纠纷", "劳动争议"} <= causes["civil"]
    assert {"行政处罚", "政府信息公开"} <= causes["administrative"]
    assert all(cause.endswith("（申请执行）") for cause in causes["enforcement"])


def test_claims_are_absent_only_where_plausible(generated):
    without_claim = Counter(r["cause"] for r in generated if r["claim_amount"] is None)
    assert without_claim["离婚纠纷"] > 0
    assert without_claim["民间借贷纠纷"] == 0
    administrative = [r for r in generated if r["kind"] == "administrative"]
    assert sum(r["claim_amount"] is None for r in administrative) > 0.8 * len(administrative)


def test_small_claims_never_exceed_50000(generated):
    small = [r for r in generated if r["procedure"] == "small_claims"]
    assert small
    assert all(Decimal(r["claim_amount"]) <= 50_000 for r in small)


# --- parties -------------------------------------------------------------------------------


def test_cases_have_two_or_three_parties(generated):
    assert {len(r["parties"]) for r in generated} == {2, 3}


def test_id_numbers_have_valid_check_digits_and_belong_to_adults(docket):
    people = natural_people(docket)
    assert people
    for person in people:
        number = person["id_number"]
        assert re.fullmatch(r"\d{17}[\dX]", number)
        assert number[-1] == id_check_digit(number[:17])
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        assert (TODAY - born).days > 20 * 365


def test_natural_persons_have_mobile_numbers_and_legal_persons_office_phones(docket):
    for party in (p for r in docket for p in r["parties"]):
        if party["kind"] == "natural":
            assert MOBILE.match(party["phone"])
        else:
            assert OFFICE_PHONE.match(party["phone"])
            assert party["id_number"] is None


@pytest.mark.parametrize(
    ("cause", "role", "word"),
    [
        ("信用卡纠纷", "plaintiff", "银行"),
        ("金融借款合同纠纷", "plaintiff", "银行"),
        ("物业服务合同纠纷", "plaintiff", "物业"),
        ("网络购物合同纠纷", "defendant", "公司"),
        ("行政处罚", "defendant", "局"),
    ],
)
def test_legal_persons_appear_where_they_fit(generated, cause, role, word):
    parties = [p for r in generated if r["cause"] == cause for p in r["parties"]]
    named = [p for p in parties if p["role"] == role]
    assert named
    assert all(p["kind"] == "legal" and word in p["name"] for p in named)


# --- staff, hearings, services, fees -------------------------------------------------------


def test_judge_and_clerk_are_named_from_assignment_on(docket):
    for record in docket:
        if record["stage"] == "filed":
            assert record["judge"] is None and record["clerk"] is None
        else:
            for member in (record["judge"], record["clerk"]):
                assert member["name"] and member["office"]
                assert re.fullmatch(r"0755-8\d{7}", member["office_phone"])


def test_each_court_has_a_fixed_pool_of_at_most_eight_judges_and_clerks(docket):
    pools: dict[str, tuple[set[str], set[str]]] = {}
    for record in (r for r in docket if r["judge"]):
        court = parse_case_number(record["case_number"]).court_code
        judges, clerks = pools.setdefault(court, (set(), set()))
        judges.add(record["judge"]["name"])
        clerks.add(record["clerk"]["name"])
    assert all(1 < len(judges) <= 8 and 1 < len(clerks) <= 8 for judges, clerks in pools.values())


def test_coming_weeks_have_hearings_and_none_is_scheduled_in_the_past(docket):
    upcoming = hearings_with(docket, "scheduled")
    days = Counter(dt.datetime.fromisoformat(h["scheduled_at"]).date() for h in upcoming)
    assert len(upcoming) > 300
    assert min(days) > TODAY and max(days) <= HORIZON
    weeks = Counter(((day - TODAY).days - 1) // 7 for day in days.elements())
    assert len(weeks) == 6 and min(weeks.values()) >= 30


def test_scheduled_cases_have_exactly_one_upcoming_hearing(docket):
    for record in docket:
        upcoming = [h for h in record["hearings"] if h["status"] == "scheduled"]
        assert len(upcoming) == (record["stage"] == "scheduled")


def test_hearings_sit_on_working_days_on_the_half_hour(docket):
    for hearing in (h for r in docket for h in r["hearings"]):
        at = dt.datetime.fromisoformat(hearing["scheduled_at"])
        assert at.utcoffset() == dt.timedelta(hours=8)
        assert at.weekday() < 5
        assert dt.time(9) <= at.time() <= dt.time(16, 30) and at.minute in (0, 30)
        assert hearing["courtroom"].startswith(("第", "速裁法庭"))


def test_held_and_postponed_hearings_are_in_the_past(docket):
    past = hearings_with(docket, "held") + hearings_with(docket, "postponed")
    assert hearings_with(docket, "postponed")
    assert all(dt.datetime.fromisoformat(h["scheduled_at"]).date() <= TODAY for h in past)


def test_heard_cases_have_a_held_hearing(docket):
    for record in docket:
        if any(e["stage"] == "heard" for e in record["events"]):
            assert hearings_with([record], "held")


def test_documents_are_served_after_their_step_and_never_in_the_future(docket):
    for record in docket:
        for service in record["services"]:
            if service["served_on"] is not None:
                assert record["filed_on"] <= service["served_on"] <= TODAY.isoformat()
    documents = Counter(s["document"] for r in docket for s in r["services"])
    assert {"起诉状副本及应诉通知书", "传票", "民事判决书", "民事调解书"} <= set(documents)


def test_summonses_are_served_before_the_hearing(docket):
    for record in (r for r in docket if r["stage"] == "scheduled"):
        hearing = hearings_with([record], "scheduled")[0]["scheduled_at"][:10]
        summonses = [s for s in record["services"] if s["document"] == "传票"]
        assert summonses and all(s["served_on"] < hearing for s in summonses)


def test_every_case_carries_its_fee(generated):
    fee_kinds = {
        "民初": "案件受理费",
        "民终": "上诉案件受理费",
        "行初": "案件受理费",
        "行终": "上诉案件受理费",
        "执": "申请执行费",
    }
    for record in generated:
        (fee,) = record["fees"]
        assert fee["kind"] == fee_kinds[parse_case_number(record["case_number"]).type_code]
        assert Decimal(fee["paid_amount"]) <= Decimal(fee["amount"])
        if record["kind"] == "administrative":
            assert fee["amount"] == "50.00"


def test_some_fees_are_unpaid_or_partly_paid(generated):
    states = Counter(
        "unpaid"
        if f["paid_amount"] == "0.00"
        else "paid"
        if f["paid_amount"] == f["amount"]
        else "part"
        for r in generated
        for f in r["fees"]
    )
    assert states["unpaid"] > 0 and states["part"] > 0 and states["paid"] > states["unpaid"]


def test_demo_fees_come_from_the_fee_engine_with_the_guangdong_standard(generated):
    divorces = [r for r in generated if r["cause"] == "离婚纠纷" and r["claim_amount"] is None]
    assert divorces and all(
        r["fees"][0]["amount"] in ("300.00", "150.00") for r in divorces
    )  # 150: halved under simple procedure


# --- check digits --------------------------------------------------------------------------


def test_check_digit_matches_the_standard_example():
    # The worked example of GB 11643-1999.
    assert id_check_digit("11010519491231002") == "X"


def test_check_digit_refuses_anything_but_17_digits():
    for body in ("1101051949123100", "110105194912310021", "1101051949123100X"):
        with pytest.raises(ValueError):
            id_check_digit(body)


# --- showcase ------------------------------------------------------------------------------


def test_showcase_cases_come_first_exactly_as_published(docket):
    for showcase, record in zip(SHOWCASE, docket, strict=False):
        assert {key: record[key] for key in showcase} == showcase


def test_showcase_does_not_depend_on_the_seed():
    first = list(demo_records(5, seed=1, today=TODAY))[: len(SHOWCASE)]
    second = list(demo_records(5, seed=2, today=TODAY))[: len(SHOWCASE)]
    assert first == second


def test_showcase_id_numbers_are_valid():
    for person in natural_people(SHOWCASE):
        assert person["id_number"][-1] == id_check_digit(person["id_number"][:17])


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (TODAY, "2026-03-25T09:30:00+08:00"),
        (SATURDAY, "2026-03-30T09:30:00+08:00"),  # a Saturday a week on moves to Monday
    ],
)
def test_showcase_hearing_is_a_week_ahead_at_half_past_nine(today, expected):
    loan = next(demo_records(0, today=today))
    assert hearings_with([loan], "scheduled")[0]["scheduled_at"] == expected
    assert loan["fees"][0]["amount"] == "900.00"  # 1,800 halved under simple procedure


def test_showcase_enforcement_is_investigating_with_its_application_fee(docket):
    enforcement = docket[1]
    assert [e["stage"] for e in enforcement["events"]] == ["filed", "investigating"]
    assert enforcement["fees"][0]["amount"] == "1700.00"


def test_showcase_appeal_judgment_was_served_five_days_ago(docket):
    appeal = docket[2]
    judgments = [s for s in appeal["services"] if s["document"] == "民事判决书"]
    assert {s["served_on"] for s in judgments} == {(TODAY - dt.timedelta(days=5)).isoformat()}
    (fee,) = appeal["fees"]
    assert (fee["kind"], fee["payer_role"], fee["amount"]) == (
        "上诉案件受理费",
        "appellant",
        "1050.00",
    )
