"""Hypothesis strategies shared by the API tests."""

from __future__ import annotations

from hypothesis import strategies as st

# Any JSON value: what a client could send as a body, or inside one.
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
