"""`flask --app kiosk_api.app notify run`: the SMS outbox worker as a command."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click
from flask.cli import AppGroup

from kiosk_api import runtime
from kiosk_api.notify.senders import make_sender
from kiosk_api.notify.worker import WorkerReport, run_forever, run_once

notify = AppGroup("notify", help="SMS notifications: hearing reminders and case updates.")


def _summary(report: WorkerReport) -> str:
    text = (
        f"短信：已发送 {report.sent}，待重试 {report.retried}，失败 {report.failed}，"
        f"免打扰时段推迟 {report.deferred}，已取消 {report.cancelled}；"
        f"新增开庭提醒 {report.reminders}。"
    )
    if report.abandoned:
        text += f"另有 {report.abandoned} 条发送结果未知，已标记失败，未自动重发。"
    return text


@contextmanager
def _graceful_stop(stop: threading.Event) -> Iterator[None]:
    """First Ctrl-C or SIGTERM finishes the message in hand and stops; a second Ctrl-C aborts."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def _on_signal(signum: int, _frame: Any) -> None:
        if stop.is_set() and signum == signal.SIGINT:
            raise KeyboardInterrupt
        stop.set()

    previous = {sig: signal.signal(sig, _on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@notify.command("run")
@click.option("--once", is_flag=True, help="Do one pass and exit.")
@click.option(
    "--interval",
    default=10.0,
    show_default=True,
    type=click.FloatRange(min=0.1),
    help="Seconds between passes.",
)
def run_command(once: bool, interval: float) -> None:
    """Send due SMS from the outbox and queue hearing reminders (loops until Ctrl-C)."""
    settings = runtime.settings()
    sessions = runtime.session_factory()
    try:
        sender = make_sender(settings)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    if once:
        click.echo(_summary(run_once(sessions, sender, settings)))
        return
    stop = threading.Event()
    click.echo(f"短信通知进程已启动（{sender.name}，每 {interval:g} 秒检查一次，Ctrl-C 退出）。")
    with _graceful_stop(stop):
        run_forever(sessions, sender, settings, interval=interval, stop=stop)
    click.echo("短信通知进程已停止。")
