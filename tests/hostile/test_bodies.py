"""Oversized, chunked and deeply nested bodies: a Chinese 413 or 400, never a 500 or half a read."""

from __future__ import annotations

import io
import itertools
import json
from typing import Any

import pytest
from werkzeug.test import EnvironBuilder, run_wsgi_app

from kiosk_api.api.openapi import SPEC
from kiosk_api.domain.untrusted_text import MAX_JSON_DEPTH
from tests.hostile.conftest import assert_chinese_error

JSON_POSTS = [
    path
    for path, operations in SPEC["paths"].items()
    if "requestBody" in operations.get("post", {})
    and "{" not in path  # the same guards run for templated paths; their values need a case
]
LIMIT = 64 * 1024


class _ServerStream:
    """A body as gunicorn hands over a chunked request: readable, with no length known."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def read(self, size: int = -1) -> bytes:
        """Up to `size` bytes."""
        return self._data.read(size)

    def readline(self, size: int = -1) -> bytes:
        """One line."""
        return self._data.readline(size)


def _chunked(app: Any, path: str, body: bytes, content_type: str) -> tuple[int, bytes]:
    """POST `body` with Transfer-Encoding: chunked and no Content-Length, as gunicorn passes it."""
    environ = EnvironBuilder(
        path=path,
        method="POST",
        headers={"Content-Type": content_type, "Transfer-Encoding": "chunked"},
    ).get_environ()
    environ.pop("CONTENT_LENGTH", None)
    environ["wsgi.input"] = _ServerStream(body)
    environ["wsgi.input_terminated"] = True
    chunks, status, _headers = run_wsgi_app(app, environ, buffered=True)
    return int(status.split()[0]), b"".join(chunks)


@pytest.fixture
def api(shared_app: Any) -> Any:
    """A client of the hostile app."""
    return shared_app.test_client()


def test_a_body_over_the_limit_is_a_chinese_413(api: Any) -> None:
    body = json.dumps({"text": "案" * LIMIT})
    for path in JSON_POSTS:
        response = api.post(path, data=body, content_type="application/json")
        assert response.status_code == 413, path
        assert_chinese_error(response)


def test_a_chunked_body_over_the_limit_is_refused_not_cut_short(shared_app: Any) -> None:
    # Valid JSON first, then padding past the limit: cut at the limit, it would still parse.
    body = json.dumps({"text": "（2026）粤0304民初1001号"}).encode() + b" " * (LIMIT * 2)
    for path in JSON_POSTS:
        status, answer = _chunked(shared_app, path, body, "application/json")
        assert status == 413, path
        assert "提交的内容过大" in answer.decode()


def test_a_chunked_body_within_the_limit_is_read_whole(shared_app: Any) -> None:
    body = json.dumps({"text": "（2026）粤0304民初1001号"}).encode() + b" " * 1000
    status, answer = _chunked(shared_app, "/api/v1/case-numbers/parse", body, "application/json")
    assert status == 200, answer.decode()
    assert json.loads(answer)["case_number"] == "（2026）粤0304民初1001号"


def test_deep_nesting_is_a_chinese_400_not_a_recursion_error(api: Any) -> None:
    for opening, path in itertools.product(["[", '{"a":'], JSON_POSTS):
        # As many levels as fit in the size limit: far past the decoder's recursion limit.
        body = opening * (LIMIT // len(opening) - 10)
        response = api.post(path, data=body, content_type="application/json")
        assert response.status_code == 400, (opening, path)
        assert response.get_json()["error"]["code"] == "too_deep"
        assert_chinese_error(response)


def test_nesting_up_to_the_limit_is_still_read(api: Any) -> None:
    nested: Any = "x"
    for _ in range(MAX_JSON_DEPTH - 1):
        nested = [nested]
    response = api.post("/api/v1/case-numbers/parse", json={"text": "x", "extra": nested})
    assert response.status_code == 422  # read, then refused for its content, not its shape
    assert response.get_json()["error"]["code"] != "too_deep"


def test_brackets_inside_strings_do_not_count_as_nesting(api: Any) -> None:
    response = api.post("/api/v1/amounts/parse", json={"text": "[" * 5000 + "{" * 5000})
    assert response.get_json(silent=True) is not None
    assert response.status_code in (200, 422)
    assert response.get_json().get("error", {}).get("code") != "too_deep"


WEBHOOKS = ["/twilio/sms", "/twilio/status", "/twilio/voice", "/wechat"]


def test_an_oversized_webhook_body_is_refused_without_a_500(shared_app: Any, api: Any) -> None:
    for path in WEBHOOKS:
        response = api.post(path, data=b"x" * (LIMIT + 1), content_type="text/xml")
        assert response.status_code in (403, 413), path
        status, _answer = _chunked(shared_app, path, b"x" * (LIMIT * 2), "text/xml")
        assert status in (403, 413), path
