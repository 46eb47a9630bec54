"""Coverage per community, street, district and zone (GLOSSARY rule), and the guideline's advice."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import text

from app.domain.checks import Advice, community_checks
from app.domain.coverage import CommunityState, FunctionCoverage, coverage
from app.domain.enums import Function, FunctionStatus, Level
from app.services import records
from app.store.areas import CITY, Scope, community_ids_sql
from app.store.db import Ledger
from app.store.targets import coverage_targets

_FUNCTIONS = {f.value: f for f in Function}
_STATUSES = {s.value: s for s in FunctionStatus}


@dataclass(frozen=True)
class CommunityCoverage:
    """One community: where it sits, whether it counts, its status per function and their ids."""

    id: str
    name: str
    code: str | None
    street_id: str
    street_name: str
    district_id: str | None
    zone_id: str | None
    state: CommunityState
    status_ids: dict[Function, str] = field(default_factory=dict)
    """The id of the function status record per function (missing: no record, status 无)."""


def community_states(ledger: Ledger, scope: Scope | None = None) -> list[CommunityCoverage]:
    """Every live community in a scope with its function statuses, by street then community code."""
    scope = scope or CITY
    where = "c.deleted = 0"
    params: dict[str, str | None] = {}
    if scope.level is not Level.CITY:
        where += f" AND c.id IN ({community_ids_sql(scope)})"
        params["scope"] = scope.id
    with ledger.engine.connect() as conn:
        communities = conn.execute(
            text(
                "SELECT c.id, c.name, c.code, c.street_id, s.name, s.district_id, s.zone_id, "
                "c.not_resettled "
                f"FROM community c JOIN street s ON s.id = c.street_id WHERE {where} "
                "ORDER BY s.code IS NULL, s.code, s.name_sort, c.code IS NULL, c.code, c.name_sort"
            ),
            params,
        ).all()
        statuses = conn.execute(
            text(
                # the whole ledger: no join to each status's community (a fifth of this read at
                # city scale, at every start); a deleted one's statuses are read, never asked for
                "SELECT community_id, function, status, id FROM function_status WHERE deleted = 0"
                if scope.level is Level.CITY else
                "SELECT f.community_id, f.function, f.status, f.id FROM function_status f "
                f"JOIN community c ON c.id = f.community_id WHERE f.deleted = 0 AND {where}"
            ),
            params,
        ).all()
    by_status: dict[str, dict[Function, FunctionStatus]] = defaultdict(dict)
    by_id: dict[str, dict[Function, str]] = defaultdict(dict)
    for community_id, function, status, status_id in statuses:
        # a dictionary look-up, not the enum's call (14,400 rows a city, at every start)
        member = _FUNCTIONS.get(function) or Function(function)
        by_status[community_id][member] = _STATUSES.get(status) or FunctionStatus(status)
        by_id[community_id][member] = status_id
    return [
        CommunityCoverage(
            cid, name, code, street, street_name, district, zone,
            CommunityState(bool(not_resettled), by_status.get(cid, {})), by_id.get(cid, {}),
        )
        for cid, name, code, street, street_name, district, zone, not_resettled in communities
    ]


def area_coverage(ledger: Ledger, scope: Scope | None = None) -> list[FunctionCoverage]:
    """Coverage of each of the nine functions in an area (the whole ledger when no scope)."""
    return coverage((c.state for c in community_states(ledger, scope)),
                    coverage_targets(ledger))


def coverage_by(
    ledger: Ledger, level: Level, scope: Scope | None = None
) -> dict[str, list[FunctionCoverage]]:
    """Coverage of each street, district or zone (by id) inside a scope."""
    key = {
        Level.STREET: lambda c: c.street_id,
        Level.DISTRICT: lambda c: c.district_id,
        Level.ZONE: lambda c: c.zone_id,
        Level.COMMUNITY: lambda c: c.id,
    }[level]
    groups: dict[str, list[CommunityState]] = defaultdict(list)
    for community in community_states(ledger, scope):
        area_id = key(community)
        if area_id:
            groups[area_id].append(community.state)
    targets = coverage_targets(ledger)
    return {area_id: coverage(states, targets) for area_id, states in groups.items()}


def advice(ledger: Ledger, community_ref: str) -> list[Advice]:
    """The guideline's advisory checks (合规提示) for one community."""
    community = records.get(ledger, "communities", community_ref)
    scope = Scope(Level.COMMUNITY, community["id"], community["name"], community.get("code"))
    statuses = records.list_records(ledger, "functions", records.Query(scope=scope))
    spaces = records.list_records(ledger, "spaces", records.Query(scope=scope))
    return community_checks(community, statuses, spaces)
