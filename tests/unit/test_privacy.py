"""Masking and keyed digests of personal data."""

import pytest

from kiosk_api.domain.privacy import id_number_digests, keyed_digest, mask_name, mask_phone
from kiosk_api.logging_setup import scrub


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三", "张*"),
        ("张小明", "张*明"),
        ("欧阳娜娜", "欧**娜"),
        ("李", "*"),
        ("深圳市某某物业管理有限公司", "深圳市某某物业管理有限公司"),
    ],
)
def test_names_are_masked_like_court_announcements(name, masked):
    assert mask_name(name) == masked


def test_phone_numbers_show_only_prefix_and_last_four():
    assert mask_phone("13812341234") == "138****1234"
    assert mask_phone("+86 138-1234-1234") == "861****1234"


def test_id_digests_match_regardless_of_case_and_spaces_but_depend_on_the_key():
    full, tail = id_number_digests("k", "44030419900307123x")
    assert (full, tail) == id_number_digests("k", " 44030419900307123X ")
    assert id_number_digests("other", "44030419900307123X") != (full, tail)
    assert "44030419900307123X" not in full + tail
    assert tail == keyed_digest("k", "tail:07123X")


def test_log_scrubbing_removes_phone_and_id_numbers():
    line = scrub("sms to 13800138001 for 44030419900307123X in case 1234")
    assert "13800138001" not in line and "44030419900307123X" not in line
    assert "case 1234" in line
