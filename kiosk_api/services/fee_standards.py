"""The per-province fee table (kiosk_api/reference/fee_standards.yml), checked at start-up."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from kiosk_api.domain.fee_schedule import (
    DEFAULT_STANDARD,
    RANGE_FIELDS,
    ROUNDING_POLICIES,
    STATUTORY_RANGES,
    FeeStandard,
    Rounding,
)
from kiosk_api.domain.provinces import PROVINCES

SHIPPED_TABLE = Path(__file__).resolve().parent.parent / "reference" / "fee_standards.yml"


class FeeTableError(RuntimeError):
    """The fee table is unreadable or breaks the statutory ranges; the service must not start."""


@dataclass(frozen=True)
class FeeTables:
    """Every province's standard, the default for the rest, and the rounding policy."""

    default: FeeStandard
    provinces: dict[str, FeeStandard]
    rounding: Rounding
    court_province: str

    def for_province(self, province: str | None) -> FeeStandard:
        """The standard of `province` (the court's own when None); the default if not listed."""
        return self.provinces.get(province or self.court_province, self.default)


def load_fee_tables(path: str, rounding: str, court_province: str) -> FeeTables:
    """Read and check the table at `path` (the shipped one when empty)."""
    source = Path(path) if path else SHIPPED_TABLE
    try:
        raw = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise FeeTableError(f"cannot read the fee table {source}: {exc}") from exc
    if rounding not in ROUNDING_POLICIES:
        raise FeeTableError(f"FEE_ROUNDING must be one of {sorted(ROUNDING_POLICIES)}")
    if court_province not in PROVINCES:
        raise FeeTableError(f"COURT_PROVINCE {court_province!r} is not a province abbreviation")
    default = _standard(DEFAULT_STANDARD, raw.get("default") or {}, "default")
    provinces = {}
    for abbreviation, entry in (raw.get("provinces") or {}).items():
        if abbreviation not in PROVINCES:
            raise FeeTableError(f"{abbreviation!r} in {source} is not a province abbreviation")
        if not isinstance(entry, dict) or not entry.get("source"):
            raise FeeTableError(f"{abbreviation}: every province needs its `source`")
        base = replace(default, name=f"{PROVINCES[abbreviation]}标准", is_default=False)
        provinces[abbreviation] = _standard(base, entry, abbreviation)
    return FeeTables(default, provinces, ROUNDING_POLICIES[rounding], court_province)


def _standard(base: FeeStandard, entry: dict[str, Any], where: str) -> FeeStandard:
    known = {*RANGE_FIELDS, "name", "source", "small_claims_halved"}
    unknown = sorted(set(entry) - known)
    if unknown:
        raise FeeTableError(f"{where}: unknown entries {unknown}")
    changes: dict[str, Any] = {}
    for name in RANGE_FIELDS:
        if name in entry:
            changes[name] = _figure(entry[name], name, where)
    if "small_claims_halved" in entry:
        if not isinstance(entry["small_claims_halved"], bool):
            raise FeeTableError(f"{where}: small_claims_halved must be true or false")
        changes["small_claims_halved"] = entry["small_claims_halved"]
    for name in ("name", "source"):
        if name in entry:
            changes[name] = " ".join(str(entry[name]).split())
    return replace(base, **changes)


def _figure(value: object, name: str, where: str) -> Decimal:
    try:
        figure = Decimal(str(value))
    except InvalidOperation as exc:
        raise FeeTableError(f"{where}.{name}: {value!r} is not a number") from exc
    allowed = STATUTORY_RANGES[name]
    if not allowed.low <= figure <= allowed.high:
        raise FeeTableError(
            f"{where}.{name}: {figure} is outside the statutory range "
            f"{allowed.low}–{allowed.high} ({allowed.basis.cite()})"
        )
    return figure
