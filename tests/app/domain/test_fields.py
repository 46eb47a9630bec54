"""FieldSpec and EntitySpec: parsing with bounds, headers, names, display."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain import entities as ent
from app.domain.enums import Function
from app.domain.fields import AREA_MAX, MONEY_MAX, PEOPLE_MAX, EntitySpec, FieldSpec, Kind
from app.domain.validate import Invalid

POPULATION = ent.COMMUNITY.field("population")
FLOOR_AREA = ent.SPACE.field("floor_area")
INVESTMENT = ent.PROJECT.field("investment")
SATISFACTION = ent.EVALUATION.field("satisfaction")

ALL_FIELDS = [(spec, f) for spec in ent.ENTITIES.values() for f in spec.fields]


def _rejects(field: FieldSpec, raw: object, *words: str) -> str:
    with pytest.raises(Invalid) as caught:
        field.parse(raw)
    message = str(caught.value)
    for word in words:
        assert word in message, f"{word!r} not in {message!r}"
    return message


# --- headers and names -----------------------------------------------------------------------


def test_header_puts_the_unit_in_full_width_brackets() -> None:
    assert FieldSpec("x", "建筑面积", Kind.DECIMAL, unit="㎡").header == "建筑面积（㎡）"
    assert FieldSpec("x", "总投资", Kind.DECIMAL, unit="万元").header == "总投资（万元）"
    assert FieldSpec("x", "满意度", Kind.DECIMAL, unit="%").header == "满意度（%）"
    assert FieldSpec("x", "名称", Kind.TEXT).header == "名称"
    assert FieldSpec("x", "服务能力", Kind.INT, unit="").header == "服务能力"


def test_a_measure_word_stays_out_of_the_header_but_is_still_checked() -> None:
    field = FieldSpec("x", "常住人口", Kind.INT, unit="人", unit_in_header=False)
    assert field.header == "常住人口"
    assert field.parse("3,500人") == 3500
    _rejects(field, "3500户", "单位应为人")


def test_column_of_a_reference_holds_the_id() -> None:
    assert ent.SPACE.field("community").column == "community_id"
    assert ent.SPACE.field("name").column == "name"


@pytest.mark.parametrize(
    ("entity", "written", "identifier"),
    [
        (ent.SPACE, "floor_area", "floor_area"),
        (ent.SPACE, "建筑面积", "floor_area"),
        (ent.SPACE, "建筑面积（㎡）", "floor_area"),
        (ent.SPACE, "建筑面积(㎡)", "floor_area"),
        (ent.SPACE, "建筑面积（m²）", "floor_area"),
        (ent.SPACE, "建筑面积(m2)", "floor_area"),
        (ent.SPACE, "建筑面积（平方米）", "floor_area"),
        (ent.SPACE, "建筑面积(平米)", "floor_area"),
        (ent.SPACE, " 建筑 面积 ", "floor_area"),
        (ent.SPACE, "面积", "floor_area"),
        (ent.SPACE, "占地面积", "land_area"),
        (ent.SPACE, "土地面积（平方米）", "land_area"),
        (ent.SPACE, "社区", "community"),
        (ent.PROJECT, "总投资（万元）", "investment"),
        (ent.PROJECT, "总投资(万元)", "investment"),
        (ent.PROJECT, "投资额", "investment"),
        (ent.EVALUATION, "满意度（%）", "satisfaction"),
        (ent.EVALUATION, "满意度（％）", "satisfaction"),
        (ent.EVALUATION, "满意率", "satisfaction"),
        (ent.COMMUNITY, "常住人口", "population"),
        (ent.COMMUNITY, "常住人口（人）", "population"),
        (ent.COMMUNITY, "户数（户）", "households"),
        (ent.COMMUNITY, "社区（村）", "name"),
        (ent.COMMUNITY, "社区(村)", "name"),
        (ent.DEMAND, "手机号", "phone"),
        (ent.OPERATOR, "信用代码", "credit_code"),
    ],
)
def test_resolve_field(entity: EntitySpec, written: str, identifier: str) -> None:
    field = entity.resolve_field(written)
    assert field is not None and field.name == identifier


@pytest.mark.parametrize(
    "written", ["", "面积（万元）", "建筑面积（亩）", "不存在的列", "floor area"]
)
def test_resolve_field_unknown(written: str) -> None:
    assert ent.SPACE.resolve_field(written) is None


@pytest.mark.parametrize(("spec", "field"), ALL_FIELDS, ids=lambda x: getattr(x, "name", ""))
def test_every_field_is_found_by_each_of_its_names(spec: EntitySpec, field: FieldSpec) -> None:
    for written in (field.name, field.label, field.header, *field.synonyms):
        assert spec.resolve_field(written) is field, written


@pytest.mark.parametrize("spec", ent.ENTITIES.values(), ids=lambda s: s.name)
def test_no_name_is_shared_by_two_fields_of_an_entity(spec: EntitySpec) -> None:
    owner: dict[str, str] = {}
    for field in spec.fields:
        for name in field.names():
            assert owner.setdefault(name, field.name) == field.name, (
                f"{spec.name}: “{name}” names both {owner[name]} and {field.name}"
            )


# --- parse: empty, bounds --------------------------------------------------------------------


@pytest.mark.parametrize(("spec", "field"), ALL_FIELDS, ids=lambda x: getattr(x, "name", ""))
def test_empty_is_no_value(spec: EntitySpec, field: FieldSpec) -> None:
    for empty in (None, "", "   ", "\u3000", "\n"):
        assert field.parse(empty) is None


@pytest.mark.parametrize(
    "field",
    [f for _, f in ALL_FIELDS if f.kind is Kind.INT],
    ids=lambda f: f.name,
)
def test_people_counts_from_0_to_a_million(field: FieldSpec) -> None:
    assert PEOPLE_MAX == 1_000_000
    assert (field.minimum, field.maximum) == (0, PEOPLE_MAX)
    assert field.parse("0") == 0
    assert field.parse("1,000,000") == 1_000_000
    assert field.parse(1_000_000.0) == 1_000_000
    _rejects(field, "1000001", "不能大于 1000000", "1000001")
    _rejects(field, -1, "不能小于 0", "-1")
    _rejects(field, "2.5", "应为整数")


def test_people_count_with_its_measure_word() -> None:
    assert POPULATION.parse("12,345人") == 12345
    assert ent.COMMUNITY.field("households").parse("4,200户") == 4200
    assert ent.EVALUATION.field("usage_per_month").parse("860人次") == 860
    _rejects(POPULATION, "1200户", "单位应为人")
    _rejects(POPULATION, "很多", "不是数字")


@pytest.mark.parametrize(
    "field",
    [f for _, f in ALL_FIELDS if f.unit == "㎡"],
    ids=lambda f: f.name,
)
def test_areas_from_0_to_a_million_square_metres(field: FieldSpec) -> None:
    assert AREA_MAX == 1_000_000
    assert field.kind is Kind.DECIMAL
    assert field.parse("0") == 0
    assert field.parse("1,000,000㎡") == 1_000_000
    assert field.parse("1000000平方米") == 1_000_000
    assert field.parse("856.5 m²") == Decimal("856.5")
    _rejects(field, "1000000.01", "不能大于 1000000㎡")
    _rejects(field, "-0.5", "不能小于 0㎡")
    _rejects(field, "20万元", "单位应为㎡")


def test_investment_from_0_to_a_million_wan_yuan() -> None:
    assert MONEY_MAX == 1_000_000
    assert INVESTMENT.parse("1,000,000万元") == 1_000_000
    assert INVESTMENT.parse("350.5") == Decimal("350.5")
    _rejects(INVESTMENT, "1000000.5", "不能大于 1000000万元")
    _rejects(INVESTMENT, "-1", "不能小于 0万元")
    _rejects(INVESTMENT, "3500000元", "单位应为万元", "元")


def test_percent_and_score() -> None:
    assert SATISFACTION.parse("95.5%") == Decimal("95.5")
    assert SATISFACTION.parse("100％") == 100
    _rejects(SATISFACTION, "100.1", "不能大于 100%")
    quality = ent.EVALUATION.field("quality")
    assert quality.parse("92分") == 92
    _rejects(quality, "101", "不能大于 100分")


def test_decimals_keep_two_places() -> None:
    assert FLOOR_AREA.parse("1200.50") == Decimal("1200.5")
    assert str(FLOOR_AREA.parse("1200.50")) == "1200.5"
    assert FLOOR_AREA.parse("12.3456") == Decimal("12.35")
    assert FLOOR_AREA.parse(1000.0) == 1000
    assert FLOOR_AREA.parse("0.001") == 0


@given(st.decimals(min_value=0, max_value=AREA_MAX, places=2))
def test_any_area_in_bounds_parses_back(value: Decimal) -> None:
    assert FLOOR_AREA.parse(f"{value:,}㎡") == value
    assert FLOOR_AREA.parse(str(value)) == value


@given(st.integers(-(10**9), 10**9))
def test_people_bounds_property(n: int) -> None:
    if 0 <= n <= PEOPLE_MAX:
        assert POPULATION.parse(f"{n:,}") == n
    else:
        with pytest.raises(Invalid):
            POPULATION.parse(f"{n:,}")


# --- parse: each kind ------------------------------------------------------------------------


def test_text() -> None:
    name = ent.COMMUNITY.field("name")
    assert name.parse("  东七路社区 ") == "东七路社区"
    assert name.parse(12.0) == "12"
    assert name.parse(12) == "12"
    assert name.parse("x" * 500) == "x" * 500
    _rejects(name, "x" * 501, "内容过长", "最多 500 个字", "501")
    assert ent.DEMAND.field("content").parse("长" * 2000) == "长" * 2000
    _rejects(ent.DEMAND.field("reporter"), "张" * 51, "最多 50 个字")


def test_enum_gives_the_identifier() -> None:
    kind = ent.SPACE.field("kind")
    assert kind.parse("社区用房") == "community_room"
    assert kind.parse("小区配套用房") == "supporting_room"
    assert kind.parse("配套用房") == "supporting_room"
    assert kind.parse("community_room") == "community_room"
    message = _rejects(kind, "仓库", "“仓库”不是可选的资源类型", "可选：", "社区用房")
    assert "其他" in message


def test_enum_choices_limit_the_enum() -> None:
    function = ent.FUNCTION_STATUS.field("function")
    assert function.parse("助餐") == "meal_service"
    message = _rejects(function, "其他", "不是可选的功能")
    assert "养老服务" in message and "其他" not in message.split("可选：")[1]
    assert ent.DEMAND.field("function").parse("其他") == "other"  # demands may fit no function


def test_enums_split_dedupe_and_order() -> None:
    functions = ent.PROJECT.field("functions")
    expected = ["elderly_care", "infant_care", "meal_service"]
    assert functions.parse("助餐、养老,托育；养老") == expected
    assert functions.parse("社区助餐，养老服务;婴幼儿托育/助餐") == expected
    assert functions.parse(["meal_service", "养老", Function.INFANT_CARE]) == expected
    assert functions.parse("健身") == ["fitness"]
    _rejects(functions, "养老、洗衣", "“洗衣”不是可选的包含功能")


def test_dates_bools_years_codes_phones() -> None:
    assert ent.DEMAND.field("received_on").parse("2024年3月5日") == dt.date(2024, 3, 5)
    assert ent.DEMAND.field("received_on").parse(45356) == dt.date(2024, 3, 5)
    _rejects(ent.DEMAND.field("received_on"), "1999-01-01", "超出范围")
    assert ent.COMMUNITY.field("not_resettled").parse("是") is True
    assert ent.COMMUNITY.field("not_resettled").parse("否") is False
    assert ent.PROJECT.field("planned_year").parse("2025年") == 2025
    assert ent.COMMUNITY.field("code").parse(610102001001) == "610102001001"
    assert ent.OPERATOR.field("credit_code").parse("91350100m000100y43") == "91350100M000100Y43"
    _rejects(ent.OPERATOR.field("credit_code"), "91350100M000100Y44", "校验位")
    assert ent.DEMAND.field("phone").parse("138 1234 5678") == "13812345678"
    assert ent.DEMAND.field("phone").parse(13812345678) == "13812345678"


def test_a_reference_is_passed_on_as_given() -> None:
    assert ent.SPACE.field("community").parse(" 东七路社区 ") == "东七路社区"
    assert ent.SPACE.field("community").parse(610102001001) == 610102001001


@given(st.text(max_size=40))
def test_any_text_gives_a_value_or_a_chinese_error(raw: str) -> None:
    for _, field in ALL_FIELDS:
        try:
            field.parse(raw)
        except Invalid as e:
            assert str(e)


@given(
    st.one_of(
        st.integers(-(10**20), 10**20),
        st.floats(allow_nan=True, allow_infinity=True),
        st.booleans(),
        st.decimals(allow_nan=False, allow_infinity=False),
    )
)
def test_any_number_gives_a_value_or_a_chinese_error(raw: object) -> None:
    for _, field in ALL_FIELDS:
        if field.kind is Kind.REF:
            continue
        try:
            field.parse(raw)
        except Invalid as e:
            assert str(e)


# --- defaults and display --------------------------------------------------------------------


def test_default_value_calls_a_callable(instant: dt.datetime) -> None:
    assert ent.DEMAND.field("received_on").default_value() == instant.date()
    assert ent.DEMAND.field("status").default_value() == "registered"
    assert ent.SPACE.field("name").default_value() is None


def test_display() -> None:
    assert ent.SPACE.field("kind").display("community_room") == "社区用房"
    assert ent.SPACE.field("kind").display("unknown") == "unknown"
    functions = ent.PROJECT.field("functions")
    assert functions.display(["elderly_care", "meal_service"]) == "养老服务、社区助餐"
    assert ent.COMMUNITY.field("not_resettled").display(True) == "是"
    assert ent.COMMUNITY.field("not_resettled").display(False) == "否"
    assert ent.DEMAND.field("received_on").display(dt.date(2024, 3, 5)) == "2024-03-05"
    assert FLOOR_AREA.display(Decimal("1E+3")) == "1000"
    assert FLOOR_AREA.display(Decimal("1200.50")) == "1200.5"
    assert FLOOR_AREA.display(1200.5) == "1200.5"
    assert POPULATION.display(0) == "0"
    assert POPULATION.display(None) == ""
    assert ent.SPACE.field("name").display("") == ""


@pytest.mark.parametrize(("spec", "field"), ALL_FIELDS, ids=lambda x: getattr(x, "name", ""))
def test_displayed_value_parses_back(spec: EntitySpec, field: FieldSpec) -> None:
    samples = {
        Kind.INT: 1200,
        Kind.DECIMAL: Decimal("12.5"),
        Kind.DATE: dt.date(2024, 3, 5),
        Kind.BOOL: True,
        Kind.YEAR: 2025,
        Kind.DIVISION_CODE: "610102001001",
        Kind.CREDIT_CODE: "91350100M000100Y43",
        Kind.PHONE: "029-87654321",
        Kind.TEXT: "文字",
        Kind.REF: "东七路社区",
    }
    if field.kind is Kind.ENUM:
        value: object = field.allowed[-1].value
    elif field.kind is Kind.ENUMS:
        value = [m.value for m in field.allowed[:2]]
    else:
        value = samples[field.kind]
    assert field.parse(field.display(value)) == value


def test_searchable_and_required() -> None:
    assert {f.name for f in ent.DEMAND.searchable} == {"content", "reply"}
    assert {f.name for f in ent.DEMAND.required} == {"community", "content"}
    assert ent.DEMAND.field("reporter").personal and ent.DEMAND.field("phone").personal
    with pytest.raises(KeyError):
        ent.DEMAND.field("nothing")
