"""Case kinds, procedures and stages, with the Chinese labels the public sees."""

from __future__ import annotations

from enum import StrEnum


class CaseKind(StrEnum):
    """The broad kind of a case."""

    CIVIL = "civil"
    ADMINISTRATIVE = "administrative"
    ENFORCEMENT = "enforcement"


class Procedure(StrEnum):
    """The procedure a case is tried under."""

    ORDINARY = "ordinary"
    SIMPLE = "simple"
    SMALL_CLAIMS = "small_claims"
    SECOND_INSTANCE = "second_instance"
    ENFORCEMENT = "enforcement"


class Stage(StrEnum):
    """Where a case stands; trial and enforcement cases move through different stages."""

    FILED = "filed"
    ASSIGNED = "assigned"
    SCHEDULED = "scheduled"
    HEARD = "heard"
    DECIDED = "decided"
    MEDIATED = "mediated"
    INVESTIGATING = "investigating"
    ENFORCING = "enforcing"
    CLOSED = "closed"


STAGE_LABELS: dict[Stage, str] = {
    Stage.FILED: "已立案",
    Stage.ASSIGNED: "已分案",
    Stage.SCHEDULED: "已排期",
    Stage.HEARD: "已开庭",
    Stage.DECIDED: "已宣判",
    Stage.MEDIATED: "已调解",
    Stage.INVESTIGATING: "财产调查中",
    Stage.ENFORCING: "执行实施中",
    Stage.CLOSED: "已结案",
}

PROCEDURE_LABELS: dict[Procedure, str] = {
    Procedure.ORDINARY: "普通程序",
    Procedure.SIMPLE: "简易程序",
    Procedure.SMALL_CLAIMS: "小额诉讼程序",
    Procedure.SECOND_INSTANCE: "第二审程序",
    Procedure.ENFORCEMENT: "执行程序",
}

# The order a case passes through; a trial ends decided or mediated, then closed.
TRIAL_PATH: tuple[Stage, ...] = (
    Stage.FILED,
    Stage.ASSIGNED,
    Stage.SCHEDULED,
    Stage.HEARD,
    Stage.DECIDED,
    Stage.CLOSED,
)
ENFORCEMENT_PATH: tuple[Stage, ...] = (
    Stage.FILED,
    Stage.INVESTIGATING,
    Stage.ENFORCING,
    Stage.CLOSED,
)


def stage_path(kind: CaseKind, *, mediated: bool = False) -> tuple[Stage, ...]:
    """The stages a case of this kind passes through, in order."""
    if kind is CaseKind.ENFORCEMENT:
        return ENFORCEMENT_PATH
    if mediated:
        return tuple(Stage.MEDIATED if s is Stage.DECIDED else s for s in TRIAL_PATH)
    return TRIAL_PATH
