"""The risk assessment engine: answers checked, rules applied, level, limitation, costs, steps."""

import datetime as dt
from decimal import Decimal

import pytest

from kiosk_api.domain.disputes import default_catalog
from kiosk_api.domain.litigation_risks import Risk
from kiosk_api.domain.risk_assessment import (
    LEVEL_RULE,
    AssessmentError,
    Context,
    Finding,
    Level,
    assess,
    level_of,
)
from kiosk_api.domain.risk_questionnaires import (
    Kind,
    QuestionnaireError,
    default_questionnaires,
    load_questionnaires,
)
from tools.paths import ROOT

SAMPLE = ROOT / "tests" / "data" / "risk_questionnaire_sample.yml"
TODAY = dt.date(2026, 11, 21)
CONTEXT = Context(today=TODAY, small_claims_ceiling=Decimal(50_000))
QUESTIONNAIRES = load_questionnaires(SAMPLE).questionnaires
LENDING = default_catalog().disputes["private_lending"]
WAGES = default_catalog().disputes["labor_remuneration"]

CALM = {
    "defendant_identity": "full",
    "defendant_address": "known",
    "iou": "original",
    "proof": ["bank"],
    "harm_known_on": dt.date(2026, 1, 10),
    "claim_amount": Decimal(100_000),
    "assets": "known",
    "asset_transfer": "no",
    "originals": "all",
    "witnesses": "none",
    "representation": "self",
    "hardship": "no",
}


def lending(**changes):
    return assess(QUESTIONNAIRES["private_lending"], LENDING, {**CALM, **changes}, CONTEXT)


def test_a_calm_case_is_low_with_the_stated_rule_and_the_notice():
    report = lending()
    assert report.findings == ()
    assert report.level is Level.LOW
    assert report.level_rule == LEVEL_RULE
    assert "不是对案件事实和结果的判断" in report.notice
    assert report.questionnaire_version == "test-1"


def test_answers_are_kept_as_the_person_saw_them():
    answers = {a.question: a for a in lending().answers}
    assert answers["iou"].text == "有没有借条？" and answers["iou"].answer == "有原件"
    assert answers["claim_amount"].answer == "100,000元"
    assert answers["harm_known_on"].answer == "2026年1月10日"
    assert answers["proof"].answer == "银行转账"


def test_a_rule_needs_every_listed_answer_and_any_option_of_a_multiple_choice():
    assert lending(iou="none").findings == ()
    report = lending(iou="none", proof=["bank", "cash"])
    assert [f.risk for f in report.findings] == [Risk.INSUFFICIENT_EVIDENCE]
    finding = report.findings[0]
    assert finding.reason == "没有借条，又有现金交付" and finding.severity == 3
    assert finding.title == "不提供或者不充分提供证据"
    assert "《民事诉讼法》第六十七条第一款" in [b.cite() for b in finding.basis]
    assert report.level is Level.HIGH


def test_common_rules_apply_to_every_questionnaire():
    report = lending(defendant_address="unknown")
    assert [f.risk for f in report.findings] == [Risk.SERVICE_ADDRESS]
    assert report.level is Level.MEDIUM


def test_findings_are_ordered_by_severity_then_by_the_notices_order():
    report = lending(defendant_address="unknown", assets="none", iou="none", proof=["cash"])
    assert [f.risk for f in report.findings] == [
        Risk.INSUFFICIENT_EVIDENCE,
        Risk.NO_ASSETS,
        Risk.SERVICE_ADDRESS,
    ]


def _findings(*severities):
    return [Finding(Risk.APPRAISAL, "t", s, "r", "a", ()) for s in severities]


@pytest.mark.parametrize(
    ("severities", "level"),
    [
        ((), Level.LOW),
        ((1,), Level.LOW),
        ((1, 1), Level.LOW),
        ((1, 1, 1), Level.MEDIUM),
        ((2,), Level.MEDIUM),
        ((2, 2), Level.MEDIUM),
        ((2, 2, 2), Level.HIGH),
        ((3,), Level.HIGH),
    ],
)
def test_the_level_follows_the_stated_rule(severities, level):
    assert level_of(_findings(*severities)) is level


def test_an_expired_limitation_is_a_high_risk_with_its_last_day():
    report = lending(harm_known_on=dt.date(2023, 3, 2))
    assert report.limitation.ends_on == dt.date(2026, 3, 2) and report.limitation.expired
    finding = report.findings[0]
    assert finding.risk is Risk.LIMITATION and finding.severity == 3
    assert "2026年3月2日已经届满" in finding.reason
    assert "《民法典》第一百八十八条第一款" in [b.cite() for b in finding.basis]


def test_a_limitation_ending_within_ninety_days_is_a_medium_risk():
    report = lending(harm_known_on=dt.date(2024, 1, 10))  # ends 2027-01-11 (a Monday)
    assert not report.limitation.expired
    assert [(f.risk, f.severity) for f in report.findings] == [(Risk.LIMITATION, 2)]


def test_labour_claims_count_the_one_year_arbitration_period():
    answers = {k: v for k, v in CALM.items() if k not in ("iou", "proof")}
    report = assess(
        QUESTIONNAIRES["labor_remuneration"],
        WAGES,
        {**answers, "harm_known_on": dt.date(2025, 10, 1)},
        CONTEXT,
    )
    assert report.limitation.ends_on == dt.date(
        2026, 10, 8
    )  # 10-01 falls in the National Day break
    assert report.findings[0].risk is Risk.LIMITATION
    assert report.next_steps[0].text.startswith("起诉前须先劳动仲裁")


@pytest.mark.parametrize(
    ("question", "value", "code"),
    [
        ("iou", "maybe", "invalid_option"),
        ("proof", ["bank", "gold"], "invalid_option"),
        ("proof", [], "missing_answer"),
        ("claim_amount", "十万", "invalid_amount"),
        ("claim_amount", Decimal(-1), "invalid_amount"),
        ("harm_known_on", dt.date(2026, 11, 22), "invalid_date"),
        ("harm_known_on", "2026-01-01", "invalid_date"),
    ],
)
def test_invalid_answers_are_refused_in_chinese(question, value, code):
    with pytest.raises(AssessmentError) as error:
        lending(**{question: value})
    assert (error.value.code, error.value.question) == (code, question)
    assert "请" in error.value.message


def test_an_unknown_question_or_a_missing_answer_is_refused():
    with pytest.raises(AssessmentError, match="没有“colour”这个问题"):
        lending(colour="red")
    answers = {k: v for k, v in CALM.items() if k != "iou"}
    with pytest.raises(AssessmentError, match="请回答：有没有借条？"):
        assess(QUESTIONNAIRES["private_lending"], LENDING, answers, CONTEXT)


def test_the_fee_comes_from_the_fee_engine_and_preservation_is_priced_when_relevant():
    calm = {c.name: c for c in lending().costs}
    assert list(calm) == ["案件受理费（估算）"]
    fee = calm["案件受理费（估算）"]
    assert fee.amount == Decimal("1150.00")  # 2,300 halved for simple procedure (art 16)
    worried = {c.name: c for c in lending(asset_transfer="yes").costs}
    assert worried["财产保全申请费（如申请保全）"].amount == Decimal("1020.00")


def test_small_claims_and_simple_procedure_durations():
    small = lending(claim_amount=Decimal(30_000)).duration
    assert (
        "两个月内审结" in small[-1].text
        and small[-1].basis[0].cite() == "《民事诉讼法》第一百六十八条"
    )
    ordinary = lending().duration
    assert [s.basis[0].cite() for s in ordinary[1:]] == [
        "《民事诉讼法》第一百六十四条",
        "《民事诉讼法》第一百五十二条",
    ]


def test_next_steps_offer_mediation_preservation_advice_and_legal_aid():
    steps = [
        s.text
        for s in lending(
            asset_transfer="yes", hardship="yes", iou="none", proof=["cash"]
        ).next_steps
    ]
    assert steps[0].startswith("可以先申请诉前调解")
    assert any("诉讼保全" in s for s in steps)
    assert "找到能证明交付现金的证人或取款记录" in steps
    assert "12348" in steps[-1]


@pytest.mark.parametrize(
    ("written", "instead", "error"),
    [
        # a rule naming an option the question does not have
        ("iou: [none]", "iou: [lost]", "没有选项 lost"),
        # YAML reads a bare yes as true
        ('{id: "yes", label: 担心}', "{id: yes, label: 担心}", "要加引号"),
        # other words for an option are a list
        ('{id: "yes", label: 担心}', '{id: "yes", label: 担心, also: 怕}', "also 应为词语列表"),
    ],
)
def test_a_mistake_in_the_file_stops_loading_and_says_where(tmp_path, written, instead, error):
    path = tmp_path / "q.yml"
    path.write_text(SAMPLE.read_text(encoding="utf-8").replace(written, instead), encoding="utf-8")
    with pytest.raises(QuestionnaireError, match=error):
        load_questionnaires(path)


def test_the_same_risk_from_two_rules_is_one_finding_with_both_reasons():
    report = lending(assets="none", asset_transfer="yes")
    [finding] = [f for f in report.findings if f.risk is Risk.NO_ASSETS]
    assert finding.severity == 3
    assert finding.reason == "对方没有可供执行的财产；对方可能已经在转移财产"
    assert finding.advice == "留意对方的财产线索；尽快申请保全"


# --- the shipped questionnaires -------------------------------------------------------------

SHIPPED = default_questionnaires()
REQUIRED = {
    "private_lending", "divorce", "labor_remuneration", "traffic_accident", "sale_contract",
    "house_lease", "property_service", "credit_card", "personal_injury", "online_shopping",
}  # fmt: skip


def _answers(questionnaire, **chosen):
    """The first claimant's option of every question, a date, 10万 — overridden by `chosen`."""
    answers = {}
    for question in questionnaire.questions:
        if question.kind is Kind.AMOUNT:
            answers[question.id] = Decimal(100_000)
        elif question.kind is Kind.DATE:
            answers[question.id] = dt.date(2026, 6, 1)
        elif question.kind is Kind.MULTI:
            answers[question.id] = [question.options[0].id]
        else:
            answers[question.id] = next(o.id for o in question.options if not o.respondent)
    answers.update(chosen)
    return answers


def test_the_shipped_file_covers_the_ten_dispute_types():
    assert set(SHIPPED.questionnaires) >= REQUIRED


@pytest.mark.parametrize("code", sorted(REQUIRED))
def test_every_shipped_questionnaire_produces_a_report(code):
    questionnaire = SHIPPED.questionnaires[code]
    dispute = default_catalog().disputes[code]
    report = assess(questionnaire, dispute, _answers(questionnaire), CONTEXT)
    assert report.cause == dispute.cause and report.level in Level
    assert len(report.answers) == len(questionnaire.questions)


def _rules():
    for code in sorted(REQUIRED):
        for index, rule in enumerate(SHIPPED.questionnaires[code].rules):
            yield pytest.param(code, rule, id=f"{code}-{index}-{rule.risk.value}")


@pytest.mark.parametrize(("code", "rule"), list(_rules()))
def test_every_shipped_rule_can_fire(code, rule):
    questionnaire = SHIPPED.questionnaires[code]
    chosen = {}
    for question_id, options in rule.when.items():
        question = questionnaire.question(question_id)
        # Prefer an option that does not make the person the respondent.
        option = sorted(options, key=lambda o: question.option(o).respondent)[0]
        chosen[question_id] = [option] if question.kind is Kind.MULTI else option
    report = assess(
        questionnaire, default_catalog().disputes[code], _answers(questionnaire, **chosen), CONTEXT
    )
    assert rule.risk in {f.risk for f in report.findings}


def test_a_person_being_sued_gets_no_risks_about_the_other_side_and_no_limitation_prompt():
    questionnaire = SHIPPED.questionnaires["credit_card"]
    answers = _answers(
        questionnaire,
        side="sued",
        defendant_address="unknown",
        assets="none",
        asset_transfer="yes",
        harm_known_on=dt.date(2020, 1, 1),
    )
    report = assess(questionnaire, default_catalog().disputes["credit_card"], answers, CONTEXT)
    risks = {f.risk for f in report.findings}
    assert not risks & {Risk.SERVICE_ADDRESS, Risk.NO_ASSETS, Risk.PRESERVATION, Risk.LIMITATION}
    assert not report.limitation.applies
    assert not any("保全" in c.name for c in report.costs)
    assert not any("保全" in s.text for s in report.next_steps)


def test_wages_owed_while_still_employed_pause_the_limitation():
    questionnaire = SHIPPED.questionnaires["labor_remuneration"]
    answers = _answers(
        questionnaire, employment_status="employed", harm_known_on=dt.date(2020, 1, 1)
    )
    report = assess(
        questionnaire, default_catalog().disputes["labor_remuneration"], answers, CONTEXT
    )
    assert not report.limitation.applies and "时效期间暂不计算" in report.limitation.text
    assert Risk.LIMITATION not in {f.risk for f in report.findings}
