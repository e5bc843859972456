"""案号 (case numbers): recognise the canonical form and split it into its parts.

The full parser for every real-world variant belongs to the case-lookup work; this module
already normalises brackets, spaces and a missing 号 so that the docket stores one form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_BRACKETS = str.maketrans({"(": "（", ")": "）", "〔": "（", "〕": "）", "[": "（", "]": "）"})

# （年度）法院代字 类型代字 编号 号 — 法院代字 is 最高法, a province abbreviation, or one of
# those followed by 2 or 4 digits; 类型代字 is 1–6 CJK characters (执, 民初, 民诉前调, 知民终 …).
_CANONICAL = re.compile(
    r"^（(?P<year>\d{4})）"
    r"(?P<court>最高法|[\u4e00-\u9fff]{1,3}?\d{2}(?:\d{2})?|[\u4e00-\u9fff]{1,3}?)"
    r"(?P<type_code>[\u4e00-\u9fff]{1,6}?)"
    r"(?P<serial>\d{1,6})号?$"
)


class CaseNumberError(ValueError):
    """The text is not a case number; the message says why, in Chinese."""


@dataclass(frozen=True)
class CaseNumber:
    """A case number split into its parts."""

    year: int
    court_code: str
    type_code: str
    serial: int

    @property
    def text(self) -> str:
        """The canonical written form, e.g. （2024）粤0304民初1234号."""
        return f"（{self.year}）{self.court_code}{self.type_code}{self.serial}号"


def parse_case_number(text: str) -> CaseNumber:
    """Parse a case number written in the canonical form, tolerating bracket and space variants."""
    cleaned = re.sub(r"\s+", "", text or "").translate(_BRACKETS)
    if not cleaned:
        raise CaseNumberError("请输入案号，例如（2024）粤0304民初1234号")
    match = _CANONICAL.match(cleaned)
    if match is None:
        raise CaseNumberError(
            "案号格式不正确，应为“（年度）法院代字类型代字编号号”，例如（2024）粤0304民初1234号"
        )
    serial = int(match["serial"])
    if serial == 0:
        raise CaseNumberError("案件编号不能为0")
    return CaseNumber(
        year=int(match["year"]),
        court_code=match["court"],
        type_code=match["type_code"],
        serial=serial,
    )
