"""Reading a deadline question as people ask it: which period, and from which date.

"判决书11月3号收到的 最晚哪天上诉" names the period by its everyday words (上诉, 判决) and the
start by a date written any of the usual ways (2026年11月3日, 11月3号, 2026-11-03, 11.3, 昨天).
A date without a year is the most recent such day not after today, because the start of a
running period lies in the past.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from kiosk_api.domain.deadlines import DeadlineKind as K
from kiosk_api.domain.stages import Procedure


class DateTextError(ValueError):
    """A date in the text cannot be a real day; the message says why, in Chinese."""


_RELATIVE = {"今天": 0, "今日": 0, "昨天": 1, "昨日": 1, "前天": 2, "大前天": 3}
_RELATIVE_WORD = re.compile("|".join(sorted(_RELATIVE, key=len, reverse=True)))
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_CN_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}
_NUMBER = r"(\d{1,2}|[一二三四五六七八九十]{1,3})"
_FULL = re.compile(r"(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*[日号]?")
_MONTH_DAY = re.compile(rf"{_NUMBER}\s*月\s*{_NUMBER}\s*[日号]?")
_DOTTED = re.compile(r"(?<![\d.])(\d{1,2})[./](\d{1,2})(?![\d.])")


def _number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)
    return _CN_DIGITS[text]


def find_date(text: str, today: dt.date) -> dt.date | None:
    """The first date written in `text`, or None when it names none."""
    flat = unicodedata.normalize("NFKC", text)
    # The earliest date wins: "11月3号收到的，今天还能上诉吗" runs from 11月3号, not today.
    relative = _RELATIVE_WORD.search(flat)
    found = (_FULL.search(flat), _MONTH_DAY.search(flat), _DOTTED.search(flat))
    match = min((m for m in found if m), key=lambda m: m.start(), default=None)
    if relative and (match is None or relative.start() < match.start()):
        return today - dt.timedelta(days=_RELATIVE[relative[0]])
    if match is None:
        return None
    if match.re is _FULL:
        return _day(int(match[1]), int(match[2]), int(match[3]), match[0])
    try:
        month, day = _number(match[1]), _number(match[2])
    except KeyError:  # numerals that are no number, such as 一二 or 十十
        raise DateTextError(f"“{match[0]}”不是一个有效的日期") from None
    candidate = _day(today.year, month, day, match[0])
    if candidate > today:
        candidate = _day(today.year - 1, month, day, match[0])
    return candidate


def _day(year: int, month: int, day: int, written: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateTextError(f"“{written}”不是一个有效的日期") from None


@dataclass(frozen=True)
class _Cue:
    kind: K
    all_of: tuple[str, ...]
    none_of: tuple[str, ...] = ()


# First match wins, so the more specific cues come first.
_CUES: tuple[_Cue, ...] = (
    _Cue(K.APPEAL_DEFENCE, ("上诉", "答辩")),
    _Cue(K.ADMINISTRATIVE_APPEAL_RULING, ("行政", "上诉", "裁定")),
    _Cue(K.ADMINISTRATIVE_APPEAL_JUDGMENT, ("行政", "上诉")),
    _Cue(K.APPEAL_RULING, ("上诉", "裁定")),
    _Cue(K.APPEAL_JUDGMENT, ("上诉",)),
    _Cue(K.DEFENCE, ("答辩",)),
    _Cue(K.EVIDENCE, ("举证",)),
    _Cue(K.ADMINISTRATIVE_RETRIAL, ("行政", "再审")),
    _Cue(K.RETRIAL, ("再审",)),
    _Cue(K.SUIT_AFTER_PRESERVATION, ("保全",)),
    _Cue(K.ENFORCEMENT_APPLICATION, ("执行",)),
    _Cue(K.LABOUR_ARBITRATION, ("仲裁",)),
    _Cue(K.ADMINISTRATIVE_SUIT_AFTER_RECONSIDERATION, ("复议",)),
    _Cue(K.ADMINISTRATIVE_SUIT, ("行政",)),
    _Cue(K.TRIAL_SMALL_CLAIMS, ("小额", "审")),
    _Cue(K.TRIAL_SIMPLE, ("简易", "审")),
    _Cue(K.TRIAL_ORDINARY, ("审限",)),
    _Cue(K.TRIAL_ORDINARY, ("审理期限",)),
    _Cue(K.TRIAL_ORDINARY, ("多久", "判"), ("立案",)),
    _Cue(K.FILING_DECISION, ("立案",)),
    _Cue(K.LIMITATION, ("时效",)),
    _Cue(K.LIMITATION, ("年", "还能", "告")),
    _Cue(K.LIMITATION, ("年", "还能", "起诉")),
)

_PROCEDURE_CUES = (
    ("小额", Procedure.SMALL_CLAIMS),
    ("简易", Procedure.SIMPLE),
    ("二审", Procedure.SECOND_INSTANCE),
    ("普通程序", Procedure.ORDINARY),
)


def kind_for_question(text: str) -> K | None:
    """The period a question is about, or None when it names none the assistant knows."""
    flat = unicodedata.normalize("NFKC", text).replace(" ", "")
    flat = flat.replace("時效", "时效").replace("上訴", "上诉")
    for cue in _CUES:
        if all(word in flat for word in cue.all_of) and not any(w in flat for w in cue.none_of):
            return cue.kind
    return None


# Questions the cues would take for another period: what cannot be appealed, and periods no
# DeadlineKind computes (suing after a labour arbitration award, review of an enforcement
# ruling). These get the rule in words, never the date of a different period.
_LABOUR_AWARD = (
    "对劳动争议仲裁裁决不服的，一般应当自收到仲裁裁决书之日起十五日内向人民法院起诉，"
    "期满不起诉的，裁决书发生法律效力（《劳动争议调解仲裁法》第四十八条、第五十条）；"
    "用人单位对终局裁决不服的，可以自收到裁决书之日起三十日内向中级人民法院申请撤销"
    "（《劳动争议调解仲裁法》第四十九条）。本系统不计算这一期限，请以裁决书的告知为准"
)
_NOT_COMPUTED: tuple[tuple[tuple[str, ...], str], ...] = (
    (("仲裁", "裁决", "不服"), _LABOUR_AWARD),
    (("仲裁", "裁决", "起诉"), _LABOUR_AWARD),
    (
        ("小额", "上诉"),
        "小额诉讼案件实行一审终审，判决不能上诉（《民事诉讼法》第一百六十五条第一款）；"
        "认为判决有错误的，可以在判决发生法律效力后六个月内申请再审（《民事诉讼法》第二百一十六条）",
    ),
    (
        ("调解书", "上诉"),
        "调解书经双方当事人签收后即具有法律效力，不能上诉（《民事诉讼法》第一百条第三款）；"
        "有证据证明调解违反自愿原则或者调解协议的内容违反法律的，可以申请再审"
        "（《民事诉讼法》第二百一十二条）",
    ),
    (
        ("执行", "裁定", "复议"),
        "对执行行为的书面异议被裁定驳回、对裁定不服的，可以自裁定送达之日起十日内向上一级人民法院"
        "申请复议（《民事诉讼法》第二百三十六条）；本系统不计算这一期限，请以裁定书的告知为准",
    ),
)


def period_not_computed(text: str) -> str | None:
    """The rule in words for a question about a period that must not be computed, if it is one."""
    flat = unicodedata.normalize("NFKC", text).replace(" ", "").replace("上訴", "上诉")
    return next((rule for words, rule in _NOT_COMPUTED if all(w in flat for w in words)), None)


def procedure_for_question(text: str) -> Procedure | None:
    """The procedure a question names (小额, 简易, 普通程序, 二审), if any."""
    return next((procedure for word, procedure in _PROCEDURE_CUES if word in text), None)


def abroad_in_question(text: str) -> bool:
    """Whether the question says the party lives abroad (涉外 periods are longer)."""
    return any(word in text for word in ("国外", "境外", "海外", "涉外", "在外国"))
