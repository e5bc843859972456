"""Several real `flask notify run` processes on one PostgreSQL outbox never send a row twice.

Each worker claims rows with SELECT … FOR UPDATE SKIP LOCKED; the real twilio client sends to
the local stand-in (tests/fake_twilio.py), which counts every message it takes.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import delete, func, select

from kiosk_api.db import make_engine, make_session_factory, transaction
from kiosk_api.models import OutboxMessage
from tests.fake_twilio import FakeTwilio, Scripted
from tools.paths import ROOT, VENV_BIN

pytestmark = pytest.mark.postgres

ACCOUNT_SID = "AC" + "5" * 32
AUTH_TOKEN = "scale-test-twilio-token"
WORKERS = 4
ROWS = 300
KEY_PREFIX = "scaletest:"
NOTIFY_RUN = [str(VENV_BIN / "flask"), "--app", "kiosk_api.app", "notify", "run"]


def quiet_hours_far_from_now() -> str:
    """A one-minute quiet window twelve hours away, so nothing is deferred during the test."""
    start = dt.datetime.now(ZoneInfo("Asia/Shanghai")) + dt.timedelta(hours=12)
    end = start + dt.timedelta(minutes=1)
    return f"{start:%H:%M}-{end:%H:%M}"


def wait_for(condition, timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    """Poll `condition` until it holds; fail naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(0.2)


def test_parallel_outbox_workers_send_every_row_exactly_once(postgres_url, tmp_path: Path):
    engine = make_engine(postgres_url)
    sessions = make_session_factory(engine)
    env = {
        **os.environ,
        "DATABASE_URL": postgres_url,
        "SMS_SENDER": "twilio",
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "TWILIO_FROM_NUMBER": "+15005550006",
        "NOTIFY_QUIET_HOURS": quiet_hours_far_from_now(),
        "LOG_LEVEL": "INFO",
        "PYTHONUNBUFFERED": "1",
    }
    logs = [tmp_path / f"notify{i}.log" for i in range(WORKERS)]
    processes: list[subprocess.Popen[bytes]] = []
    with FakeTwilio(ACCOUNT_SID, AUTH_TOKEN) as twilio:
        # Each create takes a little while, as Twilio's does, so the batches overlap in time.
        twilio.script(*[Scripted(201, None, delay_seconds=0.03) for _ in range(ROWS)])
        env["TWILIO_API_BASE_URL"] = twilio.base_url
        try:
            for log in logs:
                processes.append(
                    subprocess.Popen(
                        [*NOTIFY_RUN, "--interval", "0.3"],
                        cwd=ROOT,
                        env=env,
                        stdout=log.open("wb"),
                        stderr=subprocess.STDOUT,
                    )
                )
            # All workers polling before the rows appear, so each can take a share.
            wait_for(
                lambda: all(
                    "短信通知进程已启动" in log.read_text("utf-8", "replace") for log in logs
                ),
                120,
                "every worker to start",
            )
            now = dt.datetime.now(dt.UTC)
            with transaction(sessions) as session:
                session.add_all(
                    OutboxMessage(
                        idempotency_key=f"{KEY_PREFIX}{i}",
                        kind="stage_changed",
                        phone=f"1380013{i:04d}",
                        body=f"扩容测试第{i}条",
                        status="pending",
                        attempts=0,
                        not_before=now - dt.timedelta(minutes=1),
                    )
                    for i in range(ROWS)
                )

            def all_sent() -> bool:
                with sessions() as session:
                    return (
                        session.scalar(
                            select(func.count())
                            .select_from(OutboxMessage)
                            .where(
                                OutboxMessage.idempotency_key.like(f"{KEY_PREFIX}%"),
                                OutboxMessage.status == "sent",
                            )
                        )
                        == ROWS
                    )

            wait_for(all_sent, 240, f"all {ROWS} rows to be sent")
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            with transaction(sessions) as session:
                session.execute(
                    delete(OutboxMessage).where(
                        OutboxMessage.idempotency_key.like(f"{KEY_PREFIX}%")
                    )
                )
            engine.dispose()
        created = list(twilio.created)

    bodies = sorted(fields["Body"] for fields in created)
    assert len(created) == ROWS, f"{len(created)} Twilio creates for {ROWS} rows"
    assert bodies == sorted(f"扩容测试第{i}条" for i in range(ROWS)), "a row was sent twice"
    shares = [
        sum(int(n) for n in re.findall(r"sent=(\d+)", log.read_text("utf-8", "replace")))
        for log in logs
    ]
    assert sum(shares) == ROWS, shares
    assert all(share > 0 for share in shares), f"a worker sent nothing: {shares}"
