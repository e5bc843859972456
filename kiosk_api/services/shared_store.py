"""Short-lived keys every kiosk API worker sees: once-only claims and cached values.

Like the lookup counters (lookup_limits.py): memory for one process by default, Redis
(REDIS_URL) when several gunicorn workers must agree, e.g. that a WeChat message was already
answered or which access token is current. Keys never contain personal data in clear.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Protocol

import redis

from kiosk_api.config import Settings

_SWEEP_EVERY = 1000  # writes between sweeps of expired keys in memory


class StoreUnavailable(Exception):
    """The shared store (Redis) did not answer; callers decide whether to go on without it."""


class SharedStore(Protocol):
    """What the WeChat channel needs from a key-value store with expiry."""

    def claim(self, key: str, ttl_seconds: int) -> bool:
        """Set the key if absent (SET NX EX); True only for the first caller within the ttl."""
        ...

    def get(self, key: str) -> str | None:
        """The live value of the key, or None."""
        ...

    def put(self, key: str, value: str, ttl_seconds: int) -> None:
        """Set the key, replacing any value, for ttl_seconds."""
        ...

    def delete_if(self, key: str, value: str) -> None:
        """Remove the key only while it still holds this value."""
        ...


class MemoryStore:
    """One process's store: enough for the demo and tests, not for several workers."""

    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._now = monotonic
        self._values: dict[str, tuple[str, float]] = {}
        self._lock = threading.Lock()
        self._writes = 0

    def claim(self, key: str, ttl_seconds: int) -> bool:
        """Set the key if absent or expired; True when this call set it."""
        with self._lock:
            if self._live(key) is not None:
                return False
            self._write(key, "1", ttl_seconds)
            return True

    def get(self, key: str) -> str | None:
        """The value while it has not expired."""
        with self._lock:
            return self._live(key)

    def put(self, key: str, value: str, ttl_seconds: int) -> None:
        """Set the key for ttl_seconds."""
        with self._lock:
            self._write(key, value, ttl_seconds)

    def delete_if(self, key: str, value: str) -> None:
        """Remove the key if it still holds this value."""
        with self._lock:
            if self._live(key) == value:
                del self._values[key]

    def _live(self, key: str) -> str | None:
        held = self._values.get(key)
        if held is None or held[1] <= self._now():
            return None
        return held[0]

    def _write(self, key: str, value: str, ttl_seconds: int) -> None:
        self._values[key] = (value, self._now() + ttl_seconds)
        self._writes += 1
        if self._writes % _SWEEP_EVERY == 0:
            now = self._now()
            self._values = {k: v for k, v in self._values.items() if v[1] > now}


# Compare-and-delete in one step, so a worker never drops a value another worker just set.
_DELETE_IF = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end"


class RedisStore:
    """Keys in Redis, shared by every worker; errors surface as StoreUnavailable."""

    def __init__(self, url: str, prefix: str = "court:") -> None:
        self._redis = redis.Redis.from_url(
            url, socket_timeout=1.0, socket_connect_timeout=1.0, decode_responses=True
        )
        self._prefix = prefix

    def claim(self, key: str, ttl_seconds: int) -> bool:
        """SET key 1 NX EX ttl."""
        try:
            return bool(self._redis.set(self._prefix + key, "1", nx=True, ex=ttl_seconds))
        except redis.RedisError as exc:
            raise StoreUnavailable(type(exc).__name__) from exc

    def get(self, key: str) -> str | None:
        """GET key."""
        try:
            value = self._redis.get(self._prefix + key)
        except redis.RedisError as exc:
            raise StoreUnavailable(type(exc).__name__) from exc
        return value if isinstance(value, str) else None

    def put(self, key: str, value: str, ttl_seconds: int) -> None:
        """SET key value EX ttl."""
        try:
            self._redis.set(self._prefix + key, value, ex=ttl_seconds)
        except redis.RedisError as exc:
            raise StoreUnavailable(type(exc).__name__) from exc

    def delete_if(self, key: str, value: str) -> None:
        """DEL key if GET key == value (a Lua script, atomic in Redis)."""
        try:
            self._redis.eval(_DELETE_IF, 1, self._prefix + key, value)
        except redis.RedisError as exc:
            raise StoreUnavailable(type(exc).__name__) from exc


def store_from_settings(settings: Settings) -> SharedStore:
    """Memory unless REDIS_URL names a shared Redis."""
    if settings.REDIS_URL:
        return RedisStore(settings.REDIS_URL)
    return MemoryStore()
