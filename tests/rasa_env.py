"""Running test helpers under .venv-rasa, where Rasa and the bot/ modules it imports live."""

from __future__ import annotations

import json
import subprocess
from typing import Any

import pytest

from tools.paths import RASA_PYTHON, ROOT


def require_rasa_env() -> None:
    """Skip the test when the Rasa environment has not been created."""
    if not RASA_PYTHON.exists():
        pytest.skip(f"no Rasa environment at {RASA_PYTHON}; `make setup` creates it")


def rasa_json(args: list[str], env: dict[str, str] | None = None) -> Any:
    """Run `python *args` under .venv-rasa from the project root; the JSON of its last line."""
    result = subprocess.run(
        [str(RASA_PYTHON), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])
