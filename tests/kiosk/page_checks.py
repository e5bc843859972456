"""Checks every kiosk page passes (scripts only from the kiosk's own files), and test dockets."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from kiosk_api.db import transaction
from kiosk_api.models import Case, Hearing

# The showcase civil case: its hearing is days out, beyond the week the notice board shows.
HEARING_CASE = "（2026）粤0304民初1001号"
TZ = ZoneInfo("Asia/Shanghai")

# The shell's scripts: external files served by the app ('self' in the CSP), never inline.
OWN_SCRIPT = re.compile(r'<script src="/kiosk/static/kiosk-[a-z]+\.js"( defer)?></script>')


def only_own_scripts(html: str) -> bool:
    """True when every <script> on the page is one of the kiosk's own files, with no body."""
    return "<script" not in OWN_SCRIPT.sub("", html)


def hearing_tomorrow(sessions: Any, case_number: str = HEARING_CASE) -> dt.date:
    """Move the case's hearing to 10:00 tomorrow (court time), inside the notice board's week."""
    day = dt.datetime.now(TZ).date() + dt.timedelta(days=1)
    with transaction(sessions) as session:
        hearing = session.scalars(
            select(Hearing).join(Hearing.case).where(Case.case_number == case_number)
        ).one()
        hearing.scheduled_at = dt.datetime.combine(day, dt.time(10), TZ).astimezone(dt.UTC)
    return day
