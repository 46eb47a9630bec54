"""季度排名: the districts (and zones) of the city, or the streets of a district or zone, for a
quarter, by the one formula of app/domain/scoring.py, its parts printed beside the total.

The facts are replayed from the history as they stood at the quarter's start and end (a past
ranking never moves when later data arrives, only when late data made before the end arrives).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from app.domain import china_time, scoring
from app.domain.coverage import CommunityState, coverage
from app.domain.enums import Function, Level
from app.errors import UsageError
from app.io.document import Document, Furniture, Table, Text, heading, note
from app.io.report_file import check_suffix, write_document
from app.services.areas import default_unit
from app.services.data_state import Silent, silent_streets, silent_text
from app.services.periods import Period, parse_quarter
from app.services.programme_facts import (
    Standing,
    Unit,
    managing_units,
    standing,
    street_units,
)
from app.services.reports import ReportResult, area_path, data_as_of
from app.store import programme
from app.store.areas import CITY, Scope
from app.store.db import Ledger
from app.store.settings import get_setting


@dataclass(frozen=True)
class QuarterRanking:
    """A quarter's ranking: the areas in order with their parts and facts, and what it rests on."""

    period: Period
    scope: Scope
    """The area ranked within: the city (its districts and zones), a district or a zone (its
    streets)."""
    level: Level
    """What is ranked: Level.DISTRICT (districts and zones) or Level.STREET."""
    rules: scoring.Scoring
    """The scoring rules in force (their version is printed)."""
    ranked: tuple[scoring.Ranked, ...]
    never_reported: frozenset[str]
    """The keys of the areas none of whose streets has reported anything yet."""
    elsewhere: tuple[str, ...]
    """A district's streets that rank under the zone that manages them: 张家堡街道（经开区）."""
    silent: tuple[Silent, ...]
    """The streets this ledger holds no reported data of (missing from the figures)."""
    directory: bool
    """The city's programme directory decided the projects' tiers."""

    @property
    def unit_label(self) -> str:
        return "区县（开发区）" if self.level is Level.DISTRICT else "街道"


def quarter_ranking(ledger: Ledger, scope: Scope | None, quarter: str, *,
                    now: dt.datetime | None = None) -> QuarterRanking:
    """Rank the districts and zones of the city (scope None or the city), or the streets of a
    district or zone, for a quarter written 2026Q4 (UsageError for a bad or future one)."""
    scope = scope or CITY
    if scope.level not in (Level.CITY, Level.DISTRICT, Level.ZONE):
        raise UsageError("季度排名按全市（各区县、开发区）或一个区县、开发区（其街道）出，"
                         "请用 --scope city、district:新城区 或 zone:经开区")
    period = parse_quarter(quarter, now or china_time.utc_now())
    if scope.level is Level.CITY:
        units, elsewhere = managing_units(ledger, scope), list[str]()
    else:
        units, elsewhere = street_units(ledger, scope)
    facts = standing(ledger, scope, period)
    rules = programme.scoring(ledger)
    inputs = [ranking_input(unit, facts) for unit in units]
    never = frozenset(u.key for u in units
                      if all(r.last is None for r in facts.street_reports(u)))
    return QuarterRanking(
        period, scope, Level.DISTRICT if scope.level is Level.CITY else Level.STREET, rules,
        tuple(scoring.rank(rules, inputs)), never, tuple(elsewhere),
        tuple(silent_streets(ledger, scope)), facts.directory)


def ranking_input(unit: Unit, facts: Standing) -> scoring.RankingInput:
    """What the formula needs of one area for the period (scoring.RankingInput)."""
    period = facts.period
    end = facts.states(unit)
    counted = [s for s in end if not s.not_resettled]
    cover = coverage(end, facts.targets)
    planned = facts.planned(unit)
    due = [p for p in planned if any(d <= period.last for d in p.entry.planned().values())]
    on_time = sum(all(late.days_late == 0 for late in p.late(period.after)) for p in due)
    demands = facts.demand_count(unit)
    stale = [r.days_silent(period.last) for r in facts.street_reports(unit)]
    known = [d for d in stale if d is not None]
    return scoring.RankingInput(
        key=unit.key, name=unit.name,
        covered_start=_covered(facts.states(unit, start=True)), covered_end=_covered(end),
        counted=len(counted), all_targets_met=bool(counted) and all(c.met for c in cover),
        projects_due=len(due), projects_on_time=on_time,
        demands_due=demands.due, demands_closed=demands.closed,
        stale_days=min(known) if known else None,
        streets_stale=() if unit.level is Level.STREET else tuple(stale))


def _covered(states: list[CommunityState]) -> int:
    """Function-community pairs covered (ready or operating) over the counted communities."""
    return sum(s.covers(f) for s in states if not s.not_resettled for f in Function.nine())


# --- the printed ranking ------------------------------------------------------------------


def ranking_document(ledger: Ledger, ranking: QuarterRanking, *, unit: str | None = None,
                     today: dt.date | None = None, now: dt.datetime | None = None) -> Document:
    """The ranking as a report: the table, the rules under it, the areas missing from it."""
    scope = ranking.scope
    made_at = china_time.local(now) if now is not None else china_time.now()
    within = "全市各区县（开发区）" if ranking.level is Level.DISTRICT else f"{scope.name}各街道"
    furniture = Furniture(
        title=f"社区嵌入式服务设施建设季度排名（{ranking.period.title}）",
        area=area_path(ledger, scope), unit=unit or default_unit(ledger, scope),
        printed_on=today or made_at.date(), preparer=get_setting(ledger, "preparer") or "",
        wide=True, made_at=made_at)
    document = Document(furniture, [
        f"{ranking.period.span_text}　{data_as_of(ledger, scope)}",
        f"排名范围：{within}（共 {len(ranking.ranked)} 个）"])
    weights = ranking.rules.weights
    headers = ["名次", ranking.unit_label, "总分",
               f"覆盖提升（{weights['coverage']}分）", "覆盖率提高",
               f"项目按期（{weights['on_time']}分）", "按期/到期项目",
               f"需求办结（{weights['demands']}分）", "办结/应办需求",
               f"数据及时（{weights['freshness']}分）", "距最近报送"]
    rows = [_row(r, ranking) for r in ranking.ranked]
    document.blocks.append(
        Table(headers, rows, [6, 22, 9, 10, 11, 10, 11, 10, 11, 10, 14],
              ["centre", "left", "right", "right", "centre", "right", "centre", "right",
               "centre", "right", "centre"])
        if rows else note("本范围内没有可排名的区域。"))
    document.blocks.append(heading("计分办法"))
    document.blocks += [Text(line) for line in scoring.ranking_rules(ranking.rules)]
    document.blocks += [note(line) for line in _notes(ranking)]
    return document


def _row(ranked: scoring.Ranked, ranking: QuarterRanking) -> list[object]:
    """One area's row: numbers stay numbers (for the workbook), as printed (one decimal)."""
    facts = ranked.facts

    def p(value: Fraction) -> Decimal:
        return Decimal(scoring.printed(value))

    name = facts.name + ("（从未报送）" if facts.key in ranking.never_reported else "")
    gain = "全部达标" if facts.all_targets_met else (
        f"{scoring.printed(ranked.gain_points)} 个百分点" if facts.counted else "无计入社区")
    return [ranked.rank, name, p(ranked.total),
            p(ranked.parts["coverage"]), gain,
            p(ranked.parts["on_time"]), f"{facts.projects_on_time}/{facts.projects_due}",
            p(ranked.parts["demands"]), f"{facts.demands_closed}/{facts.demands_due}",
            p(ranked.parts["freshness"]), _silence(facts)]


def _silence(facts: scoring.RankingInput) -> str:
    """Days since the last report: a street's, or the range of a district's streets."""
    if not facts.streets_stale:
        return "从未报送" if facts.stale_days is None else f"{facts.stale_days} 天"
    known = sorted(d for d in facts.streets_stale if d is not None)
    never = len(facts.streets_stale) - len(known)
    text = "" if not known else (f"{known[0]} 天" if known[0] == known[-1]
                                 else f"{known[0]}–{known[-1]} 天")
    if never:
        text += ("，" if text else "") + f"{never} 个街道从未报送"
    return text


def _notes(ranking: QuarterRanking) -> list[str]:
    found = ["覆盖率提高：季末与季初相比，九项功能覆盖率的平均提高（百分点），"
             "按各项修改在录入设备上的时间计入季度。"
             "距最近报送：区县（开发区）列出其所辖街道的最短和最长天数。"]
    if not ranking.directory:
        found.append("本台账尚未收到市级项目名录，项目按期按各项目自身的项目类型和计划年度计算。")
    if ranking.elsewhere:
        found.append(f"由开发区管理的街道在开发区内排名，不列入本表：{'、'.join(ranking.elsewhere)}。")
    if ranking.silent:
        found.append(f"尚无报送数据的街道（{len(ranking.silent)} 个），其情况未计入本排名："
                     f"{silent_text(list(ranking.silent))}")
    return found


def ranking_report(ledger: Ledger, scope: Scope | None, quarter: str, out: Path, *,
                   unit: str | None = None, today: dt.date | None = None,
                   now: dt.datetime | None = None) -> ReportResult:
    """Write the quarter's ranking to a .pdf or .xlsx file (the suffix decides)."""
    check_suffix(out)
    ranking = quarter_ranking(ledger, scope, quarter, now=now)
    pages = write_document(out, ranking_document(ledger, ranking, unit=unit, today=today,
                                                 now=now))
    return ReportResult(out, pages, len(ranking.ranked))
