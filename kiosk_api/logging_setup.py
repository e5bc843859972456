"""Log lines tagged with the request id, with phone and ID numbers scrubbed as a safety net."""

from __future__ import annotations

import logging
import re
import sys

from flask import g, has_request_context

# Mainland mobile numbers and resident ID numbers; the code never logs them on purpose.
_PERSONAL = re.compile(r"(?<!\d)(?:1[3-9]\d{9}|\d{17}[\dXx]|\d{15})(?!\d)")


def scrub(text: str) -> str:
    """Replace anything shaped like a phone or ID number."""
    return _PERSONAL.sub("[已隐去]", text)


class RequestContextFilter(logging.Filter):
    """Adds `request_id` to every record and scrubs personal numbers from the message."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = g.get("request_id", "-") if has_request_context() else "-"
        message = record.getMessage()
        cleaned = scrub(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


def configure_logging(level: str) -> None:
    """Install one stderr handler on the root logger (idempotent)."""
    root = logging.getLogger()
    for handler in root.handlers:
        if getattr(handler, "_court_handler", False):
            root.setLevel(level)
            return
    handler = logging.StreamHandler(sys.stderr)
    handler._court_handler = True  # type: ignore[attr-defined]
    handler.addFilter(RequestContextFilter())
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s")
    )
    root.addHandler(handler)
    root.setLevel(level)
