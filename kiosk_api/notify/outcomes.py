"""Send outcomes held in memory until the database has them.

Once the provider has answered, what it said must reach the outbox row: if the database is
down at that moment, writing later is the only way not to lose a `sent` (the row would
otherwise stay `sending` and, ten minutes on, be marked "发送结果未知" though the citizen got
the SMS). The worker records every outcome here and flushes; a flush that fails keeps them,
and the next pass writes them before doing anything else.

Each outcome is a conditional update (only over the statuses it expects), so writing one
late, or twice, can never overwrite another worker's newer state.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from kiosk_api.db import transaction
from kiosk_api.models import OutboxMessage

log = logging.getLogger("kiosk_api.notify")


@dataclass(frozen=True)
class Outcome:
    """One row's new state, to be written only while its status is one of `expected`."""

    row_id: int
    expected: tuple[str, ...]
    values: dict[str, Any]


def set_if(session: Session, outcome: Outcome) -> bool:
    """Apply one outcome; False when the row is no longer in an expected status."""
    # Conditional on the status we expect, so a row nobody else may touch is never overwritten
    # (on SQLite, which has no SKIP LOCKED, this is what stops a second claim).
    result = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == outcome.row_id, OutboxMessage.status.in_(outcome.expected))
        .values(**outcome.values)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0) == 1


class OutcomeJournal:
    """Outcomes not yet written, in the order they happened."""

    def __init__(self) -> None:
        self._pending: list[Outcome] = []
        self._held = False  # a flush failed since the last successful one

    def __len__(self) -> int:
        return len(self._pending)

    def record(self, row_id: int, expected: tuple[str, ...], **values: Any) -> None:
        """Keep an outcome until the next successful flush."""
        self._pending.append(Outcome(row_id, expected, values))

    def flush(self, sessions: sessionmaker[Session]) -> None:
        """Write every held outcome in one transaction; on any error keep them all and raise."""
        if not self._pending:
            return
        try:
            with transaction(sessions) as session:
                for outcome in self._pending:
                    set_if(session, outcome)
        except Exception:
            # A count only: the error text may quote SQL.
            log.warning("%d send outcome(s) kept in memory until the database is back", len(self))
            self._held = True
            raise
        if self._held:
            log.info("%d send outcome(s) held in memory written", len(self))
            self._held = False
        self._pending.clear()
