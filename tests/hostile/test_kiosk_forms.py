"""Every field of every kiosk form × hostile text: a page comes back, escaped, the docket untouched.

The forms are read from the kiosk pages themselves, so a field added later is covered too.
"""

from __future__ import annotations

import logging
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import pytest

from kiosk_api.db import transaction
from kiosk_api.kiosk.device_gate import COOKIE
from kiosk_api.services.kiosk_devices import register_device
from tests.hostile.conftest import assert_no_leak_in_logs, docket_rows
from tests.hostile.payloads import FORM_TEXT, MARKUP

PAGES = [
    "/kiosk",
    "/kiosk/chat",
    "/kiosk/fees",
    "/kiosk/fees/relief",
    "/kiosk/filing",
    "/kiosk/hearings",
    "/kiosk/risk",
    "/kiosk/cases",
    "/kiosk/setup",
]


class _Forms(HTMLParser):
    """The forms of a page: action, method, and each field with its first offered value."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Collect forms and their named fields."""
        values = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(
                {
                    "action": values.get("action", ""),
                    "method": values.get("method", "get").upper(),
                    "fields": {},
                }
            )
        elif self.forms and tag in ("input", "textarea", "select") and values.get("name"):
            if values.get("type") in ("submit", "button"):
                return
            self.forms[-1]["fields"].setdefault(values["name"], values.get("value", ""))
            self._select = values["name"] if tag == "select" else None
        elif tag == "option" and self._select and self.forms:
            fields = self.forms[-1]["fields"]
            if not fields.get(self._select):
                fields[self._select] = values.get("value", "")


def _kiosk_client(app: Any) -> Any:
    with transaction(app.extensions["court.sessions"]) as session:
        token = register_device(session, "大厅测试机")
    client = app.test_client()
    client.set_cookie(COOKIE, token, path="/kiosk")
    return client


# Inputs the pages take from links rather than forms.
LINK_INPUTS = [("/kiosk/hearings", "/kiosk/hearings", "GET", {"date": ""})]


def _forms(client: Any) -> list[tuple[str, str, str, dict[str, str]]]:
    """(page, action, method, fields) of every distinct form, each field to be attacked in turn."""
    found: list[tuple[str, str, str, dict[str, str]]] = list(LINK_INPUTS)
    seen = set()
    for page in PAGES:
        response = client.get(page)
        assert response.status_code == 200, page
        parser = _Forms()
        parser.feed(response.get_data(as_text=True))
        for form in parser.forms:
            action = urlsplit(form["action"]).path or page
            key = (action, form["method"], frozenset(form["fields"]))
            if form["fields"] and key not in seen:
                seen.add(key)
                found.append((page, action, form["method"], form["fields"]))
    return found


def test_the_kiosk_pages_have_forms_to_attack(hostile_app: Any) -> None:
    forms = _forms(_kiosk_client(hostile_app))
    fields = {(action, name) for _page, action, _method, f in forms for name in f}
    # The forms this test must keep reaching; a page that loses its form fails here, loudly.
    assert {("/kiosk/chat", "message"), ("/kiosk/setup", "token")} <= fields, fields
    assert len(fields) >= 6, fields


def test_hostile_text_in_every_kiosk_field_comes_back_escaped(
    hostile_app: Any, fake_rasa: Any, caplog: pytest.LogCaptureFixture
) -> None:
    client = _kiosk_client(hostile_app)
    sessions = hostile_app.extensions["court.sessions"]
    before = docket_rows(sessions)
    forms = _forms(client)
    with caplog.at_level(logging.DEBUG):
        for kind, text in FORM_TEXT.items():
            # The assistant answers with the same text, so the chat page renders it twice.
            fake_rasa.replies = [{"recipient_id": "x", "text": text}]
            for _page, action, method, fields in forms:
                for name in fields:
                    data = {**fields, name: text}
                    if method == "POST":
                        response = client.post(action, data=data)
                    else:
                        response = client.get(action, query_string=data)
                    where = f"{method} {action} {name} {kind}"
                    assert response.status_code < 500, where
                    if response.mimetype == "text/html":
                        page = response.get_data(as_text=True)
                        for marker in MARKUP:
                            assert marker not in page, where
    assert_no_leak_in_logs(caplog)
    assert docket_rows(sessions) == before
