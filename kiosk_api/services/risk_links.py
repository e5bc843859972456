"""Texting a kept risk report's link to the person who asked for it.

The number is used once, for the outbox row the notification worker sends; the report itself
keeps no personal data. Each report can be texted to a few numbers and each number receives a
few links a day, so neither a stolen code nor a script can turn the court's SMS into a spammer.
A number that opted out of court SMS (退订) gets nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk_api.config import Settings
from kiosk_api.db import as_utc
from kiosk_api.domain.privacy import mask_phone
from kiosk_api.errors import Conflict, TooManyRequests, Unprocessable
from kiosk_api.models import Court, OutboxMessage
from kiosk_api.services.case_lookup import valid_phone
from kiosk_api.services.notification_texts import OPT_OUT, signature
from kiosk_api.services.notifications import insert_outbox_rows
from kiosk_api.services.opt_outs import is_opted_out, phone_digest

KIND = "risk_report_link"
MAX_NUMBERS_PER_REPORT = 3
MAX_LINKS_PER_NUMBER_PER_DAY = 5
DAY_SECONDS = 24 * 3600


@dataclass(frozen=True)
class LinkSent:
    """The masked number the link goes to, and whether this request queued a new message."""

    masked_phone: str
    queued: bool


def report_link(settings: Settings, code: str) -> str:
    """The public address of a kept report (the kiosk's printable page)."""
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}/kiosk/risk/reports/{code}"


def link_text(settings: Settings, court_name: str, code: str) -> str:
    """The SMS: signed, the code, the link, where to print it, how to opt out."""
    link = report_link(settings, code)
    return (
        f"{signature(court_name)}您的诉讼风险评估报告编号{code}，查看：{link}"
        f"，也可在本院自助终端输入编号打印。{OPT_OUT}"
    )


def text_report_link(
    session: Session, settings: Settings, code: str, phone_text: str, now: dt.datetime
) -> LinkSent:
    """Queue the link to a kept report (by its stored code) for one number; the caller commits."""
    phone = valid_phone(phone_text)
    if is_opted_out(session, settings.SENDER_HASH_KEY, phone):
        raise Unprocessable(
            "这个号码已退订本院短信，无法发送。请记下报告编号，到自助终端输入编号打印。",
            code="opted_out",
            detail={"field": "phone"},
        )
    key = f"{KIND}:{code}:{phone_digest(settings.SENDER_HASH_KEY, phone)[:24]}"
    already = session.scalar(select(OutboxMessage.id).where(OutboxMessage.idempotency_key == key))
    if already is not None:
        return LinkSent(mask_phone(phone), queued=False)
    numbers = session.scalar(
        select(func.count())
        .select_from(OutboxMessage)
        .where(OutboxMessage.idempotency_key.like(f"{KIND}:{code}:%"))
    )
    if (numbers or 0) >= MAX_NUMBERS_PER_REPORT:
        raise Conflict(
            f"这份报告已经发送给{MAX_NUMBERS_PER_REPORT}个号码，不能再发送。请记下报告编号。",
            code="too_many_numbers",
        )
    today = session.scalar(
        select(func.count())
        .select_from(OutboxMessage)
        .where(
            OutboxMessage.kind == KIND,
            OutboxMessage.phone == phone,
            # not_before is when it was queued, or claimed for sending: never earlier.
            OutboxMessage.not_before >= as_utc(now) - dt.timedelta(seconds=DAY_SECONDS),
        )
    )
    if (today or 0) >= MAX_LINKS_PER_NUMBER_PER_DAY:
        raise TooManyRequests(
            "这个号码今天收到的报告短信已经够多了，请明天再试。",
            code="too_many_links",
            retry_after=DAY_SECONDS,
        )
    court = session.scalar(select(Court).where(Court.code == settings.HOME_COURT))
    row = {
        "idempotency_key": key,
        "kind": KIND,
        "case_id": None,
        "subscription_id": None,
        "phone": phone,
        "body": link_text(settings, court.name if court else "人民法院", code),
        "status": "pending",
        "attempts": 0,
        "not_before": as_utc(now),
    }
    queued = insert_outbox_rows(session, [row]) == 1
    return LinkSent(mask_phone(phone), queued=queued)
