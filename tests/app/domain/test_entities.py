"""The entity declarations against GLOSSARY.md's contract, entity names, cross-field rules."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from app.domain import entities as ent
from app.domain.enums import normalize_text
from app.domain.fields import EntitySpec, FieldSpec, Kind
from app.domain.rules import record_errors

# GLOSSARY.md, "Field names that are part of the contract": identifier = canonical Excel header
CONTRACT: dict[str, dict[str, str]] = {
    "community": {
        "code": "社区代码",
        "name": "社区名称",
        "street": "街道",
        "population": "常住人口",
        "households": "户数",
        "not_resettled": "是否未回迁社区",
    },
    "space": {
        "community": "所属社区",
        "name": "资源名称",
        "kind": "资源类型",
        "address": "地址",
        "owner": "产权单位",
        "floor_area": "建筑面积（㎡）",
        "land_area": "土地面积（㎡）",
        "usage": "使用状态",
    },
    "function_status": {
        "community": "社区",
        "function": "功能",
        "status": "状态",
        "capacity": "服务能力",
        "floor_area": "建筑面积（㎡）",
        "setting": "设置方式",
        "space": "所在空间",
        "operator": "运营主体",
        "operating_model": "运营模式",
        "opened_on": "投入运营日期",
    },
    "demand": {
        "community": "所属社区",
        "function": "功能类别",
        "content": "需求内容",
        "source": "需求来源",
        "residents": "涉及人数",
        "urgency": "紧急程度",
        "received_on": "登记日期",
        "status": "办理状态",
        "reply": "答复情况",
        "reporter": "联系人",
        "phone": "联系电话",
        "accepted_on": "受理日期",
        "resolved_on": "办结日期",
    },
    "project": {
        "name": "项目名称",
        "community": "社区",
        "street": "街道",
        "tier": "项目类型",
        "planned_year": "计划年度",
        "approach": "建设方式",
        "functions": "包含功能",
        "space": "所在空间",
        "investment": "总投资（万元）",
        "funding": "资金来源",
        "approved_on": "立项日期",
        "designed_on": "方案设计完成日期",
        "started_on": "开工日期",
        "completed_on": "竣工日期",
        "accepted_on": "联合验收日期",
        "acceptance": "验收结果",
        "operating_on": "投入运营日期",
    },
    "operator": {
        "name": "名称",
        "credit_code": "统一社会信用代码",
        "kind": "类型",
        "contact": "联系人",
        "phone": "联系电话",
    },
    "evaluation": {
        "community": "社区",
        "function": "功能",
        "operator": "运营主体",
        "evaluated_on": "评估日期",
        "usage_per_month": "月均服务人次",
        "quality": "服务质量评分",
        "willingness": "居民使用意愿",
        "satisfaction": "满意度（%）",
    },
}

CONTRACT_FIELDS = [(e, f, h) for e, fields in CONTRACT.items() for f, h in fields.items()]

REQUIRED = {
    "community": {"name", "street"},
    "space": {"community", "name", "kind"},
    "function_status": {"community", "function", "status"},
    "demand": {"community", "content"},
    "operator": {"name"},
    "project": {"name", "tier"},
    "evaluation": set(),
}

CLI_NAMES = {
    "districts": "district",
    "zones": "zone",
    "streets": "street",
    "communities": "community",
    "spaces": "space",
    "functions": "function_status",
    "demands": "demand",
    "projects": "project",
    "operators": "operator",
    "evaluations": "evaluation",
}


# --- the contract ----------------------------------------------------------------------------


@pytest.mark.parametrize(("entity", "identifier", "header"), CONTRACT_FIELDS)
def test_contract_field_has_its_label_and_header(entity: str, identifier: str, header: str) -> None:
    field = ent.ENTITIES[entity].field(identifier)
    label, _, unit = header.partition("（")
    assert field.label == label
    assert field.header == header
    if unit:
        assert field.unit == unit.removesuffix("）")


@pytest.mark.parametrize(("entity", "identifier", "header"), CONTRACT_FIELDS)
def test_contract_header_is_resolved(entity: str, identifier: str, header: str) -> None:
    spec = ent.ENTITIES[entity]
    assert spec.resolve_field(header) is spec.field(identifier)
    assert spec.resolve_field(identifier) is spec.field(identifier)


@pytest.mark.parametrize("entity", REQUIRED)
def test_required_fields(entity: str) -> None:
    assert {f.name for f in ent.ENTITIES[entity].required} == REQUIRED[entity]


def test_defaults(instant: dt.datetime) -> None:
    demand = ent.DEMAND
    assert demand.field("status").default_value() == "registered"
    assert demand.field("status").display(demand.field("status").default_value()) == "已登记"
    assert demand.field("urgency").default_value() == "normal"
    assert demand.field("urgency").display("normal") == "一般"
    assert demand.field("residents").default_value() == 1
    assert demand.field("received_on").default_value() == instant.date()
    status = ent.FUNCTION_STATUS.field("status")
    assert status.default_value() == "none"
    assert status.display("none") == "无"
    assert ent.COMMUNITY.field("not_resettled").default_value() is False


@pytest.mark.parametrize(("spec", "field"), [(s, f) for s in ent.ENTITIES.values() for f in s.fields
                                             if f.default is not None],
                         ids=lambda x: getattr(x, "name", ""))
def test_every_default_is_a_valid_value(spec: EntitySpec, field: FieldSpec) -> None:
    value = field.default_value()
    assert field.parse(field.display(value)) == value


def test_operator_credit_code_is_optional_and_checked() -> None:
    code = ent.OPERATOR.field("credit_code")
    assert not code.required and code.kind is Kind.CREDIT_CODE
    assert ent.OPERATOR.natural_keys == (("credit_code",),)


@pytest.mark.parametrize(
    ("entity", "identifier", "labels"),
    [
        ("project", "tier", {"national_pilot": "国家试点", "city_project": "市级项目",
                             "other": "其他"}),
        ("operator", "kind", {"enterprise": "企业", "social_org": "社会组织",
                              "public_institution": "事业单位", "other": "其他"}),
    ],
)
def test_contract_choices(entity: str, identifier: str, labels: dict[str, str]) -> None:
    field = ent.ENTITIES[entity].field(identifier)
    assert {m.value: m.label for m in field.allowed} == labels


def test_bounds() -> None:
    people = ["population", "households"]
    for name in people:
        f = ent.COMMUNITY.field(name)
        assert (f.kind, f.minimum, f.maximum) == (Kind.INT, 0, 1_000_000)
    for f in (ent.DEMAND.field("residents"), ent.EVALUATION.field("usage_per_month"),
              ent.FUNCTION_STATUS.field("capacity")):
        assert (f.minimum, f.maximum) == (0, 1_000_000)
    for f in (ent.SPACE.field("floor_area"), ent.SPACE.field("land_area"),
              ent.FUNCTION_STATUS.field("floor_area")):
        assert (f.unit, f.minimum, f.maximum) == ("㎡", 0, Decimal(1_000_000))
    investment = ent.PROJECT.field("investment")
    assert (investment.unit, investment.minimum, investment.maximum) == ("万元", 0, 1_000_000)
    assert ent.EVALUATION.field("satisfaction").maximum == 100


@pytest.mark.parametrize(
    ("entity", "identifier", "kind"),
    [
        ("community", "code", Kind.DIVISION_CODE),
        ("community", "street", Kind.REF),
        ("community", "not_resettled", Kind.BOOL),
        ("space", "community", Kind.REF),
        ("function_status", "space", Kind.REF),
        ("function_status", "operator", Kind.REF),
        ("function_status", "opened_on", Kind.DATE),
        ("demand", "phone", Kind.PHONE),
        ("demand", "received_on", Kind.DATE),
        ("project", "planned_year", Kind.YEAR),
        ("project", "functions", Kind.ENUMS),
        ("project", "street", Kind.REF),
        ("evaluation", "operator", Kind.REF),
        ("evaluation", "evaluated_on", Kind.DATE),
    ],
)
def test_kinds(entity: str, identifier: str, kind: Kind) -> None:
    assert ent.ENTITIES[entity].field(identifier).kind is kind


def test_personal_information_is_marked() -> None:
    personal = {(s.name, f.name) for s in ent.ENTITIES.values() for f in s.fields if f.personal}
    assert personal == {
        ("demand", "reporter"), ("demand", "phone"), ("operator", "contact"), ("operator", "phone")
    }


# --- consistency of the declarations ---------------------------------------------------------


@pytest.mark.parametrize("spec", ent.ENTITIES.values(), ids=lambda s: s.name)
def test_declaration_is_consistent(spec: EntitySpec) -> None:
    assert ent.ENTITIES[spec.name] is spec
    names = [f.name for f in spec.fields]
    assert len(names) == len(set(names))
    for key in spec.natural_keys:
        assert set(key) <= set(names)
    assert spec.title_field in names
    if spec.scope_field:
        assert spec.field(spec.scope_field).kind is Kind.REF
    for f in spec.fields:
        assert f.name.isidentifier() and f.name == f.name.lower()
        if f.kind is Kind.REF:
            assert f.ref in ent.ENTITIES
        if f.kind in (Kind.ENUM, Kind.ENUMS):
            assert f.enum is not None and f.allowed
            assert all(m in f.enum for m in f.allowed)
        if f.default is not None and not callable(f.default):
            assert f.parse(f.default) == f.default
        assert f.label and not f.label.isascii()


def test_natural_keys_as_glossary() -> None:
    keys = {name: spec.natural_keys for name, spec in ent.ENTITIES.items()}
    assert keys["district"] == (("code",),)
    assert keys["zone"] == (("name",),)
    assert keys["community"] == (("code",), ("street", "name"))
    assert keys["space"] == (("community", "name"),)
    assert keys["function_status"] == (("community", "function"),)
    assert keys["demand"] == (("community", "content", "received_on"),)
    assert keys["project"] == (("name",),)
    assert keys["operator"] == (("credit_code",),)
    assert keys["evaluation"] == (("community", "function", "evaluated_on"),)


def test_record_entities_are_entities() -> None:
    assert set(ent.RECORD_ENTITIES) <= set(ent.ENTITIES)
    assert not {"district", "zone", "street"} & set(ent.RECORD_ENTITIES)


# --- entity(): the names a user gives --------------------------------------------------------


@pytest.mark.parametrize(("plural", "name"), CLI_NAMES.items())
def test_entity_by_plural_and_singular(plural: str, name: str) -> None:
    spec = ent.entity(plural)
    assert spec is not None and spec.name == name and spec.plural == plural
    assert ent.entity(name) is spec
    assert ent.entity(plural.upper()) is spec
    assert ent.entity(f" {plural} ") is spec


@pytest.mark.parametrize(
    ("word", "name"),
    [
        ("区县", "district"),
        ("开发区", "zone"),
        ("街道", "street"),
        ("社区", "community"),
        ("社区(村)", "community"),
        ("空间资源", "space"),
        ("资源", "space"),
        ("功能", "function_status"),
        ("功能配置", "function_status"),
        ("function", "function_status"),
        ("需求", "demand"),
        ("需求清单", "demand"),
        ("项目", "project"),
        ("建设项目", "project"),
        ("运营主体", "operator"),
        ("运营商", "operator"),
        ("评估", "evaluation"),
    ],
)
def test_entity_by_chinese_name(word: str, name: str) -> None:
    spec = ent.entity(word)
    assert spec is not None and spec.name == name


@pytest.mark.parametrize("word", ["", "records", "人员", "community_x"])
def test_unknown_entity(word: str) -> None:
    assert ent.entity(word) is None


def test_no_name_names_two_entities() -> None:
    owner: dict[str, str] = {}
    for spec in ent.ENTITIES.values():
        for word in (spec.name, spec.plural, spec.label, *spec.extra_names):
            key = normalize_text(word).lower()
            assert owner.setdefault(key, spec.name) == spec.name, word


# --- rules across fields ---------------------------------------------------------------------

D = dt.date


def _errors(record: dict[str, object]) -> list[tuple[str, str]]:
    return [(e.field, e.message) for e in record_errors("demand", record)]


def test_demand_in_order_has_no_errors() -> None:
    assert _errors({"received_on": D(2024, 3, 5), "accepted_on": D(2024, 3, 5),
                    "resolved_on": D(2024, 3, 20), "status": "resolved"}) == []
    assert _errors({"received_on": D(2024, 3, 5)}) == []
    assert _errors({}) == []


def test_accepted_before_received() -> None:
    errors = _errors({"received_on": D(2024, 3, 5), "accepted_on": D(2024, 3, 1)})
    assert errors == [("accepted_on", "受理日期（2024-03-01）不能早于登记日期（2024-03-05）")]


def test_resolved_before_received() -> None:
    errors = _errors({"received_on": D(2024, 3, 5), "resolved_on": D(2024, 3, 1)})
    assert errors == [("resolved_on", "办结日期（2024-03-01）不能早于登记日期（2024-03-05）")]


def test_resolved_before_accepted() -> None:
    errors = _errors({"received_on": D(2024, 3, 1), "accepted_on": D(2024, 3, 10),
                      "resolved_on": D(2024, 3, 5)})
    assert errors == [("resolved_on", "办结日期（2024-03-05）不能早于受理日期（2024-03-10）")]


def test_one_error_per_date() -> None:
    errors = _errors({"received_on": D(2024, 3, 10), "accepted_on": D(2024, 3, 5),
                      "resolved_on": D(2024, 3, 1)})
    assert [field for field, _ in errors] == ["accepted_on", "resolved_on"]


@pytest.mark.parametrize("reply", [None, "", "   "])
def test_declined_needs_a_reply(reply: str | None) -> None:
    errors = record_errors("demand", {"status": "declined", "reply": reply})
    assert [(e.field, e.label) for e in errors] == [("reply", "答复情况")]
    assert "不予采纳" in errors[0].message and "理由" in errors[0].message
    assert str(errors[0]).startswith("答复情况：")


def test_declined_with_a_reply_or_other_status() -> None:
    reply = "不属于社区设施范围，已转相关部门"
    assert record_errors("demand", {"status": "declined", "reply": reply}) == []
    assert record_errors("demand", {"status": "registered"}) == []
    assert record_errors("demand", {"status": ent.DEMAND.field("status").parse("不予采纳"),
                                    "reply": "已说明"}) == []


def test_entities_without_rules() -> None:
    assert record_errors("space", {"name": "x"}) == []
    assert record_errors("nothing", {}) == []
