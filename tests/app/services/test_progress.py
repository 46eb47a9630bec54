"""Programme progress and per-district target compliance on ledgers of known numbers."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain.enums import Function, Level, ProjectTier
from app.domain.programme import ChangeKind, TierChange
from app.errors import UsageError
from app.services import records
from app.services.areas import resolve_scope
from app.services.compliance import target_compliance
from app.services.progress import AreaProgress, Progress, progress
from app.store import programme
from app.store.db import Ledger
from tests.app.services.programme_ledger import (
    E6,
    E7,
    P2,
    P3,
    P4,
    P5,
    P6,
    RECORDED_ON,
    START,
    TODAY,
    R,
    at,
    fill_programme,
)


def _pilots(area: AreaProgress) -> dict[int, tuple[int, int, int | None]]:
    return {p.year: (p.planned, p.done, p.target) for p in area.pilots}


def _row(found: Progress, name: str) -> AreaProgress:
    return next(r for r in found.rows if r.name == name)


def test_the_citys_figures_today(ledger: Ledger) -> None:
    fill_programme(ledger)
    found = progress(ledger, None, today=TODAY)
    assert found.day == TODAY and found.by == "managing"
    assert found.source.version == 3 and "第 3 版" in found.source.text
    total = found.total
    assert _pilots(total) == {2024: (1, 1, 35), 2025: (2, 0, 32), 2026: (1, 0, 40)}
    city = total.city
    assert (city.listed, city.ready, city.ready_by_due, city.late, city.target) == (2, 1, 1, 0, 90)
    assert (total.street_units, total.street_units_late, total.late, total.not_recorded) == (
        1, 1, 3, 1)
    # late first, most days late first, each with its milestone, due date and how late
    assert [(p.name, p.worst.label, p.worst.due, p.worst.reached, p.days_late)
            for p in found.late if p.worst] == [
        (R, "投入运营", dt.date(2025, 12, 31), dt.date(2026, 9, 1), 244),
        (P2, "投入运营", dt.date(2025, 12, 31), dt.date(2026, 2, 1), 32),
        (P5, "竣工", dt.date(2025, 12, 31), dt.date(2026, 1, 15), 15),
    ]
    assert [(p.name, p.recorded, p.place.community) for p in found.not_recorded] == [
        (E6, False, "四府街社区")]
    assert [p.name for p in found.street_units] == [P5]
    assert P6 in {p.name for p in found.others}  # left the directory: 其他 now


def test_per_district_rows_in_the_managing_and_the_legal_cut(ledger: Ledger) -> None:
    fill_programme(ledger)
    managing = progress(ledger, None, today=TODAY)
    xincheng = _row(managing, "新城区")
    assert _pilots(xincheng) == {2024: (1, 1, None), 2025: (1, 0, None), 2026: (0, 0, None)}
    assert (xincheng.city.listed, xincheng.city.ready, xincheng.street_units, xincheng.late) == (
        1, 1, 1, 2)
    qujiang = _row(managing, "曲江新区")
    assert qujiang.level is Level.ZONE
    assert _pilots(qujiang) == {2024: (0, 0, None), 2025: (1, 0, None), 2026: (1, 0, None)}
    assert (qujiang.city.listed, qujiang.city.ready, qujiang.late, qujiang.not_recorded) == (
        1, 0, 1, 1)
    assert _row(managing, "碑林区").city.listed == 0
    legal = progress(ledger, None, today=TODAY, by="legal")
    assert "曲江新区" not in {r.name for r in legal.rows}
    beilin = _row(legal, "碑林区")
    assert _pilots(beilin) == _pilots(qujiang) and beilin.city == qujiang.city
    assert legal.total == managing.total
    names = [r.name for r in managing.rows]
    assert names.index("新城区") < names.index("碑林区") < names.index("曲江新区")


def test_a_districts_and_a_streets_figures(ledger: Ledger) -> None:
    fill_programme(ledger)
    district = progress(ledger, resolve_scope(ledger, "district:新城区"), today=TODAY)
    assert _pilots(district.total) == {2024: (1, 1, None), 2025: (1, 0, None), 2026: (0, 0, None)}
    assert district.total.city.target is None  # the plan's figures are the city's
    assert [r.name for r in district.rows] == ["新城区"]
    street = progress(ledger, resolve_scope(ledger, "street:西一路街道"), today=TODAY)
    assert street.total.city.listed == 1 and street.total.pilots[1].planned == 0
    with pytest.raises(UsageError, match="按街道、区县"):
        progress(ledger, resolve_scope(ledger, "community:610102005001"), today=TODAY)


def test_tier_changes_count_by_the_day_of_the_figure(ledger: Ledger) -> None:
    fill_programme(ledger)
    may = progress(ledger, None, day=dt.date(2026, 5, 20), today=TODAY)
    july = progress(ledger, None, day=dt.date(2026, 7, 1), today=TODAY)
    september = progress(ledger, None, day=dt.date(2026, 9, 30), today=TODAY)
    # 东七路二期 left on 15 June: a 2026 pilot in May, not in July
    assert _pilots(may.total)[2026][0] == 2 and _pilots(july.total)[2026][0] == 1
    assert P6 in {p.name for p in may.projects} and P6 not in {p.name for p in july.projects}
    # 四府街替补 replaced 西一路试点 on 1 August: the place (新城区 → 曲江新区) and the plan move
    assert _pilots(_row(july, "新城区"))[2025][0] == 2
    assert _pilots(_row(july, "曲江新区"))[2025][0] == 0
    assert E7 in {p.name for p in july.not_recorded}
    assert _pilots(_row(september, "新城区"))[2025][0] == 1
    assert _pilots(_row(september, "曲江新区"))[2025][0] == 1
    newcomer = next(p for p in september.projects if p.name == R)
    assert newcomer.year == 2025 and newcomer.plan == {"operating_on": dt.date(2025, 12, 31)}
    assert newcomer.days_late == 244  # operating 2026-09-01, due with its place's batch
    # the unrecorded 西一路试点 was late by the July figure: not started, 182 days past due
    gone = next(p for p in july.late if p.name == E7)
    assert (gone.recorded, gone.worst and gone.worst.reached, gone.days_late) == (False, None, 182)


def test_a_past_figure_never_moves(ledger: Ledger) -> None:
    fill_programme(ledger)
    before = progress(ledger, None, day=dt.date(2026, 9, 30), today=TODAY)
    assert before.total.city.ready == 1
    with at(RECORDED_ON.replace(month=10, day=8)):  # entered in October, dated September
        project = records.get(ledger, "projects", P4)
        records.update(ledger, "projects", project["id"],
                       {"accepted_on": "2026-09-20", "acceptance": "通过"})
    again = progress(ledger, None, day=dt.date(2026, 9, 30), today=TODAY)
    assert again == before
    now = progress(ledger, None, today=TODAY)
    assert now.total.city.ready == 2 and now.total.city.ready_by_due == 2
    with pytest.raises(UsageError, match="还没有到"):
        progress(ledger, None, day=TODAY + dt.timedelta(days=1), today=TODAY)


def test_a_failed_acceptance_is_not_ready(ledger: Ledger) -> None:
    fill_programme(ledger)
    with at(RECORDED_ON.replace(month=10, day=8)):
        project = records.get(ledger, "projects", P3)
        records.update(ledger, "projects", project["id"], {"acceptance": "未通过"})
    found = progress(ledger, None, today=TODAY)
    assert found.total.city.ready == 0
    failed = next(p for p in found.projects if p.name == P3)
    assert failed.failed and "accepted_on" not in failed.reached


def test_without_a_directory_the_projects_own_tiers_stand_in(ledger: Ledger) -> None:
    fill_programme(ledger, directory=False)
    found = progress(ledger, None, today=TODAY)
    assert found.source.version is None and "自填" in found.source.text
    # the records: pilots 2024 东七路一期; 2025 西七路, 四府街替补; 2026 东七路二期 (never left)
    assert _pilots(found.total) == {2024: (1, 1, 35), 2025: (2, 0, 32), 2026: (1, 0, 40)}
    assert (found.total.city.listed, found.total.city.ready) == (2, 1)
    assert found.not_recorded == tuple(p for p in found.projects if not p.recorded)
    # the plan's other two street-unit pilots have recorded nothing: listed as not recorded
    units = {p.place.street: (p.recorded, p.days_late) for p in found.street_units}
    assert units == {"解放门街道": (True, 15), "南院门街道": (False, 703),
                     "北院门街道": (False, 703)}
    assert all(p.tier is not ProjectTier.OTHER for p in found.projects)


def test_the_areas_missing_from_the_figures_are_named(ledger: Ledger) -> None:
    fill_programme(ledger)
    found = progress(ledger, resolve_scope(ledger, "district:新城区"), today=TODAY)
    silent = {s.street for s in found.silent}
    assert "解放门街道" not in silent and "西一路街道" not in silent
    assert "中山门街道" in silent


def test_each_district_against_each_target(ledger: Ledger) -> None:
    ids = fill_programme(ledger)
    with at(RECORDED_ON):
        for community in ("东七路社区", "西七路社区", "西一路社区"):
            records.create(ledger, "functions", {"community": ids[community], "function": "养老",
                                                 "status": "运营中"})
        records.create(ledger, "functions", {"community": ids["东七路社区"], "function": "托育",
                                             "status": "已建成"})
    managing = target_compliance(ledger, None, today=TODAY)
    rows = {r.name: r for r in managing.rows}
    xincheng = {c.function: c for c in rows["新城区"].functions}
    assert rows["新城区"].counted == 3
    assert xincheng[Function.ELDERLY_CARE].met and xincheng[Function.ELDERLY_CARE].rate_text == (
        "100%")
    assert xincheng[Function.INFANT_CARE].verdict_text == "还差 1 个"  # 1/3 against 50 %
    assert xincheng[Function.HEALTH].verdict_text == "还差 3 个"
    assert rows["新城区"].met == (Function.ELDERLY_CARE,)
    qujiang = {c.function: c for c in rows["曲江新区"].functions}
    assert qujiang[Function.ELDERLY_CARE].verdict_text == "还差 1 个"
    assert rows["碑林区"].counted == 0
    assert {c.verdict_text for c in rows["碑林区"].functions} == {"—"}
    elderly = managing.total.functions[0]
    assert (elderly.covered, elderly.total, elderly.rate_text, elderly.verdict_text) == (
        3, 4, "75%", "还差 1 个")
    legal = {r.name: r for r in target_compliance(ledger, None, by="legal", today=TODAY).rows}
    assert "曲江新区" not in legal and legal["碑林区"].functions == rows["曲江新区"].functions
    # a figure for a day before the statuses were entered: nothing covered yet
    early = target_compliance(ledger, None, day=dt.date(2026, 1, 9), today=TODAY)
    assert early.total.counted == 0
    later = target_compliance(ledger, None, day=dt.date(2026, 1, 10), today=TODAY)
    assert later.total.functions == managing.total.functions


def test_an_entry_in_a_community_not_recorded_here_counts_under_its_street(
        ledger: Ledger) -> None:
    fill_programme(ledger)
    programme.add_change(ledger, TierChange(
        START, ChangeKind.JOIN, "兴隆坊社区综合体", ProjectTier.NATIONAL_PILOT,
        "610102005010", year=2026, reason="增补"))
    found = progress(ledger, None, today=TODAY)
    placed = {p.name: p.place for p in found.not_recorded}["兴隆坊社区综合体"]
    assert (placed.area.name, placed.street, placed.community) == (
        "新城区", "解放门街道", "610102005010")  # by the code: street 610102005000
    xincheng = {r.name: r for r in found.rows}["新城区"]
    assert xincheng.not_recorded == 1
