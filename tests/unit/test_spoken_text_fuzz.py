"""Property tests of what the voice channel speaks: any text, any limit."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk_api.channels.spoken_text import sentence_chunks, sentences, speakable, truncate
from kiosk_api.channels.twilio_common import incoming_text

_ANY_TEXT = st.text(max_size=600)


@settings(max_examples=300, deadline=None)
@given(_ANY_TEXT)
def test_speakable_text_has_no_control_or_format_characters(text: str) -> None:
    spoken = speakable(text)
    assert isinstance(spoken, str)
    assert all(ch in "\n\t" or ord(ch) >= 32 for ch in spoken)
    assert not any("\ud800" <= ch <= "\udfff" for ch in spoken)


@settings(max_examples=300, deadline=None)
@given(_ANY_TEXT, st.integers(min_value=1, max_value=300))
def test_chunks_respect_the_limit_and_truncation_never_grows(text: str, limit: int) -> None:
    chunks = sentence_chunks(text, limit)
    assert all(0 < len(chunk) <= limit for chunk in chunks)
    # Nothing but the spaces around sentences is lost.
    assert "".join(chunks).replace(" ", "") == "".join(sentences(text)).replace(" ", "")
    kept, cut = truncate(text, limit)
    assert cut == (len(text) > limit)
    assert kept == text if not cut else len(kept) <= limit
    assert all(s and s.strip() == s for s in sentences(text))


@settings(max_examples=300, deadline=None)
@given(_ANY_TEXT)
def test_incoming_text_drops_controls_and_is_bounded(text: str) -> None:
    kept = incoming_text(text)
    assert all(ord(ch) >= 32 or ch in "\n\t" for ch in kept)
    assert len(kept) <= len(text)
    assert incoming_text(kept) == kept  # already clean: a second pass changes nothing
