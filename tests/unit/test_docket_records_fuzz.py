"""Property tests of the docket record parser: any JSON, and valid records with one field broken."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk_api.demo_docket import demo_records
from kiosk_api.domain.docket_records import DocketRecord, RecordError, parse_record
from tests.strategies import json_values

_VALID = list(demo_records(0, today=dt.date(2026, 11, 1)))


def _parses_or_refuses(record: Any) -> None:
    try:
        result = parse_record(record)
    except RecordError as exc:
        assert str(exc)  # a reason the import report can show
        return
    assert isinstance(result, DocketRecord)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_any_json_value_is_a_record_or_a_record_error(value: Any) -> None:
    _parses_or_refuses(value)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(_VALID), st.data())
def test_a_valid_record_with_any_field_replaced_is_read_or_refused(
    record: dict[str, Any], data: st.DataObject
) -> None:
    broken = {**record}
    field = data.draw(st.sampled_from(sorted(broken)), label="field")
    broken[field] = data.draw(json_values, label="value")
    _parses_or_refuses(broken)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(_VALID), st.data())
def test_a_valid_record_with_a_nested_field_replaced_is_read_or_refused(
    record: dict[str, Any], data: st.DataObject
) -> None:
    lists = [k for k, v in record.items() if isinstance(v, list) and v and isinstance(v[0], dict)]
    key = data.draw(st.sampled_from(lists), label="list")
    items = [dict(item) for item in record[key]]
    item = items[0]
    field = data.draw(st.sampled_from(sorted(item)), label="field")
    item[field] = data.draw(json_values | st.text(max_size=200), label="value")
    _parses_or_refuses({**record, key: items})


def test_the_unbroken_showcase_records_parse() -> None:
    assert all(isinstance(parse_record(r), DocketRecord) for r in _VALID)
