"""The first-run set-up: who uses the ledger, their area, printouts, the official communities."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import text

from app.domain.enums import Level, Role
from app.errors import UsageError
from app.services import official, records, setup
from app.store.areas import Scope, configured_scope
from app.store.db import Ledger
from app.store.settings import get_setting
from app.task import QUIET, TaskState

LEVEL_OF = {Role.STREET: Level.STREET, Role.DISTRICT: Level.DISTRICT}
"""The level of a role's area (a district's may also be a zone)."""


@dataclass(frozen=True)
class AreaChoice:
    """An area offered for a role: its scope and how the list shows it (新城区 · 解放门街道)."""

    scope: Scope
    label: str


@dataclass(frozen=True)
class Current:
    """What the ledger is set up as now (role None: not yet)."""

    role: Role | None
    area: Scope | None
    unit: str | None
    preparer: str | None
    has_records: bool


@dataclass
class OfficeSetup:
    """What the set-up chose."""

    role: Role
    area: Scope | None
    unit: str | None = None
    preparer: str | None = None
    communities: list[official.OfficialCommunity] = field(default_factory=list)
    by_hand: list[str] = field(default_factory=list)
    """Names of the area's communities missing from the official list (a street's only)."""


def current(ledger: Ledger) -> Current:
    """The ledger's role, area and printing names, and whether it holds records of its own."""
    role = Role.parse(get_setting(ledger, "role") or "")
    unit, preparer = setup.printing(ledger)
    with ledger.engine.connect() as conn:
        has = conn.execute(text("SELECT 1 FROM community WHERE deleted = 0 LIMIT 1")).first()
    return Current(role, configured_scope(ledger), unit, preparer, has is not None)


def first_start(ledger: Ledger) -> bool:
    """Nobody said who uses this ledger and it holds nothing yet: the set-up opens by itself."""
    now = current(ledger)
    return now.role is None and not now.has_records


def areas_for(ledger: Ledger, level: Level) -> list[AreaChoice]:
    """The areas of a level in the reference list: streets (towns) under their district's name,
    districts and counties, development zones."""
    with ledger.engine.connect() as conn:
        if level is Level.STREET:
            rows = conn.execute(text(
                "SELECT s.id, s.name, s.code, d.name FROM street s "
                "LEFT JOIN district d ON d.id = s.district_id WHERE s.deleted = 0 "
                "ORDER BY s.code IS NULL, s.code, s.name_sort")).all()
            return [AreaChoice(Scope(Level.STREET, r[0], r[1], r[2]),
                               f"{r[3]} · {r[1]}" if r[3] else r[1]) for r in rows]
        if level is Level.DISTRICT:
            rows = conn.execute(text(
                "SELECT id, name, code FROM district WHERE deleted = 0 "
                "ORDER BY code IS NULL, code, name_sort")).all()
            return [AreaChoice(Scope(Level.DISTRICT, r[0], r[1], r[2]), r[1]) for r in rows]
        if level is Level.ZONE:
            rows = conn.execute(text(
                "SELECT id, name FROM zone WHERE deleted = 0 ORDER BY name_sort")).all()
            return [AreaChoice(Scope(Level.ZONE, r[0], r[1], None), r[1]) for r in rows]
    return []


def offered(ledger: Ledger, role: Role, area: Scope | None, *, villages: bool = False
            ) -> list[official.OfficialCommunity]:
    """The official communities the set-up offers for a role and area (the city: all)."""
    if role is Role.CITY:
        return [c for c in official.all_communities() if villages or not c.village]
    if area is None:
        return []
    return official.of_area(ledger, area, villages=villages)


def apply(ledger: Ledger, chosen: OfficeSetup, task: TaskState = QUIET) -> official.Filled:
    """Set role, area and printing names, and add the communities chosen and those typed in."""
    if chosen.role is not Role.CITY and chosen.area is None:
        raise UsageError(f"请选择本机的辖区（{chosen.role.label}）")
    task.progress(0, 0, "正在保存设置")
    filled = setup.configure(ledger, chosen.role, chosen.area, communities=chosen.communities)
    setup.set_printing(ledger, unit=chosen.unit, preparer=chosen.preparer)
    added = 0
    if chosen.by_hand and chosen.area is not None and chosen.area.level is Level.STREET:
        listed = {c.name for c in chosen.communities}
        existing = {r["name"] for r in records.list_records(
            ledger, "communities", records.Query(scope=chosen.area, limit=None))}
        for name in dict.fromkeys(n.strip() for n in chosen.by_hand):
            if name and name not in listed and name not in existing:
                records.create(ledger, "communities", {"name": name, "street": chosen.area.id})
                added += 1
    return official.Filled(filled.added + added, filled.matched, filled.unknown_street)
