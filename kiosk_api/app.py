"""Application factory of the kiosk API (also the `flask --app kiosk_api.app` entry point)."""

from __future__ import annotations

import logging
import re
import time
import uuid
from typing import Any

from flask import Flask, Response, g, request

from kiosk_api import runtime
from kiosk_api.api import (
    case_numbers,
    cases,
    chat,
    courts,
    deadlines,
    disputes,
    fees,
    handoffs,
    health,
    hearings,
    jurisdiction,
    kiosks,
    openapi,
    risk,
)
from kiosk_api.api.request_guards import install_request_guards
from kiosk_api.channels import twilio_sms, twilio_voice, wechat
from kiosk_api.channels.rasa import HttpRasaClient, RasaClient
from kiosk_api.config import Settings
from kiosk_api.db import make_engine, make_session_factory
from kiosk_api.domain.privacy import keyed_digest
from kiosk_api.errors import register_error_handlers
from kiosk_api.kiosk import (
    case_pages,
    chat_pages,
    fee_pages,
    filing_pages,
    hearing_pages,
    home_pages,
    risk_pages,
    session_reset,
    setup_pages,
)
from kiosk_api.logging_setup import configure_logging
from kiosk_api.notify.senders import SmsSender, make_sender
from kiosk_api.services.fee_standards import load_fee_tables
from kiosk_api.services.filing_reference import load_filing_reference
from kiosk_api.services.lookup_limits import LookupLimits

log = logging.getLogger("kiosk_api.access")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def create_app(
    config: Settings | dict[str, Any] | None = None,
    *,
    rasa: RasaClient | None = None,
    sms: SmsSender | None = None,
) -> Flask:
    """Build the kiosk API; outside services are created here, never at import time."""
    if isinstance(config, Settings):
        settings = config
    else:
        settings = Settings.from_env().with_overrides(config or {})
    settings.check_production()
    configure_logging(settings.LOG_LEVEL)

    app = Flask(__name__, static_folder=None)
    app.config["MAX_CONTENT_LENGTH"] = settings.MAX_CONTENT_LENGTH
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]
    # The kiosk's signed session holds only the chat's random sender id. Its key is derived from
    # a secret production already requires, so no new secret has to be configured.
    app.secret_key = keyed_digest(settings.SENDER_HASH_KEY, "kiosk-session-cookie")
    app.config["SESSION_COOKIE_NAME"] = "kiosk_session"
    app.config["SESSION_COOKIE_SAMESITE"] = "Strict"

    engine = make_engine(settings.DATABASE_URL)
    app.extensions["court.settings"] = settings
    app.extensions["court.engine"] = engine
    app.extensions["court.sessions"] = make_session_factory(engine)
    app.extensions["court.rasa"] = rasa or HttpRasaClient(
        settings.RASA_URL, settings.CHAT_TIMEOUT_SECONDS, settings.READY_TIMEOUT_SECONDS
    )
    app.extensions["court.fees"] = load_fee_tables(
        settings.FEE_STANDARDS_FILE, settings.FEE_ROUNDING, settings.COURT_PROVINCE
    )
    app.extensions["court.filing"] = load_filing_reference(settings.FILING_STANDARDS_FILE)
    app.extensions["court.sms"] = sms or make_sender(settings)
    app.extensions["court.lookup_limits"] = LookupLimits.from_settings(settings)

    for blueprint in (
        health.bp,
        chat.bp,
        fees.bp,
        case_numbers.bp,
        cases.bp,
        hearings.bp,
        disputes.bp,
        jurisdiction.bp,
        deadlines.bp,
        courts.bp,
        risk.bp,
        handoffs.bp,
        kiosks.bp,
        openapi.bp,
        home_pages.bp,
        setup_pages.bp,
        session_reset.bp,
        fee_pages.bp,
        filing_pages.bp,
        risk_pages.bp,
        case_pages.bp,
        hearing_pages.bp,
        chat_pages.bp,
        twilio_sms.bp,
        twilio_voice.bp,
        wechat.bp,
    ):
        app.register_blueprint(blueprint)
    register_error_handlers(app)
    app.teardown_appcontext(runtime.close_db_session)
    _install_request_hooks(app)
    install_request_guards(app)

    # The CLI imports services and the worker; keep them off the import path of the app.
    from kiosk_api.cli import docket, kiosk
    from kiosk_api.notify.cli import notify

    for group in (docket, kiosk, notify):
        app.cli.add_command(group)
    return app


def _install_request_hooks(app: Flask) -> None:
    @app.before_request
    def _start() -> None:
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex[:16]
        g.started = time.perf_counter()

    @app.after_request
    def _finish(response: Response) -> Response:
        response.headers["X-Request-ID"] = g.get("request_id", "-")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        if request.path.startswith("/api/"):
            response.headers.setdefault("Cache-Control", "no-store")
        elapsed_ms = (time.perf_counter() - g.get("started", time.perf_counter())) * 1000
        # Method, route and status only: bodies and query strings may carry personal data.
        log.info(
            "%s %s %s %.1fms",
            request.method,
            request.url_rule.rule if request.url_rule else "<unmatched>",
            response.status_code,
            elapsed_ms,
        )
        return response
