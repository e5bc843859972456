"""Risk assessment through the whole assistant: complete, interrupted and resumed assessments."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

import pytest
import requests

from kiosk_api.config import Settings
from kiosk_api.db import make_engine, make_session_factory
from kiosk_api.demo_docket import DEMO_COURTS
from kiosk_api.domain.risk_questionnaires import Kind, default_questionnaires
from kiosk_api.services.docket_import import upsert_courts
from tests.e2e.conftest import chat, running_stack
from tools.stack import Stack

pytestmark = pytest.mark.e2e

QUESTIONNAIRES = default_questionnaires().questionnaires
# How a person might answer in their own words; anything else is answered with its first label.
OWN_WORDS = {
    "iou": "有借条",
    "payment_proof": "微信转的",
    "repaid": "一分钱都没还",
    "harm_known_on": "2025年3月",
    "claim_amount": "五万块",
    "assets": "他有套房子",
    "hardship": "2",
}


@pytest.fixture(scope="module")
def risk_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The stack with the demo courts (side questions about the court need a directory)."""
    for stack in running_stack(tmp_path_factory):
        engine = make_engine(Settings.from_env({**os.environ, **stack.env}).DATABASE_URL)
        upsert_courts(make_session_factory(engine), DEMO_COURTS)
        engine.dispose()
        yield stack


def say(stack: Stack, message: str, sender: str) -> str:
    response = chat(stack, message, sender=sender)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["degraded"] is False, body
    return "\n".join(m["text"] for m in body["messages"])


def answer_for(dispute: str, number: int) -> str:
    question = QUESTIONNAIRES[dispute].questions[number - 1]
    if question.id in OWN_WORDS:
        return OWN_WORDS[question.id]
    if question.kind is Kind.AMOUNT:
        return "10000"
    if question.kind is Kind.DATE:
        return "2025年6月1日"
    return question.options[0].label


def asked(text: str) -> int:
    """The number of the question the reply asks: "（3/18）…" → 3."""
    found = re.findall(r"（(\d+)/\d+）", text)
    assert found, text
    return int(found[-1])


def test_a_complete_assessment_ends_with_a_kept_report_and_a_texted_link(risk_stack):
    sender, dispute = "risk-complete", "private_lending"
    text = say(risk_stack, "朋友借钱不还 我想先做个诉讼风险评估", sender)
    total = len(QUESTIONNAIRES[dispute].questions)
    assert f"（1/{total}）" in text
    for number in range(1, total + 1):
        assert asked(text) == number, text
        text = say(risk_stack, answer_for(dispute, number), sender)
    assert "评估完成（民间借贷纠纷）" in text and "判断规则" in text
    code = re.search(r"报告编号：([A-Z2-9]{8})", text)
    assert code, text
    assert "不是对案件事实和结果的判断" in text
    assert text.rstrip().endswith("需要把报告链接用短信发到您的手机上吗？")
    report = requests.get(f"{risk_stack.kiosk_url}/api/v1/risk/reports/{code[1]}", timeout=10)
    assert report.status_code == 200 and report.json()["dispute"]["code"] == dispute
    answers = {a["question"]: a["answer"] for a in report.json()["answers"]}
    assert answers["iou"] == "有，原件在我这"
    assert "手机号码" in say(risk_stack, "好的", sender)
    assert "已安排发送到 138****8000" in say(risk_stack, "13800138000", sender)


def test_free_text_answers_are_confirmed_and_unclear_ones_asked_again(risk_stack):
    sender = "risk-words"
    say(risk_stack, "我想做个借钱的风险评估", sender)
    say(risk_stack, "都知道", sender)
    text = say(risk_stack, "知道", sender)
    assert asked(text) == 3
    text = say(risk_stack, "只拍了照片", sender)
    assert "记下了：只有复印件或照片" in text and asked(text) == 4
    text = say(risk_stack, "转账", sender)
    assert "您的意思是下面哪一项" in text and "微信或支付宝转账" in text
    text = say(risk_stack, "2", sender)
    assert asked(text) == 5


def test_a_side_question_is_answered_and_the_same_question_asked_again(risk_stack):
    sender = "risk-interrupted"
    text = say(risk_stack, "帮我评估一下诉讼风险", sender)
    assert "先选纠纷类型" in text
    text = say(risk_stack, "我想离婚", sender)
    assert asked(text) == 1
    text = say(risk_stack, "都知道", sender)
    assert asked(text) == 2
    text = say(risk_stack, "你们法院在哪里 几点上班", sender)
    assert "地址：" in text and asked(text) == 2
    text = say(risk_stack, "知道", sender)
    assert asked(text) == 3


def test_a_paused_assessment_goes_on_where_it_stopped(risk_stack):
    sender = "risk-resumed"
    say(risk_stack, "我要做诉讼风险评估 是借钱的事", sender)
    for number in (1, 2, 3):
        text = say(risk_stack, answer_for("private_lending", number), sender)
    assert asked(text) == 4
    text = say(risk_stack, "先暂停一下", sender)
    assert "风险评估先暂停" in text
    say(risk_stack, "谢谢", sender)
    text = say(risk_stack, "继续风险评估", sender)
    assert "接着上次的评估，已答3题" in text and asked(text) == 4
