"""The entity regexes find exactly the spans annotated in the training and held-out data."""

from __future__ import annotations

import re

import pytest
import yaml

from tools.paths import ROOT

NLU_FILES = [*sorted((ROOT / "data" / "nlu").glob("*.yml")), ROOT / "tests" / "nlu" / "heldout.yml"]
ANNOTATION = re.compile(r"\[([^\]]+)\]\((\w+)\)")


def _items() -> list[dict]:
    return [
        item
        for path in NLU_FILES
        for item in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]
    ]


def _lines(item: dict) -> list[str]:
    return [line[2:] for line in item["examples"].splitlines() if line.startswith("- ")]


def _regexes() -> dict[str, re.Pattern[str]]:
    return {
        item["regex"]: re.compile("|".join(f"(?:{line})" for line in _lines(item)))
        for item in _items()
        if "regex" in item
    }


def _examples() -> list[tuple[str, dict[str, list[str]]]]:
    """Each example as plain text with the entity values annotated in it."""
    examples = []
    for item in _items():
        for line in _lines(item) if "intent" in item else []:
            annotated: dict[str, list[str]] = {}
            for value, entity in ANNOTATION.findall(line):
                annotated.setdefault(entity, []).append(value)
            examples.append((ANNOTATION.sub(r"\1", line), annotated))
    return examples


REGEXES = _regexes()
EXAMPLES = _examples()


@pytest.mark.parametrize("entity", ["amount", "case_number"])
def test_regex_extracts_exactly_the_annotated_values(entity):
    pattern = REGEXES[entity]
    wrong = [
        (text, expected, found)
        for text, annotated in EXAMPLES
        if (expected := annotated.get(entity, [])) != (found := pattern.findall(text))
    ]
    assert not wrong, wrong[:10]


@pytest.mark.parametrize(
    ("text", "amount"),
    [("欠我十二万三千", "十二万三千"), ("1,200,000元", "1,200,000元"), ("大概3.5w吧", "3.5w")],
)
def test_amount_regex_covers_common_forms(text, amount):
    assert REGEXES["amount"].findall(text) == [amount]


@pytest.mark.parametrize("text", ["千万别挂", "12368", "2024年5月3号", "第3次开庭", "我住301房"])
def test_amount_regex_ignores_numbers_that_are_not_money(text):
    assert REGEXES["amount"].findall(text) == []
