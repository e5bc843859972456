"""The full demo docket for benchmarks, and what a verified party or the public would ask of it.

Shared by bench/case_lookup.py and bench/load.py: seeding the 2,403 demo cases, lookup tokens
minted with the stack's own key (as a party holds one after the SMS code: the benchmarks measure
reading cases, not sending codes) and the busiest hearing days for the 开庭公告.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select

from kiosk_api.config import Settings
from kiosk_api.db import as_utc, make_engine, make_session_factory
from kiosk_api.demo_docket import DEMO_COURTS, demo_records
from kiosk_api.models import Case, Court, Hearing, Party
from kiosk_api.services.case_lookup import GrantClaims, issue_token
from kiosk_api.services.docket_import import import_lines, upsert_courts

SHOWCASE_CASE = "（2026）粤0304民初1001号"
DEMO_CASE_COUNT = 2400  # plus the three fixed showcase cases


@dataclass(frozen=True)
class VerifiedParty:
    """A party's lookup token for their own case."""

    case_number: str
    token: str


def seed_demo_docket(database_url: str, settings: Settings) -> None:
    """Import the demo courts and cases (as `flask docket seed --count 2400`) into a new docket."""
    engine = make_engine(database_url)
    try:
        sessions = make_session_factory(engine)
        upsert_courts(sessions, DEMO_COURTS)
        lines = (json.dumps(r, ensure_ascii=False) for r in demo_records(DEMO_CASE_COUNT))
        summary = import_lines(sessions, lines, id_key=settings.ID_HASH_KEY, record_changes=False)
        if not summary.ok:
            raise RuntimeError(f"demo docket did not import: {summary.errors[:3]}")
    finally:
        engine.dispose()


def verified_parties(
    database_url: str, settings: Settings, count: int, first: str = SHOWCASE_CASE
) -> list[VerifiedParty]:
    """Tokens for the first party of `count` cases, starting with `first`."""
    engine = make_engine(database_url)
    try:
        with make_session_factory(engine)() as session:
            cases = [session.scalars(select(Case).where(Case.case_number == first)).one()]
            cases += session.scalars(
                select(Case).where(Case.case_number != first).order_by(Case.id).limit(count - 1)
            ).all()
            parties = []
            for case in cases:
                party = session.scalars(
                    select(Party).where(Party.case_id == case.id).order_by(Party.id)
                ).first()
                if party is None:
                    continue
                claims = GrantClaims(case.id, party.id, case.case_number, "kiosk")
                parties.append(VerifiedParty(case.case_number, issue_token(settings, claims)))
            return parties
    finally:
        engine.dispose()


def busiest_hearing_days(
    database_url: str, settings: Settings, per_court: int = 1
) -> list[tuple[str, str]]:
    """(法院代字, ISO date) of each court's `per_court` busiest hearing days, busiest first."""
    engine = make_engine(database_url)
    tz = ZoneInfo(settings.COURT_TIMEZONE)
    try:
        with make_session_factory(engine)() as session:
            rows = session.execute(
                select(Court.code, Hearing.scheduled_at).join(Hearing.case).join(Case.court)
            ).all()
    finally:
        engine.dispose()
    days = Counter(
        (code, as_utc(moment).astimezone(tz).date().isoformat()) for code, moment in rows
    )
    chosen: list[tuple[str, str]] = []
    taken: Counter[str] = Counter()
    for (code, day), _count in days.most_common():
        if taken[code] < per_court:
            chosen.append((code, day))
            taken[code] += 1
    return chosen
