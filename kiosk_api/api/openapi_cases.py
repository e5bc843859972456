"""OpenAPI fragment for case lookup, the case view, subscriptions and 开庭公告."""

from __future__ import annotations

from typing import Any

from kiosk_api.api.spec_parts import error_responses, json_content
from kiosk_api.services.case_lookup import Method

_CASE_NUMBER = {"type": "string", "example": "（2026）粤0304民初1001号"}
_DATE = {"type": "string", "format": "date"}
_MONEY = {"type": "string", "pattern": r"^\d+\.\d{2}$"}
_LABELLED = {
    "type": "object",
    "properties": {"code": {"type": "string"}, "label": {"type": "string"}},
}
_STAFF = {
    "type": ["object", "null"],
    "properties": {
        "name": {"type": "string"},
        "office_phone": {"type": "string"},
        "office": {"type": "string"},
    },
}
_SUBSCRIPTION = {
    "type": "object",
    "required": ["subscribed", "message"],
    "properties": {
        "subscribed": {"type": "boolean"},
        "masked_phone": {"type": "string"},
        "reminder_hours": {"type": "integer"},
        "message": {"type": "string"},
    },
}
_AUTH_NOTE = (
    "可不带凭证（公众渠道，只能用短信验证码）；自助终端带设备凭证（Bearer，可用姓名+身份证后6位或刷身份证）；"
    "动作服务器带服务凭证并提交 channel 与 conversation_id（短信/语音渠道可按来电号码发送验证码）。"
)


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _operation(summary: str, status: int, reply: dict[str, Any], *errors: int) -> dict[str, Any]:
    return {
        "summary": summary,
        "responses": {
            str(status): {"description": "结果", **json_content(reply)},
            **error_responses(*errors),
        },
    }


def _token_operation(summary: str, reply: dict[str, Any]) -> dict[str, Any]:
    return {
        **_operation(summary, 200, reply, 401, 403, 422),
        "security": [{"lookupToken": []}],
        "parameters": [
            {"name": "case_number", "in": "path", "required": True, "schema": _CASE_NUMBER}
        ],
    }


SCHEMAS: dict[str, Any] = {
    "LookupChallenge": {
        "type": "object",
        "required": ["challenge_id", "method", "expires_in", "masked_phone", "message"],
        "properties": {
            "challenge_id": {"type": "string"},
            "method": {"type": "string", "enum": [m.value for m in Method]},
            "expires_in": {"type": "integer", "description": "秒"},
            "masked_phone": {"type": ["string", "null"], "example": "138****8001"},
            "message": {"type": "string"},
        },
    },
    "LookupGrant": {
        "type": "object",
        "required": ["token", "token_type", "expires_in", "case_number", "party"],
        "properties": {
            "token": {"type": "string", "description": "查询凭证，只能查看本案"},
            "token_type": {"type": "string", "enum": ["Bearer"]},
            "expires_in": {"type": "integer"},
            "case_number": _CASE_NUMBER,
            "party": {
                "type": "object",
                "properties": {"role": {"type": "string"}, "name": {"type": "string"}},
            },
        },
    },
    "CaseView": {
        "type": "object",
        "required": ["case_number", "stage", "progress", "timeline", "next_hearing", "deadlines"],
        "properties": {
            "case_number": _CASE_NUMBER,
            "court": {"type": "object"},
            "cause": {"type": "string"},
            "kind": _LABELLED,
            "procedure": _LABELLED,
            "filed_on": _DATE,
            "closed_on": {"type": ["string", "null"], "format": "date"},
            "stage": _LABELLED,
            "progress": {"type": "array", "items": {"type": "object"}},
            "timeline": {"type": "array", "items": {"type": "object"}},
            "next_hearing": {
                "type": ["object", "null"],
                "properties": {
                    "time": {"type": "string", "format": "date-time"},
                    "time_text": {"type": "string"},
                    "kind": {"type": "string"},
                    "courtroom": {"type": "string"},
                    "address": {"type": "string"},
                },
            },
            "judge": _STAFF,
            "clerk": _STAFF,
            "deadlines": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "label": {"type": "string"},
                        "ends_on": _DATE,
                        "days_left": {"type": "integer"},
                        "basis": {"type": "array", "items": {"type": "string"}},
                        "notes": {"type": "array", "items": {"type": "string"}},
                    },
                },
            },
            "fees": {
                "type": "object",
                "properties": {
                    "items": {"type": "array", "items": {"type": "object"}},
                    "owed_by_you": _MONEY,
                },
            },
            "documents": {"type": "array", "items": {"type": "object"}},
            "parties": {
                "type": "array",
                "description": "当事人姓名均已脱敏",
                "items": {"type": "object"},
            },
            "you": {"type": "object"},
        },
    },
    "HearingNotices": {
        "type": "object",
        "required": ["date", "court", "hearings"],
        "properties": {
            "date": _DATE,
            "court": {"type": ["object", "null"]},
            "hearings": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "starts_at": {"type": "string", "format": "date-time"},
                        "time": {"type": "string", "example": "09:30"},
                        "court": {"type": "string"},
                        "courtroom": {"type": "string"},
                        "kind": {"type": "string"},
                        "status": {"type": "string"},
                        "case_number": _CASE_NUMBER,
                        "cause": {"type": "string"},
                        "judge": {"type": ["string", "null"]},
                        "parties": {"type": "array", "items": {"type": "object"}},
                    },
                },
            },
        },
    },
}

PATHS: dict[str, Any] = {
    "/api/v1/cases/lookup": {
        "post": {
            **_operation(
                "案件查询第一步：发起身份验证（短信验证码或自助终端核验）",
                202,
                _ref("LookupChallenge"),
                400,
                401,
                415,
                422,
                429,
            ),
            "description": _AUTH_NOTE + " 案号不存在与号码未登记的回应完全相同。",
            "requestBody": {
                "required": True,
                **json_content(
                    {
                        "type": "object",
                        "required": ["case_number", "method"],
                        "properties": {
                            "case_number": _CASE_NUMBER,
                            "method": {"type": "string", "enum": [m.value for m in Method]},
                            "phone": {"type": "string", "example": "13800138001"},
                            "channel": {"type": "string"},
                            "conversation_id": {"type": "string"},
                        },
                    }
                ),
            },
        }
    },
    "/api/v1/cases/lookup/verify": {
        "post": {
            **_operation(
                "案件查询第二步：提交验证码或身份信息，换取查询凭证",
                200,
                _ref("LookupGrant"),
                400,
                401,
                415,
                422,
                429,
            ),
            "description": (
                "验证失败一律返回同样的422；同一案号或同一客户端多次失败后锁定（429，Retry-After）。"
            ),
            "requestBody": {
                "required": True,
                **json_content(
                    {
                        "type": "object",
                        "required": ["challenge_id"],
                        "properties": {
                            "challenge_id": {"type": "string"},
                            "code": {"type": "string", "pattern": r"^\d{6}$"},
                            "name": {"type": "string"},
                            "id_tail": {"type": "string", "maxLength": 6},
                            "id_number": {"type": "string", "description": "身份证读卡器事件"},
                        },
                    }
                ),
            },
        }
    },
    "/api/v1/cases/{case_number}": {
        "get": _token_operation("案件详情（需查询凭证）", _ref("CaseView")),
    },
    "/api/v1/cases/{case_number}/subscription": {
        "post": {
            **_token_operation("订阅本案开庭提醒和进展短信（发往登记手机）", _SUBSCRIPTION),
            "responses": {
                "201": {"description": "已订阅", **json_content(_SUBSCRIPTION)},
                **error_responses(401, 403, 422),
            },
        },
        "delete": _token_operation("取消本案短信提醒", _SUBSCRIPTION),
    },
    "/api/v1/hearings": {
        "get": {
            **_operation("开庭公告（当事人姓名脱敏）", 200, _ref("HearingNotices"), 422),
            "parameters": [
                {"name": "court", "in": "query", "schema": {"type": "string", "example": "粤0304"}},
                {"name": "date", "in": "query", "schema": _DATE},
            ],
        }
    },
}
