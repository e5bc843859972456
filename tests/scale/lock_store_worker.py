"""Run under .venv-rasa by tests/scale/test_lock_store.py: one Rasa instance's use of the lock.

    python lock_store_worker.py <redis-db> <key-prefix> <mode> <count>

Waits for the test's go signal in Redis so every process starts at once, then either issues
`count` tickets on one conversation (mode "tickets", prints them as JSON) or enters the
conversation's lock `count` times and, inside, increments a counter by a deliberately
non-atomic read-then-write (mode "lock"), as two turns of one conversation would race on its
tracker if the lock let them overlap.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path

sys.path.insert(1, str(Path(__file__).resolve().parents[2]))

from bot.lock_store import AtomicRedisLockStore

CONVERSATION = "scale-test-conversation"


async def enter_lock(store: AtomicRedisLockStore, count: int) -> None:
    """Increment the shared counter `count` times, each inside the conversation's lock."""
    counter = f"{store.key_prefix}counter"  # "<prefix>:lock:counter"
    for _ in range(count):
        async with store.lock(CONVERSATION, lock_lifetime=120, wait_time_in_seconds=0.005):
            value = int(store.red.get(counter) or 0)
            await asyncio.sleep(0.001)  # widen the window a lost update would need
            store.red.set(counter, value + 1)


def main() -> None:
    db, prefix, mode, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    store = AtomicRedisLockStore(host="127.0.0.1", port=6379, db=int(db), key_prefix=prefix)
    deadline = time.monotonic() + 120
    while not store.red.exists(f"{prefix}go") and time.monotonic() < deadline:
        time.sleep(0.01)
    if mode == "tickets":
        tickets = [store.issue_ticket(CONVERSATION, lock_lifetime=600) for _ in range(count)]
        print(json.dumps(tickets))
    else:
        asyncio.run(enter_lock(store, count))
        print(json.dumps([]))


if __name__ == "__main__":
    main()
