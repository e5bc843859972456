"""The case-lookup code is texted only after its challenge is committed, outside any transaction.

A provider call can take up to its timeout; inside the transaction it would hold a connection,
an open transaction and its locks all that time, and a commit failing after the text went out
would leave the citizen a code that matches nothing.
"""

from __future__ import annotations

import re
import sqlite3

from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from kiosk_api.db import make_engine
from kiosk_api.models import AuditEvent, VerificationChallenge

CASE = "（2026）粤0304民初1001号"


def test_the_code_is_texted_after_the_commit_and_audited_after_the_send(app, client, showcase, sms):
    url = app.extensions["court.settings"].DATABASE_URL
    other = make_engine(url)  # another connection, as another worker would have
    seen: dict[str, object] = {}

    def while_sending(_to: str, _body: str) -> None:
        with other.connect() as conn:
            for name, table in (("challenges", VerificationChallenge), ("audits", AuditEvent)):
                seen[name] = conn.scalar(select(func.count()).select_from(table))
        if url.startswith("sqlite:///"):
            # Nobody holds the write lock: taking it must succeed at once.
            raw = sqlite3.connect(url.removeprefix("sqlite:///"), timeout=0)
            try:
                raw.execute("BEGIN IMMEDIATE")
                raw.rollback()
                seen["write_lock_free"] = True
            finally:
                raw.close()

    sms.on_send = while_sending
    try:
        started = client.post(
            "/api/v1/cases/lookup",
            json={"case_number": CASE, "method": "sms", "phone": "13800138001"},
        )
    finally:
        other.dispose()
    assert started.status_code == 202
    assert len(sms.sent) == 1
    assert seen["challenges"] == 1  # committed before the text went out
    assert seen["audits"] == 0  # the audit records the send's outcome, so it comes after
    if url.startswith("sqlite:///"):
        assert seen["write_lock_free"] is True
    with app.extensions["court.sessions"]() as session:
        results = session.scalars(select(AuditEvent.result)).all()
    assert results == ["code_sent"]


def test_a_failed_send_is_audited_and_looks_like_any_other_lookup(app, client, showcase, sms):
    sms.fail_next(1, "provider busy")
    started = client.post(
        "/api/v1/cases/lookup",
        json={"case_number": CASE, "method": "sms", "phone": "13800138001"},
    )
    assert started.status_code == 202
    with app.extensions["court.sessions"]() as session:
        assert session.scalars(select(AuditEvent.result)).all() == ["send_failed"]
        assert session.scalar(select(func.count()).select_from(VerificationChallenge)) == 1


def test_a_database_lost_after_the_code_went_out_still_lets_the_citizen_verify(
    app, client, showcase, sms
):
    sessions = app.extensions["court.sessions"]
    down = {"now": False}

    def factory():  # type: ignore[no-untyped-def]
        if down["now"]:
            raise OperationalError("connect", {}, ConnectionRefusedError("database down"))
        return sessions()

    app.extensions["court.sessions"] = factory
    sms.on_send = lambda _to, _body: down.update(now=True)
    started = client.post(
        "/api/v1/cases/lookup",
        json={"case_number": CASE, "method": "sms", "phone": "13800138001"},
    )
    assert started.status_code == 202  # the code is out: no error that makes them ask again
    down["now"], sms.on_send = False, None
    code = re.search(r"验证码(\d{6})", sms.sent[-1].body).group(1)  # type: ignore[union-attr]
    verified = client.post(
        "/api/v1/cases/lookup/verify",
        json={"challenge_id": started.get_json()["challenge_id"], "code": code},
    )
    assert verified.status_code == 200 and verified.get_json()["token"]
