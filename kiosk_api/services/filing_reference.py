"""The filing-guidance reference the app loads once: catalog, classifier, configured standards.

reference/filing_standards.yml (or FILING_STANDARDS_FILE) holds what a court must keep current:
each province's average wage for the small-claims ceiling and the SPC's level thresholds. A
file that breaks the rules stops the service at start, never mid-answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from kiosk_api.domain.dispute_classifier import DisputeClassifier
from kiosk_api.domain.disputes import Catalog, default_catalog
from kiosk_api.domain.filing import WageFigure
from kiosk_api.domain.jurisdiction import LevelThresholds
from kiosk_api.domain.provinces import PROVINCES

SHIPPED_STANDARDS = Path(__file__).resolve().parent.parent / "reference" / "filing_standards.yml"


class FilingStandardsError(ValueError):
    """The standards file is unreadable or out of range; the message says where."""


@dataclass(frozen=True)
class FilingReference:
    """Everything filing guidance reads: the catalog, its classifier and the standards."""

    catalog: Catalog
    classifier: DisputeClassifier
    wages: MappingProxyType[str, WageFigure]
    thresholds: LevelThresholds


def load_filing_reference(path: str | Path = "") -> FilingReference:
    """Load the shipped catalog and the standards file (the shipped one when `path` is empty)."""
    catalog = default_catalog()
    source = Path(path) if path else SHIPPED_STANDARDS
    try:
        raw = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise FilingStandardsError(f"无法读取立案标准 {source}：{exc}") from exc
    if not isinstance(raw, dict):
        raise FilingStandardsError(f"{source}：应为一个对象")
    wages = {
        province: _wage(province, entry, source)
        for province, entry in (raw.get("small_claims") or {}).items()
    }
    thresholds = _thresholds(raw.get("levels"), source, set(catalog.disputes))
    return FilingReference(catalog, DisputeClassifier(catalog), MappingProxyType(wages), thresholds)


def _wage(province: object, entry: object, source: Path) -> WageFigure:
    where = f"{source.name} small_claims.{province}"
    if province not in PROVINCES:
        raise FilingStandardsError(f"{where}：未知的省份简称")
    if not isinstance(entry, dict):
        raise FilingStandardsError(f"{where}：应为一个对象")
    wage = _positive(entry.get("average_wage"), f"{where}.average_wage")
    year = entry.get("year")
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise FilingStandardsError(f"{where}.year：应为年份")
    text = entry.get("source")
    if not isinstance(text, str) or not text.strip():
        raise FilingStandardsError(f"{where}.source：请写明数据来源")
    return WageFigure(wage, year, text.strip())


def _thresholds(raw: object, source: Path, codes: set[str]) -> LevelThresholds:
    where = f"{source.name} levels"
    if not isinstance(raw, dict):
        raise FilingStandardsError(f"{where}：缺少级别管辖标准")
    values = {
        key: _positive(raw.get(key), f"{where}.{key}")
        for key in ("intermediate_same_province", "intermediate_cross_province", "high")
    }
    if not values["intermediate_cross_province"] <= values["intermediate_same_province"]:
        raise FilingStandardsError(f"{where}：跨省标准不应高于省内标准")
    if not values["intermediate_same_province"] < values["high"]:
        raise FilingStandardsError(f"{where}：高级法院标准应高于中级法院标准")
    lists = {
        key: _codes(raw.get(key), f"{where}.{key}", codes) for key in ("basic_only", "not_covered")
    }
    return LevelThresholds(
        intermediate_same_province=values["intermediate_same_province"],
        intermediate_cross_province=values["intermediate_cross_province"],
        high=values["high"],
        source=_text(raw, "source", where),
        basic_only=lists["basic_only"],
        basic_only_source=_text(raw, "basic_only_source", where),
        not_covered=lists["not_covered"],
    )


def _positive(value: Any, where: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise FilingStandardsError(f"{where}：应为金额（元）") from None
    if not number.is_finite() or number <= 0 or isinstance(value, bool):
        raise FilingStandardsError(f"{where}：应为正数")
    return number


def _codes(value: Any, where: str, known: set[str]) -> frozenset[str]:
    if value is None:
        return frozenset()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise FilingStandardsError(f"{where}：应为纠纷代码列表")
    unknown = sorted(set(value) - known)
    if unknown:
        raise FilingStandardsError(f"{where}：纠纷目录中没有 {'、'.join(unknown)}")
    return frozenset(value)


def _text(raw: dict[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise FilingStandardsError(f"{where}.{key}：请写明来源")
    return value.strip()
