"""年度考核: a district's (or zone's, or every district's of the city) year, item by item, with
points added for finishing early or beyond target and taken off for lagging (scoring.assess),
each item's evidence listed, the points table printed with it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from app.domain import china_time, rates, scoring
from app.domain.coverage import FunctionCoverage, coverage
from app.domain.enums import Level, ProjectTier
from app.io.document import Align, Block, Document, Furniture, Table, heading, note
from app.io.report_file import check_suffix, write_document
from app.services.areas import default_unit
from app.services.data_state import Silent, silent_streets, silent_text
from app.services.periods import Period, parse_year
from app.services.programme_facts import Planned, Standing, Unit, managing_units, standing
from app.services.reports import ReportResult, area_path, data_as_of
from app.store import programme
from app.store.areas import CITY, Scope
from app.store.db import Ledger
from app.store.settings import get_setting


@dataclass(frozen=True)
class UnitAssessment:
    """One district's (or zone's) year: its items' points and what they rest on."""

    unit: Unit
    result: scoring.Assessment
    never_reported: bool = False
    """None of its streets ever sent data: it earns no base points and no bonus."""

    @property
    def total(self) -> Fraction:
        return self.result.total

    @property
    def name(self) -> str:
        """The district's name, marked when it never reported."""
        return self.unit.name + ("（从未报送）" if self.never_reported else "")


@dataclass(frozen=True)
class YearAssessment:
    """The year's assessment of an area's 区县（开发区）, by total, highest first."""

    period: Period
    scope: Scope
    rules: scoring.Scoring
    units: tuple[UnitAssessment, ...]
    silent: tuple[Silent, ...]
    """The streets this ledger holds no reported data of (missing from the figures)."""
    directory: bool
    """The city's programme directory decided the projects' tiers."""


def year_assessment(ledger: Ledger, scope: Scope | None, year: str, *,
                    now: dt.datetime | None = None) -> YearAssessment:
    """Assess a district or zone (or, at city scope, every one) for a year written 2026."""
    scope = scope or CITY
    units = managing_units(ledger, scope)  # UsageError below a district
    period = parse_year(year, now or china_time.utc_now())
    facts = standing(ledger, scope, period)
    rules = programme.scoring(ledger)
    assessed = []
    for u in units:
        never = never_reported(facts, u)
        assessed.append(UnitAssessment(
            u, scoring.assess(rules, assessment_items(u, facts, rules), never_reported=never),
            never))
    assessed.sort(key=lambda a: (-a.total, a.unit.key))
    return YearAssessment(period, scope, rules, tuple(assessed),
                          tuple(silent_streets(ledger, scope)), facts.directory)


def never_reported(facts: Standing, unit: Unit) -> bool:
    """None of the district's streets has ever sent data (or it has no street)."""
    return all(r.last is None for r in facts.street_reports(unit))


def assessment_items(unit: Unit, facts: Standing, rules: scoring.Scoring
                     ) -> list[scoring.ItemInput]:
    """The six items of a district's year (scoring.ITEMS), each with its evidence."""
    planned = facts.planned(unit)
    national = ProjectTier.NATIONAL_PILOT
    return [
        _milestones("pilots", [p for p in planned if p.entry.tier is national
                               and not p.entry.street_unit], facts.period, rules),
        _milestones("street_units", [p for p in planned if p.entry.tier is national
                                     and p.entry.street_unit], facts.period, rules),
        _milestones("city_projects", [p for p in planned
                                      if p.entry.tier is ProjectTier.CITY_PROJECT],
                    facts.period, rules),
        _coverage(coverage(facts.states(unit), facts.targets), rules),
        _demands(facts, unit),
        _reporting(facts, unit, rules),
    ]


ON_TIME_LISTED = 20
"""Milestones reached on time (neither early nor late) are named one by one up to this many."""


def _milestones(key: str, planned: list[Planned], period: Period, rules: scoring.Scoring
                ) -> scoring.ItemInput:
    """Planned milestones due in the year: reached by their date (done), early, or late."""
    due = done = early = late = 0
    evidence, on_time = [], []
    for project in sorted(planned, key=lambda p: (p.name, p.entry.project)):
        for found in project.late(period.after):
            if not period.first <= found.due <= period.last:
                continue
            due += 1
            what = f"{project.name}·{project.entry.project}：{found.label}计划 {found.due}"
            if found.days_late == 0:
                done += 1
                if found.early_days >= rules.early_days:
                    early += 1
                    evidence.append(f"{what}，{found.reached} 完成，提前 {found.early_days} 天")
                else:
                    on_time.append(f"{what}，{found.reached} 完成，按期")
            else:
                late += 1
                evidence.append(
                    f"{what}，{found.reached} 完成，逾期 {found.days_late} 天" if found.reached
                    else f"{what}，截至 {period.last} 未完成，逾期 {found.days_late} 天"
                    + ("（尚未登记该项目）" if project.record is None else ""))
    if not due:
        evidence.append("当年无到期节点")
    elif len(on_time) > ON_TIME_LISTED:  # the early and late ones earn or lose points: all named
        evidence.insert(0, f"当年到期节点 {due} 个，按期完成 {done} 个（其中提前 {early} 个），"
                           f"逾期或未完成 {late} 个；按期完成的 {len(on_time)} 个不逐一列出")
    else:
        evidence[:0] = on_time
    return scoring.ItemInput(key, due, done, early, late, tuple(evidence))


def _coverage(cover: list[FunctionCoverage], rules: scoring.Scoring) -> scoring.ItemInput:
    """Functions meeting their 2030 target at the year's end, and those beyond it."""
    beyond_by = rules.beyond_points / 100
    met = [c for c in cover if c.met]
    beyond = [c for c in met if c.share is not None
              and c.share >= rates.exact(c.target) + beyond_by]
    missed = [c for c in cover if not c.met]

    def named(items: list[FunctionCoverage], extra: Callable[[FunctionCoverage], str]) -> str:
        return "、".join(f"{c.function.label} {c.rate_text}（目标 {c.target_text}{extra(c)}）"
                        for c in items)

    evidence = []
    if met:
        evidence.append(f"达标 {len(met)} 项：{named(met, lambda c: '')}")
    if beyond:
        evidence.append(f"超过目标 {_points(rules.beyond_points)} 个百分点及以上 "
                        f"{len(beyond)} 项：{'、'.join(c.function.label for c in beyond)}")
    if missed:
        evidence.append(f"未达标 {len(missed)} 项：{named(missed, _short)}")
    return scoring.ItemInput("coverage", len(cover), len(met), len(beyond), 0, tuple(evidence))


def _short(c: FunctionCoverage) -> str:
    return "" if c.missing is None else f"，{c.verdict_text}"


def _points(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{float(value):g}"


def _demands(facts: Standing, unit: Unit) -> scoring.ItemInput:
    count = facts.demand_count(unit)
    return scoring.ItemInput("demands", count.due, count.closed, evidence=(
        f"年初未办结 {count.open_at_start} 件，当年登记 {count.received} 件，"
        f"年内办结（已解决或不予采纳）{count.closed} 件",))


def _reporting(facts: Standing, unit: Unit, rules: scoring.Scoring) -> scoring.ItemInput:
    """Streets with a report within stale_days of the year's end."""
    reports = facts.street_reports(unit)
    last = facts.period.last
    quiet = [r for r in reports
             if (days := r.days_silent(last)) is None or days >= rules.stale_days]
    evidence = [f"{len(reports)} 个街道中 {len(reports) - len(quiet)} 个在 {last} 前 "
                f"{rules.stale_days} 天内有报送"]
    if quiet:
        evidence.append("未按时报送：" + "、".join(
            f"{r.street}（从未报送）" if r.last is None else
            f"{r.street}（最近报送 {china_time.local(r.last).date()}）" for r in quiet))
    return scoring.ItemInput("reporting", len(reports), len(reports) - len(quiet),
                             evidence=tuple(evidence))


# --- the printed assessment ---------------------------------------------------------------


def assessment_document(ledger: Ledger, assessed: YearAssessment, *, unit: str | None = None,
                        today: dt.date | None = None, now: dt.datetime | None = None
                        ) -> Document:
    """The assessment as a report: at city scope a summary by total, then each district's
    items with their evidence, then the points table and its note."""
    scope = assessed.scope
    made_at = china_time.local(now) if now is not None else china_time.now()
    furniture = Furniture(
        title=f"社区嵌入式服务设施建设年度考核（{assessed.period.title}）",
        area=area_path(ledger, scope), unit=unit or default_unit(ledger, scope),
        printed_on=today or made_at.date(), preparer=get_setting(ledger, "preparer") or "",
        wide=True, made_at=made_at)
    document = Document(furniture, [f"{assessed.period.span_text}　{data_as_of(ledger, scope)}"])
    several = scope.level is Level.CITY
    if several:
        document.blocks += [*_summary(assessed), heading("二、各区县（开发区）考核明细")]
    for n, one in enumerate(assessed.units, start=1):
        document.blocks += _detail(one, assessed.rules, f"{n}. " if several else "", several)
    if not assessed.units:
        document.blocks.append(note("本范围内没有可考核的区县（开发区）。"))
    document.blocks += [
        heading("考核细则"),
        Table(["考核项目", "基础分", "加分", "减分"], scoring.points_rules(assessed.rules),
              [16, 40, 26, 18]),
        note(scoring.points_note(assessed.rules)),
        *(note(line) for line in _notes(assessed)),
    ]
    return document


def _summary(assessed: YearAssessment) -> list[Block]:
    headers = ["名次", "区县（开发区）", *(label for _k, label in scoring.ITEMS),
               "加分", "减分", "总分"]
    right: list[Align] = ["right"] * (len(scoring.ITEMS) + 3)
    rows = [[n, a.name, *(_score(i.base) for i in a.result.items), a.result.bonus,
             a.result.deduction, _score(a.total)]
            for n, a in enumerate(assessed.units, start=1)]
    return [heading("一、各区县（开发区）考核得分（由高到低）"),
            Table(headers, rows, [6, 18, *([11] * len(scoring.ITEMS)), 7, 7, 9],
                  ["centre", "left", *right]),
            note("各项为基础得分；加分、减分为合计后按上限计的分数。总分相同的按区划代码先后排列。")]


def _detail(one: UnitAssessment, rules: scoring.Scoring, number: str, several: bool
            ) -> list[Block]:
    """One district's items: full and earned base points, bonus, deduction, evidence."""
    result = one.result
    rows: list[list[object]] = []
    for i in result.items:  # a line of evidence a row: a long list may run over pages
        lines = i.facts.evidence or ("",)
        rows.append([i.label, rules.base.get(i.facts.key, 0), _score(i.base), i.bonus or "—",
                     i.deduction or "—", lines[0]])
        rows += [["", "", "", "", "", line] for line in lines[1:]]
    raw_bonus = sum(i.bonus for i in result.items)
    raw_deduction = sum(i.deduction for i in result.items)
    rows.append(["合计", sum(rules.base.get(i.facts.key, 0) for i in result.items),
                 _score(result.base), _capped(raw_bonus, result.bonus),
                 _capped(raw_deduction, result.deduction),
                 f"总分 = 基础得分 + 加分 − 减分 = {scoring.printed(result.total)} 分"])
    total = f"总分 {scoring.printed(result.total)} 分"
    return [heading(f"{number}{one.name}：{total}" if several else f"考核结果：{total}"),
            Table(["考核项目", "满分", "基础得分", "加分", "减分", "依据"], rows,
                  [16, 7, 9, 7, 7, 60], ["left", "right", "right", "right", "right", "left"])]


def _capped(raw: int, capped: int) -> str | int:
    return f"{raw}（按上限计 {capped}）" if raw != capped else capped


def _score(value: Fraction) -> Decimal:
    return Decimal(scoring.printed(value))


def _notes(assessed: YearAssessment) -> list[str]:
    found = ["各项数据按各项修改在录入设备上的时间计入年度；节点按期指在计划日期当天或之前完成；"
             "开发区管理的街道计入开发区。"]
    if not assessed.directory:
        found.append("本台账尚未收到市级项目名录，试点和市级项目按各项目自身的项目类型和计划年度计算。")
    if assessed.silent:
        found.append(f"尚无报送数据的街道（{len(assessed.silent)} 个），其情况未计入本考核："
                     f"{silent_text(list(assessed.silent))}")
    return found


def assessment_report(ledger: Ledger, scope: Scope | None, year: str, out: Path, *,
                      unit: str | None = None, today: dt.date | None = None,
                      now: dt.datetime | None = None) -> ReportResult:
    """Write the year's assessment to a .pdf or .xlsx file (the suffix decides)."""
    check_suffix(out)
    assessed = year_assessment(ledger, scope, year, now=now)
    pages = write_document(out, assessment_document(ledger, assessed, unit=unit, today=today,
                                                    now=now))
    return ReportResult(out, pages, len(assessed.units))
