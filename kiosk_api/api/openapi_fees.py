"""OpenAPI fragment for fees, fee relief and amount parsing."""

from __future__ import annotations

from typing import Any

from kiosk_api.api.spec_parts import json_content, json_post
from kiosk_api.domain.fee_relief import GROUNDS, Applicant, Measure
from kiosk_api.domain.fees import (
    CaseKind,
    Instance,
    NoteTopic,
    Outcome,
    Procedure,
    RetrialGround,
)
from kiosk_api.domain.provinces import PROVINCES


def _enum(values: Any) -> dict[str, Any]:
    return {"type": "string", "enum": [v.value for v in values]}


_MONEY = {"type": "string", "pattern": r"^-?\d+\.\d{2}$", "example": "1050.00"}
_CITED = {
    "type": "object",
    "required": ["text", "basis"],
    "properties": {"text": {"type": "string"}, "basis": {"type": ["string", "null"]}},
}
_NOTE = {
    **_CITED,
    "properties": {**_CITED["properties"], "topic": _enum(NoteTopic)},
}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


_AMOUNT_INPUT = {
    "description": "数字，或文字如“三万五千元”“120万元人民币”；按案件类型为诉讼请求、财产分割、"
    "损害赔偿、执行或保全的金额",
    "oneOf": [{"type": "number"}, {"type": "string", "maxLength": 64}, {"type": "null"}],
}

ESTIMATE_REQUEST = {
    "type": "object",
    "required": ["case_kind"],
    "properties": {
        "case_kind": _enum(CaseKind),
        "amount": _AMOUNT_INPUT,
        "procedure": _enum(Procedure),
        "outcome": _enum(Outcome),
        "counterclaim": {"type": "boolean", "description": "反诉或有独立请求权的第三人请求"},
        "instance": _enum(Instance),
        "retrial_ground": _enum(RetrialGround),
        "wage_claim": {"type": "boolean", "description": "追索劳动报酬（可不预交）"},
        "province": {"type": "string", "enum": list(PROVINCES)},
    },
}

SCHEMAS: dict[str, Any] = {
    "FeeEstimate": {
        "type": "object",
        "required": ["case_kind", "total", "prepay", "items", "halving", "notes", "standard"],
        "properties": {
            "case_kind": _enum(CaseKind),
            "case_kind_label": {"type": "string"},
            "amount": {"type": ["string", "null"]},
            "amount_label": {"type": ["string", "null"]},
            "province": {"type": "string"},
            "standard": {"type": "string", "description": "适用的省级标准或默认标准"},
            "total": _MONEY,
            "prepay": {**_MONEY, "description": "立案或申请时需预交的数额"},
            "items": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["name", "amount", "basis", "reduction"],
                    "properties": {
                        "name": {"type": "string"},
                        "amount": _MONEY,
                        "basis": {
                            "type": "string",
                            "example": "《诉讼费用交纳办法》第十三条第（一）项",
                        },
                        "reduction": {"type": "boolean"},
                    },
                },
            },
            "halving": {
                "type": "object",
                "required": ["applied", "basis", "halved_total"],
                "properties": {
                    "applied": {"type": "boolean"},
                    "basis": {"type": ["string", "null"]},
                    "halved_total": {"type": ["string", "null"]},
                },
            },
            "notes": {"type": "array", "items": _NOTE},
        },
    },
    "FeeRelief": {
        "type": "object",
        "required": ["options", "refused", "materials", "timing", "circumstances"],
        "properties": {
            "options": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["measure", "label", "mandatory", "grounds", "detail"],
                    "properties": {
                        "measure": _enum(Measure),
                        "label": {"type": "string"},
                        "mandatory": {"type": "boolean", "description": "法院应当准予"},
                        "grounds": {"type": "array", "items": {"type": "object"}},
                        "detail": _CITED,
                    },
                },
            },
            "refused": {"type": "array", "items": {"type": "object"}},
            "materials": {"type": "array", "items": _CITED},
            "timing": {"type": "array", "items": _CITED},
            "circumstances": {"type": "array", "items": {"type": "object"}},
        },
    },
}

PATHS: dict[str, Any] = {
    "/api/v1/fees/kinds": {
        "get": {
            "summary": "诉讼费案件类型及所需金额",
            "responses": {"200": {"description": "类型列表", **json_content({"type": "object"})}},
        }
    },
    "/api/v1/fees/estimate": json_post(
        "诉讼费估算（案件受理费、申请费），逐项列明依据", ESTIMATE_REQUEST, _ref("FeeEstimate")
    ),
    "/api/v1/fees/relief": json_post(
        "诉讼费司法救助（缓交、减交、免交）",
        {
            "type": "object",
            "properties": {
                "applicant": _enum(Applicant),
                "circumstances": {
                    "type": "array",
                    "items": {"type": "string", "enum": list(GROUNDS)},
                },
            },
        },
        _ref("FeeRelief"),
    ),
    "/api/v1/amounts/parse": json_post(
        "识别口语或大写金额",
        {
            "type": "object",
            "required": ["text"],
            "properties": {
                "text": {"type": "string", "maxLength": 64, "example": "十二万三千"},
                "allow_zero": {"type": "boolean"},
            },
        },
        {
            "type": "object",
            "required": ["amount", "display", "approximate"],
            "properties": {
                "amount": _MONEY,
                "display": {"type": "string", "example": "123,000元"},
                "approximate": {"type": "boolean"},
            },
        },
    ),
}
