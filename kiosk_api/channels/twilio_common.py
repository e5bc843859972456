"""What every Twilio webhook shares: the signature check and the plain-text refusals.

Twilio gets TwiML or plain text back, never the JSON error model, and nothing here logs a
phone number, a message body or a URL's query string.
"""

from __future__ import annotations

import logging

from flask import Blueprint, Response, request
from twilio.request_validator import SIGNATURE_HEADER, RequestValidator
from werkzeug.exceptions import HTTPException

from kiosk_api.config import Settings
from kiosk_api.errors import ApiError, refusal_status
from kiosk_api.services.chat import MAX_MESSAGE_CHARS

log = logging.getLogger(__name__)

FORBIDDEN = "签名校验失败，请求已拒绝。"
UNUSABLE = "请求无法处理。"


def plain(status: int, text: str = "") -> Response:
    """A plain-text answer to Twilio (refusals, bad requests)."""
    return Response(text, status=status, mimetype="text/plain")


def signed_url(settings: Settings) -> str:
    """The URL Twilio requested, as it signed it.

    Behind the proxy `request.url` names the internal host and scheme, so the public origin
    comes from settings; the path and raw query string are the ones Twilio sent.
    """
    url = settings.PUBLIC_BASE_URL.rstrip("/") + request.path
    query = request.query_string.decode("latin-1")
    return f"{url}?{query}" if query else url


def signature_is_valid(settings: Settings) -> bool:
    """Whether X-Twilio-Signature is Twilio's, signed with our Auth Token.

    No Auth Token configured means no callback is accepted. Only Auth Token signatures are
    checked: webhooks signed with a Webhooks SharedKey (the X-Twilio-Webhooks-Signature-Settings
    header) need that key's secret, which the settings do not hold, so they are refused.
    """
    token = settings.TWILIO_AUTH_TOKEN
    signature = request.headers.get(SIGNATURE_HEADER, "")
    if not token or not signature:
        return False
    return bool(RequestValidator(token).validate(signed_url(settings), request.form, signature))


def incoming_text(text: str) -> str:
    """A citizen's text (an SMS body, a speech transcript) fit for the assistant."""
    kept = "".join(ch for ch in text if ord(ch) >= 32 or ch in "\n\t").strip()
    return kept[:MAX_MESSAGE_CHARS]


def refused() -> Response:
    """403 for a request Twilio did not sign for this URL."""
    # The path only: the URL's query string and the form carry personal data.
    log.warning("twilio webhook refused: bad or missing signature on %s", request.path)
    return plain(403, FORBIDDEN)


def http_error(error: HTTPException | ApiError) -> Response:
    """Blueprint error handler: a refused request (too large, wrong method, NUL in the query …)
    as plain text with its status."""
    return plain(refusal_status(error), UNUSABLE)


def register_refusals(bp: Blueprint) -> None:
    """Answer HTTP errors and the request guard's refusals on `bp` with `http_error`.

    Without the second, the guard's typed errors would reach the blueprint's catch-all
    handler and a refused request would get the apology meant for a failure (or a 500).
    """
    bp.register_error_handler(HTTPException, http_error)
    bp.register_error_handler(ApiError, http_error)
