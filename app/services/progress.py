"""Programme progress of an area on a day: pilots per batch year, street-unit pilots, city projects,
the projects late against their plan, per district (or zone) and in total.

Every project counts in the tier the city's directory gave it on the day of the figure
(app/domain/programme.py); where the ledger holds no directory, the projects' own 项目类型 and
计划年度 stand in (Progress.source says which). A figure for a past day replays the project records
as they stood at its end (app/services/as_of.py), so it never moves; a figure for today reads the
records as they are.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text

from app.domain import china_time
from app.domain.enums import Acceptance, Level, ProjectTier
from app.domain.programme import (
    CITY_PROJECTS_DUE,
    CITY_PROJECTS_PLANNED,
    MILESTONES,
    PILOTS_PLANNED,
    READY,
    STREET_UNIT_PILOTS,
    Entry,
    Lateness,
    lateness,
    planned_dates,
    reached_on,
    street_code,
)
from app.errors import UsageError
from app.services import as_of
from app.services.cuts import By, Cut, CutArea, district_cut, unplaced_area
from app.services.data_state import Silent, silent_streets
from app.store.areas import CITY, Scope
from app.store.db import Ledger
from app.store.programme import directory

OPERATING = "operating_on"
"""A pilot community is done once it operates (投入运营)."""

_PROJECT_SQL = (
    "SELECT id, name, community_id, street_id, tier, planned_year, "
    + ", ".join(name for name, _label in MILESTONES)
    + ", acceptance FROM project WHERE deleted = 0"
)
_FIELDS = ("id", "name", "community", "street", "tier", "planned_year",
           *(name for name, _label in MILESTONES), "acceptance")


@dataclass(frozen=True)
class Source:
    """Where the tiers of a figure come from: the city's directory (its version) or the records."""

    version: int | None
    """The directory's version; None when the projects' own 项目类型 and 计划年度 stand in."""

    @property
    def text(self) -> str:
        """How a report says it."""
        if self.version is None:
            return ("本台账尚未收到市级项目名录，项目类型和批次按各项目自填的"
                    "“项目类型”“计划年度”统计")
        return f"项目类型按市级项目名录（第 {self.version} 版）在统计日的状态统计"


@dataclass(frozen=True)
class Place:
    """Where a project is: the district (or zone) it counts under, its street and community."""

    area: CutArea
    street_id: str | None
    street: str
    community: str


@dataclass(frozen=True)
class ProjectProgress:
    """One project of the area on the day: its tier, plan, the milestones reached and how late."""

    name: str
    tier: ProjectTier
    year: int | None
    """The pilot batch year (or the planned year)."""
    street_unit: bool
    """以街道为单元: a street's project, not one community's."""
    place: Place
    recorded: bool
    """False for a directory entry the street has not recorded: it counts as not started."""
    plan: Mapping[str, dt.date]
    """The planned milestones (field name → due date)."""
    reached: Mapping[str, dt.date]
    """The milestones reached by the day (a planned one also when a later one was reached)."""
    late: tuple[Lateness, ...]
    """The planned milestones late on the day (reached late, or due and not reached), in order."""
    failed: bool = False
    """Its joint acceptance was held and not passed."""

    @property
    def worst(self) -> Lateness | None:
        """The milestone most days late (the earlier one on a tie); None when none is late."""
        if not self.late:
            return None
        return min(self.late, key=lambda item: (-item.days_late, item.due))

    @property
    def days_late(self) -> int:
        """The most days any of its milestones is late (0: on time)."""
        worst = self.worst
        return worst.days_late if worst is not None else 0

    def reached_by(self, milestone: str, day: dt.date) -> bool:
        """Whether it had reached a milestone on or before `day`."""
        reached = self.reached.get(milestone)
        return reached is not None and reached <= day


@dataclass(frozen=True)
class PilotYear:
    """National pilot communities of one batch year: listed, done (operating by the year's end or
    by the day, whichever is first) and the city's plan (only in the city's figures)."""

    year: int
    planned: int
    done: int
    target: int | None


@dataclass(frozen=True)
class CityProjects:
    """City-level projects: listed, ready (具备运营条件) by the day, ready by the due date, late."""

    listed: int
    ready: int
    ready_by_due: int
    late: int
    """Not ready by the due date (once it is past), or ready after it."""
    target: int | None
    """The city's plan (≥ 90), only in the city's figures."""
    due: dt.date = CITY_PROJECTS_DUE


@dataclass(frozen=True)
class AreaProgress:
    """The counts of one district (or zone), or of the whole area."""

    id: str | None
    name: str
    level: Level | None
    pilots: tuple[PilotYear, ...]
    unbatched: int
    """National pilot communities without a batch year (not in the per-year counts)."""
    street_units: int
    street_units_late: int
    city: CityProjects
    late: int
    """Tiered projects late against their plan on the day."""
    not_recorded: int
    """Directory entries the streets have not recorded (counted as not started)."""


@dataclass(frozen=True)
class Progress:
    """The programme's progress in an area on a day (everything the report and the chart show)."""

    day: dt.date
    scope: Scope
    by: By
    source: Source
    total: AreaProgress
    """The whole area; the plan's targets filled in for the city."""
    rows: tuple[AreaProgress, ...]
    """Per district (or zone, in the managing cut), in code order, zones after districts."""
    street_units: tuple[ProjectProgress, ...]
    """The street-unit pilots of the area (a listed pilot street without one: not recorded)."""
    late: tuple[ProjectProgress, ...]
    """The tiered projects late on the day, most days late first."""
    not_recorded: tuple[ProjectProgress, ...]
    """Directory entries no street has recorded, by place."""
    projects: tuple[ProjectProgress, ...]
    """Every tiered project of the area, by district, street, tier and name."""
    others: tuple[ProjectProgress, ...]
    """The area's other projects (其他 on the day), their plan from their 计划年度."""
    silent: tuple[Silent, ...]
    """The streets of the area this ledger holds no reported data of (missing from the figures)."""


def figure_day(day: dt.date | None, today: dt.date | None = None) -> tuple[dt.date, bool]:
    """The day a figure is for (today by default) and whether it is today; a later day is
    refused."""
    today = today or china_time.today()
    day = day or today
    if day > today:
        raise UsageError(f"{day.isoformat()} 还没有到，只能统计今天及以前的情况")
    return day, day == today


def day_end(day: dt.date) -> dt.datetime:
    """The first instant after a day in Xi'an, in UTC (history times are UTC)."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(),
                               china_time.CHINA).astimezone(dt.UTC)


def project_records(ledger: Ledger, day: dt.date, current: bool) -> list[dict[str, Any]]:
    """Every live project of the ledger as it stood at the end of `day` (now when `current`)."""
    if not current:
        return list(as_of.records_as_of(ledger, "project", CITY, day_end(day)).values())
    with ledger.engine.connect() as conn:
        return [dict(zip(_FIELDS, row, strict=True)) for row in conn.execute(text(_PROJECT_SQL))]


def progress(ledger: Ledger, scope: Scope | None = None, *, day: dt.date | None = None,
             by: By = "managing", today: dt.date | None = None) -> Progress:
    """The programme's progress in an area (city, district, zone or street) on a day."""
    scope = scope or CITY
    if scope.level is Level.COMMUNITY:
        raise UsageError(
            "建设进度按街道、区县、开发区或全市统计，请用 --scope street:… 或 district:…")
    day, current = figure_day(day, today)
    cut = district_cut(ledger, scope, by)
    records = project_records(ledger, day, current)
    places = _Places(ledger, cut)
    held = directory(ledger)
    if held:
        source = Source(held.version)
        tiered, others = _from_directory(held.entries_on(day), records, places, day)
    else:
        source = Source(None)
        tiered, others = _from_records(records, places, day)
        tiered = _add_missing_street_units(tiered, places, day)
    inside = [p for p in tiered if places.inside(p.place)]
    outside_others = [p for p in others if places.inside(p.place)]
    inside.sort(key=_order)
    outside_others.sort(key=_order)
    city = scope.level is Level.CITY
    by_area: dict[str | None, list[ProjectProgress]] = defaultdict(list)
    for project in inside:
        by_area[project.place.area.id].append(project)
    areas = cut.areas()
    if None in by_area and all(a.id is not None for a in areas):
        areas.append(unplaced_area())
    rows = tuple(_tally(by_area.get(a.id, []), day, a.id, a.name, a.level, targets=False)
                 for a in areas)
    total = _tally(inside, day, scope.id, _scope_name(scope), scope.level, targets=city)
    late = sorted((p for p in inside if p.days_late > 0),
                  key=lambda p: (-p.days_late, _order(p)))
    return Progress(
        day=day, scope=scope, by=cut.by, source=source, total=total, rows=rows,
        street_units=tuple(p for p in inside if p.street_unit
                           and p.tier is ProjectTier.NATIONAL_PILOT),
        late=tuple(late), not_recorded=tuple(p for p in inside if not p.recorded),
        projects=tuple(inside), others=tuple(outside_others),
        silent=tuple(silent_streets(ledger, scope)),
    )


def _scope_name(scope: Scope) -> str:
    return "全市" if scope.level is Level.CITY else scope.name


def _order(project: ProjectProgress) -> tuple[Any, ...]:
    place = project.place
    tiers = (ProjectTier.NATIONAL_PILOT, ProjectTier.CITY_PROJECT, ProjectTier.OTHER)
    return (place.area.order, place.street, not project.street_unit, place.community,
            tiers.index(project.tier), project.name)


class _Places:
    """Where directory entries and project records are, by the cut: communities by id, code and
    name, streets by id, code and name."""

    def __init__(self, ledger: Ledger, cut: Cut) -> None:
        self.cut = cut
        with ledger.engine.connect() as conn:
            rows = conn.execute(text(
                "SELECT id, name, code, street_id FROM community WHERE deleted = 0")).all()
        self.communities = {cid: (name or "", street) for cid, name, _code, street in rows}
        self.by_code = {code: cid for cid, _name, code, _street in rows if code}
        names: dict[str, list[str]] = defaultdict(list)
        for cid, name, _code, _street in rows:
            names[name or ""].append(cid)
        self.by_name = {name: ids[0] for name, ids in names.items() if len(ids) == 1}
        self.streets_by_ref: dict[str, str] = {}
        for place in cut.streets.values():
            self.streets_by_ref.setdefault(place.name, place.id)
        for place in cut.streets.values():
            if place.code:
                self.streets_by_ref[place.code] = place.id

    def inside(self, place: Place) -> bool:
        """Whether a place is in the scope (an unplaced one only in the city's figures)."""
        if place.street_id is None:
            return len(self.cut.in_scope) == len(self.cut.streets)
        return place.street_id in self.cut.in_scope

    def of_record(self, record: Mapping[str, Any] | None) -> Place | None:
        """Where a project record is (its community, else its street); None if unknown."""
        if record is None:
            return None
        community = record.get("community")
        if community and community in self.communities:
            return self._community(str(community))
        street = record.get("street")
        if street and street in self.cut.streets:
            return self.street(str(street))
        return None

    def of_entry(self, entry: Entry, record: Mapping[str, Any] | None) -> Place:
        """Where a directory entry is: its community (by code, then the recorded project's, then
        a unique name) or its street; unplaced when none is known here."""
        if entry.community:
            cid = self.by_code.get(entry.community)
            if cid is not None:
                return self._community(cid)
            known = self.of_record(record)
            if known is not None:
                return known
            cid = self.by_name.get(entry.community)
            if cid is not None:
                return self._community(cid)
            # a community not recorded here: its street, as the entry or the code names it
            # (a 12-digit community code starts with its street's first 9 digits)
            for ref in (entry.street, street_code(entry.community)):
                sid = self.streets_by_ref.get(ref or "")
                if sid is not None:
                    street = self.cut.streets[sid]
                    return Place(street.area, street.id, street.name, entry.community)
        elif entry.street:
            sid = self.streets_by_ref.get(entry.street)
            if sid is not None:
                return self.street(sid)
        known = self.of_record(record)
        return known if known is not None else Place(unplaced_area(), None, "",
                                                     entry.community or entry.street or "")

    def _community(self, cid: str) -> Place:
        name, street_id = self.communities[cid]
        street = self.cut.streets.get(street_id)
        if street is None:
            return Place(unplaced_area(), None, "", name)
        return Place(street.area, street.id, street.name, name)

    def street(self, sid: str) -> Place:
        """Where a street's own project is."""
        street = self.cut.streets[sid]
        return Place(street.area, street.id, street.name, "")


def _from_directory(entries: Mapping[str, Entry], records: Iterable[Mapping[str, Any]],
                    places: _Places, day: dt.date
                    ) -> tuple[list[ProjectProgress], list[ProjectProgress]]:
    """The directory's projects on the day (matched to records by name), and the other records."""
    by_name = {str(r.get("name") or ""): r for r in records}
    tiered = []
    for name, entry in entries.items():
        record = by_name.get(name)
        tiered.append(_progress(name, entry.tier, entry.year, entry.street_unit,
                                places.of_entry(entry, record), record, entry.planned(), day))
    others = []
    for name, record in by_name.items():
        if name in entries:
            continue
        place = places.of_record(record)
        if place is not None:
            others.append(_from_record(record, place, ProjectTier.OTHER, day))
    return tiered, others


def _from_records(records: Iterable[Mapping[str, Any]], places: _Places, day: dt.date
                  ) -> tuple[list[ProjectProgress], list[ProjectProgress]]:
    """Without a directory: each project in the tier and planned year it records itself."""
    tiered: list[ProjectProgress] = []
    others: list[ProjectProgress] = []
    for record in records:
        place = places.of_record(record)
        if place is None:
            continue
        tier = ProjectTier.parse(record.get("tier")) or ProjectTier.OTHER
        found = _from_record(record, place, tier, day)
        (others if tier is ProjectTier.OTHER else tiered).append(found)
    return tiered, others


def _from_record(record: Mapping[str, Any], place: Place, tier: ProjectTier, day: dt.date
                 ) -> ProjectProgress:
    year = record.get("planned_year")
    year = int(year) if isinstance(year, int | str) and str(year).isdigit() else None
    street_unit = bool(record.get("street")) and not record.get("community")
    plan = planned_dates(tier, year, street_unit=street_unit)
    return _progress(str(record.get("name") or ""), tier, year, street_unit, place, record, plan,
                     day)


def _progress(name: str, tier: ProjectTier, year: int | None, street_unit: bool, place: Place,
              record: Mapping[str, Any] | None, plan: Mapping[str, dt.date], day: dt.date
              ) -> ProjectProgress:
    reached: dict[str, dt.date] = {}
    if record is not None:
        for milestone, _label in MILESTONES:
            # a planned milestone counts as reached when a later one was (the domain's rule);
            # another only by its own date, so the chart never draws a mark nobody entered
            own = reached_on({milestone: record.get(milestone)}, milestone)
            found = reached_on(record, milestone) if milestone in plan else own
            if milestone in ("accepted_on", "operating_on") and _failed(record):
                found = None
            if found is not None and found <= day:
                reached[milestone] = found
    late = tuple(item for item in lateness(name, plan, record, day) if item.days_late > 0)
    return ProjectProgress(name, tier, year, street_unit, place, record is not None, dict(plan),
                           reached, late, failed=record is not None and _failed(record))


def _failed(record: Mapping[str, Any]) -> bool:
    return Acceptance.parse(record.get("acceptance")) is Acceptance.FAILED


def _add_missing_street_units(tiered: list[ProjectProgress], places: _Places, day: dt.date
                              ) -> list[ProjectProgress]:
    """Without a directory, the plan's three street-unit pilots: a pilot street of this ledger
    that recorded no street-unit pilot is shown with one not recorded (planned from 2024)."""
    have = {p.place.street_id for p in tiered
            if p.street_unit and p.tier is ProjectTier.NATIONAL_PILOT}
    added = list(tiered)
    for street_name in STREET_UNIT_PILOTS:
        sid = places.streets_by_ref.get(street_name)
        if sid is None or sid in have:
            continue
        pilot = ProjectTier.NATIONAL_PILOT
        plan = planned_dates(pilot, 2024, street_unit=True)
        added.append(_progress(f"{street_name}（以街道为单元的国家试点）", pilot, 2024, True,
                               places.street(sid), None, plan, day))
    return added


def _tally(projects: list[ProjectProgress], day: dt.date, area_id: str | None, name: str,
           level: Level | None, *, targets: bool) -> AreaProgress:
    """The counts of a group of projects on the day."""
    pilots = [p for p in projects if p.tier is ProjectTier.NATIONAL_PILOT and not p.street_unit]
    years = sorted({*PILOTS_PLANNED, *(p.year for p in pilots if p.year is not None)})
    per_year = []
    for year in years:
        of_year = [p for p in pilots if p.year == year]
        by = min(dt.date(year, 12, 31), day)
        per_year.append(PilotYear(
            year, len(of_year), sum(p.reached_by(OPERATING, by) for p in of_year),
            PILOTS_PLANNED.get(year) if targets else None))
    units = [p for p in projects if p.tier is ProjectTier.NATIONAL_PILOT and p.street_unit]
    city = [p for p in projects if p.tier is ProjectTier.CITY_PROJECT]
    ready = [p for p in city if p.reached_by(READY, day)]
    by_due = [p for p in city if p.reached_by(READY, min(_due(p), day))]
    late_city = [p for p in city if any(item.milestone == READY for item in p.late)]
    return AreaProgress(
        id=area_id, name=name, level=level, pilots=tuple(per_year),
        unbatched=sum(p.year is None for p in pilots),
        street_units=len(units), street_units_late=sum(p.days_late > 0 for p in units),
        city=CityProjects(len(city), len(ready), len(by_due), len(late_city),
                          CITY_PROJECTS_PLANNED if targets else None),
        late=sum(p.days_late > 0 for p in projects),
        not_recorded=sum(not p.recorded for p in projects),
    )


def _due(project: ProjectProgress) -> dt.date:
    return project.plan.get(READY, CITY_PROJECTS_DUE)
