"""案号 explained: the canonical form, its parts, the court and the case type, as JSON."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk_api.domain.case_numbers import CaseNumber, CaseNumberError, parse_case_number
from kiosk_api.errors import Unprocessable
from kiosk_api.models import Court


def parse_or_422(text: str, field: str = "text") -> CaseNumber:
    """The parsed 案号, or a 422 naming the field and saying exactly what is wrong with it."""
    try:
        return parse_case_number(text)
    except CaseNumberError as exc:
        raise Unprocessable(
            exc.message, code=f"case_number_{exc.code}", detail={"field": field}
        ) from None


def describe_case_number(session: Session, text: str) -> dict[str, Any]:
    """Parse `text` and describe the case number; a 422 says what is wrong with it."""
    number = parse_or_422(text)
    level = number.court_level
    return {
        "case_number": number.text,
        "year": number.year,
        "court_code": number.court_code,
        "court_level": level.value if level is not None else None,
        "court_name": number.court_name or _docket_court_name(session, number),
        "type_code": number.type_code,
        "case_types": list(number.case_types),
        "serial": number.serial,
        "serial_end": number.serial_end,
        "suffix": number.suffix,
        "legacy": number.legacy,
    }


def _docket_court_name(session: Session, number: CaseNumber) -> str | None:
    # Legacy abbreviations (深福法) are not 法院代字, so they never match a docket court.
    if number.legacy or not number.court_code:
        return None
    return session.scalar(select(Court.name).where(Court.code == number.court_code))
