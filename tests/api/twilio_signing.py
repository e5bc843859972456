"""What Twilio's webhooks send in tests: our settings' side of it and the signature it computes."""

from __future__ import annotations

from twilio.request_validator import RequestValidator

AUTH_TOKEN = "test-twilio-auth-token"
ACCOUNT_SID = "AC" + "0" * 32
PUBLIC_BASE_URL = "https://court.example.cn"
SENDER_KEY = "test-sender-key"
CITIZEN = "+8613800138001"


def sign(url: str, params: dict[str, str], token: str = AUTH_TOKEN) -> str:
    """X-Twilio-Signature exactly as Twilio computes it: HMAC-SHA1 of URL + sorted params."""
    return RequestValidator(token).compute_signature(url, params)
