"""How long `make demo` takes to be ready once everything is set up, stage by stage.

    .venv/bin/python bench/startup.py [--runs 3] [--alone]

Needs what `make demo` needs already in place (both virtual environments, a trained model, the
docket under var/) and the default ports 8000, 5055 and 5005 free. Each run measures:

- make's own checks: `make setup db model` (stamps, migrations, the seed check, the model
  fingerprint), and on their own `flask docket prepare` and
  `python -m tools.model train`;
- `make demo` from its start until the kiosk API, the action server and Rasa all answer, and
  when each of them first answered.

`--alone` also starts each process by itself once, to tell its own start-up cost from the
time it loses sharing two cores with the others. Figures on a shared 2-core machine are noisy:
the medians are printed, and the spread of the runs beside them.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tools.model import FINGERPRINT_FILE, fingerprint
from tools.paths import MODEL_FILE, ROOT, VENV_BIN
from tools.stack import Ports, Stack, port_in_use, stop_group

PROCESSES = ("kiosk_api", "actions", "rasa")
READY_TIMEOUT = 240.0
POLL_SECONDS = 0.2


def _env() -> dict[str, str]:
    # The same quiet, offline settings the Makefile exports.
    return {
        **os.environ,
        "FLASK_APP": "kiosk_api.app",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "RASA_TELEMETRY_ENABLED": "false",
        "SQLALCHEMY_WARN_20": "0",
    }


def timed(command: list[str]) -> float:
    """Seconds one command takes; its output is kept out of the figures' way."""
    started = time.monotonic()
    subprocess.run(command, cwd=ROOT, env=_env(), check=True, capture_output=True)
    return time.monotonic() - started


def check_stages() -> dict[str, float]:
    """make's checks as a whole, then the three that do real work, each on its own."""
    flask = str(VENV_BIN / "flask")
    return {
        "make setup db model": timed(["make", "--no-print-directory", "setup", "db", "model"]),
        "  flask docket prepare (migrate, seed if empty)": timed([flask, "docket", "prepare"]),
        "  tools.model train (no-op)": timed([str(VENV_BIN / "python"), "-m", "tools.model"]),
    }


def _wait_ports_free(ports: Ports, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while any(port_in_use(p) for p in vars(ports).values()):
        if time.monotonic() > deadline:
            raise RuntimeError("the demo's ports are still in use after stopping it")
        time.sleep(0.2)


def demo_run() -> dict[str, float]:
    """Seconds from `make demo` until each process answers, and until all three do."""
    probes = Stack().probes()  # default ports, as `make demo` uses them
    ready: dict[str, float] = {}
    started = time.monotonic()
    process = subprocess.Popen(
        ["make", "--no-print-directory", "demo"],
        cwd=ROOT,
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # so the whole group can be stopped together
    )
    try:
        while len(ready) < len(PROCESSES):
            if process.poll() is not None:
                raise RuntimeError(f"make demo exited with code {process.returncode}")
            if time.monotonic() - started > READY_TIMEOUT:
                raise TimeoutError(f"make demo not ready after {READY_TIMEOUT:.0f}s")
            for name in PROCESSES:
                if name not in ready and probes[name]():
                    ready[name] = time.monotonic() - started
            time.sleep(POLL_SECONDS)
    finally:
        stop_group(process, timeout=30)
        _wait_ports_free(Ports())
    return {"make demo → all ready": max(ready.values()), **{f"  {n}": ready[n] for n in PROCESSES}}


def alone_run(name: str) -> float:
    """Seconds one process needs to answer when it is the only one starting."""
    run_dir = Path(tempfile.mkdtemp(prefix="bench-startup-"))
    with Stack(ports=Ports.free(), run_dir=run_dir, log_dir=run_dir / "logs") as stack:
        started = time.monotonic()
        stack.start((name,))
        stack.wait_ready(timeout=READY_TIMEOUT, names=(name,))
        return time.monotonic() - started


def _print_table(title: str, runs: list[dict[str, float]]) -> None:
    print(title)
    for key in runs[0]:
        values = [run[key] for run in runs]
        spread = "  ".join(f"{v:5.1f}" for v in values)
        print(f"  {key:<34}{statistics.median(values):7.1f} s   (runs: {spread})")


def main() -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--alone", action="store_true")
    args = parser.parse_args()
    # A stale model would make `make demo` train for minutes: that is set-up, not start-up.
    trained = FINGERPRINT_FILE.exists() and FINGERPRINT_FILE.read_text().strip() == fingerprint()
    if not (MODEL_FILE.exists() and trained):
        print(f"no up-to-date model at {MODEL_FILE}: run `make model` first", file=sys.stderr)
        return 1
    busy = [str(p) for p in vars(Ports()).values() if port_in_use(p)]
    if busy:
        print(f"ports {', '.join(busy)} are in use (is a demo running?)", file=sys.stderr)
        return 1

    # Untimed: the first `make db` may still have to create and seed the demo docket.
    timed(["make", "--no-print-directory", "setup", "db", "model"])
    checks, demos = [], []
    for _ in range(args.runs):
        checks.append(check_stages())
        demos.append(demo_run())
    print(f"make demo start-up, {args.runs} run(s), set up and model trained; median and runs")
    _print_table("make's own checks", checks)
    _print_table("make demo until each process answers", demos)
    if args.alone:
        _print_table("each process started alone", [{n: alone_run(n) for n in PROCESSES}])
    return 0


if __name__ == "__main__":
    sys.exit(main())
