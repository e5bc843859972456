"""Settings read from the environment (see .env.example), with embedded demo defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = PROJECT_ROOT / "var"

# Demo-only secrets: production refuses to start with them (see Settings.check_production).
_DEMO_SECRET = "demo-insecure-change-me"


def _default_database_url() -> str:
    return f"sqlite:///{VAR_DIR / 'docket.db'}"


def _csv(value: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in value.split(",") if item.strip())


@dataclass(frozen=True)
class Settings:
    """Every runtime setting of the kiosk API; field names match the environment variables."""

    ENV: str = "development"
    DATABASE_URL: str = field(default_factory=_default_database_url)
    # One Rasa, or several sharing the tracker and lock stores, separated by commas (the gateway
    # spreads turns over them; see kiosk_api/channels/rasa.py).
    RASA_URL: str = "http://127.0.0.1:5005"
    CHAT_TIMEOUT_SECONDS: float = 10.0
    READY_TIMEOUT_SECONDS: float = 2.0
    SERVICE_TOKEN: str = _DEMO_SECRET
    STAFF_TOKENS: tuple[str, ...] = ("demo-staff-token",)
    ID_HASH_KEY: str = _DEMO_SECRET
    SENDER_HASH_KEY: str = _DEMO_SECRET
    LOG_LEVEL: str = "INFO"
    MAX_CONTENT_LENGTH: int = 64 * 1024
    HOTLINE: str = "12368"
    SERVICE_HALL: str = "法院诉讼服务大厅"
    # Touch-screen kiosks: seconds without a touch before the screen returns home and forgets
    # everything of the person who used it (a warning shows a few seconds before).
    KIOSK_IDLE_SECONDS: int = 60
    # The province whose fee standard applies when a request names none (the court's own).
    COURT_PROVINCE: str = "粤"
    # Empty: the table shipped in kiosk_api/reference/fee_standards.yml.
    FEE_STANDARDS_FILE: str = ""
    # "fen" (default: exact, then half-up to the fen) or "yuan" (half-up to the whole yuan).
    FEE_ROUNDING: str = "fen"
    # Empty: kiosk_api/reference/filing_standards.yml (small-claims wages, level thresholds).
    FILING_STANDARDS_FILE: str = ""
    # 法院代字 of the court running this service: court-information answers default to it.
    HOME_COURT: str = "粤0304"
    # Empty: rate-limit counters in memory (one process); production: redis://host:6379/0.
    REDIS_URL: str = ""
    # Secret that signs case-lookup tokens; production must set its own.
    LOOKUP_TOKEN_KEY: str = _DEMO_SECRET
    LOOKUP_CODE_TTL_SECONDS: int = 300
    LOOKUP_TOKEN_TTL_SECONDS: int = 900
    # Failed verifications per case and per client before a lockout of LOOKUP_LOCKOUT_MINUTES.
    LOOKUP_MAX_FAILURES_PER_CASE: int = 5
    LOOKUP_MAX_FAILURES_PER_CLIENT: int = 10
    LOOKUP_LOCKOUT_MINUTES: int = 30
    # Codes sent per case and per client in LOOKUP_LOCKOUT_MINUTES (each SMS costs money).
    LOOKUP_MAX_CODES_PER_CASE: int = 3
    LOOKUP_MAX_CODES_PER_CLIENT: int = 10
    # The court's clock: hearing times, quiet hours and reminders are in this zone.
    COURT_TIMEZONE: str = "Asia/Shanghai"
    # SMS sender: console (printed to the log) or twilio.
    SMS_SENDER: str = "console"
    TWILIO_ACCOUNT_SID: str = ""
    TWILIO_AUTH_TOKEN: str = ""
    TWILIO_FROM_NUMBER: str = ""
    # Empty: Twilio's own API; tests point the real client at a local stand-in.
    TWILIO_API_BASE_URL: str = ""
    # The public https origin Twilio calls back (status callbacks, signature checks).
    PUBLIC_BASE_URL: str = "http://127.0.0.1:8000"
    # No SMS between these local times (HH:MM-HH:MM); due messages wait for the morning.
    NOTIFY_QUIET_HOURS: str = "21:00-08:00"
    HEARING_REMINDER_HOURS: int = 24
    NOTIFY_MAX_ATTEMPTS: int = 5
    NOTIFY_RETRY_BASE_SECONDS: int = 60
    # WeChat official account (GET/POST /wechat). Empty token: every request is refused (403).
    WECHAT_TOKEN: str = ""
    WECHAT_APP_ID: str = ""
    # Gets the access token of the customer-service API (answers sent after the reply window).
    WECHAT_APP_SECRET: str = ""
    # 43 characters; empty: plain mode (明文模式) only, no safe mode (安全模式).
    WECHAT_ENCODING_AES_KEY: str = ""
    # WeChat's API origin; tests point the real client at a local stand-in.
    WECHAT_API_BASE_URL: str = "https://api.weixin.qq.com"
    # How long a message waits for the assistant before WeChat gets "success" and the answer
    # follows as a customer-service message (WeChat gives up on a reply after 5 s).
    WECHAT_REPLY_BUDGET_SECONDS: float = 4.0
    # Voice hotline (/twilio/voice). Speech recognition language of <Gather> (BCP-47; Twilio
    # lists cmn-Hans-CN as Mandarin, Simplified, China).
    VOICE_SPEECH_LANGUAGE: str = "cmn-Hans-CN"
    # Text-to-speech of <Say>: a Twilio voice and its language (Amazon Polly's Mandarin voice
    # Zhiyu speaks cmn-CN; e.g. Polly.Zhiyu for the standard engine, Google.cmn-CN-Wavenet-A).
    VOICE_SAY_VOICE: str = "Polly.Zhiyu-Neural"
    VOICE_SAY_LANGUAGE: str = "cmn-CN"
    # Staff line a caller is transferred to (<Dial>, E.164); empty: no line, the caller hears
    # the hotline and the service hall instead.
    VOICE_HANDOFF_NUMBER: str = ""

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        """Build settings from environment variables, falling back to the demo defaults."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = env.get(f.name)
            if raw is None or raw == "":
                continue
            if f.name == "STAFF_TOKENS":
                values[f.name] = _csv(raw)
            elif f.type == "float":
                values[f.name] = float(raw)
            elif f.type == "int":
                values[f.name] = int(raw)
            else:
                values[f.name] = raw
        return cls(**values)  # type: ignore[arg-type]

    def with_overrides(self, overrides: dict[str, object]) -> Settings:
        """A copy with some settings replaced (used by tests and the CLI)."""
        return Settings(**{**{f.name: getattr(self, f.name) for f in fields(self)}, **overrides})

    def check_production(self) -> None:
        """Refuse to run in production on demo secrets or per-process lookup counters."""
        if self.ENV != "production":
            return
        weak = [
            name
            for name in ("SERVICE_TOKEN", "ID_HASH_KEY", "SENDER_HASH_KEY", "LOOKUP_TOKEN_KEY")
            if getattr(self, name) == _DEMO_SECRET
        ]
        if "demo-staff-token" in self.STAFF_TOKENS:
            weak.append("STAFF_TOKENS")
        # In memory each gunicorn worker would count lookup failures on its own, multiplying
        # the attempts a guesser gets by the number of workers.
        if not self.REDIS_URL:
            weak.append("REDIS_URL")
        # WeChat answers that miss the reply window need the customer-service API's credentials.
        if self.WECHAT_TOKEN:
            weak += [n for n in ("WECHAT_APP_ID", "WECHAT_APP_SECRET") if not getattr(self, n)]
        if weak:
            raise RuntimeError(f"production needs real values for: {', '.join(weak)}")
