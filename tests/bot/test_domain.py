"""The assistant's domain: every response reads as natural Chinese."""

import re

import pytest
import yaml

from tools.paths import ROOT

DOMAINS = [
    yaml.safe_load(path.read_text(encoding="utf-8"))
    for path in sorted((ROOT / "bot" / "domain").glob("*.yml"))
]
RESPONSES = {
    name: variant["text"]
    for domain in DOMAINS
    for name, variants in (domain.get("responses") or {}).items()
    for variant in variants
}
CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_responses_have_no_stray_spaces_inside_chinese_text(name):
    assert not re.search(f"{CJK} +{CJK}", RESPONSES[name]), RESPONSES[name]


def test_the_assistant_says_it_is_automated_and_gives_procedural_information_only():
    assert "自动" in RESPONSES["utter_greet"] and "不对案件的实体问题" in RESPONSES["utter_greet"]
    assert "不是真人" in RESPONSES["utter_iamabot"]


def test_the_last_fallback_offers_a_person():
    assert "转人工" in RESPONSES["utter_default"]
