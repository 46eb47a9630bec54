"""The overview of an area: counts, project stages, coverage, and the communities most behind."""

from __future__ import annotations

import heapq
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text

from app.domain.coverage import COVERING, FunctionCoverage, standard_covered
from app.domain.entities import DEMAND, PROJECT
from app.domain.enums import (
    STANDARD_FUNCTIONS,
    Acceptance,
    DemandStatus,
    Function,
    Level,
    Urgency,
)
from app.domain.programme import MILESTONES
from app.services import records
from app.services.matrix import MatrixRow, function_matrix
from app.services.records import Query
from app.store.areas import CITY, Scope, scope_condition
from app.store.db import Ledger
from app.store.settings import get_setting

STAGES: tuple[str, ...] = tuple(label for _field, label in MILESTONES)
"""The stage names, in order (立项 … 投入运营)."""

CLOSED_DEMANDS = (DemandStatus.RESOLVED, DemandStatus.DECLINED)
"""Demand statuses that are finished (办结); every other status is still open (未办结)."""


FAILED_ACCEPTANCE = "联合验收未通过"
"""How a project whose joint acceptance failed is marked wherever it is listed or counted."""

_FROM_ACCEPTANCE = ("accepted_on", "operating_on")
"""Milestones a failed joint acceptance has not reached: the acceptance, and operating after it."""


def acceptance_failed(project: Mapping[str, Any]) -> bool:
    """The project's joint acceptance (联合验收) was held and not passed."""
    return Acceptance.parse(project.get("acceptance")) is Acceptance.FAILED


def project_stage(project: Mapping[str, Any]) -> str | None:
    """The stage a project has reached: its furthest milestone with a date (None: none filled).

    A failed joint acceptance is not a reached milestone, and neither is an operating date after
    it: the project stays at 竣工 (the policy puts a facility into operation once it has passed
    acceptance; one running without it is a problem to follow up, not progress to count).
    """
    failed = acceptance_failed(project)
    reached = None
    for field_name, label in MILESTONES:
        if failed and field_name in _FROM_ACCEPTANCE:
            break
        if project.get(field_name) is not None:
            reached = label
    return reached


@dataclass(frozen=True)
class Laggard:
    """A community with few standard functions covered."""

    id: str
    name: str
    street_name: str
    standard_covered: int
    missing: tuple[Function, ...]
    """The standard functions it lacks (not ready or operating)."""


@dataclass(frozen=True)
class Overview:
    """What the 概览 page shows for an area."""

    scope: Scope
    name: str
    communities: int
    not_resettled: int
    spaces: int
    idle_spaces: int
    demands: int
    open_demands: int
    urgent_open_demands: int
    projects: int
    stages: dict[str, int]
    """Projects per stage (every stage of STAGES present, in order)."""
    unstaged_projects: int
    """Projects without any milestone date."""
    failed_acceptance: int
    """Projects whose joint acceptance failed (counted at the stage before it)."""
    coverage: list[FunctionCoverage]
    laggards: list[Laggard]


def area_name(ledger: Ledger, scope: Scope) -> str:
    """An area's name; the city's name comes from the ledger's settings."""
    if scope.level is Level.CITY:
        city = get_setting(ledger, "city") or {}
        return str(city.get("name") or "")
    return scope.name


def demand_counts(ledger: Ledger, scope: Scope | None = None) -> tuple[int, int, int]:
    """Demands in an area: all, still open (未办结), and open urgent ones; in one scan."""
    where, params = _where(DEMAND.name, scope)
    sql = f"SELECT status, urgency, count(*) FROM demand WHERE {where} GROUP BY status, urgency"
    total = open_ = urgent = 0
    with ledger.engine.connect() as conn:
        for status, urgency, n in conn.execute(text(sql), params):
            total += n
            if DemandStatus.parse(status) not in CLOSED_DEMANDS:
                open_ += n
                if urgency == Urgency.URGENT.value:
                    urgent += n
    return total, open_, urgent


def project_stages(
    ledger: Ledger, scope: Scope | None = None
) -> tuple[dict[str, int], int, int]:
    """Projects per stage in an area, those with no milestone date yet, and failed acceptances."""
    where, params = _where(PROJECT.name, scope)
    filled = ", ".join(f"{name} IS NOT NULL" for name, _label in MILESTONES)
    failed = f"acceptance = '{Acceptance.FAILED.value}'"
    sql = (f"SELECT {filled}, {failed}, count(*) FROM project WHERE {where} "
           f"GROUP BY {filled}, {failed}")
    stages = dict.fromkeys(STAGES, 0)
    unstaged = failures = 0
    with ledger.engine.connect() as conn:
        for row in conn.execute(text(sql), params):
            project: dict[str, Any] = {
                name: True if row[n] else None for n, (name, _label) in enumerate(MILESTONES)
            }
            if row[-2]:
                project["acceptance"] = Acceptance.FAILED
                failures += row[-1]
            stage = project_stage(project)
            if stage is None:
                unstaged += row[-1]
            else:
                stages[stage] += row[-1]
    return stages, unstaged, failures


def _where(table: str, scope: Scope | None) -> tuple[str, dict[str, Any]]:
    spec = records.spec_of(table)
    condition, params = scope_condition(spec, scope or CITY)
    if not condition:  # the whole ledger: the index of (deleted, status, urgency) holds it all
        return f"{table}.deleted = 0", params
    # an area: its communities' index drives (`+` keeps SQLite from walking every live demand in
    # the counts' index and reading each one's row to learn its community)
    return f"+{table}.deleted = 0 AND {condition}", params


def laggards(rows: list[MatrixRow], limit: int) -> list[Laggard]:
    """The counted communities with the fewest standard functions covered (ties: fewest in all)."""
    counted = [r for r in rows if not r.not_resettled]
    nine = Function.nine()

    def key(row: MatrixRow) -> tuple[int, int, str]:
        # what CommunityState.covers says of each function, by identity in tuples (a city's 1,600
        # communities are ordered at every start, on the way to the first page)
        covered = [f for f, status in row.statuses.items() if status in COVERING]
        return (sum(f in STANDARD_FUNCTIONS for f in covered), sum(f in nine for f in covered),
                row.name)

    return [
        Laggard(
            row.id,
            row.name,
            row.street_name,
            standard_covered(row.state),
            tuple(f for f in STANDARD_FUNCTIONS if not row.state.covers(f)),
        )
        for row in heapq.nsmallest(limit, counted, key=key)  # = sorted(…)[:limit]
    ]


def overview(ledger: Ledger, scope: Scope | None = None, *, limit: int = 8) -> Overview:
    """Every number of the overview page for an area (the whole ledger when no scope)."""
    scope = scope or CITY
    in_scope = Query(scope=scope)
    matrix = function_matrix(ledger, scope)
    demands, open_demands, urgent = demand_counts(ledger, scope)
    stages, unstaged, failed_acceptance = project_stages(ledger, scope)
    return Overview(
        scope=scope,
        name=area_name(ledger, scope),
        communities=len(matrix.rows),
        not_resettled=sum(r.not_resettled for r in matrix.rows),
        spaces=records.count(ledger, "spaces", in_scope),
        idle_spaces=records.count(
            ledger, "spaces", Query(scope=scope, filters={"usage": "idle"})
        ),
        demands=demands,
        open_demands=open_demands,
        urgent_open_demands=urgent,
        projects=records.count(ledger, "projects", in_scope),
        stages=stages,
        unstaged_projects=unstaged,
        failed_acceptance=failed_acceptance,
        coverage=matrix.coverage,
        laggards=laggards(matrix.rows, limit) if scope.level is not Level.COMMUNITY else [],
    )
