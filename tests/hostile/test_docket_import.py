"""Docket import fed hostile lines: every bad line reported with its number, nothing written."""

from __future__ import annotations

import json
from typing import Any

from kiosk_api.services.docket_import import import_lines
from tests.hostile.conftest import docket_rows, showcase_lines

_RECORD = json.loads(showcase_lines()[0])


def _line(**changes: Any) -> str:
    return json.dumps({**_RECORD, **changes})


HOSTILE_LINES = {
    "nul_in_cause": _line(cause="民间\x00借贷纠纷"),
    "nul_in_party_name": _line(parties=[{**_RECORD["parties"][0], "name": "张\x00明"}]),
    "nul_in_a_key": _line(**{"cau\x00se": "x"}),
    "lone_surrogate": _line(cause="\ud800"),
    "deep_array": "[" * 50_000 + "]" * 50_000,
    "deep_object": '{"a":' * 5_000 + "1" + "}" * 5_000,
    "sql_in_cause": _line(cause="'); DROP TABLE cases;--"),
    "not_json": "<xml>not json</xml>",
}


def test_hostile_lines_are_reported_or_stored_verbatim_never_crash(hostile_app: Any) -> None:
    sessions = hostile_app.extensions["court.sessions"]
    good = showcase_lines()[1]
    for kind, line in HOSTILE_LINES.items():
        before = docket_rows(sessions)
        summary = import_lines(sessions, [good, line], id_key="test-id-key", record_changes=False)
        if kind == "sql_in_cause":
            # Just text: stored as typed, and no table was dropped.
            assert summary.ok, summary.errors
            assert docket_rows(sessions)["cases"]
            continue
        assert not summary.ok, kind
        assert [e.line for e in summary.errors] == [2], kind
        assert all(any("\u4e00" <= ch <= "\u9fff" for ch in e.reason) for e in summary.errors)
        assert docket_rows(sessions) == before, kind  # all or nothing
