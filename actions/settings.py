"""Action server settings from the environment (the same names as .env.example)."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class ActionSettings:
    """Where the kiosk API is and how to call it."""

    kiosk_api_url: str
    service_token: str
    timeout_seconds: float

    @classmethod
    def from_env(cls) -> ActionSettings:
        """Read the settings at call time, so tests and deployments can set them freely."""
        return cls(
            kiosk_api_url=os.environ.get("KIOSK_API_URL", "http://127.0.0.1:8000").rstrip("/"),
            service_token=os.environ.get("SERVICE_TOKEN", "demo-insecure-change-me"),
            timeout_seconds=float(os.environ.get("KIOSK_API_TIMEOUT_SECONDS", "5")),
        )
