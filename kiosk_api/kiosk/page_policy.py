"""What every printable kiosk page shares: the hall's names, no caching, the print button's CSP."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from flask import Blueprint, Response

from kiosk_api import runtime

# The print button's only script; the CSP admits this exact handler by its hash and nothing else.
PRINT_HANDLER = "window.print()"
_PRINT_HASH = base64.b64encode(hashlib.sha256(PRINT_HANDLER.encode()).digest()).decode()
CSP = (
    f"default-src 'self'; script-src 'self' 'unsafe-hashes' 'sha256-{_PRINT_HASH}'; "
    "style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'"
)


def install(bp: Blueprint) -> None:
    """Give `bp`'s pages the hall's names, no-store caching and the printing CSP."""

    @bp.context_processor
    def _page_context() -> dict[str, Any]:
        settings = runtime.settings()
        return {
            "service_hall": settings.SERVICE_HALL,
            "hotline": settings.HOTLINE,
            "print_handler": PRINT_HANDLER,
        }

    @bp.after_request
    def _kiosk_headers(response: Response) -> Response:
        # A shared terminal: the next person must not page back to someone else's answers.
        response.headers["Cache-Control"] = "no-store"
        response.headers.setdefault("Content-Security-Policy", CSP)
        return response
