"""Property tests of the risk answers reader: any JSON as answers is read or a Chinese 422."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk_api.domain.risk_questionnaires import default_questionnaires
from kiosk_api.errors import Unprocessable
from kiosk_api.services.risk_reports import read_answers
from tests.strategies import json_values

_QUESTIONNAIRES = default_questionnaires().questionnaires
_TODAY = dt.date(2026, 11, 1)


def _answers_for(dispute: str) -> st.SearchStrategy[Any]:
    """Dicts keyed by the questionnaire's real question ids (and a few others) → any JSON."""
    ids = [q.id for q in _QUESTIONNAIRES[dispute].questions] + ["unknown", ""]
    return st.dictionaries(st.sampled_from(ids), json_values | st.text(max_size=60), max_size=6)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(sorted(_QUESTIONNAIRES)), st.data())
def test_any_answers_are_read_or_refused_in_chinese(dispute: str, data: st.DataObject) -> None:
    raw = data.draw(_answers_for(dispute) | json_values, label="answers")
    try:
        answers = read_answers(_QUESTIONNAIRES[dispute], raw, _TODAY)
    except Unprocessable as error:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in error.message), error.message
        return
    assert isinstance(answers, dict)
    assert all(isinstance(key, str) for key in answers)
