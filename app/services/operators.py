"""运营评估: evaluations rolled up by operator, function and facility; the qualified-operator list.

The rollups read the evaluations of an area (city, district, zone or street) over a period (a
calendar year, or the 12 months to a day); their figures are exact (app/domain/operators.py) and
printed one way. The city publishes the qualified-operator list as numbered, dated versions:
each sets every operator's 合格运营商 field by a logged change, in the same write as the
version, and travels down in the reference bundles (qualified.json, app/sync/reference.py).
Facilities whose use is low, or above what they can serve, are listed with a suggestion.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text

from app.domain import china_time
from app.domain.entities import DEMAND, EVALUATION, FUNCTION_STATUS, OPERATOR
from app.domain.enums import DemandStatus, Function, Role
from app.domain.operators import (
    Adjustment,
    Listed,
    ListError,
    Period,
    Published,
    QualifiedList,
    Rollup,
    ThresholdError,
    Thresholds,
    Verdict,
    judge,
    list_order,
    months_to,
    roll_up,
    suggest,
    with_threshold,
    year_period,
)
from app.domain.pinyin import sort_key
from app.errors import UsageError
from app.services import records
from app.store import qualified as store
from app.store.areas import CITY, Scope, scope_condition
from app.store.db import Ledger
from app.store.rows import fetch
from app.store.settings import get_setting
from app.store.writer import update_record

CLOSED = (DemandStatus.RESOLVED.value, DemandStatus.DECLINED.value)
"""Demand statuses that are finished; every other one is still open (未办结)."""
NO_OPERATOR = "未填运营主体"


# --- rollups ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class OperatorRollup:
    """One operator's evaluations in the area and period."""

    id: str
    name: str
    credit_code: str | None
    qualified: bool
    """Its 合格运营商 field as the ledger holds it now."""
    facilities: int
    """Facilities (community and function) it was evaluated at."""
    figures: Rollup


@dataclass(frozen=True)
class FunctionRollup:
    """One function's evaluations in the area and period."""

    function: Function
    facilities: int
    figures: Rollup


@dataclass(frozen=True)
class FacilityRollup:
    """One facility (a community's function) and its evaluations in the period."""

    community_id: str
    community: str
    function: Function
    operators: tuple[str, ...]
    """The operators evaluated there in the period, by name, the latest first."""
    capacity: int | None
    """服务能力 of the community's function status, if filled."""
    figures: Rollup


@dataclass(frozen=True)
class Rollups:
    """Every rollup of an area over a period."""

    period: Period
    evaluations: int
    """Evaluations counted (dated within the period)."""
    undated: int
    """Evaluations of the area without an 评估日期: in no period, so counted nowhere."""
    without_operator: int
    """Counted evaluations that name no operator (in the function and facility rollups only)."""
    by_operator: tuple[OperatorRollup, ...]
    by_function: tuple[FunctionRollup, ...]
    by_facility: tuple[FacilityRollup, ...]
    total: Rollup


def period_for(year: int | None, today: dt.date | None = None) -> Period:
    """A calendar year, or the 12 months to `today` (the day in Xi'an when not given)."""
    if year is not None:
        if not 2000 <= year <= 2100:
            raise UsageError(f"年份“{year}”不对：请写四位数字（2000–2100）")
        return year_period(year)
    return months_to(today or china_time.today(), 12)


def rollups(ledger: Ledger, scope: Scope | None, period: Period) -> Rollups:
    """The evaluations of an area in a period, rolled up by operator, function and facility."""
    found = _evaluations(ledger, scope, period)
    refs = records.references(ledger, EVALUATION, found)
    capacities = _capacities(ledger, scope)
    by_operator: dict[str, list[dict[str, Any]]] = defaultdict(list)
    by_function: dict[str, list[dict[str, Any]]] = defaultdict(list)
    by_facility: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for evaluation in found:
        if evaluation.get("operator"):
            by_operator[evaluation["operator"]].append(evaluation)
        if evaluation.get("function"):
            by_function[evaluation["function"]].append(evaluation)
            if evaluation.get("community"):
                by_facility[(evaluation["community"], evaluation["function"])].append(evaluation)
    operators = _operators(ledger)
    operator_rows = [
        OperatorRollup(oid, str(operators.get(oid, {}).get("name") or _name(refs, oid)),
                       operators.get(oid, {}).get("credit_code"),
                       bool(operators.get(oid, {}).get("qualified")),
                       len({(e.get("community"), e.get("function")) for e in group}),
                       roll_up(group))
        for oid, group in by_operator.items()]
    function_rows = [
        FunctionRollup(f, len({e.get("community") for e in by_function[f.value]}),
                       roll_up(by_function[f.value]))
        for f in (*Function.nine(), Function.OTHER) if f.value in by_function]
    facility_rows = [
        FacilityRollup(cid, _name(refs, cid), Function(fid), _operators_of(group, refs),
                       capacities.get((cid, fid)), roll_up(group))
        for (cid, fid), group in by_facility.items()]
    codes = {cid: str(refs.get(cid, {}).get("code") or "") for cid, _f in by_facility}
    order = {f.value: n for n, f in enumerate(Function)}
    return Rollups(
        period, len(found), _undated(ledger, scope),
        sum(not e.get("operator") for e in found),
        tuple(sorted(operator_rows,
                     key=lambda r: (sort_key(r.name), r.credit_code or "", r.id))),
        tuple(function_rows),
        tuple(sorted(facility_rows, key=lambda r: (
            not codes[r.community_id], codes[r.community_id], r.community,
            order[r.function.value]))),
        roll_up(found),
    )


def _evaluations(ledger: Ledger, scope: Scope | None, period: Period) -> list[dict[str, Any]]:
    query = records.Query(scope=scope, dates={"evaluated_on": (period.first, period.last)})
    return [e for e in records.list_records(ledger, "evaluations", query)
            if period.holds(e.get("evaluated_on"))]


def _undated(ledger: Ledger, scope: Scope | None) -> int:
    where, params = _where(EVALUATION.name, scope)
    sql = f"SELECT count(*) FROM evaluation WHERE {where} AND evaluated_on IS NULL"
    with ledger.engine.connect() as conn:
        return int(conn.execute(text(sql), params).scalar() or 0)


def _capacities(ledger: Ledger, scope: Scope | None) -> dict[tuple[str, str], int]:
    where, params = _where(FUNCTION_STATUS.name, scope)
    sql = (f"SELECT community_id, function, capacity FROM function_status WHERE {where} "
           "AND capacity IS NOT NULL")
    with ledger.engine.connect() as conn:
        return {(c, f): int(n) for c, f, n in conn.execute(text(sql), params)}


def _operators(ledger: Ledger) -> dict[str, dict[str, Any]]:
    """Live operators, without their personal fields: id, name, credit code, kind, 合格."""
    sql = ("SELECT id, name, credit_code, kind, qualified FROM operator WHERE deleted = 0 "
           "ORDER BY id")
    with ledger.engine.connect() as conn:
        return {row[0]: {"id": row[0], "name": row[1], "credit_code": row[2], "kind": row[3],
                         "qualified": bool(row[4])} for row in conn.execute(text(sql))}


def _where(table: str, scope: Scope | None) -> tuple[str, dict[str, Any]]:
    condition, params = scope_condition(records.spec_of(table), scope or CITY)
    return f"{table}.deleted = 0" + (f" AND {condition}" if condition else ""), params


def _name(refs: Mapping[str, Any], record_id: str) -> str:
    return str(refs.get(record_id, {}).get("name") or "")


def _operators_of(group: list[dict[str, Any]], refs: Mapping[str, Any]) -> tuple[str, ...]:
    latest_first = sorted(group, key=lambda e: e["evaluated_on"], reverse=True)
    names = [_name(refs, e["operator"]) for e in latest_first if e.get("operator")]
    return tuple(dict.fromkeys(n for n in names if n))


# --- the qualified-operator list -------------------------------------------------------------


def thresholds(ledger: Ledger) -> Thresholds:
    """The thresholds in force: as the city set or sent them, else the defaults."""
    return store.published(ledger).thresholds


def set_threshold(ledger: Ledger, name: str, value: str) -> Thresholds:
    """Change one threshold (the city only); the new thresholds, one version up."""
    _city_only(ledger, "合格运营商标准由市级设置，随参考数据下发")
    try:
        changed = with_threshold(thresholds(ledger), name, value)
    except ThresholdError as exc:
        raise UsageError(str(exc)) from None
    store.set_thresholds(ledger, changed)
    return changed


def published(ledger: Ledger) -> Published:
    """The thresholds and every version this ledger holds: published here, or received."""
    return store.published(ledger)


def qualified_list(ledger: Ledger, version: int | None = None) -> QualifiedList:
    """A version of the list this ledger holds (the newest when not given); UsageError if none."""
    held = store.published(ledger)
    if not held.versions:
        role = get_setting(ledger, "role")
        where = ("请先用 operators publish 发布" if role == Role.CITY.value
                 else "市级发布后随参考数据下发")
        raise UsageError(f"还没有合格社区服务运营商名单：{where}")
    found = held.latest if version is None else held.version(version)
    if found is None:
        raise UsageError(f"没有第 {version} 版名单：现有第 "
                         f"{'、'.join(str(v.version) for v in held.versions)} 版")
    return found


def draft(ledger: Ledger, on: dt.date, *, version: int = 0) -> QualifiedList:
    """The list as the evaluations held now make it for that date (not published)."""
    rules = thresholds(ledger)
    window = months_to(on, rules.months)
    found = _evaluations(ledger, None, window)
    by_operator: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for evaluation in found:
        if evaluation.get("operator"):
            by_operator[evaluation["operator"]].append(evaluation)
    listed = []
    for oid, operator in _operators(ledger).items():
        group = by_operator.get(oid, [])
        verdict, figures = judge(rules, group)
        listed.append(Listed(oid, str(operator["name"] or ""), operator["credit_code"],
                             operator["kind"], verdict, len(group), figures.count,
                             figures.satisfaction, figures.quality, roll_up(group).usage))
    return QualifiedList(version, on, window.first, rules, list_order(listed))


@dataclass(frozen=True)
class PublishResult:
    """A published version, and how many operators' 合格运营商 field it changed."""

    published: QualifiedList
    changed: int


def publish(ledger: Ledger, on: dt.date, *, today: dt.date | None = None) -> PublishResult:
    """Publish the list for `on` as the next version (the city only), and mark every operator.

    Refused: a date still to come, or one before the newest version's. The version and the
    operators' marks are written in one transaction (nothing half-published).
    """
    _city_only(ledger, "合格社区服务运营商名单由市级发布，区县和街道看到的是随参考数据下发的名单")
    today = today or china_time.today()
    if on > today:
        raise UsageError(f"名单日期 {on.isoformat()} 还没有到（今天是 {today.isoformat()}）")
    made = draft(ledger, on)
    with ledger.write() as conn:
        current = store.published_in(conn)
        latest = current.latest
        if latest is not None and on < latest.on:
            raise UsageError(f"名单日期 {on.isoformat()} 早于第 {latest.version} 版的日期 "
                             f"{latest.on.isoformat()}")
        version = QualifiedList((latest.version if latest else 0) + 1, made.on, made.first,
                                made.thresholds, made.operators)
        changed = 0
        for listed in version.operators:
            old = fetch(conn, OPERATOR, listed.id)
            if old is None or old["deleted"]:
                continue
            mark = listed.verdict is Verdict.QUALIFIED
            changed += update_record(conn, OPERATOR, listed.id, old, {"qualified": mark},
                                     ledger.stamp())
        try:
            store.store_version(conn, current, version)
        except ListError as exc:  # e.g. an operator's name merged from below is too long
            raise UsageError(f"名单无法发布：{exc}") from None
    return PublishResult(version, changed)


def _city_only(ledger: Ledger, why: str) -> None:
    if get_setting(ledger, "role") != Role.CITY.value:
        raise UsageError(f"只有市级台账可以这样做：{why}")


# --- facilities to adjust --------------------------------------------------------------------


@dataclass(frozen=True)
class FacilityAdjustment:
    """A facility whose use suggests a change, the suggestion, and what it rests on."""

    facility: FacilityRollup
    adjustment: Adjustment
    target: Function | None
    """For 可转换 and 能兼容: the other function this community's open demands ask most for."""
    open_demands: int
    """This community's open demands for `target`."""

    @property
    def reason(self) -> str:
        """The suggestion in words, with its figures."""
        figures = self.facility.figures
        assert figures.usage is not None
        if self.adjustment is Adjustment.EXPAND:
            return f"服务能力 {self.facility.capacity}，使用已超出，可扩大规模或增加服务时段"
        wanted = (f"本社区未办结的“{self.target.label}”需求 {self.open_demands} 条"
                  if self.target else "本社区暂无其他功能的未办结需求，建议先征集需求")
        if self.adjustment is Adjustment.CONVERT:
            prefix = f"转为{self.target.label}：" if self.target else ""
            return f"{prefix}{wanted}"
        prefix = f"与{self.target.label}共用场地：" if self.target else "与其他功能共用场地："
        return f"{prefix}{wanted}"


def adjustments(ledger: Ledger, scope: Scope | None, period: Period,
                found: Rollups | None = None) -> list[FacilityAdjustment]:
    """Facilities to adjust: over-used ones (most used first), then little-used (least first)."""
    rules = thresholds(ledger)
    facilities = (found or rollups(ledger, scope, period)).by_facility
    wanted = _open_demands(ledger, scope)
    listed: list[FacilityAdjustment] = []
    for facility in facilities:
        adjustment = suggest(rules, facility.figures, facility.capacity)
        if adjustment is None:
            continue
        target, count = None, 0
        if adjustment is not Adjustment.EXPAND:
            asked = wanted.get(facility.community_id, {})
            others = [(n, f) for f, n in asked.items() if f is not facility.function]
            if others:  # the most asked for; ties by the policy's order of functions
                count, target = max(others, key=lambda item: (item[0], -_ORDER[item[1]]))
        listed.append(FacilityAdjustment(facility, adjustment, target, count))
    rank = {Adjustment.EXPAND: 0, Adjustment.CONVERT: 1, Adjustment.SHARE: 2}

    def key(row: FacilityAdjustment) -> tuple[int, Any]:
        usage = row.facility.figures.usage or 0
        return rank[row.adjustment], -usage if row.adjustment is Adjustment.EXPAND else usage

    return sorted(listed, key=key)


_ORDER = {f: n for n, f in enumerate(Function)}


def _open_demands(ledger: Ledger, scope: Scope | None) -> dict[str, dict[Function, int]]:
    """Open demands by community and function (demands without a function left out)."""
    where, params = _where(DEMAND.name, scope)
    marks = ", ".join(f":c{n}" for n in range(len(CLOSED)))
    sql = (f"SELECT community_id, function, count(*) FROM demand WHERE {where} "
           f"AND function IS NOT NULL AND function != :other "
           f"AND (status IS NULL OR status NOT IN ({marks})) GROUP BY community_id, function")
    found: dict[str, dict[Function, int]] = defaultdict(dict)
    values = {**params, "other": Function.OTHER.value,
              **{f"c{n}": s for n, s in enumerate(CLOSED)}}
    with ledger.engine.connect() as conn:
        for community, function, count in conn.execute(text(sql), values):
            found[community][Function(function)] = int(count)
    return found
