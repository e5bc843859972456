"""A database that cannot be reached gives a Chinese 503 with Retry-After, never a 500.

In-process, against a PostgreSQL URL where nothing listens (no server needed); the real
restart of a running server is in test_postgres_restart.py.
"""

from __future__ import annotations

import logging

import pytest

from kiosk_api.app import create_app
from kiosk_api.errors import DATABASE_RETRY_AFTER_SECONDS
from tests.fakes import FakeRasa
from tools.stack import free_port

PHONE = "13800138001"


@pytest.fixture
def client():  # type: ignore[no-untyped-def]
    """The app on a PostgreSQL address that refuses connections."""
    app = create_app(
        {
            "DATABASE_URL": f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/docket",
            "SERVICE_TOKEN": "test-service-token",
        },
        rasa=FakeRasa(),
    )
    yield app.test_client()
    app.extensions["court.engine"].dispose()


def test_a_lookup_without_a_database_is_a_chinese_503_without_the_number(client, caplog):
    caplog.set_level(logging.DEBUG)
    response = client.post(
        "/api/v1/cases/lookup",
        json={"case_number": "（2026）粤0304民初1001号", "method": "sms", "phone": PHONE},
    )
    assert response.status_code == 503
    assert response.headers["Retry-After"] == str(DATABASE_RETRY_AFTER_SECONDS)
    error = response.get_json()["error"]
    assert error["code"] == "database_unavailable" and "稍后再试" in error["message"]
    assert PHONE not in response.get_data(as_text=True)
    assert PHONE not in caplog.text and "Traceback" not in caplog.text


def test_what_needs_no_database_keeps_working(client):
    assert client.get("/healthz").status_code == 200
    fee = client.post("/api/v1/fees/estimate", json={"case_kind": "property", "amount": "八万"})
    assert fee.status_code == 200 and fee.get_json()["total"] == "1800.00"
    ready = client.get("/readyz")
    assert ready.status_code == 503 and ready.get_json()["checks"]["database"] == "unavailable"
