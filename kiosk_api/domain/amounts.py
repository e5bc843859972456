"""金额 (money amounts) as citizens say or write them: 五万, 3.5w, 壹拾万元整, 1,200,000元, 三万五.

The amount is a claim, a property split, damages or a sum executed or preserved, and court fees
are computed from it, so anything that is not one definite sum in 人民币 is refused with a Chinese
message saying what to enter instead. cn2an converts the Chinese numerals below 万; the big units
(万, 亿, w, k), decimals, currency words and the colloquial forms are handled here, in Decimal.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from functools import lru_cache

import cn2an  # type: ignore[import-untyped]

MAX_AMOUNT = Decimal("1000000000000")  # 1万亿: anything above is absurd for a court claim

# Longer text is a sentence, not an amount; refusing it early keeps the regexes and cn2an cheap.
MAX_TEXT_LENGTH = 64
_QUOTE_LENGTH = 20
_CENT = Decimal("0.01")
# Input is at most 64 characters, so 200 digits keeps every intermediate product exact.
_PRECISION = 200

_CN_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3,
    "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8,
    "捌": 8, "九": 9, "玖": 9,
}  # fmt: skip
_DIGITS = {**_CN_DIGITS, **{str(n): n for n in range(10)}}
_BIG_UNITS = {"万": Decimal(10**4), "亿": Decimal(10**8)}
_CN_NONZERO = "一二三四五六七八九两壹贰叁肆伍陆柒捌玖"
_CN_ALL_DIGITS = "零〇" + _CN_NONZERO
_NUMERAL = "0-9." + _CN_ALL_DIGITS + "十百千万亿拾佰仟wk点"

# Traditional forms seen on HK/TW keyboards; NFKC already folds full-width digits and letters.
_TRADITIONAL = str.maketrans(
    {
        "萬": "万", "億": "亿", "兩": "两", "貳": "贰", "參": "叁", "叄": "叁", "陸": "陆",
        "圓": "圆", "塊": "块", "錢": "钱", "幣": "币", "約": "约", "餘": "余", "點": "点",
    }
)  # fmt: skip
_ARABIC_TO_CN = str.maketrans({str(n): "零一二三四五六七八九"[n] for n in range(10)})

# ¥ is shared with the Japanese yen but in China it means 人民币, so it is not listed here.
_FOREIGN = re.compile(
    r"美元|美金|美刀|美分|港币|港元|港纸|欧元|日元|日币|円|英镑|澳元|澳币|澳门元|澳门币|葡币|"
    r"加元|加币|韩元|韩币|卢布|台币|泰铢|新加坡元|新币|瑞郎|法郎|卢比|比索|越南盾|林吉特|马币|"
    r"外币|usd|hkd|eur|jpy|gbp|aud|cad|krw|twd|mop|sgd|chf|dollar|euro|yen|pound|[$€£₩₹₽]|"
    rf"(?<=[{_NUMERAL}])刀"
)

# Words around the number: (word, says the amount is approximate). Tried longest first.
_PREFIXES = sorted(
    [
        ("人民币", False), ("rmb", False), ("cny", False), ("¥", False), ("共计", False),
        ("合计", False), ("总计", False), ("总共", False), ("一共", False),
        ("差不多", True), ("大约", True), ("大概", True), ("大致", True), ("约莫", True),
        ("约合", True), ("估计", True), ("将近", True), ("接近", True), ("约", True),
        ("近", True),
    ],
    key=lambda item: -len(item[0]),
)  # fmt: skip
_SUFFIXES = sorted(
    [
        ("人民币", False), ("rmb", False), ("cny", False), ("yuan", False), ("块钱", False),
        ("块", False), ("元", False), ("圆", False), ("钱", False), ("整", False), ("正", False),
        ("差不多", True), ("左右", True), ("上下", True), ("以上", True), ("多", True),
        ("余", True),
    ],
    key=lambda item: -len(item[0]),
)  # fmt: skip
# 十多万, 一百多万, 10余万: 多/余 between a round number and its big unit is a lower bound too.
_MID_APPROXIMATE = re.compile(r"(?<=[0-9十百千拾佰仟万])[多余](?=[十百千万亿拾佰仟]$)")
_D = "[0-9" + _CN_ALL_DIGITS + "]"
# 12元3角4分, 三块五, 叁元零伍分: the 角 and 分 after the yuan.
_JIAO_FEN = re.compile(rf"(?P<yuan>.+?)[元圆块](?:(?P<jiao>{_D})[角毛]?)?(?:零?(?P<fen>{_D})分)?")

_SIGN = re.compile(rf"[-−–—负](?=[{_NUMERAL}¥])")
_VAGUE = re.compile(
    rf"几|若干|好些|数[十百千万亿拾佰仟]|上[百千万亿佰仟]|成[百千万]|(?<=[{_NUMERAL}])来|"
    r"(?<=[十百千万拾佰仟])把"
)
_RANGE = re.compile(
    rf"[{_NUMERAL}](?:元|块钱|块)?(?:到|至|~|-|−|–|—|或者|或|、|/|\|)(?:人民币|¥)?[{_NUMERAL}]"
)
# 七八万, 两三千, 三四十万: two neighbouring digits name a range, not a number.
_NEIGHBOURS = re.compile(
    rf"(?<![{_CN_ALL_DIGITS}])"
    r"(?:一二|一两|二三|两三|三四|四五|五六|六七|七八|八九|壹贰|贰叁|叁肆|肆伍|伍陆|陆柒|柒捌|捌玖)"
    r"(?=[十百千万亿拾佰仟wk]|$)"
)

_ARABIC = re.compile(r"[0-9]+(?:\.[0-9]+)?")
# 12k and 1.5千; Arabic numbers before 十 or 百 are not written.
_ARABIC_THOUSANDS = re.compile(r"(?P<number>[0-9]+(?:\.[0-9]+)?)[千仟]")
_GROUPED = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+")
# A well-formed Chinese numeral below 万, checked before cn2an because its normal mode also
# returns numbers for malformed text (仟仟四 → 1400, 十百六 → 70). The forms ending in a bare
# digit after 千 or 百 are the colloquial 两千五 = 2500 and 一百五 = 150, which cn2an expands.
_N, _Z = f"[{_CN_NONZERO}]", "[零〇]"
_Q, _B, _S = "[千仟]", "[百佰]", "[十拾]"
_AFTER_HUNDRED = f"(?:{_N}{_S}{_N}?|{_Z}{_N}|{_N})"
_AFTER_THOUSAND = f"(?:{_N}{_B}{_AFTER_HUNDRED}?|{_Z}(?:{_N}?{_S}{_N}?|{_N})|{_N})"
_CN_SECTION = re.compile(
    f"{_Z}|{_N}{_Q}{_AFTER_THOUSAND}?|{_N}{_B}{_AFTER_HUNDRED}?|{_N}?{_S}{_N}?|{_N}"
)


class AmountError(ValueError):
    """An amount that cannot be used, with a Chinese message for the citizen."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class ParsedAmount:
    """A definite amount in yuan, and whether the citizen only gave it approximately."""

    value: Decimal
    approximate: bool


# Pure, and the same few amounts ("5万", "10万元") come back all day; errors are not cached.
@lru_cache(maxsize=4096)
def parse_amount(text: str, *, allow_zero: bool = False) -> ParsedAmount:
    """Read one definite 人民币 amount from what a citizen said or wrote, or raise AmountError."""
    stripped = text.strip()
    if not stripped:
        raise AmountError("请填写金额", "empty")
    if len(stripped) > MAX_TEXT_LENGTH:
        raise _unreadable(stripped)
    compact = _normalise(stripped)
    if compact is None:
        raise _unreadable(stripped)
    if _FOREIGN.search(compact):
        raise AmountError(
            "请换算成人民币金额后再计算（诉讼费以人民币计算，《诉讼费用交纳办法》第五十五条）",
            "foreign_currency",
        )
    core, fraction, approximate = _strip_words(compact)
    if _SIGN.match(core):
        raise AmountError("金额不能是负数", "negative")
    if _VAGUE.search(core) or _RANGE.search(core) or _NEIGHBOURS.search(core):
        raise AmountError(
            f"“{_quote(stripped)}”不是一个确定的金额，请说一个具体数字，例如“8万”", "ambiguous"
        )
    with localcontext() as context:
        context.prec = _PRECISION
        value = _parse_number(core)
        if value is None or (fraction and value != value.to_integral_value()):
            raise _unreadable(stripped)
        value += fraction
        if value > MAX_AMOUNT:
            raise AmountError("金额超过1万亿元，请核对后重新输入", "too_large")
        if value != value.quantize(_CENT):
            raise AmountError("金额最多精确到分（小数点后两位）", "too_precise")
        if value == 0 and not allow_zero:
            raise AmountError("金额必须大于零", "zero")
        return ParsedAmount(value=value.quantize(_CENT), approximate=approximate)


def format_yuan(value: Decimal) -> str:
    """Display form rounded to the 分: 1200500.00 → "1,200,500元", 16.67 → "16.67元"."""
    return f"{group_yuan(value)}元"


def group_yuan(value: Decimal) -> str:
    """The figure alone, grouped, rounded to the 分: 1200500.00 → "1,200,500", 16.67 → "16.67"."""
    if not value.is_finite():
        raise ValueError(f"not an amount: {value}")
    with localcontext() as context:
        context.prec = _PRECISION
        cents = value.quantize(_CENT, rounding=ROUND_HALF_UP)
        if cents == 0:
            cents = abs(cents)  # never show "-0"
        if cents == cents.to_integral_value():
            return f"{cents:,.0f}"
        return f"{cents:,.2f}"


def _quote(text: str) -> str:
    return text if len(text) <= _QUOTE_LENGTH else text[:_QUOTE_LENGTH] + "…"


def _unreadable(text: str) -> AmountError:
    return AmountError(
        f"无法识别金额“{_quote(text)}”，请用数字填写，例如“5万元”或“50000”", "unreadable"
    )


def _normalise(text: str) -> str | None:
    """Fold width, case and traditional forms and drop spaces; None if spaces split two numbers."""
    folded = unicodedata.normalize("NFKC", text).lower().translate(_TRADITIONAL)
    # "5000 3000" is two numbers, not 50003000.
    if re.search(r"[0-9]\s+[0-9]", folded):
        return None
    return re.sub(r"\s+", "", folded)


def _strip_words(text: str) -> tuple[str, Decimal, bool]:
    """Peel currency, total and approximation words off the number; also split off 角 and 分."""
    core, fraction, approximate = text, Decimal(0), False
    jiao_fen_seen = False
    while True:
        before = core
        for word, approximating in _PREFIXES:
            if core.startswith(word):
                core = core[len(word) :]
                approximate = approximate or approximating
                break
        for word, approximating in _SUFFIXES:
            if core.endswith(word):
                core = core[: -len(word)]
                approximate = approximate or approximating
                break
        match = None if jiao_fen_seen else _JIAO_FEN.fullmatch(core)
        if match and (match["jiao"] or match["fen"]):
            jiao_fen_seen = True
            jiao = _DIGITS[match["jiao"]] if match["jiao"] else 0
            fen = _DIGITS[match["fen"]] if match["fen"] else 0
            fraction = Decimal(jiao * 10 + fen) / 100
            core = match["yuan"]
        core, replaced = _MID_APPROXIMATE.subn("", core)
        approximate = approximate or replaced > 0
        if core == before:
            return core, fraction, approximate


def _parse_number(text: str) -> Decimal | None:
    """The value of a bare number such as 1亿2000万, 3.5w, 十二万八 or 1,200,000.50."""
    if "," in text:
        for run in re.findall(r"[0-9,]+", text):
            if "," in run and not _GROUPED.fullmatch(run):
                return None
        text = text.replace(",", "")
    text = text.replace("w", "万").replace("k", "千").replace("点", ".")
    return _level(text, ("亿", "万"))


def _level(text: str, units: tuple[str, ...]) -> Decimal | None:
    """Value of text that may use the big units given (largest first) and none larger."""
    if not units:
        return _section(text)
    unit, lower = units[0], units[1:]
    if unit not in text:
        return _level(text, lower)
    left, _, right = text.partition(unit)
    if not left or unit in right:
        return None
    # 1万亿 multiplies 亿 by a number that itself uses 万.
    multiplier = _level(left, lower)
    if multiplier is None:
        return None
    scale = _BIG_UNITS[unit]
    if not right:
        return multiplier * scale
    if "." in left or "." in right:
        return None  # "1.5万3" or "1万2.5": decimals only in a trailing multiplier or a bare number
    remainder = _remainder(right, scale, lower)
    if remainder is None or remainder >= scale:
        return None
    return multiplier * scale + remainder


def _remainder(text: str, scale: Decimal, units: tuple[str, ...]) -> Decimal | None:
    """The part after a big unit: 三万五 means 35000, but 五万零五 means 50005."""
    if text[0] in "零〇":
        # An explicit 零 means the rest is read as written, without the colloquial scaling.
        rest = text[1:]
        if rest[:1] in ("零", "〇"):
            return None  # 三十万零零五
        return _level(rest, units) if rest else Decimal(0)
    if len(text) == 1 and text in _DIGITS:
        return _DIGITS[text] * scale / 10
    return _level(text, units)


def _section(text: str) -> Decimal | None:
    """A number below the big units: 2000, 1.5千, 两千五, 3千5, 一百零五, 十二点五."""
    if not text:
        return None
    if _ARABIC.fullmatch(text):
        return Decimal(text)
    match = _ARABIC_THOUSANDS.fullmatch(text)
    if match:
        return Decimal(match["number"]) * 1000
    integer, dot, fraction = text.partition(".")
    if dot and not (fraction and all(char in _DIGITS for char in fraction)):
        return None
    whole = _chinese_integer(integer)
    if whole is None:
        return None
    if not dot:
        return whole
    return whole + Decimal("0." + "".join(str(_DIGITS[char]) for char in fraction))


def _chinese_integer(text: str) -> Decimal | None:
    """A Chinese numeral below 万, possibly with single Arabic digits (3千5), through cn2an."""
    if not text or re.search(r"[0-9]{2}", text):
        return None  # "12百" mixes the systems in a way nobody writes
    converted = text.translate(_ARABIC_TO_CN)
    if not _CN_SECTION.fullmatch(converted):
        return None  # also refuses 二〇二四, a digit-by-digit reading
    try:
        result: object = cn2an.cn2an(converted, "normal")
    except (ValueError, KeyError, IndexError):
        # cn2an signals malformed numerals with ValueError, and trips over some with KeyError.
        return None
    if isinstance(result, bool) or not isinstance(result, int) or result < 0:
        return None
    return Decimal(result)
