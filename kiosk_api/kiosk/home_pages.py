"""The kiosk's home screen: one big button per service, where every idle timeout returns."""

from __future__ import annotations

from flask import Blueprint, Response, make_response, render_template, session

from kiosk_api.kiosk import device_gate, page_policy

bp = Blueprint("kiosk_home", __name__, url_prefix="/kiosk", template_folder="templates")
page_policy.install(bp)
device_gate.install(bp)

# The six services in the order of the hall's signage; endpoint names, not paths, so a moved
# page cannot leave a dead button.
SERVICES = (
    ("kiosk_filing.index", "立案指引", "要带什么材料、去哪个法院、怎么立案"),
    ("kiosk.fees", "诉讼费计算", "按《诉讼费用交纳办法》算一算"),
    ("kiosk_cases.index", "案件查询", "验证身份后查询案件进展"),
    ("kiosk_risk.find", "风险评估", "评估诉讼风险，打印评估报告"),
    ("kiosk_hearings.index", "开庭公告", "今天和近几天公开开庭的案件"),
    ("kiosk_chat.index", "智能问答", "有问题直接问智能助手"),
)


@bp.get("")
def home() -> Response:
    """The six service buttons; also renews the device cookie of a kiosk in use."""
    # `fresh` tells the idle timer there is nothing of anyone's here to wipe.
    page = render_template("kiosk/home.html", services=SERVICES, fresh=not session)
    response = make_response(page)
    device_gate.renew_cookie(response)
    return response
