"""A verified party's case in a few SMS-sized lines, composed from the kiosk API's case view."""

from __future__ import annotations

from typing import Any

from actions.responses import render, yuan


def case_status_lines(domain: dict[str, Any], view: dict[str, Any], *, hint: bool) -> list[str]:
    """Stage, next hearing, contacts, running deadlines with their basis, fees owed, documents."""
    lines = [
        render(
            domain,
            "utter_case_status_head",
            case_number=view["case_number"],
            cause=view["cause"],
            stage=view["stage"]["label"],
            procedure=view["procedure"]["label"],
        )
    ]
    hearing = view.get("next_hearing")
    if hearing:
        lines.append(
            render(
                domain,
                "utter_case_status_hearing",
                kind=hearing["kind"],
                time=hearing["time_text"],
                courtroom=hearing["courtroom"],
                address=hearing["address"],
            )
        )
    contacts = [
        f"{title}{person['name']}（{person['office_phone']}）"
        for title, person in (("承办法官", view.get("judge")), ("书记员", view.get("clerk")))
        if person
    ]
    if contacts:
        lines.append(render(domain, "utter_case_status_contacts", contacts="，".join(contacts)))
    for deadline in view.get("deadlines", []):
        lines.append(
            render(
                domain,
                "utter_case_status_deadline",
                label=deadline["label"],
                ends_on=deadline["ends_on_text"],
                days=deadline["days_left"],
                basis="、".join(deadline["basis"]),
            )
        )
    owed = view.get("fees", {}).get("owed_by_you", "0.00")
    if owed not in ("0", "0.00"):
        lines.append(render(domain, "utter_case_status_fees_owed", amount=yuan(owed)))
    served = [doc for doc in view.get("documents", []) if doc.get("served_on")]
    if served:
        latest = served[-1]
        lines.append(
            render(
                domain,
                "utter_case_status_served",
                document=latest["document"],
                served_on=latest["served_on"],
            )
        )
    if hint and not view.get("subscribed"):
        lines.append(render(domain, "utter_case_status_subscribe_hint"))
    return lines
