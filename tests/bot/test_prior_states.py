"""bot/prior_states.py gives the policies exactly the past states Rasa's domain would.

The probe (tests/bot/prior_states_probe.py) runs under .venv-rasa: every story, rule and
test story of the bot, with hidden rule turns, reverts, a restart and a short event history,
grown one event at a time and compared under every option after every event.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.rasa_env import rasa_json, require_rasa_env

PROBE = Path(__file__).with_name("prior_states_probe.py")


@pytest.fixture(scope="module")
def probed() -> dict[str, Any]:
    """What the probe compared and found."""
    require_rasa_env()
    return rasa_json([str(PROBE)])  # type: ignore[no-any-return]


def test_every_comparison_matches_rasa(probed):
    assert probed["mismatches"] == []


def test_the_conversations_exercise_what_changes_past_states(probed):
    # Enough of each kind that a kept replay which missed one would have been caught.
    assert probed["conversations"] >= 400
    assert probed["states_compared"] >= 100_000
    assert probed["hidden_turns"] >= 100
    assert probed["loop_reruns"] >= 100
    assert probed["reverts_and_restarts"] >= 100
