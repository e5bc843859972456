"""Filing guidance answers as JSON: the catalog, classification, jurisdiction advice, courts.

Views parse the request and call these; the same dictionaries feed the kiosk pages, so a
screen and a chat turn show the same materials, courts and bases.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk_api.domain.dispute_classifier import Classification
from kiosk_api.domain.disputes import Catalog, Dispute, Explained
from kiosk_api.domain.filing import (
    FILING_DECISION,
    FILING_WAYS,
    MEDIATION,
    ONE_TIME_NOTICE,
    SMALL_CLAIMS_FEE_NOTE,
    check_small_claims,
)
from kiosk_api.domain.jurisdiction import (
    GROUNDS,
    LEVEL_LABELS,
    Advice,
    CompetentCourt,
    CourtRecord,
    mentions_court,
)
from kiosk_api.domain.legal_basis import cites
from kiosk_api.models import Court
from kiosk_api.services.filing_reference import FilingReference

UNSURE_MESSAGE = "还不能确定是哪类纠纷，请再说具体一些：对方是谁、发生了什么、您想要求什么"


def explained(item: Explained) -> dict[str, Any]:
    """A statement with its basis."""
    return {"text": item.text, "basis": cites(item.basis)}


def catalog_index(catalog: Catalog) -> dict[str, Any]:
    """GET /disputes: every dispute type, briefly."""
    return {
        "version": catalog.version,
        "updated": catalog.updated.isoformat(),
        "disputes": [
            {
                "code": d.code,
                "cause": d.cause,
                "category": d.category.value,
                "names": list(d.names),
                "summary": d.summary,
            }
            for d in catalog.disputes.values()
        ],
    }


def dispute_detail(dispute: Dispute, catalog: Catalog) -> dict[str, Any]:
    """GET /disputes/{code}: everything the person needs to file this kind of case."""
    j = dispute.jurisdiction
    return {
        "code": dispute.code,
        "cause": dispute.cause,
        "category": dispute.category.value,
        "names": list(dispute.names),
        "summary": dispute.summary,
        "materials": [
            *({**explained(m), "common": True} for m in dispute.common_materials()),
            *({**explained(m), "common": False} for m in dispute.materials),
        ],
        "evidence": list(dispute.evidence),
        "jurisdiction": {
            "grounds": [ground_json(key) for key in j.grounds],
            "exclusive": j.exclusive,
            "agreement_allowed": j.agreement,
            **explained(j.explanation),
        },
        "pre_procedure": None
        if dispute.pre_procedure is None
        else {"name": dispute.pre_procedure.name, **explained(dispute.pre_procedure.explanation)},
        "limitation": {
            "period": dispute.limitation.period,
            **explained(dispute.limitation.explanation),
        },
        "mediation": {
            "suited": dispute.mediation.suited,
            "text": dispute.mediation.text,
            "guide": mediation_guide(),
        },
        "small_claims": {
            "eligible": dispute.small_claims.eligible.value,
            **explained(dispute.small_claims.explanation),
        },
        "fee": {"case_kind": dispute.fee.kind, **explained(dispute.fee.explanation)},
        "filing": filing_ways(),
        "catalog_version": catalog.version,
    }


def ground_json(key: str) -> dict[str, Any]:
    """A connecting ground with the question that asks for its place."""
    ground = GROUNDS[key]
    return {
        "key": key,
        "label": ground.label,
        "question": ground.question,
        "exclusive": ground.exclusive,
        "condition": ground.condition or None,
        "basis": cites(ground.basis),
    }


def filing_ways() -> dict[str, Any]:
    """How to file: the ways, the one-time notice of missing items, the 7-day decision."""
    return {
        "ways": [
            {"code": w.code, "name": w.name, "text": w.text, "basis": cites(w.basis)}
            for w in FILING_WAYS
        ],
        "one_time_notice": explained(ONE_TIME_NOTICE),
        "decision": explained(FILING_DECISION),
    }


def mediation_guide() -> dict[str, Any]:
    """Pre-litigation mediation: what, cost, effect, how."""
    return {
        "what": explained(MEDIATION.what),
        "cost": explained(MEDIATION.cost),
        "effect": explained(MEDIATION.effect),
        "how": explained(MEDIATION.how),
    }


def classification_json(result: Classification, catalog: Catalog) -> dict[str, Any]:
    """POST /disputes/classify: ranked candidates and whether to ask again."""
    return {
        "unsure": result.unsure,
        "message": UNSURE_MESSAGE if result.unsure else None,
        "matches": [
            {
                "code": m.dispute.code,
                "cause": m.dispute.cause,
                "confidence": m.confidence,
                "matched_terms": list(m.matched),
            }
            for m in result.matches
        ],
        "catalog_version": catalog.version,
    }


def small_claims_json(
    dispute: Dispute, amount: Decimal, province: str, reference: FilingReference
) -> dict[str, Any]:
    """Small-claims eligibility of one claim against the province's configured ceiling."""
    check = check_small_claims(dispute, amount, province, reference.wages)
    return {
        "dispute": dispute.code,
        "province": province,
        "amount": f"{amount:.2f}",
        "answer": check.answer.value,
        "ceiling": None if check.ceiling is None else f"{check.ceiling:.2f}",
        "agreed_ceiling": None if check.agreed_ceiling is None else f"{check.agreed_ceiling:.2f}",
        "text": check.text,
        "basis": cites(check.basis),
        "fee_note": explained(SMALL_CLAIMS_FEE_NOTE),
    }


def court_records(session: Session) -> list[CourtRecord]:
    """The court directory from the docket's courts table."""
    return [
        CourtRecord(c.code, c.name, c.level, c.address, c.phone)
        for c in session.scalars(select(Court).order_by(Court.code))
    ]


def advice_json(advice: Advice) -> dict[str, Any]:
    """POST /jurisdiction/advise: competent courts, what is missing, level, agreement."""
    return {
        "dispute": {"code": advice.dispute.code, "cause": advice.dispute.cause},
        "exclusive": advice.exclusive,
        "rule": explained(advice.dispute.jurisdiction.explanation),
        "courts": [_competent_json(c) for c in advice.courts],
        "missing": [ground_json(key) for key in advice.missing],
        "agreement": None
        if advice.agreement is None
        else {
            "valid": advice.agreement.valid,
            "text": advice.agreement.text,
            "basis": cites(advice.agreement.basis),
        },
        "level": {
            "level": advice.level.level.value,
            "label": LEVEL_LABELS[advice.level.level],
            "text": advice.level.text,
            "basis": cites(advice.level.basis),
        },
        "notes": list(advice.notes),
        "basis": cites(advice.basis),
    }


def _competent_json(court: CompetentCourt) -> dict[str, Any]:
    return {
        "ground": court.ground,
        "ground_label": court.ground_label,
        "place": court.place,
        "court": {
            "name": court.court_name,
            "code": court.court.code if court.court else None,
            "address": court.court.address if court.court else None,
            "phone": court.court.phone if court.court else None,
            "in_directory": court.court is not None,
        },
        "exclusive": court.exclusive,
        "condition": court.condition or None,
        "basis": cites(court.basis),
    }


def court_json(court: Court, *, home: bool) -> dict[str, Any]:
    """A court's public information: address, phone, hours, transport."""
    return {
        "code": court.code,
        "name": court.name,
        "level": court.level,
        "address": court.address,
        "phone": court.phone,
        "service_hours": court.service_hours,
        "transport": court.transport,
        "home": home,
    }


def courts_matching(courts: Sequence[Court], text: str) -> list[Court]:
    """Courts named in `text` by name or place (南山, 福田区, 中院); all courts when empty."""
    text = text.strip()
    if not text:
        return list(courts)
    if any(word in text for word in ("中院", "中级")):
        return [c for c in courts if c.level == "intermediate"]
    found = [c for c in courts if mentions_court(text, c.name)]
    # A district named beside its city (深圳福田) means the district's court, not the city's.
    return [c for c in found if c.level == "basic"] or found
