"""《诉讼费用交纳办法》 article by article, the FACTS table, and properties of the fee engine."""

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk_api.domain.fee_schedule import DEFAULT_STANDARD, ROUNDING_POLICIES
from kiosk_api.domain.fees import (
    CaseKind,
    FeeRequest,
    FeeRequestError,
    Instance,
    Outcome,
    Procedure,
    RetrialGround,
    estimate_fee,
)


def fee(kind, amount=None, **options):
    value = None if amount is None else Decimal(str(amount))
    return estimate_fee(FeeRequest(CaseKind(kind), value, **options))


def citations(estimate):
    return [line.basis.cite() for line in estimate.lines]


# FACTS.md: the worked table of art 13(一), 14(一) and 14(二).
@pytest.mark.parametrize(
    ("amount", "acceptance", "execution", "preservation"),
    [
        (10_000, "50", "50", "120"),
        (50_000, "1050", "650", "520"),
        (100_000, "2300", "1400", "1020"),
        (1_000_000, "13800", "12400", "5000"),
        (10_000_000, "81800", "77400", "5000"),
    ],
)
def test_fee_matches_the_facts_table(amount, acceptance, execution, preservation):
    assert fee("property", amount).total == Decimal(acceptance)
    assert fee("execution", amount).total == Decimal(execution)
    assert fee("preservation", amount).total == Decimal(preservation)


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (1, "50"),
        (10_000, "50"),
        (10_001, "50.03"),  # 50.025 rounds half-up to the fen
        (200_000, "4300"),
        (500_000, "8800"),
        (2_000_000, "22800"),
        (5_000_000, "46800"),
        (20_000_000, "141800"),
        (30_000_000, "191800"),
    ],
)
def test_property_brackets_are_cumulative_art_13_1(amount, expected):
    estimate = fee("property", amount)
    assert estimate.total == Decimal(expected)
    assert citations(estimate) == ["《诉讼费用交纳办法》第十三条第（一）项"]


def test_divorce_charges_only_the_property_above_200000_regression():
    # Public calculators charge 0.5% of the whole 50万 (2,500); the text says the part above 20万.
    estimate = fee("divorce", 500_000)
    assert estimate.total == Decimal("1800")
    assert [line.amount for line in estimate.lines] == [Decimal("300"), Decimal("1500.00")]
    assert fee("divorce", 200_000).total == fee("divorce").total == Decimal("300")


def test_execution_brackets_regression_ten_million_is_77400_not_74700():
    assert fee("execution", 10_000_000).total == Decimal("77400")
    assert fee("execution", 20_000_000).total == Decimal("87400")


@pytest.mark.parametrize(
    ("amount", "expected"),
    [(None, "500"), (30_000, "500"), (80_000, "800"), (100_000, "1000"), (300_000, "2000")],
)
def test_personality_rights_damages_part_art_13_2_2(amount, expected):
    assert fee("personality", amount).total == Decimal(expected)


@pytest.mark.parametrize(
    ("kind", "amount", "expected", "basis"),
    [
        ("other_non_property", None, "100", "第十三条第（二）项第三目"),
        ("ip", None, "1000", "第十三条第（三）项"),
        ("ip", 100_000, "2300", "第十三条第（三）项"),
        ("labor", None, "10", "第十三条第（四）项"),
        ("administrative", None, "50", "第十三条第（五）项第二目"),
        ("administrative_special", None, "100", "第十三条第（五）项第一目"),
        ("jurisdiction_objection", None, "100", "第十三条第（六）项"),
        ("execution", None, "500", "第十四条第（一）项第一目"),
        ("payment_order", 50_000, "350", "第十四条第（三）项"),
        ("payment_order", 10_000, "16.67", "第十四条第（三）项"),
        ("public_notice", None, "100", "第十四条第（四）项"),
        ("arbitration_review", None, "400", "第十四条第（五）项"),
        ("bankruptcy", 1_000_000, "6900", "第十四条第（六）项"),
        ("bankruptcy", 10**11, "300000", "第十四条第（六）项"),
        ("maritime_liability_fund", None, "10000", "第十四条第（七）项第一目"),
        ("maritime_injunction", None, "5000", "第十四条第（七）项第二目"),
        ("maritime_lien_notice", None, "5000", "第十四条第（七）项第三目"),
        ("maritime_claim_registration", None, "1000", "第十四条第（七）项第四目"),
        ("maritime_general_average", None, "1000", "第十四条第（七）项第五目"),
        ("special_procedure", None, "0", "第八条第（一）项"),
        ("administrative_compensation", None, "0", "第八条第（四）项"),
    ],
)
def test_every_kind_has_its_fee_and_article(kind, amount, expected, basis):
    estimate = fee(kind, amount)
    assert estimate.total == Decimal(expected)
    assert citations(estimate)[0].endswith(basis)


def test_preservation_without_an_amount_is_30_and_never_above_5000():
    assert fee("preservation").total == Decimal("30")
    assert fee("preservation", 896_000).total == Decimal("5000")
    assert fee("preservation", 895_000).total == Decimal("4995")


@pytest.mark.parametrize(
    ("options", "article"),
    [
        ({"outcome": Outcome.MEDIATION}, 15),
        ({"outcome": Outcome.WITHDRAWAL}, 15),
        ({"procedure": Procedure.SIMPLE}, 16),
        ({"procedure": Procedure.SMALL_CLAIMS}, 16),
        ({"counterclaim": True}, 18),
    ],
)
def test_each_halving_ground_halves_the_acceptance_fee(options, article):
    estimate = fee("property", 100_000, **options)
    assert estimate.total == Decimal("1150")
    assert estimate.halved_by is not None and estimate.halved_by.article == article
    assert estimate.lines[-1].reduction and estimate.lines[-1].amount == Decimal("-1150")


def test_fee_halves_only_once():
    estimate = fee(
        "property",
        100_000,
        procedure=Procedure.SIMPLE,
        outcome=Outcome.MEDIATION,
        counterclaim=True,
    )
    assert estimate.total == Decimal("1150")
    assert sum(line.reduction for line in estimate.lines) == 1
    assert any("只能减半一次" in n.text and n.basis.article == 206 for n in estimate.notes)


def test_mediation_is_prepaid_in_full_but_simple_procedure_prepays_half():
    assert fee("property", 100_000, outcome=Outcome.MEDIATION).prepay == Decimal("2300")
    assert fee("property", 100_000, procedure=Procedure.SIMPLE).prepay == Decimal("1150")


def test_a_judgment_fee_shows_what_halving_would_make_it():
    estimate = fee("property", 80_000)
    assert estimate.total == Decimal("1800") and estimate.halved_total == Decimal("900")
    articles = {n.basis.article for n in estimate.notes if n.basis}
    assert {15, 16, 206, 22, 29, 44} <= articles


def test_application_fees_are_never_halved():
    estimate = fee("preservation", 100_000, outcome=Outcome.MEDIATION)
    assert estimate.total == Decimal("1020")
    assert any("申请费不适用减半" in n.text for n in estimate.notes)


def test_small_claims_halving_follows_the_province_setting():
    local = replace(DEFAULT_STANDARD, small_claims_halved=False)
    request = FeeRequest(CaseKind.PROPERTY, Decimal(50_000), procedure=Procedure.SMALL_CLAIMS)
    assert estimate_fee(request, local).total == Decimal("1050")
    assert estimate_fee(request).total == Decimal("525")


def test_province_figures_replace_the_top_of_the_range():
    local = replace(DEFAULT_STANDARD, name="某省标准", divorce=Decimal(200), is_default=False)
    estimate = estimate_fee(FeeRequest(CaseKind.DIVORCE), local)
    assert estimate.total == Decimal(200)
    assert any("按某省标准计算" in n.text for n in estimate.notes)
    assert any("按上限估算" in n.text for n in fee("divorce").notes)


def test_appeal_is_charged_on_the_amount_appealed_art_17():
    estimate = fee("property", 50_000, instance=Instance.APPEAL)
    assert estimate.total == Decimal("1050")
    assert citations(estimate) == ["《诉讼费用交纳办法》第十七条"]
    assert estimate.lines[0].name == "第二审案件受理费"


def test_appealing_a_jurisdiction_ruling_costs_nothing_art_8_3():
    estimate = fee("jurisdiction_objection", instance=Instance.APPEAL)
    assert estimate.total == 0 and citations(estimate) == ["《诉讼费用交纳办法》第八条第（三）项"]


@pytest.mark.parametrize(
    ("ground", "expected"),
    [
        (RetrialGround.OTHER, "0"),
        (RetrialGround.NEW_EVIDENCE, "1050"),
        (RetrialGround.NO_APPEAL_FIRST, "1050"),
    ],
)
def test_retrial_pays_only_in_the_two_cases_of_art_9(ground, expected):
    estimate = fee("property", 50_000, instance=Instance.RETRIAL, retrial_ground=ground)
    assert estimate.total == Decimal(expected)
    assert estimate.lines[0].basis.article == (9 if expected == "0" else 19)


def test_wage_claims_need_not_prepay_art_20():
    estimate = fee("labor", wage_claim=True)
    assert estimate.total == Decimal("10") and estimate.prepay == 0
    assert any(n.basis and n.basis.article == 20 for n in estimate.notes)


def test_execution_and_bankruptcy_fees_are_paid_afterwards_art_20():
    for estimate in (fee("execution", 100_000), fee("bankruptcy", 1_000_000)):
        assert estimate.prepay == 0 and estimate.total > 0
        assert any(n.basis and n.basis.cite().endswith("第二十条第二款") for n in estimate.notes)


def test_the_seven_day_deadline_and_its_consequence_are_stated():
    texts = [(n.text, n.basis.cite()) for n in fee("property", 10_000).notes if n.basis]
    assert (
        "自接到法院交纳诉讼费用通知次日起7日内交纳",
        "《诉讼费用交纳办法》第二十二条第一款",
    ) in (texts)
    assert any(cite == "《民诉法解释》第二百一十三条" for _, cite in texts)


@pytest.mark.parametrize(
    ("request_", "field"),
    [
        (FeeRequest(CaseKind.PROPERTY), "amount"),
        (FeeRequest(CaseKind.PROPERTY, Decimal(0)), "amount"),
        (FeeRequest(CaseKind.PROPERTY, Decimal(-5)), "amount"),
        (FeeRequest(CaseKind.BANKRUPTCY), "amount"),
        (FeeRequest(CaseKind.EXECUTION, instance=Instance.APPEAL), "instance"),
        (
            FeeRequest(
                CaseKind.PROPERTY,
                Decimal(1),
                procedure=Procedure.SIMPLE,
                instance=Instance.APPEAL,
            ),
            "procedure",
        ),
        (FeeRequest(CaseKind.DIVORCE, procedure=Procedure.SMALL_CLAIMS), "procedure"),
        (
            FeeRequest(
                CaseKind.PROPERTY,
                Decimal(1000),
                procedure=Procedure.SMALL_CLAIMS,
                counterclaim=True,
            ),
            "procedure",
        ),
    ],
)
def test_requests_the_rules_cannot_answer_are_refused_with_the_field(request_, field):
    with pytest.raises(FeeRequestError) as raised:
        estimate_fee(request_)
    assert raised.value.field == field and raised.value.message


def test_rounding_policy_can_round_to_the_yuan():
    yuan = ROUNDING_POLICIES["yuan"]
    request = FeeRequest(CaseKind.PAYMENT_ORDER, Decimal(10_000))
    assert estimate_fee(request, rounding=yuan).total == Decimal("17")
    assert estimate_fee(request).total == Decimal("16.67")


amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(10**12), places=2)
amount_kinds = st.sampled_from(
    [
        "property",
        "divorce",
        "personality",
        "ip",
        "execution",
        "preservation",
        "payment_order",
        "bankruptcy",
    ]
)


@settings(max_examples=300, deadline=None)
@given(amount_kinds, amounts, amounts)
def test_fee_is_monotone_in_the_amount(kind, a, b):
    low, high = sorted((a, b))
    assert fee(kind, low).total <= fee(kind, high).total


@settings(max_examples=200, deadline=None)
@given(amounts, st.booleans(), st.sampled_from(list(Procedure)), st.sampled_from(list(Outcome)))
def test_halving_never_goes_below_half_and_lines_add_up(amount, counterclaim, procedure, outcome):
    if procedure is Procedure.SMALL_CLAIMS and counterclaim:
        return
    full = fee("property", amount).total
    estimate = fee(
        "property", amount, counterclaim=counterclaim, procedure=procedure, outcome=outcome
    )
    assert estimate.total >= (full / 2).quantize(Decimal("0.01")) - Decimal("0.01")
    assert sum(line.amount for line in estimate.lines) == estimate.total
    assert 0 <= estimate.prepay <= full


@settings(max_examples=200, deadline=None)
@given(amounts)
def test_caps_hold_and_fees_are_never_negative(amount):
    assert 0 < fee("preservation", amount).total <= 5000
    assert 0 < fee("bankruptcy", amount).total <= 300_000
    for kind in ("property", "execution", "payment_order", "divorce", "personality"):
        assert fee(kind, amount).total >= 0
