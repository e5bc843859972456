"""Train the Rasa model only when its inputs changed, test the stories, gate NLU quality.

python -m tools.model train          # no-op when config.yml, bot/ and data/ are unchanged
python -m tools.model test-stories   # rasa test core on tests/bot, fails on any wrong turn
python -m tools.model nlu-gate       # rasa test nlu on tests/nlu/heldout.yml, macro-F1 >= 0.95
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

from tools.paths import MODEL_FILE, MODEL_NAME, MODELS, RASA_BIN, ROOT

FINGERPRINT_FILE = MODELS / f"{MODEL_NAME}.fingerprint"
TRAINING_INPUTS = ("config.yml", "bot", "data")
# Files under bot/ that only a running Rasa reads: changing where the action server or the
# tracker database is must not cost a retrain.
RUNTIME_ONLY = frozenset(
    {
        "bot/credentials.yml",
        "bot/endpoints.yml",
        "bot/endpoints.production.yml",
        "bot/lock_store.py",
        "bot/prior_states.py",
        "bot/tracker_store.py",
    }
)
RESULTS = ROOT / "results"
HELDOUT = ROOT / "tests" / "nlu" / "heldout.yml"
MIN_MACRO_F1 = 0.95
_ANNOTATION = re.compile(r"\[([^\]]+)\]\(\w+\)")


def fingerprint() -> str:
    """SHA-256 over the path and content of every training input file (not RUNTIME_ONLY)."""
    digest = hashlib.sha256()
    for top in TRAINING_INPUTS:
        path = ROOT / top
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        for file in files:
            if "__pycache__" in file.parts or file.relative_to(ROOT).as_posix() in RUNTIME_ONLY:
                continue
            digest.update(str(file.relative_to(ROOT)).encode() + b"\0")
            digest.update(file.read_bytes() + b"\0")
    return digest.hexdigest()


def _rasa(*args: str) -> None:
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}
    subprocess.run([str(RASA_BIN), *args], cwd=ROOT, env=env, check=True)


def train(force: bool = False) -> bool:
    """Train when the inputs changed since the last model; returns whether it trained."""
    current = fingerprint()
    up_to_date = (
        MODEL_FILE.exists()
        and FINGERPRINT_FILE.exists()
        and FINGERPRINT_FILE.read_text().strip() == current
    )
    if up_to_date and not force:
        print(f"Rasa model is up to date ({MODEL_FILE.name}).")
        return False
    print("Training the Rasa model (config.yml, bot/ or data/ changed)…", flush=True)
    _rasa(
        "train",
        "--config",
        "config.yml",
        "--domain",
        "bot/domain",
        "--data",
        "data",
        "--out",
        str(MODELS),
        "--fixed-model-name",
        MODEL_NAME,
    )
    FINGERPRINT_FILE.write_text(current + "\n")
    return True


def test_stories() -> None:
    """Run the test stories; any wrongly predicted turn fails."""
    _rasa(
        "test",
        "core",
        "--model",
        str(MODEL_FILE),
        "--stories",
        "tests/bot",
        "--out",
        str(RESULTS / "core"),
        "--fail-on-prediction-errors",
    )


def macro_f1(report_path: Path) -> tuple[float, dict[str, float]]:
    """Intent macro-F1 and per-intent F1 from Rasa's intent_report.json."""
    report = json.loads(report_path.read_text(encoding="utf-8"))
    per_intent = {
        name: float(scores["f1-score"])
        for name, scores in report.items()
        if isinstance(scores, dict)
        and "support" in scores
        and name not in {"accuracy", "macro avg", "weighted avg", "micro avg"}
    }
    return float(report["macro avg"]["f1-score"]), per_intent


def _plain(example: str) -> str:
    return _ANNOTATION.sub(r"\1", example).strip().casefold()


def _examples(path: Path) -> list[tuple[str, str]]:
    """(intent, example line) pairs of a Rasa NLU file."""
    return [
        (item["intent"], line[2:])
        for item in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]
        if "intent" in item
        for line in item["examples"].splitlines()
        if line.startswith("- ")
    ]


def unseen_heldout(out: Path) -> Path:
    """The held-out examples whose text never occurs in the training data, as a new NLU file.

    Independently written sets still share short replies ("不是", "ok") with the training data;
    scoring those would measure memory, not understanding.
    """
    training = (ROOT / "data" / "nlu").glob("*.yml")
    seen = {_plain(text) for path in training for _, text in _examples(path)}
    held = _examples(HELDOUT)
    by_intent: dict[str, list[str]] = {}
    for intent, text in held:
        if _plain(text) not in seen:
            by_intent.setdefault(intent, []).append(text)
    kept = sum(len(texts) for texts in by_intent.values())
    left_out = len(held) - kept
    print(f"held-out: {len(held)} examples; {left_out} also in training, left out; {kept} scored")
    lines = ['version: "3.1"', "nlu:"]
    for intent, texts in sorted(by_intent.items()):
        lines += [f"- intent: {intent}", "  examples: |", *(f"    - {text}" for text in texts)]
    out.mkdir(parents=True, exist_ok=True)
    path = out / "heldout_unseen.yml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def nlu_gate() -> bool:
    """Evaluate on the unseen held-out examples and fail below the macro-F1 threshold."""
    out = RESULTS / "nlu"
    heldout = unseen_heldout(out)
    _rasa(
        "test",
        "nlu",
        "--model",
        str(MODEL_FILE),
        "--domain",
        "bot/domain",
        "--nlu",
        str(heldout),
        "--out",
        str(out),
    )
    score, per_intent = macro_f1(out / "intent_report.json")
    for name, f1 in sorted(per_intent.items(), key=lambda item: item[1]):
        print(f"  {name:<20} F1 {f1:.3f}")
    verdict = "PASS" if score >= MIN_MACRO_F1 else "FAIL"
    print(f"NLU held-out intent macro-F1 = {score:.4f} (gate {MIN_MACRO_F1}) {verdict}")
    return score >= MIN_MACRO_F1


def main(argv: list[str]) -> int:
    """Command-line entry point."""
    command = argv[1] if len(argv) > 1 else "train"
    if command == "train":
        train(force="--force" in argv)
        return 0
    if command == "test-stories":
        test_stories()
        return 0
    if command == "nlu-gate":
        return 0 if nlu_gate() else 1
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
