"""Run the kiosk API, the action server and Rasa together (`make demo`, e2e tests, benchmarks).

`python -m tools.stack` starts them and the notification worker on the default ports, prints
the URLs and stops them all on Ctrl-C. Tests use the Stack class on free ports with their own
databases.

Scale-out is opt-in (the defaults are one Rasa on SQLite, sync gunicorn workers): several Rasa
instances on `bot/endpoints.production.yml` (SQL tracker store on PostgreSQL, Redis lock store),
several outbox workers and threaded kiosk API workers.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import requests
import yaml
from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import make_url

from tools.paths import MODEL_FILE, RASA_BIN, ROOT, VAR, VENV_BIN

DEMO_RASA_TOKEN = "demo-rasa-token"
# `make demo` runs the kiosk API threaded: a chat turn holds its worker while the bot's actions
# call the same API, so two sync workers deadlock under two simultaneous turns with actions.
DEMO_KIOSK_THREADS = 8
# Extra processes of one kind are named rasa2, rasa3 …, notify2 …; "rasa" and "notify" in
# start() and wait_ready() mean all of them.
SCALED = ("rasa", "notify")


def port_in_use(port: int) -> bool:
    """Whether something already listens on this loopback port."""
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Ports:
    """Where each process listens (all on 127.0.0.1 unless KIOSK_API_HOST says otherwise)."""

    kiosk_api: int = 8000
    actions: int = 5055
    rasa: int = 5005

    @classmethod
    def free(cls) -> Ports:
        """Three free ports, for tests that must not collide with a running demo."""
        return cls(free_port(), free_port(), free_port())


@dataclass
class Stack:
    """The three processes of the assistant, started and stopped together."""

    ports: Ports = field(default_factory=Ports)
    run_dir: Path = VAR / "run"
    env: dict[str, str] = field(default_factory=dict)
    log_dir: Path | None = None  # None: children write to this terminal
    kiosk_workers: int = 2
    # 1: gunicorn's sync workers; more: gthread workers with this many threads each.
    kiosk_threads: int = 1
    rasa_instances: int = 1
    # SQLAlchemy URL of an existing PostgreSQL database for Rasa's tracker store, and the Redis
    # URL (redis://host:port/db) of its lock store; set both to run Rasa on
    # bot/endpoints.production.yml, as production does (required for rasa_instances > 1).
    tracker_db_url: str | None = None
    lock_store_url: str | None = None
    # Alphanumeric (Rasa ignores any other): runs sharing one Redis database never collide.
    lock_key_prefix: str = field(default_factory=lambda: f"stack{uuid.uuid4().hex[:12]}")
    notify_workers: int = 1
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    _logs: list[IO[bytes]] = field(default_factory=list)
    _extra_rasa_ports: list[int] = field(default_factory=list, init=False, repr=False)

    def __post_init__(self) -> None:
        if (self.tracker_db_url is None) != (self.lock_store_url is None):
            raise ValueError("tracker_db_url and lock_store_url go together")
        if self.rasa_instances > 1 and self.tracker_db_url is None:
            raise ValueError("several Rasa instances need the shared tracker and lock stores")
        self._extra_rasa_ports = [free_port() for _ in range(self.rasa_instances - 1)]

    @property
    def rasa_names(self) -> list[str]:
        """Process names of the Rasa instances: rasa, rasa2, …"""
        return ["rasa"] + [f"rasa{i}" for i in range(2, self.rasa_instances + 1)]

    @property
    def notify_names(self) -> list[str]:
        """Process names of the outbox workers: notify, notify2, …"""
        return ["notify"] + [f"notify{i}" for i in range(2, self.notify_workers + 1)]

    @property
    def rasa_ports(self) -> dict[str, int]:
        """Port of each Rasa instance, by process name."""
        return dict(zip(self.rasa_names, [self.ports.rasa, *self._extra_rasa_ports], strict=True))

    @property
    def rasa_urls(self) -> dict[str, str]:
        """Base URL of each Rasa instance, by process name (loopback only)."""
        return {name: f"http://127.0.0.1:{port}" for name, port in self.rasa_ports.items()}

    @property
    def kiosk_url(self) -> str:
        """Base URL of the kiosk API."""
        return f"http://127.0.0.1:{self.ports.kiosk_api}"

    @property
    def rasa_url(self) -> str:
        """Base URL of Rasa (loopback only)."""
        return f"http://127.0.0.1:{self.ports.rasa}"

    @property
    def actions_url(self) -> str:
        """Base URL of the action server (loopback only)."""
        return f"http://127.0.0.1:{self.ports.actions}"

    @property
    def rasa_token(self) -> str:
        """Token for Rasa's HTTP API (/model/parse, /status)."""
        return self.env.get("RASA_AUTH_TOKEN") or os.environ.get("RASA_AUTH_TOKEN", DEMO_RASA_TOKEN)

    def _expand(self, names: tuple[str, ...] | list[str]) -> list[str]:
        kinds = {"rasa": self.rasa_names, "notify": self.notify_names}
        return [each for name in names for each in kinds.get(name, [name])]

    def _shared_store_env(self) -> dict[str, str]:
        """The placeholders of bot/endpoints.production.yml, from this stack's URLs."""
        if self.tracker_db_url is None or self.lock_store_url is None:
            return {}
        db = make_url(self.tracker_db_url)
        redis_url = make_url(self.lock_store_url)
        return {
            "ACTION_ENDPOINT_URL": f"{self.actions_url}/webhook",
            "RASA_TRACKER_DB_HOST": db.host or "127.0.0.1",
            "RASA_TRACKER_DB_PORT": str(db.port or 5432),
            "RASA_TRACKER_DB_NAME": db.database or "",
            "RASA_TRACKER_DB_USER": db.username or "",
            "RASA_TRACKER_DB_PASSWORD": db.password or "",
            "RASA_LOCK_REDIS_HOST": redis_url.host or "127.0.0.1",
            "RASA_LOCK_REDIS_PORT": str(redis_url.port or 6379),
            "RASA_LOCK_REDIS_DB": redis_url.database or "0",
            "RASA_LOCK_REDIS_PASSWORD": redis_url.password or "",
            "RASA_LOCK_KEY_PREFIX": self.lock_key_prefix,
        }

    def _child_env(self) -> dict[str, str]:
        env = {**os.environ, **self.env, **self._shared_store_env()}
        env.update(
            {
                # The gateway spreads turns over every instance (kiosk_api/channels/rasa.py).
                "RASA_URL": ",".join(self.rasa_urls.values()),
                "KIOSK_API_URL": self.kiosk_url,
                "SANIC_HOST": "127.0.0.1",
                "RASA_TELEMETRY_ENABLED": "false",
                "TF_CPP_MIN_LOG_LEVEL": "2",
                "PYTHONUNBUFFERED": "1",
            }
        )
        return env

    def _endpoints_file(self) -> Path:
        """bot/endpoints.yml with this stack's action server port and tracker database."""
        if self.tracker_db_url is not None:
            # Used as shipped: its placeholders come from the environment (_shared_store_env).
            return ROOT / "bot" / "endpoints.production.yml"
        config = yaml.safe_load((ROOT / "bot" / "endpoints.yml").read_text(encoding="utf-8"))
        config["action_endpoint"]["url"] = f"{self.actions_url}/webhook"
        if config.get("tracker_store", {}).get("dialect") == "sqlite":
            config["tracker_store"]["db"] = str(self.run_dir / "rasa_tracker.db")
        self.run_dir.mkdir(parents=True, exist_ok=True)
        path = self.run_dir / "endpoints.yml"
        path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
        return path

    def commands(self) -> dict[str, list[str]]:
        """The command line of each process."""
        host = self.env.get("KIOSK_API_HOST") or os.environ.get("KIOSK_API_HOST", "127.0.0.1")
        threads = ["--threads", str(self.kiosk_threads)] if self.kiosk_threads > 1 else []
        endpoints = str(self._endpoints_file())
        commands = {
            "kiosk_api": [
                str(VENV_BIN / "gunicorn"),
                "--workers",
                str(self.kiosk_workers),
                *threads,
                "--bind",
                f"{host}:{self.ports.kiosk_api}",
                "--graceful-timeout",
                "5",
                "kiosk_api.app:create_app()",
            ],
            "actions": [
                str(VENV_BIN / "python"),
                "-m",
                "rasa_sdk",
                "--actions",
                "actions",
                "--port",
                str(self.ports.actions),
                "--quiet",
            ],
        }
        for name in self.notify_names:
            commands[name] = [str(VENV_BIN / "flask"), "--app", "kiosk_api.app", "notify", "run"]
        for name, port in self.rasa_ports.items():
            commands[name] = [
                str(RASA_BIN),
                "run",
                "--model",
                str(MODEL_FILE),
                "--endpoints",
                endpoints,
                "--credentials",
                str(ROOT / "bot" / "credentials.yml"),
                "--interface",
                "127.0.0.1",
                "--port",
                str(port),
                "--enable-api",
                "--auth-token",
                self.rasa_token,
            ]
        return commands

    def start(self, names: tuple[str, ...] = ("actions", "rasa", "kiosk_api")) -> None:
        """Start the named processes (all three by default) without waiting for them.

        With several Rasa instances on one new tracker database, the others start once the
        first has created its tables: two instances creating them at once would collide.
        """
        commands = self.commands()
        for name in self._expand(names):
            if name in self.rasa_names[1:] and "rasa" in self.processes:
                self._wait_for_tracker_tables()
            stdout: int | IO[bytes] | None = None
            if self.log_dir is not None:
                self.log_dir.mkdir(parents=True, exist_ok=True)
                log = (self.log_dir / f"{name}.log").open("ab")
                self._logs.append(log)
                stdout = log
            self.processes[name] = subprocess.Popen(
                commands[name],
                cwd=ROOT,
                env=self._child_env(),
                stdout=stdout,
                stderr=subprocess.STDOUT if stdout is not None else None,
                start_new_session=True,  # Ctrl-C reaches us, and we stop each group ourselves
            )

    def probes(self) -> dict[str, Callable[[], bool]]:
        """How to tell that each process is serving."""
        probes: dict[str, Callable[[], bool]] = {
            "kiosk_api": lambda: _ok(f"{self.kiosk_url}/healthz"),
            "actions": lambda: _ok(f"{self.actions_url}/health"),
        }
        for name, url in self.rasa_urls.items():
            probes[name] = _probe(f"{url}/status?token={self.rasa_token}")
        for name in self.notify_names:
            # The worker serves nothing: running is ready.
            probes[name] = lambda: True
        return probes

    def _wait_for_tracker_tables(self, timeout: float = 300.0) -> None:
        """Block until the first Rasa instance has created the tracker store's tables."""
        assert self.tracker_db_url is not None
        engine = create_engine(self.tracker_db_url)
        deadline = time.monotonic() + timeout
        try:
            while not inspect(engine).has_table("events"):
                if self.processes["rasa"].poll() is not None:
                    raise RuntimeError(f"rasa exited with code {self.processes['rasa'].returncode}")
                if time.monotonic() > deadline:
                    raise TimeoutError(f"rasa made no tracker tables in {timeout:.0f}s")
                time.sleep(0.5)
        finally:
            engine.dispose()

    def wait_ready(self, timeout: float = 180.0, names: tuple[str, ...] | None = None) -> None:
        """Block until every named process answers, or raise with the ones that do not."""
        probes = self.probes()
        pending = set(self._expand(names) if names else self.processes)
        deadline = time.monotonic() + timeout
        while pending and time.monotonic() < deadline:
            for name in sorted(pending):
                process = self.processes[name]
                if process.poll() is not None:
                    raise RuntimeError(f"{name} exited with code {process.returncode}")
                if probes[name]():
                    pending.discard(name)
            time.sleep(0.3)
        if pending:
            raise TimeoutError(f"not ready after {timeout:.0f}s: {', '.join(sorted(pending))}")

    def kill(self, name: str) -> None:
        """kill -9 one process group (fault tests)."""
        process = self.processes.pop(name)
        _signal_group(process, signal.SIGKILL)
        process.wait()

    def stop(self) -> None:
        """Stop every process: SIGTERM, then SIGKILL for any still running after 10 s."""
        for process in self.processes.values():
            _signal_group(process, signal.SIGTERM)
        deadline = time.monotonic() + 10
        for process in self.processes.values():
            try:
                process.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                _signal_group(process, signal.SIGKILL)
                process.wait()
        self.processes.clear()
        for log in self._logs:
            log.close()
        self._logs.clear()

    def stop_uninterrupted(self) -> None:
        """Stop every process, ignoring further Ctrl-C and SIGTERM (for a program's last act)."""
        # A second signal must not interrupt the shutdown half-way and leave processes behind.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        self.stop()

    def __enter__(self) -> Stack:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def _probe(url: str) -> Callable[[], bool]:
    return lambda: _ok(url)


def _ok(url: str) -> bool:
    try:
        return requests.get(url, timeout=1).ok
    except requests.RequestException:
        return False


def _signal_group(process: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)


def stop_group(process: subprocess.Popen[bytes], timeout: float) -> None:
    """SIGTERM a process started in its own session, SIGKILL its group if it outlives timeout."""
    _signal_group(process, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        _signal_group(process, signal.SIGKILL)
        process.wait()


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def main() -> int:
    """`make demo`: start everything, print where it listens, stop everything on Ctrl-C."""
    if not MODEL_FILE.exists():
        print("没有找到Rasa模型，请先运行 make demo（会自动训练）。", file=sys.stderr)
        return 1
    # Explicit handlers: a shell may start us with SIGINT ignored, and `kill` sends SIGTERM.
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    stack = Stack(kiosk_threads=DEMO_KIOSK_THREADS)
    busy = [str(p) for p in vars(stack.ports).values() if port_in_use(p)]
    if busy:
        ports = ", ".join(busy)
        print(f"端口 {ports} 已被占用（是否已有一个 make demo 在运行？）。", file=sys.stderr)
        return 1
    started = time.monotonic()
    try:
        stack.start(("actions", "rasa", "kiosk_api", "notify"))
        stack.wait_ready()
        print(
            f"\n诉讼服务智能助手已启动（{time.monotonic() - started:.0f} 秒）：\n"
            f"  Kiosk API      {stack.kiosk_url}   (API 文档 {stack.kiosk_url}/docs)\n"
            f"  对话接口       POST {stack.kiosk_url}/api/v1/chat\n"
            f"  动作服务器     {stack.actions_url}   (仅本机)\n"
            f"  Rasa           {stack.rasa_url}   (仅本机)\n"
            "  短信           演示模式：验证码和提醒短信打印在本窗口（SMS_SENDER=console）\n"
            "按 Ctrl-C 停止全部服务。\n",
            flush=True,
        )
        while all(p.poll() is None for p in stack.processes.values()):
            time.sleep(1)
        dead = [n for n, p in stack.processes.items() if p.poll() is not None]
        print(f"进程意外退出：{', '.join(dead)}；正在停止其余服务。", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\n正在停止……", flush=True)
        return 0
    except (OSError, RuntimeError, TimeoutError) as exc:
        print(f"启动失败：{exc}", file=sys.stderr)
        return 1
    finally:
        stack.stop_uninterrupted()


if __name__ == "__main__":
    sys.exit(main())
