"""The dispute catalog (纠纷目录): what each common kind of case needs, as versioned data.

The catalog lives in kiosk_api/reference/disputes.yml. Each entry says, for one kind of case,
the 案由 and the names people use for it, the materials and evidence to bring, which courts may
hear it, what must come first (劳动仲裁), the limitation period, whether mediation suits it,
whether small-claims procedure may apply and which fee rule it maps to — every point with its
basis. The materials every filing needs (登记立案规定 第六条) are added here, once, so the file
only lists what is particular to each dispute.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml  # type: ignore[import-untyped, unused-ignore]

from kiosk_api.domain.legal_basis import (
    ADMINISTRATIVE_PROCEDURE_LAW,
    APL_INTERPRETATION,
    CIVIL_CODE,
    CIVIL_PROCEDURE_LAW,
    CPL_INTERPRETATION,
    EVIDENCE_RULES,
    FEE_MEASURES,
    FILING_RULES,
    LABOUR_ARBITRATION_LAW,
    LABOUR_INTERPRETATION,
    PEOPLES_MEDIATION_LAW,
    Basis,
)

SHIPPED_CATALOG = Path(__file__).resolve().parent.parent / "reference" / "disputes.yml"

# Laws a catalog entry may cite, by the short name the assistant prints.
KNOWN_LAWS = frozenset(
    {
        CIVIL_PROCEDURE_LAW,
        CPL_INTERPRETATION,
        FILING_RULES,
        EVIDENCE_RULES,
        FEE_MEASURES,
        CIVIL_CODE,
        LABOUR_ARBITRATION_LAW,
        LABOUR_INTERPRETATION,
        ADMINISTRATIVE_PROCEDURE_LAW,
        APL_INTERPRETATION,
        "消费者权益保护法",
        PEOPLES_MEDIATION_LAW,
    }
)

# The fee engine's case kinds a dispute may map to (see services/fee_estimates).
FEE_KINDS = frozenset(
    {
        "property",
        "divorce",
        "personality",
        "other_non_property",
        "ip",
        "labor",
        "administrative",
        "administrative_special",
        "execution",
    }
)

LIMITATION_PERIODS = ("3年", "1年", "6个月", "2年", "无")

_CITATION = re.compile(r"^(\S+) (\d+)(?:-(\d+))?(?:\((\d+)\))?$")


class CatalogError(ValueError):
    """The catalog file is unreadable or breaks its schema; the message says where."""


class Category(StrEnum):
    """Which procedure a dispute is brought under."""

    CIVIL = "civil"
    ADMINISTRATIVE = "administrative"
    ENFORCEMENT = "enforcement"


class SmallClaims(StrEnum):
    """Whether 小额诉讼 (民诉法 165–169) can apply to this kind of dispute."""

    POSSIBLE = "possible"
    NO = "no"


@dataclass(frozen=True)
class Explained:
    """A statement for the citizen and the provisions it rests on."""

    text: str
    basis: tuple[Basis, ...] = ()


@dataclass(frozen=True)
class Jurisdiction:
    """Which courts may hear the dispute: connecting grounds, 专属管辖, 协议管辖."""

    grounds: tuple[str, ...]
    exclusive: bool
    agreement: bool
    explanation: Explained


@dataclass(frozen=True)
class PreProcedure:
    """A step the law requires before suing (劳动仲裁)."""

    name: str
    explanation: Explained


@dataclass(frozen=True)
class Limitation:
    """The period within which to act: 3年, 1年, 6个月, 2年 or 无 (not subject to one)."""

    period: str
    explanation: Explained


@dataclass(frozen=True)
class Mediation:
    """Whether mediation before suing suits this dispute, and why."""

    suited: bool
    text: str


@dataclass(frozen=True)
class SmallClaimsFit:
    """Whether small-claims procedure may apply, and why."""

    eligible: SmallClaims
    explanation: Explained


@dataclass(frozen=True)
class FeeRule:
    """The fee engine's case kind for this dispute, with a note where one is needed."""

    kind: str
    explanation: Explained


@dataclass(frozen=True)
class Dispute:
    """One kind of case in the catalog."""

    code: str
    category: Category
    cause: str
    names: tuple[str, ...]
    keywords: tuple[str, ...]
    summary: str
    materials: tuple[Explained, ...]
    evidence: tuple[str, ...]
    jurisdiction: Jurisdiction
    pre_procedure: PreProcedure | None
    limitation: Limitation
    mediation: Mediation
    small_claims: SmallClaimsFit
    fee: FeeRule

    def common_materials(self) -> tuple[Explained, ...]:
        """What every filing of this category needs (登记立案规定 第六条, 第十八条)."""
        if self.category is Category.ENFORCEMENT:
            return ENFORCEMENT_MATERIALS
        return COMMON_MATERIALS


@dataclass(frozen=True)
class Catalog:
    """The disputes of one catalog version, in the file's order."""

    version: str
    updated: dt.date
    disputes: Mapping[str, Dispute]

    def get(self, code: str) -> Dispute | None:
        """The dispute with this code, if the catalog has one."""
        return self.disputes.get(code)


def _filing(article: int, item: int) -> tuple[Basis, ...]:
    return (Basis(FILING_RULES, article, item=item),)


# 登记立案规定 第六条: what every civil or administrative filing needs, whatever the dispute.
COMMON_MATERIALS: tuple[Explained, ...] = (
    Explained(
        "起诉状原本一份，并按被告人数提交副本（写明原告、被告、诉讼请求、事实与理由、证据）",
        (*_filing(6, 4), Basis(CIVIL_PROCEDURE_LAW, 124), Basis(FILING_RULES, 4)),
    ),
    Explained(
        "起诉人的身份证明复印件（自然人为身份证；单位为营业执照复印件和法定代表人身份证明书）",
        _filing(6, 1),
    ),
    Explained(
        "被告的姓名或者名称、住所等足以与他人区别的信息（如身份证号码、统一社会信用代码、地址）",
        _filing(6, 3),
    ),
    Explained("委托他人代为起诉的，提交授权委托书和代理人身份证明", _filing(6, 2)),
    Explained("与诉讼请求有关的证据或者证明材料（清单和复印件，原件开庭时核对）", _filing(6, 5)),
)


# 登记立案规定 第十八条 applies its rules to enforcement: an application replaces the complaint.
ENFORCEMENT_MATERIALS: tuple[Explained, ...] = (
    Explained(
        "申请执行书（写明申请人、被执行人的姓名或者名称和住所，申请执行的事项和理由）",
        (Basis(CIVIL_PROCEDURE_LAW, 247), Basis(FILING_RULES, 18)),
    ),
    Explained(
        "生效法律文书的副本（判决书、裁定书、调解书等）和生效证明",
        (Basis(CIVIL_PROCEDURE_LAW, 247), Basis(FILING_RULES, 18)),
    ),
    Explained(
        "申请人的身份证明复印件（自然人为身份证；单位为营业执照复印件和法定代表人身份证明书）",
        (Basis(FILING_RULES, 6, item=1), Basis(FILING_RULES, 18)),
    ),
    Explained(
        "委托他人代为申请的，提交授权委托书和代理人身份证明",
        (Basis(FILING_RULES, 6, item=2), Basis(FILING_RULES, 18)),
    ),
)


def parse_citation(text: str) -> Basis:
    """A catalog citation such as "民诉法解释 18-2" or "民事诉讼法 34(1)" as a Basis."""
    match = _CITATION.match(text.strip()) if isinstance(text, str) else None
    if not match:
        raise CatalogError(f"无法识别的法条引用“{text}”（格式：法律名 条[-款][(项)]）")
    law, article, paragraph, item = match.groups()
    if law not in KNOWN_LAWS:
        raise CatalogError(f"法条引用“{text}”中的法律名称“{law}”不在允许的范围内")
    return Basis(
        law, int(article), int(paragraph) if paragraph else None, int(item) if item else None
    )


def load_catalog(path: Path = SHIPPED_CATALOG, *, grounds: frozenset[str]) -> Catalog:
    """Read and check a catalog file; `grounds` are the jurisdiction grounds the engine knows."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise CatalogError(f"无法读取纠纷目录 {path}：{exc}") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("disputes"), list):
        raise CatalogError(f"{path}：缺少 disputes 列表")
    updated = raw.get("updated")
    if not isinstance(updated, dt.date) or not raw.get("version"):
        raise CatalogError(f"{path}：缺少 version 或 updated（日期）")
    disputes: dict[str, Dispute] = {}
    for index, entry in enumerate(raw["disputes"]):
        where = f"{path.name} 第{index + 1}项"
        dispute = _dispute(entry, where, grounds)
        if dispute.code in disputes:
            raise CatalogError(f"{where}：代码 {dispute.code} 重复")
        disputes[dispute.code] = dispute
    return Catalog(str(raw["version"]), updated, MappingProxyType(disputes))


def _dispute(entry: object, where: str, grounds: frozenset[str]) -> Dispute:
    if not isinstance(entry, dict):
        raise CatalogError(f"{where}：应为一个对象")
    reader = _Reader(entry, where)
    code = reader.text("code")
    where = f"{where}（{code}）"
    reader.where = where
    jurisdiction = reader.mapping("jurisdiction")
    ground_keys = tuple(_Reader(jurisdiction, where).strings("grounds"))
    unknown = [key for key in ground_keys if key not in grounds]
    if unknown or not ground_keys:
        raise CatalogError(f"{where}：管辖连结点 {unknown or '为空'} 无效")
    pre = entry.get("pre_procedure")
    small = reader.mapping("small_claims")
    fee = reader.mapping("fee")
    fee_kind = _Reader(fee, where).text("kind")
    if fee_kind not in FEE_KINDS:
        raise CatalogError(f"{where}：诉讼费种类 {fee_kind} 无效")
    limitation = reader.mapping("limitation")
    period = _Reader(limitation, where).text("period")
    if period not in LIMITATION_PERIODS:
        raise CatalogError(f"{where}：时效 {period} 应为 {'、'.join(LIMITATION_PERIODS)} 之一")
    mediation = reader.mapping("mediation")
    try:
        category = Category(reader.text("category"))
        eligible = SmallClaims(_Reader(small, where).text("eligible"))
    except ValueError as exc:
        raise CatalogError(f"{where}：{exc}") from None
    keywords = tuple(reader.strings("keywords"))
    if any(not word or any(ch.isspace() for ch in word) for word in keywords):
        raise CatalogError(f"{where}：关键词不能为空或含空格")
    return Dispute(
        code=code,
        category=category,
        cause=reader.text("cause"),
        names=tuple(reader.strings("names")),
        keywords=keywords,
        summary=reader.text("summary"),
        materials=tuple(
            _explained(item, where) for item in reader.items("materials", required=False)
        ),
        evidence=tuple(reader.strings("evidence")),
        jurisdiction=Jurisdiction(
            ground_keys,
            _flag(jurisdiction, "exclusive", where),
            _flag(jurisdiction, "agreement", where),
            _explained(jurisdiction, where),
        ),
        pre_procedure=None if pre is None else _pre_procedure(pre, where),
        limitation=Limitation(period, _explained(limitation, where)),
        mediation=Mediation(
            _flag(mediation, "suited", where), _Reader(mediation, where).text("text")
        ),
        small_claims=SmallClaimsFit(eligible, _explained(small, where)),
        fee=FeeRule(fee_kind, _explained(fee, where, text_required=False)),
    )


def _pre_procedure(item: object, where: str) -> PreProcedure:
    name = _Reader(_as_mapping(item, where), where).text("name")
    return PreProcedure(name, _explained(item, where))


def _explained(item: object, where: str, *, text_required: bool = True) -> Explained:
    reader = _Reader(_as_mapping(item, where), where)
    text = reader.text("text") if text_required else str(reader.entry.get("text") or "")
    return Explained(text, tuple(parse_citation(c) for c in reader.items("basis", required=False)))


def _flag(entry: Mapping[str, Any], key: str, where: str) -> bool:
    value = entry.get(key)
    if not isinstance(value, bool):
        raise CatalogError(f"{where}：{key} 应为 true 或 false")
    return value


def _as_mapping(value: object, where: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise CatalogError(f"{where}：应为一个对象")
    return value


class _Reader:
    """Typed access to one YAML mapping, with errors that name the entry."""

    def __init__(self, entry: Mapping[str, Any], where: str) -> None:
        self.entry = entry
        self.where = where

    def text(self, key: str) -> str:
        value = self.entry.get(key)
        if not isinstance(value, str) or not value.strip():
            raise CatalogError(f"{self.where}：缺少 {key}")
        return value.strip()

    def items(self, key: str, *, required: bool = True) -> list[Any]:
        value = self.entry.get(key)
        if value is None and not required:
            return []
        if not isinstance(value, list) or (required and not value):
            raise CatalogError(f"{self.where}：{key} 应为非空列表")
        return value

    def strings(self, key: str) -> list[str]:
        values = self.items(key)
        if not all(isinstance(v, str) and v.strip() for v in values):
            raise CatalogError(f"{self.where}：{key} 只能包含文字")
        return [v.strip() for v in values]

    def mapping(self, key: str) -> Mapping[str, Any]:
        return _as_mapping(self.entry.get(key), f"{self.where} {key}")


@cache  # the shipped file never changes while the process runs
def default_catalog() -> Catalog:
    """The catalog shipped in kiosk_api/reference/disputes.yml, checked against the engine."""
    from kiosk_api.domain.jurisdiction import GROUNDS  # the engine imports this module

    return load_catalog(grounds=frozenset(GROUNDS))
