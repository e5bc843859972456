"""Property tests of masking: whatever the input, the full value never comes out."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk_api.domain.privacy import id_number_digests, mask_name, mask_phone

_PHONES = st.from_regex(r"1[3-9]\d{9}", fullmatch=True)
_NAMES = st.text(
    alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=2, max_size=6
)


@settings(max_examples=300, deadline=None)
@given(_PHONES | st.text(max_size=30))
def test_a_masked_phone_never_shows_a_whole_mobile_number(phone: str) -> None:
    masked = mask_phone(phone)
    digits = "".join(ch for ch in phone if ch.isdigit())
    if len(digits) >= 7:
        assert digits not in masked
    assert sum(ch.isdigit() for ch in masked) <= 7


@settings(max_examples=300, deadline=None)
@given(_NAMES)
def test_a_masked_personal_name_hides_all_but_two_characters(name: str) -> None:
    masked = mask_name(name)
    assert masked != name
    assert len(masked) == len(name)
    assert sum(ch != "*" for ch in masked) <= 2


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_any_name_or_id_text_is_masked_or_digested_without_failing(text: str) -> None:
    assert isinstance(mask_name(text), str)
    whole, tail = id_number_digests("key", text.encode("utf-8", "replace").decode())
    assert len(whole) == len(tail) == 64
