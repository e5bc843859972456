"""Alembic environment: on the connection from kiosk_api.db.migrate, or on DATABASE_URL."""

from __future__ import annotations

from alembic import context

from kiosk_api.config import Settings
from kiosk_api.db import make_engine
from kiosk_api.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    """Migrate on the given connection, or open one from DATABASE_URL (the alembic CLI)."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(Settings.from_env().DATABASE_URL)
    with engine.begin() as conn:
        _run(conn)


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER columns
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported; run `flask docket migrate`")
run_migrations_online()
