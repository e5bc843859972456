"""Property tests of the checks on outside text: nesting depth and unstorable characters."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk_api.domain.untrusted_text import (
    has_lone_surrogate,
    has_unstorable_text,
    json_nesting_depth,
)

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=20,
)


def _depth(value: object) -> int:
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    return 0


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in [k, *_strings(v)]]
    return []


@settings(max_examples=300, deadline=None)
@given(_json, st.booleans())
def test_the_depth_scan_agrees_with_the_decoded_value(value: object, ascii_only: bool) -> None:
    text = json.dumps(value, ensure_ascii=ascii_only)
    assert json_nesting_depth(text) == _depth(value)
    assert json_nesting_depth(text.encode("utf-8", "surrogatepass")) == _depth(value)


@settings(max_examples=300, deadline=None)
@given(_json)
def test_unstorable_text_is_found_wherever_it_hides(value: object) -> None:
    joined = "".join(_strings(value))
    surrogate = any("\ud800" <= ch <= "\udfff" for ch in joined)
    assert has_lone_surrogate(value) == surrogate
    assert has_unstorable_text(value) == (surrogate or "\x00" in joined)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_the_depth_scan_takes_any_text_and_ignores_brackets_in_strings(text: str) -> None:
    assert json_nesting_depth(text) >= 0
    assert json_nesting_depth(json.dumps(text)) == 0
