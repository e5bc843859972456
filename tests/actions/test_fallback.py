"""The first stage of the two-stage fallback asks in Chinese."""

from rasa_sdk.executor import CollectingDispatcher

from actions.fallback import INTENT_LABELS, ActionAskAffirmation
from tests.actions.conftest import make_tracker


def _ask(ranking):
    dispatcher = CollectingDispatcher()
    latest = {"text": "嗯那个", "intent": {"name": "nlu_fallback"}, "intent_ranking": ranking}
    ActionAskAffirmation().run(dispatcher, make_tracker(latest=latest), {})
    return dispatcher.messages


def test_the_best_real_intent_is_offered_for_confirmation():
    [message] = _ask([{"name": "nlu_fallback"}, {"name": "human_handoff"}, {"name": "greet"}])
    assert message["response"] == "utter_ask_affirmation"
    assert (message["intent"], message["intent_label"]) == ("human_handoff", "转接人工服务")


def test_with_no_known_intent_it_asks_to_rephrase():
    assert [m["response"] for m in _ask([{"name": "nlu_fallback"}])] == ["utter_ask_rephrase"]


def test_every_domain_intent_has_a_chinese_label():
    import yaml

    from tools.paths import ROOT

    intents = set()
    for path in (ROOT / "bot" / "domain").glob("*.yml"):
        intents.update(yaml.safe_load(path.read_text(encoding="utf-8")).get("intents", []))
    assert intents <= set(INTENT_LABELS)
