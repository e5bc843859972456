"""Property tests of the WeChat push parser and the reply builder (any bytes, any text)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk_api.channels.wechat_messages import (
    InboundMessage,
    MalformedMessage,
    encrypted_part,
    fit_reply,
    parse_message,
    text_reply,
)

_FIELD_NAMES = ["ToUserName", "FromUserName", "CreateTime", "MsgType", "MsgId", "Content", "Event"]

# Pushes that are almost right: the real element names around arbitrary text, so the parser's
# checks are reached, not only the XML decoder's.
_near_pushes = st.lists(
    st.tuples(st.sampled_from(_FIELD_NAMES), st.text(max_size=40)), max_size=8
).map(
    lambda fields: (
        "<xml>"
        + "".join(
            f"<{name}><![CDATA[{value.replace(']]>', '')}]]></{name}>" for name, value in fields
        )
        + "</xml>"
    ).encode("utf-8", "surrogatepass")
)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400) | _near_pushes)
def test_any_body_parses_or_is_malformed_never_crashes(body: bytes) -> None:
    for parse in (parse_message, encrypted_part):
        try:
            result = parse(body)
        except MalformedMessage:
            continue
        assert isinstance(result, InboundMessage | str)


_TEXT = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=3000)


@settings(max_examples=200, deadline=None)
@given(_TEXT, st.integers(min_value=20, max_value=2048))
def test_a_fitted_reply_fits_and_is_the_start_of_the_answer(text: str, max_bytes: int) -> None:
    fitted = fit_reply(text, max_bytes)
    if len(text.encode("utf-8")) <= max_bytes:
        assert fitted == text
        return
    assert len(fitted.encode("utf-8")) <= max_bytes
    assert fitted.endswith("……")
    assert text.startswith(fitted.removesuffix("……"))


@settings(max_examples=200, deadline=None)
@given(_TEXT)
def test_any_answer_makes_well_formed_xml_that_reads_back_as_text(text: str) -> None:
    message = InboundMessage(
        to_user="gh_account",
        from_user="openid]]><evil/>",
        create_time="1",
        msg_type="text",
        msg_id="1",
        content="x",
        event=None,
        recognition=None,
    )
    root = ET.fromstring(text_reply(message, text, 1))
    assert [child.tag for child in root] == [
        "ToUserName",
        "FromUserName",
        "CreateTime",
        "MsgType",
        "Content",
    ]
    assert root.findtext("ToUserName") == "openid]]><evil/>"
