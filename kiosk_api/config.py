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
    # The province whose fee standard applies when a request names none (the court's own).
    COURT_PROVINCE: str = "粤"
    # Empty: the table shipped in kiosk_api/reference/fee_standards.yml.
    FEE_STANDARDS_FILE: str = ""
    # "fen" (default: exact, then half-up to the fen) or "yuan" (half-up to the whole yuan).
    FEE_ROUNDING: str = "fen"

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
        """Refuse to run in production on demo secrets."""
        if self.ENV != "production":
            return
        weak = [
            name
            for name in ("SERVICE_TOKEN", "ID_HASH_KEY", "SENDER_HASH_KEY")
            if getattr(self, name) == _DEMO_SECRET
        ]
        if "demo-staff-token" in self.STAFF_TOKENS:
            weak.append("STAFF_TOKENS")
        if weak:
            raise RuntimeError(f"production needs real values for: {', '.join(weak)}")
