"""The rates of 《诉讼费用交纳办法》: cumulative brackets, statutory ranges, rounding.

Brackets are cumulative ("分段累计"): each rate applies only to the part of the amount inside
its band, so the fee on 5万 is 50 + 2.5% × 4万 = 1,050, never 2.5% × 5万.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import ROUND_HALF_UP, Decimal

from kiosk_api.domain.legal_basis import Basis, fee_measures


@dataclass(frozen=True)
class Band:
    """A rate applied to the part of the amount above `start` (up to the next band's start)."""

    start: Decimal
    rate: Decimal


@dataclass(frozen=True)
class BracketTable:
    """A flat fee for the first band plus cumulative rates above it."""

    flat: Decimal
    bands: tuple[Band, ...]

    def fee(self, amount: Decimal) -> Decimal:
        """The exact (unrounded) fee on `amount`."""
        total = self.flat
        for index, band in enumerate(self.bands):
            if amount <= band.start:
                break
            end = self.bands[index + 1].start if index + 1 < len(self.bands) else None
            top = amount if end is None else min(amount, end)
            total += (top - band.start) * band.rate
        return total


def _table(flat: str, *bands: tuple[str, str]) -> BracketTable:
    return BracketTable(
        Decimal(flat),
        tuple(Band(Decimal(start), Decimal(rate)) for start, rate in bands),
    )


# Art 13(一): property cases.
PROPERTY_CASE = _table(
    "50",
    ("10000", "0.025"),
    ("100000", "0.02"),
    ("200000", "0.015"),
    ("500000", "0.01"),
    ("1000000", "0.009"),
    ("2000000", "0.008"),
    ("5000000", "0.007"),
    ("10000000", "0.006"),
    ("20000000", "0.005"),
)

# Art 14(一)2: execution with an amount. Public calculators have used 24,700/77,400 style
# mistakes here; the bands below give 10,000,000 → 77,400 (see tests).
EXECUTION = _table(
    "50",
    ("10000", "0.015"),
    ("500000", "0.01"),
    ("5000000", "0.005"),
    ("10000000", "0.001"),
)

# Art 14(二): preservation; at most 5,000 whatever the amount (first reached at 896,000).
PRESERVATION = _table("30", ("1000", "0.01"), ("100000", "0.005"))
PRESERVATION_CAP = Decimal("5000")

# Art 13(二)1 and 13(二)2: the part of a divorce's property split or a personality-rights
# claim's damages that is charged on top of the per-case fee.
DIVORCE_PROPERTY = _table("0", ("200000", "0.005"))
PERSONALITY_DAMAGES = _table("0", ("50000", "0.01"), ("100000", "0.005"))

BANKRUPTCY_CAP = Decimal("300000")  # art 14(六)
LABOR_FEE = Decimal("10")  # art 13(四)
ADMINISTRATIVE_FEE = Decimal("50")  # art 13(五)2
ADMINISTRATIVE_SPECIAL_FEE = Decimal("100")  # art 13(五)1: 商标、专利、海事
PUBLIC_NOTICE_FEE = Decimal("100")  # art 14(四)
ARBITRATION_REVIEW_FEE = Decimal("400")  # art 14(五)
MARITIME_FIXED_FEE = Decimal("1000")  # art 14(七)4 and 5


@dataclass(frozen=True)
class StatutoryRange:
    """A per-case fee the Measures give only as a range; someone else fixes the figure."""

    low: Decimal
    high: Decimal
    basis: Basis
    # Art 13 last paragraph: only the ranges of items (二), (三) and (六) are fixed by the
    # province; the others are decided by the court within the range.
    set_by_province: bool


STATUTORY_RANGES: dict[str, StatutoryRange] = {
    "divorce": StatutoryRange(
        Decimal(50), Decimal(300), fee_measures(13, item=2, sub=1), set_by_province=True
    ),
    "personality": StatutoryRange(
        Decimal(100), Decimal(500), fee_measures(13, item=2, sub=2), set_by_province=True
    ),
    "other_non_property": StatutoryRange(
        Decimal(50), Decimal(100), fee_measures(13, item=2, sub=3), set_by_province=True
    ),
    "ip_without_amount": StatutoryRange(
        Decimal(500), Decimal(1000), fee_measures(13, item=3), set_by_province=True
    ),
    "jurisdiction_objection": StatutoryRange(
        Decimal(50), Decimal(100), fee_measures(13, item=6), set_by_province=True
    ),
    "execution_without_amount": StatutoryRange(
        Decimal(50), Decimal(500), fee_measures(14, item=1, sub=1), set_by_province=False
    ),
    "maritime_liability_fund": StatutoryRange(
        Decimal(1000), Decimal(10000), fee_measures(14, item=7, sub=1), set_by_province=False
    ),
    "maritime_injunction": StatutoryRange(
        Decimal(1000), Decimal(5000), fee_measures(14, item=7, sub=2), set_by_province=False
    ),
    "maritime_lien_notice": StatutoryRange(
        Decimal(1000), Decimal(5000), fee_measures(14, item=7, sub=3), set_by_province=False
    ),
}


@dataclass(frozen=True)
class FeeStandard:
    """The figures one province uses inside the statutory ranges, and its local practice."""

    name: str
    source: str
    divorce: Decimal
    personality: Decimal
    other_non_property: Decimal
    ip_without_amount: Decimal
    jurisdiction_objection: Decimal
    execution_without_amount: Decimal
    maritime_liability_fund: Decimal
    maritime_injunction: Decimal
    maritime_lien_notice: Decimal
    # 小额诉讼 is tried under simplified rules; most provinces then halve the fee as for the
    # simple procedure (办法 art 16), but the Measures predate small claims and do not say so.
    small_claims_halved: bool = True
    # True for the built-in default: the figures are the top of each range, not a province's.
    is_default: bool = False

    def figure(self, range_name: str) -> Decimal:
        """The configured figure for one of the STATUTORY_RANGES."""
        value = getattr(self, range_name)
        assert isinstance(value, Decimal)
        return value


RANGE_FIELDS = tuple(f.name for f in fields(FeeStandard) if f.name in STATUTORY_RANGES)

# Without a province's own table the estimate takes the top of every range, so that it never
# understates what a person must be ready to pay (FACTS: divorce with 50万 of property → 1,800).
DEFAULT_STANDARD = FeeStandard(
    name="默认标准",
    source="未配置本省标准：取《诉讼费用交纳办法》规定幅度的上限",
    is_default=True,
    divorce=STATUTORY_RANGES["divorce"].high,
    personality=STATUTORY_RANGES["personality"].high,
    other_non_property=STATUTORY_RANGES["other_non_property"].high,
    ip_without_amount=STATUTORY_RANGES["ip_without_amount"].high,
    jurisdiction_objection=STATUTORY_RANGES["jurisdiction_objection"].high,
    execution_without_amount=STATUTORY_RANGES["execution_without_amount"].high,
    maritime_liability_fund=STATUTORY_RANGES["maritime_liability_fund"].high,
    maritime_injunction=STATUTORY_RANGES["maritime_injunction"].high,
    maritime_lien_notice=STATUTORY_RANGES["maritime_lien_notice"].high,
)


@dataclass(frozen=True)
class Rounding:
    """How a computed fee is rounded: exact arithmetic first, then half-up to `quantum`."""

    quantum: Decimal = Decimal("0.01")

    def apply(self, value: Decimal) -> Decimal:
        """`value` rounded half-up to the quantum (0.01 = to the fen, 1 = to the yuan)."""
        return value.quantize(self.quantum, rounding=ROUND_HALF_UP)


ROUNDING_POLICIES = {"fen": Rounding(Decimal("0.01")), "yuan": Rounding(Decimal("1"))}
DEFAULT_ROUNDING = ROUNDING_POLICIES["fen"]
