"""Article numbers and citations written the way statutes write them."""

import cn2an
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk_api.domain.legal_basis import Basis, chinese_numeral


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (1, "一"),
        (10, "十"),
        (13, "十三"),
        (113, "一百一十三"),
        (206, "二百零六"),
        (1001, "一千零一"),
        (1010, "一千零一十"),
        (1079, "一千零七十九"),
        (1100, "一千一百"),
        (1218, "一千二百一十八"),
        (1260, "一千二百六十"),
    ],
)
def test_article_numbers_read_as_in_the_statutes(number, text):
    assert chinese_numeral(number) == text


@given(st.integers(min_value=1, max_value=9999))
def test_every_article_number_reads_back_as_itself(number):
    assert cn2an.cn2an(chinese_numeral(number), "smart") == number


@pytest.mark.parametrize("number", [0, -1, 10000])
def test_numbers_outside_the_statutes_range_are_refused(number):
    with pytest.raises(ValueError):
        chinese_numeral(number)


def test_a_civil_code_citation_above_a_thousand():
    assert Basis("民法典", 1079, 2).cite() == "《民法典》第一千零七十九条第二款"
