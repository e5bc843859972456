"""OpenAPI fragment for 案号 parsing."""

from __future__ import annotations

from typing import Any

from kiosk_api.api.case_numbers import MAX_TEXT_CHARS
from kiosk_api.api.spec_parts import json_post
from kiosk_api.domain.case_numbers import MESSAGES, CourtLevel


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


SCHEMAS: dict[str, Any] = {
    "CaseNumber": {
        "type": "object",
        "required": [
            "case_number",
            "year",
            "court_code",
            "court_level",
            "court_name",
            "type_code",
            "case_types",
            "serial",
            "serial_end",
            "suffix",
            "legacy",
        ],
        "properties": {
            "case_number": {
                "type": "string",
                "description": "规范写法",
                "example": "（2024）粤0304民初1234号",
            },
            "year": {"type": "integer", "description": "收案年度", "example": 2024},
            "court_code": {
                "type": "string",
                "description": (
                    "法院代字；旧案号为当时的法院简称（如“深福法”），最高人民法院的旧案号为空"
                ),
                "example": "粤0304",
            },
            "court_level": {
                "description": "由法院代字得出的法院级别；旧案号为null",
                "oneOf": [
                    {"type": "string", "enum": [level.value for level in CourtLevel]},
                    {"type": "null"},
                ],
            },
            "court_name": {
                "type": ["string", "null"],
                "description": "法院名称；最高人民法院、高级人民法院由代字得出，其他取自本院数据",
                "example": "深圳市福田区人民法院",
            },
            "type_code": {
                "type": "string",
                "description": "类型代字，含专门审判代字（如“知民终”）",
                "example": "民初",
            },
            "case_types": {
                "type": "array",
                "items": {"type": "string"},
                "description": "类型代字对应的案件类型名称（一个代字可对应多个类型）",
                "example": ["民事一审案件"],
            },
            "serial": {"type": "integer", "minimum": 1, "description": "案件编号"},
            "serial_end": {
                "type": ["integer", "null"],
                "description": "编号范围的末号（如18775-18776号），否则为null",
            },
            "suffix": {"type": "string", "description": "后缀，如“之一”；无则为空", "example": ""},
            "legacy": {"type": "boolean", "description": "2016年以前“…字第…号”格式的旧案号"},
        },
    },
}

_PARSE = json_post(
    "识别案号：规范写法与各组成部分，或说明哪里有误",
    {
        "type": "object",
        "required": ["text"],
        "properties": {
            "text": {
                "type": "string",
                "maxLength": MAX_TEXT_CHARS,
                "example": "(2024)粤0304民初1234",
            },
        },
    },
    _ref("CaseNumber"),
)
_PARSE["post"]["description"] = (
    "接受全角或半角括号、〔〕[]【】、空格、全角数字、缺少“号”、年度不加括号、编号范围、"
    "“之一”等后缀及2016年以前的“字第”旧案号。422 错误代码为 case_number_ 加：" + "、".join(MESSAGES)
)

PATHS: dict[str, Any] = {"/api/v1/case-numbers/parse": _PARSE}
