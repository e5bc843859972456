"""What kind of case is this: free text ("老板三个月没发工资") → ranked dispute types.

The catalog's own vocabulary is the model: every dispute's everyday names, keywords and 案由 are
its terms, weighted by how specific they are (a term listed for one dispute weighs more than one
shared by four). A text scores a term when it contains it, or, for a term jieba splits into
several words, when it contains each of those words in any order ("工资拖欠" still matches
"拖欠工资"); jieba does the splitting.

Confidence is the top score's share of all scores, damped when little matched at all; the
answer is "unsure" when the best score is weak or the runner-up is close, so the assistant asks
instead of guessing.
"""

from __future__ import annotations

import logging
import math
import re
import threading
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import jieba  # type: ignore[import-untyped, unused-ignore]

from kiosk_api.domain.disputes import Catalog, Dispute

MAX_TEXT_CHARS = 500

_PARTIAL_MATCH_SHARE = 0.6  # words of a multi-word term, present but not adjacent
_WEAK = 0.35  # a word from the descriptions, against 1.0 for a listed keyword
_MIN_SCORE = 1.0  # below this nothing specific was said
_MIN_CONFIDENCE = 0.45
_MIN_MARGIN = 1.25  # the best score must beat the runner-up by this factor
_SATURATION = 3.0  # scores around this or more count as "plenty said"
_STOPWORDS = frozenset(
    {"怎么", "什么", "一个", "没有", "不是", "可以", "这个", "那个", "我们", "他们"}
)
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Match:
    """One dispute type the text may be, with its share of the evidence and the terms found."""

    dispute: Dispute
    confidence: float
    score: float
    matched: tuple[str, ...]


@dataclass(frozen=True)
class Classification:
    """Ranked candidates, and whether the best one is clear enough to act on."""

    matches: tuple[Match, ...]
    unsure: bool

    @property
    def best(self) -> Match | None:
        """The top candidate, if anything matched."""
        return self.matches[0] if self.matches else None


@dataclass(frozen=True)
class _Term:
    text: str
    words: frozenset[str]
    weights: tuple[tuple[str, float], ...]  # (dispute code, weight)


def normalise(text: str) -> str:
    """Full-width to half-width, lower case, no spaces: the form terms are matched in."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text)).lower()


class DisputeClassifier:
    """A keyword classifier built from one catalog version."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._lock = threading.Lock()
        self._terms: tuple[_Term, ...] = ()

    def _ready(self) -> tuple[_Term, ...]:
        # jieba reads its dictionary (about a second) on first use, so build lazily, once.
        with self._lock:
            if not self._terms:
                logging.getLogger("jieba").setLevel(logging.WARNING)
                tokenizer = jieba.Tokenizer()
                vocabulary = _vocabulary(self.catalog.disputes.values(), tokenizer)
                self._terms = tuple(self._term(tokenizer, t, c) for t, c in vocabulary.items())
            return self._terms

    def _term(self, tokenizer: jieba.Tokenizer, text: str, owners: dict[str, float]) -> _Term:
        # Only words of two or more characters: single characters (欠, 不) occur everywhere.
        words = frozenset(
            w for w in tokenizer.lcut(text, HMM=False) if len(w) >= 2 and w not in _STOPWORDS
        )
        specificity = math.log(1 + len(self.catalog.disputes) / len(owners))
        weights = tuple((code, share * specificity) for code, share in owners.items())
        return _Term(text, words, weights)

    def classify(self, text: str, *, limit: int = 3) -> Classification:
        """Ranked dispute types for `text` (at most `limit`), flagged unsure when unclear."""
        flat = normalise(text)
        scores: dict[str, float] = defaultdict(float)
        matched: dict[str, list[str]] = defaultdict(list)
        for term in self._ready():
            if term.text in flat:
                share = 1.0
            elif len(term.words) > 1 and all(word in flat for word in term.words):
                share = _PARTIAL_MATCH_SHARE
            else:
                continue
            for code, weight in term.weights:
                scores[code] += weight * share
                matched[code].append(term.text)
        return self._ranked(scores, matched, limit)

    def _ranked(
        self, scores: dict[str, float], matched: dict[str, list[str]], limit: int
    ) -> Classification:
        order = sorted(scores, key=lambda code: (-scores[code], code))
        if not order:
            return Classification((), True)
        total = sum(scores.values())
        # Little evidence overall lowers every confidence, not only the share.
        damping = min(1.0, total / _SATURATION)
        matches = tuple(
            Match(
                dispute=self.catalog.disputes[code],
                confidence=round(scores[code] / total * damping, 3),
                score=round(scores[code], 3),
                matched=tuple(dict.fromkeys(matched[code])),
            )
            for code in order[:limit]
        )
        best = scores[order[0]]
        runner_up = scores[order[1]] if len(order) > 1 else 0.0
        unsure = (
            best < _MIN_SCORE
            or matches[0].confidence < _MIN_CONFIDENCE
            or (runner_up > 0 and best < runner_up * _MIN_MARGIN)
        )
        return Classification(matches, unsure)


def _vocabulary(
    disputes: Iterable[Dispute], tokenizer: jieba.Tokenizer
) -> dict[str, dict[str, float]]:
    """Each term → the disputes that use it, and how strongly.

    Keywords, everyday names and the 案由 are strong terms; the words jieba finds in the
    summary, evidence and materials are weak ones, so a text that says 工地 or 病历 still
    points somewhere when it uses none of the listed keywords.
    """
    owners: dict[str, dict[str, float]] = defaultdict(dict)
    for dispute in disputes:
        for text in _descriptions_of(dispute):
            for word in tokenizer.lcut(normalise(text), HMM=False):
                if len(word) >= 2 and word not in _STOPWORDS and not word.isdigit():
                    owners[word].setdefault(dispute.code, _WEAK)
        for term in _terms_of(dispute):
            owners[normalise(term)][dispute.code] = 1.0
    return {term: codes for term, codes in owners.items() if len(term) >= 2}


def _descriptions_of(dispute: Dispute) -> Sequence[str]:
    return (dispute.summary, *dispute.evidence, *(m.text for m in dispute.materials))


def _terms_of(dispute: Dispute) -> Sequence[str]:
    cause = dispute.cause.split("（")[0].removesuffix("纠纷")
    return (*dispute.keywords, *dispute.names, cause)
