"""Checks shared by the filing-guidance API tests: citations and Chinese errors."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

CITATION = re.compile(
    r"^《[^《》]+》第[一二三四五六七八九十百千零]+条"
    r"(第[一二三四五六七八九十]+款)?(第（[一二三四五六七八九十]+）项)?(第[一二三四五六七八九十]+目)?$"
)
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def citations(value: Any) -> Iterator[str]:
    """Every string listed under a "basis" key anywhere in a JSON document."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "basis" and isinstance(item, list):
                yield from item
            else:
                yield from citations(item)
    elif isinstance(value, list):
        for item in value:
            yield from citations(item)


def assert_citations_well_formed(body: Any) -> None:
    """Every basis in the document reads 《law》第…条[第…款][第（…）项]."""
    bad = [c for c in citations(body) if not isinstance(c, str) or not CITATION.match(c)]
    assert not bad, bad


def assert_chinese_error(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    """The response is the error model with `status`, a Chinese message and, if given, `code`."""
    assert response.status_code == status, response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert CHINESE.search(error["message"]), error
    if code is not None:
        assert error["code"] == code, error
    return error
