"""The kiosk's fee calculator and relief pages: a form in, the API's own estimate out."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from flask import Blueprint, Response, render_template, request

from kiosk_api import runtime
from kiosk_api.domain.amounts import group_yuan
from kiosk_api.domain.fee_relief import GROUNDS, MEASURE_LABELS, Applicant, Measure
from kiosk_api.domain.fees import Instance, Outcome, Procedure, RetrialGround
from kiosk_api.domain.provinces import PROVINCES
from kiosk_api.errors import ApiError
from kiosk_api.kiosk import device_gate
from kiosk_api.services.fee_estimates import (
    MAX_AMOUNT_TEXT,
    cite,
    estimate_from,
    kinds_json,
    relief_from,
)

bp = Blueprint(
    "kiosk",
    __name__,
    url_prefix="/kiosk",
    static_folder="static",
    static_url_path="/static",
    template_folder="templates",
)

# The stylesheet and scripts stay public: the SMS-linked risk report needs them on a phone.
device_gate.install(bp, public=("kiosk.static",))

# Everything the page needs comes from this app: the CSP makes a stray external URL inert.
_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
# What the estimate form shows before anything is submitted; empty choices mean these too.
_CHOICE_DEFAULTS = {
    "procedure": Procedure.ORDINARY.value,
    "outcome": Outcome.JUDGMENT.value,
    "instance": Instance.FIRST.value,
    "retrial_ground": RetrialGround.OTHER.value,
}
_CHECKED = ("on", "true", "1", "yes")


def yuan(value: Any) -> str:
    """An API money string for reading: "1800.00" as "1,800", "16.67" as "16.67"."""
    if value is None or value == "":
        return ""
    try:
        return group_yuan(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return str(value)


bp.add_app_template_filter(yuan, "yuan")


@bp.context_processor
def _page_context() -> dict[str, Any]:
    settings = runtime.settings()
    return {"service_hall": settings.SERVICE_HALL, "hotline": settings.HOTLINE}


@bp.after_request
def _kiosk_headers(response: Response) -> Response:
    if request.endpoint != "kiosk.static":
        # A shared terminal: the next person must not page back to someone else's figures.
        response.headers["Cache-Control"] = "no-store"
        response.headers.setdefault("Content-Security-Policy", _CSP)
    return response


@bp.get("/fees")
def fees() -> str:
    """The empty fee form, the court's province and 财产案件 chosen."""
    return _fees_page({"case_kind": "property"}, None, None)


@bp.post("/fees")
def fees_estimate() -> tuple[str, int]:
    """The fee form again, with the same estimate and basis the JSON API gives."""
    form = request.form
    try:
        result = estimate_from(form, runtime.fee_tables())
    except ApiError as error:
        return _fees_page(form, None, error), error.status
    return _fees_page(form, result, None), 200


@bp.get("/fees/relief")
def relief() -> str:
    """The 司法救助 form: who applies and in which circumstances."""
    return _relief_page(Applicant.NATURAL_PERSON.value, [], None, None)


@bp.post("/fees/relief")
def relief_assess() -> tuple[str, int]:
    """What of 缓交/减交/免交 the ticked circumstances may earn, with materials and timing."""
    applicant = request.form.get("applicant", "")
    circumstances = request.form.getlist("circumstances")
    try:
        result = relief_from({"applicant": applicant, "circumstances": circumstances})
    except ApiError as error:
        return _relief_page(applicant, circumstances, None, error), error.status
    return _relief_page(applicant, circumstances, result, None), 200


def _fees_page(
    submitted: Mapping[str, str],
    result: dict[str, Any] | None,
    error: ApiError | None,
) -> str:
    values: dict[str, Any] = {
        **_CHOICE_DEFAULTS,
        "province": runtime.settings().COURT_PROVINCE,
        "amount": "",
        "case_kind": "",
    }
    values.update({name: value for name, value in submitted.items() if value})
    for flag in ("counterclaim", "wage_claim"):
        values[flag] = submitted.get(flag, "") in _CHECKED
    return render_template(
        "kiosk/fees.html",
        values=values,
        kinds=kinds_json(),
        provinces=PROVINCES,
        max_amount_text=MAX_AMOUNT_TEXT,
        result=result,
        error=error.message if error else None,
        error_field=_error_field(error),
    )


def _relief_page(
    applicant: str,
    circumstances: list[str],
    result: dict[str, Any] | None,
    error: ApiError | None,
) -> str:
    groups = [
        {
            "label": MEASURE_LABELS[measure],
            "grounds": [
                {"code": g.code, "label": g.label, "basis": cite(g.basis)}
                for g in GROUNDS.values()
                if g.measure is measure
            ],
        }
        for measure in Measure
    ]
    labels = {code: g.label for code, g in GROUNDS.items()}
    return render_template(
        "kiosk/relief.html",
        applicant=applicant or Applicant.NATURAL_PERSON.value,
        chosen=set(circumstances),
        groups=groups,
        labels=labels,
        result=result,
        error=error.message if error else None,
    )


def _error_field(error: ApiError | None) -> str | None:
    detail = error.detail if error else None
    if isinstance(detail, dict) and isinstance(detail.get("field"), str):
        return str(detail["field"])
    return None
