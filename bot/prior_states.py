"""A conversation tracker that describes its history once per turn, not once per policy call.

Before every prediction Rasa 3.6's policies ask the tracker for the states of its history
(`DialogueStateTracker.past_states`): MemoizationPolicy once, RulePolicy once or twice, and a
turn makes two predictions. Each call has `Domain.states_for_tracker_history` replay the
whole session into a fresh tracker and describe it before every action, so a turn of a
ten-turn conversation replays it five times (py-spy on `bench/chat_latency.py`: 8 % of
Rasa's busy time, more than the tracker store).

`StateCachingTracker` replays its applied events once, keeps the description of the tracker
before each action (Domain.get_active_state and the few facts the rule-only filtering reads)
and, when events are appended, replays only those. Each call then applies its own options
to copies, exactly as `states_for_tracker_history` would; if the applied events are not an
extension of the ones described (a revert, a restarted form, a dropped oldest event), it
replays everything again. The states are Rasa's, state for state
(tests/bot/test_prior_states.py compares them on every story and rule of the bot).

The tracker store hands out this tracker (bot/tracker_store.py); nothing in the model
changes, so no retraining.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from rasa.shared.core.constants import PREVIOUS_ACTION
from rasa.shared.core.domain import Domain, State, SubState
from rasa.shared.core.events import ActionExecuted, Event
from rasa.shared.core.trackers import DialogueStateTracker


@dataclass(frozen=True)
class PriorState:
    """The tracker as it stood before one action (or at the end), as the states need it."""

    state: State
    previous_action: SubState | None
    followup_action: str | None
    latest_action_name: str | None
    active_loop_name: str | None
    hide_rule_turn: bool


def describe(
    domain: Domain, tracker: DialogueStateTracker, omit_unset_slots: bool, hide_rule_turn: bool
) -> PriorState:
    """What `states_for_tracker_history` reads of one prior tracker, copied from it."""
    return PriorState(
        state=_copy_state(domain.get_active_state(tracker, omit_unset_slots=omit_unset_slots)),
        previous_action=_copy_sub_state(tracker.latest_action),
        followup_action=tracker.followup_action,
        latest_action_name=tracker.latest_action_name,
        active_loop_name=tracker.active_loop_name,
        hide_rule_turn=hide_rule_turn,
    )


def states_from_prior(
    domain: Domain,
    prior: list[PriorState],
    ignore_rule_only_turns: bool,
    rule_only_data: dict[str, Any] | None,
) -> list[State]:
    """`Domain.states_for_tracker_history`'s loop over described prior trackers."""
    states: list[State] = []
    last_ml_action_sub_state: SubState | None = None
    turn_was_hidden = False
    for before in prior:
        if ignore_rule_only_turns:
            # Rasa's rules: the previous action of a hidden rule turn is the last ML action,
            # and follow-up or loop actions do not change whether the turn is hidden.
            if not turn_was_hidden:
                last_ml_action_sub_state = _copy_sub_state(before.previous_action)
            if not before.followup_action and before.latest_action_name != before.active_loop_name:
                turn_was_hidden = before.hide_rule_turn
            if turn_was_hidden:
                continue
        state = _copy_state(before.state)
        if ignore_rule_only_turns:
            domain._remove_rule_only_features(state, rule_only_data)
            if states:
                domain._substitute_rule_only_user_input(state, states[-1])
            if last_ml_action_sub_state:
                state[PREVIOUS_ACTION] = last_ml_action_sub_state
        states.append(domain._clean_state(state))
    return states


@dataclass
class _Replay:
    """The applied events described so far for one domain and slot option."""

    domain: Domain
    omit_unset_slots: bool
    replay: DialogueStateTracker
    applied: list[Event] = field(default_factory=list)
    prior: list[PriorState] = field(default_factory=list)
    final: PriorState | None = None
    # The tracker's events when last described (count, first, last): while they are the
    # same, the policies' later calls of a prediction need not work out the applied events.
    seen: tuple[int, Event | None, Event | None] = (0, None, None)

    def has_seen(self, events: Sequence[Event]) -> bool:
        """Whether `events` are the ones described last (events are only ever appended)."""
        count, first, last = self.seen
        return (
            self.final is not None
            and len(events) == count
            and (count == 0 or (events[0] is first and events[-1] is last))
        )

    def extends_to(self, applied: list[Event]) -> bool:
        """Whether `applied` is the events described so far followed by new ones."""
        done = len(self.applied)
        return len(applied) >= done and all(
            new is old for new, old in zip(applied[:done], self.applied, strict=True)
        )

    def extend(self, applied: list[Event], events: Sequence[Event]) -> list[PriorState]:
        """Describe the new applied events of `events`; every prior tracker, the current last."""
        new_events = applied[len(self.applied) :]
        for event in new_events:
            if isinstance(event, ActionExecuted):
                self.prior.append(
                    describe(self.domain, self.replay, self.omit_unset_slots, event.hide_rule_turn)
                )
            self.replay.update(event)
        if new_events or self.final is None:
            self.final = describe(self.domain, self.replay, self.omit_unset_slots, False)
        self.applied = applied
        self.seen = (len(events), events[0] if events else None, events[-1] if events else None)
        return self.described()

    def described(self) -> list[PriorState]:
        """Every prior tracker described so far, the current one last."""
        assert self.final is not None
        return [*self.prior, self.final]


class StateCachingTracker(DialogueStateTracker):
    """DialogueStateTracker whose past states are worked out once per event (module doc)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Takes what DialogueStateTracker takes."""
        super().__init__(*args, **kwargs)
        self._replays: dict[bool, _Replay] = {}

    def past_states(
        self,
        domain: Domain,
        omit_unset_slots: bool = False,
        ignore_rule_only_turns: bool = False,
        rule_only_data: dict[str, Any] | None = None,
    ) -> list[State]:
        """The states Domain.states_for_tracker_history gives, from the kept replay."""
        replay = self._replays.get(omit_unset_slots)
        if replay is not None and replay.domain is domain and replay.has_seen(self.events):
            prior = replay.described()
        else:
            applied = self.applied_events()
            if replay is None or replay.domain is not domain or not replay.extends_to(applied):
                replay = _Replay(domain, omit_unset_slots, self.init_copy())
                self._replays[omit_unset_slots] = replay
            prior = replay.extend(applied, self.events)
        return states_from_prior(domain, prior, ignore_rule_only_turns, rule_only_data)


def _copy_state(state: State) -> State:
    # Callers edit states in place (the featurizer drops the last user input's text or
    # intent, the rule-only filter removes slots); the values inside are strings and tuples.
    return {kind: dict(sub_state) for kind, sub_state in state.items()}


def _copy_sub_state(sub_state: SubState | None) -> SubState | None:
    return dict(sub_state) if sub_state is not None else None
