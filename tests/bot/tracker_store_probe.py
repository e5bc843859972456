"""Run under .venv-rasa by tests/bot/test_tracker_store.py: bot/tracker_store.py beside Rasa's own.

    python tracker_store_probe.py <sqlalchemy-url>

Plays a conversation of two sessions turn by turn, saving it after every turn with
PreparedSQLTrackerStore and, under another conversation id, with Rasa's SQLTrackerStore, on
the database at <sqlalchemy-url> (SQLite file or PostgreSQL). Prints one JSON object with what
each store reads back of both conversations, the rows each wrote, and the SQLite settings.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(1, str(Path(__file__).resolve().parents[2]))

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from bot.tracker_store import PreparedSQLTrackerStore

ROOT = Path(__file__).resolve().parents[2]
OURS, RASAS = "probe-prepared", "probe-rasa"


def store_arguments(url: str) -> dict[str, Any]:
    """The endpoint keys Rasa's `type: SQL` takes, for one SQLAlchemy URL."""
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return {"dialect": "sqlite", "db": parsed.database}
    return {
        "dialect": "postgresql",
        "host": parsed.host,
        "port": parsed.port or 5432,
        "db": parsed.database,
        "username": parsed.username,
        "password": parsed.password,
    }


def turns() -> list[list[Event]]:
    """The events of each turn: a fee question, a form, a bot answer, then a new session."""
    ranking = [{"name": "ask_fee", "confidence": 0.97}, {"name": "greet", "confidence": 0.03}]
    ask = {
        "intent": ranking[0],
        "entities": [],
        "text": "诉讼费怎么算",
        "intent_ranking": ranking,
    }
    amount = {"intent": {"name": "inform", "confidence": 0.91}, "entities": [], "text": "八万"}
    played = [
        [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")],
        [
            UserUttered("诉讼费怎么算", ask["intent"], parse_data=ask),
            ActionExecuted("fee_form"),
            ActiveLoop("fee_form"),
            SlotSet("requested_slot", "claim_amount"),
            BotUttered("请问您要主张的金额是多少？", {"buttons": None}),
            ActionExecuted("action_listen"),
        ],
        [
            UserUttered("八万", amount["intent"], parse_data=amount, metadata={"channel": "web"}),
            ActionExecuted("fee_form"),
            SlotSet("claim_amount", "80000"),
            ActiveLoop(None),
            BotUttered("按《诉讼费用交纳办法》第十三条，受理费为1,800元。"),
            ActionExecuted("action_listen"),
        ],
        # A later visit: only this session is read back for the conversation.
        [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")],
        [UserUttered("你好", {"name": "greet", "confidence": 0.99}), ActionExecuted("utter_greet")],
    ]
    # One second apart, so which events belong to the latest session does not hang on the clock.
    for second, event in enumerate(event for turn in played for event in turn):
        event.timestamp = 1_763_000_000.25 + second
    return played


def dump(tracker: DialogueStateTracker | None) -> list[dict[str, Any]] | None:
    """A tracker's events as Rasa serialises them, or None for no tracker."""
    return None if tracker is None else [event.as_dict() for event in tracker.events]


def rows(engine: sa.engine.Engine, sender_id: str) -> list[list[Any]]:
    """What a store wrote for one conversation, in insertion order, without the row ids."""
    with engine.connect() as connection:
        result = connection.execute(
            sa.text(
                "SELECT type_name, timestamp, intent_name, action_name, data FROM events "
                "WHERE sender_id = :sender ORDER BY id"
            ),
            {"sender": sender_id},
        )
        return [list(row) for row in result]


async def probe(url: str) -> dict[str, Any]:
    """Play the conversation into both stores and read everything back with both."""
    domain = Domain.load(str(ROOT / "bot" / "domain"))
    arguments = store_arguments(url)
    ours = PreparedSQLTrackerStore(domain, **arguments)
    rasas = SQLTrackerStore(domain, **arguments)
    views: list[dict[str, Any]] = []
    played = {OURS: DialogueStateTracker(OURS, domain.slots)}
    played[RASAS] = DialogueStateTracker(RASAS, domain.slots)
    for events in turns():
        for sender, store in ((OURS, ours), (RASAS, rasas)):
            # As Rasa does on every turn: read the conversation back, add the turn, save.
            tracker = await store.retrieve(sender) or DialogueStateTracker(sender, domain.slots)
            for event in events:
                tracker.update(event)
                played[sender].update(event)
            await store.save(tracker)
        views.append(
            {
                "ours_by_ours": dump(await ours.retrieve(OURS)),
                "ours_by_rasa": dump(await rasas.retrieve(OURS)),
                "rasas_by_ours": dump(await ours.retrieve(RASAS)),
                "rasas_by_rasa": dump(await rasas.retrieve(RASAS)),
            }
        )
    resaved = await ours.retrieve(OURS)
    assert resaved is not None
    await ours.save(resaved)
    await ours.save(resaved)
    settings: dict[str, Any] = {}
    if ours.engine.dialect.name == "sqlite":
        with ours.engine.connect() as connection:
            settings = {
                "journal_mode": connection.exec_driver_sql("PRAGMA journal_mode").scalar(),
                "synchronous": connection.exec_driver_sql("PRAGMA synchronous").scalar(),
            }
    return {
        "views": views,
        "played": {sender: dump(tracker) for sender, tracker in played.items()},
        "full": {
            "ours_by_ours": dump(await ours.retrieve_full_tracker(OURS)),
            "ours_by_rasa": dump(await rasas.retrieve_full_tracker(OURS)),
        },
        "rows": {OURS: rows(ours.engine, OURS), RASAS: rows(ours.engine, RASAS)},
        "missing": dump(await ours.retrieve("probe-nobody")),
        "tracker_class": type(resaved).__name__,
        "sqlite": settings,
    }


if __name__ == "__main__":
    print(json.dumps(asyncio.run(probe(sys.argv[1])), ensure_ascii=False))
