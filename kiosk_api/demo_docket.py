"""A deterministic demo docket for four Shenzhen courts, in the docket import format.

``demo_records`` yields plain dicts, one per JSON Lines record as
``kiosk_api.domain.docket_records.parse_record`` reads them: first the hand-written
``SHOWCASE`` cases the README lists, then generated civil, administrative and enforcement
cases in filing order. Every date is counted from ``today``, so whenever the demo runs the
coming six weeks are full of hearings; the same count, seed and day give the same docket.

Everything here is demo data: the courts' addresses, telephone numbers and transport notes,
the judges, clerks and parties, their telephone numbers and ID numbers are made up (the ID
numbers carry valid GB 11643 check digits so that identity checks can be tried). Weekends are
the only non-working days the generator knows; statutory holidays are ignored.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from itertools import pairwise
from typing import Any, NamedTuple

from faker import Faker

from kiosk_api.domain import fees
from kiosk_api.domain.case_numbers import CaseNumber
from kiosk_api.domain.fee_schedule import DEFAULT_ROUNDING
from kiosk_api.domain.stages import CaseKind, Procedure, Stage, stage_path
from kiosk_api.services.fee_standards import load_fee_tables

_SERVICE_HOURS = "周一至周五 9:00-12:00，14:00-18:00（法定节假日除外）"

DEMO_COURTS: tuple[dict[str, str], ...] = (
    {
        "code": "粤0304",
        "name": "深圳市福田区人民法院",
        "level": "basic",
        "address": "深圳市福田区福华三路88号",
        "phone": "0755-83066100",
        "service_hours": _SERVICE_HOURS,
        "transport": "地铁1号线会展中心站B出口步行6分钟",
    },
    {
        "code": "粤03",
        "name": "深圳市中级人民法院",
        "level": "intermediate",
        "address": "深圳市福田区福中一路2008号",
        "phone": "0755-83536000",
        "service_hours": _SERVICE_HOURS,
        "transport": "地铁2号线、4号线市民中心站C出口步行8分钟",
    },
    {
        "code": "粤0305",
        "name": "深圳市南山区人民法院",
        "level": "basic",
        "address": "深圳市南山区南海大道2088号",
        "phone": "0755-26531000",
        "service_hours": _SERVICE_HOURS,
        "transport": "地铁2号线登良站A出口步行5分钟",
    },
    {
        "code": "粤0303",
        "name": "深圳市罗湖区人民法院",
        "level": "basic",
        "address": "深圳市罗湖区深南东路1888号",
        "phone": "0755-82218000",
        "service_hours": _SERVICE_HOURS,
        "transport": "地铁1号线大剧院站C出口步行7分钟",
    },
)

# The showcase cases as demo_records emits them; their dates, staff, hearings, services and
# fees are added at run time, relative to ``today`` and independent of the seed.
SHOWCASE: tuple[dict[str, Any], ...] = (
    {
        "case_number": "（2026）粤0304民初1001号",
        "cause": "民间借贷纠纷",
        "kind": "civil",
        "procedure": "simple",
        "stage": "scheduled",
        "claim_amount": "80000.00",
        "parties": [
            {
                "role": "plaintiff",
                "kind": "natural",
                "name": "张明",
                "phone": "13800138001",
                "id_number": "44030419900307123X",
            },
            {
                "role": "defendant",
                "kind": "natural",
                "name": "李华",
                "phone": "13900139002",
                "id_number": "440305198806123453",
            },
        ],
    },
    {
        "case_number": "（2026）粤0304执2001号",
        "cause": "民间借贷纠纷（申请执行）",
        "kind": "enforcement",
        "procedure": "enforcement",
        "stage": "investigating",
        "claim_amount": "120000.00",
        "parties": [
            {
                "role": "applicant",
                "kind": "natural",
                "name": "王芳",
                "phone": "13700137003",
                "id_number": "440303198511204560",
            },
            {
                "role": "respondent",
                "kind": "natural",
                "name": "刘强",
                "phone": "13500135005",
                "id_number": "440307198308153310",
            },
        ],
    },
    {
        "case_number": "（2025）粤03民终3001号",
        "cause": "房屋租赁合同纠纷",
        "kind": "civil",
        "procedure": "second_instance",
        "stage": "decided",
        "claim_amount": "50000.00",
        "parties": [
            {
                "role": "appellant",
                "kind": "natural",
                "name": "陈伟",
                "phone": "13600136004",
                "id_number": "440306198209152113",
            },
            {
                "role": "appellee",
                "kind": "natural",
                "name": "赵丽",
                "phone": "13300133006",
                "id_number": "440305199202284023",
            },
        ],
    },
)

# Each showcase case's court, 类型代字 and how many days ago it reached each stage of its
# path; the last one is the judgment served 5 days ago (or the working day before).
_SHOWCASE_HISTORY: dict[str, tuple[str, str, tuple[int, ...]]] = {
    "（2026）粤0304民初1001号": ("粤0304", "民初", (30, 27, 12)),
    "（2026）粤0304执2001号": ("粤0304", "执", (20, 14)),
    "（2025）粤03民终3001号": ("粤03", "民终", (75, 70, 55, 30, 5)),
}
_SHOWCASE_HEARING_IN_DAYS = 7
_SHOWCASE_HEARING_TIME = dt.time(9, 30)
_ENFORCEMENT_SUFFIX = "（申请执行）"


# --- case types, causes and parties -------------------------------------------------------


class _Service(NamedTuple):
    """A document served once the case reaches a stage."""

    after: Stage
    side: int | None  # index into the case type's roles; None: every party
    document: str
    max_lag: int  # days after that stage's event it may take to serve


@dataclass(frozen=True)
class _CaseType:
    """One 类型代字: where it is heard, who the parties are, what it costs and what is served."""

    code: str
    kind: CaseKind
    level: str
    weight: int
    roles: tuple[str, str]  # the claimant's side, then the other side
    procedures: tuple[Procedure, ...]
    fee: str
    services: tuple[_Service, ...]
    fee_payer: int = 0  # index into roles
    hearing_kinds: tuple[str, ...] = ("开庭",)
    third_party_share: float = 0.0


@dataclass(frozen=True)
class _Cause:
    """A 案由 with its usual claim, parties and (for non-property cases) its fee rule."""

    name: str
    weight: int
    amount: tuple[int, int] | None  # claim range in yuan; None: never a money claim
    plaintiff: str = "person"
    defendant: str = "person"
    co_defendant: str | None = None
    no_claim_share: float = 0.0
    # The fee rule (办法 art 13); the claim is the divorce's property or the damages.
    fee_kind: fees.CaseKind = fees.CaseKind.PROPERTY
    small_claims: bool = True
    agency: str = ""  # the defendant's name for administrative causes; {area} is its district

    @property
    def enforceable(self) -> bool:
        """Only money judgments are sent to enforcement in the demo."""
        return self.amount is not None and self.no_claim_share == 0


_TRIAL_ROLES = ("plaintiff", "defendant")
_APPEAL_ROLES = ("appellant", "appellee")
_FIRST_INSTANCE_SERVICES = (
    _Service(Stage.FILED, 0, "受理案件通知书", 0),
    # The complaint copy goes to the defendant within 5 days of filing (民诉法 128).
    _Service(Stage.FILED, 1, "起诉状副本及应诉通知书", 5),
    _Service(Stage.SCHEDULED, None, "传票", 3),
)
_APPEAL_SERVICES = (
    _Service(Stage.FILED, 1, "上诉状副本", 5),
    _Service(Stage.SCHEDULED, None, "传票", 3),
)
_CIVIL_OUTCOMES = (
    _Service(Stage.DECIDED, None, "民事判决书", 0),
    _Service(Stage.MEDIATED, None, "民事调解书", 0),
)
_ADMINISTRATIVE_OUTCOMES = (_Service(Stage.DECIDED, None, "行政判决书", 0),)
_ENFORCEMENT_SERVICES = (
    _Service(Stage.FILED, 0, "受理案件通知书", 0),
    _Service(Stage.INVESTIGATING, 1, "执行通知书及报告财产令", 3),
    _Service(Stage.CLOSED, 0, "结案通知书", 5),
)

# Weights give about 75% civil, 10% administrative and 15% enforcement cases.
_CASE_TYPES: tuple[_CaseType, ...] = (
    _CaseType(
        "民初",
        CaseKind.CIVIL,
        "basic",
        weight=65,
        roles=_TRIAL_ROLES,
        procedures=(Procedure.ORDINARY, Procedure.SIMPLE, Procedure.SMALL_CLAIMS),
        fee="案件受理费",
        services=_FIRST_INSTANCE_SERVICES + _CIVIL_OUTCOMES,
        third_party_share=0.08,
    ),
    _CaseType(
        "民终",
        CaseKind.CIVIL,
        "intermediate",
        weight=10,
        roles=_APPEAL_ROLES,
        procedures=(Procedure.SECOND_INSTANCE,),
        fee="上诉案件受理费",
        services=_APPEAL_SERVICES + _CIVIL_OUTCOMES,
        hearing_kinds=("开庭", "询问"),
    ),
    _CaseType(
        "行初",
        CaseKind.ADMINISTRATIVE,
        "basic",
        weight=8,
        roles=_TRIAL_ROLES,
        procedures=(Procedure.ORDINARY, Procedure.SIMPLE),
        fee="案件受理费",
        services=_FIRST_INSTANCE_SERVICES + _ADMINISTRATIVE_OUTCOMES,
        third_party_share=0.1,
    ),
    _CaseType(
        "行终",
        CaseKind.ADMINISTRATIVE,
        "intermediate",
        weight=2,
        roles=_APPEAL_ROLES,
        procedures=(Procedure.SECOND_INSTANCE,),
        fee="上诉案件受理费",
        services=_APPEAL_SERVICES + _ADMINISTRATIVE_OUTCOMES,
        hearing_kinds=("开庭", "询问"),
    ),
    _CaseType(
        "执",
        CaseKind.ENFORCEMENT,
        "basic",
        weight=15,
        roles=("applicant", "respondent"),
        procedures=(Procedure.ENFORCEMENT,),
        fee="申请执行费",
        services=_ENFORCEMENT_SERVICES,
        fee_payer=1,  # collected from the respondent once execution ends (办法 art 20)
    ),
)

_CIVIL_CAUSES: tuple[_Cause, ...] = (
    _Cause("民间借贷纠纷", 14, (5_000, 800_000)),
    _Cause(
        "离婚纠纷",
        8,
        (100_000, 3_000_000),
        no_claim_share=0.6,
        fee_kind=fees.CaseKind.DIVORCE,
        small_claims=False,
    ),
    _Cause("抚养费纠纷", 3, (20_000, 300_000), small_claims=False),
    _Cause("继承纠纷", 2, (100_000, 5_000_000), small_claims=False),
    # Labour disputes cost 10 yuan a case whatever the amount (办法 art 13-4).
    _Cause("劳动争议", 5, (5_000, 150_000), defendant="company", fee_kind=fees.CaseKind.LABOR),
    _Cause(
        "追索劳动报酬纠纷", 4, (3_000, 80_000), defendant="company", fee_kind=fees.CaseKind.LABOR
    ),
    _Cause(
        "机动车交通事故责任纠纷",
        7,
        (10_000, 600_000),
        co_defendant="insurer",
        small_claims=False,
    ),
    _Cause("生命权、身体权、健康权纠纷", 3, (5_000, 300_000)),
    _Cause("医疗损害责任纠纷", 2, (50_000, 1_000_000), defendant="hospital", small_claims=False),
    _Cause("买卖合同纠纷", 6, (20_000, 3_000_000), plaintiff="company", defendant="company"),
    _Cause("房屋租赁合同纠纷", 5, (10_000, 500_000)),
    _Cause("房屋买卖合同纠纷", 3, (200_000, 8_000_000)),
    _Cause("物业服务合同纠纷", 6, (1_000, 30_000), plaintiff="property"),
    _Cause("信用卡纠纷", 8, (5_000, 200_000), plaintiff="bank"),
    _Cause("金融借款合同纠纷", 5, (50_000, 3_000_000), plaintiff="bank"),
    _Cause("网络购物合同纠纷", 4, (500, 30_000), defendant="shop"),
    _Cause(
        "相邻关系纠纷",
        1,
        (5_000, 50_000),
        no_claim_share=0.7,
        fee_kind=fees.CaseKind.OTHER_NON_PROPERTY,
        small_claims=False,
    ),
    _Cause(
        "建设工程施工合同纠纷",
        2,
        (500_000, 20_000_000),
        plaintiff="company",
        defendant="company",
    ),
    # 人格权: per case, plus 1% of damages between 5万 and 10万 (claims stay under 10万 here).
    _Cause(
        "名誉权纠纷",
        1,
        (10_000, 100_000),
        no_claim_share=0.5,
        fee_kind=fees.CaseKind.PERSONALITY,
        small_claims=False,
    ),
    _Cause("侵害商标权纠纷", 2, (50_000, 1_000_000), plaintiff="company", defendant="company"),
)

_ADMINISTRATIVE_CAUSES: tuple[_Cause, ...] = (
    _Cause("行政处罚", 5, None, defendant="agency", agency="{area}城市管理和综合执法局"),
    _Cause(
        "行政许可",
        2,
        None,
        plaintiff="company",
        defendant="agency",
        agency="{area}住房和建设局",
    ),
    _Cause("政府信息公开", 4, None, defendant="agency", agency="{area}人民政府"),
    _Cause("行政强制", 2, None, defendant="agency", agency="{area}城市管理和综合执法局"),
    _Cause(
        "工伤认定",
        3,
        None,
        plaintiff="company",
        defendant="agency",
        agency="深圳市人力资源和社会保障局",
    ),
    _Cause("行政赔偿", 1, (10_000, 500_000), defendant="agency", agency="{area}人民政府"),
)

# Names of legal persons by party kind; agencies take theirs from the cause.
_LEGAL_NAMES: dict[str, str] = {
    "company": "深圳市{prefix}{trade}有限公司",
    "property": "深圳市{prefix}物业管理有限公司",
    "shop": "{city}{prefix}电子商务有限公司",
    "hospital": "深圳{prefix}医院",
    "bank": "{bank}",
    "insurer": "{insurer}",
}
_TRADES = ("科技", "贸易", "实业", "电子", "建设工程", "装饰工程", "供应链管理", "餐饮管理")
_BANKS = (
    "中国工商银行股份有限公司深圳分行",
    "中国建设银行股份有限公司深圳市分行",
    "中国农业银行股份有限公司深圳分行",
    "中国银行股份有限公司深圳市分行",
    "招商银行股份有限公司深圳分行",
    "交通银行股份有限公司深圳分行",
    "平安银行股份有限公司深圳分行",
)
_INSURERS = (
    "中国人民财产保险股份有限公司深圳市分公司",
    "中国平安财产保险股份有限公司深圳分公司",
    "中国太平洋财产保险股份有限公司深圳分公司",
)
# Address codes of real districts (Shenzhen and where many residents come from).
_ID_AREAS = (
    "440303",
    "440304",
    "440305",
    "440306",
    "440307",
    "440308",
    "445202",
    "441302",
    "420106",
    "430102",
    "450103",
    "360102",
    "510104",
    "410105",
)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_CHARS = "10X98765432"

# --- court staff ---------------------------------------------------------------------------

# The same seed for every run, so the showcase cases keep their judges whatever the seed.
_STAFF_SEED = "demo-court-staff"
_TEAM_LAYOUT: tuple[tuple[str, int, CaseKind], ...] = (
    ("民一庭", 1, CaseKind.CIVIL),
    ("民一庭", 2, CaseKind.CIVIL),
    ("民二庭", 1, CaseKind.CIVIL),
    ("民二庭", 2, CaseKind.CIVIL),
    ("民三庭", 1, CaseKind.CIVIL),
    ("行政审判庭", 1, CaseKind.ADMINISTRATIVE),
    ("执行局", 1, CaseKind.ENFORCEMENT),
    ("执行局", 2, CaseKind.ENFORCEMENT),
)


class _Team(NamedTuple):
    """A judge and clerk who work together on one kind of case."""

    kind: CaseKind
    judge: dict[str, str]
    clerk: dict[str, str]


# --- calendar, stages and hearings ---------------------------------------------------------

_CST = dt.timezone(dt.timedelta(hours=8))
_ONE_DAY = dt.timedelta(days=1)
_EARLIEST_YEARS_BACK = 2  # case years run from two years ago to this year
_HEARING_HORIZON_DAYS = 42
# Courts sit 9:00-12:00 and 14:00-17:00; hearings start on the half hour.
_SLOTS = tuple(dt.time(hour, minute) for hour in (9, 10, 11, 14, 15, 16) for minute in (0, 30))
_COURTROOMS = ("第一法庭", "第二法庭", "第三法庭", "第五法庭", "第六法庭", "第八法庭", "第十一法庭")
_FAST_COURTROOMS = ("速裁法庭1", "速裁法庭2", "速裁法庭3", "速裁法庭4")
_FAST_PROCEDURES = (Procedure.SIMPLE, Procedure.SMALL_CLAIMS)

# How often each position of a path is a case's current stage: many hearings ahead and a
# large closed archive, every other stage well represented.
_TRIAL_STAGE_WEIGHTS = (6, 8, 26, 12, 14, 34)
_STAGE_WEIGHTS: dict[CaseKind, tuple[int, ...]] = {
    CaseKind.CIVIL: _TRIAL_STAGE_WEIGHTS,
    CaseKind.ADMINISTRATIVE: _TRIAL_STAGE_WEIGHTS,
    CaseKind.ENFORCEMENT: (10, 30, 25, 35),
}
_MEDIATED_SHARE = 0.25  # civil cases that end in mediation rather than judgment
_POSTPONED_SHARE = 0.15
_PROCEDURE_WEIGHTS: dict[Procedure, int] = {
    Procedure.ORDINARY: 3,
    Procedure.SIMPLE: 5,
    Procedure.SMALL_CLAIMS: 4,
    Procedure.SECOND_INSTANCE: 1,
    Procedure.ENFORCEMENT: 1,
}
# The demo's small-claims ceiling; the real one is half the province's average annual wage.
_SMALL_CLAIMS_LIMIT = Decimal(50_000)

# Days from one stage's event to the next.
_GAP_DAYS: dict[tuple[Stage, Stage], tuple[int, int]] = {
    (Stage.FILED, Stage.ASSIGNED): (1, 10),
    (Stage.ASSIGNED, Stage.SCHEDULED): (3, 25),
    # The 15-day answer period and the time limit for evidence run before the hearing.
    (Stage.SCHEDULED, Stage.HEARD): (15, 45),
    (Stage.HEARD, Stage.DECIDED): (7, 60),
    (Stage.HEARD, Stage.MEDIATED): (1, 20),
    # A judgment takes effect once the 15-day appeal period has run out.
    (Stage.DECIDED, Stage.CLOSED): (16, 40),
    (Stage.MEDIATED, Stage.CLOSED): (1, 10),
    (Stage.FILED, Stage.INVESTIGATING): (3, 15),
    (Stage.INVESTIGATING, Stage.ENFORCING): (15, 90),
    (Stage.ENFORCING, Stage.CLOSED): (30, 180),
}
# Days a case has been at its current stage, as of today.
_DWELL_DAYS: dict[Stage, tuple[int, int]] = {
    Stage.FILED: (0, 6),
    Stage.ASSIGNED: (0, 20),
    Stage.SCHEDULED: (3, 30),  # summonses go out at least 3 days before the hearing
    Stage.HEARD: (1, 40),
    Stage.DECIDED: (1, 14),  # still inside the appeal period, so not closed yet
    Stage.MEDIATED: (0, 7),
    Stage.INVESTIGATING: (1, 60),
    Stage.ENFORCING: (1, 200),
    Stage.CLOSED: (0, 1_100),  # in practice bounded by the earliest case year
}
_SERIAL_STRIDE = 25  # the numbers skipped belong to cases the demo leaves out

_EVENT_TEXT: dict[Stage, str] = {
    Stage.FILED: "立案受理",
    Stage.ASSIGNED: "分案，确定承办法官和审判团队",
    Stage.SCHEDULED: "确定开庭时间，向当事人发出传票",
    Stage.HEARD: "开庭审理",
    Stage.DECIDED: "宣判并送达裁判文书",
    Stage.MEDIATED: "达成调解协议，出具调解书",
    Stage.INVESTIGATING: "发出执行通知书和报告财产令，开展网络查控",
    Stage.ENFORCING: "查封、冻结、扣划被执行人财产",
}
_CLOSING_TEXT: dict[Stage, str] = {
    Stage.DECIDED: "裁判文书生效，结案",
    Stage.MEDIATED: "调解书生效，结案",
    Stage.ENFORCING: "执行完毕，结案",
}
_SERVICE_METHODS = ("电子", "直接", "邮寄", "留置", "公告")
_SERVICE_METHOD_WEIGHTS = (45, 25, 25, 3, 2)

# --- fees (《诉讼费用交纳办法》) ----------------------------------------------------------------

_CENT = Decimal("0.01")
# The demo courts are in Guangdong: its standard fixes the per-case fees (see the fee table).
_FEE_STANDARD = load_fee_tables("", "fen", "粤").for_province("粤")
_FEE_PROCEDURES = {
    Procedure.ORDINARY: fees.Procedure.ORDINARY,
    Procedure.SIMPLE: fees.Procedure.SIMPLE,
    Procedure.SMALL_CLAIMS: fees.Procedure.SMALL_CLAIMS,
}
# Shares of the fee paid: on a case just filed the 7-day payment window may still be open;
# later only a few have a deferral (缓交) for the rest.
_PAID_SHARES = (Decimal(1), Decimal("0.5"), Decimal(0))
_PAID_WEIGHTS: dict[bool, tuple[int, ...]] = {True: (50, 10, 40), False: (95, 5, 0)}
_FEE_DUE_DAYS = 7  # art 22
_RECOVERED_SHARES = (Decimal(1), Decimal("0.5"))  # some enforcement ends with partial recovery
_RECOVERED_WEIGHTS = (75, 25)


# --- public API ----------------------------------------------------------------------------


def demo_records(
    count: int = 2400, *, seed: int = 20240101, today: dt.date | None = None
) -> Iterator[dict[str, Any]]:
    """Yield the showcase cases, then ``count`` generated cases in filing order."""
    if count < 0:
        raise ValueError("count must not be negative")
    today = today or dt.date.today()
    staff = _staff_pools()
    for case in SHOWCASE:
        # Seeded by the case number, so the showcase does not change with the run's seed.
        plan = _showcase_plan(case, today)
        yield _record(plan, random.Random(plan.number), staff, today)
    run = _new_run(seed, today)
    for plan in _numbered(run.rng, [_plan(run) for _ in range(count)]):
        yield _record(plan, run.rng, staff, today)


def id_check_digit(body: str) -> str:
    """The GB 11643 check character for the first 17 digits of a resident ID number."""
    if len(body) != 17 or not (body.isascii() and body.isdigit()):
        raise ValueError("an ID number body is 17 digits")
    total = sum(int(digit) * weight for digit, weight in zip(body, _ID_WEIGHTS, strict=True))
    return _ID_CHECK_CHARS[total % 11]


# --- planning: everything random about a case, decided before it is written ----------------


@dataclass(frozen=True)
class _Run:
    """The random sources and calendar of one call of demo_records."""

    rng: random.Random
    faker: Faker
    today: dt.date
    floor: dt.date  # the earliest filing date
    upcoming: tuple[dt.date, ...]  # working days open for new hearings


@dataclass(frozen=True)
class _Plan:
    """One case as decided, before it is written out as a record."""

    court: dict[str, str]
    case_type: _CaseType
    cause: _Cause
    procedure: Procedure
    claim: Decimal | None
    timeline: tuple[tuple[Stage, dt.date], ...]
    hearing_at: dt.datetime | None
    postponed_at: dt.datetime | None
    parties: tuple[dict[str, str | None], ...]
    number: str = ""

    @property
    def stage(self) -> Stage:
        """The stage the case is at now."""
        return self.timeline[-1][0]

    @property
    def filed_on(self) -> dt.date:
        """The filing date."""
        return self.timeline[0][1]

    @property
    def reached(self) -> dict[Stage, dt.date]:
        """When the case reached each stage it has passed through."""
        return dict(self.timeline)


def _new_run(seed: int, today: dt.date) -> _Run:
    faker = Faker("zh_CN")
    faker.seed_instance(seed)
    return _Run(
        rng=random.Random(seed),
        faker=faker,
        today=today,
        floor=dt.date(today.year - _EARLIEST_YEARS_BACK, 1, 1),
        upcoming=_working_days(today + _ONE_DAY, today + dt.timedelta(_HEARING_HORIZON_DAYS)),
    )


def _plan(run: _Run) -> _Plan:
    rng = run.rng
    case_type = _weighted(rng, _CASE_TYPES)
    court = rng.choice(_courts_at(case_type.level))
    cause = _weighted(rng, _causes_for(case_type.kind))
    claim = _claim(rng, cause)
    timeline = _timeline(run, _stages(rng, case_type.kind))
    hearing_at = _hearing_at(timeline, rng.choice(run.upcoming), rng.choice(_SLOTS))
    return _Plan(
        court=court,
        case_type=case_type,
        cause=cause,
        procedure=_procedure(rng, case_type, cause, claim),
        claim=claim,
        timeline=timeline,
        hearing_at=hearing_at,
        postponed_at=_postponed_at(rng, timeline, hearing_at, run.today),
        parties=_parties(run, case_type, cause, _area(rng, court)),
    )


def _showcase_plan(case: dict[str, Any], today: dt.date) -> _Plan:
    court_code, type_code, days_ago = _SHOWCASE_HISTORY[case["case_number"]]
    case_type = next(t for t in _CASE_TYPES if t.code == type_code)
    timeline = tuple(
        (stage, _working_day(today - dt.timedelta(days), -1))
        for stage, days in zip(stage_path(case_type.kind), days_ago, strict=False)
    )
    hearing_day = _working_day(today + dt.timedelta(_SHOWCASE_HEARING_IN_DAYS), +1)
    return _Plan(
        court=next(c for c in DEMO_COURTS if c["code"] == court_code),
        case_type=case_type,
        cause=next(
            c for c in _CIVIL_CAUSES if c.name == case["cause"].removesuffix(_ENFORCEMENT_SUFFIX)
        ),
        procedure=Procedure(case["procedure"]),
        claim=Decimal(case["claim_amount"]),
        timeline=timeline,
        hearing_at=_hearing_at(timeline, hearing_day, _SHOWCASE_HEARING_TIME),
        postponed_at=None,
        parties=tuple(dict(party) for party in case["parties"]),
        number=case["case_number"],
    )


def _weighted[T: (_CaseType, _Cause)](rng: random.Random, items: Sequence[T]) -> T:
    return rng.choices(items, weights=[item.weight for item in items])[0]


def _courts_at(level: str) -> list[dict[str, str]]:
    return [court for court in DEMO_COURTS if court["level"] == level]


def _causes_for(kind: CaseKind) -> Sequence[_Cause]:
    if kind is CaseKind.ENFORCEMENT:
        return [cause for cause in _CIVIL_CAUSES if cause.enforceable]
    return _CIVIL_CAUSES if kind is CaseKind.CIVIL else _ADMINISTRATIVE_CAUSES


def _area(rng: random.Random, court: dict[str, str]) -> str:
    """The district a case comes from: the basic court's own, any of them for the appeal court."""
    if court["level"] != "basic":
        court = rng.choice(_courts_at("basic"))
    return court["name"].removesuffix("人民法院")


def _claim(rng: random.Random, cause: _Cause) -> Decimal | None:
    if cause.amount is None or rng.random() < cause.no_claim_share:
        return None
    low, high = cause.amount
    # Log-uniform, so small claims are far more common than large ones.
    value = low * (high / low) ** rng.random()
    return Decimal(round(value, -2) if value >= 1_000 else round(value)).quantize(_CENT)


def _procedure(
    rng: random.Random, case_type: _CaseType, cause: _Cause, claim: Decimal | None
) -> Procedure:
    options = [
        procedure
        for procedure in case_type.procedures
        if procedure is not Procedure.SMALL_CLAIMS or _small_claim(cause, claim)
    ]
    return rng.choices(options, weights=[_PROCEDURE_WEIGHTS[p] for p in options])[0]


def _small_claim(cause: _Cause, claim: Decimal | None) -> bool:
    return cause.small_claims and claim is not None and claim <= _SMALL_CLAIMS_LIMIT


def _stages(rng: random.Random, kind: CaseKind) -> tuple[Stage, ...]:
    """The stages a case has passed through so far, ending at its current one."""
    mediated = kind is CaseKind.CIVIL and rng.random() < _MEDIATED_SHARE
    path = stage_path(kind, mediated=mediated)
    end = rng.choices(range(len(path)), weights=_STAGE_WEIGHTS[kind])[0]
    return path[: end + 1]


def _timeline(run: _Run, stages: tuple[Stage, ...]) -> tuple[tuple[Stage, dt.date], ...]:
    """Date each stage, counting back from today so the last one is never in the future."""
    gaps = [run.rng.randint(*_GAP_DAYS[step]) for step in pairwise(stages)]
    low, high = _DWELL_DAYS[stages[-1]]
    # Moving off a weekend takes at most two days per date; keep the filing after the floor.
    room = (run.today - run.floor).days - sum(gaps) - 2 * len(stages)
    day = _working_day(run.today - dt.timedelta(run.rng.randint(low, max(low, min(high, room)))))
    dates = [day]
    for gap in reversed(gaps):
        day = _working_day(day - dt.timedelta(gap))
        dates.append(day)
    return tuple(zip(stages, reversed(dates), strict=True))


def _hearing_at(
    timeline: tuple[tuple[Stage, dt.date], ...], upcoming: dt.date, slot: dt.time
) -> dt.datetime | None:
    """The main hearing: ahead for a scheduled case, on the hearing date once heard."""
    reached = dict(timeline)
    if timeline[-1][0] is Stage.SCHEDULED:
        day = upcoming
    elif Stage.HEARD in reached:
        day = reached[Stage.HEARD]
    else:
        return None
    return dt.datetime.combine(day, slot, tzinfo=_CST)


def _postponed_at(
    rng: random.Random,
    timeline: tuple[tuple[Stage, dt.date], ...],
    hearing_at: dt.datetime | None,
    today: dt.date,
) -> dt.datetime | None:
    """An earlier sitting that was put off, between scheduling and the main hearing."""
    if hearing_at is None or rng.random() >= _POSTPONED_SHARE:
        return None
    scheduled_on = dict(timeline)[Stage.SCHEDULED]
    last = min(hearing_at.date(), today) - _ONE_DAY
    days = _working_days(scheduled_on + _ONE_DAY, last)
    return dt.datetime.combine(rng.choice(days), rng.choice(_SLOTS), tzinfo=_CST) if days else None


def _parties(
    run: _Run, case_type: _CaseType, cause: _Cause, area: str
) -> tuple[dict[str, str | None], ...]:
    sides = [(0, cause.plaintiff), (1, cause.defendant)]
    if cause.co_defendant:
        sides.append((1, cause.co_defendant))
    roles = case_type.roles
    if roles == _APPEAL_ROLES and run.rng.random() < 0.5:
        roles = (roles[1], roles[0])  # either side of the first instance may appeal
    parties = [_party(run, roles[side], kind, area, cause) for side, kind in sides]
    # At most three parties: a co-defendant takes the place of a third party.
    if len(parties) < 3 and run.rng.random() < case_type.third_party_share:
        parties.append(_party(run, "third_party", "person", area, cause))
    return tuple(parties)


def _party(run: _Run, role: str, kind: str, area: str, cause: _Cause) -> dict[str, str | None]:
    if kind == "person":
        return {"role": role, "kind": "natural", **_natural_person(run)}
    return {
        "role": role,
        "kind": "legal",
        "name": _legal_name(run, kind, area, cause),
        "phone": _office_phone(run.rng),
        "id_number": None,
    }


def _natural_person(run: _Run) -> dict[str, str | None]:
    male = run.rng.random() < 0.5
    return {
        "name": run.faker.name_male() if male else run.faker.name_female(),
        "phone": run.faker.phone_number(),
        "id_number": _id_number(run.rng, run.today, male=male),
    }


def _legal_name(run: _Run, kind: str, area: str, cause: _Cause) -> str:
    template = cause.agency if kind == "agency" else _LEGAL_NAMES[kind]
    return template.format(
        area=area,
        prefix=run.faker.company_prefix(),
        trade=run.rng.choice(_TRADES),
        city=run.faker.city_name(),
        bank=run.rng.choice(_BANKS),
        insurer=run.rng.choice(_INSURERS),
    )


def _office_phone(rng: random.Random) -> str:
    return f"0755-{rng.choice('2368')}{rng.randrange(10_000_000):07d}"


def _id_number(rng: random.Random, today: dt.date, *, male: bool) -> str:
    # At least 21 today, so an adult even when the case was filed two years ago.
    born = dt.date(today.year - rng.randint(22, 75), 1, 1) + dt.timedelta(rng.randrange(365))
    # The 17th digit is odd for men and even for women.
    sequence = f"{rng.randrange(100):02d}{rng.choice('13579' if male else '02468')}"
    body = rng.choice(_ID_AREAS) + born.strftime("%Y%m%d") + sequence
    return body + id_check_digit(body)


def _numbered(rng: random.Random, plans: Iterable[_Plan]) -> Iterator[_Plan]:
    """Number the plans, serials rising with the filing date per court, case type and year."""
    taken = {case["case_number"] for case in SHOWCASE}
    last: dict[tuple[str, str, int], int] = {}
    for plan in sorted(plans, key=lambda p: p.filed_on):
        key = (plan.court["code"], plan.case_type.code, plan.filed_on.year)
        serial, number = last.get(key, 0), ""
        while not number or number in taken:
            serial += rng.randint(1, _SERIAL_STRIDE)
            number = CaseNumber(key[2], key[0], key[1], serial).text
        last[key] = serial
        yield replace(plan, number=number)


def _working_day(day: dt.date, step: int = -1) -> dt.date:
    """The day itself if it is a weekday, else the nearest weekday in the direction of step."""
    while day.weekday() >= 5:
        day += dt.timedelta(step)
    return day


def _working_days(first: dt.date, last: dt.date) -> tuple[dt.date, ...]:
    days = (first + dt.timedelta(n) for n in range((last - first).days + 1))
    return tuple(day for day in days if day.weekday() < 5)


# --- court staff ---------------------------------------------------------------------------


def _staff_pools() -> dict[str, tuple[_Team, ...]]:
    faker = Faker("zh_CN")
    faker.seed_instance(_STAFF_SEED)
    # Unique names: the importer tells staff of one court apart by name.
    return {
        court["code"]: tuple(_team(faker, *slot) for slot in _TEAM_LAYOUT) for court in DEMO_COURTS
    }


def _team(faker: Faker, division: str, number: int, kind: CaseKind) -> _Team:
    unit = "执行团队" if kind is CaseKind.ENFORCEMENT else "审判团队"
    office = f"{division} 第{number}{unit}"
    return _Team(kind, _staff_member(faker, office), _staff_member(faker, office))


def _staff_member(faker: Faker, office: str) -> dict[str, str]:
    return {
        "name": faker.unique.name(),
        "office_phone": faker.numerify("0755-8#######"),
        "office": office,
    }


# --- writing a plan out as an import record ------------------------------------------------


def _record(
    plan: _Plan, rng: random.Random, staff: dict[str, tuple[_Team, ...]], today: dt.date
) -> dict[str, Any]:
    team = rng.choice([t for t in staff[plan.court["code"]] if t.kind is plan.case_type.kind])
    assigned = plan.stage is not Stage.FILED  # a judge is named from assignment on
    return {
        "case_number": plan.number,
        "cause": _cause_text(plan),
        "kind": plan.case_type.kind.value,
        "procedure": plan.procedure.value,
        "stage": plan.stage.value,
        "filed_on": plan.filed_on.isoformat(),
        "closed_on": _iso(plan.reached.get(Stage.CLOSED)),
        "claim_amount": _money(plan.claim),
        "judge": dict(team.judge) if assigned else None,
        "clerk": dict(team.clerk) if assigned else None,
        "parties": [dict(party) for party in plan.parties],
        "hearings": _hearings(plan, rng),
        "events": _events(plan),
        "services": _services(plan, rng, today),
        "fees": [_fee(plan, rng, today)],
    }


def _cause_text(plan: _Plan) -> str:
    if plan.case_type.kind is CaseKind.ENFORCEMENT:
        return plan.cause.name + _ENFORCEMENT_SUFFIX
    return plan.cause.name


def _hearings(plan: _Plan, rng: random.Random) -> list[dict[str, str]]:
    courtroom = rng.choice(_FAST_COURTROOMS if plan.procedure in _FAST_PROCEDURES else _COURTROOMS)
    kind = rng.choice(plan.case_type.hearing_kinds)
    sittings: list[tuple[dt.datetime, str, str]] = []
    if plan.postponed_at:
        sittings.append((plan.postponed_at, kind, "postponed"))
    if plan.hearing_at:
        status = "scheduled" if plan.stage is Stage.SCHEDULED else "held"
        sittings.append((plan.hearing_at, kind, status))
    decided_on = plan.reached.get(Stage.DECIDED)
    # Half the ordinary-procedure judgments are pronounced at a sitting of their own (定期宣判).
    if decided_on and plan.procedure is Procedure.ORDINARY and rng.random() < 0.5:
        pronounced = dt.datetime.combine(decided_on, rng.choice(_SLOTS), tzinfo=_CST)
        sittings.append((pronounced, "宣判", "held"))
    return [
        {
            "ref": f"H{index}",
            "scheduled_at": at.isoformat(),
            "courtroom": courtroom,
            "kind": sitting_kind,
            "status": status,
        }
        for index, (at, sitting_kind, status) in enumerate(sittings, start=1)
    ]


def _events(plan: _Plan) -> list[dict[str, str]]:
    before = (None, *(stage for stage, _ in plan.timeline))
    return [
        {"date": day.isoformat(), "stage": stage.value, "description": _event_text(stage, prior)}
        for prior, (stage, day) in zip(before, plan.timeline, strict=False)
    ]


def _event_text(stage: Stage, prior: Stage | None) -> str:
    if stage is Stage.CLOSED and prior is not None:
        return _CLOSING_TEXT[prior]
    return _EVENT_TEXT[stage]


def _services(plan: _Plan, rng: random.Random, today: dt.date) -> list[dict[str, str | None]]:
    reached = plan.reached
    return [
        _served(rng, role, service, reached[service.after], today)
        for service in plan.case_type.services
        if service.after in reached
        for role in _served_roles(plan, service.side)
    ]


def _served_roles(plan: _Plan, side: int | None) -> list[str]:
    if side is None:
        return list(dict.fromkeys(str(party["role"]) for party in plan.parties))
    return [plan.case_type.roles[side]]


def _served(
    rng: random.Random, role: str, service: _Service, event_on: dt.date, today: dt.date
) -> dict[str, str | None]:
    served_on = event_on + dt.timedelta(rng.randint(0, service.max_lag))
    return {
        "party_role": role,
        "document": service.document,
        "method": rng.choices(_SERVICE_METHODS, weights=_SERVICE_METHOD_WEIGHTS)[0],
        "served_on": _iso(served_on if served_on <= today else None),  # None: not served yet
    }


def _fee(plan: _Plan, rng: random.Random, today: dt.date) -> dict[str, str | None]:
    amount = _fee_amount(plan)
    due_on, share, paid_on = _payment(plan, rng, today)
    return {
        "kind": plan.case_type.fee,
        "payer_role": plan.case_type.roles[plan.case_type.fee_payer],
        "amount": _money(amount),
        "due_on": _iso(due_on),
        "paid_amount": _money(DEFAULT_ROUNDING.apply(amount * share)),
        "paid_on": _iso(paid_on if share else None),
    }


def _payment(
    plan: _Plan, rng: random.Random, today: dt.date
) -> tuple[dt.date | None, Decimal, dt.date | None]:
    """When the fee is due, the share of it paid and when."""
    if plan.case_type.kind is CaseKind.ENFORCEMENT:
        closed_on = plan.reached.get(Stage.CLOSED)
        if closed_on is None:
            return None, Decimal(0), None
        return None, rng.choices(_RECOVERED_SHARES, weights=_RECOVERED_WEIGHTS)[0], closed_on
    weights = _PAID_WEIGHTS[plan.stage is Stage.FILED]
    share = rng.choices(_PAID_SHARES, weights=weights)[0]
    paid_on = min(today, plan.filed_on + dt.timedelta(rng.randint(0, _FEE_DUE_DAYS - 1)))
    return plan.filed_on + dt.timedelta(_FEE_DUE_DAYS), share, paid_on


def _fee_amount(plan: _Plan) -> Decimal:
    """The fee under 《诉讼费用交纳办法》, from the same engine the assistant answers with."""
    kind = plan.case_type.kind
    request: fees.FeeRequest
    if kind is CaseKind.ENFORCEMENT:
        request = fees.FeeRequest(fees.CaseKind.EXECUTION, plan.claim)
    elif kind is CaseKind.ADMINISTRATIVE:
        request = fees.FeeRequest(fees.CaseKind.ADMINISTRATIVE, instance=_instance(plan))
    else:
        fee_kind = plan.cause.fee_kind
        # A money claim is charged as a property case (民诉法解释 201).
        if fee_kind is fees.CaseKind.OTHER_NON_PROPERTY and plan.claim:
            fee_kind = fees.CaseKind.PROPERTY
        request = fees.FeeRequest(
            fee_kind,
            plan.claim,
            procedure=_FEE_PROCEDURES.get(plan.procedure, fees.Procedure.ORDINARY),
            instance=_instance(plan),
        )
    return fees.estimate_fee(request, _FEE_STANDARD).total


def _instance(plan: _Plan) -> fees.Instance:
    if plan.procedure is Procedure.SECOND_INSTANCE:
        return fees.Instance.APPEAL
    return fees.Instance.FIRST


def _money(amount: Decimal | None) -> str | None:
    return None if amount is None else f"{amount:.2f}"


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()
