"""The kiosk API with every channel configured, on a seeded docket, for the hostile-input tests."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session, sessionmaker

from kiosk_api.app import create_app
from kiosk_api.channels.wechat_customer_service import RecordingCustomerService
from kiosk_api.db import make_engine, migrate
from kiosk_api.demo_docket import demo_records
from kiosk_api.models import Base
from kiosk_api.notify.senders import RecordingSmsSender
from tests.api import twilio_signing, wechat_signing
from tests.conftest import _truncate_all as truncate_all
from tests.fakes import FakeRasa

SERVICE_TOKEN = "test-service-token"
STAFF_TOKEN = "test-staff-token"
CASE = "（2026）粤0304民初1001号"
PLAINTIFF_PHONE = "13800138001"

SETTINGS: dict[str, Any] = {
    "SERVICE_TOKEN": SERVICE_TOKEN,
    "STAFF_TOKENS": (STAFF_TOKEN,),
    "ID_HASH_KEY": "test-id-key",
    "SENDER_HASH_KEY": twilio_signing.SENDER_KEY,
    "LOOKUP_TOKEN_KEY": "test-lookup-key",
    "TWILIO_ACCOUNT_SID": twilio_signing.ACCOUNT_SID,
    "TWILIO_AUTH_TOKEN": twilio_signing.AUTH_TOKEN,
    "TWILIO_FROM_NUMBER": "+15005550006",
    "PUBLIC_BASE_URL": twilio_signing.PUBLIC_BASE_URL,
    "WECHAT_TOKEN": wechat_signing.TOKEN,
    "WECHAT_APP_ID": wechat_signing.APP_ID,
    "WECHAT_APP_SECRET": wechat_signing.APP_SECRET,
    "WECHAT_ENCODING_AES_KEY": wechat_signing.AES_KEY,
}

# The docket proper: imported from the court's system, never changed by a citizen's request.
DOCKET_TABLES = (
    "courts",
    "court_staff",
    "cases",
    "parties",
    "hearings",
    "case_events",
    "service_records",
    "fee_items",
)


# For the fuzzers sharing one app: limits that would otherwise lock the showcase case out after
# a few fuzzed lookups (the limits themselves are tested in test_otp.py, on a fresh app).
FUZZING_LIMITS: dict[str, Any] = {
    "LOOKUP_MAX_FAILURES_PER_CASE": 100_000,
    "LOOKUP_MAX_FAILURES_PER_CLIENT": 100_000,
    "LOOKUP_MAX_CODES_PER_CASE": 100_000,
    "LOOKUP_MAX_CODES_PER_CLIENT": 100_000,
}


def _seeded_app(database_url: str, rasa: FakeRasa, sms: RecordingSmsSender, **extra: Any) -> Any:
    from kiosk_api.demo_docket import DEMO_COURTS
    from kiosk_api.services.docket_import import import_lines, upsert_courts

    app = create_app({**SETTINGS, **extra, "DATABASE_URL": database_url}, rasa=rasa, sms=sms)
    app.config["TESTING"] = True
    app.extensions["court.wechat.customer_service"] = RecordingCustomerService()
    sessions = app.extensions["court.sessions"]
    upsert_courts(sessions, DEMO_COURTS)
    summary = import_lines(sessions, showcase_lines(), id_key="test-id-key", record_changes=False)
    assert summary.ok, summary.errors
    return app


@pytest.fixture
def hostile_app(database_url: str, fake_rasa: FakeRasa, sms: RecordingSmsSender) -> Iterator[Any]:
    """The kiosk API with Twilio and WeChat configured, on a docket holding the showcase."""
    app = _seeded_app(database_url, fake_rasa, sms)
    yield app
    app.extensions["court.engine"].dispose()


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def shared_app(request: pytest.FixtureRequest, tmp_path_factory: Any) -> Iterator[Any]:
    """One seeded app per backend for a whole module of fuzzing (its setup is the slow part).

    A lookup token of the showcase plaintiff is in `extensions["hostile.lookup_token"]`.
    """
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('hostile') / 'docket.db'}"
        engine = make_engine(url)
        migrate(engine)
        engine.dispose()
    else:
        url = request.getfixturevalue("postgres_url")
    sms = RecordingSmsSender()
    app = _seeded_app(url, FakeRasa(), sms, **FUZZING_LIMITS)
    app.extensions["hostile.lookup_token"] = lookup_token(app.test_client(), sms)
    yield app
    app.extensions["court.engine"].dispose()
    if request.param == "postgresql":
        engine = make_engine(url)
        truncate_all(engine)
        engine.dispose()


def showcase_lines() -> list[str]:
    """The README's three showcase cases as import lines."""
    import json

    return [json.dumps(r, ensure_ascii=False) for r in demo_records(0, today=dt.date.today())]


def personal_data() -> list[str]:
    """Every party's full name, phone and ID number in the showcase: never in a log line."""
    found: list[str] = []
    for record in demo_records(0, today=dt.date.today()):
        for party in record["parties"]:
            found += [party[k] for k in ("name", "phone", "id_number") if party.get(k)]
    return found


def docket_rows(sessions: sessionmaker[Session]) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the docket tables, for a before/after comparison."""
    rows: dict[str, list[tuple[Any, ...]]] = {}
    with sessions() as session:
        for name in DOCKET_TABLES:
            table = Base.metadata.tables[name]
            result = session.execute(select(table).order_by(*table.primary_key.columns))
            rows[name] = [tuple(r) for r in result]
    return rows


def table_count(sessions: sessionmaker[Session], name: str) -> int:
    """Rows in one table."""
    with sessions() as session:
        return int(session.execute(text(f'SELECT COUNT(*) FROM "{name}"')).scalar_one())


def auth_headers(security: list[dict[str, Any]], app: Any) -> dict[str, str]:
    """The bearer token an operation's OpenAPI `security` asks for, so fuzzing gets past it.

    Refusals of missing and wrong tokens are tested in test_otp.py and test_signatures.py.
    """
    names = {name for requirement in security for name in requirement}
    if "staffToken" in names:
        return {"Authorization": f"Bearer {STAFF_TOKEN}"}
    if "serviceToken" in names:
        return {"Authorization": f"Bearer {SERVICE_TOKEN}"}
    if "lookupToken" in names:
        return {"Authorization": f"Bearer {app.extensions['hostile.lookup_token']}"}
    return {}


_CJK = re.compile(r"[\u4e00-\u9fff]")


def assert_chinese_error(response: Any) -> None:
    """A JSON error body whose message a citizen can read."""
    body = response.get_json(silent=True)
    assert isinstance(body, dict) and "error" in body, response.get_data(as_text=True)[:300]
    assert _CJK.search(body["error"]["message"]), body


def assert_no_leak_in_logs(caplog: pytest.LogCaptureFixture) -> None:
    """No traceback and no party's name, phone or ID number in anything logged."""
    logged = "\n".join(_record_text(r) for r in caplog.records)
    assert "Traceback" not in logged
    leaked = [value for value in personal_data() if value in logged]
    assert not leaked, leaked


def _record_text(record: logging.LogRecord) -> str:
    parts = [record.getMessage()]
    if record.exc_info:
        parts.append("Traceback " + logging.Formatter().formatException(record.exc_info))
    if record.stack_info:
        parts.append(record.stack_info)
    return "\n".join(parts)


def sms_code(sms: RecordingSmsSender) -> str:
    """The six-digit code of the last verification SMS."""
    match = re.search(r"验证码(\d{6})", sms.sent[-1].body)
    assert match, sms.sent[-1].body
    return match.group(1)


def lookup_token(client: Any, sms: RecordingSmsSender) -> str:
    """A lookup token of the showcase plaintiff, through the SMS code."""
    started = client.post(
        "/api/v1/cases/lookup",
        json={"case_number": CASE, "method": "sms", "phone": PLAINTIFF_PHONE},
    )
    assert started.status_code == 202, started.get_json()
    verified = client.post(
        "/api/v1/cases/lookup/verify",
        json={"challenge_id": started.get_json()["challenge_id"], "code": sms_code(sms)},
    )
    assert verified.status_code == 200, verified.get_json()
    return str(verified.get_json()["token"])
