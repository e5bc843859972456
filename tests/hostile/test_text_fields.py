"""Every text input of the API × hostile text: handled or a Chinese 4xx, the docket untouched.

The inputs are read from /openapi.json itself, so an operation added later is covered without
touching this file. Each hostile value goes into one field at a time; the other fields keep
their documented examples so the value reaches the code behind the validation.
"""

from __future__ import annotations

import itertools
import json
import logging
from typing import Any
from urllib.parse import quote

import pytest

from kiosk_api.api.openapi import SPEC
from tests.hostile.conftest import (
    CASE,
    assert_chinese_error,
    assert_no_leak_in_logs,
    auth_headers,
    docket_rows,
)
from tests.hostile.payloads import FORM_TEXT, HOSTILE_TEXT

_METHODS = ("get", "post", "put", "patch", "delete")


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = SPEC["components"]["schemas"][name]
    return schema


def _body_schema(operation: dict[str, Any]) -> dict[str, Any] | None:
    body = operation.get("requestBody", {}).get("content", {}).get("application/json")
    return _resolve(body["schema"]) if body else None


def _text_inputs() -> list[tuple[str, str, str, str]]:
    """(method, path, where, name) of every string body property, query and path parameter."""
    found = []
    for path, operations in SPEC["paths"].items():
        for method, operation in operations.items():
            if method not in _METHODS:
                continue
            for parameter in operation.get("parameters", []):
                found.append((method.upper(), path, parameter["in"], parameter["name"]))
            schema = _body_schema(operation)
            for name, prop in (schema or {}).get("properties", {}).items():
                if "string" in _types(_resolve(prop)):
                    found.append((method.upper(), path, "body", name))
    return found


def _types(schema: dict[str, Any]) -> list[str]:
    kind = schema.get("type", [])
    return [kind] if isinstance(kind, str) else list(kind)


def _example_body(operation: dict[str, Any]) -> dict[str, Any]:
    schema = _body_schema(operation) or {}
    return {
        name: prop["example"]
        for name, prop in schema.get("properties", {}).items()
        if "example" in prop
    }


INPUTS = _text_inputs()
# One test per operation (each input attacked in turn inside it): the ids stay readable and the
# suite stays within minutes.
OPERATIONS = sorted({(method, path) for method, path, _where, _name in INPUTS})


def _path(template: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        encoded = quote(value.encode("utf-8", "surrogatepass"), safe="")
        template = template.replace("{" + name + "}", encoded)
    return template


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_hostile_text_in_every_input_is_handled_or_refused_in_chinese(
    shared_app: Any, method: str, path: str, caplog: pytest.LogCaptureFixture
) -> None:
    operation = SPEC["paths"][path][method.lower()]
    client = shared_app.test_client()
    headers = auth_headers(operation.get("security", []), shared_app)
    sessions = shared_app.extensions["court.sessions"]
    before = docket_rows(sessions)
    defaults = {"case_number": CASE, "code": "private_lending", "dispute": "private_lending"}
    inputs = [(w, n) for m, p, w, n in INPUTS if (m, p) == (method, path)]

    caplog.clear()
    with caplog.at_level(logging.DEBUG):
        for (where, name), (kind, text) in itertools.product(inputs, HOSTILE_TEXT.items()):
            if where != "body" and kind not in FORM_TEXT:
                continue
            path_values = {
                p["name"]: defaults.get(p["name"], "x")
                for p in operation.get("parameters", [])
                if p["in"] == "path"
            }
            query: dict[str, str] = {}
            body = _example_body(operation) if "requestBody" in operation else None
            if where == "path":
                path_values[name] = text
            elif where == "query":
                query[name] = text
            else:
                assert body is not None
                body[name] = text
            response = client.open(
                _path(path, path_values),
                method=method,
                query_string=query,
                # ASCII escapes, as a client would send a lone surrogate (it has no UTF-8 form).
                data=None if body is None else json.dumps(body),
                content_type=None if body is None else "application/json",
                headers=headers,
            )
            where_what = (where, name, kind)
            assert response.status_code < 500, (where_what, response.get_data(as_text=True)[:300])
            if response.status_code >= 400:
                assert_chinese_error(response)
            assert response.mimetype == "application/json", where_what
    assert_no_leak_in_logs(caplog)
    assert docket_rows(sessions) == before
