"""Every provision the assistant cites from a statute on file exists, down to 款 and 项.

Covered: filing guidance (catalog, jurisdiction grounds, deadlines, filing ways, mediation) and
the 17 litigation risks.

The statutes are copied in tests/data/law (from shared/reference/law, the 国家法律法规数据库
texts); a citation of an article, paragraph or item they do not have fails here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

import cn2an
import pytest

from kiosk_api.domain.deadlines import DEADLINE_RULES, EVIDENCE_PERIODS
from kiosk_api.domain.disputes import COMMON_MATERIALS, ENFORCEMENT_MATERIALS, default_catalog
from kiosk_api.domain.filing import (
    FILING_DECISION,
    FILING_WAYS,
    MEDIATION,
    ONE_TIME_NOTICE,
    SMALL_CLAIMS_FEE_NOTE,
)
from kiosk_api.domain.jurisdiction import GROUNDS
from kiosk_api.domain.legal_basis import Basis
from kiosk_api.domain.litigation_risks import RISK_NOTICES
from tools.paths import ROOT

LAW_DIR = ROOT / "tests" / "data" / "law"
FILES = {
    "民事诉讼法": "民事诉讼法_2023.md",
    "民诉法解释": "民诉法解释_2022.md",
    "登记立案规定": "登记立案规定_2015.md",
    "证据规定": "证据规定_2019.md",
    "诉讼费用交纳办法": "诉讼费用交纳办法_2006.md",
}
_ARTICLE = re.compile(r"^第([零一二三四五六七八九十百千]+)条[\s\u3000]*(.*)$")
_ITEM = re.compile(r"^[（(]([一二三四五六七八九十]+)[）)]")
_SUBITEM = re.compile(r"^\d+[．.]")  # 目 of an item, e.g. the fee brackets of 第十三条第（一）项


@cache
def articles(law: str) -> dict[int, list[list[str]]]:
    """Article number → its paragraphs, each a list of lines (the first, then its items)."""
    parsed: dict[int, list[list[str]]] = {}
    current: list[list[str]] | None = None
    for raw in (LAW_DIR / FILES[law]).read_text(encoding="utf-8").splitlines():
        line = raw.replace("\u200b", "").strip()
        if not line:
            continue
        if line.startswith("#"):
            current = None
            continue
        match = _ARTICLE.match(line)
        if match:
            current = [[match[2]]]
            parsed[int(cn2an.cn2an(match[1], "smart"))] = current
        elif current is not None:
            if _ITEM.match(line) or _SUBITEM.match(line):
                current[-1].append(line)
            else:
                current.append([line])
    return parsed


def _items(paragraph: list[str]) -> int:
    return sum(1 for line in paragraph if _ITEM.match(line))


def cited() -> Iterator[tuple[str, Basis]]:
    """Every (where, basis) of the filing-guidance data."""
    for dispute in default_catalog().disputes.values():
        parts = [
            *dispute.materials,
            dispute.jurisdiction.explanation,
            dispute.limitation.explanation,
        ]
        parts += [dispute.small_claims.explanation, dispute.fee.explanation]
        if dispute.pre_procedure:
            parts.append(dispute.pre_procedure.explanation)
        for part in parts:
            for basis in part.basis:
                yield f"catalog {dispute.code}", basis
    for key, ground in GROUNDS.items():
        for basis in ground.basis:
            yield f"ground {key}", basis
    for kind, rule in DEADLINE_RULES.items():
        for basis in (*rule.basis, *rule.abroad_basis):
            yield f"deadline {kind.value}", basis
    for procedure, period in EVIDENCE_PERIODS.items():
        for basis in period.basis:
            yield f"evidence {procedure.value}", basis
    for way in FILING_WAYS:
        for basis in way.basis:
            yield f"filing {way.code}", basis
    fixed = [*COMMON_MATERIALS, *ENFORCEMENT_MATERIALS, ONE_TIME_NOTICE, FILING_DECISION]
    fixed += [
        MEDIATION.what,
        MEDIATION.cost,
        MEDIATION.effect,
        MEDIATION.how,
        SMALL_CLAIMS_FEE_NOTE,
    ]
    for item in fixed:
        for basis in item.basis:
            yield "filing text", basis
    for risk, notice in RISK_NOTICES.items():
        for basis in notice.basis:
            yield f"risk {risk.value}", basis


CHECKED = sorted({(where, b) for where, b in cited() if b.law in FILES}, key=str)


def test_the_statutes_are_parsed_whole():
    assert len(articles("民事诉讼法")) == 306
    assert len(articles("民诉法解释")) == 550
    assert len(articles("登记立案规定")) == 20


def test_most_filing_citations_are_checkable_here():
    assert len(CHECKED) > 100


@pytest.mark.parametrize(
    ("where", "basis"), CHECKED, ids=lambda v: str(v) if isinstance(v, str) else v.cite()
)
def test_cited_provision_exists(where, basis):
    law = articles(basis.law)
    assert basis.article in law, f"{where}: {basis.cite()} — no such article"
    paragraphs = law[basis.article]
    if basis.paragraph:
        assert basis.paragraph <= len(paragraphs), f"{where}: {basis.cite()} — no such paragraph"
    if basis.item:
        paragraph = paragraphs[(basis.paragraph or 1) - 1]
        items = _items(paragraph) or sum(_items(p) for p in paragraphs)
        assert basis.item <= items, f"{where}: {basis.cite()} — no such item"
