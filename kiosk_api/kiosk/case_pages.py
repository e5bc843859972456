"""案件查询 on the kiosk: how identity is verified, then the lookup starts in the chat."""

from __future__ import annotations

from flask import Blueprint, render_template

from kiosk_api import runtime
from kiosk_api.kiosk import device_gate, page_policy

bp = Blueprint("kiosk_cases", __name__, url_prefix="/kiosk/cases", template_folder="templates")
page_policy.install(bp)
device_gate.install(bp)

# What the chat understands as "I want to look up my case" (data/nlu/cases.yml, query_case).
START_MESSAGE = "我要查询案件进度"


@bp.get("")
def index() -> str:
    """What verification needs and a button that opens the lookup in the chat; no case data."""
    minutes = max(1, runtime.settings().LOOKUP_CODE_TTL_SECONDS // 60)
    return render_template("kiosk/cases.html", start_message=START_MESSAGE, code_minutes=minutes)
