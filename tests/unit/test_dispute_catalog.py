"""The dispute catalog file and its loader: schema, citations, grounds, fee kinds."""

import textwrap

import pytest
import yaml

from kiosk_api.domain.disputes import (
    COMMON_MATERIALS,
    ENFORCEMENT_MATERIALS,
    FEE_KINDS,
    SHIPPED_CATALOG,
    CatalogError,
    Category,
    default_catalog,
    load_catalog,
    parse_citation,
)
from kiosk_api.domain.fees import CaseKind
from kiosk_api.domain.jurisdiction import GROUNDS
from kiosk_api.domain.legal_basis import Basis

REQUIRED_CODES = {
    "private_lending", "divorce", "maintenance", "inheritance", "labor_dispute",
    "labor_remuneration", "traffic_accident", "personal_injury", "medical_damage",
    "sale_contract", "house_lease", "house_sale", "property_service", "credit_card",
    "financial_loan", "online_shopping", "neighbor", "construction", "reputation",
    "intellectual_property", "administrative", "enforcement",
}  # fmt: skip


def test_the_catalog_covers_the_twenty_common_disputes_plus_administrative_and_enforcement():
    assert set(default_catalog().disputes) == REQUIRED_CODES


def test_every_citation_of_the_catalog_renders():
    for dispute in default_catalog().disputes.values():
        items = [
            *dispute.materials,
            dispute.jurisdiction.explanation,
            dispute.limitation.explanation,
            dispute.small_claims.explanation,
            dispute.fee.explanation,
        ]
        if dispute.pre_procedure:
            items.append(dispute.pre_procedure.explanation)
        for item in items:
            assert all(b.cite().startswith("《") for b in item.basis), dispute.code


def test_every_fee_kind_is_one_the_fee_engine_knows():
    assert {kind.value for kind in CaseKind} >= FEE_KINDS
    assert {d.fee.kind for d in default_catalog().disputes.values()} <= FEE_KINDS


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("house_lease", True),  # 民诉法解释 28-2
        ("construction", True),
        ("neighbor", True),  # 民诉法解释 28-1
        ("inheritance", True),  # 民诉法 34(3)
        ("private_lending", False),
        ("house_sale", False),  # ordinary sales are contract disputes
    ],
)
def test_exclusive_jurisdiction_follows_article_34_and_interpretation_28(code, expected):
    dispute = default_catalog().disputes[code]
    assert dispute.jurisdiction.exclusive is expected
    if expected:
        assert not dispute.jurisdiction.agreement


def test_labour_disputes_need_arbitration_first_and_divorce_has_no_limitation():
    catalog = default_catalog().disputes
    for code in ("labor_dispute", "labor_remuneration"):
        assert catalog[code].pre_procedure is not None
        assert "仲裁" in catalog[code].pre_procedure.name
        assert catalog[code].limitation.period == "1年"
    assert catalog["divorce"].limitation.period == "无"
    assert catalog["private_lending"].limitation.period == "3年"
    assert catalog["administrative"].limitation.period == "6个月"
    assert catalog["enforcement"].limitation.period == "2年"


def test_enforcement_asks_for_an_application_not_a_complaint():
    catalog = default_catalog().disputes
    assert catalog["enforcement"].category is Category.ENFORCEMENT
    assert catalog["enforcement"].common_materials() == ENFORCEMENT_MATERIALS
    assert catalog["divorce"].common_materials() == COMMON_MATERIALS
    assert all("第六条" in m.basis[0].cite() for m in COMMON_MATERIALS)


@pytest.mark.parametrize(
    ("text", "basis"),
    [
        ("民事诉讼法 24", Basis("民事诉讼法", 24)),
        ("民诉法解释 18-2", Basis("民诉法解释", 18, 2)),
        ("民事诉讼法 34(1)", Basis("民事诉讼法", 34, None, 1)),
        ("行政诉讼法 46-1", Basis("行政诉讼法", 46, 1)),
    ],
)
def test_citations_are_parsed(text, basis):
    assert parse_citation(text) == basis


@pytest.mark.parametrize("text", ["民事诉讼法", "宪法 5", "民事诉讼法 第24条", "民事诉讼法 24 (1)"])
def test_malformed_or_unknown_citations_are_refused(text):
    with pytest.raises(CatalogError):
        parse_citation(text)


def _entry(**changes):
    raw = yaml.safe_load(SHIPPED_CATALOG.read_text(encoding="utf-8"))
    entry = dict(raw["disputes"][0])
    entry.update(changes)
    return {"version": "t", "updated": raw["updated"], "disputes": [entry]}


@pytest.mark.parametrize(
    ("changes", "complaint"),
    [
        ({"code": ""}, "缺少 code"),
        ({"category": "criminal"}, "criminal"),
        ({"keywords": ["借 条"]}, "关键词"),
        (
            {
                "jurisdiction": {
                    "grounds": ["moon"],
                    "exclusive": False,
                    "agreement": True,
                    "text": "x",
                }
            },
            "管辖连结点",
        ),
        ({"limitation": {"period": "5年", "text": "x"}}, "时效"),
        ({"fee": {"kind": "criminal"}}, "诉讼费种类"),
        ({"mediation": {"suited": "yes", "text": "x"}}, "suited"),
    ],
)
def test_a_broken_entry_stops_loading_with_its_place_named(tmp_path, changes, complaint):
    path = tmp_path / "disputes.yml"
    path.write_text(yaml.safe_dump(_entry(**changes), allow_unicode=True), encoding="utf-8")
    with pytest.raises(CatalogError, match=complaint) as error:
        load_catalog(path, grounds=frozenset(GROUNDS))
    assert "第1项" in str(error.value)


def test_duplicate_codes_are_refused(tmp_path):
    raw = _entry()
    raw["disputes"].append(raw["disputes"][0])
    path = tmp_path / "disputes.yml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CatalogError, match="重复"):
        load_catalog(path, grounds=frozenset(GROUNDS))


def test_an_unreadable_file_is_refused(tmp_path):
    path = tmp_path / "disputes.yml"
    path.write_text(textwrap.dedent("disputes: [\n"), encoding="utf-8")
    with pytest.raises(CatalogError, match="无法读取"):
        load_catalog(path, grounds=frozenset(GROUNDS))
