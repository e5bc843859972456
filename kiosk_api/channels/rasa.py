"""Client for Rasa's REST channel, behind a small interface so tests can swap it."""

from __future__ import annotations

import itertools
import logging
import threading
from typing import Any, Protocol, runtime_checkable

import requests

log = logging.getLogger(__name__)

# Connecting to a loopback or LAN Rasa takes milliseconds; a slow connect means the instance
# is gone, and waiting the whole chat timeout for it would waste the citizen's turn.
CONNECT_TIMEOUT_SECONDS = 2.0


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


def _never_connected(exc: requests.RequestException) -> bool:
    """Whether the request certainly never reached Rasa (refused or timed out connecting)."""
    if isinstance(exc, requests.ConnectTimeout):
        return True
    if not isinstance(exc, requests.ConnectionError):
        return False
    # requests wraps urllib3's NewConnectionError, which wraps the socket's refusal; a
    # "connection aborted" or reset may come after Rasa read the message, so it is not enough.
    seen: set[int] = set()
    pending: list[BaseException] = [exc]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, ConnectionRefusedError):
            return True
        pending.extend(a for a in current.args if isinstance(a, BaseException))
        reason = getattr(current, "reason", None)
        if isinstance(reason, BaseException):
            pending.append(reason)
        pending.extend(e for e in (current.__cause__, current.__context__) if e is not None)
    return False


class HttpRasaClient:
    """Talks to one or more `rasa run` instances over their REST webhook (loopback only).

    Turns go round-robin over the instances; they share the tracker store and the lock store,
    so any instance can take any turn. A turn moves on to the next instance only when the
    connection was refused: once a request may have reached Rasa, sending it again elsewhere
    could process the same message twice.
    """

    def __init__(self, base_url: str, timeout: float, ready_timeout: float = 2.0):
        self._base_urls = rasa_base_urls(base_url)
        self._timeout = timeout
        self._ready_timeout = ready_timeout
        self._next = itertools.count()
        self._next_lock = threading.Lock()
        # requests.Session is not thread-safe, and gunicorn's threaded workers share this client.
        self._local = threading.local()

    @property
    def base_urls(self) -> tuple[str, ...]:
        """The configured instances, in round-robin order."""
        return self._base_urls

    def _http(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
            # Rasa is an internal service: no proxy variable or .netrc applies to it, and
            # reading them cost every turn.
            session.trust_env = False
        return session

    def _rotation(self) -> list[str]:
        with self._next_lock:
            start = next(self._next) % len(self._base_urls)
        return [*self._base_urls[start:], *self._base_urls[:start]]

    def send(
        self, conversation_id: str, text: str, metadata: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """POST the message to /webhooks/rest/webhook and return Rasa's reply list."""
        payload = {"sender": conversation_id, "message": text, "metadata": metadata}
        timeout = (min(CONNECT_TIMEOUT_SECONDS, self._timeout), self._timeout)
        failure: Exception | None = None
        for base_url in self._rotation():
            try:
                response = self._http().post(
                    f"{base_url}/webhooks/rest/webhook", json=payload, timeout=timeout
                )
            except requests.RequestException as exc:
                if _never_connected(exc):
                    log.warning(
                        "rasa instance %s refused the connection; trying the next", base_url
                    )
                    failure = exc
                    continue
                raise RasaUnavailable(type(exc).__name__) from exc
            return _replies(response)
        raise RasaUnavailable(f"no instance answered: {type(failure).__name__}") from failure

    def _answers(self, base_url: str) -> bool:
        try:
            return self._http().get(f"{base_url}/", timeout=self._ready_timeout).ok
        except requests.RequestException:
            return False

    def is_reachable(self) -> bool:
        """GET / answers 'Hello from Rasa' on at least one instance."""
        return any(self._answers(url) for url in self._base_urls)

    def instances_answering(self) -> tuple[int, int]:
        """(instances answering GET /, instances configured)."""
        return sum(self._answers(url) for url in self._base_urls), len(self._base_urls)


def _replies(response: requests.Response) -> list[dict[str, Any]]:
    try:
        response.raise_for_status()
        replies = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise RasaUnavailable(type(exc).__name__) from exc
    if not isinstance(replies, list):
        raise RasaUnavailable("unexpected reply shape")
    return [reply for reply in replies if isinstance(reply, dict)]
