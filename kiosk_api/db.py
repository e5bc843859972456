"""Engine and session handling: one engine per app, one session per request."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session, sessionmaker

# What SQLAlchemy raises when the database cannot be reached or the connection dies under a
# statement (a restart, a failover, a full pool): the work was not committed, and trying
# again later may succeed. Programming errors (bad SQL, constraint violations) are not here.
DATABASE_OUTAGE_ERRORS: tuple[type[Exception], ...] = (
    sa_exc.OperationalError,
    sa_exc.InterfaceError,
    sa_exc.TimeoutError,
)


def make_engine(url: str) -> Engine:
    """Create the engine for a database URL; SQLite gets its directory and foreign keys."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        # hide_parameters: a database error's text quotes its SQL parameters (phone numbers,
        # names), and error text ends up in logs and tracebacks.
        engine = create_engine(url, connect_args={"timeout": 30}, hide_parameters=True)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()

        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    # pool_pre_ping: after a database restart, pooled connections are dead; each checkout
    # tests its connection first, so the same workers recover without a restart.
    return create_engine(url, pool_pre_ping=True, hide_parameters=True)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Session factory bound to the engine; objects stay readable after commit."""
    return sessionmaker(engine, expire_on_commit=False)


def as_utc(moment: dt.datetime) -> dt.datetime:
    """A stored timestamp as an aware UTC time: SQLite hands them back without the offset."""
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session whose work commits on success and rolls back entirely on any error."""
    with factory() as session, session.begin():
        yield session


MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to a revision with Alembic (the only owner of the schema)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def fresh_sqlite_docket(directory: Path) -> str:
    """An empty docket migrated to head in `directory` (for test and benchmark stacks); its URL."""
    url = f"sqlite:///{directory / 'docket.db'}"
    engine = make_engine(url)
    migrate(engine)
    engine.dispose()
    return url
