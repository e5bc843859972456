"""`flask --app kiosk_api.app docket|kiosk ...`: the docket database and registered kiosks."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import func, select

from kiosk_api import runtime
from kiosk_api.db import migrate, transaction
from kiosk_api.models import Case
from kiosk_api.services.docket_import import ImportSummary, import_lines, upsert_courts
from kiosk_api.services.kiosk_devices import register_device, revoke_device

docket = AppGroup("docket", help="Docket database: schema, demo data and imports.")


def _report(summary: ImportSummary) -> None:
    if summary.errors:
        for error in summary.errors:
            click.echo(f"第{error.line}行：{error.reason}", err=True)
        click.echo(f"导入失败：{len(summary.errors)} 条记录有误，未写入任何数据。", err=True)
        sys.exit(1)
    click.echo(
        f"导入完成：新增 {summary.inserted}，更新 {summary.updated}，"
        f"未变 {summary.unchanged}，变更事件 {summary.changes}。"
    )


@docket.command("migrate")
def migrate_command() -> None:
    """Create or upgrade the docket schema (Alembic head)."""
    migrate(current_app.extensions["court.engine"])
    click.echo("数据库结构已是最新。")


@docket.command("seed")
@click.option("--if-empty", is_flag=True, help="Do nothing when the docket already has cases.")
@click.option("--count", default=2400, show_default=True, help="Number of demo cases.")
@click.option("--seed", "seed_value", default=20240101, show_default=True, help="Generator seed.")
def seed_command(if_empty: bool, count: int, seed_value: int) -> None:
    """Load the demo courts and a deterministic demo docket through the import path."""
    from kiosk_api.demo_docket import DEMO_COURTS, demo_records

    sessions = runtime.session_factory()
    with sessions() as session:
        existing = session.scalar(select(func.count()).select_from(Case)) or 0
    if if_empty and existing:
        click.echo(f"演示案件已存在（{existing} 件），跳过生成。")
        return
    upsert_courts(sessions, DEMO_COURTS)
    lines = (
        json.dumps(record, ensure_ascii=False) for record in demo_records(count, seed=seed_value)
    )
    summary = import_lines(
        sessions, lines, id_key=runtime.settings().ID_HASH_KEY, record_changes=False
    )
    _report(summary)


@docket.command("prepare")
@click.pass_context
def prepare_command(ctx: click.Context) -> None:
    """Migrate, then seed the demo docket if it has no cases (`make demo`, in one start-up)."""
    # One process instead of `migrate` and `seed --if-empty`: each start imports the whole app,
    # about two seconds of every `make demo` (bench/startup.py).
    ctx.invoke(migrate_command)
    ctx.invoke(seed_command, if_empty=True)


@docket.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_command(file: Path) -> None:
    """Upsert cases from a JSON Lines file (all or nothing; bad lines are listed)."""
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        click.echo("文件不是UTF-8编码，请转换后再导入。", err=True)
        sys.exit(1)
    summary = import_lines(
        runtime.session_factory(), text.splitlines(), id_key=runtime.settings().ID_HASH_KEY
    )
    _report(summary)


kiosk = AppGroup("kiosk", help="Registered kiosk devices (service-hall touch screens).")


@kiosk.command("register")
@click.argument("name")
def register_kiosk_command(name: str) -> None:
    """Register a kiosk (or give it a new token); the token is shown once, only here."""
    with transaction(runtime.session_factory()) as session:
        token = register_device(session, name)
    click.echo(f"已登记自助终端“{name}”。设备凭证（只显示这一次，请配置到该终端）：")
    click.echo(token)


@kiosk.command("revoke")
@click.argument("name")
def revoke_kiosk_command(name: str) -> None:
    """Revoke a kiosk's token at once (a lost or replaced device)."""
    with transaction(runtime.session_factory()) as session:
        revoked = revoke_device(session, name)
    if not revoked:
        click.echo(f"没有名为“{name}”的在用自助终端。", err=True)
        sys.exit(1)
    click.echo(f"已停用自助终端“{name}”的设备凭证。")
