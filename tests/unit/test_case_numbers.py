"""案号: every real-world rendering normalises to one canonical form, or is refused precisely."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk_api.demo_docket import DEMO_COURTS
from kiosk_api.domain.case_numbers import (
    MAX_SERIAL_DIGITS,
    CaseNumber,
    CaseNumberError,
    CourtLevel,
    court_level,
    court_name,
    parse_case_number,
)
from kiosk_api.domain.case_types import (
    SPECIAL_TRIAL_CODES,
    STANDARD_TABLE,
    SUPPLEMENT,
    case_type_names,
    is_known_type_code,
    split_special_trial,
    standard_codes,
)
from kiosk_api.domain.provinces import PROVINCES

PROPERTY_SETTINGS = settings(max_examples=300, deadline=None)


@pytest.mark.parametrize(
    ("text", "canonical", "parts"),
    [
        # (year, court_code, type_code, serial, serial_end, suffix, legacy)
        ("（2024）粤0304民初1234号", "（2024）粤0304民初1234号", (2024, "粤0304", "民初", 1234)),
        ("(2024)粤0304民初1234号", "（2024）粤0304民初1234号", (2024, "粤0304", "民初", 1234)),
        ("〔2024〕粤0304民初1234", "（2024）粤0304民初1234号", (2024, "粤0304", "民初", 1234)),
        ("[2024]粤0304民初1234号", "（2024）粤0304民初1234号", (2024, "粤0304", "民初", 1234)),
        ("【2024】粤0304民初1234号", "（2024）粤0304民初1234号", (2024, "粤0304", "民初", 1234)),
        ("﹝2024﹞粤0304民初1234号", "（2024）粤0304民初1234号", (2024, "粤0304", "民初", 1234)),
        ("2024粤0304民初1234号", "（2024）粤0304民初1234号", (2024, "粤0304", "民初", 1234)),
        (
            "（２０２４）粤０３０４民初１２３４号",
            "（2024）粤0304民初1234号",
            (2024, "粤0304", "民初", 1234),
        ),
        (
            " （2023）\u3000粤03 民终\t56 号 ",
            "（2023）粤03民终56号",
            (2023, "粤03", "民终", 56),
        ),
        ("（2024）粤0304民初第1234号", "（2024）粤0304民初1234号", (2024, "粤0304", "民初", 1234)),
        ("（2024）粤0304执2001号", "（2024）粤0304执2001号", (2024, "粤0304", "执", 2001)),
        ("（2022）粤民终8号", "（2022）粤民终8号", (2022, "粤", "民终", 8)),
        ("（2022）内01民终8号", "（2022）内01民终8号", (2022, "内01", "民终", 8)),
        (
            "（2021）最高法知民终2270号",
            "（2021）最高法知民终2270号",
            (2021, "最高法", "知民终", 2270),
        ),
        ("（2023）京73知民初15号", "（2023）京73知民初15号", (2023, "京73", "知民初", 15)),
        ("（2023）京73民初15号", "（2023）京73民初15号", (2023, "京73", "民初", 15)),
        (
            "（2021）川0104民诉前调801号",
            "（2021）川0104民诉前调801号",
            (2021, "川0104", "民诉前调", 801),
        ),
        ("(2024)浙02民诉前调595号", "（2024）浙02民诉前调595号", (2024, "浙02", "民诉前调", 595)),
        ("（2024）粤0304民保令3号", "（2024）粤0304民保令3号", (2024, "粤0304", "民保令", 3)),
        ("（2024）粤0304司救民3号", "（2024）粤0304司救民3号", (2024, "粤0304", "司救民", 3)),
        (
            "（2024）粤0304民初18775-18776号",
            "（2024）粤0304民初18775-18776号",
            (2024, "粤0304", "民初", 18775, 18776),
        ),
        (
            "（2024）粤0304民初18775－18776",
            "（2024）粤0304民初18775-18776号",
            (2024, "粤0304", "民初", 18775, 18776),
        ),
        (
            "（2024）粤0304民初18775—18776号",
            "（2024）粤0304民初18775-18776号",
            (2024, "粤0304", "民初", 18775, 18776),
        ),
        (
            "（2020）最高法民终123号之一",
            "（2020）最高法民终123号之一",
            (2020, "最高法", "民终", 123, None, "之一"),
        ),
        (
            "（2020）最高法民终123之二",
            "（2020）最高法民终123号之二",
            (2020, "最高法", "民终", 123, None, "之二"),
        ),
        (
            "（2020）京民终12号之十一",
            "（2020）京民终12号之十一",
            (2020, "京", "民终", 12, None, "之十一"),
        ),
        (
            "（2015）深福法民初字第1234号",
            "（2015）深福法民初字第1234号",
            (2015, "深福法", "民初", 1234, None, "", True),
        ),
        (
            "(2015)深福法民初字第1234",
            "（2015）深福法民初字第1234号",
            (2015, "深福法", "民初", 1234, None, "", True),
        ),
        (
            "（2014）深中法知民终字第56号",
            "（2014）深中法知民终字第56号",
            (2014, "深中法", "知民终", 56, None, "", True),
        ),
        (
            "（2013）沪一中民四（商）终字第5号",
            "（2013）沪一中民四（商）终字第5号",
            (2013, "沪一中", "民四（商）终", 5, None, "", True),
        ),
        (
            "（2014）海民初字第12345号",
            "（2014）海民初字第12345号",
            (2014, "海", "民初", 12345, None, "", True),
        ),
        (
            "（2014）新民民初字第3号",
            "（2014）新民民初字第3号",
            (2014, "新民", "民初", 3, None, "", True),
        ),
        (
            "（2013）广海法初字第7号",
            "（2013）广海法初字第7号",
            (2013, "广海法", "初", 7, None, "", True),
        ),
        (
            "（2013）民提字第12号",
            "（2013）民提字第12号",
            (2013, "", "民提", 12, None, "", True),
        ),
        (
            "（2010）知行字第6号",
            "（2010）知行字第6号",
            (2010, "", "知行", 6, None, "", True),
        ),
        (
            "（2015）深福法执字第10-12号之一",
            "（2015）深福法执字第10-12号之一",
            (2015, "深福法", "执", 10, 12, "之一", True),
        ),
    ],
)
def test_every_real_world_form_normalises_to_its_canonical_parts(text, canonical, parts):
    number = parse_case_number(text)
    assert number == CaseNumber(*parts)
    assert number.text == canonical


@pytest.mark.parametrize(
    ("text", "code", "message"),
    [
        ("", "empty", "请输入案号，例如（2024）粤0304民初1234号"),
        (" \u3000\t", "empty", "请输入案号，例如（2024）粤0304民初1234号"),
        ("案号：（2024）粤0304民初1234号", "invalid_character", "案号中含有无法识别的字符“：”"),
        ("（2024）粤0304民初1234号。", "invalid_character", "案号中含有无法识别的字符“。”"),
        ("hello", "invalid_character", "案号中含有无法识别的字符“h”"),
        ("（2024）粤0304民初A12号", "invalid_character", "案号中含有无法识别的字符“A”"),
        ("（2024）粤0304民初" + "1" * 60, "too_long", "案号过长，最多64个字"),
        ("粤0304民初1234号", "missing_year", "缺少收案年度"),
        ("（）粤0304民初1234号", "missing_year", "缺少收案年度"),
        ("（24）粤0304民初1234号", "invalid_year", "收案年度不正确"),
        ("（20245）粤0304民初1234号", "invalid_year", "收案年度不正确"),
        ("（1948）粤0304民初1234号", "invalid_year", "收案年度不正确"),
        ("（2101）粤0304民初1234号", "invalid_year", "收案年度不正确"),
        ("（2024）民初1234号", "missing_court", "缺少法院代字"),
        ("（2024）1234号", "missing_court", "缺少法院代字"),
        ("（2024）", "missing_court", "缺少法院代字"),
        ("（2024）港0304民初1234号", "unknown_court", "无法识别的法院代字“港0304”"),
        ("（2024）港民初1234号", "unknown_court", "无法识别的法院代字“港”"),
        ("（2024）粤030民初1234号", "unknown_court", "无法识别的法院代字“粤030”"),
        ("（2024）粤03041民初1234号", "unknown_court", "无法识别的法院代字“粤03041”"),
        ("（2024）0304民初1234号", "unknown_court", "无法识别的法院代字“0304”"),
        ("（2024）深福法民初1234号", "unknown_court", "无法识别的法院代字“深福法”"),
        (
            "（2024）最高人民法院民终1号",
            "unknown_court",
            "无法识别的法院代字“最高人民法院”",
        ),
        ("（2024）粤0304号", "missing_type", "缺少类型代字"),
        ("（2024）粤03041234号", "missing_type", "缺少类型代字"),
        ("（2024）粤0304民甲1234号", "unknown_type", "无法识别的类型代字“民甲”"),
        ("（2024）最高法知知民终1号", "unknown_type", "无法识别的类型代字“知知民终”"),
        ("（2024）粤0304民初号", "missing_serial", "缺少案件编号"),
        ("（2024）粤0304民初", "missing_serial", "缺少案件编号"),
        ("（2015）深福法民初字第号", "missing_serial", "缺少案件编号"),
        ("（2024）粤0304民初0号", "zero_serial", "案件编号不能为0"),
        ("（2024）粤0304民初000号", "zero_serial", "案件编号不能为0"),
        ("（2024）粤0304民初123456789号", "serial_too_long", "案件编号过长，最多8位数字"),
        ("（2024）粤0304民初18776-18775号", "invalid_range", "案号范围不正确"),
        ("（2024）粤0304民初5-5号", "invalid_range", "案号范围不正确"),
        ("（2024）粤0304民初5-号", "invalid_range", "案号范围不正确"),
        ("（2024）粤0304民初5号之甲", "invalid_suffix", "案号后缀不正确，应为“之一”“之二”等"),
        ("（2024）粤0304民初5号之", "invalid_suffix", "案号后缀不正确，应为“之一”“之二”等"),
        ("（2015）字第1号", "missing_type", "缺少类型代字"),
        ("（2015）深福法甲乙字第1号", "unknown_type", "无法识别的类型代字“深福法甲乙”"),
        (
            "（2024）粤0304（民初）1号",
            "malformed",
            "案号格式不正确，应为“（年度）法院代字类型代字编号号”，例如（2024）粤0304民初1234号",
        ),
    ],
)
def test_what_is_wrong_is_said_exactly(text, code, message):
    with pytest.raises(CaseNumberError) as error:
        parse_case_number(text)
    assert (error.value.code, str(error.value), error.value.message) == (code, message, message)
    assert isinstance(error.value, ValueError)


@pytest.mark.parametrize(
    ("code", "level"),
    [
        ("最高法", CourtLevel.SUPREME),
        ("粤", CourtLevel.HIGH),
        ("内", CourtLevel.HIGH),
        ("兵", CourtLevel.HIGH),
        ("粤03", CourtLevel.INTERMEDIATE),
        ("京70", CourtLevel.INTERMEDIATE),
        ("京71", CourtLevel.SPECIALISED),
        ("京73", CourtLevel.SPECIALISED),
        ("沪99", CourtLevel.SPECIALISED),
        ("粤0304", CourtLevel.BASIC),
        ("港", None),
        ("粤030", None),
        ("深福法", None),
        ("", None),
    ],
)
def test_court_level_follows_the_court_code(code, level):
    assert court_level(code) is level


def test_legacy_numbers_have_no_derived_court():
    number = parse_case_number("（2013）民提字第12号")
    assert (number.court_level, number.court_name) == (None, None)


@pytest.mark.parametrize("court", DEMO_COURTS, ids=lambda c: c["code"])
def test_demo_courts_levels_agree_with_their_codes(court):
    assert court_level(court["code"]) == court["level"]


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("最高法", "最高人民法院"),
        ("粤", "广东省高级人民法院"),
        ("京", "北京市高级人民法院"),
        ("内", "内蒙古自治区高级人民法院"),
        ("新", "新疆维吾尔自治区高级人民法院"),
        ("兵", "新疆维吾尔自治区高级人民法院生产建设兵团分院"),
        ("粤0304", None),
        ("京73", None),
    ],
)
def test_the_domain_names_only_the_courts_the_code_alone_identifies(code, name):
    assert court_name(code) == name


@pytest.mark.parametrize(
    ("type_code", "names"),
    [
        ("民初", ("民事一审案件",)),
        ("执", ("首次执行案件",)),
        ("刑核", ("死刑复核案件", "法定刑以下判处刑罚复核案件", "特殊假释复核案件")),
        ("破", ("破产清算案件", "破产重整案件", "破产和解案件")),
        ("请港送", ("区际送达文书案件",)),
        ("认澳", ("认可与执行台湾/香港/澳门法院裁判、仲裁裁决审查案件",)),
        ("民保令", ("人身安全保护令申请审查案件",)),
        ("民诉前调", ("民事诉前调解案件",)),
        ("知民终", ("知识产权民事二审案件",)),
        ("民甲", None),
        ("知", None),
        ("", None),
    ],
)
def test_type_codes_name_their_case_types(type_code, names):
    assert case_type_names(type_code) == names
    assert is_known_type_code(type_code) is (names is not None)


def test_the_2015_table_is_read_whole():
    codes = standard_codes()
    assert len(codes) == 129
    assert len(codes["民特"]) == 13
    assert {"认台", "认港", "认澳", "请台调", "澳请调"} <= codes.keys()
    assert STANDARD_TABLE.name == "case_type_codes_2015_standard.tsv"
    # Supplement codes are the ones the table lacks, so nothing is silently overridden.
    assert not SUPPLEMENT.keys() & codes.keys()


def test_the_special_trial_code_splits_off_only_before_a_known_type():
    assert split_special_trial("知民终") == ("知", "民终")
    assert split_special_trial("知行初") == ("知", "行初")
    assert split_special_trial("民终") == ("", "民终")
    assert split_special_trial("知甲") == ("", "知甲")


def test_new_fields_default_so_the_positional_constructor_keeps_working():
    number = CaseNumber(2026, "粤0304", "民初", 1001)
    assert (number.serial_end, number.suffix, number.legacy) == (None, "", False)
    assert number.text == "（2026）粤0304民初1001号"
    assert number.case_types == ("民事一审案件",)


# --- properties ---------------------------------------------------------------------------

_NUMERALS = "一二三四五六七八九"


def _numeral(n: int) -> str:
    tens, ones = divmod(n, 10)
    text = ("" if tens < 2 else _NUMERALS[tens - 1]) + ("十" if tens else "")
    return text + (_NUMERALS[ones - 1] if ones else "")


provinces = st.sampled_from(sorted(PROVINCES))
courts = st.one_of(
    st.just("最高法"),
    provinces,
    st.builds(lambda p, n: f"{p}{n:02d}", provinces, st.integers(0, 99)),
    st.builds(lambda p, n: f"{p}{n:04d}", provinces, st.integers(0, 9999)),
)
type_codes = st.sampled_from(
    sorted(
        [*standard_codes(), *SUPPLEMENT]
        + [f"{s}{code}" for s in SPECIAL_TRIAL_CODES for code in ("民初", "民终", "行终", "民辖终")]
    )
)
serials = st.integers(1, 10**MAX_SERIAL_DIGITS - 1)
suffixes = st.one_of(st.just(""), st.builds(lambda n: "之" + _numeral(n), st.integers(1, 99)))


@st.composite
def case_numbers(draw, courts=courts, type_codes=type_codes, legacy=False):
    serial = draw(serials)
    highest = 10**MAX_SERIAL_DIGITS - 1
    end = draw(st.none() | st.integers(serial + 1, highest)) if serial < highest else None
    return CaseNumber(
        draw(st.integers(1949, 2100)),
        draw(courts),
        draw(type_codes),
        serial,
        end,
        draw(suffixes),
        legacy,
    )


# Legacy court abbreviations are local; these pairs are ones whose split is unambiguous.
legacy_pairs = st.sampled_from(
    [
        ("深福法", "民初"),
        ("深中法", "知民终"),
        ("粤高法", "民二终"),
        ("沪一中", "民四（商）终"),
        ("海", "民初"),
        ("新民", "民初"),
        ("广海法", "初"),
        ("京", "知民初"),
        ("深福法", "执复"),
        ("", "民提"),
        ("", "知行"),
    ]
)


@st.composite
def legacy_numbers(draw):
    court, type_code = draw(legacy_pairs)
    number = draw(case_numbers(courts=st.just(court), type_codes=st.just(type_code), legacy=True))
    assert isinstance(number, CaseNumber)
    return number


@PROPERTY_SETTINGS
@given(number=case_numbers() | legacy_numbers())
def test_canonical_text_round_trips(number):
    assert parse_case_number(number.text) == number


def test_the_hypothesis_numeral_helper_writes_chinese_numerals():
    assert [_numeral(n) for n in (1, 10, 11, 20, 23, 99)] == [
        "一",
        "十",
        "十一",
        "二十",
        "二十三",
        "九十九",
    ]


_FULL_WIDTH = str.maketrans({str(d): chr(0xFF10 + d) for d in range(10)})
_BRACKETS = [("（", "）"), ("(", ")"), ("〔", "〕"), ("[", "]"), ("【", "】"), ("", "")]


@st.composite
def renderings(draw, number: CaseNumber) -> str:
    """The same case number as people write it: other brackets, spaces, no 号, wide digits."""
    opening, closing = draw(st.sampled_from(_BRACKETS))
    serials = str(number.serial)
    if number.serial_end is not None:
        serials += draw(st.sampled_from("-－—~")) + str(number.serial_end)
    hao = draw(st.sampled_from(["号", ""]))
    tail = hao + number.suffix
    if number.suffix and hao and draw(st.booleans()):
        tail = number.suffix + hao  # 之一号 is seen as often as 号之一
    marker = "字" + draw(st.sampled_from(["第", ""])) if number.legacy else ""
    pieces = [
        opening,
        str(number.year),
        closing,
        number.court_code,
        number.type_code,
        marker,
        serials,
        tail,
    ]
    text = "".join(pieces)
    if draw(st.booleans()):
        text = text.translate(_FULL_WIDTH)
    spaces = draw(st.lists(st.sampled_from([" ", "\u3000", "\t", "  "]), max_size=6))
    for space in spaces:
        at = draw(st.integers(0, len(text)))
        text = text[:at] + space + text[at:]
    return text


@PROPERTY_SETTINGS
@given(data=st.data(), number=case_numbers() | legacy_numbers())
def test_variant_renderings_parse_to_the_same_case_number(data, number):
    text = data.draw(renderings(number))
    parsed = parse_case_number(text)
    assert parsed == number
    assert parsed.text == number.text


case_number_alphabet = st.sampled_from(
    list("（）()〔〕[]【】-－ 　0123456789０１２３４５６７８９号之一二第字知民初终执最高法粤京03")
)


@PROPERTY_SETTINGS
@given(text=st.text(case_number_alphabet, max_size=40) | st.text(max_size=80))
def test_any_text_either_parses_to_a_canonical_fixed_point_or_is_refused(text):
    try:
        number = parse_case_number(text)
    except CaseNumberError as error:
        assert error.message and error.code
        return
    assert parse_case_number(number.text) == number


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("（2023）粵03民終1234號", "（2023）粤03民终1234号"),
        ("(2021)粤0304民初 6610號", "（2021）粤0304民初6610号"),
        ("（2024）滬0115執88号", "（2024）沪0115执88号"),
    ],
)
def test_traditional_characters_are_read_as_simplified(text, canonical):
    assert parse_case_number(text).text == canonical
