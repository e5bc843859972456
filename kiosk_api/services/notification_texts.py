"""The Chinese SMS texts the court sends: short, signed, no names or ID numbers, with 退订.

Mainland carriers require a bracketed signature first and an opt-out instruction; one SMS
segment holds 70 Chinese characters, so every text aims to fit in one. A text says only what
the docket publicly says about the case (案号, stage, hearing time and room), because the
phone that receives it may be read by someone other than the party.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from datetime import tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from kiosk_api.db import as_utc
from kiosk_api.domain.stages import STAGE_LABELS, Stage

OPT_OUT = "回复TD退订"
SEGMENT_CHARS = 70


def signature(court_name: str) -> str:
    """The bracketed sender signature mainland carriers require at the start: 【某某人民法院】."""
    return f"【{court_name}】"


def local_time(moment: dt.datetime | str, tz: str | tzinfo, *, with_year: bool = True) -> str:
    """An instant as the court's wall clock: 2026年12月1日09:30 (naive means UTC)."""
    if isinstance(moment, str):
        moment = dt.datetime.fromisoformat(moment)
    local = as_utc(moment).astimezone(ZoneInfo(tz) if isinstance(tz, str) else tz)
    day = f"{local.month}月{local.day}日"
    if with_year:
        day = f"{local.year}年{day}"
    return f"{day}{local:%H:%M}"


def _stage_label(value: str) -> str | None:
    try:
        return STAGE_LABELS[Stage(value)]
    except ValueError:
        return None


def _same_instant(a: str, b: str) -> bool:
    return as_utc(dt.datetime.fromisoformat(a)) == as_utc(dt.datetime.fromisoformat(b))


def change_text(
    *,
    court_name: str,
    case_number: str,
    kind: str,
    detail: Mapping[str, Any],
    hearing_kind: str,
    tz: str | tzinfo,
) -> str | None:
    """The SMS for one docket change, or None when the change is not worth a message."""
    head = signature(court_name) + f"案件{case_number}"
    if kind in ("case_added", "stage_changed"):
        label = _stage_label(str(detail.get("to") or detail.get("stage") or ""))
        if label is None:
            return None
        return f"{head}当前状态：{label}。{OPT_OUT}"
    if kind not in ("hearing_added", "hearing_moved", "hearing_status"):
        return None
    when = local_time(str(detail["scheduled_at"]), tz)
    room = str(detail.get("courtroom") or "")
    if kind == "hearing_added":
        return f"{head}定于{when}在{room}{hearing_kind}，请准时到庭。{OPT_OUT}"
    if kind == "hearing_moved":
        before = detail.get("from") or {}
        if before.get("scheduled_at") and _same_instant(
            str(before["scheduled_at"]), str(detail["scheduled_at"])
        ):
            return f"{head}{when}的{hearing_kind}改在{room}进行。{OPT_OUT}"
        return f"{head}{hearing_kind}改至{when}在{room}进行。{OPT_OUT}"
    status = detail.get("status")
    if status == "postponed":
        return f"{head}原定{when}的{hearing_kind}延期，新时间另行通知。{OPT_OUT}"
    if status == "cancelled":
        return f"{head}原定{when}的{hearing_kind}已取消。{OPT_OUT}"
    if status == "scheduled":
        return f"{head}{when}的{hearing_kind}照常在{room}进行。{OPT_OUT}"
    return None  # "held": the party was there; nothing to tell


def reminder_text(
    *,
    court_name: str,
    case_number: str,
    scheduled_at: dt.datetime,
    courtroom: str,
    hearing_kind: str,
    tz: str | tzinfo,
) -> str:
    """The SMS that reminds a party of a hearing within the next day."""
    when = local_time(scheduled_at, tz, with_year=False)
    return (
        f"{signature(court_name)}提醒：案件{case_number}将于{when}在{courtroom}{hearing_kind}，"
        f"请准时到庭。{OPT_OUT}"
    )
