"""The progress report (建设进度): late projects first, pilots, street units, city projects, each
district's progress and its compliance with the nine 2030 targets, as a PDF or a workbook."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from app.domain.enums import Function
from app.domain.programme import CITY_PROJECTS_DUE, MILESTONE_LABELS, PILOTS_PLANNED
from app.io.document import Align, Block, Document, Furniture, Table, Text, heading, note
from app.io.report_file import check_suffix, write_document
from app.services.areas import default_unit
from app.services.compliance import AreaCompliance, Compliance, target_compliance
from app.services.cuts import BY_LABELS, By
from app.services.data_state import silent_text
from app.services.progress import AreaProgress, Progress, ProjectProgress, progress
from app.services.reports import ReportResult, _made, area_path, data_as_of
from app.store.areas import Scope
from app.store.db import Ledger
from app.store.settings import get_setting

NOT_REACHED = "尚未完成"
CENTRE: Align = "centre"


def date_text(day: dt.date) -> str:
    """A date as reports print it: 2026年12月4日."""
    return f"{day.year}年{day.month}月{day.day}日"


def progress_report(ledger: Ledger, scope: Scope | None, out: Path, *,
                    day: dt.date | None = None, by: By = "managing", unit: str | None = None,
                    today: dt.date | None = None, now: dt.datetime | None = None
                    ) -> ReportResult:
    """The programme's progress in an area on a day, written as `out` says (.pdf or .xlsx)."""
    check_suffix(out)
    made = _made(today, now)
    found = progress(ledger, scope, day=day, by=by, today=made["printed_on"])
    compliance = target_compliance(ledger, scope, day=found.day, by=by,
                                   today=made["printed_on"])
    document = progress_document(ledger, scope, found, compliance, unit=unit, made=made)
    pages = write_document(out, document)
    return ReportResult(out, pages, len(found.projects))


def progress_document(ledger: Ledger, scope: Scope | None, found: Progress,
                      compliance: Compliance, *, unit: str | None, made: dict[str, Any]
                      ) -> Document:
    """The report as a Document: what it says, laid out by app/io."""
    furniture = Furniture(
        title=f"社区嵌入式服务设施建设进度（截至 {date_text(found.day)}）",
        area=area_path(ledger, scope), unit=unit or default_unit(ledger, scope),
        preparer=get_setting(ledger, "preparer") or "", wide=True, **made)
    lines = [f"统计口径：{BY_LABELS[found.by]}　{data_as_of(ledger, scope)}"]
    document = Document(furniture, lines)
    document.blocks += [
        *late_section(found),
        *pilot_section(found),
        *street_unit_section(found),
        *city_section(found),
        *district_section(found),
        *compliance_section(compliance),
        *notes_section(found),
    ]
    return document


def _where(project: ProjectProgress) -> str:
    place = project.place
    return " / ".join(p for p in (place.area.name, place.street, place.community) if p)


def late_section(found: Progress) -> list[Block]:
    """一、the projects late against their plan, most days late first."""
    title = heading(f"一、滞后于计划节点的项目（{len(found.late)} 个，按滞后天数由多到少）")
    if not found.late:
        return [title, note("截至统计日，没有滞后于计划节点的项目。")]
    rows = []
    for n, project in enumerate(found.late, start=1):
        worst = project.worst
        assert worst is not None
        reached = date_text(worst.reached) if worst.reached else NOT_REACHED
        remark = "名录已列，街道尚未登记（按未开工计）" if not project.recorded else (
            "延期完成" if worst.reached else "逾期未完成")
        rows.append([n, project.name, project.tier.label, _where(project), worst.label,
                     date_text(worst.due), reached, worst.days_late, remark])
    return [title, Table(
        ["序号", "项目名称", "项目类型", "所在区域", "滞后节点", "计划完成", "实际完成",
         "滞后天数", "说明"], rows, [6, 30, 9, 30, 9, 14, 14, 9, 20],
        ["centre", "left", "centre", "left", "centre", "centre", "centre", "right", "left"])]


def pilot_section(found: Progress) -> list[Block]:
    """二、national pilot communities per batch year against the plan."""
    total = found.total
    city = total.pilots[0].target is not None if total.pilots else False
    headers = ["批次年度", "名录所列", "已投入运营", "未投入运营"]
    if city:
        headers.insert(1, "全市计划")
    rows = []
    for year in total.pilots:
        row: list[Any] = [f"{year.year}年", year.planned, year.done, year.planned - year.done]
        if city:
            row.insert(1, year.target if year.target is not None else "—")
        rows.append(row)
    blocks: list[Block] = [
        heading("二、国家试点社区（按批次年度）"),
        Table(headers, rows, [1] * len(headers), ["centre"] * len(headers)),
        note("按批次年度统计：当年 12 月 31 日前（当年的按统计日前）投入运营的计为完成。"
             + ("全市计划：" + "、".join(f"{y}年 {n} 个" for y, n in PILOTS_PLANNED.items())
                + "。" if city else "")),
    ]
    if total.unbatched:
        blocks.append(note(
            f"另有 {total.unbatched} 个国家试点社区项目未写明批次年度，未计入上表。"))
    return blocks


def street_unit_section(found: Progress) -> list[Block]:
    """三、the street-unit pilots against their milestones (plan, build, operate)."""
    title = heading("三、以街道为单元的国家试点")
    if not found.street_units:
        return [title, note("本区域没有以街道为单元的国家试点。")]
    milestones = ("designed_on", "completed_on", "operating_on")
    rows = []
    for project in found.street_units:
        cells = []
        for milestone in milestones:
            due = project.plan.get(milestone)
            reached = project.reached.get(milestone)
            cells.append(f"计划 {date_text(due) if due else '—'}\n"
                         f"实际 {date_text(reached) if reached else NOT_REACHED}")
        state = f"滞后 {project.days_late} 天" if project.days_late else "按计划推进"
        if not project.recorded:
            state += "（尚未登记）"
        rows.append([project.place.street, project.name, *cells, state])
    return [title, Table(
        ["街道", "项目名称", *(MILESTONE_LABELS[m] for m in milestones), "进度"], rows,
        [14, 30, 20, 20, 20, 16], ["centre", "left", "left", "left", "left", "centre"])]


def city_section(found: Progress) -> list[Block]:
    """四、city-level projects ready against the plan and the due date."""
    city = found.total.city
    headers = ["名录所列", "具备运营条件", f"其中 {date_text(city.due)} 前具备", "滞后"]
    row: list[Any] = [city.listed, city.ready, city.ready_by_due, city.late]
    if city.target is not None:
        headers.insert(0, "全市计划")
        row.insert(0, f"不少于 {city.target} 个")
    days = (CITY_PROJECTS_DUE - found.day).days
    due = (f"距 {date_text(CITY_PROJECTS_DUE)} 完成期限还有 {days} 天。" if days >= 0
           else f"完成期限 {date_text(CITY_PROJECTS_DUE)} 已过 {-days} 天。")
    return [heading("四、市级项目"),
            Table(headers, [row], [1] * len(headers), ["centre"] * len(headers)),
            note("具备运营条件：联合验收已通过或已投入运营。" + due)]


def _progress_row(row: AreaProgress) -> list[Any]:
    pilots = [f"{p.done}/{p.planned}" for p in row.pilots]
    return [row.name, *pilots, row.street_units, f"{row.city.ready}/{row.city.listed}",
            row.late, row.not_recorded]


def district_section(found: Progress) -> list[Block]:
    """五、each district's (or zone's) progress, then the area's total."""
    years = [f"{p.year}年试点\n已运营/所列" for p in found.total.pilots]
    headers = ["区县（开发区）", *years, "街道单元试点", "市级项目\n具备/所列", "滞后项目",
               "名录未登记"]
    rows = [_progress_row(r) for r in found.rows]
    rows.append(["合计", *_progress_row(found.total)[1:]])
    return [heading("五、各区县（开发区）建设进度"),
            Table(headers, rows, [22, *([13] * len(years)), 12, 14, 10, 10],
                  ["left", *([CENTRE] * (len(headers) - 1))])]


def _compliance_cell(row: AreaCompliance, function: Function) -> str:
    found = next(c for c in row.functions if c.function is function)
    verdict = found.verdict_text
    return found.rate_text if verdict == "—" else f"{found.rate_text}\n{verdict}"


def compliance_section(compliance: Compliance) -> list[Block]:
    """六、which district meets which 2030 target, 还差 N 个社区 each."""
    functions = Function.nine()
    targets = {c.function: c.target_text for c in compliance.total.functions}
    headers = ["区县（开发区）", "应计社区",
               *(f"{f.label}\n目标{targets[f]}" for f in functions), "达标项数"]
    rows: list[list[Any]] = []
    for row in (*compliance.rows, compliance.total):
        name = "合计" if row is compliance.total else row.name
        rows.append([name, row.counted, *(_compliance_cell(row, f) for f in functions),
                     f"{len(row.met)}/9" if row.counted else "—"])
    return [heading("六、各区县（开发区）2030年覆盖目标达标情况"),
            Table(headers, rows, [18, 8, *([11] * 9), 8], ["left", *([CENTRE] * 11)]),
            note("覆盖率为已建成或运营中的社区占应计社区（未回迁社区不计）的比例；"
                 "还差 N 个：再覆盖 N 个社区即达到目标。合计一行为全区域汇总。")]


def notes_section(found: Progress) -> list[Block]:
    """说明: where the tiers come from, the areas missing from the figures, what is counted."""
    lines = [found.source.text + "。",
             "滞后：计划节点已到期而尚未完成，或完成晚于计划节点；名录已列而街道尚未登记的项目按未开工计。"
             "“其他”类项目不计入本报告的统计（挂图作战图中列出）。"]
    if found.silent:
        lines.append(f"尚无报送数据的街道（{len(found.silent)} 个），以上统计未含其情况："
                     f"{silent_text(list(found.silent))}。")
    else:
        lines.append("本区域各街道均已报送数据。")
    return [heading("说明"), *(Text(f"{n}. {line}") for n, line in enumerate(lines, start=1))]
