"""Fee-estimate throughput under gunicorn beside a trivial JSON endpoint, in the same run.

    .venv/bin/python bench/fees.py [--seconds 5] [--rounds 5] [--clients 4]

Starts only the kiosk API (gunicorn, as in `make demo`) on a free port with a throwaway
docket, then alternates timed rounds of POST /api/v1/fees/estimate (a Chinese amount, so the
parser runs too) and GET /healthz (the trivial JSON baseline), each with the same number of
concurrent keep-alive clients. Prints requests per second per round, the medians and their
ratio (target: estimates at least 0.8 of the baseline). Alternating rounds keeps the noise of
a shared 2-core machine out of the ratio.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiosk_api.db import fresh_sqlite_docket
from tools.stack import Ports, Stack

ESTIMATE = {"case_kind": "property", "amount": "十二万三千元", "procedure": "simple"}


def throughput(call: Callable[[requests.Session], None], clients: int, seconds: float) -> float:
    """Completed requests per second of `clients` threads calling for `seconds`."""
    done = [0] * clients
    errors: list[str] = []
    stop = time.perf_counter() + seconds

    def worker(index: int) -> None:
        with requests.Session() as session:
            while time.perf_counter() < stop:
                try:
                    call(session)
                except AssertionError as exc:
                    errors.append(str(exc))
                    return
                done[index] += 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise SystemExit(f"request failed: {errors[0]}")
    return sum(done) / (time.perf_counter() - started)


def round_arguments(doc: str) -> argparse.Namespace:
    """--seconds per round, --rounds, --clients: the options of the alternating benchmarks."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--clients", type=int, default=4)
    return parser.parse_args()


def main() -> int:
    """Run the benchmark and print its figures."""
    args = round_arguments(__doc__ or "")
    with tempfile.TemporaryDirectory() as tmp:
        run_dir = Path(tmp)
        database_url = fresh_sqlite_docket(run_dir)
        stack = Stack(
            ports=Ports.free(),
            run_dir=run_dir,
            log_dir=run_dir / "logs",
            env={"DATABASE_URL": database_url, "LOG_LEVEL": "WARNING"},
        )
        with stack:
            stack.start(names=("kiosk_api",))
            stack.wait_ready(names=("kiosk_api",))
            base = stack.kiosk_url

            def estimate(session: requests.Session) -> None:
                response = session.post(f"{base}/api/v1/fees/estimate", json=ESTIMATE, timeout=10)
                assert response.status_code == 200, response.text
                assert response.json()["total"] == "1380.00", response.text

            def healthz(session: requests.Session) -> None:
                response = session.get(f"{base}/healthz", timeout=10)
                assert response.status_code == 200, response.text

            throughput(estimate, args.clients, 1.0)  # warm up both workers
            throughput(healthz, args.clients, 1.0)
            figures: dict[str, list[float]] = {"estimate": [], "healthz": []}
            for round_number in range(1, args.rounds + 1):
                for name, call in (("estimate", estimate), ("healthz", healthz)):
                    rate = throughput(call, args.clients, args.seconds)
                    figures[name].append(rate)
                    print(f"round {round_number}  {name:<8} {rate:7.1f} req/s", flush=True)
    est, base_rate = (statistics.median(figures[n]) for n in ("estimate", "healthz"))
    print(f"\nPOST /api/v1/fees/estimate  median {est:7.1f} req/s")
    print(f"GET  /healthz (baseline)    median {base_rate:7.1f} req/s")
    ratio = est / base_rate
    verdict = "meets" if ratio >= 0.8 else "BELOW"
    print(
        f"ratio {ratio:.2f} ({verdict} the 0.8 target); {args.clients} clients, gunicorn 2 workers"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
