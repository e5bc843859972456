"""Attempt limits of case lookups: SMS codes sent and failed verifications, per case and client.

Counters live in the `limits` storage Flask-Limiter uses: memory for one process by default,
Redis (REDIS_URL) when several workers must share them. A moving window makes the lockout
last until the oldest failure in it is LOOKUP_LOCKOUT_MINUTES old.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from limits import RateLimitItemPerMinute
from limits.storage import Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

from kiosk_api.config import Settings


@dataclass(frozen=True)
class Lockout:
    """Which limit was reached and how many seconds until the next attempt is possible."""

    scope: str  # case / client
    retry_after: int


class LookupLimits:
    """The four counters of the lookup flow, keyed by 案号 and by a pseudonymous client."""

    def __init__(self, storage: Storage, settings: Settings):
        self._limiter = MovingWindowRateLimiter(storage)
        minutes = settings.LOOKUP_LOCKOUT_MINUTES
        self._codes = {
            "case": RateLimitItemPerMinute(settings.LOOKUP_MAX_CODES_PER_CASE, minutes),
            "client": RateLimitItemPerMinute(settings.LOOKUP_MAX_CODES_PER_CLIENT, minutes),
        }
        self._failures = {
            "case": RateLimitItemPerMinute(settings.LOOKUP_MAX_FAILURES_PER_CASE, minutes),
            "client": RateLimitItemPerMinute(settings.LOOKUP_MAX_FAILURES_PER_CLIENT, minutes),
        }

    @classmethod
    def from_settings(cls, settings: Settings) -> LookupLimits:
        """Memory storage unless REDIS_URL names a shared Redis."""
        return cls(storage_from_string(settings.REDIS_URL or "memory://"), settings)

    def take_code(self, case_number: str, client: str) -> Lockout | None:
        """Count one SMS code about to be sent, or say which limit forbids it."""
        return self._hit(self._codes, "code", case_number, client)

    def verification_locked(self, case_number: str, client: str) -> Lockout | None:
        """Whether failures already lock this case or this client out (counts nothing)."""
        for scope, key in (("case", case_number), ("client", client)):
            item = self._failures[scope]
            if not self._limiter.test(item, "fail", scope, key):
                return Lockout(scope, self._retry_after(item, "fail", scope, key))
        return None

    def record_failure(self, case_number: str, client: str) -> None:
        """Count one failed verification against the case and the client."""
        for scope, key in (("case", case_number), ("client", client)):
            self._limiter.hit(self._failures[scope], "fail", scope, key)

    def _hit(
        self, items: dict[str, RateLimitItemPerMinute], kind: str, case_number: str, client: str
    ) -> Lockout | None:
        keys = (("case", case_number), ("client", client))
        for scope, key in keys:
            if not self._limiter.test(items[scope], kind, scope, key):
                return Lockout(scope, self._retry_after(items[scope], kind, scope, key))
        for scope, key in keys:
            self._limiter.hit(items[scope], kind, scope, key)
        return None

    def _retry_after(self, item: RateLimitItemPerMinute, *identifiers: str) -> int:
        reset_at, _remaining = self._limiter.get_window_stats(item, *identifiers)
        return max(1, int(reset_at - time.time()) + 1)
