"""案号 normalisation as far as the docket needs it (the full parser is the case-lookup work)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk_api.domain.case_numbers import CaseNumber, CaseNumberError, parse_case_number


@pytest.mark.parametrize(
    ("text", "court", "type_code", "serial"),
    [
        ("（2024）粤0304民初1234号", "粤0304", "民初", 1234),
        ("(2024)粤0304民初1234号", "粤0304", "民初", 1234),
        ("〔2024〕粤0304民初1234", "粤0304", "民初", 1234),
        (" （2023） 粤03 民终 56 号 ", "粤03", "民终", 56),
        ("（2021）最高法知民终2270号", "最高法", "知民终", 2270),
        ("（2024）粤0304执2001号", "粤0304", "执", 2001),
        ("（2022）粤民终8号", "粤", "民终", 8),
    ],
)
def test_case_number_variants_normalise_to_their_parts(text, court, type_code, serial):
    number = parse_case_number(text)
    assert (number.court_code, number.type_code, number.serial) == (court, type_code, serial)


@pytest.mark.parametrize("text", ["", "   ", "粤0304民初1234号", "（2024）粤0304民初号", "hello"])
def test_text_that_is_not_a_case_number_is_refused_in_chinese(text):
    with pytest.raises(CaseNumberError) as error:
        parse_case_number(text)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(error.value))


@given(
    year=st.integers(2000, 2099),
    court=st.sampled_from(["粤0304", "粤03", "粤", "最高法", "京0105"]),
    type_code=st.sampled_from(["民初", "民终", "执", "行初", "民诉前调"]),
    serial=st.integers(1, 999999),
)
def test_canonical_text_round_trips(year, court, type_code, serial):
    number = CaseNumber(year, court, type_code, serial)
    assert parse_case_number(number.text) == number
