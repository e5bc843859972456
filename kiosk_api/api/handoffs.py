"""Handoff tickets: opened by the action server, listed and closed by court staff."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, Response, jsonify, request

from kiosk_api import runtime
from kiosk_api.api.validation import bearer_token, choice_field, json_object, text_field
from kiosk_api.errors import Unprocessable
from kiosk_api.models import HandoffTicket
from kiosk_api.services import handoffs
from kiosk_api.services.chat import Channel

bp = Blueprint("handoffs", __name__, url_prefix="/api/v1")


def _ticket_json(ticket: HandoffTicket) -> dict[str, Any]:
    return {
        "code": ticket.code,
        "conversation_id": ticket.conversation_id,
        "channel": ticket.channel,
        "reason": ticket.reason,
        "status": ticket.status,
        "transcript": ticket.transcript,
        "created_at": _utc_iso(ticket.created_at),
        "closed_at": _utc_iso(ticket.closed_at),
        "resolution": ticket.resolution,
    }


def _utc_iso(moment: dt.datetime | None) -> str | None:
    # SQLite hands back the database's UTC now() without an offset; the contract promises one.
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.isoformat()


def _transcript(body: dict[str, Any]) -> list[handoffs.TranscriptLine]:
    raw = body.get("transcript", [])
    if not isinstance(raw, list):
        raise Unprocessable("对话记录格式不正确", detail={"field": "transcript"})
    lines = []
    for item in raw:  # the service keeps only the last lines; bodies are size-capped
        if (
            not isinstance(item, dict)
            or item.get("speaker") not in ("user", "bot")
            or not isinstance(item.get("text"), str)
        ):
            raise Unprocessable("对话记录格式不正确", detail={"field": "transcript"})
        lines.append(handoffs.TranscriptLine(item["speaker"], item["text"]))
    return lines


@bp.post("/handoffs")
def open_handoff() -> tuple[Response, int]:
    """Open a handoff ticket (action server only, with the service token)."""
    bearer_token([runtime.settings().SERVICE_TOKEN])
    body = json_object()
    channel = choice_field(body, "channel", "渠道", [c.value for c in Channel])
    ticket = handoffs.open_ticket(
        runtime.session_factory(),
        conversation_id=text_field(body, "conversation_id", "会话标识", max_chars=128),
        channel=channel,
        reason=text_field(body, "reason", "转人工原因", max_chars=200, required=False)
        or "用户要求",
        transcript=_transcript(body),
    )
    return jsonify(_ticket_json(ticket)), 201


@bp.get("/staff/handoffs")
def list_handoffs() -> Response:
    """Tickets for court staff, newest first; `?status=open` for the queue."""
    bearer_token(runtime.settings().STAFF_TOKENS)
    status = request.args.get("status")
    if status not in (None, "open", "closed"):
        raise Unprocessable("状态只能是 open 或 closed", detail={"field": "status"})
    tickets = handoffs.list_tickets(runtime.db_session(), status)
    return jsonify({"tickets": [_ticket_json(t) for t in tickets]})


@bp.post("/staff/handoffs/<code>/close")
def close_handoff(code: str) -> Response:
    """Close a ticket with a note of what staff did."""
    bearer_token(runtime.settings().STAFF_TOKENS)
    body = json_object()
    resolution = text_field(body, "resolution", "处理结果", max_chars=1000)
    ticket = handoffs.close_ticket(runtime.session_factory(), code, resolution)
    return jsonify(_ticket_json(ticket))
