"""OpenAPI fragment for filing guidance: disputes, classify, jurisdiction, deadlines, courts."""

from __future__ import annotations

from typing import Any

from kiosk_api.api.spec_parts import error_responses, json_content, json_post
from kiosk_api.domain.deadlines import DeadlineKind
from kiosk_api.domain.jurisdiction import AGREEMENT_PLACES, GROUNDS

_CITES = {"type": "array", "items": {"type": "string"}, "example": ["《民事诉讼法》第二十四条"]}
_CITED = {
    "type": "object",
    "required": ["text", "basis"],
    "properties": {"text": {"type": "string"}, "basis": _CITES},
}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _get(summary: str, reply: dict[str, Any], *errors: int, params: list[Any] | None = None):
    return {
        "get": {
            "summary": summary,
            **({"parameters": params} if params else {}),
            "responses": {
                "200": {"description": "结果", **json_content(reply)},
                **error_responses(*errors),
            },
        }
    }


def _path_param(name: str, description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "schema": {"type": "string"},
        "description": description,
    }


SCHEMAS: dict[str, Any] = {
    "DisputeDetail": {
        "type": "object",
        "required": [
            "code",
            "cause",
            "materials",
            "jurisdiction",
            "limitation",
            "mediation",
            "small_claims",
            "fee",
            "filing",
        ],
        "properties": {
            "code": {"type": "string", "example": "private_lending"},
            "cause": {"type": "string", "example": "民间借贷纠纷"},
            "category": {"type": "string", "enum": ["civil", "administrative", "enforcement"]},
            "names": {"type": "array", "items": {"type": "string"}},
            "summary": {"type": "string"},
            "materials": {
                "type": "array",
                "items": _CITED,
                "description": "登记立案规定第六条的通用材料在前",
            },
            "evidence": {"type": "array", "items": {"type": "string"}},
            "jurisdiction": {"type": "object"},
            "pre_procedure": {"oneOf": [{"type": "object"}, {"type": "null"}]},
            "limitation": {"type": "object"},
            "mediation": {"type": "object"},
            "small_claims": {"type": "object"},
            "fee": {"type": "object", "description": "case_kind 可直接用于 /api/v1/fees/estimate"},
            "filing": {"type": "object", "description": "立案方式、一次性告知、七日内决定"},
            "catalog_version": {"type": "string"},
        },
    },
    "Classification": {
        "type": "object",
        "required": ["unsure", "matches"],
        "properties": {
            "unsure": {"type": "boolean", "description": "true：不够确定，应请对方补充说明"},
            "message": {"type": ["string", "null"]},
            "matches": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "code": {"type": "string"},
                        "cause": {"type": "string"},
                        "confidence": {"type": "number", "minimum": 0, "maximum": 1},
                        "matched_terms": {"type": "array", "items": {"type": "string"}},
                    },
                },
            },
            "catalog_version": {"type": "string"},
        },
    },
    "JurisdictionAdvice": {
        "type": "object",
        "required": ["dispute", "courts", "missing", "level", "basis"],
        "properties": {
            "dispute": {"type": "object"},
            "exclusive": {"type": "boolean", "description": "专属管辖"},
            "rule": _CITED,
            "courts": {"type": "array", "items": {"type": "object"}},
            "missing": {
                "type": "array",
                "items": {"type": "object"},
                "description": "还可以提供的地点及提问",
            },
            "agreement": {"oneOf": [{"type": "object"}, {"type": "null"}]},
            "level": {"type": "object"},
            "notes": {"type": "array", "items": {"type": "string"}},
            "basis": _CITES,
        },
    },
    "DeadlineAnswer": {
        "type": "object",
        "required": ["computed", "rule", "deadline"],
        "properties": {
            "computed": {"type": "boolean", "description": "false：没有起算日期，只给出规则"},
            "rule": {"type": "object"},
            "deadline": {
                "oneOf": [
                    {
                        "type": "object",
                        "properties": {
                            "ends_on": {"type": "string", "format": "date"},
                            "ends_on_text": {"type": "string", "example": "2026年11月18日"},
                            "moved_from": {"type": ["string", "null"]},
                            "calendar_covered": {
                                "type": "boolean",
                                "description": "false：最后一日所在年份的节假日安排尚未收录",
                            },
                            "notes": {"type": "array", "items": {"type": "string"}},
                            "basis": _CITES,
                        },
                    },
                    {"type": "null"},
                ]
            },
        },
    },
    "Court": {
        "type": "object",
        "required": ["code", "name", "address", "phone", "service_hours"],
        "properties": {
            "code": {"type": "string", "example": "粤0304"},
            "name": {"type": "string"},
            "level": {"type": "string"},
            "address": {"type": "string"},
            "phone": {"type": "string"},
            "service_hours": {"type": "string"},
            "transport": {"type": "string"},
            "home": {"type": "boolean", "description": "本院"},
        },
    },
}

PATHS: dict[str, Any] = {
    "/api/v1/disputes": _get("纠纷目录（常见案由）", {"type": "object"}),
    "/api/v1/disputes/{code}": _get(
        "某类纠纷的立案指引：材料、证据、管辖、前置程序、时效、调解、小额诉讼、诉讼费",
        _ref("DisputeDetail"),
        404,
        params=[_path_param("code", "纠纷代码，如 private_lending")],
    ),
    "/api/v1/filing-guide": _get(
        "立案方式（当场、网上、自助、跨域、口头）与诉前调解", {"type": "object"}
    ),
    "/api/v1/disputes/classify": json_post(
        "根据描述判断纠纷类型（排序、置信度、不确定时提示补充）",
        {
            "type": "object",
            "required": ["text"],
            "properties": {
                "text": {"type": "string", "example": "老板三个月没发工资"},
                "limit": {"type": "integer", "minimum": 1, "maximum": 5},
            },
        },
        _ref("Classification"),
    ),
    "/api/v1/disputes/{code}/small-claims": {
        "post": {
            **json_post(
                "标的额能否适用小额诉讼（按本省配置的上年度就业人员年平均工资）",
                {
                    "type": "object",
                    "required": ["amount"],
                    "properties": {
                        "amount": {
                            "oneOf": [{"type": "number"}, {"type": "string"}],
                            "example": "3万",
                        },
                        "province": {"type": "string", "example": "粤"},
                    },
                },
                {"type": "object"},
            )["post"],
            "parameters": [_path_param("code", "纠纷代码")],
        }
    },
    "/api/v1/jurisdiction/advise": json_post(
        "向哪个法院起诉：地域管辖、专属管辖、协议管辖、级别管辖，逐项列明依据",
        {
            "type": "object",
            "required": ["dispute"],
            "properties": {
                "dispute": {"type": "string", "example": "private_lending"},
                "places": {
                    "type": "object",
                    "description": "连结点 → 地点",
                    "properties": {
                        key: {"type": "string", "description": g.label}
                        for key, g in GROUNDS.items()
                    },
                },
                "amount": {"oneOf": [{"type": "number"}, {"type": "string"}]},
                "cross_province": {
                    "type": "boolean",
                    "description": "一方当事人住所地不在受理法院所在省份",
                },
                "against_government": {
                    "type": "boolean",
                    "description": "行政案件：被告为县级以上人民政府等",
                },
                "agreement": {
                    "type": "object",
                    "properties": {
                        "place": {"type": "string"},
                        "relation": {"type": "string", "enum": list(AGREEMENT_PLACES)},
                        "written": {"type": "boolean"},
                        "consumer_standard_terms": {"type": "boolean"},
                    },
                },
            },
        },
        _ref("JurisdictionAdvice"),
    ),
    "/api/v1/deadlines/kinds": _get("可计算的期限及其规则", {"type": "object"}),
    "/api/v1/deadlines/compute": json_post(
        "期限计算（首日不计入，最后一日遇法定节假日顺延），或在没有日期时说明规则",
        {
            "type": "object",
            "properties": {
                "kind": {"type": "string", "enum": [k.value for k in DeadlineKind]},
                "question": {"type": "string", "example": "判决书11月3号收到的 最晚哪天上诉"},
                "start": {"type": "string", "example": "2026-11-03"},
                "abroad": {"type": "boolean"},
                "procedure": {
                    "type": "string",
                    "enum": ["ordinary", "simple", "small_claims", "second_instance"],
                },
            },
        },
        _ref("DeadlineAnswer"),
    ),
    "/api/v1/courts": _get(
        "法院地址、电话、办公时间、交通（本院在前；q 按名称或地名筛选）",
        {"type": "object", "properties": {"courts": {"type": "array", "items": _ref("Court")}}},
        422,
        params=[{"name": "q", "in": "query", "required": False, "schema": {"type": "string"}}],
    ),
    "/api/v1/courts/{code}": _get(
        "某个法院的公开信息", _ref("Court"), 404, params=[_path_param("code", "法院代字")]
    ),
}
