"""Registered kiosks: each holds a random device token; only its digest is stored."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from datetime import UTC

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk_api.models import KioskDevice


def token_digest(token: str) -> str:
    """SHA-256 of a device token (tokens are 256 random bits, so no key is needed)."""
    return hashlib.sha256(token.encode()).hexdigest()


def register_device(session: Session, name: str) -> str:
    """Register a kiosk (or give an existing one a new token); returns the token, shown once."""
    token = secrets.token_urlsafe(32)
    device = session.scalar(select(KioskDevice).where(KioskDevice.name == name))
    if device is None:
        device = KioskDevice(name=name, token_digest=token_digest(token))
        session.add(device)
    device.token_digest, device.revoked_at = token_digest(token), None
    return token


def revoke_device(session: Session, name: str) -> bool:
    """Revoke a kiosk's token; False when no active kiosk has that name."""
    device = session.scalar(select(KioskDevice).where(KioskDevice.name == name))
    if device is None or device.revoked_at is not None:
        return False
    device.revoked_at = dt.datetime.now(UTC)
    return True


def authenticate_device(session: Session, token: str) -> KioskDevice | None:
    """The active kiosk holding this token, if any."""
    device = session.scalar(
        select(KioskDevice).where(KioskDevice.token_digest == token_digest(token))
    )
    if device is None or device.revoked_at is not None:
        return None
    return device
