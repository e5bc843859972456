"""SMS senders behind one small interface: console (demo), recording (tests), Twilio.

The worker knows only `SmsSender`: `send(to, body, status_callback=...)` returns a
`SentMessage` or raises `SendFailed(message, retryable)`. A mainland-China provider (阿里云短信,
腾讯云短信 …, which send a pre-approved template and signature rather than free text) is added
the same way as Twilio: a module `kiosk_api.notify.<provider>_sender` with a class taking the
settings, one more branch in `make_sender`, and its own settings. The outbox body is already
signed (【法院】) and ends with 回复TD退订, as mainland carriers require.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import click

from kiosk_api.config import Settings
from kiosk_api.domain.privacy import mask_phone


@dataclass(frozen=True)
class SentMessage:
    """What the provider said when it accepted a message."""

    provider: str
    provider_ref: str
    status: str


class SendFailed(Exception):
    """The provider did not accept the message; `retryable` says whether trying later may help.

    The message must never contain the phone number: it is stored as the row's last_error.
    """

    def __init__(self, message: str, retryable: bool) -> None:
        super().__init__(message)
        self.message = message
        self.retryable = retryable


class SmsSender(Protocol):
    """Sends one SMS; implementations are created by `make_sender`, never at import time."""

    name: str

    def send(self, to: str, body: str, *, status_callback: str | None) -> SentMessage:
        """Hand one message to the provider; raises SendFailed when it is not accepted."""
        ...


class ConsoleSmsSender:
    """The demo sender: prints the message with the number masked (never the full number)."""

    name = "console"

    def __init__(self, echo: Callable[[str], None] = click.echo) -> None:
        self._echo = echo

    def send(self, to: str, body: str, *, status_callback: str | None) -> SentMessage:
        """Print 【短信】→ 138****8001：body and report it sent."""
        self._echo(f"【短信】→ {mask_phone(to)}：{body}")
        return SentMessage(self.name, f"console-{uuid.uuid4().hex[:16]}", "sent")


@dataclass(frozen=True)
class RecordedSms:
    """One message a RecordingSmsSender accepted."""

    to: str
    body: str
    status_callback: str | None


class RecordingSmsSender:
    """Test double: records what would have been sent; can fail the next n sends."""

    name = "recording"

    def __init__(self) -> None:
        self.sent: list[RecordedSms] = []
        self.calls = 0
        self._failures = 0
        self._failure: SendFailed | None = None
        self._lock = threading.Lock()
        self.on_send: Callable[[str, str], None] | None = None

    def fail_next(
        self, times: int, message: str = "provider busy", *, retryable: bool = True
    ) -> None:
        """Make the next `times` sends raise SendFailed(message, retryable)."""
        self._failures = times
        self._failure = SendFailed(message, retryable=retryable)

    def send(self, to: str, body: str, *, status_callback: str | None) -> SentMessage:
        """Record the message, or raise the failure set by fail_next."""
        with self._lock:
            self.calls += 1
            if self._failures > 0 and self._failure is not None:
                self._failures -= 1
                raise self._failure
            self.sent.append(RecordedSms(to, body, status_callback))
            ref = f"rec-{len(self.sent)}"
        if self.on_send is not None:
            self.on_send(to, body)
        return SentMessage(self.name, ref, "queued")


SENDERS = ("console", "twilio")


def make_sender(settings: Settings) -> SmsSender:
    """The sender SMS_SENDER names; provider modules are imported only when chosen."""
    choice = settings.SMS_SENDER.strip().lower()
    if choice == "console":
        return ConsoleSmsSender()
    if choice == "twilio":
        from kiosk_api.notify.twilio_sender import TwilioSmsSender

        sender: SmsSender = TwilioSmsSender(settings)
        return sender
    raise ValueError(f"unknown SMS_SENDER {settings.SMS_SENDER!r}: use one of {', '.join(SENDERS)}")
