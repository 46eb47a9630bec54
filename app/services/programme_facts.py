"""What the quarter ranking and the year's assessment count, street by street, over a period.

One reading of the history for the whole area (a city's 200 streets and half a million demands
are replayed once, not once per district), then grouped into the units ranked or assessed:
区县（开发区） within the city, where a street a development zone manages counts under the zone,
never under its legal district; or the streets of one district or zone.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text

from app.domain.coverage import CommunityState
from app.domain.enums import DemandStatus, Function, FunctionStatus, Level, ProjectTier
from app.domain.programme import Entry, Lateness, lateness
from app.errors import UsageError
from app.services import as_of
from app.services.freshness import StreetReport, street_reports
from app.services.periods import Period
from app.store import programme
from app.store.areas import CITY, Scope
from app.store.db import Ledger
from app.store.targets import coverage_targets

CLOSED = (DemandStatus.RESOLVED.value, DemandStatus.DECLINED.value)
"""办结: resolved (已解决) or declined (不予采纳)."""
TIERS = (ProjectTier.NATIONAL_PILOT.value, ProjectTier.CITY_PROJECT.value)


@dataclass(frozen=True)
class Unit:
    """An area ranked or assessed: a district or zone (with the streets it counts), or a street."""

    id: str
    level: Level
    name: str
    key: str
    """The order of last resort: the area's code, else its name."""
    streets: tuple[str, ...]
    """The ids of the streets counted under it (a street: itself)."""


def managing_units(ledger: Ledger, scope: Scope | None) -> list[Unit]:
    """The 区县（开发区） of an area, each with the streets it manages: a district's streets less
    those a zone manages; the city's every district and zone that has streets, by code."""
    scope = scope or CITY
    if scope.level not in (Level.CITY, Level.DISTRICT, Level.ZONE):
        raise UsageError("请按全市、区县或开发区给出范围，如 --scope district:新城区")
    with ledger.engine.connect() as conn:
        streets = conn.execute(text(
            "SELECT s.id, s.district_id, s.zone_id FROM street s WHERE s.deleted = 0 "
            "ORDER BY s.code IS NULL, s.code, s.name_sort")).all()
        districts = conn.execute(text(
            "SELECT id, name, code FROM district WHERE deleted = 0")).all()
        zones = conn.execute(text("SELECT id, name FROM zone WHERE deleted = 0")).all()
    members: dict[str, list[str]] = defaultdict(list)
    for street_id, district_id, zone_id in streets:
        owner = zone_id or district_id
        if owner:
            members[owner].append(street_id)
    units = [Unit(i, Level.DISTRICT, name, code or name, tuple(members[i]))
             for i, name, code in districts]
    units += [Unit(i, Level.ZONE, name, name, tuple(members[i])) for i, name in zones]
    if scope.level is not Level.CITY:
        return [u for u in units if u.id == scope.id]
    return sorted((u for u in units if u.streets), key=lambda u: (u.level is Level.ZONE, u.key))


def street_units(ledger: Ledger, scope: Scope) -> tuple[list[Unit], list[str]]:
    """The streets a district or zone ranks (a district's less those a zone manages), in code
    order, and the names of the district's streets that rank under a zone instead."""
    if scope.level not in (Level.DISTRICT, Level.ZONE):
        raise UsageError("街道排名请按区县或开发区给出范围，如 --scope district:新城区")
    column = "district_id" if scope.level is Level.DISTRICT else "zone_id"
    with ledger.engine.connect() as conn:
        rows = conn.execute(text(
            f"SELECT s.id, s.name, s.code, z.name FROM street s "
            f"LEFT JOIN zone z ON z.id = s.zone_id WHERE s.deleted = 0 AND s.{column} = :scope "
            "ORDER BY s.code IS NULL, s.code, s.name_sort"), {"scope": scope.id}).all()
    units, elsewhere = [], []
    for street_id, name, code, zone in rows:
        if scope.level is Level.DISTRICT and zone:
            elsewhere.append(f"{name}（{zone}）")
        else:
            units.append(Unit(street_id, Level.STREET, name, code or name, (street_id,)))
    return units, elsewhere


@dataclass(frozen=True)
class DemandCount:
    """Demands of a street over a period: open at its start, received in it, closed by its end."""

    open_at_start: int = 0
    received: int = 0
    closed: int = 0
    """Of the two above, closed (已解决 or 不予采纳) by the period's end."""

    @property
    def due(self) -> int:
        return self.open_at_start + self.received

    def __add__(self, other: DemandCount) -> DemandCount:
        return DemandCount(self.open_at_start + other.open_at_start,
                           self.received + other.received, self.closed + other.closed)


@dataclass(frozen=True)
class Planned:
    """A project of the directory (or, without one, of its own tier) with its record then."""

    entry: Entry
    name: str
    """Where it is, as printed: the community's (or the street's) name."""
    record: Mapping[str, Any] | None
    """The project as it stood at the period's end (None: not recorded yet, not started)."""

    def late(self, day: dt.date) -> list[Lateness]:
        """Its planned milestones due before `day` (or reached by it), with how late on `day`."""
        return lateness(self.entry.project, self.entry.planned(), self.record, day)


@dataclass(frozen=True)
class Standing:
    """Everything the ranking and the assessment count, by street id, over one period."""

    period: Period
    targets: Mapping[Function, float]
    start_states: Mapping[str, list[CommunityState]]
    end_states: Mapping[str, list[CommunityState]]
    demands: Mapping[str, DemandCount]
    projects: Mapping[str, list[Planned]]
    reports: Mapping[str, StreetReport]
    directory: bool
    """The city's directory decided the tiers (else the projects' own tier and planned year)."""
    names: Mapping[str, str] = field(default_factory=dict)
    """Street names by id."""

    def states(self, unit: Unit, *, start: bool = False) -> list[CommunityState]:
        source = self.start_states if start else self.end_states
        return [s for street in unit.streets for s in source.get(street, ())]

    def demand_count(self, unit: Unit) -> DemandCount:
        return sum((self.demands.get(s, DemandCount()) for s in unit.streets), DemandCount())

    def planned(self, unit: Unit) -> list[Planned]:
        return [p for s in unit.streets for p in self.projects.get(s, ())]

    def street_reports(self, unit: Unit) -> list[StreetReport]:
        return [self.reports[s] for s in unit.streets if s in self.reports]


def standing(ledger: Ledger, scope: Scope | None, period: Period) -> Standing:
    """Read what the period's figures rest on, for every street of an area."""
    scope = scope or CITY
    street_of, names = _places(ledger)
    communities = as_of.records_as_of_each(ledger, "community", scope,
                                           [period.start, period.end])
    statuses = as_of.records_as_of_each(ledger, "function_status", scope,
                                        [period.start, period.end])
    start_states = _states(communities[0], statuses[0], street_of)
    end_states = _states(communities[1], statuses[1], street_of)
    start_demands, end_demands = as_of.fields_as_of_each(
        ledger, "demand", scope, [period.start, period.end],
        ("community", "status", "received_on", "resolved_on"))
    demands = _demands(start_demands, end_demands, period, street_of)
    projects = as_of.records_as_of(ledger, "project", scope, period.end)
    directory = programme.directory(ledger)
    planned = _planned(ledger, directory.entries_on(period.last) if directory else None,
                       projects, street_of, names)
    reports = {r.street_id: r for r in street_reports(ledger, scope, before=period.end)}
    return Standing(period, coverage_targets(ledger), start_states, end_states, demands,
                    planned, reports, bool(directory),
                    {sid: name for sid, (name, _code) in names.items()})


def _places(ledger: Ledger) -> tuple[dict[str, str], dict[str, tuple[str, str | None]]]:
    """Each community's present street (deleted ones too), and each street's name and code."""
    with ledger.engine.connect() as conn:
        street_of: dict[str, str] = {
            cid: sid for cid, sid in conn.execute(text("SELECT id, street_id FROM community"))}
        names = {sid: (name, code) for sid, name, code in conn.execute(text(
            "SELECT id, name, code FROM street WHERE deleted = 0")).all()}
    return street_of, names


def _states(communities: Mapping[str, Mapping[str, Any]],
            statuses: Mapping[str, Mapping[str, Any]],
            street_of: Mapping[str, str]) -> dict[str, list[CommunityState]]:
    """Each street's communities as coverage counts them (by where they are now)."""
    by_community: dict[str, dict[Function, FunctionStatus]] = defaultdict(dict)
    for status in statuses.values():
        where, function = str(status.get("community")), status.get("function")
        if where in communities and function in _NINE:
            by_community[where][Function(function)] = FunctionStatus(
                status.get("status") or FunctionStatus.NONE.value)
    found: dict[str, list[CommunityState]] = defaultdict(list)
    for cid, community in communities.items():
        street = street_of.get(cid)
        if street:
            found[street].append(CommunityState(bool(community.get("not_resettled")),
                                                by_community.get(cid, {})))
    return found


_NINE = frozenset(f.value for f in Function.nine())


def _demands(start: Mapping[str, as_of.Row], end: Mapping[str, as_of.Row],
             period: Period, street_of: Mapping[str, str]) -> dict[str, DemandCount]:
    """Per street: demands open at the start or received in the period, and those closed by its
    end (status 已解决 or 不予采纳, or a 办结日期 within it). A demand recorded during the period
    with an earlier 登记日期 was open at the start unless its 办结日期 is before it."""
    first, last = period.first.isoformat(), period.last.isoformat()
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for record_id, demand in end.items():
        received = _day(demand.get("received_on"))
        if received > last:
            continue  # received after the period (a date typed ahead)
        then = start.get(record_id)
        if received >= first if received else then is None:
            slot = 1  # received in the period
        elif (_closed(then, first) if then is not None
              else "" < _day(demand.get("resolved_on")) < first):
            continue  # closed before the period began
        else:
            slot = 0  # open at its start
        street = street_of.get(str(demand.get("community") or ""))
        if not street:
            continue
        count = counts[street]
        count[slot] += 1
        if demand.get("status") in CLOSED or "" < _day(demand.get("resolved_on")) <= last:
            count[2] += 1
    return {s: DemandCount(*c) for s, c in counts.items()}


def _closed(demand: as_of.Row, before: str) -> bool:
    """Closed before a day: by its status, or by a 办结日期 before it."""
    return demand.get("status") in CLOSED or "" < _day(demand.get("resolved_on")) < before


def _day(value: Any) -> str:
    return str(value or "")[:10]


def _planned(ledger: Ledger, entries: Mapping[str, Entry] | None,
             projects: Mapping[str, Mapping[str, Any]], street_of: Mapping[str, str],
             names: Mapping[str, tuple[str, str | None]]) -> dict[str, list[Planned]]:
    """The projects that hold a tier at the period's end, by street, each with its record.

    Without a directory the projects' own tier (国家试点 or 市级项目) and planned year make
    the entries, at the place the project records.
    """
    by_name = {str(p.get("name") or ""): p for p in projects.values()}
    community_names = _community_names(ledger)
    found: dict[str, list[Planned]] = defaultdict(list)
    community: str | None
    if entries is None:
        for project in projects.values():
            if project.get("tier") not in TIERS:
                continue
            community = project.get("community")
            street = street_of.get(community) if community else project.get("street")
            if not street:
                continue
            year = project.get("planned_year")
            entry = Entry(str(project.get("name") or ""), ProjectTier(project["tier"]),
                          community, None if community else street,
                          int(year) if year else None, dt.date.min, {})
            place = community_names.get(community, ("", ""))[0] if community else ""
            found[street].append(Planned(entry, place or names.get(street, ("", ""))[0],
                                         project))
        return found
    by_code: dict[str, str] = {}
    by_community_name: dict[str, list[str]] = defaultdict(list)
    for cid, (name, code) in community_names.items():
        if code:
            by_code[code] = cid
        by_community_name[name].append(cid)
    street_ids = {code or "": sid for sid, (_n, code) in names.items() if code}
    street_ids.update({name: sid for sid, (name, _c) in names.items()})
    for name, entry in entries.items():
        record = by_name.get(name)
        community = None
        if record is not None:
            community = record.get("community")
            street = street_of.get(community) if community else record.get("street")
        elif entry.community:
            same = by_community_name.get(entry.community, [])
            community = by_code.get(entry.community) or (same[0] if len(same) == 1 else None)
            street = street_of.get(community) if community else None
        else:
            street = street_ids.get(entry.street or "")
        if not street:
            continue  # outside the area, or a place this ledger does not know
        place = (community_names.get(community, ("", ""))[0] if community
                 else names.get(street, ("", ""))[0])
        found[street].append(Planned(entry, place, record))
    return found


def _community_names(ledger: Ledger) -> dict[str, tuple[str, str | None]]:
    with ledger.engine.connect() as conn:
        return {cid: (name, code) for cid, name, code in conn.execute(text(
            "SELECT id, name, code FROM community")).all()}


def streets_named(reports: Iterable[StreetReport]) -> str:
    """Streets as a list in a sentence: 西一路街道、中山门街道."""
    return "、".join(r.street for r in reports)
