"""Printed reports as PDF: the demand lists (public and internal) of an area."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.platypus import Flowable, Paragraph

from app.domain.entities import ENTITIES
from app.domain.enums import Function, Level
from app.domain.privacy import mask_text
from app.errors import UsageError
from app.io import pdf
from app.services import records
from app.services.areas import Scope
from app.store.db import Ledger

PUBLIC_COLUMNS = ("content", "function", "source", "residents", "urgency", "status", "reply")
"""The demand fields the public list shows, after 序号 (GLOSSARY: no personal information)."""
INTERNAL_COLUMNS = (*PUBLIC_COLUMNS, "reporter", "phone")
FREE_TEXT = ("content", "reply")
"""Fields whose text may hold a phone or identity number: masked in public lists."""
_WIDTHS = {  # relative: scaled to the page
    "number": 9, "content": 52, "function": 17, "source": 17, "residents": 12,
    "urgency": 12, "status": 14, "reply": 44, "reporter": 14, "phone": 22,
}
_ALIGN = {"number": "centre", "residents": "right", "function": "centre", "source": "centre",
          "urgency": "centre", "status": "centre", "reporter": "centre", "phone": "centre"}

ProgressFn = Callable[[int, int, str], None]


@dataclass(frozen=True)
class ReportResult:
    """A written report: where, how many pages, how many items."""

    path: Path
    pages: int
    items: int


def area_path(ledger: Ledger, scope: Scope | None) -> str:
    """The area's full name, from the top: 新城区 / 解放门街道 / 东七路社区 (the city: 西安市)."""
    if scope is None or scope.level is Level.CITY or scope.id is None:
        return "西安市"
    names: list[str] = []
    level, record_id = scope.level, scope.id
    if level is Level.COMMUNITY:
        community = records.get(ledger, "communities", record_id, include_deleted=True)
        names.append(community["name"])
        level, record_id = Level.STREET, community["street"]
    if level is Level.STREET:
        street = records.get(ledger, "streets", record_id, include_deleted=True)
        names.append(street["name"])
        level, record_id = Level.DISTRICT, street["district"]
    if level is Level.DISTRICT and record_id:
        names.append(records.get(ledger, "districts", record_id, include_deleted=True)["name"])
    elif level is Level.ZONE:
        names.append(scope.name)
    return " / ".join(reversed(names))


def issuing_unit(scope: Scope | None) -> str:
    """Who issues a report of this area, as its seal reads (制表单位)."""
    if scope is None or scope.level is Level.CITY:
        return "西安市社区嵌入式服务设施建设工作专班"
    if scope.level is Level.COMMUNITY:
        return f"{scope.name}居民委员会"
    if scope.level is Level.STREET:
        return f"{scope.name}办事处"
    if scope.level is Level.ZONE:
        return f"{scope.name}管委会"
    return f"{scope.name}人民政府"


def demand_list(
    ledger: Ledger,
    scope: Scope | None,
    out: Path,
    *,
    internal: bool = False,
    publicity: tuple[dt.date, dt.date] | None = None,
    unit: str | None = None,
    today: dt.date | None = None,
) -> ReportResult:
    """The demand list of an area, grouped by function: public (masked) or internal (marked).

    The public list never holds a reporter's name or phone: those fields are not read into it,
    and phone and identity numbers inside the free text are masked (GLOSSARY.md).
    """
    if publicity is not None and publicity[1] < publicity[0]:
        raise UsageError(
            f"公示期结束日期 {publicity[1].isoformat()} 早于开始日期 {publicity[0].isoformat()}"
        )
    spec = ENTITIES["demand"]
    columns = INTERNAL_COLUMNS if internal else PUBLIC_COLUMNS
    area = area_path(ledger, scope)
    furniture = pdf.Furniture(
        title="需求清单（内部版）" if internal else "需求清单（公示版）",
        area=area, unit=unit or issuing_unit(scope), printed_on=today or dt.date.today(),
        marking="内部资料" if internal else "", wide=internal,
    )
    styles = pdf.Styles()
    found = records.list_records(
        ledger, "demands", records.Query(scope=scope, sort="received_on")
    )
    several = scope is None or scope.level is not Level.COMMUNITY  # say which community
    refs = records.references(ledger, spec, found) if several else {}
    lines = []
    if publicity is not None:
        lines.append(f"公示期：{_date(publicity[0])} 至 {_date(publicity[1])}")
    lines.append(f"共 {len(found)} 条")
    story: list[Flowable] = pdf.title_block(furniture, styles, *lines)
    headers = ["序号", *(spec.field(name).label for name in columns)]
    names = ["number", *columns]
    if several:  # a street's or district's list says which community each demand is from
        headers.insert(1, spec.field("community").label)
        names.insert(1, "community")
    widths = _widths(names, pdf.usable_width(furniture))
    aligns = [_ALIGN.get(n, "left") for n in names]
    number = 0
    for function, group in _by_function(found):
        story.append(Paragraph(f"{pdf.escape(function)}（{len(group)} 条）", styles.heading))
        rows = []
        for record in group:
            number += 1
            rows.append([number, *(
                _cell(spec, name, record, refs, public=not internal) for name in names[1:]
            )])
        story.append(pdf.table(headers, rows, widths, styles, aligns=aligns))
    if not found:
        story.append(Paragraph("本区域暂无登记的需求。", styles.note))
    story.append(pdf.signature_block(furniture, styles, seal=publicity is not None))
    pages = pdf.write_pdf(out, furniture, story)
    return ReportResult(out, pages, len(found))


def _by_function(found: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Demands grouped by function: the nine in order, then 其他, then those without one."""
    groups: dict[str | None, list[dict[str, Any]]] = {}
    for demand in found:
        groups.setdefault(demand.get("function"), []).append(demand)
    order = [*(f.value for f in Function.nine()), Function.OTHER.value, None]
    return [
        (Function(key).label if key else "未分类", groups[key]) for key in order if key in groups
    ]


def _cell(spec: Any, name: str, record: dict[str, Any], refs: dict[str, Any], *,
          public: bool) -> str:
    value = record.get(name)
    field = spec.field(name)
    if name == "community":
        return str(refs.get(str(value), {}).get("name") or value or "")
    text = field.display(value)
    if public and name in FREE_TEXT:
        text = mask_text(text)
    return text


def _widths(names: list[str], total: float) -> list[float]:
    weights = [_WIDTHS.get(n, 16) for n in names]
    scale = total / sum(weights)
    return [w * scale for w in weights]


def _date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"

