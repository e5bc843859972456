"""Kiosk pages only on registered terminals: the device cookie, its check and the 403 page."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import Blueprint, Response, g, make_response, render_template, request

from kiosk_api import runtime
from kiosk_api.models import KioskDevice
from kiosk_api.services.kiosk_devices import authenticate_device

COOKIE = "kiosk_device"
# Chromium caps a cookie's lifetime at 400 days; the home page renews it (see renew_cookie),
# so a terminal in daily use never needs setting up again.
COOKIE_MAX_AGE = 400 * 24 * 3600
# Device tokens are 43 characters (32 random bytes, URL-safe base64); allow some slack.
MAX_TOKEN_CHARS = 128


def current_device() -> KioskDevice | None:
    """The registered, unrevoked kiosk this request comes from, if any (checked once)."""
    if "kiosk_device" not in g:
        token = request.cookies.get(COOKIE, "")
        found = None
        if token and len(token) <= MAX_TOKEN_CHARS:
            found = authenticate_device(runtime.db_session(), token)
        g.kiosk_device = found
    return g.kiosk_device  # type: ignore[no-any-return]


def install(bp: Blueprint, *, public: Iterable[str] = ()) -> None:
    """Refuse `bp`'s pages to unregistered browsers, except the endpoints named in `public`."""
    open_endpoints = frozenset(public)

    @bp.before_request
    def _require_device() -> Response | None:
        # Public endpoints first: a stylesheet request need not cost a database lookup.
        if request.endpoint in open_endpoints or current_device() is not None:
            return None
        return refusal()

    @bp.context_processor
    def _shell_context() -> dict[str, Any]:
        # Public pages (the SMS-linked report) seen on a phone get no kiosk shell: no idle
        # timer sending a citizen's phone to a home page it may not open.
        return {
            "kiosk_shell": current_device() is not None,
            "idle_seconds": runtime.settings().KIOSK_IDLE_SECONDS,
        }


def refusal() -> Response:
    """The Chinese 403 page for a browser that is not a registered kiosk."""
    return make_response(render_template("kiosk/device_required.html"), 403)


def set_cookie(response: Response, token: str) -> None:
    """Store the device token in an HttpOnly, same-site-only cookie for every /kiosk page."""
    response.set_cookie(
        COOKIE,
        token,
        max_age=COOKIE_MAX_AGE,
        path="/kiosk",
        secure=request.is_secure,
        httponly=True,
        samesite="Strict",
    )


def renew_cookie(response: Response) -> None:
    """Push the device cookie's expiry forward (called on the home page of a valid kiosk)."""
    token = request.cookies.get(COOKIE, "")
    if token and current_device() is not None:
        set_cookie(response, token)
