"""Typed API errors and the one place that maps every error to the JSON error model."""

from __future__ import annotations

import logging
import traceback
from typing import Any

from flask import Flask, Response, jsonify
from werkzeug.exceptions import HTTPException

from kiosk_api.db import DATABASE_OUTAGE_ERRORS

log = logging.getLogger(__name__)


class ApiError(Exception):
    """An error the citizen should see: a code, a Chinese message and an HTTP status."""

    status = 400
    code = "bad_request"
    message = "请求有误，请检查后重试"

    def __init__(self, message: str | None = None, *, code: str | None = None, detail: Any = None):
        super().__init__(message or self.message)
        self.message = message or self.message
        self.code = code or self.code
        self.detail = detail


class BadRequest(ApiError):
    """The request body or parameters cannot be used."""


class Unprocessable(ApiError):
    """Well-formed but invalid values."""

    status = 422
    code = "invalid"
    message = "提交的信息不符合要求"


class Unauthorized(ApiError):
    """Missing or wrong credentials."""

    status = 401
    code = "unauthorized"
    message = "身份验证失败，请提供有效的凭证"


class Forbidden(ApiError):
    """Authenticated, but not allowed to see this."""

    status = 403
    code = "forbidden"
    message = "无权访问该信息"


class NotFound(ApiError):
    """No such resource."""

    status = 404
    code = "not_found"
    message = "未找到相关信息"


class Conflict(ApiError):
    """The resource is not in a state that allows this."""

    status = 409
    code = "conflict"
    message = "当前状态不允许此操作"


class TooManyRequests(ApiError):
    """Too many attempts: locked out for a while; `retry_after` seconds go in Retry-After."""

    status = 429
    code = "too_many_requests"
    message = "请求过于频繁，请稍后再试"

    def __init__(self, message: str | None = None, *, retry_after: int, code: str | None = None):
        super().__init__(message, code=code, detail={"retry_after": retry_after})
        self.retry_after = retry_after


class ServiceUnavailable(ApiError):
    """A dependency is down; the citizen is told where else to get help."""

    status = 503
    code = "unavailable"
    message = "服务暂时不可用，请稍后再试"


# Chinese messages for errors Werkzeug raises before our code runs.
_HTTP_MESSAGES = {
    400: ("bad_request", "请求格式有误"),
    404: ("not_found", "您访问的地址不存在"),
    405: ("method_not_allowed", "不支持该请求方式"),
    413: ("too_large", "提交的内容过大"),
    415: ("unsupported_media_type", "请以JSON格式提交"),
    429: ("too_many_requests", "请求过于频繁，请稍后再试"),
}


def log_failure(logger: logging.Logger, what: str, error: BaseException) -> None:
    """Log an unexpected error by its type and the line that raised it, nothing more.

    Neither the message nor a traceback: both can quote SQL parameters, form fields or a
    decrypted message, i.e. the parties' names, phones and ID numbers. The log line carries
    the request id, which is enough to find the request again.
    """
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if "/kiosk_api/" in f.filename.replace("\\", "/")]
    place = ours[-1] if ours else (frames[-1] if frames else None)
    where = f"{place.filename.rsplit('/', 1)[-1]}:{place.lineno} in {place.name}" if place else "?"
    logger.error("%s: %s at %s", what, type(error).__name__, where)


def refusal_status(error: ApiError | HTTPException) -> int:
    """The 4xx (or other) status of a request refused by a typed error or an HTTP error.

    The webhooks answer in their own formats, but a request the request guard refused before
    its view ran must keep the guard's status there too, not become the webhook's apology.
    """
    if isinstance(error, ApiError):
        return error.status
    return error.code or 400


def error_response(status: int, code: str, message: str, detail: Any = None) -> Response:
    """The JSON error body every client can rely on."""
    body: dict[str, Any] = {"code": code, "message": message}
    if detail is not None:
        body["detail"] = detail
    response = jsonify({"error": body})
    response.status_code = status
    return response


def register_error_handlers(app: Flask) -> None:
    """Map typed errors, HTTP errors and anything unexpected to the JSON error model."""

    @app.errorhandler(ApiError)
    def _api_error(error: ApiError) -> Response:
        response = error_response(error.status, error.code, error.message, error.detail)
        if isinstance(error, TooManyRequests):
            response.headers["Retry-After"] = str(error.retry_after)
        return response

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> Response:
        status = error.code or 500
        code, message = _HTTP_MESSAGES.get(status, ("http_error", "请求无法处理"))
        return error_response(status, code, message)

    for outage in DATABASE_OUTAGE_ERRORS:
        app.register_error_handler(outage, database_unavailable_response)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Response:
        # Type and place go to the log (tagged with the request id), never to the caller.
        log_failure(log, "unhandled error", error)
        return error_response(500, "internal", "系统繁忙，请稍后再试；如需帮助请拨打12368")


# How long a client should wait before retrying while the database is unreachable: a
# restart or failover takes seconds, and a kiosk retrying at once only adds to the load.
DATABASE_RETRY_AFTER_SECONDS = 15
DATABASE_UNAVAILABLE_MESSAGE = (
    "系统暂时无法办理，请稍后再试；如需帮助请拨打12368或到诉讼服务大厅咨询"
)


def database_unavailable_response(error: Exception) -> Response:
    """503 + Retry-After for a lost or unreachable database."""
    # Type only: the error text quotes SQL, and the database's own message may name the host.
    log.error("database unavailable: %s", type(error).__name__)
    response = error_response(503, "database_unavailable", DATABASE_UNAVAILABLE_MESSAGE)
    response.headers["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
    return response
