"""Kiosk page tests run as a registered terminal: the client carries a device cookie."""

from __future__ import annotations

import pytest

from kiosk_api.db import transaction
from kiosk_api.kiosk.device_gate import COOKIE
from kiosk_api.services.kiosk_devices import register_device

DEVICE_NAME = "大厅1号机"


def register(app, name: str = DEVICE_NAME) -> str:  # type: ignore[no-untyped-def]
    """Register a kiosk on the app's docket and return its token."""
    with transaction(app.extensions["court.sessions"]) as session:
        return register_device(session, name)


@pytest.fixture
def device_token(app) -> str:  # type: ignore[no-untyped-def]
    """The token of a kiosk registered for this test."""
    return register(app)


@pytest.fixture
def client(app, device_token):  # type: ignore[no-untyped-def]
    """A test client that is a registered kiosk (its device cookie is set)."""
    client = app.test_client()
    client.set_cookie(COOKIE, device_token, path="/kiosk")
    return client


@pytest.fixture
def stranger(app):  # type: ignore[no-untyped-def]
    """A browser that is not a registered kiosk (a phone, a laptop on the court's network)."""
    return app.test_client()
