"""Jurisdiction domain: grounds, exclusive and agreed courts, levels, the court directory."""

from decimal import Decimal

import pytest

from kiosk_api.domain.disputes import default_catalog
from kiosk_api.domain.jurisdiction import (
    GROUNDS,
    Agreement,
    CourtLevel,
    CourtRecord,
    JurisdictionError,
    LevelThresholds,
    advise,
    find_court,
    place_keys,
)

THRESHOLDS = LevelThresholds(
    intermediate_same_province=Decimal(500_000_000),
    intermediate_cross_province=Decimal(100_000_000),
    high=Decimal(5_000_000_000),
    source="测试标准",
    basic_only=frozenset({"divorce"}),
    basic_only_source="测试通知",
    not_covered=frozenset({"intellectual_property"}),
)
DIRECTORY = (
    CourtRecord("粤0304", "深圳市福田区人民法院", "basic", "福华三路", "1"),
    CourtRecord("粤0305", "深圳市南山区人民法院", "basic", "南海大道", "2"),
    CourtRecord("粤03", "深圳市中级人民法院", "intermediate", "福中一路", "3"),
)


def _dispute(code):
    return default_catalog().disputes[code]


def _advise(code, places, **options):
    return advise(_dispute(code), places, thresholds=THRESHOLDS, directory=DIRECTORY, **options)


@pytest.mark.parametrize(
    ("name", "keys"),
    [
        ("深圳市福田区人民法院", ("福田区", "福田")),
        ("深圳市中级人民法院", ("深圳市", "深圳")),
        ("北京市朝阳区人民法院", ("朝阳区", "朝阳")),
        ("广西壮族自治区高级人民法院", ("广西壮族自治区", "广西壮族")),
    ],
)
def test_courts_are_known_by_their_place_names(name, keys):
    assert place_keys(name)[: len(keys)] == keys


def test_a_place_finds_the_court_of_its_level_only_when_unambiguous():
    assert find_court("深圳市南山区科技园", DIRECTORY, level=CourtLevel.BASIC).code == "粤0305"
    assert find_court("深圳市南山区", DIRECTORY, level=CourtLevel.INTERMEDIATE).code == "粤03"
    assert find_court("杭州市西湖区", DIRECTORY, level=CourtLevel.BASIC) is None


def test_every_ground_of_the_catalog_has_a_question_and_a_basis():
    used = {key for d in default_catalog().disputes.values() for key in d.jurisdiction.grounds}
    assert used <= set(GROUNDS)
    assert all(g.question and g.basis for g in GROUNDS.values())


def test_contract_dispute_offers_every_ground_given_and_lets_the_plaintiff_choose():
    advice = _advise(
        "private_lending",
        {"defendant_domicile": "深圳市南山区", "performance_place": "深圳市福田区"},
    )
    assert [c.court_name for c in advice.courts] == ["深圳市南山区人民法院", "深圳市福田区人民法院"]
    assert "《民事诉讼法》第三十六条" in [b.cite() for b in advice.basis]
    assert advice.level.level is CourtLevel.BASIC


def test_exclusive_jurisdiction_keeps_only_the_property_court_and_voids_an_agreement():
    advice = _advise(
        "house_lease",
        {"immovable_location": "深圳市福田区"},
        agreement=Agreement("深圳市南山区", "signing_place"),
    )
    assert [c.court_name for c in advice.courts] == ["深圳市福田区人民法院"]
    assert advice.agreement is not None and not advice.agreement.valid
    assert advice.exclusive


def test_a_valid_written_agreement_replaces_the_statutory_courts():
    advice = _advise(
        "sale_contract",
        {"defendant_domicile": "杭州市西湖区"},
        agreement=Agreement("深圳市南山区", "plaintiff_domicile"),
    )
    assert [c.ground for c in advice.courts] == ["agreement"]
    assert advice.courts[0].court_name == "深圳市南山区人民法院"


@pytest.mark.parametrize(
    ("agreement", "complaint"),
    [
        (Agreement("南山区", "signing_place", written=False), "书面"),
        (Agreement("南山区", "unconnected"), "实际联系"),
    ],
)
def test_oral_or_unconnected_agreements_are_void(agreement, complaint):
    finding = _advise("sale_contract", {}, agreement=agreement).agreement
    assert finding is not None and not finding.valid and complaint in finding.text


def test_consumer_standard_terms_are_flagged():
    finding = _advise(
        "online_shopping", {}, agreement=Agreement("杭州市余杭区", "defendant_domicile", True, True)
    ).agreement
    assert finding is not None and "《民诉法解释》第三十一条" in [b.cite() for b in finding.basis]


@pytest.mark.parametrize(
    ("code", "amount", "cross", "level"),
    [
        ("sale_contract", 499_999_999, False, CourtLevel.BASIC),
        ("sale_contract", 500_000_000, False, CourtLevel.INTERMEDIATE),
        ("sale_contract", 100_000_000, True, CourtLevel.INTERMEDIATE),
        ("sale_contract", 5_000_000_000, False, CourtLevel.HIGH),
        ("divorce", 9_000_000_000, False, CourtLevel.BASIC),
        ("intellectual_property", 9_000_000_000, False, CourtLevel.BASIC),
    ],
)
def test_level_follows_the_configured_thresholds(code, amount, cross, level):
    advice = _advise(code, {}, amount=Decimal(amount), cross_province=cross)
    assert advice.level.level is level


def test_a_government_defendant_goes_to_the_intermediate_court():
    advice = _advise("administrative", {}, against_government=True)
    assert advice.level.level is CourtLevel.INTERMEDIATE


def test_missing_places_are_listed_with_their_questions():
    advice = _advise("private_lending", {"defendant_domicile": "深圳市福田区"})
    assert advice.missing == ("performance_place",)


def test_a_ground_the_dispute_does_not_use_is_refused_in_chinese():
    with pytest.raises(JurisdictionError, match="不按"):
        _advise("private_lending", {"immovable_location": "深圳市福田区"})
