"""Everyday words for fee questions: which case kind, instance and procedure a message means,
and which relief circumstance a person describes. The rules themselves live in the kiosk API.
"""

from __future__ import annotations

import re

# Checked in order: the first kind whose pattern matches wins, so specific applications come
# before the broad "someone owes me money" words of property cases.
CASE_KIND_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        ("preservation", r"保全"),
        ("payment_order", r"支付令|督促程序"),
        ("public_notice", r"公示催告"),
        ("arbitration_review", r"撤销仲裁|仲裁协议效力|仲裁裁决.{0,4}撤销"),
        ("bankruptcy", r"破产"),
        ("jurisdiction_objection", r"管辖(?:权)?异议"),
        ("administrative_compensation", r"行政赔偿"),
        ("administrative_special", r"(?:商标|专利|海事).{0,6}(?:行政|告.{0,2}(?:局|政府|机关))"),
        (
            "administrative",
            r"行政(?:诉讼|案件|官司|机关|纠纷)|告政府|民告官|告(?:城管|公安|派出所|街道|区政府|市政府|镇政府|.{0,4}局)",
        ),
        ("execution", r"申请(?:强制)?执行|强制执行|执行(?:费|申请|案件|款)|请?法院(?:去)?执行"),
        ("divorce", r"离婚|離婚"),
        ("personality", r"名誉|肖像|姓名权|名称权|荣誉权|隐私|人格权|诽谤|造谣"),
        ("ip", r"知识产权|专利|商标|著作权|版权|盗版"),
        (
            "labor",
            r"劳动(?:争议|纠纷|仲裁|合同|报酬)|工资|欠薪|薪水|加班费|辞退|开除|工伤|社保|经济补偿",
        ),
        (
            "special_procedure",
            r"宣告(?:失踪|死亡)|无民事行为能力|限制民事行为能力|财产无主|确认调解协议|实现担保物权|选民资格",
        ),
        (
            "property",
            r"欠|借|货款|房租|租金|工程款|赔偿|违约|合同|债|还钱|要钱|讨钱|交通事故|车祸|物业费",
        ),
    )
)
WAGE_CLAIM = re.compile(r"工资|欠薪|薪水|劳动报酬|加班费")
APPEAL = re.compile(r"上诉|二审")
RETRIAL = re.compile(r"再审")
NEW_EVIDENCE = re.compile(r"新(?:的)?证据")
SIMPLE = re.compile(r"简易程序")
SMALL_CLAIMS = re.compile(r"小额诉讼|小额程序")
MEDIATION = re.compile(r"调解")
WITHDRAWAL = re.compile(r"撤诉|撤回起诉|撤回上诉")
COUNTERCLAIM = re.compile(r"反诉")
NO_AMOUNT = re.compile(
    r"^(?:没有|无|不涉及|没|不知道|不清楚|没具体)|没有(?:财产|金额|赔偿|具体)|不涉及"
)

# Relief circumstances (《诉讼费用交纳办法》 arts 45–47) by the words people use for them.
RELIEF_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (code, re.compile(pattern))
    for code, pattern in (
        ("disabled_without_income", r"残疾|残障"),
        ("claiming_support", r"赡养费|扶养费|抚养费|抚育费|抚恤金|生活费"),
        ("subsistence_no_other_income", r"低保|最低生活保障|特困|五保|失业(?:保险)?金|失业救济"),
        ("good_samaritan", r"见义勇为|救人|保护(?:社会)?公共利益"),
        ("disaster_hardship", r"灾|不可抗力|社会救济|经营难以为继|破产了|生意垮"),
        ("special_care_recipient", r"优抚|安置对象|退役军人|烈属|军属|伤残军人"),
        ("welfare_institution", r"福利院|福利机构|救助站|救助管理站"),
        ("claiming_insurance_or_severance", r"社保|社会保险金|经济补偿金|补偿金"),
        (
            "accident_victim",
            r"车祸|交通事故|工伤|医疗事故|医疗纠纷|产品质量|海上事故|人身伤害|被打伤|受害人",
        ),
        ("legal_aid_recipient", r"法律援助|法援"),
    )
)
# Only as the answer to "which applies?": plain hardship leaves the decision to the court.
GENERAL_HARDSHIP = re.compile(r"都不是|其他|困难|没钱|交不起|拿不出|没收入|穷")
GENERAL_HARDSHIP_CODES = ("other_exempt", "other_reduce", "other_defer")
ORGANIZATION = re.compile(r"公司|单位|企业|机构|福利院|救助站")


def case_kind_in(text: str) -> str | None:
    """The fee case kind a message names, or None."""
    for kind, pattern in CASE_KIND_PATTERNS:
        if pattern.search(text):
            return kind
    return None


def fee_details_in(text: str) -> dict[str, object]:
    """Instance, procedure, outcome, counterclaim and wage-claim words in a message."""
    details: dict[str, object] = {}
    if APPEAL.search(text):
        details["instance"] = "appeal"
    elif RETRIAL.search(text):
        details["instance"] = "retrial"
        if NEW_EVIDENCE.search(text):
            details["retrial_ground"] = "new_evidence"
    if SMALL_CLAIMS.search(text):
        details["procedure"] = "small_claims"
    elif SIMPLE.search(text):
        details["procedure"] = "simple"
    if WITHDRAWAL.search(text):
        details["outcome"] = "withdrawal"
    elif MEDIATION.search(text):
        details["outcome"] = "mediation"
    if COUNTERCLAIM.search(text):
        details["counterclaim"] = True
    if WAGE_CLAIM.search(text):
        details["wage_claim"] = True
    return details


def relief_circumstances_in(text: str, *, answering: bool) -> list[str]:
    """Relief circumstance codes a message describes; plain hardship counts only as an answer."""
    codes = [code for code, pattern in RELIEF_PATTERNS if pattern.search(text)]
    if not codes and answering and GENERAL_HARDSHIP.search(text):
        codes = list(GENERAL_HARDSHIP_CODES)
    return codes


def applicant_in(text: str) -> str:
    """`organization` when the message speaks for a company or institution."""
    return "organization" if ORGANIZATION.search(text) else "natural_person"
