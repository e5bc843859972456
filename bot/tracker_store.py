"""Rasa's SQL tracker store with its per-turn queries built once, and SQLite tuned for it.

Rasa 3.6's SQLTrackerStore reads a conversation and writes its new events through ORM
queries it rebuilds on every turn; building them (SQLAlchemy's cache keys, the query objects)
cost more than running them, and on SQLite every commit waited for a disk sync. Measured with
py-spy on `bench/chat_latency.py`: the tracker store was 39 % of Rasa's time on a chat turn,
a third of it making queries and a fifth the sync of the commit. Reading a conversation back
then spent most of its time finding each event's class: Rasa searches every subclass of Event
for every event it reads (1.0 of 1.3 ms for a ten-turn conversation).

This store keeps the same table, the same rows and the same rules (the events of the latest
conversation session, in insertion order; a save appends the events the table does not have
yet), so Rasa's own store reads what this one wrote and the other way round. What changes:

- its reads, its count of stored events and its insert are SQLAlchemy Core statements made
  once, with bound parameters, and a turn's new events are inserted in one statement;
- events are read back through a table of event classes by type name, built once with Rasa's
  own lookup (the first subclass of Event with that name);
- on SQLite, connections are pooled and the database runs in WAL mode with
  `synchronous=NORMAL`: a commit is safe when a process is killed (the fault tests kill Rasa
  mid-form), and may be lost only if the whole machine loses power before the next
  checkpoint. Production keeps its conversations in PostgreSQL (bot/endpoints.production.yml).

Trackers it reads back are bot.prior_states.StateCachingTracker, which works out the states
of a conversation's history once per turn instead of once per policy call. (A conversation's
first turn gets Rasa's plain tracker: Rasa's fail-safe wrapper around the store makes it.)

Used from bot/endpoints.yml and bot/endpoints.production.yml as
`type: bot.tracker_store.PreparedSQLTrackerStore` with the keys of `type: SQL`.
"""

from __future__ import annotations

import functools
import json
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event, SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from rasa.shared.utils.common import all_subclasses

from bot.prior_states import StateCachingTracker

# How long a SQLite writer waits for another connection's transaction (a test reading the
# file, an operator's sqlite3 shell) before giving up.
SQLITE_BUSY_TIMEOUT_MS = 5000


def _tune_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    finally:
        cursor.close()


class PreparedSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore whose reads and writes use statements built once (see module doc)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Takes what Rasa's `type: SQL` takes (dialect, url/host, port, db, username, ...)."""
        super().__init__(*args, **kwargs)
        if self.engine.dialect.name == "sqlite":
            self._use_tuned_sqlite_engine()
        events = self.SQLEvent.__table__
        sender = sa.bindparam("sender_id")
        session_start = (
            sa.select(sa.func.max(events.c.timestamp))
            .where(events.c.sender_id == sender, events.c.type_name == SessionStarted.type_name)
            .scalar_subquery()
        )
        in_latest_session = sa.and_(
            events.c.sender_id == sender,
            sa.or_(events.c.timestamp >= session_start, session_start.is_(None)),
        )
        self._latest_session_events = (
            sa.select(events.c.data).where(in_latest_session).order_by(events.c.id)
        )
        self._all_session_events = (
            sa.select(events.c.data).where(events.c.sender_id == sender).order_by(events.c.id)
        )
        self._count_latest_session_events = sa.select(sa.func.count()).where(in_latest_session)
        self._insert_event = events.insert()

    def _use_tuned_sqlite_engine(self) -> None:
        # Rasa's engine has no pool for a SQLite file (a new connection per query) and the
        # default rollback journal; its tables already exist, so only the engine changes.
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(
            url,
            poolclass=sa.pool.QueuePool,
            pool_size=2,
            connect_args={"check_same_thread": False},
        )
        sa.event.listen(self.engine, "connect", _tune_sqlite_connection)
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    async def _retrieve(
        self, sender_id: str, fetch_events_from_all_sessions: bool
    ) -> DialogueStateTracker | None:
        query = (
            self._all_session_events
            if fetch_events_from_all_sessions
            else self._latest_session_events
        )
        with self.engine.connect() as connection:
            rows = connection.execute(query, {"sender_id": sender_id}).scalars().all()
        if not rows or not self.domain:
            return None
        events = [event for event in map(_event_from_json, rows) if event is not None]
        return StateCachingTracker.from_events(sender_id, events, self.domain.slots)

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Append the tracker's events that the table does not hold yet, in one transaction."""
        await self.stream_events(tracker)
        with self.engine.begin() as connection:
            stored = connection.execute(
                self._count_latest_session_events, {"sender_id": tracker.sender_id}
            ).scalar_one()
            new_events = list(tracker.events)[stored:]
            if new_events:
                connection.execute(
                    self._insert_event,
                    [_event_row(tracker.sender_id, event) for event in new_events],
                )


@functools.cache
def _event_classes() -> dict[str, type[Event]]:
    """Event classes by type name, the first of each name winning as in Rasa's own lookup."""
    classes: dict[str, type[Event]] = {}
    for cls in all_subclasses(Event):
        classes.setdefault(cls.type_name, cls)
    return classes


def _event_from_json(data: str) -> Event | None:
    """One stored event, as Rasa's `Event.from_parameters` would make it."""
    parameters = json.loads(data)
    cls = _event_classes().get(parameters.get("event"))
    if cls is None:
        # Rare names (a retired "topic", an unknown type) get Rasa's own handling.
        return Event.from_parameters(parameters)
    return cls._from_parameters(parameters)


def _event_row(sender_id: str, event: Event) -> dict[str, Any]:
    """The table row Rasa's SQLTrackerStore writes for one event."""
    data = event.as_dict()
    return {
        "sender_id": sender_id,
        "type_name": event.type_name,
        "timestamp": data.get("timestamp"),
        "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
        "action_name": data.get("name"),
        "data": json.dumps(data),
    }
