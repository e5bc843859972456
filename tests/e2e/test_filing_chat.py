"""Filing guidance through the whole assistant: 我要起诉 → the dispute → the guide → the fee."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import requests

from kiosk_api.config import Settings
from kiosk_api.db import make_engine, make_session_factory
from kiosk_api.demo_docket import DEMO_COURTS
from kiosk_api.services.docket_import import upsert_courts
from tests.e2e.conftest import chat, running_stack
from tools.stack import Stack

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def filing_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The stack with the demo courts, so court answers have a directory."""
    for stack in running_stack(tmp_path_factory):
        engine = make_engine(Settings.from_env({**os.environ, **stack.env}).DATABASE_URL)
        upsert_courts(make_session_factory(engine), DEMO_COURTS)
        engine.dispose()
        yield stack


def _text(response: requests.Response) -> str:
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["degraded"] is False, body
    return "\n".join(m["text"] for m in body["messages"])


def test_from_i_want_to_sue_to_the_guide_and_the_fee(filing_stack):
    sender = "filing-guided"
    text = _text(chat(filing_stack, "我要起诉", sender=sender))
    assert "是什么纠纷" in text
    text = _text(chat(filing_stack, "公司拖欠了我三个月工资 一直不给", sender=sender))
    assert "追索劳动报酬纠纷" in text
    assert "劳动仲裁" in text and "要带的材料" in text and "向哪个法院起诉" in text
    assert "不是对案件能否胜诉的判断" in text
    assert text.rstrip().endswith("需要我帮您估算这类案件的诉讼费吗？")
    text = _text(chat(filing_stack, "好的", sender=sender))
    assert "诉讼费" in text


def test_the_guide_matches_the_catalog_entry_of_the_api(filing_stack):
    text = _text(chat(filing_stack, "房东不退押金 我想起诉他", sender="filing-one-shot"))
    detail = requests.get(
        f"{filing_stack.kiosk_url}/api/v1/disputes/house_lease", timeout=10
    ).json()
    assert detail["cause"] in text
    assert detail["jurisdiction"]["text"] in text


def test_a_deadline_is_computed_from_the_date_in_the_question(filing_stack):
    text = _text(
        chat(filing_stack, "判决书2026年11月3号收到的 最晚哪天上诉", sender="filing-deadline")
    )
    assert "2026年11月18日" in text and "《民事诉讼法》第一百七十一条" in text


def test_court_information_comes_from_the_court_table(filing_stack):
    text = _text(chat(filing_stack, "南山法院地址在哪里", sender="filing-court"))
    assert "深圳市南山区人民法院" in text and "地址：" in text
