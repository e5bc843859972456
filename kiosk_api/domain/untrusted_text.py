"""Checks on outside text (request bodies, import files) that no parser or database survives."""

from __future__ import annotations

from collections.abc import Callable

# Deeper JSON than any request model or docket record; refusing it before decoding keeps the
# decoder off Python's recursion limit.
MAX_JSON_DEPTH = 32

_OPENERS = frozenset("[{")
_CLOSERS = frozenset("]}")


def json_nesting_depth(text: str | bytes) -> int:
    """The deepest bracket nesting of a JSON text, strings skipped; a linear scan, no recursion."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in _OPENERS:
            depth += 1
            deepest = max(deepest, depth)
        elif ch in _CLOSERS:
            depth -= 1
    return deepest


def has_lone_surrogate(value: object) -> bool:
    """Whether any string in `value` (keys included, at any depth) holds a lone surrogate.

    Lone surrogates (\\ud800) are valid JSON escapes but no text: they cannot be encoded,
    stored, logged or even sent back in an error message.
    """
    return _any_string(value, lambda ch: "\ud800" <= ch <= "\udfff")


def has_unstorable_text(value: object) -> bool:
    """Whether any string in `value` holds a lone surrogate or NUL (PostgreSQL refuses NUL)."""
    return _any_string(value, lambda ch: ch == "\x00" or "\ud800" <= ch <= "\udfff")


def _any_string(value: object, bad: Callable[[str], bool]) -> bool:
    pending = [value]
    while pending:  # iterative, so a value at the depth limit costs no recursion either
        item = pending.pop()
        if isinstance(item, str):
            if any(bad(ch) for ch in item):
                return True
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list | tuple):
            pending.extend(item)
    return False
