"""Measure the free-text answer reader on the labelled answers (tests/data/risk_answer_texts.yml).

python -m tools.answer_eval            # figures on both halves
python -m tools.answer_eval --show dev # … and every miss of the tuning half

The set was written from the questionnaire alone, without the reader. Even-numbered cases are
the tuning half ("dev": their misses may be read and the reader or its `also` words changed);
odd-numbered cases are the held-out half ("test"), only ever counted, never read for tuning.
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass
from typing import Any

import yaml

from kiosk_api.domain.risk_answers import AnswerUnclear, read_answer
from kiosk_api.domain.risk_questionnaires import default_questionnaires
from tools.paths import ROOT

ANSWERS = ROOT / "tests" / "data" / "risk_answer_texts.yml"
TODAY = dt.date(2026, 11, 21)


@dataclass
class Evaluation:
    """Figures of one half: right, asked again (a safe miss), wrong (a harmful miss)."""

    cases: int = 0
    right: int = 0
    asked_again: int = 0
    wrong: int = 0

    def line(self, name: str) -> str:
        """The figures in one line, as the README quotes them."""
        answered = self.right + self.wrong
        return (
            f"{name}: {self.cases} answers — right {self.right} ({self.right / self.cases:.1%}), "
            f"asked again {self.asked_again}, wrong {self.wrong} ({self.wrong / self.cases:.1%}); "
            f"when it answers it is right {self.right / max(answered, 1):.1%}"
        )


def outcome(case: dict[str, Any]) -> tuple[str, Any]:
    """("right" | "asked_again" | "wrong", what the reader made of the text)."""
    question = default_questionnaires().questionnaires[case["dispute"]].question(case["question"])
    assert question is not None, case
    expected = set(case["expect"])
    try:
        value = read_answer(question, str(case["text"]), TODAY).value
    except AnswerUnclear as unclear:
        return ("right" if not expected else "asked_again"), list(unclear.candidates)
    got = set(value) if isinstance(value, list) else {value}
    return ("right" if got == expected else "wrong"), value


def evaluate(cases: list[dict[str, Any]]) -> Evaluation:
    """Count the outcomes of a list of cases."""
    figures = Evaluation()
    for case in cases:
        figures.cases += 1
        kind, _ = outcome(case)
        setattr(figures, kind, getattr(figures, kind) + 1)
    return figures


def halves() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(dev, test): the even- and odd-numbered cases of the labelled set."""
    cases = yaml.safe_load(ANSWERS.read_text(encoding="utf-8"))["cases"]
    return cases[0::2], cases[1::2]


def main(argv: list[str]) -> int:
    """Print both halves' figures; with --show dev, the dev half's misses."""
    dev, test = halves()
    print(evaluate(dev).line("dev (tuning half)"))
    print(evaluate(test).line("test (held-out half)"))
    if argv[:2] == ["--show", "dev"]:
        for case in dev:
            kind, got = outcome(case)
            if kind != "right":
                print(
                    f"  {kind:11} {case['dispute']}.{case['question']} {case['text']!r}"
                    f" expect {case['expect']} got {got}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
