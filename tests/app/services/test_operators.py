"""运营评估 with known numbers: rollups, the qualified list, its versions, facilities to adjust."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from app.domain.enums import Function
from app.domain.operators import (
    Adjustment,
    ListError,
    ThresholdError,
    Verdict,
    mean_text,
    months_to,
    parse_published,
    parse_thresholds,
    with_threshold,
    year_period,
)
from app.errors import UsageError
from app.services import operators, records
from app.services.areas import resolve_scope
from app.store.db import Ledger
from tests.app.services.operator_data import CODE_A, ON, TODAY, fill
from tests.helpers.ledgers import Devices


@pytest.fixture
def city(devices: Devices, tmp_path: Path) -> Iterator[tuple[Ledger, dict[str, str]]]:
    ledger = devices.open(tmp_path / "市" / "台账.db", role="city")
    ids = fill(ledger)
    yield ledger, ids
    ledger.close()


def test_rollups_of_a_street_for_a_year(city: tuple[Ledger, dict[str, str]]) -> None:
    ledger, _ids = city
    scope = resolve_scope(ledger, "street:解放门街道")
    found = operators.rollups(ledger, scope, year_period(2026))
    assert (found.evaluations, found.undated, found.without_operator) == (8, 1, 1)

    by_name = {o.name: o for o in found.by_operator}
    # in pinyin order: 丙 bǐng, 丁 dīng, 甲 jiǎ, 乙 yǐ
    assert [o.name[0] for o in found.by_operator] == ["丙", "丁", "甲", "乙"]
    a, b = by_name["甲养老服务中心"].figures, by_name["乙助餐有限公司"].figures
    assert (a.count, a.usage, a.quality, a.satisfaction) == (2, 90, 85, 85)
    assert dict(a.willingness) == {"high": 1, "medium": 1}
    assert (b.count, b.usage, b.quality, b.satisfaction) == (
        2, Fraction(91, 2), 90, Fraction(1699, 20))
    assert b.willingness_text == "高 0 / 中 0 / 低 2" and b.mostly_unwilling
    c = by_name["丙托育园"].figures
    assert (c.count, c.usage, c.usage_count, c.quality, c.satisfaction_count) == (2, 30, 1, 95, 1)
    d = by_name["丁社区服务社"]
    assert (d.figures.count, d.figures.usage, d.facilities) == (1, 700, 1)  # 四府街 is not here
    assert "戊家政公司" not in by_name

    functions = {f.function: f for f in found.by_function}
    assert list(functions) == [Function.ELDERLY_CARE, Function.INFANT_CARE,
                               Function.MEAL_SERVICE, Function.FITNESS]
    meal = functions[Function.MEAL_SERVICE]
    assert (meal.facilities, meal.figures.count) == (2, 3)
    assert meal.figures.usage == Fraction(791, 3) and mean_text(meal.figures.usage) == "263.7"
    assert meal.figures.satisfaction == Fraction(2599, 30)
    assert mean_text(meal.figures.satisfaction) == "86.6"

    total = found.total
    assert total.count == 8 and total.usage == Fraction(1201, 7)
    assert (mean_text(total.usage), mean_text(total.quality), mean_text(total.satisfaction)) == (
        "171.6", "86.4", "86.4")
    assert [(f.community, f.function.label, f.operators, f.capacity)
            for f in found.by_facility] == [
        ("东七路社区", "养老服务", ("甲养老服务中心",), None),
        ("东七路社区", "社区助餐", ("丁社区服务社",), 20),
        ("东七路社区", "体育健身", (), None),
        ("西七路社区", "婴幼儿托育", ("丙托育园",), None),
        ("西七路社区", "社区助餐", ("乙助餐有限公司",), None),
    ]


def test_rollups_of_the_city_over_twelve_months(city: tuple[Ledger, dict[str, str]]) -> None:
    ledger, _ids = city
    period = operators.period_for(None, ON)
    assert (period.first, period.last) == (dt.date(2025, 12, 2), ON)
    found = operators.rollups(ledger, None, period)
    assert found.evaluations == 10  # all but the day before the window and the undated one
    d = next(o for o in found.by_operator if o.name == "丁社区服务社")
    assert (d.figures.count, d.facilities, d.figures.satisfaction) == (3, 3, 90)


def test_periods() -> None:
    assert months_to(dt.date(2024, 2, 29), 12).first == dt.date(2023, 3, 1)
    assert months_to(dt.date(2026, 1, 15), 1).first == dt.date(2025, 12, 16)
    assert months_to(ON, 12).title == "2025年12月2日至2026年12月1日"
    with pytest.raises(UsageError, match="年份"):
        operators.period_for(1999)


def test_a_mean_below_its_threshold_is_never_printed_equal_to_it() -> None:
    assert mean_text(Fraction(1699, 20)) == "85.0"
    assert mean_text(Fraction(1699, 20), Fraction(85)) == "84.9"
    assert mean_text(Fraction(85), Fraction(85)) == "85.0"
    assert mean_text(Fraction(8725, 100)) == "87.3" and mean_text(None) == "—"


def test_the_qualified_list_at_the_default_thresholds(
    city: tuple[Ledger, dict[str, str]]
) -> None:
    ledger, _ids = city
    listed = operators.draft(ledger, ON)
    assert listed.first == dt.date(2025, 12, 2)
    verdicts = [(o.name, o.verdict, o.evaluations, o.counted) for o in listed.operators]
    assert verdicts == [
        ("甲养老服务中心", Verdict.QUALIFIED, 2, 2),  # exactly 85 %: qualified
        ("丁社区服务社", Verdict.QUALIFIED, 3, 3),
        ("乙助餐有限公司", Verdict.FAILED, 2, 2),  # 84.95 %
        ("丙托育园", Verdict.TOO_FEW, 2, 1),  # one without satisfaction and quality
        ("戊家政公司", Verdict.UNEVALUATED, 0, 0),
    ]
    a = listed.operators[0]
    assert (a.satisfaction, a.quality, a.usage, a.credit_code) == (85, 85, 90, CODE_A)
    d = listed.operators[1]
    assert (d.satisfaction, d.quality, d.usage) == (90, 90, Fraction(880, 3))
    assert "contact" not in a.to_json() and "phone" not in a.to_json()


def test_thresholds_move_the_boundary(city: tuple[Ledger, dict[str, str]]) -> None:
    ledger, _ids = city
    rules = operators.set_threshold(ledger, "satisfaction", "84.95")
    assert rules.version == 1 and rules.satisfaction == Fraction(1699, 20)
    verdicts = {o.name: o.verdict for o in operators.draft(ledger, ON).operators}
    assert verdicts["乙助餐有限公司"] is Verdict.QUALIFIED
    operators.set_threshold(ledger, "evaluations", "1")
    operators.set_threshold(ledger, "satisfaction", "85.01")
    verdicts = {o.name: o.verdict for o in operators.draft(ledger, ON).operators}
    assert verdicts["甲养老服务中心"] is Verdict.FAILED
    assert verdicts["丙托育园"] is Verdict.QUALIFIED
    assert operators.thresholds(ledger).version == 3
    with pytest.raises(UsageError, match="0–100"):
        operators.set_threshold(ledger, "quality", "101")
    with pytest.raises(UsageError, match="没有“bonus”"):
        operators.set_threshold(ledger, "bonus", "1")
    with pytest.raises(UsageError, match="整数"):
        operators.set_threshold(ledger, "months", "1.5")


def test_publishing_twice_keeps_the_first_version(
    city: tuple[Ledger, dict[str, str]]
) -> None:
    ledger, ids = city
    first = operators.publish(ledger, ON, today=TODAY)
    assert first.published.version == 1 and first.changed == 2
    marks = {short: records.get(ledger, "operators", oid)["qualified"]
             for short, oid in ids.items()}
    assert marks == {"甲": True, "乙": False, "丙": False, "丁": True, "戊": False}
    history = records.history(ledger, "operators", ids["甲"])
    assert any("qualified" in str(entry) for entry in history)  # a logged change

    records.create(ledger, "evaluations", {
        "community": "西七路社区", "function": "托育", "operator": ids["丙"],
        "evaluated_on": "2026-12-02", "quality": 90, "satisfaction": 90})
    second = operators.publish(ledger, dt.date(2026, 12, 2), today=TODAY)
    assert second.published.version == 2 and second.changed == 1
    assert records.get(ledger, "operators", ids["丙"])["qualified"] is True

    held = operators.published(ledger)
    assert [v.version for v in held.versions] == [1, 2]
    assert held.version(1) == first.published  # unchanged
    assert {o.name: o.verdict for o in held.versions[0].operators}["丙托育园"] is Verdict.TOO_FEW
    assert operators.qualified_list(ledger).version == 2
    assert operators.qualified_list(ledger, 1).on == ON

    with pytest.raises(UsageError, match="早于第 2 版"):
        operators.publish(ledger, ON, today=TODAY)
    with pytest.raises(UsageError, match="还没有到"):
        operators.publish(ledger, dt.date(2026, 12, 5), today=TODAY)
    with pytest.raises(UsageError, match="没有第 3 版"):
        operators.qualified_list(ledger, 3)
    assert len(operators.published(ledger).versions) == 2


def test_only_the_city_publishes(devices: Devices, tmp_path: Path) -> None:
    street = devices.open(tmp_path / "街道.db", role="street", area="解放门街道")
    try:
        with pytest.raises(UsageError, match="只有市级"):
            operators.publish(street, ON, today=TODAY)
        with pytest.raises(UsageError, match="只有市级"):
            operators.set_threshold(street, "quality", "70")
        with pytest.raises(UsageError, match="随参考数据下发"):
            operators.qualified_list(street)
    finally:
        street.close()


def test_facilities_to_adjust(city: tuple[Ledger, dict[str, str]]) -> None:
    ledger, _ids = city
    scope = resolve_scope(ledger, "street:解放门街道")
    found = operators.adjustments(ledger, scope, year_period(2026))
    assert [(a.facility.community, a.facility.function.label, a.adjustment,
             a.target, a.open_demands) for a in found] == [
        ("东七路社区", "社区助餐", Adjustment.EXPAND, None, 0),  # 700 > 20 × 30
        ("西七路社区", "社区助餐", Adjustment.CONVERT, Function.ELDERLY_CARE, 2),  # 低 ×2
        ("西七路社区", "婴幼儿托育", Adjustment.SHARE, Function.ELDERLY_CARE, 2),
        ("东七路社区", "养老服务", Adjustment.SHARE, Function.CHILD_CARE, 1),  # tie: policy order
    ]
    assert found[1].reason == "转为养老服务：本社区未办结的“养老服务”需求 2 条"
    assert found[0].reason.startswith("服务能力 20")
    operators.set_threshold(ledger, "low_usage", "30")
    assert [a.adjustment for a in operators.adjustments(ledger, scope, year_period(2026))] == [
        Adjustment.EXPAND]  # 30 is not below 30


@pytest.mark.parametrize(("data", "message"), [
    ("[]", "格式不对"),
    ({"versions": "x"}, "版本列表"),
    ({"versions": [{"version": 1, "on": "2026-12-01", "first": "2025-12-02",
                    "operators": [{"id": "x", "name": "甲", "verdict": "qualified",
                                   "evaluations": 1, "counted": 2}]}]}, "评估次数"),
    ({"versions": [{"version": 1, "on": "2026-12-01", "first": "2025-12-02",
                    "operators": [{"id": "x", "name": "甲", "verdict": "qualified",
                                   "evaluations": 2, "counted": 2,
                                   "satisfaction": "999"}]}]}, "满意度超出范围"),
    ({"versions": [{"version": 2, "on": "2026-12-01", "first": "2025-12-02", "operators": []},
                   {"version": 1, "on": "2026-12-02", "first": "2025-12-03", "operators": []}]},
     "不在前一版之后"),
    ({"thresholds": {"satisfaction": True}}, "应为数字"),
    ({"versions": [{"version": 1, "on": "2026-13-01", "first": "2025-12-02",
                    "operators": []}]}, "日期不对"),
])
def test_a_list_that_is_not_one_is_refused(data: Any, message: str) -> None:
    with pytest.raises(ListError, match=message):
        parse_published(data)


def test_thresholds_parse_and_round_trip() -> None:
    rules = with_threshold(parse_thresholds(None), "satisfaction", "87.5")
    assert parse_thresholds(rules.to_json()) == rules
    with pytest.raises(ThresholdError):
        parse_thresholds({"months": 0})
    with pytest.raises(ThresholdError):
        parse_thresholds({"version": -1})


def test_a_list_that_could_not_be_read_back_is_not_published(
    city: tuple[Ledger, dict[str, str]]
) -> None:
    ledger, ids = city
    with ledger.write() as conn:  # as a merge from below might leave it: past the form's bound
        conn.execute(text("UPDATE operator SET name = :n WHERE id = :i"),
                     {"n": "长" * 501, "i": ids["戊"]})
    with pytest.raises(UsageError, match=r"名单无法发布.*名称不对"):
        operators.publish(ledger, ON, today=TODAY)
    assert operators.published(ledger).versions == ()
    assert records.get(ledger, "operators", ids["甲"])["qualified"] is False  # nothing half-done
