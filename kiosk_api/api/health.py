"""Liveness and readiness probes."""

from __future__ import annotations

import logging

from flask import Blueprint, Response, jsonify
from sqlalchemy import text

from kiosk_api import runtime
from kiosk_api.channels.rasa import ReportsInstances

log = logging.getLogger(__name__)
bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> Response:
    """The process is up."""
    return jsonify({"status": "ok"})


@bp.get("/readyz")
def readyz() -> tuple[Response, int]:
    """Ready when the docket database answers and at least one Rasa instance does."""
    checks: dict[str, str] = {}
    try:
        runtime.db_session().execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as exc:  # any driver error means "not ready", never a 500
        log.warning("readiness: database check failed: %s", type(exc).__name__)
        checks["database"] = "unavailable"
    rasa = runtime.rasa()
    body: dict[str, object] = {}
    if isinstance(rasa, ReportsInstances):
        # Counts only: the instances' internal addresses are no business of a public probe.
        answering, configured = rasa.instances_answering()
        body["rasa_instances"] = {"answering": answering, "configured": configured}
        reachable = answering > 0
    else:
        reachable = rasa.is_reachable()
    checks["rasa"] = "ok" if reachable else "unavailable"
    ready = all(value == "ok" for value in checks.values())
    body = {"status": "ready" if ready else "not_ready", "checks": checks, **body}
    if not ready:
        body["error"] = {"code": "not_ready", "message": "服务尚未就绪，请稍后再试"}
    return jsonify(body), 200 if ready else 503
