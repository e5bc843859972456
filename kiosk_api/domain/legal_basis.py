"""Legal basis as data: which law, article, paragraph, item and sub-item an answer rests on."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

# The laws the assistant cites, by the short name it prints.
FEE_MEASURES = "诉讼费用交纳办法"
CIVIL_PROCEDURE_LAW = "民事诉讼法"
CPL_INTERPRETATION = "民诉法解释"
EVIDENCE_RULES = "证据规定"  # 《最高人民法院关于民事诉讼证据的若干规定》(2019)
FILING_RULES = "登记立案规定"  # 《最高人民法院关于人民法院登记立案若干问题的规定》(2015)
ADMINISTRATIVE_PROCEDURE_LAW = "行政诉讼法"
APL_INTERPRETATION = "行诉法解释"  # 《最高人民法院关于适用〈行政诉讼法〉的解释》(2018)
CIVIL_CODE = "民法典"
LABOUR_ARBITRATION_LAW = "劳动争议调解仲裁法"
LABOUR_INTERPRETATION = "劳动争议解释（一）"  # 《…审理劳动争议案件适用法律问题的解释（一）》(2020)
PEOPLES_MEDIATION_LAW = "人民调解法"

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


def cites(basis: Iterable[Basis]) -> list[str]:
    """Citations as court documents write them, in order."""
    return [b.cite() for b in basis]


def civil_procedure(article: int, paragraph: int | None = None, item: int | None = None) -> Basis:
    """A provision of 《民事诉讼法》 (2023 numbering)."""
    return Basis(CIVIL_PROCEDURE_LAW, article, paragraph, item)


def fee_measures(
    article: int, *, paragraph: int | None = None, item: int | None = None, sub: int | None = None
) -> Basis:
    """A provision of 《诉讼费用交纳办法》 (国务院令第481号)."""
    return Basis(FEE_MEASURES, article, paragraph, item, sub)
