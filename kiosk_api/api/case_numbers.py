"""案号 parsing: the canonical form of a case number and its parts, or what is wrong with it."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from kiosk_api import runtime
from kiosk_api.api.validation import json_object, text_field
from kiosk_api.services.case_numbers import describe_case_number

bp = Blueprint("case_numbers", __name__, url_prefix="/api/v1")

# Room for spaces between the parts; the longest real case number has 42 characters.
MAX_TEXT_CHARS = 64


@bp.post("/case-numbers/parse")
def parse() -> Response:
    """A case number as people write it, normalised and split into its parts."""
    text = text_field(json_object(), "text", "案号", max_chars=MAX_TEXT_CHARS)
    return jsonify(describe_case_number(runtime.db_session(), text))
