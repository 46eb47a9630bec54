"""The programme directory: which project holds which tier since when, its plan, and how late it is.

GLOSSARY.md (调出、调入、替换): the city keeps the list of national pilots (by year), the
street-unit pilots and the city-level projects, and sends it down; a project's tier is
read-only below the city. The directory is a list of dated changes, never edited in place,
so every figure can count a project in the tier it had on the day the figure is for. Entries
name a project by its natural key (its name) and where it is (community or street code), so the
directory is sent before the street has recorded the project, and an entry without a project
counts as not started.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from app.domain.enums import Acceptance, ProjectTier


class ChangeKind(Enum):
    """What a directory change does to a project's tier."""

    JOIN = "join"
    """列入 / 调入: the project holds the tier from this day (the first list is a JOIN too)."""
    LEAVE = "leave"
    """调出: the project no longer holds the tier (it counts as 其他 from this day)."""
    REPLACE = "replace"
    """替换: the project takes the place (and the plan) of another, which leaves the same day."""

    @property
    def label(self) -> str:
        return {"join": "调入", "leave": "调出", "replace": "替换"}[self.value]


MILESTONES: tuple[tuple[str, str], ...] = (
    ("approved_on", "立项"),
    ("designed_on", "方案设计"),
    ("started_on", "开工"),
    ("completed_on", "竣工"),
    ("accepted_on", "联合验收"),
    ("operating_on", "投入运营"),
)
"""A project's milestones in order: the date field that records it, and the stage's name."""

MILESTONE_LABELS = dict(MILESTONES)
READY = "accepted_on"
"""具备运营条件: a city project is ready once it passed joint acceptance (or operates)."""
CITY_PROJECTS_DUE = dt.date(2026, 12, 31)
"""The plan: every city-level project ready to operate by the end of 2026."""
CITY_PROJECTS_PLANNED = 90
"""The plan: at least 90 city-level projects."""
PILOTS_PLANNED = {2024: 35, 2025: 32, 2026: 40}
"""The plan: national pilot communities done per year (107 in all)."""
STREET_UNIT_PILOTS = ("解放门街道", "南院门街道", "北院门街道")
"""The three street-unit pilots: plan 2024, build 2025, operate 2026."""


@dataclass(frozen=True)
class TierChange:
    """One dated change of the directory."""

    on: dt.date
    kind: ChangeKind
    project: str
    """The project's name (its natural key)."""
    tier: ProjectTier
    community: str | None = None
    """The community's code, or its name where it has none."""
    street: str | None = None
    """The street's code (or name) for a street-unit project."""
    year: int | None = None
    """The pilot batch year (a community pilot is done within it), else the planned year."""
    reason: str = ""
    replaces: str | None = None
    """For REPLACE: the project whose place it takes."""
    plan: Mapping[str, dt.date] = field(default_factory=dict)
    """Planned milestone dates set by the city, over the tier's defaults (planned_dates)."""

    def to_json(self) -> dict[str, Any]:
        """The change as the directory's JSON stores it (settings, reference bundles)."""
        found: dict[str, Any] = {
            "on": self.on.isoformat(), "kind": self.kind.value, "project": self.project,
            "tier": self.tier.value, "community": self.community, "street": self.street,
            "year": self.year, "reason": self.reason, "replaces": self.replaces,
            "plan": {k: v.isoformat() for k, v in sorted(self.plan.items())},
        }
        return {k: v for k, v in found.items() if v not in (None, "", {})}


@dataclass(frozen=True)
class Entry:
    """A project as the directory lists it on some day."""

    project: str
    tier: ProjectTier
    community: str | None
    street: str | None
    year: int | None
    since: dt.date
    plan: Mapping[str, dt.date]
    replaced: str | None = None

    @property
    def street_unit(self) -> bool:
        """以街道为单元: the project is the street's, not one community's."""
        return self.street is not None and self.community is None

    def planned(self) -> dict[str, dt.date]:
        """The milestones this project is due to reach, by when (the city's, else the tier's)."""
        return {**planned_dates(self.tier, self.year, street_unit=self.street_unit),
                **self.plan}


class DirectoryError(ValueError):
    """A directory change that cannot be made (said in Chinese, naming the project)."""


@dataclass(frozen=True)
class Directory:
    """Every change the city made, in the order made; the tiers on any day follow from it."""

    version: int = 0
    changes: tuple[TierChange, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.changes)

    def entries_on(self, day: dt.date) -> dict[str, Entry]:
        """The projects that hold a tier (national pilot or city project) on `day`, by name."""
        held: dict[str, Entry] = {}
        for change in sorted(self.changes, key=lambda c: c.on):  # stable: same day, made order
            if change.on > day:
                break
            if change.kind is ChangeKind.LEAVE:
                held.pop(change.project, None)
                continue
            if change.kind is ChangeKind.REPLACE and change.replaces:
                gone = held.pop(change.replaces, None)
                if gone is not None:  # the newcomer inherits its place's batch and plan
                    change = TierChange(
                        change.on, change.kind, change.project, change.tier,
                        change.community, change.street, change.year or gone.year,
                        change.reason, change.replaces, {**gone.plan, **change.plan})
            if change.tier is ProjectTier.OTHER:
                held.pop(change.project, None)
                continue
            held[change.project] = Entry(
                change.project, change.tier, change.community, change.street, change.year,
                change.on, dict(change.plan), change.replaces)
        return held

    def tier_on(self, project: str, day: dt.date) -> ProjectTier:
        """The tier a project held on a day (其他 when the directory did not list it then)."""
        entry = self.entries_on(day).get(project)
        return entry.tier if entry is not None else ProjectTier.OTHER

    def history(self, project: str) -> list[TierChange]:
        """The changes that named a project (as itself or as the one it replaced), in order."""
        return [c for c in sorted(self.changes, key=lambda c: c.on)
                if project in (c.project, c.replaces)]

    def with_change(self, change: TierChange) -> Directory:
        """The directory with one more change, checked against what it holds on that day."""
        check_change(self, change)
        return Directory(self.version + 1, (*self.changes, change))

    def to_json(self) -> dict[str, Any]:
        return {"version": self.version, "changes": [c.to_json() for c in self.changes]}


def check_change(directory: Directory, change: TierChange) -> None:
    """Refuse a change that does not fit the directory as it stands on its day (DirectoryError)."""
    held = directory.entries_on(change.on)
    name = change.project
    if not name.strip():
        raise DirectoryError("名录变更须写明项目名称")
    if not change.reason.strip() and any(c.on < change.on for c in directory.changes):
        raise DirectoryError(f"“{name}”的{change.kind.label}须写明原因")
    if change.kind is ChangeKind.LEAVE and name not in held:
        raise DirectoryError(f"{change.on.isoformat()} 时“{name}”不在名录中，无法调出")
    if change.kind is ChangeKind.REPLACE:
        if not change.replaces or change.replaces not in held:
            raise DirectoryError(
                f"{change.on.isoformat()} 时被替换的项目“{change.replaces or ''}”不在名录中")
        if change.replaces == name:
            raise DirectoryError(f"“{name}”不能替换自己")
    if change.kind is not ChangeKind.LEAVE and change.tier is ProjectTier.OTHER:
        raise DirectoryError(f"“{name}”：名录只列国家试点项目和市级项目")
    if change.kind is not ChangeKind.LEAVE and not (change.community or change.street):
        raise DirectoryError(f"“{name}”须写明所在社区（以街道为单元的项目写街道）")
    if (change.tier is ProjectTier.NATIONAL_PILOT and change.community
            and change.kind is ChangeKind.JOIN and change.year is None):
        raise DirectoryError(f"国家试点社区“{name}”须写明批次年度（2024、2025 或 2026）")
    for milestone in change.plan:
        if milestone not in MILESTONE_LABELS:
            raise DirectoryError(f"“{name}”的计划节点“{milestone}”不是项目的里程碑")


def planned_dates(tier: ProjectTier, year: int | None, *, street_unit: bool = False
                  ) -> dict[str, dt.date]:
    """The milestones a tier is due to reach, by when (the seed's plan; the city may set others).

    A street-unit pilot plans in its year, builds the next and operates the one after (解放门 …:
    2024, 2025, 2026); a pilot community operates within its batch year; a city project is ready
    (joint acceptance passed) by the end of 2026; another project with a planned year operates
    within it.
    """
    if tier is ProjectTier.NATIONAL_PILOT and street_unit:
        first = year or 2024
        return {"designed_on": dt.date(first, 12, 31), "completed_on": dt.date(first + 1, 12, 31),
                "operating_on": dt.date(first + 2, 12, 31)}
    if tier is ProjectTier.CITY_PROJECT:
        return {READY: CITY_PROJECTS_DUE if year is None else dt.date(year, 12, 31)}
    if year is not None:
        return {"operating_on": dt.date(year, 12, 31)}
    return {}


def reached_on(project: Mapping[str, Any], milestone: str) -> dt.date | None:
    """The day a project reached a milestone: its own date, else the earliest later one (a project
    that started was designed). A failed joint acceptance reaches neither acceptance nor
    operation."""
    failed = Acceptance.parse(project.get("acceptance")) is Acceptance.FAILED
    names = [name for name, _label in MILESTONES]
    found: list[dt.date] = []
    for name in names[names.index(milestone):]:
        if failed and name in ("accepted_on", "operating_on"):
            break
        day = _day(project.get(name))
        if day is not None:
            found.append(day)
    return min(found) if found else None


@dataclass(frozen=True)
class Lateness:
    """A planned milestone of a project, against when it was (or is still not) reached."""

    project: str
    milestone: str
    due: dt.date
    reached: dt.date | None
    days_late: int
    """Days past due: reached late, or still not reached on the day of the figure (0: on time)."""

    @property
    def label(self) -> str:
        return MILESTONE_LABELS[self.milestone]

    @property
    def early_days(self) -> int:
        """Days before due it was reached (0 when late or not reached)."""
        if self.reached is None or self.reached >= self.due:
            return 0
        return (self.due - self.reached).days


def lateness(name: str, plan: Mapping[str, dt.date], project: Mapping[str, Any] | None,
             day: dt.date) -> list[Lateness]:
    """Each planned milestone due by `day` or reached by it, with how late it is on `day`."""
    found = []
    for milestone, due in sorted(plan.items(), key=lambda item: item[1]):
        reached = reached_on(project, milestone) if project is not None else None
        if reached is not None and reached > day:
            reached = None  # not reached yet on the day the figure is for
        if reached is None and due >= day:
            continue  # not due yet
        late = (reached - due).days if reached is not None else (day - due).days
        found.append(Lateness(name, milestone, due, reached, max(0, late)))
    return found


def street_code(community_code: str) -> str | None:
    """The statistical code of a community's street (610102005004 → 610102005000); None for
    anything but a 12-digit code."""
    if len(community_code) == 12 and community_code.isdigit():
        return community_code[:9] + "000"
    return None


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def parse_directory(data: Any) -> Directory:
    """A directory from its stored or sent JSON; hostile input raises DirectoryError."""
    if data in (None, {}):
        return Directory()
    if not isinstance(data, dict) or not isinstance(data.get("changes", []), list):
        raise DirectoryError("项目名录的格式不对")
    version = data.get("version", 0)
    if not isinstance(version, int) or version < 0:
        raise DirectoryError("项目名录的版本号不对")
    return Directory(version, tuple(_parse_change(item, n)
                                    for n, item in enumerate(data.get("changes", []), start=1)))


def _parse_change(item: Any, number: int) -> TierChange:
    where = f"项目名录第 {number} 条"
    if not isinstance(item, dict):
        raise DirectoryError(f"{where}的格式不对")
    try:
        kind = ChangeKind(item.get("kind"))
        tier = ProjectTier(item.get("tier", ProjectTier.OTHER.value))
        on = dt.date.fromisoformat(str(item["on"]))
        plan_data = item.get("plan", {})
        if not isinstance(plan_data, dict):
            raise ValueError
        plan = {str(k): dt.date.fromisoformat(str(v)) for k, v in plan_data.items()}
        year = item.get("year")
        if year is not None and (not isinstance(year, int) or not 2000 <= year <= 2100):
            raise ValueError
    except (KeyError, ValueError, TypeError):
        raise DirectoryError(f"{where}的内容无法解析") from None
    texts = {k: item.get(k) for k in ("project", "community", "street", "reason", "replaces")}
    if any(v is not None and (not isinstance(v, str) or len(v) > 200) for v in texts.values()):
        raise DirectoryError(f"{where}的文字不对")
    if not texts["project"]:
        raise DirectoryError(f"{where}缺少项目名称")
    if any(m not in MILESTONE_LABELS for m in plan):
        raise DirectoryError(f"{where}的计划节点不对")
    return TierChange(on, kind, str(texts["project"]), tier, texts["community"],
                      texts["street"], year, texts["reason"] or "", texts["replaces"], plan)


def matched(entries: Mapping[str, Entry], projects: Iterable[Mapping[str, Any]]
            ) -> dict[str, Mapping[str, Any] | None]:
    """Each entry's project record (by name; None when the street has not recorded it yet)."""
    by_name = {str(p.get("name") or ""): p for p in projects}
    return {name: by_name.get(name) for name in entries}
