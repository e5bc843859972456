"""Where things are in a checkout."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
RASA_BIN = ROOT / ".venv-rasa" / "bin" / "rasa"
RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"
MODELS = ROOT / "models"
MODEL_NAME = "court-assistant"
MODEL_FILE = MODELS / f"{MODEL_NAME}.tar.gz"
VAR = ROOT / "var"
