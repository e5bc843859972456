"""The model fingerprint: what makes `make demo` retrain, and what must not."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools import model


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A small project tree with one file of each kind under bot/."""
    for name, text in {
        "config.yml": "language: zh\n",
        "data/nlu/fees.yml": "nlu: []\n",
        "bot/domain/core.yml": "intents: [greet]\n",
        "bot/jieba/legal.txt": "诉讼费 10 n\n",
        "bot/quick_start_diet.py": "# a custom component\n",
        "bot/endpoints.yml": "action_endpoint: {}\n",
        "bot/endpoints.production.yml": "tracker_store: {}\n",
        "bot/credentials.yml": "rest:\n",
        "bot/lock_store.py": "# runtime only\n",
        "bot/tracker_store.py": "# runtime only\n",
        "bot/prior_states.py": "# runtime only\n",
    }.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    monkeypatch.setattr(model, "ROOT", tmp_path)
    return tmp_path


@pytest.mark.parametrize("name", sorted(model.RUNTIME_ONLY))
def test_runtime_only_files_do_not_change_it(project: Path, name: str) -> None:
    before = model.fingerprint()
    (project / name).write_text("# changed\n", encoding="utf-8")
    assert model.fingerprint() == before


@pytest.mark.parametrize(
    "name",
    [
        "config.yml",
        "data/nlu/fees.yml",
        "bot/domain/core.yml",
        "bot/jieba/legal.txt",
        "bot/quick_start_diet.py",
        "bot/domain/new_skill.yml",
    ],
)
def test_training_inputs_change_it(project: Path, name: str) -> None:
    before = model.fingerprint()
    path = project / name
    path.write_text(path.read_text(encoding="utf-8") + "# changed\n" if path.exists() else "x\n")
    assert model.fingerprint() != before


def test_runtime_only_names_exist_in_the_project() -> None:
    # A renamed runtime file would otherwise silently count as training input again.
    for name in model.RUNTIME_ONLY:
        assert (model.ROOT / name).is_file(), name
