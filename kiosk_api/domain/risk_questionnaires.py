"""Risk questionnaires (诉讼风险评估问卷) per dispute type, as versioned data.

kiosk_api/reference/risk_questionnaires.yml holds the questions every assessment asks (who the
other side is, where, evidence, originals, dates, amount, assets …), each dispute's own
questions, and the rules that turn answers into risks: a rule names one of the 17 risks of
`litigation_risks`, the answers that make it real, how serious it is, and the reason and
advice it gives in the person's terms. The engine (`risk_assessment`) only applies them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml  # type: ignore[import-untyped, unused-ignore]

from kiosk_api.domain.disputes import default_catalog
from kiosk_api.domain.litigation_risks import Risk

SHIPPED_QUESTIONNAIRES = (
    Path(__file__).resolve().parent.parent / "reference" / "risk_questionnaires.yml"
)

# The common questions the engine reads itself (limitation, fee, preservation, relief).
ENGINE_QUESTIONS = frozenset(
    {
        "defendant_identity",
        "defendant_address",
        "harm_known_on",
        "claim_amount",
        "assets",
        "asset_transfer",
        "originals",
        "witnesses",
        "representation",
        "hardship",
    }
)


class QuestionnaireError(ValueError):
    """The questionnaire file is unreadable or inconsistent; the message says where."""


class Kind(StrEnum):
    """How a question is answered."""

    CHOICE = "choice"
    MULTI = "multi"
    AMOUNT = "amount"
    DATE = "date"


@dataclass(frozen=True)
class Option:
    """One answer to tap; two flags tell the engine what the answer means for the person."""

    id: str
    label: str
    respondent: bool = False  # the person is the one sued (or about to be), not the claimant
    limitation_paused: bool = False  # the limitation period does not run (e.g. still employed)
    also: tuple[str, ...] = ()  # other words people use for it ("住院" for 还在治疗)


@dataclass(frozen=True)
class Question:
    """One question, its answer kind and, for choices, its options."""

    id: str
    text: str
    kind: Kind
    options: tuple[Option, ...] = ()
    help: str = ""

    def option(self, option_id: str) -> Option | None:
        """The option with this id, if the question has one."""
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True)
class Rule:
    """Answers that make a risk real: every listed question answered with one of its options."""

    risk: Risk
    when: Mapping[str, frozenset[str]]
    severity: int  # 1 low, 2 medium, 3 high
    reason: str
    advice: str


@dataclass(frozen=True)
class Questionnaire:
    """The questions for one dispute type, in asking order, and its rules (common ones first)."""

    dispute: str
    title: str
    version: str
    questions: tuple[Question, ...]
    rules: tuple[Rule, ...]

    def question(self, question_id: str) -> Question | None:
        """The question with this id, if asked here."""
        return next((q for q in self.questions if q.id == question_id), None)


@dataclass(frozen=True)
class QuestionnaireSet:
    """Every questionnaire of one file version, by dispute code."""

    version: str
    updated: dt.date
    questionnaires: Mapping[str, Questionnaire]


def load_questionnaires(
    path: Path = SHIPPED_QUESTIONNAIRES, *, disputes: frozenset[str] | None = None
) -> QuestionnaireSet:
    """Read and check the file; `disputes` are the catalog codes a questionnaire may name."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise QuestionnaireError(f"无法读取风险评估问卷 {path}：{exc}") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("questionnaires"), dict):
        raise QuestionnaireError(f"{path.name}：缺少 questionnaires")
    version, updated = raw.get("version"), raw.get("updated")
    if not version or not isinstance(updated, dt.date):
        raise QuestionnaireError(f"{path.name}：缺少 version 或 updated（日期）")
    common = {
        key: _question(key, entry, f"common.{key}")
        for key, entry in _mapping(raw.get("common"), "common").items()
    }
    missing = sorted(ENGINE_QUESTIONS - set(common))
    if missing:
        raise QuestionnaireError(f"{path.name}：common 缺少 {'、'.join(missing)}")
    common_rules = [
        _rule(r, f"common_rules[{i}]") for i, r in enumerate(_list(raw, "common_rules"))
    ]
    _check_rules(common_rules, common, "common_rules")
    sets = {}
    for code, entry in raw["questionnaires"].items():
        if disputes is not None and code not in disputes:
            raise QuestionnaireError(f"{path.name}：纠纷目录中没有 {code}")
        sets[code] = _questionnaire(str(code), entry, common, common_rules, str(version))
    return QuestionnaireSet(str(version), updated, MappingProxyType(sets))


def _questionnaire(
    code: str,
    entry: Any,
    common: Mapping[str, Question],
    common_rules: list[Rule],
    version: str,
) -> Questionnaire:
    where = f"questionnaires.{code}"
    body = _mapping(entry, where)
    questions: list[Question] = []
    for index, item in enumerate(_list(body, "questions", where)):
        item = _mapping(item, f"{where}.questions[{index}]")
        if "common" in item:
            reference = item["common"]
            if reference not in common:
                raise QuestionnaireError(f"{where}：没有名为 {reference} 的通用问题")
            questions.append(common[reference])
        else:
            questions.append(_question(item.get("id"), item, f"{where}.questions[{index}]"))
    ids = [q.id for q in questions]
    if len(ids) != len(set(ids)):
        raise QuestionnaireError(f"{where}：问题编号重复")
    if not set(ids) >= ENGINE_QUESTIONS:
        raise QuestionnaireError(f"{where}：缺少通用问题 {sorted(ENGINE_QUESTIONS - set(ids))}")
    own = [_rule(r, f"{where}.rules[{i}]") for i, r in enumerate(_list(body, "rules", where))]
    by_id = {q.id: q for q in questions}
    _check_rules(own, by_id, where)
    title = body.get("title")
    if not isinstance(title, str) or not title.strip():
        raise QuestionnaireError(f"{where}：缺少 title")
    return Questionnaire(code, title.strip(), version, tuple(questions), (*common_rules, *own))


def _question(question_id: Any, entry: Any, where: str) -> Question:
    body = _mapping(entry, where)
    if not isinstance(question_id, str) or not question_id.isidentifier():
        raise QuestionnaireError(f"{where}：问题编号 {question_id!r} 无效")
    text = body.get("text")
    if not isinstance(text, str) or not text.strip():
        raise QuestionnaireError(f"{where}：缺少 text")
    try:
        kind = Kind(str(body.get("kind")))
    except ValueError:
        raise QuestionnaireError(f"{where}：kind 应为 choice、multi、amount 或 date") from None
    options = tuple(_option(o, f"{where}.options") for o in body.get("options") or [])
    if kind in (Kind.CHOICE, Kind.MULTI):
        if not 2 <= len(options) <= 8 or len({o.id for o in options}) != len(options):
            raise QuestionnaireError(f"{where}：选项应为2到8个且编号不重复")
    elif options:
        raise QuestionnaireError(f"{where}：{kind.value} 问题不应有选项")
    return Question(question_id, text.strip(), kind, options, str(body.get("help") or "").strip())


def _option(entry: Any, where: str) -> Option:
    body = _mapping(entry, where)
    option_id, label = body.get("id"), body.get("label")
    if not isinstance(option_id, str) or not option_id.isidentifier():
        raise QuestionnaireError(f"{where}：选项编号 {option_id!r} 无效（yes/no 要加引号）")
    if not isinstance(label, str) or not label.strip():
        raise QuestionnaireError(f"{where}：选项 {option_id} 缺少 label")
    flags = {key: body.get(key, False) for key in ("respondent", "limitation_paused")}
    if not all(isinstance(value, bool) for value in flags.values()):
        raise QuestionnaireError(
            f"{where}：选项 {option_id} 的 respondent、limitation_paused 应为 true 或 false"
        )
    also = body.get("also", [])
    if not isinstance(also, list) or not all(isinstance(w, str) and w.strip() for w in also):
        raise QuestionnaireError(f"{where}：选项 {option_id} 的 also 应为词语列表")
    return Option(option_id, label.strip(), **flags, also=tuple(w.strip() for w in also))


def _rule(entry: Any, where: str) -> Rule:
    body = _mapping(entry, where)
    try:
        risk = Risk(str(body.get("risk")))
    except ValueError:
        raise QuestionnaireError(f"{where}：risk {body.get('risk')!r} 不是17项风险之一") from None
    when = _mapping(body.get("when"), f"{where}.when")
    if not when:
        raise QuestionnaireError(f"{where}：when 不能为空")
    conditions = {}
    for question_id, options in when.items():
        if not isinstance(options, list) or not all(isinstance(o, str) for o in options):
            raise QuestionnaireError(f"{where}.when.{question_id}：应为选项编号列表")
        conditions[str(question_id)] = frozenset(options)
    severity = body.get("severity")
    if severity not in (1, 2, 3):
        raise QuestionnaireError(f"{where}：severity 应为1、2或3")
    texts = {key: body.get(key) for key in ("reason", "advice")}
    if not all(isinstance(v, str) and v.strip() for v in texts.values()):
        raise QuestionnaireError(f"{where}：缺少 reason 或 advice")
    return Rule(
        risk,
        MappingProxyType(conditions),
        severity,
        str(texts["reason"]).strip(),
        str(texts["advice"]).strip(),
    )


def _check_rules(rules: list[Rule], questions: Mapping[str, Question], where: str) -> None:
    for rule in rules:
        for question_id, options in rule.when.items():
            question = questions.get(question_id)
            if question is None or question.kind not in (Kind.CHOICE, Kind.MULTI):
                raise QuestionnaireError(f"{where}：规则引用的 {question_id} 不是选择题")
            unknown = sorted(options - {o.id for o in question.options})
            if unknown:
                raise QuestionnaireError(f"{where}：{question_id} 没有选项 {'、'.join(unknown)}")


def _mapping(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise QuestionnaireError(f"{where}：应为一个对象")
    return value


def _list(body: Mapping[str, Any], key: str, where: str = "") -> list[Any]:
    value = body.get(key)
    if not isinstance(value, list) or not value:
        raise QuestionnaireError(f"{where or key}：{key} 应为非空列表")
    return value


@cache  # the shipped file never changes while the process runs
def default_questionnaires() -> QuestionnaireSet:
    """The questionnaires shipped in kiosk_api/reference/risk_questionnaires.yml."""
    return load_questionnaires(disputes=frozenset(default_catalog().disputes))
