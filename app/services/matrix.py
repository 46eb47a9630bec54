"""The community × function matrix of an area: each status with its record id, and the coverage."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import text

from app.domain.coverage import CommunityState, FunctionCoverage, coverage
from app.domain.enums import Function, FunctionStatus, Level
from app.services.areas import CITY, Scope, community_ids_sql
from app.store.db import Ledger


@dataclass(frozen=True)
class MatrixRow:
    """One community of the matrix: where it sits, and its function status records."""

    id: str
    name: str
    code: str | None
    street_id: str
    street_name: str
    not_resettled: bool
    statuses: dict[Function, FunctionStatus] = field(default_factory=dict)
    status_ids: dict[Function, str] = field(default_factory=dict)
    """The id of the function status record per function (missing: no record, status 无)."""

    def status(self, function: Function) -> FunctionStatus:
        """The status of a function here (无 when no record says otherwise)."""
        return self.statuses.get(function, FunctionStatus.NONE)

    @property
    def state(self) -> CommunityState:
        """What coverage needs to know of this community."""
        return CommunityState(self.not_resettled, self.statuses)


@dataclass(frozen=True)
class Matrix:
    """The communities of an area with their statuses, and the area's coverage (same snapshot)."""

    scope: Scope
    rows: list[MatrixRow]
    coverage: list[FunctionCoverage]

    @property
    def counted(self) -> int:
        """Communities that count toward coverage (not 未回迁)."""
        return sum(not r.not_resettled for r in self.rows)


def function_matrix(ledger: Ledger, scope: Scope | None = None) -> Matrix:
    """Every live community of an area with its function statuses, in two queries.

    The coverage is computed from the same rows by the GLOSSARY rule, so it always agrees with
    `app.services.coverage.area_coverage` and with what the rows show.
    """
    scope = scope or CITY
    where = "c.deleted = 0"
    params: dict[str, str | None] = {}
    if scope.level is not Level.CITY:
        where += f" AND c.id IN ({community_ids_sql(scope)})"
        params["scope"] = scope.id
    with ledger.engine.connect() as conn:
        communities = conn.execute(
            text(
                "SELECT c.id, c.name, c.code, c.street_id, s.name, c.not_resettled "
                f"FROM community c JOIN street s ON s.id = c.street_id WHERE {where} "
                "ORDER BY s.code IS NULL, s.code, s.name, c.code IS NULL, c.code, c.name"
            ),
            params,
        ).all()
        statuses = conn.execute(
            text(
                "SELECT f.community_id, f.function, f.status, f.id FROM function_status f "
                f"JOIN community c ON c.id = f.community_id WHERE f.deleted = 0 AND {where}"
            ),
            params,
        ).all()
    by_status: dict[str, dict[Function, FunctionStatus]] = defaultdict(dict)
    by_id: dict[str, dict[Function, str]] = defaultdict(dict)
    for community_id, function, status, status_id in statuses:
        by_status[community_id][Function(function)] = FunctionStatus(status)
        by_id[community_id][Function(function)] = status_id
    rows = [
        MatrixRow(
            cid,
            name,
            code,
            street_id,
            street_name,
            bool(not_resettled),
            by_status.get(cid, {}),
            by_id.get(cid, {}),
        )
        for cid, name, code, street_id, street_name, not_resettled in communities
    ]
    return Matrix(scope, rows, coverage(r.state for r in rows))
