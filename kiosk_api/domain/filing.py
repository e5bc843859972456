"""How to file (立案方式), pre-litigation mediation (诉前调解) and small-claims eligibility.

The filing ways and mediation facts are fixed by the texts cited with them; the small-claims
ceiling is half the province's last published average annual wage of employed persons
(民诉法 165), which each court updates yearly, so it is configuration (`WageFigure`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from kiosk_api.domain.amounts import format_yuan
from kiosk_api.domain.disputes import Dispute, Explained, SmallClaims
from kiosk_api.domain.legal_basis import (
    FILING_RULES,
    PEOPLES_MEDIATION_LAW,
    Basis,
    civil_procedure,
    fee_measures,
)


@dataclass(frozen=True)
class FilingWay:
    """One way to file a case, what it takes, and its basis."""

    code: str
    name: str
    text: str
    basis: tuple[Basis, ...]


FILING_WAYS: tuple[FilingWay, ...] = (
    FilingWay(
        "on_site",
        "当场立案",
        "到法院诉讼服务中心立案窗口递交起诉状和材料。材料齐全、符合起诉条件的，当场登记立案；"
        "当场不能判定的，法院在七日内决定是否立案，并出具收到材料的书面凭证",
        (Basis(FILING_RULES, 2), Basis(FILING_RULES, 8, item=1), civil_procedure(126)),
    ),
    FilingWay(
        "online",
        "网上立案",
        "通过人民法院在线服务（微信小程序“移动微法院”或法院诉讼服务网）提交起诉状和材料的"
        "电子版，不用跑法院；审核结果以短信或平台消息通知",
        (Basis(FILING_RULES, 14),),
    ),
    FilingWay(
        "self_service",
        "自助立案",
        "在诉讼服务大厅的自助立案机上扫描身份证和材料，按提示生成、提交起诉状，工作人员审核",
        (Basis(FILING_RULES, 14),),
    ),
    FilingWay(
        "cross_region",
        "跨域立案",
        "案件归外地法院管辖的，可以在就近的法院诉讼服务中心提交材料，由本地法院核对后"
        "在线传给有管辖权的法院办理立案，不必跑到外地",
        (Basis(FILING_RULES, 14),),
    ),
    FilingWay(
        "oral",
        "口头起诉",
        "书写起诉状确有困难的，可以口头起诉，由法院工作人员记入笔录，并告知对方当事人",
        (civil_procedure(123, 2), Basis(FILING_RULES, 3, 2)),
    ),
)

ONE_TIME_NOTICE = Explained(
    "材料不符合要求的，法院应当一次性书面告知需要补正的全部内容和期限；"
    "按期补正的，从收到补正材料之日起计算立案审查期间；逾期不补正的，退回诉状",
    (Basis(FILING_RULES, 7),),
)

FILING_DECISION = Explained(
    "法院收到起诉状后，当场不能判定的，应当在七日内决定是否立案；七日内仍不能判定的，先行立案",
    (civil_procedure(126), Basis(FILING_RULES, 8)),
)


@dataclass(frozen=True)
class MediationGuide:
    """What pre-litigation mediation is, what it costs, what it achieves, how to ask for it."""

    what: Explained
    cost: Explained
    effect: Explained
    how: Explained


MEDIATION = MediationGuide(
    what=Explained(
        "诉前调解是在正式立案前，由法院委派或者委托的调解组织、调解员主持双方协商解决纠纷。"
        "适宜调解的纠纷，法院会先行调解，但当事人拒绝调解的除外",
        (civil_procedure(125), Basis(FILING_RULES, 15)),
    ),
    cost=Explained(
        "诉前调解不收费；人民调解委员会调解民间纠纷也不收取任何费用",
        (Basis(PEOPLES_MEDIATION_LAW, 4),),
    ),
    effect=Explained(
        "调解成功的，签订调解协议；双方可以在协议生效之日起三十日内共同申请法院司法确认，"
        "确认有效后一方不履行的，另一方可以申请强制执行。调解不成的，依法登记立案，"
        "已经提交的材料可以继续使用",
        (civil_procedure(205), civil_procedure(206)),
    ),
    how=Explained(
        "在诉讼服务中心立案窗口、自助机或网上立案时选择“同意诉前调解”即可；"
        "也可以先到社区、街道的人民调解委员会申请调解",
        (civil_procedure(125),),
    ),
)


class SmallClaimsAnswer(StrEnum):
    """Whether small-claims procedure applies to a claim."""

    YES = "yes"
    BY_AGREEMENT = "by_agreement"
    NO = "no"
    UNKNOWN = "unknown"  # the province's wage figure is not configured


@dataclass(frozen=True)
class WageFigure:
    """A province's last published average annual wage of employed persons, with its source."""

    average_wage: Decimal
    year: int
    source: str


@dataclass(frozen=True)
class SmallClaimsCheck:
    """The answer on small-claims procedure for one claim, with the ceiling used and why."""

    answer: SmallClaimsAnswer
    ceiling: Decimal | None
    agreed_ceiling: Decimal | None
    text: str
    basis: tuple[Basis, ...]


_SMALL_CLAIMS_BASIS = (civil_procedure(165, 1), civil_procedure(165, 2), civil_procedure(166))
_HALF = Decimal("0.5")


def small_claims_ceiling(figure: WageFigure) -> Decimal:
    """50% of the average wage, to the yuan (民诉法 165 第一款)."""
    return (figure.average_wage * _HALF).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def check_small_claims(
    dispute: Dispute,
    amount: Decimal,
    province: str,
    wages: Mapping[str, WageFigure],
) -> SmallClaimsCheck:
    """Whether a claim of `amount` in `province` may go to small-claims procedure."""
    fit = dispute.small_claims
    if fit.eligible is SmallClaims.NO:
        return SmallClaimsCheck(
            SmallClaimsAnswer.NO,
            None,
            None,
            f"{dispute.cause}不适用小额诉讼程序：{fit.explanation.text}",
            (*fit.explanation.basis, civil_procedure(166)),
        )
    figure = wages.get(province)
    if figure is None:
        return SmallClaimsCheck(
            SmallClaimsAnswer.UNKNOWN,
            None,
            None,
            "小额诉讼的标的额上限是本省上年度就业人员年平均工资的百分之五十，"
            "本系统未收录该省的数额，请以受理法院公布的标准为准",
            _SMALL_CLAIMS_BASIS,
        )
    ceiling = small_claims_ceiling(figure)
    agreed = ceiling * 4  # 165 第二款: up to twice the average wage, i.e. four times the ceiling
    cited = f"（按{figure.year}年度平均工资{format_yuan(figure.average_wage)}计，{figure.source}）"
    conditions = (
        "还需要事实清楚、权利义务关系明确、争议不大，且不属于需要评估鉴定、"
        "一方下落不明、涉外或者提出反诉等情形"
    )
    if amount <= ceiling:
        return SmallClaimsCheck(
            SmallClaimsAnswer.YES,
            ceiling,
            agreed,
            f"标的额{format_yuan(amount)}不超过小额诉讼上限{format_yuan(ceiling)}{cited}，可以适用小额诉讼程序，"
            f"一审终审，一般两个月内审结；{conditions}",
            (*_SMALL_CLAIMS_BASIS, civil_procedure(168)),
        )
    if amount <= agreed:
        return SmallClaimsCheck(
            SmallClaimsAnswer.BY_AGREEMENT,
            ceiling,
            agreed,
            f"标的额{format_yuan(amount)}超过小额诉讼上限{format_yuan(ceiling)}，但不超过年平均工资的二倍"
            f"（{format_yuan(agreed)}）{cited}，"
            f"双方当事人可以约定适用小额诉讼程序；{conditions}",
            _SMALL_CLAIMS_BASIS,
        )
    return SmallClaimsCheck(
        SmallClaimsAnswer.NO,
        ceiling,
        agreed,
        f"标的额{format_yuan(amount)}超过年平均工资的二倍（{format_yuan(agreed)}）{cited}，不能适用小额诉讼程序，"
        "可以适用简易程序或者普通程序",
        _SMALL_CLAIMS_BASIS,
    )


SMALL_CLAIMS_FEE_NOTE = Explained(
    "小额诉讼案件的诉讼费如何减收，《诉讼费用交纳办法》没有规定，多数地区按简易程序减半收取",
    (fee_measures(16),),
)
