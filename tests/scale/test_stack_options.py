"""tools/stack.py's scale-out options, and the production endpoints file as Rasa reads it."""

from __future__ import annotations

import re

import pytest

from tests.rasa_env import rasa_json, require_rasa_env
from tools.paths import ROOT
from tools.stack import DEMO_KIOSK_THREADS, Ports, Stack

PRODUCTION_ENDPOINTS = ROOT / "bot" / "endpoints.production.yml"
TRACKER = "postgresql+psycopg://court:secret@db.internal:5433/rasa_tracker"
LOCKS = "redis://:lockpw@redis.internal:6380/4"


def scaled(**options: object) -> Stack:
    return Stack(
        ports=Ports.free(),
        rasa_instances=2,
        tracker_db_url=TRACKER,
        lock_store_url=LOCKS,
        **options,  # type: ignore[arg-type]
    )


def test_the_defaults_are_one_rasa_on_the_embedded_endpoints_and_sync_workers(tmp_path):
    stack = Stack(ports=Ports.free(), run_dir=tmp_path)
    commands = stack.commands()
    assert sorted(commands) == ["actions", "kiosk_api", "notify", "rasa"]
    assert "--threads" not in commands["kiosk_api"]
    assert commands["rasa"][commands["rasa"].index("--endpoints") + 1] == str(
        tmp_path / "endpoints.yml"
    )
    assert stack._child_env()["RASA_URL"] == stack.rasa_url


def test_scaled_out_rasa_instances_share_the_production_endpoints_on_their_own_ports():
    stack = scaled(kiosk_threads=16, notify_workers=3)
    commands = stack.commands()
    assert stack.rasa_names == ["rasa", "rasa2"]
    assert stack.notify_names == ["notify", "notify2", "notify3"]
    ports = {commands[name][commands[name].index("--port") + 1] for name in stack.rasa_names}
    assert ports == {str(port) for port in stack.rasa_ports.values()} and len(ports) == 2
    for name in stack.rasa_names:
        assert str(PRODUCTION_ENDPOINTS) in commands[name]
    assert commands["kiosk_api"][commands["kiosk_api"].index("--threads") + 1] == "16"
    assert stack._child_env()["RASA_URL"] == ",".join(stack.rasa_urls.values())


def test_the_production_placeholders_come_from_the_stack_urls():
    env = scaled(lock_key_prefix="run42")._child_env()
    assert {k: env[k] for k in env if k.startswith(("RASA_TRACKER", "RASA_LOCK"))} == {
        "RASA_TRACKER_DB_HOST": "db.internal",
        "RASA_TRACKER_DB_PORT": "5433",
        "RASA_TRACKER_DB_NAME": "rasa_tracker",
        "RASA_TRACKER_DB_USER": "court",
        "RASA_TRACKER_DB_PASSWORD": "secret",
        "RASA_LOCK_REDIS_HOST": "redis.internal",
        "RASA_LOCK_REDIS_PORT": "6380",
        "RASA_LOCK_REDIS_DB": "4",
        "RASA_LOCK_REDIS_PASSWORD": "lockpw",
        "RASA_LOCK_KEY_PREFIX": "run42",
    }


def test_each_stack_gets_its_own_alphanumeric_lock_key_prefix():
    first, second = scaled().lock_key_prefix, scaled().lock_key_prefix
    assert first != second and first.isalnum() and second.isalnum()


@pytest.mark.parametrize(
    "options",
    [
        {"rasa_instances": 2},
        {"tracker_db_url": TRACKER},
        {"lock_store_url": LOCKS},
    ],
)
def test_scale_out_without_both_shared_stores_is_refused(options):
    with pytest.raises(ValueError):
        Stack(ports=Ports.free(), **options)  # type: ignore[arg-type]


def test_make_demo_runs_the_kiosk_api_threaded():
    # Two sync workers deadlock when two chat turns wait on actions that call the API back.
    assert DEMO_KIOSK_THREADS > 1


def test_every_placeholder_is_unquoted_documented_and_provided():
    lines = PRODUCTION_ENDPOINTS.read_text(encoding="utf-8").splitlines()
    text = "\n".join(line for line in lines if not line.lstrip().startswith("#"))
    assert not re.search(r"""["']\$\{""", text), "Rasa expands ${VAR} only when unquoted"
    placeholders = set(re.findall(r"\$\{(\w+)\}", text))
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    assert [p for p in sorted(placeholders) if f"\n{p}=" not in example] == []
    assert placeholders <= set(scaled()._child_env())


def test_rasa_reads_the_production_endpoints_with_the_atomic_lock_store():
    require_rasa_env()
    script = (
        "import json\n"
        "from rasa.utils.endpoints import read_endpoint_config as read\n"
        "from rasa.shared.utils.common import class_from_module_path\n"
        "f = 'bot/endpoints.production.yml'\n"
        "lock, tracker = read(f, 'lock_store'), read(f, 'tracker_store')\n"
        "cls = class_from_module_path(lock.type)\n"
        "print(json.dumps({'lock': [cls.__name__, lock.url, lock.kwargs],\n"
        "  'tracker': [class_from_module_path(tracker.type).__name__, tracker.url,\n"
        "              tracker.kwargs],\n"
        "  'action': read(f, 'action_endpoint').url}))\n"
    )
    env = {k: v for k, v in scaled(lock_key_prefix="run42")._child_env().items()}
    read = rasa_json(["-c", f"import sys, os; sys.path.insert(1, os.getcwd())\n{script}"], env)
    assert read["lock"][0] == "AtomicRedisLockStore"
    assert read["lock"][1] == "redis.internal"
    assert read["lock"][2]["key_prefix"] == "run42"
    assert str(read["lock"][2]["port"]) == "6380"
    # Rasa silently falls back to an in-memory store when a tracker store type cannot be
    # imported, so the class is resolved here as Rasa resolves it.
    assert read["tracker"][:2] == ["PreparedSQLTrackerStore", "db.internal"]
    assert read["tracker"][2]["db"] == "rasa_tracker"
    assert read["tracker"][2]["password"] == "secret"
    assert read["action"].endswith("/webhook")
