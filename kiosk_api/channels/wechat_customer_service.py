"""WeChat's customer-service message API (客服消息), behind a small interface.

Answers that miss the 5-second passive-reply window go out through
POST /cgi-bin/message/custom/send, authorised by an access token from GET /cgi-bin/token.
Fetching a token invalidates the previous one after a short grace period, so the token is kept
in the shared store every worker reads (Redis in production) until shortly before it expires,
and fetched again when WeChat calls it invalid. Nothing here logs an openid, a text, the
AppSecret or a token: request errors are reported by their type only, since their text
carries the URL and with it the secret.
"""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass
from typing import Any, Protocol

import requests

from kiosk_api.config import Settings
from kiosk_api.services.shared_store import SharedStore, StoreUnavailable

# Tokens are refreshed this long before WeChat says they expire (WeChat's grace is ~5 min).
REFRESH_MARGIN_SECONDS = 300
TIMEOUT_SECONDS = 5.0
# errcodes meaning "this access token is no longer valid": fetch a new one and retry once.
_STALE_TOKEN = frozenset({40001, 40014, 42001})


class DeliveryFailed(Exception):
    """WeChat did not accept the message; the text names an errcode or an error type only."""


class CustomerService(Protocol):
    """Sends a text to a citizen outside the passive-reply window."""

    def send_text(self, openid: str, text: str) -> None:
        """Deliver one text message; raises DeliveryFailed when WeChat refuses it."""
        ...


class HttpCustomerService:
    """The real API over HTTPS; `base_url` is a setting so tests can use a local stand-in."""

    def __init__(
        self,
        base_url: str,
        app_id: str,
        app_secret: str,
        store: SharedStore,
        *,
        timeout: float = TIMEOUT_SECONDS,
        refresh_margin: int = REFRESH_MARGIN_SECONDS,
    ) -> None:
        self._base_url = base_url.rstrip("/")
        self._app_id = app_id
        self._app_secret = app_secret
        self._store = store
        self._timeout = timeout
        self._refresh_margin = refresh_margin
        self._token_key = f"wechat:access-token:{app_id}"
        self._fetching = threading.Lock()
        self._http = requests.Session()

    def send_text(self, openid: str, text: str) -> None:
        """POST a text message; one retry with a fresh token if WeChat rejects the cached one."""
        token = self.access_token()
        errcode = self._send(token, openid, text)
        if errcode in _STALE_TOKEN:
            self._forget(token)
            errcode = self._send(self.access_token(), openid, text)
        if errcode != 0:
            raise DeliveryFailed(f"custom/send errcode {errcode}")

    def access_token(self) -> str:
        """The cached token, or a new one (one fetch at a time in this process)."""
        cached = self._cached()
        if cached:
            return cached
        with self._fetching:
            cached = self._cached()
            if cached:
                return cached
            token, expires_in = self._fetch_token()
            ttl = expires_in - self._refresh_margin
            if ttl <= 0:
                ttl = max(expires_in // 2, 1)
            # Without the store the token still serves this message; the next one fetches.
            with contextlib.suppress(StoreUnavailable):
                self._store.put(self._token_key, token, ttl)
            return token

    def _cached(self) -> str | None:
        try:
            return self._store.get(self._token_key)
        except StoreUnavailable:
            return None

    def _forget(self, token: str) -> None:
        with contextlib.suppress(StoreUnavailable):
            self._store.delete_if(self._token_key, token)

    def _fetch_token(self) -> tuple[str, int]:
        answer = self._call(
            "GET",
            "/cgi-bin/token",
            params={
                "grant_type": "client_credential",
                "appid": self._app_id,
                "secret": self._app_secret,
            },
        )
        token, expires_in = answer.get("access_token"), answer.get("expires_in")
        if not isinstance(token, str) or not token or not isinstance(expires_in, int):
            raise DeliveryFailed(f"token errcode {answer.get('errcode', 'missing')}")
        return token, expires_in

    def _send(self, token: str, openid: str, text: str) -> int:
        answer = self._call(
            "POST",
            "/cgi-bin/message/custom/send",
            params={"access_token": token},
            json={"touser": openid, "msgtype": "text", "text": {"content": text}},
        )
        errcode = answer.get("errcode", 0)
        return errcode if isinstance(errcode, int) else -1

    def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        try:
            response = self._http.request(
                method, self._base_url + path, timeout=self._timeout, **kwargs
            )
            response.raise_for_status()
            answer = response.json()
        except (requests.RequestException, ValueError) as exc:
            raise DeliveryFailed(type(exc).__name__) from None
        if not isinstance(answer, dict):
            raise DeliveryFailed("unexpected answer shape")
        return answer


class UnconfiguredCustomerService:
    """Without WECHAT_APP_ID and WECHAT_APP_SECRET no late answer can be delivered."""

    def send_text(self, openid: str, text: str) -> None:
        """Always refuse, so the channel logs that the answer was dropped."""
        raise DeliveryFailed("WECHAT_APP_ID / WECHAT_APP_SECRET not set")


@dataclass(frozen=True)
class SentText:
    """One message a RecordingCustomerService accepted."""

    openid: str
    text: str


class RecordingCustomerService:
    """Test double: records what would have been sent; `wait_for` blocks until it arrives."""

    def __init__(self) -> None:
        self.sent: list[SentText] = []
        self.down = False
        self._arrived = threading.Condition()

    def send_text(self, openid: str, text: str) -> None:
        """Record the message (or fail when switched down)."""
        if self.down:
            raise DeliveryFailed("recording service down")
        with self._arrived:
            self.sent.append(SentText(openid, text))
            self._arrived.notify_all()

    def wait_for(self, count: int, timeout: float = 5.0) -> bool:
        """Whether `count` messages were sent within `timeout` seconds."""
        with self._arrived:
            return self._arrived.wait_for(lambda: len(self.sent) >= count, timeout)


def make_customer_service(settings: Settings, store: SharedStore) -> CustomerService:
    """The HTTP client when the account's AppID and AppSecret are set."""
    if not (settings.WECHAT_APP_ID and settings.WECHAT_APP_SECRET):
        return UnconfiguredCustomerService()
    return HttpCustomerService(
        settings.WECHAT_API_BASE_URL,
        settings.WECHAT_APP_ID,
        settings.WECHAT_APP_SECRET,
        store,
    )
