"""Assistant text made fit to be read aloud on a phone line (<Say>)."""

from __future__ import annotations

import re
import unicodedata

# A caller cannot click or note down a link; the spoken version leaves it out.
_URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+", re.IGNORECASE)
# Markdown and list markup a text-to-speech voice would read out or stumble on.
_MARKUP = re.compile(r"[*#`_|]+|~~")
# "50~300元" and "9:00-12:00" are ranges: without a word for the mark the numbers run together
# (phone numbers such as 0755-12345678 keep their hyphen).
_RANGE = re.compile(r"(?<=\d)\s*[~～]\s*(?=\d)|(?<=\d:\d\d)\s*[-–]\s*(?=\d{1,2}:\d\d)")
_BULLET = re.compile(r"^\s*[-•·●▪]\s+")
# "1. " reads as "one point"; the Chinese enumeration mark reads naturally.
_NUMBERED = re.compile(r"^\s*(\d{1,2})[.)）]\s+")
_ELLIPSIS = re.compile(r"…+|\.{3,}")
_DASH = re.compile(r"[—―]+|-{2,}")
_BRACKETS = re.compile(r"[【】「」『』〔〕]")
_SPACES = re.compile(r"[ \t\u3000]+")
# Between Chinese characters a space is a typing habit, not a pause.
_CJK_GAP = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef]) (?=[\u3000-\u9fff\uff00-\uffef])")
# Punctuation that ends a spoken pause, strongest first: a run of it keeps the strongest.
_STOPS = "。？！；：，、.?!;:,"
_STRENGTH = {ch: rank for rank, ch in enumerate("。？！；：，、")} | {
    ch: rank for rank, ch in enumerate(".?!;:,")
}
_STOP_RUN = re.compile(f"[{re.escape(_STOPS)}]{{2,}}")
_SPACED_STOP = re.compile(f"\\s+(?=[{re.escape(_STOPS)}])|(?<=[。？！；：，、])\\s+")
_SENTENCE = re.compile(r"[^。！？；!?;]*[。！？；!?;]|[^。！？；!?;]+")


def _speakable_char(ch: str) -> bool:
    # Control and format characters break the XML or are silent; emoji and pictographs
    # (category So) are read out by name, if at all.
    return ch in "\n\t" or unicodedata.category(ch) not in {"Cc", "Cf", "Co", "Cs", "Cn", "So"}


def _strongest(match: re.Match[str]) -> str:
    return min(match.group(), key=lambda ch: _STRENGTH.get(ch, 9))


def speakable(text: str) -> str:
    """The text without links, markup, emoji or runs of punctuation; lines become sentences."""
    text = "".join(ch for ch in text if _speakable_char(ch))
    text = _URL.sub("", text)
    spoken = []
    for line in text.splitlines():
        line = _NUMBERED.sub(r"\1、", _BULLET.sub("", line))
        line = _MARKUP.sub("", _RANGE.sub("至", line))
        line = _BRACKETS.sub("", line)
        line = _ELLIPSIS.sub("。", line)
        line = _DASH.sub("，", line)
        # A removed link or dash can leave a line starting with a comma.
        line = _CJK_GAP.sub("", _SPACES.sub(" ", line)).strip().lstrip(_STOPS + " ")
        if not line:
            continue
        spoken.append(line if line[-1] in _STOPS else line + "。")
    return _STOP_RUN.sub(_strongest, _SPACED_STOP.sub("", "".join(spoken)))


def sentences(text: str) -> list[str]:
    """The text cut after each sentence-ending mark, nothing lost."""
    return [s for s in (m.group().strip() for m in _SENTENCE.finditer(text)) if s]


def sentence_chunks(text: str, max_chars: int) -> list[str]:
    """Pieces of at most `max_chars`, cut between sentences where possible (a <Say>, an SMS)."""
    chunks: list[str] = []
    current = ""
    for sentence in sentences(text):
        while len(sentence) > max_chars:
            # One overlong sentence: cut at its last comma that fits, else hard.
            cut = max(sentence.rfind(mark, 0, max_chars) for mark in "，,、：:")
            cut = cut + 1 if cut > 0 else max_chars
            if current:
                chunks.append(current)
                current = ""
            chunks.append(sentence[:cut])
            sentence = sentence[cut:]
        if current and len(current) + len(sentence) > max_chars:
            chunks.append(current)
            current = ""
        current += sentence
    if current:
        chunks.append(current)
    return chunks


def truncate(text: str, max_chars: int) -> tuple[str, bool]:
    """At most `max_chars` of whole sentences (a first overlong one is cut); whether it was cut."""
    if len(text) <= max_chars:
        return text, False
    kept = ""
    for sentence in sentences(text):
        if len(kept) + len(sentence) > max_chars:
            break
        kept += sentence
    return (kept or text[:max_chars]), True
