"""Checks every request passes before a view runs: hostile bodies, URLs and JSON are refused."""

from __future__ import annotations

import io
from typing import Any

from flask import Flask, request
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wsgi import get_content_length

from kiosk_api.domain.untrusted_text import MAX_JSON_DEPTH, has_lone_surrogate, json_nesting_depth
from kiosk_api.errors import BadRequest, NotFound, Unprocessable

_BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def install_request_guards(app: Flask) -> None:
    """Check every request before its view (after the request id is set, so refusals carry it)."""
    app.before_request(_guard)


def _guard() -> None:
    limit_streamed_body(request.environ, request.max_content_length)
    reject_nul_in_url()
    if request.method in _BODY_METHODS and request.is_json:
        check_json_body()


def limit_streamed_body(environ: dict[str, Any], limit: int | None) -> None:
    """Buffer a body sent without Content-Length (chunked) and refuse it past the size limit.

    Werkzeug would cut such a body off silently at the limit; a truncated body must be refused,
    not half read.
    """
    if limit is None or "wsgi.input_terminated" not in environ:
        return
    if get_content_length(environ) is not None:
        return
    data = environ["wsgi.input"].read(limit + 1)
    if len(data) > limit:
        raise RequestEntityTooLarge()
    environ["wsgi.input"] = io.BytesIO(data)
    # The body is now a plain buffer of known length: say so, or Werkzeug reads it as empty.
    environ["CONTENT_LENGTH"] = str(len(data))
    environ.pop("HTTP_TRANSFER_ENCODING", None)
    del environ["wsgi.input_terminated"]


def reject_nul_in_url() -> None:
    """Refuse NUL in path or query values: no court, case or code contains one, and PostgreSQL
    cannot even compare a text column with it."""
    if any(_has_nul(value) for value in (request.view_args or {}).values()):
        raise NotFound()
    for name, value in request.args.items(multi=True):
        if "\x00" in name or "\x00" in value:
            raise Unprocessable(
                "查询参数含有无法识别的字符", code="invalid_text", detail={"field": name[:64]}
            )


def _has_nul(value: object) -> bool:
    return isinstance(value, str) and "\x00" in value


def check_json_body() -> None:
    """Refuse a JSON body nested too deeply (400) or holding lone surrogates (422).

    NUL and other controls are left to each field's own check, which names the field.
    """
    if json_nesting_depth(request.get_data(cache=True)) > MAX_JSON_DEPTH:
        raise BadRequest("提交的内容层级过深", code="too_deep")
    if has_lone_surrogate(request.get_json(silent=True)):
        raise Unprocessable("提交的内容含有无法识别的字符", code="invalid_text")
