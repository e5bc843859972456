"""Access to the app's settings, per-request session and outside services from views."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from flask import current_app, g
from sqlalchemy.orm import Session, sessionmaker

from kiosk_api.config import Settings

if TYPE_CHECKING:
    from kiosk_api.channels.rasa import RasaClient
    from kiosk_api.notify.senders import SmsSender
    from kiosk_api.services.fee_standards import FeeTables
    from kiosk_api.services.filing_reference import FilingReference
    from kiosk_api.services.lookup_limits import LookupLimits


def settings() -> Settings:
    """The running app's settings."""
    return cast(Settings, current_app.extensions["court.settings"])


def session_factory() -> sessionmaker[Session]:
    """The running app's session factory (for CLI commands and services that frame work)."""
    return cast(sessionmaker[Session], current_app.extensions["court.sessions"])


def db_session() -> Session:
    """The session of the current request, opened on first use and closed at teardown."""
    if "db_session" not in g:
        g.db_session = session_factory()()
    return cast(Session, g.db_session)


def close_db_session(_exc: BaseException | None = None) -> None:
    """Teardown hook: roll back anything uncommitted and release the connection."""
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


def rasa() -> RasaClient:
    """The Rasa client created by the app factory."""
    return cast("RasaClient", current_app.extensions["court.rasa"])


def fee_tables() -> FeeTables:
    """The fee standards and rounding policy loaded by the app factory."""
    return cast("FeeTables", current_app.extensions["court.fees"])


def filing() -> FilingReference:
    """The dispute catalog, its classifier and the filing standards loaded by the app factory."""
    return cast("FilingReference", current_app.extensions["court.filing"])


def lookup_limits() -> LookupLimits:
    """The attempt counters of case lookups (memory, or Redis when REDIS_URL is set)."""
    return cast("LookupLimits", current_app.extensions["court.lookup_limits"])


def sms_sender() -> SmsSender:
    """The SMS sender chosen by SMS_SENDER (console in the demo, Twilio in production)."""
    return cast("SmsSender", current_app.extensions["court.sms"])
