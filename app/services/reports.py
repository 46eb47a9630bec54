"""Printed reports as PDF: demand lists (public and internal), community profile, monthly report."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.domain import china_time, rates
from app.domain.checks import community_checks
from app.domain.coverage import CommunityState, FunctionCoverage, coverage, standard_covered
from app.domain.entities import ENTITIES
from app.domain.enums import Function, FunctionStatus, Level
from app.domain.pinyin import sort_key
from app.domain.privacy import mask_text
from app.errors import UsageError
from app.io import report_pdf
from app.io.document import (
    Align,
    Bar,
    BarChart,
    Block,
    Document,
    Furniture,
    Table,
    Text,
    heading,
    note,
)
from app.services import as_of, records
from app.services.areas import default_unit
from app.services.data_state import newest_change
from app.services.overview import (
    CLOSED_DEMANDS,
    FAILED_ACCEPTANCE,
    MILESTONES,
    STAGES,
    acceptance_failed,
    project_stage,
)
from app.services.unreported import unreported_section
from app.store.areas import Scope
from app.store.db import Ledger
from app.store.settings import get_setting
from app.store.targets import coverage_targets

PUBLIC_COLUMNS = ("content", "function", "source", "residents", "urgency", "status", "reply")
"""The demand fields the public list shows, after 序号 (GLOSSARY: no personal information)."""
INTERNAL_COLUMNS = (*PUBLIC_COLUMNS, "reporter", "phone")
FREE_TEXT = ("content", "reply")
"""Fields whose text may hold a phone or identity number: masked in public lists."""
_WIDTHS = {  # relative: scaled to the page
    "number": 9, "content": 52, "function": 17, "source": 17, "residents": 12,
    "urgency": 12, "status": 14, "reply": 44, "reporter": 14, "phone": 22,
}
_ALIGN: dict[str, Align] = {
    "number": "centre", "residents": "right", "function": "centre", "source": "centre",
    "urgency": "centre", "status": "centre", "reporter": "centre", "phone": "centre",
}


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


def demand_list(
    ledger: Ledger,
    scope: Scope | None,
    out: Path,
    *,
    internal: bool = False,
    publicity: tuple[dt.date, dt.date] | None = None,
    unit: str | None = None,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> ReportResult:
    """The demand list of an area, public (masked) or internal (marked): a community's grouped by
    function under headings; a wider area's one table per community, its rows by function.

    The public list never holds a reporter's name or phone: those fields are not read into it,
    and phone and identity numbers inside the free text are masked (GLOSSARY.md).
    """
    if publicity is not None and publicity[1] < publicity[0]:
        raise UsageError(
            f"公示期结束日期 {publicity[1].isoformat()} 早于开始日期 {publicity[0].isoformat()}"
        )
    spec = ENTITIES["demand"]
    columns = INTERNAL_COLUMNS if internal else PUBLIC_COLUMNS
    furniture = Furniture(
        title="需求清单（内部版）" if internal else "需求清单（公示版）",
        area=area_path(ledger, scope), unit=unit or default_unit(ledger, scope),
        preparer=get_setting(ledger, "preparer") or "",
        **_made(today, now), marking="内部资料" if internal else "", wide=internal,
    )
    found = records.list_records(
        ledger, "demands", records.Query(scope=scope, sort="received_on")
    )
    several = scope is None or scope.level is not Level.COMMUNITY  # say which community
    refs = records.references(ledger, spec, found) if several else {}
    lines = []
    if publicity is not None:
        lines.append(f"公示期：{_date(publicity[0])} 至 {_date(publicity[1])}")
    lines.append(f"共 {len(found)} 条　{data_as_of(ledger, scope)}")
    document = Document(furniture, lines, seal=publicity is not None)
    headers = ["序号", *(spec.field(name).label for name in columns)]
    names = ["number", *columns]
    weights = [_WIDTHS.get(n, 16) for n in names]
    aligns = [_ALIGN.get(n, "left") for n in names]
    number = 0

    def numbered(group: list[dict[str, Any]]) -> list[list[Any]]:
        nonlocal number
        rows = []
        for record in group:
            number += 1
            rows.append([number, *(
                _cell(spec, name, record, refs, public=not internal) for name in names[1:]
            )])
        return rows

    if several:  # a street's or district's list: one table per community, its name on top
        label = spec.field("community").label
        for name, group in _by_community(found, refs):
            in_order = [d for _function, same in _by_function(group) for d in same]
            document.blocks.append(Table(headers, numbered(in_order), weights, aligns,
                                         caption=f"{label}：{name}（{len(group)} 条）"))
    else:
        for function, group in _by_function(found):
            document.blocks.append(heading(f"{function}（{len(group)} 条）"))
            document.blocks.append(Table(headers, numbered(group), weights, aligns))
    if not found:
        document.blocks.append(note("本区域暂无登记的需求。"))
    pages = report_pdf.write_report(out, document)
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


def _by_community(found: list[dict[str, Any]], refs: dict[str, Any]
                  ) -> list[tuple[str, list[dict[str, Any]]]]:
    """Demands grouped by community, the communities in the order of their codes (those without
    one after, by the pinyin of their names)."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for demand in found:
        groups.setdefault(str(demand.get("community") or ""), []).append(demand)

    def order(community_id: str) -> tuple[bool, str, str]:
        ref = refs.get(community_id, {})
        return (not ref.get("code"), str(ref.get("code") or ""),
                sort_key(str(ref.get("name") or "")))

    return [(_ref_name(refs, key) or "未知社区", groups[key]) for key in sorted(groups, key=order)]


def _cell(spec: Any, name: str, record: dict[str, Any], refs: dict[str, Any], *,
          public: bool) -> str:
    value = record.get(name)
    field = spec.field(name)
    if name == "community":
        return _ref_name(refs, value) or str(value or "")
    text = field.display(value)
    if public and name in FREE_TEXT:
        text = mask_text(text)
    return text


def _made(today: dt.date | None, now: dt.datetime | None) -> dict[str, Any]:
    """When a report is made (its PDF's dates) and the date printed on it (that day unless
    given): the clock is read once, here."""
    made_at = china_time.local(now) if now is not None else china_time.now()
    return {"made_at": made_at, "printed_on": today or made_at.date()}


def _date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"



# --- 社区概况 --------------------------------------------------------------------------------


def community_profile(
    ledger: Ledger,
    scope: Scope | None,
    out: Path,
    *,
    unit: str | None = None,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> ReportResult:
    """One community on paper: its figures, the nine functions, spaces, projects and advice."""
    if scope is None or scope.level is not Level.COMMUNITY or scope.id is None:
        raise UsageError("社区概况只能按一个社区打印，请用 --scope community:社区名称或代码")
    community = records.get(ledger, "communities", scope.id)
    furniture = Furniture(
        title=f"{community['name']}概况", area=area_path(ledger, scope),
        unit=unit or default_unit(ledger, scope),
        preparer=get_setting(ledger, "preparer") or "", **_made(today, now),
    )
    query = records.Query(scope=scope)
    statuses = {s["function"]: s for s in records.list_records(ledger, "functions", query)}
    by_name = records.Query(scope=scope, sort="name")  # pinyin order
    spaces = records.list_records(ledger, "spaces", by_name)
    projects = records.list_records(ledger, "projects", by_name)
    refs = records.references(ledger, ENTITIES["function_status"], list(statuses.values()))
    document = Document(furniture, [data_as_of(ledger, scope)])
    document.blocks += [
        *_facts_section(community),
        *_functions_section(statuses, refs),
        *_spaces_section(spaces),
        *_projects_section(projects),
        heading("五、合规提示（对照《城市社区嵌入式服务设施建设导则（试行）》）"),
    ]
    tips = community_checks(community, list(statuses.values()), spaces)
    document.blocks += [Text(f"{n}. {tip.message}") for n, tip in enumerate(tips, start=1)] or [
        note("未发现需要提示的情况。")]
    pages = report_pdf.write_report(out, document)
    return ReportResult(out, pages, 1)


def _facts_section(community: dict[str, Any]) -> list[Block]:
    """一、基本情况: the community's own figures, two to a row."""
    spec = ENTITIES["community"]
    facts = [(spec.field(n).label, spec.field(n).display(community.get(n)))
             for n in ("code", "population", "households", "not_resettled", "address",
                       "compounds")]
    return [heading("一、基本情况"),
            Table(["项目", "内容", "项目", "内容"], _pairs(facts), [18, 32, 18, 32])]


def _functions_section(statuses: dict[str, dict[str, Any]], refs: dict[str, Any]) -> list[Block]:
    """二、九项功能: each function's status, capacity, area, setting, space, operator, opening."""
    names = ("status", "capacity", "floor_area", "setting", "space", "operator", "opened_on")
    fs = ENTITIES["function_status"]

    def shown(record: dict[str, Any], name: str) -> str:
        if fs.field(name).kind.value == "ref":
            return _ref_name(refs, record.get(name))
        if record:
            return fs.field(name).display(record.get(name))
        return "无" if name == "status" else ""

    rows = [[function.label, *(shown(statuses.get(function.value, {}), n) for n in names)]
            for function in Function.nine()]
    return [heading("二、九项功能"),
            Table(["功能", *(fs.field(n).header for n in names)], rows,
                  [16, 14, 10, 12, 10, 18, 20, 14],
                  ["left", "centre", "right", "right", "centre"])]


def _spaces_section(spaces: list[dict[str, Any]]) -> list[Block]:
    """三、空间资源: the community's spaces, or a note that it has none."""
    ss = ENTITIES["space"]
    columns = ("name", "kind", "floor_area", "land_area", "usage", "safety_assessed")
    listing: Block = (
        Table([ss.field(n).header for n in columns],
              [[ss.field(n).display(s.get(n)) for n in columns] for s in spaces],
              [30, 18, 12, 12, 12, 12], ["left", "centre", "right", "right", "centre", "centre"])
        if spaces else note("暂无登记的空间资源。"))
    return [heading(f"三、空间资源（{len(spaces)} 处）"), listing]


def _projects_section(projects: list[dict[str, Any]]) -> list[Block]:
    """四、建设项目: each project's tier, year, functions, stage and milestones."""
    title = heading(f"四、建设项目（{len(projects)} 个）")
    if not projects:
        return [title, note("暂无建设项目。")]
    ps = ENTITIES["project"]
    rows = [[p["name"], ps.field("tier").display(p.get("tier")),
             ps.field("planned_year").display(p.get("planned_year")),
             ps.field("functions").display(p.get("functions")),
             _stage_text(p), _milestones(p)] for p in projects]
    headers = ["项目名称", "项目类型", "计划年度", "包含功能", "当前阶段", "里程碑"]
    return [title, Table(headers, rows, [26, 11, 9, 20, 10, 24],
                         ["left", "centre", "centre", "left", "centre"])]


def _pairs(facts: list[tuple[str, str]]) -> list[list[str]]:
    """Label-value pairs two to a row."""
    rows = []
    for n in range(0, len(facts), 2):
        first, second = facts[n], facts[n + 1] if n + 1 < len(facts) else ("", "")
        rows.append([*first, *second])
    return rows


def _stage_text(project: dict[str, Any]) -> str:
    """当前阶段, marked when the joint acceptance failed (the stage is then the one before it)."""
    stage = project_stage(project) or "未开始"
    return f"{stage}（{FAILED_ACCEPTANCE}）" if acceptance_failed(project) else stage


def _milestones(project: dict[str, Any]) -> str:
    ps = ENTITIES["project"]
    failed = acceptance_failed(project)
    return "；".join(f"{label} {ps.field(name).display(project[name])}"
                    + ("（未通过）" if failed and name == "accepted_on" else "")
                    for name, label in MILESTONES if project.get(name))


def _ref_name(refs: dict[str, Any], value: Any) -> str:
    return str(refs.get(str(value), {}).get("name") or "") if value else ""


# --- 月通报 ---------------------------------------------------------------------------------


def data_as_of(ledger: Ledger, scope: Scope | None) -> str:
    """"数据截至 …": when the newest change this ledger holds of the area was made."""
    newest = newest_change(ledger, scope)
    if newest is None:
        return "数据截至：暂无数据"
    day = china_time.local(newest)
    return f"数据截至 {day.year}年{day.month}月{day.day}日"


@dataclass(frozen=True)
class _Month:
    """The month a report covers: its first and last day, and the instant its history ends."""

    year: int
    number: int
    first: dt.date
    last: dt.date
    before: dt.datetime

    @property
    def title(self) -> str:
        return f"{self.year}年{self.number}月"


def monthly_report(
    ledger: Ledger,
    scope: Scope | None,
    month: str,
    out: Path,
    *,
    unit: str | None = None,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> ReportResult:
    """A street's or district's month, as things stood at its end (replayed from the history)."""
    if scope is not None and scope.level is Level.COMMUNITY:
        raise UsageError("月通报按街道、区县或全市打印，请用 --scope street:… 或 district:…")
    made = _made(today, now)
    today = made["printed_on"]
    span = _month_span(month, today)
    communities = as_of.records_as_of(ledger, "community", scope, span.before)
    statuses = as_of.records_as_of(ledger, "function_status", scope, span.before)
    projects = as_of.records_as_of(ledger, "project", scope, span.before)
    demands = as_of.records_as_of(ledger, "demand", scope, span.before)
    states = _states(communities, statuses)
    furniture = Furniture(
        title=f"社区嵌入式服务设施建设月通报（{span.title}）", area=area_path(ledger, scope),
        unit=unit or default_unit(ledger, scope),
        preparer=get_setting(ledger, "preparer") or "", **made,
    )
    document = Document(
        furniture, [f"统计至 {span.title}{span.last.day}日　{data_as_of(ledger, scope)}"])
    document.blocks += [
        *_area_section(ledger, scope, states),
        *unreported_section(ledger, scope, span.last, span.before),
        *_coverage_section(ledger, states),
        *_project_section(projects, span.last),
        *_demand_section(demands, span),
        *_ranking_section(ledger, scope, communities, states),
    ]
    pages = report_pdf.write_report(out, document)
    return ReportResult(out, pages, len(states))


def _month_span(month: str, today: dt.date) -> _Month:
    """The month asked for; this month runs to now, a month still to come is refused."""
    year, number = _month(month)
    if (year, number) > (today.year, today.month):
        raise UsageError(f"{year}年{number}月还没有到，不能出月通报")
    before = as_of.month_end(year, number)
    last = before.astimezone(china_time.CHINA).date() - dt.timedelta(days=1)
    if (year, number) == (today.year, today.month):  # this month so far: as things stand now
        before, last = china_time.utc_now(), today
    return _Month(year, number, dt.date(year, number, 1), last, before)


def _states(
    communities: dict[str, dict[str, Any]], statuses: dict[str, dict[str, Any]]
) -> dict[str, CommunityState]:
    """What coverage needs of each community: 未回迁 or not, and its functions' statuses."""
    by_community: dict[str, dict[Function, FunctionStatus]] = defaultdict(dict)
    for status in statuses.values():
        if status.get("community") in communities and status.get("function"):
            by_community[status["community"]][Function(status["function"])] = FunctionStatus(
                status.get("status") or FunctionStatus.NONE.value)
    return {cid: CommunityState(bool(c.get("not_resettled")), by_community.get(cid, {}))
            for cid, c in communities.items()}


def _area_section(
    ledger: Ledger, scope: Scope | None, states: dict[str, CommunityState]
) -> list[Block]:
    """How many communities the figures count (the streets missing from them: 未报送情况)."""
    counted = sum(not s.not_resettled for s in states.values())
    return [Text(
        f"本区域共有社区 {len(states)} 个，其中计入覆盖率的 {counted} 个（未回迁社区不计入）。"
        "各项修改按其在录入设备上的时间计入当月；Excel 导入的数据按导入时间计入。")]


def _coverage_section(ledger: Ledger, states: dict[str, CommunityState]) -> list[Block]:
    """一、the nine functions' coverage against the 2030 targets, as a table and as bars."""
    cover = coverage(states.values(), coverage_targets(ledger))
    rows = [[c.function.label, f"{c.covered}/{c.total}", c.rate_text, c.target_text,
             c.verdict_text] for c in cover]
    return [
        heading("一、九项功能覆盖情况（对照2030年目标）"),
        Table(["功能", "已覆盖/应计", "覆盖率", "2030年目标", "达标情况"], rows,
              [22, 16, 12, 14, 16], ["left", "centre", "right", "right", "centre"]),
        coverage_chart(cover),
    ]


def _project_section(projects: dict[str, dict[str, Any]], last: dt.date) -> list[Block]:
    """二、projects by the last milestone reached by the month's end; failed acceptances named."""
    stages = dict.fromkeys(STAGES, 0)
    none_yet = 0
    failed: list[str] = []
    for project in projects.values():
        held, failed_by_then = _held_by(project, last)
        if failed_by_then:
            failed.append(str(project.get("name") or ""))
        stage = project_stage(held)
        if stage is None:
            none_yet += 1
        else:
            stages[stage] += 1
    columns = len(STAGES) + 1
    blocks: list[Block] = [
        heading("二、建设项目进展"),
        Table([*STAGES, "尚未立项"], [[*stages.values(), none_yet]], [1] * columns,
              ["centre"] * columns),
        note(f"共 {len(projects)} 个项目，按截至月末已完成的最后一个里程碑统计。"),
    ]
    if failed:
        blocks.append(note(
            f"其中{FAILED_ACCEPTANCE} {len(failed)} 个，按验收前的里程碑统计，不计入联合验收和"
            f"投入运营：{'、'.join(sorted(failed))}"))
    return blocks


def _held_by(project: dict[str, Any], last: dt.date) -> tuple[dict[str, Any], bool]:
    """The milestones a project had reached by `last`, and whether its acceptance had failed."""
    held = {k: v for k, v in project.items() if k.endswith("_on")
            and v and v <= last.isoformat()}
    if acceptance_failed(project) and ("accepted_on" in held or not project.get("accepted_on")):
        held["acceptance"] = project["acceptance"]  # failed by the month's end
        return held, True
    return held, False


def _demand_section(demands: dict[str, dict[str, Any]], span: _Month) -> list[Block]:
    """三、demands received and resolved in the month, open at its end, urgent, in all."""
    start, end = span.first.isoformat(), span.last.isoformat()
    in_month = [d for d in demands.values() if start <= (d.get("received_on") or "") <= end]
    resolved = [d for d in demands.values() if start <= (d.get("resolved_on") or "") <= end]
    open_ = [d for d in demands.values()
             if d.get("status") not in {s.value for s in CLOSED_DEMANDS}]
    urgent = [d for d in open_ if d.get("urgency") == "urgent"]
    return [
        heading("三、群众需求办理"),
        Table(["本月登记", "本月办结", "月末未办结", "其中紧急", "累计登记"],
              [[len(in_month), len(resolved), len(open_), len(urgent), len(demands)]],
              [1] * 5, ["centre"] * 5),
    ]


def _ranking_section(
    ledger: Ledger,
    scope: Scope | None,
    communities: dict[str, dict[str, Any]],
    states: dict[str, CommunityState],
) -> list[Block]:
    """四、the areas one level down ranked by the four standard functions' coverage."""
    below, title = _below(ledger, scope, communities)
    ranked = []
    for name, members in below.items():
        counted_states = [states[c] for c in members if c in states
                          and not states[c].not_resettled]
        covered = sum(standard_covered(s) for s in counted_states)
        possible = 4 * len(counted_states)
        ranked.append((rates.rate(covered, possible), name, covered, possible,
                       len(counted_states)))
    ranked.sort(key=lambda r: (-(r[0] if r[0] is not None else -1), r[1]))
    ranking: list[list[Any]] = [[n, name, count, f"{covered}/{possible}", rates.rate_text(share)]
            for n, (share, name, covered, possible, count) in enumerate(ranked, start=1)]
    return [
        heading(f"四、各{title}四项标准功能覆盖情况（由高到低）"),
        Table(["序号", title, "应计社区", "标准功能已覆盖/应有", "覆盖率"], ranking,
              [8, 30, 12, 22, 12], ["centre", "left", "right", "centre", "right"])
        if ranking else note("无下级区域。"),
        note("注：四项标准功能为养老服务、婴幼儿托育、儿童托管、社区助餐；"
             "完整的季度排名计分办法另行通报。"),
    ]


_MONTH = re.compile(r"(\d+)\s*[-年/.]\s*(\d{1,2})\s*月?")
"""A month as ledgers write it: 2026-10, 2026-9, 2026年10月, 2026/10, 2026.10."""


def _month(month: str) -> tuple[int, int]:
    """(year, month) of a month written as ledgers write it; UsageError saying what is wrong."""
    form = "请写成 年-月，如 2026-10"
    text = (month or "").strip()
    if not text:
        raise UsageError(f"请给出月份，{form}")
    found = _MONTH.fullmatch(text)
    if found is None:
        raise UsageError(f"月份“{month}”的写法不对：{form}")
    year, number = int(found[1]), int(found[2])
    if len(found[1]) != 4 or not 2000 <= year <= 2100:
        raise UsageError(f"月份“{month}”的年份不对：年份写四位数字（2000–2100），{form}")
    if not 1 <= number <= 12:
        raise UsageError(f"月份“{month}”不对：月份应为 01–12，{form}")
    return year, number


def _below(
    ledger: Ledger, scope: Scope | None, communities: dict[str, dict[str, Any]]
) -> tuple[dict[str, list[str]], str]:
    """The areas one level down, with their communities: a street's communities, else streets."""
    if scope is not None and scope.level is Level.STREET:
        return {c.get("name") or cid: [cid] for cid, c in communities.items()}, "社区"
    streets: dict[str, list[str]] = defaultdict(list)
    for cid, community in communities.items():
        streets[str(community.get("street"))].append(cid)
    refs = records.references(ledger, ENTITIES["community"],
                              [{"street": s} for s in streets])
    return {_ref_name(refs, sid) or sid: members for sid, members in streets.items()}, "街道"


def coverage_chart(cover: list[FunctionCoverage]) -> BarChart:
    """Coverage of the nine functions as bars, with each 2030 target marked (green when met)."""
    return BarChart([Bar(c.function.label, c.ratio or 0.0, c.target, c.met, c.rate_text)
                     for c in cover])
