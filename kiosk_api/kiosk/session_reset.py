"""The end of one person's use of a kiosk: forget the server session and the cookies."""

from __future__ import annotations

from flask import Blueprint, Response, request, session

from kiosk_api.kiosk import device_gate

bp = Blueprint("kiosk_session", __name__, url_prefix="/kiosk/session")

# A cookie is deleted only under the path it was set with; ours use these two.
_COOKIE_PATHS = ("/", "/kiosk")


@bp.post("/reset")
def reset() -> Response:
    """Clear the Flask session (the chat's sender id) and expire every cookie but the device's."""
    # Open to any browser on purpose: it only forgets, so a revoked kiosk can still wipe itself.
    session.clear()
    response = Response(status=204)
    response.headers["Cache-Control"] = "no-store"
    for name in request.cookies:
        if name == device_gate.COOKIE:
            continue
        for path in _COOKIE_PATHS:
            response.delete_cookie(name, path=path)
    return response
