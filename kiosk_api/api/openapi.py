"""The OpenAPI document of API v1, and /docs served from the bundled Swagger UI (no CDN)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, send_from_directory
from swagger_ui_bundle import swagger_ui_path

from kiosk_api.api import (
    openapi_case_numbers,
    openapi_cases,
    openapi_fees,
    openapi_filing,
    openapi_kiosks,
    openapi_risk,
)
from kiosk_api.api.spec_parts import error_responses, json_content, with_guard_errors

bp = Blueprint("openapi", __name__)

TICKET = {
    "type": "object",
    "required": ["code", "conversation_id", "channel", "reason", "status", "transcript"],
    "properties": {
        "code": {"type": "string", "example": "RG7K2M9Q"},
        "conversation_id": {"type": "string"},
        "channel": {"type": "string"},
        "reason": {"type": "string"},
        "status": {"type": "string", "enum": ["open", "closed"]},
        "transcript": {"type": "array", "items": {"$ref": "#/components/schemas/TranscriptLine"}},
        "created_at": {"type": ["string", "null"], "format": "date-time"},
        "closed_at": {"type": ["string", "null"], "format": "date-time"},
        "resolution": {"type": ["string", "null"]},
    },
}

SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "诉讼服务智能助手 Kiosk API",
        "version": "1.0.0",
        "description": (
            "法院诉讼服务自助终端与智能助手接口。金额以字符串表示的元为单位，错误信息为中文。"
        ),
    },
    "paths": {
        "/healthz": {
            "get": {
                "summary": "存活检查",
                "responses": {
                    "200": {"description": "进程在运行", **json_content({"type": "object"})}
                },
            }
        },
        "/readyz": {
            "get": {
                "summary": "就绪检查（数据库与Rasa）",
                "responses": {
                    "200": {
                        "description": "就绪",
                        **json_content({"$ref": "#/components/schemas/Ready"}),
                    },
                    "503": {
                        "description": "未就绪",
                        **json_content({"$ref": "#/components/schemas/Ready"}),
                    },
                },
            }
        },
        "/api/v1/chat": {
            "post": {
                "summary": "与智能助手对话一轮",
                "requestBody": {
                    "required": True,
                    **json_content(
                        {
                            "type": "object",
                            "required": ["sender", "message", "channel"],
                            "properties": {
                                "sender": {"type": "string", "minLength": 1, "maxLength": 128},
                                "message": {"type": "string", "minLength": 1, "maxLength": 1000},
                                "channel": {
                                    "type": "string",
                                    "enum": ["kiosk", "sms", "voice", "wechat", "web"],
                                },
                            },
                        }
                    ),
                },
                "responses": {
                    "200": {
                        "description": "助手的回复",
                        **json_content({"$ref": "#/components/schemas/ChatReply"}),
                    },
                    **error_responses(400, 413, 415, 422),
                },
            }
        },
        "/api/v1/handoffs": {
            "post": {
                "summary": "创建转人工工单（仅限动作服务器，需服务令牌）",
                "security": [{"serviceToken": []}],
                "requestBody": {
                    "required": True,
                    **json_content(
                        {
                            "type": "object",
                            "required": ["conversation_id", "channel"],
                            "properties": {
                                "conversation_id": {"type": "string", "maxLength": 128},
                                "channel": {"type": "string"},
                                "reason": {"type": "string", "maxLength": 200},
                                "transcript": {
                                    "type": "array",
                                    "items": {"$ref": "#/components/schemas/TranscriptLine"},
                                },
                            },
                        }
                    ),
                },
                "responses": {
                    "201": {
                        "description": "工单",
                        **json_content({"$ref": "#/components/schemas/Ticket"}),
                    },
                    **error_responses(400, 401, 415, 422),
                },
            }
        },
        "/api/v1/staff/handoffs": {
            "get": {
                "summary": "工作人员查看转人工工单",
                "security": [{"staffToken": []}],
                "parameters": [
                    {
                        "name": "status",
                        "in": "query",
                        "schema": {"type": "string", "enum": ["open", "closed"]},
                    }
                ],
                "responses": {
                    "200": {
                        "description": "工单列表",
                        **json_content(
                            {
                                "type": "object",
                                "properties": {
                                    "tickets": {
                                        "type": "array",
                                        "items": {"$ref": "#/components/schemas/Ticket"},
                                    }
                                },
                            }
                        ),
                    },
                    **error_responses(401, 422),
                },
            }
        },
        "/api/v1/staff/handoffs/{code}/close": {
            "post": {
                "summary": "工作人员关闭工单",
                "security": [{"staffToken": []}],
                "parameters": [
                    {"name": "code", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "requestBody": {
                    "required": True,
                    **json_content(
                        {
                            "type": "object",
                            "required": ["resolution"],
                            "properties": {"resolution": {"type": "string", "maxLength": 1000}},
                        }
                    ),
                },
                "responses": {
                    "200": {
                        "description": "已关闭的工单",
                        **json_content({"$ref": "#/components/schemas/Ticket"}),
                    },
                    **error_responses(400, 401, 404, 409, 415, 422),
                },
            }
        },
        **openapi_fees.PATHS,
        **openapi_cases.PATHS,
        **openapi_case_numbers.PATHS,
        **openapi_filing.PATHS,
        **openapi_risk.PATHS,
        **openapi_kiosks.PATHS,
    },
    "components": {
        "securitySchemes": {
            "serviceToken": {"type": "http", "scheme": "bearer"},
            "staffToken": {"type": "http", "scheme": "bearer"},
            "lookupToken": {"type": "http", "scheme": "bearer"},
        },
        "schemas": {
            "Error": {
                "type": "object",
                "required": ["error"],
                "properties": {
                    "error": {
                        "type": "object",
                        "required": ["code", "message"],
                        "properties": {
                            "code": {"type": "string"},
                            "message": {"type": "string", "description": "给市民看的中文说明"},
                            "detail": {},
                        },
                    }
                },
            },
            "Ready": {
                "type": "object",
                "required": ["status", "checks"],
                "properties": {
                    "status": {"type": "string", "enum": ["ready", "not_ready"]},
                    "checks": {"type": "object", "additionalProperties": {"type": "string"}},
                    "rasa_instances": {
                        "type": "object",
                        "description": "RASA_URL所列助手实例中正在应答的数量（只给数量，不给地址）",
                        "required": ["answering", "configured"],
                        "properties": {
                            "answering": {"type": "integer", "minimum": 0},
                            "configured": {"type": "integer", "minimum": 1},
                        },
                    },
                    "error": {"type": "object"},
                },
            },
            "ChatReply": {
                "type": "object",
                "required": ["conversation_id", "messages", "degraded"],
                "properties": {
                    "conversation_id": {"type": "string"},
                    "degraded": {
                        "type": "boolean",
                        "description": "助手不可用时为true，回复为备用提示",
                    },
                    "messages": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["text", "buttons"],
                            "properties": {
                                "text": {"type": "string"},
                                "buttons": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "properties": {
                                            "title": {"type": "string"},
                                            "payload": {"type": "string"},
                                        },
                                    },
                                },
                            },
                        },
                    },
                },
            },
            "TranscriptLine": {
                "type": "object",
                "required": ["speaker", "text"],
                "properties": {
                    "speaker": {"type": "string", "enum": ["user", "bot"]},
                    "text": {"type": "string"},
                },
            },
            "Ticket": TICKET,
            **openapi_fees.SCHEMAS,
            **openapi_cases.SCHEMAS,
            **openapi_case_numbers.SCHEMAS,
            **openapi_filing.SCHEMAS,
            **openapi_risk.SCHEMAS,
            **openapi_kiosks.SCHEMAS,
        },
    },
}

# These name the dispute in their body; an unknown one is a 404, as on GET of that dispute.
for _path in ("/api/v1/jurisdiction/advise", "/api/v1/risk/answers/read", "/api/v1/risk/assess"):
    SPEC["paths"][_path]["post"]["responses"].update(error_responses(404))
with_guard_errors(SPEC)

_DOCS_PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>诉讼服务智能助手 API 文档</title>
<link rel="stylesheet" href="/docs/static/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/static/swagger-ui-bundle.js"></script>
<script src="/docs/static/init.js"></script>
</body></html>"""

_DOCS_INIT = "window.ui = SwaggerUIBundle({url: '/openapi.json', dom_id: '#swagger-ui'});"


@bp.get("/openapi.json")
def openapijson_content() -> Response:
    """The OpenAPI 3.1 document."""
    return jsonify(SPEC)


@bp.get("/docs")
def docs() -> Response:
    """Swagger UI, served from the installed bundle so it works with no internet."""
    return Response(_DOCS_PAGE, mimetype="text/html")


@bp.get("/docs/static/init.js")
def docs_init() -> Response:
    """Starts Swagger UI (a file, not inline, so a strict CSP can forbid inline scripts)."""
    return Response(_DOCS_INIT, mimetype="application/javascript")


@bp.get("/docs/static/<path:filename>")
def docs_static(filename: str) -> Response:
    """Swagger UI's own assets."""
    return send_from_directory(swagger_ui_path, filename)
