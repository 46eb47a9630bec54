"""The programme directory in use: the city's changes (调入、调出、替换) and the list as it stands.

Only the city changes the directory (GLOSSARY.md: a project's tier is read-only below the city);
districts and streets read the part of it that lies in their area. Every change names a known
community or street, stored by its code where it has one, so that the entry is found again
whatever the name is spelt like in the ledger below.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text

from app.domain.entities import PROJECT
from app.domain.enums import Level, ProjectTier, Role
from app.domain.programme import (
    MILESTONE_LABELS,
    MILESTONES,
    ChangeKind,
    Directory,
    DirectoryError,
    Entry,
    TierChange,
    street_code,
)
from app.errors import UsageError
from app.services import records
from app.services.overview import FAILED_ACCEPTANCE, acceptance_failed, project_stage
from app.store import programme as store
from app.store.areas import CITY, Scope, configured_scope, scope_condition, street_ids_sql
from app.store.db import Ledger
from app.store.settings import get_setting

NOT_RECORDED = "未录入"
"""The stage of a listed project the street has not recorded yet."""
NOT_STARTED = "未开始"
"""The stage of a recorded project with no milestone date yet."""
CITY_ONLY = "项目名录由市级统一维护：只有市级台账可以调入、调出或替换项目（本台账为{role}台账）"


def is_city(ledger: Ledger) -> bool:
    """Whether this ledger is the city's (the one that keeps the directory)."""
    return get_setting(ledger, "role") == Role.CITY.value


def require_city(ledger: Ledger) -> None:
    """Refuse a directory change below the city (UsageError, exit 2)."""
    if not is_city(ledger):
        role = Role.parse(get_setting(ledger, "role") or "")
        raise UsageError(CITY_ONLY.format(role=role.label if role else "未设置角色的"))


@dataclass(frozen=True)
class Place:
    """Where a directory entry is: a community (its code, else name) and its street's code."""

    community: str | None
    street: str | None


def place_of(ledger: Ledger, *, community: str | None = None, street: str | None = None
             ) -> Place:
    """A known community or street by code or unique name (UsageError naming it otherwise)."""
    if bool(community) == bool(street):
        raise UsageError("请用 --community 给出所在社区，"
                         "或用 --street 给出街道（以街道为单元的项目）")
    if community:
        found = records.get(ledger, "communities", community.strip())
        owner = records.get(ledger, "streets", found["street"], include_deleted=True)
        return Place(found.get("code") or found["name"], owner.get("code") or owner["name"])
    assert street is not None
    found = records.get(ledger, "streets", street.strip())
    return Place(None, found.get("code") or found["name"])


def parse_plan(items: Iterable[str]) -> dict[str, dt.date]:
    """`started_on=2026-05-31` or `开工=2026-05-31` items as planned milestone dates."""
    from app.domain.validate import Invalid, parse_date

    by_label = {label: name for name, label in MILESTONES}
    plan: dict[str, dt.date] = {}
    for item in items:
        key, sep, value = item.replace("＝", "=").partition("=")
        name = by_label.get(key.strip(), key.strip())
        if not sep or name not in MILESTONE_LABELS:
            known = "、".join(f"{n}（{label}）" for n, label in MILESTONES)
            raise UsageError(f"计划节点“{item}”应写成 节点=日期，节点可用：{known}")
        try:
            day = parse_date(value)
        except Invalid as exc:
            raise UsageError(f"计划节点“{item}”：{exc}") from None
        plan[name] = day
    return plan


def parse_tier(raw: str) -> ProjectTier:
    """national_pilot / city_project (or 国家试点 / 市级项目); 其他 is not a directory tier."""
    tier = ProjectTier.parse(raw)
    if tier is None or tier is ProjectTier.OTHER:
        raise UsageError(f"项目类型“{raw}”不对：名录只列国家试点项目（national_pilot）和市级项目"
                         "（city_project）")
    return tier


def _record(ledger: Ledger, change: TierChange) -> Directory:
    require_city(ledger)
    try:
        return store.add_change(ledger, change)
    except DirectoryError as exc:
        raise UsageError(str(exc)) from None


def join(ledger: Ledger, project: str, tier: ProjectTier, place: Place, *, on: dt.date,
         reason: str = "", year: int | None = None,
         plan: Mapping[str, dt.date] | None = None) -> Directory:
    """列入 / 调入: the project holds the tier from `on`; the new directory."""
    return _record(ledger, TierChange(on, ChangeKind.JOIN, project.strip(), tier, place.community,
                                      place.street, year, reason.strip(), None, dict(plan or {})))


def leave(ledger: Ledger, project: str, *, on: dt.date, reason: str) -> Directory:
    """调出: the project no longer holds its tier from `on`; the new directory."""
    held = store.directory(ledger).entries_on(on).get(project.strip())
    tier = held.tier if held is not None else ProjectTier.OTHER
    return _record(ledger, TierChange(on, ChangeKind.LEAVE, project.strip(), tier,
                                      reason=reason.strip()))


def replace(ledger: Ledger, old: str, new: str, place: Place, *, on: dt.date, reason: str,
            year: int | None = None, plan: Mapping[str, dt.date] | None = None) -> Directory:
    """替换: `new` takes the place, tier, batch and plan of `old` from `on`; the new directory."""
    held = store.directory(ledger).entries_on(on).get(old.strip())
    if held is None:
        require_city(ledger)
        raise UsageError(f"{on.isoformat()} 时被替换的项目“{old.strip()}”不在名录中")
    return _record(ledger, TierChange(on, ChangeKind.REPLACE, new.strip(), held.tier,
                                      place.community, place.street, year, reason.strip(),
                                      old.strip(), dict(plan or {})))


# --- reading --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Listed:
    """A directory entry as a list shows it: where it is and how far its project has got."""

    project: str
    tier: ProjectTier
    year: int | None
    community: str
    """The community's name (its code where the ledger does not know it); "" for a street's."""
    street: str
    district: str
    since: dt.date
    stage: str
    """The recorded project's stage (未开始 when no milestone yet), or 未录入."""
    recorded: bool
    replaced: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The entry as `programme list --format json` prints it."""
        return {"project": self.project, "tier": self.tier.value, "tier_label": self.tier.label,
                "year": self.year, "community": self.community, "street": self.street,
                "district": self.district, "since": self.since.isoformat(),
                "stage": self.stage, "recorded": self.recorded, "replaced": self.replaced}


@dataclass(frozen=True)
class Listing:
    """The directory's entries of an area on a day, and where they came from."""

    day: dt.date
    version: int
    entries: list[Listed]
    from_records: bool
    """No directory here: the entries are the projects' own 项目类型 and 计划年度."""

    @property
    def note(self) -> str:
        """What a reader needs to know about where the list comes from."""
        if self.from_records:
            return "本台账尚未收到市级项目名录，以下按各项目自填的项目类型和计划年度列出"
        return f"市级项目名录第 {self.version} 版，{self.day.isoformat()} 时的名单"


@dataclass(frozen=True)
class _Area:
    """A community or street of the ledger: its name, street's name, district's name."""

    community: str
    street: str
    district: str
    street_id: str


def entries_from_records(projects: Iterable[Mapping[str, Any]], since: dt.date
                         ) -> dict[str, Entry]:
    """Directory entries built from the projects' own tier and planned year (no directory):
    where each is, by the record ids of its community or street."""
    found: dict[str, Entry] = {}
    for project in projects:
        tier = ProjectTier.parse(project.get("tier") or "")
        if tier is None or tier is ProjectTier.OTHER:
            continue
        name = str(project.get("name") or "")
        community, street = project.get("community"), project.get("street")
        found[name] = Entry(name, tier, str(community) if community else None,
                            str(street) if street and not community else None,
                            project.get("planned_year"), since, {})
    return found


def listing(ledger: Ledger, scope: Scope | None, day: dt.date) -> Listing:
    """The directory's entries of an area on `day`, by tier, batch year and name, with each
    project's recorded stage (an area below the city sees its own part only)."""
    scope = scope or CITY
    held = store.directory(ledger)
    if held:  # only the names and milestones are needed: a lean read (5,000 at city scale)
        projects = _milestones(ledger, scope)
        entries = held.entries_on(day)
    else:
        projects = records.list_records(ledger, "projects", records.Query(scope=scope))
        entries = entries_from_records(projects, day)
    communities, streets = _areas(ledger, scope)
    by_name = {str(p.get("name") or ""): p for p in projects}
    found = []
    for entry in entries.values():
        area = _where(entry, communities, streets)
        if area is None and scope.level is not Level.CITY:
            continue  # another area's part of the directory
        project = by_name.get(entry.project)
        found.append(Listed(
            entry.project, entry.tier, entry.year,
            area.community if area else (entry.community or ""),
            area.street if area else (entry.street or ""),
            area.district if area else "",
            entry.since, _stage(project), project is not None, entry.replaced))
    tiers = list(ProjectTier)
    found.sort(key=lambda e: (tiers.index(e.tier), e.year or 9999, e.district, e.street,
                              e.community, e.project))
    return Listing(day, held.version, found, not held)


def _milestones(ledger: Ledger, scope: Scope) -> list[dict[str, Any]]:
    """Each live project of the area: its name, milestone dates and acceptance."""
    columns = ["name", "acceptance", *(name for name, _label in MILESTONES)]
    condition, params = scope_condition(PROJECT, scope)
    with ledger.engine.connect() as conn:
        rows = conn.execute(text(
            f"SELECT {', '.join(PROJECT.field(c).column for c in columns)} FROM project "
            f"WHERE deleted = 0{f' AND {condition}' if condition else ''}"), params).all()
    return [dict(zip(columns, row, strict=True)) for row in rows]


def _stage(project: Mapping[str, Any] | None) -> str:
    if project is None:
        return NOT_RECORDED
    stage = project_stage(project) or NOT_STARTED
    return f"{stage}（{FAILED_ACCEPTANCE}）" if acceptance_failed(project) else stage


def _areas(ledger: Ledger, scope: Scope) -> tuple[dict[str, _Area], dict[str, _Area]]:
    """The area's communities by id, code and name, and its streets by code and name."""
    with ledger.engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT c.id, c.code, c.name, s.id, s.code, s.name, coalesce(z.name, d.name, '') "
            "FROM street s LEFT JOIN community c ON c.street_id = s.id AND c.deleted = 0 "
            "LEFT JOIN district d ON d.id = s.district_id LEFT JOIN zone z ON z.id = s.zone_id "
            f"WHERE s.deleted = 0 AND s.id IN ({street_ids_sql(scope)})"),
            {"scope": scope.id}).all()
    communities: dict[str, _Area] = {}
    streets: dict[str, _Area] = {}
    names: dict[str, list[_Area]] = {}
    for cid, code, name, sid, scode, sname, district in rows:
        streets.setdefault(sid, _Area("", sname, district, sid))
        streets.setdefault(sname, _Area("", sname, district, sid))
        if scode:
            streets.setdefault(scode, _Area("", sname, district, sid))
        if cid is None:
            continue
        area = _Area(name, sname, district, sid)
        communities[cid] = area
        if code:
            communities[code] = area
        names.setdefault(name, []).append(area)
    for name, same in names.items():
        if len(same) == 1:
            communities.setdefault(name, same[0])
    return communities, streets


def _where(entry: Entry, communities: Mapping[str, _Area], streets: Mapping[str, _Area]
           ) -> _Area | None:
    """The entry's community or street in the area (None: it lies outside it)."""
    if entry.community:
        found = communities.get(entry.community)
        if found is not None:
            return found
        # a community the ledger lacks, in its street
        street = streets.get(street_code(entry.community) or "")
        if street is not None:
            return _Area(entry.community, street.street, street.district, street.street_id)
        return None
    if entry.street:
        return streets.get(entry.street)
    return None


def history(ledger: Ledger, project: str) -> list[TierChange]:
    """Every change that named a project (itself or the one it replaced), oldest first."""
    found = store.directory(ledger).history(project.strip())
    if not found:
        raise UsageError(f"项目名录中没有“{project.strip()}”的记录")
    return found


def own_scope(ledger: Ledger) -> Scope:
    """The area a listing shows by default: the ledger's own (the city: everything)."""
    return configured_scope(ledger) or CITY
