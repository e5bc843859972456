"""Reading a free-text answer to a risk question: "有借条" → the option that means "yes".

In chat, on SMS and on the phone people answer in their own words, not by tapping a button.
The reader accepts, in this order: the button label or option id itself; the option's number
as it was read out ("2", "第二个", "1和3" for several); and otherwise the words. For words,
each label is cut into its head ("有" in "有，原件在我这") and details; the answer's own head
says yes, no or "don't know", which narrows the options, and shared words choose among them.
When the answer fits several options equally, or none, the reader names the candidates so
the question can be asked again with only those — it never guesses between two meanings.
Dates and amounts are read by the same readers as elsewhere (approximate months count from
the month's first day, which makes a limitation warning earlier, never later).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from kiosk_api.domain.amounts import AmountError, parse_amount
from kiosk_api.domain.deadline_questions import DateTextError, find_date
from kiosk_api.domain.risk_questionnaires import Kind, Option, Question

MAX_ANSWER_CHARS = 200
NONE_OPTION = "none"


class AnswerUnclear(ValueError):
    """The answer does not pick an option (or a date, an amount); says what to answer instead."""

    def __init__(self, message: str, candidates: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.candidates = candidates  # option ids the answer may have meant, to ask again


@dataclass(frozen=True)
class Answer:
    """What the answer means: the value the assessment takes and how to repeat it back."""

    value: str | list[str]  # option id, option ids (multi), ISO date, or yuan as a decimal
    shown: str  # in words, to confirm: "有，原件在我这", "2023年5月1日", "80,000元"
    approximate: bool = False


class _Stance(Enum):
    YES = "yes"
    NO = "no"
    UNSURE = "unsure"


# Order matters: "不知道" and "记不清" are "don't know", not "no".
_UNSURE = re.compile(
    "不知道|不清楚|不确定|说不清|说不好|记不清|记不得|不记得|忘了|搞不清|不太清楚|不太确定|不晓得|不了解|没印象"
)
_NO = re.compile("没|不|无|未|否|木有|别")
_CLAUSE_BREAK = re.compile(r"[\s，,；;。!！?？]|但是|但|可是|不过")
_AFFIRMS = re.compile("有|是|对|嗯|知道|同意|担心|愿意|可以|好|行|已经|已|还在")
_QUESTION = re.compile("吗|哪|什么|怎么|为什么|几点|多少|多久|谁")
_YES_FIRST = re.compile("(?:有|是的|是|对|已经|已)(?!没|不)")
_PARTIAL = re.compile("只|仅|部分")
_SOME = re.compile("部分|一些|有些")
_PUNCTUATION = re.compile(r"[\s\-—_~～·.。,，、;；:：!！?？\"'“”‘’()（）\[\]【】《》/]+")
# Filler people add around an answer, which says nothing about the option.
_FILLER = re.compile(
    "^(?:嗯+|呃+|额+|哦+|噢+|啊+|那个|就是|我觉得|应该|好像|算是)+|(?:的|吧|啊|呀|哦|呢|啦|了|哈|嘛)+$"
)
# Characters that carry stance or grammar, not which option is meant.
_FUNCTION_CHARS = frozenset(
    "有没是不的了我你他她它们对方这那个些在也都就还过着吗呢吧啊呀无未否只仅"
)
_NUMBERS = {
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_ORDINAL = re.compile(r"^(?:选|选择|第)?([1-9一二两三四五六七八九])(?:个|项|条|种|号)?$")
_ORDINALS = re.compile(
    r"^(?:选|选择)?(?:第?[1-9一二两三四五六七八九][个项条种号]?(?:和|与|及|跟|还有)?)+$"
)
_ALL = re.compile("^(?:都有|全都有|全有|都是|以上都有|全部都有)$")
_NO_AMOUNT = re.compile("^(?:没有|无|不涉及|不要钱|没有金额|没有钱|不要求赔偿|只离婚|只要离婚)")
_MONTH = re.compile(r"(\d{4})\s*[年./-]\s*(\d{1,2})\s*月?(?![\d日号])")
_RELATIVE_YEAR = {"今年": 0, "去年": 1, "前年": 2, "大前年": 3}
_YEAR_MONTH = re.compile(
    "(大前年|前年|去年|今年)\\s*(\\d{1,2}|[一二三四五六七八九十]{1,3}|正)\\s*月(?:份)?"
)
_YEAR_ONLY = re.compile(r"(?<!\d)(\d{4})\s*年(?!\s*\d)|(大前年|前年|去年|今年)")


def read_answer(question: Question, text: str, today: dt.date) -> Answer:
    """The answer's meaning for this question, or AnswerUnclear saying what to answer."""
    text = text[:MAX_ANSWER_CHARS]
    if question.kind is Kind.DATE:
        return _read_date(question, text, today)
    if question.kind is Kind.AMOUNT:
        return _read_amount(text)
    chosen = _read_options(question, text)
    labels = "、".join(o.label for o in question.options if o.id in chosen)
    if question.kind is Kind.MULTI:
        ordered = [o.id for o in question.options if o.id in chosen]
        return Answer(ordered, labels)
    return Answer(chosen[0], labels)


def _read_options(question: Question, text: str) -> tuple[str, ...]:
    flat = _flatten(text)
    if not flat:
        raise _unclear(question, question.options)
    said = text.strip().lower()
    exact = [o.id for o in question.options if flat == _flatten(o.label) or said == o.id]
    if exact:
        return (exact[0],)
    numbered = _by_number(question, flat)
    if numbered:
        return numbered
    if question.kind is Kind.MULTI:
        return _read_multi(question, text)
    return (_read_choice(question, text),)


def _flatten(text: str) -> str:
    plain = _PUNCTUATION.sub("", unicodedata.normalize("NFKC", text).lower())
    return _FILLER.sub("", plain) or plain


def _by_number(question: Question, flat: str) -> tuple[str, ...]:
    if not _ORDINALS.match(flat):
        return ()
    numbers = [
        int(d) if d.isdigit() else _NUMBERS[d]
        for d in re.findall(r"[1-9一二两三四五六七八九]", flat)
    ]
    if question.kind is not Kind.MULTI and len(numbers) != 1:
        raise _unclear(question, question.options, "这道题只能选一项")
    if any(n > len(question.options) for n in numbers):
        raise _unclear(question, question.options, f"这道题只有{len(question.options)}个选项")
    return tuple(dict.fromkeys(question.options[n - 1].id for n in numbers))


def _read_choice(question: Question, text: str) -> str:
    candidates = _by_stance(question.options, text)
    if not candidates:
        raise _unclear(question, question.options)
    flat = _flatten(text)
    scores = {o.id: _score(flat, text, o) for o in candidates}
    best = max(scores.values())
    # "算了吧" or "你们法院在哪里" says neither yes nor no nor anything an option says: no guess.
    unfounded = best == 0 and not any(_said_also(text, o) for o in candidates)
    vague = not _AFFIRMS.search(flat) or _QUESTION.search(flat)
    if unfounded and vague and _stance(text) is _Stance.YES:
        raise _unclear(question, question.options)
    if len(candidates) == 1:
        return candidates[0].id
    leaders = [o for o in candidates if scores[o.id] == best]
    if len(leaders) > 1 and _is_bare(flat):
        # A bare "有"/"知道"/"是原件" means the plain option, not "只知道名字" or "部分有原件".
        plain = [o for o in leaders if not _PARTIAL.search(_head(o.label))]
        leaders = plain if len(plain) == 1 else leaders
    if len(leaders) == 1:
        return leaders[0].id
    raise _unclear(question, tuple(leaders))


def _read_multi(question: Question, text: str) -> tuple[str, ...]:
    flat = _flatten(text)
    none = question.option(NONE_OPTION)
    if none is not None and _said_also(text, none):
        return (none.id,)
    common = _shared_pairs(question.options)
    # Each clause that does not deny names options: "合同没签，工资打到卡上" names only wages.
    named = [c for c in _clauses(text) if _clause_stance(c) is _Stance.YES]
    picked = tuple(
        o.id
        for o in question.options
        if o.id != NONE_OPTION
        and (_said_also(text, o) > 0 or any(_pairs(o.label) - common & _pairs(c) for c in named))
    )
    if none is not None and not picked and _stance(text) is not _Stance.YES:
        return (none.id,)  # "都没有", "没有", "一个都没"
    if _ALL.match(flat):
        return tuple(o.id for o in question.options if o.id != NONE_OPTION)
    if not picked:
        raise _unclear(question, question.options, "可以选几项，用顿号隔开，例如“1、3”")
    return picked


def _pairs(text: str) -> set[str]:
    words = _words_of(_flatten(text))
    return {words[i : i + 2] for i in range(len(words) - 1)}


def _shared_pairs(options: tuple[Option, ...]) -> set[str]:
    """Two-character words in more than one label ("截图", "记录"): they tell nothing apart."""
    seen: set[str] = set()
    common: set[str] = set()
    for option in options:
        pairs = _pairs(option.label)
        common |= seen & pairs
        seen |= pairs
    return common


def _by_stance(options: tuple[Option, ...], text: str) -> list[Option]:
    """The options the answer names in other words, else those whose head says what it says."""
    partial = [o for o in options if _PARTIAL.search(_head(o.label))]
    if partial and _SOME.search(_flatten(text)):
        return partial  # "只有部分月份的明细" is the partial option whatever it names
    said = {o.id: _said_also(text, o) for o in options}
    longest = max(said.values())
    if longest:
        # "不愿意" outranks the "愿意" inside it.
        return [o for o in options if said[o.id] == longest]
    stance = _stance(text)
    same = [o for o in options if _stance(_head(o.label)) is stance]
    if same or stance is _Stance.YES:
        return same
    # "没有地址" answers "知道/不知道": no and don't-know stand in for each other.
    other = _Stance.UNSURE if stance is _Stance.NO else _Stance.NO
    return [o for o in options if _stance(_head(o.label)) is other]


def _said_also(text: str, option: Option) -> int:
    """The length of the longest of the option's other words the answer says (not denies)."""
    found = 0
    for clause in _clauses(text):
        stance = _clause_stance(clause)
        for word in option.also:
            term = _flatten(word)
            # "身份证号不清楚" does not say "身份证号"; "没收条" is said by "现金没收条".
            if term in clause and _clause_stance(term) is stance:
                found = max(found, len(term))
    return found


def _clauses(text: str) -> list[str]:
    parts = _CLAUSE_BREAK.split(unicodedata.normalize("NFKC", text))
    return [flat for flat in (_flatten(p) for p in parts) if flat]


def _clause_stance(flat: str) -> _Stance:
    if _UNSURE.search(flat):
        return _Stance.UNSURE
    return _Stance.NO if _NO.search(flat) else _Stance.YES


def _stance(text: str) -> _Stance:
    """Yes, no or don't know, read from the first clause ("有，但不愿出庭" says yes)."""
    clauses = [c for c in _CLAUSE_BREAK.split(unicodedata.normalize("NFKC", text)) if c.strip()]
    head = _FILLER.sub("", clauses[0].strip()) if clauses else ""
    if _PARTIAL.match(head):
        return _Stance.YES  # "只知道名字，不知道身份证号" says what is known
    if _UNSURE.search(head):
        return _Stance.UNSURE
    if _YES_FIRST.match(head):
        return _Stance.YES  # "有困难家里条件不好"
    return _Stance.NO if _NO.search(head) else _Stance.YES


def _head(label: str) -> str:
    return re.split("[，,]", label, maxsplit=1)[0]


def _words_of(flat: str) -> str:
    return "".join(ch for ch in flat if ch not in _FUNCTION_CHARS)


def _is_bare(flat: str) -> bool:
    """An answer that only says yes: "有", "是的", "对", "知道", "有借条" (the thing asked)."""
    return len(_words_of(flat)) <= 3


def _score(flat: str, text: str, option: Option) -> int:
    """How well the answer fits an option of the right stance: its words, then its details."""
    score = _shared(flat, option.label)
    # A detail with the same stance and a shared word ("没留记录" ~ "但没有记录") counts too.
    details = re.split("[，,]", option.label)[1:]
    rest = _CLAUSE_BREAK.split(unicodedata.normalize("NFKC", text), maxsplit=1)[1:]
    words = set(_words_of(flat))
    for detail in details:
        if set(_words_of(_flatten(detail))) & words and _stance(detail) is _stance(
            rest[0] if rest else text
        ):
            score += 1
    return score


def _shared(flat: str, label: str) -> int:
    """How much of the label the answer repeats: two-character words count double."""
    words = _words_of(flat)
    target = _words_of(_flatten(label))
    pairs = {target[i : i + 2] for i in range(len(target) - 1)}
    shared_pairs = sum(1 for i in range(len(words) - 1) if words[i : i + 2] in pairs)
    return shared_pairs * 2 + len(set(words) & set(target))


def _unclear(
    question: Question, options: tuple[Option, ...] | list[Option], hint: str = ""
) -> AnswerUnclear:
    numbered = "；".join(f"{question.options.index(o) + 1}. {o.label}" for o in options)
    lead = (
        "您的意思是下面哪一项"
        if len(options) < len(question.options)
        else "没听明白，请从下面选一项"
    )
    if question.kind is Kind.MULTI and len(options) == len(question.options):
        lead = "没听明白，请从下面选（可以多选）"
    message = f"{lead}：{numbered}。可以回复序号。" + (f"{hint}。" if hint else "")
    return AnswerUnclear(message, tuple(o.id for o in options))


def _read_amount(text: str) -> Answer:
    flat = _flatten(text)
    if _NO_AMOUNT.match(flat):
        return Answer("0.00", "0元")
    try:
        parsed = parse_amount(text, allow_zero=True)
    except AmountError as exc:
        raise AnswerUnclear(exc.message) from None
    return Answer(f"{parsed.value:.2f}", f"{_yuan(parsed.value)}元", parsed.approximate)


def _yuan(value: Decimal) -> str:
    return f"{value:,.2f}".removesuffix(".00")


def _read_date(question: Question, text: str, today: dt.date) -> Answer:
    flat = unicodedata.normalize("NFKC", text)
    try:
        day = find_date(flat, today)
    except DateTextError as exc:
        raise AnswerUnclear(str(exc)) from None
    approximate = False
    if day is None:
        day, approximate = _approximate_day(flat, today), True
    if day is None:
        raise AnswerUnclear(
            f"请告诉我大概的日期，例如“2023年5月1日”；记不清哪天的，说哪年哪月也可以（{question.text}）"
        )
    if day > today:
        raise AnswerUnclear(f"{day.year}年{day.month}月{day.day}日还没有到，请核对日期")
    shown = f"{day.year}年{day.month}月{day.day}日"
    return Answer(day.isoformat(), shown + ("（按月初计算）" if approximate else ""), approximate)


def _approximate_day(flat: str, today: dt.date) -> dt.date | None:
    """A month or a year without a day: its first day, the earlier and so the safer start."""
    month = _MONTH.search(flat)
    if month:
        return _first_day(int(month[1]), int(month[2]))
    relative = _YEAR_MONTH.search(flat)
    if relative:
        number = relative[2]
        value = 1 if number == "正" else int(number) if number.isdigit() else _month_number(number)
        return _first_day(today.year - _RELATIVE_YEAR[relative[1]], value)
    year = _YEAR_ONLY.search(flat)
    if year:
        return _first_day(int(year[1]) if year[1] else today.year - _RELATIVE_YEAR[year[2]], 1)
    return None


def _month_number(text: str) -> int:
    if text.startswith("十"):
        return 10 + (_NUMBERS.get(text[1:], 0) if len(text) > 1 else 0)
    return _NUMBERS.get(text, 0)


def _first_day(year: int, month: int) -> dt.date | None:
    if not 1900 <= year <= 2100 or not 1 <= month <= 12:
        return None
    return dt.date(year, month, 1)
