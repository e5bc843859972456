"""Measure the dispute classifier on the labelled question set (tests/data/dispute_questions.yml).

python -m tools.dispute_eval    # accuracy, top-3, how often "sure" is right, the confusions

The set was written without the catalog or its keywords and is never used to build them.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from kiosk_api.domain.dispute_classifier import DisputeClassifier
from kiosk_api.domain.disputes import default_catalog
from tools.paths import ROOT

QUESTIONS = ROOT / "tests" / "data" / "dispute_questions.yml"
NONE = "none"


@dataclass(frozen=True)
class Evaluation:
    """Figures of one run over the labelled set."""

    labelled: int  # questions with a dispute label
    top1: int
    top3: int
    sure: int  # labelled questions answered without "unsure"
    sure_right: int
    off_topic: int  # questions labelled none
    off_topic_unsure: int  # … that the classifier flagged unsure
    confusions: Counter[tuple[str, str]]

    def line(self) -> str:
        """The figures in one line, as the README quotes them."""
        precision = self.sure_right / max(self.sure, 1)
        return (
            f"top-1 {self.top1}/{self.labelled} = {self.top1 / self.labelled:.1%}, "
            f"top-3 {self.top3 / self.labelled:.1%}; answered without asking "
            f"{self.sure}/{self.labelled}, of which right {precision:.1%}; "
            f"off-topic flagged unsure {self.off_topic_unsure}/{self.off_topic}"
        )


def evaluate(path: Path = QUESTIONS) -> Evaluation:
    """Classify every question of the set and count."""
    questions = yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
    classifier = DisputeClassifier(default_catalog())
    counts: Counter[str] = Counter()
    confusions: Counter[tuple[str, str]] = Counter()
    for question in questions:
        result = classifier.classify(question["text"])
        codes = [m.dispute.code for m in result.matches]
        if question["label"] == NONE:
            counts["off_topic"] += 1
            counts["off_topic_unsure"] += result.unsure
            continue
        counts["labelled"] += 1
        top = codes[0] if codes else NONE
        counts["top1"] += top == question["label"]
        counts["top3"] += question["label"] in codes
        if not result.unsure:
            counts["sure"] += 1
            counts["sure_right"] += top == question["label"]
        if top != question["label"]:
            confusions[(question["label"], top)] += 1
    return Evaluation(confusions=confusions, **{k: counts[k] for k in _FIELDS})


_FIELDS = ("labelled", "top1", "top3", "sure", "sure_right", "off_topic", "off_topic_unsure")


def main() -> int:
    """Print the figures and the most frequent confusions."""
    result = evaluate()
    print(result.line())
    print("most frequent confusions (label → predicted):")
    for (label, predicted), count in result.confusions.most_common(12):
        print(f"  {count:>2}  {label} → {predicted}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
