"""Demo data: a synthetic, plausible ledger for the pilot streets, any area, or the whole city.

Everything written here is invented (names, phone numbers, identity numbers, credit codes): it is
for the separate demo database, screenshots, tests and benchmarks, never for the real ledger.
Records go through the one write path (`app.store.writer.insert_records`: row, field clocks,
history, change log, search index) in batches, one transaction each, with deterministic ids, so
running it again adds nothing and a cancelled run is completed by running it again.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from sqlalchemy import Connection, text

from app.domain.entities import (
    COMMUNITY,
    DEMAND,
    DISTRICT,
    EVALUATION,
    FUNCTION_STATUS,
    OPERATOR,
    PROJECT,
    SPACE,
    STREET,
)
from app.domain.enums import (
    BuildApproach,
    DemandSource,
    DemandStatus,
    DistrictKind,
    Function,
    FunctionStatus,
    Level,
    OperatingModel,
    OperatorKind,
    PermitAction,
    ProjectTier,
    Setting,
    SpaceKind,
    SpaceUsage,
    StreetKind,
    Urgency,
    Willingness,
)
from app.domain.fields import EntitySpec
from app.domain.validate import CREDIT_CODE_CHARS, credit_code_check_char
from app.errors import Cancelled, UsageError
from app.services.records import natural_id
from app.store import writer
from app.store.areas import Scope
from app.store.db import Ledger
from app.store.settings import get_setting

ProgressFn = Callable[[int, int], None]
CancelledFn = Callable[[], bool]

PILOT_STREETS = ("解放门街道", "南院门街道", "北院门街道")
"""The plan's street-unit pilots (以街道为单元): 新城区解放门街道, 碑林区南院门街道,
莲湖区北院门街道."""

FIRST_DAY = dt.date(2024, 1, 1)
LAST_DAY = dt.date(2026, 10, 31)
"""Demo data runs from the programme's start to this fixed day (fixed: a seed gives one ledger)."""

EVALUATION_DAYS = ("2025-06-30", "2025-12-31", "2026-06-30")

_NINE = Function.nine()
_FUNCTIONS = {f.value: f for f in Function}
_ORDER = (OPERATOR, COMMUNITY, SPACE, FUNCTION_STATUS, DEMAND, PROJECT, EVALUATION)
"""Write order inside a batch: every reference points to a row written before it."""


# --- sizes ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scale:
    """How much to generate: ranges per street and per community, and the padding of the area list.

    `*_per_street` fix a street's exact total (the benchmark counts); `districts`/`streets` pad the
    reference list with synthetic areas up to that many when the whole city is generated.
    """

    name: str
    communities: tuple[int, int] = (5, 10)
    spaces: tuple[int, int] = (2, 6)
    demands: tuple[int, int] = (10, 40)
    projects: float = 0.25
    operators: int = 20
    evaluation_rate: float = 0.5
    spaces_per_street: int | None = None
    demands_per_street: int | None = None
    projects_per_street: int | None = None
    districts: int = 0
    streets: int = 0
    batch: int = 5000

    @property
    def pads(self) -> bool:
        """Whether this size adds synthetic districts and streets to reach its totals."""
        return self.districts > 0 or self.streets > 0


SCALES: dict[str, Scale] = {
    "tiny": Scale("tiny", communities=(2, 3), spaces=(2, 3), demands=(3, 6), projects=0.5,
                  operators=6, batch=100),
    "normal": Scale("normal"),
    # DESIGN.md "Performance budgets": 20 districts, 200 streets, 1,600 communities, 50,000 spaces,
    # 500,000 demands, 5,000 projects: a street has 8 communities, 250 spaces, 2,500 demands and
    # 25 projects.
    "city": Scale("city", communities=(8, 8), spaces=(25, 38), demands=(250, 375), projects=3.125,
                  operators=200, spaces_per_street=250, demands_per_street=2500,
                  projects_per_street=25, districts=20, streets=200),
}


@dataclass
class DemoSummary:
    """How many records of each entity were added (skipped: already there from an earlier run)."""

    districts: int = 0
    streets: int = 0
    communities: int = 0
    spaces: int = 0
    function_statuses: int = 0
    demands: int = 0
    projects: int = 0
    operators: int = 0
    evaluations: int = 0
    skipped: int = 0

    @property
    def total(self) -> int:
        """Records added, all entities together."""
        return sum(getattr(self, f.name) for f in fields(self) if f.name != "skipped")

    def __str__(self) -> str:
        parts = [f"{label} {getattr(self, name)}" for name, label in _SUMMARY_LABELS.items()
                 if getattr(self, name)]
        text = "、".join(parts) if parts else "没有新增记录"
        return text + (f"（已有 {self.skipped} 条，未重复添加）" if self.skipped else "")


_SUMMARY_LABELS = {
    "districts": "示范区县", "streets": "示范街道", "communities": "社区", "spaces": "空间资源",
    "function_statuses": "功能配置", "demands": "需求", "projects": "建设项目",
    "operators": "运营主体", "evaluations": "评估",
}


_SUMMARY_FIELD = {
    "district": "districts", "street": "streets", "community": "communities", "space": "spaces",
    "function_status": "function_statuses", "demand": "demands", "project": "projects",
    "operator": "operators", "evaluation": "evaluations",
}


class DemoCancelled(Cancelled):
    """Generation was cancelled; the batches written stay, running again completes the rest."""

    def __init__(self, summary: DemoSummary) -> None:
        self.summary = summary
        super().__init__(f"已取消生成演示数据：已写入 {summary.total} 条，再次生成会补齐其余部分。")


# --- vocabulary (invented, Xi'an-flavoured demo words) -------------------------------------

_PLACES = (
    "尚俭", "尚德", "尚勤", "尚爱", "崇礼", "崇义", "建国", "含元", "兴庆", "长乐", "互助", "景龙",
    "皇城", "建设", "和平", "友谊", "文艺", "青年", "幸福", "金花", "咸宁", "永乐", "安仁", "广济",
    "西华", "振华", "民乐", "东新", "西新", "雍村", "万寿", "康乐", "顺城", "柏树", "东仓", "西仓",
    "大有", "春晖", "明德", "仁和", "乐居", "丰庆", "桃园", "大庆", "劳动", "红光", "星火", "团结",
    "光华", "朝阳", "向阳", "东升", "育才", "雁南", "吉祥", "玉祥", "明光", "龙首", "北辰", "凤城",
    "含光", "永宁", "安定", "安远", "太白", "紫薇", "锦园", "华清", "秦川", "丰登", "龙湖", "翠华",
    "东风", "兴华", "新华", "长缨", "友爱", "德福",
)
_PLACE_SUFFIXES = ("路", "路", "街", "巷", "坊", "里", "村", "园", "")
_DIRECTIONS = "东西南北"
_NUMERALS = "一二三四五六七八九十"
_COMPOUND_SUFFIXES = ("小区", "小区", "家园", "花园", "苑", "新村", "公寓", "家属院")
_UNITS = (
    "省建三公司", "西北光学仪器厂", "市第二印染厂", "市食品公司", "市百货公司", "电力设计院",
    "市政工程公司", "第四棉纺厂", "机械研究所", "市运输公司", "省地质队", "纺织器材厂",
    "市自来水公司", "铁路分局",
)
_MALLS = ("民生百货", "万和商厦", "兴隆购物中心", "长安商业广场", "解放商场", "东方红商场")
_DEVELOPERS = ("陕西恒信", "西安华远", "陕西金泰", "西安鼎盛", "陕西安居", "西安宏府", "陕西天朗")

_SURNAMES = (
    "张", "王", "李", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "韩", "冯", "于", "董", "薛", "雷", "田",
    "任", "贺", "党", "师", "欧阳", "司马", "上官",
)
_GIVEN = (
    "秀兰", "桂英", "建国", "建华", "玉兰", "淑珍", "志强", "海燕", "丽", "伟", "敏", "静", "军",
    "芳", "磊", "小红", "国强", "春梅", "文博", "子涵", "雨桐", "浩然", "晓东", "秀珍", "凤英",
    "明", "刚", "卫东", "立新", "红霞", "慧", "婷", "宇航", "思远", "佳怡", "保国", "兰英", "金花",
    "永安", "德胜",
)
_MOBILE_PREFIXES = (
    "133", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155", "156", "157",
    "158", "159", "177", "180", "181", "182", "183", "185", "186", "187", "188", "189", "191",
    "199",
)

_SPACE_KIND_WEIGHTS = {
    SpaceKind.COMMUNITY_ROOM: 16, SpaceKind.COMPOUND_LAND: 10, SpaceKind.RENEWAL_LAND: 7,
    SpaceKind.IDLE_LAND: 5, SpaceKind.IDLE_BUILDING: 10, SpaceKind.GOVERNMENT_IDLE: 7,
    SpaceKind.SOE_IDLE: 7, SpaceKind.COMMERCIAL: 12, SpaceKind.SUPPORTING_ROOM: 20,
    SpaceKind.OTHER: 6,
}
_LAND_KINDS = (SpaceKind.COMPOUND_LAND, SpaceKind.RENEWAL_LAND, SpaceKind.IDLE_LAND)
_SPACE_NAMES: dict[SpaceKind, tuple[str, ...]] = {
    SpaceKind.COMMUNITY_ROOM: (
        "原社区居委会二楼", "社区党群服务中心一层", "社区党群服务中心三楼",
        "社区办公用房（{c}{n}号楼一层）", "原社区卫生服务站", "社区老年活动室", "社区服务站{n}号房",
    ),
    SpaceKind.COMPOUND_LAND: ("{c}中心空地", "{c}北侧空地", "{c}{n}号楼东侧空地", "{c}南门内空地"),
    SpaceKind.RENEWAL_LAND: (
        "{c}锅炉房腾退用地", "{c}自行车棚腾退用地", "{c}违建拆除腾退用地", "{c}旧平房腾退用地",
    ),
    SpaceKind.IDLE_LAND: ("{r}与{r2}十字东南角闲置地块", "{r}北段闲置地块", "原{r}农贸市场地块"),
    SpaceKind.IDLE_BUILDING: ("原{r}粮站", "原{c}幼儿园", "原{r}菜市场二层", "{c}{n}号楼闲置用房"),
    SpaceKind.GOVERNMENT_IDLE: (
        "原{street}办事处老办公楼", "原{district}房管所办公用房", "原{r}派出所旧址",
        "原{district}卫生监督所用房",
    ),
    SpaceKind.SOE_IDLE: ("原{u}职工俱乐部", "{u}闲置仓库", "原{u}职工食堂", "{u}家属区锅炉房"),
    SpaceKind.COMMERCIAL: (
        "{r}{n}号商业用房二层", "{c}沿街商铺（{n}号）", "{m}三层", "{r}{n}号临街门面",
    ),
    SpaceKind.SUPPORTING_ROOM: (
        "小区配套用房（{n}号楼底商）", "{c}配套用房（{n}号楼一层）", "{c}物业配套用房",
        "{c}社区服务配套用房",
    ),
    SpaceKind.OTHER: (
        "{c}人防工程地下一层", "{c}地下车库夹层", "{r}桥下空间", "{c}{n}号楼楼顶平台",
    ),
}

_COVERAGE = {
    Function.ELDERLY_CARE: 0.85, Function.INFANT_CARE: 0.28, Function.CHILD_CARE: 0.6,
    Function.MEAL_SERVICE: 0.62, Function.HOUSEKEEPING: 0.5, Function.HEALTH: 0.7,
    Function.FITNESS: 0.76, Function.CULTURE: 0.8, Function.CHILDREN_PLAY: 0.45,
}
"""Chance that a function is ready or operating: 养老服务 high, 婴幼儿托育 low (as the targets)."""

_UNCOVERED = (
    FunctionStatus.NONE, FunctionStatus.PLANNED, FunctionStatus.BUILDING, FunctionStatus.SUSPENDED,
)

_DEMAND_WEIGHTS = {
    Function.ELDERLY_CARE: 22, Function.INFANT_CARE: 8, Function.CHILD_CARE: 10,
    Function.MEAL_SERVICE: 15,
    Function.HOUSEKEEPING: 8, Function.HEALTH: 12, Function.FITNESS: 8, Function.CULTURE: 6,
    Function.CHILDREN_PLAY: 7, Function.OTHER: 4,
}
_DEMANDS: dict[Function, tuple[str, ...]] = {
    Function.ELDERLY_CARE: (
        "希望在{c}附近建一个日间照料中心，白天能照看失能老人",
        "{c}独居老人较多，希望社区提供定期上门探访服务",
        "家中老人行动不便，希望提供上门助浴、助洁服务",
        "希望社区养老服务站增加短期托养床位",
        "{c}{n}号楼老人多，希望在楼道加装扶手并配备紧急呼叫设备",
        "希望开设老年人康复理疗服务，方便术后老人就近康复",
        "希望养老服务站延长开放时间，周末也能提供服务",
    ),
    Function.INFANT_CARE: (
        "双职工家庭孩子两岁，希望在{c}附近有普惠托育点",
        "希望社区托育点收费再低一些，并提供临时托、计时托服务",
        "{c}新入住的年轻家庭多，希望增设婴幼儿托位",
        "希望开设育儿指导课程，请专业人员讲解婴幼儿照护",
        "希望在社区服务中心设置母婴室，方便带婴儿的家长",
    ),
    Function.CHILD_CARE: (
        "孩子放学早、家长下班晚，希望社区提供课后托管服务",
        "希望暑假期间开设儿童托管班，安排作业辅导和兴趣活动",
        "希望社区“四点半课堂”增加名额",
        "{c}离学校远，希望托管点能安排放学接送",
    ),
    Function.MEAL_SERVICE: (
        "希望在{c}附近增设老年助餐点，方便行动不便的老人就餐",
        "希望社区食堂提供送餐上门服务，{c}有{n}位高龄老人需要",
        "社区食堂菜品口味偏重，希望增加适合老年人的低盐低油套餐",
        "希望助餐点对高龄、独居老人给予就餐补贴",
        "希望社区食堂晚上也营业，方便上班族就餐",
    ),
    Function.HOUSEKEEPING: (
        "希望社区引进正规家政服务，提供保洁、维修等便民服务",
        "{c}附近缺少修鞋、配钥匙、缝补等便民摊点，希望统一设置",
        "希望设置快递代收点，方便上班族收取快递",
        "希望提供家电维修上门服务，价格公开透明",
        "希望社区增设便民理发点，方便老人理发",
    ),
    Function.HEALTH: (
        "希望社区卫生服务站增加家庭医生上门服务",
        "希望定期组织老年人免费体检和慢病筛查",
        "{c}离医院远，希望设置健康小屋，方便测量血压血糖",
        "希望开展心理健康咨询服务",
        "希望社区卫生服务站延长周末门诊时间",
    ),
    Function.FITNESS: (
        "{c}缺少健身器材，希望增设室外健身点",
        "{c}现有健身器材老化损坏，希望尽快更换维修",
        "希望建设口袋公园，增加健步道",
        "希望开放学校操场，方便居民晚间锻炼",
        "希望社区有乒乓球室或羽毛球场地",
    ),
    Function.CULTURE: (
        "希望社区开设书法、绘画、合唱等老年兴趣班",
        "希望设立社区图书室，并延长开放时间",
        "希望{c}有固定的广场舞场地，避免噪音扰民",
        "希望经常组织社区文化活动和露天电影放映",
        "希望开设智能手机使用培训，教老人用手机挂号、缴费",
    ),
    Function.CHILDREN_PLAY: (
        "{c}没有儿童游乐设施，希望建设儿童游乐场",
        "{c}现有儿童滑梯有安全隐患，希望更换并铺设软质地面",
        "希望建设室内儿童游乐空间，雨雪天孩子也有地方玩",
        "希望在{c}中心空地增设沙坑和秋千",
    ),
    Function.OTHER: (
        "{c}{n}号楼楼道灯损坏，希望尽快维修",
        "希望{c}{n}号楼加装电梯，方便老人上下楼",
        "{c}停车难，希望规划非机动车充电棚",
        "希望改善{c}环境卫生，增加垃圾分类指导",
    ),
}
_DEMAND_OPENINGS = ("", "", "", "{c}居民反映：", "{k}户居民联名建议：", "居民议事会提出：")
_RESOLVED = {
    Function.ELDERLY_CARE: "已在社区养老服务站开设日间照料和上门服务，已电话回访居民",
    Function.INFANT_CARE: "已协调普惠托育机构在社区设点，提供全日托和临时托服务",
    Function.CHILD_CARE: "已在社区党群服务中心开设课后托管服务，每周一至周五开放",
    Function.MEAL_SERVICE: "已在社区开设老年助餐点，每日中午供餐，高龄老人可预约送餐",
    Function.HOUSEKEEPING: "已引进家政便民服务点，服务项目和价格在社区公示栏公开",
    Function.HEALTH: "已协调社区卫生服务中心每周派家庭医生坐诊并提供上门服务",
    Function.FITNESS: "已增设室外健身器材并完成维修，已通知居民使用",
    Function.CULTURE: "已开设兴趣班并在社区图书室延长开放时间",
    Function.CHILDREN_PLAY: "已建成儿童游憩场地并铺设软质地面，已投入使用",
    Function.OTHER: "已协调物业和相关部门处理完毕，已告知居民",
}
_DECLINED = (
    "经现场核实，{c}内无可用空间，暂不具备建设条件，已向居民说明",
    "该事项不属于社区嵌入式服务设施建设范围，已告知居民与物业协商解决",
    "经居民议事会讨论，多数居民不同意在该位置建设，暂不采纳",
    "步行15分钟范围内已有同类设施，建议使用现有设施，已向居民解释",
    "该位置属于消防通道，经安全评估不宜建设，已向居民说明",
)
_DEPARTMENTS = {
    Function.ELDERLY_CARE: "民政局", Function.MEAL_SERVICE: "民政局",
    Function.INFANT_CARE: "卫生健康局",
    Function.HEALTH: "卫生健康局", Function.CHILD_CARE: "教育局", Function.HOUSEKEEPING: "商务局",
    Function.FITNESS: "文化和旅游体育局", Function.CULTURE: "文化和旅游体育局",
    Function.CHILDREN_PLAY: "住房和城乡建设局", Function.OTHER: "住房和城乡建设局",
}
_SOURCE_WEIGHTS = {
    DemandSource.DOOR_VISIT: 30, DemandSource.QUESTIONNAIRE: 20, DemandSource.RESIDENTS_MEETING: 15,
    DemandSource.HOTLINE: 12, DemandSource.GRID_WORKER: 15, DemandSource.ONLINE: 6,
    DemandSource.OTHER: 2,
}

_PROJECT_PURPOSES: tuple[tuple[str, tuple[Function, ...]], ...] = (
    ("社区嵌入式服务综合体建设项目", ()),  # () = a complex: functions drawn at random
    ("老年助餐点改造项目", (Function.MEAL_SERVICE, Function.ELDERLY_CARE)),
    ("嵌入式养老服务站建设项目", (Function.ELDERLY_CARE,)),
    ("普惠托育点建设项目", (Function.INFANT_CARE,)),
    ("儿童托管中心建设项目", (Function.CHILD_CARE,)),
    ("全民健身设施补建项目", (Function.FITNESS, Function.CHILDREN_PLAY)),
    ("社区卫生服务站提升项目", (Function.HEALTH,)),
    ("文化活动室改造项目", (Function.CULTURE,)),
    ("家政便民服务点建设项目", (Function.HOUSEKEEPING,)),
    ("儿童游憩场地建设项目", (Function.CHILDREN_PLAY,)),
)
_SINGLE_APPROACHES = (BuildApproach.CONVERT, BuildApproach.CONVERT, BuildApproach.SUPPLEMENT)
_ELDERLY_AND_INFANT = (Function.ELDERLY_CARE, Function.INFANT_CARE, Function.MEAL_SERVICE)
_FUNDING = (
    "中央预算内投资、市级财政补助", "市级财政补助、区级配套", "区级财政资金",
    "区级财政资金、社会资本", "福利彩票公益金", "社会资本投入",
)

_BRANDS = (
    "颐康", "福寿", "康乐", "安泰", "乐龄", "童心", "悦享", "馨家", "仁和", "德馨", "爱邻", "和美",
    "优家", "禾苗", "暖阳", "长青", "惠民", "邻里", "益善", "同心", "金色年华", "小太阳",
)
_BUSINESSES = (
    "养老服务", "托育服务", "餐饮管理", "家政服务", "健康管理", "体育文化发展", "文化传播",
    "社区服务",
)
_OPERATOR_KINDS = {
    OperatorKind.ENTERPRISE: ("91", 45), OperatorKind.SOCIAL_ORG: ("52", 40),
    OperatorKind.PUBLIC_INSTITUTION: ("12", 10), OperatorKind.OTHER: ("92", 5),
}
"""Kind → the first two characters of its credit code (GB 32100-2015: 登记管理部门, 机构类别)
and its weight."""
_PUBLIC_INSTITUTIONS = (
    "社会福利院", "社区卫生服务中心", "老年大学", "妇幼保健院", "青少年活动中心",
)

_STREET_WORDS = (
    "春明", "景和", "安泰", "嘉禾", "瑞祥", "永兴", "明远", "和顺", "锦程", "康宁", "翠微", "乐游",
    "望春", "泰和", "紫阳", "丰裕", "宏业", "启明", "新安", "清源", "惠泽", "广德", "安澜", "文昌",
    "聚贤", "崇文", "怀远", "秀水", "金桥", "银杏", "兰亭", "凤鸣", "龙渠", "映雪", "同德", "长宁",
)


# --- areas ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Street:
    id: str
    code: str | None
    name: str
    district: str

    @property
    def key(self) -> str:
        """What seeds this street's random numbers: a street gets the same data in any run."""
        return self.code or self.id


_STREET_SQL = (
    "SELECT s.id, s.code, s.name, coalesce(d.name, '') FROM street s "
    "LEFT JOIN district d ON d.id = s.district_id WHERE s.deleted = 0"
)
_STREET_ORDER = " ORDER BY s.code IS NULL, s.code, s.name"


def _streets(ledger: Ledger, scope: Scope | None, whole_city: bool) -> list[_Street]:
    """The streets to fill: the scope's, the whole city's, or (no scope) the pilot streets."""
    params: dict[str, Any] = {"scope": scope.id if scope else None}
    if whole_city or (scope is not None and scope.level is Level.CITY):
        where = ""
    elif scope is None:
        where = " AND s.name IN (" + ", ".join(f":p{n}" for n in range(len(PILOT_STREETS))) + ")"
        params.update({f"p{n}": name for n, name in enumerate(PILOT_STREETS)})
    elif scope.level is Level.STREET:
        where = " AND s.id = :scope"
    elif scope.level is Level.DISTRICT:
        where = " AND s.district_id = :scope"
    elif scope.level is Level.ZONE:
        where = " AND s.zone_id = :scope"
    else:
        raise UsageError("演示数据按街道生成：请选择市、区县、开发区或街道，而不是单个社区")
    with ledger.engine.connect() as conn:
        rows = conn.execute(text(_STREET_SQL + where + _STREET_ORDER), params).all()
        if not rows and scope is None:  # a ledger of another city: its first three streets stand in
            rows = conn.execute(text(_STREET_SQL + _STREET_ORDER + " LIMIT 3")).all()
    if not rows:
        raise UsageError(
            f"{scope or '台账'}下还没有街道，无法生成演示数据（开发区须先指定所管理的街道）"
        )
    return [_Street(r[0], r[1], r[2], r[3]) for r in rows]


@dataclass(frozen=True)
class _City:
    code: str
    name: str
    districts: tuple[tuple[str, str], ...]  # (code, name) of the real districts, in code order

    @property
    def prefix(self) -> str:
        """The first four digits the city's district codes share."""
        return self.code[:4]


def _city(ledger: Ledger) -> _City:
    """The ledger's city (set by init_ledger) and its real districts (synthetic ones left out)."""
    setting = get_setting(ledger, "city") or {}
    with ledger.engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT code, name FROM district WHERE deleted = 0 AND code IS NOT NULL ORDER BY code"
        )).all()
    code = str(setting.get("code") or (rows[0][0][:4] + "00000000" if rows else "000000000000"))
    districts = tuple((c, n) for c, n in rows if not _synthetic(code[:4], c))
    return _City(code, str(setting.get("name") or ""), districts)


def _synthetic(prefix: str, district_code: str) -> bool:
    """Whether a district code is one of the synthetic demo districts (<city>9x000000)."""
    return district_code.startswith(prefix) and district_code[4] == "9"


def _pad_areas(ledger: Ledger, scale: Scale, city: _City) -> tuple[int, int]:
    """Add synthetic districts and streets until the area list has the scale's totals.

    SYNTHETIC DEMO DATA: 示范一区…示范七区 (codes <city>90000000…<city>96000000, for Xi'an
    610190000000…610196000000) and their streets do not exist; they only bring the shipped list
    (13 districts and counties, 172 streets and towns) up to the benchmark size of DESIGN.md.
    Like the shipped list they are written as reference data (not logged, never sent upward).
    """
    prefix = city.prefix
    with ledger.write() as conn:
        districts = conn.execute(text("SELECT id, code FROM district WHERE deleted = 0")).all()
        street_rows = conn.execute(text("SELECT code, name FROM street WHERE deleted = 0")).all()
        codes = {c for _, c in districts if c}
        new_districts = []
        for k in range(max(0, scale.districts - len(districts))):
            if k >= 10:
                raise UsageError("演示数据最多添加 10 个示范区")
            code = f"{prefix}{90 + k}000000"
            if code in codes:
                continue
            record = {"code": code, "name": f"示范{_NUMERALS[k]}区",
                      "kind": DistrictKind.DISTRICT.value}
            new_districts.append({**record, "id": natural_id(DISTRICT, record)})
            codes.add(code)
        stamps = [ledger.stamp() for _ in new_districts]
        writer.insert_records(conn, DISTRICT, new_districts, stamps, reference=True)
        synthetic = sorted(c for c in codes if _synthetic(prefix, c))
        targets = synthetic or sorted(codes)
        used_names = {name for _, name in street_rows}
        serials: dict[str, int] = {}
        for code, _ in street_rows:
            if code and code[:6] + "000000" in codes:
                serials[code[:6]] = max(serials.get(code[:6], 0), int(code[6:9]))
        names = (w + s + "街道" for s in ("", "路", "门", "坊") for w in _STREET_WORDS)
        new_streets = []
        for n in range(max(0, scale.streets - len(street_rows))):
            district_code = targets[n % len(targets)]
            serial = serials.get(district_code[:6], 0) + 1
            serials[district_code[:6]] = serial
            name = next(w for w in names if w not in used_names)
            record = {"code": f"{district_code[:6]}{serial:03d}000", "name": name,
                      "kind": StreetKind.STREET.value,
                      "district": natural_id(DISTRICT, {"code": district_code})}
            new_streets.append({**record, "id": natural_id(STREET, record)})
        writer.insert_records(conn, STREET, new_streets, [ledger.stamp() for _ in new_streets],
                              reference=True)
    return len(new_districts), len(new_streets)


# --- the plan: counts first (cheap), so progress knows the total --------------------------


@dataclass
class _CommunityPlan:
    serial: int
    not_resettled: bool
    spaces: int
    demands: int
    projects: int
    statuses: list[FunctionStatus]
    evaluations: list[tuple[int, str]]  # (index into the nine functions, evaluation day)

    @property
    def records(self) -> int:
        return 1 + self.spaces + len(_NINE) + self.demands + self.projects + len(self.evaluations)


@dataclass
class _StreetPlan:
    street: _Street
    pilot: bool
    communities: list[_CommunityPlan] = field(default_factory=list)

    @property
    def records(self) -> int:
        return int(self.pilot) + sum(c.records for c in self.communities)


def _split(rng: random.Random, counts: list[int], total: int | None) -> list[int]:
    """Nudge drawn counts one at a time until they add up to an exact street total."""
    if total is None or not counts:
        return counts
    diff = total - sum(counts)
    while diff:
        i = rng.randrange(len(counts))
        if diff > 0:
            counts[i] += 1
            diff -= 1
        elif counts[i] > 0:
            counts[i] -= 1
            diff += 1
    return counts


def _plan(street: _Street, scale: Scale, seed: int) -> _StreetPlan:
    rng = random.Random(f"{seed}:plan:{street.key}")
    plan = _StreetPlan(street, street.name in PILOT_STREETS)
    n = rng.randint(*scale.communities)
    spaces = _split(rng, [rng.randint(*scale.spaces) for _ in range(n)], scale.spaces_per_street)
    demands = _split(rng, [rng.randint(*scale.demands) for _ in range(n)], scale.demands_per_street)
    whole, fraction = int(scale.projects), scale.projects - int(scale.projects)
    projects = [whole + (rng.random() < fraction) for _ in range(n)]
    if scale.projects_per_street is not None:
        projects = _split(rng, projects, max(0, scale.projects_per_street - plan.pilot))
    projects = [min(p, len(_PROJECT_PURPOSES)) for p in projects]
    # streets differ, so that rankings have something to rank; the pilots are ahead
    maturity = rng.uniform(-0.15, 0.1) + (0.08 if plan.pilot else 0)
    for serial in range(1, n + 1):
        not_resettled = rng.random() < 1 / 15
        statuses: list[FunctionStatus] = []
        evaluations: list[tuple[int, str]] = []
        for index, function in enumerate(_NINE):
            chance = min(0.98, max(0.02, _COVERAGE[function] + maturity))
            chance *= 0.3 if not_resettled else 1
            if rng.random() < chance:
                status = FunctionStatus.OPERATING if rng.random() < 0.8 else FunctionStatus.READY
            else:
                status = rng.choices(_UNCOVERED, (45, 25, 20, 10))[0]
            statuses.append(status)
            if status is FunctionStatus.OPERATING and rng.random() < scale.evaluation_rate:
                days = sorted(rng.sample(EVALUATION_DAYS, rng.randint(1, 2)))
                evaluations.extend((index, day) for day in days)
        plan.communities.append(_CommunityPlan(serial, not_resettled, spaces[serial - 1],
                                               demands[serial - 1], projects[serial - 1], statuses,
                                               evaluations))
    return plan


# --- records ---------------------------------------------------------------------------------


def _person(rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + rng.choice(_GIVEN)


def _mobile(rng: random.Random) -> str:
    return rng.choice(_MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def _landline(rng: random.Random) -> str:
    return f"029-8{rng.randrange(10**7):07d}"


def _identity_number(rng: random.Random, region: str) -> str:
    """An invented 18-character identity number with a valid check character (for masking)."""
    born = dt.date(1935, 1, 1) + dt.timedelta(days=rng.randrange(365 * 40))
    body = f"{region}{born:%Y%m%d}{rng.randrange(1000):03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]


def _area(rng: random.Random, low: float, high: float) -> float:
    return round(rng.uniform(low, high) * 2) / 2  # to half a square metre, as ledgers write it


def _after(rng: random.Random, day: dt.date, low: int, high: int) -> dt.date:
    return day + dt.timedelta(days=rng.randint(low, high))


def _operator_records(scale: Scale, seed: int, city: _City) -> list[dict[str, Any]]:
    """The shared operators, each with a valid credit code; the same for every scope."""
    districts = city.districts or ((city.code, city.name),)
    kinds = list(_OPERATOR_KINDS)
    weights = [w for _, w in _OPERATOR_KINDS.values()]
    city_short = city.name.removesuffix("市")
    records: list[dict[str, Any]] = []
    names: set[str] = set()
    for i in range(scale.operators):
        rng = random.Random(f"{seed}:operator:{i}")
        kind = rng.choices(kinds, weights)[0]
        district_code, district = rng.choice(districts)
        for _ in range(50):
            brand, business = rng.choice(_BRANDS), rng.choice(_BUSINESSES)
            if kind is OperatorKind.ENTERPRISE:
                name = f"{city_short}{brand}{business}有限公司"
            elif kind is OperatorKind.SOCIAL_ORG:
                name = f"{district}{brand}{business}中心"
            elif kind is OperatorKind.PUBLIC_INSTITUTION:
                name = f"{district}{rng.choice(_PUBLIC_INSTITUTIONS)}"
            else:
                name = f"{district}{brand}便民服务部"
            if name not in names:
                break
        else:
            name = f"{name}（{i + 1}）"
        names.add(name)
        body = (_OPERATOR_KINDS[kind][0] + district_code[:6] + "MA6"
                + "".join(rng.choice(CREDIT_CODE_CHARS) for _ in range(6)))
        record: dict[str, Any] = {
            "name": name, "credit_code": body + credit_code_check_char(body), "kind": kind.value,
            "contact": _person(rng),
            "phone": _mobile(rng) if rng.random() < 0.8 else _landline(rng),
            "address": f"{district}{rng.choice(_PLACES)}路{rng.randint(1, 300)}号",
            "qualified": rng.random() < 0.6,
        }
        record["id"] = natural_id(OPERATOR, record)
        records.append(record)
    return records


@dataclass(frozen=True)
class _Context:
    seed: int
    city: str
    city_code: str
    operators: Sequence[str]


class _StreetMaker:
    """The records of one street, from its plan and its own random numbers."""

    def __init__(self, plan: _StreetPlan, ctx: _Context) -> None:
        self.plan = plan
        self.street = plan.street
        self.ctx = ctx
        self.rng = random.Random(f"{ctx.seed}:data:{self.street.key}")
        self.district = self.street.district
        self.region = (self.street.code or ctx.city_code)[:6]  # of invented identity numbers
        # every street shows all ten kinds of space: its communities' first spaces take them in turn
        self.kinds = list(SpaceKind)
        self.rng.shuffle(self.kinds)

    def records(self) -> Iterator[tuple[EntitySpec, dict[str, Any]]]:
        if self.plan.pilot:
            yield PROJECT, self._street_project()
        used: set[str] = set()
        for index, community in enumerate(self.plan.communities):
            yield from self._community(community, used, first=index == 0)

    # -- community ------------------------------------------------------------------------

    def _community_name(self, used: set[str]) -> str:
        rng = self.rng
        for _ in range(1000):
            if rng.random() < 0.25:
                name = f"{rng.choice(_DIRECTIONS)}{rng.choice(_NUMERALS[:9])}路社区"
            else:
                name = f"{rng.choice(_PLACES)}{rng.choice(_PLACE_SUFFIXES)}社区"
            if name not in used:
                break
        else:  # a custom size with hundreds of communities a street
            name = f"第{len(used) + 1}社区"
        used.add(name)
        return name

    def _compounds(self, community: str) -> list[str]:
        rng = self.rng
        found = {community.removesuffix("社区") + "小区"}
        for _ in range(rng.randint(2, 5)):
            if rng.random() < 0.2:
                found.add(rng.choice(_UNITS) + "家属院")
            else:
                found.add(rng.choice(_PLACES) + rng.choice(_COMPOUND_SUFFIXES[:-1]))
        return sorted(found)

    def _road(self) -> str:
        return self.rng.choice(_PLACES) + self.rng.choice(("路", "街", "巷"))

    def _community(self, plan: _CommunityPlan, used: set[str], *, first: bool
                   ) -> Iterator[tuple[EntitySpec, dict[str, Any]]]:
        rng = self.rng
        name = self._community_name(used)
        compounds = self._compounds(name)
        population = rng.randint(3000, 15000)
        record: dict[str, Any] = {
            "code": f"{self.street.code[:9]}{plan.serial:03d}" if self.street.code else None,
            "name": name, "street": self.street.id, "population": population,
            "households": round(population / rng.uniform(2.5, 2.9)),
            "not_resettled": plan.not_resettled,
            "address": f"{self.district}{self._road()}{rng.randint(1, 200)}号",
            "compounds": "、".join(compounds),
            "notes": "棚户区改造项目，居民尚未回迁" if plan.not_resettled else None,
        }
        cid = record["id"] = natural_id(COMMUNITY, record)
        yield COMMUNITY, record
        spaces = [self._space(cid, name, compounds, n) for n in range(plan.spaces)]
        seen: set[str] = set()
        for space in spaces:  # names are unique within a community
            while space["name"] in seen:
                space["name"] += "（另址）"
            seen.add(space["name"])
            space["id"] = natural_id(SPACE, space)
            yield SPACE, space
        operators: dict[int, str] = {}
        for index, status in enumerate(plan.statuses):
            function_status = self._function_status(cid, index, status, spaces, plan.evaluations)
            if function_status.get("operator"):
                operators[index] = function_status["operator"]
            yield FUNCTION_STATUS, function_status
        keys: set[tuple[str, str]] = set()
        for n in range(plan.demands):
            # the street's first two demands carry a phone and an identity number in their text
            personal = ("phone" if n == 0 else "identity" if n == 1 else "") if first else ""
            demand = self._demand(cid, compounds, personal)
            while (demand["content"], demand["received_on"]) in keys:  # the natural key must differ
                day = dt.date.fromisoformat(demand["received_on"])
                day = day + dt.timedelta(days=1) if day < LAST_DAY else FIRST_DAY
                demand["received_on"] = str(day)
            keys.add((demand["content"], demand["received_on"]))
            self._handle(demand, compounds)
            demand["id"] = natural_id(DEMAND, demand)
            yield DEMAND, demand
        purposes = rng.sample(_PROJECT_PURPOSES, plan.projects)
        for purpose, functions in purposes:
            yield PROJECT, self._project(cid, name, purpose, functions, spaces)
        for index, evaluated_on in plan.evaluations:
            yield EVALUATION, self._evaluation(cid, index, evaluated_on, operators.get(index))

    # -- spaces ---------------------------------------------------------------------------

    def _space(self, cid: str, community: str, compounds: list[str], n: int) -> dict[str, Any]:
        rng = self.rng
        if n < 2 and self.kinds:
            kind = self.kinds.pop()
        else:
            kind = rng.choices(list(_SPACE_KIND_WEIGHTS), list(_SPACE_KIND_WEIGHTS.values()))[0]
        compound = rng.choice(compounds)
        name = rng.choice(_SPACE_NAMES[kind]).format(
            c=compound, n=rng.randint(1, 30), r=self._road(), r2=self._road(),
            street=self.street.name, district=self.district, u=rng.choice(_UNITS),
            m=rng.choice(_MALLS),
        )
        record: dict[str, Any] = {
            "community": cid, "name": name, "kind": kind.value, "compound": compound,
            "address": f"{self.district}{self._road()}{rng.randint(1, 300)}号{compound}",
            "owner": self._owner(kind, community, compound),
        }
        if kind in _LAND_KINDS:
            record["land_area"] = _area(rng, 200, 6000)
            record["usage"] = rng.choice(
                (SpaceUsage.IDLE, SpaceUsage.IDLE, SpaceUsage.UNDERUSED)).value
        else:
            high = 600 if kind in (SpaceKind.COMMUNITY_ROOM, SpaceKind.SUPPORTING_ROOM) else 1500
            record["floor_area"] = _area(rng, 40, high)
            if kind in (SpaceKind.GOVERNMENT_IDLE, SpaceKind.SOE_IDLE) and rng.random() < 0.4:
                record["land_area"] = _area(rng, record["floor_area"] / 2, 5000)
            record["usage"] = rng.choices(
                (SpaceUsage.IDLE, SpaceUsage.UNDERUSED, SpaceUsage.IN_USE, SpaceUsage.MISUSED),
                (30, 25, 38, 7),
            )[0].value
        if kind is SpaceKind.SUPPORTING_ROOM:
            delivered = rng.random() < 0.6
            record["permit_required"] = True
            record["permit_delivered"] = delivered
            if delivered:
                record["permit_action"] = PermitAction.NONE.value
            else:
                record["usage"] = rng.choice((SpaceUsage.NOT_HANDED_OVER, SpaceUsage.MISUSED)).value
                record["permit_action"] = rng.choice(
                    (PermitAction.RECLAIM, PermitAction.SWAP, PermitAction.SUPPLEMENT)).value
        draw = rng.random()
        record["safety_assessed"] = True if draw < 0.5 else False if draw < 0.8 else None
        if rng.random() < 0.4:
            chosen = set(rng.sample(_NINE, rng.randint(1, 3)))
            record["intended_functions"] = [f.value for f in _NINE if f in chosen]
        return record

    def _owner(self, kind: SpaceKind, community: str, compound: str) -> str:
        rng = self.rng
        district = self.district
        return {
            SpaceKind.COMMUNITY_ROOM: f"{district}人民政府{self.street.name}办事处",
            SpaceKind.COMPOUND_LAND: f"{compound}全体业主",
            SpaceKind.RENEWAL_LAND: f"{district}住房和城乡建设局",
            SpaceKind.IDLE_LAND: f"{self.ctx.city}{district}土地储备中心",
            SpaceKind.IDLE_BUILDING: f"{district}机关事务服务中心",
            SpaceKind.GOVERNMENT_IDLE: f"{district}机关事务服务中心",
            SpaceKind.SOE_IDLE: f"{self.ctx.city.removesuffix('市')}{rng.choice(_UNITS)}",
            SpaceKind.COMMERCIAL: f"{rng.choice(_DEVELOPERS)}商业运营管理有限公司",
            SpaceKind.SUPPORTING_ROOM: f"{rng.choice(_DEVELOPERS)}房地产开发有限公司",
            SpaceKind.OTHER: (f"{district}人民防空办公室" if rng.random() < 0.5
                              else f"{community}居民委员会"),
        }[kind]

    # -- the nine functions ---------------------------------------------------------------

    def _function_status(self, cid: str, index: int, status: FunctionStatus,
                         spaces: list[dict[str, Any]], evaluations: list[tuple[int, str]]
                         ) -> dict[str, Any]:
        rng = self.rng
        function = _NINE[index]
        record: dict[str, Any] = {
            "community": cid, "function": function.value, "status": status.value,
        }
        if status in (FunctionStatus.READY, FunctionStatus.OPERATING, FunctionStatus.SUSPENDED):
            self._capacity(record, function)
            record["setting"] = rng.choices(list(Setting), (35, 50, 15))[0].value
        if spaces and status is not FunctionStatus.NONE:
            record["space"] = rng.choice(spaces)["id"]
        if status in (FunctionStatus.OPERATING, FunctionStatus.SUSPENDED):
            if self.ctx.operators:
                record["operator"] = rng.choice(self.ctx.operators)
            model = rng.choices(list(OperatingModel), (35, 15, 30, 15, 5))[0]
            record["operating_model"] = model.value
            first = min((day for i, day in evaluations if i == index), default=None)
            latest = dt.date.fromisoformat(first) - dt.timedelta(days=30) if first else LAST_DAY
            record["opened_on"] = str(dt.date(2018, 1, 1) + dt.timedelta(
                days=rng.randrange((latest - dt.date(2018, 1, 1)).days)))
        if status is FunctionStatus.SUSPENDED:
            record["notes"] = rng.choice(("运营方退出，正在重新招募运营主体", "场地维修，暂停服务"))
        record["id"] = natural_id(FUNCTION_STATUS, record)
        return record

    def _capacity(self, record: dict[str, Any], function: Function) -> None:
        rng = self.rng
        if function is Function.ELDERLY_CARE:
            record["capacity"] = rng.randint(10, 60)
            record["nursing_beds"] = round(record["capacity"] * rng.uniform(0.3, 0.7))
            record["floor_area"] = _area(rng, 200, 1200)
        elif function is Function.INFANT_CARE:
            record["capacity"] = rng.randint(20, 90)
            record["floor_area"] = _area(rng, 150, 600)
        elif function is Function.CHILD_CARE:
            record["capacity"] = rng.randint(30, 150)
            record["floor_area"] = _area(rng, 100, 500)
        elif function is Function.MEAL_SERVICE:
            record["capacity"] = rng.randint(20, 100)
            record["meals_per_day"] = rng.randint(80, 500)
            record["floor_area"] = _area(rng, 80, 400)
        else:
            record["floor_area"] = _area(rng, 40, 300)

    # -- demands ---------------------------------------------------------------------------

    def _demand(self, cid: str, compounds: list[str], personal: str) -> dict[str, Any]:
        rng = self.rng
        function = rng.choices(list(_DEMAND_WEIGHTS), list(_DEMAND_WEIGHTS.values()))[0]
        compound = rng.choice(compounds)
        opening = rng.choice(_DEMAND_OPENINGS)
        households = rng.randint(5, 60)
        content = (opening + rng.choice(_DEMANDS[function])).format(
            c=compound, n=rng.randint(2, 30), k=households)
        draw = rng.random()
        if personal == "phone" or draw < 0.03:
            content += f"，联系电话{_mobile(rng)}"
        elif personal == "identity" or draw < 0.045:
            content += f"（老人身份证号{_identity_number(rng, self.region)}）"
        received = FIRST_DAY + dt.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
        source = rng.choices(list(_SOURCE_WEIGHTS), list(_SOURCE_WEIGHTS.values()))[0]
        if opening.startswith("居民议事会"):
            source = DemandSource.RESIDENTS_MEETING
        if opening.startswith("{k}"):  # a joint proposal: about 2.7 residents a household
            residents = round(households * rng.uniform(2.2, 3.2))
        elif source in (DemandSource.RESIDENTS_MEETING, DemandSource.QUESTIONNAIRE):
            residents = rng.randint(20, 300)
        else:
            residents = rng.choice((1, 1, 1, 2, 3, rng.randint(4, 50)))
        urgent = rng.random() < 0.12
        record: dict[str, Any] = {
            "community": cid, "function": function.value, "content": content,
            "source": source.value, "residents": residents,
            "urgency": (Urgency.URGENT if urgent else Urgency.NORMAL).value,
            "received_on": str(received),
        }
        if rng.random() < 0.45:
            record["reporter"] = _person(rng)
            draw = rng.random()
            if draw < 0.6:
                record["phone"] = _mobile(rng)
            elif draw < 0.7:
                record["phone"] = _landline(rng)
        return record

    def _handle(self, record: dict[str, Any], compounds: list[str]) -> None:
        """Status, dates and reply, by how long ago the demand came in."""
        rng = self.rng
        received = dt.date.fromisoformat(record["received_on"])
        age = (LAST_DAY - received).days
        # registered, accepted, in progress, resolved, declined, referred
        statuses = list(DemandStatus)
        if age < 14:
            weights: tuple[int, ...] = (60, 40, 0, 0, 0, 0)
        elif age < 60:
            weights = (10, 25, 35, 20, 5, 5)
        else:
            weights = (3, 5, 15, 55, 10, 12)
        status = rng.choices(statuses, weights)[0]
        record["status"] = status.value
        if status is DemandStatus.REGISTERED:
            return
        accepted = min(LAST_DAY, _after(rng, received, 0, 7))
        record["accepted_on"] = str(accepted)
        function = _FUNCTIONS[record["function"]]
        if status in (DemandStatus.RESOLVED, DemandStatus.DECLINED):
            record["resolved_on"] = str(min(LAST_DAY, _after(rng, accepted, 3, 150)))
        if status is DemandStatus.RESOLVED:
            record["reply"] = _RESOLVED[function]
        elif status is DemandStatus.DECLINED:
            record["reply"] = rng.choice(_DECLINED).format(c=rng.choice(compounds))
        elif status is DemandStatus.REFERRED:
            record["reply"] = f"已转{self.district or '区'}{_DEPARTMENTS[function]}办理"
        elif status is DemandStatus.IN_PROGRESS:
            year = received.year + rng.randint(0, 1)
            record["reply"] = f"已纳入{year}年社区嵌入式服务设施建设计划，正在推进"
        elif rng.random() < 0.5:
            record["reply"] = "已受理，正在调查核实"

    # -- projects and evaluations ------------------------------------------------------------

    def _milestones(self, record: dict[str, Any], year: int) -> None:
        """Dates in order, up to where the project has got by the demo's last day."""
        rng = self.rng
        day = dt.date(year - 1, 9, 1) + dt.timedelta(days=rng.randrange(200))
        steps = (("approved_on", 0, 0), ("designed_on", 30, 100), ("started_on", 20, 90),
                 ("completed_on", 120, 270), ("accepted_on", 10, 45), ("operating_on", 7, 60))
        for name, low, high in steps:
            day = _after(rng, day, low, high)
            if day > LAST_DAY:
                return
            if name == "operating_on" and record.get("acceptance") == "failed":
                record["notes"] = "联合验收未通过，正在整改"
                return
            record[name] = str(day)
            if name == "accepted_on":
                record["acceptance"] = "failed" if rng.random() < 0.06 else "passed"

    def _project(self, cid: str, community: str, purpose: str, functions: tuple[Function, ...],
                 spaces: list[dict[str, Any]]) -> dict[str, Any]:
        rng = self.rng
        complex_ = not functions
        if complex_:
            standard = rng.sample(_NINE[:4], rng.randint(2, 4))
            chosen = set(standard) | set(rng.sample(_NINE[4:], rng.randint(1, 3)))
            functions = tuple(f for f in _NINE if f in chosen)
        tier = rng.choices(list(ProjectTier), (35, 35, 30))[0]
        year = rng.choices((2024, 2025, 2026), (35, 32, 40))[0]
        if tier is ProjectTier.OTHER:
            year = rng.choice((2024, 2025, 2026, 2027))
        record: dict[str, Any] = {
            # 青年社区 + 社区卫生服务站… → 青年社区卫生服务站…
            "name": self.street.name + community + purpose.removeprefix("社区"),
            "community": cid, "tier": tier.value,
            "planned_year": year,
            "approach": rng.choice(list(BuildApproach) if complex_ else _SINGLE_APPROACHES).value,
            "functions": [f.value for f in _NINE if f in functions],
            "investment": round(rng.uniform(300, 3000) if complex_ else rng.uniform(20, 400), 2),
            "funding": rng.choice(_FUNDING),
        }
        if spaces:
            buildings = [s for s in spaces if s.get("floor_area")] or spaces
            record["space"] = (max(buildings, key=lambda s: s.get("floor_area") or 0) if complex_
                               else rng.choice(buildings))["id"]
        self._milestones(record, year)
        record["id"] = natural_id(PROJECT, record)
        return record

    def _street_project(self) -> dict[str, Any]:
        """The street-unit pilot project (以街道为单元): plan 2024, build 2025, operate 2026."""
        rng = self.rng
        focus = self.street.name == "北院门街道"  # the plan: elderly care and infant care first
        functions = _ELDERLY_AND_INFANT if focus else _NINE
        record: dict[str, Any] = {
            "name": f"{self.district}{self.street.name}社区嵌入式服务设施建设项目（以街道为单元）",
            "street": self.street.id, "tier": ProjectTier.NATIONAL_PILOT.value,
            "planned_year": 2024,
            "approach": BuildApproach.CONVERT.value, "functions": [f.value for f in functions],
            "investment": round(rng.uniform(1500, 5000), 2), "funding": _FUNDING[0],
            "approved_on": str(dt.date(2024, 3, 1) + dt.timedelta(days=rng.randrange(60))),
            "designed_on": str(dt.date(2024, 8, 1) + dt.timedelta(days=rng.randrange(90))),
            "started_on": str(dt.date(2025, 2, 1) + dt.timedelta(days=rng.randrange(60))),
            "completed_on": str(dt.date(2025, 9, 1) + dt.timedelta(days=rng.randrange(60))),
            "accepted_on": str(dt.date(2025, 11, 15) + dt.timedelta(days=rng.randrange(40))),
            "acceptance": "passed",
            "operating_on": str(dt.date(2026, 3, 1) + dt.timedelta(days=rng.randrange(60))),
        }
        record["id"] = natural_id(PROJECT, record)
        return record

    def _evaluation(self, cid: str, index: int, day: str, operator: str | None) -> dict[str, Any]:
        rng = self.rng
        quality = round(rng.uniform(62, 99.5), 1)
        record: dict[str, Any] = {
            "community": cid, "function": _NINE[index].value, "operator": operator,
            "evaluated_on": day,
            "usage_per_month": rng.randint(50, 3000), "quality": quality,
            "willingness": (Willingness.HIGH if quality > 85 else
                            Willingness.MEDIUM if quality > 72 else Willingness.LOW).value,
            "satisfaction": round(min(100.0, quality + rng.uniform(-5, 8)), 1),
        }
        record["id"] = natural_id(EVALUATION, record)
        return record


# --- writing ---------------------------------------------------------------------------------


class _Batches:
    """Buffers records and writes them in batches, one transaction each, skipping known ids."""

    def __init__(self, ledger: Ledger, size: int, total: int, summary: DemoSummary,
                 progress: ProgressFn | None, cancelled: CancelledFn | None) -> None:
        self.ledger = ledger
        self.size = max(1, size)
        self.total = total
        self.summary = summary
        self.progress = progress
        self.cancelled = cancelled
        self.done = 0
        self.pending = 0
        self.buffer: dict[str, list[dict[str, Any]]] = {spec.name: [] for spec in _ORDER}

    def add(self, spec: EntitySpec, record: dict[str, Any]) -> None:
        self.buffer[spec.name].append(record)
        self.pending += 1
        if self.pending >= self.size:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        if self.cancelled is not None and self.cancelled():
            raise DemoCancelled(self.summary)
        with self.ledger.write() as conn:
            for spec in _ORDER:
                records = self.buffer[spec.name]
                if not records:
                    continue
                have = _existing(conn, spec, [r["id"] for r in records])
                new = [r for r in records if r["id"] not in have]
                writer.insert_records(conn, spec, new, [self.ledger.stamp() for _ in new])
                attribute = _SUMMARY_FIELD[spec.name]
                setattr(self.summary, attribute, getattr(self.summary, attribute) + len(new))
                self.summary.skipped += len(records) - len(new)
                records.clear()
        self.done += self.pending
        self.pending = 0
        if self.progress is not None:
            self.progress(self.done, self.total)


def _existing(conn: Connection, spec: EntitySpec, ids: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        marks = ", ".join("?" * len(chunk))
        found.update(r[0] for r in conn.exec_driver_sql(
            f"SELECT id FROM {spec.name} WHERE id IN ({marks})", tuple(chunk)))
    return found


def generate(
    ledger: Ledger,
    scope: Scope | None,
    *,
    scale: str | Scale = "normal",
    seed: int = 2024,
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
) -> DemoSummary:
    """Fill an area with synthetic demo data; returns how many records of each entity were added.

    Scope: a street → its communities; a district or zone → all its streets; the city → every
    street; None → the three street-unit pilot streets (the whole city for a scale that pads the
    area list, such as "city", the benchmark size of DESIGN.md). The same seed gives the same
    records with the same ids, so running it again adds nothing. `progress(done, total)` is
    called after each batch; when `cancelled()` turns true the batches written so far stay and
    DemoCancelled is raised.
    """
    size = scale if isinstance(scale, Scale) else SCALES.get(scale)
    if size is None:
        raise UsageError(f"没有“{scale}”这种演示数据规模，可选：{'、'.join(SCALES)}")
    if scope is not None and scope.level is Level.COMMUNITY:
        raise UsageError("演示数据按街道生成：请选择市、区县、开发区或街道，而不是单个社区")
    summary = DemoSummary()
    if cancelled is not None and cancelled():
        raise DemoCancelled(summary)
    whole_city = size.pads and (scope is None or scope.level is Level.CITY)
    city = _city(ledger)
    if whole_city:
        summary.districts, summary.streets = _pad_areas(ledger, size, city)
    plans = [_plan(street, size, seed) for street in _streets(ledger, scope, whole_city)]
    operators = _operator_records(size, seed, city)
    total = len(operators) + sum(plan.records for plan in plans)
    batches = _Batches(ledger, size.batch, total, summary, progress, cancelled)
    for record in operators:
        batches.add(OPERATOR, record)
    ctx = _Context(seed, city.name, city.code, [r["id"] for r in operators])
    for plan in plans:
        for spec, record in _StreetMaker(plan, ctx).records():
            batches.add(spec, record)
    batches.flush()
    return summary
