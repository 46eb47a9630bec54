"""Which 区县（开发区） meet which of the nine 2030 coverage targets, and 还差 N 个社区 each.

Not only the pooled rate of an area: every district (or zone, in the managing cut) against each
target in force (app/store/targets.py), exactly (app/domain/rates.py). A past day replays the
communities and their function statuses as they stood at its end, so its figures never move.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from app.domain.coverage import CommunityState, FunctionCoverage, coverage
from app.domain.enums import Function, FunctionStatus, Level
from app.errors import UsageError
from app.services import as_of
from app.services.coverage import community_states
from app.services.cuts import By, CutArea, district_cut, unplaced_area
from app.services.progress import day_end, figure_day
from app.store.areas import CITY, Scope
from app.store.db import Ledger
from app.store.targets import coverage_targets


@dataclass(frozen=True)
class AreaCompliance:
    """One district (or zone), or the whole area: its counted communities and the nine targets."""

    id: str | None
    name: str
    level: Level | None
    functions: tuple[FunctionCoverage, ...]
    """The nine functions in order, each with its rate, target, met and 还差 (missing)."""

    @property
    def counted(self) -> int:
        """Communities counted (未回迁 ones are not)."""
        return self.functions[0].total if self.functions else 0

    @property
    def met(self) -> tuple[Function, ...]:
        """The functions whose target it meets."""
        return tuple(c.function for c in self.functions if c.met)


@dataclass(frozen=True)
class Compliance:
    """The nine targets per district (or zone) of an area on a day, and for the area pooled."""

    day: dt.date
    by: By
    rows: tuple[AreaCompliance, ...]
    total: AreaCompliance


def target_compliance(ledger: Ledger, scope: Scope | None = None, *, day: dt.date | None = None,
                      by: By = "managing", today: dt.date | None = None) -> Compliance:
    """Each district's (or zone's) coverage against every 2030 target in an area on a day."""
    scope = scope or CITY
    if scope.level is Level.COMMUNITY:
        raise UsageError("达标情况按街道、区县、开发区或全市统计")
    day, current = figure_day(day, today)
    cut = district_cut(ledger, scope, by)
    targets = coverage_targets(ledger)
    groups: dict[str | None, list[CommunityState]] = defaultdict(list)
    for street_id, state in _states(ledger, scope, day, current):
        place = cut.streets.get(street_id)
        if place is None or street_id not in cut.in_scope:
            continue
        groups[place.area.id].append(state)
    areas: list[CutArea] = cut.areas()
    if None in groups and all(a.id is not None for a in areas):
        areas.append(unplaced_area())
    rows = tuple(AreaCompliance(a.id, a.name, a.level,
                                tuple(coverage(groups.get(a.id, []), targets))) for a in areas)
    everything = [s for states in groups.values() for s in states]
    total = AreaCompliance(scope.id, "全市" if scope.level is Level.CITY else scope.name,
                           scope.level, tuple(coverage(everything, targets)))
    return Compliance(day, cut.by, rows, total)


def _states(ledger: Ledger, scope: Scope, day: dt.date, current: bool
            ) -> list[tuple[str, CommunityState]]:
    """Each community's street and state: as it is, or replayed to the end of a past day."""
    if current:
        return [(c.street_id, c.state) for c in community_states(ledger, scope)]
    before = day_end(day)
    communities = as_of.records_as_of(ledger, "community", scope, before)
    statuses = as_of.records_as_of(ledger, "function_status", scope, before)
    by_community: dict[str, dict[Function, FunctionStatus]] = defaultdict(dict)
    for status in statuses.values():
        if status.get("community") in communities and status.get("function"):
            by_community[status["community"]][Function(status["function"])] = FunctionStatus(
                status.get("status") or FunctionStatus.NONE.value)
    return [(str(c.get("street")), CommunityState(bool(c.get("not_resettled")),
                                                  by_community.get(cid, {})))
            for cid, c in communities.items()]
