"""The programme directory: tiers by date (调入、调出、替换), plans, reached milestones, delays."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain.enums import ProjectTier
from app.domain.programme import (
    ChangeKind,
    Directory,
    DirectoryError,
    TierChange,
    lateness,
    parse_directory,
    planned_dates,
    reached_on,
)

PILOT = ProjectTier.NATIONAL_PILOT
CITY = ProjectTier.CITY_PROJECT
D = dt.date


def _join(name: str, on: D, tier: ProjectTier = PILOT, year: int | None = 2025,
          community: str | None = "610102005004", reason: str = "首批名单", **more: object
          ) -> TierChange:
    return TierChange(on, ChangeKind.JOIN, name, tier, community=community, year=year,
                      reason=reason, **more)  # type: ignore[arg-type]


def _listed() -> Directory:
    directory = Directory()
    for change in (_join("东大院综合体", D(2024, 3, 1)), _join("兴隆坊助餐点", D(2024, 3, 1)),
                   _join("西一路托育园", D(2024, 3, 1), CITY, None)):
        directory = directory.with_change(change)
    return directory


def test_a_change_counts_from_its_day_and_the_history_keeps_every_step() -> None:
    directory = _listed().with_change(TierChange(
        D(2026, 6, 15), ChangeKind.LEAVE, "兴隆坊助餐点", PILOT, reason="选址无法落实"))
    directory = directory.with_change(TierChange(
        D(2026, 7, 1), ChangeKind.REPLACE, "东七路综合体", PILOT, community="610102005006",
        reason="原址拆迁", replaces="东大院综合体"))
    assert directory.version == 5
    may = directory.entries_on(D(2026, 5, 31))
    assert set(may) == {"东大院综合体", "兴隆坊助餐点", "西一路托育园"}
    june = directory.entries_on(D(2026, 6, 15))
    assert set(june) == {"东大院综合体", "西一路托育园"}  # left on the 15th: gone that day
    july = directory.entries_on(D(2026, 7, 1))
    assert set(july) == {"东七路综合体", "西一路托育园"}
    assert july["东七路综合体"].year == 2025  # the newcomer takes its place's batch
    assert july["东七路综合体"].replaced == "东大院综合体"
    assert directory.tier_on("东大院综合体", D(2026, 6, 30)) is PILOT
    assert directory.tier_on("东大院综合体", D(2026, 7, 1)) is ProjectTier.OTHER
    assert directory.tier_on("西一路托育园", D(2024, 2, 29)) is ProjectTier.OTHER
    assert [c.kind for c in directory.history("东大院综合体")] == [ChangeKind.JOIN,
                                                                   ChangeKind.REPLACE]
    again = parse_directory(directory.to_json())
    assert again == directory


@pytest.mark.parametrize(("change", "message"), [
    (TierChange(D(2026, 1, 1), ChangeKind.LEAVE, "没有的项目", PILOT, reason="x"), "不在名录中"),
    (TierChange(D(2026, 1, 1), ChangeKind.REPLACE, "甲", PILOT, community="1", reason="x",
                replaces="没有的项目"), "被替换的项目“没有的项目”不在名录中"),
    (TierChange(D(2026, 1, 1), ChangeKind.REPLACE, "东大院综合体", PILOT, community="1",
                reason="x", replaces="东大院综合体"), "不能替换自己"),
    (TierChange(D(2026, 1, 1), ChangeKind.LEAVE, "东大院综合体", PILOT), "须写明原因"),
    (_join("甲", D(2026, 1, 1), ProjectTier.OTHER, reason="x"), "只列国家试点项目和市级项目"),
    (_join("甲", D(2026, 1, 1), community=None, reason="x"), "须写明所在社区"),
    (_join("甲", D(2026, 1, 1), year=None, reason="x"), "须写明批次年度"),
    (_join("甲", D(2026, 1, 1), reason="x", plan={"opened": D(2026, 1, 1)}), "不是项目的里程碑"),
])
def test_a_change_that_does_not_fit_is_refused_with_its_reason(
        change: TierChange, message: str) -> None:
    directory = _listed()
    with pytest.raises(DirectoryError, match=message):
        directory.with_change(change)
    assert directory.version == 3  # unchanged


def test_plans_follow_the_tier_unless_the_city_set_dates() -> None:
    assert planned_dates(PILOT, 2024, street_unit=True) == {
        "designed_on": D(2024, 12, 31), "completed_on": D(2025, 12, 31),
        "operating_on": D(2026, 12, 31)}
    assert planned_dates(PILOT, 2025) == {"operating_on": D(2025, 12, 31)}
    assert planned_dates(CITY, None) == {"accepted_on": D(2026, 12, 31)}
    assert planned_dates(ProjectTier.OTHER, None) == {}
    entry = _join("甲", D(2024, 1, 1), plan={"started_on": D(2025, 5, 31)})
    held = Directory(0, (entry,)).entries_on(D(2025, 1, 1))["甲"]
    assert held.planned() == {"operating_on": D(2025, 12, 31), "started_on": D(2025, 5, 31)}


def test_a_later_milestone_reaches_the_earlier_ones_and_a_failed_acceptance_reaches_none() -> None:
    started = {"started_on": "2025-04-02", "completed_on": "2025-10-09"}
    assert reached_on(started, "designed_on") == D(2025, 4, 2)
    assert reached_on(started, "accepted_on") is None
    failed = {**started, "accepted_on": "2025-11-01", "acceptance": "failed",
              "operating_on": "2025-12-01"}
    assert reached_on(failed, "accepted_on") is None
    assert reached_on(failed, "operating_on") is None
    assert reached_on({**failed, "acceptance": "passed"}, "accepted_on") == D(2025, 11, 1)


def test_lateness_counts_days_past_due_on_the_day_of_the_figure() -> None:
    plan = {"started_on": D(2026, 3, 31), "operating_on": D(2026, 12, 31)}
    project = {"started_on": "2026-04-10", "operating_on": "2026-12-01"}
    before = lateness("甲", plan, project, D(2026, 6, 30))
    assert [(x.milestone, x.days_late, x.reached) for x in before] == [
        ("started_on", 10, D(2026, 4, 10))]  # operating not due yet, and not reached by then
    after = lateness("甲", plan, project, D(2027, 1, 31))
    assert [(x.milestone, x.days_late, x.early_days) for x in after] == [
        ("started_on", 10, 0), ("operating_on", 0, 30)]
    missing = lateness("乙", plan, None, D(2026, 5, 1))
    assert [(x.milestone, x.days_late, x.reached) for x in missing] == [
        ("started_on", 31, None)]


@pytest.mark.parametrize("data", [
    [1, 2], {"changes": "x"}, {"version": -1}, {"changes": [5]},
    {"changes": [{"kind": "join", "on": "2026-13-01", "project": "甲"}]},
    {"changes": [{"kind": "burn", "on": "2026-01-01", "project": "甲"}]},
    {"changes": [{"kind": "join", "on": "2026-01-01", "project": "甲" * 300}]},
    {"changes": [{"kind": "join", "on": "2026-01-01", "project": "甲", "year": "2025"}]},
    {"changes": [{"kind": "join", "on": "2026-01-01", "project": "甲", "plan": ["x"]}]},
    {"changes": [{"kind": "join", "on": "2026-01-01", "project": "甲",
                  "plan": {"built": "2026-01-01"}}]},
    {"changes": [{"kind": "join", "on": "2026-01-01"}]},
])
def test_a_hostile_directory_is_refused_with_a_chinese_reason(data: object) -> None:
    with pytest.raises(DirectoryError, match="项目名录"):
        parse_directory(data)
