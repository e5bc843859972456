"""OpenAPI fragment for the risk assessment: questionnaires, assessment, kept reports."""

from __future__ import annotations

from typing import Any

from kiosk_api.api.spec_parts import error_responses, json_content, json_post

_CITES = {"type": "array", "items": {"type": "string"}}
_PATH_CODE = {"in": "path", "required": True, "schema": {"type": "string"}}

SCHEMAS: dict[str, Any] = {
    "RiskReport": {
        "type": "object",
        "required": ["code", "dispute", "level", "findings", "costs", "next_steps", "notice"],
        "properties": {
            "code": {
                "type": ["string", "null"],
                "description": (
                    "报告编号（不含个人信息），可在自助终端凭编号打印；keep=false 时为 null"
                ),
                "example": "K7MX3QPA",
            },
            "link": {
                "type": ["string", "null"],
                "description": "报告的网址（可打印页面）；keep=false 时为 null",
            },
            "dispute": {"type": "object"},
            "questionnaire_version": {"type": "string"},
            "assessed_on": {"type": "string", "format": "date"},
            "level": {
                "type": "object",
                "properties": {
                    "level": {"type": "string", "enum": ["低", "中", "高"]},
                    "rule": {"type": "string", "description": "总体风险等级的判断规则"},
                },
            },
            "findings": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "risk": {"type": "string"},
                        "title": {"type": "string"},
                        "severity": {"type": "integer", "enum": [1, 2, 3]},
                        "reason": {"type": "string", "description": "由回答得出的原因"},
                        "advice": {"type": "string"},
                        "basis": _CITES,
                    },
                },
            },
            "limitation": {"type": "object"},
            "costs": {"type": "array", "items": {"type": "object"}},
            "duration": {"type": "array", "items": {"type": "object"}},
            "next_steps": {"type": "array", "items": {"type": "object"}},
            "answers": {"type": "array", "items": {"type": "object"}},
            "general_risks": {"type": "array", "items": {"type": "object"}},
            "notice": {"type": "string", "description": "程序风险提示，不是对案件结果的判断"},
        },
    },
}

PATHS: dict[str, Any] = {
    "/api/v1/risk/questionnaires": {
        "get": {
            "summary": "有风险评估问卷的纠纷类型（按问卷文件顺序）",
            "responses": {"200": {"description": "问卷列表", **json_content({"type": "object"})}},
        }
    },
    "/api/v1/risk/answers/read": json_post(
        "把群众用自己的话说的回答对应到问题的选项、日期或金额；看不出来时 422 并列出可能的选项",
        {
            "type": "object",
            "required": ["dispute", "question", "text"],
            "properties": {
                "dispute": {"type": "string", "example": "private_lending"},
                "question": {"type": "string", "example": "iou"},
                "text": {"type": "string", "maxLength": 200, "example": "有借条"},
            },
        },
        {
            "type": "object",
            "required": ["question", "value", "shown"],
            "properties": {
                "question": {"type": "string"},
                "value": {
                    "description": "选项编号（多选为列表）、日期 YYYY-MM-DD 或金额（元）",
                    "oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
                },
                "shown": {"type": "string", "description": "向群众复述的理解结果"},
                "approximate": {"type": "boolean"},
            },
        },
    ),
    "/api/v1/risk/reports/{code}/sms": {
        "post": {
            "summary": "把报告链接用短信发到一个手机号（号码不与报告一起保存）",
            "parameters": [{"name": "code", **_PATH_CODE}],
            "requestBody": {
                "required": True,
                **json_content(
                    {
                        "type": "object",
                        "required": ["phone"],
                        "properties": {"phone": {"type": "string", "example": "13800138000"}},
                    }
                ),
            },
            "responses": {
                "200": {
                    "description": "已排队发送（queued=false 表示此前已发给这个号码）",
                    **json_content(
                        {
                            "type": "object",
                            "properties": {
                                "code": {"type": "string"},
                                "phone": {"type": "string", "description": "打码的号码"},
                                "queued": {"type": "boolean"},
                            },
                        }
                    ),
                },
                **error_responses(400, 404, 409, 413, 415, 422, 429),
            },
        }
    },
    "/api/v1/risk/questionnaires/{dispute}": {
        "get": {
            "summary": "某类纠纷的诉讼风险评估问卷（问题、选项、版本）",
            "parameters": [{"name": "dispute", **_PATH_CODE}],
            "responses": {
                "200": {"description": "问卷", **json_content({"type": "object"})},
                **error_responses(404),
            },
        }
    },
    "/api/v1/risk/assess": json_post(
        "诉讼风险评估：逐项风险及其原因和依据、总体等级、诉讼费、审理期限、下一步建议",
        {
            "type": "object",
            "required": ["dispute", "answers"],
            "properties": {
                "dispute": {"type": "string", "example": "private_lending"},
                "answers": {
                    "type": "object",
                    "description": (
                        "问题编号 → 选项编号（多选为列表；金额为数字或文字；日期为YYYY-MM-DD）"
                    ),
                },
                "keep": {"type": "boolean", "default": True},
            },
        },
        {"$ref": "#/components/schemas/RiskReport"},
    ),
    "/api/v1/risk/reports/{code}": {
        "get": {
            "summary": "凭报告编号取回风险评估报告",
            "parameters": [{"name": "code", **_PATH_CODE}],
            "responses": {
                "200": {
                    "description": "报告",
                    **json_content({"$ref": "#/components/schemas/RiskReport"}),
                },
                **error_responses(404),
            },
        }
    },
}
