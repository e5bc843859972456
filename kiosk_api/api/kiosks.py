"""Registered kiosks for court staff: register one (its token shown once) or revoke it."""

from __future__ import annotations

import logging

from flask import Blueprint, Response, jsonify

from kiosk_api import runtime
from kiosk_api.api.validation import bearer_token, json_object, text_field
from kiosk_api.db import transaction
from kiosk_api.errors import NotFound
from kiosk_api.services.kiosk_devices import register_device, revoke_device

log = logging.getLogger(__name__)

bp = Blueprint("kiosks", __name__, url_prefix="/api/v1/staff")

# The column's width (models.KioskDevice.name).
MAX_NAME_CHARS = 64


@bp.post("/kiosks")
def register() -> tuple[Response, int]:
    """Register a kiosk, or give an existing one a new token; the token is in this answer only."""
    bearer_token(runtime.settings().STAFF_TOKENS)
    name = text_field(json_object(), "name", "终端名称", max_chars=MAX_NAME_CHARS)
    with transaction(runtime.session_factory()) as session:
        token = register_device(session, name)
    # The name only: the token must never reach a log.
    log.info("kiosk registered: %r", name)
    return jsonify({"name": name, "token": token}), 201


@bp.delete("/kiosks/<name>")
def revoke(name: str) -> Response:
    """Revoke a kiosk's token at once; its pages refuse it from the next request on."""
    bearer_token(runtime.settings().STAFF_TOKENS)
    revoked = False
    if len(name) <= MAX_NAME_CHARS:
        with transaction(runtime.session_factory()) as session:
            revoked = revoke_device(session, name)
    if not revoked:
        raise NotFound(f"没有名为“{name[:MAX_NAME_CHARS]}”的在用自助终端", code="unknown_kiosk")
    log.info("kiosk revoked: %r", name)
    return jsonify({"name": name, "revoked": True})
