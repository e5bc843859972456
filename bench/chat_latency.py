"""Chat-turn latency through the gateway beside Rasa's own /model/parse, in the same run.

    .venv/bin/python bench/chat_latency.py [--turns 200] [--rounds 5] [--model models/x.tar.gz]

Starts the whole stack on free ports with a throwaway docket, warms it up, then measures
rounds of Rasa /model/parse (NLU only, the floor) beside chat turns through POST /api/v1/chat
(gateway + Rasa NLU + dialogue + tracker store), each round a block of parses then a block of
turns; then turns per second at 1 and 8 concurrent senders. Figures on a shared 2-core
machine are noisy: compare the ratios, not the absolute numbers, and the median round rather
than any one.
"""

from __future__ import annotations

import argparse
import functools
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiosk_api.db import fresh_sqlite_docket
from tools.paths import MODEL_FILE
from tools.stack import DEMO_KIOSK_THREADS, Ports, Stack

# Issue 8: a chat turn's p95 within 2× of Rasa's own /model/parse p95.
TARGET_RATIO = 2.0
# Everyday messages that need no custom action (the handoff would open tickets).
# A conversation is about ten turns: the tracker Rasa reloads every turn grows with it.
TURNS_PER_CONVERSATION = 10
MESSAGES = [
    "你好",
    "在吗",
    "谢谢你",
    "你是机器人吗",
    "今天天气怎么样",
    "欠我八万",
    "好的",
    "不用了",
    "再见",
]


@dataclass
class ModelStack(Stack):
    """The stack with Rasa on a chosen model (a candidate trained elsewhere, say)."""

    model: Path = MODEL_FILE

    def commands(self) -> dict[str, list[str]]:
        """The stack's command lines, Rasa's pointed at `model`."""
        commands = super().commands()
        rasa = commands["rasa"]
        rasa[rasa.index("--model") + 1] = str(self.model)
        return commands


def percentile(samples: list[float], q: float) -> float:
    """The q-th percentile (0–100) by nearest rank."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def elapsed_ms(call: Callable[[], object]) -> float:
    """Milliseconds one call takes."""
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def main() -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--turns", type=int, default=200, help="of each kind, per round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--model", type=Path, default=MODEL_FILE)
    args = parser.parse_args()

    run_dir = Path(tempfile.mkdtemp(prefix="bench-chat-"))
    url = fresh_sqlite_docket(run_dir)
    with ModelStack(
        ports=Ports.free(),
        # The kiosk API as `make demo` and production run it: threaded workers, which keep
        # a client's connection open between requests (sync workers close it every time).
        kiosk_threads=DEMO_KIOSK_THREADS,
        run_dir=run_dir,
        log_dir=run_dir / "logs",
        env={"DATABASE_URL": url},
        model=args.model.resolve(),
    ) as stack:
        stack.start()
        stack.wait_ready(timeout=300)
        local = threading.local()

        def http() -> requests.Session:
            # One connection pool per thread: requests.Session is not thread-safe.
            if not hasattr(local, "session"):
                local.session = requests.Session()
            return local.session

        def parse(i: int) -> None:
            http().post(
                f"{stack.rasa_url}/model/parse?token={stack.rasa_token}",
                json={"text": MESSAGES[i % len(MESSAGES)]},
                timeout=30,
            ).raise_for_status()

        def turn(i: int, prefix: str = "seq") -> None:
            sender = f"bench-{prefix}-{i // TURNS_PER_CONVERSATION}"
            response = http().post(
                f"{stack.kiosk_url}/api/v1/chat",
                json={"sender": sender, "message": MESSAGES[i % len(MESSAGES)], "channel": "web"},
                timeout=30,
            )
            response.raise_for_status()
            if response.json()["degraded"]:
                raise RuntimeError("degraded answer during the benchmark")

        for i in range(20):  # warm-up: TensorFlow graphs, connection pools
            parse(i)
            turn(i)
        rounds = []
        for number in range(args.rounds):
            # A block of each: parses one after another keep NLU's memory warm, as turns do
            # theirs (interleaved, each parse came after a turn and was 15 % slower).
            # Each block on new connections: one left idle through the other block may be
            # closed by its server (gunicorn keeps one 2 s) just as it is used again.
            http().close()
            parse_ms = [elapsed_ms(functools.partial(parse, i)) for i in range(args.turns)]
            http().close()
            turn_ms = [
                elapsed_ms(functools.partial(turn, i, prefix=f"r{number}"))
                for i in range(args.turns)
            ]
            rounds.append((parse_ms, turn_ms))

        throughput = {}
        for senders in (1, 8):
            per_sender = max(args.turns // senders, 1)

            def run_sender(s: int, per_sender: int = per_sender, senders: int = senders) -> None:
                for i in range(per_sender):
                    turn(i, prefix=f"c{senders}-{s}")

            started = time.perf_counter()
            with ThreadPoolExecutor(senders) as pool:
                list(pool.map(run_sender, range(senders)))
            throughput[senders] = senders * per_sender / (time.perf_counter() - started)

    print(
        f"chat latency benchmark ({args.rounds} rounds of {args.turns} parses and {args.turns} "
        "turns, after warm-up)"
    )
    print(
        f"  {'round':<7}{'parse p50':>10}{'parse p95':>10}{'turn p50':>10}{'turn p95':>10}  ratio"
    )
    ratios = []
    for number, (parse_ms, turn_ms) in enumerate(rounds, start=1):
        ratios.append(percentile(turn_ms, 95) / percentile(parse_ms, 95))
        print(
            f"  {number:<7}{statistics.median(parse_ms):10.1f}{percentile(parse_ms, 95):10.1f}"
            f"{statistics.median(turn_ms):10.1f}{percentile(turn_ms, 95):10.1f}  {ratios[-1]:.2f}"
        )
    within = sum(ratio <= TARGET_RATIO for ratio in ratios)
    print(
        f"  chat turn p95 / parse p95: median {statistics.median(ratios):.2f} "
        f"(range {min(ratios):.2f}–{max(ratios):.2f}; {within} of {len(ratios)} rounds "
        f"within {TARGET_RATIO:g}×)"
    )
    for senders, rate in throughput.items():
        print(f"  turns per second, {senders} concurrent sender(s): {rate:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
