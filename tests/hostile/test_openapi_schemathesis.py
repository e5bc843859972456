"""schemathesis against /openapi.json, in process: every operation, no 5xx, answers as documented.

Each operation is fuzzed from its own schema (valid and invalid inputs alike) with the staff,
service and lookup tokens supplied where the operation asks for them. Derandomized, so CI sees
the same inputs on every run.
"""

from __future__ import annotations

import logging
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from kiosk_api.api.openapi import SPEC
from tests.hostile.conftest import (
    assert_chinese_error,
    assert_no_leak_in_logs,
    auth_headers,
)

# Enough to reach every documented branch of each operation; the suite stays within minutes.
EXAMPLES_PER_OPERATION = 25

# What the contract promises. Not `positive_data_acceptance`: a schema cannot say which case
# numbers or amounts are real, so schema-valid input is rightly refused with a documented 4xx.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]

OPERATIONS = [(method.upper(), path) for path, ops in SPEC["paths"].items() for method in ops]


def _cases(operation: Any) -> st.SearchStrategy[Any]:
    """Valid inputs, and invalid ones where the schema leaves room for them."""
    modes = [operation.as_strategy(GenerationMode.POSITIVE)]
    modes.append(operation.as_strategy(GenerationMode.NEGATIVE))
    return st.one_of(modes)


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_every_operation_answers_as_documented(
    shared_app: Any, method: str, path: str, caplog: pytest.LogCaptureFixture
) -> None:
    schema = schemathesis.openapi.from_wsgi("/openapi.json", shared_app)
    operation = schema[path][method]
    headers = auth_headers(operation.definition.raw.get("security") or [], shared_app)

    @given(case=_cases(operation))
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def exchange(case: Any) -> None:
        caplog.clear()
        with caplog.at_level(logging.DEBUG):
            response = case.call_and_validate(headers=headers, checks=CHECKS)
        assert response.status_code < 500
        if response.status_code >= 400 and path != "/readyz":
            assert_chinese_error(_Json(response))
        assert_no_leak_in_logs(caplog)

    exchange()


class _Json:
    """A schemathesis response seen through the two methods assert_chinese_error needs."""

    def __init__(self, response: Any) -> None:
        self._response = response

    def get_json(self, silent: bool = False) -> Any:
        """The decoded JSON body, or None."""
        try:
            return self._response.json()
        except ValueError:
            return None

    def get_data(self, as_text: bool = False) -> str:
        """The body as text."""
        return str(self._response.text)
