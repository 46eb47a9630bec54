"""The wall chart (挂图作战) of an area: its projects by district, from the programme's progress.

Each district (or zone) starts a page; within it the tiered projects come first (national pilots,
then city projects, by street), then the area's other projects (其他, grey), planned by their
计划年度 where they have one. Drawing is app/io/wall_chart.py's.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

from app.domain.programme import MILESTONES
from app.errors import UsageError
from app.io.wall_chart import ChartGroup, ChartRow, Mark, Paper, WallChart, write_wall_chart
from app.services.areas import default_unit
from app.services.cuts import By
from app.services.progress import Progress, ProjectProgress, progress
from app.services.progress_report import date_text
from app.services.reports import ReportResult, _made, area_path, data_as_of
from app.store.areas import Scope
from app.store.db import Ledger

LETTERS = {"approved_on": "立", "designed_on": "设", "started_on": "开", "completed_on": "竣",
           "accepted_on": "验", "operating_on": "运"}
"""Each milestone's one-character mark on the chart."""


def wall_chart(ledger: Ledger, scope: Scope | None, out: Path, *, paper: str = "A3",
               day: dt.date | None = None, by: By = "managing", unit: str | None = None,
               today: dt.date | None = None, now: dt.datetime | None = None) -> ReportResult:
    """Draw the area's wall chart as a PDF (A3 or A4 landscape); a workbook is refused."""
    if out.suffix.lower() != ".pdf":
        raise UsageError(f"挂图作战图只能输出为 PDF（A3 或 A4 横向打印），不能输出为 Excel："
                         f"请把“{out.name}”改为 .pdf 结尾")
    if paper not in ("A3", "A4"):
        raise UsageError(f"纸张“{paper}”不对：挂图作战图用 A3 或 A4")
    made = _made(today, now)
    found = progress(ledger, scope, day=day, by=by, today=made["printed_on"])
    chart = WallChart(
        title=f"社区嵌入式服务设施建设挂图作战图（截至 {date_text(found.day)}）",
        area=area_path(ledger, scope), day=found.day, as_of=data_as_of(ledger, scope),
        unit=unit or default_unit(ledger, scope), printed_on=made["printed_on"],
        groups=chart_groups(found), made_at=made["made_at"], absent=absent_areas(found),
        legend=[(LETTERS[name], label) for name, label in MILESTONES])
    sized: Paper = "A3" if paper == "A3" else "A4"
    pages = write_wall_chart(out, chart, sized)
    return ReportResult(out, pages, len(found.projects) + len(found.others))


def chart_groups(found: Progress) -> list[ChartGroup]:
    """The chart's districts in the report's order, each with its rows (tiered ones first)."""
    groups: dict[str | None, tuple[str, list[ChartRow]]] = {}
    for row in found.rows:
        groups[row.id] = (row.name, [])
    for project in (*found.projects, *found.others):
        area = project.place.area
        groups.setdefault(area.id, (area.name, []))[1].append(chart_row(project))
    missing: dict[str, list[str]] = defaultdict(list)
    for silent in found.silent:
        missing[silent.district].append(silent.street)
    return [ChartGroup(name, rows, tuple(missing.get(name, ())))
            for name, rows in groups.values() if rows]


def absent_areas(found: Progress) -> list[str]:
    """The districts (or zones) with streets missing from the figures and no row on the chart."""
    shown = {group.title for group in chart_groups(found)}
    return list(dict.fromkeys(s.district for s in found.silent if s.district not in shown))


def chart_row(project: ProjectProgress) -> ChartRow:
    """A project's row: its planned milestones (red when late) and those it reached."""
    late = {item.milestone: item for item in project.late}
    marks = [Mark(LETTERS[m], due, False, late=m in late) for m, due in project.plan.items()]
    marks += [Mark(LETTERS[m], day, True, late=m in late) for m, day in project.reached.items()]
    place = " / ".join(p for p in (project.place.street, project.place.community) if p)
    if not project.recorded:
        place += "（未登记）"
    return ChartRow(project.name, project.tier.label, place, marks, project.days_late,
                    muted=project.tier.value == "other")
