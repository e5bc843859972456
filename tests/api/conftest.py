"""Fixtures of the API tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from kiosk_api.app import create_app
from tests.fakes import FakeRasa


@pytest.fixture(scope="module")
def api() -> Iterator[Any]:
    """A client of an app on an in-memory docket, for endpoints that read no tables."""
    app = create_app({"DATABASE_URL": "sqlite://"}, rasa=FakeRasa())
    app.config["TESTING"] = True
    yield app.test_client()
    app.extensions["court.engine"].dispose()
