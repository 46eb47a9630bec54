"""The one ranking formula and the assessment points: exact parts, the tie rule, caps, settings."""

from __future__ import annotations

from fractions import Fraction

import pytest

from app.domain.scoring import (
    DEFAULT,
    ItemInput,
    RankingInput,
    ScoringError,
    assess,
    parse_scoring,
    points_rules,
    printed,
    rank,
    ranking_parts,
    ranking_rules,
    with_setting,
)


def _area(key: str, **given: object) -> RankingInput:
    values: dict[str, object] = {
        "name": key, "covered_start": 0, "covered_end": 0, "counted": 10,
        "all_targets_met": False, "projects_due": 0, "projects_on_time": 0, "demands_due": 0,
        "demands_closed": 0, "stale_days": 0}
    values.update(given)
    return RankingInput(key, **values)  # type: ignore[arg-type]


def test_each_part_is_its_weight_times_its_share() -> None:
    # 10 communities × 9 functions: 3 more pairs covered = 3.33 points gained of 5 for full marks
    area = _area("610102", covered_start=20, covered_end=23, projects_due=4,
                 projects_on_time=3, demands_due=8, demands_closed=6, stale_days=14)
    parts = ranking_parts(DEFAULT, area)
    assert parts == {"coverage": Fraction(40) * Fraction(10, 3) / 5,
                     "on_time": Fraction(30 * 3, 4), "demands": Fraction(20 * 6, 8),
                     "freshness": Fraction(10 * 16, 23)}
    assert printed(sum(parts.values())) == "71.1"  # 26.667 + 22.5 + 15 + 6.957
    assert ranking_parts(DEFAULT, _area("x", all_targets_met=True))["coverage"] == 40
    assert ranking_parts(DEFAULT, _area("x", covered_start=30, covered_end=20))["coverage"] == 0
    nothing_due = ranking_parts(DEFAULT, _area("x", stale_days=40))
    assert (nothing_due["on_time"], nothing_due["demands"], nothing_due["freshness"]) == (30, 20, 0)
    never = ranking_parts(DEFAULT, _area("x", stale_days=None, all_targets_met=True))
    assert set(never.values()) == {0}  # no data earns nothing, not full marks for nothing due
    some = _area("x", stale_days=None, streets_stale=(None, 3))
    assert not some.never_reported and ranking_parts(DEFAULT, some)["on_time"] == 30


def test_ties_are_broken_by_the_parts_in_order_then_by_code() -> None:
    # 9 of 90 pairs gained = 10 points: full coverage marks
    a = _area("610103", covered_end=9, projects_due=1, projects_on_time=0)  # 40+0+20+10 = 70
    b = _area("610104")                                                      # 0+30+20+10 = 60
    c = _area("610102", covered_end=9, demands_due=1, stale_days=30)        # 40+30+0+0 = 70
    d = _area("610101", covered_end=9, demands_due=1, stale_days=30)        # the same as c
    ranked = rank(DEFAULT, [a, b, c, d])
    assert [(r.rank, r.facts.key, printed(r.total)) for r in ranked] == [
        (1, "610101", "70.0"), (2, "610102", "70.0"), (3, "610103", "70.0"),
        (4, "610104", "60.0")]  # c and d beat a on 项目按期; d before c by code
    assert ranked[0].gain_points == 10


def test_assessment_points_with_early_late_and_caps() -> None:
    items = [
        ItemInput("pilots", due=10, done=8, early=3, late=2, evidence=("东大院综合体 提前 45 天",)),
        ItemInput("street_units", due=0, done=0),
        ItemInput("city_projects", due=4, done=1, late=3),
        ItemInput("coverage", due=9, done=6, early=2),
        ItemInput("demands", due=200, done=150),
        ItemInput("reporting", due=8, done=7),
    ]
    result = assess(DEFAULT, items)
    assert [p.base for p in result.items] == [20, 10, Fraction(25, 4), Fraction(40, 3),
                                              Fraction(15, 2), Fraction(35, 4)]
    assert (result.bonus, result.deduction) == (5, 10)
    assert printed(result.total) == "60.8"  # 65.833 + 5 − 10
    assert result.total == result.base + 5 - 10
    capped = assess(with_setting(DEFAULT, "deduction_cap", "8"), items)
    assert capped.deduction == 8
    many_early = assess(DEFAULT, [ItemInput("pilots", due=20, done=20, early=20)])
    assert many_early.bonus == 10  # the bonus cap
    silent = assess(DEFAULT, items, never_reported=True)
    assert [p.base for p in silent.items] == [0] * 6  # not even the item with nothing due
    assert (silent.bonus, silent.deduction) == (0, 10)  # the late milestones still cost
    assert silent.total == -10


def test_settings_change_one_value_and_raise_the_version() -> None:
    changed = with_setting(DEFAULT, "weights.coverage", "50")
    assert changed.version == 1 and changed.weights["coverage"] == 50
    assert changed.weights["on_time"] == 30
    assert "覆盖提升（50 分）" in ranking_rules(changed)[0]
    assert "第 1 版" in ranking_rules(changed)[0]
    assert parse_scoring(changed.to_json()) == changed
    assert with_setting(DEFAULT, "full_gain", "2.5").full_gain == Fraction(5, 2)
    for name, value, message in (("weights.speed", "1", "没有“weights.speed”这一项"),
                                 ("fresh_days", "abc", "应为数字"),
                                 ("fresh_days", "40", "满分天数应小于不得分天数"),
                                 ("bonus_cap", "1.5", "应为整数"),
                                 ("stale_days", "-3", "应在 0–1000 之间")):
        with pytest.raises(ScoringError, match=message):
            with_setting(DEFAULT, name, value)
    assert [row[0] for row in points_rules(DEFAULT)] == [
        "国家试点社区建设", "街道为单元试点", "市级项目具备运营条件", "九项功能覆盖率",
        "群众需求办结", "数据报送"]


@pytest.mark.parametrize("data", [[1], {"version": "2"}, {"weights": [1]},
                                  {"weights": {"speed": 1}}, {"fresh_days": True},
                                  {"fresh_days": {"a": 1}}, {"full_gain": "0"}])
def test_hostile_scoring_is_refused(data: object) -> None:
    with pytest.raises(ScoringError):
        parse_scoring(data)


def test_printed_rounds_half_up_to_one_decimal() -> None:
    assert [printed(Fraction(x)) for x in ("87.25", "87.24", "0", "99.95")] == [
        "87.3", "87.2", "0.0", "100.0"]
