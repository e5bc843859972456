"""Mixed traffic at a fixed rate against the whole assistant, on loopback, for a bounded time.

    .venv/bin/python bench/load.py [--seconds 300] [--rate 20] [--clients 16]
                                   [--rasa-instances 1]

Seeds the full demo docket (2,403 cases) into a throwaway SQLite file, starts the stack on
free loopback ports (kiosk API under gunicorn with 2 threaded workers, the action server and
Rasa) and sends requests at a fixed rate whatever the answers' speed (an open loop):

- 40 % chat turns through POST /api/v1/chat, as whole conversations: each simulated person
  waits for the answer before their next turn, and many people talk at once;
- 25 % fee estimates (POST /api/v1/fees/estimate, amounts written as people write them);
- 20 % case views by verified parties (GET /api/v1/cases/{案号} with a lookup token minted with
  the stack's key, as after the SMS code; see bench/docket.py);
- 15 % 开庭公告 (GET /api/v1/hearings for the courts' busiest days).

With --rasa-instances 2 or more, Rasa runs as in production (bot/endpoints.production.yml: SQL
tracker store in a throwaway PostgreSQL database, Redis lock store) and the gateway spreads the
turns over the instances; that needs the PostgreSQL and Redis of shared/reference/services.md.

It stops by itself after --seconds, and on Ctrl-C or SIGTERM, stopping every process it
started. It prints throughput, p50/p95/p99 per endpoint, the error count (non-2xx, a degraded
chat answer, a timeout; target 0) and each process's peak resident memory.
"""

from __future__ import annotations

import argparse
import itertools
import queue
import random
import signal
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.chat_latency import percentile
from bench.docket import VerifiedParty, busiest_hearing_days, seed_demo_docket, verified_parties
from bench.process_memory import PeakMemory
from kiosk_api.config import Settings
from kiosk_api.db import fresh_sqlite_docket
from tools.stack import Ports, Stack

# Share of each kind of request in the traffic.
MIX = {"chat": 40, "fee estimate": 25, "case view": 20, "hearings": 15}
# Conversations that need no SMS code and open no handoff ticket; several call the kiosk API
# from their actions (fees, filing guide, court information), as real ones do.
CONVERSATIONS = [
    ["你好", "欠我八万打官司要多少钱", "不对，是十八万", "谢谢", "再见"],
    ["我要起诉", "老板三个月没发工资", "好的", "谢谢你"],
    ["在吗", "南山法院在哪", "你是机器人吗", "再见"],
    ["你好", "我是低保户，交不起诉讼费", "谢谢"],
    ["判决书11月3号收到的 最晚哪天上诉", "好的", "再见"],
]
AMOUNTS = ["八万", "三万五", "5万5", "120万元", "1,200,000元", "6万多", "十二万三千", "3.5w"]
PROCEDURES = ["ordinary", "simple"]
LATE_SECONDS = 1.0  # a request that starts this much behind its schedule counts as late


@dataclass
class Results:
    """Latencies and errors per endpoint, filled by the client threads."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter[str] = field(default_factory=Counter)
    reasons: Counter[str] = field(default_factory=Counter)
    late: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, millis: float, error: str | None) -> None:
        """Keep one request's outcome."""
        with self.lock:
            self.latencies[kind].append(millis)
            if error is not None:
                self.errors[kind] += 1
                self.reasons[f"{kind}: {error}"] += 1


class People:
    """Simulated people chatting: each waits for the answer to a turn before the next one."""

    def __init__(self, seed: int) -> None:
        self._idle: queue.SimpleQueue[tuple[str, list[str]]] = queue.SimpleQueue()
        self._random = random.Random(seed)
        self._lock = threading.Lock()

    def next_turn(self) -> tuple[str, list[str]]:
        """A person not waiting for an answer, or a new one, with the turns they have left."""
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            with self._lock:
                script = list(self._random.choice(CONVERSATIONS))
            return f"load-{uuid.uuid4().hex[:12]}", script

    def answered(self, sender: str, left: list[str]) -> None:
        """The person read the answer; they talk again later if they have turns left."""
        if left:
            self._idle.put((sender, left))


class Traffic:
    """The requests of the mix, each timed and checked."""

    def __init__(
        self,
        base: str,
        parties: list[VerifiedParty],
        days: list[tuple[str, str]],
        results: Results,
        seed: int,
    ) -> None:
        self.base = base
        self.parties = parties
        self.days = days
        self.results = results
        self.people = People(seed)
        self._random = random.Random(seed + 1)
        self._random_lock = threading.Lock()

    def _choice(self, options: list) -> object:  # type: ignore[type-arg]
        with self._random_lock:
            return self._random.choice(options)

    def _timed(self, kind: str, call: Callable[[], str | None]) -> None:
        started = time.perf_counter()
        try:
            error = call()
        except requests.RequestException as exc:
            error = type(exc).__name__
        self.results.record(kind, (time.perf_counter() - started) * 1000, error)

    def chat(self, http: requests.Session) -> None:
        """The next turn of some person's conversation."""
        sender, turns = self.people.next_turn()

        def call() -> str | None:
            response = http.post(
                f"{self.base}/api/v1/chat",
                json={"sender": sender, "message": turns[0], "channel": "kiosk"},
                timeout=30,
            )
            if response.status_code != 200:
                return f"HTTP {response.status_code}"
            return "degraded answer" if response.json().get("degraded") else None

        try:
            self._timed("chat", call)
        finally:
            self.people.answered(sender, turns[1:])

    def fee_estimate(self, http: requests.Session) -> None:
        """A fee estimate for a property case."""
        body = {
            "case_kind": "property",
            "amount": self._choice(AMOUNTS),
            "procedure": self._choice(PROCEDURES),
        }

        def call() -> str | None:
            response = http.post(f"{self.base}/api/v1/fees/estimate", json=body, timeout=30)
            return None if response.status_code == 200 else f"HTTP {response.status_code}"

        self._timed("fee estimate", call)

    def case_view(self, http: requests.Session) -> None:
        """A verified party reads their case."""
        party = self._choice(self.parties)
        assert isinstance(party, VerifiedParty)

        def call() -> str | None:
            response = http.get(
                f"{self.base}/api/v1/cases/{party.case_number}",
                headers={"Authorization": f"Bearer {party.token}"},
                timeout=30,
            )
            return None if response.status_code == 200 else f"HTTP {response.status_code}"

        self._timed("case view", call)

    def hearings(self, http: requests.Session) -> None:
        """The 开庭公告 of a court's busy day."""
        court, day = self._choice(self.days)  # type: ignore[misc]

        def call() -> str | None:
            response = http.get(
                f"{self.base}/api/v1/hearings",
                params={"court": court, "date": day},
                timeout=30,
            )
            return None if response.status_code == 200 else f"HTTP {response.status_code}"

        self._timed("hearings", call)

    def schedule(self, seed: int) -> Iterator[Callable[[requests.Session], None]]:
        """An endless shuffled sequence of requests in the proportions of MIX."""
        calls = {
            "chat": self.chat,
            "fee estimate": self.fee_estimate,
            "case view": self.case_view,
            "hearings": self.hearings,
        }
        deck = [calls[kind] for kind, share in MIX.items() for _ in range(share)]
        shuffler = random.Random(seed + 2)
        while True:
            shuffler.shuffle(deck)
            yield from deck


def run_load(traffic: Traffic, rate: float, seconds: float, clients: int, seed: int) -> float:
    """Send requests at `rate` per second for `seconds` with `clients` threads; the elapsed time."""
    jobs: queue.Queue[tuple[float, Callable[[requests.Session], None]] | None] = queue.Queue()

    def client() -> None:
        http = requests.Session()
        while (job := jobs.get()) is not None:
            due, call = job
            if time.monotonic() - due > LATE_SECONDS:
                with traffic.results.lock:
                    traffic.results.late += 1
            call(http)
        http.close()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    started = time.monotonic()
    planned = itertools.islice(traffic.schedule(seed), int(rate * seconds))
    for index, call in enumerate(planned):
        due = started + index / rate
        pause = due - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        jobs.put((due, call))
    for _ in threads:
        jobs.put(None)
    for thread in threads:
        thread.join()
    return time.monotonic() - started


def report(results: Results, elapsed: float, rate: float, memory: PeakMemory, stack: Stack) -> int:
    """Print the figures; the number of errors."""
    total = sum(len(samples) for samples in results.latencies.values())
    errors = sum(results.errors.values())
    print(f"\n{total} requests in {elapsed:.0f} s = {total / elapsed:.1f} req/s (target {rate:g})")
    heads = ("count", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors")
    print(f"{'endpoint':<14}" + "".join(f"{head:>9}" for head in heads))
    for kind in MIX:
        samples = results.latencies.get(kind, [])
        if not samples:
            continue
        p50, p95, p99 = (percentile(samples, q) for q in (50, 95, 99))
        print(
            f"{kind:<14}{len(samples):>9}{len(samples) / elapsed:>9.1f}"
            f"{p50:>9.0f}{p95:>9.0f}{p99:>9.0f}{results.errors[kind]:>9}"
        )
    print(f"errors: {errors} (target 0); started over {LATE_SECONDS:g} s late: {results.late}")
    for reason, count in results.reasons.most_common(10):
        print(f"  {count} × {reason}")
    print("peak resident memory:")
    for name in stack.rasa_names:
        print(f"  {name:<20}{memory.peak_mib(name):7.0f} MiB")
    print(f"  {'action server':<20}{memory.peak_mib('actions'):7.0f} MiB")
    worker = memory.largest_child.get("kiosk_api", 0) / 1024
    print(f"  {'kiosk API worker':<20}{worker:7.0f} MiB (largest of {stack.kiosk_workers})")
    return errors


@contextmanager
def tracker_database(instances: int) -> Iterator[dict[str, str | int]]:
    """Stack options for the shared tracker and lock stores (a throwaway PostgreSQL database)."""
    if instances <= 1:
        yield {}
        return
    from sqlalchemy import create_engine, text

    admin = create_engine(
        "postgresql+psycopg://postgres@127.0.0.1:5432/test", isolation_level="AUTOCOMMIT"
    )
    name = f"load_tracker_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield {
            "rasa_instances": instances,
            "tracker_db_url": f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}",
            "lock_store_url": "redis://127.0.0.1:6379/13",
        }
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def main() -> int:
    """Run the load and print its figures; 1 if any request failed."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=300.0, help="how long to hold the load")
    parser.add_argument("--rate", type=float, default=20.0, help="requests per second")
    parser.add_argument("--clients", type=int, default=16, help="client threads")
    parser.add_argument("--rasa-instances", type=int, default=1)
    parser.add_argument("--seed", type=int, default=20240101)
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, _interrupt)

    with (
        tempfile.TemporaryDirectory(prefix="bench-load-") as tmp,
        tracker_database(args.rasa_instances) as scale,
    ):
        run_dir = Path(tmp)
        database_url = fresh_sqlite_docket(run_dir)
        env = {"DATABASE_URL": database_url, "LOG_LEVEL": "WARNING", "CHAT_TIMEOUT_SECONDS": "20"}
        settings = Settings.from_env(env)
        print("seeding the demo docket (2,403 cases) …", flush=True)
        seed_demo_docket(database_url, settings)
        parties = verified_parties(database_url, settings, 50)
        days = busiest_hearing_days(database_url, settings, per_court=3)
        stack = Stack(
            ports=Ports.free(),
            run_dir=run_dir,
            log_dir=run_dir / "logs",
            env=env,
            kiosk_threads=16,
            **scale,  # type: ignore[arg-type]
        )
        try:
            print("starting the stack …", flush=True)
            stack.start()
            stack.wait_ready(timeout=600)
            results = Results()
            traffic = Traffic(stack.kiosk_url, parties, days, results, args.seed)
            warm = requests.Session()
            for _ in stack.rasa_names * 3:  # every instance loads its lazy parts first
                traffic.chat(warm)
            results.latencies.clear()
            results.errors.clear()
            results.reasons.clear()
            pids = {name: process.pid for name, process in stack.processes.items()}
            print(
                f"{args.rate:g} req/s for {args.seconds:g} s, {args.clients} clients …", flush=True
            )
            with PeakMemory(pids) as memory:
                elapsed = run_load(traffic, args.rate, args.seconds, args.clients, args.seed)
            return 1 if report(results, elapsed, args.rate, memory, stack) else 0
        except KeyboardInterrupt:
            print("\n已中断：正在停止全部进程。", file=sys.stderr)
            return 130
        finally:
            stack.stop_uninterrupted()


if __name__ == "__main__":
    sys.exit(main())
