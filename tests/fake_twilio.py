"""A local stand-in for Twilio's REST API: a real HTTP server that records what it was sent.

The real `twilio` client is pointed at it (TWILIO_API_BASE_URL), so tests see the exact
request the library builds — path, Basic auth, form fields — and the library's own handling
of Twilio-shaped answers, errors and slow responses.

Besides one-off scripted answers it has modes for outages (tests/faults): every request
failing with a status (`fail_all`), messages taken but answered only after a delay (`hold`),
the connection cut once the request is in (`drop`), and not listening at all (`go_down` /
`come_up`, on the same port). `created` lists every message it took, in whatever mode.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import json
import socket
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


# Returned by _answer instead of an answer: close the connection without a word.
_DROP = (0, b"", {"x-drop": "1"})


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
        self.created: list[dict[str, str]] = []  # form fields of every message taken
        self._script: deque[Scripted] = deque()
        self._lock = threading.Lock()
        self._released = threading.Event()
        self._mode = "normal"
        self._fail_status = 500
        self._fail_code = 20500
        self._hold_seconds = 0.0
        self._hold_released = threading.Event()
        self._connections: set[socket.socket] = set()  # open client connections (keep-alive)
        self._server = self._new_server(0)
        self._port = self._server.server_port
        self._thread = self._serving_thread()

    def _new_server(self, port: int) -> ThreadingHTTPServer:
        server = ThreadingHTTPServer(("127.0.0.1", port), self._handler_class())
        server.daemon_threads = True
        return server

    def _serving_thread(self) -> threading.Thread:
        return threading.Thread(
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
        self._hold_released.set()
        if self._thread.is_alive():
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeTwilio:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """The origin to put in TWILIO_API_BASE_URL (the same after go_down / come_up)."""
        return f"http://127.0.0.1:{self._port}"

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

    # -- outage modes (each lasts until `recover`) -------------------------------------------

    def fail_all(self, status: int = 500, code: int = 20500) -> None:
        """Every request gets Twilio's error JSON with this status; no message is taken."""
        with self._lock:
            self._mode, self._fail_status, self._fail_code = "fail", status, code

    def hold(self, seconds: float) -> None:
        """Every message is taken at once, answered after `seconds` or on `release_held`."""
        with self._lock:
            self._mode, self._hold_seconds = "hold", seconds
            self._hold_released.clear()

    def release_held(self) -> None:
        """Answer every held request now."""
        self._hold_released.set()

    def drop(self) -> None:
        """Every message is taken, then the connection is closed without an answer."""
        with self._lock:
            self._mode = "drop"

    def recover(self) -> None:
        """Back to answering normally."""
        with self._lock:
            self._mode = "normal"

    def go_down(self) -> None:
        """Stop listening and cut open connections: connections are refused until `come_up`."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
        with self._lock:
            open_connections = list(self._connections)
        for connection in open_connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)

    def come_up(self) -> None:
        """Listen again on the same port."""
        self._server = self._new_server(self._port)
        self._thread = self._serving_thread()
        self._thread.start()

    def is_listening(self) -> bool:
        """Whether a connection to the port would be accepted now."""
        with socket.socket() as sock:
            return sock.connect_ex(("127.0.0.1", self._port)) == 0

    def created_for(self, to: str) -> list[dict[str, str]]:
        """The messages taken for one recipient (E.164)."""
        with self._lock:
            return [fields for fields in self.created if fields.get("To") == to]

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
        with self._lock:
            mode, hold_seconds = self._mode, self._hold_seconds
        is_create = request.method == "POST" and request.path == self.messages_path
        if mode == "fail":
            status = self._fail_status
            return _json(status, error_body(status, self._fail_code, "Internal Server Error"))
        if mode in ("hold", "drop") and is_create:
            # Twilio has the message; only its answer is late or lost.
            created = self._created_message(request)
            if mode == "drop":
                return _DROP
            self._hold_released.wait(hold_seconds)
            return _json(201, created)
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
            self.created.append(fields)
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

            def setup(self) -> None:
                super().setup()
                with fake._lock:
                    fake._connections.add(self.connection)

            def finish(self) -> None:
                with fake._lock:
                    fake._connections.discard(self.connection)
                super().finish()

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
                if headers.get("x-drop"):
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
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
