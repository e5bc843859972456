"""Settings from the environment."""

import pytest

from kiosk_api.config import Settings

# Every secret set to a real value, and the shared counters production needs.
PRODUCTION = {
    "ENV": "production",
    "SERVICE_TOKEN": "s" * 32,
    "ID_HASH_KEY": "i" * 32,
    "SENDER_HASH_KEY": "h" * 32,
    "LOOKUP_TOKEN_KEY": "l" * 32,
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "STAFF_TOKENS": "t" * 32,
}


def test_settings_are_read_from_the_environment():
    settings = Settings.from_env(
        {"DATABASE_URL": "postgresql://x/y", "STAFF_TOKENS": "a, b,", "CHAT_TIMEOUT_SECONDS": "3.5"}
    )
    assert settings.DATABASE_URL == "postgresql://x/y"
    assert settings.STAFF_TOKENS == ("a", "b")
    assert settings.CHAT_TIMEOUT_SECONDS == 3.5


def test_production_refuses_to_start_on_demo_secrets():
    with pytest.raises(RuntimeError, match="SERVICE_TOKEN"):
        Settings.from_env({"ENV": "production"}).check_production()


def test_production_starts_with_real_secrets():
    Settings.from_env(PRODUCTION).check_production()


def test_every_setting_is_documented_in_env_example():
    from dataclasses import fields
    from pathlib import Path

    example = (Path(__file__).resolve().parents[2] / ".env.example").read_text(encoding="utf-8")
    missing = [f.name for f in fields(Settings) if f"{f.name}=" not in example]
    assert not missing, f"add to .env.example: {missing}"


def test_production_needs_shared_lookup_counters():
    without_redis = {k: v for k, v in PRODUCTION.items() if k != "REDIS_URL"}
    with pytest.raises(RuntimeError, match="REDIS_URL"):
        Settings.from_env(without_redis).check_production()


def test_production_with_wechat_needs_the_customer_service_credentials():
    with pytest.raises(RuntimeError, match="WECHAT_APP_ID, WECHAT_APP_SECRET"):
        Settings.from_env({**PRODUCTION, "WECHAT_TOKEN": "w" * 32}).check_production()
    wechat = {"WECHAT_TOKEN": "w" * 32, "WECHAT_APP_ID": "wx" + "a" * 16, "WECHAT_APP_SECRET": "x"}
    Settings.from_env({**PRODUCTION, **wechat}).check_production()
