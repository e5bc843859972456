"""bot/tracker_store.py keeps Rasa's tracker store format and rules, on SQLite and PostgreSQL.

The probe (tests/bot/tracker_store_probe.py) runs under .venv-rasa beside Rasa's own
SQLTrackerStore: a conversation saved turn by turn with each store must read back the same
with either store, row for row, so a deployment can switch between them either way.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import scratch_postgres_database
from tests.rasa_env import rasa_json, require_rasa_env

PROBE = Path(__file__).with_name("tracker_store_probe.py")
SQLITE_WAL = "wal"
SQLITE_SYNCHRONOUS_NORMAL = 1


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def probed(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Any]]:
    """What the probe saw on one database."""
    require_rasa_env()
    if request.param == "sqlite":
        yield _run_probe(f"sqlite:///{tmp_path_factory.mktemp('tracker') / 'tracker.db'}")
        return
    with scratch_postgres_database("tracker_store_test_") as url:
        yield _run_probe(url)


def _run_probe(url: str) -> dict[str, Any]:
    return rasa_json([str(PROBE), url])  # type: ignore[no-any-return]


def _latest_session(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The events from the last session start on (Rasa's rule: its timestamp or later)."""
    starts = [e["timestamp"] for e in events if e["event"] == "session_started"]
    return [e for e in events if not starts or e["timestamp"] >= max(starts)]


def test_each_store_reads_what_either_wrote_after_every_turn(probed):
    for turn, view in enumerate(probed["views"], start=1):
        expected = view["rasas_by_rasa"]
        assert expected, f"turn {turn}: Rasa's own store read nothing back"
        assert view["ours_by_ours"] == expected, f"turn {turn}"
        assert view["ours_by_rasa"] == expected, f"turn {turn}"
        assert view["rasas_by_ours"] == expected, f"turn {turn}"


def test_a_read_gives_the_latest_session_and_a_full_read_every_session(probed):
    played = probed["played"]["probe-prepared"]
    last_view = probed["views"][-1]["ours_by_ours"]
    assert last_view == _latest_session(played)
    assert last_view[0]["event"] == "session_started"
    assert len(last_view) < len(played)
    assert probed["full"]["ours_by_ours"] == played
    assert probed["full"]["ours_by_rasa"] == played


def test_rows_are_the_rows_rasa_writes_and_a_second_save_adds_none(probed):
    ours, rasas = probed["rows"]["probe-prepared"], probed["rows"]["probe-rasa"]
    assert ours == rasas
    # One row per event played, although the last tracker was saved twice more.
    assert len(ours) == len(probed["played"]["probe-prepared"])
    assert [row[0] for row in ours][:3] == ["action", "session_started", "action"]
    intents = [row[2] for row in ours if row[0] == "user"]
    assert intents == ["ask_fee", "inform", "greet"]


def test_an_unknown_conversation_reads_as_none(probed):
    assert probed["missing"] is None


def test_trackers_read_back_keep_their_past_states(probed):
    # bot/prior_states.py: the policies' past states are worked out once per turn.
    assert probed["tracker_class"] == "StateCachingTracker"


def test_sqlite_runs_in_wal_mode_without_a_sync_per_commit(probed):
    if not probed["sqlite"]:
        pytest.skip("PostgreSQL keeps its own durability settings")
    assert probed["sqlite"] == {
        "journal_mode": SQLITE_WAL,
        "synchronous": SQLITE_SYNCHRONOUS_NORMAL,
    }
