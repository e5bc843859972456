"""The kiosk's filing-guide pages: every dispute type, its printable checklist and how to file."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request

from kiosk_api import runtime
from kiosk_api.api.validation import text_field
from kiosk_api.domain.disputes import Category
from kiosk_api.errors import ApiError
from kiosk_api.kiosk import device_gate, page_policy
from kiosk_api.services.fee_estimates import kinds_json
from kiosk_api.services.filing_guide import catalog_index, classification_json, dispute_detail

bp = Blueprint("kiosk_filing", __name__, url_prefix="/kiosk/filing", template_folder="templates")

# The kiosk's text box, not the chat: a short description is enough to pick a dispute type.
MAX_QUERY_CHARS = 200
MAX_CODE_CHARS = 40
UNSURE_TEXT = "还不能确定是哪类纠纷，请选择最接近的一项或再说具体一些"
CATEGORY_LABELS = {
    Category.CIVIL.value: "民事纠纷",
    Category.ADMINISTRATIVE.value: "行政案件（告政府部门）",
    Category.ENFORCEMENT.value: "申请执行",
}
page_policy.install(bp)
device_gate.install(bp)


@bp.get("")
def index() -> tuple[str, int]:
    """Every dispute type as a button, and the matches for what the person typed in `q`."""
    raw = request.args.get("q", "")
    try:
        query = text_field({"q": raw}, "q", "您的情况", max_chars=MAX_QUERY_CHARS, required=False)
    except ApiError as error:
        return _index_page(raw, error=error.message), error.status
    if not query:
        return _index_page(""), 200
    reference = runtime.filing()
    result = classification_json(reference.classifier.classify(query), reference.catalog)
    return _index_page(query, classification=result), 200


@bp.get("/<code>")
def dispute(code: str) -> tuple[str, int]:
    """One dispute type: what to bring, where to sue, time limits and how to file."""
    catalog = runtime.filing().catalog
    found = catalog.get(code)
    if found is None:
        missing = f"没有找到“{code[:MAX_CODE_CHARS]}”这类纠纷，请从下面选择最接近的一项"
        return _index_page("", error=missing), 404
    detail = dispute_detail(found, catalog)
    fee_labels = {kind["case_kind"]: kind["label"] for kind in kinds_json()}
    page = render_template(
        "kiosk/filing_dispute.html",
        d=detail,
        category_label=CATEGORY_LABELS.get(detail["category"], ""),
        fee_label=fee_labels.get(detail["fee"]["case_kind"], ""),
    )
    return page, 200


def _index_page(
    query: str, *, classification: dict[str, Any] | None = None, error: str | None = None
) -> str:
    disputes = catalog_index(runtime.filing().catalog)["disputes"]
    names = {d["code"]: d["names"] for d in disputes}
    groups = [
        {"label": label, "disputes": [d for d in disputes if d["category"] == category]}
        for category, label in CATEGORY_LABELS.items()
    ]
    matches = [
        {**m, "name": (names.get(m["code"]) or [""])[0]}
        for m in (classification["matches"] if classification else [])
    ]
    return render_template(
        "kiosk/filing_index.html",
        groups=[g for g in groups if g["disputes"]],
        query=query,
        classified=classification is not None,
        unsure=bool(classification and classification["unsure"]),
        unsure_text=UNSURE_TEXT,
        matches=matches,
        error=error,
        max_query_chars=MAX_QUERY_CHARS,
    )
