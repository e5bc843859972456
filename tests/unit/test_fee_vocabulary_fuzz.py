"""Property tests of the fee conversation's word readers: any message, values of the right kind."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from actions.fee_vocabulary import (
    applicant_in,
    case_kind_in,
    fee_details_in,
    relief_circumstances_in,
)

_messages = st.text(max_size=200) | st.lists(
    st.sampled_from(
        ["离婚", "劳动", "借款", "二审", "反诉", "公司", "低保", "残疾", "简易", "调解", "撤诉"]
    )
    | st.text(max_size=5),
    max_size=8,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(_messages, st.booleans())
def test_any_message_reads_to_values_of_the_right_kind(text: str, answering: bool) -> None:
    kind = case_kind_in(text)
    assert kind is None or isinstance(kind, str)
    details = fee_details_in(text)
    assert isinstance(details, dict) and all(isinstance(k, str) for k in details)
    circumstances = relief_circumstances_in(text, answering=answering)
    assert isinstance(circumstances, list) and len(set(circumstances)) == len(circumstances)
    assert applicant_in(text) in ("natural_person", "organization")
