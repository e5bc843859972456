"""Chat-turn latency through the gateway beside Rasa's own /model/parse, in the same run.

    .venv/bin/python bench/chat_latency.py [--turns 200] [--model models/other.tar.gz]

Starts the whole stack on free ports with a throwaway docket, warms it up, then measures:
Rasa /model/parse (NLU only, the floor), a chat turn through POST /api/v1/chat (gateway +
Rasa NLU + dialogue + tracker store), and turns per second at 1 and 8 concurrent senders.
Figures on a shared 2-core machine are noisy: compare the ratio, not the absolute numbers.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiosk_api.db import fresh_sqlite_docket
from tools.paths import MODEL_FILE
from tools.stack import Ports, Stack

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


def time_calls(call, count: int) -> list[float]:  # type: ignore[no-untyped-def]
    """Milliseconds of `count` sequential calls."""
    samples = []
    for i in range(count):
        started = time.perf_counter()
        call(i)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def main() -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--turns", type=int, default=200)
    parser.add_argument("--model", type=Path, default=MODEL_FILE)
    args = parser.parse_args()

    run_dir = Path(tempfile.mkdtemp(prefix="bench-chat-"))
    url = fresh_sqlite_docket(run_dir)
    with ModelStack(
        ports=Ports.free(),
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

        time_calls(parse, 20)  # warm-up: TensorFlow graphs, connection pools
        time_calls(turn, 20)
        parse_ms = time_calls(parse, args.turns)
        turn_ms = time_calls(turn, args.turns)

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

    p95_ratio = percentile(turn_ms, 95) / percentile(parse_ms, 95)
    print(f"chat latency benchmark ({args.turns} sequential requests each, after warm-up)")
    print(f"  {'':<28}{'p50 ms':>9}{'p95 ms':>9}{'mean ms':>9}")
    for name, samples in (("Rasa /model/parse", parse_ms), ("chat turn via gateway", turn_ms)):
        print(
            f"  {name:<28}{statistics.median(samples):9.1f}{percentile(samples, 95):9.1f}"
            f"{statistics.fmean(samples):9.1f}"
        )
    print(f"  chat turn p95 / parse p95 = {p95_ratio:.2f}")
    for senders, rate in throughput.items():
        print(f"  turns per second, {senders} concurrent sender(s): {rate:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
