"""Legal basis as data: which law, article, paragraph, item and sub-item an answer rests on."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

FEE_MEASURES = "诉讼费用交纳办法"
CIVIL_PROCEDURE_LAW = "民事诉讼法"
CPL_INTERPRETATION = "民诉法解释"

_DIGITS = "零一二三四五六七八九"


@cache  # a few hundred article numbers, asked for on every fee estimate
def chinese_numeral(number: int) -> str:
    """1..9999 as statutes number articles (十三, 一百一十三, 二百零六, 一千零七十九)."""
    if not 0 < number < 10000:
        raise ValueError(f"article numbers run from 1 to 9999, not {number}")
    thousands, rest = divmod(number, 1000)
    if not thousands:
        return _below_thousand(number)
    text = f"{_DIGITS[thousands]}千"
    if not rest:
        return text
    if rest < 100:
        # 民法典 writes 一千零一十 and 一千零七十九: a zero for the missing hundreds, 一十 kept.
        tens, ones = divmod(rest, 10)
        return (
            f"{text}零{_DIGITS[tens]}十{_DIGITS[ones] if ones else ''}"
            if tens
            else f"{text}零{_DIGITS[ones]}"
        )
    return text + _below_thousand(rest)


def _below_thousand(number: int) -> str:
    hundreds, rest = divmod(number, 100)
    tens, ones = divmod(rest, 10)
    if not hundreds:
        if not tens:
            return _DIGITS[ones]
        lead = "" if tens == 1 else _DIGITS[tens]
        return f"{lead}十{_DIGITS[ones] if ones else ''}"
    text = f"{_DIGITS[hundreds]}百"
    if tens:
        text += f"{_DIGITS[tens]}十{_DIGITS[ones] if ones else ''}"
    elif ones:
        text += f"零{_DIGITS[ones]}"
    return text


@dataclass(frozen=True)
class Basis:
    """One provision: 《law》第article条[第paragraph款][第（item）项][第subitem目]."""

    law: str
    article: int
    paragraph: int | None = None
    item: int | None = None
    subitem: int | None = None

    def cite(self) -> str:
        """The citation as a court writes it, e.g. 《诉讼费用交纳办法》第十三条第（一）项."""
        text = f"《{self.law}》第{chinese_numeral(self.article)}条"
        if self.paragraph:
            text += f"第{chinese_numeral(self.paragraph)}款"
        if self.item:
            text += f"第（{chinese_numeral(self.item)}）项"
        if self.subitem:
            text += f"第{chinese_numeral(self.subitem)}目"
        return text


def fee_measures(
    article: int, *, paragraph: int | None = None, item: int | None = None, sub: int | None = None
) -> Basis:
    """A provision of 《诉讼费用交纳办法》 (国务院令第481号)."""
    return Basis(FEE_MEASURES, article, paragraph, item, sub)
