"""司法救助 for court fees (《诉讼费用交纳办法》 arts 44–51): from circumstances to what may be
granted, on which article, and what to hand in when.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kiosk_api.domain.legal_basis import Basis, fee_measures


class Measure(StrEnum):
    """The three forms of relief, strongest first."""

    EXEMPT = "exempt"
    REDUCE = "reduce"
    DEFER = "defer"


MEASURE_LABELS = {Measure.EXEMPT: "免交", Measure.REDUCE: "减交", Measure.DEFER: "缓交"}


class Applicant(StrEnum):
    """Who applies: 免交 is for natural persons only (art 44 para 2)."""

    NATURAL_PERSON = "natural_person"
    ORGANIZATION = "organization"


@dataclass(frozen=True)
class Ground:
    """One circumstance the Measures name, the relief it earns and the proof it needs."""

    code: str
    measure: Measure
    label: str
    basis: Basis
    proof: tuple[str, ...]
    # The catch-all items ("确实需要…的其他情形") leave the decision to the court; the named
    # ones say the court 应当准予.
    discretionary: bool = False
    applicant: Applicant | None = None
    # Hardship or basic-living claims also need the local economic-hardship certificate
    # (art 48 para 2).
    hardship_certificate: bool = False


def _ground(
    code: str,
    measure: Measure,
    article: int,
    item: int,
    label: str,
    *proof: str,
    discretionary: bool = False,
    applicant: Applicant | None = None,
    hardship_certificate: bool = False,
) -> Ground:
    basis = fee_measures(article, item=item)
    return Ground(
        code, measure, label, basis, proof, discretionary, applicant, hardship_certificate
    )


GROUNDS: dict[str, Ground] = {
    g.code: g
    for g in (
        _ground(
            "disabled_without_income",
            Measure.EXEMPT,
            45,
            1,
            "残疾人无固定生活来源",
            "残疾人证",
            "无固定生活来源的证明（如村（居）民委员会或民政部门出具）",
            applicant=Applicant.NATURAL_PERSON,
            hardship_certificate=True,
        ),
        _ground(
            "claiming_support",
            Measure.EXEMPT,
            45,
            2,
            "追索赡养费、扶养费、抚育费、抚恤金",
            "与对方的亲属关系证明（如户口簿、结婚证、出生医学证明）",
            applicant=Applicant.NATURAL_PERSON,
            hardship_certificate=True,
        ),
        _ground(
            "subsistence_no_other_income",
            Measure.EXEMPT,
            45,
            3,
            "最低生活保障对象、农村特困定期救济对象、农村五保供养对象或者领取失业保险金人员，"
            "无其他收入",
            "低保证、特困或五保供养证，或失业保险金领取证明",
            "无其他收入的书面说明",
            applicant=Applicant.NATURAL_PERSON,
            hardship_certificate=True,
        ),
        _ground(
            "good_samaritan",
            Measure.EXEMPT,
            45,
            4,
            "因见义勇为或者为保护社会公共利益致使自身合法权益受到损害，本人或者其近亲属请求赔偿或者补偿",
            "见义勇为或保护公共利益受损的证明（如公安机关、见义勇为评定机构出具）",
            "近亲属申请的，提供亲属关系证明",
            applicant=Applicant.NATURAL_PERSON,
        ),
        _ground(
            "other_exempt",
            Measure.EXEMPT,
            45,
            5,
            "其他确实需要免交的情形",
            "足以说明确需免交的证明材料",
            discretionary=True,
            applicant=Applicant.NATURAL_PERSON,
            hardship_certificate=True,
        ),
        _ground(
            "disaster_hardship",
            Measure.REDUCE,
            46,
            1,
            "因自然灾害等不可抗力造成生活困难，正在接受社会救济，或者家庭生产经营难以为继",
            "受灾或正在接受社会救济的证明",
            hardship_certificate=True,
        ),
        _ground(
            "special_care_recipient",
            Measure.REDUCE,
            46,
            2,
            "国家规定的优抚、安置对象",
            "优抚、安置对象的证件或证明（如退役军人事务部门出具）",
            applicant=Applicant.NATURAL_PERSON,
        ),
        _ground(
            "welfare_institution",
            Measure.REDUCE,
            46,
            3,
            "社会福利机构和救助管理站",
            "社会福利机构或救助管理站的登记证书或设立批准文件",
            applicant=Applicant.ORGANIZATION,
        ),
        _ground(
            "other_reduce",
            Measure.REDUCE,
            46,
            4,
            "其他确实需要减交的情形",
            "足以说明确需减交的证明材料",
            discretionary=True,
            hardship_certificate=True,
        ),
        _ground(
            "claiming_insurance_or_severance",
            Measure.DEFER,
            47,
            1,
            "追索社会保险金、经济补偿金",
            "劳动关系证明（如劳动合同、工资流水、仲裁裁决书）",
            applicant=Applicant.NATURAL_PERSON,
        ),
        _ground(
            "accident_victim",
            Measure.DEFER,
            47,
            2,
            "海上事故、交通事故、医疗事故、工伤事故、产品质量事故或者其他人身伤害事故的受害人请求赔偿",
            "事故认定书、工伤认定书或病历等受害证明",
            applicant=Applicant.NATURAL_PERSON,
        ),
        _ground(
            "legal_aid_recipient",
            Measure.DEFER,
            47,
            3,
            "正在接受有关部门法律援助",
            "法律援助机构的给予法律援助决定书或公函",
        ),
        _ground(
            "other_defer",
            Measure.DEFER,
            47,
            4,
            "其他确实需要缓交的情形",
            "足以说明确需缓交的证明材料",
            discretionary=True,
        ),
    )
}

EXEMPT_NATURAL_PERSONS_ONLY = fee_measures(44, paragraph=2)
REDUCE_AT_LEAST = fee_measures(46, paragraph=2)
APPLY_WHEN = fee_measures(48, paragraph=1)
HARDSHIP_CERTIFICATE = fee_measures(48, paragraph=2)
DEFER_BEFORE_FILING = fee_measures(49)


@dataclass(frozen=True)
class ReliefOption:
    """One measure the person may be granted, on which grounds, and whether the court must."""

    measure: Measure
    grounds: tuple[Ground, ...]
    mandatory: bool
    detail: str
    detail_basis: Basis | None


@dataclass(frozen=True)
class Refusal:
    """A stated circumstance that cannot earn relief for this applicant, and why."""

    ground: Ground
    reason: str
    basis: Basis


@dataclass(frozen=True)
class Requirement:
    """Something to hand in, or a rule about when."""

    text: str
    basis: Basis


@dataclass(frozen=True)
class ReliefAssessment:
    """What may be granted, what may not, and exactly what to submit and when."""

    options: tuple[ReliefOption, ...]
    refused: tuple[Refusal, ...]
    materials: tuple[Requirement, ...]
    timing: tuple[Requirement, ...]


class UnknownGround(ValueError):
    """A circumstance code that is not in GROUNDS."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


_DETAILS = {
    Measure.EXEMPT: ("免交只适用于自然人", EXEMPT_NATURAL_PERSONS_ONLY),
    Measure.REDUCE: ("准予减交的，减交比例不得低于30%", REDUCE_AT_LEAST),
    Measure.DEFER: ("符合条件的，法院应当在决定立案之前作出准予缓交的决定", DEFER_BEFORE_FILING),
}


def assess_relief(applicant: Applicant, codes: list[str]) -> ReliefAssessment:
    """The relief open to `applicant` in the stated circumstances (codes of GROUNDS)."""
    grounds: list[Ground] = []
    for code in dict.fromkeys(codes):
        if code not in GROUNDS:
            raise UnknownGround(code)
        grounds.append(GROUNDS[code])
    eligible = [g for g in grounds if g.applicant in (None, applicant)]
    refused = [_refusal(g) for g in grounds if g not in eligible]
    options = []
    for measure in Measure:
        matching = tuple(g for g in eligible if g.measure is measure)
        if matching:
            detail, basis = _DETAILS[measure]
            mandatory = any(not g.discretionary for g in matching)
            options.append(ReliefOption(measure, matching, mandatory, detail, basis))
    return ReliefAssessment(
        options=tuple(options),
        refused=tuple(refused),
        materials=tuple(_materials(eligible)),
        timing=(
            Requirement("在起诉或者上诉时提交司法救助申请", APPLY_WHEN),
            Requirement("申请缓交的，法院在决定立案之前作出决定", DEFER_BEFORE_FILING),
            Requirement("不予批准的，法院应当书面说明理由", fee_measures(48, paragraph=3)),
            Requirement("获得救助后对方败诉的，诉讼费用由对方负担", fee_measures(50)),
        ),
    )


def _refusal(ground: Ground) -> Refusal:
    if ground.measure is Measure.EXEMPT:
        return Refusal(
            ground, "免交只适用于自然人，单位可以申请减交或缓交", EXEMPT_NATURAL_PERSONS_ONLY
        )
    if ground.applicant is Applicant.ORGANIZATION:
        return Refusal(ground, "该情形只适用于社会福利机构和救助管理站", ground.basis)
    return Refusal(ground, "该情形只适用于个人（自然人）", ground.basis)


def _materials(grounds: list[Ground]) -> list[Requirement]:
    materials = [
        Requirement("书面的司法救助申请（写明申请缓交、减交或免交及理由）", APPLY_WHEN),
        Requirement("足以证明确有经济困难的证明材料", APPLY_WHEN),
    ]
    for ground in grounds:
        materials.extend(Requirement(proof, ground.basis) for proof in ground.proof)
    if any(g.hardship_certificate for g in grounds):
        materials.append(
            Requirement(
                "本人及家庭经济状况符合当地民政、劳动保障等部门规定的公民经济困难标准的证明",
                HARDSHIP_CERTIFICATE,
            )
        )
    return materials
