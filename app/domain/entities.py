"""Every entity's fields, declared once (GLOSSARY.md, the contract's field names)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from app.domain import china_time
from app.domain import enums as E
from app.domain.enums import normalize_text
from app.domain.fields import AREA_MAX, MONEY_MAX, PEOPLE_MAX, EntitySpec, FieldSpec, Kind

ZERO = Decimal(0)


def _people(name: str, label: str, unit: str = "人", **kw: Any) -> FieldSpec:
    """A count (people, households, beds), 0 to PEOPLE_MAX; no measure word in the header."""
    return FieldSpec(
        name, label, Kind.INT, unit=unit, unit_in_header=False, minimum=0, maximum=PEOPLE_MAX, **kw
    )


def _area(name: str, label: str, **kw: Any) -> FieldSpec:
    """A floor or land area in ㎡, from 0 to AREA_MAX."""
    return FieldSpec(
        name, label, Kind.DECIMAL, unit="㎡", minimum=ZERO, maximum=Decimal(AREA_MAX), **kw
    )


def _date(name: str, label: str, **kw: Any) -> FieldSpec:
    """A date (2000-01-01 to 2100-12-31, as parse_date accepts it)."""
    return FieldSpec(name, label, Kind.DATE, **kw)


def _notes() -> FieldSpec:
    """Free notes (备注)."""
    return FieldSpec("notes", "备注", Kind.TEXT, max_length=2000, searchable=True,
                     synonyms=("说明", "备注说明", "备注信息"))


DISTRICT = EntitySpec(
    name="district",
    plural="districts",
    label="区县",
    natural_keys=(("code",),),
    extra_names=("区", "县", "区县（开发区）"),
    fields=(
        FieldSpec("code", "区划代码", Kind.DIVISION_CODE, required=True,
                  synonyms=("区县代码", "代码")),
        FieldSpec("name", "区县名称", Kind.TEXT, required=True, searchable=True,
                  pinyin=True,
                  synonyms=("区县", "名称")),
        FieldSpec("kind", "类别", Kind.ENUM, enum=E.DistrictKind,
                  default=E.DistrictKind.DISTRICT.value),
    ),
)

ZONE = EntitySpec(
    name="zone",
    plural="zones",
    label="开发区",
    natural_keys=(("name",),),
    fields=(
        FieldSpec("name", "开发区名称", Kind.TEXT, required=True, searchable=True,
                  pinyin=True,
                  synonyms=("开发区", "名称")),
    ),
)

STREET = EntitySpec(
    name="street",
    plural="streets",
    label="街道",
    natural_keys=(("code",), ("district", "zone", "name")),
    extra_names=("街道办", "镇街", "乡镇"),
    fields=(
        FieldSpec("code", "街道代码", Kind.DIVISION_CODE, synonyms=("区划代码", "代码")),
        FieldSpec("name", "街道名称", Kind.TEXT, required=True, searchable=True,
                  pinyin=True,
                  synonyms=("街道", "街道办", "镇街", "名称")),
        FieldSpec("kind", "类别", Kind.ENUM, enum=E.StreetKind, default=E.StreetKind.STREET.value),
        FieldSpec("district", "所属区县", Kind.REF, ref="district", synonyms=("区县", "行政区")),
        FieldSpec("zone", "管理开发区", Kind.REF, ref="zone", synonyms=("开发区", "托管开发区")),
    ),
)

COMMUNITY = EntitySpec(
    name="community",
    plural="communities",
    label="社区",
    scope_field="street",
    natural_keys=(("code",), ("street", "name")),
    extra_names=("社区（村）",),
    fields=(
        FieldSpec("code", "社区代码", Kind.DIVISION_CODE,
                  synonyms=("社区编码", "区划代码", "统计代码", "统计用区划代码", "代码")),
        FieldSpec("name", "社区名称", Kind.TEXT, required=True, searchable=True,
                  pinyin=True,
                  synonyms=("社区", "社区名", "社区（村）", "村（社区）")),
        FieldSpec("street", "街道", Kind.REF, ref="street", required=True,
                  synonyms=("所属街道", "街道办", "镇街")),
        _people("population", "常住人口", synonyms=("人口", "常住人口数", "人口数")),
        _people("households", "户数", unit="户", synonyms=("总户数", "住户数", "常住户数")),
        FieldSpec("not_resettled", "是否未回迁社区", Kind.BOOL, default=False,
                  synonyms=("未回迁", "未回迁社区"),
                  help="未回迁社区不计入覆盖率的分母"),
        FieldSpec("address", "地址", Kind.TEXT, searchable=True, synonyms=("社区地址", "办公地址")),
        FieldSpec("compounds", "所辖小区", Kind.TEXT, max_length=2000, searchable=True,
                  synonyms=("小区", "辖区小区")),
        _notes(),
    ),
)

SPACE = EntitySpec(
    name="space",
    plural="spaces",
    label="空间资源",
    scope_field="community",
    natural_keys=(("community", "name"),),
    extra_names=("资源", "空间", "资源台账"),
    fields=(
        FieldSpec("community", "所属社区", Kind.REF, ref="community", required=True,
                  synonyms=("社区",)),
        FieldSpec("name", "资源名称", Kind.TEXT, required=True, searchable=True,
                  pinyin=True,
                  synonyms=("名称", "空间名称", "房屋名称", "场地名称")),
        FieldSpec("kind", "资源类型", Kind.ENUM, enum=E.SpaceKind, required=True,
                  synonyms=("类型", "资源类别", "用房类型")),
        FieldSpec("compound", "所在小区", Kind.TEXT, searchable=True, synonyms=("小区",)),
        FieldSpec("address", "地址", Kind.TEXT, searchable=True,
                  synonyms=("位置", "坐落", "详细地址")),
        FieldSpec("owner", "产权单位", Kind.TEXT, searchable=True,
                  synonyms=("产权人", "权属单位", "产权")),
        _area("floor_area", "建筑面积", synonyms=("面积", "房屋面积", "使用面积")),
        _area("land_area", "土地面积", synonyms=("占地面积", "用地面积")),
        FieldSpec("usage", "使用状态", Kind.ENUM, enum=E.SpaceUsage, synonyms=("使用情况", "现状")),
        FieldSpec("permit_required", "规划要求配建", Kind.BOOL,
                  synonyms=("规划许可要求配建", "是否要求配建"),
                  help="小区规划许可是否要求配建该项配套用房"),
        FieldSpec("permit_delivered", "是否已移交", Kind.BOOL, synonyms=("已移交", "移交情况")),
        FieldSpec("permit_action", "处置方式", Kind.ENUM, enum=E.PermitAction,
                  synonyms=("排查处置", "处置措施")),
        FieldSpec("safety_assessed", "已完成安全评估", Kind.BOOL,
                  synonyms=("安全评估", "是否安全评估"),
                  help="选用空间前应完成安全评估"),
        FieldSpec("intended_functions", "拟承载功能", Kind.ENUMS, enum=E.Function,
                  choices=E.Function.nine(), synonyms=("拟用功能", "规划功能")),
        _notes(),
    ),
)

FUNCTION_STATUS = EntitySpec(
    name="function_status",
    plural="functions",
    label="功能配置",
    title_field="function",
    scope_field="community",
    natural_keys=(("community", "function"),),
    extra_names=("function", "功能", "功能状态", "function_statuses", "九项功能"),
    fields=(
        FieldSpec("community", "社区", Kind.REF, ref="community", required=True,
                  synonyms=("所属社区", "社区名称")),
        FieldSpec("function", "功能", Kind.ENUM, enum=E.Function, choices=E.Function.nine(),
                  required=True, synonyms=("功能类别", "服务功能", "功能名称")),
        FieldSpec("status", "状态", Kind.ENUM, enum=E.FunctionStatus, required=True,
                  default=E.FunctionStatus.NONE.value, synonyms=("建设状态", "功能状态", "现状")),
        _people("capacity", "服务能力", unit="", synonyms=("床位数", "托位数", "座位数"),
                help="养老服务填床位（张），托育、托管填托位（个），助餐填座位（个）"),
        _people("nursing_beds", "护理型床位", unit="张", synonyms=("护理床位",)),
        _people("meals_per_day", "日供餐能力", unit="份", synonyms=("日供餐", "日均供餐")),
        _area("floor_area", "建筑面积", synonyms=("面积", "使用面积")),
        FieldSpec("setting", "设置方式", Kind.ENUM, enum=E.Setting, synonyms=("建设形式",)),
        FieldSpec("space", "所在空间", Kind.REF, ref="space", synonyms=("空间", "所在场所")),
        FieldSpec("operator", "运营主体", Kind.REF, ref="operator",
                  synonyms=("运营单位", "运营方")),
        FieldSpec("operating_model", "运营模式", Kind.ENUM, enum=E.OperatingModel,
                  synonyms=("运营方式",)),
        _date("opened_on", "投入运营日期", synonyms=("运营日期", "开业日期")),
        _notes(),
    ),
)


def _today() -> dt.date:
    return china_time.today()


DEMAND = EntitySpec(
    name="demand",
    plural="demands",
    label="需求清单",
    title_field="content",
    scope_field="community",
    natural_keys=(("community", "content", "received_on"),),
    extra_names=("需求",),
    fields=(
        FieldSpec("community", "所属社区", Kind.REF, ref="community", required=True,
                  synonyms=("社区",)),
        FieldSpec("function", "功能类别", Kind.ENUM, enum=E.Function,
                  synonyms=("需求类别", "功能", "类别")),
        FieldSpec("content", "需求内容", Kind.TEXT, required=True, max_length=2000, searchable=True,
                  synonyms=("需求", "需求描述", "具体需求", "内容")),
        FieldSpec("source", "需求来源", Kind.ENUM, enum=E.DemandSource,
                  synonyms=("来源", "收集方式")),
        _people("residents", "涉及人数", default=1, synonyms=("人数", "涉及居民", "受益人数")),
        FieldSpec("urgency", "紧急程度", Kind.ENUM, enum=E.Urgency, default=E.Urgency.NORMAL.value,
                  synonyms=("是否紧急", "急难愁盼")),
        _date("received_on", "登记日期", default=_today, synonyms=("收集日期", "日期", "提出日期")),
        FieldSpec("status", "办理状态", Kind.ENUM, enum=E.DemandStatus,
                  default=E.DemandStatus.REGISTERED.value, synonyms=("状态", "办理情况")),
        FieldSpec("reply", "答复情况", Kind.TEXT, max_length=2000, searchable=True,
                  synonyms=("答复", "办理结果", "回复")),
        FieldSpec("reporter", "联系人", Kind.TEXT, max_length=50, personal=True,
                  synonyms=("反映人", "提出人", "居民姓名", "姓名")),
        FieldSpec("phone", "联系电话", Kind.PHONE, personal=True,
                  synonyms=("电话", "手机", "手机号")),
        _date("accepted_on", "受理日期"),
        _date("resolved_on", "办结日期", synonyms=("解决日期", "完成日期")),
    ),
)

PROJECT = EntitySpec(
    name="project",
    plural="projects",
    label="建设项目",
    scope_field="community",
    natural_keys=(("name",),),
    extra_names=("项目",),
    fields=(
        FieldSpec("name", "项目名称", Kind.TEXT, required=True, searchable=True,
                  pinyin=True,
                  synonyms=("项目", "名称")),
        FieldSpec("community", "社区", Kind.REF, ref="community", synonyms=("所属社区",)),
        FieldSpec("street", "街道", Kind.REF, ref="street", synonyms=("所属街道",),
                  help="以街道为单元的项目填写街道"),
        FieldSpec("tier", "项目类型", Kind.ENUM, enum=E.ProjectTier, required=True,
                  synonyms=("项目类别", "项目级别")),
        FieldSpec("planned_year", "计划年度", Kind.YEAR, synonyms=("年度", "实施年度")),
        FieldSpec("approach", "建设方式", Kind.ENUM, enum=E.BuildApproach, synonyms=("建设类型",)),
        FieldSpec("functions", "包含功能", Kind.ENUMS, enum=E.Function, choices=E.Function.nine(),
                  synonyms=("功能", "建设功能")),
        FieldSpec("space", "所在空间", Kind.REF, ref="space", synonyms=("空间", "选址")),
        FieldSpec("investment", "总投资", Kind.DECIMAL, unit="万元", minimum=ZERO,
                  maximum=Decimal(MONEY_MAX), synonyms=("投资", "投资额", "总投资额")),
        FieldSpec("funding", "资金来源", Kind.TEXT, synonyms=("资金渠道",)),
        _date("approved_on", "立项日期"),
        _date("designed_on", "方案设计完成日期", synonyms=("方案设计日期",)),
        _date("started_on", "开工日期"),
        _date("completed_on", "竣工日期"),
        _date("accepted_on", "联合验收日期", synonyms=("验收日期",)),
        FieldSpec("acceptance", "验收结果", Kind.ENUM, enum=E.Acceptance),
        _date("operating_on", "投入运营日期", synonyms=("运营日期",)),
        _notes(),
    ),
)

OPERATOR = EntitySpec(
    name="operator",
    plural="operators",
    label="运营主体",
    natural_keys=(("credit_code",),),
    extra_names=("运营商", "运营单位"),
    fields=(
        FieldSpec("name", "名称", Kind.TEXT, required=True, searchable=True, pinyin=True,
                  synonyms=("运营主体", "单位名称", "机构名称", "运营主体名称")),
        FieldSpec("credit_code", "统一社会信用代码", Kind.CREDIT_CODE,
                  synonyms=("信用代码", "社会信用代码")),
        FieldSpec("kind", "类型", Kind.ENUM, enum=E.OperatorKind,
                  synonyms=("主体类型", "单位类型")),
        FieldSpec("contact", "联系人", Kind.TEXT, max_length=50, personal=True,
                  synonyms=("负责人",)),
        FieldSpec("phone", "联系电话", Kind.PHONE, personal=True, synonyms=("电话", "手机")),
        FieldSpec("address", "地址", Kind.TEXT, searchable=True, synonyms=("注册地址", "办公地址")),
        FieldSpec("qualified", "合格运营商", Kind.BOOL, default=False,
                  synonyms=("是否合格运营商", "合格社区服务运营商")),
    ),
)

EVALUATION = EntitySpec(
    name="evaluation",
    plural="evaluations",
    label="评估",
    title_field="evaluated_on",
    scope_field="community",
    natural_keys=(("community", "function", "evaluated_on"),),
    extra_names=("运营评估", "评估记录"),
    fields=(
        FieldSpec("community", "社区", Kind.REF, ref="community", synonyms=("所属社区",)),
        FieldSpec("function", "功能", Kind.ENUM, enum=E.Function, choices=E.Function.nine(),
                  synonyms=("功能类别",)),
        FieldSpec("operator", "运营主体", Kind.REF, ref="operator", synonyms=("运营单位",)),
        _date("evaluated_on", "评估日期", synonyms=("日期",)),
        _people("usage_per_month", "月均服务人次", unit="人次",
                synonyms=("服务人次", "月服务人次")),
        FieldSpec("quality", "服务质量评分", Kind.DECIMAL, unit="分", unit_in_header=False,
                  minimum=ZERO,
                  maximum=Decimal(100), synonyms=("质量评分", "评分")),
        FieldSpec("willingness", "居民使用意愿", Kind.ENUM, enum=E.Willingness,
                  synonyms=("使用意愿",)),
        FieldSpec("satisfaction", "满意度", Kind.DECIMAL, unit="%", minimum=ZERO,
                  maximum=Decimal(100), synonyms=("满意率", "居民满意度")),
        _notes(),
    ),
)

ATTACHMENT = EntitySpec(
    name="attachment",
    plural="attachments",
    label="附件",
    title_field="filename",
    natural_keys=(("record_id", "sha256"),),
    extra_names=("照片",),
    fields=(
        FieldSpec("entity", "所属记录类型", Kind.TEXT, required=True, max_length=40),
        FieldSpec("record_id", "所属记录", Kind.TEXT, required=True, max_length=36),
        FieldSpec("sha256", "内容摘要", Kind.TEXT, required=True, max_length=64),
        FieldSpec("filename", "文件名", Kind.TEXT, required=True, max_length=255),
        FieldSpec("mime", "文件类型", Kind.TEXT, max_length=100),
        FieldSpec("size", "文件大小", Kind.INT, unit="字节", unit_in_header=False, minimum=0),
        FieldSpec("caption", "说明", Kind.TEXT, max_length=500),
    ),
)
"""A file attached to a record (a photo of a space); its content is in the ledger's file store."""

ENTITIES: dict[str, EntitySpec] = {
    spec.name: spec
    for spec in (
        DISTRICT, ZONE, STREET, COMMUNITY, SPACE, FUNCTION_STATUS, DEMAND, PROJECT, OPERATOR,
        EVALUATION,
    )
}
"""Every entity by its identifier (also its table name)."""

RECORD_ENTITIES = (
    "community", "space", "function_status", "demand", "project", "operator", "evaluation"
)
"""Entities that carry a street's own data (as opposed to the area reference list)."""


def entity(word: str) -> EntitySpec | None:
    """The entity a user named: plural (CLI), singular identifier, or Chinese name."""
    wanted = normalize_text(word).lower()
    for spec in ENTITIES.values():
        names = (spec.name, spec.plural, spec.label, *spec.extra_names)
        if wanted in (normalize_text(n).lower() for n in names):
            return spec
    return None
