"""The kiosk's risk-report pages: type a report code, see and print the A4 report."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from kiosk_api import runtime
from kiosk_api.errors import ApiError
from kiosk_api.kiosk import device_gate, page_policy
from kiosk_api.services.risk_reports import kept_report

bp = Blueprint("kiosk_risk", __name__, url_prefix="/kiosk/risk", template_folder="templates")
page_policy.install(bp)
# The report's link goes out by SMS to the citizen's own phone, so that page stays public.
device_gate.install(bp, public=("kiosk_risk.report",))

MAX_CODE_CHARS = 40
# What the chat understands as "start a risk assessment" (data/nlu/risk.yml, assess_risk).
START_MESSAGE = "风险评估"


@bp.get("")
def find() -> tuple[str, int]:
    """A box for the report code; with `code`, the report itself."""
    code = request.args.get("code", "").strip()[:MAX_CODE_CHARS]
    if not code:
        return _find_page(None, ""), 200
    return _report_page(code)


@bp.get("/reports/<code>")
def report(code: str) -> tuple[str, int]:
    """The printable report for a code."""
    return _report_page(code[:MAX_CODE_CHARS])


def _report_page(code: str) -> tuple[str, int]:
    try:
        found = kept_report(runtime.db_session(), code)
    except ApiError as error:
        return _find_page(error.message, code), error.status
    return render_template("kiosk/risk_report.html", r=found), 200


def _find_page(error: str | None, code: str) -> str:
    return render_template(
        "kiosk/risk_find.html", error=error, code=code, start_message=START_MESSAGE
    )
