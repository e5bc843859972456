"""Docket import: idempotent upsert by 案号, all or nothing, change events (both backends)."""

from __future__ import annotations

import copy
import json

import pytest
from sqlalchemy import func, select, text

from kiosk_api.models import Case, DocketChange, Hearing, Party
from kiosk_api.services.docket_import import import_lines, upsert_courts

COURT = {
    "code": "粤0304",
    "name": "深圳市福田区人民法院",
    "level": "basic",
    "address": "深圳市福田区示例路1号",
    "phone": "0755-00000000",
    "service_hours": "周一至周五 9:00-12:00，14:00-18:00",
}
ID_NUMBER = "44030419900307123X"
RECORD = {
    "case_number": "（2026）粤0304民初1001号",
    "cause": "民间借贷纠纷",
    "kind": "civil",
    "procedure": "simple",
    "stage": "scheduled",
    "filed_on": "2026-10-08",
    "claim_amount": "80000.00",
    "judge": {"name": "王建国", "office_phone": "0755-83000001", "office": "民一庭"},
    "clerk": {"name": "刘洋", "office_phone": "0755-83000002", "office": "民一庭"},
    "parties": [
        {"role": "plaintiff", "name": "张明", "phone": "13800138001", "id_number": ID_NUMBER},
        {"role": "defendant", "name": "李华", "phone": "13900139002"},
    ],
    "hearings": [
        {
            "ref": "H1",
            "scheduled_at": "2026-12-01T09:30:00+08:00",
            "courtroom": "第五法庭",
            "kind": "开庭",
            "status": "scheduled",
        }
    ],
    "events": [
        {"date": "2026-10-08", "stage": "filed", "description": "立案受理"},
        {"date": "2026-10-10", "stage": "assigned", "description": "分案至民一庭"},
    ],
    "services": [
        {
            "party_role": "defendant",
            "document": "起诉状副本",
            "method": "邮寄",
            "served_on": "2026-10-12",
        }
    ],
    "fees": [
        {
            "kind": "案件受理费",
            "payer_role": "plaintiff",
            "amount": "900.00",
            "paid_amount": "900.00",
        }
    ],
}


def _lines(*records: dict) -> list[str]:
    return [json.dumps(r, ensure_ascii=False) for r in records]


def _import(sessions, *records: dict):
    return import_lines(sessions, _lines(*records), id_key="test-key")


def _count(sessions, model) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


@pytest.fixture
def docket(sessions):
    upsert_courts(sessions, [COURT])
    return sessions


def test_new_case_is_inserted_with_everything_it_carries(docket):
    summary = _import(docket, RECORD)
    assert (summary.inserted, summary.updated, summary.unchanged, summary.errors) == (1, 0, 0, [])
    with docket() as session:
        case = session.scalar(select(Case))
        assert case.case_number == "（2026）粤0304民初1001号"
        assert (case.year, case.type_code, case.serial, case.court.code) == (
            2026,
            "民初",
            1001,
            "粤0304",
        )
        assert str(case.claim_amount) == "80000.00"
        assert case.judge.name == "王建国" and case.clerk.name == "刘洋"
        assert [h.courtroom for h in case.hearings] == ["第五法庭"]
        assert [e.stage.value for e in case.events] == ["filed", "assigned"]
        assert len(case.services) == 1 and case.fees[0].kind == "案件受理费"


def test_same_file_twice_changes_nothing(docket):
    _import(docket, RECORD)
    summary = _import(docket, RECORD)
    assert (summary.inserted, summary.updated, summary.unchanged, summary.changes) == (0, 0, 1, 0)


def test_half_width_case_number_updates_the_same_case(docket):
    _import(docket, RECORD)
    renamed = {**RECORD, "case_number": "(2026)粤0304民初1001号", "stage": "heard"}
    summary = _import(docket, renamed)
    assert (summary.inserted, summary.updated) == (0, 1)
    assert _count(docket, Case) == 1


def test_stage_change_and_moved_and_added_hearings_are_recorded(docket):
    _import(docket, RECORD)
    changed = copy.deepcopy(RECORD)
    changed["stage"] = "heard"
    changed["hearings"][0]["scheduled_at"] = "2026-12-03T14:00:00+08:00"
    changed["hearings"].append(
        {
            "ref": "H2",
            "scheduled_at": "2026-12-20T09:00:00+08:00",
            "courtroom": "第二法庭",
            "kind": "宣判",
            "status": "scheduled",
        }
    )
    summary = _import(docket, changed)
    assert summary.updated == 1
    with docket() as session:
        changes = {c.kind: c.detail for c in session.scalars(select(DocketChange))}
    assert changes["stage_changed"] == {"from": "scheduled", "to": "heard"}
    assert changes["hearing_moved"]["ref"] == "H1"
    assert changes["hearing_added"]["ref"] == "H2"


def test_parties_and_hearings_keep_their_rows_across_updates(docket):
    _import(docket, RECORD)
    with docket() as session:
        before = {p.name: p.id for p in session.scalars(select(Party))}
        hearing_id = session.scalar(select(Hearing.id))
    _import(docket, {**RECORD, "stage": "heard"})
    with docket() as session:
        assert {p.name: p.id for p in session.scalars(select(Party))} == before
        assert session.scalar(select(Hearing.id)) == hearing_id


def test_id_numbers_are_never_stored_in_clear(docket, engine):
    _import(docket, RECORD)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT * FROM parties")).all()
    assert rows and all(ID_NUMBER not in " ".join(map(str, row)) for row in rows)
    assert all("07123X" not in " ".join(map(str, row)) for row in rows)


def test_a_bad_record_writes_nothing_and_is_reported_by_line(docket):
    good = {**RECORD, "case_number": "（2026）粤0304民初1002号"}
    bad_stage = {**RECORD, "case_number": "（2026）粤0304民初1003号", "stage": "won"}
    lines = [*_lines(good), "{not json", *_lines(bad_stage), "", json.dumps([1])]
    summary = import_lines(docket, lines, id_key="test-key")
    assert [e.line for e in summary.errors] == [2, 3, 5]
    assert "stage" in summary.errors[1].reason
    assert (summary.inserted, summary.updated) == (0, 0)
    assert _count(docket, Case) == 0


def test_unknown_court_rolls_back_the_whole_file(docket):
    elsewhere = {**RECORD, "case_number": "（2026）京0105民初7号"}
    summary = _import(docket, RECORD, elsewhere)
    assert [(e.line, "京0105" in e.reason) for e in summary.errors] == [(2, True)]
    assert summary.inserted == 0
    assert _count(docket, Case) == 0 and _count(docket, Party) == 0


def test_the_same_case_twice_in_one_file_is_an_error(docket):
    summary = _import(docket, RECORD, {**RECORD, "case_number": "(2026)粤0304民初1001"})
    assert [e.line for e in summary.errors] == [2]
    assert "第1行" in summary.errors[0].reason


@pytest.mark.parametrize(
    ("patch", "fragment"),
    [
        ({"claim_amount": "-5"}, "claim_amount"),
        ({"claim_amount": "1.234"}, "分"),
        ({"filed_on": "2026-13-01"}, "filed_on"),
        ({"closed_on": "2026-01-01"}, "结案日期"),
        ({"parties": []}, "当事人"),
        ({"case_number": "粤0304民初1号"}, "案号"),
        ({"kind": "criminal"}, "kind"),
    ],
)
def test_invalid_fields_are_explained(docket, patch, fragment):
    summary = _import(docket, {**RECORD, **patch})
    assert len(summary.errors) == 1 and fragment in summary.errors[0].reason


def test_a_new_case_is_announced_but_seeding_announces_nothing(docket):
    _import(docket, RECORD)
    quiet = {**RECORD, "case_number": "（2026）粤0304民初1002号"}
    import_lines(docket, _lines(quiet), id_key="test-key", record_changes=False)
    with docket() as session:
        changes = [(c.case.case_number, c.kind) for c in session.scalars(select(DocketChange))]
    assert changes == [("（2026）粤0304民初1001号", "case_added")]
