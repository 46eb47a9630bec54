"""季度排名 on a ledger with known numbers: every part, the order, the tie rule, the zone cut."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

import pytest

from app.domain.enums import ProjectTier
from app.domain.programme import ChangeKind, TierChange
from app.errors import UsageError
from app.services import ranking
from app.services.areas import resolve_scope
from app.store import programme
from app.store.db import Ledger
from tests.app.services.ranking_ledger import NOW, build
from tests.helpers.pdf import pdf_text

SILENT = ["解放门街道", "自强路街道", "太华路街道", "长乐西路街道", "胡家庙街道"]
"""新城区's streets without data, in code order."""
A_TOTAL = Fraction(800, 27) + 15 + Fraction(40, 3) + Fraction(190, 23)


@pytest.fixture
def built(ledger: Ledger) -> Ledger:
    build(ledger)
    return ledger


def _district(ledger: Ledger, quarter: str = "2026Q4") -> ranking.QuarterRanking:
    return ranking.quarter_ranking(ledger, resolve_scope(ledger, "district:新城区"), quarter,
                                   now=NOW)


def test_streets_of_a_district_with_every_part_and_the_tie_rule(built: Ledger) -> None:
    result = _district(built)
    assert result.period.title == "2026年第四季度"
    assert result.period.first == dt.date(2026, 10, 1)
    assert result.period.last == dt.date(2026, 12, 31)
    order = [r.facts.name for r in result.ranked]
    # B 90; A 66.2; C and D 50 (C's coverage 40 first); then the silent
    # ones, which earn nothing, by code
    assert order == ["长乐中路街道", "西一路街道", "韩森寨街道", "中山门街道", *SILENT]
    by_name = {r.facts.name: r for r in result.ranked}
    a = by_name["西一路街道"]
    assert a.facts.covered_start == 1 and a.facts.covered_end == 2 and a.facts.counted == 3
    assert a.gain_points == Fraction(100, 27)
    assert (a.facts.projects_due, a.facts.projects_on_time) == (2, 1)
    assert (a.facts.demands_due, a.facts.demands_closed) == (3, 2)
    assert a.facts.stale_days == 11 and a.facts.streets_stale == ()
    assert dict(a.parts) == {"coverage": Fraction(800, 27), "on_time": 15,
                             "demands": Fraction(40, 3), "freshness": Fraction(190, 23)}
    assert a.total == A_TOTAL
    b = by_name["长乐中路街道"]
    assert b.facts.all_targets_met and b.facts.stale_days == 121
    assert dict(b.parts) == {"coverage": 40, "on_time": 30, "demands": 20, "freshness": 0}
    c, d = by_name["韩森寨街道"], by_name["中山门街道"]
    assert dict(c.parts) == {"coverage": 40, "on_time": 0, "demands": 0, "freshness": 10}
    assert dict(d.parts) == {"coverage": 0, "on_time": 30, "demands": 10, "freshness": 10}
    assert c.total == d.total == 50 and by_name["解放门街道"].total == 0
    assert by_name["解放门街道"].facts.stale_days is None
    assert [r.rank for r in result.ranked] == list(range(1, 10))
    assert result.never_reported == {"610102005000", "610102006000", "610102007000",
                                     "610102008000", "610102009000"}
    assert result.elsewhere == ()


def test_districts_of_the_city_with_a_zone_managed_street_under_the_zone(built: Ledger
                                                                         ) -> None:
    result = ranking.quarter_ranking(built, None, "2026Q4", now=NOW)
    names = [r.facts.name for r in result.ranked]
    assert names[:2] == ["经开区", "新城区"]
    assert len(names) == 14  # 13 districts and the one zone that manages a street
    zone, xincheng = result.ranked[0], result.ranked[1]
    assert zone.facts.covered_end == 2 and zone.facts.counted == 1
    assert dict(zone.parts) == {"coverage": 40, "on_time": 30, "demands": 20, "freshness": 10}
    assert zone.facts.streets_stale == (3,)
    weiyang = next(r for r in result.ranked if r.facts.name == "未央区")
    assert weiyang.facts.counted == 0 and weiyang.facts.covered_end == 0
    assert "未央区" in {r.facts.name for r in result.ranked if r.facts.key in
                       result.never_reported}  # 张家堡 reports to the zone, not to 未央区
    facts = xincheng.facts
    assert (facts.covered_start, facts.covered_end, facts.counted) == (10, 12, 6)
    assert (facts.projects_due, facts.projects_on_time) == (4, 2)
    assert (facts.demands_due, facts.demands_closed) == (6, 3)
    assert sorted(facts.streets_stale, key=lambda d: (d is None, d)) == [
        3, 3, 11, 121, None, None, None, None, None]
    assert dict(xincheng.parts) == {"coverage": Fraction(800, 27), "on_time": 15,
                                    "demands": 10, "freshness": Fraction(650, 207)}
    rest = result.ranked[2:]
    assert all(r.total == 0 for r in rest)  # never reported: no data earns nothing
    assert [r.facts.key for r in rest] == sorted(r.facts.key for r in rest)


def test_a_zone_ranks_its_streets_and_a_district_names_those_it_gives_up(built: Ledger
                                                                          ) -> None:
    zone = ranking.quarter_ranking(built, resolve_scope(built, "zone:经开区"), "2026Q4",
                                   now=NOW)
    assert [r.facts.name for r in zone.ranked] == ["张家堡街道"]
    weiyang = ranking.quarter_ranking(built, resolve_scope(built, "district:未央区"), "2026Q4",
                                      now=NOW)
    assert "张家堡街道" not in {r.facts.name for r in weiyang.ranked}
    assert weiyang.elsewhere == ("张家堡街道（经开区）",)


def test_changed_weights_change_the_order_and_the_printed_version(built: Ledger,
                                                                  tmp_path: Path) -> None:
    programme.set_scorings(built, {"weights.coverage": "10", "weights.freshness": "40"})
    programme.set_scorings(built, {"weights.on_time": "10", "weights.demands": "40"})
    result = _district(built)
    assert result.rules.version == 2
    assert [r.facts.name for r in result.ranked][:4] == [
        "西一路街道", "中山门街道", "长乐中路街道", "韩森寨街道"]
    out = tmp_path / "季度排名.pdf"
    ranking.ranking_report(built, resolve_scope(built, "district:新城区"), "2026Q4", out,
                           now=NOW)
    text, _pages = pdf_text(out)
    assert "计分办法（第2版）：总分=覆盖提升（10分）+项目按期（10分）+需求办结（40分）" in text


def test_the_printed_ranking(built: Ledger, tmp_path: Path) -> None:
    out = tmp_path / "季度 排名.pdf"
    result = ranking.ranking_report(built, resolve_scope(built, "district:新城区"), "2026Q4",
                                    out, now=NOW, today=dt.date(2027, 1, 15))
    assert result.items == 9
    text, pages = pdf_text(out)
    assert pages == result.pages >= 1
    assert "季度排名（2026年第四季度）" in text
    assert "统计期：2026年10月1日至2026年12月31日" in text
    assert "排名范围：新城区各街道（共9个）" in text
    # rank, area, total, then each part beside its facts
    assert "1长乐中路街道90.040.0全部达标30.00/020.00/00.0121天" in text
    assert "2西一路街道66.229.63.7个百分点15.01/213.32/38.311天" in text
    assert "5解放门街道（从未报送）0.00.0无计入社区0.00/00.00/00.0从未报送" in text
    assert "计分办法（第0版）" in text and "仍相同的按区划代码先后排列" in text
    assert "尚无报送数据的街道（5个）" in text and "解放门街道、自强路街道" in text
    assert "尚未收到市级项目名录" in text


def test_the_directory_decides_which_projects_count(built: Ledger) -> None:
    programme.add_changes(built, [
        TierChange(dt.date(2026, 1, 1), ChangeKind.JOIN, "西一路养老综合体",
                   ProjectTier.CITY_PROJECT, community="西一路一社区"),
        TierChange(dt.date(2026, 1, 1), ChangeKind.JOIN, "韩森寨二号点",
                   ProjectTier.CITY_PROJECT, community="韩森寨一社区"),
        TierChange(dt.date(2026, 1, 1), ChangeKind.JOIN, "中山门托育点",
                   ProjectTier.CITY_PROJECT, community="中山门一社区"),
    ])
    programme.add_change(built, TierChange(  # left the list before the quarter's end
        dt.date(2026, 12, 15), ChangeKind.LEAVE, "中山门托育点", ProjectTier.CITY_PROJECT,
        reason="调整为区级项目"))
    by_name = {r.facts.name: r.facts for r in _district(built).ranked}
    a, c, d = by_name["西一路街道"], by_name["韩森寨街道"], by_name["中山门街道"]
    assert (a.projects_due, a.projects_on_time) == (1, 1)  # its pilot is not in the list
    assert (c.projects_due, c.projects_on_time) == (1, 0)  # listed, not recorded: not started
    assert (d.projects_due, d.projects_on_time) == (0, 0)
    assert _district(built).directory


@pytest.mark.parametrize("quarter", ["2026Q4", "2026-Q4", "2026年第四季度", "2026年第4季度",
                                     " 2026 q4 "])
def test_quarters_in_the_forms_people_write(built: Ledger, quarter: str) -> None:
    assert _district(built, quarter).period.title == "2026年第四季度"


@pytest.mark.parametrize(("quarter", "words"), [
    ("2026Q5", "1–4"), ("2026", "写法不对"), ("26Q4", "四位"), ("", "--quarter"),
    ("2027Q2", "还没有到"),
])
def test_bad_and_future_quarters_are_refused(built: Ledger, quarter: str, words: str) -> None:
    with pytest.raises(UsageError, match=words):
        _district(built, quarter)


def test_a_running_quarter_counts_to_today(built: Ledger) -> None:
    result = ranking.quarter_ranking(built, resolve_scope(built, "district:新城区"), "2027Q1",
                                     now=NOW)
    assert result.period.running and result.period.last == dt.date(2027, 1, 15)


def test_only_the_city_a_district_or_a_zone_is_ranked(built: Ledger) -> None:
    with pytest.raises(UsageError, match="全市"):
        ranking.quarter_ranking(built, resolve_scope(built, "street:西一路街道"), "2026Q4",
                                now=NOW)
