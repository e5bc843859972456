"""An HTTP server that loses connections on cue, like a gunicorn worker killed mid-request."""

from __future__ import annotations

import json
import threading
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

OK_BODY: dict[str, Any] = {"ok": True}


class FlakyServer:
    """Answers 200 {"ok": true}; queued faults apply to the next requests, one each.

    "drop": the request is read, then the connection is closed without an answer (what the
    client sees when the worker serving it is killed); "truncate": closed half-way through
    the answer (killed while writing it); "hold": no answer until the server stops.
    """

    def __init__(self) -> None:
        self.requests: list[tuple[str, str]] = []  # (method, path)
        self.held_from: list[int] = []  # client ports of the requests being held
        self._faults: deque[str] = deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """Its origin."""
        return f"http://127.0.0.1:{self._server.server_port}"

    def fail_next(self, *faults: str) -> None:
        """Queue "drop" / "truncate" / "hold" for the next requests."""
        with self._lock:
            self._faults.extend(faults)

    def __enter__(self) -> FlakyServer:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def _next(self, method: str, path: str) -> str | None:
        with self._lock:
            self.requests.append((method, path))
            return self._faults.popleft() if self._faults else None

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                fault = server._next(self.command, self.path)
                if fault == "hold":
                    with server._lock:
                        server.held_from.append(int(self.client_address[1]))
                    server._stopping.wait(60)
                if fault == "truncate":
                    # Headers and half the body, then the connection dies.
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", "100")
                    self.end_headers()
                    self.wfile.write(b'{"ok": tr')
                    self.wfile.flush()
                if fault is not None:
                    self.close_connection = True
                    return  # closed without (the rest of) an answer
                payload = json.dumps(OK_BODY).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_DELETE = _handle

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler
