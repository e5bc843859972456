"""Reading request input with Chinese messages for everything that can be wrong."""

from __future__ import annotations

import hmac
from collections.abc import Iterable
from typing import Any

from flask import request

from kiosk_api.errors import BadRequest, Unauthorized, Unprocessable


def json_object() -> dict[str, Any]:
    """The request body as a JSON object, or a 400 saying what is wrong."""
    if not request.is_json:
        raise BadRequest("请以JSON格式提交（Content-Type: application/json）", code="not_json")
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise BadRequest("请求内容必须是一个JSON对象", code="not_json_object")
    return body


def text_field(
    body: dict[str, Any], name: str, label: str, *, max_chars: int, required: bool = True
) -> str:
    """A trimmed text field with a length limit; control characters are not allowed."""
    value = body.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise Unprocessable(f"请填写{label}", code="missing_field", detail={"field": name})
        return ""
    if not isinstance(value, str):
        raise Unprocessable(f"{label}必须是文字", code="invalid_field", detail={"field": name})
    value = value.strip()
    if len(value) > max_chars:
        raise Unprocessable(
            f"{label}过长，最多{max_chars}个字", code="too_long", detail={"field": name}
        )
    if any(_is_control(ch) for ch in value):
        raise Unprocessable(
            f"{label}含有无法识别的字符", code="invalid_field", detail={"field": name}
        )
    return value


def bool_field(
    body: dict[str, Any], name: str, label: str, *, default: bool | None = None
) -> bool | None:
    """A true/false field; `default` when absent. Null passes only where the default is None."""
    value = body.get(name, default)
    if not isinstance(value, bool) and not (value is None and default is None):
        raise Unprocessable(
            f"{label}应为 true 或 false", code="invalid_field", detail={"field": name}
        )
    return value


def _is_control(ch: str) -> bool:
    # C0 (but line breaks and tabs), DEL and C1 controls: invisible, and some terminals and
    # log viewers act on them.
    code = ord(ch)
    return (code < 32 and ch not in "\n\r\t") or 0x7F <= code <= 0x9F


def choice_field(body: dict[str, Any], name: str, label: str, choices: Iterable[str]) -> str:
    """A required value out of a fixed set."""
    allowed = list(choices)
    value = body.get(name)
    if value not in allowed:
        raise Unprocessable(
            f"{label}无效，可选值为：{'、'.join(allowed)}",
            code="invalid_choice",
            detail={"field": name, "allowed": allowed},
        )
    return str(value)


def bearer_token(accepted: Iterable[str]) -> None:
    """Require `Authorization: Bearer <token>` matching one of the accepted tokens."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized("缺少访问凭证")
    # Compare against every token so timing does not reveal which one nearly matched.
    matched = False
    for candidate in accepted:
        matched |= hmac.compare_digest(token.encode(), candidate.encode())
    if not matched:
        raise Unauthorized("访问凭证无效")
