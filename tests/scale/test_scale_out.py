"""Two Rasa instances share every conversation: no turn is lost, duplicated or reordered.

The turns of many conversations are interleaved across the instances (each conversation's
turns alternate between them), as a load balancer or the gateway's round-robin does; the
shared tracker store (PostgreSQL) must then hold every user message once, in order, each
answered before the next, and the Redis lock store must keep two simultaneous turns of one
conversation from overwriting each other. The last test kills one instance.
"""

from __future__ import annotations

import json
import threading

import pytest
import requests
from sqlalchemy import create_engine, text

from tests.scale.conftest import (
    gateway_turn,
    rasa_turn,
    run_in_threads,
    tracker_events,
    user_turns,
)
from tools.stack import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

# Distinct everyday messages, so that order can be checked; one calls the kiosk API (fees).
TURNS = [
    "你好",
    "在吗",
    "你是机器人吗",
    "欠我八万打官司要多少钱",
    "谢谢你",
    "好的",
    "不用了",
    "再见",
]
CONVERSATIONS = 30


def test_the_gateway_reports_both_instances_ready(scaled_stack: Stack):
    body = requests.get(f"{scaled_stack.kiosk_url}/readyz", timeout=30).json()
    assert body["status"] == "ready"
    assert body["rasa_instances"] == {"answering": 2, "configured": 2}


def test_interleaved_conversations_keep_every_turn_once_and_in_order(
    scaled_stack: Stack, tracker_db_url: str
):
    instances = scaled_stack.rasa_names

    def converse(number: int) -> None:
        sender = f"interleaved-{number}"
        for turn, message in enumerate(TURNS):
            replies = rasa_turn(scaled_stack, instances[(number + turn) % 2], sender, message)
            assert any(reply.get("text") for reply in replies), (sender, message, replies)

    run_in_threads([lambda n=n: converse(n) for n in range(CONVERSATIONS)])

    for number in range(CONVERSATIONS):
        assert user_turns(tracker_events(scaled_stack, f"interleaved-{number}")) == TURNS
    # And as stored: the user events in PostgreSQL, in the order they were written.
    engine = create_engine(tracker_db_url)
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT sender_id, data FROM events WHERE type_name = 'user' "
                "AND sender_id LIKE 'interleaved-%' ORDER BY id"
            )
        ).all()
    engine.dispose()
    stored: dict[str, list[str]] = {}
    for sender, data in rows:
        stored.setdefault(sender, []).append(json.loads(data)["text"])
    assert stored == {f"interleaved-{n}": TURNS for n in range(CONVERSATIONS)}


def test_turns_through_the_gateway_are_spread_and_kept_in_order(scaled_stack: Stack):
    conversation_ids: dict[int, str] = {}

    def converse(number: int) -> None:
        for message in TURNS:
            body = gateway_turn(scaled_stack, f"gateway-person-{number}", message)
            conversation_ids[number] = body["conversation_id"]

    run_in_threads([lambda n=n: converse(n) for n in range(20)])

    for conversation_id in conversation_ids.values():
        assert user_turns(tracker_events(scaled_stack, conversation_id)) == TURNS


def test_a_form_begun_on_one_instance_is_finished_on_the_other(scaled_stack: Stack):
    first, second = scaled_stack.rasa_names
    sender = "form-across-instances"
    asked = " ".join(
        r.get("text", "") for r in rasa_turn(scaled_stack, first, sender, "打官司要交多少钱")
    )
    assert "哪类案件" in asked
    asked = " ".join(
        r.get("text", "") for r in rasa_turn(scaled_stack, second, sender, "朋友借钱不还")
    )
    assert "诉讼请求金额是多少" in asked
    answer = " ".join(r.get("text", "") for r in rasa_turn(scaled_stack, first, sender, "五万块"))
    assert "诉讼请求金额50,000元" in answer and "共1,050元" in answer


def test_simultaneous_turns_of_one_conversation_on_both_instances_are_both_kept(
    scaled_stack: Stack,
):
    first, second = scaled_stack.rasa_names
    pairs = 60

    def pair(number: int) -> None:
        sender = f"contended-{number}"
        start = threading.Barrier(2, timeout=120)

        def send(instance: str, message: str) -> None:
            start.wait()  # both turns leave at the same moment
            rasa_turn(scaled_stack, instance, sender, message)

        run_in_threads([lambda: send(first, "你好"), lambda: send(second, "谢谢你")])

    run_in_threads([lambda n=n: pair(n) for n in range(pairs)])

    for number in range(pairs):
        turns = user_turns(tracker_events(scaled_stack, f"contended-{number}"))
        assert sorted(turns) == ["你好", "谢谢你"], (number, turns)


def test_when_an_instance_dies_the_gateway_fails_over_and_loses_no_turn(scaled_stack: Stack):
    people = 10
    halfway = threading.Barrier(people + 1, timeout=300)
    conversation_ids: dict[int, str] = {}

    def converse(number: int) -> None:
        for turn, message in enumerate(TURNS):
            if turn == len(TURNS) // 2:
                halfway.wait()  # the instance is killed here, between turns
                halfway.wait()
            body = gateway_turn(scaled_stack, f"failover-person-{number}", message)
            conversation_ids[number] = body["conversation_id"]

    def kill_one_instance() -> None:
        halfway.wait()
        scaled_stack.kill(scaled_stack.rasa_names[-1])  # kill -9, no goodbye
        halfway.wait()

    run_in_threads([kill_one_instance, *[lambda n=n: converse(n) for n in range(people)]])

    for conversation_id in conversation_ids.values():
        assert user_turns(tracker_events(scaled_stack, conversation_id)) == TURNS
    ready = requests.get(f"{scaled_stack.kiosk_url}/readyz", timeout=30).json()
    assert ready["rasa_instances"] == {"answering": 1, "configured": 2}
