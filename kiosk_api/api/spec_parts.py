"""Small builders shared by the OpenAPI fragments of each resource."""

from __future__ import annotations

from typing import Any

ERROR_REF = {"$ref": "#/components/schemas/Error"}


def json_content(schema: dict[str, Any]) -> dict[str, Any]:
    """A JSON request or response body with `schema`."""
    return {"content": {"application/json": {"schema": schema}}}


def error_responses(*statuses: int) -> dict[str, Any]:
    """The error-model responses for the given statuses."""
    return {str(s): {"description": "错误", **json_content(ERROR_REF)} for s in statuses}


def json_post(summary: str, body: dict[str, Any], reply: dict[str, Any]) -> dict[str, Any]:
    """A POST operation taking and returning JSON, with the usual input errors."""
    return {
        "post": {
            "summary": summary,
            "requestBody": {"required": True, **json_content(body)},
            "responses": {
                "200": {"description": "结果", **json_content(reply)},
                **error_responses(400, 413, 415, 422),
            },
        }
    }


def with_guard_errors(spec: dict[str, Any]) -> dict[str, Any]:
    """`spec` with the refusals every request can meet before its view documented everywhere.

    kiosk_api/api/request_guards.py and Werkzeug answer these for any operation: 404 for a path
    value that cannot exist (NUL), 422 for an unusable query value, 400/413/415/422 for a body.
    """
    for operation in _operations(spec):
        statuses: list[int] = []
        parameters = operation.get("parameters", [])
        if any(p.get("in") == "path" for p in parameters):
            statuses.append(404)
        if any(p.get("in") == "query" for p in parameters):
            statuses.append(422)
        if "requestBody" in operation:
            statuses += [400, 413, 415, 422]
        if operation.get("security"):
            statuses.append(401)
        responses = operation.setdefault("responses", {})
        for status, response in error_responses(*statuses).items():
            responses.setdefault(status, response)
    return spec


def _operations(spec: dict[str, Any]) -> list[dict[str, Any]]:
    methods = ("get", "post", "put", "patch", "delete")
    return [op for ops in spec["paths"].values() for m, op in ops.items() if m in methods]
