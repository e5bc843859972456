"""Setting a terminal up: court staff type the device token once, the browser keeps it."""

from __future__ import annotations

from flask import Blueprint, Response, make_response, redirect, render_template, request, url_for

from kiosk_api import runtime
from kiosk_api.kiosk import device_gate, page_policy
from kiosk_api.services.kiosk_devices import authenticate_device

bp = Blueprint("kiosk_setup", __name__, url_prefix="/kiosk/setup", template_folder="templates")
page_policy.install(bp)

INVALID_TOKEN = "设备凭证无效或已停用，请核对后重新输入，或请信息技术人员重新登记本终端。"


@bp.get("")
def form() -> str:
    """The token form, naming the kiosk this browser is already registered as, if any."""
    device = device_gate.current_device()
    return render_template("kiosk/setup.html", device=device, error=None)


@bp.post("")
def register() -> Response:
    """Check the typed token; if it belongs to an active kiosk, keep it and go to the home page."""
    token = request.form.get("token", "").strip()
    device = None
    if token and len(token) <= device_gate.MAX_TOKEN_CHARS:
        device = authenticate_device(runtime.db_session(), token)
    if device is None:
        page = render_template("kiosk/setup.html", device=None, error=INVALID_TOKEN)
        return make_response(page, 403)
    response = redirect(url_for("kiosk_home.home"), code=303)
    device_gate.set_cookie(response, token)
    return response
