"""The community × function matrix of an area: each status with its record id, and the coverage."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.domain.coverage import CommunityState, FunctionCoverage, coverage
from app.domain.enums import Function, FunctionStatus
from app.services.coverage import community_states
from app.store.areas import CITY, Scope
from app.store.db import Ledger
from app.store.targets import coverage_targets


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
    """Every live community of an area with its function statuses (two queries, one snapshot).

    The coverage is computed from the same rows by the GLOSSARY rule, so it always agrees with
    `app.services.coverage.area_coverage` and with what the rows show.
    """
    scope = scope or CITY
    rows = [
        MatrixRow(c.id, c.name, c.code, c.street_id, c.street_name, c.state.not_resettled,
                  dict(c.state.statuses), c.status_ids)
        for c in community_states(ledger, scope)
    ]
    return Matrix(scope, rows, coverage((r.state for r in rows), coverage_targets(ledger)))
