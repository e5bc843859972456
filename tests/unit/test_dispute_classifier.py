"""The dispute classifier: catalog vocabulary, jieba, confidence and "unsure"."""

import datetime as dt
from types import MappingProxyType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk_api.domain.dispute_classifier import DisputeClassifier, normalise
from kiosk_api.domain.disputes import Catalog, default_catalog
from tools.dispute_eval import evaluate

_SHARED = DisputeClassifier(default_catalog())  # built lazily on first use, once per run


@pytest.fixture
def classifier():
    return _SHARED


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("老板三个月没发工资", "labor_remuneration"),
        ("朋友借了我五万块 打了借条 一直不还", "private_lending"),
        ("房东不退押金", "house_lease"),
        ("物业公司天天催我交物业费", "property_service"),
        ("被车撞了 交警出了事故认定书", "traffic_accident"),
        ("对方判决生效了还是不给钱 我要申请强制执行", "enforcement"),
    ],
)
def test_plain_descriptions_are_recognised(classifier, text, code):
    result = classifier.classify(text)
    assert result.best is not None and result.best.dispute.code == code
    assert not result.unsure


def test_words_of_a_term_match_in_any_order(classifier):
    listed = next(
        term for term in classifier._ready() if len(term.words) == 2 and term.text.isalpha()
    )
    first, second = sorted(listed.words, key=listed.text.index)
    swapped = classifier.classify(f"{second}了{first}")
    assert listed.text in swapped.matches[0].matched or any(
        listed.text in m.matched for m in swapped.matches
    )


@pytest.mark.parametrize("text", ["你好", "诉讼费怎么算", "123456", "。。。"])
def test_nothing_specific_is_unsure(classifier, text):
    result = classifier.classify(text)
    assert result.unsure


def test_full_width_and_spaces_do_not_matter(classifier):
    assert normalise("Ａ Ｂ　c") == "abc"
    plain = classifier.classify("房东不退押金")
    spaced = classifier.classify("房 东 不 退 押 金")
    assert [m.dispute.code for m in plain.matches] == [m.dispute.code for m in spaced.matches]


@settings(deadline=None)  # the first example pays for building the vocabulary
@given(text=st.text(max_size=200), limit=st.integers(min_value=1, max_value=5))
def test_any_text_gives_at_most_limit_ranked_matches_with_confidences(text, limit):
    result = _SHARED.classify(text, limit=limit)
    assert len(result.matches) <= limit
    scores = [m.score for m in result.matches]
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= m.confidence <= 1 for m in result.matches)
    assert result.unsure or result.matches


def test_an_empty_catalog_is_always_unsure():
    empty = Catalog("0", dt.date(2026, 1, 1), MappingProxyType({}))
    assert DisputeClassifier(empty).classify("老板欠薪").unsure


def test_labelled_question_set_stays_at_its_measured_level():
    """Regression floor for the README's figures (tools/dispute_eval.py prints them)."""
    result = evaluate()
    assert result.labelled >= 200
    assert result.top1 / result.labelled >= 0.62
    assert result.sure_right / result.sure >= 0.80  # when it does not ask, it is mostly right
    assert result.off_topic_unsure / result.off_topic >= 0.85
