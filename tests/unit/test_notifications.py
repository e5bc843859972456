"""Subscriptions and the outbox: what a docket change or an upcoming hearing queues (both DBs)."""

from __future__ import annotations

import copy
import datetime as dt
import json
from datetime import UTC

import pytest
from sqlalchemy import func, select

from kiosk_api.errors import Unprocessable
from kiosk_api.models import Case, DocketChange, OutboxMessage, Party, SmsOptOut, Subscription
from kiosk_api.services import notifications
from kiosk_api.services.docket_import import import_lines, upsert_courts
from kiosk_api.services.notification_texts import OPT_OUT, SEGMENT_CHARS
from kiosk_api.services.opt_outs import phone_digest, record_opt_out
from tests.unit.test_docket_import import COURT, ID_NUMBER
from tests.unit.test_docket_import import RECORD as DOCKET_RECORD

SENDER_KEY = "test-sender-key"
COURT_NAME = COURT["name"]
PLAINTIFF_PHONE = "13800138001"
CASE_NUMBER = "（2026）粤0304民初1001号"
HEARING_AT = dt.datetime(2026, 12, 1, 1, 30, tzinfo=UTC)  # 09:30 in Shanghai
# The docket-import test's case, filed and not yet served: nothing but its hearing to notify.
RECORD = {
    **copy.deepcopy(DOCKET_RECORD),
    "events": [{"date": "2026-10-08", "stage": "filed", "description": "立案受理"}],
    "services": [],
    "fees": [],
}
PRIVATE = ("张明", "李华", "王建国", "刘洋", ID_NUMBER, PLAINTIFF_PHONE, "13900139002", "123X")


def record(**changes) -> dict:
    """The test case record with some fields replaced (hearing fields via hearing=...)."""
    data = copy.deepcopy(RECORD)
    hearing = changes.pop("hearing", None)
    if hearing:
        data["hearings"][0].update(hearing)
    data.update(changes)
    return data


def run_import(sessions, *records: dict):
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    return import_lines(sessions, lines, id_key="test-id-key")


def count(sessions, model) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def outbox(sessions) -> list[OutboxMessage]:
    with sessions() as session:
        return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def subscribe_plaintiff(sessions, *, channel: str = "sms") -> int:
    with sessions() as session, session.begin():
        case = session.scalars(select(Case)).one()
        party = session.scalars(select(Party).where(Party.role == "plaintiff")).one()
        sub = notifications.subscribe(
            session, case=case, party=party, channel=channel, key=SENDER_KEY
        )
        return sub.id


def setup_docket(sessions):
    """One imported case, its plaintiff subscribed."""
    upsert_courts(sessions, [COURT])
    lines = [json.dumps(RECORD, ensure_ascii=False)]
    assert import_lines(sessions, lines, id_key="test-id-key", record_changes=False).ok
    subscribe_plaintiff(sessions)
    return sessions


@pytest.fixture
def docket(sessions):
    """One imported case, its plaintiff subscribed."""
    return setup_docket(sessions)


def test_stage_change_queues_a_message_in_the_import_transaction(docket):
    summary = run_import(docket, record(stage="heard"))
    assert summary.ok and summary.changes == 1
    [message] = outbox(docket)
    with docket() as session:
        change = session.scalars(select(DocketChange)).one()
        sub = session.scalars(select(Subscription)).one()
    assert message.idempotency_key == f"change:{change.id}:sub:{sub.id}"
    assert (message.kind, message.status, message.phone) == (
        "stage_changed",
        "pending",
        "13800138001",
    )
    assert message.body == f"【{COURT_NAME}】案件{CASE_NUMBER}当前状态：已开庭。{OPT_OUT}"


def test_a_failing_import_writes_neither_change_nor_message(docket):
    elsewhere = {**RECORD, "case_number": "（2026）京0105民初7号"}
    summary = run_import(docket, record(stage="heard"), elsewhere)
    assert not summary.ok
    assert count(docket, DocketChange) == 0
    assert count(docket, OutboxMessage) == 0


def test_every_active_subscriber_gets_one_message(docket):
    with docket() as session, session.begin():
        case = session.scalars(select(Case)).one()
        defendant = session.scalars(select(Party).where(Party.role == "defendant")).one()
        notifications.subscribe(
            session, case=case, party=defendant, channel="kiosk", key=SENDER_KEY
        )
    run_import(docket, record(stage="heard"))
    assert sorted(m.phone for m in outbox(docket)) == ["13800138001", "13900139002"]


def test_no_message_for_an_opted_out_number(docket):
    with docket() as session, session.begin():
        record_opt_out(session, SENDER_KEY, "+86 138-0013-8001", "sms_reply")
    run_import(docket, record(stage="heard"))
    assert count(docket, DocketChange) == 1
    assert outbox(docket) == []


def test_opted_out_number_is_skipped_even_while_its_subscription_is_active(docket):
    with docket() as session, session.begin():
        session.add(
            SmsOptOut(phone_digest=phone_digest(SENDER_KEY, PLAINTIFF_PHONE), source="staff")
        )
        case = session.scalars(select(Case)).one()
        change = DocketChange(case=case, kind="stage_changed", detail={"to": "heard"})
        session.add(change)
        now = dt.datetime.now(UTC)
        assert notifications.enqueue_for_change(session, change, now=now, key=SENDER_KEY) == 0
        assert notifications.enqueue_for_change(session, change, now=now) == 1


def test_no_message_for_a_cancelled_subscription(docket):
    with docket() as session, session.begin():
        case = session.scalars(select(Case)).one()
        party = session.scalars(select(Party).where(Party.role == "plaintiff")).one()
        assert notifications.unsubscribe(session, case=case, party=party) is True
        assert notifications.unsubscribe(session, case=case, party=party) is False
    run_import(docket, record(stage="heard"))
    assert outbox(docket) == []


def test_unsubscribing_cancels_unsent_messages(docket):
    run_import(docket, record(stage="heard"))
    with docket() as session, session.begin():
        case = session.scalars(select(Case)).one()
        party = session.scalars(select(Party).where(Party.role == "plaintiff")).one()
        notifications.unsubscribe(session, case=case, party=party)
    assert [m.status for m in outbox(docket)] == ["cancelled"]


def test_subscribing_again_reactivates_and_clears_the_opt_out(docket):
    first = subscribe_plaintiff(docket)
    with docket() as session, session.begin():
        record_opt_out(session, SENDER_KEY, PLAINTIFF_PHONE, "sms_reply")
    again = subscribe_plaintiff(docket, channel="kiosk")
    assert again == first
    with docket() as session:
        sub = session.get(Subscription, again)
        assert sub.cancelled_at is None and sub.channel == "kiosk"
        assert session.scalar(select(func.count()).select_from(SmsOptOut)) == 0
    assert count(docket, Subscription) == 1


def test_subscribing_needs_a_phone_number_on_file(docket):
    run_import(
        docket,
        record(parties=[{"role": "plaintiff", "name": "张明", "id_number": ID_NUMBER}]),
    )
    with docket() as session:
        case = session.scalars(select(Case)).one()
        party = session.scalars(select(Party).where(Party.role == "plaintiff")).one()
        with pytest.raises(Unprocessable):
            notifications.subscribe(session, case=case, party=party, channel="sms", key="k")


@pytest.mark.parametrize(
    ("changed", "expected"),
    [
        ({"stage": "decided"}, "当前状态：已宣判"),
        (
            {"hearing": {"scheduled_at": "2026-12-08T14:30:00+08:00"}},
            "开庭改至2026年12月8日14:30在第五法庭进行",
        ),
        ({"hearing": {"courtroom": "第三法庭"}}, "2026年12月1日09:30的开庭改在第三法庭进行"),
        ({"hearing": {"status": "postponed"}}, "原定2026年12月1日09:30的开庭延期"),
        ({"hearing": {"status": "cancelled"}}, "原定2026年12月1日09:30的开庭已取消"),
        (
            {
                "hearings": [
                    RECORD["hearings"][0],
                    {
                        "ref": "H2",
                        "scheduled_at": "2027-01-05T09:00:00+08:00",
                        "courtroom": "第二法庭",
                        "kind": "宣判",
                        "status": "scheduled",
                    },
                ]
            },
            "定于2027年1月5日09:00在第二法庭",
        ),
    ],
)
def test_message_says_what_changed_in_local_time_without_names_or_ids(docket, changed, expected):
    run_import(docket, record(**changed))
    [message] = outbox(docket)
    assert expected in message.body
    assert message.body.startswith(f"【{COURT_NAME}】") and message.body.endswith(OPT_OUT)
    assert CASE_NUMBER in message.body
    assert len(message.body) <= SEGMENT_CHARS
    assert not any(private in message.body for private in PRIVATE)


def test_a_hearing_marked_held_sends_nothing(docket):
    run_import(docket, record(hearing={"status": "held"}))
    assert count(docket, DocketChange) == 1
    assert outbox(docket) == []


def test_enqueueing_the_same_change_twice_leaves_one_row(docket):
    run_import(docket, record(stage="heard"))
    with docket() as session, session.begin():
        change = session.scalars(select(DocketChange)).one()
        now = dt.datetime.now(UTC)
        assert notifications.enqueue_for_change(session, change, now=now) == 0
    assert count(docket, OutboxMessage) == 1


def _remind(sessions, now: dt.datetime) -> int:
    with sessions() as session, session.begin():
        return notifications.enqueue_hearing_reminders(
            session, now=now, hours=24, tz="Asia/Shanghai", key=SENDER_KEY
        )


def test_reminder_is_queued_24_hours_ahead_exactly_once(docket):
    assert _remind(docket, HEARING_AT - dt.timedelta(hours=24, minutes=1)) == 0
    assert _remind(docket, HEARING_AT - dt.timedelta(hours=24)) == 1
    assert _remind(docket, HEARING_AT - dt.timedelta(hours=23)) == 0
    assert _remind(docket, HEARING_AT - dt.timedelta(minutes=1)) == 0
    assert _remind(docket, HEARING_AT) == 0
    [message] = outbox(docket)
    assert message.kind == "hearing_reminder"
    assert message.idempotency_key.startswith(
        "reminder:"
    ) and ":2026-12-01T01:30:00+00:00:sub:" in (message.idempotency_key)
    assert message.body == (
        f"【{COURT_NAME}】提醒：案件{CASE_NUMBER}将于12月1日09:30在第五法庭开庭，请准时到庭。{OPT_OUT}"
    )
    assert len(message.body) <= SEGMENT_CHARS
    assert not any(private in message.body for private in PRIVATE)


def test_reminders_skip_opted_out_numbers_cancelled_subscriptions_and_off_hearings(docket):
    with docket() as session, session.begin():
        session.add(
            SmsOptOut(phone_digest=phone_digest(SENDER_KEY, PLAINTIFF_PHONE), source="staff")
        )
    assert _remind(docket, HEARING_AT - dt.timedelta(hours=2)) == 0
    subscribe_plaintiff(docket)  # clears the opt-out
    run_import(docket, record(hearing={"status": "postponed"}))
    assert _remind(docket, HEARING_AT - dt.timedelta(hours=2)) == 0


def test_a_moved_hearing_gets_a_new_reminder(docket):
    assert _remind(docket, HEARING_AT - dt.timedelta(hours=20)) == 1
    with docket() as session, session.begin():
        session.scalars(select(OutboxMessage)).one().status = "sent"
    later = "2026-12-01T15:00:00+08:00"
    run_import(docket, record(hearing={"scheduled_at": later}))
    # 15:00 local is 07:00 UTC: 24 hours ahead from 07:00 UTC the day before.
    assert _remind(docket, HEARING_AT - dt.timedelta(hours=19)) == 0
    assert _remind(docket, HEARING_AT - dt.timedelta(hours=18)) == 1
    reminders = [m for m in outbox(docket) if m.kind == "hearing_reminder"]
    assert len(reminders) == 2
    assert "12月1日15:00" in reminders[1].body
    assert _remind(docket, HEARING_AT - dt.timedelta(hours=17)) == 0


def test_an_unsent_reminder_is_replaced_when_the_hearing_changes(docket):
    assert _remind(docket, HEARING_AT - dt.timedelta(hours=20)) == 1
    run_import(docket, record(hearing={"courtroom": "第三法庭"}))
    kinds = [m.kind for m in outbox(docket)]
    assert kinds == ["hearing_moved"]  # the stale reminder is gone, the change is announced
    assert _remind(docket, HEARING_AT - dt.timedelta(hours=19)) == 1
    [reminder] = [m for m in outbox(docket) if m.kind == "hearing_reminder"]
    assert "第三法庭" in reminder.body
