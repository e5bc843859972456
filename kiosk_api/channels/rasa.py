"""Client for Rasa's REST channel, behind a small interface so tests can swap it."""

from __future__ import annotations

import http.client
import itertools
import json
import logging
import select
import ssl
import threading
import urllib.parse
from typing import Any, Protocol, runtime_checkable

log = logging.getLogger(__name__)

# Connecting to a loopback or LAN Rasa takes milliseconds; a slow connect means the instance
# is gone, and waiting the whole chat timeout for it would waste the citizen's turn.
CONNECT_TIMEOUT_SECONDS = 2.0
WEBHOOK_PATH = "/webhooks/rest/webhook"
JSON_HEADERS = {"Content-Type": "application/json"}


class RasaUnavailable(Exception):
    """Rasa did not answer in time or answered with an error."""


class RasaClient(Protocol):
    """What the gateway needs from Rasa."""

    def send(
        self, conversation_id: str, text: str, metadata: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Deliver one user message; return the bot's messages."""
        ...

    def is_reachable(self) -> bool:
        """Whether the Rasa server answers at all."""
        ...


@runtime_checkable
class ReportsInstances(Protocol):
    """A Rasa client spread over several instances that can say how many answer."""

    def instances_answering(self) -> tuple[int, int]:
        """(instances answering, instances configured)."""
        ...


def rasa_base_urls(setting: str) -> tuple[str, ...]:
    """The instances named by RASA_URL (one URL, or several separated by commas)."""
    urls = tuple(url.strip().rstrip("/") for url in setting.split(",") if url.strip())
    for url in urls:
        if not url.startswith(("http://", "https://")):
            raise ValueError(f"RASA_URL: not an http(s) URL: {url!r}")
    if not urls:
        raise ValueError("RASA_URL is empty")
    return urls


class HttpRasaClient:
    """Talks to one or more `rasa run` instances over their REST webhook (loopback only).

    Turns go round-robin over the instances; they share the tracker store and the lock store,
    so any instance can take any turn. A turn moves on to the next instance only when no
    connection could be made: once a request may have reached Rasa, sending it again elsewhere
    could process the same message twice.

    Each thread keeps one connection per instance open between turns, over the standard
    library's http.client: measured on bench/chat_latency.py, requests cost the kiosk API
    0.9 ms of CPU per turn more (3.5 against 2.6 ms for the whole chat request). A connection
    Rasa closed while idle is replaced before use; one it closes at the very moment a turn is
    written into it gives the busy message, as with any HTTP client, and is never resent.
    """

    def __init__(self, base_url: str, timeout: float, ready_timeout: float = 2.0):
        self._base_urls = rasa_base_urls(base_url)
        self._webhook_paths = {url: _path(url, WEBHOOK_PATH) for url in self._base_urls}
        self._timeout = timeout
        self._ready_timeout = ready_timeout
        self._next = itertools.count()
        self._next_lock = threading.Lock()
        # A connection serves one request at a time, and gunicorn's threaded workers share
        # this client: each thread has its own.
        self._local = threading.local()

    @property
    def base_urls(self) -> tuple[str, ...]:
        """The configured instances, in round-robin order."""
        return self._base_urls

    def _connection(self, base_url: str) -> http.client.HTTPConnection:
        """This thread's connection to one instance: kept from an earlier turn, or not yet open."""
        connections: dict[str, http.client.HTTPConnection] = self._local.__dict__.setdefault(
            "connections", {}
        )
        connection = connections.get(base_url)
        if connection is not None and connection.sock is not None and _closed_by_peer(connection):
            # Rasa closes idle keep-alive connections; writing a turn into one would lose it.
            connection.close()
        if connection is None:
            connection = connections[base_url] = _new_connection(
                base_url, min(CONNECT_TIMEOUT_SECONDS, self._timeout)
            )
        return connection

    def _rotation(self) -> list[str]:
        with self._next_lock:
            start = next(self._next) % len(self._base_urls)
        return [*self._base_urls[start:], *self._base_urls[:start]]

    def send(
        self, conversation_id: str, text: str, metadata: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """POST the message to /webhooks/rest/webhook and return Rasa's reply list."""
        body = json.dumps({"sender": conversation_id, "message": text, "metadata": metadata})
        failure: Exception | None = None
        for base_url in self._rotation():
            connection = self._connection(base_url)
            try:
                if connection.sock is None:
                    # Connecting apart from sending: until it succeeds, nothing reached Rasa.
                    connection.connect()
                    connection.sock.settimeout(self._timeout)
            except OSError as exc:
                connection.close()
                log.warning("rasa instance %s could not be reached; trying the next", base_url)
                failure = exc
                continue
            try:
                connection.request(
                    "POST", self._webhook_paths[base_url], body.encode(), JSON_HEADERS
                )
                response = connection.getresponse()
                reply = response.read()
            except (OSError, http.client.HTTPException) as exc:
                connection.close()
                raise RasaUnavailable(type(exc).__name__) from exc
            if response.will_close:
                connection.close()
            return _replies(response.status, reply)
        raise RasaUnavailable(f"no instance answered: {type(failure).__name__}") from failure

    def _answers(self, base_url: str) -> bool:
        connection = _new_connection(base_url, self._ready_timeout)
        try:
            connection.request("GET", _path(base_url, "/"))
            return connection.getresponse().status < 400
        except (OSError, http.client.HTTPException):
            return False
        finally:
            connection.close()

    def is_reachable(self) -> bool:
        """GET / answers 'Hello from Rasa' on at least one instance."""
        return any(self._answers(url) for url in self._base_urls)

    def instances_answering(self) -> tuple[int, int]:
        """(instances answering GET /, instances configured)."""
        return sum(self._answers(url) for url in self._base_urls), len(self._base_urls)


def _new_connection(base_url: str, timeout: float) -> http.client.HTTPConnection:
    """An unopened connection to one instance; its timeout covers connecting."""
    url = urllib.parse.urlsplit(base_url)
    if url.scheme == "https":
        return http.client.HTTPSConnection(
            url.hostname or "", url.port, timeout=timeout, context=ssl.create_default_context()
        )
    return http.client.HTTPConnection(url.hostname or "", url.port, timeout=timeout)


def _path(base_url: str, path: str) -> str:
    """`path` under the instance's URL (which may sit under a prefix behind a proxy)."""
    return urllib.parse.urlsplit(base_url).path + path


def _closed_by_peer(connection: http.client.HTTPConnection) -> bool:
    """Whether an idle connection has something to read: the peer's close (or garbage)."""
    poller = select.poll()
    poller.register(connection.sock, select.POLLIN)
    return bool(poller.poll(0))


def _replies(status: int, body: bytes) -> list[dict[str, Any]]:
    if status >= 400:
        raise RasaUnavailable(f"HTTP {status}")
    try:
        replies = json.loads(body)
    except ValueError as exc:
        raise RasaUnavailable(type(exc).__name__) from exc
    if not isinstance(replies, list):
        raise RasaUnavailable("unexpected reply shape")
    return [reply for reply in replies if isinstance(reply, dict)]
