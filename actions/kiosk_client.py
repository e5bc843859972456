"""Typed HTTP client for the kiosk API: the only way actions reach legal rules and the docket."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import requests

from actions.settings import ActionSettings

# Reference data that changes only with a deployment, kept per kiosk API URL and path.
REFERENCE_TTL_SECONDS = 60.0
_REFERENCE: dict[tuple[str, str], tuple[float, dict[str, Any]]] = {}


class KioskApiError(Exception):
    """The kiosk API could not be reached or refused the request."""


class KioskApiRefused(KioskApiError):
    """The kiosk API answered 4xx; `message` is its Chinese explanation for the citizen."""

    def __init__(
        self, status: int, code: str, message: str, detail: dict[str, Any] | None = None
    ) -> None:
        super().__init__(f"HTTP {status} {code}")
        self.status = status
        self.code = code
        self.message = message
        self.detail = detail or {}


@dataclass(frozen=True)
class TranscriptLine:
    """One message before a handoff."""

    speaker: str  # user / bot
    text: str


@dataclass(frozen=True)
class HandoffTicket:
    """The ticket staff will see."""

    code: str
    status: str


class KioskClient:
    """Calls the kiosk API with the service token and a timeout on every request.

    A connection lost under a request (a gunicorn worker killed or recycled mid-request) is
    retried once, at once — but only for reads and for POSTs that compute an answer without
    writing anything (`pure=True`): repeating those cannot do anything twice. Writes (handoff
    tickets, lookups that text a code, subscriptions) are never repeated, and nothing is
    repeated after a timeout: the API may still be working on it, and the citizen is waiting.
    """

    def __init__(self, settings: ActionSettings, http: requests.Session | None = None):
        self._settings = settings
        self._http = http or requests.Session()

    @classmethod
    def from_env(cls) -> KioskClient:
        """A client for the action server's settings (KIOSK_API_URL, SERVICE_TOKEN …)."""
        return cls(ActionSettings.from_env())

    def _post(self, path: str, payload: dict[str, Any], *, pure: bool = False) -> dict[str, Any]:
        return self._call("POST", path, payload, repeatable=pure)

    def _call(
        self,
        method: str,
        path: str,
        payload: dict[str, Any] | None,
        *,
        token: str | None = None,
        repeatable: bool = False,
    ) -> dict[str, Any]:
        # Case reads carry the party's lookup token instead of the service token.
        bearer = token or self._settings.service_token
        tries = 2 if method == "GET" or repeatable else 1
        for attempt in range(1, tries + 1):
            try:
                response = self._http.request(
                    method,
                    f"{self._settings.kiosk_api_url}{path}",
                    json=payload,
                    headers={"Authorization": f"Bearer {bearer}"},
                    timeout=self._settings.timeout_seconds,
                )
                break
            except requests.Timeout as exc:
                # Includes ConnectTimeout (also a ConnectionError): never retried.
                raise KioskApiError(type(exc).__name__) from exc
            except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError) as exc:
                # Cut before or during the answer (ChunkedEncodingError: half an answer).
                if attempt == tries:
                    raise KioskApiError(type(exc).__name__) from exc
            except requests.RequestException as exc:
                raise KioskApiError(type(exc).__name__) from exc
        try:
            body = response.json()
        except ValueError as exc:
            raise KioskApiError(f"HTTP {response.status_code}, not JSON") from exc
        if not isinstance(body, dict):
            raise KioskApiError("response is not a JSON object")
        if 400 <= response.status_code < 500 and isinstance(body.get("error"), dict):
            error = body["error"]
            detail = error.get("detail")
            raise KioskApiRefused(
                response.status_code,
                str(error.get("code")),
                str(error.get("message")),
                detail if isinstance(detail, dict) else None,
            )
        if response.status_code >= 400:
            raise KioskApiError(f"HTTP {response.status_code}")
        return body

    def _reference(self, path: str) -> dict[str, Any]:
        """GET reference data (fee kinds, questionnaires), kept for a minute.

        A form turn asks for it several times (rasa-sdk calls required_slots for extraction,
        validation and the next question); it changes only with a deployment.
        """
        key = (self._settings.kiosk_api_url, path)
        cached = _REFERENCE.get(key)
        if cached and time.monotonic() - cached[0] < REFERENCE_TTL_SECONDS:
            return cached[1]
        body = self._call("GET", path, None)
        _REFERENCE[key] = (time.monotonic(), body)
        return body

    def fee_kinds(self) -> dict[str, dict[str, Any]]:
        """The fee case kinds by code, with label and amount use (required/optional/not_used)."""
        return {kind["case_kind"]: kind for kind in self._reference("/api/v1/fees/kinds")["kinds"]}

    def risk_questionnaires(self) -> list[dict[str, Any]]:
        """GET /api/v1/risk/questionnaires: the dispute types that have one, with titles."""
        return list(self._reference("/api/v1/risk/questionnaires")["questionnaires"])

    def risk_questionnaire(self, dispute: str) -> dict[str, Any]:
        """GET /api/v1/risk/questionnaires/{dispute}: its questions in asking order."""
        return self._reference(f"/api/v1/risk/questionnaires/{quote(dispute)}")

    def read_risk_answer(self, dispute: str, question: str, text: str) -> dict[str, Any]:
        """POST /api/v1/risk/answers/read: what a free-text answer means, or KioskApiRefused."""
        return self._post(
            "/api/v1/risk/answers/read",
            {"dispute": dispute, "question": question, "text": text[:200]},
            pure=True,
        )

    def assess_risk(self, dispute: str, answers: dict[str, Any]) -> dict[str, Any]:
        """POST /api/v1/risk/assess: the report, kept under an anonymous code."""
        return self._post("/api/v1/risk/assess", {"dispute": dispute, "answers": answers})

    def text_risk_link(self, code: str, phone: str) -> dict[str, Any]:
        """POST /api/v1/risk/reports/{code}/sms: queue the report link for one number."""
        return self._post(f"/api/v1/risk/reports/{quote(code)}/sms", {"phone": phone[:32]})

    def estimate_fee(self, request: dict[str, Any]) -> dict[str, Any]:
        """POST /api/v1/fees/estimate."""
        return self._post("/api/v1/fees/estimate", request, pure=True)

    def parse_amount(self, text: str, *, allow_zero: bool) -> dict[str, Any]:
        """POST /api/v1/amounts/parse: the amount as a decimal string, or KioskApiRefused."""
        return self._post(
            "/api/v1/amounts/parse", {"text": text, "allow_zero": allow_zero}, pure=True
        )

    def fee_relief(self, applicant: str, circumstances: list[str]) -> dict[str, Any]:
        """POST /api/v1/fees/relief."""
        return self._post(
            "/api/v1/fees/relief",
            {"applicant": applicant, "circumstances": circumstances},
            pure=True,
        )

    def open_handoff(
        self, *, conversation_id: str, channel: str, reason: str, transcript: list[TranscriptLine]
    ) -> HandoffTicket:
        """Open (or reuse) the conversation's handoff ticket."""
        body = self._post(
            "/api/v1/handoffs",
            {
                "conversation_id": conversation_id,
                "channel": channel,
                "reason": reason,
                "transcript": [{"speaker": t.speaker, "text": t.text} for t in transcript],
            },
        )
        return HandoffTicket(code=str(body["code"]), status=str(body["status"]))

    def parse_case_number(self, text: str) -> dict[str, Any]:
        """POST /api/v1/case-numbers/parse: the canonical 案号 and its parts, or KioskApiRefused."""
        return self._post("/api/v1/case-numbers/parse", {"text": text}, pure=True)

    def start_lookup(
        self, *, case_number: str, conversation_id: str, channel: str, phone: str | None
    ) -> dict[str, Any]:
        """POST /api/v1/cases/lookup: an SMS code to the phone on file (typed, or the sender's)."""
        payload = {
            "case_number": case_number,
            "method": "sms",
            "channel": channel,
            "conversation_id": conversation_id,
        }
        if phone:
            payload["phone"] = phone
        return self._post("/api/v1/cases/lookup", payload)

    def verify_lookup(
        self, *, challenge_id: str, code: str, conversation_id: str, channel: str
    ) -> dict[str, Any]:
        """POST /api/v1/cases/lookup/verify: the lookup token, or KioskApiRefused (422/429)."""
        return self._post(
            "/api/v1/cases/lookup/verify",
            {
                "challenge_id": challenge_id,
                "code": code,
                "channel": channel,
                "conversation_id": conversation_id,
            },
        )

    def case_view(self, case_number: str, token: str) -> dict[str, Any]:
        """GET /api/v1/cases/{案号} with the party's lookup token."""
        return self._call("GET", f"/api/v1/cases/{quote(case_number)}", None, token=token)

    def set_subscription(self, case_number: str, token: str, *, subscribed: bool) -> dict[str, Any]:
        """Subscribe (POST) or unsubscribe (DELETE) the verified party's SMS reminders."""
        method = "POST" if subscribed else "DELETE"
        path = f"/api/v1/cases/{quote(case_number)}/subscription"
        return self._call(method, path, None, token=token)

    def classify_dispute(self, text: str) -> dict[str, Any]:
        """POST /api/v1/disputes/classify: ranked dispute types for a description."""
        return self._post("/api/v1/disputes/classify", {"text": text[:500]}, pure=True)

    def dispute(self, code: str) -> dict[str, Any]:
        """GET /api/v1/disputes/{code}: materials, courts, mediation, limitation, fee kind."""
        return self._call("GET", f"/api/v1/disputes/{quote(code)}", None)

    def filing_guide(self) -> dict[str, Any]:
        """GET /api/v1/filing-guide: ways to file and pre-litigation mediation, for any dispute."""
        return self._call("GET", "/api/v1/filing-guide", None)

    def deadline(self, question: str) -> dict[str, Any]:
        """POST /api/v1/deadlines/compute for a question as asked (period and date read from it)."""
        return self._post("/api/v1/deadlines/compute", {"question": question[:200]}, pure=True)

    def courts(self, query: str = "") -> dict[str, Any]:
        """GET /api/v1/courts, filtered by the court or place a text names."""
        return self._call("GET", f"/api/v1/courts?q={quote(query[:100])}", None)
