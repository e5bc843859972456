"""Real processes for the fault tests: the outbox worker, gunicorn's workers, waiting."""

from __future__ import annotations

import contextlib
import os
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from tests.faults.conftest import LOG_DIR
from tools.paths import ROOT, VENV_BIN
from tools.stack import stop_group

# Generous: the CI machine has two cores and trains a Rasa model meanwhile.
WAIT_SECONDS = 120.0


def wait_for[T](
    what: str, probe: Callable[[], T | None], timeout: float = WAIT_SECONDS, every: float = 0.1
) -> T:
    """Poll until `probe` returns something truthy (returned), or fail saying what was awaited."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(every)


@contextlib.contextmanager
def notify_worker(
    env: dict[str, str], log_name: str, interval: float = 0.3
) -> Iterator[subprocess.Popen[bytes]]:
    """`flask notify run` as its own process (a short interval); SIGTERM, then SIGKILL, after."""
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    command = [str(VENV_BIN / "flask"), "--app", "kiosk_api.app", "notify", "run"]
    command += ["--interval", str(interval)]
    # A fresh log per run: tests read it to see what the worker noticed.
    with (LOG_DIR / f"{log_name}.log").open("wb") as log:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**os.environ, "PYTHONUNBUFFERED": "1", **env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            yield process
        finally:
            stop_group(process, timeout=20)


def socket_owner(pids: set[int], local_port: int, remote_port: int) -> int | None:
    """Which of these processes holds the loopback TCP connection local_port → remote_port.

    Read from /proc (the connection's inode in net/tcp, then each process's open files), so
    the gunicorn worker serving a given request can be told apart without timing guesses.
    """
    inodes: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                local, remote, inode = fields[1], fields[2], fields[9]
                if (
                    int(local.rsplit(":", 1)[1], 16) == local_port
                    and int(remote.rsplit(":", 1)[1], 16) == remote_port
                ):
                    inodes.add(f"socket:[{inode}]")
    for pid in pids:
        with contextlib.suppress(OSError):
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                with contextlib.suppress(OSError):
                    if os.readlink(fd) in inodes:
                        return pid
    return None


def children(pid: int) -> set[int]:
    """The direct children of a process (gunicorn's workers, for its master)."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):
            found.update(int(c) for c in (task / "children").read_text().split())
    return found
