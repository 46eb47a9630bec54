"""The policy's enumerations: stable identifiers, Chinese labels and the short forms ledgers use."""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from typing import Any, Self


def normalize_text(raw: str) -> str:
    """Full-width to half-width, no spaces or line breaks, unified brackets: for matching words."""
    text = unicodedata.normalize("NFKC", raw)
    return re.sub(r"\s+", "", text).replace("(", "（").replace(")", "）")


class LabeledEnum(StrEnum):
    """An enum whose value is the identifier, with a Chinese label and the aliases input may use."""

    label: str
    aliases: tuple[str, ...]

    def __new__(cls, value: str, label: str = "", *aliases: str) -> Self:
        # label defaults only so that a value lookup, Function("elderly_care"), type-checks
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label = label
        obj.aliases = aliases
        return obj

    @property
    def short(self) -> str:
        """The label where a cell is narrow: itself, or its first short form when it is long."""
        return self.label if len(self.label) <= 4 or not self.aliases else self.aliases[0]

    @classmethod
    def lookup(cls) -> dict[str, Self]:
        """Every accepted spelling (normalized) mapped to its member."""
        cached: dict[str, Self] | None = cls.__dict__.get("_lookup_cache")
        if cached is None:
            cached = {}
            for member in cls:
                for word in (member.value, member.label, *member.aliases):
                    cached[normalize_text(word).lower()] = member
            type.__setattr__(cls, "_lookup_cache", cached)
        return cached

    @classmethod
    def parse(cls, raw: Any) -> Self | None:
        """The member named by an identifier, label or short form; None if none matches."""
        if isinstance(raw, cls):
            return raw
        if raw is None:
            return None
        return cls.lookup().get(normalize_text(str(raw)).lower())


class Function(LabeledEnum):
    """The nine service functions (九项功能), plus 其他 for demands that fit none."""

    ELDERLY_CARE = "elderly_care", "养老服务", "养老"
    INFANT_CARE = "infant_care", "婴幼儿托育", "托育", "婴幼儿照护"
    CHILD_CARE = "child_care", "儿童托管", "托管", "儿童托管服务"
    MEAL_SERVICE = "meal_service", "社区助餐", "助餐", "老年助餐", "社区食堂"
    HOUSEKEEPING = "housekeeping", "家政便民", "家政", "便民", "家政服务"
    HEALTH = "health", "健康服务", "健康", "医疗"
    FITNESS = "fitness", "体育健身", "健身", "体育"
    CULTURE = "culture", "文化休闲", "文化", "休闲"
    CHILDREN_PLAY = "children_play", "儿童游憩", "游憩", "儿童游乐"
    OTHER = "other", "其他", "其它"

    @classmethod
    def nine(cls) -> tuple[Function, ...]:
        """The nine functions of the programme, in the policy's order (without 其他)."""
        return tuple(f for f in cls if f is not cls.OTHER)


STANDARD_FUNCTIONS: tuple[Function, ...] = (
    Function.ELDERLY_CARE,
    Function.INFANT_CARE,
    Function.CHILD_CARE,
    Function.MEAL_SERVICE,
)
"""The four standard functions (标配)."""

COVERAGE_TARGETS_2030: dict[Function, float] = {
    Function.ELDERLY_CARE: 0.90,
    Function.INFANT_CARE: 0.50,
    Function.CHILD_CARE: 0.90,
    Function.MEAL_SERVICE: 0.70,
    Function.HOUSEKEEPING: 1.0,
    Function.HEALTH: 1.0,
    Function.FITNESS: 1.0,
    Function.CULTURE: 1.0,
    Function.CHILDREN_PLAY: 1.0,
}


class FunctionStatus(LabeledEnum):
    """State of one function in one community."""

    NONE = "none", "无", "未建", "暂无", "没有"
    PLANNED = "planned", "规划中", "规划", "拟建"
    BUILDING = "building", "在建", "建设中"
    READY = "ready", "已建成（具备运营条件）", "已建成", "已建", "具备运营条件"
    OPERATING = "operating", "运营中", "运营", "已运营", "正常运营"
    SUSPENDED = "suspended", "暂停运营", "暂停", "停运"

    @property
    def covers(self) -> bool:
        """Counts toward coverage: built and ready to operate, or operating."""
        return self in (FunctionStatus.READY, FunctionStatus.OPERATING)


class Setting(LabeledEnum):
    """How a function is set up in the community (设置方式)."""

    COMPLEX = "complex", "综合体", "综合设施"
    SCATTERED = "scattered", "插花式", "插花", "单点"
    SHARED = "shared", "共享", "共享周边"


class SpaceKind(LabeledEnum):
    """Kinds of spaces that could host a facility (资源类型)."""

    COMMUNITY_ROOM = "community_room", "社区用房", "社区办公用房", "社区服务用房"
    COMPOUND_LAND = "compound_land", "居住小区空地", "小区空地"
    RENEWAL_LAND = "renewal_land", "老旧小区腾退用地", "腾退用地"
    IDLE_LAND = "idle_land", "低效闲置用地", "闲置用地"
    IDLE_BUILDING = "idle_building", "闲置用房"
    GOVERNMENT_IDLE = "government_idle", "机关事业单位闲置用房用地", "机关事业单位闲置用房"
    SOE_IDLE = "soe_idle", "国有企业闲置用房用地", "国企闲置用房", "国有企业闲置用房"
    COMMERCIAL = "commercial", "商业服务用房用地", "商业用房", "商业服务用房"
    SUPPORTING_ROOM = "supporting_room", "小区配套用房", "配套用房"
    OTHER = "other", "其他", "其它"


class SpaceUsage(LabeledEnum):
    """Usage status of a space (使用状态)."""

    IDLE = "idle", "闲置"
    UNDERUSED = "underused", "低效利用", "低效"
    IN_USE = "in_use", "在用", "使用中"
    MISUSED = "misused", "挪作他用", "挪用"
    NOT_HANDED_OVER = "not_handed_over", "未移交"


class PermitAction(LabeledEnum):
    """What the planning-permit comparison (排查比对) decided for a supporting facility."""

    RECLAIM = "reclaim", "收回"
    SWAP = "swap", "置换"
    SUPPLEMENT = "supplement", "补建"
    NONE = "none", "无需", "无需处置", "无"


class BuildApproach(LabeledEnum):
    """Build approach (建设方式)."""

    NEW = "new", "新建"
    CONVERT = "convert", "改建", "改造"
    EXTEND = "extend", "扩建"
    SUPPLEMENT = "supplement", "补建"


class DemandSource(LabeledEnum):
    """Where a resident demand came from (需求来源)."""

    DOOR_VISIT = "door_visit", "入户走访", "走访", "入户"
    QUESTIONNAIRE = "questionnaire", "问卷调查", "问卷"
    RESIDENTS_MEETING = "residents_meeting", "居民议事会", "议事会"
    HOTLINE = "hotline", "12345热线", "12345", "热线"
    GRID_WORKER = "grid_worker", "网格员", "网格"
    ONLINE = "online", "线上", "网上", "网络"
    OTHER = "other", "其他", "其它"


class Urgency(LabeledEnum):
    """Urgency of a demand (紧急程度)."""

    URGENT = "urgent", "紧急", "急难愁盼", "急"
    NORMAL = "normal", "一般", "普通"


class DemandStatus(LabeledEnum):
    """Handling status of a demand (办理状态)."""

    REGISTERED = "registered", "已登记", "登记"
    ACCEPTED = "accepted", "已受理", "受理"
    IN_PROGRESS = "in_progress", "办理中", "处理中"
    RESOLVED = "resolved", "已解决", "已办结", "办结", "解决"
    DECLINED = "declined", "不予采纳", "不采纳"
    REFERRED = "referred", "已转办", "转办"


class ProjectTier(LabeledEnum):
    """Programme tier of a project (项目类型)."""

    NATIONAL_PILOT = "national_pilot", "国家试点", "国家试点项目", "试点"
    CITY_PROJECT = "city_project", "市级项目", "市级"
    OTHER = "other", "其他", "其它"


class Acceptance(LabeledEnum):
    """Result of the joint acceptance (联合验收)."""

    PASSED = "passed", "通过", "合格", "已通过"
    FAILED = "failed", "未通过", "不合格"


class OperatingModel(LabeledEnum):
    """Operating model (运营模式)."""

    PUBLIC_BUILT_PRIVATE_RUN = "public_built_private_run", "公建民营"
    PRIVATE_RUN_PUBLIC_AIDED = "private_run_public_aided", "民办公助"
    GOVERNMENT_PURCHASED = "government_purchased", "政府购买服务", "购买服务"
    SELF_RUN = "self_run", "社区自营", "自营"
    OTHER = "other", "其他", "其它"


class OperatorKind(LabeledEnum):
    """Kind of operator (运营主体类型)."""

    ENTERPRISE = "enterprise", "企业", "公司"
    SOCIAL_ORG = "social_org", "社会组织"
    PUBLIC_INSTITUTION = "public_institution", "事业单位"
    OTHER = "other", "其他", "其它"


class Willingness(LabeledEnum):
    """Residents' willingness to use a service (居民使用意愿)."""

    HIGH = "high", "高", "强", "愿意"
    MEDIUM = "medium", "中", "一般"
    LOW = "low", "低", "弱", "不愿意"


class DistrictKind(LabeledEnum):
    """A legal district (区) or county (县)."""

    DISTRICT = "district", "区"
    COUNTY = "county", "县"


class StreetKind(LabeledEnum):
    """A street office (街道) or a town (镇)."""

    STREET = "street", "街道"
    TOWN = "town", "镇"


class Role(LabeledEnum):
    """What this installation is: a street office, a district or the city work team."""

    STREET = "street", "街道"
    DISTRICT = "district", "区县"
    CITY = "city", "市"


class Level(LabeledEnum):
    """Levels a scope can name (--scope LEVEL:NAME|CODE)."""

    CITY = "city", "市"
    DISTRICT = "district", "区县"
    ZONE = "zone", "开发区"
    STREET = "street", "街道"
    COMMUNITY = "community", "社区"
