"""Shared fixtures: the docket on SQLite and on a throwaway PostgreSQL database, and the app."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session, sessionmaker

from kiosk_api.app import create_app
from kiosk_api.db import make_engine, make_session_factory, migrate
from kiosk_api.models import Base
from kiosk_api.notify.senders import RecordingSmsSender
from tests.fakes import FakeRasa

ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
# In CI the PostgreSQL run is mandatory; on a laptop without PostgreSQL it is skipped, loudly.
REQUIRE_POSTGRES = os.environ.get("REQUIRE_POSTGRES") == "1"


@contextmanager
def scratch_postgres_database(prefix: str) -> Iterator[str]:
    """A new, empty PostgreSQL database named `prefix` + a random suffix, dropped afterwards.

    Skips when PostgreSQL is not reachable, and fails instead under REQUIRE_POSTGRES=1 (CI).
    """
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
        message = (
            f"PostgreSQL is not reachable at {ADMIN_URL} ({type(exc).__name__}); start it as "
            "shared/reference/services.md says. CI sets REQUIRE_POSTGRES=1 and fails here."
        )
        if REQUIRE_POSTGRES:
            pytest.fail(message)
        pytest.skip(message)
    name = f"{prefix}{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A PostgreSQL database created for this test run, migrated, dropped at the end."""
    with scratch_postgres_database("court_test_") as url:
        engine = make_engine(url)
        migrate(engine)
        engine.dispose()
        yield url


def _truncate_all(engine: Engine) -> None:
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A migrated, empty docket database on each backend."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'docket.db'}"
        engine = make_engine(url)
        migrate(engine)
        engine.dispose()
        yield url
        return
    url = request.getfixturevalue("postgres_url")
    yield url
    engine = make_engine(url)
    _truncate_all(engine)
    engine.dispose()


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """Engine on the test database."""
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker[Session]:
    """Session factory on the test database."""
    return make_session_factory(engine)


@pytest.fixture
def fake_rasa() -> FakeRasa:
    """A Rasa stand-in that records what the gateway sent."""
    return FakeRasa()


@pytest.fixture
def sms() -> RecordingSmsSender:
    """An SMS sender that records what it would have sent."""
    return RecordingSmsSender()


@pytest.fixture
def app(database_url: str, fake_rasa: FakeRasa, sms: RecordingSmsSender):  # type: ignore[no-untyped-def]
    """The kiosk API on the test database with the fake Rasa."""
    app = create_app(
        {
            "DATABASE_URL": database_url,
            "SERVICE_TOKEN": "test-service-token",
            "STAFF_TOKENS": ("test-staff-token",),
            "ID_HASH_KEY": "test-id-key",
            "SENDER_HASH_KEY": "test-sender-key",
            "LOOKUP_TOKEN_KEY": "test-lookup-key",
        },
        rasa=fake_rasa,
        sms=sms,
    )
    app.config["TESTING"] = True
    yield app
    app.extensions["court.engine"].dispose()


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    """Flask test client."""
    return app.test_client()


@pytest.fixture
def showcase(app):  # type: ignore[no-untyped-def]
    """The demo courts and the README's three showcase cases on the app's database."""
    import datetime as dt
    import json

    from kiosk_api.demo_docket import DEMO_COURTS, demo_records
    from kiosk_api.services.docket_import import import_lines, upsert_courts

    sessions = app.extensions["court.sessions"]
    upsert_courts(sessions, DEMO_COURTS)
    lines = [json.dumps(r, ensure_ascii=False) for r in demo_records(0, today=dt.date.today())]
    summary = import_lines(sessions, lines, id_key="test-id-key", record_changes=False)
    assert summary.ok, summary.errors
    return sessions
