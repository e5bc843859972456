"""Money amounts as citizens say or write them, read into exact yuan for the fee calculator."""

from dataclasses import FrozenInstanceError
from decimal import Decimal

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk_api.domain import amounts
from kiosk_api.domain.amounts import (
    MAX_AMOUNT,
    AmountError,
    ParsedAmount,
    format_yuan,
    parse_amount,
)

PROPERTY_SETTINGS = settings(max_examples=250, deadline=None)


def _refusal(text: str, **kwargs: bool) -> AmountError:
    with pytest.raises(AmountError) as error:
        parse_amount(text, **kwargs)
    return error.value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("五万", "50000"),
        ("5万元", "50000"),
        ("十二万三千", "123000"),
        ("一百二十万零五百元", "1200500"),
        ("五千零五十", "5050"),
        ("一千零五十元", "1050"),
        ("两万", "20000"),
        ("两百", "200"),
        ("十万零五", "100005"),
        ("一百〇五", "105"),
        ("五十万零", "500000"),
        ("12万3千", "123000"),
        ("5万5千", "55000"),
        ("1亿2000万", "120000000"),
        ("一亿零五百万", "105000000"),
        ("十亿零一万", "1000010000"),
        ("12000万", "120000000"),
        ("1万亿", "1000000000000"),
        ("  5万  ", "50000"),
        ("5 万", "50000"),
        ("50000", "50000"),
        ("50000.5元", "50000.5"),
        ("零点五元", "0.5"),
        ("十二点五万", "125000"),
    ],
)
def test_parses_chinese_arabic_and_mixed_numerals(text, expected):
    assert parse_amount(text) == ParsedAmount(Decimal(expected), approximate=False)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("三万五", "35000"),
        ("两千五", "2500"),
        ("一万二", "12000"),
        ("一万两", "12000"),
        ("5万5", "55000"),
        ("十二万八", "128000"),
        ("一百五", "150"),
        ("3千5", "3500"),
        ("一亿五", "150000000"),
        ("1亿2", "120000000"),
    ],
)
def test_parses_colloquial_trailing_digit(text, expected):
    assert parse_amount(text).value == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3.5w", "35000"),
        ("3.5W", "35000"),
        ("3.5万", "35000"),
        ("120w", "1200000"),
        ("1.5亿", "150000000"),
        ("1.5千万", "15000000"),
        ("1234.56万", "12345600"),
        ("5千", "5000"),
        ("5k", "5000"),
        ("5K", "5000"),
        ("1.5k", "1500"),
        ("12k", "12000"),
    ],
)
def test_parses_big_units_and_w_k_with_decimals(text, expected):
    assert parse_amount(text).value == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("壹拾万元整", "100000"),
        ("人民币壹拾万元整", "100000"),
        ("伍万元", "50000"),
        ("贰拾万零伍佰元", "200500"),
        ("壹佰贰拾叁万肆仟伍佰陆拾柒元", "1234567"),
        ("人民币壹万元正", "10000"),
        ("贰拾萬元", "200000"),
    ],
)
def test_parses_capital_numerals(text, expected):
    assert parse_amount(text).value == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,200,000元", "1200000"),
        ("1，200，000元", "1200000"),
        ("１２００００元", "120000"),
        ("３．５万", "35000"),
        ("120万元人民币", "1200000"),
        ("¥50,000.00", "50000"),
        ("￥50000", "50000"),
        ("RMB 50000", "50000"),
        ("50000 CNY", "50000"),
        ("十万块", "100000"),
        ("十万块钱", "100000"),
        ("8万块钱", "80000"),
        ("共计人民币5万元", "50000"),
    ],
)
def test_parses_currency_words_symbols_and_separators(text, expected):
    assert parse_amount(text) == ParsedAmount(Decimal(expected), approximate=False)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12元3角4分", "12.34"),
        ("壹万贰仟叁佰肆拾伍元陆角柒分", "12345.67"),
        ("叁元零伍分", "3.05"),
        ("三块五", "3.5"),
        ("5万元5角", "50000.5"),
    ],
)
def test_parses_jiao_and_fen(text, expected):
    assert parse_amount(text).value == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "lower_bound"),
    [
        ("大概三十万左右", "300000"),
        ("约10万", "100000"),
        ("差不多5万", "50000"),
        ("6万多", "60000"),
        ("四千多", "4000"),
        ("三万多块钱", "30000"),
        ("一百多万", "1000000"),
        ("10多万元", "100000"),
        ("十余万元", "100000"),
        ("人民币6万余元", "60000"),
        ("20万上下", "200000"),
    ],
)
def test_approximate_amounts_give_their_stated_or_lower_bound(text, lower_bound):
    assert parse_amount(text) == ParsedAmount(Decimal(lower_bound), approximate=True)


def test_value_is_in_yuan_with_exactly_two_decimal_places():
    value = parse_amount("5万").value
    assert value == Decimal("50000")
    assert value.as_tuple().exponent == -2


def test_parsed_amount_is_frozen():
    parsed = parse_amount("5万")
    with pytest.raises(FrozenInstanceError):
        parsed.value = Decimal(1)


def test_accepts_exactly_the_maximum():
    assert parse_amount("1000000000000").value == MAX_AMOUNT


@pytest.mark.parametrize("text", ["", "   ", "\u3000"])
def test_refuses_blank_text(text):
    error = _refusal(text)
    assert (error.code, error.message) == ("empty", "请填写金额")


@pytest.mark.parametrize("text", ["-5万", "负五万", "−5000", "－5000", "-¥50", "人民币-3万元"])
def test_refuses_negative_amounts(text):
    error = _refusal(text)
    assert (error.code, error.message) == ("negative", "金额不能是负数")


@pytest.mark.parametrize("text", ["0", "零元", "0.00", "〇", "¥0"])
def test_refuses_zero_unless_allowed(text):
    error = _refusal(text)
    assert (error.code, error.message) == ("zero", "金额必须大于零")
    assert parse_amount(text, allow_zero=True).value == 0


@pytest.mark.parametrize("text", ["1000000000000.01", "1000000000001", "2万亿", "一千万亿"])
def test_refuses_amounts_above_one_trillion(text):
    error = _refusal(text)
    assert (error.code, error.message) == ("too_large", "金额超过1万亿元，请核对后重新输入")


@pytest.mark.parametrize("text", ["100.123元", "0.001", "1.2345678万"])
def test_refuses_more_than_two_decimals(text):
    error = _refusal(text)
    assert (error.code, error.message) == ("too_precise", "金额最多精确到分（小数点后两位）")


def test_decimals_that_become_whole_after_scaling_are_fine():
    assert parse_amount("1.2345万").value == Decimal("12345")


@pytest.mark.parametrize(
    "text",
    [
        "七八万",
        "十几万",
        "几万",
        "五六千",
        "1万到2万",
        "1-2万",
        "1万元至2万元",
        "5~6万",
        "两三万",
        "一两万",
        "三四十万",
        "十七八万",
        "二十来万",
        "数十万",
        "上万",
        "大概七八万",
    ],
)
def test_refuses_ranges_and_vague_amounts_quoting_the_text(text):
    error = _refusal(text)
    assert error.code == "ambiguous"
    assert error.message == f"“{text}”不是一个确定的金额，请说一个具体数字，例如“8万”"


@pytest.mark.parametrize(
    "text",
    ["5000美元", "$5000", "1万港币", "USD 100", "5000欧元", "日元", "3000英镑", "€20", "100刀"],
)
def test_refuses_foreign_currency(text):
    error = _refusal(text)
    assert error.code == "foreign_currency"
    assert error.message == (
        "请换算成人民币金额后再计算（诉讼费以人民币计算，《诉讼费用交纳办法》第五十五条）"
    )


@pytest.mark.parametrize(
    "text",
    [
        "很多钱",
        "abc",
        "五万块和三万",
        "5000 3000",
        "5000，3000",
        "1,2000",
        "万",
        "亿",
        "元",
        "1亿亿",
        "五万三万",
        "1.2.3",
        "1万2.5",
        "3.5万5",
        "1e5",
    ],
)
def test_refuses_unreadable_text_quoting_it_with_an_example(text):
    error = _refusal(text)
    assert error.code == "unreadable"
    assert error.message == f"无法识别金额“{text}”，请用数字填写，例如“5万元”或“50000”"


@pytest.mark.parametrize(
    "text",
    # cn2an's normal mode returns a number for each of these; they are not how anyone writes one.
    ["仟仟四", "十百六", "二〇二四", "一二三", "零五万", "三十万零零五", "一千零", "12百"],
)
def test_refuses_malformed_numerals_that_cn2an_would_read(text):
    assert _refusal(text).code == "unreadable"


def test_unreadable_message_truncates_the_quote_to_twenty_characters():
    text = "我要起诉张三还我借款以及利息还有违约金"  # 19 characters
    error = _refusal(text + "和律师费")
    assert error.code == "unreadable"
    assert f"“{text}和…”" in error.message


def test_refuses_overlong_text_without_calling_cn2an(monkeypatch):
    def forbidden(*args: object) -> None:
        raise AssertionError("cn2an called for overlong text")

    monkeypatch.setattr(amounts.cn2an, "cn2an", forbidden)
    error = _refusal("五" * 65)
    assert error.code == "unreadable"
    assert "五" * 20 + "…" in error.message


def test_amount_error_is_a_value_error_with_message_and_code():
    error = _refusal("abc")
    assert isinstance(error, ValueError)
    assert str(error) == error.message


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("1200500.00", "1,200,500元"),
        ("1200500", "1,200,500元"),
        ("16.67", "16.67元"),
        ("1234.5", "1,234.50元"),
        ("16.666", "16.67元"),
        ("0.005", "0.01元"),
        ("50", "50元"),
        ("0", "0元"),
        ("-0.001", "0元"),
        ("1000000000000", "1,000,000,000,000元"),
    ],
)
def test_format_yuan_shows_whole_yuan_without_decimals_and_rounds_to_the_fen(value, shown):
    assert format_yuan(Decimal(value)) == shown


def test_format_yuan_refuses_non_numbers():
    with pytest.raises(ValueError):
        format_yuan(Decimal("NaN"))


_WHOLE_YUAN = st.one_of(
    st.integers(1, 10**12),
    # Round numbers exercise the zero-gap spellings (一亿五千, 十亿零一万, 一千万一千).
    st.builds(lambda digits, power: digits * 10**power, st.integers(1, 9999), st.integers(0, 8)),
)


@PROPERTY_SETTINGS
@given(_WHOLE_YUAN)
def test_whole_yuan_round_trip_in_every_spelling(n):
    for text in (str(n), f"{n:,}", cn2an.an2cn(n), cn2an.an2cn(n, "up")):
        assert parse_amount(text).value == n, text


@PROPERTY_SETTINGS
@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal(10**6), places=2))
def test_amounts_with_fen_round_trip_exactly(value):
    assert parse_amount(str(value)).value == value


def _only_amounts_or_amount_errors(text: str) -> None:
    try:
        parsed = parse_amount(text)
    except AmountError as error:
        assert error.code in {
            "empty",
            "negative",
            "zero",
            "too_large",
            "too_precise",
            "ambiguous",
            "foreign_currency",
            "unreadable",
        }
    else:
        assert 0 < parsed.value <= MAX_AMOUNT


@PROPERTY_SETTINGS
@given(st.text(max_size=80))
def test_arbitrary_text_gives_an_amount_or_an_amount_error(text):
    _only_amounts_or_amount_errors(text)


_NUMERAL_SOUP = "0123456789.,零〇一二两三五九壹贰十百千万亿拾佰仟wk点元块角分多约-负 "


@PROPERTY_SETTINGS
@given(st.text(alphabet=_NUMERAL_SOUP, max_size=20))
def test_numeral_soup_gives_an_amount_or_an_amount_error(text):
    _only_amounts_or_amount_errors(text)
