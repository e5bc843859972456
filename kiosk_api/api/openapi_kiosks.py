"""OpenAPI fragment for the staff endpoints that register and revoke kiosks."""

from __future__ import annotations

from typing import Any

from kiosk_api.api.spec_parts import error_responses, json_content

SCHEMAS: dict[str, Any] = {
    "KioskRegistration": {
        "type": "object",
        "required": ["name", "token"],
        "properties": {
            "name": {"type": "string", "example": "大厅1号机"},
            "token": {
                "type": "string",
                "description": (
                    "设备凭证，只在这次回复中出现一次；在终端的 /kiosk/setup 页面输入。"
                    "同名终端重新登记会换发新凭证，旧凭证随即失效"
                ),
            },
        },
    },
}

PATHS: dict[str, Any] = {
    "/api/v1/staff/kiosks": {
        "post": {
            "summary": "工作人员登记自助终端（返回设备凭证，只显示一次）",
            "security": [{"staffToken": []}],
            "requestBody": {
                "required": True,
                **json_content(
                    {
                        "type": "object",
                        "required": ["name"],
                        "properties": {"name": {"type": "string", "minLength": 1, "maxLength": 64}},
                    }
                ),
            },
            "responses": {
                "201": {
                    "description": "已登记",
                    **json_content({"$ref": "#/components/schemas/KioskRegistration"}),
                },
                **error_responses(400, 401, 415, 422),
            },
        }
    },
    "/api/v1/staff/kiosks/{name}": {
        "delete": {
            "summary": "工作人员停用自助终端（其设备凭证立即失效）",
            "security": [{"staffToken": []}],
            "parameters": [
                {"name": "name", "in": "path", "required": True, "schema": {"type": "string"}}
            ],
            "responses": {
                "200": {
                    "description": "已停用",
                    **json_content(
                        {
                            "type": "object",
                            "required": ["name", "revoked"],
                            "properties": {
                                "name": {"type": "string"},
                                "revoked": {"type": "boolean", "const": True},
                            },
                        }
                    ),
                },
                **error_responses(401, 404),
            },
        }
    },
}
