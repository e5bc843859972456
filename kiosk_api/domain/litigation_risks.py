"""The 17 risks of the SPC's 《人民法院民事诉讼风险提示书》, each with its current basis.

The 2003 notice cites the law as it then was (and a 2-year limitation period); the statements
here follow the texts in force: 民事诉讼法 2023, 民诉法解释 2022, 证据规定 2019, 民法典 (3-year
limitation). A risk assessment picks the risks a person's answers make real and says why; the
rest of the list is the general notice every litigant receives.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from kiosk_api.domain.legal_basis import (
    CIVIL_CODE,
    CPL_INTERPRETATION,
    EVIDENCE_RULES,
    Basis,
    civil_procedure,
    fee_measures,
)


class Risk(StrEnum):
    """The risks, in the notice's order."""

    FILING_CONDITIONS = "filing_conditions"
    IMPROPER_CLAIMS = "improper_claims"
    LATE_CLAIM_CHANGE = "late_claim_change"
    LIMITATION = "limitation"
    UNCLEAR_AUTHORISATION = "unclear_authorisation"
    FEES_NOT_PAID = "fees_not_paid"
    PRESERVATION = "preservation"
    INSUFFICIENT_EVIDENCE = "insufficient_evidence"
    LATE_EVIDENCE = "late_evidence"
    NO_ORIGINALS = "no_originals"
    WITNESS_ABSENT = "witness_absent"
    APPRAISAL = "appraisal"
    ABSENCE_FROM_HEARING = "absence_from_hearing"
    SERVICE_ADDRESS = "service_address"
    LATE_ENFORCEMENT = "late_enforcement"
    NO_ASSETS = "no_assets"
    NON_PERFORMANCE = "non_performance"


@dataclass(frozen=True)
class RiskNotice:
    """One risk: its title as the notice names it, what it means, and the provisions."""

    risk: Risk
    title: str
    statement: str
    basis: tuple[Basis, ...]


def _cpli(article: int, paragraph: int | None = None) -> Basis:
    return Basis(CPL_INTERPRETATION, article, paragraph)


RISK_NOTICES: Mapping[Risk, RiskNotice] = {
    notice.risk: notice
    for notice in (
        RiskNotice(
            Risk.FILING_CONDITIONS,
            "起诉不符合条件",
            "起诉须有明确的被告、具体的诉讼请求和事实理由，并属于法院受理范围和受诉法院管辖；"
            "不符合的，法院裁定不予受理，已经受理的裁定驳回起诉",
            (civil_procedure(122), civil_procedure(127)),
        ),
        RiskNotice(
            Risk.IMPROPER_CLAIMS,
            "诉讼请求不适当",
            "诉讼请求应当明确、具体、完整；请求不当或者超出法律规定的，可能得不到支持，"
            "多提的标的额还要多交诉讼费",
            (civil_procedure(122, item=3),),
        ),
        RiskNotice(
            Risk.LATE_CLAIM_CHANGE,
            "逾期改变诉讼请求",
            "增加、变更诉讼请求应当在法庭辩论结束前提出；逾期提出的，可能不予合并审理，只能另行起诉",
            (_cpli(232),),
        ),
        RiskNotice(
            Risk.LIMITATION,
            "超过诉讼时效",
            "向法院请求保护民事权利的诉讼时效期间为三年，自知道或者应当知道权利受到损害以及义务人"
            "之日起计算；超过时效、对方提出时效抗辩的，诉讼请求将被驳回",
            (Basis(CIVIL_CODE, 188, 1), Basis(CIVIL_CODE, 192, 1), _cpli(219)),
        ),
        RiskNotice(
            Risk.UNCLEAR_AUTHORISATION,
            "授权不明",
            "委托诉讼代理人应当提交写明委托事项和权限的授权委托书；只写“全权代理”的，代理人无权"
            "代为承认、放弃、变更诉讼请求，进行和解，提起反诉或者上诉",
            (civil_procedure(62), _cpli(89, 1)),
        ),
        RiskNotice(
            Risk.FEES_NOT_PAID,
            "不按时交纳诉讼费用",
            "原告应当自接到交费通知次日起七日内交纳案件受理费，确有困难的可以在起诉时申请缓交、"
            "减交或者免交；未按期交纳又未获准的，按撤诉处理",
            (fee_measures(22, paragraph=1), _cpli(213)),
        ),
        RiskNotice(
            Risk.PRESERVATION,
            "申请财产保全不符合规定",
            "申请财产保全应当提供明确的财产线索，法院可以责令提供担保；申请有错误的，"
            "申请人应当赔偿被申请人因保全遭受的损失",
            (civil_procedure(103), civil_procedure(104), civil_procedure(108)),
        ),
        RiskNotice(
            Risk.INSUFFICIENT_EVIDENCE,
            "不提供或者不充分提供证据",
            "当事人对自己的主张有责任提供证据；证据不足以证明其主张的，由负有举证责任的一方"
            "承担不利后果",
            (civil_procedure(67, 1), _cpli(90)),
        ),
        RiskNotice(
            Risk.LATE_EVIDENCE,
            "超过举证时限提供证据",
            "证据应当在法院指定的举证期限内提交；故意或者重大过失逾期提供的证据，法院可以不予采纳，"
            "或者采纳后予以训诫、罚款",
            (civil_procedure(68), _cpli(101), _cpli(102)),
        ),
        RiskNotice(
            Risk.NO_ORIGINALS,
            "不提供原始证据",
            "书证应当提交原件，物证应当提交原物；只有复印件、对方又不认可的，可能不被采信",
            (civil_procedure(73, 1), Basis(EVIDENCE_RULES, 11)),
        ),
        RiskNotice(
            Risk.WITNESS_ABSENT,
            "证人不出庭作证",
            "证人应当出庭作证；无正当理由不出庭的，其书面证言不能单独作为认定案件事实的根据",
            (civil_procedure(75, 1), civil_procedure(76)),
        ),
        RiskNotice(
            Risk.APPRAISAL,
            "不按规定申请审计、评估、鉴定",
            "需要鉴定的专门性问题，负有举证责任的一方应当在法院指定期间内申请并预交费用；"
            "不申请或者不预交、不配合的，应当承担举证不能的后果",
            (civil_procedure(79), _cpli(121), Basis(EVIDENCE_RULES, 31)),
        ),
        RiskNotice(
            Risk.ABSENCE_FROM_HEARING,
            "不按时出庭或者中途退出法庭",
            "原告经传票传唤无正当理由拒不到庭或者中途退庭的，按撤诉处理；被告的，可以缺席判决",
            (civil_procedure(146), civil_procedure(147)),
        ),
        RiskNotice(
            Risk.SERVICE_ADDRESS,
            "不准确提供送达地址",
            "应当提供对方准确的送达地址；地址不准确、无法送达的，只能公告送达，诉讼时间会明显延长",
            (civil_procedure(95, 1), _cpli(137)),
        ),
        RiskNotice(
            Risk.LATE_ENFORCEMENT,
            "超过期限申请强制执行",
            "申请执行的期间为二年，从法律文书规定履行期间的最后一日起计算；超过期限的，"
            "对方提出异议，法院可能不予执行",
            (civil_procedure(250),),
        ),
        RiskNotice(
            Risk.NO_ASSETS,
            "无财产或者无足够财产可供执行",
            "对方没有财产或者财产不足的，即使胜诉也可能无法执行到位，法院可以终结本次执行程序，"
            "发现财产后可以再次申请执行",
            (civil_procedure(268), _cpli(517)),
        ),
        RiskNotice(
            Risk.NON_PERFORMANCE,
            "不履行生效法律文书确定义务",
            "不按期履行金钱给付义务的，应当加倍支付迟延履行期间的债务利息，并可能被限制出境、"
            "在征信系统记录、纳入失信被执行人名单",
            (civil_procedure(264), civil_procedure(266), _cpli(516)),
        ),
    )
}
