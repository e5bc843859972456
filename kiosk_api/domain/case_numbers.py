"""案号 (case numbers): every form seen in practice, normalised to one canonical text and parts.

《最高人民法院关于人民法院案件案号的若干规定》(2015, amended 2018): （收案年度）法院代字
[专门审判代字]类型代字案件编号号, e.g. （2024）粤0304民初1234号 or （2021）最高法知民终2270号.
Numbers issued before 2016 read （2015）深福法民初字第1234号 and are recognised as legacy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from kiosk_api.domain.case_types import case_type_names, is_known_type_code
from kiosk_api.domain.provinces import PROVINCES

SUPREME_COURT_CODE = "最高法"
EXAMPLE = "（2024）粤0304民初1234号"
MIN_YEAR, MAX_YEAR = 1949, 2100
# Busy basic courts reach six-digit serials; eight leaves room and keeps int() cheap.
MAX_SERIAL_DIGITS = 8
# The longest real form, （2100）最高法知民诉前调99999999-99999999号之九十九, has 42 characters;
# the cap keeps every step below linear in practice whatever text arrives.
MAX_LENGTH = 64
# Court codes 71–99 after the province are the specialised courts (铁路运输, 海事, 知识产权 …).
SPECIALISED_CODES = range(71, 100)

MESSAGES: dict[str, str] = {
    "empty": f"请输入案号，例如{EXAMPLE}",
    "invalid_character": "案号中含有无法识别的字符“{char}”",
    "too_long": f"案号过长，最多{MAX_LENGTH}个字",
    "missing_year": "缺少收案年度",
    "invalid_year": "收案年度不正确",
    "missing_court": "缺少法院代字",
    "unknown_court": "无法识别的法院代字“{court}”",
    "missing_type": "缺少类型代字",
    "unknown_type": "无法识别的类型代字“{type_code}”",
    "missing_serial": "缺少案件编号",
    "zero_serial": "案件编号不能为0",
    "serial_too_long": f"案件编号过长，最多{MAX_SERIAL_DIGITS}位数字",
    "invalid_range": "案号范围不正确",
    "invalid_suffix": "案号后缀不正确，应为“之一”“之二”等",
    "malformed": f"案号格式不正确，应为“（年度）法院代字类型代字编号号”，例如{EXAMPLE}",
}

_SUPREME_COURT_NAME = "最高人民法院"
_BINGTUAN = "兵"
_BINGTUAN_COURT_NAME = "新疆维吾尔自治区高级人民法院生产建设兵团分院"

# Traditional characters people type (粵, 終, 號 …) in court codes, type codes and 号; a 案号
# is always written in simplified characters.
_TRADITIONAL = dict(
    zip(
        "粵滬遼魯蘇贛晉內陝閩貴寧瓊雲號終執賠國認協請強訴調監轄審復異懲財確證備醫沒臺訪贓",
        "粤沪辽鲁苏赣晋内陕闽贵宁琼云号终执赔国认协请强诉调监辖审复异惩财确证备医没台访赃",
        strict=True,
    )
)
# Every bracket people use around the year becomes （）; every dash in a range becomes "-".
_TRANSLATION = str.maketrans(
    {
        **_TRADITIONAL,
        **{chr(0xFF10 + d): str(d) for d in range(10)},
        **dict.fromkeys("(〔[［【﹝", "（"),
        **dict.fromkeys(")〕]］】﹞", "）"),
        **dict.fromkeys("－—–‐‑―~～〜", "-"),
    }
)
# \s covers the full-width space U+3000; zero-width characters ride along in copied text.
_INVISIBLE = re.compile(r"[\s\u200b-\u200d\ufeff]+")
_FOREIGN = re.compile(r"[^0-9（）\-\u4e00-\u9fff]")
_YEAR = re.compile(r"(?P<open>（)?(?P<digits>\d*)(?P<close>）)?")
_SUFFIX = re.compile(r"之(?P<numeral>[^\d号之（）]*)$")
_NUMERAL = re.compile(r"[一二三四五六七八九]|[二三四五六七八九]?十[一二三四五六七八九]?")
_TAIL = re.compile(r"(?<!\d)第?(?P<serial>\d+)(?:-(?P<end>\d*))?$")
_MODERN_HEAD = re.compile(r"(?P<letters>[\u4e00-\u9fff]*)(?P<digits>\d*)(?P<type>[\u4e00-\u9fff]*)")
# Pre-2016 类型代字: [知]category[division][stage…], e.g. 民初, 知民终, 民四（商）终, 执复.
_LEGACY_TYPE = re.compile(
    r"知?(?:委赔|法赔|司救|[民刑行赔执破商知立认协请财证司清])"
    r"(?:[一二三四五六七八九十]|（[\u4e00-\u9fff]{1,4}）)*"
    r"[初终申提再监抗他特催督复异恢保协撤辖核更医没令审清赔破预救]*"
)
# Maritime courts wrote only the stage after the court (（2013）广海法初字第1号).
_LEGACY_STAGE_ONLY = re.compile(r"[初终申提再监抗他特催督复异恢保协撤辖核更]+")


class CourtLevel(StrEnum):
    """The level of a court as its 法院代字 shows it."""

    SUPREME = "supreme"
    HIGH = "high"
    INTERMEDIATE = "intermediate"
    SPECIALISED = "specialised"
    BASIC = "basic"


class CaseNumberError(ValueError):
    """The text is not a usable case number; the message says what is wrong, in Chinese."""

    def __init__(self, message: str, code: str = "malformed") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class CaseNumber:
    """A case number split into its parts; `text` is its canonical written form."""

    year: int
    court_code: str
    type_code: str
    serial: int
    serial_end: int | None = None
    suffix: str = ""
    legacy: bool = False

    @property
    def text(self) -> str:
        """The canonical written form, e.g. （2024）粤0304民初1234号."""
        serials = (
            str(self.serial) if self.serial_end is None else f"{self.serial}-{self.serial_end}"
        )
        marker = "字第" if self.legacy else ""
        return f"（{self.year}）{self.court_code}{self.type_code}{marker}{serials}号{self.suffix}"

    @property
    def court_level(self) -> CourtLevel | None:
        """The court's level; None for legacy numbers, whose court abbreviations are local."""
        return None if self.legacy else court_level(self.court_code)

    @property
    def court_name(self) -> str | None:
        """The court's name where the code alone says it (最高法, high courts), else None."""
        return None if self.legacy else court_name(self.court_code)

    @property
    def case_types(self) -> tuple[str, ...]:
        """The names of the case types the 类型代字 stands for; empty when none is known."""
        return case_type_names(self.type_code) or ()


def court_level(court_code: str) -> CourtLevel | None:
    """The level a current 法院代字 shows; None if it is not one."""
    if court_code == SUPREME_COURT_CODE:
        return CourtLevel.SUPREME
    province, digits = court_code[:1], court_code[1:]
    if province not in PROVINCES or not (digits.isascii() and (digits.isdigit() or not digits)):
        return None
    if not digits:
        return CourtLevel.HIGH
    if len(digits) == 2:
        return (
            CourtLevel.SPECIALISED if int(digits) in SPECIALISED_CODES else CourtLevel.INTERMEDIATE
        )
    return CourtLevel.BASIC if len(digits) == 4 else None


def court_name(court_code: str) -> str | None:
    """The name of the supreme court or of a high court from its code; others need the docket."""
    if court_code == SUPREME_COURT_CODE:
        return _SUPREME_COURT_NAME
    if court_code == _BINGTUAN:
        return _BINGTUAN_COURT_NAME
    if court_code in PROVINCES:
        return f"{PROVINCES[court_code]}高级人民法院"
    return None


def parse_case_number(text: str) -> CaseNumber:
    """Parse any common rendering of a case number; CaseNumberError says what is wrong."""
    cleaned = _INVISIBLE.sub("", text or "").translate(_TRANSLATION)
    if not cleaned:
        raise _error("empty")
    if len(cleaned) > MAX_LENGTH:
        raise _error("too_long")
    foreign = _FOREIGN.search(cleaned)
    if foreign is not None:
        raise _error("invalid_character", char=foreign.group())
    year, body = _split_year(cleaned)
    body, suffix = _split_suffix(body)
    tail = _TAIL.search(body)
    head = body[: tail.start()] if tail else body.removesuffix("第")
    legacy = head.endswith("字")
    court, type_code = _split_legacy(head[:-1]) if legacy else _split_modern(head)
    if tail is None:
        raise _error("missing_serial")
    serial, serial_end = _serials(tail["serial"], tail["end"])
    return CaseNumber(year, court, type_code, serial, serial_end, suffix, legacy)


def _error(code: str, **values: str) -> CaseNumberError:
    return CaseNumberError(MESSAGES[code].format(**values), code)


def _split_year(text: str) -> tuple[int, str]:
    # The brackets are optional, even one of them: "2024粤0304民初1号" is common on forms.
    match = _YEAR.match(text)
    assert match is not None  # every part of the pattern is optional
    digits = match["digits"]
    if not digits:
        raise _error("missing_year")
    if len(digits) != 4 or not MIN_YEAR <= int(digits) <= MAX_YEAR:
        raise _error("invalid_year")
    return int(digits), text[match.end() :]


def _split_suffix(body: str) -> tuple[str, str]:
    # 号 is missing or written before or after 之一; all three are seen.
    body = body.removesuffix("号")
    match = _SUFFIX.search(body)
    if match is None:
        return body, ""
    if not _NUMERAL.fullmatch(match["numeral"]):
        raise _error("invalid_suffix")
    return body[: match.start()].removesuffix("号"), match.group()


def _split_modern(head: str) -> tuple[str, str]:
    match = _MODERN_HEAD.fullmatch(head)
    if match is None:
        raise _error("malformed")
    letters, digits, type_code = match["letters"], match["digits"], match["type"]
    if digits:
        court = letters + digits
        if letters not in PROVINCES or len(digits) not in (2, 4):
            raise _error("unknown_court", court=court)
    else:
        court, type_code = _court_before_type(letters)
    if not type_code:
        raise _error("missing_type")
    if not is_known_type_code(type_code):
        raise _error("unknown_type", type_code=type_code)
    return court, type_code


def _court_before_type(letters: str) -> tuple[str, str]:
    # Without digits the court is 最高法 or a lone province abbreviation (a high court).
    if letters.startswith(SUPREME_COURT_CODE):
        return SUPREME_COURT_CODE, letters[len(SUPREME_COURT_CODE) :]
    if letters[:1] in PROVINCES:
        return letters[:1], letters[1:]
    if not letters or is_known_type_code(letters):
        raise _error("missing_court")
    # Name the unknown court as precisely as the known type code after it allows.
    court = next(
        (letters[:i] for i in range(1, len(letters)) if is_known_type_code(letters[i:])),
        letters[:1],
    )
    raise _error("unknown_court", court=court)


def _split_legacy(body: str) -> tuple[str, str]:
    # The court abbreviation (深福法, 沪一中, 海 …) is local, so the type is found from the end:
    # the longest recognisable 类型代字; an empty court is the Supreme Court's own style
    # (（2013）民提字第12号).
    if not body:
        raise _error("missing_type")
    for pattern, first in ((_LEGACY_TYPE, 0), (_LEGACY_STAGE_ONLY, 1)):
        for i in range(first, len(body)):
            if pattern.fullmatch(body, i):
                return body[:i], body[i:]
    raise _error("unknown_type", type_code=body)


def _serials(start: str, end: str | None) -> tuple[int, int | None]:
    if len(start) > MAX_SERIAL_DIGITS or (end is not None and len(end) > MAX_SERIAL_DIGITS):
        raise _error("serial_too_long")
    serial = int(start)
    if serial == 0:
        raise _error("zero_serial")
    if end is None:
        return serial, None
    if not end or int(end) <= serial:
        raise _error("invalid_range")
    return serial, int(end)
