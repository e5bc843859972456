"""The Twilio SMS sender: Programmable Messaging through the official `twilio` client."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests
from twilio.base.exceptions import TwilioRestException, TwilioServiceException
from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response
from twilio.rest import Client
from urllib3.exceptions import ConnectTimeoutError, ProxyError, SSLError

from kiosk_api.config import Settings
from kiosk_api.notify.senders import SendFailed, SentMessage
from kiosk_api.services.opt_outs import normalise_phone

# Connect and read timeout of every API call: a hung Twilio must not hold a worker.
DEFAULT_TIMEOUT_SECONDS = 10.0
# 401: credentials rotated or wrong — a configuration problem, not the message's; retrying
# (bounded by NOTIFY_MAX_ATTEMPTS) lets messages go out once it is fixed.
# 408/429 and every 5xx: Twilio is busy or unwell.
_RETRYABLE_STATUSES = frozenset({401, 408, 429})
_MAINLAND_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_E164 = re.compile(r"^\+[1-9]\d{6,14}$")


def to_e164(phone: str) -> str:
    """A docket phone number as Twilio wants it: +86 for 11-digit mainland mobiles."""
    number = normalise_phone(phone)
    if _MAINLAND_MOBILE.match(number):
        return "+86" + number
    if number.startswith("00"):
        number = "+" + number[2:]
    if _E164.match(number):
        return number
    raise SendFailed("收件号码不是可接收短信的手机号码", retryable=False)


class RoutedHttpClient(TwilioHttpClient):
    """TwilioHttpClient that sends every request to another origin (a local stand-in).

    Why the http client rather than the domain's `base_url`: `http_client` is the client's
    documented injection point and sees the final URL of every domain (api, messaging, …) after
    the client's own edge/region rewriting (TWILIO_EDGE/TWILIO_REGION from the environment
    would otherwise mangle a host like 127.0.0.1:8080). `client.api.base_url` is a generated
    attribute of one lazily built domain. Only scheme, host and port change (plus an optional
    path prefix); path, query, body, headers and auth stay exactly what the library built.
    """

    def __init__(self, base_url: str, *, timeout: float) -> None:
        super().__init__(timeout=timeout)
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError("TWILIO_API_BASE_URL must be an http(s) origin")
        self._scheme = parts.scheme
        self._netloc = parts.netloc
        self._prefix = parts.path.rstrip("/")

    def request(
        self,
        method: str,
        url: str,
        params: dict[str, object] | None = None,
        data: dict[str, object] | None = None,
        headers: dict[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        timeout: float | None = None,
        allow_redirects: bool = False,
    ) -> Response:
        """Send the request the library built to the configured origin instead."""
        parts = urlsplit(url)
        routed = urlunsplit(
            (self._scheme, self._netloc, self._prefix + parts.path, parts.query, "")
        )
        return super().request(
            method,
            routed,
            params=params,
            data=data,
            headers=headers,
            auth=auth,
            timeout=timeout,
            allow_redirects=allow_redirects,
        )


def twilio_http_client(base_url: str, timeout: float) -> TwilioHttpClient:
    """The http client the sender uses: with a timeout, routed when a base URL is set."""
    if base_url.strip():
        return RoutedHttpClient(base_url.strip(), timeout=timeout)
    return TwilioHttpClient(timeout=timeout)


def _never_reached_twilio(exc: requests.ConnectionError) -> bool:
    """Whether the connection failed before the request went out (refused, TLS, DNS, proxy).

    requests raises ConnectionError both then and when an established connection is cut
    after the request was sent ("Connection aborted"): in that case Twilio may have taken the
    message, and only the first kind may be retried.
    """
    cause = exc.args[0] if exc.args else None
    reason = getattr(cause, "reason", None)
    # NewConnectionError (refused, unreachable, DNS) is a ConnectTimeoutError in urllib3 2.
    return isinstance(reason, ConnectTimeoutError | SSLError | ProxyError)


def _api_error(exc: TwilioRestException | TwilioServiceException) -> SendFailed:
    # exc.msg / exc.detail often quote the recipient ("The 'To' number +86… is not valid"):
    # only the numeric code and HTTP status are kept.
    status = int(exc.status or 0)
    code = exc.code if exc.code and exc.code != status else None
    where = f"Twilio 错误码 {code}（HTTP {status}）" if code else f"Twilio HTTP {status}"
    retryable = status in _RETRYABLE_STATUSES or status >= 500
    return SendFailed(f"{where}{'，稍后重试' if retryable else '，不再重试'}", retryable=retryable)


class TwilioSmsSender:
    """Sends SMS with Twilio's Messages API from TWILIO_FROM_NUMBER."""

    name = "twilio"

    def __init__(self, settings: Settings, *, timeout: float = DEFAULT_TIMEOUT_SECONDS) -> None:
        missing = [
            name
            for name in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM_NUMBER")
            if not getattr(settings, name).strip()
        ]
        if missing:
            raise ValueError(f"SMS_SENDER=twilio needs {', '.join(missing)}")
        self._from = settings.TWILIO_FROM_NUMBER.strip()
        self._client = Client(
            settings.TWILIO_ACCOUNT_SID.strip(),
            settings.TWILIO_AUTH_TOKEN.strip(),
            http_client=twilio_http_client(settings.TWILIO_API_BASE_URL, timeout),
        )

    def send(self, to: str, body: str, *, status_callback: str | None) -> SentMessage:
        """Create the message; raises SendFailed (without the number) when Twilio refuses it."""
        fields: dict[str, Any] = {"to": to_e164(to), "from_": self._from, "body": body}
        if status_callback:
            fields["status_callback"] = status_callback
        try:
            message = self._client.messages.create(**fields)
        except (TwilioRestException, TwilioServiceException) as exc:
            raise _api_error(exc) from None
        except requests.ConnectTimeout:
            raise SendFailed("连接 Twilio 超时，稍后重试", retryable=True) from None
        except requests.ReadTimeout:
            # Twilio may have taken the message before the answer timed out: a retry could
            # send the citizen the same SMS twice, so the outcome stays unknown instead.
            raise SendFailed(
                "Twilio 应答超时，短信可能已发出，未自动重发", retryable=False
            ) from None
        except requests.ConnectionError as exc:
            if _never_reached_twilio(exc):
                raise SendFailed(
                    f"无法连接 Twilio（{type(exc).__name__}），稍后重试", retryable=True
                ) from None
            raise SendFailed(
                "与 Twilio 的连接在发送后中断，短信可能已发出，未自动重发", retryable=False
            ) from None
        except requests.exceptions.ChunkedEncodingError:
            # The answer was cut off half-way: Twilio had already started answering.
            raise SendFailed(
                "Twilio 应答中断，短信可能已发出，未自动重发", retryable=False
            ) from None
        except requests.RequestException as exc:
            raise SendFailed(
                f"无法连接 Twilio（{type(exc).__name__}），稍后重试", retryable=True
            ) from None
        except ValueError:
            # A 2xx whose body is not JSON: Twilio probably took the message, so a retry
            # could send it twice.
            raise SendFailed("Twilio 应答无法解析，短信可能已发出", retryable=False) from None
        if not message.sid:
            raise SendFailed("Twilio 应答缺少短信编号，短信可能已发出", retryable=False)
        return SentMessage(self.name, message.sid, str(message.status or "queued"))
