"""`flask docket ...` commands: migrate, seed, import with its report and exit code."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from kiosk_api.models import Case
from tests.unit.test_docket_import import COURT, RECORD


def _cases(app) -> int:
    with app.extensions["court.sessions"]() as session:
        return session.scalar(select(func.count()).select_from(Case)) or 0


def _write(tmp_path, *lines: str):
    path = tmp_path / "docket.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_import_reports_its_summary_and_a_rerun_changes_nothing(app, tmp_path):
    from kiosk_api.services.docket_import import upsert_courts

    upsert_courts(app.extensions["court.sessions"], [COURT])
    path = _write(tmp_path, json.dumps(RECORD, ensure_ascii=False))
    runner = app.test_cli_runner()
    first = runner.invoke(args=["docket", "import", str(path)])
    assert first.exit_code == 0, first.output
    assert "新增 1，更新 0，未变 0" in first.output
    again = runner.invoke(args=["docket", "import", str(path)])
    assert "新增 0，更新 0，未变 1" in again.output


def test_import_with_bad_lines_lists_them_exits_nonzero_and_writes_nothing(app, tmp_path):
    path = _write(tmp_path, json.dumps(RECORD, ensure_ascii=False), "oops")
    result = app.test_cli_runner().invoke(args=["docket", "import", str(path)])
    assert result.exit_code == 1
    assert "第2行：不是有效的JSON" in result.output
    assert "未写入任何数据" in result.output
    assert _cases(app) == 0


def test_import_refuses_a_file_that_is_not_utf8(app, tmp_path):
    path = tmp_path / "gbk.jsonl"
    path.write_bytes("案号".encode("gbk"))
    result = app.test_cli_runner().invoke(args=["docket", "import", str(path)])
    assert result.exit_code == 1 and "UTF-8" in result.output


def test_seed_loads_the_demo_docket_once(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["docket", "seed", "--count", "40"])
    assert result.exit_code == 0, result.output
    assert _cases(app) == 43  # 40 generated + 3 showcase cases
    skipped = runner.invoke(args=["docket", "seed", "--if-empty"])
    assert "跳过" in skipped.output and _cases(app) == 43


def test_migrate_is_idempotent(app):
    result = app.test_cli_runner().invoke(args=["docket", "migrate"])
    assert result.exit_code == 0 and "最新" in result.output


def test_prepare_migrates_and_leaves_a_docket_with_cases_alone(app):
    runner = app.test_cli_runner()
    runner.invoke(args=["docket", "seed", "--count", "40"])
    before = _cases(app)
    result = runner.invoke(args=["docket", "prepare"])
    assert result.exit_code == 0, result.output
    assert "数据库结构已是最新" in result.output and "跳过生成" in result.output
    assert _cases(app) == before


def test_a_kiosk_is_registered_with_a_token_shown_once_and_can_be_revoked(app):
    from kiosk_api.models import KioskDevice
    from kiosk_api.services.kiosk_devices import authenticate_device

    runner = app.test_cli_runner()
    registered = runner.invoke(args=["kiosk", "register", "大厅1号机"])
    assert registered.exit_code == 0, registered.output
    token = registered.output.strip().splitlines()[-1]
    sessions = app.extensions["court.sessions"]
    with sessions() as session:
        assert authenticate_device(session, token).name == "大厅1号机"
        stored = session.scalars(select(KioskDevice)).one()
        assert token not in (stored.token_digest, stored.name)
    assert runner.invoke(args=["kiosk", "revoke", "大厅1号机"]).exit_code == 0
    with sessions() as session:
        assert authenticate_device(session, token) is None
    again = runner.invoke(args=["kiosk", "revoke", "大厅1号机"])
    assert again.exit_code == 1
