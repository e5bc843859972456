"""A local stand-in for Twilio's REST API: a real HTTP server that records what it was sent.

The real `twilio` client is pointed at it (TWILIO_API_BASE_URL), so tests see the exact
request the library builds — path, Basic auth, form fields — and the library's own handling
of Twilio-shaped answers, errors and slow responses.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import threading
import uuid
from collections import deque
from dataclasses import dataclass, field
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

MESSAGES_PATH = "/2010-04-01/Accounts/{sid}/Messages.json"


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the server received it."""

    method: str
    path: str
    query: str
    headers: dict[str, str]  # names lower-cased
    body: bytes

    @property
    def form(self) -> dict[str, list[str]]:
        """The urlencoded body, every field with all its values (blank ones kept)."""
        return parse_qs(self.body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)

    @property
    def fields(self) -> dict[str, str]:
        """The urlencoded body with one value per field (fails on repeated fields)."""
        form = self.form
        assert all(len(values) == 1 for values in form.values()), form
        return {name: values[0] for name, values in form.items()}


@dataclass(frozen=True)
class Scripted:
    """One scripted answer: a status and JSON body, optionally after a delay."""

    status: int
    body: dict[str, Any] | None = None
    delay_seconds: float = 0.0
    raw: bytes | None = None  # sent as-is instead of `body` (e.g. a proxy's HTML page)
    headers: dict[str, str] = field(default_factory=dict)


class FakeTwilio:
    """Twilio's Messages API on 127.0.0.1 (random port), in a background thread.

    Unscripted requests to the Messages resource succeed with a queued message; `script`
    queues answers (errors, delays) consumed one per request, in order.
    """

    def __init__(self, account_sid: str, auth_token: str) -> None:
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.requests: list[RecordedRequest] = []
        self.created_sids: list[str] = []
        self._script: deque[Scripted] = deque()
        self._lock = threading.Lock()
        self._released = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="fake-twilio",
            daemon=True,
        )

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> FakeTwilio:
        """Serve in the background; returns self."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving; delayed answers still pending are released at once."""
        self._released.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> FakeTwilio:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """The origin to put in TWILIO_API_BASE_URL."""
        return f"http://127.0.0.1:{self._server.server_port}"

    @property
    def messages_path(self) -> str:
        """The Messages resource of the configured account."""
        return MESSAGES_PATH.format(sid=self.account_sid)

    # -- scripting ---------------------------------------------------------------------------

    def script(self, *answers: Scripted) -> None:
        """Queue answers for the next requests, in order."""
        with self._lock:
            self._script.extend(answers)

    def fail_next(self, status: int, code: int, message: str) -> None:
        """The next request gets Twilio's error JSON: {code, message, more_info, status}."""
        self.script(Scripted(status, error_body(status, code, message)))

    def delay_next(self, seconds: float) -> None:
        """The next request is answered (successfully) only after `seconds`."""
        self.script(Scripted(201, None, delay_seconds=seconds))

    # -- the server side ---------------------------------------------------------------------

    def _next_script(self) -> Scripted | None:
        with self._lock:
            return self._script.popleft() if self._script else None

    def _answer(self, request: RecordedRequest) -> tuple[int, bytes, dict[str, str]]:
        with self._lock:
            self.requests.append(request)
        scripted = self._next_script()
        if scripted is not None and scripted.delay_seconds:
            self._released.wait(scripted.delay_seconds)
        if not self._authorised(request.headers.get("authorization", "")):
            return _json(401, error_body(401, 20003, "Authenticate"))
        if scripted is not None and (scripted.body is not None or scripted.raw is not None):
            if scripted.raw is not None:
                return scripted.status, scripted.raw, dict(scripted.headers)
            return _json(scripted.status, scripted.body or {})
        if request.method == "POST" and request.path == self.messages_path:
            return _json(201, self._created_message(request))
        return _json(
            404, error_body(404, 20404, f"The requested resource {request.path} was not found")
        )

    def _authorised(self, header: str) -> bool:
        expected = base64.b64encode(f"{self.account_sid}:{self.auth_token}".encode()).decode()
        return header == f"Basic {expected}"

    def _created_message(self, request: RecordedRequest) -> dict[str, Any]:
        fields = {name: values[0] for name, values in request.form.items()}
        sid = "SM" + uuid.uuid4().hex
        with self._lock:
            self.created_sids.append(sid)
        now = format_datetime(dt.datetime.now(dt.UTC), usegmt=True)
        body = fields.get("Body", "")
        return {
            "account_sid": self.account_sid,
            "api_version": "2010-04-01",
            "body": body,
            "date_created": now,
            "date_sent": None,
            "date_updated": now,
            "direction": "outbound-api",
            "error_code": None,
            "error_message": None,
            "from": fields.get("From"),
            "messaging_service_sid": None,
            "num_media": "0",
            "num_segments": str(max(1, -(-len(body) // 70))),
            "price": None,
            "price_unit": "USD",
            "sid": sid,
            "status": "queued",
            "subresource_uris": {
                "media": f"/2010-04-01/Accounts/{self.account_sid}/Messages/{sid}/Media.json"
            },
            "to": fields.get("To"),
            "uri": f"/2010-04-01/Accounts/{self.account_sid}/Messages/{sid}.json",
        }

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                recorded = RecordedRequest(
                    method=self.command,
                    path=parts.path,
                    query=parts.query,
                    headers={name.lower(): value for name, value in self.headers.items()},
                    body=body,
                )
                status, payload, headers = fake._answer(recorded)
                try:
                    self.send_response(status)
                    headers.setdefault("Content-Type", "application/json; charset=utf-8")
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

            do_GET = do_POST = do_DELETE = _handle

            def log_message(self, format: str, *args: Any) -> None:
                pass  # keep test output clean

        return Handler


def error_body(status: int, code: int, message: str) -> dict[str, Any]:
    """Twilio's error JSON for the REST API."""
    return {
        "code": code,
        "message": message,
        "more_info": f"https://www.twilio.com/docs/errors/{code}",
        "status": status,
    }


def _json(status: int, body: dict[str, Any]) -> tuple[int, bytes, dict[str, str]]:
    return status, json.dumps(body, ensure_ascii=False).encode("utf-8"), {}
