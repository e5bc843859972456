"""bot/lock_store.py under contention: several processes on one conversation in the real Redis.

Each process stands for a Rasa instance (it runs under .venv-rasa with Rasa's own TicketLock).
"""

from __future__ import annotations

import json
import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from tests.rasa_env import require_rasa_env
from tools.paths import RASA_PYTHON

WORKER = Path(__file__).with_name("lock_store_worker.py")
# Database 14 belongs to these tests; each run also has its own key prefix.
REDIS_DB = 14
PROCESSES = 4


@pytest.fixture
def prefix() -> Iterator[str]:
    """A fresh alphanumeric key prefix in the test database, its keys removed afterwards."""
    require_rasa_env()
    client = redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError:
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail("Redis is not reachable at 127.0.0.1:6379 (CI needs it)")
        pytest.skip("Redis is not reachable at 127.0.0.1:6379")
    prefix = f"locktest{uuid.uuid4().hex[:10]}"
    yield prefix
    keys = list(client.scan_iter(f"{prefix}*"))
    if keys:
        client.delete(*keys)
    client.close()


def run_together(prefix: str, mode: str, count: int) -> list[list[int]]:
    """Start the processes, let them go at once, return what each printed."""
    processes = [
        subprocess.Popen(
            [str(RASA_PYTHON), str(WORKER), str(REDIS_DB), prefix, mode, str(count)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(PROCESSES)
    ]
    redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB).set(f"{prefix}go", "1")
    results = []
    for process in processes:
        out, err = process.communicate(timeout=240)
        assert process.returncode == 0, err[-2000:]
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


def test_instances_issuing_at_once_never_share_a_ticket(prefix):
    results = run_together(prefix, "tickets", 150)
    tickets = [t for result in results for t in result]
    assert len(tickets) == PROCESSES * 150
    assert len(set(tickets)) == len(tickets), "two instances got the same ticket"
    assert sorted(tickets) == list(range(len(tickets)))


def test_turns_inside_the_lock_never_overlap(prefix):
    run_together(prefix, "lock", 40)
    counter = redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB).get(f"{prefix}:lock:counter")
    assert int(counter or 0) == PROCESSES * 40, "an update was lost: two holders at once"
    # The last holder's cleanup removed the lock: nothing is left queued.
    store_key = f"{prefix}:lock:scale-test-conversation"
    assert not redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB).exists(store_key)
