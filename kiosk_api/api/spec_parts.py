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
