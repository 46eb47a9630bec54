"""运营评估 on paper: the operators report (rollups, facilities to adjust) and the qualified list.

Both are app/io/document.py Documents, written as .pdf or .xlsx by the file's suffix. The
qualified list is put up for publicity (公示): it names operators by their name, credit code
and kind only (their contact and phone are personal), leaves room for the seal, and prints its
version, date and the thresholds it was derived by.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from app.domain import china_time
from app.domain.enums import OperatorKind
from app.domain.operators import (
    Rollup,
    Thresholds,
    Verdict,
    adjustment_rules,
    mean_text,
    threshold_lines,
)
from app.errors import UsageError
from app.io.document import Align, Block, Document, Furniture, Table, Text, heading, note
from app.io.report_file import check_suffix, write_document
from app.services import operators
from app.services.areas import default_unit, issuing_unit
from app.services.data_state import silent_streets, silent_text
from app.services.reports import ReportResult, area_path, data_as_of
from app.store.areas import Scope
from app.store.db import Ledger
from app.store.settings import get_setting

FIGURES = ("评估次数", "月均服务人次", "服务质量评分", "居民使用意愿（高/中/低）", "满意度（%）")
"""The columns every rollup table ends with."""
_FIGURE_WEIGHTS = [10, 13, 13, 20, 12]
_FIGURE_ALIGNS: list[Align] = ["right", "right", "right", "centre", "right"]


def _made(today: dt.date | None, now: dt.datetime | None) -> dict[str, Any]:
    """When a report is made and the date printed on it: the clock is read once, here."""
    made_at = china_time.local(now) if now is not None else china_time.now()
    return {"made_at": made_at, "printed_on": today or made_at.date()}


def _figures(rollup: Rollup, rules: Thresholds) -> list[Any]:
    """The figures' cells; quality and satisfaction printed as the qualified list prints them."""
    return [rollup.count, mean_text(rollup.usage), mean_text(rollup.quality, rules.quality),
            rollup.willingness_text, mean_text(rollup.satisfaction, rules.satisfaction)]


def operators_report(
    ledger: Ledger,
    scope: Scope | None,
    out: Path,
    *,
    year: int | None = None,
    unit: str | None = None,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> ReportResult:
    """运营评估 of an area for a year (or the 12 months to today): by operator, function and
    facility, then the facilities to adjust with a suggestion each."""
    check_suffix(out)
    made = _made(today, now)
    period = operators.period_for(year, made["printed_on"])
    found = operators.rollups(ledger, scope, period)
    adjust = operators.adjustments(ledger, scope, period, found)
    furniture = Furniture(
        title=f"社区嵌入式服务设施运营评估（{period.title}）", area=area_path(ledger, scope),
        unit=unit or default_unit(ledger, scope), preparer=get_setting(ledger, "preparer") or "",
        wide=True, **made)
    lines = [f"评估期：{_days(period.first)}至{_days(period.last)}　共 {found.evaluations} 条评估",
             data_as_of(ledger, scope)]
    document = Document(furniture, lines)
    document.blocks += _missing(ledger, scope, found)
    if not found.evaluations:
        document.blocks.append(note("本区域在评估期内没有评估记录。"))
    else:
        rules = operators.thresholds(ledger)
        document.blocks += [*_by_operator(found, rules), *_by_function(found, rules),
                            *_by_facility(found, rules)]
    document.blocks += _adjustments(ledger, adjust)
    pages = write_document(out, document)
    return ReportResult(out, pages, found.evaluations)


def _days(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _missing(ledger: Ledger, scope: Scope | None, found: operators.Rollups) -> list[Block]:
    """What the figures leave out: undated evaluations, streets that sent nothing yet."""
    blocks: list[Block] = []
    if found.undated:
        blocks.append(Text(f"另有 {found.undated} 条评估未填评估日期，不计入任何评估期。"))
    silent = silent_streets(ledger, scope)
    if silent:
        blocks.append(Text(f"尚无报送数据的街道（{len(silent)} 个），本报告未含其情况："
                           f"{silent_text(silent)}"))
    return blocks


def _by_operator(found: operators.Rollups, rules: Thresholds) -> list[Block]:
    rows = [[n, o.name, o.credit_code or "", "是" if o.qualified else "否", o.facilities,
             *_figures(o.figures, rules)] for n, o in enumerate(found.by_operator, start=1)]
    blocks: list[Block] = [heading(f"一、各运营主体（{len(rows)} 家）")]
    if rows:
        blocks.append(Table(
            ["序号", "运营主体", "统一社会信用代码", "合格运营商", "设施数", *FIGURES], rows,
            [6, 30, 22, 10, 8, *_FIGURE_WEIGHTS],
            ["centre", "left", "centre", "centre", "right", *_FIGURE_ALIGNS]))
    else:
        blocks.append(note("评估期内的评估都没有填写运营主体。"))
    if found.without_operator:
        blocks.append(note(f"另有 {found.without_operator} 条评估未填运营主体，"
                           "只计入各功能和各设施。"))
    blocks.append(note("月均服务人次、服务质量评分、满意度为填写了该项的评估的平均数，"
                       "保留一位小数（四舍五入），低于合格线的不显示为达到合格线；"
                       "“合格运营商”为运营主体现在的标记。"))
    return blocks


def _by_function(found: operators.Rollups, rules: Thresholds) -> list[Block]:
    rows = [[f.function.label, f.facilities, *_figures(f.figures, rules)]
            for f in found.by_function]
    rows.append(["合计", len(found.by_facility), *_figures(found.total, rules)])
    return [heading("二、各功能"),
            Table(["功能", "设施数", *FIGURES], rows, [18, 8, *_FIGURE_WEIGHTS],
                  ["left", "right", *_FIGURE_ALIGNS])]


def _by_facility(found: operators.Rollups, rules: Thresholds) -> list[Block]:
    rows = [[f.community, f.function.label, "、".join(f.operators),
             "" if f.capacity is None else f.capacity, *_figures(f.figures, rules)]
            for f in found.by_facility]
    return [heading(f"三、各设施（{len(rows)} 处）"),
            Table(["社区", "功能", "运营主体", "服务能力", *FIGURES], rows,
                  [18, 12, 26, 8, *_FIGURE_WEIGHTS],
                  ["left", "left", "left", "right", *_FIGURE_ALIGNS])]


def _adjustments(ledger: Ledger, adjust: list[operators.FacilityAdjustment]) -> list[Block]:
    rows = [[n, a.facility.community, a.facility.function.label,
             mean_text(a.facility.figures.usage),
             "" if a.facility.capacity is None else a.facility.capacity,
             a.facility.figures.willingness_text, a.adjustment.label, a.reason]
            for n, a in enumerate(adjust, start=1)]
    blocks: list[Block] = [heading(f"四、设施调整建议（可拓展、可转换、能兼容）（{len(rows)} 处）")]
    if rows:
        blocks.append(Table(
            ["序号", "社区", "功能", "月均服务人次", "服务能力", "居民使用意愿（高/中/低）", "建议",
             "说明"], rows, [6, 16, 11, 11, 8, 17, 8, 40],
            ["centre", "left", "left", "right", "right", "centre", "centre", "left"]))
    else:
        blocks.append(note("评估期内没有使用偏低或超出服务能力的设施。"))
    blocks.append(note(adjustment_rules(operators.thresholds(ledger))))
    return blocks


# --- 合格社区服务运营商名单（公示） ----------------------------------------------------------


def qualified_report(
    ledger: Ledger,
    out: Path,
    *,
    version: int | None = None,
    publicity: tuple[dt.date, dt.date] | None = None,
    unit: str | None = None,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> ReportResult:
    """A published version of the qualified-operator list for publicity (the newest if not
    given): its qualified operators, how many others were not listed and why, its thresholds."""
    check_suffix(out)
    if publicity is not None and publicity[1] < publicity[0]:
        raise UsageError(f"公示期结束日期 {publicity[1].isoformat()} 早于开始日期 "
                         f"{publicity[0].isoformat()}")
    found = operators.qualified_list(ledger, version)
    furniture = Furniture(
        title=f"合格社区服务运营商名单（第 {found.version} 版）", area=area_path(ledger, None),
        unit=unit or issuing_unit(None), preparer=get_setting(ledger, "preparer") or "",
        **_made(today, now))
    lines = [f"名单日期：{_days(found.on)}　评估期：{found.period.title}"]
    if publicity is not None:
        lines.append(f"公示期：{_days(publicity[0])} 至 {_days(publicity[1])}")
    document = Document(furniture, lines, seal=True)
    rules = found.thresholds
    listed = found.of(Verdict.QUALIFIED)
    rows = [[n, o.name, o.credit_code or "", _kind(o.kind), o.counted,
             mean_text(o.satisfaction, rules.satisfaction), mean_text(o.quality, rules.quality)]
            for n, o in enumerate(listed, start=1)]
    if rows:
        document.blocks.append(Table(
            ["序号", "运营主体名称", "统一社会信用代码", "类型", "计入评估次数", "平均满意度（%）",
             "平均服务质量评分"], rows, [7, 34, 22, 12, 11, 12, 12],
            ["centre", "left", "centre", "centre", "right", "right", "right"]))
    else:
        document.blocks.append(note("本版名单没有达到合格标准的运营主体。"))
    others = [(v.label, len(found.of(v))) for v in Verdict if v is not Verdict.QUALIFIED]
    document.blocks.append(Text(
        f"共 {len(found.operators)} 家运营主体，合格 {len(listed)} 家；未列入名单的："
        + "，".join(f"{label} {count} 家" for label, count in others) + "。"))
    document.blocks += [note(line) for line in threshold_lines(rules)]
    pages = write_document(out, document)
    return ReportResult(out, pages, len(listed))


def _kind(value: str | None) -> str:
    kind = OperatorKind.parse(value)
    return kind.label if kind is not None else ""

