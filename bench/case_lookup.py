"""Case-view and 开庭公告 throughput under gunicorn beside /healthz, on the full demo docket.

    .venv/bin/python bench/case_lookup.py [--seconds 5] [--rounds 5] [--clients 4]

Seeds the demo docket (2,403 cases) into a throwaway SQLite file, starts only the kiosk API
(gunicorn, 2 workers, as in `make demo`) and alternates timed rounds of
GET /api/v1/cases/{案号} (token check, five relation loads, the running deadlines, an audit row
written), GET /api/v1/hearings for the court's busiest day, and GET /healthz as the baseline.
The lookup token is minted with the stack's own key, as a verified party would hold it: this
measures reading a case, not sending SMS codes. Prints the medians and the ratios.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.docket import SHOWCASE_CASE, busiest_hearing_days, seed_demo_docket, verified_parties
from bench.fees import round_arguments, throughput
from kiosk_api.config import Settings
from kiosk_api.db import fresh_sqlite_docket
from tools.stack import Ports, Stack

CASE = SHOWCASE_CASE


def seed(database_url: str, settings: Settings) -> tuple[str, str]:
    """The demo docket; returns a token for the showcase plaintiff and the busiest hearing day."""
    seed_demo_docket(database_url, settings)
    (showcase,) = verified_parties(database_url, settings, 1)
    days = busiest_hearing_days(database_url, settings)
    busiest = next(day for court, day in days if court == "粤0304")
    return showcase.token, busiest


def main() -> int:
    """Run the benchmark and print its figures."""
    args = round_arguments(__doc__ or "")
    with tempfile.TemporaryDirectory() as tmp:
        run_dir = Path(tmp)
        database_url = fresh_sqlite_docket(run_dir)
        env = {"DATABASE_URL": database_url, "LOG_LEVEL": "WARNING"}
        token, busiest_day = seed(database_url, Settings.from_env(env))
        stack = Stack(ports=Ports.free(), run_dir=run_dir, log_dir=run_dir / "logs", env=env)
        with stack:
            stack.start(names=("kiosk_api",))
            stack.wait_ready(names=("kiosk_api",))
            base = stack.kiosk_url
            auth = {"Authorization": f"Bearer {token}"}
            hearings_url = f"{base}/api/v1/hearings?court=粤0304&date={busiest_day}"
            listed = requests.get(hearings_url, timeout=10).json()["hearings"]

            def case_view(session: requests.Session) -> None:
                response = session.get(f"{base}/api/v1/cases/{CASE}", headers=auth, timeout=10)
                assert response.status_code == 200, response.text

            def hearings(session: requests.Session) -> None:
                response = session.get(hearings_url, timeout=10)
                assert response.status_code == 200, response.text

            def healthz(session: requests.Session) -> None:
                response = session.get(f"{base}/healthz", timeout=10)
                assert response.status_code == 200, response.text

            calls = {"case view": case_view, "hearings": hearings, "healthz": healthz}
            for call in calls.values():
                throughput(call, args.clients, 1.0)  # warm up both workers
            figures: dict[str, list[float]] = {name: [] for name in calls}
            for round_number in range(1, args.rounds + 1):
                for name, call in calls.items():
                    rate = throughput(call, args.clients, args.seconds)
                    figures[name].append(rate)
                    print(f"round {round_number}  {name:<10} {rate:7.1f} req/s", flush=True)
    medians = {name: statistics.median(rates) for name, rates in figures.items()}
    print(f"\nGET /api/v1/cases/{{案号}}          median {medians['case view']:7.1f} req/s")
    print(f"GET /api/v1/hearings ({len(listed)} hearings) median {medians['hearings']:7.1f} req/s")
    print(f"GET /healthz (baseline)          median {medians['healthz']:7.1f} req/s")
    for name in ("case view", "hearings"):
        print(f"{name} / healthz = {medians[name] / medians['healthz']:.2f}")
    print(f"{args.clients} clients, gunicorn 2 workers, demo docket of 2,403 cases")
    return 0


if __name__ == "__main__":
    sys.exit(main())
