"""A throwaway PostgreSQL cluster of one test module, so a test may stop and start it.

The shared server on 5432 is never touched: other tests and other people use it. This one
lives in a temporary directory with its own port and socket directory, owned by the
`postgres` OS user (PostgreSQL refuses to run as root), and is deleted afterwards.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from tools.stack import free_port


def postgres_bin_dir() -> Path | None:
    """The newest /usr/lib/postgresql/<version>/bin that has initdb, if any."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parent.parent.name or 0),
    )
    return Path(found[-1]).parent if found else None


def unavailable_reason() -> str | None:
    """Why a private cluster cannot be made here (None: it can)."""
    if postgres_bin_dir() is None:
        return "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root without runuser to drop to the postgres user"
    if os.geteuid() == 0:
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError:
            return "no postgres OS user to run the private cluster as"
    return None


@dataclass
class PrivateCluster:
    """initdb + pg_ctl on a free port; `stop()` and `start()` are the outage of a test."""

    bin_dir: Path = field(default_factory=lambda: postgres_bin_dir() or Path("/nonexistent"))
    port: int = field(default_factory=free_port)
    root: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="faults-pg-")))

    @property
    def data_dir(self) -> Path:
        """PGDATA of the cluster."""
        return self.root / "data"

    @property
    def socket_dir(self) -> Path:
        """Its own socket directory, so it never collides with the shared server's."""
        return self.root / "sock"

    def url(self, database: str = "postgres") -> str:
        """SQLAlchemy URL of a database in the cluster (TCP on loopback, trust auth)."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str, timeout: float = 120) -> None:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=timeout, cwd=self.root)

    def create(self) -> PrivateCluster:
        """initdb (trust auth, no fsync: throwaway data) and start it."""
        self.socket_dir.mkdir(parents=True)
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres")
            shutil.chown(self.socket_dir, "postgres")
            self.root.chmod(0o755)
        self._run(
            "initdb", "-D", str(self.data_dir), "-A", "trust", "-U", "postgres",
            "-E", "UTF8", "--locale=C", "--no-sync",
        )  # fmt: skip
        self.start()
        return self

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        options = (
            f"-p {self.port} -k {self.socket_dir} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(
            "pg_ctl", "-D", str(self.data_dir), "-l", str(self.root / "server.log"),
            "-o", options, "-w", "-t", "120", "start",
        )  # fmt: skip
        self.wait_accepting()

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (fast: every connection is cut, as in a restart or failover)."""
        self._run("pg_ctl", "-D", str(self.data_dir), "-m", mode, "-w", "-t", "120", "stop")

    def wait_accepting(self, timeout: float = 120) -> None:
        """Block until pg_isready says yes."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ready = subprocess.run(
                [str(self.bin_dir / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port)],
                capture_output=True,
            )
            if ready.returncode == 0:
                return
            time.sleep(0.2)
        raise TimeoutError(f"private PostgreSQL on port {self.port} not ready")

    def destroy(self) -> None:
        """Stop it if running and delete every file."""
        with contextlib.suppress(subprocess.CalledProcessError, subprocess.TimeoutExpired):
            self._run("pg_ctl", "-D", str(self.data_dir), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)
