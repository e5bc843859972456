"""Domain response texts used as templates when an action composes one SMS-sized message."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any


def render(domain: dict[str, Any], response: str, **values: Any) -> str:
    """The first variant of `response` in the domain, filled with `values`."""
    text = str(domain["responses"][response][0]["text"])
    return text.format(**values)


def yuan(amount: str) -> str:
    """A decimal string in yuan as people read it: 80000.00 → 80,000; 16.67 → 16.67."""
    try:
        value = Decimal(amount)
    except (InvalidOperation, TypeError):
        return str(amount)
    text = f"{value:,.2f}"
    return text[:-3] if text.endswith(".00") else text


def basis_text(item: dict[str, Any], limit: int | None = None) -> str:
    """An item's legal basis in brackets, "（《民事诉讼法》第二十二条）", or "" if it has none."""
    cited = (item.get("basis") or [])[:limit]
    return f"（{'、'.join(cited)}）" if cited else ""
