"""The district cut of an area: which 区县（开发区） each street counts under, legal or managing.

A street has its legal district (district_id) and, where a development zone manages it, that zone
(zone_id). The managing cut counts a zone-managed street under its zone, the legal cut under its
district (app/services/coverage.py makes the same distinction for coverage).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy import text

from app.domain.enums import Level
from app.errors import UsageError
from app.store.areas import CITY, Scope, street_ids_sql
from app.store.db import Ledger

By = Literal["legal", "managing"]
BY_LABELS: dict[str, str] = {
    "legal": "按行政区划", "managing": "按管理关系（开发区托管的街道计入开发区）"}
"""How a report names the cut it uses."""

UNPLACED = "未对应到区县"
"""The row of what the figures cannot place in any district (a directory entry of an unknown
community)."""


@dataclass(frozen=True)
class CutArea:
    """A district or zone of the cut: its id, name and level, and its place in the printed order."""

    id: str | None
    name: str
    level: Level | None
    order: tuple[int, str, str]


@dataclass(frozen=True)
class StreetPlace:
    """A street with the area it counts under in the cut."""

    id: str
    name: str
    code: str | None
    area: CutArea


@dataclass(frozen=True)
class Cut:
    """The streets of an area, each with its district (or zone) in the chosen cut."""

    by: By
    streets: dict[str, StreetPlace]
    """Every live street of the ledger by id (inside the scope or not)."""
    in_scope: frozenset[str]
    """The ids of the streets inside the scope."""

    def areas(self) -> list[CutArea]:
        """The districts (and zones) the scope's streets count under, in printed order."""
        found = {p.area.id: p.area for s, p in self.streets.items() if s in self.in_scope}
        return sorted(found.values(), key=lambda a: a.order)


def check_by(by: str) -> By:
    """The cut named by `--by`; UsageError for another word."""
    if by == "legal":
        return "legal"
    if by == "managing":
        return "managing"
    raise UsageError(f"统计口径“{by}”不对：legal（按行政区划）或 managing（按管理关系）")


def district_cut(ledger: Ledger, scope: Scope | None, by: By) -> Cut:
    """Every street with the district or zone it counts under, and which are in the scope."""
    scope = scope or CITY
    with ledger.engine.connect() as conn:
        districts = {i: (name or "", code) for i, name, code in conn.execute(text(
            "SELECT id, name, code FROM district WHERE deleted = 0"))}
        zones = {i: name or "" for i, name in conn.execute(text(
            "SELECT id, name FROM zone WHERE deleted = 0"))}
        rows = conn.execute(text(
            "SELECT id, name, code, district_id, zone_id FROM street WHERE deleted = 0")).all()
        inside = frozenset(r[0] for r in conn.execute(text(
            f"SELECT id FROM street WHERE deleted = 0 AND id IN ({street_ids_sql(scope)})"),
            {"scope": scope.id}))
    areas: dict[tuple[str, str | None], CutArea] = {}

    def area_of(district_id: str | None, zone_id: str | None) -> CutArea:
        if by == "managing" and zone_id in zones:
            key: tuple[str, str | None] = ("zone", zone_id)
            if key not in areas:
                areas[key] = CutArea(zone_id, zones[str(zone_id)], Level.ZONE,
                                     (1, "", zones[str(zone_id)]))
            return areas[key]
        if district_id in districts:
            name, code = districts[str(district_id)]
            key = ("district", district_id)
            if key not in areas:
                areas[key] = CutArea(district_id, name, Level.DISTRICT, (0, code or "~", name))
            return areas[key]
        key = ("none", None)
        if key not in areas:
            areas[key] = CutArea(None, UNPLACED, None, (2, "", UNPLACED))
        return areas[key]

    streets = {sid: StreetPlace(sid, name or "", code, area_of(district_id, zone_id))
               for sid, name, code, district_id, zone_id in rows}
    return Cut(by, streets, inside)


def unplaced_area() -> CutArea:
    """The row for what cannot be placed in any district."""
    return CutArea(None, UNPLACED, None, (2, "", UNPLACED))
