"""Run under .venv-rasa by tests/bot/test_prior_states.py: bot/prior_states.py against Rasa.

    python prior_states_probe.py

Builds a conversation from every story, rule and test story of the bot (and variants with
hidden rule turns, reverts, a restart and a short event history), grows a StateCachingTracker
one event at a time, and after every event compares its past states, under every option,
with what Rasa's Domain.states_for_tracker_history gives for a plain tracker of the same
events. Every result is then wrecked in place, as callers may edit states, so a later
comparison also proves the kept replay shares nothing with what it handed out. Prints one
JSON object: how much was compared, what the conversations exercised and the mismatches.
"""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(1, str(Path(__file__).resolve().parents[2]))

from rasa.shared.core.constants import RULE_ONLY_LOOPS, RULE_ONLY_SLOTS
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActionReverted,
    Event,
    Restarted,
    UserUtteranceReverted,
)
from rasa.shared.core.generator import TrainingDataGenerator
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
from rasa.shared.core.training_data.structures import StoryGraph

from bot.prior_states import StateCachingTracker

ROOT = Path(__file__).resolve().parents[2]
STORY_FILES = [
    *sorted((ROOT / "data" / "stories").glob("*.yml")),
    *sorted((ROOT / "data" / "rules").glob("*.yml")),
    ROOT / "tests" / "bot" / "test_stories.yml",
]


def conversations(domain: Domain) -> list[list[Event]]:
    """The events of every story and rule, as Rasa's training data generator plays them."""
    steps = []
    for path in STORY_FILES:
        steps += YAMLStoryReader(domain).read_from_file(str(path))
    generator = TrainingDataGenerator(
        StoryGraph(steps), domain, remove_duplicates=False, augmentation_factor=0
    )
    return [list(tracker.events) for tracker in generator.generate()]


def variants(events: list[Event]) -> list[list[Event]]:
    """The conversation as played, and with what prediction and correction add to one."""
    hidden = [
        ActionExecuted(e.action_name, e.policy, e.confidence, hide_rule_turn=i % 2 == 0)
        if isinstance(e, ActionExecuted) and e.action_name != "action_listen"
        else e
        for i, e in enumerate(events)
    ]
    middle = len(events) // 2
    corrected = [
        *events[:middle],
        UserUtteranceReverted(),
        *events[middle:],
        ActionReverted(),
        Restarted(),
        *events[:middle],
    ]
    return [events, hidden, corrected]


def rule_only_data(domain: Domain) -> dict[str, Any]:
    """Some slots and a form treated as rule-only, to exercise that filter."""
    return {
        RULE_ONLY_SLOTS: [slot.name for slot in domain.slots][::3],
        RULE_ONLY_LOOPS: list(domain.form_names)[:1],
    }


def wreck(states: list[dict[str, Any]]) -> None:
    """Edit handed-out states in place, as far as any caller could."""
    for state in states:
        for sub_state in state.values():
            sub_state.clear()
        state.clear()


def main() -> None:
    """Compare, print the JSON summary."""
    domain = Domain.load(str(ROOT / "bot" / "domain"))
    options = [
        {"omit_unset_slots": omit, "ignore_rule_only_turns": ignore, "rule_only_data": data}
        for omit, ignore, data in itertools.product(
            (False, True), (False, True), (None, rule_only_data(domain))
        )
    ]
    stories = conversations(domain)
    summary: dict[str, Any] = {
        "conversations": 0,
        "comparisons": 0,
        "states_compared": 0,
        "hidden_turns": 0,
        "loop_reruns": 0,
        "reverts_and_restarts": 0,
        "mismatches": [],
    }
    for number, story in enumerate(stories):
        for events, max_history in itertools.product(variants(story), (None, 12)):
            summary["conversations"] += 1
            ours = StateCachingTracker(f"c{number}", domain.slots, max_history)
            plain = DialogueStateTracker(f"c{number}", domain.slots, max_history)
            for event in events:
                ours.update(event)
                plain.update(event)
                if len(ours.applied_events()) < len(ours.events):
                    summary["loop_reruns"] += isinstance(event, ActionExecuted)
                summary["hidden_turns"] += getattr(event, "hide_rule_turn", False)
                summary["reverts_and_restarts"] += isinstance(
                    event, (UserUtteranceReverted, ActionReverted, Restarted)
                )
                for option in options:
                    expected = domain.states_for_tracker_history(plain, **option)
                    got = ours.past_states(domain, **option)
                    summary["comparisons"] += 1
                    summary["states_compared"] += len(expected)
                    if got != expected and len(summary["mismatches"]) < 5:
                        summary["mismatches"].append(
                            {"story": number, "events": len(ours.events), "option": str(option)}
                        )
                    wreck(got)
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
