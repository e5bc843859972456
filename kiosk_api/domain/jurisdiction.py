"""Which court hears a first-instance case: territorial grounds, 专属管辖, 协议管辖 and level.

Territory (地域管辖): each dispute in the catalog names its connecting grounds (被告住所地,
合同履行地, 侵权行为地 …); every ground for which the person gives a place yields a competent
court, and the plaintiff may choose among them (民诉法 36). 专属管辖 (民诉法 34, 民诉法解释 28)
leaves only its own grounds and voids any agreement. 协议管辖 (民诉法 35) is honoured only for
contract and other property disputes, in writing, for a place with a real connection to the
dispute, and never against level or exclusive rules.

Level (级别管辖, 民诉法 18–21): first-instance civil cases go to basic courts unless the amount
reaches the thresholds the Supreme People's Court sets; the thresholds are configuration
(`LevelThresholds`, loaded from reference/filing_standards.yml) because the SPC revises them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum

from kiosk_api.domain.disputes import Category, Dispute
from kiosk_api.domain.legal_basis import (
    ADMINISTRATIVE_PROCEDURE_LAW,
    CPL_INTERPRETATION,
    LABOUR_INTERPRETATION,
    Basis,
    civil_procedure,
)


def _cpli(article: int, paragraph: int | None = None) -> Basis:
    return Basis(CPL_INTERPRETATION, article, paragraph)


@dataclass(frozen=True)
class Ground:
    """A connecting ground: the place it names, the question that asks for it, its basis."""

    label: str
    question: str
    basis: tuple[Basis, ...]
    exclusive: bool = False
    condition: str = ""  # when the ground applies only in a particular situation


GROUNDS: Mapping[str, Ground] = {
    "defendant_domicile": Ground(
        "被告住所地",
        "被告住在哪里（户籍地；离开户籍地连续居住一年以上的，为经常居住地）？单位看主要办事机构所在地",
        (civil_procedure(22), _cpli(3), _cpli(4)),
    ),
    "performance_place": Ground(
        "合同履行地",
        "合同约定在哪里履行？没有约定的：要钱的一方（接收货币一方）所在地；交付房屋的，房屋所在地",
        (civil_procedure(24), _cpli(18)),
    ),
    "online_delivery_place": Ground(
        "网购收货地（买受人住所地）",
        "网购的东西收货地址在哪里？（通过网络交付的，为买受人住所地）",
        (civil_procedure(24), _cpli(20)),
    ),
    "tort_place": Ground(
        "侵权行为地",
        "事情发生在哪里，或者损害结果发生在哪里？",
        (civil_procedure(29), _cpli(24)),
    ),
    "network_victim_domicile": Ground(
        "被侵权人住所地（信息网络侵权）",
        "在网上被侵权的，被侵权人住在哪里？",
        (civil_procedure(29), _cpli(25)),
        condition="通过信息网络实施侵权的",
    ),
    "product_service_place": Ground(
        "产品制造地、销售地或者服务提供地",
        "产品在哪里生产、在哪里买的，或者服务在哪里提供？",
        (_cpli(26),),
        condition="产品、服务质量不合格造成财产、人身损害的",
    ),
    "immovable_location": Ground(
        "不动产所在地",
        "房屋、土地等不动产在哪里（以不动产登记簿记载的为准）？",
        (civil_procedure(34, item=1), _cpli(28)),
        exclusive=True,
    ),
    "deceased_domicile": Ground(
        "被继承人死亡时住所地",
        "去世的人去世时住在哪里？",
        (civil_procedure(34, item=3),),
        exclusive=True,
    ),
    "main_estate_location": Ground(
        "主要遗产所在地",
        "遗产主要在哪里？",
        (civil_procedure(34, item=3),),
        exclusive=True,
    ),
    "plaintiff_domicile_maintenance": Ground(
        "原告住所地（追索赡养费、扶养费、抚养费）",
        "您（原告）住在哪里？",
        (_cpli(9),),
        condition="几个被告住所地不在同一辖区的",
    ),
    "plaintiff_domicile_divorce": Ground(
        "原告住所地（离婚）",
        "您（原告）住在哪里？",
        (_cpli(12),),
        condition="对方离开住所地超过一年的",
    ),
    "employer_location": Ground(
        "用人单位所在地",
        "用人单位（公司）在哪里？",
        (Basis(LABOUR_INTERPRETATION, 3),),
    ),
    "labor_contract_place": Ground(
        "劳动合同履行地",
        "您在哪里上班（劳动合同履行地）？",
        (Basis(LABOUR_INTERPRETATION, 3),),
    ),
    "agency_location": Ground(
        "最初作出行政行为的行政机关所在地",
        "作出处罚、决定的行政机关在哪里？",
        (Basis(ADMINISTRATIVE_PROCEDURE_LAW, 18, 1),),
    ),
    "reconsideration_agency_location": Ground(
        "复议机关所在地",
        "复议机关在哪里？",
        (Basis(ADMINISTRATIVE_PROCEDURE_LAW, 18, 1),),
        condition="经过行政复议的",
    ),
    "plaintiff_domicile_administrative": Ground(
        "原告所在地（限制人身自由的行政强制措施）",
        "您（原告）住在哪里？",
        (Basis(ADMINISTRATIVE_PROCEDURE_LAW, 19),),
        condition="对限制人身自由的行政强制措施不服的",
    ),
    "first_instance_court": Ground(
        "第一审人民法院",
        "生效判决、调解书是哪个法院作出的（第一审法院）？",
        (civil_procedure(235, 1),),
    ),
    "enforcement_property_location": Ground(
        "被执行的财产所在地",
        "对方的财产（房产、存款、车辆等）在哪里？",
        (civil_procedure(235, 1),),
        condition="向与第一审人民法院同级的人民法院申请的",
    ),
}

# 民诉法 35: the places an agreement may choose, "等与争议有实际联系的地点".
AGREEMENT_PLACES: Mapping[str, str] = {
    "defendant_domicile": "被告住所地",
    "performance_place": "合同履行地",
    "signing_place": "合同签订地",
    "plaintiff_domicile": "原告住所地",
    "subject_location": "标的物所在地",
    "other_connected": "其他与争议有实际联系的地点",
    "unconnected": "与争议没有实际联系的地点",
}


class CourtLevel(StrEnum):
    """The four levels of people's courts."""

    BASIC = "basic"
    INTERMEDIATE = "intermediate"
    HIGH = "high"
    SUPREME = "supreme"


LEVEL_LABELS: Mapping[CourtLevel, str] = {
    CourtLevel.BASIC: "基层人民法院",
    CourtLevel.INTERMEDIATE: "中级人民法院",
    CourtLevel.HIGH: "高级人民法院",
    CourtLevel.SUPREME: "最高人民法院",
}


@dataclass(frozen=True)
class LevelThresholds:
    """The SPC's amount thresholds for first-instance civil cases above the basic level."""

    intermediate_same_province: Decimal  # both parties' domiciles in (or both outside) the province
    intermediate_cross_province: Decimal  # one party's domicile outside the court's province
    high: Decimal
    source: str
    basic_only: frozenset[str]  # dispute codes the SPC keeps at basic courts in principle
    basic_only_source: str
    not_covered: frozenset[str]  # dispute codes the thresholds do not govern (e.g. 知识产权)


@dataclass(frozen=True)
class CourtRecord:
    """A court of the directory, for turning a place into a named court."""

    code: str
    name: str
    level: str
    address: str
    phone: str


@dataclass(frozen=True)
class CompetentCourt:
    """A court the case may be filed in, found through one ground."""

    ground: str
    ground_label: str
    place: str
    court_name: str
    court: CourtRecord | None  # None when the directory has no court for the place
    exclusive: bool
    condition: str
    basis: tuple[Basis, ...]


@dataclass(frozen=True)
class Agreement:
    """A written choice of court, as the person describes it."""

    place: str
    relation: str  # a key of AGREEMENT_PLACES
    written: bool = True
    consumer_standard_terms: bool = False  # a business's standard terms against a consumer


@dataclass(frozen=True)
class AgreementFinding:
    """Whether the agreed court governs, and why."""

    valid: bool
    text: str
    basis: tuple[Basis, ...]


@dataclass(frozen=True)
class LevelFinding:
    """The level of court for the first instance, and why."""

    level: CourtLevel
    text: str
    basis: tuple[Basis, ...]


@dataclass(frozen=True)
class Advice:
    """The answer to "which court": the competent courts, what is missing, level, agreement."""

    dispute: Dispute
    courts: tuple[CompetentCourt, ...]
    missing: tuple[str, ...]  # ground keys the person has not given a place for
    exclusive: bool
    agreement: AgreementFinding | None
    level: LevelFinding
    notes: tuple[str, ...]
    basis: tuple[Basis, ...]


class JurisdictionError(ValueError):
    """The question cannot be answered as asked; the message says why, in Chinese."""


_CHOICE_NOTE = (
    "有两个以上法院都有管辖权的，您可以选择其中一个起诉；向两个以上法院起诉的，由最先立案的法院管辖"
)


def advise(
    dispute: Dispute,
    places: Mapping[str, str],
    *,
    thresholds: LevelThresholds,
    directory: Sequence[CourtRecord] = (),
    amount: Decimal | None = None,
    cross_province: bool = False,
    agreement: Agreement | None = None,
    against_government: bool = False,
) -> Advice:
    """The competent first-instance courts for `dispute` given the places involved."""
    unknown = sorted(set(places) - set(dispute.jurisdiction.grounds))
    if unknown:
        allowed = "、".join(f"{k}（{GROUNDS[k].label}）" for k in dispute.jurisdiction.grounds)
        named = "、".join(GROUNDS[k].label if k in GROUNDS else k for k in unknown)
        raise JurisdictionError(f"{dispute.cause}不按“{named}”确定管辖，可以提供的地点：{allowed}")
    level = _level(dispute, thresholds, amount, cross_province, against_government)
    if dispute.category is Category.ENFORCEMENT:
        level = _enforcement_level(level, places.get("first_instance_court", ""), directory)
    grounds = _grounds_in_force(dispute)
    courts = [
        _competent(key, places[key], level.level, directory)
        for key in grounds
        if places.get(key, "").strip()
    ]
    missing = tuple(key for key in grounds if not places.get(key, "").strip())
    finding = None if agreement is None else _agreement(dispute, agreement)
    notes: list[str] = []
    basis: list[Basis] = [*dispute.jurisdiction.explanation.basis]
    if finding is not None and finding.valid:
        courts = [_agreed_court(agreement, level.level, directory, finding)]  # type: ignore[arg-type]
        missing = ()
        notes.append("书面协议选择的法院能够确定的，从其约定，其他地点的法院不再管辖")
        basis.append(_cpli(30))
    elif dispute.jurisdiction.exclusive:
        notes.append("本类纠纷属于专属管辖，只能向法律规定的法院起诉，不能协议改变")
    if len({court.court_name for court in courts}) > 1:  # several grounds may name one court
        notes.append(_CHOICE_NOTE)
        basis.append(civil_procedure(36))
    if any(court.condition for court in courts):
        notes.append("标注了适用条件的法院，只在符合该条件时才有管辖权")
    for court in courts:
        basis.extend(court.basis)
    if finding is not None:
        basis.extend(finding.basis)
    basis.extend(level.basis)
    return Advice(
        dispute=dispute,
        courts=tuple(courts),
        missing=missing,
        exclusive=dispute.jurisdiction.exclusive,
        agreement=finding,
        level=level,
        notes=tuple(notes),
        basis=_unique(basis),
    )


def _grounds_in_force(dispute: Dispute) -> tuple[str, ...]:
    """Under 专属管辖 only the exclusive grounds count; otherwise all the dispute's grounds."""
    grounds = dispute.jurisdiction.grounds
    if dispute.jurisdiction.exclusive:
        exclusive = tuple(key for key in grounds if GROUNDS[key].exclusive)
        return exclusive or grounds
    return grounds


def _competent(
    key: str, place: str, level: CourtLevel, directory: Sequence[CourtRecord]
) -> CompetentCourt:
    ground = GROUNDS[key]
    place = place.strip()
    if key == "first_instance_court":
        # The place here names the court itself, whatever the amount.
        found = find_court(place, directory, level=None)
        name = found.name if found else place
    else:
        found = find_court(place, directory, level=level)
        name = found.name if found else _unlisted_court_name(place, level)
    return CompetentCourt(
        ground=key,
        ground_label=ground.label,
        place=place,
        court_name=name,
        court=found,
        exclusive=ground.exclusive,
        condition=ground.condition,
        basis=ground.basis,
    )


def _agreed_court(
    agreement: Agreement,
    level: CourtLevel,
    directory: Sequence[CourtRecord],
    finding: AgreementFinding,
) -> CompetentCourt:
    found = find_court(agreement.place, directory, level=level)
    return CompetentCourt(
        ground="agreement",
        ground_label=f"协议选择的{AGREEMENT_PLACES[agreement.relation]}",
        place=agreement.place,
        court_name=found.name if found else _unlisted_court_name(agreement.place, level),
        court=found,
        exclusive=False,
        condition="",
        basis=finding.basis,
    )


def _unlisted_court_name(place: str, level: CourtLevel) -> str:
    """A court the directory lacks: 南山区的基层人民法院, but 管辖南山区的高级人民法院."""
    if level is CourtLevel.BASIC:
        return f"{place}的{LEVEL_LABELS[level]}"
    return f"管辖{place}的{LEVEL_LABELS[level]}"


def _enforcement_level(
    level: LevelFinding, first_instance: str, directory: Sequence[CourtRecord]
) -> LevelFinding:
    """民诉法 235: the property's court must be of the first-instance court's level."""
    first = find_court(first_instance, directory, level=None)
    if first is None or first.level not in {lvl.value for lvl in CourtLevel}:
        return level
    return replace(level, level=CourtLevel(first.level))


def _agreement(dispute: Dispute, agreement: Agreement) -> AgreementFinding:
    if agreement.relation not in AGREEMENT_PLACES:
        raise JurisdictionError(
            f"协议选择的地点与争议的关系无效，可选值为：{'、'.join(AGREEMENT_PLACES)}"
        )
    rule = (civil_procedure(35),)
    if dispute.jurisdiction.exclusive:
        return AgreementFinding(
            False,
            "本类纠纷属于专属管辖，协议选择其他法院无效，应向专属管辖的法院起诉",
            (*rule, civil_procedure(34)),
        )
    if not dispute.jurisdiction.agreement:
        return AgreementFinding(
            False, "只有合同或者其他财产权益纠纷可以协议选择管辖法院，本类纠纷不适用", rule
        )
    if not agreement.written:
        return AgreementFinding(
            False,
            "管辖协议必须是书面的（合同中的管辖条款或者起诉前书面达成的协议），口头约定无效",
            (*rule, _cpli(29)),
        )
    if agreement.relation == "unconnected":
        return AgreementFinding(
            False, "协议只能选择与争议有实际联系的地点的法院，约定的地点与争议没有实际联系", rule
        )
    text = (
        f"书面协议选择{AGREEMENT_PLACES[agreement.relation]}（{agreement.place}）的法院有效，"
        "但不能改变级别管辖"
    )
    basis: tuple[Basis, ...] = rule
    if agreement.consumer_standard_terms:
        text += "；经营者用格式条款约定管辖、未以合理方式提醒消费者注意的，消费者可以主张该约定无效"
        basis = (*rule, _cpli(31))
    return AgreementFinding(True, text, basis)


def _level(
    dispute: Dispute,
    thresholds: LevelThresholds,
    amount: Decimal | None,
    cross_province: bool,
    against_government: bool,
) -> LevelFinding:
    if dispute.category is Category.ADMINISTRATIVE:
        if against_government:
            return LevelFinding(
                CourtLevel.INTERMEDIATE,
                "起诉国务院部门或者县级以上地方人民政府所作的行政行为，由中级人民法院管辖",
                (Basis(ADMINISTRATIVE_PROCEDURE_LAW, 15, item=1),),
            )
        return LevelFinding(
            CourtLevel.BASIC,
            "行政案件一般由基层人民法院管辖；起诉县级以上地方人民政府等的，由中级人民法院管辖",
            (Basis(ADMINISTRATIVE_PROCEDURE_LAW, 14), Basis(ADMINISTRATIVE_PROCEDURE_LAW, 15)),
        )
    if dispute.category is Category.ENFORCEMENT:
        return LevelFinding(
            CourtLevel.BASIC,
            "向第一审人民法院申请，或者向与第一审人民法院同级的被执行财产所在地法院申请",
            (civil_procedure(235, 1),),
        )
    basic_rule = (civil_procedure(18),)
    if dispute.code in thresholds.not_covered:
        return LevelFinding(
            CourtLevel.BASIC,
            "本类案件由最高人民法院指定的法院集中管辖，级别不按标的额确定，请向当地法院或12368核实",
            basic_rule,
        )
    if dispute.code in thresholds.basic_only:
        return LevelFinding(
            CourtLevel.BASIC,
            f"本类纠纷原则上由基层人民法院管辖（{thresholds.basic_only_source}）",
            basic_rule,
        )
    if amount is None:
        return LevelFinding(
            CourtLevel.BASIC,
            "未提供诉讼标的额，按一般情况由基层人民法院管辖；标的额特别大的可能由中级以上法院管辖",
            basic_rule,
        )
    intermediate = (
        thresholds.intermediate_cross_province
        if cross_province
        else thresholds.intermediate_same_province
    )
    if amount >= thresholds.high:
        return LevelFinding(
            CourtLevel.HIGH,
            f"诉讼标的额达到{_yi(thresholds.high)}，由高级人民法院管辖（{thresholds.source}）",
            (civil_procedure(20),),
        )
    if amount >= intermediate:
        who = (
            "一方当事人住所地不在受理法院所在省份"
            if cross_province
            else "当事人住所地都在（或都不在）受理法院所在省份"
        )
        return LevelFinding(
            CourtLevel.INTERMEDIATE,
            f"{who}，诉讼标的额达到{_yi(intermediate)}，由中级人民法院管辖（{thresholds.source}）",
            (civil_procedure(19, item=3),),
        )
    return LevelFinding(
        CourtLevel.BASIC,
        f"诉讼标的额低于{_yi(intermediate)}，由基层人民法院管辖（{thresholds.source}）",
        basic_rule,
    )


def _yi(amount: Decimal) -> str:
    """An amount in 亿元 or 万元, as the SPC's notices state them."""
    if amount >= 100_000_000:
        return f"{(amount / 100_000_000).normalize():f}亿元"
    return f"{(amount / 10_000).normalize():f}万元"


_COURT_SUFFIX = "人民法院"
_UNIT = re.compile(r"(.+?(?:省|自治区|市|自治州|地区|盟|区|县|旗|自治县))")


def place_keys(court_name: str) -> tuple[str, ...]:
    """The place names a court is known by: 深圳市福田区人民法院 → 福田区, 福田."""
    name = court_name.removesuffix(_COURT_SUFFIX).replace("中级", "")
    units = _UNIT.findall(name)
    if not units:
        return (name,) if name else ()
    last = units[-1]
    stem = re.sub(r"(自治县|自治州|自治区|省|市|区|县|旗|盟|地区)$", "", last)
    return tuple(dict.fromkeys(k for k in (last, stem) if len(k) >= 2))


def mentions_court(text: str, court_name: str) -> bool:
    """Whether `text` names the court or its place (深圳市南山区人民法院, 南山区, 南山)."""
    return court_name in text or any(key in text for key in place_keys(court_name))


def find_court(
    place: str, directory: Iterable[CourtRecord], *, level: CourtLevel | None
) -> CourtRecord | None:
    """The directory court at `level` whose place name appears in `place`, if exactly one does."""
    text = place.strip()
    candidates = [c for c in directory if level is None or c.level == level.value]
    # A court named in full is that court, though its city's court's place name appears too.
    named = [court for court in candidates if court.name in text]
    if len(named) == 1:
        return named[0]
    matches = [court for court in candidates if mentions_court(text, court.name)]
    if level is None and len(matches) > 1:
        # A district named beside its city (深圳市南山区) means the district's court.
        matches = [court for court in matches if court.level == CourtLevel.BASIC.value] or matches
    return matches[0] if len(matches) == 1 else None


def _unique(basis: Iterable[Basis]) -> tuple[Basis, ...]:
    return tuple(dict.fromkeys(basis))
